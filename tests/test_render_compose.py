"""Numbering and punctuation rules shared by the DOCX and Markdown writers."""

from __future__ import annotations

import pytest

from materials import sample_material
from selfreview.render.compose import (
    BlockKind,
    aspect_heading,
    chinese_number,
    compose,
    item_segments,
    lead_for,
    measure_lead,
    ordinal,
    strip_frozen_lead,
)
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    AspectProblems,
    Material,
    Measure,
    Problem,
    ProblemKind,
)
from selfreview.textrules import clean, end_sentence, example_sentence


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
     (99, "九十九")],
)  # fmt: skip
def test_chinese_number(n: int, expected: str) -> None:
    assert chinese_number(n) == expected


def test_ordinal() -> None:
    assert [ordinal(n) for n in (1, 2, 10, 11)] == ["一是", "二是", "十是", "十一是"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习不够积极主动", "学习不够积极主动。"),
        ("学习不够积极主动。", "学习不够积极主动。"),
        ("真的吗？", "真的吗？"),
        ("学习不够，", "学习不够。"),
        ("学习不够；", "学习不够。"),
        ("学用“两张皮”", "学用“两张皮”。"),
        ("他说：“要改。”", "他说：“要改。”"),
        ("有待提高……", "有待提高……"),
        ("【待补：具体事例】", "【待补：具体事例】。"),
        ("  ", ""),
    ],
)
def test_end_sentence(text: str, expected: str) -> None:
    assert end_sentence(text) == expected


def test_stand_alone_aspect_heading_has_no_full_stop() -> None:
    assert aspect_heading(1, "理论学习方面") == "（一）理论学习方面"
    assert aspect_heading(2, "工作作风方面。") == "（二）工作作风方面"
    assert aspect_heading(3, "关于：") == "（三）关于"
    assert aspect_heading(11, "廉洁自律方面；") == "（十一）廉洁自律方面"


def test_ascii_quotes_become_chinese_quotes_when_composing() -> None:
    material = sample_material()
    group = material.problems[0]
    item = group.items[0].model_copy(
        update={"headline": '学习"不走心"', "body": "存在'两张皮'现象", "example": '"迎检"式学习'}
    )
    groups = [group.model_copy(update={"items": [item, *group.items[1:]]}), *material.problems[1:]]
    blocks = compose(material.model_copy(update={"problems": groups, "closing": '请"批评"指正'}))
    texts = [block.text for block in blocks]
    assert "一是学习“不走心”。存在‘两张皮’现象。如，“迎检”式学习。" in texts
    assert texts[-1] == "请“批评”指正"
    assert not [t for t in texts if '"' in t or "'" in t]


def test_example_sentence_markers() -> None:
    assert example_sentence("") == ""
    assert example_sentence("去年完成8成") == "如，去年完成8成。"
    assert example_sentence("如，去年完成8成。") == "如，去年完成8成。"
    assert example_sentence("再如，去年完成8成") == "再如，去年完成8成。"
    assert example_sentence("比如去年") == "比如去年。"
    assert example_sentence("如何落实仍不清楚") == "如，如何落实仍不清楚。"


def test_clean_joins_hard_wrapped_lines() -> None:
    assert clean("研究思考得\n不深不透") == "研究思考得不深不透"
    assert clean("GDP\nover") == "GDP over"


def test_part_order_and_numbering() -> None:
    blocks = compose(sample_material())
    assert blocks[0].kind is BlockKind.TITLE
    headings = [b.text for b in blocks if b.kind is BlockKind.HEADING1]
    assert headings == [
        "一、上年度整改落实情况",
        "二、查找的突出问题",
        "三、产生问题的原因分析",
        "四、努力方向和整改措施",
        "五、个人有关事项说明",
    ]
    assert blocks[-1].text == "以上对照检查，请同志们批评指正。"


def test_problem_numbering_restarts_per_aspect_and_goes_past_ten() -> None:
    items = [Problem(id=f"P{i}", headline=f"问题{i}") for i in range(1, 13)]
    material = Material(
        title="对照检查材料",
        problems=[
            AspectProblems(aspect="甲方面", items=items[:11]),
            AspectProblems(aspect="乙方面", items=items[11:]),
        ],
    )
    body = [b.text for b in compose(material) if b.kind is BlockKind.BODY]
    assert body[9] == "十是问题10。"
    assert body[10] == "十一是问题11。"
    assert body[11] == "一是问题12。"


def test_problem_paragraph_text() -> None:
    blocks = compose(sample_material())
    texts = [b.text for b in blocks]
    assert (
        "一是学习不够积极主动。有的同志多是按照上级要求完成“规定动作”的学习。"
        "如，有的同志仅是通过集中学习了解D史，学习次数不到x成。" in texts
    )
    # Headline and body already end in 。; empty example adds no 如 sentence.
    assert "二是学用结合不够紧密。学习成果没有及时转化为推动工作的思路举措。" in texts
    # Empty body; example already starts with 再如.
    assert "一是调查研究不够深入。再如，年初确定的xx个新建项目中，有形象进度的还不到x成。" in texts
    assert (
        "二是服务群众不够主动。对一些工单没有亲自研究、跟踪督促。如，【待补：具体事例】。" in texts
    )
    assert "二是宗旨意识有所淡化。" in texts
    headline_segments = [s for b in blocks for s in b.segments if s.headline]
    assert headline_segments[0].text == "一是学习不够积极主动。"


def _measure_material(headlines: list[str], kinds: list[ProblemKind] | None = None) -> Material:
    kinds = kinds or [ProblemKind.PROBLEM] * len(headlines)
    problems = [
        Problem(id=f"P{n}", headline=h, kind=k)
        for n, (h, k) in enumerate(zip(headlines, kinds, strict=True), start=1)
    ]
    ids = [p.id for p in problems]
    return Material(
        title="材料",
        problems=[AspectProblems(aspect="作风方面", items=problems)],
        measures=[Measure(id="M1", headline="改进作风", body="每月调度1次", addresses=ids)],
    )


def test_measure_lead_quotes_current_headlines_in_document_order() -> None:
    material = _measure_material(["二是学用“两张皮”。", "调研不深入"])
    measure = material.measures[0].model_copy(update={"addresses": ["P2", "P1"]})
    assert measure_lead(material, measure) == "针对“学用‘两张皮’”“调研不深入”等问题，"
    body = "".join(s.text for s in item_segments(1, measure, measure_lead(material, measure)))
    assert body == "一是改进作风。针对“学用‘两张皮’”“调研不深入”等问题，每月调度1次。"


def test_measure_lead_names_at_most_four_and_skips_placeholders() -> None:
    kinds = [ProblemKind.PROBLEM] * 5 + [ProblemKind.ASPECT_PLACEHOLDER]
    material = _measure_material(["甲", "乙", "丙", "丁", "戊", ASPECT_PLACEHOLDER_HEADLINE], kinds)
    assert measure_lead(material, material.measures[0]) == "针对“甲”“乙”“丙”“丁”等问题，"
    only_gap = _measure_material([ASPECT_PLACEHOLDER_HEADLINE], [ProblemKind.ASPECT_PLACEHOLDER])
    assert measure_lead(only_gap, only_gap.measures[0]) == ""
    assert lead_for([]) == ""


def test_compose_prints_the_lead_once_from_the_links() -> None:
    material = _measure_material(["调研不深入"])
    texts = [block.text for block in compose(material)]
    assert "一是改进作风。针对“调研不深入”等问题，每月调度1次。" in texts


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("针对“学习不够”“‘一岗双责’落实不到位”等问题，每月学习", "每月学习"),
        ("针对“学习不够”等问题，每月学习", "每月学习"),
        ("针对“会议偏多”等问题，每月学习", "针对“会议偏多”等问题，每月学习"),  # own words
        ("针对会议偏多的问题，每月学习", "针对会议偏多的问题，每月学习"),
        ("每月学习，针对“学习不够”等问题", "每月学习，针对“学习不够”等问题"),
    ],
)
def test_strip_frozen_lead_only_removes_a_lead_of_known_headlines(body: str, expected: str) -> None:
    known = ["学习不够", "“一岗双责”落实不到位"]
    assert strip_frozen_lead(body, known) == expected
