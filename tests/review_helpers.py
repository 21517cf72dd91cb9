"""Shared set-up for the review tests: a real offline draft on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from selfreview.cli.app import run_cli
from selfreview.draftfile import DraftFile, load_draft

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"


def offline_draft(folder: Path, *extra: str) -> tuple[Path, Path, DraftFile]:
    """Draft the sample notes offline in ``folder``: (notes, draft file path, draft)."""
    notes = folder / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review", *extra]) == 0
    path = folder / "笔记.draft.json"
    return notes, path, load_draft(path)
