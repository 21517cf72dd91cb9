"""The layout options ``draft`` and ``draft build`` share (cheap to import for --help).

Not given: the draft file's stored layout, or the GB/T 9704 defaults; given: used and
recorded in the draft file for later builds.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

LAYOUT = "版式（记入草稿文件，以后生成时沿用）"
SIGN = "落款（记入草稿文件，以后生成时沿用）"

LineSpacing = Annotated[
    float | None,
    typer.Option(
        help="固定行距（磅）；默认 28.95 磅，排满每页 22 行，常见做法为 28。",
        rich_help_panel=LAYOUT,
        min=12.0,
        max=60.0,
        show_default=False,
    ),
]
CharsPerLine = Annotated[
    int | None,
    typer.Option(
        help="每行字数（默认 28，为标准；0 表示不调整字距）。",
        rich_help_panel=LAYOUT,
        min=0,
        max=60,
        show_default=False,
    ),
]
IndentChars = Annotated[
    int | None,
    typer.Option(
        help="正文和“一、”“（一）”标题首行缩进字数（默认 2，0 为顶格；标题、附件、落款不缩进）。",
        rich_help_panel=LAYOUT,
        min=0,
        max=8,
        show_default=False,
    ),
]
BoldHeadline = Annotated[
    bool | None,
    typer.Option(
        "--bold-headline/--no-bold-headline",
        help="“一是……”首句加粗（默认加粗；通行做法，非标准要求）。",
        rich_help_panel=LAYOUT,
        show_default=False,
    ),
]
TitleFont = Annotated[
    str | None, typer.Option(help="标题字体，默认 方正小标宋简体。", rich_help_panel=LAYOUT)
]
BodyFont = Annotated[
    str | None, typer.Option(help="正文字体，默认 仿宋_GB2312。", rich_help_panel=LAYOUT)
]
Heading1Font = Annotated[
    str | None, typer.Option(help="一级标题字体，默认 黑体。", rich_help_panel=LAYOUT)
]
Heading2Font = Annotated[
    str | None, typer.Option(help="二级标题字体，默认 楷体_GB2312。", rich_help_panel=LAYOUT)
]

SignatureFlag = Annotated[
    bool | None,
    typer.Option(
        "--signature/--no-signature",
        help="在正文下加/不加落款（单位和日期，日期右空四字，单位在日期上方居中）。"
        "默认：单位和日期都已知时加。",
        rich_help_panel=SIGN,
        show_default=False,
    ),
]
SignUnit = Annotated[
    str | None,
    typer.Option(
        "--sign-unit",
        help="落款单位，如“中共某市生态环境局党组”；个人材料写本人姓名。"
        "默认：班子材料为 --org（或笔记标题中的单位），个人材料为笔记中的本人姓名。",
        rich_help_panel=SIGN,
        show_default=False,
        metavar="TEXT",
    ),
]
SignDate = Annotated[
    str | None,
    typer.Option(
        "--sign-date",
        help="落款日期，如 2026年1月6日（也可写 2026-01-06）。默认：笔记写明的会议日期；"
        "不会自行填写日期，要加落款而没有日期时写“【待补：落款日期】”。",
        rich_help_panel=SIGN,
        show_default=False,
        metavar="DATE",
    ),
]


def layout_given(
    *,
    line_spacing: float | None,
    chars_per_line: int | None,
    indent_chars: int | None = None,
    bold_headline: bool | None,
    title_font: str | None,
    body_font: str | None,
    heading1_font: str | None,
    heading2_font: str | None,
) -> dict[str, Any]:
    """The LayoutSettings fields typed on the command line (the others not given)."""
    given: dict[str, Any] = {
        "line_spacing_pt": line_spacing,
        "indent_chars": indent_chars,
        "bold_headline": bold_headline,
        "title_font": title_font,
        "body_font": body_font,
        "heading1_font": heading1_font,
        "heading2_font": heading2_font,
    }
    layout = {key: value for key, value in given.items() if value is not None}
    if chars_per_line is not None:
        layout["chars_per_line"] = chars_per_line or None  # 0: no grid
    return layout
