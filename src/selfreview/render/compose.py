"""Turn a :class:`Material` into an ordered list of blocks, independent of the output format.

Both writers (DOCX, Markdown) render the same blocks, so numbering and punctuation rules
live here once:

- parts are numbered 一、二、… in document order: extra parts with position "before", then
  problems, causes, measures, then extra parts with position "after";
- each aspect is a level-2 heading "（一）<aspect>" on its own line; a "。" is appended only
  when the aspect does not already end in sentence punctuation (。！？；：…);
- items read "一是<headline>。<body>。如，<example>。"; numbering restarts per aspect for
  problems and runs across the part for causes and measures; a piece that already ends in
  sentence punctuation gets no second "。", and an example that starts with 如，/再如/比如/
  例如 gets no extra "如，".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from selfreview.schema import Cause, Material, Measure, Problem

_DIGITS = "零一二三四五六七八九"
_TERMINAL = "。！？…!?"
_CLOSERS = "”’）」』》】)\"'"
_SOFT_END = "，,、；;：:."
_EXAMPLE_MARKERS = ("如，", "如,", "如：", "如:", "再如", "比如", "例如", "譬如")
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


class BlockKind(StrEnum):
    """What a block is; the writers map each kind to a style."""

    TITLE = "title"
    HEADING1 = "heading1"
    HEADING2 = "heading2"
    BODY = "body"


@dataclass(frozen=True)
class Segment:
    """A piece of paragraph text; ``headline`` marks the "一是<headline>。" sentence."""

    text: str
    headline: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of output."""

    kind: BlockKind
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(segment.text for segment in self.segments)


def chinese_number(n: int) -> str:
    """Write 1-99 in Chinese numerals: 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一."""
    if not 1 <= n <= 99:
        raise ValueError(f"cannot number item {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def ordinal(n: int) -> str:
    """The running-text ordinal: 1 → 一是, 11 → 十一是."""
    return chinese_number(n) + "是"


def end_sentence(text: str) -> str:
    """Close ``text`` with "。" unless it already ends in sentence punctuation.

    A trailing comma, enumeration comma, semicolon or colon is replaced by "。"; a closing
    quote or bracket counts as an end only when sentence punctuation stands before it.
    """
    text = text.strip()
    if not text:
        return ""
    if text[-1] in _TERMINAL:
        return text
    if text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _TERMINAL:
        return text
    text = text.rstrip(_SOFT_END)
    return text + "。" if text else ""


def clean(text: str) -> str:
    """Join hard-wrapped lines into one paragraph (no space between Chinese lines)."""
    lines = [line.strip() for line in text.splitlines()]
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0])):
            out += " "
        out += line
    return out


def split_paragraphs(text: str | None) -> list[str]:
    """Split free text on blank lines into cleaned, non-empty paragraphs."""
    if not text:
        return []
    return [p for p in (clean(chunk) for chunk in re.split(r"\n\s*\n", text)) if p]


def aspect_heading(index: int, aspect: str) -> str:
    """Level-2 heading text: "（一）理论学习方面。"."""
    text = clean(aspect)
    if text and text[-1] not in _TERMINAL + "；;：:":
        text = end_sentence(text)
    return f"（{chinese_number(index)}）{text}"


def example_sentence(example: str) -> str:
    """The "如，…。" sentence for a problem, or "" when the example is empty."""
    text = clean(example)
    if not text:
        return ""
    if not text.startswith(_EXAMPLE_MARKERS):
        text = "如，" + text
    return end_sentence(text)


def problem_segments(index: int, problem: Problem) -> tuple[Segment, ...]:
    """Segments of one problem paragraph: headline sentence, body, example."""
    parts = [
        Segment(ordinal(index) + end_sentence(clean(problem.headline)), headline=True),
        Segment(end_sentence(clean(problem.body))),
        Segment(example_sentence(problem.example)),
    ]
    return tuple(part for part in parts if part.text)


def item_segments(index: int, item: Cause | Measure) -> tuple[Segment, ...]:
    """Segments of one cause or measure paragraph: headline sentence, body."""
    parts = [
        Segment(ordinal(index) + end_sentence(clean(item.headline)), headline=True),
        Segment(end_sentence(clean(item.body))),
    ]
    return tuple(part for part in parts if part.text)


def compose(material: Material) -> list[Block]:
    """Lay the material out as title, headings and body paragraphs in document order."""
    blocks = [_block(BlockKind.TITLE, clean(material.title))]
    blocks += [_block(BlockKind.BODY, p) for p in split_paragraphs(material.preamble)]

    parts: list[tuple[str, list[Block]]] = []
    for extra in material.extra_parts:
        if extra.position == "before":
            parts.append((extra.heading, _plain(extra.paragraphs)))
    parts.append((material.headings.problems, _problems(material)))
    parts.append((material.headings.causes, _numbered(material.causes_intro, material.causes)))
    measures = _numbered(material.measures_intro, material.measures)
    parts.append((material.headings.measures, measures))
    for extra in material.extra_parts:
        if extra.position == "after":
            parts.append((extra.heading, _plain(extra.paragraphs)))

    for number, (heading, body) in enumerate(parts, start=1):
        blocks.append(_block(BlockKind.HEADING1, f"{chinese_number(number)}、{clean(heading)}"))
        blocks += body
    blocks += [_block(BlockKind.BODY, p) for p in split_paragraphs(material.closing)]
    return blocks


def _block(kind: BlockKind, text: str) -> Block:
    return Block(kind, (Segment(text),))


def _plain(paragraphs: list[str]) -> list[Block]:
    return [_block(BlockKind.BODY, p) for text in paragraphs for p in split_paragraphs(text)]


def _problems(material: Material) -> list[Block]:
    blocks = _plain([material.problems_intro])
    for number, group in enumerate(material.problems, start=1):
        blocks.append(_block(BlockKind.HEADING2, aspect_heading(number, group.aspect)))
        for index, problem in enumerate(group.items, start=1):
            blocks.append(Block(BlockKind.BODY, problem_segments(index, problem)))
    return blocks


def _numbered(intro: str, items: Sequence[Cause | Measure]) -> list[Block]:
    blocks = _plain([intro])
    for index, item in enumerate(items, start=1):
        blocks.append(Block(BlockKind.BODY, item_segments(index, item)))
    return blocks
