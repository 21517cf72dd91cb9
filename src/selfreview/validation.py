"""Turn pydantic validation errors into one line a user can act on."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError


def describe_validation_error(exc: ValidationError, at: str = "") -> str:
    """One line naming the first failing field(s) of a pydantic error, in Chinese.

    ``at`` names where the validated value stands (a field validated on its own reads
    ``字段 title`` rather than the top level)."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join([*([at] if at else []), *(str(p) for p in error["loc"])]) or "（顶层）"
        parts.append(f"字段 {where}：{_message(error)}")
    more = len(exc.errors()) - len(parts)
    return "；".join(parts) + (f"；另有 {more} 处错误" if more > 0 else "")


def describe_value_error(exc: ValidationError) -> str:
    """What is wrong with a single value (no field name): "应为数字", "应不小于 12"."""
    errors = exc.errors()
    return _message(errors[0]) if errors else "值不对"


_MAPPING = "应为键值映射"
_DATE = "应为日期，如 2024-03-01"
_DATETIME = "应为日期和时间，如 2024-03-01T09:30:00"
_BOOL = "应为 true 或 false"
_MESSAGES = {
    "missing": "缺少此字段",
    "extra_forbidden": "不认识的字段",
    "string_type": "应为文字",
    "string_too_long": "太长，最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不对（不能为空，也不能含空格）",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "frozen_set_type": "应为列表",
    "too_long": "最多 {max_length} 项",
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "dataclass_type": _MAPPING,
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_type": _BOOL,
    "bool_parsing": _BOOL,
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "finite_number": "应为有限的数字",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "time_type": "应为时间，如 09:30",
    "time_parsing": "应为时间，如 09:30",
    "url_type": "应为网址，如 https://example.com/v1",
    "url_parsing": "应为网址，如 https://example.com/v1",
    "url_scheme": "网址应以 http:// 或 https:// 开头",
    "none_required": "应留空（null）",
    "json_invalid": "不是有效的 JSON",
    "json_type": "应为 JSON 文字",
    "frozen_field": "不能修改",
    "frozen_instance": "不能修改",
    "union_tag_invalid": "类型标记不对，应为以下之一：{expected_tags}",
    "union_tag_not_found": "缺少类型标记 {discriminator}",
}
_EXPECTED_RE = re.compile(r"'((?:[^'\\]|\\.)*)'|([^\s,']+)")


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    msg = str(error.get("msg", ""))
    if kind in ("value_error", "assertion_error"):
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("too_short", "string_too_short"):
        length = ctx.get("min_length", 1)
        if length == 1:
            return "不能为空"
        return f"至少 {length} 个字符" if kind == "string_too_short" else f"至少应有 {length} 项"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"值不对（{msg}）"
    for key, value in ctx.items():
        if key in ("expected", "expected_tags"):
            ctx[key] = _choices(str(value))
        elif isinstance(value, float):
            ctx[key] = f"{value:g}"  # 0.0 as 0
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].rstrip("：，, ") or f"值不对（{msg}）"


def _choices(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as "a、b、c"."""
    words = [
        quoted or bare
        for quoted, bare in _EXPECTED_RE.findall(expected.replace(" or ", ", "))
        if quoted or bare
    ]
    return "、".join(words) or expected
