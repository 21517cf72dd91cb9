"""Which meeting the notes are for, and the outline that answers its notice.

The notes' header lines usually say it ("某单位党组2025年度民主生活会征求意见汇总",
"专题组织生活会个人查摆材料"). :func:`detect_meeting` reads the year, the meeting kind, the
unit and the counts the notes state; :func:`choose_outline` picks the shipped outline for
that year and meeting, or makes a frame-only outline with the theme left as a placeholder
when no shipped outline covers the year: never another year's theme.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.errors import OutlineError
from selfreview.outline import MEETINGS, Outline, builtin_outline_files, load_outline

if TYPE_CHECKING:
    from selfreview.notes.models import NotesDocument

THEME_PLACEHOLDER = "【待补：年度主题】"
"""The theme of a year no shipped outline covers: the user fills it from the notice."""
STUDY_PLACEHOLDER = "【待补：学习内容】"

_MEETING_RE = re.compile(r"(专题)?(民主生活会|组织生活会)")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年度?")
_LAST_YEAR_RE = re.compile(r"上年度|上一年度|整改落实|整改情况")
_COUNT_RE = {
    "opinions": re.compile(
        r"(?:征求|收集|征集|梳理|汇总)[^。；，,\n]{0,16}?意见(?:建议)?\s*(?:共|计)?\s*(\d+)\s*(余)?\s*条"
    ),
    "talks": re.compile(r"谈心谈话[^。；，,\n]{0,10}?(\d+)\s*(余)?\s*(?:人次|次)"),
    "forms": re.compile(r"(?:收回|回收)[^。；，,\n]{0,8}?(\d+)\s*(余)?\s*份"),
}
_HEADER_LINES = 6
"""Opinion texts this close to a file's start may be its title (when no heading was seen)."""


@dataclass(frozen=True)
class NotesMeeting:
    """What the notes say about their meeting; ``None`` where they say nothing."""

    year: int | None = None
    meeting: str | None = None
    """One of :data:`selfreview.outline.MEETINGS`, as the notes write it."""
    unit: str | None = None
    """The text before the year (or meeting) on the header line, e.g. 某单位党组."""
    personal: bool = False
    """The header says 个人 (a personal material)."""
    line: str | None = None
    """The header line the year and meeting were read from."""
    counts: dict[str, str] = field(default_factory=dict)
    """``opinions`` / ``talks`` / ``forms`` (征求意见表 returned) to the number the notes
    state, e.g. "38" or "60余"."""

    def describe(self) -> str:
        """E.g. "2025年度民主生活会" or "（笔记未写明年度和会议）"."""
        if self.year is None and self.meeting is None:
            return "（笔记未写明年度和会议）"
        year = f"{self.year}年度" if self.year else ""
        return f"{year}{self.meeting or ''}"


def detect_meeting(headers: Iterable[str], texts: Iterable[str] = ()) -> NotesMeeting:
    """Read year, meeting, unit and personal from the first header line naming a meeting
    (lines about last year's 整改 are skipped); counts from any of ``headers`` or ``texts``."""
    headers = [h.strip() for h in headers if h.strip()]
    found = NotesMeeting()
    for line in headers:
        match = _MEETING_RE.search(line)
        if match is None or _LAST_YEAR_RE.search(line[: match.end() + 6]):
            continue
        year_match = _YEAR_RE.search(line[: match.start() + 1])
        start = year_match.start() if year_match else match.start()
        unit = line[:start].strip(" ：:、，,").removeprefix("关于") or None
        found = NotesMeeting(
            year=int(year_match.group(1)) if year_match else None,
            meeting=match.group(0),
            unit=unit if unit and len(unit) <= 30 else None,
            personal="个人" in line[match.end() :],
            line=line,
        )
        break
    counts: dict[str, str] = {}
    for text in [*headers, *texts]:
        for key, pattern in _COUNT_RE.items():
            count = pattern.search(text)
            if key not in counts and count is not None:
                counts[key] = count.group(1) + (count.group(2) or "")
    return NotesMeeting(**{**found.__dict__, "counts": counts})


def detect_in_notes(headings: Sequence[str], opinions: Sequence[object]) -> NotesMeeting:
    """:func:`detect_meeting` over notes: their headings and the sections their opinions
    sit in, plus the first lines of each file (a title the splitter kept as an opinion)."""
    sections = [str(getattr(o, "section", "") or "") for o in opinions]
    early = [
        str(getattr(o, "text", ""))
        for o in opinions
        if getattr(getattr(o, "origin", None), "line", _HEADER_LINES + 1) <= _HEADER_LINES
    ]
    texts = [str(getattr(o, "text", "")) for o in opinions]
    return detect_meeting([*headings, *dict.fromkeys(sections), *early], texts)


def family(meeting: str | None) -> str | None:
    """民主生活会 or 组织生活会: the meeting without 专题."""
    return meeting.removeprefix("专题") if meeting else None


@dataclass(frozen=True)
class OutlineChoice:
    """The outline a draft uses and why, in Chinese lines for the run summary."""

    outline: Outline
    reason: str
    warnings: list[str] = field(default_factory=list)
    placeholder: bool = False
    """No shipped outline covers the year: the theme is a placeholder."""


def shipped_outlines() -> list[Outline]:
    """Every built-in outline, loaded."""
    return [load_outline(outline_id) for outline_id in builtin_outline_files()]


def newest(outlines: Iterable[Outline], meeting: str) -> Outline | None:
    """The newest non-historical outline with a year for ``meeting``'s family."""
    fitting = [
        o for o in outlines if o.year and not o.historical and family(o.meeting) == family(meeting)
    ]
    return max(fitting, key=lambda o: o.year or 0, default=None)


def choose_outline(
    notes: NotesMeeting,
    *,
    outline: str | None = None,
    year: int | None = None,
    meeting: str | None = None,
) -> OutlineChoice:
    """The outline for a fresh draft: ``outline`` if given (warning when the notes name
    another year or meeting), else the shipped one for the year and meeting that
    ``year``/``meeting`` or the notes say, else the newest 民主生活会 outline."""
    if meeting is not None and meeting not in MEETINGS:
        raise OutlineError(f"--meeting 应为 {'、'.join(MEETINGS)} 之一，而不是“{meeting}”")
    want_year = year or notes.year
    want_meeting = meeting or notes.meeting
    if outline is not None:
        chosen = load_outline(outline)
        chosen = _with(chosen, year=want_year, meeting=want_meeting)
        warnings = mismatch(chosen, NotesMeeting(year=want_year, meeting=want_meeting))
        return OutlineChoice(chosen, f"按 --outline 使用提纲 {chosen.id}", warnings)
    said = "按 --year/--meeting" if (year or meeting) else f"按笔记标题“{notes.line}”"
    if want_year is None and want_meeting is None:
        default = newest(shipped_outlines(), "民主生活会")
        if default is None:
            raise OutlineError("没有内置的民主生活会提纲")
        return OutlineChoice(
            default,
            f"笔记没有写明年度和会议，使用最新的内置民主生活会提纲 {default.id}；"
            "如不对，请用 --year、--meeting 或 --outline 指定",
        )
    kind = want_meeting or "民主生活会"
    outlines = shipped_outlines()
    if want_year is None:
        found = newest(outlines, kind)
    else:
        same = [o for o in outlines if o.year == want_year and family(o.meeting) == family(kind)]
        found = same[0] if same else None
    if found is not None:
        return OutlineChoice(
            _with(found, year=want_year, meeting=kind), f"{said}选用提纲 {found.id}"
        )
    return _placeholder_choice(outlines, want_year, kind, said)


def _placeholder_choice(
    outlines: list[Outline], year: int | None, meeting: str, said: str
) -> OutlineChoice:
    """A frame for a year no shipped outline covers: the notes' year and meeting, the theme
    and study as placeholders, the aspects of the newest shipped outline of the meeting."""
    base = newest(outlines, meeting) or newest(outlines, "民主生活会")
    if base is None:
        raise OutlineError("没有可借用方面的内置提纲")
    made = base.model_copy(
        update={
            "id": f"{year}-{'zuzhi' if family(meeting) == '组织生活会' else 'minzhu'}-待补",
            "name": f"{year}年度{meeting}（没有当年提纲：主题待补，方面暂用 {base.id}）",
            "year": year,
            "meeting": meeting,
            "theme": THEME_PLACEHOLDER,
            "study": STUDY_PLACEHOLDER,
            "source": None,
            "unverified": f"没有{year}年度的内置提纲；方面暂用 {base.id}，请按当年通知核对。",
            "historical": False,
        }
    )
    loud = (
        f"注意：没有{year}年度{meeting}的内置提纲。材料按{year}年度{meeting}起草，主题写作"
        f"“{THEME_PLACEHOLDER}”，方面暂用 {base.id} 的方面，须按当年通知核对。"
        "请把通知保存为 .txt 或 .docx，运行 draft outlines --from-notice 通知.txt"
        " -o 我的提纲.yaml，核对后用 --outline 我的提纲.yaml --redraft 重新起草。"
    )
    return OutlineChoice(made, f"{said}：{year}年度{meeting}", [loud], placeholder=True)


def _with(outline: Outline, *, year: int | None, meeting: str | None) -> Outline:
    """``outline`` printed for ``meeting`` (same family: 专题 or not, as the notes say)."""
    update: dict[str, object] = {}
    if meeting and family(meeting) == family(outline.meeting) and meeting != outline.meeting:
        update["meeting"] = meeting
    if year and outline.year is None:
        update["year"] = year
    return outline.model_copy(update=update) if update else outline


def mismatch(outline: Outline, notes: NotesMeeting) -> list[str]:
    """Chinese lines on where ``outline`` answers another year or meeting than the notes."""
    lines = []
    if notes.year and outline.year and notes.year != outline.year:
        lines.append(f"提纲 {outline.id} 是{outline.year}年度的，笔记写的是{notes.year}年度")
    if notes.meeting and family(notes.meeting) != family(outline.meeting):
        lines.append(f"提纲 {outline.id} 是{outline.meeting}的，笔记写的是{notes.meeting}")
    return lines


def describe_choice(outline: Outline) -> str:
    """The run summary's line: outline, year and meeting used."""
    year = f"{outline.year}年度" if outline.year else "年度未写明"
    return f"提纲：{outline.id}（{outline.name}）；年度：{year}；会议：{outline.meeting}"


def outline_for_run(
    document: NotesDocument,
    kept: Outline | None,
    *,
    outline: str | Path | None = None,
    year: int | None = None,
    meeting: str | None = None,
    org: str = "",  # kept for callers; the unit is chosen by subject_for_run
) -> tuple[Outline, list[str]]:
    """The outline a draft run uses and the Chinese lines to show: ``kept`` (the existing
    draft's outline) unless ``outline``/``year``/``meeting`` choose one (an existing draft
    keeps its outline until re-drafted on purpose), else :func:`choose_outline` on the
    notes. Pass ``kept=None`` for a new draft or to re-draft from scratch (--redraft). The
    unit and the kind of material come from :func:`subject_for_run`."""
    notes = detect_in_notes([h.text for h in document.headings], document.opinions)
    hint: list[str] = []
    chosen = outline is not None or year is not None or meeting is not None
    kept = None if chosen else kept
    if kept is not None:
        lines = [f"沿用草稿文件中的提纲（重新按笔记选择请加 --redraft）：{describe_choice(kept)}"]
        return kept, lines + [f"警告：{w}。" for w in mismatch(kept, notes)] + hint
    choice = choose_outline(
        notes, outline=None if outline is None else str(outline), year=year, meeting=meeting
    )
    lines = [f"{choice.reason}。{describe_choice(choice.outline)}"]
    for warning in choice.warnings:
        lines.append(warning if choice.placeholder else f"警告：{warning}，请核对是否选错了提纲。")
    return choice.outline, lines + hint


@dataclass(frozen=True)
class Subject:
    """Whose material it is: personal or collective, and the unit (or person) in the title."""

    personal: bool
    org: str
    lines: list[str] = field(default_factory=list)
    """Chinese lines for the run summary: where the kind and unit came from."""


def subject_for_run(
    document: NotesDocument, *, personal: bool | None = None, org: str = ""
) -> Subject:
    """The material's kind and unit: ``personal``/``org`` as given, else what the notes'
    header says ("…个人对照检查意见汇总" makes a personal material; the text before the
    year names the unit or person), said in the run summary so a wrong guess is seen."""
    notes = detect_in_notes([h.text for h in document.headings], document.opinions)
    lines = []
    if personal is None:
        personal = notes.personal
        if personal:
            lines.append("按笔记标题写作个人对照检查材料（如是班子材料，请加 --kind collective）")
    if not org and notes.unit:
        org = notes.unit
        lines.append(f"标题中的单位取自笔记标题：{org}（如不对，请加 --org 改正）")
    return Subject(personal=personal, org=org, lines=lines)
