"""Files that hold the notes are readable by their owner only, whatever the umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.review_helpers import offline_draft

from selfreview.cli.app import run_cli


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The common office umask 022, under which a plain open() makes files 0644."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return path.stat().st_mode & 0o777


def test_the_review_sheet_is_private_like_the_draft_file(tmp_path: Path, open_umask: None) -> None:
    _, path, _ = offline_draft(tmp_path, fresh=True)  # drafted under this umask
    sheet = tmp_path / "审阅单.md"
    assert run_cli(["review", str(path), "--export", str(sheet)]) == 0
    assert "中心组全年集中学习12次" in sheet.read_text(
        encoding="utf-8"
    )  # it does hold the notes' text
    assert mode(sheet) == 0o600
    assert mode(path) == 0o600


def test_overwriting_a_readable_sheet_makes_it_private(tmp_path: Path, open_umask: None) -> None:
    _, path, _ = offline_draft(tmp_path)
    sheet = tmp_path / "审阅单.md"
    sheet.write_text("旧的审阅单\n", encoding="utf-8")
    sheet.chmod(0o644)
    assert run_cli(["review", str(path), "--export", str(sheet), "--force"]) == 0
    assert mode(sheet) == 0o600


def test_a_readable_draft_file_stays_private_after_a_save(tmp_path: Path, open_umask: None) -> None:
    _, path, _ = offline_draft(tmp_path)
    path.chmod(0o644)
    assert run_cli(["review", str(path), "--approve-all"]) == 0
    assert mode(path) == 0o600
