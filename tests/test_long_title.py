"""A title or unit name longer than Word's 255-character core-property limit.

The document keeps the whole title on its first line; only the file's 标题 property is cut.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from tests.review_helpers import SAMPLE, offline_draft

from selfreview import api
from selfreview.cli.app import run_cli

CORE_PROPERTY_LIMIT = 255  # Word's limit on a core property, in characters
LONG_ORG = "某市" + "某某某局第一分局" * 40 + "党组"  # 324 characters


def assert_title_kept(docx_path: Path) -> None:
    """The saved DOCX opens, shows the full title and carries a cut 标题 property."""
    document = Document(str(docx_path))
    first = next(p.text for p in document.paragraphs if p.text.strip() and p.text != "讨论稿")
    assert LONG_ORG in first
    prop = document.core_properties.title
    assert 0 < len(prop) <= CORE_PROPERTY_LIMIT
    assert prop.endswith("…") and first.startswith(prop[:-1])


def test_draft_with_a_long_unit_name_writes_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    out = tmp_path / "长标题.docx"
    argv = [str(notes), "--org", LONG_ORG, "-o", str(out)]
    assert run_cli([*argv, "--approve-all", "--allow-placeholders"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert_title_kept(out)


def test_build_with_a_long_title_writes_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, _ = offline_draft(tmp_path, "--title", LONG_ORG + "对照检查材料")
    assert run_cli(["review", str(path), "--approve-all"]) == 0
    out = tmp_path / "定稿.docx"
    assert run_cli(["build", str(path), "-o", str(out), "--allow-placeholders"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert_title_kept(out)


def test_api_build_with_a_long_unit_name_writes_the_document(tmp_path: Path) -> None:
    review = api.draft(SAMPLE, org=LONG_ORG, path=tmp_path / "稿.draft.json")
    review.approve_all()
    out = tmp_path / "稿.docx"
    review.build(out, allow_placeholders=True)
    assert_title_kept(out)
    markdown = tmp_path / "稿.md"
    review.build(markdown, allow_placeholders=True)
    assert LONG_ORG in markdown.read_text(encoding="utf-8")
