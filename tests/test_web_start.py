"""The start page in a real browser: notes dropped onto the page are uploaded as the file
chooser uploads them (same limits), and 取消起草 stops a drafting without writing a draft."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from tests.browser_helpers import browser, new_page
from tests.fake_openai import FakeOpenAIServer, Hang
from tests.web_helpers import SAMPLE, Running, running_server

pytestmark = pytest.mark.slow
__all__ = ["browser"]  # fixture


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Running]:
    """``draft serve`` on an empty folder."""
    folder = tmp_path / "work"
    folder.mkdir()
    with running_server(folder) as running:
        yield running


def drop(page: Page, files: dict[str, bytes]) -> None:
    """Drag ``files`` (name → bytes) from the desktop and drop them on the page."""
    page.evaluate(
        """files => {
            const data = new DataTransfer();
            for (const [name, bytes] of Object.entries(files)) {
                data.items.add(new File([new Uint8Array(bytes)], name));
            }
            const target = document.querySelector("main");
            target.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
            target.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        {name: list(data) for name, data in files.items()},
    )


def test_notes_dropped_on_the_page_are_uploaded_and_read(browser: Browser, empty: Running) -> None:
    page = new_page(browser, empty)
    assert page.is_visible("#drop")
    notes = SAMPLE.read_bytes()
    with page.expect_navigation():
        drop(page, {"征求意见.txt": notes, "谈话.md": "1. 调研不够深入。\n".encode()})
    page.wait_for_selector("ol.opinions li")
    assert (empty.folder / "征求意见.txt").read_bytes() == notes
    assert (empty.folder / "谈话.md").exists()
    assert "征求意见.txt、谈话.md" in page.inner_text("main")
    assert "谈话.md:1" in page.inner_text("ol.opinions")


def test_a_dropped_file_keeps_the_cli_limits(
    browser: Browser, empty: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    import selfreview.notes

    page = new_page(browser, empty)
    with page.expect_navigation():
        drop(page, {"程序.exe": b"MZ"})
    assert "只能上传 .txt、.md、.docx 文件" in page.inner_text("body")
    monkeypatch.setattr(selfreview.notes, "MAX_INPUT_BYTES", 10)  # the server runs in this process
    page.goto(empty.base + "/")
    with page.expect_navigation():
        drop(page, {"太大.txt": b"x" * 11})
    assert "超过" in page.inner_text("body")
    assert sorted(p.name for p in empty.folder.iterdir()) == []


def test_cancel_stops_the_drafting_and_writes_nothing(browser: Browser, tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    with FakeOpenAIServer(lambda body: Hang()) as model:
        Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
            f'[providers.corp]\nbase_url = "{model.url}"\nmodel = "corp-7b"\nneeds_key = false\n',
            encoding="utf-8",
        )
        with running_server(folder) as server:
            page = new_page(browser, server, f"/notes?f={SAMPLE.name}")
            page.fill("input[name=org]", "某市政府党组")
            page.select_option("select[name=provider]", "corp")
            page.click("button.primary")
            page.wait_for_selector("#cancel")
            deadline = time.monotonic() + 60
            while not model.received:  # the drafting is waiting for the model's answer
                assert time.monotonic() < deadline, "no model call within 60 s"
                time.sleep(0.1)
            page.click("#cancel")
            page.wait_for_selector("#cancelled", timeout=30_000)
            assert "没有写入草稿文件" in page.inner_text("#cancelled")
            assert sorted(p.name for p in folder.iterdir()) == [SAMPLE.name]
            (job,) = server.workspace.jobs.values()
            assert job.process is not None and job.process.poll() is not None
