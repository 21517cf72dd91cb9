"""Review actions: each decision saved at once, dependency marks, add/move, regeneration."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.review_helpers import offline_draft

from selfreview.draftfile import DraftFile, load_draft
from selfreview.errors import ReviewError
from selfreview.record import Status
from selfreview.review.session import ReviewSession
from selfreview.schema import Cause, Measure
from selfreview.units import UnitKind, get_fields, unit_ids


@pytest.fixture
def session(tmp_path: Path) -> ReviewSession:
    _, path, draft = offline_draft(tmp_path)
    return ReviewSession(draft, path, by="审阅人甲", via="api")


def reloaded(session: ReviewSession) -> DraftFile:
    assert session.path is not None
    return load_draft(session.path)


def cited_by(draft: DraftFile, problem_id: str) -> list[str]:
    assert draft.material is not None
    return [c.id for c in draft.material.causes if problem_id in c.explains] + [
        m.id for m in draft.material.measures if problem_id in m.addresses
    ]


def test_a_fresh_draft_has_every_unit_pending_with_its_drafted_text(
    session: ReviewSession,
) -> None:
    draft = reloaded(session)
    assert draft.material is not None
    units = unit_ids(draft.material)
    assert units[0] == "title" and "P1" in units and "M1" in units
    assert session.pending() == units
    for uid in units:
        first = draft.review[uid].revisions[0]
        assert first.origin == "drafted" and first.by == "offline"
        assert first.fields == get_fields(draft.material, uid)


def test_each_decision_is_on_disk_at_once_with_who_and_comment(session: ReviewSession) -> None:
    session.approve("P1", "属实")
    draft = reloaded(session)
    decision = draft.review["P1"].decisions[-1]
    assert (decision.status, decision.by, decision.comment) == (Status.APPROVED, "审阅人甲", "属实")
    session.reject("P2", "与 P1 重复")
    assert reloaded(session).status("P2") is Status.REJECTED
    session.reset("P2")
    assert reloaded(session).status("P2") is Status.PENDING
    assert [d.status for d in reloaded(session).review["P2"].decisions] == [
        Status.REJECTED,
        Status.PENDING,
    ]


def test_rejecting_a_problem_sends_the_causes_and_measures_citing_it_back(
    session: ReviewSession,
) -> None:
    draft = session.draft
    dependents = cited_by(draft, "P1")
    assert dependents, "the sample's P1 is cited by some cause or measure"
    for uid in dependents:
        session.approve(uid)
    untouched = next(m.id for m in draft.material.measures if "P1" not in m.addresses)  # type: ignore[union-attr]
    session.approve(untouched)
    session.reject("P1", "不属实")
    after = reloaded(session)
    for uid in dependents:
        assert after.status(uid) is Status.PENDING
        assert "P1" in after.review[uid].flag
    assert after.status(untouched) is Status.APPROVED
    session.approve(dependents[0])
    assert reloaded(session).review[dependents[0]].flag == ""


def test_editing_records_a_revision_and_an_edited_decision(session: ReviewSession) -> None:
    session.edit("P1", {"example": "如市政府党组全年仅开展专题调研2次"}, "补充事例")
    draft = reloaded(session)
    assert draft.material is not None
    unit = draft.review["P1"]
    assert unit.status is Status.APPROVED_WITH_EDITS
    assert [r.origin for r in unit.revisions] == ["drafted", "edited"]
    assert get_fields(draft.material, "P1")["example"] == "如市政府党组全年仅开展专题调研2次"
    assert unit.revisions[-1].by == "审阅人甲"
    for uid in cited_by(draft, "P1"):
        assert draft.review[uid].flag


def test_an_edit_that_changes_nothing_is_an_approval(session: ReviewSession) -> None:
    fields = get_fields(session.material, "C1")
    session.edit("C1", fields)
    unit = reloaded(session).review["C1"]
    assert unit.status is Status.APPROVED and len(unit.revisions) == 1


def test_invalid_edits_are_refused_and_nothing_changes(session: ReviewSession) -> None:
    assert session.path is not None
    before = session.path.read_bytes()
    with pytest.raises(ReviewError, match="P1"):
        session.edit("P1", {"headline": "   "})
    with pytest.raises(ReviewError, match="没有这些字段"):
        session.edit("P1", {"leader": "张三"})
    with pytest.raises(ReviewError, match="P999"):
        session.approve("P999")
    with pytest.raises(ReviewError, match="标题不能删除"):
        session.reject("title")
    assert session.path.read_bytes() == before


class FakeReviser:
    """Implements the Reviser protocol; remembers what it was asked."""

    name = "fake-model"

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def revise(self, draft: DraftFile, unit_id: str, instruction: str) -> dict[str, str]:
        self.asked.append((unit_id, instruction))
        assert draft.material is not None
        return {**get_fields(draft.material, unit_id), "body": "改写后的正文。"}

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause] | list[Measure]:
        self.asked.append((kind.value, ",".join(problem_ids)))
        return [Measure(id="M1", headline="新的措施", body="正文。", addresses=list(problem_ids))]


def test_regenerating_follows_the_instruction_and_needs_another_decision(
    tmp_path: Path,
) -> None:
    _, path, draft = offline_draft(tmp_path)
    reviser = FakeReviser()
    session = ReviewSession(draft, path, by="甲", reviser=reviser)
    session.approve("P3")
    session.regenerate("P3", "更具体一些")
    assert reviser.asked == [("P3", "更具体一些")]
    unit = load_draft(path).review["P3"]
    assert unit.status is Status.PENDING
    assert unit.revisions[-1].origin == "regenerated"
    assert unit.revisions[-1].instruction == "更具体一些"
    assert unit.revisions[-1].fields["body"] == "改写后的正文。"


def test_regenerating_without_a_model_says_so_and_changes_nothing(
    session: ReviewSession,
) -> None:
    assert session.path is not None
    before = session.path.read_bytes()
    with pytest.raises(ReviewError, match="需要模型"):
        session.regenerate("P1", "更具体一些")
    assert session.path.read_bytes() == before


def test_measures_are_regenerated_for_approved_unanswered_problems_only(
    tmp_path: Path,
) -> None:
    _, path, draft = offline_draft(tmp_path)
    reviser = FakeReviser()
    session = ReviewSession(draft, path, reviser=reviser)
    assert draft.material is not None
    kept = draft.material.measures[0]
    session.approve(kept.id)
    answered = kept.addresses[0]
    session.approve(answered)
    wanted = [p.id for p in draft.material.all_problems() if p.id not in kept.addresses][:3]
    assert wanted
    for pid in wanted:
        session.approve(pid)
    asked = sorted(wanted)
    new_ids = session.regenerate_followups(UnitKind.MEASURE)
    after = load_draft(path)
    assert after.material is not None
    assert [m.id for m in after.material.measures] == [kept.id, *new_ids]
    assert sorted(reviser.asked[-1][1].split(",")) == asked
    assert after.status(kept.id) is Status.APPROVED
    assert new_ids and all(after.status(uid) is Status.PENDING for uid in new_ids)
    assert after.review[new_ids[0]].revisions[0].by == "fake-model"


def test_adding_and_moving_items(session: ReviewSession) -> None:
    material = session.material
    second_aspect = material.problems[1].aspect
    new_id = session.add(
        UnitKind.PROBLEM,
        {"headline": "调查研究不够深入", "body": "到基层次数偏少。"},
        aspect=second_aspect,
        links=["O3"],
    )
    draft = reloaded(session)
    assert draft.material is not None
    assert new_id in [p.id for p in draft.material.problems[1].items]
    assert draft.status(new_id) is Status.APPROVED
    assert draft.review[new_id].revisions[0].origin == "added"
    session.move(new_id, aspect=material.problems[0].aspect, position=1)
    draft = reloaded(session)
    assert draft.material is not None
    assert draft.material.problems[0].items[0].id == new_id
    measure = session.add(UnitKind.MEASURE, {"headline": "建立调研制度"}, links=[new_id])
    assert reloaded(session).material.measures[-1].addresses == [new_id]  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match="P999"):
        session.set_links(measure, ["P999"])
    with pytest.raises(ReviewError, match="没有这些意见"):
        session.set_links(new_id, ["O999"])
    with pytest.raises(ReviewError, match="没有这些意见"):
        session.add(UnitKind.PROBLEM, {"headline": "另一个问题"}, links=["O999"])
    assert load_draft(session.path).material is not None  # type: ignore[arg-type]


def test_approve_all_is_recorded_as_a_bulk_approval_by_the_person(
    session: ReviewSession,
) -> None:
    session.approve("P1")
    count = session.approve_all()
    draft = reloaded(session)
    assert count == len(unit_ids(draft.material)) - 1  # type: ignore[arg-type]
    assert draft.review["P2"].decisions[-1].via == "approve-all"
    assert draft.review["P2"].decisions[-1].by == "审阅人甲"
    assert draft.review["P1"].decisions[-1].via == "api"
    assert session.pending() == []
