"""The roster file of ``--names FILE``: more names of people to replace before sending.

One name per line (several on a line may be separated by spaces, commas or 、); text after
``#`` is a comment; blank lines are skipped. UTF-8 (with or without BOM), GBK/GB18030 and
UTF-16 with BOM are read. A name must have at least two characters: a single character
would be replaced inside every word that contains it.
"""

from __future__ import annotations

import re
from pathlib import Path

from selfreview.errors import InputError, RosterError

MAX_ROSTER_BYTES = 1024 * 1024
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def load_roster(path: Path) -> list[str]:
    """The names in the roster file at ``path``, in file order, each once."""
    from selfreview.notes.reading import decode_text

    if path.is_dir():
        raise RosterError("人员名单应为文本文件，这是一个文件夹", path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError("人员名单文件不存在", path=path) from None
    except OSError as exc:
        raise RosterError(f"无法读取人员名单（{exc.strerror or exc}）", path=path) from None
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(
            f"人员名单太大（上限 {MAX_ROSTER_BYTES // 1024} KB），每行应只有一个姓名", path=path
        )
    try:
        text, _ = decode_text(path, data)
    except InputError as exc:
        raise RosterError(f"人员名单无法读取：{exc.message}", path=path) from None
    names: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        for name in _SEPARATORS.split(line):
            if not name:
                continue
            if len(name) < 2:
                raise RosterError(
                    f"第 {number} 行的“{name}”只有一个字：姓名至少两个字",
                    path=path,
                )
            if len(name) > 20 or not any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in name):
                raise RosterError(
                    f"第 {number} 行的“{name[:20]}”不像姓名：每行写一个姓名，# 后为注释", path=path
                )
            names.append(name)
    return list(dict.fromkeys(names))
