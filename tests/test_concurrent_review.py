"""Two reviewers on one draft file: nothing either of them decided is lost (issue 17).

Each case reproduces what lost decisions before the save lock: a second session (API,
sheet or terminal) writing its stale view of the whole file over the first one's. Now a
save re-reads the file under the lock and applies only its own units; a unit both sides
changed is refused with its id named, and the refused session reloads.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from tests.review_helpers import offline_draft
from tests.test_review_resume import NEW_LINE, OLD_LINE
from tests.test_review_sheet import set_box

from selfreview.cli.app import run_cli
from selfreview.draftfile import DraftFile, load_draft, lock_path_for
from selfreview.errors import ReviewError
from selfreview.record import Status
from selfreview.review.console import ScriptedConsole
from selfreview.review.session import ReviewSession
from selfreview.review.sheet import apply_sheet, export_sheet
from selfreview.review.terminal import run_terminal_review
from selfreview.units import UnitKind, get_fields
from selfreview.workflow import opening


@pytest.fixture
def drafted(tmp_path: Path) -> tuple[Path, DraftFile]:
    _, path, draft = offline_draft(tmp_path)
    return path, draft


def problems(draft: DraftFile) -> list[str]:
    assert draft.material is not None
    return [p.id for p in draft.material.all_problems()]


def test_two_api_sessions_approving_different_units_keep_both(
    drafted: tuple[Path, DraftFile],
) -> None:
    path, _ = drafted
    first = ReviewSession(load_draft(path), path, by="甲", via="api")
    second = ReviewSession(load_draft(path), path, by="乙", via="api")
    one, two = problems(first.draft)[:2]
    first.approve(one)
    assert first.notices == []
    second.approve(two)
    on_disk = load_draft(path)
    assert on_disk.status(one) is Status.APPROVED
    assert on_disk.status(two) is Status.APPROVED
    assert on_disk.review[one].decisions[-1].by == "甲"
    assert on_disk.review[two].decisions[-1].by == "乙"
    # The stale session took in the other's decision and said so.
    assert second.status(one) is Status.APPROVED
    assert second.notices and "已重新读取" in second.notices[0]
    assert path.stat().st_mode & 0o777 == 0o600


def test_two_sheets_applied_at_once_keep_both(drafted: tuple[Path, DraftFile]) -> None:
    path, draft = drafted
    one, two = problems(draft)[:2]
    sheet = export_sheet(draft)
    sheet_a, sheet_b = path.with_name("甲.md"), path.with_name("乙.md")
    sheet_a.write_text(set_box(sheet, one, "x"), encoding="utf-8")
    sheet_b.write_text(set_box(sheet, two, "-"), encoding="utf-8")
    # Both `draft review --apply` runs have read the file before either writes.
    session_a = ReviewSession(load_draft(path), path, by="甲", via="sheet")
    session_b = ReviewSession(load_draft(path), path, by="乙", via="sheet")
    assert apply_sheet(session_a, sheet_a.read_text(encoding="utf-8"), sheet_a).recorded
    assert apply_sheet(session_b, sheet_b.read_text(encoding="utf-8"), sheet_b).recorded
    on_disk = load_draft(path)
    assert on_disk.status(one) is Status.APPROVED
    assert on_disk.status(two) is Status.REJECTED


def test_a_sheet_applied_while_the_terminal_is_open_survives_its_next_key(
    drafted: tuple[Path, DraftFile],
) -> None:
    """The terminal review is open; from another shell a sheet is applied (a process of
    its own); then one more key in the terminal. The sheet's decisions stay."""
    path, draft = drafted
    two, three = problems(draft)[1:3]
    sheet = path.with_name("审阅单.md")

    class OtherShell(ScriptedConsole):
        def read_line(self, prompt: str, prefill: str = "") -> str:
            line = super().read_line(prompt, prefill)
            if line != "<sheet>":
                return line
            text = export_sheet(load_draft(path))
            sheet.write_text(set_box(set_box(text, two, "-"), three, "x"), encoding="utf-8")
            command = ["review", str(path), "--apply", str(sheet), "--by", "审阅单"]
            done = subprocess.run(
                [sys.executable, "-m", "selfreview", *command], capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            return super().read_line(prompt, prefill)

    terminal = ReviewSession(load_draft(path), path, by="终端", via="terminal")
    console = OtherShell(["a", "<sheet>", "a", "q"])
    run_terminal_review(terminal, console)
    on_disk = load_draft(path)
    assert on_disk.status(two) is Status.REJECTED
    assert on_disk.status(three) is Status.APPROVED
    assert on_disk.review[three].decisions[-1].by == "审阅单"
    assert on_disk.status("title") is Status.APPROVED  # the terminal's first key
    assert on_disk.status("preamble") is Status.APPROVED  # and the one after the sheet
    assert "已重新读取" in console.text  # the terminal said that it reloaded


def test_a_unit_both_sides_changed_is_refused_by_name_and_the_session_reloads(
    drafted: tuple[Path, DraftFile],
) -> None:
    path, draft = drafted
    unit = problems(draft)[0]
    first = ReviewSession(load_draft(path), path, by="甲", via="api")
    second = ReviewSession(load_draft(path), path, by="乙", via="api")
    first.edit(unit, {"headline": "甲改写的问题标题"})
    before = path.read_bytes()
    with pytest.raises(ReviewError) as refused:
        second.reject(unit)
    assert unit in refused.value.message
    assert "未保存" in refused.value.message
    assert path.read_bytes() == before  # the first one's edit is what stays
    assert second.status(unit) is Status.APPROVED_WITH_EDITS  # reloaded: the view is the file's
    second.reject(unit)  # decided again on the fresh view: accepted
    assert load_draft(path).status(unit) is Status.REJECTED


def test_added_and_moved_items_merge_with_decisions_made_elsewhere(
    drafted: tuple[Path, DraftFile],
) -> None:
    path, draft = drafted
    first = ReviewSession(load_draft(path), path, by="甲", via="api")
    second = ReviewSession(load_draft(path), path, by="乙", via="api")
    unit = problems(draft)[0]
    first.approve(unit)
    new_id = second.add(UnitKind.PROBLEM, {"headline": "新增的问题", "body": "具体表现。"})
    on_disk = load_draft(path)
    assert on_disk.status(unit) is Status.APPROVED
    assert on_disk.status(new_id) is Status.APPROVED
    assert new_id in problems(on_disk)


def test_the_lock_is_a_file_beside_the_draft(drafted: tuple[Path, DraftFile]) -> None:
    path, draft = drafted
    ReviewSession(draft, path, via="api").approve(problems(draft)[0])
    assert lock_path_for(path).parent == path.parent
    assert lock_path_for(path).name == f"{path.name}.lock"


# -- many rounds, two processes ------------------------------------------------------------

ROUNDS = 40


def _reviewer(path: str, name: str, seed: int, start: Any, report: str) -> None:
    """One reviewer: ``ROUNDS`` random actions on random units; reports every decision
    and edit that its session said was saved, and how often it was told to reload."""
    rng = random.Random(seed)
    session = ReviewSession(load_draft(Path(path)), Path(path), by=name, via="api")
    made, refused, reloaded = [], 0, 0
    start.wait()
    for _ in range(ROUNDS):
        time.sleep(rng.random() * 0.02)
        unit = rng.choice(session.units())
        action = rng.choice(["approve", "reject", "reset", "comment", "edit"])
        text = ""
        try:
            if action == "comment":
                session.comment(unit, f"{name} 的备注 {rng.random()}")
            elif action == "edit":
                field, old = next(iter(get_fields(session.material, unit).items()))
                text = f"{old}（{name}改{rng.randrange(10**6)}）"
                session.edit(unit, {field: text})
            elif action == "reject" and unit == "title":
                continue
            else:
                getattr(session, action)(unit)
        except ReviewError:
            refused += 1
            continue
        reloaded += bool(session.notices)
        decision = session.draft.review[unit].decisions[-1]
        made.append([unit, decision.status.value, decision.at.isoformat(), decision.comment, text])
    result = {"made": made, "refused": refused, "reloaded": reloaded}
    Path(report).write_text(json.dumps(result), encoding="utf-8")


@pytest.mark.slow
def test_two_processes_reviewing_at_random_lose_no_reported_decision(
    drafted: tuple[Path, DraftFile],
) -> None:
    path, _ = drafted
    context = multiprocessing.get_context("spawn")  # as on Windows
    start = context.Barrier(2)  # both are up before either decides: they interleave
    reports = {name: path.with_name(f"{name}.json") for name in ("甲", "乙")}
    workers = [
        context.Process(target=_reviewer, args=(str(path), name, seed, start, str(report)))
        for seed, (name, report) in enumerate(reports.items(), 17)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    on_disk = load_draft(path)
    results = {
        name: json.loads(report.read_text(encoding="utf-8")) for name, report in reports.items()
    }
    for name, result in results.items():
        for unit, status, at, comment, text in result["made"]:
            recorded = {
                (d.status.value, d.at.isoformat(), d.comment)
                for d in on_disk.review[unit].decisions
                if d.by == name
            }
            assert (status, at, comment) in recorded, (name, unit, status)
            if text:
                assert text in [
                    r.fields.get(next(iter(r.fields))) for r in on_disk.review[unit].revisions
                ]
    assert sum(len(r["made"]) for r in results.values()) > ROUNDS  # most got through
    assert sum(r["reloaded"] for r in results.values()) > 0  # and the two did interleave


def test_a_draft_file_edited_by_hand_is_not_taken_for_a_change_elsewhere(
    drafted: tuple[Path, DraftFile],
) -> None:
    """Loading such a file records the hand edit anew each time (a new time stamp): two
    readings of the same file are the same draft, not a conflict."""
    path, draft = drafted
    unit = problems(draft)[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    group = data["material"]["problems"][0]
    assert group["items"][0]["id"] == unit
    group["items"][0]["headline"] = "在文件里直接改的标题"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    session = ReviewSession(load_draft(path), path, by="甲", via="api")
    time.sleep(0.01)
    session.approve(unit)
    assert session.notices == []
    on_disk = load_draft(path)
    assert on_disk.status(unit) is Status.APPROVED
    assert on_disk.review[unit].current.fields["headline"] == "在文件里直接改的标题"


def test_drafting_changed_notes_again_never_overwrites_decisions_saved_meanwhile(
    drafted: tuple[Path, DraftFile],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`draft NOTES` after the notes changed drafts again with the old decisions carried
    over; a decision saved from a review while it drafted must not be wiped by it."""
    path, draft = drafted
    notes = path.with_name("笔记.txt")
    unit = problems(draft)[-1]
    real = opening.draft_again

    def draft_again_while_reviewing(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)  # meanwhile, someone approves in a review
        ReviewSession(load_draft(path), path, by="审阅人", via="terminal").approve(unit)
        return result

    monkeypatch.setattr(opening, "draft_again", draft_again_while_reviewing)
    notes.write_text(notes.read_text(encoding="utf-8").replace(OLD_LINE, NEW_LINE), "utf-8")
    capsys.readouterr()
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review"]) == 1
    assert "起草期间草稿文件在另一处" in capsys.readouterr().err
    assert load_draft(path).status(unit) is Status.APPROVED
    monkeypatch.setattr(opening, "draft_again", real)  # run again: drafted over the decision
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review"]) == 0
    assert load_draft(path).status(unit) is Status.APPROVED


def test_a_sheet_that_collides_is_refused_whole_and_names_the_unit(
    drafted: tuple[Path, DraftFile], capsys: pytest.CaptureFixture[str]
) -> None:
    path, draft = drafted
    one, two = problems(draft)[:2]
    sheet = path.with_name("审阅单.md")
    sheet.write_text(set_box(set_box(export_sheet(draft), one, "-"), two, "x"), encoding="utf-8")
    # The sheet's run has read the draft; a terminal then edits the same unit first.
    session = ReviewSession(load_draft(path), path, by="审阅单", via="sheet")
    ReviewSession(load_draft(path), path, by="终端", via="terminal").edit(
        one, {"headline": "终端里改的标题"}
    )
    before = path.read_bytes()
    with pytest.raises(ReviewError) as refused:
        apply_sheet(session, sheet.read_text(encoding="utf-8"), sheet)
    named, _, _ = refused.value.message.partition(" 已在另一处")
    assert one in named.split("、")  # with the causes and measures both sides sent back
    assert path.read_bytes() == before  # nothing of the sheet, not even its other unit
    assert load_draft(path).status(two) is Status.PENDING


def test_a_save_that_cannot_get_the_lock_says_so_and_writes_nothing(
    drafted: tuple[Path, DraftFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from selfreview import draftfile
    from selfreview.errors import DraftFileError

    path, draft = drafted
    monkeypatch.setattr(draftfile, "LOCK_TIMEOUT", 0.2)
    before = path.read_bytes()
    session = ReviewSession(load_draft(path), path, by="甲", via="api")
    with FileLock(str(lock_path_for(path))), pytest.raises(DraftFileError) as held:
        session.approve(problems(draft)[0])
    assert "正由另一处保存" in held.value.message
    assert path.read_bytes() == before
