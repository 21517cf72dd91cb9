"""Usage errors (exit 2) in Chinese: a mistyped option, a missing argument, a value of the
wrong kind. The framework words them in English ("No such option", "Invalid value for
'--line-spacing': Input should be a valid number"); a clerk gets one Chinese line naming
the option and what it wants, then the command's usage line."""

from __future__ import annotations

import re
from typing import Any


def usage_lines(err: Any) -> list[str]:
    """The lines to show for a usage error raised by the command-line framework."""
    lines = [f"错误：{usage_message(err)}"]
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage().removeprefix("Usage: ").strip()
        lines.append(f"用法：{usage}（{ctx.command_path} -h 查看全部选项）")
    return lines


def usage_message(err: Any) -> str:
    """One Chinese sentence for a usage error (the framework's English as a last resort)."""
    from pydantic import ValidationError

    from selfreview.validation import describe_value_error

    name = type(err).__name__
    hint = _hint(err)
    if name == "NoSuchOption":
        found = f"没有这个选项：{err.option_name}"
        possible = sorted(getattr(err, "possibilities", None) or [])
        return found + (f"（是不是 {'、'.join(possible)}？）" if possible else "")
    if name == "MissingParameter":
        return f"缺少{'选项' if hint.startswith('-') else '参数'} {hint}".rstrip()
    if name == "BadOptionUsage" and "requires an argument" in err.format_message():
        return f"{err.option_name} 后面要写一个值"
    cause = err.__cause__
    if isinstance(cause, ValidationError):
        reason = describe_value_error(cause)
        choice = _NOT_ONE_OF.match(reason)
        if choice is not None:
            options = "、".join(re.findall(r"'([^']*)'", choice["options"]))
            reason = f"“{choice['value']}”不是可选的值，应为以下之一：{options}"
        return f"{hint or '参数'} 的值不对：{reason}"
    message = str(getattr(err, "message", None) or "")
    if name == "BadParameter" and message:
        return f"{hint}：{message}" if hint else message
    return str(err.format_message())


_NOT_ONE_OF = re.compile(r"^'(?P<value>.*)' is not one of (?P<options>.+?)\.?$")


def _hint(err: Any) -> str:
    """The option or argument the error is about: "--line-spacing", "DRAFT"."""
    param = getattr(err, "param", None)
    if param is None:
        return str(getattr(err, "param_hint", None) or "")
    try:
        hint = param.get_error_hint()
    except TypeError:  # click's own signature takes the context
        hint = param.get_error_hint(err.ctx)
    return str(hint).replace("'", "")
