"""Read a notes file (.txt, .md, .docx) into ``SourceLine``s.

Text files: the encoding is detected, not guessed: a BOM first, then UTF-16 without BOM
(NUL bytes at one parity), then strict UTF-8, then charset-normalizer. Whatever that says,
GB18030 is tried before any other Chinese or legacy encoding (short GBK text is often
taken for Big5 or CP949), so GBK and GB2312 files are read as GB18030 (a superset) and
recorded as "gb18030"; a UTF-16/32 verdict is tried first. The first candidate that decodes
strictly *and* looks like text (few control characters, mostly CJK/ASCII/punctuation)
wins; bytes no candidate decodes are an error, never replaced with U+FFFD.

.docx files: see :mod:`selfreview.notes.docx_reading`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from selfreview.errors import InputError
from selfreview.notes.models import SourceLine

MAX_INPUT_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx")

_CHINESE_ENCODINGS = frozenset({"gb2312", "hz", "big5", "big5hkscs", "cp950"})
_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\f\v\u2028\u2029\x85]")
# C0/C1 controls other than tab (line breaks are split off before this is applied).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Controls that do not occur in text files (tab, line breaks and form feed do).
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
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
    if not path.exists():
        raise InputError("文件不存在", path=path)
    if path.is_dir():
        raise InputError("这是一个文件夹，请给出笔记文件", path=path)
    _check_suffix(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 "
                f"{MAX_INPUT_BYTES // 1024 // 1024} MB",
                path=path,
            )
        data = path.read_bytes()
    except PermissionError:
        raise InputError("没有读取权限", path=path) from None
    except OSError as exc:
        raise InputError(f"无法读取（{exc.strerror or type(exc).__name__}）", path=path) from None
    if len(data) > MAX_INPUT_BYTES:  # the file grew after stat()
        raise InputError(f"文件太大，上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB", path=path)
    if not data.strip():
        raise InputError("文件是空的", path=path)
    return data


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


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns the text and the encoding name."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name.replace("-sig", ""))
            if text is None or not _plausible(text):
                raise InputError(f"按 {name} 无法解码，文件可能已损坏", path=path)
            return text, name
    if b"\x00" in data:
        return _decode_utf16_without_bom(path, data)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return _checked(path, utf8, "utf-8")
    decodable = False
    for name in _candidates(data):
        text = _strict(data, name)
        if text is not None:
            decodable = True
            if _plausible(text):
                return text, name
    if decodable:
        raise InputError(
            f"不是文本文件，或编码无法识别（解码后是乱码{_binary_hint(data)}）；"
            "请另存为 UTF-8 或 GBK 文本",
            path=path,
        )
    raise InputError(f"无法识别文件编码{_binary_hint(data)}；请另存为 UTF-8 或 GBK 文本", path=path)


def _candidates(data: bytes) -> list[str]:
    """Encodings to try, in order, for bytes that are not UTF-8 (see the module docstring).

    The first that decodes strictly to plausible text wins.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    name = codecs.lookup(best.encoding).name if best is not None else None
    names: list[str] = []
    if name is not None and name.startswith("utf"):
        names.append(name)
    # GB18030 also reads GBK/GB2312 and is preferred to a misdetected Big5/CP949; Python's
    # GBK codec is kept as a fallback for the odd byte it alone accepts (0x80 for €).
    names += ["gb18030", "gbk"]
    if name is not None and name in _CHINESE_ENCODINGS:
        names.append(name)
    return list(dict.fromkeys(names))


def _decode_utf16_without_bom(path: Path, data: bytes) -> tuple[str, str]:
    """NUL bytes: UTF-16 text without BOM (ASCII characters give NULs at one parity)."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    name = "utf-16-le" if odd > even * 2 else "utf-16-be" if even > odd * 2 else None
    text = _strict(data, name) if name is not None and len(data) % 2 == 0 else None
    if text is None or "\x00" in text or not _plausible(text):
        raise InputError(f"不是文本文件（含二进制内容{_binary_hint(data)}）", path=path)
    return text, name or ""


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _checked(path: Path, text: str, name: str) -> tuple[str, str]:
    if not _plausible(text):
        raise InputError("不是文本文件（含大量控制字符或乱码）", path=path)
    return text, name


def _plausible(text: str) -> bool:
    """Whether decoded text looks like notes rather than decoded binary."""
    sample = text[:20000]
    if not sample:
        return True
    controls = len(_BINARY_CONTROL_RE.findall(sample.rstrip("\x1a")))
    if controls >= 3 and controls * 50 > len(sample):
        return False
    usual = sum(1 for ch in sample if _usual_char(ch))
    return usual * 10 >= len(sample) * 9


def _usual_char(ch: str) -> bool:
    """Characters Chinese notes are made of (random binary decodes mostly to others)."""
    code = ord(ch)
    return (
        code < 0x250  # ASCII, Latin-1, Latin Extended-A/B
        or 0x2000 <= code < 0x2800  # punctuation, letterlike, arrows, circled numbers, shapes
        or 0x3000 <= code < 0x3100  # CJK punctuation, kana, bopomofo
        or 0x3200 <= code < 0xA000  # enclosed CJK, CJK compatibility, CJK ideographs
        or 0xF900 <= code < 0xFB00  # CJK compatibility ideographs
        or 0xFE30 <= code < 0xFE50  # CJK compatibility forms
        or 0xFF00 <= code < 0xFF60  # full-width forms (not the half-width katakana after)
        or 0xFFE0 <= code < 0xFFEF
        or 0x20000 <= code < 0x32000  # CJK extensions B-H
    )


def _binary_hint(data: bytes) -> str:
    """What a binary file probably is, so the message can say what to do."""
    if data.startswith(b"PK\x03\x04"):
        return "，像是 .docx 或压缩包，请检查扩展名"
    if data.startswith(b"%PDF"):
        return "，像是 PDF，请先把文字导出为 .txt 或 .docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "，像是旧版 .doc/.wps，请在 Word/WPS 中另存为 .docx"
    return ""


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
