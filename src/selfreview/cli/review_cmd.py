"""``draft review DRAFT``: review a draft in the terminal, or through a review sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

MODEL = "模型（用于重新生成；默认用草稿文件中记下的，给出则记入草稿文件）"


def review(
    draft_file: Annotated[
        Path,
        typer.Argument(help="草稿文件 <输出名>.draft.json。", show_default=False, metavar="DRAFT"),
    ],
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="导出审阅单（Markdown）：每条带复选框、正文和所依据的意见，可用任何编辑器修改。",
            show_default=False,
            metavar="SHEET.md",
        ),
    ] = None,
    apply: Annotated[
        Path | None,
        typer.Option(
            "--apply",
            help="读回改好的审阅单，校验后记录其中的确认、删除和修改；有错则一条也不记录。",
            show_default=False,
            metavar="SHEET.md",
        ),
    ] = None,
    approve_all: Annotated[
        bool,
        typer.Option("--approve-all", help="确认全部待定内容（记录为本人批量确认）。"),
    ] = False,
    by: Annotated[
        str | None,
        typer.Option(help="审阅人姓名，记入每条决定；默认为当前登录用户名。", show_default=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="允许覆盖已存在的审阅单文件。")] = False,
    provider: Annotated[
        str | None,
        typer.Option(
            help="重新生成时使用的模型服务；默认用起草时的服务、模型和接口地址"
            "（离线起草的草稿需指定）。",
            rich_help_panel=MODEL,
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="模型名称。", rich_help_panel=MODEL, show_default=False)
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="OpenAI 兼容接口地址（…/v1）。", rich_help_panel=MODEL, show_default=False
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            help="只用该目录中录制的模型回答。", rich_help_panel=MODEL, show_default=False
        ),
    ] = None,
    redact: Annotated[
        bool | None,
        typer.Option(
            "--redact/--no-redact",
            help="重新生成时是否把个人信息换成占位符；默认与起草时相同（含人员名单）。",
            show_default=False,
            rich_help_panel=MODEL,
        ),
    ] = None,
) -> None:
    """逐条审阅草稿：确认、修改、删除、按要求重新生成、手工添加、移动。

    \b
    在终端中逐条显示候选内容、所依据的意见和检查发现，按键操作（可经 SSH 使用，无需鼠标）；
    每个决定立即保存到草稿文件。也可导出审阅单，在编辑器中修改后读回。

    示例：

      draft review 对照检查材料.draft.json

      draft review 对照检查材料.draft.json --export 审阅单.md

      draft review 对照检查材料.draft.json --apply 审阅单.md

      draft review 对照检查材料.draft.json --approve-all
    """
    from selfreview.cli.review_flow import ReviewOptions, run_review
    from selfreview.pipeline import ModelOptions

    if export is not None and apply is not None:
        raise typer.BadParameter("--export 与 --apply 不能同时使用", param_hint="--apply")
    run_review(
        ReviewOptions(
            draft_file=draft_file,
            export=export,
            apply=apply,
            approve_all=approve_all,
            by=by,
            force=force,
            model=ModelOptions(
                provider=provider or "auto",
                model=model,
                base_url=base_url,
                replay=replay,
                redact=redact,
            ),
        )
    )
