"""``draft import FILE``: parse an existing material into the schema and print it as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from selfreview.cli.check_cmd import VoiceChoice

if TYPE_CHECKING:
    from selfreview.importing.model import ImportResult


def import_material(
    file: Annotated[
        Path,
        typer.Argument(
            help="已有的对照检查材料（.docx / .txt / .md）。", show_default=False, metavar="FILE"
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="写入的 JSON 文件；省略则输出到屏幕。", show_default=False
        ),
    ] = None,
    kind: Annotated[
        VoiceChoice,
        typer.Option(
            help="材料类型：auto（按标题和人称判断）、collective（班子）或 personal（个人）。"
        ),
    ] = VoiceChoice.auto,
    force: Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件。")] = False,
) -> None:
    """把已有的对照检查材料导入为结构化 JSON（标题、问题、原因、措施……）。

    \b
    能识别：各种部分标题写法；“（一）……方面”单独成段或与条目写在一段；
    “一是……二是……”分段或连写；（一）形式的原因和措施小标题；
    Markdown 标记；PDF 复制来的硬换行和页码。
    未能归入结构的文字保留在 JSON 的 unplaced 中，并在屏幕上列出。

    示例：

      draft import 去年的材料.docx -o 去年的材料.json

      draft import 同事的初稿.txt --kind personal
    """
    from selfreview.atomic import write_text_atomic
    from selfreview.errors import OutputError
    from selfreview.importing import import_file

    if output is not None and output.exists() and not force:
        raise OutputError("输出文件已存在，加 --force 覆盖", path=output)
    result = import_file(file)
    voice = kind.voice()
    if voice is not None:
        result = result.model_copy(
            update={"material": result.material.model_copy(update={"voice": voice})}
        )
    text = result.model_dump_json(indent=2, exclude_none=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
    material = result.material
    typer.echo(
        f"已导入 {file}：{len(material.problems)} 个方面、{len(material.all_problems())} 个问题、"
        f"{len(material.causes)} 条原因、{len(material.measures)} 条措施"
        f"{'' if output is None else f'，已写入 {output}'}",
        err=True,
    )
    if result.signature is not None:
        typer.echo(f"落款：{result.signature.unit}，{result.signature.date}", err=True)
    for warning in result.warnings:
        typer.echo(f"注意：{warning}", err=True)
    for unplaced in result.unplaced:
        typer.echo(f"未归类（第 {unplaced.line} 行，{unplaced.reason}）：{unplaced.text}", err=True)
    if result.skipped:
        left_out = skipped_summary(result)
        typer.echo(f"不算材料内容、已略去（见 JSON 的 skipped）：{left_out}", err=True)


def skipped_summary(result: ImportResult) -> str:
    """What the import left out, counted by reason: "附件 10 处、文稿标记 1 处"."""
    counts: dict[str, int] = {}
    for item in result.skipped:
        label = item.reason.removesuffix("，未放入材料")
        counts[label] = counts.get(label, 0) + 1
    return "、".join(f"{label} {count} 处" for label, count in counts.items())
