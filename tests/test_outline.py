"""Outlines are data: built-in ones load, users' files are validated with useful errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfreview.errors import OutlineError
from selfreview.outline import builtin_outline_files, load_outline


def test_builtin_outlines_load() -> None:
    assert {"2021-five", "recent-six"} <= set(builtin_outline_files())
    five = load_outline("2021-five")
    assert [a.name for a in five.aspects] == [
        "理论学习方面",
        "标准境界方面",
        "工作作风方面",
        "宗旨意识方面",
        "纪律规矩方面",
    ]
    assert len(load_outline("recent-six").aspects) == 6
    assert load_outline(None).id == "2021-five"


def test_every_builtin_outline_is_complete() -> None:
    for outline_id in builtin_outline_files():
        outline = load_outline(outline_id)
        assert outline.headings.problems and outline.headings.causes and outline.headings.measures
        for aspect in outline.aspects:
            assert aspect.name.endswith("方面"), aspect.name
            assert len(aspect.keywords) >= 8, aspect.id


def test_unknown_id_lists_the_known_ones() -> None:
    with pytest.raises(OutlineError, match="2021-five"):
        load_outline("2099-none")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_outline_file_loads_and_id_defaults_to_stem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: 我的提纲\naspects:\n  - id: loyalty\n    name: 政治忠诚方面\n"
        "    keywords: [两个维护, 政治]\n",
    )
    outline = load_outline(str(path))
    assert outline.id == "mine"
    assert outline.aspects[0].name == "政治忠诚方面"
    assert outline.headings.measures == "努力方向和整改措施"
    # a file without the notice's fields still loads: every aspect required, no theme
    assert outline.aspects[0].required is True
    assert outline.theme == "" and outline.source is None and not outline.historical


def test_outline_carries_the_notice_and_optional_aspects(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: 2025年度民主生活会\nyear: 2025\nmeeting: 民主生活会\ntheme: 某主题\n"
        "source: {title: 通知, publisher: 某党委, date: 2025-12-01, url: 'https://example.org/n'}\n"
        "unverified: 第三个方面的表述未经核对\naspects:\n"
        "  - id: a\n    name: 甲方面\n    keywords: [甲]\n"
        "  - id: b\n    name: 乙方面\n    keywords: [乙]\n    required: false\n",
    )
    outline = load_outline(str(path))
    assert (outline.year, outline.meeting, outline.theme) == (2025, "民主生活会", "某主题")
    assert outline.source is not None and outline.source.url == "https://example.org/n"
    assert [a.required for a in outline.aspects] == [True, False]


def test_outline_meeting_must_be_a_known_kind(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: x\nmeeting: 座谈会\naspects:\n  - id: a\n    name: 甲方面\n    keywords: [甲]\n",
    )
    with pytest.raises(OutlineError, match="会议应为"):
        load_outline(str(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\n", "字段 aspects：缺少此字段"),
        ("name: x\naspects: []\n", "字段 aspects：不能为空"),
        ("name: x\naspects:\n  - id: a\n    keywords: [k]\n", "字段 aspects.0.name：缺少此字段"),
        (
            "name: x\naspects:\n  - id: A b\n    name: n\n    keywords: [k]\n",
            "字段 aspects.0.id：格式不对",
        ),
        (
            "name: x\naspects:\n  - id: a\n    name: n\n    keywords: [k]\n    colour: red\n",
            "字段 aspects.0.colour：不认识的字段",
        ),
        (
            "name: x\naspects:\n  - {id: a, name: n, keywords: [k]}\n  - {id: a, name: m, keywords: [k]}\n",
            "方面的 id 重复：a",
        ),
        ("name: x\naspects:\n  - {id: a, name: n}\n", "方面缺少 keywords：a"),
        ("name: [unclosed\n", "YAML 格式错误（第 2 行）"),
        ("- just\n- a list\n", "应为键值映射"),
    ],
)
def test_bad_outline_file_names_file_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(OutlineError) as caught:
        load_outline(str(path))
    message = str(caught.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_outline_file(tmp_path: Path) -> None:
    with pytest.raises(OutlineError, match="提纲文件不存在"):
        load_outline(str(tmp_path / "absent.yaml"))
