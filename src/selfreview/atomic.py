"""Atomic file writes: a temp file in the target's folder, fsync, then rename over it.

A crash or Ctrl-C mid-write leaves either the old file or the new one, never half of one.
Whether an existing file may be overwritten is the caller's decision, made before this.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from selfreview.errors import OutputError


def write_atomic(path: Path, writer: Callable[[Path], object], *, mode: int | None = None) -> None:
    """Call ``writer(tmp)`` to fill a temp file beside ``path``, then rename it onto ``path``.

    ``mode`` (e.g. ``0o600`` for private state) is applied before the rename, so the
    target never exists with looser permissions; by default the file gets the mode a
    plain ``open()`` would give it. Raises :class:`OutputError` when the folder is
    missing, the target is a folder, or the file cannot be written.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"目录不存在：{folder}", path=path)
    if path.is_dir():
        raise OutputError("这是一个目录，不能写成文件", path=path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"无法在该目录写入文件（{err.strerror or err}）", path=path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        os.chmod(tmp, _default_mode(path) if mode is None else mode)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(
            f"无法写入文件，可能已在 Word/WPS 中打开或没有写权限（{err.strerror or err}）",
            path=path,
        ) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(path: Path, text: str, *, mode: int | None = None) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), mode=mode)


def _default_mode(path: Path) -> int:
    # mkstemp creates 0600; give the result the mode a normal open() would have.
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
