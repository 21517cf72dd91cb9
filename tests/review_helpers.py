"""Shared set-up for the review tests: a real offline draft on disk."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from selfreview.cli.app import run_cli
from selfreview.draftfile import DraftFile, load_draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"

_DRAFTED: dict[tuple[str, ...], Path] = {}
"""Options -> a folder where ``draft`` drafted the sample with them (once per test run)."""


def offline_draft(folder: Path, *extra: str, fresh: bool = False) -> tuple[Path, Path, DraftFile]:
    """Draft the sample notes offline in ``folder``: (notes, draft file path, draft).

    The first call with given options runs ``draft`` itself; later calls copy what it
    wrote (files, modes and times alike), since the offline draft of the same notes with
    the same options is the same file. ``fresh`` runs ``draft`` in ``folder`` regardless.
    """
    notes = folder / "笔记.txt"
    path = folder / "笔记.draft.json"
    if fresh:
        _draft(folder, extra)
        return notes, path, load_draft(path)
    made = _DRAFTED.get(extra)
    if made is None:
        made = Path(tempfile.mkdtemp(prefix="selfreview-offline-draft-"))
        atexit.register(shutil.rmtree, made, True)
        _draft(made, extra)
        _DRAFTED[extra] = made
    shutil.copytree(made, folder, dirs_exist_ok=True)
    return notes, path, load_draft(path)


def _draft(folder: Path, extra: tuple[str, ...]) -> None:
    notes = folder / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review", *extra]) == 0
