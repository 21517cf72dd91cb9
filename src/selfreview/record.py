"""The review record kept in the draft file: every revision and decision on every unit."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from selfreview.schema import StrictModel


class Status(StrEnum):
    """Where a unit stands.

    ``APPROVED_WITH_EDITS`` is approved with the reviewer's own changes; its stored value
    stays ``"edited"``, so draft files written before the rename read unchanged.
    """

    PENDING = "pending"
    APPROVED = "approved"
    APPROVED_WITH_EDITS = "edited"
    REJECTED = "rejected"


ACCEPTED = frozenset({Status.APPROVED, Status.APPROVED_WITH_EDITS})
"""Statuses whose unit goes into the document."""

STATUS_NAMES = {
    Status.PENDING: "待定",
    Status.APPROVED: "已确认",
    Status.APPROVED_WITH_EDITS: "已修改确认",
    Status.REJECTED: "已删除",
}

RevisionOrigin = Literal["drafted", "edited", "regenerated", "added", "redrafted"]


class Revision(StrictModel):
    """One version of a unit's text: as drafted, as edited, as regenerated."""

    origin: RevisionOrigin
    fields: dict[str, str]
    at: datetime
    by: str
    """The person (edits) or the drafter/model (drafted, regenerated)."""
    instruction: str = ""
    """For a regeneration: what the reviewer asked for (e.g. 更具体一些)."""


class Decision(StrictModel):
    """One decision on a unit, by whom and when, with the reviewer's comment."""

    status: Status
    by: str
    at: datetime
    comment: str = ""
    via: str = "review"
    """How it was made: terminal, sheet, approve-all, api, or ``selfreview`` for the
    automatic reset when something the unit depends on changed."""


class UnitReview(StrictModel):
    """The history of one unit; its current text is the last revision's."""

    revisions: list[Revision] = Field(min_length=1)
    decisions: list[Decision] = Field(default_factory=list)
    flag: str = ""
    """Why this unit needs another look (set when a problem it cites changed)."""

    @property
    def status(self) -> Status:
        """The latest decision's status; pending when nothing was decided."""
        return self.decisions[-1].status if self.decisions else Status.PENDING

    @property
    def current(self) -> Revision:
        """The revision the material holds now."""
        return self.revisions[-1]
