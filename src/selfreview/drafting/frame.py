"""The frame around the drafted items, shared by every drafter: title, preamble, intros,
closing and the 上年度整改落实情况 part, all from the phrase bank and the notes alone.

No model writes these: they state what was studied and how opinions were gathered, which
the notes and the outline already say.
"""

from __future__ import annotations

from collections.abc import Sequence

from selfreview.drafting.base import DraftRequest
from selfreview.drafting.examples import clean_opinion_text, to_voice
from selfreview.drafting.phrasebank import PhraseBank, fill
from selfreview.meeting import detect_in_notes, family
from selfreview.outline import Outline
from selfreview.schema import (
    AspectProblems,
    Cause,
    ExtraPart,
    Material,
    Measure,
    Opinion,
    OpinionKind,
    Voice,
)

_METHODS = {
    OpinionKind.SOLICITED: "书面征询",
    OpinionKind.TALK: "谈心谈话",
    OpinionKind.SELF: "对照查摆",
}


def frame_material(
    request: DraftRequest,
    bank: PhraseBank,
    *,
    problems: list[AspectProblems],
    causes: list[Cause],
    measures: list[Measure],
) -> Material:
    """A complete material: the drafted parts inside the frame for ``request``."""
    words = bank.voices[request.voice]
    last_year = [o for o in request.opinions if o.kind is OpinionKind.LAST_YEAR]
    return Material(
        title=request.title or default_title(request),
        preamble=preamble(request, bank),
        voice=request.voice,
        headings=request.outline.headings,
        problems_intro=fill(bank.intros.problems, who=words.who, we=words.we),
        problems=problems,
        causes_intro=fill(bank.intros.causes, who=words.who, we=words.we),
        causes=causes,
        measures_intro=fill(bank.intros.measures, who=words.who, we=words.we),
        measures=measures,
        extra_parts=last_year_part(last_year, request.voice, bank, request.outline),
        closing=fill(bank.closing.pick(request.voice), who=words.who, we=words.we) or None,
    )


def preamble(request: DraftRequest, bank: PhraseBank) -> str:
    """The opening paragraph: what was studied, how and how many opinions were gathered."""
    words = bank.voices[request.voice]
    outline = request.outline
    kinds = {o.kind for o in request.opinions}
    methods = [method for kind, method in _METHODS.items() if kind in kinds]
    count = sum(
        1
        for o in request.opinions
        if o.kind is not OpinionKind.LAST_YEAR and not bank.not_opinions.matches(o.text)
    )
    stated = detect_in_notes(request.notes_headings, request.opinions).counts
    return fill(
        bank.preamble.pick(request.voice),
        who=words.who,
        we=words.we,
        notice=_notice(outline),
        org=request.org or _default_org(request.voice),
        theme=f"“{outline.theme}”这一主题" if outline.theme else "会议主题",
        study=outline.study or "习近平新时代中国特色社会主义思想",
        methods="、".join(methods or ["书面征询", "谈心谈话"]),
        count=str(count),
        stated=_stated_counts(stated),
    )


def _stated_counts(counts: dict[str, str]) -> str:
    """The counts the notes state themselves, as a clause; empty when they state none."""
    parts = []
    if "opinions" in counts:
        parts.append(f"收集意见建议{counts['opinions']}条")
    if "talks" in counts:
        parts.append(f"开展谈心谈话{counts['talks']}人次")
    if "forms" in counts:
        parts.append(f"收回征求意见表{counts['forms']}份")
    return f"（{'，'.join(parts)}）" if parts else ""


def last_year_part(
    opinions: Sequence[Opinion], voice: Voice, bank: PhraseBank, outline: Outline
) -> list[ExtraPart]:
    """上年度整改落实情况 from the notes' last-year section, before the three parts, named
    for the year before the outline's (e.g. 2024年度民主生活会整改落实情况)."""
    if not opinions:
        return []
    meeting = family(outline.meeting) or outline.meeting
    year = f"{outline.year - 1}年度" if outline.year else "上年度"
    words = bank.voices[voice]
    paragraphs = [to_voice(clean_opinion_text(o.text), words) for o in opinions]
    return [
        ExtraPart(
            heading=f"{year}{meeting}整改落实情况",
            paragraphs=[p for p in paragraphs if p],
            position="before",
            sources=[o.id for o in opinions],
        )
    ]


def default_title(request: DraftRequest) -> str:
    """E.g. 某市政府党组2025年度民主生活会对照检查材料."""
    outline = request.outline
    meeting = f"{outline.year}年度{outline.meeting}" if outline.year else outline.meeting
    if request.voice is Voice.COLLECTIVE:
        return f"{request.org or '领导班子'}{meeting}对照检查材料"
    return f"{request.org}{meeting}个人对照检查材料"


def _notice(outline: Outline) -> str:
    if outline.year:
        return f"上级关于召开{outline.year}年度{outline.meeting}的通知"
    return f"上级关于召开{outline.meeting}的通知"


def _default_org(voice: Voice) -> str:
    return "领导班子" if voice is Voice.COLLECTIVE else "本人"
