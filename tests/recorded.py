"""Access to ``fixtures/record.py`` (the answer author and the recorder) from tests."""

from __future__ import annotations

import importlib.util
import json
import sys
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
