"""Turn a :class:`Material` into an ordered list of blocks, independent of the output format.

Both writers (DOCX, Markdown) render the same blocks, so numbering and punctuation rules
live here once:

- parts are numbered 一、二、… in document order: extra parts with position "before", then
  problems, causes, measures, then extra parts with position "after";
- each aspect is a level-2 heading "（一）<aspect>" on its own line, without a final "。"
  (a heading that stands as its own paragraph takes none; a trailing 。/./；/： is dropped);
- ASCII quotes from the notes become Chinese ones: "…" → “…”, '…' → ‘…’;
- items read "一是<headline>。<body>。如，<example>。"; numbering restarts per aspect for
  problems and runs across the part for causes and measures; a piece that already ends in
  sentence punctuation gets no second "。", and an example that starts with 如，/再如/比如/
  例如 gets no extra "如，".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from selfreview.schema import Cause, Material, Measure, Problem, ProblemKind
from selfreview.textrules import clean, end_sentence, example_sentence

_DIGITS = "零一二三四五六七八九"
_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]{1,3}是")
_TRIM_END = "。！？；;，,、：:.!? \u3000"
_FROZEN_LEAD = re.compile(r"^\s*针对((?:“[^“”]*”)+)等问题，")
_FROZEN_TAIL = re.compile(r"[。；;，,]?\s*((?:“[^“”]*”)+)等问题，根子都在这里[。.]?\s*$")
_QUOTED = re.compile(r"“([^“”]*)”")
_QUOTES = str.maketrans("", "", "“”‘’\"'")
_HEADING_END = "。．.；;：:，, \u3000"
_DOUBLE_QUOTED = re.compile(r"\"([^\"\n]+)\"")
_SINGLE_QUOTED = re.compile(r"'([^'\n]+)'")

LEAD_LIMIT = 4
"""How many headlines a measure's lead quotes; its 等 covers the rest."""


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


def split_paragraphs(text: str | None) -> list[str]:
    """Split free text on blank lines into cleaned, non-empty paragraphs."""
    if not text:
        return []
    return [p for p in (clean(chunk) for chunk in re.split(r"\n\s*\n", text)) if p]


def aspect_heading(index: int, aspect: str) -> str:
    """Level-2 heading text: "（一）理论学习方面" (no full stop: it stands on its own line)."""
    text = clean(aspect).rstrip(_HEADING_END)
    return f"（{chinese_number(index)}）{text}"


def chinese_quotes(text: str) -> str:
    """ASCII quotes around a phrase become Chinese ones: "迎检" → “迎检”, 'x' → ‘x’.

    Only paired quotes on one line are converted; an unpaired one is left for a human.
    """
    text = _DOUBLE_QUOTED.sub(r"“\1”", text)
    return _SINGLE_QUOTED.sub(r"‘\1’", text)


def problem_segments(index: int, problem: Problem) -> tuple[Segment, ...]:
    """Segments of one problem paragraph: headline sentence, body, example."""
    parts = [
        Segment(ordinal(index) + end_sentence(clean(problem.headline)), headline=True),
        Segment(end_sentence(clean(problem.body))),
        Segment(example_sentence(problem.example)),
    ]
    return tuple(part for part in parts if part.text)


def item_segments(index: int, item: Cause | Measure, lead: str = "") -> tuple[Segment, ...]:
    """Segments of one cause or measure paragraph: headline sentence, body.

    ``lead`` (a measure's :func:`measure_lead`) opens the body; without a body it is
    left out, since it cannot stand alone.
    """
    body = clean(item.body)
    parts = [
        Segment(ordinal(index) + end_sentence(clean(item.headline)), headline=True),
        Segment(end_sentence(lead + body) if body else ""),
    ]
    return tuple(part for part in parts if part.text)


def bare_headline(headline: str) -> str:
    """A headline as quoted or listed elsewhere: no 一是 prefix, no final punctuation."""
    return _ORDINAL_PREFIX.sub("", clean(headline)).rstrip(_TRIM_END)


def named_problems(material: Material, measure: Measure) -> list[Problem]:
    """The problems of ``material`` that ``measure`` addresses, in document order.

    Aspect placeholders are not problems and are never named; a link to a problem not in
    ``material`` (the build drops rejected ones first) names nothing.
    """
    wanted = set(measure.addresses)
    return [p for p in material.all_problems() if p.id in wanted and p.kind is ProblemKind.PROBLEM]


def quote_headlines(headlines: Iterable[str], limit: int = LEAD_LIMIT) -> str:
    """“A”“B”“C”: at most ``limit`` quoted items in a row (no 顿号); inner quotes become ‘’."""
    items = [h.replace("“", "‘").replace("”", "’") for h in headlines]
    return "".join(f"“{h}”" for h in items[:limit])


def lead_for(headlines: Iterable[str]) -> str:
    """ "针对“A”“B”等问题，" naming ``headlines``, or "" when there is none."""
    quoted = quote_headlines(h for h in (bare_headline(h) for h in headlines) if h)
    return f"针对{quoted}等问题，" if quoted else ""


def measure_lead(material: Material, measure: Measure) -> str:
    """The lead of ``measure``, naming its problems as ``material`` has them now."""
    return lead_for(p.headline for p in named_problems(material, measure))


def strip_frozen_lead(body: str, known_headlines: Iterable[str]) -> str:
    """``body`` without an opening "针对“A”“B”等问题，" that quotes only known headlines.

    Drafters before the computed lead froze it into measure bodies. A lead quoting
    anything that is not one of ``known_headlines`` (any revision of any problem) is the
    reviewer's own wording and is kept.
    """
    match = _FROZEN_LEAD.match(body)
    if match is None:
        return body
    known = {_unquoted(h) for h in known_headlines}
    if not all(_unquoted(q) in known for q in _QUOTED.findall(match.group(1))):
        return body
    return body[match.end() :]


def strip_frozen_cause_tail(body: str, known_headlines: Iterable[str]) -> str:
    """``body`` without a closing "“A”“B”等问题，根子都在这里" that quotes only known headlines.

    The offline drafter of draft-file version 3 froze the headlines a cause explains into
    its body, where a renamed or rejected problem stayed named; causes now connect to
    their problems by their links alone. A tail quoting anything that is not one of
    ``known_headlines`` (any revision of any problem) is the reviewer's own and is kept.
    """
    match = _FROZEN_TAIL.search(body)
    if match is None:
        return body
    known = {_unquoted(h) for h in known_headlines}
    if not all(_unquoted(q) in known for q in _QUOTED.findall(match.group(1))):
        return body
    return body[: match.start()]


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
    leads = [measure_lead(material, m) for m in material.measures]
    measures = _numbered(material.measures_intro, material.measures, leads)
    parts.append((material.headings.measures, measures))
    for extra in material.extra_parts:
        if extra.position == "after":
            parts.append((extra.heading, _plain(extra.paragraphs)))

    for number, (heading, body) in enumerate(parts, start=1):
        blocks.append(_block(BlockKind.HEADING1, f"{chinese_number(number)}、{clean(heading)}"))
        blocks += body
    blocks += [_block(BlockKind.BODY, p) for p in split_paragraphs(material.closing)]
    return [
        Block(b.kind, tuple(Segment(chinese_quotes(s.text), s.headline) for s in b.segments))
        for b in blocks
    ]


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


def _numbered(
    intro: str, items: Sequence[Cause | Measure], leads: Sequence[str] = ()
) -> list[Block]:
    blocks = _plain([intro])
    for index, item in enumerate(items, start=1):
        lead = leads[index - 1] if leads else ""
        blocks.append(Block(BlockKind.BODY, item_segments(index, item, lead)))
    return blocks


def _unquoted(headline: str) -> str:
    return bare_headline(headline).translate(_QUOTES)
