"""The reviser of a draft under review: the draft's own model chain, built on first use.

Regeneration (review key g, ``Review.regenerate``) goes to the server the draft was made
with and redacts exactly as drafting did: the same roster, the redactor primed with the
same texts, and the reviewer's instruction read for names too. Review without
regeneration needs no key and no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfreview.runoptions import AUTO, OFFLINE, RunOptions

if TYPE_CHECKING:
    from selfreview.draftfile import DraftFile
    from selfreview.modelclient.config import UserConfig
    from selfreview.modelclient.providers import ResolvedProvider
    from selfreview.review.reviser import Reviser
    from selfreview.schema import Cause, Measure
    from selfreview.units import UnitKind


class DraftReviser:
    """A :class:`~selfreview.review.reviser.Reviser` from a draft's stored run options."""

    def __init__(
        self, draft: DraftFile, *, replay: Path | None = None, config: UserConfig | None = None
    ) -> None:
        self.draft = draft
        self.replay = replay
        self.config = config
        self._inner: Reviser | None = None
        self.name = draft.options.model or OFFLINE

    def _reviser(self) -> Reviser:
        if self._inner is None:
            from selfreview.errors import ReviewError
            from selfreview.llm.reviser import LLMReviser
            from selfreview.pipeline import ModelOptions, resolve_model
            from selfreview.workflow.chain import model_chain

            options = ModelOptions.from_run(
                self.draft.options, replay=self.replay, config=self.config
            )
            provider = resolve_model(options)
            if provider is None:
                raise ReviewError(
                    "重新生成需要模型：这份草稿是离线起草的；请直接修改，"
                    "或在 draft review 时用 --provider 指定模型"
                )
            texts = [self.draft.settings.org, *(o.text for o in self.draft.opinions)]
            self._inner = LLMReviser(model_chain(provider, options, texts))
            self.name = self._inner.name
        return self._inner

    def revise(self, draft: DraftFile, unit_id: str, instruction: str) -> dict[str, str]:
        """See :class:`~selfreview.review.reviser.Reviser`."""
        return self._reviser().revise(draft, unit_id, instruction)

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause] | list[Measure]:
        """See :class:`~selfreview.review.reviser.Reviser`."""
        return self._reviser().followups(draft, kind, problem_ids)


def with_given(
    draft: DraftFile,
    given: dict[str, Any],
    *,
    replay: Path | None = None,
    config: UserConfig | None = None,
) -> DraftFile:
    """``draft`` with the run options given again applied (a new provider resolved, its
    model and server recorded); the same object when nothing changes."""
    given = {k: v for k, v in given.items() if v is not None and (k, v) != ("provider", AUTO)}
    if "names" in given and isinstance(given["names"], Path):
        from selfreview.privacy import load_roster

        path = given.pop("names")
        given["names"], given["names_file"] = load_roster(path), str(path)
    options = draft.options.with_given(**given)
    if {"provider", "model", "base_url"} & set(given):
        options = resolve_options(options, replay=replay, config=config)
    if options == draft.options:
        return draft
    return draft.model_copy(update={"options": options})


def resolve_options(
    options: RunOptions, *, replay: Path | None = None, config: UserConfig | None = None
) -> RunOptions:
    """``options`` with the provider resolved: its name, model and server recorded."""
    from selfreview.pipeline import ModelOptions, resolve_model

    return with_provider(
        options, resolve_model(ModelOptions.from_run(options, replay=replay, config=config))
    )


def with_provider(options: RunOptions, provider: ResolvedProvider | None) -> RunOptions:
    """``options`` naming ``provider`` (``None``: offline) and its model. The server stays
    as given (``--base-url``): one not given is the provider's, as the config file says."""
    if provider is None:
        return options.model_copy(update={"provider": OFFLINE, "model": None, "base_url": None})
    return options.model_copy(update={"provider": provider.name, "model": provider.model})
