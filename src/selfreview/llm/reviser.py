"""The model side of review: rewrite one unit on the reviewer's instruction, and draft
causes or measures again for the approved problems only.

Uses the same chat chain (cache, replay, redaction) and the same structured-output loop as
drafting, so a regeneration is validated, grounded and logged like any other call. It
implements :class:`selfreview.review.reviser.Reviser`; it lives here, not in review, so that
the review knows no model: :mod:`selfreview.workflow.revising` passes it in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import create_model

from selfreview.draftfile import DraftFile
from selfreview.grounding import ungrounded_facts
from selfreview.schema import Cause, Measure, NonBlank, StrictModel
from selfreview.units import (
    FIELDS,
    KIND_NAMES,
    UnitKind,
    aspect_of,
    get_fields,
    item_links,
    unit_kind,
)

if TYPE_CHECKING:
    from selfreview.llm.stages import StageContext
    from selfreview.workflow.chain import ModelChain

REVISED_FIELDS = {
    kind: tuple(f for f in names if f not in ("leader", "deadline"))
    for kind, names in FIELDS.items()
}
"""Fields the model rewrites; a measure's 责任领导 and 完成时限 stay the reviewer's."""


class LLMReviser:
    """A :class:`~selfreview.review.session.Reviser` asking through a draft's model chain."""

    def __init__(self, chain: ModelChain) -> None:
        self.chain = chain
        self.name = chain.provider.model

    def _context(self, draft: DraftFile) -> StageContext:
        from selfreview.llm.stages import StageContext

        return StageContext(
            chat=self.chain.chat,
            provider=self.chain.provider,
            voice=draft.settings.voice,
            org=draft.settings.org,
            retries=self.chain.retries,
            log=None,
        )

    def revise(self, draft: DraftFile, unit_id: str, instruction: str) -> dict[str, str]:
        """New text for ``unit_id`` following ``instruction``, grounded in its sources."""
        from selfreview.llm.prompts import defuse, render_prompt

        assert draft.material is not None
        self.chain.learn(instruction)  # names the reviewer types are replaced too
        kind = unit_kind(unit_id)
        names = REVISED_FIELDS[kind]
        current = {k: v for k, v in get_fields(draft.material, unit_id).items() if k in names}
        sources = _source_texts(draft, unit_id)
        reply_model = _reply_model(kind, names)
        shape = json.dumps({name: "……" for name in names}, ensure_ascii=False)
        prompt = render_prompt(
            "revise",
            kind=KIND_NAMES[kind],
            org=draft.settings.org or "本班子",
            current=defuse(json.dumps(current, ensure_ascii=False, indent=1)),
            sources=defuse("\n".join(sources) or "（无）"),
            instruction=defuse(instruction.strip() or "改得更好"),
            shape=shape,
        )
        backing = [*current.values(), *sources]

        def check(reply: StrictModel) -> list[str]:
            if kind is not UnitKind.PROBLEM:
                return []
            text = "。".join(str(getattr(reply, name)) for name in names)
            invented = ungrounded_facts(text, backing)
            if not invented:
                return []
            return [
                "改写中出现了所依据材料里没有的内容："
                + "、".join(f.text for f in invented)
                + "；只能使用材料中的事实"
            ]

        reply = self._context(draft).ask(f"revise:{unit_id}", prompt, reply_model, check)
        return {name: str(getattr(reply, name)) for name in names}

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause] | list[Measure]:
        """Causes or measures drafted again for the given problems only."""
        from selfreview.llm.stage_three import advice_of, draft_causes, draft_measures

        assert draft.material is not None
        wanted = set(problem_ids)
        listed = [
            (aspect_of(draft.material, p.id), p)
            for p in draft.material.all_problems()
            if p.id in wanted
        ]
        ctx = self._context(draft)
        texts = {o.id: o.text for o in draft.opinions}
        if kind is UnitKind.CAUSE:
            backing = {
                p.id: [
                    f"{p.headline}{p.body}{p.example}",
                    *(texts[s] for s in p.sources if s in texts),
                ]
                for _, p in listed
            }
            return draft_causes(ctx, listed, backing, "causes:review")
        return draft_measures(  # added to the measures there are: one or two
            ctx, listed, "measures:review", share=(1, 2), advice=advice_of(listed, texts)
        )


def _source_texts(draft: DraftFile, unit_id: str) -> list[str]:
    """What a unit may draw facts from: a problem's opinions; a cause's or measure's problems."""
    assert draft.material is not None
    material = draft.material
    texts = {o.id: o.text for o in draft.opinions}
    kind = unit_kind(unit_id)
    if kind is UnitKind.PROBLEM:
        problem = next(p for p in material.all_problems() if p.id == unit_id)
        return [f"[{s}] {texts[s]}" for s in problem.sources if s in texts]
    if kind in (UnitKind.CAUSE, UnitKind.MEASURE):
        followups: list[Cause | Measure] = [*material.causes, *material.measures]
        item = next(i for i in followups if i.id == unit_id)
        refs = item_links(item)
        problems = {p.id: p for p in material.all_problems()}
        return [
            f"[{pid}] {problems[pid].headline}。{problems[pid].body}"
            for pid in refs
            if pid in problems
        ]
    return []


def _reply_model(kind: UnitKind, names: Sequence[str]) -> type[StrictModel]:
    """headline and heading must not be blank; so must a title's text."""
    required = {"headline", "heading"} | ({"text"} if kind is UnitKind.TITLE else set())
    fields: dict[str, object] = {
        name: (NonBlank, ...) if name in required else (str, "") for name in names
    }
    model: type[StrictModel] = create_model(  # type: ignore[call-overload]
        f"Revised{kind.value.title()}", __base__=StrictModel, **fields
    )
    return model
