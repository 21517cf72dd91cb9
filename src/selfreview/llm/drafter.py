"""The LLM drafter: three stages, calls within a stage in parallel, every call logged.

Critical path: sort (its batches in parallel) -> problems (one call per aspect, in
parallel) -> causes and measures (two calls, in parallel). Three model round trips,
whatever the number of aspects, plus any re-asks the validation needs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from selfreview.drafting.base import DraftRequest, DraftResult, UnusedOpinion
from selfreview.drafting.frame import frame_material
from selfreview.drafting.phrasebank import PhraseBank, load_phrasebank
from selfreview.errors import CallFailedError, DraftingFailed, StructuredOutputError
from selfreview.llm.dedupe import OpinionGroup, merge_near_duplicates
from selfreview.llm.stage_three import (
    advice_of,
    draft_causes,
    draft_measures,
    measure_shares,
)
from selfreview.llm.stages import StageContext, draft_problems, sort_batches, sort_opinions
from selfreview.modelclient.exchange import ChatModel
from selfreview.modelclient.providers import ResolvedProvider
from selfreview.modellog import CallFailure, CallRecord, ModelLog
from selfreview.outline import Outline
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    AspectProblems,
    Cause,
    Measure,
    Opinion,
    OpinionKind,
    Problem,
    ProblemKind,
)

MEASURE_SPLIT = 4
"""From this many aspects with problems on, measures are asked in two parallel calls."""
SORT_SHARE = 0.4
"""Share of the model's context one sort call may fill with opinions (the rest: prompt,
answer and headroom)."""


class LLMDrafter:
    """Drafts with a chat model; implements :class:`~selfreview.drafting.base.Drafter`."""

    def __init__(
        self,
        chat: ChatModel,
        provider: ResolvedProvider,
        *,
        retries: int = 2,
        jobs: int = 8,
        on_call: Callable[[CallRecord], None] | None = None,
        bank: PhraseBank | None = None,
    ) -> None:
        self.name = provider.name
        self.chat = chat
        self.provider = provider
        self.retries = retries
        self.jobs = max(1, jobs)
        self.on_call = on_call
        self.bank = bank or load_phrasebank()
        self.log = ModelLog(
            provider=provider.name, model=provider.model, base_url=provider.base_url
        )
        self._lock = threading.Lock()

    def draft(self, request: DraftRequest) -> DraftResult:
        """Run the three stages; raise :class:`DraftingFailed` if any call stays invalid."""
        ctx = StageContext(
            chat=self.chat,
            provider=self.provider,
            voice=request.voice,
            org=request.org,
            retries=self.retries,
            log=self._record,
        )
        outline = request.outline
        to_sort = [o for o in request.opinions if o.kind is not OpinionKind.LAST_YEAR]
        per_aspect, assignments, unused, resorted = self._sort_stage(
            ctx, outline, to_sort, request.known or {}
        )
        for opinion in request.opinions:
            assignments.setdefault(opinion.id, None)
        texts = {o.id: o.text for o in request.opinions}
        only = None if request.known is None else set(request.touched) | resorted
        problems, listed, backing = self._problems_stage(ctx, outline, per_aspect, texts, only)
        causes, measures = (
            ([], []) if request.problems_only else self._round_three(ctx, listed, backing, texts)
        )
        material = frame_material(
            request, self.bank, problems=problems, causes=causes, measures=measures
        )
        self.log.stages = self.log.stats()
        return DraftResult(material=material, assignments=assignments, unused=unused)

    def _sort_stage(
        self,
        ctx: StageContext,
        outline: Outline,
        opinions: Sequence[Opinion],
        known: Mapping[str, tuple[str | None, str]],
    ) -> tuple[dict[str, list[OpinionGroup]], dict[str, str | None], list[UnusedOpinion], set[str]]:
        """Stage 1: near-duplicates merged, then sorted in batches that fit the context.

        Groups whose opinions all have the same ``known`` placement keep it unasked; the
        last value returned is the aspects the newly sorted groups went to.
        """
        groups = merge_near_duplicates(opinions)
        placement: dict[str, tuple[str | None, str]] = {}
        to_sort = []
        for group in groups:
            places = {known.get(i, (None, "")) for i in group.ids}
            if all(i in known for i in group.ids) and len(places) == 1:
                placement[group.first.id] = places.pop()
            else:
                to_sort.append(group)
        batches = (
            sort_batches(to_sort, int(self.provider.spec.context_tokens * SORT_SHARE))
            if to_sort
            else []
        )
        labels = [f"sort:{n}" if len(batches) > 1 else "sort" for n in range(1, len(batches) + 1)]
        for part in self._parallel(
            [
                (label, partial(sort_opinions, ctx, outline, batch, label))
                for label, batch in zip(labels, batches, strict=True)
            ]
        ):
            placement.update(part)
        resorted = {a for g in to_sort if (a := placement[g.first.id][0]) is not None}
        assignments: dict[str, str | None] = {}
        unused: list[UnusedOpinion] = []
        per_aspect: dict[str, list[OpinionGroup]] = {a.id: [] for a in outline.aspects}
        for group in groups:
            aspect_id, reason = placement[group.first.id]
            for opinion_id in group.ids:
                assignments[opinion_id] = aspect_id
                if aspect_id is None:
                    unused.append(UnusedOpinion(id=opinion_id, reason=reason))
            if aspect_id is not None:
                per_aspect[aspect_id].append(group)
        return per_aspect, assignments, unused, resorted

    def _problems_stage(
        self,
        ctx: StageContext,
        outline: Outline,
        per_aspect: dict[str, list[OpinionGroup]],
        texts: dict[str, str],
        only: set[str] | None = None,
    ) -> tuple[list[AspectProblems], list[tuple[str, Problem]], dict[str, list[str]]]:
        """Stage 2: one call per aspect; problems numbered P1… in outline order.

        An aspect without opinions is not asked: it gets one aspect placeholder when the
        outline requires it, nothing otherwise (never an invented problem). With ``only``,
        just those aspects are drafted (the others come back empty). Also
        returns each problem's backing texts (itself and its cited opinions), against which
        the causes are grounded.
        """
        wanted = {a.id for a in outline.aspects if only is None or a.id in only}
        asked = [a for a in outline.aspects if a.id in wanted and per_aspect[a.id]]
        answers = self._parallel(
            [
                (
                    f"problems:{a.id}",
                    partial(draft_problems, ctx, a, per_aspect[a.id], f"problems:{a.id}"),
                )
                for a in asked
            ]
        )
        by_aspect = {a.id: items for a, items in zip(asked, answers, strict=True)}
        problems: list[AspectProblems] = []
        listed: list[tuple[str, Problem]] = []
        backing: dict[str, list[str]] = {}
        number = 0
        for aspect in outline.aspects:
            aspect_items = []
            empty = aspect.id in wanted and not per_aspect[aspect.id]  # nothing to ask about
            if empty and getattr(aspect, "required", True):
                number += 1
                aspect_items.append(aspect_placeholder(f"P{number}"))
            for item, cited in by_aspect.get(aspect.id, []):
                number += 1
                problem = Problem(
                    id=f"P{number}",
                    headline=item.headline,
                    body=item.body,
                    example=item.example,
                    sources=cited,
                )
                aspect_items.append(problem)
                listed.append((aspect.name, problem))
                backing[problem.id] = [
                    f"{problem.headline}{problem.body}{problem.example}",
                    *(texts[i] for i in cited),
                ]
            problems.append(AspectProblems(aspect=aspect.name, items=aspect_items))
        return problems, listed, backing

    def _round_three(
        self,
        ctx: StageContext,
        listed: list[tuple[str, Problem]],
        backing: dict[str, list[str]],
        texts: Mapping[str, str],
    ) -> tuple[list[Cause], list[Measure]]:
        """Stage 3: causes in one call; measures in one call, or in two parallel calls (each
        for half of the aspects) from :data:`MEASURE_SPLIT` aspects on, because the measures
        are the longest answer of the draft and would otherwise set the pace of the round."""
        parts = _measure_parts(listed)
        labels = ["measures"] if len(parts) == 1 else [f"measures:{n}" for n in (1, 2)]
        shares = measure_shares([len(part) for part in parts])
        calls: list[tuple[str, Callable[[], Any]]] = [
            ("causes", partial(draft_causes, ctx, listed, backing, "causes"))
        ]
        calls += [
            (
                label,
                partial(
                    draft_measures,
                    ctx,
                    part,
                    label,
                    share=share,
                    split=len(parts) > 1,
                    advice=advice_of(part, texts),
                ),
            )
            for label, part, share in zip(labels, parts, shares, strict=True)
        ]
        causes, *measure_parts = self._parallel(calls)
        measures = [
            item.model_copy(update={"id": f"M{n}"})
            for n, item in enumerate((m for part in measure_parts for m in part), 1)
        ]
        return causes, measures

    def _record(self, record: CallRecord) -> None:
        with self._lock:
            self.log.calls.append(record)
        if self.on_call is not None:
            self.on_call(record)

    def _parallel(self, calls: Sequence[tuple[str, Callable[[], Any]]]) -> list[Any]:
        """Run a stage's calls concurrently (at most ``jobs`` at once); fail after all ended.

        Every call runs to its end before a failure is raised, so what succeeded is in the
        cache and a re-run pays only for what failed.
        """
        from langchain_core.runnables import RunnableLambda

        runner = RunnableLambda(lambda call: call())
        results = runner.batch(
            [call for _, call in calls],
            config={"max_concurrency": self.jobs},
            return_exceptions=True,
        )
        failures = []
        for (label, _), result in zip(calls, results, strict=True):
            if isinstance(result, StructuredOutputError):
                failures.append(
                    CallFailure(label=label, message=str(result), last_raw=result.last_raw)
                )
            elif isinstance(result, CallFailedError):  # retries or deadline ran out
                failures.append(CallFailure(label=label, message=str(result)))
        for result in results:  # key, unreachable server or replay errors: as they are
            if isinstance(result, BaseException) and not isinstance(
                result, StructuredOutputError | CallFailedError
            ):
                raise result
        if failures:
            with self._lock:
                self.log.failures.extend(failures)
                self.log.stages = self.log.stats()
            raise DraftingFailed(failures, self.log)
        return list(results)


def _measure_parts(listed: list[tuple[str, Problem]]) -> list[list[tuple[str, Problem]]]:
    """The problems split by aspect into the measures calls of stage 3 (one or two)."""
    aspects = list(dict.fromkeys(aspect for aspect, _ in listed))
    if len(aspects) < MEASURE_SPLIT:
        return [listed]
    first = set(aspects[: (len(aspects) + 1) // 2])
    return [
        [entry for entry in listed if entry[0] in first],
        [entry for entry in listed if entry[0] not in first],
    ]


def aspect_placeholder(problem_id: str) -> Problem:
    """The visible gap of a required aspect no opinion speaks to: it claims nothing."""
    return Problem(
        id=problem_id, kind=ProblemKind.ASPECT_PLACEHOLDER, headline=ASPECT_PLACEHOLDER_HEADLINE
    )
