"""Property-based tests: the notes splitter and the importer never crash and drop nothing.

Inputs are realistic mixes: list markers (1. 一、 （一） 一是 ① - #), Chinese phrases and
punctuation, part headings, speaker labels, page numbers, Markdown marks, blank lines,
very long lines, and now and then arbitrary text.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from selfreview.errors import InputError
from selfreview.importing import import_text
from selfreview.importing.model import ImportResult
from selfreview.importing.parser import (
    ASPECT_PLACEHOLDER,
    HEADLINE_PLACEHOLDER,
    TITLE_PLACEHOLDER,
)
from selfreview.notes.reading import text_lines
from selfreview.notes.splitting import split_opinions
from thoroughness import examples

MARKERS = [
    *[""] * 6,
    "1. ",
    "2、",
    "12．",
    "3) ",
    "（4）",
    "(5)",
    "1000. ",
    "2024.3 ",
    "一、",
    "二、",
    "（一）",
    "（二）",
    "一是",
    "二是",
    "① ",
    "- ",
    "* ",
    "• ",
    "# ",
    "## ",
    "### ",
    "> ",
    "**",
    "\u3000\u3000",
    "  ",
]
PHRASES = [
    "学习不深入",
    "研讨时联系实际少",
    "调研少",
    "完成率8成左右",
    "会议多",
    "一周陪会3次以上",
    "文件照抄照转",
    "征求意见",
    "征求意见情况",
    "谈心谈话",
    "自己查摆的问题",
    "上年度整改落实情况",
    "群众反映办事难",
    "李四：",
    "王局长说：",
    "某局民主生活会征求意见汇总",
    "理论学习方面",
    "查找的突出问题",
    "产生问题的原因分析",
    "努力方向和整改措施",
    "如，",
    "例如",
    "以上对照检查，请批评指正",
    "附件2",
    "— 3 —",
    "第5页",
    "2025年1月",
    "ABC",
    "abc def",
    "**重点**",
    "__强调__",
    "【谈心谈话】",
    "【",
    "】",
    "统一是",
]
PUNCT = ["", "", "，", "。", "；", "：", ":", "！", "？", "……", "——", "、", "“", "”", "（", "）"]
ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        "学习调研会议群众问题一二三是如（）()【】#*-_>·•①，。；：:!?、 \t\u3000a1"
    ),
    max_size=40,
)


@st.composite
def lines(draw: st.DrawFn) -> str:
    """One input line: a marker and some phrases, a blank line, odd text or a very long line."""
    shape = draw(st.sampled_from(["line"] * 8 + ["blank", "odd", "long", "markup"]))
    if shape == "blank":
        return draw(st.sampled_from(["", " ", "\t", "\u3000"]))
    if shape == "odd":
        return draw(ODD_TEXT)
    if shape == "markup":
        return draw(st.sampled_from(["---", "***", "#", "1.", "一、", "> ", "——", "**"]))
    body = "".join(
        draw(st.sampled_from(PHRASES)) + draw(st.sampled_from(PUNCT))
        for _ in range(draw(st.integers(0, 5)))
    )
    if shape == "long":
        body *= draw(st.integers(20, 80))
    return draw(st.sampled_from(MARKERS)) + body + draw(st.sampled_from(["", "", "#", "**", " "]))


documents = st.lists(lines(), min_size=1, max_size=30).map("\n".join)

_ORDINALS = "一二三四五六七八九十"


def content(text: str) -> str:
    """The characters the splitter must keep: Chinese (not ordinals) and Latin letters."""
    return "".join(
        ch
        for ch in text
        if ("\u4e00" <= ch <= "\u9fff" and ch not in _ORDINALS) or (ch.isascii() and ch.isalpha())
    )


FAST = settings(max_examples=examples(150), deadline=None)


@FAST
@given(st.lists(documents, min_size=1, max_size=2))
def test_splitter_keeps_every_line(texts: list[str]) -> None:
    files = [text_lines(f"笔记{n}.txt", text) for n, text in enumerate(texts)]
    source = [line for file in files for line in file]
    opinions, headings = split_opinions(source)

    assert [o.id for o in opinions] == [f"O{n}" for n in range(1, len(opinions) + 1)]
    assert all(o.text.strip() for o in opinions)
    # Nothing lost and nothing doubled: the kept characters are exactly the input's.
    kept = Counter(content("".join(o.text for o in opinions) + "".join(h.text for h in headings)))
    assert kept == Counter(content("".join(line.text for line in source)))
    # Each line is in the opinion that covers it, or is the heading on that line.
    for line in source:
        wanted = content(line.text)
        if not wanted:
            continue
        holders = [
            content(o.text)
            for o in opinions
            if o.origin.file == line.file
            and o.origin.line <= line.line <= (o.origin.end_line or o.origin.line)
        ] + [
            content(h.text)
            for h in headings
            if h.origin.file == line.file and h.origin.line == line.line
        ]
        assert any(wanted in holder for holder in holders), (line, holders)


@FAST
@given(st.text(max_size=300))
def test_splitter_survives_any_text(text: str) -> None:
    source = text_lines("任意.txt", text)
    opinions, headings = split_opinions(source)
    kept = content("".join(o.text for o in opinions) + "".join(h.text for h in headings))
    assert Counter(kept) == Counter(content("".join(line.text for line in source)))


# --- the importer -----------------------------------------------------------------------

PART_LINES = [
    "某局领导班子民主生活会对照检查材料",
    "一、查找的突出问题",
    "二、产生问题的原因分析",
    "三、努力方向和整改措施",
    "四、上年度整改落实情况",
    "存在的主要问题",
    "（一）理论学习方面",
    "（二）担当作为方面：",
    "### 纪律规矩方面",
    "## 整改措施",
    "以上对照检查，请批评指正。",
    "2025年1月10日",
    "— 3 —",
]


@st.composite
def materials(draw: st.DrawFn) -> str:
    """A material-like text: part headings and aspect headings among ordinary lines."""
    count = draw(st.integers(1, 30))
    out = []
    for _ in range(count):
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(PART_LINES)))
        else:
            out.append(draw(lines()))
    return "\n".join(out)


_IMPORT_ORDINALS = _ORDINALS + "是如"
_PLACEHOLDERS = (TITLE_PLACEHOLDER, ASPECT_PLACEHOLDER, HEADLINE_PLACEHOLDER)
_PART_NAMES = {"problems": "查摆问题", "causes": "原因分析", "measures": "整改措施"}


def chinese(text: str) -> Counter[str]:
    """Chinese characters the importer must keep (ordinals, 是 and 如 are written back)."""
    return Counter(ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in _IMPORT_ORDINALS)


def kept_text(result: ImportResult) -> str:
    """Every text the import kept: the material (not default headings), unplaced, skipped."""
    material = result.material
    found = {
        kind for kind, name in _PART_NAMES.items() if f"没有找到“{name}”部分" not in result.warnings
    }
    parts = [material.title, material.preamble, material.closing or ""]
    parts += [getattr(material.headings, kind) for kind in found]
    parts += [material.problems_intro, material.causes_intro, material.measures_intro]
    for group in material.problems:
        parts.append(group.aspect)
        parts += [f"{p.headline}{p.body}{p.example}" for p in group.items]
    parts += [f"{c.headline}{c.body}" for c in material.causes]
    parts += [f"{m.headline}{m.body}" for m in material.measures]
    for extra in material.extra_parts:
        parts += [extra.heading, *extra.paragraphs]
    parts += [u.text for u in result.unplaced] + [s.text for s in result.skipped]
    if result.signature is not None:
        parts += [result.signature.unit, result.signature.date]
    text = "".join(parts)
    for placeholder in _PLACEHOLDERS:
        text = text.replace(placeholder, "")
    return text


@settings(max_examples=examples(100), deadline=None)
@given(materials(), st.booleans())
# a short line over a date at the end is read as the 落款 and must count as kept
@example(
    "某局对照检查材料\n\n一、存在的主要问题\n\n（一）理论学习方面\n\n学习不深入。\n\n某局对照检查材料\n\n2025年1月10日",
    False,
)
def test_importer_keeps_every_line(text: str, markdown: bool) -> None:
    try:
        result = import_text(text, "材料.md" if markdown else "材料.txt", markdown=markdown)
    except InputError as err:
        assert "\n" not in str(err)
        return
    missing = chinese(text) - chinese(kept_text(result))
    assert not missing, missing
    assert all(u.line >= 1 for u in result.unplaced + result.skipped)


@settings(max_examples=examples(100), deadline=None)
@given(st.text(max_size=300))
def test_importer_survives_any_text(text: str) -> None:
    try:
        result = import_text(text)
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert not chinese(text) - chinese(kept_text(result))
