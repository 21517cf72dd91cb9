"""Driving the review page in Debian's chromium (Playwright): a tab at 1366×768, the
sample drafted offline through the page, and waits for htmx to settle after a click."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS, Running, running_server, sample_folder

DRAFT = "sample-notes.draft.json"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Running]:
    """``draft serve`` on a folder holding the sample notes."""
    with running_server(sample_folder(tmp_path)) as running:
        yield running


def new_page(browser: Browser, server: Running, path: str = "/") -> Page:
    """A tab at 1366×768 that opened the printed address (token in the URL)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url(path))
    return page


def draft_sample(page: Page) -> None:
    """Choose the sample on the start page and draft it offline."""
    page.check("input[value='sample-notes.txt']")
    page.click("text=读取所选材料")
    page.wait_for_selector("ol.opinions li")
    page.fill("input[name=org]", "某市政府党组")
    page.select_option("select[name=provider]", "offline")
    page.click("button.primary")
    page.wait_for_selector("#unit-title", timeout=120_000)


def settled(page: Page, do: Callable[[], None]) -> None:
    """Run ``do`` (a click, a key) and wait until htmx has swapped in the review page."""
    with page.expect_response(lambda r: "/review?" in r.url and r.request.method == "GET"):
        do()
    page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling')")


def select(page: Page, unit: str) -> None:
    """Click a unit in the document and wait for its panel."""
    if page.get_attribute("#panel", "data-unit") != unit:
        settled(page, lambda: page.click(f"#unit-{unit}"))
    page.wait_for_selector(f"#panel[data-unit='{unit}']")


def press(page: Page, action: str) -> None:
    """Press an action button in the panel and wait for the page it returns."""
    settled(page, lambda: page.click(f"#panel button[value={action}]"))


def act(page: Page, unit: str, action: str, status: str) -> None:
    """Select ``unit``, press ``action`` and check its new status."""
    select(page, unit)
    press(page, action)
    page.wait_for_selector(f"#unit-{unit}.{status}")
