"""The 整改清单 as an attachment table at the end of the Word document.

Layout, following GB/T 9704-2012 §7.5 for attachments (附件另面编排): a page break, "附件"
at the top left in the level-1 heading font (黑体 三号), one empty line, the centred title
(小标宋 二号, e.g. "市政府党组专题民主生活会整改清单") on the third line, then the table.
The table fills the type area's width, has single 0.5 pt borders on every edge, text in
小四 (``table_size_pt``) at an exact line spacing (``table_line_spacing_pt``), the header row
in 黑体 and repeated on every page (and never split itself), body rows allowed to split
across pages (a long measure would otherwise push whole rows to the next page and leave
pages half empty), 序号/责任领导/完成时限 centred and the two text columns justified, the
整改措施 column the widest since it carries the measure's concrete steps. Empty cells stay
empty: the person fills them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from selfreview.render.docx_format import (
    add_line,
    add_text,
    add_title,
    exact_lines,
    first_line_indent,
    set_mark_font,
)
from selfreview.render.layout import LayoutSettings
from selfreview.render.ledger import LEDGER_HEADERS, ledger_rows, ledger_title
from selfreview.schema import Material

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table, _Cell

ATTACHMENT_LABEL = "附件"
"""The label above the ledger's title (one attachment, so no number)."""

COLUMN_SHARES_MM = (13.0, 34.0, 67.0, 21.0, 21.0)
"""Column widths for the default 156 mm type area; scaled to other widths. 序号 fits two
characters of 小四 inside the default cell margins, 责任领导/完成时限 four, and 整改措施,
the measure's steps, takes the rest: about 14 characters a line against 问题's 7."""

CELL_MARGIN_TWIPS = 108
"""Left and right cell margin (0.19 cm, Word's and WPS's default)."""

_CENTRED_COLUMNS = frozenset({0, 3, 4})
# Children that follow w:tblBorders in w:tblPr (ECMA-376 CT_TblPr sequence).
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
_TBLPR_AFTER_CELL_MARGINS = ("w:tblLook",)
# Children that follow w:tblHeader in w:trPr.
_TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del")


def add_ledger(document: DocumentObject, material: Material, settings: LayoutSettings) -> Table:
    """Append the attachment heading and the ledger table to ``document``; return the table."""
    label = add_line(
        document.add_paragraph(style="Normal"),
        ATTACHMENT_LABEL,
        font=settings.heading1_font,
        size=settings.body_size_pt,
        line_pt=settings.line_spacing_pt,
        widow_control=settings.widow_control,
    )
    label.paragraph_format.page_break_before = True
    label.paragraph_format.keep_with_next = True
    add_line(
        document.add_paragraph(style="Normal"),
        "",
        font=settings.body_font,
        size=settings.body_size_pt,
        line_pt=settings.line_spacing_pt,
    ).paragraph_format.keep_with_next = True
    title = add_line(
        document.add_paragraph(style="Normal"),
        "",
        font=settings.title_font,
        size=settings.title_size_pt,
        line_pt=settings.line_spacing_pt,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    title.paragraph_format.keep_with_next = True
    add_title(title, ledger_title(material), settings.title_font, settings.title_size_pt, settings)

    rows = ledger_rows(material)
    table: Table = document.add_table(rows=1 + len(rows), cols=len(LEDGER_HEADERS))
    widths = _column_widths_twips(settings)
    _format_table(table, widths)
    header = table.rows[0]
    _keep_row_on_one_page(header._tr)
    header._tr.get_or_add_trPr().insert_element_before(
        OxmlElement("w:tblHeader"), *_TRPR_AFTER_HEADER
    )
    for column, text in enumerate(LEDGER_HEADERS):
        _fill(header.cells[column], text, settings, header=True, column=column)
    for row, ledger_row in zip(table.rows[1:], rows, strict=True):
        for column, text in enumerate(ledger_row.cells()):
            _fill(row.cells[column], text, settings, header=False, column=column)
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            cell.width = Twips(widths[column])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _column_widths_twips(settings: LayoutSettings) -> list[int]:
    area_mm = settings.page_width_mm - settings.margin_left_mm - settings.margin_right_mm
    total_twips = round(area_mm * 1440 / 25.4)
    scale = total_twips / sum(COLUMN_SHARES_MM)
    widths = [round(share * scale) for share in COLUMN_SHARES_MM]
    widths[2] += total_twips - sum(widths)  # rounding goes to the widest column
    return widths


def _format_table(table: Table, widths: list[int]) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below hold in Word and WPS
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(widths)))

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")  # eighths of a point: 0.5 pt
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "auto")
        borders.append(line)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_TBLPR_AFTER_CELL_MARGINS)

    grid = table._tbl.tblGrid
    for column, grid_col in enumerate(grid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), str(widths[column]))


def _keep_row_on_one_page(tr: BaseOxmlElement) -> None:
    # A row taller than a page is still split by Word and LibreOffice.
    tr_pr = tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.insert_element_before(cant_split, "w:trHeight", "w:tblHeader", *_TRPR_AFTER_HEADER)


def _fill(cell: _Cell, text: str, settings: LayoutSettings, *, header: bool, column: int) -> None:
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    exact_lines(fmt, settings.table_line_spacing_pt, widow_control=settings.widow_control)
    first_line_indent(fmt, 0, 0)
    centred = header or column in _CENTRED_COLUMNS
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    font = settings.heading1_font if header else settings.body_font
    size = settings.table_size_pt
    set_mark_font(paragraph, font, size)
    add_text(paragraph, text, font, size, False, settings.shade_placeholders)
