"""``draft outlines --from-notice``: a notice in the usual shapes becomes a valid outline."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfreview.cli.app import run_cli
from selfreview.notice import notice_paragraphs, read_notice
from selfreview.outline import read_outline_file

NOTICES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"


@pytest.mark.parametrize(
    ("notice", "year", "meeting", "aspects", "theme_start"),
    [
        (
            "marked-2025.txt",
            2025,
            "民主生活会",
            [
                "在带头强化政治忠诚、提高政治能力方面",
                "在带头固本培元、增强党性方面",
                "在带头敬畏人民、敬畏组织、敬畏法纪方面",
                "在带头干事创业、担当作为方面",
                "在带头坚决扛起管党治党责任方面",
            ],
            "深入学习贯彻习近平新时代中国特色社会主义思想，全面贯彻落实党的二十届四中全会精神",
        ),
        (
            "ordinal-2024.txt",
            2024,
            "民主生活会",
            [
                "带头严守政治纪律和政治规矩，维护党的团结统一方面",
                "带头增强党性、严守纪律、砥砺作风方面",
                "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新方面",
                "带头履行全面从严治党政治责任方面",
            ],
            "深入学习贯彻习近平新时代中国特色社会主义思想，巩固深化党纪学习教育成果",
        ),
        (
            "numbered-zuzhi.txt",
            2025,
            "专题组织生活会",
            ["遵守政治纪律方面", "遵守组织纪律方面", "遵守廉洁纪律方面", "发挥先锋模范作用方面"],
            "深入学习贯彻党的二十大及二十届四中全会精神",
        ),
    ],
)
def test_notice_becomes_a_valid_outline(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    notice: str,
    year: int,
    meeting: str,
    aspects: list[str],
    theme_start: str,
) -> None:
    out = tmp_path / "今年.yaml"
    assert run_cli(["outlines", "--from-notice", str(NOTICES / notice), "-o", str(out)]) == 0
    assert "已生成提纲" in capsys.readouterr().err
    outline = read_outline_file(out)
    assert (outline.year, outline.meeting) == (year, meeting)
    assert [a.name for a in outline.aspects] == aspects
    assert outline.theme.startswith(theme_start) and not outline.theme.endswith("。")
    assert all(a.keywords and a.required for a in outline.aspects)
    assert outline.source is not None and str(year) in outline.source.title
    assert "核对" in outline.unverified
    # the outline drives a draft: its year and meeting reach the title
    notes = tmp_path / "笔记.txt"
    notes.write_text("1. 理论学习中心组研讨时联系实际不够。\n", encoding="utf-8")
    md = tmp_path / "材料.md"
    args = [str(notes), "--outline", str(out), "--org", "某局党组", "--approve-all"]
    assert run_cli([*args, "--allow-placeholders", "-o", str(md)]) == 0
    assert f"# 某局党组{year}年度{meeting}对照检查材料" in md.read_text(encoding="utf-8")


def test_marked_notice_keywords_come_from_the_aspect_text() -> None:
    found = read_notice(notice_paragraphs(NOTICES / "marked-2025.txt"))
    assert found.publisher == "中共某市委组织部" and found.date == "2025-12-10"
    assert found.study == "习近平新时代中国特色社会主义思想和党的二十届四中全会精神"
    # the 三、有关要求 list after the aspects is not taken for aspects
    assert len(found.aspects) == 5


def test_a_notice_without_an_aspect_list_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.yaml"
    assert run_cli(["outlines", "--from-notice", str(NOTICES / "no-list.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-list.txt" in err and "方面列表" in err
    assert not out.exists()


def test_an_existing_output_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    out.write_text("old", encoding="utf-8")
    notice = str(NOTICES / "marked-2025.txt")
    assert run_cli(["outlines", "--from-notice", notice, "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "old"


def test_hard_wrapped_items_are_joined(tmp_path: Path) -> None:
    notice = tmp_path / "通知.txt"
    notice.write_text(
        "关于召开2025年度民主生活会的通知\n本次会议的主题是：深入学习贯彻某某思想，全面贯彻落实\n"
        "党的某某精神。\n（一）在带头强化政治忠诚、提高政治\n能力方面。对照检查……\n"
        "（二）在带头担当作为方面。\n",
        encoding="gb18030",
    )
    found = read_notice(notice_paragraphs(notice))
    assert [name for name, _ in found.aspects] == [
        "在带头强化政治忠诚、提高政治能力方面",
        "在带头担当作为方面",
    ]
    assert found.theme == "深入学习贯彻某某思想，全面贯彻落实党的某某精神"


def test_docx_notice(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    for line in (NOTICES / "marked-2025.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "通知.docx"
    document.save(str(path))
    found = read_notice(notice_paragraphs(path))
    assert found.year == 2025 and len(found.aspects) == 5


def test_aspects_worded_as_a_shipped_outline_borrow_its_keywords(tmp_path: Path) -> None:
    from selfreview.notice import outline_data
    from selfreview.outline import load_outline

    found = read_notice(notice_paragraphs(NOTICES / "marked-2025.txt"))
    data = outline_data(found, "今年")
    shipped = {a.name: a for a in load_outline("2025-minzhu").aspects}
    for aspect in data["aspects"]:
        known = shipped[aspect["name"]]
        assert aspect["keywords"][: len(known.keywords)] == known.keywords
        assert aspect["scope"].startswith("对照检查")  # the notice's own scope is kept
    assert "取自内置提纲 2025-minzhu" in data["unverified"]


def test_aspects_no_shipped_outline_words_keep_suggested_keywords() -> None:
    from selfreview.notice import outline_data, shipped_aspect

    assert shipped_aspect("在带头深化改革、扩大开放方面") is None
    found = read_notice(
        ["2026年度民主生活会通知", "一是在带头深化改革、扩大开放方面；二是在带头守正创新方面。"]
    )
    data = outline_data(found, "新")
    assert data["aspects"][0]["keywords"][:2] == ["深化改革", "扩大开放"]
    assert "取自内置提纲" not in data["unverified"]
