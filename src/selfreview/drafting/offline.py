"""The offline drafter: no model, no network, deterministic.

1. Sort: each opinion goes to the aspect whose lexicon (the outline's keywords plus the
   phrase-bank topic's) its segmented words score highest against; none scores: unused.
2. Group: within an aspect, each opinion goes to the bank theme it matches best; the 2-4
   best-supported themes become problems (an aspect with too little support is topped up
   with canonical themes whose example is the placeholder, for a person to fill).
3. Write: headline and elaboration from the bank, the example from the cited opinions
   (see :mod:`selfreview.drafting.examples`), causes and measures chosen so that every
   problem is explained and answered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from selfreview.drafting.base import DraftRequest, DraftResult, UnusedOpinion
from selfreview.drafting.examples import build_example
from selfreview.drafting.frame import frame_material
from selfreview.drafting.phrasebank import PhraseBank, Remedy, Theme, fill, load_phrasebank
from selfreview.drafting.segment import add_words, segment
from selfreview.outline import Aspect
from selfreview.schema import (
    PLACEHOLDER_EXAMPLE,
    AspectProblems,
    Cause,
    Measure,
    Opinion,
    OpinionKind,
    Problem,
    Voice,
)

MIN_PROBLEMS, MAX_PROBLEMS = 2, 4
MIN_CAUSES, MIN_MEASURES, MAX_REMEDIES = 4, 3, 5


@dataclass
class _AspectPlan:
    aspect: Aspect
    topic: str | None
    themes: list[Theme]
    opinions: list[Opinion] = field(default_factory=list)
    tokens: dict[str, Counter[str]] = field(default_factory=dict)
    """Each sorted opinion's segmented words, kept so grouping does not segment again."""
    problems: list[Problem] = field(default_factory=list)


class OfflineDrafter:
    """Drafts a complete material from rules and the phrase bank alone."""

    name = "offline"

    def __init__(self, bank: PhraseBank | None = None) -> None:
        self.bank = bank or load_phrasebank()

    def draft(self, request: DraftRequest) -> DraftResult:
        """Draft the material for ``request``; the same request always gives the same result."""
        bank = self.bank
        words = bank.voices[request.voice]
        plans = [self._plan(aspect) for aspect in request.outline.aspects]
        last_year = [o for o in request.opinions if o.kind is OpinionKind.LAST_YEAR]
        to_sort = [o for o in request.opinions if o.kind is not OpinionKind.LAST_YEAR]
        assignments, unused = self._sort(to_sort, plans)
        for opinion in last_year:
            assignments[opinion.id] = None

        next_id = 1
        for plan in plans:
            for theme, sources, illustrating in self._group(plan):
                example = build_example(illustrating, words) or PLACEHOLDER_EXAMPLE
                plan.problems.append(
                    Problem(
                        id=f"P{next_id}",
                        headline=fill(theme.headline, aspect=_short_name(plan.aspect)),
                        body=fill(
                            theme.body, who=words.who, we=words.we, aspect=_short_name(plan.aspect)
                        ),
                        example=example,
                        sources=[o.id for o in sources],
                    )
                )
                next_id += 1

        material = frame_material(
            request,
            bank,
            problems=[AspectProblems(aspect=p.aspect.name, items=p.problems) for p in plans],
            causes=self._causes(plans, request.voice),
            measures=self._measures(plans, request.voice),
        )
        return DraftResult(material=material, assignments=assignments, unused=unused)

    # -- sorting -----------------------------------------------------------------------

    def _plan(self, aspect: Aspect) -> _AspectPlan:
        topics = self.bank.topics
        topic = aspect.topic if aspect.topic in topics else _closest_topic(aspect, self.bank)
        themes = topics[topic].problems if topic else self.bank.generic.problems
        return _AspectPlan(aspect=aspect, topic=topic, themes=list(themes))

    def _sort(
        self, opinions: Sequence[Opinion], plans: list[_AspectPlan]
    ) -> tuple[dict[str, str | None], list[UnusedOpinion]]:
        lexicons = _aspect_lexicons(plans, self.bank)
        add_words(word for plan in plans for theme in plan.themes for word in theme.keywords)
        add_words(word for lexicon in lexicons for word in lexicon)
        assignments: dict[str, str | None] = {}
        unused: list[UnusedOpinion] = []
        for opinion in opinions:
            if self.bank.not_opinions.matches(opinion.text):
                assignments[opinion.id] = None
                unused.append(UnusedOpinion(id=opinion.id, reason=self.bank.not_opinions.reason))
                continue
            tokens = Counter(segment(opinion.text))
            scores = [_score(tokens, opinion.text, lexicon) for lexicon in lexicons]
            best = max(range(len(plans)), key=lambda i: (scores[i], -i))
            if scores[best] <= 0:
                assignments[opinion.id] = None
                unused.append(
                    UnusedOpinion(id=opinion.id, reason="未命中任何方面的关键词，请人工归入")
                )
                continue
            plans[best].opinions.append(opinion)
            plans[best].tokens[opinion.id] = tokens
            assignments[opinion.id] = plans[best].aspect.id
        return assignments, unused

    # -- grouping ----------------------------------------------------------------------

    def _group(self, plan: _AspectPlan) -> list[tuple[Theme, list[Opinion], list[Opinion]]]:
        """The aspect's problems, in the bank's order.

        Each is (theme, cited opinions, the opinions that may illustrate it), both in
        document order. Only opinions that match the theme's own keywords illustrate it;
        one placed there for lack of a better match is cited but gives no example, so
        that a "如，…" sentence always speaks to its headline. A group none of whose
        opinions matches (generic themes) is illustrated by all of them.
        """
        lexicons = [{word: 1.0 for word in theme.keywords} for theme in plan.themes]
        scored: dict[str, list[float]] = {}
        for opinion in plan.opinions:
            tokens = plan.tokens[opinion.id]
            scored[opinion.id] = [_score(tokens, opinion.text, lex) for lex in lexicons]
        groups = _assign_to_themes(plan.opinions, scored, range(len(plan.themes)))
        ranked = sorted(groups, key=lambda i: (-len(groups[i]), i))
        chosen = ranked[:MAX_PROBLEMS]
        if len(ranked) > MAX_PROBLEMS:
            leftovers = [o for i in ranked[MAX_PROBLEMS:] for o in groups[i]]
            for index, opinions in _assign_to_themes(leftovers, scored, chosen).items():
                groups[index].extend(opinions)
        for index in range(len(plan.themes)):  # top up with canonical themes
            if len(chosen) >= MIN_PROBLEMS:
                break
            if index not in chosen:
                chosen.append(index)
                groups.setdefault(index, [])
        order = {o.id: n for n, o in enumerate(plan.opinions)}
        result = []
        for index in sorted(chosen):
            cited = sorted(groups[index], key=lambda o: order[o.id])
            matching = [o for o in cited if scored[o.id][index] > 0]
            result.append((plan.themes[index], cited, matching or cited))
        return result

    # -- causes, measures, preamble ----------------------------------------------------

    def _causes(self, plans: list[_AspectPlan], voice: Voice) -> list[Cause]:
        picked = self._pick_remedies(self.bank.causes, plans, minimum=MIN_CAUSES)
        words = self.bank.voices[voice]
        return [
            Cause(
                id=f"C{n}",
                headline=r.headline,
                body=fill(r.body, who=words.who, we=words.we),
                explains=ids,
            )
            for n, (r, ids) in enumerate(picked, start=1)
        ]

    def _measures(self, plans: list[_AspectPlan], voice: Voice) -> list[Measure]:
        picked = self._pick_remedies(self.bank.measures, plans, minimum=MIN_MEASURES)
        words = self.bank.voices[voice]
        return [  # no "针对…等问题，" here: the build computes it from ``addresses``
            Measure(
                id=f"M{n}",
                headline=r.headline,
                body=fill(r.body, who=words.who, we=words.we),
                addresses=ids,
            )
            for n, (r, ids) in enumerate(picked, start=1)
        ]

    def _pick_remedies(
        self, remedies: list[Remedy], plans: list[_AspectPlan], *, minimum: int
    ) -> list[tuple[Remedy, list[str]]]:
        """Choose ``minimum``-5 remedies so that every problem is covered by one of them.

        Greedy set cover in the bank's order; problems of aspects no remedy's topics reach
        go to the remedy that covers most, so that nothing is left unanswered.
        """
        all_ids = [p.id for plan in plans for p in plan.problems]
        covers = {
            r.id: [p.id for plan in plans if plan.topic in r.topics for p in plan.problems]
            for r in remedies
        }
        chosen: list[Remedy] = []
        uncovered = set(all_ids)
        while uncovered and len(chosen) < MAX_REMEDIES:
            best = max(
                remedies, key=lambda r: (len(uncovered & set(covers[r.id])), -remedies.index(r))
            )
            if not uncovered & set(covers[best.id]):
                break
            chosen.append(best)
            uncovered -= set(covers[best.id])
        for remedy in sorted(remedies, key=lambda r: -len(covers[r.id])):
            if len(chosen) >= minimum:
                break
            if remedy not in chosen and covers[remedy.id]:
                chosen.append(remedy)
        if not chosen:  # no remedy's topic is in this outline: general remedies cover all
            chosen = remedies[:minimum]
            covers = {r.id: list(all_ids) for r in chosen}
            uncovered = set()
        chosen.sort(key=remedies.index)
        result = [(r, list(covers[r.id])) for r in chosen]
        if uncovered and result:
            widest = max(result, key=lambda pair: len(pair[1]))
            widest[1].extend(uncovered)
        order = {pid: n for n, pid in enumerate(all_ids)}
        return [(r, sorted(set(ids), key=order.__getitem__)) for r, ids in result]


def _aspect_lexicons(plans: list[_AspectPlan], bank: PhraseBank) -> list[dict[str, float]]:
    """Word weights per aspect: outline keywords 2, topic and theme keywords 1, shared split."""
    raw: list[dict[str, float]] = []
    for plan in plans:
        lexicon: dict[str, float] = {}
        if plan.topic:
            for word in bank.topics[plan.topic].keywords:
                lexicon[word] = 1.0
        for theme in plan.themes:
            for word in theme.keywords:
                lexicon.setdefault(word, 1.0)
        for word in plan.aspect.keywords:
            lexicon[word] = 2.0
        raw.append(lexicon)
    spread = Counter(word for lexicon in raw for word in lexicon)
    return [{word: w / spread[word] for word, w in lexicon.items()} for lexicon in raw]


def _score(tokens: Counter[str], text: str, lexicon: dict[str, float]) -> float:
    """Lexicon score: token hits (at most two per word), half weight for substring-only hits."""
    total = 0.0
    for word, weight in lexicon.items():
        hits = tokens.get(word, 0)
        if hits:
            total += weight * min(hits, 2)
        elif len(word) >= 2 and word in text:
            total += weight / 2
    return total


def _assign_to_themes(
    opinions: Iterable[Opinion], scored: dict[str, list[float]], allowed: Iterable[int]
) -> dict[int, list[Opinion]]:
    """Each opinion to its best-scoring allowed theme; unmatched ones to the largest group."""
    allowed = list(allowed)
    groups: dict[int, list[Opinion]] = defaultdict(list)
    unmatched: list[Opinion] = []
    for opinion in opinions:
        scores = scored[opinion.id]
        best = max(allowed, key=lambda i: (scores[i], -i))
        if scores[best] > 0:
            groups[best].append(opinion)
        else:
            unmatched.append(opinion)
    if unmatched:
        largest = max(allowed, key=lambda i: (len(groups.get(i, [])), -i))
        groups[largest].extend(unmatched)
    return dict(groups)


def _closest_topic(aspect: Aspect, bank: PhraseBank) -> str | None:
    """The bank topic sharing most words with the aspect's name and keywords, if any."""
    wanted = set(aspect.keywords)
    best: tuple[int, str] | None = None
    for topic_id, topic in bank.topics.items():
        overlap = len(wanted & set(topic.keywords)) + sum(w in aspect.name for w in topic.keywords)
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, topic_id)
    return best[1] if best else None


def _short_name(aspect: Aspect) -> str:
    return aspect.name.removesuffix("方面").removeprefix("在").strip() or aspect.name
