"""Split running text into numbered items and an item into headline, body and example.

Item markers are recognised only at the start of a paragraph or right after sentence
punctuation (。；！？：), so "统一是…" inside a sentence is never a marker:

- 一是 / 二是 … 十一是 (``shi``): also run together in one paragraph;
- （1）/(1) (``arabic``): also run together;
- 1. / 1、 / 1． (``arabic``): only at the start of a paragraph ("1.2万" is no marker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selfreview.importing.text import cn_int, split_first_sentence
from selfreview.textrules import CN_NUMERALS

_RUN_MARKER_RE = re.compile(
    rf"(?:^|(?<=[。；！？!?：:;]))\s*(?:(?P<cn>[{CN_NUMERALS}]{{1,3}})是|[（(](?P<ar>[0-9]{{1,2}})[）)])"
)
_LEAD_MARKER_RE = re.compile(r"^\s*(?P<ar>[0-9]{1,2})[.．、](?![0-9])\s*")
_EXAMPLE_START_RE = re.compile(r"(?:^|(?<=[。；！？!?]))\s*(?=如[，,：:]|比如|例如|譬如|再如)")
_PLAIN_EXAMPLE_PREFIX = ("如，", "如,")


@dataclass(frozen=True)
class Piece:
    """A run of text; ``number`` is its ordinal (None for text before the first marker)."""

    text: str
    number: int | None = None
    style: str = ""


def first_style(text: str) -> str | None:
    """The style ("shi" or "arabic") of the first item marker in ``text``, or None."""
    if _LEAD_MARKER_RE.match(text):
        return "arabic"
    found = _RUN_MARKER_RE.search(text)
    if found is None:
        return None
    return "shi" if found.group("cn") else "arabic"


def split_items(text: str, style: str | None = None) -> list[Piece]:
    """Cut ``text`` at item markers; the first piece may be unnumbered lead-in text.

    With ``style`` ("shi" or "arabic") only markers of that style cut; others stay text
    (a "（1）" list inside a 一是 item belongs to the item).
    """
    lead = _LEAD_MARKER_RE.match(text) if style in (None, "arabic") else None
    if lead is not None:
        rest = split_items(text[lead.end() :], "arabic")
        first = rest[0] if rest else Piece("")
        if rest and first.number is None:
            rest[0] = Piece(first.text, int(lead.group("ar")), "arabic")
            return rest
        return [Piece("", int(lead.group("ar")), "arabic"), *rest]
    pieces: list[Piece] = []
    position = 0
    number: int | None = None
    current = ""
    for match in _RUN_MARKER_RE.finditer(text):
        found_style = "shi" if match.group("cn") else "arabic"
        if style is not None and found_style != style:
            continue
        chunk = text[position : match.start()].strip()
        if chunk or number is not None:
            pieces.append(Piece(chunk, number, current))
        number, current = (
            (cn_int(match.group("cn")), "shi")
            if match.group("cn")
            else (int(match.group("ar")), "arabic")
        )
        position = match.end()
    chunk = text[position:].strip()
    if chunk or number is not None:
        pieces.append(Piece(chunk, number, current))
    return pieces


def headline_and_rest(text: str) -> tuple[str, str]:
    """First sentence as the headline (end mark removed) and the rest."""
    first, rest = split_first_sentence(text)
    return first.rstrip("。").strip(), rest


def split_problem(text: str) -> tuple[str, str, str]:
    """(headline, body, example) of a problem item's text (after its 一是).

    The example starts at the first sentence that begins with 如，/比如/例如/譬如/再如 and
    runs to the end; a leading "如，" is removed (the renderer writes it back), other
    markers are kept as written. An example that is only a placeholder ("如，【待补：具体事例】。")
    comes back without the full stop the renderer put after it.
    """
    headline, rest = headline_and_rest(text)
    found = _EXAMPLE_START_RE.search(rest)
    if found is None:
        return headline, rest, ""
    body, example = rest[: found.start()].strip(), rest[found.start() :].strip()
    example = strip_example_marker(example)
    if _PLACEHOLDER_ONLY_RE.fullmatch(example):
        example = example.rstrip("。.")
    return headline, body, example


_PLACEHOLDER_ONLY_RE = re.compile(r"【[^【】]*】[。.]?")


def strip_example_marker(example: str) -> str:
    """Remove a leading "如，" (kept for 比如/再如/例如 and for 如：)."""
    for prefix in _PLAIN_EXAMPLE_PREFIX:
        if example.startswith(prefix):
            return example[len(prefix) :].strip()
    return example


def starts_example(text: str) -> bool:
    """Whether a paragraph starts with an example marker (如，/再如/比如/…)."""
    return _EXAMPLE_START_RE.match(text) is not None
