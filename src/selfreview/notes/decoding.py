"""Decode a text file's bytes: detect the encoding, refuse binary, read mixed files.

The encoding is detected, not guessed: a BOM first, then UTF-16 without BOM
(NUL bytes at one parity), then strict UTF-8, then charset-normalizer. Whatever that says,
GB18030 is tried before any other Chinese or legacy encoding (short GBK text is often
taken for Big5 or CP949), so GBK and GB2312 files are read as GB18030 (a superset) and
recorded as "gb18030"; a UTF-16/32 verdict is tried first. The first candidate that decodes
strictly *and* looks like text (few control characters, mostly CJK/ASCII/punctuation)
wins; bytes no candidate decodes are an error, never replaced with U+FFFD.

Mixed files (part UTF-8, part GBK, as when two files were pasted together) are decoded line
by line: a file that is not UTF-8 as a whole but has a line that is valid UTF-8 with
Chinese in it takes each line that is valid UTF-8 as UTF-8 and every other line in the
legacy encoding those other lines agree on (GB18030 in practice); the encoding is recorded
as e.g. "utf-8+gb18030". A line that decodes in neither, or that is UTF-8 with damaged
bytes, is an error naming the line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from selfreview.errors import InputError

_CHINESE_ENCODINGS = frozenset({"gb2312", "hz", "big5", "big5hkscs", "cp950"})
# Controls that do not occur in text files (tab, line breaks and form feed do).
_BINARY_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns the text and the encoding name."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name.replace("-sig", ""))
            if text is None and name == "utf-8-sig" and _has_utf8_line(data[len(bom) :]):
                return _decode_mixed(path, data[len(bom) :])
            if text is None or not _plausible(text):
                raise InputError(f"按 {name} 无法解码，文件可能已损坏", path=path)
            return text, name
    if b"\x00" in data:
        return _decode_utf16_without_bom(path, data)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return _checked(path, utf8, "utf-8")
    if _has_utf8_line(data):
        return _decode_mixed(path, data)
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
    bad_line = _first_bad_line(data, "gb18030")
    if bad_line is not None:
        raise InputError(
            f"第 {bad_line} 行无法解码（其余各行是 GBK/GB18030 编码），请检查或删去该行", path=path
        )
    raise InputError(f"无法识别文件编码{_binary_hint(data)}；请另存为 UTF-8 或 GBK 文本", path=path)


_RAW_LINE_RE = re.compile(rb"(\r\n|\r|\n)")


def _raw_lines(data: bytes) -> list[tuple[bytes, bytes]]:
    """Split bytes into (line, line break) pairs; safe for UTF-8, GBK, GB18030 and Big5."""
    pieces = _RAW_LINE_RE.split(data)
    return [
        (pieces[i], pieces[i + 1] if i + 1 < len(pieces) else b"") for i in range(0, len(pieces), 2)
    ]


def _utf8_chinese(line: bytes) -> bool:
    """Whether a line is valid UTF-8 with Chinese in it and nothing that GBK bytes give.

    GBK text is rarely valid UTF-8, and when it is it decodes to Latin, Greek or Cyrillic
    letters (two-byte sequences), which are not allowed here. Of the 349,046 words of
    jieba's dictionary encoded in GBK, none passes this test.
    """
    text = _strict(line, "utf-8")
    if text is None or text.isascii():
        return False
    return any(ord(ch) >= 0x3000 for ch in text) and all(
        ord(ch) < 0x80 or _common_char(ch) for ch in text
    )


def _common_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code < 0xA000  # CJK unified ideographs
        or 0x2000 <= code < 0x2070  # general punctuation (—, …, “”)
        or 0x2460 <= code < 0x2500  # circled numbers
        or 0x3000 <= code < 0x3040  # CJK punctuation
        or 0xFF00 <= code < 0xFFF0  # full-width forms
    )


def _has_utf8_line(data: bytes) -> bool:
    return any(_utf8_chinese(line) for line, _ in _raw_lines(data))


def _decode_mixed(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a file whose lines are partly UTF-8, partly a legacy encoding (see above)."""
    lines = _raw_lines(data)
    others = [line for line, _ in lines if not _utf8_chinese(line)]
    legacy = "gb18030"
    for name in _candidates(b"\n".join(others)):
        text = _strict(b"\n".join(others), name)
        if text is not None and _plausible(text):
            legacy = name
            break
    parts: list[str] = []
    for number, (line, end) in enumerate(lines, start=1):
        text = _strict(line, "utf-8") if _utf8_chinese(line) else None
        if text is None and not _damaged_utf8(line):
            text = _strict(line, legacy)
        if text is None or not _plausible(text):
            damaged = "（像是损坏的 UTF-8）" if _damaged_utf8(line) else ""
            raise InputError(
                f"第 {number} 行无法解码{damaged}：文件中既有 UTF-8 又有 "
                f"{legacy.upper()} 编码的行，请检查该行，或把文件另存为统一的 UTF-8",
                path=path,
            )
        parts.append(text + end.decode("ascii"))
    name = f"utf-8+{legacy}"
    return "".join(parts), name


def _damaged_utf8(line: bytes) -> bool:
    """UTF-8 text with a few bad bytes (e.g. cut off mid-character), not another encoding."""
    text = line.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) >= 0x3000 and ch != "\ufffd")
    return bad > 0 and good >= 2 * bad


def _first_bad_line(data: bytes, encoding: str) -> int | None:
    """The first line that does not decode when most of the others with Chinese do."""
    decoded = failed = 0
    first: int | None = None
    for number, (line, _) in enumerate(_raw_lines(data), start=1):
        if line.isascii():
            continue
        if _strict(line, encoding) is None:
            failed += 1
            first = first or number
        else:
            decoded += 1
    return first if decoded > failed else None


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
