"""``draft build DRAFT``: assemble the document from the approved units of a draft file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from selfreview.cli.layout_options import (
    BodyFont,
    BoldHeadline,
    CharsPerLine,
    Heading1Font,
    Heading2Font,
    IndentChars,
    LineSpacing,
    SignatureFlag,
    SignDate,
    SignUnit,
    TitleFont,
    layout_given,
)


def build(
    draft_file: Annotated[
        Path,
        typer.Argument(help="草稿文件 <输出名>.draft.json。", show_default=False, metavar="DRAFT"),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件（.docx 或 .md）；默认为草稿文件旁同名的 .docx。",
            show_default=False,
        ),
    ] = None,
    allow_placeholders: Annotated[
        bool,
        typer.Option(
            "--allow-placeholders",
            help="仍有【待补…】、xx 等占位内容时也生成，文档标注“讨论稿”并保留底纹。",
        ),
    ] = False,
    allow_missing_aspects: Annotated[
        bool,
        typer.Option(
            "--allow-missing-aspects",
            help="通知要求查摆的某个方面的问题都已删除或移到别的方面时，也生成文档。",
        ),
    ] = False,
    ledger: Annotated[
        bool,
        typer.Option(
            "--ledger", help="在材料后附整改清单表（序号、问题、整改措施、责任领导、完成时限）。"
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="允许覆盖已存在的输出文档（只重新生成文档，草稿和审阅决定不变）。"
        ),
    ] = False,
    line_spacing: LineSpacing = None,
    chars_per_line: CharsPerLine = None,
    indent_chars: IndentChars = None,
    bold_headline: BoldHeadline = None,
    title_font: TitleFont = None,
    body_font: BodyFont = None,
    heading1_font: Heading1Font = None,
    heading2_font: Heading2Font = None,
    signature: SignatureFlag = None,
    sign_unit: SignUnit = None,
    sign_date: SignDate = None,
) -> None:
    """只用已确认的内容生成 Word（或 Markdown）文档；仍有待定内容时拒绝并列出。

    \b
    已删除的条目不进入文档；有【待补…】、xx 等占位内容时默认拒绝。
    生成前列出没有任何已确认措施回应的问题。版式默认沿用起草时记在草稿文件中的设置；
    这里给出的版式和落款选项会记入草稿文件，以后生成时沿用。

    示例：

      draft build 对照检查材料.draft.json

      draft build 对照检查材料.draft.json -o 定稿.docx --ledger

      draft build 对照检查材料.draft.json --allow-placeholders -o 讨论稿.docx

      draft build 对照检查材料.draft.json --sign-date 2026年1月6日
    """
    from selfreview.cli.draft_flow import say
    from selfreview.cli.review_flow import report_build
    from selfreview.draftfile import load_draft
    from selfreview.workflow.building import build as build_with
    from selfreview.workflow.building import default_output
    from selfreview.workflow.signing import signing_given

    signing = signing_given(signature, sign_unit, sign_date)
    draft = load_draft(draft_file)
    target = output or default_output(draft_file)
    _, report = build_with(
        draft,
        target,
        path=draft_file,
        layout=layout_given(
            line_spacing=line_spacing,
            chars_per_line=chars_per_line,
            indent_chars=indent_chars,
            bold_headline=bold_headline,
            title_font=title_font,
            body_font=body_font,
            heading1_font=heading1_font,
            heading2_font=heading2_font,
        ),
        signing=signing,
        force=force,
        allow_placeholders=allow_placeholders,
        allow_missing_aspects=allow_missing_aspects,
        ledger=ledger,
    )
    report_build(report)
    say(f"已生成：{target}")
