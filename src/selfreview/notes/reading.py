"""Read a notes file (.txt, .md, .docx) into ``SourceLine``s.

Every input file is checked before it is read: it must exist, be a regular file, be
readable and be at most :data:`MAX_INPUT_BYTES`; a .docx must also unpack to at most
:data:`MAX_DOCX_UNPACKED_BYTES`. Each failure is a one-line :class:`InputError` naming
the file.

Text files are decoded by :mod:`selfreview.notes.decoding` (any Chinese encoding, mixed
UTF-8/GBK files line by line); .docx files by :mod:`selfreview.notes.docx_reading`.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

from selfreview.errors import InputError
from selfreview.notes.decoding import decode_text
from selfreview.notes.models import SourceLine

__all__ = [
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_INPUT_BYTES",
    "MAX_JSON_BYTES",
    "SUPPORTED_SUFFIXES",
    "check_file",
    "decode_text",
    "load",
    "read_bytes",
    "read_file_bytes",
    "read_json",
    "read_lines",
    "text_lines",
]

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""The largest notes or material file read (.txt, .md and .docx alike), in bytes."""
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024
"""The most a .docx may unpack to (all its parts together), in bytes: a guard against zip
bombs, checked before python-docx opens the package."""
TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx")

_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\f\v\u2028\u2029\x85]")
# C0/C1 controls other than tab (line breaks are split off before this is applied).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The Chinese paragraph indent: a full-width space or NBSP at the start of a line.
_INDENT_CHARS = "\u3000\u00a0"


def read_lines(path: Path) -> tuple[list[SourceLine], str]:
    """Read one notes file into its non-empty lines and the encoding name.

    The encoding name is e.g. "utf-8", "utf-8-sig", "gb18030", "utf-16-le"; "docx" for
    a .docx file. Raises :class:`InputError` (naming the file) for a missing, unreadable,
    empty, binary, oversized or unsupported file.
    """
    lines, encoding, _ = load(path)
    return lines, encoding


def load(path: Path) -> tuple[list[SourceLine], str, bytes]:
    """Like :func:`read_lines`, also returning the raw bytes (for hashing)."""
    data = read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from selfreview.notes.docx_reading import docx_lines

        lines = docx_lines(path, data)
        encoding = "docx"
    else:
        text, encoding = decode_text(path, data)
        lines = text_lines(str(path), text)
    if not lines:
        raise InputError("文件是空的（只有空白）", path=path)
    return lines, encoding, data


def read_bytes(path: Path) -> bytes:
    """The file's bytes after checking it exists, is a file of a supported kind and size."""
    check_file(path)
    _check_suffix(path)
    return read_file_bytes(path)


def check_file(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` names an existing file (not a folder)."""
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise InputError("文件不存在", path=path) from None
    except PermissionError:
        raise InputError("没有权限访问（所在文件夹不允许读取）", path=path) from None
    except OSError as exc:
        raise InputError(f"无法访问（{exc.strerror or type(exc).__name__}）", path=path) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError("这是一个文件夹，不是文件", path=path)


def read_file_bytes(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Any input file's bytes, with one-line errors naming it: missing, a folder, no read
    permission, larger than ``limit`` bytes (the limit is in the message), empty.
    """
    check_file(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise InputError("不是普通文件（是设备、管道或套接字）", path=path)
        if status.st_size > limit:
            size = status.st_size / 1024 / 1024
            raise InputError(f"文件太大（{size:.1f} MB），{_limit(limit)}", path=path)
        data = path.read_bytes()
    except PermissionError:
        raise InputError("没有读取权限", path=path) from None
    except OSError as exc:
        raise InputError(f"无法读取（{exc.strerror or type(exc).__name__}）", path=path) from None
    if len(data) > limit:  # the file grew after stat()
        raise InputError(f"文件太大，{_limit(limit)}", path=path)
    if not data.strip():
        raise InputError("文件是空的", path=path)
    return data


MAX_JSON_BYTES = 5 * MAX_INPUT_BYTES
"""The largest .json file read (a draft file, an import result). A draft file is about three
times the size of its notes (opinions with their origins, the material, the model log), so
this admits the draft of any notes file within the notes limit."""


def read_json(path: Path, limit: int = MAX_JSON_BYTES) -> Any:
    """The JSON value in ``path``, read like any input file (one-line Chinese errors naming
    it for a missing path, a folder, no permission, size, empty, binary content), then
    refused unless UTF-8 and valid JSON (the error gives the line)."""
    text, encoding = decode_text(path, read_file_bytes(path, limit))
    if encoding not in ("utf-8", "utf-8-sig"):
        shown = "UTF-8 和 GB18030 混合" if "+" in encoding else encoding.upper()
        raise InputError(f"JSON 文件须为 UTF-8 编码（此文件是 {shown}），请另存为 UTF-8", path=path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON（第 {exc.lineno} 行）", path=path) from None


def _limit(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"上限为 {limit / 1024 / 1024:g} MB"
    return f"上限为 {limit / 1024:g} KB"


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return
    if suffix in (".doc", ".wps", ".rtf"):
        raise InputError(f"不支持 {suffix} 格式，请在 Word/WPS 中另存为 .docx 后再试", path=path)
    if suffix == ".pdf":
        raise InputError("不支持 PDF，请先把文字导出或复制为 .txt 或 .docx", path=path)
    supported = "、".join(SUPPORTED_SUFFIXES)
    raise InputError(f"不支持的文件类型“{suffix or '无扩展名'}”，支持：{supported}", path=path)


def text_lines(file: str, text: str) -> list[SourceLine]:
    """Split decoded text into non-empty ``SourceLine``s (see its docstring).

    Line breaks CRLF/CR/LF (and form feed) are normalised; trailing whitespace of any
    width is stripped; a leading full-width space or NBSP indent is removed and marks a
    paragraph start; full-width punctuation is kept as written (no NFKC).
    """
    lines: list[SourceLine] = []
    boundary = True
    for number, raw in enumerate(_LINE_BREAK_RE.split(text), start=1):
        raw = _CONTROL_RE.sub("", raw).rstrip()
        stripped = raw.lstrip()
        if not stripped:
            boundary = True
            continue
        indented = any(ch in _INDENT_CHARS for ch in raw[: len(raw) - len(stripped)])
        lines.append(SourceLine(file, number, stripped, paragraph_start=boundary or indented))
        boundary = False
    return lines
