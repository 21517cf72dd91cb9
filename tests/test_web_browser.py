"""The review page in a real browser (Debian's chromium through Playwright): a whole
review from the sample notes to the downloaded DOCX, the escaping, the token, two tabs.

``scripts/test.sh`` (the README's test command) installs chromium when it is missing.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from tests.browser_helpers import (
    DRAFT,
    act,
    browser,
    draft_sample,
    new_page,
    press,
    select,
    server,
    settled,
)
from tests.web_helpers import Running

from selfreview.draftfile import load_draft
from selfreview.record import Status

pytestmark = pytest.mark.slow
__all__ = ["browser", "server"]  # fixtures


def test_a_whole_review_ends_in_a_docx(browser: Browser, server: Running) -> None:
    import docx

    page = new_page(browser, server)
    draft_sample(page)
    path = server.folder / DRAFT
    act(page, "title", "approve", "approved")
    # edit in place
    select(page, "preamble")
    page.fill(
        "#panel textarea[name=f_text]",
        "根据上级通知要求，某市政府党组认真学习，广泛征求意见，形成了对照检查材料。",
    )
    press(page, "edit")
    page.wait_for_selector("#unit-preamble.edited")
    # reject a problem: the measures answering it are marked
    draft = load_draft(path)
    assert draft.material is not None
    measure = next(m.id for m in draft.material.measures if "P1" in m.addresses)
    select(page, "P1")
    page.fill("#panel input[name=comment]", "与P2重复")
    press(page, "reject")
    page.wait_for_selector("#unit-P1.rejected")
    assert "需再看" in page.inner_text(f"#unit-{measure}")
    # fix a placeholder in an example
    draft = load_draft(path)
    assert draft.material is not None
    holder = next(p for p in draft.material.all_problems() if "【待补" in p.example)
    select(page, holder.id)
    page.fill("#panel textarea[name=f_example]", "全年组织专题调研4次，其中2次未形成调研报告")
    press(page, "edit")
    page.wait_for_selector(f"#unit-{holder.id}.edited")
    # the build is blocked and says why
    assert "现在还不能生成" in page.inner_text(".build")
    settled(page, lambda: page.click("#build"))
    assert "现在还不能生成：请先处理" in page.inner_text("#build-error")
    assert in_view(page, "#build-error")  # the outcome shows where the button was
    page.check("input[name=confirm]")
    settled(page, lambda: page.click("button[value=approve_all]"))
    assert page.inner_text("#pending-count") == "0"
    # the 落款: asked for without a date, the page says where to give it
    page.check("#sign input[name=sign]")
    settled(page, lambda: page.click("#build"))
    assert "落款还缺日期：请在下面“落款”中填写" in page.inner_text(".blockers")
    assert page.input_value("#sign input[name=sign_unit]") == "某市政府党组"
    page.fill("#sign input[name=sign_date]", "2026-1-6")
    page.check("input[name=allow_placeholders]")
    settled(page, lambda: page.click("#build"))
    assert in_view(page, "#download")
    assert page.input_value("#sign input[name=sign_date]") == "2026年1月6日"
    with page.expect_download() as info:
        page.click("#download")
    saved = server.folder.parent / "downloaded.docx"
    info.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "根据上级通知要求，某市政府党组认真学习" in text
    assert "全年组织专题调研4次，其中2次未形成调研报告" in text
    assert holder.headline in text
    assert draft.material.problems[0].items[0].headline not in text  # P1 was rejected
    assert text.split("\n")[-2:] == ["某市政府党组", "2026年1月6日"]  # the 落款 ends it
    final = load_draft(path)
    assert final.review["P1"].status is Status.REJECTED
    assert final.review["preamble"].status is Status.APPROVED_WITH_EDITS


def in_view(page: Page, selector: str) -> bool:
    """Whether ``selector`` is inside the 1366×768 window (not scrolled away)."""
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 768


def test_notes_with_markup_show_as_text(browser: Browser, server: Running) -> None:
    (server.folder / "恶意.txt").write_text(
        "征求意见\n1. 会议太多<script>window.pwned = 1</script>，文件太长。\n"
        "2. 调研太少<!-- 藏起来的话 -->，基层反映问题解决不及时。\n",
        encoding="utf-8",
    )
    page = new_page(browser, server, "/notes?f=恶意.txt")
    shown = page.inner_text("ol.opinions")
    assert "<script>window.pwned = 1</script>" in shown
    assert "<!-- 藏起来的话 -->" in shown
    page.fill("input[name=org]", "某局党组")
    page.click("button.primary")
    page.wait_for_selector("#unit-title", timeout=120_000)
    assert page.evaluate("window.pwned") is None
    assert "<script>" in page.inner_text("#doc") or "<!--" in page.inner_text("#doc")


def test_without_the_token_nothing_opens(browser: Browser, server: Running) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{server.base}/")
    assert response is not None and response.status == 403
    assert "需要访问令牌" in page.inner_text("body")
    # a form on another page cannot act: the cookie is not sent cross-site, the token is unknown
    response = page.request.post(
        f"{server.base}/act", form={"d": DRAFT, "u": "title", "action": "approve"}
    )
    assert response.status == 403
    context.close()


def test_two_tabs_approving_different_units_both_survive(browser: Browser, server: Running) -> None:
    first = new_page(browser, server)
    draft_sample(first)
    second = first.context.new_page()
    second.goto(f"{server.base}/review?d={DRAFT}")
    second.wait_for_selector("#unit-title")
    # both tabs show the same stale page; each approves its own unit
    select(first, "P3")
    select(second, "P4")
    press(first, "approve")
    press(second, "approve")
    first.wait_for_selector("#unit-P3.approved")
    second.wait_for_selector("#unit-P4.approved")
    review = load_draft(server.folder / DRAFT).review
    assert review["P3"].status is Status.APPROVED
    assert review["P4"].status is Status.APPROVED
    first.reload()
    assert "approved" in (first.get_attribute("#unit-P4", "class") or "")
    # the same unit: one tab edits it, the other (showing the old text) cannot approve that
    select(first, "P5")
    select(second, "P5")
    first.fill("#panel textarea[name=f_example]", "全年专题调研4次，2次未形成调研报告")
    press(first, "edit")
    press(second, "approve")
    assert "刚在别处" in second.inner_text("#panel #error")
    assert second.input_value("#panel textarea[name=f_example]").startswith("全年专题调研4次")
    unit = load_draft(server.folder / DRAFT).review["P5"]
    assert unit.status is Status.APPROVED_WITH_EDITS
    assert unit.current.fields["example"].startswith("全年专题调研4次")


def test_enter_in_the_comment_field_without_scripts_never_approves(
    browser: Browser, server: Running
) -> None:
    from tests.web_helpers import draft_on_page, page_client

    client, workspace = page_client(server.folder)
    draft_on_page(client, workspace, "sample-notes.txt", "某市政府党组")
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(server.url(f"/review?d={DRAFT}&u=P1"))
    page.fill("#panel input[name=comment]", "再核实一下数字")
    with page.expect_navigation():
        page.press("#panel input[name=comment]", "Enter")  # the browser's implicit submission
    assert "已记下备注" in page.inner_text("#message")
    unit = load_draft(server.folder / DRAFT).review["P1"]
    assert unit.status is Status.PENDING
    assert unit.decisions[-1].comment == "再核实一下数字"
    context.close()
