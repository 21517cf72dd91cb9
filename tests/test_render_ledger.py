"""The rectification ledger (整改清单): rows, extraction of 责任领导/完成时限, DOCX and Markdown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt
from pydantic import ValidationError

from materials import sample_material, seed_material
from selfreview.render import LayoutSettings, render
from selfreview.render.ledger import (
    LEDGER_HEADERS,
    LedgerRow,
    extract_deadline,
    extract_leader,
    ledger_rows,
    ledger_title,
)
from selfreview.render.markdown import render_markdown
from selfreview.schema import Material, Measure

HEADERS = ["序号", "问题", "整改措施", "责任领导", "完成时限"]


def ledger_material() -> Material:
    """sample_material with measures that exercise every way a cell gets filled."""
    measures = [
        Measure(
            id="M1",
            headline="加强理论武装",
            body="每月开展1次集中学习，年底前完成12次。由张三同志牵头抓好落实。",
            addresses=["P2", "P1"],
        ),
        Measure(
            id="M2",
            headline="二是改进工作作风。",
            body="建立调研台账|按季度通报",
            addresses=["P3", "P4"],
            leader="李四同志",
            deadline="2025年6月底前",
        ),
        Measure(id="M3", headline="严格执行纪律规矩", body="", addresses=[]),
    ]
    return sample_material().model_copy(update={"measures": measures})


# --- rows ---------------------------------------------------------------------------------


def test_one_row_per_problem_measure_pair_in_order() -> None:
    rows = ledger_rows(ledger_material())
    assert [row.number for row in rows] == [1, 2, 3, 4, 5]
    measure = "加强理论武装。每月开展1次集中学习，年底前完成12次。由张三同志牵头抓好落实。"
    # M1 lists P2 before P1: rows follow the document's order of the problems.
    assert rows[:2] == [
        LedgerRow(
            number=1,
            problem="学习不够积极主动",
            measure=measure,
            leader="张三同志",
            deadline="年底前",
        ),
        LedgerRow(
            number=2,
            problem="学用结合不够紧密",
            measure=measure,
            leader="张三同志",
            deadline="年底前",
        ),
    ]


def test_measure_fields_win_over_the_text() -> None:
    rows = ledger_rows(ledger_material())[2:4]
    assert [(row.leader, row.deadline) for row in rows] == [("李四同志", "2025年6月底前")] * 2
    # The 二是 prefix and the doubled 。 are not repeated in the cell.
    assert [row.measure for row in rows] == ["改进工作作风。建立调研台账|按季度通报。"] * 2
    assert [row.problem for row in rows] == ["调查研究不够深入", "服务群众不够主动"]


def test_a_measure_addressing_nothing_has_one_row_with_empty_cells() -> None:
    row = ledger_rows(ledger_material())[4]
    assert row.cells() == ("5", "", "严格执行纪律规矩。", "", "")


def test_measure_cell_carries_the_whole_body() -> None:
    material = seed_material()
    rows = ledger_rows(material)
    body = material.measures[0].body.strip()
    assert rows[0].measure.startswith(
        "加强理论武装，坚定政治立场。坚持“规定动作”和“自选动作”相结合，系统全面地研读百年D史。"
    )
    assert rows[0].measure.endswith(body[-10:])
    assert "四个意识" in rows[0].measure


def test_problem_headline_keeps_inner_punctuation_and_drops_ordinal() -> None:
    material = sample_material()
    group = material.problems[0]
    item = group.items[0].model_copy(update={"headline": "一是“一岗双责”落实不到位；"})
    groups = [group.model_copy(update={"items": [item, *group.items[1:]]}), *material.problems[1:]]
    material = material.model_copy(update={"problems": groups})
    assert ledger_rows(material)[0].problem == "“一岗双责”落实不到位"


def test_ledger_row_is_frozen_and_strict() -> None:
    row = ledger_rows(ledger_material())[0]
    with pytest.raises(ValidationError):
        row.number = 5
    with pytest.raises(ValidationError):
        LedgerRow(number=1, problem="", measure="", leader="", deadline="", extra="x")  # type: ignore[call-arg]


def test_no_measures_no_rows() -> None:
    assert ledger_rows(sample_material().model_copy(update={"measures": []})) == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("市政府党组专题民主生活会对照检查材料", "市政府党组专题民主生活会整改清单"),
        ("张三同志2024年度民主生活会个人对照检查材料。", "张三同志2024年度民主生活会个人整改清单"),
        ("某支部检视剖析材料", "某支部整改清单"),
        ("对照检查材料", "整改清单"),
        ("关于落实整改的情况报告", "整改清单"),
    ],
)
def test_ledger_title(title: str, expected: str) -> None:
    assert ledger_title(sample_material().model_copy(update={"title": title})) == expected


# --- extraction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年6月底前完成整改", "2025年6月底前"),
        ("6月底前完成", "6月底前"),
        ("十二月底前建立台账", "十二月底前"),
        ("6月30日前报送", "6月30日前"),
        ("3月中旬之前", "3月中旬之前"),
        ("年底前完成12次", "年底前"),
        ("2025年底前全部完成", "2025年底前"),
        ("今年年底前见到成效", "今年年底前"),
        ("三季度末前完成", "三季度末前"),
        ("限期整改，3个月内整改到位", "3个月内"),
        ("一年内完成", "一年内"),
        ("年内完成", "年内"),
        ("立行立改", "立行立改"),
        ("对能立即解决的立行立改，对需要长期坚持的建立制度", "立行立改，长期坚持"),
        # A date wins over a frequency.
        ("每月开展1次集中学习，年底前完成12次", "年底前"),
        ("6月底前制定方案，年底前全面完成", "6月底前，年底前"),
        # A condition in an earlier sentence does not reach this one.
        ("缺席的要补学。3个月内完成整改", "3个月内"),
        ("全年的学习任务于年底前完成", "年底前"),
        ("每月开展学习，缺席的一周内补学，长期坚持", "长期坚持"),
    ],
)
def test_deadline_is_extracted(text: str, expected: str) -> None:
    assert extract_deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "6月份召开专题会议",  # a month without 前 is an event, not a limit
        "截至2024年底已完成11项",  # a past date
        "近3个月内的工单",  # a past span
        "近一年内",
        # Frequencies are not deadlines.
        "每季度召开一次专题会议",
        "每月开展1次集中学习",
        "每半年开展一次督查",
        "每年年底前报告一次",
        "每月10日前报送",
        # A limit that holds only under a condition is not the measure's deadline.
        "缺席的，一周内补学",
        "缺席的一周内补学",
        "如有缺席，一周内补学",
        "发现问题后，3天内整改",
        "一旦发现，立即处理，5个工作日内反馈",
        "三个月前发生的问题",
        "持续推进作风建设",
        "加强理论武装",
        "",
    ],
)
def test_deadline_near_misses_stay_empty(text: str) -> None:
    assert extract_deadline(text) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由张三同志牵头", "张三同志"),
        ("责任领导：李四", "李四"),
        ("责任领导:王五同志，责任单位：办公室", "王五同志"),
        ("主要负责同志牵头，各部门配合", "主要负责同志"),
        ("由主要负责同志牵头，各部门配合", "主要负责同志"),
        ("党组书记负总责", "党组书记"),
        ("由分管副市长负责", "分管副市长"),
        ("建立台账，王小明同志负责督促", "王小明同志"),
        ("加强理论武装。张三同志牵头抓好", "张三同志"),
        ("由党组书记亲自督办", "党组书记"),
        ("由张三同志牵头，李四同志负责", "张三同志、李四同志"),
    ],
)
def test_leader_is_extracted(text: str, expected: str) -> None:
    assert extract_leader(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "由办公室牵头",  # a unit, not a leader
        "张三负责",  # a bare name cannot be told from a unit name
        "坚持主要领导负责制",  # 负责制 is a system
        "全面落实领导负责",
        "对分管领域负责",
        "由于分管领导负责不力",
        "每名同志负责一项",
        "有的同志负责意识不强",
        "各支部书记负责",
        "主要负责同志要带头",
        "",
    ],
)
def test_leader_near_misses_stay_empty(text: str) -> None:
    assert extract_leader(text) == ""


# --- Word ---------------------------------------------------------------------------------


def save(tmp_path: Path, material: Material | None = None, **kwargs: Any) -> Any:
    path = tmp_path / "材料.docx"
    render(material or ledger_material(), path, **kwargs)
    return docx.Document(str(path))


def body_elements(doc: Any) -> list[Any]:
    return [child for child in doc.element.body if child.tag != qn("w:sectPr")]


def cell_texts(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def fonts_of(run: Any) -> str:
    return run._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.fixture
def ledger_doc(tmp_path: Path) -> Any:
    return save(tmp_path, ledger=True)


def test_ledger_is_the_last_thing_after_the_closing(ledger_doc: Any) -> None:
    elements = body_elements(ledger_doc)
    assert elements[-1].tag == qn("w:tbl")
    assert len(ledger_doc.tables) == 1
    texts = [p.text for p in ledger_doc.paragraphs]
    closing = texts.index("以上对照检查，请同志们批评指正。")
    assert texts[closing + 1 :] == ["附件", "", "市政府党组专题民主生活会整改清单"]


def test_attachment_starts_on_a_new_page(ledger_doc: Any) -> None:
    label = next(p for p in ledger_doc.paragraphs if p.text == "附件")
    assert label.paragraph_format.page_break_before is True
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert label._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    assert [(fonts_of(r), r.font.size) for r in label.runs] == [("黑体", Pt(16))]
    title = ledger_doc.paragraphs[-1]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [(fonts_of(r), r.font.size) for r in title.runs] == [("方正小标宋简体", Pt(22))]
    # Only the attachment breaks the page.
    breaks = [p.text for p in ledger_doc.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["附件"]


def test_table_headers_and_rows_match_ledger_rows(ledger_doc: Any) -> None:
    table = ledger_doc.tables[0]
    texts = cell_texts(table)
    assert texts[0] == HEADERS == list(LEDGER_HEADERS)
    assert len(table.columns) == 5
    expected = [list(row.cells()) for row in ledger_rows(ledger_material())]
    assert texts[1:] == expected
    assert [row[0] for row in texts[1:]] == ["1", "2", "3", "4", "5"]


def test_empty_cells_stay_empty(ledger_doc: Any) -> None:
    last = ledger_doc.tables[0].rows[5]
    for index in (1, 3, 4):
        cell = last.cells[index]
        assert cell.text == ""
        assert [p.runs for p in cell.paragraphs] == [[]]


def test_header_row_repeats_and_body_rows_may_split(ledger_doc: Any) -> None:
    rows = ledger_doc.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    # A long measure may run on to the next page instead of pushing its row there whole.
    for row in rows[1:]:
        tr_pr = row._tr.trPr
        if tr_pr is not None:
            assert tr_pr.find(qn("w:tblHeader")) is None
            assert tr_pr.find(qn("w:cantSplit")) is None


def test_table_has_borders_fixed_layout_and_fills_the_type_area(ledger_doc: Any) -> None:
    tbl_pr = ledger_doc.tables[0]._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    edges = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert edges == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
    )
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    grid = [int(c.get(qn("w:w"))) for c in ledger_doc.tables[0]._tbl.tblGrid]
    assert sum(grid) == round(156 * 1440 / 25.4)  # 156 mm type area
    assert int(tbl_pr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
    # 序号 narrowest, 整改措施 widest (over 40 % of the width), the two short columns alike.
    assert grid[0] == min(grid) and grid[2] == max(grid) and grid[3] == grid[4]
    assert grid[2] > 0.4 * sum(grid) and grid[2] > 1.5 * grid[1]
    for row in ledger_doc.tables[0].rows:
        assert [cell.width.twips for cell in row.cells] == grid


def test_column_widths_follow_the_margins(tmp_path: Path) -> None:
    doc = save(tmp_path, ledger=True, settings=LayoutSettings(margin_left_mm=20))
    grid = [int(c.get(qn("w:w"))) for c in doc.tables[0]._tbl.tblGrid]
    assert sum(grid) == round(164 * 1440 / 25.4)


def test_table_fonts_sizes_and_alignment(ledger_doc: Any) -> None:
    table = ledger_doc.tables[0]
    header, *body = table.rows
    for cell in header.cells:
        paragraph = cell.paragraphs[0]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [(fonts_of(r), r.font.size, r.font.bold) for r in paragraph.runs] == [
            ("黑体", Pt(12), False)
        ]
    runs = 0
    for row in body:
        for index, cell in enumerate(row.cells):
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            assert fmt.line_spacing == Pt(20)
            assert paragraph._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
            centred = index in (0, 3, 4)
            assert paragraph.alignment == (
                WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
            )
            for run in paragraph.runs:
                runs += 1
                assert (fonts_of(run), run.font.size) == ("仿宋_GB2312", Pt(12))
    assert runs >= 9


def test_table_size_is_a_setting(tmp_path: Path) -> None:
    settings = LayoutSettings(table_size_pt=14, table_line_spacing_pt=22, body_font="仿宋")
    doc = save(tmp_path, ledger=True, settings=settings)
    run = doc.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert (fonts_of(run), run.font.size) == ("仿宋", Pt(14))
    assert doc.tables[0].rows[1].cells[1].paragraphs[0].paragraph_format.line_spacing == Pt(22)


def test_placeholders_in_cells_are_shaded(tmp_path: Path) -> None:
    material = ledger_material()
    measures = [material.measures[0].model_copy(update={"leader": "xx同志"})]
    doc = save(tmp_path, material.model_copy(update={"measures": measures}), ledger=True)
    cell = doc.tables[0].rows[1].cells[3]
    assert [(r.text, r.font.highlight_color) for r in cell.paragraphs[0].runs] == [
        ("xx", WD_COLOR_INDEX.YELLOW),
        ("同志", None),
    ]


def test_seed_material_ledger_has_a_row_per_pair(tmp_path: Path) -> None:
    material = seed_material()
    doc = save(tmp_path, material, ledger=True)
    texts = cell_texts(doc.tables[0])
    assert len(texts) == 1 + len(ledger_rows(material))
    measures = [row[2].split("。")[0] for row in texts[1:]]
    assert list(dict.fromkeys(measures)) == [
        "加强理论武装，坚定政治立场",
        "认真履职尽责，勇于担当作为",
        "持续改进作风，永葆清正廉洁",
    ]


def test_without_ledger_there_is_no_table(tmp_path: Path) -> None:
    doc = save(tmp_path)
    assert doc.tables == []
    assert "附件" not in [p.text for p in doc.paragraphs]


def test_ledger_leaves_the_material_untouched(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = save(tmp_path / "a")
    with_ledger = save(tmp_path / "b", ledger=True)
    before = [(p.style.name, p.text) for p in plain.paragraphs]
    after = [(p.style.name, p.text) for p in with_ledger.paragraphs]
    assert after[: len(before)] == before
    assert len(after) == len(before) + 3


# --- Markdown -----------------------------------------------------------------------------


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_ledger_section_is_a_pipe_table() -> None:
    text = render_markdown(ledger_material(), ledger=True)
    before, section = text.split("\n\n## 整改清单\n\n")
    assert before.endswith("以上对照检查，请同志们批评指正。")
    lines = section.rstrip("\n").split("\n")
    assert lines[0] == "| 序号 | 问题 | 整改措施 | 责任领导 | 完成时限 |"
    assert re.fullmatch(r"\|( --- \|){5}", lines[1])
    assert len(lines) == 2 + 5
    assert all(unescaped_pipes(line) == 6 for line in lines)
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]
    assert [c[0] for c in cells] == ["1", "2", "3", "4", "5"]
    assert [c[1] for c in cells[:2]] == ["学习不够积极主动", "学用结合不够紧密"]
    assert cells[2][2] == "改进工作作风。建立调研台账\\|按季度通报。"
    assert cells[2][3:] == ["李四同志", "2025年6月底前"]
    assert cells[4][1] == cells[4][3] == cells[4][4] == ""


def test_markdown_without_ledger_has_no_table() -> None:
    text = render_markdown(ledger_material())
    assert "整改清单" not in text
    assert not [line for line in text.split("\n") if line.startswith("|")]
    assert render_markdown(ledger_material(), ledger=True).startswith(text.rstrip("\n"))


def test_markdown_file_carries_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "材料.md"
    render(ledger_material(), path, ledger=True)
    assert "| 序号 | 问题 | 整改措施 | 责任领导 | 完成时限 |" in path.read_text(encoding="utf-8")
