"""Pydantic errors in files a person writes (outline YAML, config TOML, JSON) read as Chinese.

Through the CLI: one line, exit 1, naming the file and the field. Then every common
pydantic error type on a model of its own: no English "Input should …" left.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from selfreview.validation import describe_validation_error
from test_bad_input import fails

GOOD_ASPECT = "  - {id: study, name: 学习方面, keywords: [学习]}\n"
OUTLINES = {
    "headings-number": (
        f"name: 提纲\nheadings: 5\naspects:\n{GOOD_ASPECT}",
        "字段 headings：应为键值映射",
    ),
    "headings-list": (
        f"name: 提纲\nheadings: [查摆问题, 原因, 措施]\naspects:\n{GOOD_ASPECT}",
        "字段 headings：应为键值映射",
    ),
    "heading-not-text": (
        f"name: 提纲\nheadings:\n  problems: [a]\naspects:\n{GOOD_ASPECT}",
        "字段 headings.problems：应为文字",
    ),
    "aspect-a-string": ("name: 提纲\naspects:\n  - 学习方面\n", "字段 aspects.0：应为键值映射"),
    "year-not-a-number": (
        f"name: 提纲\nyear: 二〇二四\naspects:\n{GOOD_ASPECT}",
        "字段 year：应为整数",
    ),
    "year-a-fraction": (
        f"name: 提纲\nyear: 2024.5\naspects:\n{GOOD_ASPECT}",
        "字段 year：应为整数",
    ),
    "keywords-a-mapping": (
        "name: 提纲\naspects:\n  - {id: a, name: 学习方面, keywords: {学习: 1}}\n",
        "字段 aspects.0.keywords：应为列表",
    ),
}


@pytest.mark.parametrize("case", list(OUTLINES))
def test_outline_mistakes_read_as_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, message = OUTLINES[case]
    outline = tmp_path / "提纲.yaml"
    outline.write_text(text, encoding="utf-8")
    err = fails(capsys, ["outlines", str(outline)], outline)
    assert err == f"错误：{outline}：{message}"


CONFIGS = {
    "jobs-zero": ("jobs = 0\n", "字段 jobs：应不小于 1"),
    "jobs-too-many": ("jobs = 100\n", "字段 jobs：应不大于 64"),
    "timeout-zero": ("timeout = 0\n", "字段 timeout：应大于 0"),
    "retries-text": ('retries = "two"\n', "字段 retries：应为整数"),
    "needs-key-text": (
        '[providers.corp]\nneeds_key = "maybe"\n',
        "字段 providers.corp.needs_key：应为 true 或 false",
    ),
    "provider-a-number": ("providers = { corp = 5 }\n", "字段 providers.corp：应为键值映射"),
    "output-unknown": (
        '[providers.corp]\nbase_url = "http://10.0.0.1/v1"\nmodel = "m"\noutput = "xml"\n',
        "字段 output：应为以下之一：json_schema、json_object、tools",
    ),
}


@pytest.mark.parametrize("case", list(CONFIGS))
def test_config_mistakes_read_as_chinese(capsys: pytest.CaptureFixture[str], case: str) -> None:
    text, message = CONFIGS[case]
    path = Path(os.environ["SELFREVIEW_CONFIG"])
    path.write_text(text, encoding="utf-8")
    err = fails(capsys, ["config", "--provider", "corp"], path)
    assert err == f"错误：{path}：{message}"


# -- every common pydantic error type -------------------------------------------------------


class Kind(Enum):
    A = "甲"
    B = "乙"


class Inner(BaseModel):
    x: int = 0


class Everything(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = ""
    number: int = 0
    real: float = 0
    flag: bool = False
    items: list[str] = Field(default_factory=list)
    pair: tuple[int, int] = (1, 2)
    table: dict[str, str] = Field(default_factory=dict)
    inner: Inner = Field(default_factory=Inner)
    mode: Literal["json_schema", "json_object", "tools"] = "tools"
    kind: Kind = Kind.A
    positive: int = Field(default=1, gt=0)
    at_least_one: int = Field(default=1, ge=1)
    below_five: int = Field(default=1, lt=5)
    at_most_five: int = Field(default=1, le=5)
    even: int = Field(default=2, multiple_of=2)
    two_or_more: list[str] = Field(default_factory=lambda: ["a", "b"], min_length=2)
    one_at_most: list[str] = Field(default_factory=list, max_length=1)
    word: str = Field(default="ab", min_length=2, max_length=3)
    day: date = date(2024, 1, 1)
    moment: datetime = datetime(2024, 1, 1)
    url: HttpUrl | None = None
    nothing: None = None
    required: str


BAD_VALUES: list[tuple[str, Any, str]] = [
    ("text", 5, "应为文字"),
    ("number", "五", "应为整数"),
    ("number", 1.5, "应为整数"),
    ("real", "很多", "应为数字"),
    ("flag", "也许", "应为 true 或 false"),
    ("flag", [1], "应为 true 或 false"),
    ("items", "学习", "应为列表"),
    ("pair", 5, "应为列表"),
    ("table", 5, "应为键值映射"),
    ("inner", 5, "应为键值映射"),
    ("mode", "xml", "应为以下之一：json_schema、json_object、tools"),
    ("kind", "丙", "应为以下之一：甲、乙"),
    ("positive", 0, "应大于 0"),
    ("at_least_one", 0, "应不小于 1"),
    ("below_five", 5, "应小于 5"),
    ("at_most_five", 6, "应不大于 5"),
    ("even", 3, "应为 2 的倍数"),
    ("two_or_more", ["a"], "至少应有 2 项"),
    ("one_at_most", ["a", "b"], "最多 1 项"),
    ("word", "a", "至少 2 个字符"),
    ("word", "abcd", "太长，最多 3 个字符"),
    ("day", "上周", "应为日期，如 2024-03-01"),
    ("moment", "昨天", "应为日期和时间，如 2024-03-01T09:30:00"),
    ("url", "不是网址", "应为网址，如 https://example.com/v1"),
    ("nothing", 5, "应留空（null）"),
    ("unknown", 1, "不认识的字段"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_VALUES)
def test_each_common_error_type_is_chinese(field: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Everything.model_validate({"required": "x", field: value})
    line = describe_validation_error(caught.value)
    assert line == f"字段 {field}：{message}"


def test_missing_and_several_errors_in_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        Everything.model_validate({"number": "x", "flag": "x", "items": 1, "table": 2})
    line = describe_validation_error(caught.value)
    assert line.startswith("字段 number：应为整数；字段 flag：应为 true 或 false；")
    assert line.endswith("；另有 2 处错误") and "\n" not in line
    assert re.search(r"[A-Za-z]{3,} should", line) is None
