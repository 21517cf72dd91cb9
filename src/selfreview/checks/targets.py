"""Load what ``draft check`` is given: a material file, a draft file or a JSON material."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from selfreview.checks.model import CheckTarget
from selfreview.errors import InputError
from selfreview.importing.model import ImportResult
from selfreview.schema import Material, Voice
from selfreview.validation import describe_validation_error


def load_target(path: Path, voice: Voice | None = None) -> CheckTarget:
    """Read ``path`` into a :class:`CheckTarget`; ``voice`` overrides the detected voice.

    ``.json``: a draft file (``selfreview.draft/1``), an import result
    (``selfreview.import/1``) or a bare material; anything else is imported as a material
    (.docx, .txt, .md). Errors name the file.
    """
    if path.suffix.lower() == ".json":
        return _from_json(path, voice)
    from selfreview.importing import import_file

    return _imported(path, import_file(path), voice)


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
    from selfreview.draftfile import DRAFT_FORMAT, load_draft
    from selfreview.importing.model import IMPORT_FORMAT

    if not path.is_file():
        raise InputError("文件不存在", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取（{exc}）", path=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON（第 {exc.lineno} 行）", path=path) from None
    kind = data.get("format") if isinstance(data, dict) else None
    try:
        if kind == DRAFT_FORMAT:
            draft = load_draft(path)
            if draft.material is None:
                raise InputError("草稿文件里还没有材料（起草没有完成），无法检查", path=path)
            return CheckTarget(
                source=str(path),
                kind="draft",
                material=draft.material,
                voice=voice or draft.material.voice,
                opinions={o.id: o.text for o in draft.opinions},
            )
        if kind == IMPORT_FORMAT:
            return _imported(path, ImportResult.model_validate(data), voice)
        material = Material.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc), path=path) from None
    return CheckTarget(
        source=str(path), kind="material", material=material, voice=voice or material.voice
    )
