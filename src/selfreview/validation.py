"""Turn pydantic validation errors into one line a user can act on."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming the first failing field(s) of a pydantic error, in Chinese."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "（顶层）"
        parts.append(f"字段 {where}：{_message(error)}")
    more = len(exc.errors()) - len(parts)
    return "；".join(parts) + (f"；另有 {more} 处错误" if more > 0 else "")


_MESSAGES = {
    "missing": "缺少此字段",
    "extra_forbidden": "不认识的字段",
    "string_type": "应为文字",
    "list_type": "应为列表",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不对（不能为空，也不能含空格）",
}


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return _MESSAGES.get(kind, str(error.get("msg", "")))
