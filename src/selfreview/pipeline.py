"""The steps the CLI runs, as plain functions: notes -> draft file -> approved document.

The CLI and (later) the notebook API call these; nothing here prints or exits.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from selfreview.draftfile import Approval, DraftFile, DraftSettings
from selfreview.drafting.base import Drafter, DraftRequest
from selfreview.errors import SelfReviewError
from selfreview.outline import Outline
from selfreview.schema import Voice

if TYPE_CHECKING:
    from selfreview.notes import NotesDocument

PROVIDERS = ("offline",)


class ProviderError(SelfReviewError):
    """An unknown or unavailable provider was asked for."""


def make_drafter(provider: str) -> Drafter:
    """The drafter registered under ``provider``."""
    if provider == "offline":
        from selfreview.drafting.offline import OfflineDrafter

        return OfflineDrafter()
    raise ProviderError(f"未知的 provider：{provider}（可用：{'、'.join(PROVIDERS)}）")


def draft_settings(
    document: NotesDocument,
    outline: Outline,
    *,
    voice: Voice = Voice.COLLECTIVE,
    org: str = "",
    title: str | None = None,
    provider: str = "auto",
) -> DraftSettings:
    """The settings a draft of ``document`` is made with (resolves ``auto``)."""
    resolved = "offline" if provider == "auto" else provider
    if resolved not in PROVIDERS:
        raise ProviderError(f"未知的 provider：{provider}（可用：{'、'.join(PROVIDERS)}）")
    return DraftSettings(
        provider=resolved,
        notes_sha256=document.sha256,
        voice=voice,
        org=org,
        title=title,
        outline=outline,
    )


def draft_document(document: NotesDocument, settings: DraftSettings) -> DraftFile:
    """Draft every candidate from the read notes and return the (unapproved) draft file."""
    drafter = make_drafter(settings.provider)
    request = DraftRequest(
        opinions=document.opinions,
        outline=settings.outline,
        voice=settings.voice,
        org=settings.org,
        title=settings.title,
    )
    result = drafter.draft(request)
    return DraftFile(
        created=datetime.now(UTC),
        settings=settings,
        notes=list(document.sources),
        opinions=document.opinions,
        material=result.material,
        assignments=result.assignments,
        unused=result.unused,
    )


def approve_all(draft: DraftFile, by: str | None = None) -> DraftFile:
    """Record an explicit bulk approval by the person running the tool."""
    who = by or _current_user()
    return draft.model_copy(update={"approval": Approval(by=who, at=datetime.now(UTC))})


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
