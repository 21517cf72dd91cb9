"""``draft outlines``: list the built-in outlines (or show one, or check a user's file)."""

from __future__ import annotations

from typing import Annotated

import typer


def outlines(
    show: Annotated[
        str | None,
        typer.Argument(help="要查看的提纲编号或 YAML 文件路径；省略则列出全部内置提纲。"),
    ] = None,
) -> None:
    """列出内置提纲，或查看（并校验）某个提纲的方面。

    示例：

      draft outlines

      draft outlines 2021-five

      draft outlines 我的提纲.yaml
    """
    from selfreview.outline import builtin_outline_files, load_outline

    if show is not None:
        outline = load_outline(show)
        typer.echo(f"{outline.id}  {outline.name}")
        for number, aspect in enumerate(outline.aspects, start=1):
            scope = f"：{aspect.scope}" if aspect.scope else ""
            typer.echo(f"  {number}. {aspect.name}{scope}")
        return
    for outline_id in builtin_outline_files():
        outline = load_outline(outline_id)
        names = "、".join(a.name.removesuffix("方面") for a in outline.aspects)
        typer.echo(f"{outline.id}\t{outline.name}（{len(outline.aspects)} 个方面：{names}）")
