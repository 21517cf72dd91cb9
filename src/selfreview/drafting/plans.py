"""The offline drafter's working state per aspect and the steps over all aspects at once:
the opinions sorted to each aspect, opinions that only restate another taken out, one
problem per bank theme in the whole material, stray opinions clustered under headlines of
their own words, and the lexicons sorting scores against."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from selfreview.drafting.duplicates import restatements
from selfreview.drafting.phrasebank import PhraseBank, Theme
from selfreview.drafting.themes import own_headline, theme_owners
from selfreview.outline import Aspect
from selfreview.predicates import key_terms, strip_reporting_frame
from selfreview.schema import Opinion, Problem, ProblemKind


@dataclass
class AspectPlan:
    """One aspect while it is drafted: its bank topic and themes, the opinions sorted to
    it, and the problems written from them."""

    aspect: Aspect
    topic: str | None
    themes: list[Theme]
    own_themes: int
    """How many of ``themes`` are the topic's own; the rest are borrowed by the scope."""
    opinions: list[Opinion] = field(default_factory=list)
    tokens: dict[str, Counter[str]] = field(default_factory=dict)
    """Each sorted opinion's segmented words, kept so grouping does not segment again."""
    problems: list[Problem] = field(default_factory=list)
    advice_only: list[Opinion] = field(default_factory=list)
    """Sorted opinions that only advise: a measure may take them up, no problem cites them."""
    copies: list[Opinion] = field(default_factory=list)
    """Opinions that only say again what one of ``opinions`` says: cited with it, not written."""

    def real_problems(self) -> list[Problem]:
        """The aspect's problems without its placeholder."""
        return [p for p in self.problems if p.kind is ProblemKind.PROBLEM]


def one_problem_per_theme(
    plans: list[AspectPlan], grouped: list[list[tuple[Theme, list[Opinion]]]]
) -> dict[str, str]:
    """One problem per bank theme in the whole material: a theme drafted under two aspects
    (党内政治生活不够严格 under 政治忠诚 for one opinion and under 固本培元 for another) is
    written once, under the aspect whose scope names it (else the first), its opinions
    joined. Changes ``grouped`` in place; returns moved opinion id -> its new aspect id."""
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, groups in enumerate(grouped):
        for at, (theme, _) in enumerate(groups):
            if not theme.id.startswith("own-") and "{aspect}" not in theme.headline:
                where[theme.headline].append((index, at))
    themes = [theme for groups in grouped for theme, _ in groups]
    owners = theme_owners([plan.aspect for plan in plans], themes)
    moved: dict[str, str] = {}
    emptied: list[tuple[int, int]] = []
    for headline, places in where.items():
        if len(places) < 2:
            continue
        keep = next((p for p in places if p[0] == owners.get(headline)), places[0])
        for place in places:
            if place == keep:
                continue
            opinions = grouped[place[0]][place[1]][1]
            grouped[keep[0]][keep[1]][1].extend(opinions)
            moved.update({o.id: plans[keep[0]].aspect.id for o in opinions})
            emptied.append(place)
    for index, at in sorted(emptied, reverse=True):
        del grouped[index][at]
    return moved


def take_out_restated(
    plans: list[AspectPlan], notes: Sequence[Opinion], assignments: dict[str, str | None]
) -> dict[str, list[str]]:
    """Take out of every aspect the opinions that only say again what another sorted opinion
    says (:func:`restatements`, over the whole material: the same fact may have been sorted
    under two aspects); each is cited where the one it restates is written."""
    placed = {o.id: index for index, plan in enumerate(plans) for o in plan.opinions}
    found = restatements([o for o in notes if o.id in placed])
    for kept, copies in found.items():
        owner = plans[placed[kept]]
        for copy_id in copies:
            plan = plans[placed[copy_id]]
            opinion = next(o for o in plan.opinions if o.id == copy_id)
            plan.opinions.remove(opinion)
            plan.tokens.pop(copy_id, None)
            owner.copies.append(opinion)
            assignments[copy_id] = owner.aspect.id
    return found


def aspect_lexicons(plans: list[AspectPlan], bank: PhraseBank) -> list[dict[str, float]]:
    """Word weights per aspect: outline keywords 2, topic keywords 1, shared words split.

    Theme keywords decide between an aspect's themes, not between aspects: many of them
    are everyday words (检查, 制度, 联系, 交流) that would pull unrelated opinions in.
    """
    raw: list[dict[str, float]] = []
    for plan in plans:
        lexicon: dict[str, float] = {}
        if plan.topic:
            for word in bank.topics[plan.topic].keywords:
                lexicon[word] = 1.0
        for word in plan.aspect.keywords:
            lexicon[word] = 2.0
        raw.append(lexicon)
    spread = Counter(word for lexicon in raw for word in lexicon)
    return [{word: w / spread[word] for word, w in lexicon.items()} for lexicon in raw]


def clusters(opinions: list[Opinion], limit: int) -> list[list[Opinion]]:
    """Opinions grouped by what they are about: one joins the first group it shares two
    content words with, else starts a group; past ``limit`` groups it joins the closest.
    Each group is one generic problem, so that unrelated reports are not run together."""
    groups: list[list[Opinion]] = []
    terms: list[set[str]] = []
    for opinion in opinions:
        mine = key_terms(strip_reporting_frame(opinion.text))
        shared = [len(mine & theirs) for theirs in terms]
        best = max(range(len(groups)), key=lambda i: (shared[i], -i), default=None)
        if best is None or (shared[best] < 2 and len(groups) < limit):
            groups.append([opinion])
            terms.append(set(mine))
        else:
            groups[best].append(opinion)
            terms[best] |= mine
    return groups


def own_headed(
    clusters: list[list[Opinion]],
) -> tuple[list[tuple[str, list[Opinion]]], list[Opinion]]:
    """Each cluster under a headline in its own words: the first opinion whose main clause
    says what every other one is about opens it; a cluster no such headline covers is split,
    each opinion with a headline of its own standing alone. The opinions left without one
    are returned to go under the generic headline (the last resort)."""
    headed: list[tuple[str, list[Opinion]]] = []
    rest: list[Opinion] = []
    for cluster in clusters:
        opener = next(
            (o for o in cluster if own_headline([o, *(x for x in cluster if x is not o)])), None
        )
        if opener is not None:
            ordered = [opener, *(x for x in cluster if x is not opener)]
            headed.append((own_headline(ordered), ordered))
            continue
        for opinion in cluster:
            own = own_headline([opinion])
            if own:
                headed.append((own, [opinion]))
            else:
                rest.append(opinion)
    return headed, rest


def theme_lexicons(plans: list[AspectPlan]) -> list[dict[str, float]]:
    """Per aspect, its themes' keywords not already aspect-level words, shared words split:
    the second tier for an opinion no aspect-level word reaches."""
    raw = [{w: 1.0 for theme in plan.themes for w in theme.keywords} for plan in plans]
    spread = Counter(word for lexicon in raw for word in lexicon)
    return [{word: 1.0 / spread[word] for word in lexicon} for lexicon in raw]
