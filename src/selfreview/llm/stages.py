"""The stages' shared context, and stages 1 and 2: sort opinions into aspects (every
opinion shown in full), then draft each aspect's problems. Stage 3 (causes and measures)
is in :mod:`selfreview.llm.stage_three`. Each function builds one request and its checks;
the drafter decides what runs in parallel.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel

from selfreview.grounding import ungrounded_facts
from selfreview.llm.advice import coverage_advice, problems_advice
from selfreview.llm.dedupe import OpinionGroup
from selfreview.llm.prompts import defuse, render_prompt, voice_rules
from selfreview.llm.replies import (
    DraftedProblem,
    ProblemsReply,
    SortReply,
)
from selfreview.llm.structured import ask_structured, output_params, schema_text
from selfreview.modelclient.exchange import ChatMessage, ChatModel, ChatRequest, estimate_tokens
from selfreview.modelclient.providers import OutputMode, ResolvedProvider
from selfreview.modellog import CallRecord
from selfreview.outline import Aspect, Outline
from selfreview.predicates import is_sourceless
from selfreview.schema import PLACEHOLDER_EXAMPLE, Problem, Voice

T = TypeVar("T", bound=BaseModel)
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

    @property
    def subject(self) -> str:
        """Who speaks in the material, as the stage prompts name it (by the voice)."""
        if self.voice is Voice.PERSONAL:
            return f"{self.org or '本人'}（个人对照检查材料，用“我”的口吻写）"
        return f"{self.org or '本班子'}（领导班子集体对照检查材料）"

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
        cost = estimate_tokens(defuse(group.first.text)) + 4
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
    texts = [defuse(g.first.text) for g in batch]  # in full: a fragment cannot be sorted
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
    """The aspect's problems, each with the ids of every opinion it rests on.

    A reply fails only for what must not reach a reviewer: a problem without a source
    opinion, or a figure, date or name the cited opinions do not contain. Facts of a cited
    opinion left out, an opinion nobody cites and an example that shares no key term with
    its problem are sent back as advice while re-asks remain (see :func:`problems_advice`).
    """
    prompt = render_prompt(
        "problems",
        aspect=aspect.name,
        scope=aspect.scope or "、".join(aspect.keywords[:10]),
        subject=ctx.subject,
        count=str(len(groups)),
        opinions="\n".join(f"[{n}] {defuse(g.first.text)}" for n, g in enumerate(groups, 1)),
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
            if is_sourceless(_candidate(index, item, [str(n) for n in item.sources])):
                errors.append(f"{where}.sources：至少引用一条意见；没有意见反映的问题不要写")
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
        items = [_candidate(n, i) for n, i in enumerate(reply.items)]
        out = problems_advice(aspect.name, items, ctx.voice)
        for index, item in enumerate(reply.items):
            out += coverage_advice(f"items.{index}", item, groups)
        cited = {n for item in reply.items for n in item.sources}
        uncited = [n for n in range(1, len(groups) + 1) if n not in cited]
        if uncited:
            out.append(
                f"意见 {'、'.join(f'[{n}]' for n in uncited)} 没有被任何问题引用："
                "请把它归入说同一件事的问题（写进 sources 和事例），或单独写成一个问题"
            )
        return out

    reply = ctx.ask(label, prompt, ProblemsReply, check, advise)
    return [
        (item, list(dict.fromkeys(i for n in item.sources for i in groups[n - 1].ids)))
        for item in reply.items
    ]


def _candidate(index: int, item: DraftedProblem, sources: Sequence[str] = ()) -> Problem:
    """A drafted problem as the schema's item (id P<index + 1>), for the shared checks."""
    return Problem(
        id=f"P{index + 1}",
        headline=item.headline,
        body=item.body,
        example=item.example,
        sources=list(sources),
    )


def ordered_ids(ids: Sequence[str]) -> list[str]:
    """``ids`` without repeats, in number order (P2 before P10)."""
    return sorted(dict.fromkeys(ids), key=_id_order)


def _id_order(identifier: str) -> tuple[str, int]:
    digits = identifier.lstrip("OPCM")
    return (identifier[:1], int(digits) if digits.isdigit() else 0)
