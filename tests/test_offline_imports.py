"""The offline draft loads nothing of the model path: no HTTP client, no model SDK, no
redaction (nothing leaves the machine, so nothing is replaced), and starts faster for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.review_helpers import SAMPLE

MODEL_PATH = (
    "openai",
    "langchain_core",
    "langchain_openai",
    "httpx",
    "httpcore",
    "tiktoken",
    "selfreview.llm",  # all of LLM drafting
    "selfreview.modelclient.openai_chat",
    "selfreview.modelclient.transport",
    "selfreview.modelclient.store",
    "selfreview.privacy",
)
"""Packages and modules an offline draft must not import (their submodules included)."""

PROBE = (
    "import json, sys\n{run}\nprint(json.dumps({{'code': code, 'modules': sorted(sys.modules)}}))\n"
)
CLI = "from selfreview.cli.app import run_cli\ncode = run_cli(sys.argv[1:])"
API = (
    "import selfreview\n"
    "review = selfreview.draft(sys.argv[1], org='某市政府党组', path=sys.argv[2])\n"
    "review.approve_all()\n"
    "review.build(sys.argv[3], allow_placeholders=True)\n"
    "code = 0"
)


def loaded(run: str, args: list[str], cwd: Path) -> list[str]:
    """The modules a fresh interpreter holds after running ``run`` with ``args``."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(run=run), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr
    modules: list[str] = result["modules"]
    return modules


def model_path_modules(modules: list[str]) -> list[str]:
    """The modules of ``modules`` that belong to the model path."""
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in MODEL_PATH)]


@pytest.mark.parametrize("provider", [["--provider", "offline"], []])
def test_offline_draft_command_imports_nothing_of_the_model_path(
    tmp_path: Path, provider: list[str]
) -> None:
    notes = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, notes)
    out = tmp_path / "材料.docx"
    args = [str(notes), *provider, "--approve-all", "--allow-placeholders", "-o", str(out)]
    modules = loaded(CLI, args, tmp_path)
    assert out.is_file()
    assert "selfreview.drafting.offline" in modules and "docx" in modules  # it did draft
    assert model_path_modules(modules) == []


def test_offline_draft_in_the_api_imports_nothing_of_the_model_path(tmp_path: Path) -> None:
    out = tmp_path / "材料.docx"
    modules = loaded(API, [str(SAMPLE), str(tmp_path / "材料.draft.json"), str(out)], tmp_path)
    assert out.is_file()
    assert "selfreview.drafting.offline" in modules
    assert model_path_modules(modules) == []
