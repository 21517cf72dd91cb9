"""Run the page: pick the folder and the first page, bind a free port, print the address."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from selfreview.errors import InputError
from selfreview.web.app import DRAFT_SUFFIX, Workspace, create_app, query


def start_page_path(files: Sequence[Path]) -> tuple[Path, str]:
    """The working folder and the first page for ``draft serve FILES``.

    One ``*.draft.json``: its folder, its review. Notes files: their folder (all in one),
    the page that shows what was read from them. Nothing: the current folder's start page.
    """
    if not files:
        return Path.cwd().resolve(), "/"
    for file in files:
        if not file.is_file():
            raise InputError("文件不存在", path=file)
    folders = {f.resolve().parent for f in files}
    if len(folders) > 1:
        raise InputError("原始材料须在同一个文件夹中（它就是网页的工作文件夹）", path=files[1])
    folder = folders.pop()
    names = [f.name for f in files]
    if len(files) == 1 and names[0].endswith(DRAFT_SUFFIX):
        return folder, "/review" + query(d=names[0])
    from urllib.parse import urlencode

    return folder, "/notes?" + urlencode([("f", n) for n in names])


def free_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``: ``port``, or a free port when it is 0."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise InputError(f"无法在 {host}:{port} 上监听：{err.strerror}") from None
    sock.listen(64)
    return sock


def run_server(folder: Path, first: str, *, host: str, port: int, browser: bool) -> None:
    """Serve ``folder`` until Ctrl-C; prints the address with its token."""
    import uvicorn

    workspace = Workspace(folder)
    sock = free_socket(host, port)
    bound = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    separator = "&" if "?" in first else "?"
    url = f"http://{shown}:{bound}{first}{separator}token={workspace.token}"
    hosts = None if host in ("127.0.0.1", "localhost", "::1") else ["*"]
    app = create_app(workspace, allowed_hosts=hosts)
    print(f"审阅页面：{url}", flush=True)
    print(
        f"工作文件夹：{folder}；按 Ctrl-C 停止（每个操作都已保存）。", file=sys.stderr, flush=True
    )
    if browser and _has_display():
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        uvicorn.Server(config).run(sockets=[sock])
    drafting = [job for job in workspace.jobs.values() if not job.done]
    for job in drafting:  # as Ctrl-C stops draft NOTES: no half-drafted file left behind
        job.cancel()
    if drafting:
        names = "、".join(job.draft for job in drafting)
        print(f"已停止正在进行的起草（{names}），没有写入草稿文件。", file=sys.stderr, flush=True)
    print("审阅页面已停止。", file=sys.stderr, flush=True)


def _has_display() -> bool:
    """True where a graphical browser can open (not on a bare server or over SSH)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
