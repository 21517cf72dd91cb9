"""A year's notice becomes an outline: ``draft outlines --from-notice NOTICE``.

The notice (pasted into a .txt, or saved as .docx) is read by the notes reader. From it:
the year and meeting (the title, e.g. 关于召开2025年度民主生活会的通知), the theme (the
sentence after 主题是/主题为, or the paragraph under a 会议主题 heading), and the aspect list
in one of the usual shapes: "（一）在带头……方面", "一是……；二是……" in a paragraph, or a
numbered list "1. …方面". Keywords are suggested from each aspect's words (jieba); the user
checks everything before use, and the file says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from selfreview.errors import InputError
from selfreview.meeting import THEME_PLACEHOLDER
from selfreview.outline import Aspect

_MEETING_RE = re.compile(r"((?:19|20)\d{2})\s*年度?\s*((?:专题)?(?:民主生活会|组织生活会))")
_ANY_MEETING_RE = re.compile(r"(?:专题)?(?:民主生活会|组织生活会)")
_THEME_RE = re.compile(r"主题(?:是|为)\s*[:：]?\s*[“\"]?(.+?)[”\"]?(?:。|$)")
_THEME_HEADING_RE = re.compile(r"^[一二三四五六七八九十\d（()）、.．\s]*(?:会议)?主题[:：]?$")
_CN = "[一二三四五六七八九十]{1,3}"
_MARKED_RE = re.compile(rf"^\s*(?:（{_CN}）|\({_CN}\))\s*(.+)$")
_HEADING_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")
_NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]|（\d{1,2}）|\(\d{1,2}\))\s*(.+)$")
_ORDINAL_RE = re.compile(r"[一二三四五六七八九十]{1,3}是")
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PUBLISHER_RE = re.compile(r"^(?:中共)?\S{2,30}(?:委员会|组织部|党委|党组|工委|纪委)(?:办公室)?$")
_STOP = frozenset(
    [
        "方面",
        "带头",
        "加强",
        "提高",
        "增强",
        "坚持",
        "进一步",
        "切实",
        "深入",
        "认真",
        "做到",
        "进行",
        "开展",
        "情况",
        "问题",
        "工作",
        "自觉",
        "不断",
        "更加",
        "以及",
        "等等",
        "重点",
        "查摆",
        "对照",
        "检查",
        "党员",
        "领导",
        "干部",
        "班子",
        "要求",
        "主动",
    ]
)


@dataclass
class NoticeOutline:
    """What was found in a notice; ``missing`` lists what was not, for the user to check."""

    year: int | None = None
    meeting: str | None = None
    theme: str = ""
    study: str = ""
    title: str = ""
    publisher: str = ""
    date: str = ""
    aspects: list[tuple[str, str]] = field(default_factory=list)
    """(name as printed, ending in 方面; the rest of the item as scope)."""
    missing: list[str] = field(default_factory=list)


def notice_paragraphs(path: Path) -> list[str]:
    """The notice's paragraphs: hard-wrapped lines joined, .txt in any Chinese encoding or
    .docx, read and checked like notes (errors name the file)."""
    from selfreview.notes.reading import read_lines

    lines, _ = read_lines(path)
    paragraphs: list[str] = []
    for line in lines:
        text = line.text.strip()
        starts = line.paragraph_start or _HEADING_RE.match(text) or _NUMBERED_RE.match(text)
        if starts or not paragraphs or _ends_paragraph(paragraphs[-1]):
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
    return [p for p in paragraphs if p]


def _ends_paragraph(text: str) -> bool:
    """A line ending a sentence, or short like a heading, a title or a signature; a longer
    line that stops mid-sentence was hard-wrapped and the next line continues it."""
    return text.endswith(("。", "：", ":", "；", "！", "？", "通知")) or len(text) < 12


def read_notice(paragraphs: list[str]) -> NoticeOutline:
    """Year, meeting, theme, study, source and aspects found in a notice's paragraphs."""
    found = NoticeOutline()
    head = next((p for p in paragraphs[:5] if _ANY_MEETING_RE.search(p)), "")
    found.title = head or (paragraphs[0] if paragraphs else "")
    text = "\n".join(paragraphs)
    year_meeting = _MEETING_RE.search(head) or _MEETING_RE.search(text)
    if year_meeting:
        found.year, found.meeting = int(year_meeting.group(1)), year_meeting.group(2)
    else:
        any_meeting = _ANY_MEETING_RE.search(text)
        found.meeting = any_meeting.group(0) if any_meeting else None
    found.theme = _theme(paragraphs)
    found.study = _study(found.theme)
    found.aspects = find_aspects(paragraphs)
    for paragraph in reversed(paragraphs[-6:]):
        date = _DATE_RE.search(paragraph)
        if date and not found.date and len(paragraph) <= 20:
            found.date = "-".join(f"{int(g):02d}" if i else g for i, g in enumerate(date.groups()))
        elif _PUBLISHER_RE.match(paragraph) and not found.publisher:
            found.publisher = paragraph
    for key, label in (("year", "年度"), ("meeting", "会议"), ("theme", "主题")):
        if not getattr(found, key):
            found.missing.append(label)
    return found


def _theme(paragraphs: list[str]) -> str:
    for index, paragraph in enumerate(paragraphs):
        match = _THEME_RE.search(paragraph)
        if match and len(match.group(1)) >= 8:
            return match.group(1).strip('“”" ')
        if _THEME_HEADING_RE.match(paragraph) and index + 1 < len(paragraphs):
            return paragraphs[index + 1].split("。")[0].strip('“”" ')
    return ""


def _study(theme: str) -> str:
    """What the theme says is studied: 深入学习贯彻X，全面贯彻落实Y → X和Y."""
    first = re.match(r"深入学习贯彻([^，,；]+)", theme)
    if not first:
        return ""
    second = re.search(r"(?:全面)?贯彻落实(党的[^，,；]+?精神)", theme)
    return first.group(1) + (f"和{second.group(1)}" if second else "")


def find_aspects(paragraphs: list[str]) -> list[tuple[str, str]]:
    """The notice's aspect list: the first run of two or more items, in one of the shapes
    （一）…方面, 一是…；二是… or 1. …, whose items name a 方面 or start with 带头."""
    runs: list[list[str]] = []
    for pattern in (_MARKED_RE, _NUMBERED_RE):
        run: list[str] = []
        for paragraph in paragraphs:
            match = pattern.match(paragraph)
            if match and _is_aspect(match.group(1)):
                run.append(match.group(1))
            elif run:
                runs.append(run)
                run = []
        runs.append(run)
    for paragraph in paragraphs:
        pieces = [p for p in _ORDINAL_RE.split(paragraph)[1:] if p.strip()]
        if len(pieces) >= 2 and sum(_is_aspect(p) for p in pieces) >= 2:
            runs.append(pieces)
    good = [r for r in runs if len(r) >= 2]
    if not good:
        return []
    first = min(good, key=lambda r: _position(paragraphs, r[0]))
    return [_name_and_scope(item) for item in first]


def _position(paragraphs: list[str], item: str) -> int:
    return next((i for i, p in enumerate(paragraphs) if item in p), len(paragraphs))


def _is_aspect(item: str) -> bool:
    head = re.split(r"[。；;：:]", item, maxsplit=1)[0]
    return "方面" in head or head.lstrip("在").startswith("带头")


def _name_and_scope(item: str) -> tuple[str, str]:
    """ "在带头……方面。对照……" → ("在带头……方面", "对照……")."""
    item = item.strip().rstrip("；;。，,")
    if "方面" in item:
        end = item.index("方面") + 2
        name, rest = item[:end], item[end:]
    else:
        parts = re.split(r"[。；;：:]", item, maxsplit=1)
        name, rest = parts[0] + "方面", (parts[1] if len(parts) > 1 else "")
    return name.strip('“”" '), rest.strip("。；;：:，, ")


def suggest_keywords(text: str, limit: int = 12) -> list[str]:
    """Words of an aspect's text for sorting opinions into it: jieba words of two or more
    characters, stock words of notices left out, in order of first use."""
    from selfreview.drafting.segment import segment

    words: list[str] = []
    for word in segment(text):
        wanted = len(word) >= 2 and word not in _STOP and not re.search(r"\W|\d", word)
        if wanted and word not in words:
            words.append(word)
    return words[:limit]


def shipped_aspect(name: str, threshold: float = 0.8) -> tuple[str, Aspect] | None:
    """The shipped outline aspect a notice's aspect ``name`` words (nearly) the same way,
    with its outline id: its scope and keywords sort opinions far better than words cut
    from a one-line name. The newest non-historical outline wins a tie."""
    from difflib import SequenceMatcher

    def core(text: str) -> str:
        return re.sub(r"^在?(带头)?|方面$", "", text.strip())

    best: tuple[float, str, Aspect] | None = None
    for outline_id, aspect in _shipped_aspects():
        ratio = SequenceMatcher(None, core(name), core(aspect.name)).ratio()
        if ratio >= threshold and (best is None or ratio > best[0]):
            best = (ratio, outline_id, aspect)
    return None if best is None else (best[1], best[2])


@cache
def _shipped_aspects() -> tuple[tuple[str, Aspect], ...]:
    """(outline id, aspect) of every non-historical shipped outline, newest id first: read
    once, not once per aspect of the notice."""
    from selfreview.outline import builtin_outline_files, load_outline

    outlines = [load_outline(i) for i in sorted(builtin_outline_files(), reverse=True)]
    return tuple((o.id, a) for o in outlines if not o.historical for a in o.aspects)


def outline_data(found: NoticeOutline, outline_id: str, url: str = "") -> dict[str, Any]:
    """The outline file's content (a mapping for YAML) from what the notice gave."""
    if not found.aspects:
        raise InputError(
            "没有在通知中找到方面列表（“（一）在带头……方面”“一是……；二是……”或“1. ……方面”）"
        )
    year = f"{found.year}年度" if found.year else ""
    meeting = found.meeting or "民主生活会"
    unverified = [
        "由 draft outlines --from-notice 从通知生成；关键词是按各方面文字自动建议的，"
        "主题、学习内容和每个方面的名称、范围请对照通知核对"
    ]
    if found.missing:
        unverified.append(f"通知中没有找到：{'、'.join(found.missing)}")
    aspects = []
    borrowed = []
    for number, (name, scope) in enumerate(found.aspects, start=1):
        keywords = suggest_keywords(f"{name}{scope}") or [name.removesuffix("方面")]
        match = shipped_aspect(name)
        if match is not None:
            outline_id, known = match
            keywords = [*known.keywords, *(k for k in keywords if k not in known.keywords)]
            scope = scope or known.scope
            borrowed.append(f"方面{number}取自内置提纲 {outline_id} 的同名方面")
        aspects.append({"id": f"a{number}", "name": name, "scope": scope, "keywords": keywords})
    if borrowed:
        unverified.append(
            "、".join(borrowed) + "的范围和关键词（通知的措辞与内置提纲一致时借用，请核对）"
        )
    return {
        "id": outline_id,
        "name": f"{year}{meeting}（按通知生成，待核对）",
        **({"year": found.year} if found.year else {}),
        "meeting": meeting,
        "theme": found.theme or THEME_PLACEHOLDER,
        "study": found.study,
        "source": {
            "title": found.title,
            "publisher": found.publisher,
            "date": found.date,
            "url": url,
        },
        "unverified": "；".join(unverified) + "。",
        "aspects": aspects,
    }


def outline_yaml(data: dict[str, Any]) -> str:
    """The outline file's text: a comment saying to check it, then the YAML."""
    import yaml

    head = (
        "# 由 draft outlines --from-notice 从通知生成。\n"
        "# 用前请对照通知核对主题、学习内容和每个方面，\n"
        "# 并检查 keywords（用于把意见归入方面）。核对后：draft 笔记.txt --outline 本文件\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return head + body
