"""Importing existing materials: the seed, our own varied fixtures, and our own output."""

from __future__ import annotations

from pathlib import Path

import pytest

from materials import sample_material, seed_material
from selfreview.errors import InputError
from selfreview.importing import import_file, import_text
from selfreview.render import render
from selfreview.render.markdown import render_markdown
from selfreview.schema import Material, Voice

MATERIALS = Path(__file__).resolve().parents[1] / "fixtures" / "materials"


def all_text(material: Material) -> str:
    """Every string of the material, for "nothing was lost / no markup left" assertions."""
    return material.model_dump_json()


def test_seed_imports_to_its_structure() -> None:
    result = import_file(MATERIALS / "seed-city-gov.md")
    material = result.material
    assert material.title == "市政府党组专题民主生活会对照检查材料"
    assert [g.aspect for g in material.problems] == [
        "理论学习方面",
        "标准境界方面",
        "工作作风方面",
        "宗旨意识方面",
        "纪律规矩方面",
    ]
    # The issue says 15 problems; the seed has 3+3+3+2+3 = 14 一是/二是/三是 items.
    assert [len(g.items) for g in material.problems] == [3, 3, 3, 2, 3]
    assert len(material.causes) == 4
    assert len(material.measures) == 3
    assert material.voice is Voice.COLLECTIVE
    assert result.unplaced == [] and result.warnings == []


def test_seed_items_are_split_into_headline_body_and_example() -> None:
    material = import_file(MATERIALS / "seed-city-gov.md").material
    first = material.problems[0].items[0]
    assert first.headline == "学习不够积极主动"
    assert first.body.startswith("在学习D史过程中，有的同志缺少计划性")
    assert first.example.startswith("有的同志仅是通过集中学习")  # "如，" removed
    standards = material.problems[1].items[1]
    assert "15%、20%" in standards.example and "xx市" in standards.body
    work = material.problems[2].items[0]
    assert '再如，"双招双引"' in work.example  # 再如 stays in the example
    assert material.problems[4].items[0].example == ""  # the seed gives no 如 here
    assert material.causes[3].headline == "纪律执行不够严格"
    assert material.causes_intro.startswith("坚持边检视边思考")
    assert material.measures[0].headline == "加强理论武装，坚定政治立场"
    assert material.measures_intro.startswith("针对查摆出的突出问题")


def test_seed_preamble_joins_the_hard_wrapped_lines() -> None:
    preamble = import_file(MATERIALS / "seed-city-gov.md").material.preamble
    assert "\n" not in preamble
    assert "《毛泽东邓小平 江泽民胡锦涛关于中国共产党历史论述摘编》" in preamble
    assert preamble.endswith("形成了对照检查材料。")


def test_markdown_bold_markers_are_gone() -> None:
    text = all_text(import_file(MATERIALS / "seed-city-gov.md").material)
    assert "**" not in text and "#" not in text


def test_personal_gbk_six_aspects_causes_as_subheadings() -> None:
    result = import_file(MATERIALS / "personal-six-aspects-gbk.txt")
    material = result.material
    assert result.encoding == "gb18030"
    assert material.voice is Voice.PERSONAL
    assert material.title == "李明同志2023年度专题民主生活会个人对照检查材料"
    assert material.headings.problems == "对照检查存在的问题"
    assert len(material.problems) == 6
    assert [len(g.items) for g in material.problems] == [2] * 6
    assert [c.headline for c in material.causes] == [
        "理想信念有所弱化",
        "宗旨意识有所淡化",
        "担当精神有所减退",
    ]
    assert material.causes[0].body.startswith("我对加强理论学习的重要性认识不够")
    assert material.measures[2].headline == "严格落实“一岗双责”"
    (extra,) = material.extra_parts
    assert extra.heading == "上年度民主生活会整改措施落实情况"
    assert extra.position == "before"
    assert "全年走访企业36家" in extra.paragraphs[0]
    assert material.closing == "以上对照检查，请同志们批评指正。"
    # Text above the title is kept and reported, not dropped.
    assert [(u.text, u.line) for u in result.unplaced] == [("附件2", 1)]


def test_inline_items_run_together_in_one_paragraph() -> None:
    material = import_file(MATERIALS / "personal-six-aspects-gbk.txt").material
    loyalty = material.problems[0]
    assert loyalty.aspect == "政治忠诚方面"
    assert loyalty.items[0].headline == "贯彻落实上级决策部署有温差"
    assert loyalty.items[0].example.startswith("2023年3月部署的“一网通办”改革")
    assert loyalty.items[1].headline == "政治敏锐性不够强"
    masses = material.problems[3].items[1]
    assert masses.body == "" and masses.example.startswith("12345热线")


def test_hard_wrapped_pdf_text() -> None:
    result = import_file(MATERIALS / "hard-wrapped.txt")
    material = result.material
    assert material.title == "县教育局党组2022年度民主生活会对照检查材料"
    assert material.headings.problems == "存在的主要问题"
    assert material.headings.causes == "问题产生的根源剖析"
    assert material.headings.measures == "下一步整改措施"
    assert "共收集意见建议23条" in material.preamble  # a number broken across lines
    assert [len(g.items) for g in material.problems] == [2, 3]
    last = material.problems[1].items[2]
    assert last.headline == "服务群众有差距"
    assert last.example.endswith("至今仍有百分之十五的班级超过55人。")
    assert [c.headline for c in material.causes] == [
        "理想信念有所松懈",
        "宗旨意识有所淡化",
        "担当精神有所减弱",
    ]
    assert material.measures[2].body.startswith("制定大班额化解方案")
    assert [s.text for s in result.skipped] == ["— 1 —"]
    assert "— 1 —" not in all_text(material)


def test_markdown_with_subheadings_extra_part_after_and_signature() -> None:
    result = import_file(MATERIALS / "markdown-subheadings.md")
    material = result.material
    assert material.headings.causes == "原因剖析"
    assert material.headings.measures == "整改方向和措施"
    assert material.problems[0].items[0].headline == "落实重大项目推进机制不够有力"
    assert material.causes[0].headline == "理论学习不够深入"
    assert material.measures[0].headline == "健全项目推进机制"
    assert material.measures[0].body.startswith("实行重点项目“一项目一专班”")
    (extra,) = material.extra_parts
    assert (extra.heading, extra.position) == ("个人有关事项说明", "after")
    # The 落款 (unit over date) is the signature, not part of the closing.
    assert material.closing == "以上对照检查，请各位同志批评指正。"
    assert result.signature is not None
    assert (result.signature.unit, result.signature.date) == ("市发展改革委党组", "2025年1月10日")
    assert "**" not in all_text(material)


def test_arabic_items_and_an_aspect_intro_is_kept_as_unplaced() -> None:
    result = import_file(MATERIALS / "numbered-items.txt")
    material = result.material
    assert [g.aspect for g in material.problems] == ["政治理论学习方面", "服务基层方面"]
    assert [p.headline for p in material.all_problems()] == [
        "学习主动性不强",
        "学习效果不明显",
        "服务意识不够强",
        "深入基层不够",
    ]
    assert len(material.causes) == 3 and len(material.measures) == 3
    (unplaced,) = result.unplaced
    assert unplaced.text == "对照学习要求，主要存在以下问题："
    assert unplaced.line == 6
    assert "第一条之前" in unplaced.reason


@pytest.mark.parametrize("make", [sample_material, seed_material])
@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_our_own_output_imports_to_the_same_structure(
    tmp_path: Path, make: object, suffix: str
) -> None:
    assert callable(make)
    original: Material = make()
    path = tmp_path / f"材料{suffix}"
    render(original, path)
    result = import_file(path)
    imported = result.material
    assert result.unplaced == [] and result.warnings == []
    assert render_markdown(imported) == render_markdown(original)
    assert [g.aspect.rstrip("。") for g in imported.problems] == [
        g.aspect.rstrip("。") for g in original.problems
    ]
    assert [p.id for p in imported.all_problems()] == [p.id for p in original.all_problems()]
    assert [p.headline.rstrip("。") for p in imported.all_problems()] == [
        p.headline.rstrip("。") for p in original.all_problems()
    ]
    assert [c.headline for c in imported.causes] == [c.headline for c in original.causes]
    assert [m.headline for m in imported.measures] == [m.headline for m in original.measures]
    assert [(e.heading, e.position) for e in imported.extra_parts] == [
        (e.heading, e.position) for e in original.extra_parts
    ]
    assert imported.headings == original.headings
    assert (imported.closing or None) == (original.closing or None)


def test_docx_written_by_hand_with_soft_breaks_and_a_table(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("某县政府党组民主生活会对照检查材料")
    document.add_paragraph("县政府党组通过多种方式征求意见，形成本材料。")
    heading = document.add_paragraph()
    heading.add_run("一、上年度整改落实情况").bold = True
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "上年度查摆的8个问题已整改7个。"
    table.cell(1, 0).text = "2"
    table.cell(1, 1).text = "剩余1个正在推进。"
    document.add_paragraph("二、查找的突出问题")
    wrapped = document.add_paragraph("（一）理论学习方面。一是学习不够系统。自学时间偏少，")
    wrapped.add_run().add_break()  # Shift+Enter inside the paragraph
    wrapped.add_run("学习笔记不多。如，全年笔记不足5000字。二是学用脱节。研讨发言念稿子。")
    document.add_paragraph("（二）工作作风方面。一是调研不深。如，全年调研只有3次。")
    document.add_paragraph("三、产生问题的原因分析")
    document.add_paragraph("一是理论武装不够。二是宗旨意识不强。三是担当精神不足。")
    document.add_paragraph("四、努力方向和整改措施")
    document.add_paragraph("一是每月集中学习1次。二是每季度调研2次。三是建立整改台账。")
    path = tmp_path / "手写.docx"
    document.save(str(path))

    result = import_file(path)
    material = result.material
    assert result.encoding == "docx"
    (extra,) = material.extra_parts
    assert extra.heading == "上年度整改落实情况" and extra.position == "before"
    assert extra.paragraphs == ["1. 上年度查摆的8个问题已整改7个。", "2. 剩余1个正在推进。"]
    first = material.problems[0].items[0]
    assert first.body == "自学时间偏少，学习笔记不多。"
    assert first.example == "全年笔记不足5000字。"
    assert [len(g.items) for g in material.problems] == [2, 1]
    assert [c.headline for c in material.causes] == ["理论武装不够", "宗旨意识不强", "担当精神不足"]
    assert len(material.measures) == 3


def test_causes_subheadings_with_items_inside_keep_the_items_in_the_body() -> None:
    text = """某局党组对照检查材料

一、查找的突出问题
（一）学习方面。一是学习不够。如，全年只学了2次。二是学用脱节。如，研讨念稿子。
二、原因分析
（一）思想根源
一是理想信念松懈。二是党性修养放松。
（二）作风根源
一是怕担风险。
三、整改措施
一是加强学习。二是改进作风。
"""
    material = import_text(text).material
    assert [c.headline for c in material.causes] == ["思想根源", "作风根源"]
    assert material.causes[0].body == "一是理想信念松懈。二是党性修养放松。"


def test_numbers_as_written_are_recorded_for_the_numbering_check() -> None:
    text = """某局党组对照检查材料

一、查找的突出问题
（一）学习方面。一是学习不够。三是学用脱节。
（三）作风方面。一是调研少。二是调研浅。
二、原因分析
一是思想松懈。一是作风漂浮。
三、整改措施
一是加强学习。
"""
    result = import_text(text)
    runs = {run.scope: run.numbers for run in result.numbering}
    assert runs["部分标题"] == [1, 2, 3]
    assert runs["查找的突出问题的方面"] == [1, 3]
    assert runs["（一）学习方面"] == [1, 3]
    assert runs["原因分析"] == [1, 1]
    # The items themselves are still all there.
    assert [len(g.items) for g in result.material.problems] == [2, 2]
    assert len(result.material.causes) == 2


def test_problems_without_aspects_go_under_a_placeholder_aspect() -> None:
    text = """某局党组对照检查材料

一、存在的问题
一是学习不够。如，全年只学了2次。二是作风漂浮。如，调研只有1次。
二、原因分析
一是思想松懈。
三、整改措施
一是加强学习。
"""
    result = import_text(text)
    (group,) = result.material.problems
    assert group.aspect == "【待补：方面名称】"
    assert len(group.items) == 2
    assert any("没有分方面" in w for w in result.warnings)


def test_aspect_without_numbered_items_becomes_one_problem_per_paragraph() -> None:
    text = """某局党组对照检查材料

一、存在的问题

（一）学习方面

学习不够系统，满足于读文件。如，全年只学了2次。

二、原因分析

一是思想松懈。

三、整改措施

一是加强学习。
"""
    result = import_text(text)
    (problem,) = result.material.problems[0].items
    assert problem.headline == "学习不够系统，满足于读文件"
    assert problem.example == "全年只学了2次。"
    assert any("没有编号的条目" in w for w in result.warnings)


def test_extra_part_between_parts_and_repeated_part_are_kept_with_warnings() -> None:
    text = """某局党组对照检查材料

一、查找的突出问题
（一）学习方面。一是学习不够。如，全年只学了2次。
二、上年度整改落实情况
去年的问题已整改。
三、原因分析
一是思想松懈。
四、整改措施
一是加强学习。
五、存在的问题
又一段问题。
"""
    result = import_text(text)
    headings = [(e.heading, e.position) for e in result.material.extra_parts]
    assert headings == [("上年度整改落实情况", "after"), ("存在的问题", "after")]
    assert result.material.extra_parts[1].paragraphs == ["又一段问题。"]
    assert len(result.warnings) == 2


def test_missing_title_becomes_a_placeholder() -> None:
    text = "一、查找的突出问题\n（一）学习方面。一是学习不够。\n二、原因分析\n一是思想松懈。\n"
    result = import_text(text)
    assert result.material.title == "【待补：标题】"
    assert any("没有找到标题" in w for w in result.warnings)
    assert any("整改措施" in w for w in result.warnings)  # the missing part is reported


def test_example_markers_other_than_ru_are_kept() -> None:
    text = """某局党组对照检查材料

一、查找的突出问题
（一）学习方面。一是学习不够。比如，全年只学了2次。二是学用脱节。如：研讨念稿子。
二、原因分析
一是思想松懈。
三、整改措施
一是加强学习。
"""
    items = import_text(text).material.problems[0].items
    assert items[0].example == "比如，全年只学了2次。"
    assert items[1].example == "如：研讨念稿子。"


def test_a_text_that_is_not_a_material_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "笔记.txt"
    path.write_text("1. 学习不够。\n2. 调研太少。\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"笔记\.txt.*三个部分"):
        import_file(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("none.txt", None, "文件不存在"),
        ("材料.pdf", b"%PDF-1.4", "不支持 PDF"),
        ("空.txt", b"  \n", "文件是空的"),
        ("坏.docx", b"not a zip", "不是有效的 .docx"),
    ],
)
def test_unreadable_files_name_the_file(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        import_file(path)
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("problems", "causes", "measures"),
    [
        ("一、查找的突出问题", "二、产生问题的原因分析", "三、努力方向和整改措施"),
        ("一、存在的主要问题。", "二、问题产生的根源剖析。", "三、下一步整改措施。"),
        ("一、对照检查存在的问题", "二、原因剖析", "三、整改方向和措施"),
        ("**查摆的问题**", "**原因剖析**", "**整改方向和措施**"),
        ("## 查找的突出问题", "## 产生问题的原因分析", "## 努力方向和整改措施"),
    ],
)
def test_part_heading_variants(problems: str, causes: str, measures: str) -> None:
    text = f"""# 某局党组对照检查材料

开头一段。

{problems}

（一）学习方面。一是学习不够。如，全年只学了2次。

{causes}

一是思想松懈。

{measures}

一是加强学习。
"""
    result = import_text(text, markdown=True)
    material = result.material
    assert material.headings.problems == problems.lstrip("#* 一、").rstrip("。*")
    assert material.headings.causes == causes.lstrip("#* 二、").rstrip("。*")
    assert material.headings.measures == measures.lstrip("#* 三、").rstrip("。*")
    assert [len(material.all_problems()), len(material.causes), len(material.measures)] == [1, 1, 1]
    assert material.preamble == "开头一段。"
    assert result.warnings == []


def test_paren_items_without_any_yishi_are_problems_under_a_placeholder_aspect() -> None:
    text = """某局党组对照检查材料

一、查找的突出问题
（一）学习不够系统。自学时间少。如，全年只学了2次。
（二）调研不够深入。
多是听汇报。如，全年调研只有3次。
二、原因分析
一是思想松懈。
三、整改措施
一是加强学习。
"""
    group = import_text(text).material.problems[0]
    assert group.aspect == "【待补：方面名称】"
    assert [(p.headline, p.body, p.example) for p in group.items] == [
        ("学习不够系统", "自学时间少。", "全年只学了2次。"),
        ("调研不够深入", "多是听汇报。", "全年调研只有3次。"),
    ]


@pytest.mark.parametrize(
    ("head", "title", "unplaced"),
    [
        ("市政府党组\n专题民主生活会对照检查材料\n", "市政府党组专题民主生活会对照检查材料", []),
        ("市政府党组专题民主生活会\n对照检查材料\n", "市政府党组专题民主生活会对照检查材料", []),
        (
            "附件2\n\n市政府党组\n专题民主生活会对照检查材料\n",
            "市政府党组专题民主生活会对照检查材料",
            ["附件2"],
        ),
    ],
)
def test_a_title_set_on_several_lines_is_joined(head: str, title: str, unplaced: list[str]) -> None:
    body = "\n根据通知要求，形成本材料。\n\n一、查找的突出问题\n（一）学习方面。一是学习不够。\n二、原因分析\n一是思想松懈。\n三、整改措施\n一是加强学习。\n"
    result = import_text(head + body)
    assert result.material.title == title
    assert result.material.preamble == "根据通知要求，形成本材料。"
    assert [u.text for u in result.unplaced] == unplaced


def _material_files() -> list[Path]:
    """The materials of fixtures/materials: not its README, the check corpus's expected
    findings, draft files or the notes they were drafted from (see its README)."""
    return sorted(
        p
        for p in MATERIALS.iterdir()
        if p.suffix in (".txt", ".md", ".docx")
        and p.name != "README.md"
        and not p.name.endswith(".notes.txt")
    )


@pytest.mark.parametrize("path", _material_files(), ids=lambda p: p.name)
def test_nothing_is_dropped(path: Path) -> None:
    """Every Chinese character of the source is somewhere in the result.

    Ordinal characters (一二三…十, 是) and the 如 of "如，" are left out of the count: the
    renderer writes the numbering and the 如 back.
    """
    from collections import Counter

    from selfreview.notes.reading import decode_text

    source, _ = decode_text(path, path.read_bytes())
    result = import_file(path)
    kept = result.model_dump_json() + "".join(s.text for s in result.skipped)

    def chinese(text: str) -> Counter[str]:
        return Counter(
            ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in "一二三四五六七八九十是如"
        )

    missing = chinese(source) - chinese(kept)
    assert not missing
