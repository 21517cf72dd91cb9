"""Atomic file writes: a temp file in the target's folder, fsync, then rename over it.

A crash or Ctrl-C mid-write leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from selfreview.errors import OutputError


def write_atomic(path: Path, writer: Callable[[Path], None], *, mode: int | None = None) -> None:
    """Call ``writer(tmp)`` to fill a temp file beside ``path``, then rename it onto ``path``.

    ``mode`` (e.g. ``0o600``) is applied to the temp file before the rename, so the
    target never exists with looser permissions.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"无法写入（{exc.strerror}）", path=path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        if mode is not None:
            os.chmod(tmp, mode)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"无法写入（{exc.strerror}）", path=path) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), mode=mode)
