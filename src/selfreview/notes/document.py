"""Read notes files into a :class:`NotesDocument`: read, split, check there is something."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Sequence
from pathlib import Path

from selfreview.errors import InputError
from selfreview.notes.models import NotesDocument, NotesSource, SourceLine
from selfreview.notes.reading import load
from selfreview.notes.splitting import split_opinions


def read_notes(path: Path) -> NotesDocument:
    """Read one notes file (.txt, .md, .docx) and split it into opinions O1, O2, ….

    Raises :class:`InputError` naming the file when it cannot be read or when it holds
    headings only and no opinion.
    """
    return read_notes_files([path])


def read_notes_files(paths: Sequence[Path]) -> NotesDocument:
    """Read several notes files as one document: ids continue across files.

    Kind and section start afresh in each file. ``sha256`` is over every file's raw bytes
    in order (for one file, simply that file's SHA-256).
    """
    if not paths:
        raise InputError("没有给出笔记文件")
    digest = hashlib.sha256()
    lines: list[SourceLine] = []
    sources: list[NotesSource] = []
    # Reading makes one object per line and per opinion and no reference cycles: the cyclic
    # collector's full passes over the growing heap are pure cost (a third of the time for
    # 19 MB of notes), so it is paused while reading.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            file_lines, encoding, data = load(path)
            digest.update(data)
            lines.extend(file_lines)
            sha = hashlib.sha256(data).hexdigest()
            sources.append(NotesSource(path=str(path), sha256=sha, encoding=encoding))
            del data
        opinions, headings = split_opinions(lines)
    finally:
        if collecting:
            gc.enable()
    del lines
    with_opinions = {opinion.origin.file for opinion in opinions}
    with_headings = {heading.origin.file for heading in headings}
    for path in paths:
        if str(path) not in with_opinions:
            found = "只找到标题，" if str(path) in with_headings else ""
            raise InputError(f"{found}没有找到任何意见内容", path=path)
    encodings = list(dict.fromkeys(source.encoding for source in sources))
    return NotesDocument(
        path="、".join(source.path for source in sources),
        sources=sources,
        encoding="、".join(encodings),
        sha256=digest.hexdigest(),
        opinions=opinions,
        headings=headings,
    )
