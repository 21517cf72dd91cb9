"""The genre's wording rules as advice to the model while it drafts.

The same rules ``draft check`` runs (``prompts/checks/rules.yaml``): blame shifted to
有的同志 in personal material, 先扬后抑, empty pledges. A drafted item that breaks one is
sent back with the finding, like a validation error, while re-asks remain.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from selfreview.checks import CheckTarget, RuleConfig, load_rules, run_checks
from selfreview.schema import AspectProblems, Cause, Material, Measure, Problem, Voice

ADVICE_RULES = ("voice", "praise-first", "empty-pledge")


@cache
def _rules() -> tuple[RuleConfig, ...]:
    return tuple(r for r in load_rules() if r.id in ADVICE_RULES)


def _advice(material: Material, voice: Voice) -> list[str]:
    target = CheckTarget(source="模型回答", kind="material", material=material, voice=voice)
    out = []
    for finding in run_checks(target, _rules()):
        number = finding.location.id[1:]
        where = f"items.{int(number) - 1}" if number.isdigit() else finding.location.describe()
        out.append(f"{where}：{finding.message}")
    return out


def problems_advice(aspect: str, items: Sequence[Problem], voice: Voice) -> list[str]:
    """Wording findings on one aspect's drafted problems (ids P1… in reply order)."""
    material = Material(
        title="候选", voice=voice, problems=[AspectProblems(aspect=aspect, items=list(items))]
    )
    return _advice(material, voice)


def causes_advice(items: Sequence[Cause], voice: Voice) -> list[str]:
    """Wording findings on drafted causes (ids C1… in reply order, no references)."""
    return _advice(Material(title="候选", voice=voice, causes=list(items)), voice)


def measures_advice(items: Sequence[Measure], voice: Voice) -> list[str]:
    """Wording findings on drafted measures (ids M1… in reply order, no references)."""
    return _advice(Material(title="候选", voice=voice, measures=list(items)), voice)
