"""The offline drafter: no model, no network, deterministic.

1. Sort: each opinion goes to the aspect whose lexicon (the outline's keywords plus the
   phrase-bank topic's) its segmented words score highest against; none scores: unused.
2. Group: within an aspect, each opinion goes to the bank theme its whole text (and most
   its main clause) fits best; every theme with an opinion becomes a problem. No problem
   without a source: an aspect with no opinion gets one aspect placeholder (when the
   outline requires the aspect), an opinion that fits no theme is reported unused.
3. Write: the headline from the bank, body and example from what the cited opinions say
   (see :mod:`selfreview.drafting.writing`); causes and measures chosen so that every
   problem is explained and answered, measures naming the problems' objects and taking
   up the opinions' advice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from selfreview.drafting.base import DraftRequest, DraftResult, UnusedOpinion
from selfreview.drafting.duplicates import duplicate_ids, merge_duplicates
from selfreview.drafting.examples import opinion_parts
from selfreview.drafting.frame import frame_material
from selfreview.drafting.phrasebank import PhraseBank, Remedy, Theme, fill, load_phrasebank
from selfreview.drafting.plans import (
    AspectPlan,
    aspect_lexicons,
    clusters,
    one_problem_per_theme,
    own_headed,
    take_out_restated,
    theme_lexicons,
)
from selfreview.drafting.segment import add_words
from selfreview.drafting.themes import (
    ThemeFit,
    aspect_themes,
    attachment_parts,
    attachment_score,
    theme_owners,
)
from selfreview.drafting.writing import (
    advice_of,
    measure_body,
    problem_text,
    subjects,
)
from selfreview.outline import Aspect
from selfreview.predicates import (
    key_terms,
    reported_facts,
    shares_key_term,
    strip_reporting_frame,
    uncovered_facts,
)
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    AspectProblems,
    Cause,
    Measure,
    Opinion,
    OpinionKind,
    Problem,
    ProblemKind,
    Voice,
)

MIN_CAUSES, MIN_MEASURES, MAX_REMEDIES, MAX_PROBLEMS = 3, 3, 5, 4
UNFIT_REASON = "与本方面各类问题的内容均不相符，未强行归入，请人工判断"
ADVICE_REASON = "纯建议，没有对应的整改措施可以吸收，请人工处理"


class OfflineDrafter:
    """Drafts a complete material from rules and the phrase bank alone."""

    name = "offline"

    def __init__(self, bank: PhraseBank | None = None) -> None:
        self.bank = bank or load_phrasebank()

    def draft(self, request: DraftRequest) -> DraftResult:
        """Draft the material for ``request``; the same request always gives the same result."""
        bank = self.bank
        words = bank.voices[request.voice]
        used = {aspect_topic(aspect, bank) for aspect in request.outline.aspects}
        absent = [topic for topic in bank.topics if topic not in used]
        plans = [self._plan(aspect, absent) for aspect in request.outline.aspects]
        last_year = [o for o in request.opinions if o.kind is OpinionKind.LAST_YEAR]
        to_sort = [o for o in merge_duplicates(request.opinions, last_year)]
        assignments, unused = self._sort(to_sort, plans)
        self._rehome(plans, assignments)
        for opinion in last_year:
            assignments[opinion.id] = None
        duplicates = duplicate_ids(request.opinions, last_year)
        for kept, copies in take_out_restated(plans, to_sort, assignments).items():
            duplicates.setdefault(kept, []).extend(copies)

        grouped = [self._group(plan) for plan in plans]
        moved = one_problem_per_theme(plans, [groups for groups, _ in grouped])
        for opinion_id, aspect_id in moved.items():
            for same in (opinion_id, *duplicates.get(opinion_id, [])):
                assignments[same] = aspect_id
        next_id = 1
        for plan, (groups, unfit) in zip(plans, grouped, strict=True):
            for opinion in unfit:
                assignments[opinion.id] = None
                unused.append(UnusedOpinion(id=opinion.id, reason=UNFIT_REASON))
            for theme, cited in groups:
                headline = fill(theme.headline, aspect=_short_name(plan.aspect))
                body, example = problem_text(cited, words, headline)
                ids = [o.id for o in cited]
                ids += [d for o in cited for d in duplicates.get(o.id, [])]
                plan.problems.append(
                    Problem(
                        id=f"P{next_id}",
                        headline=headline,
                        body=body,
                        example=example,
                        sources=ids,
                    )
                )
                next_id += 1
            if not plan.problems and plan.aspect.required:
                plan.problems.append(
                    Problem(
                        id=f"P{next_id}",
                        kind=ProblemKind.ASPECT_PLACEHOLDER,
                        headline=ASPECT_PLACEHOLDER_HEADLINE,
                    )
                )
                next_id += 1
        for plan in plans:
            for opinion in plan.advice_only:
                for dup in duplicates.get(opinion.id, []):
                    assignments[dup] = plan.aspect.id

        measures = self._measures(plans, request.voice, unused)
        material = frame_material(
            request,
            bank,
            problems=[AspectProblems(aspect=p.aspect.name, items=p.problems) for p in plans],
            causes=self._causes(plans, request.voice),
            measures=measures,
        )
        by_id = {o.id: o for o in request.opinions}
        return DraftResult(
            material=material,
            assignments=assignments,
            unused=unused,
            uncovered=uncovered_facts(material.all_problems(), by_id),
        )

    # -- sorting -----------------------------------------------------------------------

    def _plan(self, aspect: Aspect, absent: Sequence[str] = ()) -> AspectPlan:
        topic = aspect_topic(aspect, self.bank)
        own = self.bank.topics[topic].problems if topic else self.bank.generic.problems
        themes = aspect_themes(aspect, own, self.bank, absent)
        return AspectPlan(aspect=aspect, topic=topic, themes=themes, own_themes=len(own))

    def _sort(
        self, opinions: Sequence[Opinion], plans: list[AspectPlan]
    ) -> tuple[dict[str, str | None], list[UnusedOpinion]]:
        lexicons = aspect_lexicons(plans, self.bank)
        by_theme = theme_lexicons(plans)
        add_words(word for plan in plans for theme in plan.themes for word in theme.keywords)
        add_words(word for lexicon in lexicons for word in lexicon)
        meanings = [
            {t for theme in plan.themes for t in key_terms(f"{theme.headline}。{theme.body}")}
            | key_terms(f"{plan.aspect.name}。{plan.aspect.scope}")
            for plan in plans
        ]
        weak, none = frozenset(self.bank.weak_words), frozenset[str]()
        vocabulary = {w for tier in (lexicons, by_theme) for lexicon in tier for w in lexicon}
        assignments: dict[str, str | None] = {}
        unused: list[UnusedOpinion] = []
        for opinion in opinions:
            if self.bank.not_opinions.matches(opinion.text):
                assignments[opinion.id] = None
                unused.append(UnusedOpinion(id=opinion.id, reason=self.bank.not_opinions.reason))
                continue
            parts = attachment_parts(opinion.text, vocabulary)
            tokens = parts.pieces[0][0]
            # aspect words first, then themes'; a generic word decides only when no other does
            for tier, generic in ((lexicons, weak), (by_theme, weak), (lexicons, none)):
                scores = [attachment_score(parts, lexicon, generic) for lexicon in tier]
                if max(scores, default=0.0) > 0:
                    break
            best = max(range(len(plans)), key=lambda i: (scores[i], -i))
            if scores[best] <= 0:  # no keyword: the content words the aspects' themes share
                terms = key_terms(strip_reporting_frame(opinion.text))
                shared = [len(terms & meanings[i]) for i in range(len(plans))]
                best = max(range(len(plans)), key=lambda i: (shared[i], -i))
                scores = [float(n) if n >= 2 else 0.0 for n in shared]
            if scores[best] <= 0:
                assignments[opinion.id] = None
                unused.append(
                    UnusedOpinion(id=opinion.id, reason="与提纲各方面的内容均不相符，请人工归入")
                )
                continue
            plans[best].opinions.append(opinion)
            plans[best].tokens[opinion.id] = tokens
            assignments[opinion.id] = plans[best].aspect.id
        return assignments, unused

    # -- grouping ----------------------------------------------------------------------

    def _group(self, plan: AspectPlan) -> tuple[list[tuple[Theme, list[Opinion]]], list[Opinion]]:
        """The aspect's problems in the bank's order, and the opinions that fit none.

        Each opinion goes to the theme its reported text fits best: the theme's keywords
        scored over the whole text and again over its main clause, plus the content words
        it shares with the theme's headline and elaboration. Advice-only opinions are kept
        for the measures. An opinion that fits no theme goes under the aspect's generic
        headline when it shares a content word with :func:`aspect_meaning`; else (and when
        it is empty) it is returned as unfit, to be reported, never forced.
        """
        themes = plan.themes
        fit = ThemeFit(themes, self.bank.weak_words)
        groups: dict[int, list[Opinion]] = defaultdict(list)
        stray: list[Opinion] = []
        unfit: list[Opinion] = []
        for opinion in plan.opinions:
            parts = opinion_parts(opinion.text)
            if not parts.concrete and not parts.general:
                (plan.advice_only if parts.advice else unfit).append(opinion)
                continue
            reported = "。".join(parts.concrete + parts.general)
            best = fit.best(reported)
            if best is not None and best >= plan.own_themes and not fit.keywords_in(reported, best):
                best = None  # a borrowed theme needs one of its own words, not a shared one
            if best is not None:
                groups[best].append(opinion)
            elif shares_key_term(
                reported, aspect_meaning(plan.aspect, self.bank)
            ) or reported_facts(opinion.text):
                # about the aspect, or a fact sorted here by its words, but no theme: a
                # headline of its own words (a reported fact is never left out)
                stray.append(opinion)
            else:
                unfit.append(opinion)
        result = [(themes[index], groups[index]) for index in sorted(groups)]
        generic = self.bank.generic.problems
        room = min(len(generic), max(1, MAX_PROBLEMS - len(result)))  # the genre's 2-4 each
        headed, rest = own_headed(clusters(stray, room))
        for n, (own, cluster) in enumerate(headed):  # the opinions' words, not the aspect's
            result.append((Theme(id=f"own-{n}", headline=own), cluster))
        room = max(1, min(len(generic), MAX_PROBLEMS - len(result)))
        for n, cluster in enumerate(clusters(rest, room)):  # last resort: the generic headline
            result.append((generic[n], cluster))
        return result, unfit

    def _rehome(self, plans: list[AspectPlan], assignments: dict[str, str | None]) -> None:
        """Move an opinion to the aspect whose outline scope names the subject of the bank
        theme it fits best (党内政治生活 under 固本培元、增强党性 when that aspect's scope
        names it, though the political topic holds the theme), when at least two of the
        theme's keywords are in it and the aspect it leaves keeps another opinion."""
        themes = list({t.headline: t for plan in plans for t in plan.themes}.values())
        owners = theme_owners([plan.aspect for plan in plans], themes)
        if not owners:
            return
        fit = ThemeFit(themes, self.bank.weak_words)
        for index, plan in enumerate(plans):
            for opinion in list(plan.opinions):
                parts = opinion_parts(opinion.text)
                reported = "。".join(parts.concrete + parts.general)
                best = fit.best(reported)
                owner = owners.get(themes[best].headline) if best is not None else None
                if owner is None or owner == index or best is None:
                    continue
                if fit.keywords_in(reported, best) < 2 or len(plan.opinions) == 1:
                    continue  # one shared word is no meaning; never empty an aspect
                plan.opinions.remove(opinion)
                plans[owner].opinions.append(opinion)
                plans[owner].tokens[opinion.id] = plan.tokens.pop(opinion.id)
                assignments[opinion.id] = plans[owner].aspect.id

    # -- causes, measures, preamble ----------------------------------------------------

    def _causes(self, plans: list[AspectPlan], voice: Voice) -> list[Cause]:
        picked = self._pick_remedies(self.bank.causes, plans, minimum=MIN_CAUSES)
        words = self.bank.voices[voice]
        who = subjects(voice, words)
        return [  # linked by ``explains``: a quoted headline would go stale in review
            Cause(
                id=f"C{n}",
                headline=r.headline,
                body=fill(r.body, who=next(who), we=words.we),
                explains=ids,
            )
            for n, (r, ids) in enumerate(picked, start=1)
        ]

    def _measures(
        self, plans: list[AspectPlan], voice: Voice, unused: list[UnusedOpinion]
    ) -> list[Measure]:
        """Measures answering the problems; each takes up the advice of their opinions.

        Advice-only opinions of an aspect go to the measure that answers most of that
        aspect's problems (or whose bank topics include the aspect's); none: unused.
        """
        picked = self._pick_remedies(self.bank.measures, plans, minimum=MIN_MEASURES)
        words = self.bank.voices[voice]
        problems = {p.id: p for plan in plans for p in plan.real_problems()}
        opinions = {o.id: o for plan in plans for o in (*plan.opinions, *plan.copies)}
        takers: dict[int, list[Opinion]] = defaultdict(list)
        for plan in plans:
            own = {p.id for p in plan.real_problems()}
            for opinion in plan.advice_only:
                advice = "。".join(advice_of([opinion]))
                scores = [
                    (
                        len(own & set(ids)),
                        plan.topic in remedy.topics,
                        shares_key_term(advice, f"{remedy.headline}。{remedy.body}"),
                    )
                    for remedy, ids in picked
                ]
                best = max(range(len(picked)), key=lambda i: scores[i], default=None)
                if best is None or not any(scores[best]):
                    unused.append(UnusedOpinion(id=opinion.id, reason=ADVICE_REASON))
                else:
                    takers[best].append(opinion)
        stock = {t.headline for topic in self.bank.topics.values() for t in topic.problems}
        stock |= {
            fill(g.headline, aspect=_short_name(plan.aspect))
            for plan in plans
            for g in self.bank.generic.problems
        }
        measures: list[Measure] = []
        for n, (remedy, ids) in enumerate(picked):
            answered = [problems[i] for i in ids]
            cited = [opinions[s] for p in answered for s in p.sources if s in opinions]
            advising = [o for o in [*cited, *takers[n]] if advice_of([o])]
            proposals = advice_of(advising)
            measures.append(
                Measure(
                    id=f"M{n + 1}",
                    headline=remedy.headline,
                    body=measure_body(
                        fill(remedy.body, we=words.we), answered, proposals, stock=stock
                    ),
                    addresses=ids,
                    sources=list(dict.fromkeys(o.id for o in advising)),
                )
            )
        return measures

    def _pick_remedies(
        self, remedies: list[Remedy], plans: list[AspectPlan], *, minimum: int
    ) -> list[tuple[Remedy, list[str]]]:
        """Choose ``minimum``-5 remedies so that every problem is covered by one of them.

        Greedy set cover in the bank's order; problems of aspects no remedy's topics reach
        go to the remedy that covers most, so that nothing is left unanswered.
        """
        all_ids = [p.id for plan in plans for p in plan.real_problems()]
        covers = {
            r.id: [p.id for plan in plans if plan.topic in r.topics for p in plan.real_problems()]
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
        if not chosen and not all_ids:  # nothing to answer: the topics of the aspects
            wanted = {plan.topic for plan in plans}
            chosen = [r for r in remedies if wanted & set(r.topics)][:minimum]
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


def aspect_topic(aspect: Aspect, bank: PhraseBank) -> str | None:
    """The bank topic the aspect is drafted from: its own, else the closest, else none."""
    return aspect.topic if aspect.topic in bank.topics else _closest_topic(aspect, bank)


def aspect_meaning(aspect: Aspect, bank: PhraseBank) -> str:
    """What an aspect is about: its name, scope and keywords, and its bank topic's themes.

    The generic headline (对照…要求还有差距) means this; an example under it must share a
    content word with it.
    """
    parts = [aspect.name, aspect.scope, "、".join(aspect.keywords)]
    topic = bank.topics.get(aspect_topic(aspect, bank) or "")
    if topic:
        parts.append("、".join(topic.keywords))
        parts += [f"{t.headline}。{t.body}。{'、'.join(t.keywords)}" for t in topic.problems]
    return "。".join(parts)


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
