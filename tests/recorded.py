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
    """The stand-in's answers for sample ``name`` (fixtures/answers/README.md)."""
    data: dict[str, Any] = json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))
    return data


def stage_label(prompt: str, aspect_ids: Mapping[str, str]) -> str:
    """The label the drafter gives the call a stage prompt belongs to (see
    ``fixtures/record.py``); ``aspect_ids`` maps aspect names to ids."""
    label: str = record_module().stage_label(prompt, dict(aspect_ids))
    return label
