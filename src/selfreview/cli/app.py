"""The ``draft`` command: the typer app, its default command, and the exit-code edge.

Only typer is imported here; every command imports what it needs when it runs, so that
``draft --help`` stays fast and works with no key and no network.

Exit codes: 0 ok, 1 failure (any :class:`~selfreview.errors.SelfReviewError`), 2 usage,
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from typing import Any

import typer
from typer.core import TyperGroup

from selfreview.cli import (
    build_cmd,
    cache_cmd,
    check_cmd,
    config_cmd,
    draft_cmd,
    import_cmd,
    outlines_cmd,
    redact_cmd,
    review_cmd,
    serve_cmd,
)

DEFAULT_COMMAND = "run"


class DefaultCommandGroup(TyperGroup):
    """A group where ``draft NOTES …`` means ``draft run NOTES …``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Insert the default command unless the first word names a command or asks for help."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    name="draft",
    help=(
        "起草对照检查材料：读入征求意见、谈心谈话记录等原始材料，生成问题、原因、措施，"
        "经人工确认后输出符合 GB/T 9704 格式的 Word 文档。\n\n"
        "示例：\n\n"
        "  draft 征求意见.txt -o 对照检查材料.docx\n\n"
        "  draft review 对照检查材料.draft.json\n\n"
        "  draft build 对照检查材料.draft.json\n\n"
        "  draft serve\n\n"
        "  draft outlines\n\n"
        "  draft config"
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command(DEFAULT_COMMAND)(draft_cmd.run)
app.command("review")(review_cmd.review)
app.command("build")(build_cmd.build)
app.command("serve")(serve_cmd.serve)
app.command("outlines")(outlines_cmd.outlines)
app.command("import")(import_cmd.import_material)
app.command("check")(check_cmd.check)
app.command("config")(config_cmd.config)
app.command("redact")(redact_cmd.redact)
app.add_typer(cache_cmd.app, name="cache")


def _version(value: bool) -> None:
    if value:
        from selfreview import __version__

        typer.echo(f"selfreview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号并退出。"
    ),
) -> None:
    pass


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: run the app and map outcomes to exit codes."""
    sys.exit(run_cli(argv))


@cache
def click_command() -> Any:
    """The click command typer builds from ``app``: built once, as that takes tens of ms."""
    return typer.main.get_command(app)


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the CLI on ``argv`` and return the exit code (no ``sys.exit``)."""
    from selfreview.errors import SelfReviewError

    command = click_command()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result: Any = command.main(args, prog_name="draft", standalone_mode=False)
    except SelfReviewError as err:
        typer.echo(f"错误：{err}", err=True)
        return 1
    except typer.Exit as done:
        return int(done.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("已中断。", err=True)
        return 130
    except typer.TyperException as usage:  # typer's own click: usage errors exit 2
        from selfreview.cli.usage import usage_lines

        for line in usage_lines(usage):
            typer.echo(line, err=True)
        return int(usage.exit_code)
    return int(result) if isinstance(result, int) else 0
