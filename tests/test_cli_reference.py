"""docs/cli.md is the generated ``--help`` of every command, and cannot drift from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from selfreview.cli.app import app
from selfreview.cli.reference import COMMAND, command_paths, help_text, reference

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"


def test_docs_cli_md_matches_a_fresh_generation() -> None:
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == reference(), f"docs/cli.md is out of date; regenerate it: {COMMAND}"


def test_every_registered_command_is_in_the_reference() -> None:
    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    listed = {path[0] for path in command_paths() if path}
    assert registered == listed
    assert ("cache", "clear") in command_paths()  # groups are walked into
    text = reference()
    for path in command_paths():
        title = " ".join(("draft", *path))
        assert f"\n## {title}\n" in text
        assert f"Usage: {title} " in help_text(path)


def test_generation_does_not_depend_on_the_terminal_width() -> None:
    env = {**os.environ, "COLUMNS": "40", "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "selfreview.cli.reference"],
        capture_output=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    assert done.stdout.decode("utf-8") == reference()
