"""``draft NOTES``: draft a material from raw notes, save the draft file, build when approved."""

from __future__ import annotations

from enum import StrEnum
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

MODEL = "模型（记入草稿文件，审阅中重新生成时沿用）"


class KindChoice(StrEnum):
    """The material's voice, as typed on the command line."""

    collective = "collective"
    personal = "personal"


def run(
    notes: Annotated[
        list[Path],
        typer.Argument(
            help="原始材料文件（.txt / .md / .docx，可多个）：征求意见、谈心谈话记录、自己查摆等。",
            show_default=False,
            metavar="NOTES",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件（.docx 或 .md）；默认与第一个原始材料同名、同目录的 .docx。",
            show_default=False,
        ),
    ] = None,
    provider: Annotated[
        str,
        typer.Option(
            help="模型服务：openai、deepseek、qwen、kimi、glm、ollama、vllm、配置文件中自定义的，"
            "或 offline（离线规则起草）；auto 用配置的服务，未配置时用 offline。",
            rich_help_panel=MODEL,
        ),
    ] = "auto",
    model: Annotated[
        str | None,
        typer.Option(
            help="模型名称；默认用该服务的默认模型（见 draft config）。", rich_help_panel=MODEL
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="OpenAI 兼容接口地址（…/v1），如本机或内网部署的服务。", rich_help_panel=MODEL
        ),
    ] = None,
    replay: Annotated[
        Path | None,
        typer.Option(
            help="只用该目录中录制的模型回答，不联网；缺少某次请求的记录即报错。",
            rich_help_panel=MODEL,
        ),
    ] = None,
    record: Annotated[
        Path | None,
        typer.Option(help="把每次模型交互另存到该目录（用于测试和回放）。", rich_help_panel=MODEL),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="不读也不写本机缓存，每次都调用模型。", rich_help_panel=MODEL
        ),
    ] = False,
    retries: Annotated[
        int | None,
        typer.Option(
            help="模型回答未通过校验时，带着错误重新询问的次数（默认 2）。",
            min=0,
            max=10,
            rich_help_panel=MODEL,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            help="同一阶段并发调用数（默认 8，不少于方面数时关键路径只有三轮）。",
            min=1,
            max=64,
            rich_help_panel=MODEL,
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            help="每次模型请求的总时限（秒，默认 120），从发出到收完回答。",
            min=1.0,
            rich_help_panel=MODEL,
        ),
    ] = None,
    names: Annotated[
        Path | None,
        typer.Option(
            help="人员名单文件（每行一个姓名，# 开头为注释）：发给本机以外的模型前，"
            "这些姓名也替换为占位符。",
            show_default=False,
            metavar="FILE",
            rich_help_panel=MODEL,
        ),
    ] = None,
    redact: Annotated[
        bool | None,
        typer.Option(
            "--redact/--no-redact",
            help="发给模型前把姓名、电话、身份证号、邮箱、银行卡号换成占位符，回答中换回"
            "（默认只对本机以外的服务替换；见 draft redact）。",
            show_default=False,
            rich_help_panel=MODEL,
        ),
    ] = None,
    outline: Annotated[
        str | None,
        typer.Option(
            help="提纲：内置提纲编号（见 draft outlines）或自备的 YAML 文件路径；"
            "不给时按笔记标题中的年度和会议选择。"
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            help="年度（如 2025，指“2025年度”）：按它选内置提纲，优先于笔记标题中的年度。",
            min=1949,
            max=2100,
            show_default=False,
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            help="会议：民主生活会、专题民主生活会、组织生活会、专题组织生活会；"
            "优先于笔记标题中的会议。",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        KindChoice | None,
        typer.Option(
            help="材料类型：collective（班子/党组）或 personal（个人）；"
            "不写时按笔记标题（含“个人”为个人材料），否则为班子材料。",
            show_default=False,
        ),
    ] = None,
    org: Annotated[
        str, typer.Option(help="单位（班子）名称，个人材料填本人姓名职务；用于标题和开头。")
    ] = "",
    title: Annotated[
        str | None, typer.Option(help="标题；默认按单位和会议名称生成。", show_default=False)
    ] = None,
    approve_all: Annotated[
        bool,
        typer.Option(
            "--approve-all", help="确认全部起草内容并直接生成文档（记录为本人批量确认）。"
        ),
    ] = False,
    allow_placeholders: Annotated[
        bool,
        typer.Option(
            "--allow-placeholders",
            help="仍有【待补…】、xx 等占位内容时也生成文档，标注“讨论稿”并保留底纹。",
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
        typer.Option("--ledger", help="在材料后附整改清单表（见 draft build --ledger）。"),
    ] = False,
    no_review: Annotated[
        bool,
        typer.Option("--no-review", help="起草后不进入终端逐条审阅（稍后用 draft review）。"),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="允许覆盖已存在的输出文档（只重新生成文档，草稿和审阅决定不变）。"
        ),
    ] = False,
    redraft: Annotated[
        bool,
        typer.Option(
            "--redraft",
            help="重新起草：不沿用已有草稿及其审阅决定；原草稿先备份为带时间的 .bak.json。"
            "改了提纲、材料类型、单位、标题或换了原始材料时需要。",
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
    """从原始材料起草对照检查材料，逐条审阅确认后生成 Word 文档。

    \b
    草稿（意见、候选问题、原因和措施、每条的审阅决定）保存在输出文件旁的
    <输出名>.draft.json，每个决定立即保存。在终端中运行时，起草完成后进入逐条审阅；
    全部确认后生成文档。再次运行：原始材料未变则继续审阅；材料有变化则说明变化，
    只重新起草受影响的问题，其余条目的审阅决定保留。模型、接口地址、脱敏、人员名单、
    版式和落款记在草稿文件中，以后的审阅和生成沿用；要从头重新起草请加 --redraft。

    示例：

      draft fixtures/notes/sample-notes.txt --org 某市政府党组

      draft 征求意见.txt --provider deepseek --org 某市政府党组 -o 对照检查材料.docx

      draft 谈话记录.docx 征求意见.txt --kind personal --org 王某某同志 --approve-all
    """
    from selfreview.cli.draft_flow import DraftOptions, run_draft
    from selfreview.pipeline import ModelOptions
    from selfreview.workflow.signing import signing_given

    if replay is not None and record is not None:
        raise typer.BadParameter("--replay 与 --record 不能同时使用", param_hint="--record")

    run_draft(
        DraftOptions(
            notes=notes,
            output=output,
            model=ModelOptions(
                provider=provider,
                model=model,
                base_url=base_url,
                replay=replay,
                record=record,
                cache=not no_cache,
                retries=retries,
                jobs=jobs,
                timeout=timeout,
                redact=redact,
                names=names,
            ),
            outline=outline,
            year=year,
            meeting=meeting,
            personal=None if kind is None else kind is KindChoice.personal,
            org=org,
            title=title,
            approve_all=approve_all,
            review=not no_review,
            allow_placeholders=allow_placeholders,
            allow_missing_aspects=allow_missing_aspects,
            ledger=ledger,
            force=force,
            redraft=redraft,
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
            signing=signing_given(signature, sign_unit, sign_date),
        )
    )
