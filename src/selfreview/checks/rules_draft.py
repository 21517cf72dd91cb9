"""Rules for draft files: problem-measure links and facts that the opinions do not back."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Location
from selfreview.checks.walk import is_gap, numbered_pieces, problem_pieces
from selfreview.grounding import ungrounded_facts

_KIND_WORDS = {"number": "数字", "percent": "百分比", "date": "日期", "name": "人名"}


def unanswered_problem(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A problem that no measure's ``addresses`` names."""
    answered = {ref for measure in target.material.measures for ref in measure.addresses}
    for piece in problem_pieces(target):
        assert piece.item is not None
        if is_gap(piece.item):
            continue  # an aspect placeholder is reported by the placeholder rule only
        if piece.item.id not in answered:
            yield rule.finding(piece.location, "没有哪条整改措施回应这个问题")


def orphan_measure(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A measure whose ``addresses`` is empty (and never named a problem since rejected)."""
    for piece in numbered_pieces(target, "measure"):
        assert piece.item is not None
        if target.dropped_links.get(piece.item.id):
            continue  # reported by measure-rejected
        if not getattr(piece.item, "addresses", []):
            yield rule.finding(piece.location, "这条措施没有回应任何查摆出的问题")


def measure_rejected(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A measure whose problems were all rejected in review: it answers nothing now."""
    for piece in numbered_pieces(target, "measure"):
        assert piece.item is not None
        dropped = target.dropped_links.get(piece.item.id, [])
        if dropped and not getattr(piece.item, "addresses", []):
            yield rule.say(piece.location, problems="、".join(dropped))


def ungrounded_fact(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Numbers, dates and names in a drafted problem (or extra part) not in its opinions."""
    opinions = target.opinions or {}
    names = bool(rule.params.get("names", True))
    exempt = [re.escape(p) for p in rule.words("exempt") if p]
    exempt_re = re.compile("|".join(exempt)) if exempt else None

    def check(location: Location, text: str, sources: list[str]) -> Iterator[Finding]:
        if exempt_re is not None:
            text = exempt_re.sub(lambda m: "□" * len(m.group(0)), text)
        missing = ungrounded_facts(
            text, [opinions[s] for s in sources if s in opinions], names=names
        )
        if missing:
            shown = "、".join(f"{_KIND_WORDS.get(f.kind, f.kind)}“{f.text}”" for f in missing)
            cited = "、".join(sources) if sources else "（未注明出处）"
            yield rule.finding(
                location, f"{shown} 在所引意见 {cited} 中找不到，可能是编造的，请核实"
            )

    for piece in problem_pieces(target):
        assert piece.item is not None
        yield from check(piece.location, piece.text, list(getattr(piece.item, "sources", [])))
    for extra in target.material.extra_parts:
        if extra.sources:
            yield from check(Location(part=extra.heading), "".join(extra.paragraphs), extra.sources)
