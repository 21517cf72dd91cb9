"""Issue 17, the open-or-draft traps: another notes file is not "changed notes", an
approval never outlives its sources, a folder is not an output file, and the advice for
an existing document never re-drafts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.review_helpers import SAMPLE, offline_draft

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.review.session import ReviewSession

ORG = "某市政府党组"
OTHER = Path(__file__).resolve().parents[1] / "fixtures" / "notes" / "sample-personal.txt"


def test_a_different_notes_file_is_named_and_needs_redraft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, other = tmp_path / "甲单位意见.txt", tmp_path / "乙单位意见.txt"
    shutil.copy(SAMPLE, first)
    shutil.copy(OTHER, other)
    out = tmp_path / "out.docx"
    base = ["-o", str(out), "--org", ORG, "--kind", "collective", "--no-review"]
    assert run_cli([str(first), *base]) == 0
    path = tmp_path / "out.draft.json"
    ReviewSession(load_draft(path), path).approve_all()
    reviewed = path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run_cli([str(other), *base]) == 1
    err = capsys.readouterr().err
    assert "另一份原始材料（甲单位意见.txt）" in err and "乙单位意见.txt" in err
    assert "--redraft" in err and "--force" not in err
    assert path.read_text(encoding="utf-8") == reviewed  # nothing taken over, nothing lost
    assert run_cli([str(other), *base, "--redraft"]) == 0
    (backup,) = tmp_path.glob("out.draft.*.bak.json")
    assert backup.read_text(encoding="utf-8") == reviewed
    fresh = load_draft(path)
    assert [Path(s.path).name for s in fresh.notes] == ["乙单位意见.txt"]
    assert all(fresh.status(uid) is Status.PENDING for uid in fresh.review)
    # the same notes under another name are the same notes: the review goes on
    renamed = tmp_path / "乙单位意见（定稿）.txt"
    other.rename(renamed)
    capsys.readouterr()
    assert run_cli([str(renamed), *base]) == 0
    assert "继续审阅已有草稿" in capsys.readouterr().err


def test_an_approval_does_not_outlive_its_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kept problem (its aspect untouched by the change) whose cited opinion is gone
    goes back to pending with the reason, instead of staying approved on fewer sources."""
    notes, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    problem = next(p for p in draft.material.all_problems() if len(p.sources) >= 1)
    gone = problem.sources[0]
    ReviewSession(draft, path).approve_all()
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["assignments"][gone] = None  # sorted nowhere: its removal touches no aspect
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    text = next(o.text for o in draft.opinions if o.id == gone)
    lines = notes.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if text not in line.replace(" ", "")]
    assert len(kept) == len(lines) - 1, "the cited opinion is one line of the notes"
    notes.write_text("\n".join(kept) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert run_cli([str(notes), "--org", ORG, "--no-review"]) == 0
    err = capsys.readouterr().err
    after = load_draft(path)
    assert after.status(problem.id) is Status.PENDING
    assert f"原 {gone}" in after.review[problem.id].flag
    assert problem.id in err and "退回待定" in err


def test_a_folder_as_output_gets_its_own_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "材料.docx"
    folder.mkdir()
    notes = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    assert run_cli([str(notes), "-o", str(folder), "--approve-all"]) == 1
    err = capsys.readouterr().err
    assert "输出路径是一个文件夹" in err and "--force" not in err
    assert not (tmp_path / "材料.draft.json").exists()  # refused before drafting
    _, path, _ = offline_draft(tmp_path, "--approve-all", "--allow-placeholders")
    capsys.readouterr()
    assert run_cli(["build", str(path), "-o", str(folder), "--allow-placeholders"]) == 1
    err = capsys.readouterr().err
    assert "输出路径是一个文件夹" in err and "--force" not in err


def test_an_existing_document_names_force_as_rebuilding_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--approve-all", "--allow-placeholders"]  # the document: 笔记.docx beside
    notes, path, _ = offline_draft(tmp_path, *args)
    assert notes.with_suffix(".docx").is_file()
    session = ReviewSession(load_draft(path), path)
    session.reject("P1")
    decided = load_draft(path)
    capsys.readouterr()
    assert run_cli([str(notes), "--org", ORG, "--no-review", *args]) == 1
    err = capsys.readouterr().err
    assert "--force" in err and "草稿和审阅决定不变" in err
    assert run_cli([str(notes), "--org", ORG, "--no-review", *args, "--force"]) == 0
    after = load_draft(path)  # not re-drafted: the same text, the rejection still there
    assert after.material == decided.material and after.created == decided.created
    assert after.review["P1"] == decided.review["P1"]
    assert after.status("P1") is Status.REJECTED


def test_redraft_backs_up_a_draft_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    damaged = tmp_path / "笔记.draft.json"
    damaged.write_text('{"format": "selfreview.draft/5", "settings": ', encoding="utf-8")
    assert run_cli([str(notes), "--org", ORG, "--no-review"]) == 1
    assert "不是有效的 JSON" in capsys.readouterr().err
    assert run_cli([str(notes), "--org", ORG, "--no-review", "--redraft"]) == 0
    err = capsys.readouterr().err
    assert "无法读取" in err and "备份" in err
    (backup,) = tmp_path.glob("笔记.draft.*.bak.json")
    assert backup.read_text(encoding="utf-8").startswith('{"format"')
    assert load_draft(damaged).material is not None
