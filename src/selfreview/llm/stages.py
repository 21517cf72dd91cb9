"""The three stages: sort opinions into aspects, draft each aspect's problems, then causes
and measures from the problems. Each function builds one request and its checks; the
drafter decides what runs in parallel.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from selfreview.grounding import ungrounded_facts
from selfreview.llm.advice import causes_advice, measures_advice, problems_advice
from selfreview.llm.dedupe import OpinionGroup
from selfreview.llm.exchange import ChatMessage, ChatModel, ChatRequest, estimate_tokens
from selfreview.llm.log import CallRecord
from selfreview.llm.prompts import defuse, render_prompt, voice_rules
from selfreview.llm.providers import OutputMode, ResolvedProvider
from selfreview.llm.replies import (
    CausesReply,
    DraftedProblem,
    MeasuresReply,
    ProblemsReply,
    SortReply,
)
from selfreview.llm.structured import ask_structured, output_params, schema_text
from selfreview.outline import Aspect, Outline
from selfreview.schema import PLACEHOLDER_EXAMPLE, Cause, Measure, Problem, Voice

T = TypeVar("T", bound=BaseModel)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SPEAKER = re.compile(
    r"^[^，。；！？,;!?：:\s]{2,16}?(?:说|指出|提出|认为|反映|谈到|建议)?[：:]\s*"
)
SORT_CLIP = 40
"""Characters of each opinion a small sort call shows (its first ones, then "…")."""
SORT_GIST = 12
"""Characters of each opinion a larger sort call shows: the span that says most about the
aspects. The problems stage sees the full text, so with gists the notes are paid for about
1.5 times rather than twice (bench/token_budget.py)."""
SORT_FULL_TOKENS = 200
"""A sort call whose opinions, clipped to SORT_CLIP, fit this many tokens shows them so: a
few opinions cost next to nothing, and gists would save nothing worth their loss."""
TEMPERATURE = 0.2


@dataclass
class StageContext:
    """What every call of one draft shares."""

    chat: ChatModel
    provider: ResolvedProvider
    voice: Voice
    org: str
    retries: int = 2
    log: Callable[[CallRecord], None] | None = None
    system_prompt: str = field(init=False, repr=False)
    """Rendered once: the same for every call of the draft."""

    def __post_init__(self) -> None:
        self.system_prompt = render_prompt("system", voice_rules=voice_rules(self.voice))

    def ask(
        self,
        label: str,
        prompt: str,
        reply_model: type[T],
        check: Callable[[T], list[str]],
        advise: Callable[[T], list[str]] | None = None,
    ) -> T:
        """One structured call with the shared system prompt and the provider's output mode."""
        params = {
            "temperature": TEMPERATURE,
            **output_params(self.provider.spec.output, reply_model, reply_model.__name__),
        }
        if self.provider.spec.extra_body:
            params["extra_body"] = dict(self.provider.spec.extra_body)
        request = ChatRequest(
            provider=self.provider.name,
            model=self.provider.model,
            messages=[
                ChatMessage(role="system", content=self.system_prompt),
                ChatMessage(role="user", content=self._with_schema(prompt, reply_model)),
            ],
            params=params,
            label=label,
        )
        return ask_structured(
            self.chat,
            request,
            reply_model,
            retries=self.retries,
            check=check,
            advise=advise,
            log=self.log,
        )

    def _with_schema(self, prompt: str, reply_model: type[BaseModel]) -> str:
        """JSON mode takes no schema: those providers get it in the prompt."""
        if self.provider.spec.output is not OutputMode.JSON_OBJECT:
            return prompt
        return f"{prompt}\n\nJSON 须符合此 JSON Schema：{schema_text(reply_model)}"


# -- stage 1: sort ------------------------------------------------------------------------


def sort_batches(groups: Sequence[OpinionGroup], budget_tokens: int) -> list[list[OpinionGroup]]:
    """Split the groups so that each sort call's data fits ``budget_tokens``."""
    batches: list[list[OpinionGroup]] = [[]]
    used = 0
    for group in groups:
        cost = estimate_tokens(_clip(group.first.text)) + 4
        if batches[-1] and used + cost > budget_tokens:
            batches.append([])
            used = 0
        batches[-1].append(group)
        used += cost
    return [batch for batch in batches if batch]


def sort_opinions(
    ctx: StageContext, outline: Outline, batch: Sequence[OpinionGroup], label: str
) -> dict[str, tuple[str | None, str]]:
    """Representative id -> (aspect id or None, reason when None)."""
    aspect_ids = [a.id for a in outline.aspects]
    shown = [g.first.id for g in batch]
    texts = [_clip(g.first.text) for g in batch]
    if sum(estimate_tokens(text) for text in texts) > SORT_FULL_TOKENS:
        terms = topic_terms(outline)
        texts = [gist(g.first.text, terms) for g in batch]
    prompt = render_prompt(
        "sort",
        count=str(len(batch)),
        aspects="\n".join(
            f"{a.id}：{a.name}——{a.scope or '、'.join(a.keywords[:8])}" for a in outline.aspects
        ),
        opinions="\n".join(f"[{i}] {text}" for i, text in zip(shown, texts, strict=True)),
        groups_example=json.dumps({a: [] for a in aspect_ids}, ensure_ascii=False),
    )

    def check(reply: SortReply) -> list[str]:
        errors = []
        unknown_aspects = sorted(set(reply.groups) - set(aspect_ids))
        if unknown_aspects:
            errors.append(
                f"groups 中有不存在的方面编号：{'、'.join(unknown_aspects)}"
                f"（只能用 {'、'.join(aspect_ids)}）"
            )
        placed = [i for ids in reply.groups.values() for i in ids] + [u.id for u in reply.none]
        twice = sorted({i for i in placed if placed.count(i) > 1}, key=_id_order)
        unknown = sorted(set(placed) - set(shown), key=_id_order)
        missing = sorted(set(shown) - set(placed), key=_id_order)
        if twice:
            errors.append(f"这些编号出现了不止一次：{'、'.join(twice)}")
        if unknown:
            errors.append(f"这些编号不在材料中：{'、'.join(unknown)}")
        if missing:
            errors.append(f"这些编号没有归类：{'、'.join(missing)}")
        return errors

    reply = ctx.ask(label, prompt, SortReply, check)
    result: dict[str, tuple[str | None, str]] = {}
    for aspect_id, ids in reply.groups.items():
        for opinion_id in ids:
            result[opinion_id] = (aspect_id, "")
    for unsorted in reply.none:
        result[unsorted.id] = (None, unsorted.reason)
    return result


# -- stage 2: problems --------------------------------------------------------------------


def draft_problems(
    ctx: StageContext, aspect: Aspect, groups: Sequence[OpinionGroup], label: str
) -> list[tuple[DraftedProblem, list[str]]]:
    """The aspect's problems, each with the ids of every opinion it rests on."""
    prompt = render_prompt(
        "problems",
        aspect=aspect.name,
        scope=aspect.scope or "、".join(aspect.keywords[:10]),
        org=ctx.org or ("本班子" if ctx.voice is Voice.COLLECTIVE else "本人"),
        count=str(len(groups)),
        opinions="\n".join(f"[{n}] {defuse(g.first.text)}" for n, g in enumerate(groups, 1))
        or "（本方面没有收到意见）",
    )

    def texts(numbers: Sequence[int]) -> list[str]:
        return [o.text for n in numbers for o in (groups[n - 1].first, *groups[n - 1].others)]

    def check(reply: ProblemsReply) -> list[str]:
        errors = []
        for index, item in enumerate(reply.items):
            where = f"items.{index}"
            bad = [n for n in item.sources if not 1 <= n <= len(groups)]
            if bad:
                errors.append(f"{where}.sources：序号 {bad} 不在材料中（只有 1 至 {len(groups)}）")
                continue
            if groups and not item.sources:
                errors.append(f"{where}.sources：至少引用一条意见")
            if not item.example.strip():
                errors.append(f"{where}.example：没有具体事例时写“{PLACEHOLDER_EXAMPLE}”")
            text = f"{item.headline}。{item.body}{item.example}"
            invented = ungrounded_facts(text, texts(item.sources))
            if invented:
                shown = "、".join(f"“{f.text}”" for f in invented)
                errors.append(
                    f"{where}：{shown} 在所引用的意见原文中找不到，不能编造；"
                    "请删去或改用原文中的事实"
                )
        return errors

    def advise(reply: ProblemsReply) -> list[str]:
        items = [
            Problem(id=f"P{n}", headline=i.headline, body=i.body, example=i.example)
            for n, i in enumerate(reply.items, 1)
        ]
        return problems_advice(aspect.name, items, ctx.voice)

    reply = ctx.ask(label, prompt, ProblemsReply, check, advise)
    return [
        (item, list(dict.fromkeys(i for n in item.sources for i in groups[n - 1].ids)))
        for item in reply.items
    ]


# -- stage 3: causes and measures ---------------------------------------------------------


def _problem_lines(problems: Sequence[tuple[str, Problem]]) -> str:
    return "\n".join(
        f"[{p.id}]（{aspect}）{defuse(p.headline)}。{defuse(p.body)}" for aspect, p in problems
    )


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
    prompt = render_prompt("causes", org=ctx.org or "本班子", problems=_problem_lines(problems))

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
        Cause(id=f"C{n}", headline=item.headline, body=item.body, explains=_ordered(item.explains))
        for n, item in enumerate(reply.items, 1)
    ]


def draft_measures(
    ctx: StageContext, problems: Sequence[tuple[str, Problem]], label: str
) -> list[Measure]:
    """Measures that name the problems they address; together they answer every problem."""
    known = [p.id for _, p in problems]
    prompt = render_prompt("measures", org=ctx.org or "本班子", problems=_problem_lines(problems))

    def check(reply: MeasuresReply) -> list[str]:
        errors = []
        for index, item in enumerate(reply.items):
            unknown = _unknown_ids(item.addresses, set(known))
            if unknown:
                errors.append(f"items.{index}.addresses：{'、'.join(unknown)} 不是已查摆问题的编号")
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
        return measures_advice(items, ctx.voice)

    reply = ctx.ask(label, prompt, MeasuresReply, check, advise)
    return [
        Measure(
            id=f"M{n}", headline=item.headline, body=item.body, addresses=_ordered(item.addresses)
        )
        for n, item in enumerate(reply.items, 1)
    ]


def _ordered(ids: Sequence[str]) -> list[str]:
    return sorted(dict.fromkeys(ids), key=_id_order)


def _id_order(identifier: str) -> tuple[str, int]:
    digits = identifier.lstrip("OPCM")
    return (identifier[:1], int(digits) if digits.isdigit() else 0)


def _clip(text: str) -> str:
    text = defuse(text)
    return text if len(text) <= SORT_CLIP else text[:SORT_CLIP] + "…"


def topic_terms(outline: Outline) -> dict[str, float]:
    """Words that point to an aspect: its keywords and the two-character words of its name
    and scope, each weighted 1 / the number of aspects it points to."""
    owners: dict[str, set[str]] = {}
    for aspect in outline.aspects:
        words = {k for k in aspect.keywords if len(k) >= 2}
        for text in (aspect.name.removesuffix("方面"), aspect.scope):
            for run in _CJK_RUN.findall(text):
                words.update(run[i : i + 2] for i in range(len(run) - 1))
        for word in words:
            owners.setdefault(word, set()).add(aspect.id)
    return {word: 1 / len(ids) for word, ids in owners.items()}


def gist(text: str, terms: dict[str, float], size: int = SORT_GIST) -> str:
    """The ``size`` characters of ``text`` that cover most of ``terms`` (the earliest such
    span), with "…" where text was left out; short text as it is. A leading speaker label
    ("李明（副市长）：", "王局长说：") that names no aspect word is left out first."""
    text = defuse(text).rstrip("。；;，,！!？? ")
    cover = [0.0] * len(text)
    lengths = sorted({len(t) for t in terms})
    for i in range(len(text)):
        for n in lengths:
            weight = terms.get(text[i : i + n])
            if weight:
                for k in range(i, min(i + n, len(text))):
                    cover[k] = max(cover[k], weight)
    label = _SPEAKER.match(text)
    if label and label.end() < len(text) and not any(cover[: label.end()]):
        text, cover = text[label.end() :], cover[label.end() :]
    if len(text) <= size + 1:
        return text
    window = sum(cover[:size])
    best, best_start = window, 0
    for start in range(1, len(text) - size + 1):
        window += cover[start + size - 1] - cover[start - 1]
        if window > best + 1e-9:
            best, best_start = window, start
    end = best_start + size
    return ("…" if best_start else "") + text[best_start:end] + ("…" if end < len(text) else "")
