"""A real ``draft serve`` server in a thread (127.0.0.1, free port) and Debian's Chromium."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest
    from httpx import Response
    from starlette.testclient import TestClient

    from selfreview.web.app import Workspace

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"
DRAFT = "sample-notes.draft.json"


@dataclass
class Running:
    """A server that runs: its base URL, token and workspace folder."""

    base: str
    token: str
    folder: Path
    workspace: Workspace

    def url(self, path: str = "/") -> str:
        """``path`` on the server, with the token (the printed address)."""
        separator = "&" if "?" in path else "?"
        return f"{self.base}{path}{separator}token={self.token}"


@contextmanager
def running_server(folder: Path) -> Iterator[Running]:
    """Serve ``folder`` as ``draft serve`` does, in a thread; stopped on exit."""
    import uvicorn

    from selfreview.web.app import Workspace, create_app
    from selfreview.web.server import free_socket

    workspace = Workspace(folder)
    sock = free_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(workspace), log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("the server did not start within 10 s")
        time.sleep(0.02)
    try:
        yield Running(f"http://127.0.0.1:{port}", workspace.token, folder, workspace)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def sample_folder(tmp_path: Path) -> Path:
    """A working folder holding the bundled sample notes."""
    folder = tmp_path / "work"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


def page_client(folder: Path) -> tuple[TestClient, Workspace]:
    """A Starlette test client on ``folder`` that opened the printed address (cookie set)."""
    from starlette.testclient import TestClient

    from selfreview.web.app import Workspace, create_app

    workspace = Workspace(folder)
    client = TestClient(create_app(workspace))
    assert client.get(f"/?token={workspace.token}").status_code == 200
    return client, workspace


def draft_on_page(
    client: TestClient, workspace: Workspace, notes: str, org: str, **form: str
) -> Response:
    """Press 起草 on the notes page and follow the progress page until it leads on."""
    data = {"token": workspace.token, "f": notes, "provider": "offline", "org": org, **form}
    response = client.post("/draft", data=data)
    deadline = time.monotonic() + 120
    while "/progress" in str(response.url) and 'class="error"' not in response.text:
        assert "正在起草" in response.text, response.text
        assert time.monotonic() < deadline, "drafting took over 120 s"
        time.sleep(0.05)
        response = client.get(str(response.url))
    return response


_DRAFTED: dict[str, Path] = {}


def sample_drafted_on_page(factory: pytest.TempPathFactory, org: str = "某市政府党组") -> Path:
    """The sample drafted offline through the page once per test run (each drafting starts a
    process); tests copy the draft file and never change this one."""
    if org not in _DRAFTED:
        folder = factory.mktemp("drafted")
        shutil.copy(SAMPLE, folder / SAMPLE.name)
        client, workspace = page_client(folder)
        response = draft_on_page(client, workspace, SAMPLE.name, org)
        assert response.status_code == 200 and "/review" in str(response.url), response.text
        _DRAFTED[org] = folder / DRAFT
    return _DRAFTED[org]
