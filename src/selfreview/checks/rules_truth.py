"""Rules on what a problem says against what the notes say, and on its example.

Every question here ("is this concrete", "is this advice", "is this a reporting frame",
"do these share a key term", "which facts of this opinion are missing") is answered by
:mod:`selfreview.predicates`, the functions the drafters use, so that a clean draft passes
the check by construction and the check fails exactly where the drafters' promise breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Location
from selfreview.checks.walk import is_gap, pieces, problem_pieces
from selfreview.placeholders import PLACEHOLDER_RE
from selfreview.predicates import (
    clauses,
    concrete_facts,
    has_reporting_frame,
    is_advice,
    is_concrete,
    is_sourceless,
    key_terms,
    missing_facts,
    sentences,
    shares_key_term,
    strip_reporting_frame,
)
from selfreview.schema import Problem

_EXAMPLE_LEAD = re.compile(r"^(?:再如|例如|比如|譬如|如)[，,：:]\s*")
_NEXT_EXAMPLE = re.compile(r"[。；;]\s*(?:再如|又如|还如)[，,：:]\s*")
_SHOWN = 24
_MIN_OVERLAP = 3
"""Key terms an example must share with another problem to count as misplaced."""


@dataclass(frozen=True)
class Example:
    """One example of a problem ("如，…" or one "再如，…"), with the problem it belongs to."""

    location: Location
    problem: Problem
    text: str

    @property
    def topic(self) -> str:
        """What the example should be about (see :func:`_topic`)."""
        return _topic(self.problem)


def _topic(problem: Problem) -> str:
    """What a problem is about: its headline and body, and what the phrase bank says a bank
    headline means (the offline drafter writes those headlines)."""
    meaning = _bank_meanings().get(problem.headline.strip("。"), "")
    return f"{problem.headline}。{problem.body}。{meaning}"


def _is_generic(headline: str) -> bool:
    """Whether ``headline`` is one of the phrase bank's generic headlines ("对照…要求还有差距",
    "…工作措施不够有力"): it names no shortcoming, so the whole aspect is its topic."""
    return any(p.fullmatch(headline.strip().rstrip("。")) for p in _generic_patterns())


@cache
def _generic_patterns() -> tuple[re.Pattern[str], ...]:
    from selfreview.drafting.phrasebank import load_phrasebank

    templates = [t.headline for t in load_phrasebank().generic.problems]
    return tuple(re.compile(re.escape(t).replace(re.escape("{aspect}"), ".+")) for t in templates)


@cache
def _bank_meanings() -> dict[str, str]:
    """Headline -> the phrase bank's body and keywords for it."""
    from selfreview.drafting.phrasebank import load_phrasebank

    bank = load_phrasebank()
    return {
        theme.headline: f"{theme.body}。{'、'.join(theme.keywords)}"
        for topic in bank.topics.values()
        for theme in topic.problems
    }


def examples(target: CheckTarget) -> Iterator[Example]:
    """Every real example of every problem: placeholders and aspect gaps left out, each
    "再如，…" a separate example."""
    for piece in problem_pieces(target):
        assert isinstance(piece.item, Problem)
        problem = piece.item
        if is_gap(problem) or not problem.example.strip():
            continue
        for part in _NEXT_EXAMPLE.split(problem.example.strip()):
            text = _EXAMPLE_LEAD.sub("", part.strip()).strip("。；; ")
            if text and not PLACEHOLDER_RE.fullmatch(text):
                yield Example(piece.location, problem, text)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def unsourced_problem(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A problem of a draft that cites no opinion, or only opinions the draft does not hold.

    An aspect placeholder is not a problem (the placeholder rule reports it).
    """
    opinions = target.opinions or {}
    for piece in problem_pieces(target):
        assert isinstance(piece.item, Problem)
        problem = piece.item
        if is_gap(problem):
            continue
        if is_sourceless(problem):
            yield rule.say(piece.location, why="没有注明出自哪条意见")
        elif not any(s in opinions for s in problem.sources):
            cited = "、".join(problem.sources)
            yield rule.say(piece.location, why=f"所引意见 {cited} 不在草稿的意见里")


def uncovered_fact(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A cited opinion whose reported figures or named facts appear nowhere in the material.

    Reported once per opinion, at the first problem citing it. Advice in the opinion
    ("建议每月通报2次") and contact numbers are not reported facts.
    """
    opinions = target.opinions or {}
    whole = "\n".join(p.text for p in pieces(target))
    seen: set[str] = set()
    for piece in problem_pieces(target):
        assert isinstance(piece.item, Problem)
        for source in piece.item.sources:
            if source in seen or source not in opinions:
                continue
            seen.add(source)
            missing = missing_facts(opinions[source], whole)
            if missing:
                shown = "、".join(f"“{f}”" for f in missing)
                yield rule.say(piece.location, opinion=source, facts=shown)


def example_off_topic(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """An example that shares no key term with its own problem but several with another
    problem's text (headline, body, examples): the wrong note under the problem.

    Both conditions are needed: real examples often share no word with a terse headline
    ("攻坚克难的劲头不足" over "8个技改项目中还有3个没有开工"), so a missing shared term alone
    is no evidence; fitting another problem is.
    """
    problems = [p for p in target.material.all_problems() if not is_gap(p)]
    for example in examples(target):
        if _is_generic(example.problem.headline):
            continue  # "对照…要求还有差距" names no shortcoming: the whole aspect is its topic
        if not key_terms(example.text) or shares_key_term(example.text, example.topic):
            continue
        better = [
            other
            for other in problems
            if other.id != example.problem.id
            and not _is_generic(other.headline)
            and _overlap(example.text, f"{_topic(other)}。{other.example}") >= _MIN_OVERLAP
        ]
        if better:
            yield rule.say(
                example.location,
                example=_short(example.text),
                headline=example.problem.headline,
                other=better[0].headline,
            )


def _overlap(text: str, topic: str) -> int:
    """How many key terms of ``text`` the ``topic`` has (as words or inside longer words)."""
    theirs = key_terms(topic)
    return sum(1 for t in key_terms(text) if t in theirs or t in topic)


def example_restates(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """An example that adds nothing: no concrete fact or event, and no content word that
    the headline does not already have."""
    for example in examples(target):
        body = strip_reporting_frame(example.text)
        if is_concrete(body):
            continue
        headline = example.problem.headline
        if all(term in headline for term in key_terms(body)):
            yield rule.say(example.location, example=_short(example.text), headline=headline)


def example_frame(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A reporting frame or speaker label left in an example ("群众反映：", "有同志提出，")."""
    for example in examples(target):
        framed = [s for s in sentences(example.text) if has_reporting_frame(s)]
        if framed:
            frame = _frame_of(framed[0])
            yield rule.say(example.location, frame=frame)


def _frame_of(sentence: str) -> str:
    """The frame part of a framed sentence ("有同志提出，")."""
    rest = strip_reporting_frame(sentence)
    cut = sentence.strip().rfind(rest) if rest else -1
    return sentence.strip()[:cut] if cut > 0 else _short(sentence)


_EXPLICIT_ADVICE = re.compile(r"^(?:建议|希望|恳请|呼吁|请|要|应当|应该|务必|必须)")
"""A clause led by one of these recommends even when it names a figure ("建议每月通报2次");
another clause the predicate calls advice but that reports a figure ("需要跑3趟才办完",
"应到会12人") is a report."""


def example_advice(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Advice in an example ("建议…", "要…", "希望…"): a recommendation is no fact."""
    for example in examples(target):
        body = strip_reporting_frame(example.text)
        advice = [
            c
            for s in sentences(body)
            for c in clauses(strip_reporting_frame(s))
            if is_advice(c) and (_EXPLICIT_ADVICE.match(c) or not concrete_facts(c))
        ]
        if advice:
            yield rule.say(example.location, advice=_short(advice[0].rstrip("，,。；;")))
