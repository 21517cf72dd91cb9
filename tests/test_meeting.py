"""The notes say which meeting: year, meeting and unit from the header pick the outline,
and the frame (title, preamble, last year's part) names only what outline and notes give."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from selfreview.cli.app import run_cli
from selfreview.meeting import (
    THEME_PLACEHOLDER,
    choose_outline,
    detect_meeting,
)
from selfreview.outline import load_outline

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "fixtures" / "notes"
MEETING = ROOT / "fixtures" / "meeting"
THEME_2025 = load_outline("2025-minzhu").theme
THEME_2021_STUDY = "党史学习教育动员大会"


def test_header_lines_give_year_meeting_unit_and_counts() -> None:
    found = detect_meeting(
        ["某单位党组2025年度民主生活会征求意见汇总", "一、征求意见情况"],
        ["本次共收集意见建议23条，开展谈心谈话36人次。"],
    )
    assert (found.year, found.meeting, found.unit, found.personal) == (
        2025,
        "民主生活会",
        "某单位党组",
        False,
    )
    assert found.counts == {"opinions": "23", "talks": "36"}
    personal = detect_meeting(["专题组织生活会个人查摆材料"])
    assert (personal.year, personal.meeting, personal.personal) == (None, "专题组织生活会", True)


def test_last_years_heading_does_not_set_the_year() -> None:
    found = detect_meeting(["2024年度民主生活会整改落实情况", "某局党组2025年度民主生活会意见汇总"])
    assert found.year == 2025


def test_nothing_said_takes_the_newest_minzhu_outline_and_says_so() -> None:
    choice = choose_outline(detect_meeting(["征求意见汇总"]))
    assert choice.outline.id == "2025-minzhu"
    assert "没有写明" in choice.reason


def test_year_and_meeting_options_override_the_notes() -> None:
    notes = detect_meeting(["某局党组2025年度民主生活会征求意见汇总"])
    assert choose_outline(notes, year=2024).outline.id == "2024-minzhu"
    assert choose_outline(notes, meeting="组织生活会").outline.id == "2025-zuzhi"
    with pytest.raises(Exception, match="--meeting"):
        choose_outline(notes, meeting="座谈会")


def draft_md(tmp_path: Path, notes: Path, *args: str) -> tuple[str, str]:
    """Run ``draft`` offline on a copy of ``notes``; the Markdown and stderr."""
    copy = tmp_path / notes.name
    shutil.copy(notes, copy)
    out = tmp_path / "材料.md"
    code = run_cli([str(copy), *args, "--approve-all", "--allow-placeholders", "-o", str(out)])
    assert code == 0
    return out.read_text(encoding="utf-8"), ""


def test_2025_notes_draft_under_the_2025_outline_without_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = draft_md(tmp_path, MEETING / "2025-minzhu-notes.txt", "--org", "某县财政局党组")
    err = capsys.readouterr().err
    assert "提纲：2025-minzhu" in err and "年度：2025年度" in err and "会议：民主生活会" in err
    assert "# 某县财政局党组2025年度民主生活会对照检查材料" in text
    assert f"“{THEME_2025}”" in text
    assert "（一）在带头强化政治忠诚、提高政治能力方面" in text
    assert "2024年度民主生活会整改落实情况" in text
    assert "收集意见建议23条" in text and "谈心谈话36人次" in text  # the notes' own counts
    assert THEME_2021_STUDY not in text and "2021" not in text and "专题民主生活会" not in text


def test_personal_zuzhi_notes_get_a_zuzhi_frame(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = draft_md(
        tmp_path, MEETING / "2025-zuzhi-personal.txt", "--kind", "personal", "--org", "张某某"
    )
    assert "提纲：2025-zuzhi" in capsys.readouterr().err
    assert "# 张某某2025年度专题组织生活会个人对照检查材料" in text
    assert "召开2025年度专题组织生活会的通知" in text
    assert "民主生活会" not in text
    # the notes state no counts: the preamble claims none
    assert "收集意见建议" not in text and "人次" not in text


def test_a_leaders_personal_material_keeps_the_minzhu_frame(tmp_path: Path) -> None:
    text, _ = draft_md(
        tmp_path, NOTES / "sample-personal.txt", "--kind", "personal", "--org", "王某某同志"
    )
    assert "# 王某某同志2021年度专题民主生活会个人对照检查材料" in text
    assert "组织生活会" not in text


def test_2026_notes_get_a_2026_frame_with_the_theme_as_placeholder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "src" / "2026.txt"
    notes.parent.mkdir()
    source = (MEETING / "2025-minzhu-notes.txt").read_text(encoding="utf-8")
    notes.write_text(source.replace("2025年度", "2026年度"), encoding="utf-8")
    text, _ = draft_md(tmp_path, notes, "--org", "某县财政局党组")
    err = capsys.readouterr().err
    assert "没有2026年度民主生活会的内置提纲" in err and "draft outlines --from-notice" in err
    assert "# 某县财政局党组2026年度民主生活会对照检查材料" in text
    assert f"“{THEME_PLACEHOLDER}”" in text
    for other in (THEME_2025, load_outline("2024-minzhu").theme, THEME_2021_STUDY):
        assert other not in text
    assert "2025年度民主生活会整改落实情况" in text
    assert not re.search(r"20(2[0-4]|21)年度", text)


def test_an_explicit_2021_outline_on_2025_notes_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_md(tmp_path, MEETING / "2025-minzhu-notes.txt", "--outline", "2021-five")
    err = capsys.readouterr().err
    assert "警告：提纲 2021-five 是2021年度的，笔记写的是2025年度" in err


def test_the_sample_notes_still_pick_2021_five(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = draft_md(tmp_path, NOTES / "sample-notes.txt", "--org", "某市政府党组")
    assert "提纲：2021-five" in capsys.readouterr().err
    assert "# 某市政府党组2021年度专题民主生活会对照检查材料" in text
    assert "2020年度专题民主生活会整改落实情况" not in text  # the family, not the 专题 form
    assert "2020年度民主生活会整改落实情况" in text


def test_an_existing_draft_keeps_its_outline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "笔记.txt"
    shutil.copy(MEETING / "2025-minzhu-notes.txt", notes)
    out = tmp_path / "材料.md"
    assert run_cli([str(notes), "--outline", "2024-minzhu", "--no-review", "-o", str(out)]) == 0
    capsys.readouterr()
    assert run_cli([str(notes), "--no-review", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "沿用草稿文件中的提纲" in err and "2024-minzhu" in err
    assert "警告：提纲 2024-minzhu 是2024年度的" in err


def test_a_2021_outline_on_2025_notes_is_a_check_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "笔记.txt"
    shutil.copy(MEETING / "2025-minzhu-notes.txt", notes)
    out = tmp_path / "材料.md"
    assert run_cli([str(notes), "--outline", "2021-five", "--no-review", "-o", str(out)]) == 0
    capsys.readouterr()
    run_cli(["check", str(tmp_path / "材料.draft.json")])
    report = capsys.readouterr().out
    assert "meeting-mismatch" in report and "笔记写的是2025年度" in report
    # the same notes under the outline the notes name: no such finding
    assert run_cli([str(notes), "--redraft", "--no-review", "-o", str(out)]) == 0
    capsys.readouterr()
    run_cli(["check", str(tmp_path / "材料.draft.json")])
    assert "meeting-mismatch" not in capsys.readouterr().out


def reject_aspect(review: Any, problems: list[Any]) -> None:
    """Reject ``problems``, and the causes and measures that answered only them; approve
    the rest."""
    rejected = {p.id for p in problems}
    for problem_id in rejected:
        review.reject(problem_id, comment="试删")
    material = review.session.draft.material
    for cause in material.causes:
        if set(cause.explains) <= rejected:
            review.reject(cause.id)
    for measure in material.measures:
        if set(measure.addresses) <= rejected:
            review.reject(measure.id)
    review.approve_all()


def test_an_aspect_may_not_silently_vanish(tmp_path: Path) -> None:
    import selfreview
    from selfreview.errors import ReviewPendingError
    from selfreview.review.gate import overview_text

    review = selfreview.draft(MEETING / "2025-minzhu-notes.txt", path=tmp_path / "d.draft.json")
    assert review.session.draft.settings.outline.id == "2025-minzhu"
    material = review.session.draft.material
    assert material is not None
    group = next(g for g in material.problems if g.aspect == "在带头坚决扛起管党治党责任方面")
    reject_aspect(review, group.items)
    assert "在带头坚决扛起管党治党责任方面" in overview_text(review.session.draft)
    findings = [f for f in review.check().findings if f.rule == "aspect-missing"]
    assert [f.location.aspect for f in findings] == ["在带头坚决扛起管党治党责任方面"]
    with pytest.raises(ReviewPendingError, match="--allow-missing-aspects"):
        review.build(tmp_path / "a.md", allow_placeholders=True)
    report = review.build(tmp_path / "a.md", allow_placeholders=True, allow_missing_aspects=True)
    assert report.missing_aspects == ["在带头坚决扛起管党治党责任方面"]


def test_an_optional_aspect_may_be_left_out(tmp_path: Path) -> None:
    import selfreview

    outline = tmp_path / "mine.yaml"
    text = (ROOT / "prompts" / "outlines" / "2025-minzhu.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    topic: responsibility\n", "    topic: responsibility\n    required: false\n"
    )
    outline.write_text(text.replace("id: 2025-minzhu", "id: mine"), encoding="utf-8")
    review = selfreview.draft(MEETING / "2025-minzhu-notes.txt", outline=str(outline))
    material = review.session.draft.material
    assert material is not None
    group = next(g for g in material.problems if g.aspect == "在带头坚决扛起管党治党责任方面")
    reject_aspect(review, group.items)
    assert not [f for f in review.check().findings if f.rule == "aspect-missing"]
    review.build(tmp_path / "a.md", allow_placeholders=True)


def test_the_api_takes_year_and_meeting(tmp_path: Path) -> None:
    import selfreview

    review = selfreview.draft(MEETING / "2025-minzhu-notes.txt", year=2024)
    assert review.session.draft.settings.outline.id == "2024-minzhu"
    with pytest.warns(UserWarning, match="没有2026年度民主生活会的内置提纲"):
        placeholder = selfreview.draft(MEETING / "2025-minzhu-notes.txt", year=2026)
    assert placeholder.session.draft.settings.outline.theme == THEME_PLACEHOLDER
    with pytest.warns(UserWarning, match="笔记写的是2025年度"):
        selfreview.draft(MEETING / "2025-minzhu-notes.txt", outline="2021-five")


def test_the_unit_in_the_header_reaches_the_title_and_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = draft_md(tmp_path, MEETING / "2025-minzhu-notes.txt")
    assert "标题中的单位取自笔记标题：某县财政局党组" in capsys.readouterr().err
    assert "# 某县财政局党组2025年度民主生活会对照检查材料" in text
    assert "领导班子" not in text.splitlines()[2]


def test_org_given_wins_over_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, _ = draft_md(tmp_path, MEETING / "2025-minzhu-notes.txt", "--org", "某县审计局党组")
    assert "取自笔记标题" not in capsys.readouterr().err
    assert "# 某县审计局党组2025年度民主生活会对照检查材料" in text


def test_a_personal_header_makes_a_personal_material_unless_kind_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, _ = draft_md(tmp_path, NOTES / "personal-branch-member.md")
    assert "按笔记标题写作个人对照检查材料" in capsys.readouterr().err
    assert "# 2025年度专题组织生活会个人对照检查材料" in text
    assert "本人认真学习了" in text
    other = tmp_path / "collective"
    other.mkdir()
    collective, _ = draft_md(other, NOTES / "personal-branch-member.md", "--kind", "collective")
    assert "个人对照检查材料" not in collective


def test_the_api_reads_kind_and_unit_from_the_header() -> None:
    import selfreview
    from selfreview.schema import Voice

    review = selfreview.draft(NOTES / "personal-deputy-director.txt")
    settings = review.session.draft.settings
    assert settings.voice is Voice.PERSONAL
    assert settings.org == "县住房和城乡建设局副局长"
    assert selfreview.draft(NOTES / "school-collective.txt").session.draft.settings.org == (
        "某县教育局党组"
    )


def test_an_aspect_emptied_by_a_move_is_not_called_deleted(tmp_path: Path) -> None:
    """Moving an aspect's only problems to another aspect empties it as surely as deleting
    them; the overview, the check and the build say so without claiming a deletion."""
    import selfreview
    from selfreview.errors import ReviewPendingError
    from selfreview.record import Status
    from selfreview.review.gate import overview_text

    review = selfreview.draft(MEETING / "2025-minzhu-notes.txt", path=tmp_path / "d.draft.json")
    material = review.session.draft.material
    assert material is not None
    aspect = "在带头坚决扛起管党治党责任方面"
    target = next(g.aspect for g in material.problems if g.aspect != aspect)
    for problem in next(g for g in material.problems if g.aspect == aspect).items:
        review.session.move(problem.id, aspect=target)
    review.approve_all()
    assert not any(review.status(p.id) is Status.REJECTED for p in review.problems)
    overview = overview_text(review.session.draft)
    assert f"没有问题（已删除或移到别的方面）：{aspect}" in overview
    assert "都已删除" not in overview
    finding = next(f for f in review.check().findings if f.rule == "aspect-missing")
    assert "都已删除或移到别的方面" in finding.message
    with pytest.raises(ReviewPendingError) as refused:
        review.build(tmp_path / "a.md", allow_placeholders=True)
    assert f"没有问题（已删除或移到别的方面）：{aspect}" in str(refused.value)
