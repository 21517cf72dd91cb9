"""Access to ``fixtures/record.py`` (the answer author and the recorder) from tests."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "fixtures" / "notes"
RESPONSES = ROOT / "fixtures" / "responses"
ANSWERS = ROOT / "fixtures" / "answers"


@cache
def record_module() -> ModuleType:
    """``fixtures/record.py`` imported as a module."""
    spec = importlib.util.spec_from_file_location(
        "selfreview_fixture_record", ROOT / "fixtures" / "record.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def answers(name: str) -> dict[str, Any]:
    """The hand-written answers for sample ``name``."""
    data: dict[str, Any] = json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def stage_label(prompt: str, aspect_ids: Mapping[str, str]) -> str:
    """The label the drafter gives the call a stage prompt belongs to, read from the prompt's
    first line (so also on a re-ask); ``aspect_ids`` maps aspect names to ids."""
    first = prompt.splitlines()[0] if prompt else ""
    if first.startswith("任务：把下列"):
        return "sort"
    if "问题条目" in first:
        return "problems:" + aspect_ids[first.split("“", 1)[1].split("”", 1)[0]]
    if "原因分析" in first:
        return "causes"
    if "整改措施" in first:
        return "measures"
    raise KeyError(first)
