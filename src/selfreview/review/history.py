"""What a review action writes into the review record: revisions, decisions and flags.

:class:`~selfreview.review.session.ReviewSession` changes the material with typed edits
(:mod:`selfreview.edits`) and records here who did what and when: a revision for new text,
a decision for a status, and, when a problem changed, the flag and automatic reset of the
causes and measures that cite it.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from datetime import UTC, datetime

from selfreview.draftfile import DraftFile
from selfreview.record import Decision, Revision, RevisionOrigin, Status, UnitReview
from selfreview.review.gate import all_rejected
from selfreview.schema import Cause, Measure
from selfreview.units import item_links

SYSTEM = "selfreview"
"""The ``by`` of decisions the tool makes itself (resets when a cited problem changed)."""


def current_user() -> str:
    """The login name of the person running the tool."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def decision(status: Status, comment: str, *, by: str, via: str) -> Decision:
    """A decision made now; one made ``via`` :data:`SYSTEM` is by the tool itself."""
    return Decision(
        status=status,
        by=SYSTEM if via == SYSTEM else by,
        at=datetime.now(UTC),
        comment=comment,
        via=via,
    )


def decide(unit: UnitReview, made: Decision) -> None:
    """Record ``made`` on ``unit``; a person's decision settles whatever the flag asked."""
    unit.decisions.append(made)
    if made.via != SYSTEM:
        unit.flag = ""


def revision(
    origin: RevisionOrigin, fields: dict[str, str], by: str, instruction: str = ""
) -> Revision:
    """A revision written now: the unit's new text, by whom (a person or a model)."""
    return Revision(
        origin=origin, fields=fields, at=datetime.now(UTC), by=by, instruction=instruction
    )


def new_unit(first: Revision, decisions: Sequence[Decision] = ()) -> UnitReview:
    """The record of a unit that did not exist before (added by hand or regenerated)."""
    return UnitReview(revisions=[first], decisions=list(decisions))


def mark_dependents(draft: DraftFile, problem_id: str, reason: str) -> None:
    """Causes and measures of ``draft`` citing ``problem_id`` need another look: flagged,
    and back to pending unless still undecided or rejected.

    One whose problems are now all rejected says so: it answers nothing left in the
    document, and the build refuses it until it is rejected or linked anew.
    """
    assert draft.material is not None
    followups: list[Cause | Measure] = [*draft.material.causes, *draft.material.measures]
    for item in followups:
        links = item_links(item)
        if problem_id not in links:
            continue
        unit = draft.review[item.id]
        unit.flag = reason
        if all_rejected(draft, links):
            gone = "、".join(links)
            unit.flag = f"所针对的问题（{gone}）已全部删除：请删除本条，或改为针对其他问题"
        if unit.status is not Status.PENDING and unit.status is not Status.REJECTED:
            unit.decisions.append(decision(Status.PENDING, reason, by=SYSTEM, via=SYSTEM))
