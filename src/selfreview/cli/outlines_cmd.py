"""``draft outlines``: list the built-in outlines, show or check one, or make one from a
year's notice (``--from-notice``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def outlines(
    show: Annotated[
        str | None,
        typer.Argument(help="要查看的提纲编号或 YAML 文件路径；省略则列出全部内置提纲。"),
    ] = None,
    from_notice: Annotated[
        Path | None,
        typer.Option(
            "--from-notice",
            help="从当年通知（.txt / .docx）生成提纲：找出年度、会议、主题和方面列表，"
            "关键词按方面文字建议，供核对后用 --outline 指定。",
            show_default=False,
            metavar="NOTICE",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="--from-notice 生成的提纲写入此 YAML 文件（省略则输出到屏幕）。",
            show_default=False,
        ),
    ] = None,
    url: Annotated[str, typer.Option(help="--from-notice：通知的网址，写入提纲的 source。")] = "",
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的 -o 文件。")] = False,
) -> None:
    """列出内置提纲，查看（并校验）某个提纲的方面，或从当年通知生成提纲。

    示例：

      draft outlines

      draft outlines 2025-minzhu

      draft outlines 我的提纲.yaml

      draft outlines --from-notice 通知.txt -o 我的提纲.yaml
    """
    from selfreview.outline import builtin_outline_files, load_outline

    if from_notice is not None:
        _from_notice(from_notice, output, url=url, force=force)
        return
    if show is not None:
        outline = load_outline(show)
        typer.echo(f"{outline.id}  {outline.name}")
        year = f"{outline.year}年度" if outline.year else "年度未写明"
        typer.echo(f"  {year}{outline.meeting}；主题：{outline.theme or '（未写）'}")
        for number, aspect in enumerate(outline.aspects, start=1):
            scope = f"：{aspect.scope}" if aspect.scope else ""
            optional = "" if aspect.required else "（可选）"
            typer.echo(f"  {number}. {aspect.name}{optional}{scope}")
        if outline.source is not None:
            typer.echo(f"  来源：{outline.source.title} {outline.source.url}".rstrip())
        if outline.unverified:
            typer.echo(f"  待核对：{outline.unverified}")
        return
    for outline_id in builtin_outline_files():
        outline = load_outline(outline_id)
        names = "、".join(a.name.removesuffix("方面") for a in outline.aspects)
        old = "（往年）" if outline.historical else ""
        typer.echo(f"{outline.id}\t{outline.name}{old}（{len(outline.aspects)} 个方面：{names}）")


def _from_notice(notice: Path, output: Path | None, *, url: str, force: bool) -> None:
    """Write (or print) the outline made from ``notice`` and check that it loads."""
    from selfreview.atomic import write_text_atomic
    from selfreview.errors import InputError, OutputError
    from selfreview.notice import notice_paragraphs, outline_data, outline_yaml, read_notice
    from selfreview.outline import read_outline_file

    found = read_notice(notice_paragraphs(notice))
    try:
        data = outline_data(found, (output or notice).stem.removesuffix(".outline"), url)
    except InputError as err:
        raise InputError(err.message, path=notice) from None
    text = outline_yaml(data)
    if output is None:
        typer.echo(text, nl=False)
    else:
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise OutputError("提纲文件须以 .yaml 或 .yml 结尾", path=output)
        if output.exists() and not force:
            raise OutputError("输出文件已存在，加 --force 覆盖", path=output)
        write_text_atomic(output, text)
        outline = read_outline_file(output)  # what the user gets must load
        typer.echo(f"已生成提纲：{output}（{len(outline.aspects)} 个方面）", err=True)
    year = f"{found.year}年度" if found.year else "年度未找到"
    typer.echo(f"{year}{found.meeting or '（会议未找到）'}；方面：", err=True)
    for name, _ in found.aspects:
        typer.echo(f"  {name}", err=True)
    if found.missing:
        typer.echo(f"注意：通知中没有找到{'、'.join(found.missing)}，请在提纲中补上。", err=True)
    typer.echo("请对照通知核对主题、学习内容、方面和关键词后再用 --outline 指定。", err=True)
