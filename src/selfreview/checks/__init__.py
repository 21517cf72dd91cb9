"""Check any material against the genre's rules (GENRE.md).

:func:`run_checks` runs the rules configured in ``prompts/checks/rules.yaml`` (optionally
overridden by a user's rules file) on a :class:`CheckTarget`; reading a file or a draft
into one is :func:`selfreview.workflow.checking.check_target`'s job, so the rules know
nothing of draft files or the review. Each :class:`Finding` has a rule id, a severity, a
location and a Chinese message.
"""

from __future__ import annotations

from selfreview.checks.config import RuleConfig, load_rules
from selfreview.checks.engine import RULES, has_errors, run_checks
from selfreview.checks.model import CheckTarget, Finding, Location, Severity

__all__ = [
    "RULES",
    "CheckTarget",
    "Finding",
    "Location",
    "RuleConfig",
    "Severity",
    "has_errors",
    "load_rules",
    "run_checks",
]
