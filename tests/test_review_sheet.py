"""The review sheet: export a real offline draft, change the Markdown as a person would,
apply it, and read the draft file back from disk.

Every error case checks the line number in the message and that the draft file on disk is
byte for byte what it was (nothing recorded), with valid changes elsewhere on the same
sheet so that a partial apply would show.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from selfreview.cli.app import run_cli
from selfreview.draftfile import DraftFile, load_draft
from selfreview.errors import SheetError
from selfreview.record import Status
from selfreview.review.session import SYSTEM, ReviewSession
from selfreview.review.sheet import SheetResult, apply_sheet, export_sheet
from selfreview.schema import Cause, Measure, Problem
from selfreview.units import UnitKind, find_item, unit_ids
from thoroughness import examples

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "fixtures" / "notes"
VARIANTS = {
    "collective": (NOTES / "sample-notes.txt", ["--org", "某市政府党组"]),
    "personal": (NOTES / "sample-personal.txt", ["--kind", "personal", "--org", "王某某同志"]),
    "six-aspects": (NOTES / "sample-notes.txt", ["--outline", "recent-six"]),
}
REVIEWER = "审阅人甲"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Draft files written by ``draft NOTES`` (offline drafter), by variant."""
    drafts = {}
    with pytest.MonkeyPatch.context() as patch:
        home = tmp_path_factory.mktemp("sheet-user")
        patch.setenv("SELFREVIEW_CONFIG", str(home / "config.toml"))
        patch.setenv("SELFREVIEW_CACHE_DIR", str(home / "cache"))
        patch.delenv("SELFREVIEW_PROVIDER", raising=False)
        for name, (source, extra) in VARIANTS.items():
            folder = tmp_path_factory.mktemp(name)
            notes = folder / source.name
            shutil.copy(source, notes)
            assert run_cli([str(notes), "--no-review", *extra]) == 0
            drafts[name] = (folder / f"{notes.stem}.draft.json").read_bytes()
    return drafts


@dataclass
class Case:
    """One draft file on disk and the sheet beside it."""

    draft_path: Path
    sheet_path: Path

    def draft(self) -> DraftFile:
        return load_draft(self.draft_path)

    def export(self) -> str:
        text = export_sheet(self.draft())
        self.sheet_path.write_text(text, encoding="utf-8")
        return text

    def apply(self, text: str, by: str = REVIEWER) -> SheetResult:
        self.sheet_path.write_text(text, encoding="utf-8")
        session = ReviewSession(self.draft(), self.draft_path, by=by, via="sheet")
        return apply_sheet(session, text, self.sheet_path)

    def elsewhere(self) -> ReviewSession:
        """A session as the terminal review would open it."""
        return ReviewSession(self.draft(), self.draft_path, by="终端审阅人", via="terminal")


def make_case(folder: Path, data: bytes) -> Case:
    path = folder / "材料.draft.json"
    path.write_bytes(data)
    return Case(path, folder / "审阅单.md")


@pytest.fixture
def case(tmp_path: Path, drafted: dict[str, bytes]) -> Case:
    return make_case(tmp_path, drafted["collective"])


# -- editing the sheet as a person would --------------------------------------------------


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def anchor_index(text: str, uid: str) -> int:
    """0-based index of the anchor line of ``uid``."""
    pattern = re.compile(rf"^- \[.\] {re.escape(uid)} ")
    found = [i for i, line in enumerate(lines_of(text)) if pattern.match(line)]
    assert len(found) == 1, uid
    return found[0]


def anchor_line(text: str, uid: str) -> int:
    return anchor_index(text, uid) + 1


def block_end(lines: list[str], start: int) -> int:
    """Index after the last line of the block starting at ``start``."""
    end = start + 1
    while end < len(lines) and not re.match(r"^(- \[|## )", lines[end]):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return end


def field_index(text: str, uid: str, label: str) -> int:
    lines = lines_of(text)
    start = anchor_index(text, uid)
    for index in range(start, block_end(lines, start)):
        if lines[index].startswith(f"{label}："):
            return index
    raise AssertionError(f"{uid} has no {label}")


def field_line(text: str, uid: str, label: str) -> int:
    return field_index(text, uid, label) + 1


def set_box(text: str, uid: str, mark: str) -> str:
    lines = lines_of(text)
    index = anchor_index(text, uid)
    lines[index] = re.sub(r"^- \[.\]", f"- [{mark}]", lines[index])
    return "\n".join(lines)


def set_field(text: str, uid: str, label: str, *paragraphs: str) -> str:
    """Replace a field (and its continuation lines) with the given lines, as written."""
    lines = lines_of(text)
    index = field_index(text, uid, label)
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0].isspace()):
        end += 1
    new = [f"{label}：{paragraphs[0]}" if paragraphs else f"{label}："]
    new += list(paragraphs[1:])
    lines[index:end] = [*new, ""] if end < len(lines) and not lines[end].strip() else new
    return "\n".join(lines)


def sub_anchor(text: str, uid: str, new: str) -> str:
    """Replace the anchor's ``- [x] P3 `` prefix with ``new``."""
    return re.sub(rf"^- \[.\] {re.escape(uid)} ", new, text, count=1, flags=re.MULTILINE)


def insert_at(text: str, index: int, *new: str) -> str:
    lines = lines_of(text)
    lines[index:index] = list(new)
    return "\n".join(lines)


def tick_all(text: str) -> str:
    return re.sub(r"^- \[ \]", "- [x]", text, flags=re.MULTILINE)


def dependents(draft: DraftFile, problem_id: str) -> list[str]:
    assert draft.material is not None
    items: list[Cause | Measure] = [*draft.material.causes, *draft.material.measures]
    return [
        item.id
        for item in items
        if problem_id in (item.explains if isinstance(item, Cause) else item.addresses)
    ]


def statuses(draft: DraftFile) -> dict[str, Status]:
    return {uid: unit.status for uid, unit in draft.review.items()}


# -- the sheet as exported -----------------------------------------------------------------


def test_export_has_one_anchored_block_per_unit_with_fields_and_sources(case: Case) -> None:
    text = case.export()
    draft = case.draft()
    assert draft.material is not None
    for uid in unit_ids(draft.material):
        anchor_index(text, uid)  # exactly one
    assert f"草稿：{draft.settings.notes_sha256[:12]} · {draft.created.isoformat()}" in text
    for label in ("标题句", "正文", "事例", "备注"):
        field_index(text, "P1", label)
    problem = find_item(draft.material, "P1")
    assert isinstance(problem, Problem)
    first = draft.opinions[[o.id for o in draft.opinions].index(problem.sources[0])]
    assert f"> {first.id} " in text
    assert f"sample-notes.txt:{first.origin.line}）" in text
    for label in ("责任领导", "完成时限"):
        field_index(text, "M1", label)
    cause = find_item(draft.material, "C1")
    assert isinstance(cause, Cause)
    assert f"回应：{cause.explains[0]}（" in text
    assert "## 问题 · 理论学习方面" in text
    assert lines_of(text)[anchor_index(text, "title")] == "- [ ] title 标题"


def test_export_shows_status_comment_and_flag(case: Case) -> None:
    session = case.elsewhere()
    session.approve("C1", "原因写得到位")
    session.reject("P2", "与P1重复")
    session.edit("P1", {"example": "党组中心组全年集中学习12次"})
    text = export_sheet(session.draft)
    lines = lines_of(text)
    assert lines[anchor_index(text, "P2")].startswith("- [-] P2 ")
    assert lines[anchor_index(text, "P1")].startswith("- [x] P1 ")
    assert lines[field_index(text, "P2", "备注")] == "备注：与P1重复"
    c1 = lines[anchor_index(text, "C1") : block_end(lines, anchor_index(text, "C1"))]
    assert c1[0].startswith("- [ ] C1 ")  # back to pending: P1 changed
    assert any(line.startswith("> 需要再看：") and "P1" in line for line in c1)
    assert "备注：" in c1  # the system's reason is not shown as the reviewer's comment


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_applying_an_unchanged_sheet_records_nothing(
    tmp_path: Path, drafted: dict[str, bytes], variant: str
) -> None:
    case = make_case(tmp_path, drafted[variant])
    before = case.draft_path.read_bytes()
    result = case.apply(case.export())
    assert result.recorded == 0
    assert result.unchanged == unit_ids(case.draft().material)  # type: ignore[arg-type]
    assert case.draft_path.read_bytes() == before


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_ticking_every_box_approves_every_unit_once(
    tmp_path: Path, drafted: dict[str, bytes], variant: str
) -> None:
    case = make_case(tmp_path, drafted[variant])
    text = tick_all(case.export())
    result = case.apply(text)
    draft = case.draft()
    assert set(statuses(draft).values()) == {Status.APPROVED}
    assert result.approved == list(draft.review)
    decision = draft.review["P1"].decisions[-1]
    assert (decision.by, decision.via) == (REVIEWER, "sheet")
    after = case.draft_path.read_bytes()
    assert case.apply(text).recorded == 0
    assert case.draft_path.read_bytes() == after
    assert case.apply(case.export()).recorded == 0


def test_editing_an_example_records_an_edit_and_flags_what_cites_the_problem(case: Case) -> None:
    case.apply(tick_all(case.export()))
    text = case.export()
    new_example = "党组理论学习中心组全年集中学习12次，有2名同志缺席3次以上"
    edited = set_field(text, "P1", "事例", new_example)
    result = case.apply(edited)
    draft = case.draft()
    unit = draft.review["P1"]
    assert unit.status is Status.APPROVED_WITH_EDITS
    assert unit.current.fields["example"] == new_example
    assert (unit.current.origin, unit.current.by) == ("edited", REVIEWER)
    assert draft.material is not None
    problem = find_item(draft.material, "P1")
    assert isinstance(problem, Problem) and problem.example == new_example
    cited = dependents(draft, "P1")
    assert cited
    assert result.edited == ["P1"]
    assert result.flagged == cited
    for uid in cited:
        assert draft.review[uid].status is Status.PENDING
        assert "P1" in draft.review[uid].flag
    # The same sheet again: the dependents stay flagged, nothing new is recorded.
    after = case.draft_path.read_bytes()
    again = case.apply(edited)
    assert again.recorded == 0
    assert case.draft_path.read_bytes() == after
    # A fresh sheet shows the dependents unticked with the reason; ticking one clears it.
    fresh = case.export()
    assert lines_of(fresh)[anchor_index(fresh, cited[0])].startswith(f"- [ ] {cited[0]} ")
    case.apply(set_box(fresh, cited[0], "x"))
    assert case.draft().review[cited[0]].flag == ""
    assert case.draft().status(cited[0]) is Status.APPROVED


def test_reject_by_mark_or_word_with_comments(case: Case) -> None:
    text = case.export()
    text = set_box(text, "P2", "-")
    text = text.replace("- [ ] P3 问题（理论学习方面）", "- [删除] P3 问题（理论学习方面）")
    text = text.replace("- [ ] P4 问题（理论学习方面）", "- [ ] P4 问题（理论学习方面） 删除")
    text = set_field(text, "P2", "备注", "与P1重复")
    text = set_field(text, "P5", "备注", "事例待张主任补充")
    result = case.apply(text)
    draft = case.draft()
    assert result.rejected == ["P2", "P3", "P4"]
    assert result.commented == ["P5"]
    assert [draft.status(u) for u in ("P2", "P3", "P4", "P5")] == [
        Status.REJECTED,
        Status.REJECTED,
        Status.REJECTED,
        Status.PENDING,
    ]
    assert draft.review["P2"].decisions[-1].comment == "与P1重复"
    assert draft.review["P5"].decisions[-1].comment == "事例待张主任补充"
    assert len(draft.review["P5"].decisions) == 1
    assert case.apply(text).recorded == 0


def test_unticking_a_decided_unit_sets_it_back_to_pending(case: Case) -> None:
    case.apply(tick_all(case.export()))
    text = case.export()
    result = case.apply(set_field(set_box(text, "M2", " "), "M2", "备注", "时限再议"))
    draft = case.draft()
    assert result.reset == ["M2"]
    assert draft.status("M2") is Status.PENDING
    assert draft.review["M2"].decisions[-1].comment == "时限再议"
    assert draft.status("M1") is Status.APPROVED


def test_edits_with_paragraphs_wrapped_lines_and_a_rejected_edit(case: Case) -> None:
    text = case.export()
    text = set_field(text, "E1", "正文", "第一段，", "  接着写完。", "", "  第二段。")
    text = set_field(text, "M1", "责任领导", "王某某")
    text = set_field(text, "M1", "完成时限", "2025年6月底前")
    text = set_box(set_field(text, "P3", "正文", "改过但不要了"), "P3", "-")
    result = case.apply(text)
    draft = case.draft()
    assert draft.material is not None
    assert draft.material.extra_parts[0].paragraphs == ["第一段，接着写完。", "第二段。"]
    measure = find_item(draft.material, "M1")
    assert isinstance(measure, Measure)
    assert (measure.leader, measure.deadline) == ("王某某", "2025年6月底前")
    assert draft.status("M1") is Status.APPROVED_WITH_EDITS
    assert draft.status("P3") is Status.REJECTED
    assert draft.review["P3"].current.fields["body"] == "改过但不要了"
    assert result.edited == ["E1", "M1"]
    assert result.rejected == ["P3"]
    assert case.apply(text).recorded == 0
    assert case.apply(case.export()).recorded == 0


def test_order_headings_and_source_lines_are_ignored(case: Case) -> None:
    text = case.export()
    before = case.draft_path.read_bytes()
    lines = lines_of(text)
    start = anchor_index(text, "P1")
    block = lines[start : block_end(lines, start)]
    del lines[start : start + len(block)]
    c1 = anchor_index("\n".join(lines), "C1")
    lines[c1:c1] = [*block, ""]  # P1 moved under 原因
    moved = "\n".join(lines).replace("> O3 ", "> O3 改了意见原文 ")
    assert case.apply(moved).recorded == 0
    assert case.draft_path.read_bytes() == before


def test_decisions_made_after_the_export_are_kept(case: Case) -> None:
    text = case.export()
    session = case.elsewhere()
    session.approve("P1")
    session.reject("P5")
    session.edit("P6", {"headline": "工作标准有所降低"})
    added = session.add(UnitKind.MEASURE, {"headline": "新增措施"}, links=["P7"])
    # The old sheet, unchanged or with changes to other units, keeps all of that.
    assert case.apply(text).recorded == 0
    result = case.apply(set_box(text, "P2", "x"))
    draft = case.draft()
    assert result.approved == ["P2"]
    assert draft.status("P1") is Status.APPROVED
    assert draft.status("P5") is Status.REJECTED
    assert draft.review["P6"].current.fields["headline"] == "工作标准有所降低"
    assert draft.status(added) is Status.APPROVED


# -- property: export -> apply is a no-op whatever the review state -----------------------

ACTIONS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=200),
        st.sampled_from(["approve", "reject", "reset", "edit", "comment"]),
    ),
    max_size=12,
)


def _act(session: ReviewSession, uid: str, action: str, n: int) -> None:
    kind = session.draft.review[uid].current.fields
    if action == "approve":
        session.approve(uid, f"意见{n}" if n % 2 else "")
    elif action == "reject" and uid != "title":
        session.reject(uid, "不要")
    elif action == "reset":
        session.reset(uid)
    elif action == "edit":
        name = next(iter(kind))
        session.edit(uid, {name: f"{kind[name]}（改{n}）"}, "改了")
    elif action == "comment":
        session.approve(uid, f"第{n}条备注\n第二段")


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(sorted(VARIANTS)), ACTIONS)
def test_export_then_apply_is_a_no_op_in_any_review_state(
    drafted: dict[str, bytes], variant: str, actions: list[tuple[int, str]]
) -> None:
    draft = DraftFile.model_validate_json(drafted[variant])
    session = ReviewSession(draft, None, by="甲")
    ids = session.units()
    for n, action in actions:
        _act(session, ids[n % len(ids)], action, n)
    before = session.draft.model_dump_json()
    text = export_sheet(session.draft)
    result = apply_sheet(ReviewSession(session.draft, None, by="乙"), text, Path("审阅单.md"))
    assert result.recorded == 0
    assert len(result.unchanged) == len(ids)
    assert session.draft.model_dump_json() == before


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(sorted(VARIANTS)), st.data())
def test_a_sheet_sets_exactly_the_boxes_written_on_it(
    drafted: dict[str, bytes], variant: str, data: st.DataObject
) -> None:
    draft = DraftFile.model_validate_json(drafted[variant])
    ids = list(draft.review)
    marks = data.draw(
        st.lists(st.sampled_from([" ", "x", "-"]), min_size=len(ids), max_size=len(ids))
    )
    marks[ids.index("title")] = marks[ids.index("title")].replace("-", "x")
    text = export_sheet(draft)
    for uid, mark in zip(ids, marks, strict=True):
        text = set_box(text, uid, mark)
    session = ReviewSession(draft, None, by="乙")
    apply_sheet(session, text, Path("审阅单.md"))
    # Marks are applied in document order; a rejected problem sets back to pending the
    # causes and measures citing it only if they were decided before, which they were not.
    expected = {" ": Status.PENDING, "x": Status.APPROVED, "-": Status.REJECTED}
    assert statuses(session.draft) == {
        uid: expected[mark] for uid, mark in zip(ids, marks, strict=True)
    }
    again = apply_sheet(ReviewSession(session.draft, None, by="乙"), text, Path("审阅单.md"))
    assert again.recorded == 0


# -- mistakes: line number, and nothing recorded -----------------------------------------------

Mistake = Callable[[str], tuple[str, int, str]]
"""Sheet text -> (broken text, expected line, expected words in the message)."""


def _unknown_id(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P3", "- [ ] P99 "), anchor_line(text, "P3"), "P99"


def _id_twice(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P4", "- [x] P3 "), anchor_line(text, "P4"), "P3 出现了两次"


def _block_removed(text: str) -> tuple[str, int, str]:
    lines = lines_of(text)
    start = anchor_index(text, "P3")
    end = block_end(lines, start)
    removed = "\n".join(lines[:start] + lines[end + 1 :])
    return removed, anchor_line(removed, "P4"), "缺少 P3"


def _anchor_removed(text: str) -> tuple[str, int, str]:
    index = anchor_index(text, "P3")
    broken = "\n".join(line for i, line in enumerate(lines_of(text)) if i != index)
    return broken, field_line(text, "P3", "标题句") - 1, "“标题句”写了两次"


def _unknown_label(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "事例")
    lines = text.split("\n")
    lines[index] = "事列：" + lines[index].removeprefix("事例：")
    return "\n".join(lines), index + 1, "无法识别的标签“事列”"


def _label_of_another_kind(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "事例") + 1
    return insert_at(text, index, "完成时限：明年"), index + 1, "P2 没有“完成时限”"


def _bad_checkbox(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P2", "- [y] P2 "), anchor_line(text, "P2"), "复选框“[y]”"


def _anchor_without_box(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P2", "- P2 "), anchor_line(text, "P2"), "定位行的写法不对"


def _anchor_without_id(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P2", "- [ ] "), anchor_line(text, "P2"), "缺少编号"


def _both_marks(text: str) -> tuple[str, int, str]:
    broken = sub_anchor(text, "P2", "- [x] P2 删除 ")
    return broken, anchor_line(text, "P2"), "既勾选了确认又写了“删除”"


def _empty_headline(text: str) -> tuple[str, int, str]:
    return set_field(text, "P2", "标题句"), field_line(text, "P2", "标题句"), "“标题句”不能为空"


def _empty_preamble(text: str) -> tuple[str, int, str]:
    return (
        set_field(text, "preamble", "正文"),
        field_line(text, "preamble", "正文"),
        "请把复选框改成 [-]",
    )


def _two_paragraph_headline(text: str) -> tuple[str, int, str]:
    broken = set_field(text, "C2", "标题句", "第一段", "", "  第二段")
    return broken, field_line(text, "C2", "标题句"), "只能写一段"


def _title_rejected(text: str) -> tuple[str, int, str]:
    return set_box(text, "title", "-"), anchor_line(text, "title"), "标题不能删除"


def _missing_label(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "事例")
    broken = "\n".join(line for i, line in enumerate(lines_of(text)) if i != index)
    return broken, anchor_line(text, "P2"), "缺少“事例：”"


def _unindented_continuation(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "正文") + 1
    return insert_at(text, index, "还有一句没缩进"), index + 1, "续行请在行首空两格"


def _indented_without_label(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "备注")
    return insert_at(text, index, "> 引文", "  孤立的续行"), index + 2, "前面没有“标签：”"


def _text_outside_entries(text: str) -> tuple[str, int, str]:
    index = anchor_index(text, "title") - 1
    return insert_at(text, index, "随手写的一句"), index + 1, "不在任何条目之内"


def _indented_anchor(text: str) -> tuple[str, int, str]:
    return sub_anchor(text, "P2", "  - [ ] P2 "), anchor_line(text, "P2"), "不能缩进"


def _other_draft(text: str) -> tuple[str, int, str]:
    line = next(i for i, s in enumerate(lines_of(text), 1) if s.startswith("草稿："))
    broken = re.sub(r"^草稿：[0-9a-f]{12}", "草稿：000000000000", text, flags=re.MULTILINE)
    return broken, line, "另一份草稿"


def _not_a_sheet(text: str) -> tuple[str, int, str]:
    return "# 随便一份笔记\n\n- [x] P1 问题\n", 1, "不是 selfreview 审阅单"


def _broken_baseline(text: str) -> tuple[str, int, str]:
    line = next(i for i, s in enumerate(lines_of(text), 1) if s.startswith("基线："))
    return text.replace("基线：title=", "基线：title=?", 1), line, "基线"


def _unclosed_comment(text: str) -> tuple[str, int, str]:
    index = field_index(text, "P2", "备注") + 1
    return insert_at(text, index, "<!-- 没写完的注释"), index + 1, "没有结束"


MISTAKES: dict[str, Mistake] = {
    "unknown id": _unknown_id,
    "id twice": _id_twice,
    "block removed": _block_removed,
    "anchor removed": _anchor_removed,
    "unknown label": _unknown_label,
    "label of another kind": _label_of_another_kind,
    "bad checkbox": _bad_checkbox,
    "anchor without box": _anchor_without_box,
    "anchor without id": _anchor_without_id,
    "approve and delete": _both_marks,
    "empty headline": _empty_headline,
    "empty preamble": _empty_preamble,
    "two-paragraph headline": _two_paragraph_headline,
    "title rejected": _title_rejected,
    "missing label": _missing_label,
    "unindented continuation": _unindented_continuation,
    "indented line without label": _indented_without_label,
    "text outside entries": _text_outside_entries,
    "indented anchor": _indented_anchor,
    "sheet of another draft": _other_draft,
    "not a sheet": _not_a_sheet,
    "broken baseline": _broken_baseline,
    "unclosed comment": _unclosed_comment,
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=list(MISTAKES))
def test_a_mistake_names_its_line_and_records_nothing(case: Case, mistake: Mistake) -> None:
    # Valid changes around the mistake: a partial apply would change the draft file.
    text = set_field(tick_all(case.export()), "P1", "事例", "新写的事例")
    broken, line, words = mistake(text)
    before = case.draft_path.read_bytes()
    with pytest.raises(SheetError) as caught:
        case.apply(broken)
    message = str(caught.value)
    assert f"第 {line} 行：" in message, message
    assert words in message, message
    assert caught.value.path == case.sheet_path
    assert caught.value.line == line
    assert "\n" not in message
    assert case.draft_path.read_bytes() == before


def test_every_mistake_is_reported_at_once_and_nothing_recorded(case: Case) -> None:
    """A clerk fixed one mistake per run; now one run names them all (all-or-nothing stays)."""
    text = set_field(tick_all(case.export()), "P1", "事例", "新写的事例")
    found = []
    for mistake in (_title_rejected, _unknown_label, _unknown_id, _empty_headline_of("P5")):
        text, line, words = mistake(text)  # each rewrites one line in place: lines stay put
        found.append((line, words))
    before = case.draft_path.read_bytes()
    with pytest.raises(SheetError) as caught:
        case.apply(text)
    message = str(caught.value)
    assert "审阅单有 4 处错误，一条也没有记录" in message, message
    for line, words in found:
        assert f"第 {line} 行：" in message and words in message, message
    positions = [message.index(f"第 {line} 行：") for line, _ in sorted(found)]
    assert positions == sorted(positions)  # in line order
    assert caught.value.line == min(line for line, _ in found)
    assert [m.line for m in caught.value.mistakes] == sorted(line for line, _ in found)
    assert "\n" not in message
    assert case.draft_path.read_bytes() == before


def _empty_headline_of(unit: str) -> Mistake:
    def mistake(text: str) -> tuple[str, int, str]:
        return set_field(text, unit, "标题句"), field_line(text, unit, "标题句"), "“标题句”不能为空"

    return mistake


def test_a_unit_changed_both_on_the_sheet_and_elsewhere_is_a_conflict(case: Case) -> None:
    text = case.export()
    case.elsewhere().edit("P1", {"body": "终端里改的正文"})
    before = case.draft_path.read_bytes()
    broken = set_field(set_box(text, "P2", "x"), "P1", "正文", "审阅单里改的正文")
    with pytest.raises(SheetError, match=rf"第 {anchor_line(text, 'P1')} 行：P1 在导出审阅单后"):
        case.apply(broken)
    assert case.draft_path.read_bytes() == before
    # The same change written on both sides is no conflict.
    assert case.apply(set_field(text, "P1", "正文", "终端里改的正文")).recorded == 0


def test_a_checkbox_changed_on_the_sheet_and_elsewhere_is_a_conflict(case: Case) -> None:
    text = case.export()
    case.elsewhere().reject("P2")
    before = case.draft_path.read_bytes()
    with pytest.raises(SheetError, match=rf"第 {anchor_line(text, 'P2')} 行：.*现为已删除"):
        case.apply(set_box(text, "P2", "x"))
    assert case.draft_path.read_bytes() == before


def test_a_comment_alone_keeps_the_status_and_the_flag(case: Case) -> None:
    case.apply(tick_all(case.export()))
    session = case.elsewhere()
    session.reject("P1")
    cited = dependents(session.draft, "P1")
    text = case.export()
    result = case.apply(set_field(text, cited[0], "备注", "等问题定了再看"))
    draft = case.draft()
    unit = draft.review[cited[0]]
    assert result.commented == [cited[0]]
    assert unit.status is Status.PENDING
    assert "P1" in unit.flag
    assert unit.decisions[-1].comment == "等问题定了再看"
    assert unit.decisions[-1].via == "sheet"
    assert unit.decisions[-2].via == SYSTEM


def test_what_editors_and_people_commonly_write_is_understood(case: Case) -> None:
    text = case.export()
    text = sub_anchor(text, "P1", "* ［√］ P1 ")
    text = sub_anchor(text, "P2", "- [X] P2 ")
    text = sub_anchor(text, "P3", "- [ 删除 ] P3 ")
    text = set_field(text, "P4", "事例", "第一行", "\u3000\u3000第二行")
    text = text.replace("\n备注：", "\n备注:", 1)
    result = case.apply("\ufeff" + text.replace("\n", "\r\n"))
    draft = case.draft()
    assert result.approved == ["P1", "P2"]
    assert result.rejected == ["P3"]
    assert result.edited == ["P4"]
    assert draft.review["P4"].current.fields["example"] == "第一行第二行"


class FreshCauses:
    """Stands in for the model when causes are drafted again for the approved problems."""

    name = "测试改写"

    def revise(self, draft: DraftFile, unit_id: str, instruction: str) -> dict[str, str]:
        return {"headline": f"按“{instruction}”改写"}

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause]:
        return [Cause(id="C9", headline="重新分析的原因", explains=list(problem_ids))]


def test_units_drafted_again_after_the_export(case: Case) -> None:
    text = case.export()
    session = ReviewSession(case.draft(), case.draft_path, by="终端审阅人", reviser=FreshCauses())
    session.approve("P1")
    assert session.regenerate_followups(UnitKind.CAUSE) == ["C1"]  # a new C1; C2… are gone
    # Left alone on the sheet, the old causes do not matter.
    result = case.apply(set_box(text, "P2", "x"))
    draft = case.draft()
    assert result.approved == ["P2"]
    assert draft.review["C1"].current.fields["headline"] == "重新分析的原因"
    assert draft.status("C1") is Status.PENDING
    # Changed on the sheet, they cannot be recorded.
    before = case.draft_path.read_bytes()
    for broken, uid, words in (
        (set_box(text, "C3", "x"), "C3", "草稿中已没有 C3"),
        (set_field(text, "C1", "正文", "审阅单里改的"), "C1", "C1 在导出审阅单后已在别处改过"),
    ):
        with pytest.raises(SheetError, match=rf"第 {anchor_line(text, uid)} 行：{words}"):
            case.apply(broken)
        assert case.draft_path.read_bytes() == before


LINE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(example=LINE, paragraphs=st.lists(LINE, min_size=1, max_size=4))
def test_any_text_written_on_the_sheet_is_recorded_as_written(
    drafted: dict[str, bytes], example: str, paragraphs: list[str]
) -> None:
    draft = DraftFile.model_validate_json(drafted["collective"])
    text = export_sheet(draft)
    text = set_field(text, "P1", "事例", example)
    written = [p for p in paragraphs if p.strip()]
    assume(written)
    anchor_like = re.compile(r"^[-*+]\s*[\[［][^\]］]*[\]］]\s*[A-Za-z_]+[0-9]*(\s|$)")
    assume(not any(anchor_like.match(p.strip()) for p in written[1:]))
    lines = [written[0]] + [line for p in written[1:] for line in ("", f"  {p}")]
    text = set_field(text, "E1", "正文", *lines)
    session = ReviewSession(draft, None, by="乙")
    apply_sheet(session, text, Path("审阅单.md"))
    assert session.material.extra_parts[0].paragraphs == [p.strip() for p in written]
    problem = find_item(session.material, "P1")
    assert isinstance(problem, Problem)
    assert problem.example == example.strip()
    again = apply_sheet(ReviewSession(session.draft, None, by="乙"), text, Path("审阅单.md"))
    assert again.recorded == 0
    assert apply_sheet(session, export_sheet(session.draft), Path("审阅单.md")).recorded == 0
