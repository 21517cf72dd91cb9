"""The page's 落款 controls (Starlette's TestClient): what they show, what a build records
(as ``draft build --sign-date`` does), the DOCX's last paragraphs, the page's own refusal;
and the panel form's default button (Enter in the comment field never approves)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from starlette.testclient import TestClient
from tests.web_helpers import page_client, sample_drafted_on_page

from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.web.app import Workspace
from selfreview.web.signform import DATE_HINT, sign_form

DRAFT = "sample-notes.draft.json"
DOCX = "sample-notes.docx"
UNIT = "某市政府党组"  # the unit the drafting form was given


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample (which states no meeting date) drafted offline once, through the page."""
    return sample_drafted_on_page(tmp_path_factory, UNIT)


@pytest.fixture
def page(drafted: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Workspace]]:
    """A client on a fresh copy of the draft, every unit approved."""
    shutil.copy(drafted, tmp_path / DRAFT)
    client, workspace = page_client(tmp_path)
    data = {"token": workspace.token, "d": DRAFT, "action": "approve_all", "confirm": "1"}
    client.post("/act", data=data)
    yield client, workspace


def sign_fields(html: str) -> dict[str, lxml.html.HtmlElement]:
    """The build form's 落款 inputs by name."""
    form = lxml.html.fromstring(html).xpath("//form[@action='/build']")[0]
    return {el.get("name"): el for el in form.xpath(".//fieldset[@id='sign']//input")}


def build(client: TestClient, workspace: Workspace, **fields: str | None) -> str:
    """Press 生成 with the 落款 controls as the page shows them, changed by ``fields``."""
    shown = sign_fields(client.get(f"/review?d={DRAFT}").text)
    data = {"token": workspace.token, "d": DRAFT, "allow_placeholders": "1"}
    for name, element in shown.items():
        if element.get("type") != "checkbox" or element.get("checked") is not None:
            data[name] = element.get("value") or ""
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post("/build", data=data).text


def test_the_controls_show_the_default_unit_and_no_invented_date(
    page: tuple[TestClient, Workspace],
) -> None:
    client, _ = page
    fields = sign_fields(client.get(f"/review?d={DRAFT}").text)
    assert fields["sign_unit"].get("value") == UNIT  # the workflow's default
    assert not fields["sign_date"].get("value")  # the sample states no meeting date
    assert fields["sign_date"].get("placeholder") == DATE_HINT
    assert fields["sign"].get("checked") is None  # without a date no 落款 is added


def test_a_meeting_date_of_the_notes_is_prefilled(drafted: Path) -> None:
    draft = load_draft(drafted)
    stated = draft.model_copy(
        update={"notes_headings": [*draft.notes_headings, "会议时间：2026年1月6日"]}
    )
    shown = sign_form(stated)
    assert (shown.on, shown.unit, shown.date) == (True, UNIT, "2026年1月6日")


def test_a_date_given_on_the_page_is_recorded_and_ends_the_docx(
    page: tuple[TestClient, Workspace],
) -> None:
    client, workspace = page
    html = build(client, workspace, sign_date="2026-01-06")
    assert f"已生成 {DOCX}" in html
    options = load_draft(workspace.folder / DRAFT).options
    assert (options.signature, options.sign_date) == (True, "2026年1月6日")
    assert options.sign_unit is None  # the default unit was left as shown: not recorded
    paragraphs = docx.Document(str(workspace.folder / DOCX)).paragraphs
    unit, date = paragraphs[-2], paragraphs[-1]
    assert (unit.text, date.text) == (UNIT, "2026年1月6日")
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # the preview ends with it too
    preview = lxml.html.fromstring(client.get(f"/preview?d={DRAFT}").text)
    signed = [p.text_content() for p in preview.xpath("//p[@class='signature']")]
    assert signed == [UNIT, "2026年1月6日"]
    # shown again as recorded; switched off on the page, the next build has no 落款
    fields = sign_fields(client.get(f"/review?d={DRAFT}").text)
    assert fields["sign_date"].get("value") == "2026年1月6日"
    assert fields["sign"].get("checked") is not None
    build(client, workspace, sign=None)
    assert load_draft(workspace.folder / DRAFT).options.signature is False
    last = docx.Document(str(workspace.folder / DOCX)).paragraphs[-1].text
    assert last != "2026年1月6日"
    assert "signature" not in client.get(f"/preview?d={DRAFT}").text


def test_a_unit_typed_in_is_recorded_and_shown_as_text(
    page: tuple[TestClient, Workspace],
) -> None:
    client, workspace = page
    typed = '中共某市<b>政府</b>"党组"'
    build(client, workspace, sign_unit=typed, sign_date="2026年1月6日")
    assert load_draft(workspace.folder / DRAFT).options.sign_unit == typed
    html = client.get(f"/review?d={DRAFT}").text
    assert "<b>政府</b>" not in html
    assert sign_fields(html)["sign_unit"].get("value") == typed
    assert docx.Document(str(workspace.folder / DOCX)).paragraphs[-2].text == typed


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-13-45", "落款日期“2026-13-45”不是有效的日期"),
        ("明年一月", "落款日期“明年一月”应写成 2026年1月6日 或 2026-01-06"),
    ],
)
def test_a_bad_date_is_refused_with_the_cli_message(
    page: tuple[TestClient, Workspace], date: str, message: str
) -> None:
    client, workspace = page
    before = (workspace.folder / DRAFT).read_bytes()
    html = build(client, workspace, sign_date=date)
    error = lxml.html.fromstring(html).xpath("//*[@id='build-error']")[0].text_content()
    assert error == message
    assert (workspace.folder / DRAFT).read_bytes() == before
    assert not (workspace.folder / DOCX).exists()


def test_a_missing_date_points_to_the_page_controls(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    html = build(client, workspace, sign="1", allow_placeholders=None)
    assert "现在还不能生成" in html and not (workspace.folder / DOCX).exists()
    blockers = lxml.html.fromstring(html).xpath("//ul[@class='blockers']")[0].text_content()
    assert "落款还缺日期：请在下面“落款”中填写" in blockers
    assert "--sign" not in html and "--no-signature" not in html
    assert load_draft(workspace.folder / DRAFT).options.signature is True  # kept as chosen
    html = build(client, workspace, sign_date="2026年1月6日")  # the sample's 【待补】 remain
    assert "落款还缺" not in html
    assert docx.Document(str(workspace.folder / DOCX)).paragraphs[-1].text == "2026年1月6日"


def test_enter_in_the_comment_field_only_records_the_comment(
    page: tuple[TestClient, Workspace],
) -> None:
    client, workspace = page
    client.post("/act", data={"token": workspace.token, "d": DRAFT, "u": "P1", "action": "reset"})
    html = client.get(f"/review?d={DRAFT}&u=P1").text
    form = lxml.html.fromstring(html).xpath("//*[@id='panel']//form[@class='edit']")[0]
    buttons = [b for b in form.xpath(".//button") if b.get("type") in (None, "submit")]
    # implicit submission (Enter in a text field, scripts or not) presses the first button
    assert (buttons[0].get("name"), buttons[0].get("value")) == ("action", "comment")
    data = {
        el.get("name"): el.get("value") or el.text_content()
        for el in form.xpath(".//input | .//textarea")
        if el.get("name")
    }
    data.update(comment="再核实一下数字", action=buttons[0].get("value"))
    client.post("/act", data=data)
    unit = load_draft(workspace.folder / DRAFT).review["P1"]
    assert unit.status is Status.PENDING
    assert unit.decisions[-1].comment == "再核实一下数字"
