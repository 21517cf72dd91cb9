"""The Word output, checked by reopening the saved file (never by comparing bytes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from materials import sample_material, seed_material
from selfreview.errors import OutputError
from selfreview.placeholders import PLACEHOLDER_RE
from selfreview.render import LayoutSettings, render

THEME_ATTRS = [qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
STYLE_FONTS = {
    "Title": "方正小标宋简体",
    "Heading 1": "黑体",
    "Heading 2": "楷体_GB2312",
    "Normal": "仿宋_GB2312",
}


def save(tmp_path: Path, settings: LayoutSettings | None = None, material: Any = None) -> Any:
    path = tmp_path / "材料.docx"
    render(material or sample_material(), path, settings)
    return docx.Document(str(path))


@pytest.fixture
def doc(tmp_path: Path) -> Any:
    return save(tmp_path)


def fonts_of(element: Any) -> dict[str, str | None]:
    rfonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {a: rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "hint")}


def body_paragraphs(doc: Any) -> list[Any]:
    return [p for p in doc.paragraphs if p.text]


def test_page_is_a4_with_gb9704_margins(doc: Any) -> None:
    section = doc.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)
    # 35 mm bottom margin − 7 mm gap − one 14 pt line ≈ 23.1 mm.
    assert section.footer_distance.mm == pytest.approx(23.1, abs=0.1)


def test_every_run_names_its_font_for_east_asian_text(doc: Any) -> None:
    runs = 0
    for paragraph in doc.paragraphs:
        expected = STYLE_FONTS[paragraph.style.name]
        for run in paragraph.runs:
            runs += 1
            assert fonts_of(run._r) == {
                "ascii": expected,
                "hAnsi": expected,
                "eastAsia": expected,
                "hint": "eastAsia",
            }, run.text
    assert runs > 20


def test_sizes_and_bold(doc: Any) -> None:
    title = doc.paragraphs[0]
    assert title.style.name == "Title"
    assert all(r.font.size == Pt(22) and r.font.bold is False for r in title.runs)
    for paragraph in doc.paragraphs[1:]:
        assert all(run.font.size == Pt(16) for run in paragraph.runs)
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert all(r.font.bold is False for p in headings for r in p.runs)


def test_styles_name_fonts_and_carry_no_theme_fonts(doc: Any) -> None:
    styles = doc.styles.element
    for element in styles.iter(qn("w:rFonts")):
        assert not [a for a in THEME_ATTRS if element.get(a) is not None]
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert fonts_of(defaults)["eastAsia"] == "仿宋_GB2312"
    for name, font in STYLE_FONTS.items():
        style = doc.styles[name]
        assert fonts_of(style.element)["eastAsia"] == font
        assert fonts_of(style.element)["ascii"] == font
        assert style.paragraph_format.space_after == 0
        assert style.paragraph_format.space_before == 0
        assert style.paragraph_format.line_spacing == Pt(28.95)
    assert doc.styles["Title"].font.size == Pt(22)
    assert doc.styles["Normal"].font.size == Pt(16)
    default_spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = default_spacing.find(qn("w:spacing"))
    assert spacing.get(qn("w:after")) == "0"
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")


def test_no_styles_with_effects_part(doc: Any) -> None:
    names = [str(part.partname) for part in doc.part.package.iter_parts()]
    assert "/word/styles.xml" in names
    assert not [n for n in names if "stylesWithEffects" in n]


def test_exact_line_spacing_and_no_paragraph_spacing(doc: Any) -> None:
    assert len(doc.paragraphs) > 15
    for paragraph in doc.paragraphs:
        fmt = paragraph.paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert fmt.line_spacing == Pt(28.95)
        assert fmt.space_before == 0
        assert fmt.space_after == 0
        # Widow control off: every full page keeps the 22-line grid.
        assert fmt.widow_control is False


def test_widow_control_is_an_option(tmp_path: Path) -> None:
    doc = save(tmp_path, LayoutSettings(widow_control=True))
    assert all(p.paragraph_format.widow_control is True for p in doc.paragraphs)


def test_indent_and_alignment(doc: Any) -> None:
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    for paragraph in doc.paragraphs[1:]:
        indent = paragraph._p.pPr.find(qn("w:ind"))
        assert indent.get(qn("w:firstLineChars")) == "200"
        assert indent.get(qn("w:firstLine")) == "640"
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_blank_line_after_title_is_optional(tmp_path: Path) -> None:
    with_blank = save(tmp_path)
    assert with_blank.paragraphs[1].text == ""
    assert with_blank.paragraphs[2].text.startswith("根据通知要求")
    without = save(tmp_path, LayoutSettings(blank_line_after_title=False))
    assert without.paragraphs[1].text.startswith("根据通知要求")


def test_heading_order(doc: Any) -> None:
    outline = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert outline == [
        ("Heading 1", "一、上年度整改落实情况"),
        ("Heading 1", "二、查找的突出问题"),
        ("Heading 2", "（一）理论学习方面"),
        ("Heading 2", "（二）工作作风方面"),
        ("Heading 1", "三、产生问题的原因分析"),
        ("Heading 1", "四、努力方向和整改措施"),
        ("Heading 1", "五、个人有关事项说明"),
    ]
    assert doc.paragraphs[-1].text == "以上对照检查，请同志们批评指正。"
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        outline_level = doc.styles[name].element.pPr.find(qn("w:outlineLvl"))
        assert outline_level.get(qn("w:val")) == level


def test_item_paragraphs(doc: Any) -> None:
    texts = [p.text for p in doc.paragraphs]
    assert (
        "一是学习不够积极主动。有的同志多是按照上级要求完成“规定动作”的学习。"
        "如，有的同志仅是通过集中学习了解D史，学习次数不到x成。" in texts
    )
    assert "二是学用结合不够紧密。学习成果没有及时转化为推动工作的思路举措。" in texts
    assert "一是思想武装不够扎实。学习缺少系统性。" in texts
    assert (
        "一是加强理论武装。针对“学习不够积极主动”“学用结合不够紧密”等问题，"
        "每月开展1次集中学习，年底前完成12次。" in texts
    )
    assert "二是改进工作作风。" in texts  # no body: the lead cannot stand alone


def test_headline_bold_by_default(doc: Any) -> None:
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("一是学习不够积极主动"))
    bold = "".join(r.text for r in paragraph.runs if r.font.bold)
    assert bold == "一是学习不够积极主动。"
    cause = next(p for p in doc.paragraphs if p.text.startswith("一是思想武装"))
    assert "".join(r.text for r in cause.runs if r.font.bold) == "一是思想武装不够扎实。"


def test_headline_bold_can_be_switched_off(tmp_path: Path) -> None:
    doc = save(tmp_path, LayoutSettings(bold_headline=False))
    assert not [r.text for p in doc.paragraphs for r in p.runs if r.font.bold]


def test_placeholders_are_highlighted_in_their_own_runs(doc: Any) -> None:
    highlighted = [
        r.text
        for p in doc.paragraphs
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert highlighted == ["D史", "x成", "xx", "x成", "【待补：具体事例】"]
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            if run.font.highlight_color is None:
                assert not PLACEHOLDER_RE.search(run.text), run.text


def test_placeholder_shading_can_be_switched_off(tmp_path: Path) -> None:
    doc = save(tmp_path, LayoutSettings(shade_placeholders=False))
    assert not [r for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert any("【待补：具体事例】" in p.text for p in doc.paragraphs)


def footer_parts(footer: Any) -> tuple[Any, list[str], str]:
    paragraph = footer.paragraphs[0]
    field_types = [e.get(qn("w:fldCharType")) for e in paragraph._p.iter(qn("w:fldChar"))]
    instructions = "".join(e.text for e in paragraph._p.iter(qn("w:instrText")))
    return paragraph, field_types, instructions


def test_page_number_footers(doc: Any) -> None:
    assert doc.settings.odd_and_even_pages_header_footer is True
    section = doc.sections[0]
    for footer, alignment, odd in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, True),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, False),
    ):
        assert footer.is_linked_to_previous is False
        paragraph, fields, instruction = footer_parts(footer)
        assert fields == ["begin", "separate", "end"]
        assert instruction.strip() == "PAGE"
        assert paragraph.text.startswith("— ")
        assert paragraph.text.endswith(" —")
        assert paragraph.alignment == alignment
        fmt = paragraph.paragraph_format
        assert (fmt.right_indent if odd else fmt.left_indent) == Pt(14)
        assert paragraph._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
        for run in paragraph.runs:
            assert fonts_of(run._r)["eastAsia"] == "宋体"
            assert fonts_of(run._r)["ascii"] == "宋体"
            assert run.font.size == Pt(14)


def test_core_properties(doc: Any) -> None:
    assert doc.core_properties.title == "市政府党组专题民主生活会对照检查材料"
    assert doc.core_properties.author == ""


def test_custom_fonts_and_line_spacing_are_honoured(tmp_path: Path) -> None:
    settings = LayoutSettings(
        title_font="小标宋",
        heading1_font="SimHei",
        heading2_font="楷体",
        body_font="仿宋",
        page_number_font="SimSun",
        line_spacing_pt=28,
    )
    doc = save(tmp_path, settings)
    expected = {"Title": "小标宋", "Heading 1": "SimHei", "Heading 2": "楷体", "Normal": "仿宋"}
    for paragraph in doc.paragraphs:
        assert paragraph.paragraph_format.line_spacing == Pt(28)
        for run in paragraph.runs:
            assert fonts_of(run._r)["eastAsia"] == expected[paragraph.style.name]
    for name, font in expected.items():
        assert fonts_of(doc.styles[name].element)["eastAsia"] == font
    assert fonts_of(doc.sections[0].footer.paragraphs[0].runs[0]._r)["eastAsia"] == "SimSun"


def test_realistic_material_renders(tmp_path: Path) -> None:
    doc = save(tmp_path, material=seed_material())
    aspects = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(aspects) == 5
    assert aspects[4] == "（五）纪律规矩方面"
    assert sum(1 for p in doc.paragraphs if p.text.startswith("三是")) >= 4


def test_render_replaces_atomically(tmp_path: Path) -> None:
    path = tmp_path / "out.docx"
    path.write_bytes(b"old")
    render(sample_material(), path)
    assert docx.Document(str(path)).paragraphs[0].text.startswith("市政府党组")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_uppercase_suffix_is_accepted(tmp_path: Path) -> None:
    render(sample_material(), tmp_path / "OUT.DOCX")
    assert docx.Document(str(tmp_path / "OUT.DOCX")).core_properties.title


def test_unknown_suffix_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"材料\.pdf"):
        render(sample_material(), tmp_path / "材料.pdf")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="目录不存在"):
        render(sample_material(), tmp_path / "nope" / "out.docx")


def test_unwritable_folder_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where chmod does not stop writes; refuse the temp file instead.
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="无法在该目录写入文件（Permission denied）"):
        render(sample_material(), tmp_path / "out.docx")
    assert list(tmp_path.iterdir()) == []


def test_importing_render_does_not_import_docx() -> None:
    code = "import sys, selfreview.render; assert 'docx' not in sys.modules, 'docx imported'"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def char_scale(run: Any) -> str | None:
    scale = run._r.find(qn("w:rPr")).find(qn("w:w"))
    return None if scale is None else scale.get(qn("w:val"))


def char_spacing(run: Any) -> str | None:
    spacing = run._r.find(qn("w:rPr")).find(qn("w:spacing"))
    return None if spacing is None else spacing.get(qn("w:val"))


def test_body_runs_are_narrowed_to_28_characters_a_line(doc: Any) -> None:
    # 156 mm type area / 28 = 15.79 pt a character: 16 pt characters scaled to 98 %.
    assert LayoutSettings().char_scale_percent == 98
    title, *rest = body_paragraphs(doc)
    assert {char_scale(r) for r in title.runs} == {None}
    assert {char_scale(r) for p in rest for r in p.runs} == {"98"}
    width_pt = 156 * 72 / 25.4
    assert 28 * 16 * 0.98 <= width_pt < 29 * 16 * 0.98
    # No character spacing anywhere: with it LibreOffice drops a line-end punctuation mark
    # that hangs past the margin of a justified line.
    assert {char_spacing(r) for p in doc.paragraphs for r in p.runs} == {None}
    marks = [p._p.pPr.find(qn("w:rPr")) for p in rest]
    assert all(m.find(qn("w:spacing")) is None for m in marks if m is not None)
    assert doc.sections[0]._sectPr.find(qn("w:docGrid")).get(qn("w:type")) is None


def test_natural_spacing_when_no_grid_is_asked_for(tmp_path: Path) -> None:
    doc = save(tmp_path, LayoutSettings(chars_per_line=None))
    assert {char_scale(r) for p in doc.paragraphs for r in p.runs} == {None}
    assert LayoutSettings(chars_per_line=26).char_scale_percent > 100
