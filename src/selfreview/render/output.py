"""Atomic file output shared by the writers: a temp file beside the target, then os.replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from selfreview.errors import OutputError


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temp file in ``path``'s folder, then move it onto ``path``.

    A reader never sees a half-written document, and a failure leaves any existing file
    untouched. Whether an existing file may be overwritten is the caller's decision.
    Raises :class:`OutputError` when the folder is missing or the file cannot be written.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"目录不存在：{folder}", path=path)
    if path.is_dir():
        raise OutputError("这是一个目录，不能写成文件", path=path)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"无法在该目录写入文件（{err.strerror or err}）", path=path) from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(
            f"无法写入文件，可能已在 Word/WPS 中打开或没有写权限（{err.strerror or err}）",
            path=path,
        ) from err
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    # mkstemp creates 0600; give the result the mode a normal open() would have.
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
