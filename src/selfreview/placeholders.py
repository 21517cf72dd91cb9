"""Placeholders and stand-ins that must not survive into a finished document.

One pattern serves the renderer (which shades every match) and the checks (which flag every
match before a document is finalized). It recognizes:

- 【待补…】: the project's own placeholder, e.g. 【待补：具体事例】 (also when the closing
  bracket is missing);
- xx / XX / Xx / ×× as a stand-in for a name or a number: "xx市", "年初确定的xx个";
- a single x before a counting word: "x成", "X个", "x月x日", "x%";
- web stand-ins where one Latin capital replaces a Chinese character: "D史", "D员".
  Ordinary acronyms (GDP, PDF, App) never match because the capital must not touch another
  Latin letter or digit, and common legitimate forms such as A股, B超, X光, T恤, U盘 or
  grades like A级 / B类 are excluded.
"""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_COUNTERS = "成个月日年名人次项件家户万亿元天周批期处条%％"
# Latin capital + Chinese character pairs that are real words, not stand-ins.
_LEGIT_PAIRS = "A股|B股|H股|N股|B超|X光|T恤|K线|U盘|Q版|C位|Q群|P图|X型|Y型|T型|V型|U型"
_GRADE_WORDS = "级类档区座栋号端轮面"

PLACEHOLDER_RE: re.Pattern[str] = re.compile(
    rf"""
    【待补[^】\n]*】?                               # 【待补：具体事例】
    | (?<![A-Za-z0-9])(?:[xX]{{2,}}|×{{2,}})(?![A-Za-z0-9])   # xx市, XX个, ××同志
    | (?<![A-Za-z0-9])[xX][{_COUNTERS}]              # x成, X个, x月
    | (?<![A-Za-z0-9])
      (?!{_LEGIT_PAIRS})(?![A-Z][{_GRADE_WORDS}])
      [A-Z][{_CJK}]                                  # D史, D员
    """,
    re.VERBOSE,
)
"""Matches one placeholder or stand-in; see the module docstring for what counts."""


def find_placeholders(text: str) -> list[str]:
    """Return every placeholder or stand-in in ``text``, in order of appearance."""
    return [match.group(0) for match in PLACEHOLDER_RE.finditer(text)]
