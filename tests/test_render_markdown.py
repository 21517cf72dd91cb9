"""The Markdown output and the atomic write both writers share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from materials import sample_material, seed_material
from selfreview.atomic import write_atomic
from selfreview.errors import OutputError
from selfreview.render import LayoutSettings, render
from selfreview.render.markdown import escape, render_markdown
from selfreview.schema import AspectProblems as Aspect
from selfreview.schema import Material, Problem


def test_structure() -> None:
    lines = render_markdown(sample_material()).split("\n\n")
    assert lines[0] == "# 市政府党组专题民主生活会对照检查材料"
    assert lines[1].startswith("根据通知要求")
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# 市政府党组专题民主生活会对照检查材料",
        "## 一、上年度整改落实情况",
        "## 二、查找的突出问题",
        "### （一）理论学习方面",
        "### （二）工作作风方面",
        "## 三、产生问题的原因分析",
        "## 四、努力方向和整改措施",
        "## 五、个人有关事项说明",
    ]
    assert lines[-1] == "以上对照检查，请同志们批评指正。\n"


def test_items_have_bold_headline() -> None:
    text = render_markdown(sample_material())
    assert (
        "**一是学习不够积极主动**。有的同志多是按照上级要求完成“规定动作”的学习。"
        "如，有的同志仅是通过集中学习了解D史，学习次数不到x成。\n" in text
    )
    assert "**二是学用结合不够紧密**。学习成果没有及时转化为推动工作的思路举措。\n" in text
    assert "**一是调查研究不够深入**。再如，年初确定的xx个" in text
    assert "**二是宗旨意识有所淡化**。\n" in text


def test_bold_can_be_switched_off() -> None:
    text = render_markdown(sample_material(), LayoutSettings(bold_headline=False))
    assert "**" not in text
    assert "一是学习不够积极主动。有的同志" in text


def test_bold_renders_as_strong_in_commonmark() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(render_markdown(seed_material()))
    assert "<strong>一是学习不够积极主动</strong>。在学习D史过程中" in html
    assert "<strong>一是“一岗双责”落实不到位</strong>。" in html
    assert "**" not in html
    assert html.count("<h3>") == 5


def test_markup_in_text_is_escaped() -> None:
    assert escape("a*b_c[d]") == r"a\*b\_c\[d\]"
    material = Material(
        title="对照检查材料",
        preamble="1. 这不是列表",
        problems=[Aspect(aspect="甲方面", items=[Problem(id="P1", headline="*重点*问题")])],
    )
    text = render_markdown(material)
    assert "1\\. 这不是列表" in text
    assert "**一是\\*重点\\*问题**。" in text


def test_render_writes_utf8_markdown(tmp_path: Path) -> None:
    path = tmp_path / "材料.md"
    render(sample_material(), path)
    data = path.read_bytes()
    assert data.decode("utf-8") == render_markdown(sample_material())
    assert b"\r\n" not in data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["材料.md"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    path.write_text("old", encoding="utf-8")

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match=r"out\.md"):
        write_atomic(path, broken)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_directory_as_target_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "out.md").mkdir()
    with pytest.raises(OutputError):
        render(sample_material(), tmp_path / "out.md")


def test_written_file_gets_a_normal_mode(tmp_path: Path) -> None:
    # mkstemp creates 0600; the result must get what open() would give, or keep its mode.
    mask = os.umask(0)
    os.umask(mask)
    path = tmp_path / "out.md"
    render(sample_material(), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    existing = tmp_path / "keep.md"
    existing.write_text("x", encoding="utf-8")
    existing.chmod(0o640)
    render(sample_material(), existing)
    assert existing.stat().st_mode & 0o777 == 0o640
