"""The notes reader's own data: input lines, recognised headings, the split document.

``SourceLine`` is what the readers produce and the splitter consumes. Blank lines are not
kept as lines; instead ``paragraph_start`` says that a paragraph boundary stands before the
line (a blank line, a full-width-space indent, a .docx block). The splitter needs exactly
that to tell a hard-wrapped continuation from a new opinion.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class Heading(StrictModel):
    """A section heading recognised in the notes, kept as written (markdown marks removed).

    ``kind`` is the opinion kind the heading names (征求意见/谈心谈话/…), or None when it
    names none (e.g. "一、关于学习方面", a speaker line "李四：", a table header row).
    """

    text: str = Field(min_length=1)
    origin: Origin
    kind: OpinionKind | None = None


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
