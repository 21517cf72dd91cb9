"""The genre's wording rules, and near misses of coverage, as advice to the model.

The same rules ``draft check`` runs (``prompts/checks/rules.yaml``): blame shifted to
有的同志 in personal material, 先扬后抑, empty pledges; and, through the shared predicates
(``selfreview.predicates``), facts of a cited opinion that the problem leaves out and an
example that shares no key term with its problem. A drafted item that breaks one is sent
back with the finding, like a validation error, while re-asks remain; on the last attempt
it is accepted, since a person reviews every item and ``draft check`` reports it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from selfreview.checks import CheckTarget, RuleConfig, load_rules, run_checks
from selfreview.llm.dedupe import OpinionGroup
from selfreview.llm.replies import DraftedProblem
from selfreview.predicates import missing_facts, shares_key_term
from selfreview.schema import (
    PLACEHOLDER_EXAMPLE,
    AspectProblems,
    Cause,
    Material,
    Measure,
    Problem,
    Voice,
)

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


def coverage_advice(where: str, item: DraftedProblem, groups: Sequence[OpinionGroup]) -> list[str]:
    """Advice on one drafted problem: facts of its cited opinions that its text leaves out,
    and an example that shares no key term with the headline and body."""
    out = []
    text = f"{item.headline}。{item.body}{item.example}"
    for number in dict.fromkeys(item.sources):
        if not 1 <= number <= len(groups):
            continue
        missing = missing_facts(groups[number - 1].first.text, text)
        if missing:
            shown = "、".join(f"“{fact}”" for fact in missing)
            out.append(
                f"{where}：所引用的意见 [{number}] 中的 {shown} 没有写进问题；"
                "请写进事例（第二件事用“再如，”），不用的意见不要引用"
            )
    example = item.example.strip()
    concrete = example and example != PLACEHOLDER_EXAMPLE
    if concrete and not shares_key_term(example, f"{item.headline}。{item.body}"):
        out.append(
            f"{where}.example：事例与问题的标题和展开没有共同的关键词，"
            "请检查事例是否属于这个问题，或让标题概括事例所说的事"
        )
    return out
