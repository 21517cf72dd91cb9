"""``draft serve [NOTES… | DRAFT]``: the review page in the browser, on this machine only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="草稿文件（*.draft.json），或原始材料文件（.txt / .md / .docx，可多个）；"
            "不给时在当前文件夹中选择。",
            show_default=False,
            metavar="NOTES|DRAFT",
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(help="监听地址；默认只有本机能访问（127.0.0.1）。改为其他地址会给出警告。"),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="端口；0 表示自动选一个空闲端口。", min=0, max=65535)
    ] = 0,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器。")] = False,
) -> None:
    """在浏览器中起草、审阅并生成文档（本机网页，按 Ctrl-C 停止）。

    \b
    工作文件夹是草稿文件所在的文件夹（给出原始材料时是材料所在的文件夹，否则是当前文件夹）：
    上传的材料、草稿和生成的文档都在这里。每个操作与终端审阅一样立即保存。
    打印的地址带一次性的访问令牌，只有拿到这个地址的人能打开页面。

    示例：

      draft serve

      draft serve 对照检查材料.draft.json

      draft serve 征求意见.txt 谈话记录.docx
    """
    from selfreview.cli.draft_flow import say
    from selfreview.web.server import run_server, start_page_path

    folder, path = start_page_path(files or [])
    if host not in LOOPBACK:
        say(
            f"警告：监听 {host}，同一网络中的其他机器也能连到这个页面（仍需访问令牌）；"
            "原始材料含有姓名等个人信息，如无必要请用默认的 127.0.0.1。"
        )
    run_server(folder, path, host=host, port=port, browser=not no_browser)
