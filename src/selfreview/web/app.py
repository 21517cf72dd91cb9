"""The local review page: a Starlette app over one working folder.

Every request needs the access token (once in the URL, then an HttpOnly cookie); every
change is a POST that carries it again in the form, so no other page can make the
browser act. Every change loads the draft file, acts through
:class:`~selfreview.review.session.ReviewSession` or the workflow (the same calls the CLI
makes, so it saves the same way) and returns; a lock serialises the changes of several
tabs, and each starts from the file on disk, so a decision made in the terminal or in
another tab is never lost. Only file names inside the working folder are accepted.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from selfreview.errors import SelfReviewError

HERE = Path(__file__).parent
COOKIE = "selfreview_token"
DRAFT_SUFFIX = ".draft.json"


@dataclass
class Workspace:
    """The folder the page works in, its access token, and the lock on draft changes."""

    folder: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    lock: threading.Lock = field(default_factory=threading.Lock)
    jobs: dict[str, Any] = field(default_factory=dict)
    """Draftings started from the page, by id (:class:`selfreview.web.jobs.DraftJob`)."""

    def file(self, name: str, suffixes: tuple[str, ...]) -> Path:
        """``name`` inside the folder; refuses anything else (a path, another suffix)."""
        if not name or Path(name).name != name or name in (".", ".."):
            raise SelfReviewError(f"文件名无效：{name}")
        if not name.lower().endswith(suffixes):
            raise SelfReviewError(f"不能打开这类文件：{name}")
        path = (self.folder / name).resolve()
        if path.parent != self.folder.resolve():
            raise SelfReviewError(f"只能打开工作文件夹中的文件：{name}")
        return path

    def drafts(self) -> list[str]:
        """Draft files in the folder, newest first."""
        found = sorted(
            self.folder.glob(f"*{DRAFT_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        return [p.name for p in found if ".bak." not in p.name]


class TokenGate:
    """ASGI middleware: the token in the URL sets the cookie; without it, 403."""

    def __init__(self, app: ASGIApp, workspace: Workspace) -> None:
        self.app = app
        self.workspace = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let a request through only with the right token (cookie, or URL once)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        token = self.workspace.token
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given, token):
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + (f"?{urlencode(query)}" if query else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        cookie = request.cookies.get(COOKIE, "")
        if not secrets.compare_digest(cookie, token):
            response = HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>需要访问令牌</title>"
                "<p>需要访问令牌：请打开 draft serve 打印的完整地址（含 ?token=…）。</p>",
                status_code=403,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(workspace: Workspace, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The review page's ASGI app for ``workspace``."""
    from selfreview.web import routes

    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["basename"] = lambda value: Path(str(value)).name
    handlers = routes.Handlers(workspace, templates)
    app = Starlette(
        routes=[
            Route("/", handlers.start),
            Route("/upload", handlers.upload, methods=["POST"]),
            Route("/notes", handlers.notes),
            Route("/draft", handlers.draft, methods=["POST"]),
            Route("/progress", handlers.progress),
            Route("/cancel", handlers.cancel, methods=["POST"]),
            Route("/review", handlers.review),
            Route("/act", handlers.act, methods=["POST"]),
            Route("/preview", handlers.preview),
            Route("/build", handlers.build, methods=["POST"]),
            Route("/download", handlers.download),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[
            Middleware(
                TrustedHostMiddleware,
                allowed_hosts=allowed_hosts or ["127.0.0.1", "localhost", "testserver"],
            ),
            Middleware(TokenGate, workspace=workspace),
        ],
        exception_handlers={SelfReviewError: handlers.failed},
    )
    return app


def download_response(path: Path) -> Response:
    """The built document as a download."""
    return FileResponse(
        path,
        filename=path.name,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def query(**params: Any) -> str:
    """``?a=1&b=2`` for the given (non-empty) parameters."""
    return "?" + urlencode({k: v for k, v in params.items() if v})
