"""The review page against the rest of issue 19, over HTTP (Starlette's TestClient):
recent drafts, the drafting choices, progress per stage and aspect with a model, the
document order, check findings, changed sources, sheet decisions, every change a POST
with the token, nothing loaded from elsewhere, Chinese text."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from tests.web_helpers import SAMPLE, draft_on_page, page_client, sample_drafted_on_page

from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.render.compose import chinese_number
from selfreview.review.session import ReviewSession

DRAFT = "sample-notes.draft.json"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample drafted offline once through the page (copied for every test)."""
    return sample_drafted_on_page(tmp_path_factory, "某市政府党组")


@pytest.fixture
def folder(drafted: Path, tmp_path: Path) -> Path:
    """A working folder holding the sample notes and a fresh copy of their draft."""
    shutil.copy(drafted, tmp_path / DRAFT)
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    return tmp_path


def test_recent_drafts_are_the_drafts_of_the_folder_newest_first(folder: Path) -> None:
    older = folder / "去年.draft.json"
    shutil.copy(folder / DRAFT, older)
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    shutil.copy(folder / DRAFT, folder / "sample-notes.draft.20261201T000000Z.bak.json")
    client, _ = page_client(folder)
    start = client.get("/").text
    listed = re.findall(r'<a href="/review\?d=([^"]+)">', start)
    assert [html.unescape(n) for n in listed] == [DRAFT, "%E5%8E%BB%E5%B9%B4.draft.json"]
    assert client.get(f"/review?d={listed[1]}").status_code == 200


def test_the_chosen_outline_kind_and_unit_reach_the_draft(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    client, workspace = page_client(tmp_path)
    form = client.get(f"/notes?f={SAMPLE.name}").text
    for outline in ("2021-five", "recent-six", "2025-minzhu"):
        assert f'<option value="{outline}">' in form
    assert '<option value="personal">' in form
    draft_on_page(
        client, workspace, SAMPLE.name, "王某某同志", outline="recent-six", kind="personal"
    )
    settings = load_draft(tmp_path / DRAFT).settings
    assert settings.outline.id == "recent-six"
    assert settings.voice.value == "personal" and settings.org == "王某某同志"


@pytest.mark.slow
def test_a_model_draft_shows_progress_per_stage_and_aspect_and_regenerates(
    tmp_path: Path,
) -> None:
    from tests.author_server import SampleAuthor
    from tests.fake_openai import FakeOpenAIServer, completion

    author = SampleAuthor()
    rewrite = {"headline": "理论学习不够深入系统", "body": "", "example": ""}

    def respond(body: dict[str, Any]) -> Any:
        if "写出次数" in body["messages"][-1]["content"]:
            content = json.dumps(rewrite, ensure_ascii=False)
            if "tools" in body:
                return 200, completion(None, tool_args=content, model=body["model"])
            return 200, completion(content, model=body["model"])
        return author(body)

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    with FakeOpenAIServer(respond) as model:
        Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
            f'[providers.corp]\nbase_url = "{model.url}"\nmodel = "corp-7b"\nneeds_key = false\n',
            encoding="utf-8",
        )
        client, workspace = page_client(tmp_path)
        assert '<option value="corp">' in client.get(f"/notes?f={SAMPLE.name}").text
        response = draft_on_page(client, workspace, SAMPLE.name, "某市政府党组", provider="corp")
        assert "/review" in str(response.url), response.text
        (job,) = workspace.jobs.values()
        stages = {line.split("]")[0] + "]" for line in job.calls}
        assert {"[分类]", "[原因]"} <= stages and any(s.startswith("[措施") for s in stages)
        assert "[问题·理论学习方面]" in stages and "[问题·纪律规矩方面]" in stages
        # the page shows them while drafting
        job.done = False
        progress = client.get(f"/progress?job={job.id}").text
        assert all(html.escape(line) in progress for line in job.calls)
        assert 'id="cancel"' in progress
        job.done = True
        # regenerate with an instruction is offered for a model draft, and goes to the model
        panel = client.get(f"/review?d={DRAFT}&u=P1").text
        assert 'value="regenerate"' in panel
        response = client.post(
            "/act",
            data={
                "token": workspace.token,
                "d": DRAFT,
                "u": "P1",
                "action": "regenerate",
                "instruction": "更具体一些，写出次数",
            },
        )
    assert "已按要求重新生成" in response.text, response.text
    unit = load_draft(tmp_path / DRAFT).review["P1"]
    assert unit.revisions[-1].origin == "regenerated"
    assert unit.revisions[-1].instruction == "更具体一些，写出次数"
    assert unit.status is Status.PENDING


def test_the_review_page_follows_the_document(folder: Path) -> None:
    client, _ = page_client(folder)
    page = client.get(f"/review?d={DRAFT}").text
    draft = load_draft(folder / DRAFT)
    material = draft.material
    assert material is not None
    doc = page[page.index('id="doc"') : page.index('id="panel"')]
    marks = [
        'id="unit-title"',
        'id="unit-preamble"',
        *[f">{chinese_number(n)}、" for n in range(1, 3)],  # the parts, numbered in order
        f"、{material.headings.problems}</h2>",
        f"（一）{material.problems[0].aspect}",
        f'id="unit-{material.problems[0].items[0].id}"',
        f"（二）{material.problems[1].aspect}",
        f"、{material.headings.causes}</h2>",
        f'id="unit-{material.causes[0].id}"',
        f"、{material.headings.measures}</h2>",
        f'id="unit-{material.measures[-1].id}"',
    ]
    parts = re.findall(r'<h2 class="h1">(.*?)、', doc)
    assert parts == [chinese_number(n) for n in range(1, len(parts) + 1)]
    assert len(parts) == 3 + len(material.extra_parts)
    places = [doc.index(mark) for mark in marks]
    assert places == sorted(places)
    assert doc.count('class="status"') == len(draft.review)  # every unit with its status


def test_check_findings_show_on_their_unit(folder: Path) -> None:
    from selfreview.web.pages import check_findings

    draft = load_draft(folder / DRAFT)
    findings = [f for f in check_findings(draft) if f.location.id in draft.review]
    assert findings, "the offline sample draft has findings (placeholders at least)"
    client, _ = page_client(folder)
    for finding in findings[:5]:
        panel = client.get(f"/review?d={DRAFT}&u={finding.location.id}").text
        shown = panel[panel.index("<h3>检查发现</h3>") : panel.index("<h3>历史</h3>")]
        assert html.escape(finding.message) in shown


def test_units_whose_sources_changed_are_marked(folder: Path) -> None:
    client, workspace = page_client(folder)
    base = {"token": workspace.token, "d": DRAFT}
    client.post("/act", data={**base, "action": "approve_all", "confirm": "1"})
    notes = folder / SAMPLE.name
    text = notes.read_text(encoding="utf-8")
    old, new = "5. 学习不够深入。", "5. 学习不够深入，中心组研讨发言照本宣科。"
    assert old in text
    notes.write_text(text.replace(old, new), encoding="utf-8")
    response = draft_on_page(client, workspace, SAMPLE.name, "某市政府党组")
    assert "原始材料有变化" in html.unescape(str(response.url)) or "原始材料有变化" in (
        response.text
    )
    draft = load_draft(folder / DRAFT)
    flagged = {u: r.flag for u, r in draft.review.items() if r.flag}
    assert flagged, "a changed opinion sends the units built on it back, with the reason"
    page = client.get(f"/review?d={DRAFT}").text
    for unit, flag in flagged.items():
        row = page[page.index(f'id="unit-{unit}"') :].split("</a>")[0]
        assert "flagged" in page[page.rindex("<a", 0, page.index(f'id="unit-{unit}"')) :][:80]
        assert f"需再看：{html.escape(flag)}" in row


def test_a_decision_from_a_review_sheet_shows_on_reload(folder: Path) -> None:
    from selfreview.review.sheet import apply_sheet, export_sheet

    client, _ = page_client(folder)
    assert 'class="unit pending' in client.get(f"/review?d={DRAFT}&u=P2").text
    path = folder / DRAFT
    sheet = export_sheet(load_draft(path))
    ticked = re.sub(r"^- \[ \] P2 ", "- [x] P2 ", sheet, flags=re.MULTILINE)
    assert ticked != sheet
    apply_sheet(ReviewSession(load_draft(path), path, via="sheet"), ticked, folder / "单.md")
    page = client.get(f"/review?d={DRAFT}&u=P2").text
    assert 'class="unit approved selected' in page


@pytest.mark.parametrize("route", ["/upload", "/draft", "/act", "/build", "/cancel"])
def test_every_change_is_a_post_that_checks_the_token(folder: Path, route: str) -> None:
    client, workspace = page_client(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    form = {"d": DRAFT, "u": "P1", "action": "approve", "f": SAMPLE.name, "provider": "offline"}
    assert client.get(route).status_code == 405
    assert client.post(route, data=form).status_code == 403
    assert client.post(route, data={**form, "token": "x" + workspace.token}).status_code == 403
    time.sleep(0.2)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert not workspace.jobs


def test_pages_load_nothing_from_elsewhere_and_speak_chinese(folder: Path) -> None:
    client, _ = page_client(folder)
    pages = [
        client.get(url).text
        for url in (
            "/",
            f"/notes?f={SAMPLE.name}",
            f"/review?d={DRAFT}&u=P1",
            f"/preview?d={DRAFT}",
            "/review?d=无此文件.draft.json",
        )
    ]
    for page in pages:
        for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', page):
            assert attribute.startswith(("/", "#", "javascript:history")), attribute
        assert "//" not in "".join(re.findall(r"url\(([^)]*)\)", page))
        assert CJK.search(re.search(r"<title>(.*?)</title>", page).group(1))  # type: ignore[union-attr]
        for text in re.findall(r"<(?:button|summary|h2|h3|label)[^>]*>(.*?)<", page, re.S):
            assert not text.strip() or CJK.search(text), text
        assert 'lang="zh-CN"' in page
    static = Path(__file__).resolve().parents[1] / "src" / "selfreview" / "web" / "static"
    css = (static / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css
    assert "http" not in (static / "page.js").read_text(encoding="utf-8")


def test_a_link_inside_the_folder_does_not_lead_outside(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("1. 外面的秘密", encoding="utf-8")
    shutil.copy(folder / DRAFT, outside / "other.draft.json")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "link.draft.json").symlink_to(outside / "other.draft.json")
    client, workspace = page_client(folder)
    for url in ("/notes?f=link.txt", "/review?d=link.draft.json", "/preview?d=link.draft.json"):
        response = client.get(url)
        assert response.status_code == 400 and "外面的秘密" not in response.text, url
    before = (outside / "other.draft.json").read_bytes()
    data = {"token": workspace.token, "d": "link.draft.json", "u": "P1", "action": "approve"}
    assert client.post("/act", data=data).status_code == 400
    assert (outside / "other.draft.json").read_bytes() == before


def test_an_action_on_text_changed_elsewhere_is_refused(folder: Path) -> None:
    client, workspace = page_client(folder)
    path = folder / DRAFT
    shown = client.get(f"/review?d={DRAFT}&u=P2").text
    base = re.search(r'name="base" value="([0-9a-f]+)"', shown).group(1)  # type: ignore[union-attr]
    old_body = re.search(r'name="f_body"[^>]*>([^<]*)<', shown).group(1)  # type: ignore[union-attr]
    terminal = ReviewSession(load_draft(path), path, via="terminal")
    terminal.edit("P2", {"example": "终端中补的事例"})
    data = {"token": workspace.token, "d": DRAFT, "u": "P2", "base": base}
    for action in ("approve", "edit", "reject"):
        form = {**data, "action": action, "comment": "重复", "f_body": html.unescape(old_body)}
        response = client.post("/act", data=form)
        assert "刚在别处" in response.text and "终端中补的事例" in response.text
    unit = load_draft(path).review["P2"]
    assert unit.current.fields["example"] == "终端中补的事例"
    assert unit.status is Status.APPROVED_WITH_EDITS and unit.decisions[-1].via == "terminal"


def test_the_web_libraries_belong_to_the_one_install() -> None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    required = {re.split(r"[<>=\[ ]", d)[0].lower() for d in project["dependencies"]}
    assert {"starlette", "jinja2", "uvicorn", "python-multipart"} <= required


@pytest.mark.slow
def test_redrafting_from_the_page_keeps_a_backup(folder: Path) -> None:
    client, workspace = page_client(folder)
    client.post(
        "/act",
        data={"token": workspace.token, "d": DRAFT, "action": "approve_all", "confirm": "1"},
    )
    reviewed = (folder / DRAFT).read_bytes()
    form = client.get(f"/notes?f={SAMPLE.name}").text
    assert 'name="redraft"' in form and "打开草稿" in form
    draft_on_page(client, workspace, SAMPLE.name, "某市政府党组", redraft="1")
    (backup,) = folder.glob("sample-notes.draft.*.bak.json")
    assert backup.read_bytes() == reviewed
    assert {r.status for r in load_draft(folder / DRAFT).review.values()} == {Status.PENDING}


@pytest.mark.slow
def test_cancelling_a_redraft_leaves_the_reviewed_draft_as_it_was(folder: Path) -> None:
    from tests.fake_openai import FakeOpenAIServer, Hang

    client, workspace = page_client(folder)
    base = {"token": workspace.token, "d": DRAFT}
    client.post("/act", data={**base, "action": "approve_all", "confirm": "1"})
    reviewed = (folder / DRAFT).read_bytes()
    with FakeOpenAIServer(lambda body: Hang()) as model:
        Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
            f'[providers.corp]\nbase_url = "{model.url}"\nmodel = "corp-7b"\nneeds_key = false\n',
            encoding="utf-8",
        )
        data = {**base, "f": SAMPLE.name, "provider": "corp", "redraft": "1"}
        client.post("/draft", data=data)
        (job,) = workspace.jobs.values()
        deadline = time.monotonic() + 60
        while not model.received:
            assert time.monotonic() < deadline and not job.done, job.error
            time.sleep(0.1)
        client.post("/cancel", data={"token": workspace.token, "job": job.id})
        while not job.done:
            time.sleep(0.1)
        response = client.get(f"/progress?job={job.id}")
    assert "已取消起草" in response.text and "原有的草稿保持原样" in response.text
    assert (folder / DRAFT).read_bytes() == reviewed
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
