"""The command-line reference ``docs/cli.md``, generated from every command's ``--help``.

    python -m selfreview.cli.reference > docs/cli.md

The commands are read from the typer app (groups such as ``draft cache`` are walked into),
so a newly registered command appears without touching this file. Help is rendered at a
fixed width so that the output does not depend on the terminal it is generated in;
``tests/test_cli_reference.py`` fails when ``docs/cli.md`` differs from a fresh run.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import Any

import typer

from selfreview.cli.app import DEFAULT_COMMAND, app

WIDTH = 100
"""Columns the help text is wrapped at."""
COMMAND = "python -m selfreview.cli.reference > docs/cli.md"
"""How to regenerate the reference (shown in the file and in the test's message)."""

HEADER = f"""# 命令行参考

本文由 `{COMMAND}` 根据各命令的 `--help` 生成，请勿手工修改；
`tests/test_cli_reference.py` 检查它与程序一致。

`draft NOTES…` 即 `draft {DEFAULT_COMMAND} NOTES…`（默认命令）。退出码：0 成功；1 失败（输入有误、
文件已存在等，给出一行中文说明）；2 用法错误；130 被 Ctrl-C 中断。
"""


def command_paths() -> list[tuple[str, ...]]:
    """Every command as the words after ``draft``, the root ``()`` first, in help order."""
    root = typer.main.get_command(app)
    return list(_walk(root, ()))


def _walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    yield path
    list_commands = getattr(command, "list_commands", None)
    if list_commands is None:
        return
    ctx = command.make_context("draft", [], resilient_parsing=True)
    for name in list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is not None and not getattr(sub, "hidden", False):
            yield from _walk(sub, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    """The ``--help`` output of ``draft <path>``, wrapped at :data:`WIDTH` columns."""
    command = typer.main.get_command(app)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(typer.Exit):
        command.main(
            [*path, "--help"],
            prog_name="draft",
            standalone_mode=False,
            terminal_width=WIDTH,
            max_content_width=WIDTH,
        )
    return out.getvalue().rstrip() + "\n"


def reference() -> str:
    """The whole of ``docs/cli.md``."""
    parts = [HEADER]
    for path in command_paths():
        title = " ".join(("draft", *path))
        parts.append(f"## {title}\n\n```text\n{help_text(path)}```\n")
    return "\n".join(parts)


def main() -> None:
    """Print the reference to stdout (UTF-8 whatever the console's encoding)."""
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.write(reference())


if __name__ == "__main__":
    main()
