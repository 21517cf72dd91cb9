"""The placeholder pattern: what a person must fill in, and what must not be flagged."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfreview.placeholders import PLACEHOLDER_RE, find_placeholders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("如，【待补：具体事例】。", ["【待补：具体事例】"]),
        ("【待补】和【待补：时间、地点】", ["【待补】", "【待补：时间、地点】"]),
        ("成绩在xx市中等水平", ["xx"]),
        ("年初确定的XX个新建项目", ["XX"]),
        ("Xx县", ["Xx"]),
        ("××同志", ["××"]),
        ("有形象进度的还不到x成", ["x成"]),
        ("完成率仅X成", ["X成"]),
        ("于x月x日召开", ["x月", "x日"]),
        ("提高x%", ["x%"]),
        ("在学习D史过程中", ["D史"]),
        ("全体D员干部", ["D员"]),
        ("学D史强党性", ["D史"]),
    ],
)
def test_placeholders_found(text: str, expected: list[str]) -> None:
    assert find_placeholders(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“十四五”期间GDP过万亿",
        "下载PDF文件",
        "政务App上线",
        "USB接口",
        "5G基站建设",
        "A股上市企业3家",
        "B超室",
        "X光机",
        "3A级景区",
        "A类项目",
        "在E座会议室",
        "Xbox游戏机",
        "完成率仅在8成左右",
        "有的同志学习不够深入",
        "【待办】事项",
        "explain",
    ],
)
def test_ordinary_text_not_flagged(text: str) -> None:
    assert find_placeholders(text) == []


def test_match_spans_are_exact() -> None:
    text = "在学习D史过程中，xx个项目不到x成，如，【待补：具体事例】。"
    spans = [text[m.start() : m.end()] for m in PLACEHOLDER_RE.finditer(text)]
    assert spans == ["D史", "xx", "x成", "【待补：具体事例】"]


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=40))
def test_pure_chinese_never_matches(text: str) -> None:
    assert find_placeholders(text) == []


@given(
    st.from_regex(r"[A-WYZ][A-Za-z]{1,6}", fullmatch=True),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1),
)
def test_latin_words_before_chinese_never_match(word: str, chinese: str) -> None:
    assert find_placeholders("在" + word + chinese) == []
