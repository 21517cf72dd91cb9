"""Text rules every reader and writer shares: sentence punctuation, sentence endings, list
markers. The notes reader, the importer, the document composer and the review screens all
take them from here, so that what ends a sentence or starts an item is decided once.

- A sentence in the document ends in one of :data:`FULL_STOPS`; :func:`end_sentence` adds
  "。" where it does not, replacing a trailing comma, 顿号, semicolon or colon.
- A line of notes or of an imported document ends a sentence when it ends in one of
  :data:`SENTENCE_ENDS` (full stops and semicolons: a list item often ends in "；"), a
  closing quote or bracket after it included (:func:`ends_sentence`).
- List markers: 一、 / 一. (:data:`CN_LIST_RE`), （一） (:data:`CN_PAREN_RE`), 1. / 1． /
  1、 / 1) (:data:`ARABIC_MARK`; "2024.3" is a date, not a marker), （1）
  (:data:`ARABIC_PAREN_MARK`), 一是 (:data:`ORDINAL_MARK`); digits half- or full-width,
  spaces inside brackets allowed.
"""

from __future__ import annotations

import re

CN_NUMERALS = "一二三四五六七八九十"
DIGITS = "0-9０-９"
"""Half- and full-width digits, as the inside of a regex character class."""

FULL_STOPS = "。！？…!?"
"""Marks that end a sentence of the document."""
SENTENCE_ENDS = FULL_STOPS + "；;"
"""Marks after which a line of input ends a sentence (a list item often ends in "；")."""
CLOSERS = "”’」』）)》】\"'"
"""Closing quotes and brackets: they may stand after a sentence's end mark."""
SENTENCE_PUNCT = "，。；！？,;!?"
"""Punctuation a heading has none of inside."""
SOFT_ENDS = "，,、；;：:."
"""Trailing marks that :func:`end_sentence` replaces with "。"."""
EXAMPLE_MARKERS = ("如，", "如,", "如：", "如:", "再如", "比如", "例如", "譬如")
"""Openings that already introduce an example: no "如，" is put before them."""

CN_NUMBER = rf"[{CN_NUMERALS}]{{1,3}}"
_CN_LIST_STOP = "[、.．]"
CN_LIST_MARK = CN_NUMBER + _CN_LIST_STOP
"""一、 一. 一．"""
CN_PAREN_MARK = rf"[（(]\s*{CN_NUMBER}\s*[）)]"
"""（一） (一)"""
ORDINAL_MARK = CN_NUMBER + "是"
"""一是 … 十一是: an item in running text."""
ARABIC_MARK = rf"[{DIGITS}]{{1,3}}(?:[.．](?![{DIGITS}])|[、)）])"
"""1. 1． 1、 1) 1）; not 2024.3 or 3.5 (a date, a decimal)."""
ARABIC_PAREN_MARK = rf"[（(]\s*[{DIGITS}]{{1,3}}\s*[）)]"
"""（1） (1)"""

CN_LIST_RE = re.compile(rf"^(?P<num>{CN_NUMBER}){_CN_LIST_STOP}\s*(?P<rest>.*)$")
"""A "一、…" line: its numeral and the rest."""
CN_PAREN_RE = re.compile(rf"^[（(]\s*(?P<num>{CN_NUMBER})\s*[）)]\s*(?P<rest>.*)$")
"""A "（一）…" line: its numeral and the rest."""
ITEM_START_RE = re.compile(rf"^(?:{ORDINAL_MARK}|{ARABIC_PAREN_MARK}|{ARABIC_MARK})")
"""A line that starts an item of a list: 一是, （1）, 1. (not 一、 or （一）, often headings)."""

_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence punctuation (a closing quote after it counts)."""
    end = text.rstrip(CLOSERS) or text
    return bool(end) and end[-1] in SENTENCE_ENDS


def end_sentence(text: str) -> str:
    """Close ``text`` with "。" unless it already ends in a full stop.

    A trailing comma, enumeration comma, semicolon or colon is replaced by "。"; a closing
    quote or bracket counts as an end only when a full stop stands before it.
    """
    text = text.strip()
    if not text:
        return ""
    if text[-1] in FULL_STOPS:
        return text
    if text[-1] in CLOSERS and len(text) > 1 and text[-2] in FULL_STOPS:
        return text
    text = text.rstrip(SOFT_ENDS)
    return text + "。" if text else ""


def clean(text: str) -> str:
    """Join hard-wrapped lines into one paragraph (no space between Chinese lines)."""
    out = ""
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(line[0])):
            out += " "
        out += line
    return out


def example_sentence(example: str) -> str:
    """The "如，…。" sentence for a problem's example, or "" when the example is empty."""
    text = clean(example)
    if not text:
        return ""
    if not text.startswith(EXAMPLE_MARKERS):
        text = "如，" + text
    return end_sentence(text)
