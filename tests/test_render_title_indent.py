"""Balanced title lines (梯形/菱形) and the configurable two-character indent, in saved DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pydantic import ValidationError

from materials import sample_material
from selfreview.render import LayoutSettings, render
from selfreview.render.titlelines import title_lines, title_width

LONG = "某市生态环境局党组2025年度专题民主生活会对照检查材料"


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("市政府党组专题民主生活会对照检查材料", ["市政府党组专题民主生活会对照检查材料"]),
        (LONG, ["某市生态环境局党组2025年度", "专题民主生活会对照检查材料"]),
        (
            "中共某某县交通运输局党组领导班子2025年度民主生活会对照检查材料",
            ["中共某某县交通运输局党组领导班子", "2025年度民主生活会对照检查材料"],
        ),
        # Equally balanced breaks: the shorter line first (正梯形).
        (
            "张三同志2025年度民主生活会个人对照检查材料",
            ["张三同志2025年度", "民主生活会个人对照检查材料"],
        ),
        (
            "某市生态环境局党组2025年度专题民主生活会整改清单",
            ["某市生态环境局党组2025年度", "专题民主生活会整改清单"],
        ),
    ],
)
def test_title_breaks_at_a_word_boundary_into_balanced_lines(title: str, lines: list[str]) -> None:
    assert title_lines(title, 20) == lines


def test_no_line_ends_inside_a_genre_term_or_a_number() -> None:
    terms = [
        (LONG.index(t), LONG.index(t) + len(t)) for t in ("对照检查材料", "民主生活会", "2025年度")
    ]
    for width in range(8, 20):
        lines = title_lines(LONG, width)
        assert "".join(lines) == LONG
        assert all(title_width(line) <= width for line in lines)
        cuts = [sum(len(line) for line in lines[: i + 1]) for i in range(len(lines) - 1)]
        assert not [(c, t) for c in cuts for t in terms if t[0] < c < t[1]], (width, lines)
    assert title_lines(LONG, 2) == [LONG]  # no fit in a few lines: left to the word processor


def test_title_lines_are_balanced_within_a_few_characters() -> None:
    title = (
        "中国共产党某某省某某市某某区人民政府办公室机关第一党支部2025年度专题组织生活会对照检查材料"
    )
    lines = title_lines(title, 20)
    widths = [title_width(line) for line in lines]
    assert len(lines) == 3 and max(widths) <= 20
    assert max(widths) - min(widths) <= 6


def save(tmp_path: Path, settings: LayoutSettings | None = None, **kwargs: Any) -> Any:
    material = sample_material().model_copy(update={"title": LONG})
    path = tmp_path / "材料.docx"
    render(material, path, settings, **kwargs)
    return docx.Document(str(path))


def breaks(paragraph: Any) -> int:
    return len(paragraph._p.findall(".//" + qn("w:br")))


def test_docx_title_and_ledger_title_carry_balanced_line_breaks(tmp_path: Path) -> None:
    doc = save(tmp_path, ledger=True)
    title = doc.paragraphs[0]
    assert title.text == "某市生态环境局党组2025年度\n专题民主生活会对照检查材料"
    assert breaks(title) == 1
    ledger_title = doc.paragraphs[-1]
    assert ledger_title.text == "某市生态环境局党组2025年度\n专题民主生活会整改清单"
    assert breaks(ledger_title) == 1
    assert doc.core_properties.title == LONG  # the property holds the title in one line


def first_line_chars(paragraph: Any) -> str:
    return paragraph._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars"))


def test_headings_and_body_indented_two_characters_not_title_mark_or_attachment(
    tmp_path: Path,
) -> None:
    doc = save(tmp_path, ledger=True, draft_mark=True)
    by_text = {p.text: p for p in doc.paragraphs}
    for text in ("二、查找的突出问题", "（一）理论学习方面", "以上对照检查，请同志们批评指正。"):
        assert first_line_chars(by_text[text]) == "200", text
    assert by_text["二、查找的突出问题"].paragraph_format.first_line_indent.pt == 32
    for text in ("讨论稿", "附件", doc.paragraphs[1].text):
        assert first_line_chars(by_text[text]) == "0", text


def test_indent_is_a_layout_setting(tmp_path: Path) -> None:
    doc = save(tmp_path, LayoutSettings(indent_chars=0))
    heading = next(p for p in doc.paragraphs if p.text == "二、查找的突出问题")
    assert first_line_chars(heading) == "0"
    body = next(p for p in doc.paragraphs if p.text.startswith("一是"))
    assert first_line_chars(body) == "0"
    with pytest.raises(ValidationError):
        LayoutSettings(indent_chars=-1)


def test_indent_chars_option_is_used_and_recorded(tmp_path: Path) -> None:
    from tests.review_helpers import offline_draft

    from selfreview.cli.app import run_cli

    _, path, _ = offline_draft(tmp_path)
    assert run_cli(["review", str(path), "--approve-all"]) == 0
    out = tmp_path / "顶格.docx"
    args = ["build", str(path), "-o", str(out), "--allow-placeholders", "--indent-chars", "0"]
    assert run_cli(args) == 0
    heading = next(p for p in docx.Document(str(out)).paragraphs if p.text.startswith("一、"))
    assert first_line_chars(heading) == "0"
    again = tmp_path / "沿用.docx"
    assert run_cli(["build", str(path), "-o", str(again), "--allow-placeholders"]) == 0
    heading = next(p for p in docx.Document(str(again)).paragraphs if p.text.startswith("一、"))
    assert first_line_chars(heading) == "0"  # recorded in the draft file for later builds


def test_signature_sits_below_the_text_date_four_characters_from_the_right(
    tmp_path: Path,
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from selfreview.render import Signature

    signature = Signature(unit="中共某市生态环境局党组", date="2026年1月6日")
    doc = save(tmp_path, signature=signature, ledger=True)
    texts = [p.text for p in doc.paragraphs]
    closing = texts.index("以上对照检查，请同志们批评指正。")
    assert texts[closing + 1 : closing + 5] == ["", signature.unit, signature.date, "附件"]
    unit, date = doc.paragraphs[closing + 2], doc.paragraphs[closing + 3]
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == 64  # 右空四字
    # The unit is centred over the date: their centres line up.
    date_width = 6 * 16 * 0.98  # 2026年1月6日: each digit counts as half a character
    unit_width = 11 * 16 * 0.98
    unit_centre = unit.paragraph_format.right_indent.pt + unit_width / 2
    assert abs(unit_centre - (64 + date_width / 2)) < 0.5
    assert first_line_chars(unit) == first_line_chars(date) == "0"
    path = tmp_path / "材料.md"
    render(sample_material(), path, signature=signature)
    assert path.read_text(encoding="utf-8").endswith(
        "批评指正。\n\n中共某市生态环境局党组\n\n2026年1月6日\n"
    )
