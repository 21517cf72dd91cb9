"""``draft check FILE``: check a material or a draft file against the genre's rules."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from selfreview.schema import Voice


class VoiceChoice(StrEnum):
    """The material's voice as typed; auto keeps what the file says or the importer found."""

    auto = "auto"
    collective = "collective"
    personal = "personal"

    def voice(self) -> Voice | None:
        """The schema's voice, or None for auto."""
        from selfreview.schema import Voice

        return None if self is VoiceChoice.auto else Voice(self.value)


def check(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="要检查的材料（.docx / .txt / .md）、draft import 输出的 JSON "
            "或草稿文件 *.draft.json。",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出检查结果。")] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="列出全部检查规则、级别和词表，不检查文件。")
    ] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="说明一条规则：查什么、为什么重要，并给出好、坏两种写法；不检查文件。",
            metavar="RULE",
            show_default=False,
        ),
    ] = None,
    rules_file: Annotated[
        Path | None,
        typer.Option(
            help="自备的规则文件（YAML），覆盖内置规则的级别、开关和词表。", show_default=False
        ),
    ] = None,
    kind: Annotated[
        VoiceChoice,
        typer.Option(help="材料类型：auto（自动判断）、collective（班子）或 personal（个人）。"),
    ] = VoiceChoice.auto,
) -> None:
    """按文体规则检查对照检查材料或草稿文件；有“错误”时退出码为 1。

    \b
    检查占位符、编号、人称、先扬后抑、空洞表态、套话、具体事例、篇幅比例等；
    草稿文件还检查问题与措施的对应，以及所引意见中没有的数字、日期、人名（可能编造）。

    规则和词表在 prompts/checks/rules.yaml，可用 --rules-file 覆盖。

    示例：

      draft check 对照检查材料.docx

      draft check 材料.draft.json --json

      draft check --rules

      draft check --explain no-example
    """
    from selfreview.checks import has_errors, load_rules, run_checks
    from selfreview.checks.config import rule_by_id
    from selfreview.checks.report import (
        explain_text,
        json_report,
        rules_json,
        rules_text,
        text_report,
    )
    from selfreview.workflow.checking import check_target

    loaded = load_rules(rules_file)
    if explain is not None:
        typer.echo(explain_text(rule_by_id(loaded, explain)))
        return
    if rules:
        typer.echo(rules_json(loaded) if as_json else rules_text(loaded))
        return
    if file is None:
        raise typer.BadParameter("请给出要检查的文件，或用 --rules 列出规则", param_hint="FILE")
    target = check_target(file, kind.voice())
    findings = run_checks(target, loaded)
    typer.echo(json_report(target, findings) if as_json else text_report(target, findings))
    if has_errors(findings):
        raise typer.Exit(1)
