"""The 落款 (signing unit and date): how a date is written, what the notes say, the default.

GB/T 9704 writes dates in Arabic digits without zero padding ("2026年1月6日"). The tool
never makes a date up: the 落款's date is one the user gives, or the meeting date the notes
state ("会议时间：2026年1月6日"); a 落款 asked for without either carries the visible
placeholder :data:`DATE_PLACEHOLDER`, which the build gate treats like every other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from selfreview.errors import InputError

DATE_PLACEHOLDER = "【待补：落款日期】"
UNIT_PLACEHOLDER = "【待补：落款单位】"
NAME_PLACEHOLDER = "【待补：本人姓名】"

_DATE_INPUT_RE = re.compile(
    r"^\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*$"
)
DATE_LINE_RE = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|【待补[^】\n]*日期】)$")
"""A paragraph that is a 落款 date (or its placeholder) and nothing else."""
_MEETING_DATE_RE = re.compile(
    r"(?:(?:会议|召开)(?:时间|日期)\s*[:：]\s*(\d{4})年(\d{1,2})月(\d{1,2})日)"
    r"|(?:(?:定于|拟于|于)\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^。；\n]{0,12}?召开)"
)
_SELF_NAME_RE = re.compile(r"本人\s*[:：]\s*([\u4e00-\u9fff]{2,4})\s*[，,（(]")
_COMRADE_RE = re.compile(r"^([\u4e00-\u9fff]{2,4})同志$")


def normalize_date(text: str) -> str:
    """``text`` ("2026年01月06日", "2026-1-6", "2026/1/6", "2026.1.6") as GB/T 9704 writes
    it: "2026年1月6日". Raises :class:`~selfreview.errors.InputError` (Chinese) otherwise."""
    match = _DATE_INPUT_RE.match(text)
    if match is None:
        raise InputError(f"落款日期“{text}”应写成 2026年1月6日 或 2026-01-06")
    year, month, day = (int(part) for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        raise InputError(f"落款日期“{text}”不是有效的日期") from None
    return f"{year}年{month}月{day}日"


def meeting_date(texts: Iterable[str]) -> str | None:
    """The meeting date the notes state ("会议时间：2026年1月6日", "定于2026年1月6日召开"),
    normalized; ``None`` when no line states one (a date is never guessed)."""
    for text in texts:
        match = _MEETING_DATE_RE.search(text)
        if match is not None:
            parts = [g for g in match.groups() if g is not None]
            try:
                return normalize_date(f"{parts[0]}年{parts[1]}月{parts[2]}日")
            except InputError:
                continue
    return None


def personal_name(org: str, texts: Iterable[str]) -> str | None:
    """The person a personal material is signed with: ``org`` when it is "王某某同志", else
    the name the notes introduce ("本人：张某某，…"); ``None`` when neither says it."""
    comrade = _COMRADE_RE.match(org.strip())
    if comrade is not None:
        return comrade.group(1)
    for text in texts:
        match = _SELF_NAME_RE.search(text)
        if match is not None:
            return match.group(1)
    return None
