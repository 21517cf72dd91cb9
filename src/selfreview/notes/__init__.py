"""Read raw notes (.txt, .md, .docx) and split them into numbered opinions.

``read_notes(path)`` is the entry point; ``read_lines`` and ``split_opinions`` are its two
halves. Importing this package does not import python-docx or charset-normalizer.
"""

from __future__ import annotations

from selfreview.notes.document import read_notes, read_notes_files
from selfreview.notes.models import Heading, HeadingRole, NotesDocument, NotesSource, SourceLine
from selfreview.notes.reading import MAX_INPUT_BYTES, SUPPORTED_SUFFIXES, read_lines
from selfreview.notes.splitting import split_opinions

__all__ = [
    "MAX_INPUT_BYTES",
    "SUPPORTED_SUFFIXES",
    "Heading",
    "HeadingRole",
    "NotesDocument",
    "NotesSource",
    "SourceLine",
    "read_lines",
    "read_notes",
    "read_notes_files",
    "split_opinions",
]
