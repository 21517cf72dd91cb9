"""Write a :class:`Material` as a Word document laid out to GB/T 9704-2012.

Formatting is written twice on purpose: in the styles (Normal, Title, Heading 1, Heading 2,
so Word's navigation pane and "update style" work) and directly on every paragraph and run
(so the look survives copy-paste into another document or template). Three python-docx
pitfalls are handled explicitly: ``font.name`` never writes w:eastAsia, the default
template's theme-font attributes override explicit names, and shared punctuation
(“ ” — …) takes the Latin font unless the run carries w:hint="eastAsia".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from selfreview.atomic import write_atomic
from selfreview.render.compose import Block, BlockKind, compose
from selfreview.render.docx_format import (
    THEME_FONT_ATTRS,
    add_line,
    add_text,
    add_title,
    exact_lines,
    first_line_indent,
    format_font,
    set_char_scale,
    set_font_attrs,
    set_mark_font,
)
from selfreview.render.layout import PT_PER_MM, LayoutSettings, Signature
from selfreview.render.titlelines import title_width
from selfreview.schema import Material

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.section import Section, _Footer
    from docx.styles.style import ParagraphStyle
    from docx.text.parfmt import ParagraphFormat

DRAFT_MARK = "讨论稿"
"""The mark on the first line of a discussion draft (placeholders still open)."""
CORE_PROPERTY_LIMIT = 255
"""Most characters a Word core property (the file's 标题 property) may hold."""
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_STYLE_NAMES = {
    BlockKind.TITLE: "Title",
    BlockKind.HEADING1: "Heading 1",
    BlockKind.HEADING2: "Heading 2",
    BlockKind.BODY: "Normal",
}


def write_docx(
    material: Material,
    path: Path,
    settings: LayoutSettings | None = None,
    *,
    ledger: bool = False,
    draft_mark: bool = False,
    signature: Signature | None = None,
) -> None:
    """Render ``material`` to a .docx file at ``path`` (atomically; overwrites).

    ``ledger``, ``draft_mark`` and ``signature`` are as in :func:`docx_document`. Raises
    :class:`~selfreview.errors.OutputError` when the file cannot be written.
    """
    settings = settings or LayoutSettings()
    document = docx_document(
        material, settings, ledger=ledger, draft_mark=draft_mark, signature=signature
    )
    write_atomic(path, lambda tmp: document.save(str(tmp)))


def docx_document(
    material: Material,
    settings: LayoutSettings,
    *,
    ledger: bool = False,
    draft_mark: bool = False,
    signature: Signature | None = None,
) -> DocumentObject:
    """Build the python-docx document in memory (exposed for tests and previews).

    ``draft_mark`` puts "讨论稿" on the first line, top left in 黑体 (where GB/T 9704 puts
    密级 and 紧急程度), and forces placeholder shading on. ``ledger`` appends the 整改清单
    as an attachment on a new page (see :mod:`selfreview.render.docx_ledger`).
    ``signature`` adds the 落款 below the text (see :func:`add_signature`).
    """
    if draft_mark:
        settings = settings.model_copy(update={"shade_placeholders": True})
    document = Document()
    _drop_styles_with_effects(document)
    _configure_styles(document, settings)
    section = document.sections[0]
    _configure_page(section, settings)
    _configure_page_numbers(document, section, settings)

    if draft_mark:
        add_line(
            document.add_paragraph(style="Normal"),
            DRAFT_MARK,
            font=settings.heading1_font,
            size=settings.body_size_pt,
            line_pt=settings.line_spacing_pt,
            widow_control=settings.widow_control,
        )
    style_ids = _style_ids(document)
    for index, block in enumerate(compose(material)):
        _add_block(document, block, settings, style_ids)
        if index == 0 and settings.blank_line_after_title:
            _add_block(document, Block(BlockKind.BODY, ()), settings, style_ids)
    if signature is not None:
        add_signature(document, signature, settings)
    if ledger:
        from selfreview.render.docx_ledger import add_ledger

        add_ledger(document, material, settings)

    props = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title = _core_property(material.title.strip())
    props.subject = "对照检查材料"
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.content_status = DRAFT_MARK if draft_mark else ""
    props.keywords = ""
    props.language = "zh-CN"
    props.revision = 1
    props.created = now
    props.modified = now
    return document


def _core_property(text: str) -> str:
    # Word's core properties hold at most 255 characters (python-docx raises beyond that);
    # the full title stays in the document's first line.
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1] + "…"


# --- styles -------------------------------------------------------------------------------


def _drop_styles_with_effects(document: DocumentObject) -> None:
    # Word 2010 may read this copy of the styles (with the theme fonts) instead of styles.xml.
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def _configure_styles(document: DocumentObject, settings: LayoutSettings) -> None:
    styles_element = document.styles.element
    for fonts in styles_element.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            fonts.attrib.pop(qn(attr), None)
    for ppr in styles_element.iter(qn("w:pPr")):
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            for attr in ("before", "after", "beforeLines", "afterLines"):
                spacing.attrib.pop(qn(f"w:{attr}"), None)
            spacing.set(qn("w:before"), "0")
            spacing.set(qn("w:after"), "0")

    _configure_doc_defaults(styles_element, settings)
    for kind, name in _STYLE_NAMES.items():
        style = document.styles[name]
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        _reset_style(style)
        font, size, bold = _run_look(kind, settings)
        format_font(style.font, style.element.get_or_add_rPr(), font, size, bold)
        _format_paragraph(style.paragraph_format, settings, kind)
        if kind in (BlockKind.HEADING1, BlockKind.HEADING2):
            style.paragraph_format.keep_with_next = True
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), "0" if kind is BlockKind.HEADING1 else "1")
            style.element.get_or_add_pPr().append(level)


def _configure_doc_defaults(styles_element: BaseOxmlElement, settings: LayoutSettings) -> None:
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rpr_default = OxmlElement("w:rPrDefault")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    set_font_attrs(fonts, settings.body_font)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(round(settings.body_size_pt * 2)))
        rpr.append(size)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    rpr_default.append(rpr)
    ppr_default = OxmlElement("w:pPrDefault")
    ppr = OxmlElement("w:pPr")
    widow = OxmlElement("w:widowControl")
    widow.set(qn("w:val"), "1" if settings.widow_control else "0")
    ppr.append(widow)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(settings.line_spacing_pt * 20)))
    spacing.set(qn("w:lineRule"), "exact")
    ppr.append(spacing)
    ppr_default.append(ppr)
    defaults.append(rpr_default)
    defaults.append(ppr_default)


def _reset_style(style: ParagraphStyle) -> None:
    # Drop the template's borders, colours, theme fonts and spacing, then rebuild.
    for tag in ("w:pPr", "w:rPr"):
        for child in style.element.findall(qn(tag)):
            style.element.remove(child)


def _run_look(kind: BlockKind, settings: LayoutSettings) -> tuple[str, float, bool]:
    if kind is BlockKind.TITLE:
        return settings.title_font, settings.title_size_pt, False
    if kind is BlockKind.HEADING1:
        return settings.heading1_font, settings.body_size_pt, False
    if kind is BlockKind.HEADING2:
        return settings.heading2_font, settings.body_size_pt, False
    return settings.body_font, settings.body_size_pt, False


# --- formatting helpers -------------------------------------------------------------------


def _format_paragraph(fmt: ParagraphFormat, settings: LayoutSettings, kind: BlockKind) -> None:
    exact_lines(fmt, settings.line_spacing_pt, widow_control=settings.widow_control)
    if kind is BlockKind.TITLE:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first_line_indent(fmt, 0, 0)
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        first_line_indent(fmt, settings.indent_chars, settings.body_size_pt)


# --- body ---------------------------------------------------------------------------------


def _style_ids(document: DocumentObject) -> dict[BlockKind, str | None]:
    """Each block kind's paragraph style id, None for the default style (Normal).

    Looked up once: python-docx resolves a style given by name on every paragraph by
    scanning all styles twice, which was half the time of rendering a material.
    """
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    ids: dict[BlockKind, str | None] = {}
    for kind, name in _STYLE_NAMES.items():
        style = document.styles[name]
        ids[kind] = (
            None if default is not None and style.style_id == default.style_id else style.style_id
        )
    return ids


def _add_block(
    document: DocumentObject,
    block: Block,
    settings: LayoutSettings,
    style_ids: dict[BlockKind, str | None],
) -> None:
    paragraph = document.add_paragraph()
    paragraph._p.style = style_ids[block.kind]  # what paragraph.style = name would write
    _format_paragraph(paragraph.paragraph_format, settings, block.kind)
    font, size, _ = _run_look(block.kind, settings)
    mark_rpr = set_mark_font(paragraph, font, size)
    if block.kind is BlockKind.TITLE:
        add_title(paragraph, block.text, font, size, settings)
        return
    scale = settings.char_scale_percent
    set_char_scale(mark_rpr, scale)
    for segment in block.segments:
        bold = segment.headline and settings.bold_headline
        shade = settings.shade_placeholders
        for run in add_text(paragraph, segment.text, font, size, bold, shade):
            set_char_scale(run._r.get_or_add_rPr(), scale)


def add_signature(document: DocumentObject, signature: Signature, settings: LayoutSettings) -> None:
    """The 落款 as GB/T 9704-2012 §7.3.5.2 lays it out without a seal.

    One empty line below the text, then the unit and the date on the next two lines; the
    date right-aligned four characters in from the right margin, the unit centred over the
    date (indented from the right by four characters plus half the difference of widths).
    """
    char_pt = settings.body_size_pt * settings.char_scale_percent / 100
    date_pt = title_width(signature.date) * char_pt
    unit_pt = title_width(signature.unit) * char_pt
    area_pt = (settings.page_width_mm - settings.margin_left_mm - settings.margin_right_mm) * (
        PT_PER_MM
    )
    date_right = 4 * settings.body_size_pt
    unit_right = max(0.0, date_right + (date_pt - unit_pt) / 2)
    if unit_right + unit_pt > area_pt:  # a unit wider than the line: flush right
        unit_right = 0.0
    lines = (("", 0.0), (signature.unit, unit_right), (signature.date, date_right))
    for text, right in lines:
        paragraph = add_line(
            document.add_paragraph(style="Normal"),
            "",
            font=settings.body_font,
            size=settings.body_size_pt,
            line_pt=settings.line_spacing_pt,
            align=WD_ALIGN_PARAGRAPH.RIGHT if text else WD_ALIGN_PARAGRAPH.LEFT,
            widow_control=settings.widow_control,
        )
        # A 【待补：落款日期】 is shaded like every placeholder.
        add_text(
            paragraph,
            text,
            settings.body_font,
            settings.body_size_pt,
            False,
            settings.shade_placeholders,
        )
        paragraph.paragraph_format.right_indent = Pt(right)
        paragraph.paragraph_format.keep_with_next = text != signature.date
        for run in paragraph.runs:
            set_char_scale(run._r.get_or_add_rPr(), settings.char_scale_percent)


# --- page ---------------------------------------------------------------------------------


def _configure_page(section: Section, settings: LayoutSettings) -> None:
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(settings.page_width_mm)
    section.page_height = Mm(settings.page_height_mm)
    section.top_margin = Mm(settings.margin_top_mm)
    section.bottom_margin = Mm(settings.margin_bottom_mm)
    section.left_margin = Mm(settings.margin_left_mm)
    section.right_margin = Mm(settings.margin_right_mm)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(round(settings.footer_distance_mm, 1))


def _configure_page_numbers(
    document: DocumentObject, section: Section, settings: LayoutSettings
) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = False
    _page_number_footer(section.footer, settings, odd=True)
    _page_number_footer(section.even_page_footer, settings, odd=False)


def _page_number_footer(footer: _Footer, settings: LayoutSettings, *, odd: bool) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(settings.page_number_size_pt)
    first_line_indent(fmt, 0, 0)
    # "One character in from the edge": a 四号 character on the outer side.
    if odd:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(settings.page_number_size_pt)
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.left_indent = Pt(settings.page_number_size_pt)

    font, size = settings.page_number_font, settings.page_number_size_pt

    def run_with(*children: BaseOxmlElement, text: str | None = None) -> None:
        run = paragraph.add_run(text)
        format_font(run.font, run._r.get_or_add_rPr(), font, size, False)
        for child in children:
            run._r.append(child)

    def field_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run_with(text="— ")
    run_with(field_char("begin"))
    run_with(instruction)
    run_with(field_char("separate"))
    run_with(text="1")
    run_with(field_char("end"))
    run_with(text=" —")
