"""The 落款 (unit and date) from the command line, the notes and the API, in the DOCX.

Nothing is invented: without a date given or stated in the notes no 落款 is added (and the
build says how to add one); asked for without a date it carries 【待补：落款日期】, which
the build gate refuses like any placeholder. What is given is kept for later builds.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.text import WD_COLOR_INDEX as COLOR

import selfreview
from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.errors import InputError
from selfreview.render import LayoutSettings
from selfreview.render.titlelines import title_width
from selfreview.signing import meeting_date, normalize_date, personal_name

ROOT = Path(__file__).resolve().parents[1]
BUREAU = "bureau-2026-collective.txt"
UNIT = "某市生态环境局党组"  # what the fixture's header names
CLOSING = "高质量发展。"


def drafted(tmp_path: Path, name: str = BUREAU, *extra: str) -> Path:
    """Draft ``name`` offline and build it (as a 讨论稿); the draft file's path."""
    notes = tmp_path / name
    shutil.copy(ROOT / "fixtures" / "notes" / name, notes)
    args = [str(notes), "-o", str(tmp_path / "材料.docx"), "--approve-all"]
    assert run_cli([*args, "--allow-placeholders", "--no-review", *extra]) == 0
    return tmp_path / "材料.draft.json"


def build(draft_file: Path, name: str, *extra: str) -> int:
    out = draft_file.with_name(name)
    return run_cli(["build", str(draft_file), "-o", str(out), "--force", *extra])


def tail(path: Path, count: int = 3) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs][-count:]


def signature_paragraphs(path: Path) -> tuple[Any, Any]:
    paragraphs = docx.Document(str(path)).paragraphs
    return paragraphs[-2], paragraphs[-1]


def test_sign_date_adds_the_unit_of_the_notes_and_is_kept_for_later_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_file = drafted(tmp_path)
    err = capsys.readouterr().err
    assert (
        f"未加落款（单位和日期）：要加请用 --sign-date 会议日期（如 2026年1月6日）；落款单位默认为“{UNIT}”"
        in err
    )
    assert tail(tmp_path / "材料.docx", 1)[0].endswith(CLOSING)  # no date: no 落款

    assert build(draft_file, "a.docx", "--allow-placeholders", "--sign-date", "2026-01-06") == 0
    assert f"落款：{UNIT}，2026年1月6日" in capsys.readouterr().err
    blank, unit, date = tail(tmp_path / "a.docx")
    assert (blank, unit, date) == ("", UNIT, "2026年1月6日")  # no zero padding
    unit_p, date_p = signature_paragraphs(tmp_path / "a.docx")
    assert unit_p.alignment == date_p.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date_p.paragraph_format.right_indent.pt == 64  # 右空四字 (16 pt characters)
    pitch = 16 * LayoutSettings().char_scale_percent / 100  # the unit is centred over the date
    unit_centre = unit_p.paragraph_format.right_indent.pt + title_width(UNIT) * pitch / 2
    assert abs(unit_centre - (64 + title_width("2026年1月6日") * pitch / 2)) < 0.5

    options = load_draft(draft_file).options
    assert (options.signature, options.sign_unit, options.sign_date) == (True, None, "2026年1月6日")
    assert build(draft_file, "b.md", "--allow-placeholders") == 0  # recorded: used again
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert text.endswith(f"{CLOSING}\n\n{UNIT}\n\n2026年1月6日\n")

    formal = "中共某市生态环境局党组"
    assert build(draft_file, "c.docx", "--allow-placeholders", "--sign-unit", formal) == 0
    assert tail(tmp_path / "c.docx", 2) == [formal, "2026年1月6日"]  # the date stays

    capsys.readouterr()
    assert build(draft_file, "d.docx", "--allow-placeholders", "--no-signature") == 0
    assert tail(tmp_path / "d.docx", 1)[0].endswith(CLOSING)
    assert build(draft_file, "e.docx", "--allow-placeholders") == 0  # off is recorded too
    assert tail(tmp_path / "e.docx", 1)[0].endswith(CLOSING)
    assert "落款" not in capsys.readouterr().err  # turned off: no hint either


def test_a_signature_without_a_date_is_a_placeholder_the_gate_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_file = drafted(tmp_path, "personal-deputy-director.txt", "--signature")
    # A personal material is signed with the person's name ("本人：张某某，…" in the notes).
    unit_p, date_p = signature_paragraphs(tmp_path / "材料.docx")
    assert (unit_p.text, date_p.text) == ("张某某", "【待补：落款日期】")
    assert [r.font.highlight_color for r in date_p.runs] == [COLOR.YELLOW]  # shaded
    capsys.readouterr()
    review = selfreview.open_draft(draft_file)
    # The 落款 is named first among the placeholders that block the build, with the fix.
    assert build(draft_file, "x.docx") == 1
    err = capsys.readouterr().err
    assert "落款 【待补：落款日期】" in err and "--sign-date" in err and "\n" not in err.strip()
    assert not (tmp_path / "x.docx").exists()
    report = review.build(tmp_path / "y.docx", allow_placeholders=True, sign_date="2026/1/16")
    assert report.signature_note == "落款：张某某，2026年1月16日"
    assert tail(tmp_path / "y.docx", 2) == ["张某某", "2026年1月16日"]
    assert load_draft(draft_file).options.sign_date == "2026年1月16日"  # the API records it


@pytest.mark.filterwarnings("ignore:注意：没有2026年度")  # the fixture's year has no outline
def test_the_meeting_date_the_notes_state_signs_by_default(tmp_path: Path) -> None:
    notes = (ROOT / "fixtures" / "notes" / BUREAU).read_text(encoding="utf-8")
    first, rest = notes.split("\n", 1)
    name = "dated.txt"
    (tmp_path / name).write_text(f"{first}\n会议时间：2026年1月8日\n{rest}", encoding="utf-8")
    shutil.copy(tmp_path / name, tmp_path / "copy.txt")
    review = selfreview.draft(tmp_path / name, path=tmp_path / "材料.draft.json")
    review.approve_all()
    review.build(tmp_path / "a.docx", allow_placeholders=True)
    assert tail(tmp_path / "a.docx", 2) == [UNIT, "2026年1月8日"]
    off = selfreview.draft(tmp_path / "copy.txt", signature=False, path=tmp_path / "b.draft.json")
    off.approve_all()
    off.build(tmp_path / "b.docx", allow_placeholders=True)
    assert tail(tmp_path / "b.docx", 1)[0].endswith(CLOSING)


def test_a_date_that_is_not_one_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / BUREAU
    shutil.copy(ROOT / "fixtures" / "notes" / BUREAU, notes)
    assert run_cli([str(notes), "--no-review", "--sign-date", "2026年2月30日"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "错误：落款日期“2026年2月30日”不是有效的日期"
    assert not notes.with_name(notes.stem + ".draft.json").exists()  # refused before drafting
    with pytest.raises(InputError, match="应写成"):
        selfreview.draft(notes, sign_date="一月六日")


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("2026年01月06日", "2026年1月6日"),
        ("2026-1-6", "2026年1月6日"),
        ("2026/12/31", "2026年12月31日"),
        (" 2026.1.6 ", "2026年1月6日"),
        ("2024年2月29日", "2024年2月29日"),
    ],
)
def test_dates_are_written_without_zero_padding(given: str, written: str) -> None:
    assert normalize_date(given) == written


@pytest.mark.parametrize("given", ["2026年1月", "2025年2月29日", "明天", "2026-13-01"])
def test_what_is_not_a_whole_date_is_refused(given: str) -> None:
    with pytest.raises(InputError):
        normalize_date(given)


def test_only_a_stated_meeting_date_or_name_is_taken_from_the_notes() -> None:
    assert meeting_date(["征求意见汇总（2026年1月2日整理）"]) is None  # not the meeting's
    assert meeting_date(["班子定于2026年1月9日下午召开民主生活会"]) == "2026年1月9日"
    assert meeting_date(["召开时间：2026年01月10日"]) == "2026年1月10日"
    assert personal_name("王某某同志", []) == "王某某"
    assert personal_name("王副市长", ["本人：李某某，县交通运输局局长"]) == "李某某"
    assert personal_name("王副市长", ["王副市长分管工业"]) is None
