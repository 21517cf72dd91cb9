"""What the genre rules look at, built in one place for every front end.

``draft check FILE``, the API's ``check()`` and ``Review.check()`` call
:func:`check_target`; a draft is always checked through
:func:`~selfreview.review.target.draft_target` (rejected units left out), so the CLI and
the API agree on the same file. Files are read here, not in :mod:`selfreview.checks`:
the rules know only a :class:`~selfreview.checks.CheckTarget`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from selfreview.checks.model import CheckTarget
from selfreview.draftfile import DRAFT_FORMATS, DraftFile, draft_from_data
from selfreview.errors import InputError
from selfreview.importing.model import IMPORT_FORMAT, ImportResult
from selfreview.notes.reading import read_json
from selfreview.review.target import draft_target
from selfreview.schema import Material, Voice
from selfreview.validation import describe_validation_error


def check_target(
    subject: Path | DraftFile | Material | ImportResult,
    voice: Voice | None = None,
    *,
    source: str | None = None,
) -> CheckTarget:
    """The check target of a file (.docx/.txt/.md, import JSON, draft file), a draft, a
    material or an import result; ``voice`` overrides the detected voice, ``source``
    names what is checked in the report."""
    if isinstance(subject, DraftFile):
        return draft_target(subject, source or "草稿", voice)
    if isinstance(subject, ImportResult):
        return _imported(source or subject.source, subject, voice)
    if isinstance(subject, Material):
        return CheckTarget(
            source=source or "材料", kind="material", material=subject, voice=voice or subject.voice
        )
    return load_target(Path(subject), voice)


def load_target(path: Path, voice: Voice | None = None) -> CheckTarget:
    """Read ``path`` into a :class:`~selfreview.checks.CheckTarget`; ``voice`` overrides
    the detected voice.

    ``.json``: a draft file (any ``selfreview.draft/N`` it reads), an import result
    (``selfreview.import/1``) or a bare material; anything else is imported as a material
    (.docx, .txt, .md). Errors name the file.
    """
    if path.suffix.lower() == ".json":
        return _from_json(path, voice)
    from selfreview.importing import import_file

    return _imported(str(path), import_file(path), voice)


def _imported(source: str, result: ImportResult, voice: Voice | None) -> CheckTarget:
    """The target for an import result, with its numbering, unplaced text and lines."""
    return CheckTarget(
        source=source,
        kind="imported",
        material=result.material,
        voice=voice or result.material.voice,
        numbering=result.numbering,
        unplaced=result.unplaced,
        lines=result.lines,
    )


def _from_json(path: Path, voice: Voice | None) -> CheckTarget:
    data = read_json(path)
    kind = data.get("format") if isinstance(data, dict) else None
    try:
        if kind in DRAFT_FORMATS:
            draft = draft_from_data(data, path)  # read once, above
            if draft.material is None:
                raise InputError("草稿文件里还没有材料（起草没有完成），无法检查", path=path)
            return draft_target(draft, str(path), voice)
        if kind == IMPORT_FORMAT:
            return _imported(str(path), ImportResult.model_validate(data), voice)
        material = Material.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc), path=path) from None
    return CheckTarget(
        source=str(path), kind="material", material=material, voice=voice or material.voice
    )
