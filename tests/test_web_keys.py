"""The review page's keys in a real browser, as in the terminal review: a approve,
e edit in place (Ctrl+Enter saves), d reject with a reason (Enter), c comment, u back to
pending, j / k next / previous, p next pending, ? every key; typing in a field is text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from tests.browser_helpers import DRAFT, browser, draft_sample, new_page, select, server, settled
from tests.web_helpers import Running

from selfreview.draftfile import load_draft
from selfreview.record import Status

pytestmark = pytest.mark.slow
__all__ = ["browser", "server"]  # fixtures


def key(page: Page, name: str) -> None:
    """Press ``name`` and wait for the review page it loads."""
    settled(page, lambda: page.keyboard.press(name))


def shown(page: Page) -> str:
    """The unit the panel shows."""
    return page.get_attribute("#panel", "data-unit") or ""


def test_the_terminal_keys_drive_the_review(browser: Browser, server: Running) -> None:
    page = new_page(browser, server)
    draft_sample(page)
    path = server.folder / DRAFT
    order = page.eval_on_selector_all(".unit", "units => units.map(u => u.dataset.unit)")
    assert shown(page) == "title"
    # usable at 1366×768: no sideways scrolling, the actions in view beside the document
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    for selector in ("#panel button[value=approve]", "#panel button[value=edit]", "#unit-title"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768 and box["x"] >= 0, selector
    doc, panel = page.locator("#doc").bounding_box(), page.locator("#panel").bounding_box()
    assert doc is not None and panel is not None and doc["x"] + doc["width"] <= panel["x"] + 1
    # a: approve, and on to the next pending unit
    key(page, "a")
    page.wait_for_selector("#unit-title.approved")
    assert shown(page) == order[1]
    # j / k: next and previous unit
    key(page, "j")
    assert shown(page) == order[2]
    key(page, "k")
    assert shown(page) == order[1]
    # e: the cursor goes into the text; typing there is text (a is not approve)
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.name") == "f_text"
    page.keyboard.type("（按键修改）a")
    assert "pending" in (page.get_attribute(f"#unit-{order[1]}", "class") or "")
    key(page, "Control+Enter")
    page.wait_for_selector(f"#unit-{order[1]}.edited")
    assert load_draft(path).review[order[1]].status is Status.APPROVED_WITH_EDITS
    assert "（按键修改）a" in page.inner_text(f"#unit-{order[1]}")
    # d: asks for the reason; Enter rejects (it does not approve)
    select(page, "P1")
    page.keyboard.press("d")
    assert page.evaluate("document.activeElement.name") == "comment"
    page.keyboard.type("与P2重复")
    key(page, "Enter")
    page.wait_for_selector("#unit-P1.rejected")
    review = load_draft(path).review["P1"]
    assert review.status is Status.REJECTED and review.decisions[-1].comment == "与P2重复"
    # u: back to pending
    select(page, "P1")
    key(page, "u")
    page.wait_for_selector("#unit-P1.pending")
    # c: a comment, the status stays
    page.keyboard.press("c")
    page.keyboard.type("请核对次数")
    key(page, "Enter")
    assert "请核对次数" in page.inner_text("#panel .history")
    assert load_draft(path).review["P1"].status is Status.PENDING
    # Esc leaves a field, then keys act again
    page.keyboard.press("c")
    page.keyboard.press("Escape")
    key(page, "j")
    assert shown(page) == order[order.index("P1") + 1]
    # p: the next pending unit after the one shown (wrapping round)
    select(page, order[-1])
    key(page, "p")
    assert shown(page) == order[2]  # title approved, the preamble edited
    # l, m, n: the relink, move and add fields; ? shows every key
    select(page, "P2")
    page.keyboard.press("l")
    assert page.evaluate("document.activeElement.id") == "relink-links"
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.name") == "f_headline"
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.is_visible("#keys dl")
    # g on an offline draft says a model is needed
    page.keyboard.press("g")
    assert "需要模型" in page.inner_text("#keynote")
