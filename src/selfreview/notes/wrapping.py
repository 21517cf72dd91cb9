"""Hard-wrapped text: the width a file was wrapped at, whether a line was broken
mid-paragraph, and joining the pieces again."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from selfreview.notes.models import SourceLine
from selfreview.textrules import ends_sentence

_SOFT_END = "，、：:（(“《—-,"
_WRAP_MIN_WIDTH = 24
_WIDE_RE = re.compile(
    "[\u3000-\u303e\u3041-\u3247\u3250-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]"
)
"""Blocks of wide characters (East Asian Width W/F): the bulk of Chinese notes."""
_OTHER_RE = re.compile(
    "[^\x00-\u10ff\u2010-\u2027\u3000-\u303e\u3041-\u3247\u3250-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]"
)
"""Characters outside those blocks and outside narrow ones: looked up one by one."""


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced editor: two for a wide (CJK) character."""
    if text.isascii():
        return len(text)
    rare = sum(1 for ch in _OTHER_RE.findall(text) if _wide(ch))
    return len(text) + len(_WIDE_RE.findall(text)) + rare


@cache
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def wrap_widths(lines: list[SourceLine], cleaned: list[str]) -> dict[str, int | None]:
    """Per file, the width text was hard-wrapped at, or None if it does not look wrapped.

    Wrapped text has many lines within a character of the longest one; notes written one
    opinion per line vary in length.
    """
    widths: dict[str, list[int]] = {}
    for src, text in zip(lines, cleaned, strict=True):
        bucket = widths.setdefault(src.file, [])
        if len(text) * 2 >= _WRAP_MIN_WIDTH:  # shorter lines cannot reach the width
            width = display_width(text)
            if width >= _WRAP_MIN_WIDTH:
                bucket.append(width)
    result: dict[str, int | None] = {}
    for name, values in widths.items():
        result[name] = None
        if values:
            top = max(values)
            full = sum(count for w, count in Counter(values).items() if w >= top - 3)
            if full >= 3 and full * 5 >= len(values) * 2:
                result[name] = top - 3
    return result


def looks_wrapped(previous: str, wrap_width: int | None) -> bool:
    """Whether a loose line was broken mid-paragraph (so the next line continues it)."""
    if ends_sentence(previous):
        return False
    if previous[-1] in _SOFT_END:
        return True
    return wrap_width is not None and display_width(previous) >= wrap_width


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped pieces: no space between Chinese characters, one between Latin words."""
    text = parts[0]
    for part in parts[1:]:
        if text and part and _is_word_char(text[-1]) and _is_word_char(part[0]):
            text += " "
        text += part
    return text
