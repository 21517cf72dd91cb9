"""Where selfreview keeps per-user files: the config file and the cache folder.

Below everything else (only the standard library), so that word segmentation, the model
client and the CLI can all ask without importing one another.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _home_dir(env: str, windows_env: str, fallback: str) -> Path:
    if sys.platform == "win32" and os.environ.get(windows_env):
        return Path(os.environ[windows_env]) / "selfreview"
    base = os.environ.get(env)
    return (Path(base) if base else Path.home() / fallback) / "selfreview"


def config_path() -> Path:
    """Where the config file is read from (it need not exist)."""
    explicit = os.environ.get("SELFREVIEW_CONFIG")
    if explicit:
        return Path(explicit)
    return _home_dir("XDG_CONFIG_HOME", "APPDATA", ".config") / "config.toml"


def user_cache_home() -> Path:
    """selfreview's folder in the user's cache folder (``~/.cache/selfreview``)."""
    return _home_dir("XDG_CACHE_HOME", "LOCALAPPDATA", ".cache")
