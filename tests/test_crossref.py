"""Cross-references are computed at build time: a measure's "针对“…”等问题，" lead and the
ledger's 问题 column follow the review (renames, rejections) in every output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.review_helpers import offline_draft

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.errors import ReviewPendingError
from selfreview.record import Status
from selfreview.review.build import BuildOptions, build_document
from selfreview.review.gate import (
    orphaned_followups,
    placeholders_left,
    printed_measure,
    unanswered_problems,
)
from selfreview.review.screens import finish_screen, unit_screen
from selfreview.review.session import ReviewSession
from selfreview.review.sheet_export import export_sheet
from selfreview.schema import ASPECT_PLACEHOLDER_HEADLINE, ProblemKind
from selfreview.units import GAP_NOTE


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One offline draft of the sample notes, copied for each test."""
    _, path, _ = offline_draft(tmp_path_factory.mktemp("drafted"))
    return path


@pytest.fixture
def session(drafted: Path, tmp_path: Path) -> ReviewSession:
    path = tmp_path / "笔记.draft.json"
    shutil.copy(drafted, path)
    return ReviewSession(load_draft(path), path, by="审阅人")


def _build(session: ReviewSession, suffix: str) -> Path:
    out = session.path.with_name(f"定稿{suffix}")  # type: ignore[union-attr]
    options = BuildOptions(output=out, allow_placeholders=True, ledger=True)
    build_document(session.draft, options)
    return out


def _docx(path: Path) -> tuple[list[str], list[str]]:
    """(body paragraphs, the ledger's 问题 column) of a built DOCX, reopened from disk."""
    from docx import Document

    document: Any = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    problems = [row.cells[1].text for row in document.tables[0].rows[1:]]
    return paragraphs, problems


def _headline(session: ReviewSession, pid: str) -> str:
    return next(p.headline for p in session.material.all_problems() if p.id == pid)


def _measure_paragraph(paragraphs: list[str], headline: str) -> str:
    return next(p for p in paragraphs if p[2:].startswith(headline))


def test_a_renamed_problem_is_named_anew_in_docx_markdown_and_ledger(
    session: ReviewSession,
) -> None:
    old = _headline(session, "P1")
    session.edit("P1", {"headline": "学习抓得不实"})
    assert session.status("M1") is Status.PENDING  # a cited problem changed: another look
    session.approve_all()
    measure = session.material.measures[0]
    paragraphs, ledger = _docx(_build(session, ".docx"))
    printed = _measure_paragraph(paragraphs, measure.headline)
    assert printed.startswith(f"一是{measure.headline}。针对“学习抓得不实”“")
    assert printed.count("针对“") == 1  # the body carries no lead of its own
    assert not any(f"“{old}”" in p for p in paragraphs if "针对“" in p)  # measure leads
    assert ledger[:2] == ["学习抓得不实", _headline(session, "P2")] and old not in "".join(ledger)
    markdown = _build(session, ".md").read_text(encoding="utf-8")
    assert f"针对“学习抓得不实”“{_headline(session, 'P2')}”" in markdown
    assert "| 1 | 学习抓得不实 |" in markdown
    assert f"| 2 | {_headline(session, 'P2')} |" in markdown
    leads = [line for line in markdown.splitlines() if "针对“" in line]
    assert leads and not any(f"“{old}”" in line for line in leads)


def test_rejecting_one_of_two_problems_names_only_the_other(session: ReviewSession) -> None:
    session.set_links("M1", ["P1", "P2"])
    first, second = _headline(session, "P1"), _headline(session, "P2")
    session.reject("P1")
    assert session.draft.review["M1"].flag == "所依据的问题 P1 已删除"
    session.approve_all()
    paragraphs, ledger = _docx(_build(session, ".docx"))
    measure = session.material.measures[0]
    assert f"针对“{second}”等问题，" in _measure_paragraph(paragraphs, measure.headline)
    assert not any(f"“{first}”" in p for p in paragraphs if "针对“" in p)  # measure leads
    assert ledger[0] == second
    markdown = _build(session, ".md").read_text(encoding="utf-8")
    assert f"针对“{second}”等问题，" in markdown
    assert not any(f"“{first}”" in line for line in markdown.splitlines() if "针对“" in line)


def _all_text(path: Path) -> str:
    """Every paragraph and table cell of a built DOCX, reopened from disk."""
    from docx import Document

    document: Any = Document(str(path))
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_renamed_or_rejected_problem_appears_nowhere_in_the_built_document(
    session: ReviewSession,
) -> None:
    renamed, rejected = _headline(session, "P1"), _headline(session, "P3")
    draft_text = _all_text(_build_draft(session))
    assert renamed in draft_text and rejected in draft_text
    session.edit("P1", {"headline": "学习抓得不实"})
    session.reject("P3")
    session.approve_all()
    docx = _all_text(_build(session, ".docx"))
    markdown = _build(session, ".md").read_text(encoding="utf-8")
    for text in (docx, markdown):
        assert renamed not in text and rejected not in text
        assert "学习抓得不实" in text
    causes = [c for c in session.material.causes if "P1" in c.explains]
    assert causes and all("学习抓得不实" not in c.body for c in causes)  # linked, not quoted


def _build_draft(session: ReviewSession) -> Path:
    """The document as drafted, every unit approved, in a copy of the session's draft."""
    assert session.path is not None
    copy = session.path.with_name("原稿.draft.json")
    shutil.copy(session.path, copy)
    other = ReviewSession(load_draft(copy), copy, by="审阅人")
    other.approve_all()
    out = copy.with_name("原稿.docx")
    build_document(other.draft, BuildOptions(output=out, allow_placeholders=True, ledger=True))
    return out


def test_a_measure_whose_problems_are_all_rejected_goes_back_and_blocks_the_build(
    session: ReviewSession, capsys: pytest.CaptureFixture[str]
) -> None:
    session.set_links("M1", ["P1", "P2"])
    session.approve_all()
    session.reject("P1")
    session.reject("P2")
    unit = session.draft.review["M1"]
    assert unit.status is Status.PENDING and "已全部删除" in unit.flag
    session.approve_all()  # the reviewer approves it anyway: the gate still refuses
    assert orphaned_followups(session.draft) == ["M1"]
    with pytest.raises(ReviewPendingError) as refused:
        _build(session, ".docx")
    assert refused.value.units == ["M1"] and "措施 M1" in str(refused.value)
    assert "所针对的问题已全部删除" in finish_screen(session.draft, "笔记.draft.json")
    capsys.readouterr()
    assert run_cli(["build", str(session.path), "--allow-placeholders"]) == 1
    err = capsys.readouterr().err
    assert "措施 M1" in err and "已全部删除" in err and len(err.strip().splitlines()) == 1
    session.reject("M1")
    assert orphaned_followups(session.draft) == []
    _build(session, ".docx")


def test_a_cause_whose_problems_are_all_rejected_is_refused_too(session: ReviewSession) -> None:
    session.set_links("C1", ["P1"])
    session.approve_all()
    session.reject("P1")
    assert "已全部删除" in session.draft.review["C1"].flag
    session.approve_all()
    assert orphaned_followups(session.draft) == ["C1"]
    with pytest.raises(ReviewPendingError, match="原因 C1"):
        _build(session, ".md")


def test_review_screen_and_sheet_show_the_measure_as_it_will_print(
    session: ReviewSession,
) -> None:
    session.set_links("M2", ["P5", "P6"])
    session.edit("P5", {"headline": "思想还不够解放"})
    session.reject("P6")
    printed = printed_measure(session.draft, "M2")
    assert printed.startswith("二是") and "针对“思想还不够解放”等问题，" in printed
    assert _headline(session, "P6") not in printed
    screen = unit_screen(session.draft, "M2", [], colour=False)
    assert f"文中印为：{printed}" in screen
    assert f"> 文中印为：{printed}" in export_sheet(session.draft)
    session.reject("M2")
    assert printed_measure(session.draft, "M2") == ""
    assert "文中印为" not in unit_screen(session.draft, "M2", [], colour=False)


@pytest.fixture
def gap(session: ReviewSession) -> ReviewSession:
    """The session's draft with an aspect placeholder P99 in the last aspect."""
    assert session.path is not None
    raw = json.loads(session.path.read_text(encoding="utf-8"))
    raw["material"]["problems"][-1]["items"].append(
        {"id": "P99", "kind": "aspect-placeholder", "headline": ASPECT_PLACEHOLDER_HEADLINE}
    )
    session.path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return ReviewSession(load_draft(session.path), session.path, by="审阅人")


def test_an_aspect_placeholder_shows_as_a_gap_in_review(gap: ReviewSession) -> None:
    assert GAP_NOTE in unit_screen(gap.draft, "P99", [], colour=False)
    sheet = export_sheet(gap.draft)
    assert f"> {GAP_NOTE}" in sheet and sheet.count(GAP_NOTE) == 1


def test_an_approved_placeholder_never_reaches_a_final_document(gap: ReviewSession) -> None:
    gap.approve_all()
    assert ("P99", ASPECT_PLACEHOLDER_HEADLINE) in placeholders_left(gap.draft)
    assert "P99" not in unanswered_problems(gap.draft)  # not a problem: no measure owed
    out = gap.path.with_name("定稿.docx")  # type: ignore[union-attr]
    with pytest.raises(ReviewPendingError, match="P99"):
        build_document(gap.draft, BuildOptions(output=out))
    assert not out.exists()


def test_a_placeholder_given_a_headline_becomes_a_problem(gap: ReviewSession) -> None:
    gap.edit("P99", {"headline": "对分管领域廉政风险排查不细", "body": "排查多停留在表面"})
    problem = next(p for p in gap.material.all_problems() if p.id == "P99")
    assert problem.kind is ProblemKind.PROBLEM and gap.status("P99") is Status.APPROVED_WITH_EDITS
    assert GAP_NOTE not in unit_screen(gap.draft, "P99", [], colour=False)
    reread = load_draft(gap.path)  # type: ignore[arg-type]
    assert reread.material is not None
    assert reread.material.all_problems()[-1].kind is ProblemKind.PROBLEM
    gap.approve_all()
    assert "P99" in unanswered_problems(gap.draft)  # a real problem now wants a measure


def test_a_rejected_placeholder_leaves_no_gap(gap: ReviewSession) -> None:
    gap.reject("P99")
    gap.approve_all()
    assert all(uid != "P99" for uid, _ in placeholders_left(gap.draft))
    paragraphs, _ = _docx(_build(gap, ".docx"))
    assert not any(ASPECT_PLACEHOLDER_HEADLINE in p for p in paragraphs)
