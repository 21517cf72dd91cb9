"""Check any material against the genre's rules (GENRE.md).

``check_file(path)`` loads a material (.docx/.txt/.md), an import result or a draft file
and runs the rules configured in ``prompts/checks/rules.yaml`` (optionally overridden by
a user's rules file). Each :class:`Finding` has a rule id, a severity, a location and a
Chinese message.
"""

from __future__ import annotations

from pathlib import Path

from selfreview.checks.config import RuleConfig, load_rules
from selfreview.checks.engine import RULES, has_errors, run_checks
from selfreview.checks.model import CheckTarget, Finding, Location, Severity
from selfreview.schema import Voice

__all__ = [
    "RULES",
    "CheckTarget",
    "Finding",
    "Location",
    "RuleConfig",
    "Severity",
    "check_file",
    "has_errors",
    "load_rules",
    "run_checks",
]


def check_file(
    path: Path, *, rules_file: Path | None = None, voice: Voice | None = None
) -> tuple[CheckTarget, list[Finding]]:
    """Load ``path`` and run the rules; returns the target and its findings."""
    from selfreview.checks.targets import load_target

    rules = load_rules(rules_file)
    target = load_target(path, voice)
    return target, run_checks(target, rules)
