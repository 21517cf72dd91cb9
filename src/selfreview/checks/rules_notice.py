"""Rules for a draft against its year's notice: the meeting it answers, and the aspects
the notice requires that no problem covers any more."""

from __future__ import annotations

from collections.abc import Iterator

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Location


def meeting_mismatch(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """The outline answers another year or meeting than the notes' header names."""
    for difference in target.meeting_mismatch:
        yield rule.say(Location(part="标题"), difference=difference)


def aspect_missing(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A required aspect of the outline has no problem left (all rejected, or none)."""
    for name in target.missing_aspects:
        yield rule.say(Location(part=target.material.headings.problems, aspect=name), aspect=name)
