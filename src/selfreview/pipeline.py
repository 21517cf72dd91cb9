"""Drafting steps as plain functions: how to reach a model, the settings and the draft file.

:mod:`selfreview.workflow` composes them for every front end; nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.draftfile import DraftFile, DraftSettings
from selfreview.drafting.base import Drafter, DraftRequest
from selfreview.errors import ProviderError
from selfreview.modelclient.config import UserConfig, load_config
from selfreview.modelclient.providers import (
    OFFLINE,
    ResolvedProvider,
    configured_provider,
    resolve_provider,
)
from selfreview.outline import Outline
from selfreview.runoptions import RunOptions
from selfreview.schema import Voice

if TYPE_CHECKING:
    from selfreview.modellog import ModelLog
    from selfreview.notes import NotesDocument

__all__ = ["ModelOptions", "ProviderError", "draft_document", "draft_settings"]


@dataclass
class ModelOptions:
    """How to reach a model: the CLI's --provider, --model, --replay, … options."""

    provider: str = "auto"
    model: str | None = None
    base_url: str | None = None
    replay: Path | None = None
    """Answer only from recorded exchanges in this folder; a miss is an error."""
    record: Path | None = None
    """Also write every exchange to this folder."""
    cache: bool = True
    retries: int | None = None
    jobs: int | None = None
    timeout: float | None = None
    redact: bool | None = None
    """Replace personal data before a request leaves the machine; None: only for remote hosts."""
    names: Path | None = None
    """A roster file: more names of people to replace (one per line)."""
    roster: list[str] = field(default_factory=list)
    """Names to replace kept from an earlier run (the draft file's roster)."""
    config: UserConfig | None = None

    @classmethod
    def from_run(
        cls,
        run: RunOptions,
        *,
        replay: Path | None = None,
        record: Path | None = None,
        cache: bool = True,
        config: UserConfig | None = None,
    ) -> ModelOptions:
        """The options of a draft's stored run, with this run's replay/record/cache."""
        return cls(
            provider=run.provider,
            model=run.model,
            base_url=run.base_url,
            replay=replay,
            record=record,
            cache=cache,
            retries=run.retries,
            jobs=run.jobs,
            timeout=run.timeout,
            redact=run.redact,
            roster=list(run.names),
            config=config,
        )

    def roster_names(self) -> list[str]:
        """The kept roster and the names of the ``names`` file, each once."""
        from selfreview.privacy import load_roster

        extra = load_roster(self.names) if self.names is not None else []
        return list(dict.fromkeys([*self.roster, *extra]))

    def user_config(self) -> UserConfig:
        """The config file (read once)."""
        if self.config is None:
            self.config = load_config()
        return self.config

    def redacts(self, provider: ResolvedProvider) -> bool:
        """Whether personal data is replaced before requests to ``provider`` go out.

        ``--redact`` / ``--no-redact`` decide; by default only for a server not on this
        machine (a replay folder counts as the provider it was recorded from).
        """
        if self.redact is not None:
            return self.redact
        if self.replay is not None:  # as recorded: the bundled entry, not a local override
            from selfreview.modelclient.providers import load_registry

            bundled = load_registry().get(provider.name)
            if bundled is not None:
                bundled_provider = provider.model_copy(update={"base_url": bundled.base_url})
                return not bundled_provider.is_local
        return not provider.is_local


def resolve_model(options: ModelOptions) -> ResolvedProvider | None:
    """The provider a draft uses, or None for the offline drafter.

    ``auto`` means: with ``--replay DIR``, the provider and model recorded there; else the
    configured provider (``$SELFREVIEW_PROVIDER`` or the config file); else offline.
    """
    config = options.user_config()
    name = options.provider
    model = options.model
    if name == "auto" and options.replay is not None:
        from selfreview.modelclient.store import ExchangeStore

        recorded = ExchangeStore(options.replay).providers()
        if len(recorded) == 1:
            name, recorded_model = next(iter(recorded))
            model = model or recorded_model
        else:
            raise ProviderError(
                "无法从回放目录判断 provider（没有记录，或有多个）："
                "请用 --provider 和 --model 指定",
                path=options.replay,
            )
    if name == "auto":
        name = configured_provider(config) or OFFLINE
    if name == OFFLINE:
        return None
    return resolve_provider(name, config, model=model, base_url=options.base_url)


def draft_settings(
    document: NotesDocument,
    outline: Outline,
    *,
    voice: Voice = Voice.COLLECTIVE,
    org: str = "",
    title: str | None = None,
    provider: ResolvedProvider | None = None,
) -> DraftSettings:
    """The settings a draft of ``document`` is made with: equal settings, same draft."""
    return DraftSettings(
        provider=provider.name if provider else OFFLINE,
        model=provider.model if provider else None,
        notes_sha256=document.sha256,
        voice=voice,
        org=org,
        title=title,
        outline=outline,
    )


def draft_document(
    document: NotesDocument,
    settings: DraftSettings,
    drafter: Drafter,
    *,
    problems_only: bool = False,
    known: Mapping[str, tuple[str | None, str]] | None = None,
    touched: frozenset[str] = frozenset(),
    options: RunOptions | None = None,
) -> DraftFile:
    """Draft every candidate from the read notes and return the (unapproved) draft file.

    For a re-draft under a reviewed draft (see :func:`selfreview.review.resume.redraft_hints`):
    ``problems_only`` skips causes and measures, which the reviewed draft keeps; ``known``
    placements and ``touched`` aspects let a model-backed drafter sort only what changed
    and draft only the aspects the change reaches.
    """
    request = DraftRequest(
        opinions=document.opinions,
        outline=settings.outline,
        voice=settings.voice,
        org=settings.org,
        title=settings.title,
        problems_only=problems_only,
        known=known,
        touched=touched,
        notes_headings=[h.text for h in document.headings],
    )
    result = drafter.draft(request)
    return DraftFile(
        created=datetime.now(UTC),
        settings=settings,
        notes=list(document.sources),
        notes_headings=[h.text for h in document.headings],
        opinions=document.opinions,
        material=result.material,
        assignments=result.assignments,
        unused=result.unused,
        model_log=getattr(drafter, "log", None),
        options=options or RunOptions(),
    )


def failed_draft(
    document: NotesDocument,
    settings: DraftSettings,
    log: ModelLog,
    options: RunOptions | None = None,
) -> DraftFile:
    """A draft file that records a failed drafting run (no material, the failures kept)."""
    return DraftFile(
        options=options or RunOptions(),
        created=datetime.now(UTC),
        settings=settings,
        notes=list(document.sources),
        opinions=document.opinions,
        material=None,
        model_log=log,
    )
