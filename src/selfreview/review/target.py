"""The one check target of a draft under review.

``draft check``, the review screens and the API's ``Review.check()`` all check this (the
first and last through :func:`selfreview.workflow.checking.check_target`). It lives here,
above the checks, because what a draft will build depends on the review record: the checks
themselves know only :class:`~selfreview.checks.CheckTarget`, never a draft file.
"""

from __future__ import annotations

from selfreview.checks.model import CheckTarget
from selfreview.draftfile import DraftFile
from selfreview.meeting import detect_in_notes, mismatch
from selfreview.record import Status
from selfreview.review.gate import material_in_review, missing_aspects
from selfreview.schema import Voice


def draft_target(draft: DraftFile, source: str, voice: Voice | None = None) -> CheckTarget:
    """The check target of ``draft``, named ``source`` in the report; ``voice`` overrides
    the material's.

    Rejected units are left out (the material as it will be built if every pending unit is
    approved); ``dropped_links`` keeps, per measure, the rejected problems it answered, so
    that a measure whose problems were all rejected is reported as such.
    """
    material = material_in_review(draft)
    rejected = {uid for uid, unit in draft.review.items() if unit.status is Status.REJECTED}
    full = draft.material
    dropped = {
        m.id: [p for p in m.addresses if p in rejected]
        for m in (full.measures if full is not None else [])
        if any(p in rejected for p in m.addresses)
    }
    return CheckTarget(
        source=source,
        kind="draft",
        material=material,
        voice=voice or material.voice,
        opinions={o.id: o.text for o in draft.opinions},
        dropped_links=dropped,
        missing_aspects=missing_aspects(draft),
        meeting_mismatch=mismatch(
            draft.settings.outline, detect_in_notes(draft.notes_headings, draft.opinions)
        ),
        known_headlines=_known_headlines(draft),
    )


def _known_headlines(draft: DraftFile) -> set[str]:
    """Every headline a problem of ``draft`` has had: as drafted and in every revision."""
    problems = draft.material.all_problems() if draft.material is not None else []
    known = {p.headline for p in problems}
    problem_ids = {p.id for p in problems}
    for uid, unit in draft.review.items():
        if uid in problem_ids:
            for revision in unit.revisions:
                headline = revision.fields.get("headline")
                if isinstance(headline, str):
                    known.add(headline)
    return known
