"""The notes reader's own data: input lines, recognised headings, the split document.

``SourceLine`` is what the readers produce and the splitter consumes. Blank lines are not
kept as lines; instead ``paragraph_start`` says that a paragraph boundary stands before the
line (a blank line, a full-width-space indent, a .docx block). The splitter needs exactly
that to tell a hard-wrapped continuation from a new opinion.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from selfreview.schema import Opinion, OpinionKind, Origin, StrictModel


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One non-empty logical line of input.

    ``line`` is the 1-based line number in a text file, or for .docx the 1-based index of
    the block (paragraph or table row, in body order, empty paragraphs counted) it came
    from; the pieces of a paragraph split at soft line breaks share its number.
    ``paragraph_start`` is true for the first line of a file, after a blank line, for a
    line indented with a full-width space or NBSP (the Chinese paragraph indent), and for
    every .docx block. ``table_header`` marks a .docx table header row (序号/意见内容/…):
    it is reported as a heading but sets neither kind nor section.
    """

    file: str
    line: int
    text: str
    paragraph_start: bool = False
    table_header: bool = False


class HeadingRole(StrEnum):
    """What a line that is not an opinion is: a section heading or a note about the notes."""

    SECTION = "section"
    """A section heading (一、征求意见情况, 谈心谈话, 学校及股室意见：): sets the section."""
    TITLE = "title"
    """The document's title (某局党组2025年度民主生活会征求意见汇总)."""
    TABLE = "table"
    """A .docx table's header row (序号；提出人；意见内容)."""
    COMPILER = "compiler"
    """Who compiled the notes and when: "（党政办整理）", "整理：办公室 某某"."""
    SUMMARY = "summary"
    """How the opinions were collected: "本次向…发放征求意见表，收回38份，梳理归并如下。"
    The counts it states reach the preamble (see :func:`selfreview.meeting.detect_meeting`)."""
    PROFILE = "profile"
    """Who the material is about: "本人：张某某，…副局长，分管…"."""


class Heading(StrictModel):
    """A line of the notes that is not an opinion, kept as written (markdown marks removed):
    a section heading, or (see ``role``) the title, a table header or a note about the notes.

    ``kind`` is the opinion kind the heading names (征求意见/谈心谈话/…), or None when it
    names none (e.g. "一、关于学习方面", a speaker line "李四：", a table header row). Only
    section headings (and titles) set the section of the opinions after them.
    """

    text: str = Field(min_length=1)
    origin: Origin
    kind: OpinionKind | None = None
    role: HeadingRole = HeadingRole.SECTION


class NotesSource(StrictModel):
    """One file read: its path as given, the SHA-256 of its raw bytes, its encoding."""

    path: str
    sha256: str
    encoding: str


class NotesDocument(StrictModel):
    """One or more notes files read and split into opinions O1, O2, … in order."""

    path: str
    """The file read; for several files their paths joined with "、"."""
    sources: list[NotesSource] = Field(default_factory=list)
    """Every file read, in order (one entry for a single file)."""
    encoding: str
    """The text encoding detected ("utf-8", "gb18030", "utf-16-le", …; "docx" for .docx);
    for several files the distinct encodings joined with "、"."""
    sha256: str
    """SHA-256 (hex) of the raw bytes; for several files, of their bytes in order."""
    opinions: list[Opinion] = Field(default_factory=list)
    headings: list[Heading] = Field(default_factory=list)
