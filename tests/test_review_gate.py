"""The gate: only approved units reach the document, and nothing while anything is pending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.review_helpers import offline_draft

from selfreview.cli.app import run_cli
from selfreview.draftfile import DRAFT_FORMAT, load_draft, save_draft
from selfreview.record import Status
from selfreview.review.gate import approved_material, unanswered_problems
from selfreview.review.session import ReviewSession


def test_build_refuses_while_anything_is_pending_and_lists_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path)
    session.approve_all()
    session.reset("P2")
    session.reset("M1")
    capsys.readouterr()
    assert run_cli(["build", str(path)]) == 1
    err = capsys.readouterr().err
    assert "未确认" in err and "问题 P2" in err and "措施 M1" in err and "共 2 项" in err
    assert str(path) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not path.with_name("笔记.docx").exists()


def test_placeholders_block_the_build_unless_allowed_which_marks_a_discussion_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, draft = offline_draft(tmp_path)
    ReviewSession(draft, path).approve_all()
    out = tmp_path / "定稿.docx"
    assert run_cli(["build", str(path), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "【待补：具体事例】" in err and "--allow-placeholders" in err and str(path) in err
    assert not out.exists()
    assert run_cli(["build", str(path), "-o", str(out), "--allow-placeholders"]) == 0
    assert "讨论稿" in capsys.readouterr().err

    from docx import Document

    paragraphs = [p for p in Document(str(out)).paragraphs if p.text.strip()]
    assert paragraphs[0].text == "讨论稿"
    shaded = [
        run.text
        for p in paragraphs
        for run in p.runs
        if run.font.highlight_color is not None and "待补" in run.text
    ]
    assert shaded


def test_a_filled_placeholder_lets_the_final_document_through(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path)
    assert draft.material is not None
    for problem in draft.material.all_problems():
        if "待补" in problem.example:
            session.edit(problem.id, {"example": "如全年仅开展专题调研2次"})
    session.approve_all()
    out = tmp_path / "定稿.docx"
    assert run_cli(["build", str(path), "-o", str(out)]) == 0

    from docx import Document

    texts = [p.text for p in Document(str(out)).paragraphs if p.text.strip()]
    assert texts[0] != "讨论稿" and "待补" not in "".join(texts)
    assert "如全年仅开展专题调研2次" in "".join(texts)


def test_rejected_units_stay_out_and_their_links_are_dropped(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path)
    assert draft.material is not None
    rejected = draft.material.all_problems()[0]
    session.reject(rejected.id, "不属实")
    session.reject("closing")
    session.approve_all()
    material = approved_material(load_draft(path))
    assert rejected.id not in [p.id for p in material.all_problems()]
    assert all(rejected.id not in m.addresses for m in material.measures)
    assert all(rejected.id not in c.explains for c in material.causes)
    assert material.closing is None
    assert len(material.all_problems()) == len(draft.material.all_problems()) - 1


def test_unanswered_problems_are_shown_before_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path)
    assert draft.material is not None
    measure = draft.material.measures[0]
    session.reject(measure.id)
    session.approve_all()
    orphaned = [
        p
        for p in measure.addresses
        if not any(p in m.addresses for m in draft.material.measures[1:])
    ]
    assert unanswered_problems(load_draft(path)) == orphaned
    capsys.readouterr()
    out = tmp_path / "x.md"
    assert run_cli(["build", str(path), "-o", str(out), "--allow-placeholders"]) == 0
    err = capsys.readouterr().err
    if orphaned:
        assert "没有已确认的措施回应" in err and orphaned[0] in err


def test_existing_output_needs_force_and_ledger_adds_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path)
    session.edit("M1", {"leader": "张局长", "deadline": "2026年6月底前"})
    session.approve_all()
    out = tmp_path / "材料.docx"
    out.write_bytes(b"mine")
    args = ["build", str(path), "-o", str(out), "--allow-placeholders", "--ledger"]
    assert run_cli(args) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"mine"
    assert run_cli([*args, "--force"]) == 0

    from docx import Document

    document = Document(str(out))
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "问题",
        "整改措施",
        "责任领导",
        "完成时限",
    ]
    measures = load_draft(path).material.measures  # type: ignore[union-attr]
    # One row per problem–measure pair (a measure addressing nothing still has its row).
    assert len(table.rows) == 1 + sum(max(len(m.addresses), 1) for m in measures)
    assert [c.text for c in table.rows[1].cells][3:] == ["张局长", "2026年6月底前"]


def test_draft_command_approve_all_is_recorded_and_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, _, _ = offline_draft(tmp_path)
    out = tmp_path / "x.md"
    assert run_cli([str(notes), "--org", "某市政府党组", "-o", str(out)]) == 0  # new draft file
    capsys.readouterr()
    assert run_cli([str(notes), "--org", "某市政府党组", "-o", str(out), "--approve-all"]) == 1
    assert "待补" in capsys.readouterr().err  # approved, but placeholders are left
    draft = load_draft(tmp_path / "x.draft.json")
    assert all(draft.status(u) is Status.APPROVED for u in draft.review)
    assert {d.via for u in draft.review.values() for d in u.decisions} == {"approve-all"}


def test_hand_edited_draft_file_text_is_kept_and_reviewed_again(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    ReviewSession(draft, path).approve_all()
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["material"]["causes"][0]["body"] = "手工改写的分析。"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    reread = load_draft(path)
    unit = reread.review["C1"]
    assert unit.status is Status.PENDING and unit.flag
    assert unit.revisions[-1].fields["body"] == "手工改写的分析。"
    assert unit.revisions[-1].origin == "edited"
    assert reread.status("C2") is Status.APPROVED


def test_a_version_1_draft_with_a_bulk_approval_is_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, _ = offline_draft(tmp_path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["format"] = "selfreview.draft/1"
    del raw["review"]
    raw["approval"] = {"by": "老王", "at": "2026-01-01T00:00:00Z", "how": "approve-all"}
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    run_cli(["check", str(path), "--json"])
    assert json.loads(capsys.readouterr().out)["kind"] == "draft"  # draft check reads v1 too
    upgraded = load_draft(path)
    assert upgraded.format == DRAFT_FORMAT
    assert all(u.status is Status.APPROVED for u in upgraded.review.values())
    assert {d.by for u in upgraded.review.values() for d in u.decisions} == {"老王"}
    save_draft(upgraded, path)
    assert load_draft(path) == upgraded


SAVER = """
import sys
from pathlib import Path
from selfreview.draftfile import load_draft
from selfreview.review.session import ReviewSession

path = Path(sys.argv[1])
session = ReviewSession(load_draft(path), path)
units = session.units()
print("ready", flush=True)
n = 0
while True:
    uid = units[n % len(units)]
    if uid != "title":
        session.reject(uid) if n % 2 else session.approve(uid)
    n += 1
"""


@pytest.mark.slow
def test_killing_the_process_mid_save_leaves_a_valid_draft_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    _, path, _ = offline_draft(tmp_path)
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    for delay in (0.3, 0.55, 0.8, 1.1):
        process = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        draft = load_draft(path)  # never half written
        assert draft.material is not None
    decided = [u for u in draft.review.values() if u.decisions]
    assert decided, "the saver made decisions before it was killed"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 4  # a killed writer may leave its temp file, never a broken draft


def test_an_unchanged_review_sheet_records_nothing_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, _ = offline_draft(tmp_path)
    sheet = tmp_path / "审阅单.md"
    assert run_cli(["review", str(path), "--export", str(sheet)]) == 0
    before = path.read_bytes()
    capsys.readouterr()
    assert run_cli(["review", str(path), "--apply", str(sheet)]) == 0
    assert "没有需要记录的改动" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert run_cli(["review", str(path), "--export", str(sheet)]) == 1  # exists: needs --force
    assert "--force" in capsys.readouterr().err


def test_a_draft_file_saved_with_a_bom_by_an_editor_still_loads(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_draft(path) == draft


def test_draft_check_leaves_rejected_units_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    placeholder = next(p.id for p in draft.material.all_problems() if "待补" in p.example)
    session = ReviewSession(draft, path)
    for problem in draft.material.all_problems():
        if "待补" in problem.example and problem.id != placeholder:
            session.reject(problem.id)
    capsys.readouterr()
    assert run_cli(["check", str(path), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    flagged = {f["location"].get("id") for f in findings if f["rule"] == "placeholder"}
    assert flagged == {placeholder}
    session.reject(placeholder)
    assert run_cli(["check", str(path), "--json"]) == 0  # nothing left but warnings


@pytest.mark.parametrize("kind", ["missing", "folder", "gbk"])
def test_a_review_sheet_that_cannot_be_read_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    _, path, _ = offline_draft(tmp_path)
    sheet = tmp_path / "审阅单.md"
    if kind == "folder":
        sheet.mkdir()
    elif kind == "gbk":
        assert run_cli(["review", str(path), "--export", str(sheet)]) == 0
        sheet.write_bytes(sheet.read_text(encoding="utf-8").encode("gb18030"))
    before = path.read_bytes()
    capsys.readouterr()
    assert run_cli(["review", str(path), "--apply", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert str(sheet) in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert {"missing": "不存在", "folder": "文件夹", "gbk": "UTF-8"}[kind] in err
    assert path.read_bytes() == before
