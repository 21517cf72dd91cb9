"""Build the document of a draft with its stored layout; layout given again is recorded."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from selfreview.draftfile import DraftFile, update_draft
from selfreview.errors import InputError
from selfreview.validation import describe_validation_error
from selfreview.workflow.revising import with_given

if TYPE_CHECKING:
    from selfreview.review.build import BuildReport


def build(
    draft: DraftFile,
    output: Path,
    *,
    path: Path | None = None,
    layout: dict[str, Any] | None = None,
    signing: dict[str, Any] | None = None,
    force: bool = False,
    allow_placeholders: bool = False,
    allow_missing_aspects: bool = False,
    ledger: bool = False,
) -> tuple[DraftFile, BuildReport]:
    """Render ``draft``'s approved units to ``output`` in the layout stored in the draft,
    with ``layout`` (the settings given this time) and ``signing`` (the 落款 settings, see
    :func:`~selfreview.workflow.signing.signing_given`) applied and recorded in the draft
    file at ``path``. Returns the draft (as recorded) and the build report."""
    from selfreview.review.build import BuildOptions, build_document
    from selfreview.workflow.signing import signature_for

    updated = record_given(draft, path=path, layout=layout, signing=signing)
    choice = signature_for(updated)
    report = build_document(
        updated,
        BuildOptions(
            output=output,
            force=force,
            allow_placeholders=allow_placeholders,
            allow_missing_aspects=allow_missing_aspects,
            ledger=ledger,
            layout=dict(updated.options.layout),
            draft_path=path,
            signature=choice.signature,
            signature_note=choice.note,
        ),
    )
    return updated, report


def record_given(
    draft: DraftFile,
    *,
    path: Path | None = None,
    layout: dict[str, Any] | None = None,
    signing: dict[str, Any] | None = None,
) -> DraftFile:
    """``draft`` with ``layout`` and ``signing`` applied, recorded in the draft file at
    ``path`` when they change something (the same object when they do not). Invalid
    settings are an :class:`~selfreview.errors.InputError`; nothing is written then."""
    given = {"layout": layout or None, **(signing or {})}
    try:
        updated = with_given(draft, given)
    except ValidationError as exc:
        message = f"版式设置无效：{describe_validation_error(exc)}"
        raise InputError(message, path=path) from None
    if updated is not draft and path is not None:
        # Only these options are recorded: decisions saved meanwhile elsewhere stay as they are.
        update_draft(path, lambda disk: with_given(disk, given) if disk else updated)
    return updated


def default_output(draft_file: Path) -> Path:
    """``材料.draft.json`` -> ``材料.docx`` beside it."""
    name = draft_file.name
    stem = name[: -len(".draft.json")] if name.endswith(".draft.json") else draft_file.stem
    return draft_file.with_name(f"{stem}.docx")
