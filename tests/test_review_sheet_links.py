"""The review sheet's 回应 line: which problems a cause or measure answers, set on the sheet.

A problem added by hand reaches the 整改清单 only once a measure answers it; the sheet can
now say so, with the same all-or-nothing validation (every mistake at once) and the same
merge rules (a change made elsewhere since the export is kept, or is a conflict).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.errors import SheetError
from selfreview.review.session import ReviewSession
from selfreview.review.sheet import apply_sheet, export_sheet
from selfreview.schema import Measure
from selfreview.units import UnitKind, find_item

ROOT = Path(__file__).resolve().parents[1]
HEADLINE = "会议室超标配置办公家具"


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    notes = tmp_path / "sample-notes.txt"
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-notes.txt", notes)
    assert run_cli([str(notes), "--no-review", "--org", "某市政府党组"]) == 0
    return tmp_path / "sample-notes.draft.json"


def session(path: Path, by: str = "终端审阅人") -> ReviewSession:
    return ReviewSession(load_draft(path), path, by=by, via="terminal")


def links_index(text: str, uid: str) -> int:
    """The index of the 回应 line of ``uid``'s block on the sheet."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"- \[.\] {uid} ", line))
    return next(i for i in range(start, len(lines)) if lines[i].startswith("回应："))


def links_line(text: str, uid: str) -> str:
    return text.split("\n")[links_index(text, uid)]


def with_links(text: str, uid: str, new: str) -> str:
    """``text`` with ``uid``'s 回应 line saying ``new`` (other blocks may show the same)."""
    lines = text.split("\n")
    lines[links_index(text, uid)] = f"回应：{new}"
    return "\n".join(lines)


def apply(path: Path, text: str) -> object:
    sheet = path.with_name("审阅单.md")
    sheet.write_text(text, encoding="utf-8")
    return apply_sheet(
        ReviewSession(load_draft(path), path, by="审阅人甲", via="sheet"), text, sheet
    )


def addresses(path: Path, uid: str) -> list[str]:
    material = load_draft(path).material
    assert material is not None
    measure = find_item(material, uid)
    assert isinstance(measure, Measure)
    return list(measure.addresses)


def test_a_problem_added_by_hand_reaches_the_ledger_through_the_sheet(draft_path: Path) -> None:
    terminal = session(draft_path)
    opinion = terminal.draft.opinions[0].id
    added = terminal.add(
        UnitKind.PROBLEM,
        {"headline": HEADLINE, "body": "会议室家具配置超出标准。", "example": "【待补：具体事例】"},
        links=[opinion],
    )
    terminal.approve_all()
    text = export_sheet(load_draft(draft_path))
    shown = links_line(text, "M1")
    assert re.match(r"^回应：P\d+（", shown)  # the ids with their headlines, editable
    before = addresses(draft_path, "M1")
    # The clerk appends the new problem's number; the headlines in （） may stay.
    result = apply(draft_path, with_links(text, "M1", f"{shown.removeprefix('回应：')}、{added}"))
    assert result.relinked == ["M1"]  # type: ignore[attr-defined]
    assert "改了所回应的问题：M1" in str(result)
    assert addresses(draft_path, "M1") == [*before, added]
    assert apply(draft_path, export_sheet(load_draft(draft_path))).recorded == 0  # type: ignore[attr-defined]

    out = draft_path.with_name("定稿.docx")
    args = ["build", str(draft_path), "-o", str(out), "--ledger", "--allow-placeholders"]
    assert run_cli(args) == 0
    table = docx.Document(str(out)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    measure = find_item(load_draft(draft_path).material, "M1")  # type: ignore[arg-type]
    pair = [row for row in rows if row[1] == HEADLINE]
    assert len(pair) == 1 and pair[0][2].startswith(measure.headline.rstrip("。"))


def test_every_mistake_in_the_links_is_reported_at_once_and_nothing_recorded(
    draft_path: Path,
) -> None:
    text = export_sheet(load_draft(draft_path))
    text = with_links(text, "M1", "P1、Q7、第三条")
    text = with_links(text, "M2", "P99")
    text = with_links(text, "C1", "（都删了）")
    text = text.replace("- [ ] P1 ", "- [x] P1 ", 1)  # a valid change: not recorded either
    before = draft_path.read_bytes()
    with pytest.raises(SheetError) as caught:
        apply(draft_path, text)
    message = caught.value.message
    assert message.startswith("审阅单有 3 处错误，一条也没有记录")
    assert "M1 的“回应”中“Q7、第三条”不是问题编号" in message
    assert "M2 的“回应”中没有这些问题：P99" in message
    assert "C1 的“回应”至少要写一个问题编号" in message
    assert [m.line for m in caught.value.mistakes] == sorted(  # type: ignore[attr-defined]
        links_index(text, uid) + 1 for uid in ("M1", "M2", "C1")
    )
    assert draft_path.read_bytes() == before


def test_links_changed_elsewhere_since_the_export_are_kept_or_a_conflict(
    draft_path: Path,
) -> None:
    text = export_sheet(load_draft(draft_path))
    terminal = session(draft_path)
    terminal.set_links("M1", ["P2"])
    apply(draft_path, text.replace("- [ ] C1 ", "- [x] C1 ", 1))  # M1's line left alone
    assert addresses(draft_path, "M1") == ["P2"]  # the terminal's relink is not undone
    with pytest.raises(SheetError, match="M1 在导出审阅单后已在别处改过"):
        apply(draft_path, with_links(text, "M1", "P3"))
    assert addresses(draft_path, "M1") == ["P2"]
