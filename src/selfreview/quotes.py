"""Quoted phrases, and whether the notes back them: the "invented quote" predicate.

A phrase in Chinese quotes says that someone said or wrote exactly this. A quoted phrase
that no opinion contains (“最多跑一次” for an opinion that says 企业开办仍需跑2至3趟) puts
words in the notes' mouth, as an invented figure does. The model-reply validator (advice),
the draft summary and ``draft check`` share these functions, like those of
:mod:`selfreview.predicates`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from selfreview.grounding import FORMULATIONS
from selfreview.predicates import normalise_quotes
from selfreview.schema import Opinion, Problem, ProblemKind

__all__ = ["invented_quotes", "invented_quotes_of", "quoted_terms"]

_QUOTED_TERM = re.compile(r"“([^“”\n]{1,30})”")


def quoted_terms(text: str) -> list[str]:
    """The phrases ``text`` puts in Chinese quotes (ASCII quotes read as Chinese ones)."""
    return list(dict.fromkeys(_QUOTED_TERM.findall(normalise_quotes(text))))


def invented_quotes(text: str, sources: Sequence[str]) -> list[str]:
    """Quoted phrases of ``text`` that none of ``sources`` contains, with or without quotes.

    Political formulations (“两个维护”, “一岗双责”: ``FORMULATIONS``) may be quoted without
    a source: the genre quotes them as fixed terms.
    """
    shown = [normalise_quotes(s) for s in sources]
    return [
        term
        for term in quoted_terms(text)
        if term not in FORMULATIONS and not any(term in source for source in shown)
    ]


def invented_quotes_of(
    problems: Sequence[Problem], opinions: Mapping[str, Opinion]
) -> dict[str, list[str]]:
    """Problem id -> the quoted phrases of the problem that none of its cited opinions has."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem.kind is not ProblemKind.PROBLEM:
            continue
        texts = [opinions[s].text for s in problem.sources if s in opinions]
        invented = invented_quotes(f"{problem.headline}。{problem.body}。{problem.example}", texts)
        if invented:
            found[problem.id] = invented
    return found
