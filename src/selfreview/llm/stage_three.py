"""Stage 3 of the drafter: the causes and the measures, asked from the drafted problems.

Both calls see every problem with its headline, body and example, so the facts the
problems rest on (the project, the backlog, the figures) are still there to connect a
cause to or to name in a measure. Measures may be asked in two calls: the calls then share
the genre's total of 3-5 (:func:`measure_shares`), and each is told its share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from selfreview.grounding import ungrounded_facts
from selfreview.llm.advice import causes_advice, measures_advice
from selfreview.llm.prompts import defuse, render_prompt
from selfreview.llm.replies import CausesReply, MeasuresReply
from selfreview.llm.stages import StageContext, ordered_ids
from selfreview.predicates import is_advice, sentences
from selfreview.schema import PLACEHOLDER_EXAMPLE, Cause, Measure, Problem


def _problem_lines(problems: Sequence[tuple[str, Problem]]) -> str:
    """Each problem with its headline, body and example, so later stages keep the facts."""
    lines = []
    for aspect, p in problems:
        example = p.example.strip()
        shown = "" if not example or example == PLACEHOLDER_EXAMPLE else f"如，{example}"
        lines.append(f"[{p.id}]（{aspect}）{defuse(p.headline)}。{defuse(p.body)}{defuse(shown)}")
    return "\n".join(lines)


def _unknown_ids(refs: Sequence[str], known: set[str]) -> list[str]:
    return [r for r in refs if r not in known]


def draft_causes(
    ctx: StageContext,
    problems: Sequence[tuple[str, Problem]],
    sources: dict[str, list[str]],
    label: str,
) -> list[Cause]:
    """Causes that name the problems they explain; no figures the problems do not contain."""
    known = {p.id for _, p in problems}
    prompt = render_prompt("causes", subject=ctx.subject, problems=_problem_lines(problems))

    def check(reply: CausesReply) -> list[str]:
        errors = []
        for index, item in enumerate(reply.items):
            unknown = _unknown_ids(item.explains, known)
            if unknown:
                errors.append(f"items.{index}.explains：{'、'.join(unknown)} 不是已查摆问题的编号")
                continue
            backing = [t for pid in item.explains for t in sources.get(pid, [])]
            invented = ungrounded_facts(f"{item.headline}。{item.body}", backing, names=False)
            if invented:
                errors.append(
                    f"items.{index}：原因分析中不要写数字或日期"
                    f"（{'、'.join(f.text for f in invented)}）"
                )
        return errors

    def advise(reply: CausesReply) -> list[str]:
        items = [
            Cause(id=f"C{n}", headline=i.headline, body=i.body)
            for n, i in enumerate(reply.items, 1)
        ]
        return causes_advice(items, ctx.voice)

    reply = ctx.ask(label, prompt, CausesReply, check, advise)
    return [
        Cause(
            id=f"C{n}", headline=item.headline, body=item.body, explains=ordered_ids(item.explains)
        )
        for n, item in enumerate(reply.items, 1)
    ]


def advice_of(
    problems: Sequence[tuple[str, Problem]], texts: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(id, text) of the suggestions among the opinions ``problems`` cite: what their
    measures may take up (:func:`selfreview.predicates.is_advice`)."""
    cited = dict.fromkeys(i for _, problem in problems for i in problem.sources)
    return [
        (i, texts[i])
        for i in cited
        if i in texts and any(is_advice(sentence) for sentence in sentences(texts[i]))
    ]


MEASURES_TOTAL = (3, 5)
"""How many measures the genre wants in all (GENRE.md: usually 3-5)."""


def measure_shares(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """How many measures (least, most) each measures call asks for, so that the calls
    together stay within :data:`MEASURES_TOTAL`; ``sizes`` are the calls' problem counts.

    One call asks for the whole 3-5. Two calls split it: the one with more problems
    (the first on a tie) asks for 2-3, the other for 1-2.
    """
    if len(sizes) == 1:
        return [MEASURES_TOTAL]
    larger = max(range(len(sizes)), key=lambda n: (sizes[n], -n))
    return [(2, 3) if n == larger else (1, 2) for n in range(len(sizes))]


def _share_text(share: tuple[int, int], split: bool) -> str:
    low, high = share
    if not split:
        return f"写 {low} 至 {high} 条措施。"
    return (
        f"全部措施共 {MEASURES_TOTAL[0]} 至 {MEASURES_TOTAL[1]} 条，分两次起草，"
        f"另一次为其余问题起草；本次只为下面这些问题写 {low} 至 {high} 条措施。"
    )


def draft_measures(
    ctx: StageContext,
    problems: Sequence[tuple[str, Problem]],
    label: str,
    *,
    share: tuple[int, int] = MEASURES_TOTAL,
    split: bool = False,
    advice: Sequence[tuple[str, str]] = (),
) -> list[Measure]:
    """Measures that name the problems they address; together they answer every problem.

    ``share`` is this call's part of the genre's 3-5 measures (``split``: another call
    writes the rest); ``advice`` holds (opinion id, text) of the suggestions the measures
    may take up, cited in their ``sources``.
    """
    known = [p.id for _, p in problems]
    advice_ids = [i for i, _ in advice]
    prompt = render_prompt(
        "measures",
        subject=ctx.subject,
        problems="\n".join(
            [_problem_lines(problems), *(f"[{i}]（建议）{defuse(text)}" for i, text in advice)]
        ),
        count=_share_text(share, split),
    )

    def check(reply: MeasuresReply) -> list[str]:
        errors = []
        for index, item in enumerate(reply.items):
            unknown = _unknown_ids(item.addresses, set(known))
            if unknown:
                errors.append(f"items.{index}.addresses：{'、'.join(unknown)} 不是已查摆问题的编号")
            unknown = _unknown_ids(item.sources, set(advice_ids))
            if unknown:
                allowed = f"只能用 {'、'.join(advice_ids)}" if advice_ids else "没有建议时为空列表"
                errors.append(
                    f"items.{index}.sources：{'、'.join(unknown)} "
                    f"不是上面所列建议的编号（{allowed}）"
                )
        answered = {pid for item in reply.items for pid in item.addresses}
        missing = [pid for pid in known if pid not in answered]
        if missing:
            errors.append(f"这些问题没有任何措施回应：{'、'.join(missing)}；每个问题都要有对应措施")
        return errors

    def advise(reply: MeasuresReply) -> list[str]:
        items = [
            Measure(id=f"M{n}", headline=i.headline, body=i.body)
            for n, i in enumerate(reply.items, 1)
        ]
        out = measures_advice(items, ctx.voice)
        if len(reply.items) > share[1]:
            out.append(
                f"本次写了 {len(reply.items)} 条措施，只要 {share[0]} 至 {share[1]} 条：请合并"
            )
        taken = {i for item in reply.items for i in item.sources}
        left = [i for i in advice_ids if i not in taken]
        if left:
            out.append(
                f"建议 {'、'.join(left)} 没有被任何措施采纳：能采纳的请写进相应措施并列入 sources"
            )
        return out

    reply = ctx.ask(label, prompt, MeasuresReply, check, advise)
    return [
        Measure(
            id=f"M{n}",
            headline=item.headline,
            body=item.body,
            addresses=ordered_ids(item.addresses),
            sources=ordered_ids(item.sources),
        )
        for n, item in enumerate(reply.items, 1)
    ]
