"""Split notes lines into numbered opinions, keeping the section headings found on the way.

Rules (see also ``SourceLine``):

* An item starts at a list marker (1. 1． 1、 1) （1） ① · • - * ▪ …, and 一、 （一） when the
  line is not a heading; numbers of any length, but 2024.3 or 2024、2025年 is no marker);
  the marker is removed from the text.
* An unmarked line right after an item line (no paragraph boundary) continues the item
  (hard-wrapped text), unless it starts with a speaker label ("李四：…", "镇长李某某：…",
  "党委委员、组织委员 陈某某：…"). A line that starts with a speaker label counts as an
  item line; after a speaker's finished sentence, a line opening with another reporting
  frame that names a role ("股长李某某谈话指出，…") starts a new opinion too.
* An unmarked line after a paragraph boundary starts a new (loose) opinion. One right after
  a loose line continues it only when that line looks hard-wrapped: it does not end a
  sentence and either ends in a comma-like mark or fills the file's wrap width.
* Headings: markdown "#" lines; whole-line 【…】; 一、… / （一）… lines of at most 25
  characters without ，。；！？ (unless they form a list: a same-style line directly
  before or after, or nothing after); unmarked "…：" lines of at most 25 characters
  without sentence punctuation; lines of at most 20 characters that are a kind keyword
  plus heading filler (征求意见情况, 谈心谈话中提出的问题 — not 群众反映办事难); the
  first line of a file standing alone (or followed only by a "（…整理）" line) when it reads
  like a title (…民主生活会…汇总). A heading may carry a bracketed list of sources
  ("征求意见（村干部、群众代表、企业）"); a heading made of roles plus 意见 ("支部书记和
  同志们的意见", "群众代表意见") names 征求意见.
* Lines about the notes (compiler "（党政办整理）", collection summary "本次向…发放征求意见
  表…梳理归并如下。", profile "本人：…") are kept as headings with their role
  (:mod:`selfreview.notes.notelines`); they set neither kind nor section.
* Headings set the kind of the opinions under them; a heading naming no kind keeps the
  kind, except that a same-or-higher level heading of the same style (markdown/.docx
  levels, 一、 above （一）, 【…】) ends the section the kind came from. An opinion whose
  speaker label or reporting frame names a role (:mod:`selfreview.notes.speakers`) is a
  talk when it says 谈话, else a solicited opinion where the section is 其他 or 自查.

Every line with content ends up in an opinion or a heading; a line made only of markup
(---, ***, a bare "1.") carries no content and acts as a paragraph boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from selfreview.notes.models import Heading, HeadingRole, SourceLine
from selfreview.notes.notelines import is_compiler_note, note_role
from selfreview.notes.speakers import frame_kind, is_speaker, opinion_kind, role_heading_kind
from selfreview.notes.wrapping import join_wrapped, looks_wrapped, wrap_widths
from selfreview.schema import Opinion, OpinionKind, Origin
from selfreview.textrules import (
    ARABIC_MARK,
    ARABIC_PAREN_MARK,
    CN_LIST_MARK,
    CN_PAREN_MARK,
)
from selfreview.textrules import CN_NUMERALS as _CN
from selfreview.textrules import DIGITS as _D
from selfreview.textrules import SENTENCE_PUNCT as _SENTENCE_PUNCT

KIND_KEYWORDS: tuple[tuple[OpinionKind, tuple[str, ...]], ...] = (
    # Checked in this order: the first kind with a keyword in the heading wins.
    (OpinionKind.LAST_YEAR, ("上年度", "整改落实", "整改情况")),
    (OpinionKind.TALK, ("谈心谈话", "谈话记录", "谈心")),
    (
        OpinionKind.SELF,
        ("自己查摆", "自我查摆", "个人查摆", "自身查摆", "班子查摆", "查摆问题", "自查"),
    ),
    (OpinionKind.SOLICITED, ("征求意见", "意见建议", "群众反映")),
)
_KEYWORD_RE = re.compile("|".join(re.escape(word) for _, words in KIND_KEYWORDS for word in words))
HEADING_MAX_CHARS = 25
_ROLE_HEADING_MAX_CHARS = 60
KEYWORD_HEADING_MAX_CHARS = 20
TITLE_MAX_CHARS = 60


_QUOTE_RE = re.compile(r"^(?:>\s*)+")
_BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_UNDER_RE = re.compile(r"__(?=[^_\s])(.+?)(?<=[^_\s])__")
_MARKUP_ONLY_RE = re.compile(r"^[-*_=~`#>—─━\s]+$")
_MD_HEADING_RE = re.compile(r"^(#{1,6})(?!#)(\s*)(.*?)\s*#*$")
_PARENTHESES_RE = re.compile(r"（[^（）]*）|\([^()]*\)")
_TITLE_WORDS_RE = re.compile(r"民主生活会|组织生活会|对照检查|汇总|清单|台账")
_BRACKET_RE = re.compile(r"^【([^【】]+)】[：:]?$")
_CN1_RE = re.compile(rf"^{CN_LIST_MARK}\s*")
_CN2_RE = re.compile(rf"^{CN_PAREN_MARK}\s*")
_OTHER_MARKER_RES = (
    re.compile(rf"^{ARABIC_MARK}\s*"),
    # Long lists go on past 999; a date such as 2024.3.5 or 2024、2025年 is not a marker.
    re.compile(rf"^[{_D}]{{4,9}}[.．、)）](?![\s　]*[{_D}])\s*"),
    re.compile(rf"^{ARABIC_PAREN_MARK}\s*"),
    re.compile(r"^[\u2460-\u249b\u24ea-\u24ff\u2776-\u2793]\s*"),
    re.compile(r"^[·•▪●◆■○◇□►▶➢➤※]\s*"),
    re.compile(r"^[-*+](?:\s+|$|(?=[\u3400-\u9fff（“【《]))"),
)
_FILLER_RE = re.compile(
    r"(?:情况|汇总|梳理|清单|记录|问题|意见|建议|材料|方面|部分|内容|反馈|收集|征求到"
    r"|提出|查找|存在|主要|有关|相关|其他|以下|如下|具体|一览|表|的|中|及|和|与|对|等"
    r"|班子|个人|本人|我|书面|座谈|民主生活会|组织生活会|专题|年度|去年|落实|整改|措施"
    r"|同志|之间|开展|党组|领导|成员|[0-9０-９]{2,4}年度?|[（）()【】、：:·.．\s"
    rf"{_CN}{_D}])*"
)
# Every marker pattern in one, tried in order (the first alternative that matches wins).
_MARKER_RE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_CN1_RE, _CN2_RE, *_OTHER_MARKER_RES))
)
# Styles whose levels can be compared, so that a sibling heading ends a kind's section.
_RANKED_STYLES = frozenset({"md", "cn", "bracket"})


@dataclass(frozen=True, slots=True)
class _HeadingHit:
    text: str
    style: str
    level: int
    kind: OpinionKind | None
    role: HeadingRole = HeadingRole.SECTION


@dataclass(slots=True)
class _Open:
    """The opinion being assembled."""

    file: str
    first: int
    last: int
    item: bool
    parts: list[str] = field(default_factory=list)


def split_opinions(lines: list[SourceLine]) -> tuple[list[Opinion], list[Heading]]:
    """Split lines (of one or several files, in order) into opinions O1, O2, … and headings.

    State (kind, section) starts afresh at each new file; a file whose name names exactly
    one kind (e.g. "谈心谈话记录.txt") starts with that kind instead of 其他.
    """
    cleaned = [_clean(line.text) for line in lines]
    following = _neighbours(lines, cleaned, reverse=True)
    preceding = _neighbours(lines, cleaned, reverse=False)
    widths = wrap_widths(lines, cleaned)
    opinions: list[Opinion] = []
    headings: list[Heading] = []
    current: _Open | None = None
    kind = default_kind = OpinionKind.OTHER
    section = ""
    anchor: tuple[str, int] | None = None
    boundary = True
    seen_opinion = False
    file: str | None = None

    def flush() -> None:
        nonlocal current, seen_opinion
        if current is not None and current.parts:
            end = current.last if current.last != current.first else None
            text = join_wrapped(current.parts)
            seen_opinion = True
            opinions.append(
                _opinion(
                    f"O{len(opinions) + 1}",
                    text,
                    opinion_kind(text, kind),
                    current.file,
                    current.first,
                    end,
                    section,
                )
            )
        current = None

    for index, (src, text) in enumerate(zip(lines, cleaned, strict=True)):
        if src.file != file:
            flush()
            file = src.file
            kind = default_kind = kind_from_filename(src.file)
            section, anchor, boundary, seen_opinion = "", None, True, False
        if not text:
            flush()
            boundary = True
            continue
        new_paragraph = src.paragraph_start or boundary
        boundary = False
        nxt, prev = following[index], preceding[index]
        neighbours = (
            cleaned[prev] if prev is not None else None,
            cleaned[nxt] if nxt is not None else None,
        )
        # The first line of a file standing alone may be the document's title.
        alone = prev is None and (
            nxt is None
            or nxt > index + 1
            or lines[nxt].paragraph_start
            or is_compiler_note(cleaned[nxt])
        )
        marker = _marker_length(text)
        hit = _heading(text, src, neighbours, marker, title_position=alone)
        if hit is None and (current is None or new_paragraph or current.item):
            role = note_role(text, before_opinions=not seen_opinion and current is None)
            hit = _HeadingHit(text, "note", 0, None, role) if role is not None else None
        if hit is not None:
            flush()
            headings.append(
                Heading(text=hit.text, origin=_origin(src), kind=hit.kind, role=hit.role)
            )
            if hit.role not in (HeadingRole.SECTION, HeadingRole.TITLE):
                continue
            section = hit.text
            if hit.kind is not None:
                kind = hit.kind
                anchor = (hit.style, hit.level) if hit.style in _RANKED_STYLES else None
            elif anchor is not None and anchor[0] == hit.style and hit.level <= anchor[1]:
                kind, anchor = default_kind, None
            continue
        if marker is not None:
            flush()
            body = text[marker:].strip()
            current = _Open(src.file, src.line, src.line, item=True, parts=[body] if body else [])
            continue
        if current is not None and (
            not current.parts  # a bare marker waits for its text
            or (
                not new_paragraph
                and not is_speaker(text)
                and not _next_speaker(current, cleaned[index - 1], text)
                and (current.item or looks_wrapped(cleaned[index - 1], widths[src.file]))
            )
        ):
            current.parts.append(text)
            current.last = src.line
            continue
        flush()
        # What follows a speaker's words without a break is still that speaker's.
        current = _Open(src.file, src.line, src.line, item=is_speaker(text), parts=[text])
    flush()
    return opinions, headings


# Every field is set on every opinion, so one set serves them all: pydantic keeps a set of
# the fields given per instance (728 bytes for five), the largest part of an opinion. Setting
# an attribute later adds its name, which is in the set already: the sets never change.
_OPINION_FIELDS = set(Opinion.model_fields)
_ORIGIN_FIELDS = set(Origin.model_fields)


def _next_speaker(current: _Open, previous: str, text: str) -> bool:
    """Whether ``text`` is another person's words after a speaker's finished sentence:
    "股长李某某谈话指出，…" on the line after "张某某（副局长）：…。" is a new opinion."""
    return (
        previous.endswith(_FULL_STOPS)
        and frame_kind(text) is not None
        and frame_kind(current.parts[0]) is not None
    )


_FULL_STOPS = ("。", "！", "？", "!", "?", "”")


def _opinion(
    id_: str, text: str, kind: OpinionKind, file: str, line: int, end: int | None, section: str
) -> Opinion:
    """An opinion from values the splitter guarantees valid (an id O<n>, text not empty,
    lines from 1), built without validating them again."""
    origin = Origin.model_construct(_ORIGIN_FIELDS, file=file, line=line, end_line=end)
    return Opinion.model_construct(
        _OPINION_FIELDS, id=id_, text=text, kind=kind, origin=origin, section=section
    )


def kind_from_filename(file: str) -> OpinionKind:
    """The kind a file's name names ("征求意见汇总.txt" -> 征求意见), else 其他."""
    kinds = {kind for kind, words in KIND_KEYWORDS if any(w in PurePath(file).stem for w in words)}
    return kinds.pop() if len(kinds) == 1 else OpinionKind.OTHER


def heading_kind(text: str) -> OpinionKind | None:
    """The opinion kind a heading's text names, or None.

    A kind keyword names its kind; a heading made of roles plus 意见 ("支部书记和同志们的
    意见", "群众代表意见：") names 征求意见.
    """
    return _kind_of(text, None if len(text) > _ROLE_HEADING_MAX_CHARS else _marker_length(text))


def _kind_of(text: str, marker: int | None) -> OpinionKind | None:
    """:func:`heading_kind` of a line whose list marker is ``marker`` characters long."""
    if _KEYWORD_RE.search(text) is not None:  # one scan for the usual line without any
        for kind, words in KIND_KEYWORDS:
            if any(word in text for word in words):
                return kind
    if len(text) > _ROLE_HEADING_MAX_CHARS:
        return None  # too long for a heading made of roles
    return role_heading_kind(text[marker:] if marker is not None else text)


def _origin(src: SourceLine) -> Origin:
    return Origin(file=src.file, line=src.line)


def _clean(text: str) -> str:
    """Strip whitespace, quote marks and markdown emphasis; "" for a content-free line."""
    text = _QUOTE_RE.sub("", text.strip())
    if "**" in text:
        text = _BOLD_RE.sub(r"\1", text)
    if "__" in text:
        text = _UNDER_RE.sub(r"\1", text)
    text = text.strip()
    return "" if _MARKUP_ONLY_RE.match(text) else text


def _neighbours(lines: list[SourceLine], cleaned: list[str], *, reverse: bool) -> list[int | None]:
    """For each line, the index of the next (or previous) line with content in its file."""
    result: list[int | None] = [None] * len(lines)
    order = range(len(lines) - 1, -1, -1) if reverse else range(len(lines))
    step = 1 if reverse else -1
    near: int | None = None
    for index in order:
        other = index + step
        if 0 <= other < len(lines) and lines[other].file != lines[index].file:
            near = None
        result[index] = near
        if cleaned[index]:
            near = index
    return result


def _heading(
    text: str,
    src: SourceLine,
    neighbours: tuple[str | None, str | None],
    marker: int | None,
    *,
    title_position: bool = False,
) -> _HeadingHit | None:
    """Recognise a section heading; None for an item or an ordinary line.

    ``neighbours`` are the previous and next lines with content in the same file;
    ``marker`` is the length of its list marker (None: none); ``title_position`` says the
    line is the first of its file and a paragraph of its own.
    """
    if src.table_header:
        return _HeadingHit(text, "table", 0, None, HeadingRole.TABLE)
    md = _MD_HEADING_RE.match(text)
    if md is not None and md.group(3) and (md.group(2) or not text.endswith("#")):
        body = md.group(3)
        return _HeadingHit(body, "md", len(md.group(1)), heading_kind(body))
    kind = _kind_of(text, marker)
    bracket = _BRACKET_RE.match(text)
    if bracket is not None and _short_plain(bracket.group(1), HEADING_MAX_CHARS):
        return _HeadingHit(text, "bracket", 1, kind)
    for level, pattern in ((1, _CN1_RE), (2, _CN2_RE)):
        found = pattern.match(text)
        if found is None:
            continue
        body = text[found.end() :]
        if not _short_plain(body, HEADING_MAX_CHARS):
            return None
        # A run of 一、… lines with nothing under them is a list, not headings.
        before, after = neighbours
        if kind is None and (
            after is None or pattern.match(after) or (before and pattern.match(before))
        ):
            return None
        return _HeadingHit(text, "cn", level, kind)
    body = text[marker:] if marker is not None else text
    if kind is not None and _keyword_heading(body):
        return _HeadingHit(text, "plain", 0, kind)
    if marker is None and text[-1] in "：:" and _short_plain(text, HEADING_MAX_CHARS):
        return _HeadingHit(text, "plain", 0, kind)
    if title_position and marker is None and _is_title(text):
        return _HeadingHit(text, "title", 0, None, HeadingRole.TITLE)
    return None


def _is_title(text: str) -> bool:
    """A document title such as "某市政府党组…民主生活会会前征求意见汇总（办公室整理）"."""
    outside = _PARENTHESES_RE.sub("", text)
    return (
        len(text) <= TITLE_MAX_CHARS
        and _TITLE_WORDS_RE.search(outside) is not None
        and not any(ch in _SENTENCE_PUNCT for ch in outside)
    )


def _short_plain(text: str, limit: int) -> bool:
    """Short and without sentence punctuation (a trailing 。/：/: is allowed)."""
    body = text.strip().rstrip("。：:")
    return 0 < len(body) <= limit and not any(ch in _SENTENCE_PUNCT for ch in body)


def _keyword_heading(body: str) -> bool:
    """A short line of a kind keyword plus heading filler, or of roles plus 意见; a
    bracketed list of sources may follow ("征求意见（村干部、群众代表、企业）")."""
    plain = _PARENTHESES_RE.sub("", body).strip()
    if not _short_plain(plain, KEYWORD_HEADING_MAX_CHARS) or len(body) > TITLE_MAX_CHARS:
        return False
    if plain != body.strip() and any(ch in "。；！？" for ch in body):
        return False
    return _only_filler(plain) or role_heading_kind(plain) is not None


def _only_filler(text: str) -> bool:
    """True when the text is a kind keyword plus words a heading adds (情况/汇总/的/…)."""
    for _, words in KIND_KEYWORDS:
        for word in words:
            text = text.replace(word, "")
    return _FILLER_RE.fullmatch(text) is not None


def _marker_length(text: str) -> int | None:
    """Length of the list marker (with following spaces) at the start, or None."""
    found = _MARKER_RE.match(text)
    return found.end() if found is not None else None
