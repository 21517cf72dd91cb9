"""Load what ``draft check`` is given: a material file, a draft file or a JSON material."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from selfreview.checks.model import CheckTarget
from selfreview.errors import InputError
from selfreview.importing.model import ImportResult
from selfreview.notes.reading import MAX_INPUT_BYTES, decode_text, read_file_bytes
from selfreview.schema import Material, Voice
from selfreview.validation import describe_validation_error

if TYPE_CHECKING:
    from selfreview.draftfile import DraftFile

MAX_JSON_BYTES = 5 * MAX_INPUT_BYTES
"""The largest .json file ``draft check`` reads. A draft file is about three times the size
of its notes (opinions with their origins, the material, the model log), so this admits
the draft of any notes file within the notes limit."""


def load_target(path: Path, voice: Voice | None = None) -> CheckTarget:
    """Read ``path`` into a :class:`CheckTarget`; ``voice`` overrides the detected voice.

    ``.json``: a draft file (any ``selfreview.draft/N`` it reads), an import result
    (``selfreview.import/1``) or a bare material; anything else is imported as a material
    (.docx, .txt, .md). Errors name the file.
    """
    if path.suffix.lower() == ".json":
        return _from_json(path, voice)
    from selfreview.importing import import_file

    return _imported(path, import_file(path), voice)


def draft_target(draft: DraftFile, source: str, voice: Voice | None = None) -> CheckTarget:
    """The one check target of a draft: ``draft check``, the review screens and the API's
    ``Review.check()`` all check this.

    Rejected units are left out (the material as it will be built if every pending unit is
    approved); ``dropped_links`` keeps, per measure, the rejected problems it answered, so
    that a measure whose problems were all rejected is reported as such.
    """
    from selfreview.meeting import detect_in_notes, mismatch
    from selfreview.record import Status
    from selfreview.review.gate import material_in_review, missing_aspects

    material = material_in_review(draft)
    rejected = {uid for uid, unit in draft.review.items() if unit.status is Status.REJECTED}
    full = draft.material
    dropped = {
        m.id: [p for p in m.addresses if p in rejected]
        for m in (full.measures if full is not None else [])
        if any(p in rejected for p in m.addresses)
    }
    return CheckTarget(
        source=source,
        kind="draft",
        material=material,
        voice=voice or material.voice,
        opinions={o.id: o.text for o in draft.opinions},
        dropped_links=dropped,
        missing_aspects=missing_aspects(draft),
        meeting_mismatch=mismatch(
            draft.settings.outline, detect_in_notes(draft.notes_headings, draft.opinions)
        ),
        known_headlines=_known_headlines(draft),
    )


def _known_headlines(draft: DraftFile) -> set[str]:
    """Every headline a problem of ``draft`` has had: as drafted and in every revision."""
    problems = draft.material.all_problems() if draft.material is not None else []
    known = {p.headline for p in problems}
    problem_ids = {p.id for p in problems}
    for uid, unit in draft.review.items():
        if uid in problem_ids:
            for revision in unit.revisions:
                headline = revision.fields.get("headline")
                if isinstance(headline, str):
                    known.add(headline)
    return known


def _imported(path: Path, result: ImportResult, voice: Voice | None) -> CheckTarget:
    """The target for an import result, with its numbering, unplaced text and lines."""
    return CheckTarget(
        source=str(path),
        kind="imported",
        material=result.material,
        voice=voice or result.material.voice,
        numbering=result.numbering,
        unplaced=result.unplaced,
        lines=result.lines,
    )


def _from_json(path: Path, voice: Voice | None) -> CheckTarget:
    from selfreview.draftfile import DRAFT_FORMATS, draft_from_data
    from selfreview.importing.model import IMPORT_FORMAT

    data = _read_json(path)
    kind = data.get("format") if isinstance(data, dict) else None
    try:
        if kind in DRAFT_FORMATS:
            draft = draft_from_data(data, path)  # read once, above
            if draft.material is None:
                raise InputError("草稿文件里还没有材料（起草没有完成），无法检查", path=path)
            return draft_target(draft, str(path), voice)
        if kind == IMPORT_FORMAT:
            return _imported(path, ImportResult.model_validate(data), voice)
        material = Material.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc), path=path) from None
    return CheckTarget(
        source=str(path), kind="material", material=material, voice=voice or material.voice
    )


def _read_json(path: Path) -> Any:
    """The JSON value in ``path``, read like any input file (the notes reader's checks and
    messages for a missing path, a folder, no permission, size, empty, binary content)."""
    text, encoding = decode_text(path, read_file_bytes(path, MAX_JSON_BYTES))
    if encoding not in ("utf-8", "utf-8-sig"):
        shown = "UTF-8 和 GB18030 混合" if "+" in encoding else encoding.upper()
        raise InputError(f"JSON 文件须为 UTF-8 编码（此文件是 {shown}），请另存为 UTF-8", path=path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON（第 {exc.lineno} 行）", path=path) from None
