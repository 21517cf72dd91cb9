"""notebooks/quickstart.ipynb runs from top to bottom (nbclient, the ipykernel ``python3``
kernel of this interpreter) and shows what it says it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"
CELL_TIMEOUT = 120
"""Seconds one cell may take (a draft from recordings takes about one)."""


def _text(output: dict[str, Any]) -> str:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return str(data.get("text/markdown", "")) + str(data.get("text/plain", ""))


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The outputs of each code cell, in order, after running the notebook in a temp dir."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("notebook")
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    return [
        "".join(_text(o) for o in cell.get("outputs", []))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def _cell(outputs: list[str], needle: str) -> str:
    found = [text for text in outputs if needle in text]
    assert found, f"no cell output contains {needle!r}"
    return found[0]


def test_the_notebook_drafts_from_recordings_and_shows_a_table(executed: list[str]) -> None:
    table = _cell(executed, "| id | 方面 | 状态 | 标题句 | 依据 |")
    assert "| P1 | 理论学习方面 | 待定 |" in table
    assert "42 条意见" in _cell(executed, "条意见")


def test_the_notebook_checks_reviews_and_builds(executed: list[str]) -> None:
    assert "示例.draft.json**：没有发现问题" in _cell(executed, "没有发现问题")
    assert "| 级别 | 规则 | 位置 | 说明 |" in _cell(executed, "| 级别 |")
    reviewed = _cell(executed, "C4 现在是 pending")
    assert "| P2 | 理论学习方面 | 已修改确认 |" in reviewed
    assert "| P17 | 纪律规矩方面 | 已删除 |" in reviewed
    assert "待定 0 项" in _cell(executed, "批量确认")
    built = _cell(executed, "示例.docx")
    assert "示例.md" in built and "# 某市政府党组" in built


def test_the_notebook_shows_a_prompt_change_and_an_outline_change(executed: list[str]) -> None:
    diff = _cell(executed, "+++ problems.md（改后）")
    assert "+每个问题的“如，……”只写一件最典型的事。" in diff
    assert "没有这次请求的记录：problems:" in _cell(executed, "回放目录中没有")
    assert "理论武装方面" in _cell(executed, "'理论武装方面'")
