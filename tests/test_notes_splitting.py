"""Splitting notes lines into opinions: markers, continuation, paragraphs, section kinds."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfreview.notes import Heading, SourceLine, split_opinions
from selfreview.notes.reading import text_lines
from selfreview.schema import Opinion, OpinionKind
from thoroughness import examples

SOLICITED = OpinionKind.SOLICITED
TALK = OpinionKind.TALK
SELF = OpinionKind.SELF
LAST_YEAR = OpinionKind.LAST_YEAR
OTHER = OpinionKind.OTHER


def split(text: str, file: str = "notes.txt") -> tuple[list[Opinion], list[Heading]]:
    return split_opinions(text_lines(file, text))


def texts(text: str) -> list[str]:
    return [o.text for o in split(text)[0]]


# --- markers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [
        "1.",
        "1. ",
        "1．",
        "1、",
        "1)",
        "1）",
        "（1）",
        "(1)",
        "①",
        "·",
        "•",
        "- ",
        "* ",
        "▪",
        "１．",
    ],
)
def test_every_marker_style_starts_an_item_and_is_removed(marker: str) -> None:
    second = marker.replace("1", "2").replace("１", "２").replace("①", "②")
    notes = f"{marker}学习不深入，全年仅下基层3次\n{second}会议多，一周陪会3次以上\n"
    assert texts(notes) == ["学习不深入，全年仅下基层3次", "会议多，一周陪会3次以上"]


@pytest.mark.parametrize("marker", ["一、", "（一）", "(一)"])
def test_chinese_numerals_introduce_items_when_the_line_is_a_sentence(marker: str) -> None:
    second = marker.replace("一", "二")
    notes = f"{marker}学习不深入，全年仅下基层3次。\n{second}调研少，完成率8成左右。\n"
    opinions, headings = split(notes)
    assert [o.text for o in opinions] == [
        "学习不深入，全年仅下基层3次。",
        "调研少，完成率8成左右。",
    ]
    assert headings == []


def test_a_run_of_short_chinese_numeral_lines_is_a_list_not_headings() -> None:
    opinions, headings = split("一、学习不深入\n二、调研少\n三、会议多\n")
    assert [o.text for o in opinions] == ["学习不深入", "调研少", "会议多"]
    assert headings == []


def test_numbers_that_are_not_markers_stay() -> None:
    assert texts("3.5亿元项目未开工\n\n2023.10.5 开会\n") == ["3.5亿元项目未开工", "2023.10.5 开会"]


def test_marker_after_the_decimal_style_comma_keeps_following_digits() -> None:
    assert texts("1、12345热线按期办结率82%\n") == ["12345热线按期办结率82%"]


def test_bare_marker_takes_the_next_line_as_its_text() -> None:
    opinions, _ = split("1.\n学习不深入\n2.\n调研少\n")
    assert [(o.text, o.origin.line, o.origin.end_line) for o in opinions] == [
        ("学习不深入", 1, 2),
        ("调研少", 3, 4),
    ]


# --- continuation and paragraphs -----------------------------------------------------------


def test_unmarked_line_after_an_item_continues_it() -> None:
    opinions, _ = split(
        "1. 全市安全生产排查隐患412处，截至目前整改完成率78%，\n"
        "有的部门对整改进度跟踪不紧。\n"
        "2. 会议多\n"
    )
    assert (
        opinions[0].text
        == "全市安全生产排查隐患412处，截至目前整改完成率78%，有的部门对整改进度跟踪不紧。"
    )
    assert (opinions[0].origin.line, opinions[0].origin.end_line) == (1, 2)
    assert opinions[1].origin.end_line is None


def test_wrapped_latin_words_get_a_space_chinese_none() -> None:
    assert texts("- 建议推广 12345\nhotline 的做法\n") == ["建议推广 12345 hotline 的做法"]
    assert texts("- 群众反映办\n事难\n") == ["群众反映办事难"]


def test_after_a_blank_line_an_unmarked_line_is_a_new_opinion() -> None:
    assert texts("1. 学习不深入\n\n群众反映办事难\n") == ["学习不深入", "群众反映办事难"]


def test_loose_paragraphs_are_one_opinion_each() -> None:
    notes = (
        "班子成员调研少，全年仅下基层3次。\n\n"
        "群众反映办事难，窗口材料多、环节多，\n企业开办仍需跑2至3趟。\n\n"
        "会议多\n"
        "文件多\n"
    )
    assert texts(notes) == [
        "班子成员调研少，全年仅下基层3次。",
        "群众反映办事难，窗口材料多、环节多，企业开办仍需跑2至3趟。",
        "会议多",
        "文件多",
    ]


def test_full_width_indent_starts_a_new_paragraph() -> None:
    notes = "　　上年度整改完成率8成左右，\n　　会议数量压减12%，未达到30%的目标。\n"
    assert len(texts(notes)) == 2


def test_hard_wrapped_text_at_a_fixed_width_is_joined() -> None:
    body = "去年专题民主生活会查摆的五个方面十七个问题已完成整改十四个其余三个正在推进其中调研不够深入问题建立了班子成员基层联系点制度但从执行情况看有的同志联系点去得少效果打了折扣"
    wrapped = "\n".join(body[i : i + 20] for i in range(0, len(body), 20))
    assert texts(wrapped) == [body]


def test_one_opinion_per_line_is_not_mistaken_for_wrapping() -> None:
    notes = "学习不深入，研讨时讲理论多联系实际少\n调研少，全年仅下基层3次\n会议多，一周陪会3次以上，基层负担重\n"
    assert len(texts(notes)) == 3


def test_speaker_labels_stay_and_start_new_opinions() -> None:
    notes = (
        "1. 李四：会议多，光常务会就开了23次\n王局长说：文件照抄照转\n例如：人才新政细则没出台\n"
    )
    assert texts(notes) == [
        "李四：会议多，光常务会就开了23次",
        "王局长说：文件照抄照转例如：人才新政细则没出台",
    ]


def test_another_speakers_reporting_frame_after_a_finished_sentence_starts_an_opinion() -> None:
    """Talk notes written one speaker a line: the second speaker is reported ("股长李某某谈话
    指出，…"), not labelled with a colon; it is not the first speaker's words."""
    notes = (
        "二、谈心谈话\n"
        "张某某（副局长）：班子成员之间批评多是点到为止，红红脸出出汗做得不够。\n"
        "股长李某某谈话指出，年轻干部培养缺少规划，业务骨干流失较多。\n"
    )
    opinions, _ = split(notes)
    assert [o.text for o in opinions] == [
        "张某某（副局长）：班子成员之间批评多是点到为止，红红脸出出汗做得不够。",
        "股长李某某谈话指出，年轻干部培养缺少规划，业务骨干流失较多。",
    ]
    assert [o.kind for o in opinions] == [OpinionKind.TALK, OpinionKind.TALK]
    # A wrapped speaker's sentence, and a line of the speaker's own words, still continue.
    assert texts("李四：会议多，\n群众代表反映，文件多。\n") == [
        "李四：会议多，群众代表反映，文件多。"
    ]
    assert texts("李四：会议多。\n文件也多。\n") == ["李四：会议多。文件也多。"]


def test_markdown_emphasis_and_quotes_are_stripped_but_blanks_kept() -> None:
    assert texts("> **1. 学习**不深入\n\n> 填写____日期\n") == ["学习不深入", "填写____日期"]


def test_markup_only_lines_separate_paragraphs() -> None:
    assert texts("会议多\n---\n文件多\n") == ["会议多", "文件多"]


# --- headings and kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("# 征求意见", SOLICITED),
        ("## 意见建议汇总", SOLICITED),
        ("群众反映：", SOLICITED),
        ("【谈心谈话】", TALK),
        ("二、谈话记录", TALK),
        ("谈心", TALK),
        ("三、自己查摆的问题", SELF),
        ("（三）自我查摆", SELF),
        ("个人查摆问题", SELF),
        ("自查情况：", SELF),
        ("查摆问题清单", SELF),
        ("四、上年度整改落实情况", LAST_YEAR),
        ("整改落实", LAST_YEAR),
        ("整改情况", LAST_YEAR),
    ],
)
def test_section_headings_set_the_kind(heading: str, kind: OpinionKind) -> None:
    opinions, headings = split(f"{heading}\n1. 学习不深入，全年仅下基层3次\n2. 调研少\n")
    assert [h.kind for h in headings] == [kind]
    assert headings[0].origin.line == 1
    assert [o.kind for o in opinions] == [kind, kind]
    assert opinions[0].section == headings[0].text


def test_opinions_before_any_heading_are_other() -> None:
    opinions, _ = split("会议多，一周陪会3次以上\n\n一、征求意见情况\n1. 调研少\n")
    assert [(o.kind, o.section) for o in opinions] == [(OTHER, ""), (SOLICITED, "一、征求意见情况")]


def test_sub_heading_keeps_the_kind_and_becomes_the_section() -> None:
    opinions, headings = split(
        "# 征求意见\n一、关于学习方面\n1. 学习不深入\n二、关于作风方面\n1. 会议多\n"
    )
    assert [(h.text, h.kind) for h in headings] == [
        ("征求意见", SOLICITED),
        ("一、关于学习方面", None),
        ("二、关于作风方面", None),
    ]
    assert [(o.kind, o.section) for o in opinions] == [
        (SOLICITED, "一、关于学习方面"),
        (SOLICITED, "二、关于作风方面"),
    ]


def test_a_sibling_heading_ends_the_kinds_section() -> None:
    opinions, _ = split("一、征求意见情况\n1. 调研少\n二、下一步打算\n1. 多下基层\n")
    assert [o.kind for o in opinions] == [SOLICITED, OTHER]
    opinions, _ = split("# 谈心谈话\n- 李四：会议多\n# 附件\n- 调研报告\n")
    assert [o.kind for o in opinions] == [TALK, OTHER]


def test_opinion_mentioning_a_keyword_is_not_a_heading() -> None:
    opinions, headings = split(
        "# 征求意见\n群众反映办事难\n- 群众反映窗口态度差\n\n自查发现台账不全\n"
    )
    assert headings[1:] == []
    assert [o.text for o in opinions] == [
        "群众反映办事难",
        "群众反映窗口态度差",
        "自查发现台账不全",
    ]


def test_speaker_on_its_own_line_is_a_heading_keeping_the_kind() -> None:
    opinions, headings = split("谈心谈话：\n李四：\n1. 会议多\n2. 调研少\n")
    assert [h.text for h in headings] == ["谈心谈话：", "李四："]
    assert [(o.kind, o.section) for o in opinions] == [(TALK, "李四："), (TALK, "李四：")]


def test_first_line_title_is_a_heading_not_an_opinion() -> None:
    notes = "某市政府党组2021年度民主生活会征求意见汇总（办公室整理，供参考）\n\n1. 会议多\n"
    opinions, headings = split(notes)
    assert [h.kind for h in headings] == [None]
    assert [o.kind for o in opinions] == [OTHER]


def test_kind_and_section_restart_in_each_file_and_file_names_set_a_kind() -> None:
    lines = text_lines("a.txt", "# 自查\n1. 学习不深入\n") + text_lines(
        "谈心谈话记录.txt", "李四：会议多\n"
    )
    opinions, _ = split_opinions(lines)
    assert [(o.id, o.kind, o.section, o.origin.file) for o in opinions] == [
        ("O1", SELF, "自查", "a.txt"),
        ("O2", TALK, "", "谈心谈话记录.txt"),
    ]


def test_table_header_is_a_heading_without_kind_or_section() -> None:
    lines = [
        SourceLine("t.docx", 1, "【征求意见】", paragraph_start=True),
        SourceLine(
            "t.docx", 2, "序号；意见建议；提出单位", paragraph_start=True, table_header=True
        ),
        SourceLine("t.docx", 3, "1. 会议多；办公室", paragraph_start=True),
    ]
    opinions, headings = split_opinions(lines)
    assert [h.text for h in headings] == ["【征求意见】", "序号；意见建议；提出单位"]
    assert headings[1].kind is None
    assert [(o.text, o.kind, o.section) for o in opinions] == [
        ("会议多；办公室", SOLICITED, "【征求意见】")
    ]


def test_ids_are_sequential() -> None:
    opinions, _ = split("- 会议多\n- 文件多\n- 调研少\n")
    assert [o.id for o in opinions] == ["O1", "O2", "O3"]


# --- invariant, robustness, speed ------------------------------------------------------------

_MARKUP_ONLY = re.compile(r"^[-*_=~`#>—─━\s]*$")


def _norm(text: str) -> str:
    return re.sub(r"[\s*_>#]", "", text)


def assert_nothing_dropped(lines: list[SourceLine]) -> None:
    """Every line with content is inside the origin span and the text of an output."""
    opinions, headings = split_opinions(lines)
    outputs = [(o.origin, o.text) for o in opinions] + [(h.origin, h.text) for h in headings]
    for line in lines:
        if _MARKUP_ONLY.match(line.text):
            continue
        content = _norm(line.text)
        covering = [
            _norm(text)
            for origin, text in outputs
            if origin.file == line.file
            and origin.line <= line.line <= (origin.end_line or origin.line)
        ]
        # The covering output holds the line, less a list marker of at most 6 characters.
        held = any(content[k:] in out for out in covering for k in range(7))
        bare = len(content) <= 6 and not covering  # a bare "1." or "（一）" with no text
        assert held or bare, f"line {line.line} {line.text!r} lost in {covering}"


def test_invariant_on_realistic_notes() -> None:
    notes = (
        "# 征求意见\n1. 学习不深入，全年仅下基层3次，\n研讨时联系实际少。\n（2）会议多\n\n"
        "群众反映办事难，完成率8成左右\n\n二、谈心谈话\n李四：调研少\n王局长说：文件多\n"
        "【自查】\n一、学习不深入\n二、调研少\n---\n1.\n**上年度**整改完成率78%\n"
    )
    assert_nothing_dropped(text_lines("n.txt", notes))


_ALPHABET = st.sampled_from(
    list("学习不深入调研少会议多群众反映办事难征求意见谈心话自查摆上年度整改落实情况李四王局长说")
    + list("，。；！？：:、（）()【】“”《》#*_->·•▪①②一二三十0123456789１ab \u3000\t")
)
_LINE = st.text(alphabet=_ALPHABET, max_size=30)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_property_nothing_is_dropped(raw_lines: list[str]) -> None:
    assert_nothing_dropped(text_lines("p.txt", "\n".join(raw_lines)))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.booleans(), st.booleans()), max_size=20))
def test_property_no_crash_on_any_text(items: list[tuple[str, bool, bool]]) -> None:
    lines = [
        SourceLine("x.md", number, text, paragraph_start=start, table_header=header)
        for number, (text, start, header) in enumerate(items, start=1)
    ]
    first = split_opinions(lines)
    assert split_opinions(lines) == first  # deterministic
    for opinion in first[0]:
        assert opinion.text.strip()
    assert [o.id for o in first[0]] == [f"O{i}" for i in range(1, len(first[0]) + 1)]


@settings(max_examples=examples(100), deadline=None)
@given(st.text(max_size=300))
def test_property_text_lines_then_split_never_crashes(text: str) -> None:
    lines = text_lines("y.txt", text)
    assert all(line.text and "\n" not in line.text for line in lines)
    split_opinions(lines)


def _many_opinions(count: int) -> list[SourceLine]:
    parts = ["# 征求意见"]
    for i in range(1, count + 1):
        parts.append(
            f"{i % 300 + 1}. 学习不深入，全年仅下基层{i % 7}次，研讨时联系实际少，完成率8成左右。"
        )
        if i % 3 == 0:
            parts.append("有的同志对整改进度跟踪不紧。")
    return text_lines("big.txt", "\n".join(parts))


def _split_counting_calls(lines: list[SourceLine]) -> tuple[list[Opinion], int]:
    """The opinions, and how many function calls (Python and C) splitting made: a count,
    not a clock."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        opinions, _ = split_opinions(lines)
    finally:
        sys.setprofile(None)
    return opinions, calls


def test_five_thousand_opinions_split_with_work_linear_in_their_number() -> None:
    opinions, large = _split_counting_calls(_many_opinions(5000))
    assert len(opinions) == 5000
    _, small = _split_counting_calls(_many_opinions(500))
    # Ten times the opinions, ten times the calls (plus a constant): a step that looks at
    # every other line for each line would make it a hundred times. The count is the
    # same on every run, however loaded the machine is.
    ratio = large / small
    assert ratio < 11, ratio
