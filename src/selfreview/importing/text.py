"""From input lines to paragraphs: strip Markdown, drop page numbers, join hard wraps.

Rules for joining lines (see :func:`paragraphs`):

- a paragraph boundary in the input (blank line, full-width indent, a .docx paragraph)
  starts a new paragraph, except a blank line inside a sentence of hard-wrapped text (a
  page break in PDF text): the line before fills the wrap width and ends no sentence;
- a heading line (Markdown/.docx heading, "一、…" or "（一）…" short line, a bare part
  heading such as "查找的突出问题") stands alone, and so does the first line when it reads
  like a title;
- a line that starts with a marker (一是, （一）, 1.) after a line that ends a sentence starts
  a new paragraph;
- after a line that ends a sentence (。！？；), a new line starts a new paragraph unless the
  text is hard-wrapped and that line fills the wrap width;
- every other line continues the paragraph (no space between Chinese characters).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from selfreview.notes.models import SourceLine
from selfreview.textrules import (
    CN_LIST_RE,
    CN_NUMERALS,
    CN_PAREN_RE,
    ITEM_START_RE,
    SENTENCE_PUNCT,
    ends_sentence,
)

_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_\[\]<>~&|#+=\-.!()])")
_BOLD_RE = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")
_QUOTE_RE = re.compile(r"^(?:>\s*)+")
_MARKUP_ONLY_RE = re.compile(r"^[-*_=~`#>—─━\s]+$")
_PAGE_NUMBER_RE = re.compile(r"^[-—–－\s]*(?:第\s*)?[0-9０-９]{1,3}\s*(?:页)?[-—–－\s]*$")
_DATE_LINE_RE = re.compile(r"^[0-9〇零一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,3}月")
LEVEL1_RE = CN_LIST_RE
PAREN_RE = CN_PAREN_RE
_TITLE_WORDS_RE = re.compile(r"对照检查|检视剖析|发言提纲|生活会|剖析材料|发言材料")
_WRAP_MIN_WIDTH = 30
HEADING_MAX_CHARS = 30


@dataclass
class Para:
    """One paragraph of the input after joining.

    ``level`` is its Markdown/.docx heading level ("#" count; the title is 1), ``standalone``
    says it was a heading-like line that the joiner kept on its own.
    """

    text: str
    line: int
    level: int | None = None
    standalone: bool = False


def clean_line(text: str, *, markdown: bool) -> tuple[str, int | None]:
    """Strip Markdown artifacts; return the text and its heading level ("#" count) if any."""
    level = None
    text = _QUOTE_RE.sub("", text.strip())
    heading = _MD_HEADING_RE.match(text)
    if heading is not None and heading.group(2):
        level, text = len(heading.group(1)), heading.group(2)
    text = _BOLD_RE.sub("", text)
    if markdown:
        text = _MD_ESCAPE_RE.sub(r"\1", text)
    text = text.strip()
    return ("" if _MARKUP_ONLY_RE.match(text) else text), level


def display_width(text: str) -> int:
    """Width in half-width columns (a Chinese character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short_plain(text: str, limit: int = HEADING_MAX_CHARS) -> bool:
    """Short and without sentence punctuation inside (a trailing 。/：/: is allowed)."""
    body = text.strip().rstrip("。：:")
    return 0 < len(body) <= limit and not any(ch in SENTENCE_PUNCT for ch in body)


def is_heading_line(text: str, part_words: re.Pattern[str], *, after_sentence: bool) -> bool:
    """A line that stands alone: "一、…"/"（一）…" short headings, or a bare part heading
    (at most 16 characters, no punctuation, a part word) after a finished sentence."""
    for pattern in (LEVEL1_RE, PAREN_RE):
        found = pattern.match(text)
        if found is not None:
            return short_plain(found.group("rest"))
    bare = text.rstrip("：:")
    return (
        after_sentence
        and len(bare) <= 16
        and not any(ch in SENTENCE_PUNCT for ch in bare)
        and part_words.search(bare) is not None
    )


def paragraphs(
    lines: list[SourceLine], part_words: re.Pattern[str], *, markdown: bool
) -> tuple[list[Para], list[tuple[str, int]]]:
    """Join ``lines`` into paragraphs (rules in the module docstring).

    Returns the paragraphs and the page-number lines left out, as (text, line) pairs.
    """
    cleaned = [clean_line(src.text, markdown=markdown) for src in lines]
    wrap = _wrap_width([text for text, _ in cleaned])
    paras: list[Para] = []
    pieces: list[str] = []
    skipped: list[tuple[str, int]] = []
    last_line = ""
    boundary = True
    standalone = False

    def flush() -> None:
        if pieces:
            paras[-1].text = join_lines(pieces)
            pieces.clear()

    for index, (src, (text, level)) in enumerate(zip(lines, cleaned, strict=True)):
        if not text:
            boundary = True
            continue
        if _PAGE_NUMBER_RE.match(text):
            skipped.append((text, src.line))
            continue
        after_sentence = not pieces or standalone or ends_sentence(last_line)
        heading = level is not None or is_heading_line(
            text, part_words, after_sentence=after_sentence
        )
        heading = (
            heading or (index == 0 and short_plain(text, 60)) or bool(_DATE_LINE_RE.match(text))
        )
        full = wrap is not None and display_width(last_line) >= wrap
        if not pieces or heading or standalone:
            new = True
        elif src.paragraph_start or boundary:
            new = not (full and not ends_sentence(last_line) and not ITEM_START_RE.match(text))
        elif ends_sentence(last_line) or last_line.endswith(("：", ":")):
            new = not full or bool(ITEM_START_RE.match(text) or PAREN_RE.match(text))
        else:
            new = False
        if new:
            flush()
            paras.append(Para("", src.line, level, heading))
        pieces.append(text)
        last_line = text
        boundary = False
        standalone = heading
    flush()
    return paras, skipped


def join_lines(pieces: list[str]) -> str:
    """Join wrapped lines: a space only between two Latin letters (never inside a number)."""
    text = pieces[0]
    for piece in pieces[1:]:
        if text and piece and _latin(text[-1]) and _latin(piece[0]):
            text += " "
        text += piece
    return text


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _wrap_width(texts: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None if it does not look wrapped.

    Wrapped text has many lines within a few columns of the longest one.
    """
    widths = [display_width(t) for t in texts if display_width(t) >= _WRAP_MIN_WIDTH]
    if not widths:
        return None
    top = max(widths)
    full = sum(count for width, count in Counter(widths).items() if width >= top - 4)
    if full >= 3 and full * 5 >= len(widths) * 2 and top <= 200:
        return top - 4
    return None


def cn_int(text: str) -> int:
    """Read a Chinese ordinal 一 … 九十九 (十一, 二十, 二十一) or Arabic digits."""
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate(CN_NUMERALS[:9], start=1)}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


def split_first_sentence(text: str, stops: str = "。！？!?") -> tuple[str, str]:
    """Split off the first sentence (its end mark kept), not breaking inside quotes."""
    depth = 0
    straight = False  # inside ASCII "…" quotes (they open and close alike)
    for index, ch in enumerate(text):
        if ch == '"':
            straight = not straight
        elif ch in "“《（(「『":
            depth += 1
        elif ch in "”》）)」』" and depth:
            depth -= 1
        elif ch in stops and depth == 0 and not straight:
            return text[: index + 1], text[index + 1 :].strip()
    # Unbalanced quotes: fall back to the first end mark wherever it stands.
    for index, ch in enumerate(text):
        if ch in stops:
            return text[: index + 1], text[index + 1 :].strip()
    return text, ""
