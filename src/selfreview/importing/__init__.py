"""Import an existing material (.txt, .md, .docx) into the :class:`Material` schema.

``import_file(path)`` reads the file with the notes reader (any Chinese encoding, .docx
paragraphs and tables, one-line errors naming the file) and parses it; ``import_text``
parses text already in hand. Nothing is dropped: text that fits no field is returned in
``ImportResult.unplaced``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.importing.model import IMPORT_FORMAT, ImportResult, NumberingRun, Unplaced

if TYPE_CHECKING:
    from selfreview.notes.models import SourceLine

__all__ = [
    "IMPORT_FORMAT",
    "ImportResult",
    "NumberingRun",
    "Unplaced",
    "import_file",
    "import_text",
]


def import_file(path: Path) -> ImportResult:
    """Read and parse one material file.

    Raises :class:`~selfreview.errors.InputError` naming the file when it cannot be read
    or holds none of the three parts (查摆问题 / 原因分析 / 整改措施).
    """
    from selfreview.notes.reading import load

    lines, encoding, _ = load(path)
    result = _parse(lines, str(path), markdown=path.suffix.lower() == ".md")
    return result.model_copy(update={"encoding": encoding})


def import_text(text: str, source: str = "<text>", *, markdown: bool = False) -> ImportResult:
    """Parse a material given as text (line numbers count from 1)."""
    from selfreview.errors import InputError
    from selfreview.notes.reading import text_lines

    lines = text_lines(source, text)
    if not lines:
        raise InputError("文件是空的（只有空白）", path=source)
    return _parse(lines, source, markdown=markdown)


def _parse(lines: list[SourceLine], source: str, *, markdown: bool) -> ImportResult:
    from selfreview.errors import InputError
    from selfreview.importing.model import Unplaced as _Unplaced
    from selfreview.importing.parser import build
    from selfreview.importing.parts import PART_WORDS
    from selfreview.importing.text import paragraphs

    paras, skipped = paragraphs(lines, PART_WORDS, markdown=markdown)
    result = build(paras, source)
    material = result.material
    if not (material.problems or material.causes or material.measures):
        raise InputError(
            "没有找到对照检查材料的三个部分（查摆问题、原因分析、整改措施），不像一份对照检查材料",
            path=source,
        )
    result.skipped.extend(
        _Unplaced(text=t, line=n, reason="疑似页码，未放入材料") for t, n in skipped
    )
    return result
