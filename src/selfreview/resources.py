"""Locate the data shipped with the package: prompts, outlines and the offline phrase bank.

In an installed wheel the top-level ``prompts/`` folder is packaged as
``selfreview/prompts``; in a checkout (editable install or ``src`` on the path) it stands
at the repository root. ``SELFREVIEW_PROMPTS`` overrides both, so that a changed prompt
or outline can be tried without reinstalling; :func:`clear_caches` makes a running
process (a notebook) read the folder afresh after that variable changed.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from selfreview.errors import DataFileError

PROMPTS_ENV = "SELFREVIEW_PROMPTS"

CACHES = (
    ("selfreview.llm.advice", "_rules"),
    ("selfreview.llm.prompts", "_template"),
    ("selfreview.drafting.phrasebank", "load_phrasebank"),
)
"""(module, function) of every per-process cache of something read from the prompts
folder; a module that adds such a cache adds it here, so :func:`clear_caches` forgets it."""


@cache
def prompts_dir() -> Path:
    """Return the prompts folder, in this order: $SELFREVIEW_PROMPTS, wheel, checkout."""
    override = os.environ.get(PROMPTS_ENV)
    candidates = [Path(override)] if override else []
    package_dir = Path(__file__).resolve().parent
    candidates += [package_dir / "prompts", package_dir.parents[1] / "prompts"]
    for candidate in candidates:
        if (candidate / "outlines").is_dir():
            return candidate
    raise DataFileError(
        "找不到 prompts 数据目录（已查找："
        + "、".join(str(c) for c in candidates)
        + "），请重新安装"
    )


def data_file(*parts: str) -> Path:
    """Path of a file under the prompts folder; a missing file is a :class:`DataFileError`."""
    path = prompts_dir().joinpath(*parts)
    if not path.is_file():
        raise DataFileError("缺少数据文件，请重新安装", path=path)
    return path


def clear_caches() -> None:
    """Forget the prompts folder and everything read from it (prompt templates, the check
    rules the drafter advises with, the phrase bank), so the next use reads it afresh.

    Modules not imported yet hold nothing and are not imported.
    """
    prompts_dir.cache_clear()
    for module_name, function in CACHES:
        module = sys.modules.get(module_name)
        if module is not None:
            getattr(module, function).cache_clear()
