"""The 讨论稿 mark: first line top left in 黑体, placeholders shaded whatever the settings say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from materials import sample_material
from selfreview.render import LayoutSettings, render
from selfreview.render.markdown import render_markdown

SHADED = ["D史", "x成", "xx", "x成", "【待补：具体事例】"]


def save(tmp_path: Path, name: str = "材料.docx", **kwargs: Any) -> Any:
    path = tmp_path / name
    render(sample_material(), path, **kwargs)
    return docx.Document(str(path))


def highlighted(doc: Any) -> list[str]:
    return [
        r.text
        for p in doc.paragraphs
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]


def structure(doc: Any) -> list[tuple[str, str, str | None]]:
    out = []
    for p in doc.paragraphs:
        ind = p._p.pPr.find(qn("w:ind"))
        out.append((p.style.name, p.text, None if ind is None else ind.get(qn("w:firstLineChars"))))
    return out


def test_mark_is_the_first_paragraph_in_heiti_above_the_title(tmp_path: Path) -> None:
    doc = save(tmp_path, draft_mark=True)
    mark, title, blank = doc.paragraphs[:3]
    assert mark.text == "讨论稿"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert mark._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    assert mark.paragraph_format.line_spacing == Pt(28.95)
    for run in mark.runs:
        fonts = run._r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == "黑体"
        assert run.font.size == Pt(16)
        assert run.font.bold is False
    assert title.style.name == "Title"
    assert title.text == "市政府党组专题民主生活会对照检查材料"
    assert blank.text == ""
    assert doc.core_properties.content_status == "讨论稿"


def test_mark_follows_the_heading_font_setting(tmp_path: Path) -> None:
    doc = save(tmp_path, draft_mark=True, settings=LayoutSettings(heading1_font="SimHei"))
    fonts = doc.paragraphs[0].runs[0]._r.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "SimHei"


def test_draft_mark_forces_shading_on(tmp_path: Path) -> None:
    settings = LayoutSettings(shade_placeholders=False)
    assert highlighted(save(tmp_path, "off.docx", settings=settings)) == []
    marked = save(tmp_path, "on.docx", settings=settings, draft_mark=True)
    assert highlighted(marked) == SHADED


def test_draft_mark_keeps_the_other_settings(tmp_path: Path) -> None:
    settings = LayoutSettings(shade_placeholders=False, bold_headline=False, line_spacing_pt=28)
    doc = save(tmp_path, settings=settings, draft_mark=True)
    assert not [r.text for p in doc.paragraphs for r in p.runs if r.font.bold]
    assert {p.paragraph_format.line_spacing for p in doc.paragraphs} == {Pt(28)}


def test_draft_mark_shades_ledger_cells_too(tmp_path: Path) -> None:
    material = sample_material()
    measures = [material.measures[0].model_copy(update={"deadline": "x月底前"})]
    path = tmp_path / "材料.docx"
    render(
        material.model_copy(update={"measures": measures}),
        path,
        LayoutSettings(shade_placeholders=False),
        ledger=True,
        draft_mark=True,
    )
    cell = docx.Document(str(path)).tables[0].rows[1].cells[4]
    assert [(r.text, r.font.highlight_color) for r in cell.paragraphs[0].runs] == [
        ("x月", WD_COLOR_INDEX.YELLOW),
        ("底前", None),
    ]


def test_only_the_mark_is_added(tmp_path: Path) -> None:
    plain = structure(save(tmp_path, "plain.docx"))
    marked = structure(save(tmp_path, "marked.docx", draft_mark=True))
    assert marked[0] == ("Normal", "讨论稿", "0")
    assert marked[1:] == plain


@pytest.mark.parametrize("kwargs", [{}, {"ledger": False, "draft_mark": False}])
def test_defaults_change_nothing(tmp_path: Path, kwargs: dict[str, bool]) -> None:
    doc = save(tmp_path, **kwargs)
    assert doc.paragraphs[0].style.name == "Title"
    assert "讨论稿" not in [p.text for p in doc.paragraphs]
    assert doc.tables == []
    assert doc.core_properties.content_status == ""
    assert highlighted(doc) == SHADED


def test_positional_settings_still_work(tmp_path: Path) -> None:
    path = tmp_path / "材料.docx"
    render(sample_material(), path, LayoutSettings(bold_headline=False))
    assert not [r for p in docx.Document(str(path)).paragraphs for r in p.runs if r.font.bold]


def test_markdown_first_line_marks_the_draft() -> None:
    text = render_markdown(sample_material(), draft_mark=True)
    lines = text.split("\n")
    assert lines[0] == "**讨论稿**"
    assert lines[1] == ""
    assert lines[2] == "# 市政府党组专题民主生活会对照检查材料"
    assert text.split("\n\n", 1)[1] == render_markdown(sample_material())


def test_markdown_without_mark_starts_with_the_title(tmp_path: Path) -> None:
    path = tmp_path / "材料.md"
    render(sample_material(), path)
    assert path.read_text(encoding="utf-8").startswith("# 市政府党组")
    render(sample_material(), path, draft_mark=True, ledger=True)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("**讨论稿**\n\n# 市政府党组")
    assert "\n## 整改清单\n" in text
