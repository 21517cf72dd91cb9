"""Text basics the predicates share: CJK ranges, sentence and clause splitting, quotes."""

from __future__ import annotations

import re

CJK = "\u4e00-\u9fff"
"""The CJK ideographs, for a regex character class."""
CN_NUM = "一二三四五六七八九十两百千万零〇"
"""Chinese numerals, for a regex character class."""
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_CLAUSE_SPLIT = re.compile(r"(?<=[。！？；!?;，,])|\n+")


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence end (。！？；) and at line breaks, stripped."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def clauses(text: str) -> list[str]:
    """``text`` split after each sentence end and comma, stripped (for advice detection)."""
    return [s.strip() for s in _CLAUSE_SPLIT.split(text) if s and s.strip()]


def normalise_quotes(text: str) -> str:
    """ASCII double quotes around a phrase become Chinese quotes: "迎检" → “迎检”."""
    return re.sub(r"\"([^\"\n]{1,60})\"", r"“\1”", text)
