"""Changed notes under a reviewed draft: what changed is said, only the affected aspect is
drafted again, and the decisions on everything else are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.review_helpers import offline_draft

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.review.resume import diff_opinions
from selfreview.review.session import ReviewSession
from selfreview.schema import Opinion, Origin

OLD_LINE = "5. 学习不够深入。"
NEW_LINE = "5. 学习不够深入，中心组研讨发言照本宣科。"


def opinion(oid: str, text: str) -> Opinion:
    return Opinion(id=oid, text=text, origin=Origin(file="x.txt", line=1))


def test_opinion_diff_matches_equal_then_similar_texts() -> None:
    old = [
        opinion("O1", "甲意见内容很长很长"),
        opinion("O2", "乙意见"),
        opinion("O3", "丙丙丙丙丙丙"),
    ]
    new = [
        opinion("O1", "新加的一条完全不同的意见"),
        opinion("O2", "甲意见内容很长很长"),
        opinion("O3", "丙丙丙丙丙丙丁"),
    ]
    diff = diff_opinions(old, new)
    assert diff.same == {"O2": "O1"}
    assert diff.changed == {"O3": "O3"}
    assert diff.added == ["O1"]
    assert diff.removed == ["O2"]


def test_changed_notes_redraft_only_the_affected_aspect_and_keep_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    theory = draft.material.problems[0]
    others = [p.id for g in draft.material.problems[1:] for p in g.items]
    session = ReviewSession(draft, path, by="甲")
    session.edit(others[0], {"example": "如审阅人补充的事例"})
    session.reject(others[1], "重复")
    for uid in others[2:]:
        session.approve(uid)
    for problem in theory.items:
        session.approve(problem.id)
    session.approve("C1")
    before = load_draft(path)

    text = notes.read_text(encoding="utf-8")
    assert OLD_LINE in text
    notes.write_text(text.replace(OLD_LINE, NEW_LINE), encoding="utf-8")
    capsys.readouterr()
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review"]) == 0
    err = capsys.readouterr().err
    assert "原始材料有变化" in err and "修改 1 条" in err
    assert theory.aspect in err and "保留原有内容和审阅决定" in err

    after = load_draft(path)
    assert after.material is not None
    # every other aspect: same items, same text, same decisions
    for uid in others:
        assert after.review[uid] == before.review[uid]
    assert after.status(others[0]) is Status.APPROVED_WITH_EDITS
    assert after.status(others[1]) is Status.REJECTED
    new_theory = after.material.problems[0]
    changed = [p.id for p in new_theory.items if after.status(p.id) is Status.PENDING]
    assert changed, "the aspect with the changed opinion has new items to review"
    for pid in changed:  # drafted again, or kept but citing the changed opinion
        unit = after.review[pid]
        assert unit.revisions[0].origin == "redrafted" or "已删除或改动" in unit.flag
    # sources point at the new notes' opinions
    texts = {o.id: o.text for o in after.opinions}
    assert any("照本宣科" in texts[s] for p in new_theory.items for s in p.sources)
    # a cause citing a replaced problem is back to pending, with the reason
    replaced = {p.id for p in theory.items} - {p.id for p in new_theory.items}
    for cause in after.material.causes:
        was = next(c for c in before.material.causes if c.id == cause.id)  # type: ignore[union-attr]
        if set(was.explains) & replaced and before.status(cause.id) is Status.APPROVED:
            assert after.status(cause.id) is Status.PENDING
            assert "重新起草" in after.review[cause.id].flag


def test_unchanged_notes_resume_without_drafting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, path, draft = offline_draft(tmp_path)
    ReviewSession(draft, path).approve("P1")
    saved = path.read_bytes()
    capsys.readouterr()
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review"]) == 0
    err = capsys.readouterr().err
    assert "继续审阅" in err and "离线起草" not in err
    assert path.read_bytes() == saved
