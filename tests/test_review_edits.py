"""Typed edits: one review edit touches one unit, validates it, and leaves the rest alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.materials import sample_material, seed_material
from tests.review_helpers import offline_draft

from selfreview.draftfile import load_draft
from selfreview.edits import (
    AddItem,
    Edit,
    MoveItem,
    ReplaceFollowups,
    SetFields,
    SetLinks,
    apply_edit,
    new_item,
)
from selfreview.errors import ReviewError, UnitError
from selfreview.record import Status
from selfreview.review.session import ReviewSession
from selfreview.schema import Cause, Material, Measure, Problem, ProblemKind
from selfreview.units import UnitKind, find_item, get_fields, unit_ids
from thoroughness import examples


def items_of(material: Material) -> dict[str, Problem | Cause | Measure]:
    """Every item by id."""
    return {
        item.id: item for item in [*material.all_problems(), *material.causes, *material.measures]
    }


def test_an_edit_replaces_the_unit_it_touches_and_shares_every_other() -> None:
    before = seed_material()
    was = get_fields(before, "P2")
    after = apply_edit(before, SetFields("P2", {"example": "全年仅集中学习2次"}))
    assert get_fields(after, "P2")["example"] == "全年仅集中学习2次"
    assert get_fields(before, "P2") == was  # the old material is not changed
    old, new = items_of(before), items_of(after)
    assert new.keys() == old.keys()
    assert [uid for uid in new if new[uid] is not old[uid]] == ["P2"]
    untouched = [g for g, h in zip(before.problems, after.problems, strict=True) if g is h]
    assert len(untouched) == len(before.problems) - 1  # only P2's aspect was rebuilt
    assert after.extra_parts is before.extra_parts and after.causes is before.causes


def test_an_edit_never_fails_on_a_unit_it_did_not_touch() -> None:
    material = sample_material()
    blank = material.causes[1].model_copy(update={"headline": "  "})  # not valid as a cause
    material = material.model_copy(update={"causes": [material.causes[0], blank]})
    edited = apply_edit(material, SetFields("P1", {"headline": "学习不够系统"}))
    assert find_item(edited, "P1").headline == "学习不够系统"
    moved = apply_edit(edited, MoveItem("M2", position=1))
    assert [m.id for m in moved.measures] == ["M2", "M1"]
    with pytest.raises(UnitError, match=r"^C2：字段 headline：不能为空$"):
        apply_edit(material, SetFields("C2", {"body": "正文"}))  # the invalid unit itself


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (SetFields("P1", {"headline": "   "}), "P1：字段 headline：不能为空"),
        (SetFields("title", {"text": ""}), "title：字段 title：不能为空"),
        (SetFields("P1", {"leader": "张三"}), "P1 没有这些字段：leader"),
        (SetFields("P99", {"body": "正文"}), "没有这一项：P99"),
        (SetFields("E9", {"text": "正文"}), "没有这一项：E9"),
        (SetLinks("M1", ["P1", "P99"]), "M1.addresses 引用了不存在的问题：P99"),
        (SetLinks("C1", ["P98"]), "C1.explains 引用了不存在的问题：P98"),
        (SetLinks("title", ["P1"]), "title 没有引用"),
        (MoveItem("title"), "只能移动问题、原因或措施"),
        (MoveItem("M9"), "没有这一项：M9"),
        (AddItem(Cause(id="C1", headline="重复")), "编号重复：C1"),
        (AddItem(Measure(id="M3", headline="新措施", addresses=["P9"])), "M3.addresses"),
        (ReplaceFollowups(UnitKind.MEASURE, ["M1"], [Cause(id="C9", headline="原因")]), "类型"),
        (ReplaceFollowups(UnitKind.PROBLEM, []), "只能为原因或措施重新生成"),
    ],
)
def test_an_invalid_edit_is_refused_in_one_chinese_line(edit: Edit, message: str) -> None:
    material = sample_material()
    kept = material.model_dump()
    with pytest.raises(UnitError) as raised:
        apply_edit(material, edit)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert material.model_dump() == kept


def test_a_new_item_is_validated_on_its_own() -> None:
    with pytest.raises(UnitError, match="P7：字段 headline：不能为空"):
        new_item(UnitKind.PROBLEM, "P7", {"body": "只有正文"}, ["O1"])
    with pytest.raises(UnitError, match="没有这些字段：example"):
        new_item(UnitKind.CAUSE, "C7", {"headline": "原因", "example": "事例"}, [])
    with pytest.raises(UnitError, match="只能添加问题、原因或措施"):
        new_item(UnitKind.TITLE, "title", {"text": "标题"}, [])
    item = new_item(UnitKind.MEASURE, "M7", {"headline": " 建立制度 "}, ["P1"])
    assert item == Measure(id="M7", headline="建立制度", addresses=["P1"])


def test_filling_an_aspect_placeholder_makes_it_a_problem() -> None:
    material = sample_material()
    gap = Problem(id="P9", kind=ProblemKind.ASPECT_PLACEHOLDER, headline="【待补：本方面问题】")
    material = apply_edit(material, AddItem(gap, aspect=0))
    kept = apply_edit(material, SetFields("P9", {"body": "仍是空白"}))
    assert find_item(kept, "P9").kind is ProblemKind.ASPECT_PLACEHOLDER  # type: ignore[union-attr]
    filled = apply_edit(material, SetFields("P9", {"headline": "学习计划性不强"}))
    assert find_item(filled, "P9").kind is ProblemKind.PROBLEM  # type: ignore[union-attr]


def test_moving_a_problem_across_aspects_and_replacing_followups() -> None:
    material = sample_material()
    moved = apply_edit(material, MoveItem("P4", aspect=0, position=2))
    assert [[p.id for p in g.items] for g in moved.problems] == [["P1", "P4", "P2"], ["P3"]]
    fresh = [
        Measure(id="M1", headline="新措施甲", addresses=["P3"]),
        Measure(id="M1", headline="新措施乙"),
    ]
    replaced = apply_edit(moved, ReplaceFollowups(UnitKind.MEASURE, ["M2"], fresh))
    assert [(m.id, m.headline) for m in replaced.measures] == [
        ("M2", "改进工作作风"),
        ("M3", "新措施甲"),
        ("M4", "新措施乙"),
    ]


EDITS = st.one_of(
    st.builds(
        SetFields,
        st.sampled_from(["title", "P1", "P3", "C2", "M1", "E1", "closing"]),
        st.sampled_from([{"text": "新的文字"}, {"headline": "新的标题句"}, {"body": "新正文"}]),
    ),
    st.builds(
        SetLinks,
        st.sampled_from(["C1", "C2", "M1", "M2", "P2"]),
        st.lists(st.sampled_from(["P1", "P2", "P3", "P4", "P5", "O1"]), max_size=3),
    ),
    st.builds(
        MoveItem,
        st.sampled_from(["P1", "P2", "P3", "P4", "C1", "M2"]),
        st.sampled_from([None, 0, 1]),
        st.sampled_from([None, 1, 2, 9]),
    ),
)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(EDITS, max_size=8))
def test_what_an_edit_accepts_the_whole_material_accepts(edits: list[Edit]) -> None:
    """The narrow checks agree with validating the whole material, edit after edit."""
    material = sample_material()
    for edit in edits:
        try:
            after = apply_edit(material, edit)
        except UnitError:
            after = None
        if after is None:
            continue
        assert Material.model_validate(after.model_dump()) == after
        assert sorted(items_of(after)) == sorted(items_of(material))  # nothing lost or doubled
        material = after


def test_a_session_edit_keeps_the_history_and_shares_the_rest(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path, by="审阅人乙")
    before = items_of(session.material)
    session.edit("P2", {"body": "改过的正文。"}, "改正文")
    after = items_of(session.material)
    assert [uid for uid in after if after[uid] is not before[uid]] == ["P2"]
    unit = load_draft(path).review["P2"]
    assert [(r.origin, r.by) for r in unit.revisions] == [
        ("drafted", "offline"),
        ("edited", "审阅人乙"),
    ]
    assert unit.revisions[-1].fields == get_fields(session.material, "P2")
    assert (unit.status, unit.decisions[-1].comment) == (Status.APPROVED_WITH_EDITS, "改正文")


def test_a_session_move_and_relink_change_no_history(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    session = ReviewSession(draft, path, by="甲")
    assert draft.material is not None
    history = {uid: unit.model_dump() for uid, unit in draft.review.items()}
    last = draft.material.measures[-1].id
    session.move(last, position=1)
    session.set_links(last, ["P1"])
    saved = load_draft(path)
    assert saved.material is not None
    assert saved.material.measures[0].id == last and saved.material.measures[0].addresses == ["P1"]
    assert {uid: unit.model_dump() for uid, unit in saved.review.items()} == history
    assert list(saved.review) == unit_ids(saved.material)  # the record follows the new order
    with pytest.raises(ReviewError, match=r"引用了不存在的问题：P999"):
        session.set_links(last, ["P999"])
    with pytest.raises(ReviewError, match="没有这一项：M999"):
        session.move("M999")


def test_a_session_that_saved_before_still_merges_what_was_saved_since(tmp_path: Path) -> None:
    """A session knows the file it last wrote and skips re-reading it when unchanged; a
    save from elsewhere, or a hand edit of the file, since then is merged, never lost."""
    _, path, draft = offline_draft(tmp_path)
    first = ReviewSession(load_draft(path), path, by="甲")
    second = ReviewSession(load_draft(path), path, by="乙")
    one, two, three, four = [p.id for p in draft.material.all_problems()][:4]  # type: ignore[union-attr]
    first.approve(one)
    first.approve(two)  # nobody wrote in between: saved on its own file
    assert first.notices == []
    second.reject(three)
    first.approve(four)  # the file changed since first wrote it
    assert first.notices and "已重新读取" in first.notices[0]
    on_disk = load_draft(path)
    assert [on_disk.status(uid) for uid in (one, two, three, four)] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.REJECTED,
        Status.APPROVED,
    ]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(draft.material.title, "手改的标题", 1), encoding="utf-8")  # type: ignore[union-attr]
    first.reset(one)
    on_disk = load_draft(path)
    assert on_disk.material is not None and on_disk.material.title == "手改的标题"
    assert on_disk.status(one) is Status.PENDING and on_disk.status(three) is Status.REJECTED
