"""Rules on how causes and measures refer to the problems of a draft file.

A measure's "针对“A”“B”等问题，" lead is computed from its links when the document is built
(:func:`selfreview.render.compose.measure_lead`); it is not in the measure's body. So these
rules read the body as written: what it names itself, whether it repeats the lead, and
whether the headlines it quotes are still the problems' headlines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding
from selfreview.checks.walk import is_gap, numbered_pieces
from selfreview.predicates import concrete_facts, shares_key_term
from selfreview.render.compose import bare_headline
from selfreview.schema import Cause, Measure

_LEAD_RE = re.compile(r"针对((?:“[^“”]{1,60}”[、，,]?)+)(?:等|这些|这)?(?:方面的?)?问题")
_QUOTE_RE = re.compile(r"“([^“”]{1,60})”")
_SHOWN = 40


def _plain(text: str) -> str:
    """A headline or quote compared loosely: no quotes of any kind, no final punctuation."""
    return re.sub(r"[“”‘’\"'「」『』]", "", bare_headline(text)).rstrip("。；，、 ")


def measure_unrelated(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A measure whose own headline and body name nothing of the problems it answers.

    The computed lead names them in the document, but a measure that only the lead ties
    to its problems answers them in name only.
    """
    problems = {p.id: p for p in target.material.all_problems() if not is_gap(p)}
    for piece in numbered_pieces(target, "measure"):
        assert isinstance(piece.item, Measure)
        measure = piece.item
        answered = [problems[i] for i in measure.addresses if i in problems]
        if not answered:
            continue  # orphan-measure or measure-rejected
        own = f"{measure.headline}。{measure.body}"
        about = "。".join(f"{p.headline}。{p.body}。{p.example}" for p in answered)
        if not shares_key_term(own, about) and not _shares_fact(own, about):
            shown = "、".join(f"“{bare_headline(p.headline)}”" for p in answered[:3])
            yield rule.say(piece.location, problems=shown)


def _shares_fact(own: str, about: str) -> bool:
    """Whether ``own`` names a quoted term or named object of ``about`` (“三会一课”)."""
    return any(fact.strip('“”"《》') in about for fact in concrete_facts(own) if not fact.isdigit())


def measure_lead_twice(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A measure whose body has its own "针对“…”等问题" lead: printed after the computed one,
    the document would name the problems twice."""
    for piece in numbered_pieces(target, "measure"):
        assert isinstance(piece.item, Measure)
        match = _LEAD_RE.search(piece.item.body)
        if match:
            yield rule.say(piece.location, lead=_short(match.group(0)))


def stale_headline(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A cause or measure that quotes a headline no current problem has (“…”等问题，根子都在
    这里): the problem was renamed or rejected after the text was written.

    Only quotes of a headline that some problem of the draft once had (as drafted or in a
    revision) count: a quoted term ("“四风”问题") is no reference to a problem.
    """
    current = {_plain(p.headline) for p in target.material.all_problems() if not is_gap(p)}
    known = {_plain(h) for h in target.known_headlines}
    for section in ("cause", "measure"):
        for piece in numbered_pieces(target, section):
            assert isinstance(piece.item, Cause | Measure)
            text = f"{piece.item.headline}。{piece.item.body}"
            stale: list[str] = []
            for quote in _QUOTE_RE.findall(text):
                plain = _plain(quote)
                if plain in known and plain not in current and quote not in stale:
                    stale.append(quote)
            if stale:
                shown = "、".join(f"“{q}”" for q in stale)
                yield rule.say(piece.location, quotes=shown)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
