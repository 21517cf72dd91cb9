"""Regenerate docs/start-page.png and docs/review-page.png: the page of ``draft serve`` at
1366×768 in Debian's chromium (Playwright), on the bundled sample drafted offline.

    python scripts/web-screenshots.py

Runs the server in this process on 127.0.0.1 (a free port) over a temporary folder, with
its own empty config and cache; nothing outside that folder and docs/ is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"
PERSONAL = ROOT / "fixtures" / "notes" / "sample-personal.txt"
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    """Draft the sample on the page, then photograph the start page and the review page."""
    work = Path(tempfile.mkdtemp(prefix="selfreview-shots-"))
    os.environ["SELFREVIEW_CONFIG"] = str(work / "config.toml")
    os.environ["SELFREVIEW_CACHE_DIR"] = str(work / "cache")
    folder = work / "材料"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "征求意见汇总.txt")
    shutil.copy(PERSONAL, folder / "谈心谈话记录.txt")
    try:
        with serving(folder) as base:
            shoot(base)
    finally:
        shutil.rmtree(work, ignore_errors=True)


class serving:
    """``draft serve`` on ``folder`` in a thread; the address with the token."""

    def __init__(self, folder: Path) -> None:
        import uvicorn

        from selfreview.web.app import Workspace, create_app
        from selfreview.web.server import free_socket

        self.workspace = Workspace(folder)
        self.sock = free_socket("127.0.0.1", 0)
        config = uvicorn.Config(create_app(self.workspace), log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        port = self.sock.getsockname()[1]
        return f"http://127.0.0.1:{port}/?token={self.workspace.token}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def shoot(address: str) -> None:
    """Draft on the page and take the two pictures."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(address)
        page.check("input[value='征求意见汇总.txt']")
        page.click("text=读取所选材料")
        page.wait_for_selector("ol.opinions li")
        page.fill("input[name=org]", "某市政府党组")
        page.select_option("select[name=provider]", "offline")
        page.click("button.primary")
        page.wait_for_selector("#unit-title", timeout=120_000)
        # a few decisions, so the statuses show: approved, edited, rejected with its measures
        for unit in ("title", "preamble", "E1"):
            page.click(f"#unit-{unit}")
            page.wait_for_selector(f"#panel[data-unit='{unit}']")
            page.click("#panel button[value=approve]")
            page.wait_for_selector(f"#unit-{unit}.approved")
        page.click("#unit-P2")
        page.wait_for_selector("#panel[data-unit='P2']")
        page.fill("#panel input[name=comment]", "与P1重复")
        page.click("#panel button[value=reject]")
        page.wait_for_selector("#unit-P2.rejected")
        page.click("#unit-P3")
        page.wait_for_selector("#panel[data-unit='P3']")
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / "review-page.png"))
        page.click("a.home")
        page.wait_for_selector("#drop")
        page.evaluate("document.querySelector('#drop').classList.add('over')")
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / "start-page.png"))
        browser.close()


if __name__ == "__main__":
    main()
