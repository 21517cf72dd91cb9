"""Read a .docx notes file: paragraphs and tables in body order.

Line numbers are 1-based block indexes in body order: every paragraph counts (empty ones
too) and every table row counts as one block. A paragraph with soft line breaks
(Shift+Enter) gives several lines with the same number. Every block starts a paragraph.

Paragraphs in a heading style become markdown headings for the splitter: "Title"/"标题"
as "#", "Heading N"/"标题 N" as N+1 "#"s, so the title ranks above the headings.

A table row becomes one line: its non-empty cell texts (a cell spanning several columns
once; a cell spanning several rows repeated in each), joined with "；". A first cell that
is only a serial number becomes a "N." marker. A header row of short labels
(序号/意见内容/提出单位/…) becomes a table-header line, reported as a heading. When the
header names a person column (提出人, 姓名, 反映人, 发言人, 谈话人), that cell becomes the
row's speaker label ("张某某（总经理）：意见…"), as a speaker is written in text notes, so
the splitter, the redactor and the drafter treat it as a speaker and not as opinion text.

Paragraph styles are looked up in a table built once per document (python-docx scans every
style for each paragraph), so reading is linear in the number of paragraphs.

python-docx is imported here, and this module only when a .docx is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from selfreview.errors import InputError
from selfreview.notes.models import SourceLine
from selfreview.notes.reading import MAX_DOCX_UNPACKED_BYTES
from selfreview.notes.wrapping import join_wrapped

_SERIAL_RE = re.compile(r"^[（(]?([0-9０-９]{1,3})[.．、)）]?$")
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "标题"})
_HEADER_WORDS = (
    "序号", "编号", "内容", "意见", "建议", "问题", "单位", "部门", "提出", "姓名", "类别",
    "类型", "来源", "备注", "时间", "措施", "责任", "时限", "情况", "对象", "人员",
)  # fmt: skip
_HEADER_CELL_MAX_CHARS = 8
_PERSON_COLUMNS = ("提出人", "姓名", "反映人", "发言人", "谈话人", "提出者")


def docx_lines(path: Path, data: bytes) -> list[SourceLine]:
    """The lines of a .docx file (see the module docstring for numbering)."""
    document = _open(path, data)
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    file = str(path)
    lines: list[SourceLine] = []
    number = 0
    body = document._body  # python-docx has no public parent object for body blocks
    styles = _StyleNames(document)
    for element in _blocks(document.element.body, qn):
        if element.tag == qn("w:p"):
            number += 1
            paragraph = Paragraph(element, body)
            prefix = _heading_prefix(styles.name(element))
            pieces = [p.strip() for p in paragraph.text.split("\n")]
            first = True
            for piece in pieces:
                if piece:
                    text = f"{prefix}{piece}" if prefix else piece
                    lines.append(SourceLine(file, number, text, paragraph_start=first))
                    first = False
        else:
            speaker: int | None = None
            for row_index, row in enumerate(Table(element, body).rows):
                number += 1
                cells = _row_cells(row)
                if row_index <= 1 and _is_header([text for _, text in cells]):
                    header = "；".join(text for _, text in cells)
                    lines.append(SourceLine(file, number, header, True, table_header=True))
                    speaker = _person_column(cells)
                    continue
                line = _row_line(file, number, cells, speaker)
                if line is not None:
                    lines.append(line)
    return lines


class _StyleNames:
    """Paragraph style id -> style name, read once from the document's styles part."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._names: dict[str, str] = {}
        self._default = ""
        try:
            for style in document.styles.element.style_lst:
                if style.type != WD_STYLE_TYPE.PARAGRAPH or style.styleId is None:
                    continue
                name = style.name_val or ""
                self._names[style.styleId] = name
                if style.default:
                    self._default = name
        except (AttributeError, KeyError, ValueError):
            pass  # no usable styles part: no heading styles

    def name(self, paragraph: Any) -> str:
        """The name of a w:p element's paragraph style ("" when it has none we know)."""
        style_id = paragraph.style
        return self._names.get(style_id, self._default) if style_id else self._default


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Compound-file signature: an old .doc/.wps, or a .docx that Word encrypted with a password."""


def _open(path: Path, data: bytes) -> Any:
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "不是有效的 .docx 文件：像是设了打开密码的 Word 文档，或改了扩展名的旧版 .doc/.wps；"
            "请在 Word/WPS 中取消密码后另存为 .docx",
            path=path,
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(
            "不是有效的 .docx 文件（不是 zip 格式，可能已损坏或只是改了扩展名）", path=path
        )
    _check_unpacked_size(path, data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except KeyError:
        reason = "缺少 word/document.xml"
    except PackageNotFoundError:
        reason = "不是 Word 文档包"
    except ValueError:
        reason = "不是 Word 文档"
    except Exception:  # a corrupt package can fail in many ways inside python-docx
        reason = _damage(data)
    raise InputError(f"不是有效的 .docx 文件（{reason}）", path=path)


def _damage(data: bytes) -> str:
    """What is wrong with a zip python-docx could not open, in words a clerk can act on
    (never the name of the Python exception)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    if "word/document.xml" not in names:
        return "缺少 word/document.xml，可能不是 Word 文档或已损坏"
    return "内容损坏，无法解析；请在 Word/WPS 中打开后另存为 .docx 再试"


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse a package that would unpack to more than the limit (a zip bomb).

    The sizes are those the zip records; :mod:`zipfile` never reads past them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError("不是有效的 .docx 文件（zip 目录已损坏）", path=path) from None
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise InputError(
            f"解压后太大（{unpacked / 1024 / 1024:.0f} MB），.docx 解压后的上限为 "
            f"{MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB",
            path=path,
        )


def _blocks(parent: Any, qn: Any) -> Iterator[Any]:
    """w:p and w:tbl children in order, descending into content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _blocks(content, qn)


def _heading_prefix(style_name: str) -> str:
    name = style_name.strip()
    if name.lower() in _TITLE_STYLES:
        return "# "
    found = _HEADING_STYLE_RE.match(name)
    return "#" * min(int(found.group(1)) + 1, 6) + " " if found else ""


def _cell_text(cell: Any) -> str:
    """A cell's text: its paragraphs (and nested tables' cells) joined as wrapped text."""
    from docx.table import Table

    pieces: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                pieces.extend(t for t in (_cell_text(c) for c in _unique_cells(row)) if t)
        else:
            pieces.extend(p.strip() for p in block.text.split("\n") if p.strip())
    return join_wrapped(pieces) if pieces else ""


def _unique_cells(row: Any) -> list[Any]:
    """The row's cells, a cell spanning several grid columns only once."""
    return [cell for _, cell in _cells_by_column(row)]


def _cells_by_column(row: Any) -> list[tuple[int, Any]]:
    """(grid column, cell) for each of the row's cells, a spanning cell once (at its first)."""
    seen: set[int] = set()
    cells: list[tuple[int, Any]] = []
    for column, cell in enumerate(row.cells, start=getattr(row, "grid_cols_before", 0)):
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append((column, cell))
    return cells


def _row_cells(row: Any) -> list[tuple[int, str]]:
    """(grid column, text) of the row's non-empty cells, a text repeated next door once."""
    cells: list[tuple[int, str]] = []
    for column, cell in _cells_by_column(row):
        text = _cell_text(cell)
        if text and (not cells or cells[-1][1] != text):
            cells.append((column, text))
    return cells


def _person_column(header: list[tuple[int, str]]) -> int | None:
    """The grid column a header row names as the person who gave the opinion, if any."""
    for column, text in header:
        if any(word in text for word in _PERSON_COLUMNS):
            return column
    return None


def _row_line(
    file: str, number: int, cells: list[tuple[int, str]], speaker_column: int | None
) -> SourceLine | None:
    if not cells:
        return None
    serial = _SERIAL_RE.match(cells[0][1])
    if serial is not None:
        cells = cells[1:]
    speaker = next((text for column, text in cells if column == speaker_column), "")
    rest = "；".join(text for column, text in cells if column != speaker_column or not speaker)
    text = f"{speaker.rstrip('：:')}：{rest}" if speaker and rest else rest or speaker
    if serial is not None:
        text = f"{int(serial.group(1))}. {text}".rstrip()
    return SourceLine(file, number, text, paragraph_start=True)


def _is_header(texts: list[str]) -> bool:
    """A header row: at least two short labels, one of them a usual column name."""
    return (
        len(texts) >= 2
        and all(len(t) <= _HEADER_CELL_MAX_CHARS and not any(c.isdigit() for c in t) for t in texts)
        and any(word in t for t in texts for word in _HEADER_WORDS)
    )
