"""Low-level python-docx formatting shared by the body writer and the ledger table.

Every helper writes fonts the way Chinese text needs them: w:eastAsia as well as
w:ascii/w:hAnsi, no theme-font attributes, and w:hint="eastAsia" so that shared punctuation
(“ ” — …) takes the Chinese font. Imported only from the writers, never on the CLI's
--help path (it imports python-docx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from selfreview.placeholders import PLACEHOLDER_RE
from selfreview.render.layout import PT_PER_MM, LayoutSettings
from selfreview.render.titlelines import title_lines

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.font import Font
    from docx.text.paragraph import Paragraph
    from docx.text.parfmt import ParagraphFormat
    from docx.text.run import Run

THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
"""Attributes of w:rFonts that make Word use the theme's fonts instead of the named ones."""

# Children that follow w:w in w:rPr (ECMA-376 CT_RPr sequence).
_RPR_AFTER_SCALE = (
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def set_font_attrs(fonts: BaseOxmlElement, name: str) -> None:
    """Name ``name`` for every script on a w:rFonts element and drop theme fonts."""
    for attr in THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def format_font(font: Font, rpr: BaseOxmlElement, name: str, size: float, bold: bool) -> None:
    """Set font name (all scripts), size (also w:szCs) and bold on a run or style."""
    font.size = Pt(size)
    font.bold = bold
    set_font_attrs(rpr.get_or_add_rFonts(), name)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), str(round(size * 2)))


def first_line_indent(fmt: ParagraphFormat, chars: int, size_pt: float) -> None:
    """Indent the first line by ``chars`` characters of ``size_pt``; no left/right indent."""
    fmt.left_indent = Pt(0)
    fmt.right_indent = Pt(0)
    fmt.first_line_indent = Pt(chars * size_pt)
    # firstLineChars (hundredths of a character) wins in Word/WPS; firstLine is the fallback.
    indent = fmt._element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), str(chars * 100))


def set_mark_font(paragraph: Paragraph, font: str, size: float) -> BaseOxmlElement:
    """Give the paragraph mark its font and size (Word sizes an empty paragraph by them).

    Returns the mark's w:rPr so that callers can add more properties.
    """
    ppr = paragraph._p.get_or_add_pPr()
    mark_rpr: BaseOxmlElement | None = ppr.find(qn("w:rPr"))
    if mark_rpr is None:
        mark_rpr = OxmlElement("w:rPr")
        ppr.append(mark_rpr)
    fonts = OxmlElement("w:rFonts")
    set_font_attrs(fonts, font)
    mark_rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        mark_size = OxmlElement(tag)
        mark_size.set(qn("w:val"), str(round(size * 2)))
        mark_rpr.append(mark_size)
    return mark_rpr


def set_char_scale(rpr: BaseOxmlElement, percent: int) -> None:
    """Narrow (or widen) characters so that a body line holds the grid's count.

    Written as the run's horizontal scale (w:w), never as character spacing (w:spacing):
    see :attr:`~selfreview.render.layout.LayoutSettings.chars_per_line`.
    """
    if percent == 100:
        return
    scale = OxmlElement("w:w")
    scale.set(qn("w:val"), str(percent))
    rpr.insert_element_before(scale, *_RPR_AFTER_SCALE)


def add_text(
    paragraph: Paragraph, text: str, font: str, size: float, bold: bool, shade: bool
) -> list[Run]:
    """Append ``text`` as runs; each placeholder gets its own run, highlighted if ``shade``."""
    position = 0
    pieces: list[tuple[str, bool]] = []
    for match in PLACEHOLDER_RE.finditer(text):
        pieces.append((text[position : match.start()], False))
        pieces.append((match.group(0), True))
        position = match.end()
    pieces.append((text[position:], False))
    runs = []
    for piece, is_placeholder in pieces:
        if not piece:
            continue
        run = paragraph.add_run(piece)
        format_font(run.font, run._r.get_or_add_rPr(), font, size, bold)
        if is_placeholder and shade:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        runs.append(run)
    return runs


def exact_lines(fmt: ParagraphFormat, line_pt: float, *, widow_control: bool) -> None:
    """No space before/after, exact line spacing of ``line_pt``."""
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.widow_control = widow_control


def add_line(
    paragraph: Paragraph,
    text: str,
    *,
    font: str,
    size: float,
    line_pt: float,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    widow_control: bool = False,
) -> Paragraph:
    """Fill ``paragraph`` with one unindented line of ``text`` (a label, a title, a mark)."""
    fmt = paragraph.paragraph_format
    exact_lines(fmt, line_pt, widow_control=widow_control)
    fmt.alignment = align
    first_line_indent(fmt, 0, 0)
    set_mark_font(paragraph, font, size)
    if text:
        run = paragraph.add_run(text)
        format_font(run.font, run._r.get_or_add_rPr(), font, size, False)
    return paragraph


def add_title(
    paragraph: Paragraph, text: str, font: str, size: float, settings: LayoutSettings
) -> None:
    """Fill a centred title paragraph, broken into balanced lines (梯形/菱形) by line breaks.

    See :func:`~selfreview.render.titlelines.title_lines`; the width is the type area's.
    """
    width_pt = (
        settings.page_width_mm - settings.margin_left_mm - settings.margin_right_mm
    ) * PT_PER_MM
    for number, line in enumerate(title_lines(text, width_pt / size)):
        runs = add_text(paragraph, line, font, size, False, settings.shade_placeholders)
        if number and runs:
            runs[0]._r.insert(len(runs[0]._r.findall(qn("w:rPr"))), OxmlElement("w:br"))
