"""The review page over HTTP (Starlette's TestClient): token, escaping, paths, actions."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tests.web_helpers import SAMPLE, draft_on_page, sample_drafted_on_page
from tests.web_helpers import page_client as _client

from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.review.gate import orphaned_followups
from selfreview.web.app import COOKIE, Workspace, create_app

DRAFT = "sample-notes.draft.json"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample drafted offline once, through the page (copied for every test)."""
    return sample_drafted_on_page(tmp_path_factory, "某市政府党组")


@pytest.fixture
def page(drafted: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Workspace]]:
    """A client with the token cookie, on a folder holding a fresh copy of the draft."""
    shutil.copy(drafted, tmp_path / DRAFT)
    yield _client(tmp_path)


def test_every_request_needs_the_token(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    client = TestClient(create_app(workspace))
    assert client.get("/").status_code == 403
    assert client.get("/static/htmx.min.js").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    response = client.get(f"/review?d=x&token={workspace.token}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/review?d=x"  # the token leaves the address bar
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE}={workspace.token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/").status_code == 200  # the cookie now


def test_a_post_without_the_form_token_is_refused(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    before = (workspace.folder / DRAFT).read_bytes()
    # the cookie alone (what a cross-site form would send) is not enough
    response = client.post("/act", data={"d": DRAFT, "u": "title", "action": "approve"})
    assert response.status_code == 403
    response = client.post(
        "/act", data={"token": "guess", "d": DRAFT, "u": "title", "action": "approve"}
    )
    assert response.status_code == 403
    assert (workspace.folder / DRAFT).read_bytes() == before


def test_other_hosts_are_refused(page: tuple[TestClient, Workspace]) -> None:
    client, _ = page
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_no_path_outside_the_folder(page: tuple[TestClient, Workspace], tmp_path: Path) -> None:
    client, _ = page
    (tmp_path.parent / "secret.docx").write_text("x")
    for url in (
        "/review?d=../sample-notes.draft.json",
        "/review?d=/etc/passwd",
        "/download?f=../secret.docx",
        "/download?f=sample-notes.draft.json",
        "/notes?f=../secret.txt",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.text != "x"


def test_approve_is_saved_at_once(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    response = client.post(
        "/act", data={"token": workspace.token, "d": DRAFT, "u": "P2", "action": "approve"}
    )
    assert response.status_code == 200
    unit = load_draft(workspace.folder / DRAFT).review["P2"]
    assert unit.status is Status.APPROVED
    assert unit.decisions[-1].via == "web"


def test_reject_needs_a_reason_and_marks_the_measures(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    path = workspace.folder / DRAFT
    data = {"token": workspace.token, "d": DRAFT, "u": "P1", "action": "reject"}
    response = client.post("/act", data=data)
    assert "写明理由" in response.text
    assert load_draft(path).review["P1"].status is Status.PENDING
    draft = load_draft(path)
    citing = [m.id for m in draft.material.measures if "P1" in m.addresses]  # type: ignore[union-attr]
    assert citing
    client.post("/act", data={**data, "comment": "与P2重复"})
    after = load_draft(path)
    assert after.review["P1"].status is Status.REJECTED
    assert all("P1" in after.review[m].flag for m in citing)
    page_text = client.get(f"/review?d={DRAFT}&u={citing[0]}").text
    assert "需再看" in page_text


def test_edit_in_place_keeps_the_text(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    client.post(
        "/act",
        data={
            "token": workspace.token,
            "d": DRAFT,
            "u": "title",
            "action": "edit",
            "f_text": "某市政府党组2021年度专题民主生活会对照检查材料（修改稿）",
        },
    )
    draft = load_draft(workspace.folder / DRAFT)
    assert draft.material is not None and draft.material.title.endswith("（修改稿）")
    assert draft.review["title"].status is Status.APPROVED_WITH_EDITS


def test_bulk_approve_needs_the_confirmation(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    path = workspace.folder / DRAFT
    data = {"token": workspace.token, "d": DRAFT, "action": "approve_all"}
    assert "批量确认需要勾选" in client.post("/act", data=data).text
    assert load_draft(path).review["P1"].status is Status.PENDING
    client.post("/act", data={**data, "confirm": "1"})
    statuses = {r.status for r in load_draft(path).review.values()}
    assert statuses == {Status.APPROVED}


def test_build_lists_what_blocks_it_then_downloads(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    review = client.get(f"/review?d={DRAFT}").text
    assert "现在还不能生成" in review and "未确认" in review
    blocking = review[review.index('class="blockers"') :]
    assert f'href="/review?d={DRAFT}&u=P1">问题 P1</a>' in blocking  # a link to each unit
    response = client.post("/build", data={"token": workspace.token, "d": DRAFT, "u": "P2"})
    assert "现在还不能生成：请先处理" in response.text and "u=P2" in str(response.url)
    for command_line in ("draft review", "--approve-all", "draft build", "--allow"):
        assert command_line not in response.text  # the page says what to do on the page
    assert not (workspace.folder / "sample-notes.docx").exists()
    client.post(
        "/act",
        data={"token": workspace.token, "d": DRAFT, "action": "approve_all", "confirm": "1"},
    )
    response = client.post(
        "/build", data={"token": workspace.token, "d": DRAFT, "allow_placeholders": "1"}
    )
    assert "下载 sample-notes.docx" in response.text
    # built as a 讨论稿: the page says so instead of "not yet" above the download link
    assert "已生成“讨论稿”" in response.text and "现在还不能生成" not in response.text
    download = client.get("/download?f=sample-notes.docx")
    assert download.status_code == 200
    assert download.content[:2] == b"PK"
    assert download.content == (workspace.folder / "sample-notes.docx").read_bytes()


def test_preview_is_the_composed_document(page: tuple[TestClient, Workspace]) -> None:
    from selfreview.render.compose import compose
    from selfreview.review.gate import material_in_review

    client, workspace = page
    text = client.get(f"/preview?d={DRAFT}").text
    blocks = compose(material_in_review(load_draft(workspace.folder / DRAFT)))
    assert "一、" in text and "二、" in text
    for block in blocks[:5]:
        assert block.segments[0].text[:10] in text


def test_notes_are_shown_as_text(tmp_path: Path) -> None:
    notes = tmp_path / "恶意.txt"
    notes.write_text(
        "征求意见\n1. 会议太多<script>alert('x')</script>，文件太长。\n"
        "2. 调研太少<!-- hidden -->，基层反映问题解决不及时。\n",
        encoding="utf-8",
    )
    client, workspace = _client(tmp_path)
    shown = client.get("/notes?f=恶意.txt").text
    assert "<script>alert" not in shown and "<!-- hidden" not in shown
    assert "&lt;script&gt;alert(" in shown and "&lt;!-- hidden --&gt;" in shown
    draft_on_page(client, workspace, "恶意.txt", "某局党组")
    draft = tmp_path / "恶意.draft.json"
    assert draft.exists()
    for unit in load_draft(draft).review:
        html = client.get(f"/review?d={draft.name}&u={unit}").text
        assert "<script>alert" not in html and "<!-- hidden" not in html


def test_upload_keeps_the_cli_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfreview.notes

    client, workspace = _client(tmp_path)
    token = {"token": workspace.token}
    response = client.post("/upload", data=token, files={"files": ("a.exe", b"MZ")})
    assert response.status_code == 400 and "只能上传" in response.text
    monkeypatch.setattr(selfreview.notes, "MAX_INPUT_BYTES", 10)
    response = client.post("/upload", data=token, files={"files": ("big.txt", b"x" * 11)})
    assert response.status_code == 400 and "超过" in response.text
    monkeypatch.undo()
    response = client.post(
        "/upload", data=token, files={"files": ("../../outside.txt", "1. 意见一".encode())}
    )
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "1. 意见一"
    assert not (tmp_path.parent / "outside.txt").exists()
    assert "/notes?f=outside.txt" in str(response.url)


def test_draft_help_imports_no_web_library() -> None:
    code = (
        "import sys\n"
        "from selfreview.cli.app import run_cli\n"
        "run_cli(['--help'])\n"
        "run_cli(['serve', '--help'])\n"
        "heavy = [m for m in ('starlette', 'jinja2', 'uvicorn', 'multipart', 'python_multipart')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "draft serve" in result.stdout
    assert "HEAVY []" in result.stdout


def test_add_move_relink_through_the_session(page: tuple[TestClient, Workspace]) -> None:
    client, workspace = page
    path = workspace.folder / DRAFT
    base = {"token": workspace.token, "d": DRAFT}
    response = client.post(
        "/act",
        data={
            **base,
            "u": "P1",
            "action": "add",
            "kind": "problem",
            "f_headline": "调研不够深入",
            "f_body": "下基层调研次数偏少",
            "links": "O1",
        },
    )
    draft = load_draft(path)
    assert draft.material is not None
    group = draft.material.problems[0]
    added = group.items[1]
    assert added.headline.startswith("调研不够深入") and added.sources == ["O1"]
    assert draft.review[added.id].status is Status.APPROVED
    assert f"u={added.id}" in str(response.url)  # the new item is shown
    client.post("/act", data={**base, "u": added.id, "action": "move", "position": "1"})
    draft = load_draft(path)
    assert draft.material is not None and draft.material.problems[0].items[0].id == added.id
    client.post("/act", data={**base, "u": added.id, "action": "relink", "links": "O1，O3"})
    draft = load_draft(path)
    assert draft.material is not None
    assert draft.material.problems[0].items[0].sources == ["O1", "O3"]
    response = client.post(
        "/act", data={**base, "u": added.id, "action": "relink", "links": "O999"}
    )
    assert "没有这些意见：O999" in response.text


def test_regenerate_on_an_offline_draft_says_a_model_is_needed(
    page: tuple[TestClient, Workspace],
) -> None:
    client, workspace = page
    response = client.post(
        "/act",
        data={
            "token": workspace.token,
            "d": DRAFT,
            "u": "P1",
            "action": "regenerate",
            "instruction": "更具体一些",
        },
    )
    assert "重新生成需要模型" in response.text
    assert "重新生成</button>" not in response.text  # not offered for an offline draft


def test_a_failed_drafting_is_shown_on_the_progress_page(tmp_path: Path) -> None:
    (tmp_path / "空.txt").write_text("\n", encoding="utf-8")
    client, workspace = _client(tmp_path)
    response = client.post(
        "/draft", data={"token": workspace.token, "f": "空.txt", "provider": "offline"}
    )
    deadline = time.monotonic() + 60
    while 'class="error"' not in response.text:
        assert "/progress" in str(response.url) and time.monotonic() < deadline
        time.sleep(0.2)
        response = client.get(str(response.url))
    assert "空.txt" in response.text
    assert "every 1s" not in response.text  # the page stops asking


def test_the_cited_words_of_an_opinion_are_highlighted(page: tuple[TestClient, Workspace]) -> None:
    from selfreview.web.pages import highlight

    assert highlight("会议太多，文件太长，调研太少", "文件太长，影响落实") == [
        ("会议太多，", False),
        ("文件太长，", True),
        ("调研太少", False),
    ]
    assert highlight("完全不同的话", "另一句") == [("完全不同的话", False)]
    client, _ = page
    html = client.get(f"/review?d={DRAFT}&u=P1").text
    assert "<mark>" in html


def test_the_ledger_goes_into_the_built_document(page: tuple[TestClient, Workspace]) -> None:
    import docx

    client, workspace = page
    base = {"token": workspace.token, "d": DRAFT}
    client.post("/act", data={**base, "action": "approve_all", "confirm": "1"})
    client.post("/build", data={**base, "allow_placeholders": "1", "ledger": "1"})
    document = docx.Document(str(workspace.folder / "sample-notes.docx"))
    assert document.tables
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert any("整改措施" in text for text in header)


def test_a_decision_made_elsewhere_shows_on_reload(page: tuple[TestClient, Workspace]) -> None:
    from selfreview.review.session import ReviewSession

    client, workspace = page
    path = workspace.folder / DRAFT
    assert 'id="unit-P3"' in client.get(f"/review?d={DRAFT}").text
    session = ReviewSession(load_draft(path), path, via="terminal")  # as draft review does
    session.reject("P3", "终端中删除")
    html = client.get(f"/review?d={DRAFT}&u=P3").text
    assert 'class="unit rejected selected' in html and "终端中删除" in html


def test_the_drafting_form_offers_offline_and_the_providers(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    client, _ = _client(tmp_path)
    html = client.get(f"/notes?f={SAMPLE.name}").text
    assert '<option value="offline">离线起草' in html
    assert '<option value="deepseek">' in html
    # what each service still needs, and no command that sets nothing
    assert "模型：ollama（本机服务，无需密钥）" in html
    assert "模型：deepseek（需先设置环境变量 DEEPSEEK_API_KEY" in html
    assert "draft config" not in html


def test_the_drafting_form_says_a_key_is_found_without_showing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-secret-in-test-1234567890")
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    client, _ = _client(tmp_path)
    html = client.get(f"/notes?f={SAMPLE.name}").text
    assert "模型：deepseek（已找到密钥）" in html
    assert "sk-secret" not in html and "7890" not in html


def test_build_blockers_link_to_the_units_and_say_what_to_do_here(
    page: tuple[TestClient, Workspace],
) -> None:
    client, workspace = page
    path = workspace.folder / DRAFT
    base = {"token": workspace.token, "d": DRAFT}
    client.post("/act", data={**base, "action": "approve_all", "confirm": "1"})
    draft = load_draft(path)
    assert draft.material is not None
    group = draft.material.problems[0]
    for problem in group.items:
        client.post("/act", data={**base, "u": problem.id, "action": "reject", "comment": "不实"})
    html = client.get(f"/review?d={DRAFT}").text
    blocking = html[html.index('class="blockers"') : html.index("</ul>", html.index("blockers"))]
    assert f"没有问题（已删除或移到别的方面）：{group.aspect}" in blocking
    for problem in group.items:
        assert f"u={problem.id}" in blocking
    assert "“改回待定”" in blocking and 'name="allow_missing_aspects"' in html
    response = client.post("/build", data={**base, "allow_placeholders": "1"})
    assert "现在还不能生成：请先处理" in response.text
    assert not (workspace.folder / "sample-notes.docx").exists()
    # causes and measures that answered only those problems: sent back, then orphaned
    client.post("/act", data={**base, "action": "approve_all", "confirm": "1"})
    orphans = orphaned_followups(load_draft(path))
    assert orphans, "the sample's first aspect has causes or measures of its own"
    html = client.get(f"/review?d={DRAFT}").text
    blocking = html[html.index('class="blockers"') :]
    for unit in orphans:
        assert f"u={unit}" in blocking.split("</li>")[0]
        client.post("/act", data={**base, "u": unit, "action": "reject", "comment": "随问题删"})
    client.post("/build", data={**base, "allow_placeholders": "1", "allow_missing_aspects": "1"})
    assert (workspace.folder / "sample-notes.docx").exists()
