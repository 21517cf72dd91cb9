"""Break a long title into balanced lines at word boundaries (梯形 / 菱形).

GB/T 9704-2012 §7.3.3: a title that needs more than one line breaks so that words stay
whole, the lines are symmetric and of sensible length, in a trapezoid (two lines) or a
diamond (three). A centred paragraph left to the word processor fills the first line and
leaves the rest on the next ("…对照检查材" / "料"); this module chooses the breaks instead:

- the fewest lines that fit the type area's width;
- breaks only between words (jieba's segmentation), never inside a genre term
  (对照检查材料, 民主生活会, 整改清单…), a number with its unit (2025年度) or before closing
  / after opening punctuation;
- among those, the breaks whose line lengths differ least from each other; between two
  equally balanced two-line breaks the one with the shorter first line (正梯形).

Widths count a CJK character as 1 and a half-width character (digits, Latin) as ½.
"""

from __future__ import annotations

import math
import re
import unicodedata
from itertools import pairwise

from selfreview import wordseg

__all__ = ["title_lines", "title_width"]

_TERMS = (
    "对照检查发言材料",
    "对照检查材料",
    "检视剖析材料",
    "专题民主生活会",
    "专题组织生活会",
    "民主生活会",
    "组织生活会",
    "整改清单",
    "领导班子",
)
_CLOSERS = "，。、；：！？）」』”’》〉】)]"
_OPENERS = "（「『“‘《〈【(["
_NUMBER_WITH_UNIT = re.compile(r"[0-9０-９]+(?:年度|年|月|日|届|次)?|[A-Za-z]+")
MAX_LINES = 4
"""More lines than this and the title is left to the word processor."""


def title_width(text: str) -> float:
    """Width of ``text`` in full-width characters (a half-width character counts ½)."""
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1.0 for c in text)


def title_lines(text: str, max_width: float) -> list[str]:
    """``text`` as the fewest balanced lines of at most ``max_width`` characters each.

    Returns ``[text]`` when it fits on one line, or when no word-boundary breaking fits
    in :data:`MAX_LINES` lines (the word processor then wraps it as usual).
    """
    text = text.strip()
    total = title_width(text)
    if total <= max_width or max_width <= 0:
        return [text]
    breaks = _allowed_breaks(text)
    widths = [0.0]
    for char in text:
        widths.append(widths[-1] + title_width(char))
    for count in range(math.ceil(total / max_width), MAX_LINES + 1):
        best = _best_split(text, breaks, widths, count, max_width)
        if best is not None:
            return best
    return [text]


def _allowed_breaks(text: str) -> list[int]:
    """Positions (0 < i < len) where a line may end, from the word segmentation."""
    boundaries: set[int] = set()
    position = 0
    for word in wordseg.words(text):
        position += len(word)
        boundaries.add(position)
    forbidden: set[int] = set()
    for term in _TERMS:
        for match in re.finditer(re.escape(term), text):
            forbidden.update(range(match.start() + 1, match.end()))
    for match in _NUMBER_WITH_UNIT.finditer(text):
        forbidden.update(range(match.start() + 1, match.end()))
    allowed = []
    for i in sorted(boundaries):
        if not 0 < i < len(text) or i in forbidden:
            continue
        if text[i] in _CLOSERS or text[i - 1] in _OPENERS:
            continue
        allowed.append(i)
    return allowed


def _best_split(
    text: str, breaks: list[int], widths: list[float], count: int, max_width: float
) -> list[str] | None:
    """The ``count``-line split with the most even line widths, or None if none fits."""
    ends = [*breaks, len(text)]
    mean = widths[-1] / count
    # best[(lines, end)] = (cost, first-line width, previous end)
    best: dict[tuple[int, int], tuple[float, float, int]] = {}
    for end in ends:
        width = widths[end]
        if width <= max_width:
            best[(1, end)] = ((width - mean) ** 2, width, 0)
    for lines in range(2, count + 1):
        for end in ends:
            for start in breaks:
                if start >= end or (lines - 1, start) not in best:
                    continue
                width = widths[end] - widths[start]
                if width > max_width:
                    continue
                cost, first, _ = best[(lines - 1, start)]
                candidate = (cost + (width - mean) ** 2, first, start)
                if (lines, end) not in best or candidate[:2] < best[(lines, end)][:2]:
                    best[(lines, end)] = candidate
    if (count, len(text)) not in best:
        return None
    cuts = [len(text)]
    lines, end = count, len(text)
    while lines > 1:
        end = best[(lines, end)][2]
        cuts.append(end)
        lines -= 1
    cuts.append(0)
    cuts.reverse()
    return [text[a:b] for a, b in pairwise(cuts)]
