"""``draft redact NOTES``: what a model not on this machine would be sent, and what was replaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def redact(
    notes: Annotated[
        list[Path],
        typer.Argument(
            help="原始材料文件（同 draft NOTES）。", show_default=False, metavar="NOTES"
        ),
    ],
    names: Annotated[
        Path | None,
        typer.Option(
            help="人员名单文件（同 draft --names）：每行一个姓名，# 开头为注释。",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    org: Annotated[
        str, typer.Option(help="单位名称或本人姓名职务（同 draft --org，它也会发给模型）。")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出意见和替换表。")] = False,
) -> None:
    """显示发给本机以外的模型服务时，意见中的个人信息被替换成什么样。

    姓名（谈话记录的发言人、“某某同志/书记/局长”、分词识别的人名、--names 名单中的姓名）、
    手机和固定电话号码、身份证号（校验位正确的）、邮箱、银行卡号（Luhn 校验正确的）
    换成〔人名1〕〔手机1〕〔电话1〕〔身份证1〕〔邮箱1〕〔银行卡1〕之类的占位符，
    同一个人或号码在整份材料中始终是同一个占位符；模型回答中的占位符在本机换回原文。
    单位名称、地名、职务、数字、日期、金额不替换（核对“事实有据”要用到它们）。
    本命令不联网，只读材料、显示结果。

    示例：

      draft redact 征求意见.txt 谈话记录.docx

      draft redact 谈话记录.txt --names 班子成员.txt --json
    """
    from selfreview.notes import read_notes_files
    from selfreview.privacy import Redactor, load_roster

    roster = load_roster(names) if names is not None else []
    document = read_notes_files(notes)
    redactor = Redactor(roster)
    # The author line first, as a draft's model chain primes it: the same numbering as a draft.
    sent = redactor.prime([org, *(o.text for o in document.opinions)])
    opinion_texts = sent[1:]
    table = redactor.replacements()
    if as_json:
        data = {
            "org": sent[0],
            "opinions": [
                {"id": o.id, "text": text}
                for o, text in zip(document.opinions, opinion_texts, strict=True)
            ],
            "replacements": [
                {
                    "original": r.original,
                    "placeholder": r.placeholder,
                    "kind": r.kind.value,
                    "count": r.count,
                }
                for r in table
            ],
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if org:
        typer.echo(f"单位/作者：{sent[0]}")
    for opinion, text in zip(document.opinions, opinion_texts, strict=True):
        typer.echo(f"[{opinion.id}] {text}")
    typer.echo("")
    if not table:
        typer.echo("没有发现需要替换的个人信息。")
        return
    typer.echo(f"替换 {len(table)} 项（原文 -> 占位符，类别，出现次数）：")
    for row in table:
        typer.echo(f"  {row.original} -> {row.placeholder}  {row.kind.value}  {row.count} 次")
