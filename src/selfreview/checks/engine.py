"""Run the configured rules over a target; the registry maps rule ids to functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from selfreview.checks import (
    rules_draft,
    rules_links,
    rules_notice,
    rules_structure,
    rules_text,
    rules_truth,
    rules_wording,
)
from selfreview.checks.config import RuleConfig, enabled_for
from selfreview.checks.model import CheckTarget, Finding, Severity
from selfreview.errors import DataFileError

Rule = Callable[[CheckTarget, RuleConfig], Iterator[Finding]]

RULES: dict[str, Rule] = {
    "placeholder": rules_text.placeholder,
    "numbering": rules_structure.numbering,
    "voice": rules_text.voice,
    "praise-first": rules_text.praise_first,
    "empty-pledge": rules_text.empty_pledge,
    "generic-phrase": rules_text.generic_phrase,
    "no-example": rules_structure.no_example,
    "problem-share": rules_structure.problem_share,
    "missing-part": rules_structure.missing_part,
    "counts": rules_structure.counts,
    "measure-specifics": rules_structure.measure_specifics,
    "typography": rules_text.typography,
    "unplaced-text": rules_structure.unplaced_text,
    "unanswered-problem": rules_draft.unanswered_problem,
    "orphan-measure": rules_draft.orphan_measure,
    "ungrounded-fact": rules_draft.ungrounded_fact,
    "measure-rejected": rules_draft.measure_rejected,
    "meeting-mismatch": rules_notice.meeting_mismatch,
    "aspect-missing": rules_notice.aspect_missing,
    "particle-misuse": rules_wording.particle_misuse,
    "broken-line": rules_wording.broken_line,
    "dangling-de": rules_wording.dangling_de,
    "unsourced-problem": rules_truth.unsourced_problem,
    "uncovered-fact": rules_truth.uncovered_fact,
    "example-off-topic": rules_truth.example_off_topic,
    "example-restates": rules_truth.example_restates,
    "example-frame": rules_truth.example_frame,
    "example-advice": rules_truth.example_advice,
    "measure-unrelated": rules_links.measure_unrelated,
    "measure-lead-twice": rules_links.measure_lead_twice,
    "stale-headline": rules_links.stale_headline,
}
"""Every rule the engine knows; ``prompts/checks/rules.yaml`` configures each of them."""

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def run_checks(target: CheckTarget, rules: Sequence[RuleConfig]) -> list[Finding]:
    """Findings of every enabled rule that applies to the target, errors first.

    Within a severity, findings keep rule order and document order. A rule in the data
    with no code behind it is a :class:`DataFileError`.
    """
    findings: list[Finding] = []
    for rule in enabled_for(rules, target.kind):
        function = RULES.get(rule.id)
        if function is None:
            raise DataFileError(f"规则 {rule.id} 没有对应的检查程序")
        findings.extend(function(target, rule))
    return sorted(findings, key=lambda f: _ORDER[f.severity])


def has_errors(findings: Sequence[Finding]) -> bool:
    """Whether any finding is an error (``draft check`` then exits 1)."""
    return any(f.severity is Severity.ERROR for f in findings)
