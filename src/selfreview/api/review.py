"""The review of one draft, as the notebook API hands it out (:class:`Review`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfreview.errors import SelfReviewError
from selfreview.notebook import CheckReport, MaterialView, review_markdown

if TYPE_CHECKING:
    from selfreview.checks import CheckTarget
    from selfreview.draftfile import DraftFile
    from selfreview.record import Status
    from selfreview.review.build import BuildReport
    from selfreview.review.session import ReviewSession
    from selfreview.schema import Cause, Material, Measure, Opinion, Problem, Voice

PathLike = str | os.PathLike[str]


class Review:
    """A draft under review: its candidates, every unit's status, and the review actions.

    Units are addressed by id: ``P1``… problems, ``C1``… causes, ``M1``… measures, ``E1``…
    extra parts, and ``title``, ``preamble``, ``problems_intro``, ``causes_intro``,
    ``measures_intro``, ``closing``. Every action is saved at once when there is a path.
    """

    def __init__(
        self, draft_file: DraftFile, path: Path | None = None, *, replay: Path | None = None
    ) -> None:
        from selfreview.review.session import ReviewSession
        from selfreview.workflow.revising import DraftReviser

        reviser = DraftReviser(draft_file, replay=replay)
        self.session: ReviewSession = ReviewSession(draft_file, path, via="api", reviser=reviser)

    # -- reading -------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The draft file the review is saved to, if any."""
        return self.session.path

    @property
    def draft_file(self) -> DraftFile:
        """The whole draft file: settings, opinions, material, review record, model log."""
        return self.session.draft

    @property
    def material(self) -> Material:
        """Every unit's current text (rejected units included)."""
        return self.session.material

    @property
    def opinions(self) -> list[Opinion]:
        """The numbered opinions the candidates cite."""
        return list(self.session.draft.opinions)

    @property
    def problems(self) -> list[Problem]:
        """The candidate problems, all aspects, in document order."""
        return self.material.all_problems()

    @property
    def causes(self) -> list[Cause]:
        """The candidate causes."""
        return list(self.material.causes)

    @property
    def measures(self) -> list[Measure]:
        """The candidate measures."""
        return list(self.material.measures)

    @property
    def candidates(self) -> list[Problem | Cause | Measure]:
        """Problems, causes and measures, in document order."""
        return [*self.problems, *self.causes, *self.measures]

    def units(self) -> list[str]:
        """Every unit id in document order (frame texts included)."""
        return self.session.units()

    def status(self, unit_id: str) -> Status:
        """A unit's status: pending, approved, edited or rejected."""
        return self.session.status(unit_id)

    def pending(self) -> list[str]:
        """Units still undecided; the document is built only when there are none."""
        return self.session.pending()

    def fields(self, unit_id: str) -> dict[str, str]:
        """A unit's editable text, e.g. ``{"headline": …, "body": …, "example": …}``."""
        from selfreview.units import get_fields

        return get_fields(self.material, unit_id)

    # -- deciding ------------------------------------------------------------------

    def approve(self, unit_id: str, comment: str = "") -> None:
        """Approve a unit as it stands."""
        self.session.approve(unit_id, comment)
        self._tell()

    def edit(self, unit_id: str, comment: str = "", **fields: str) -> None:
        """Replace some of a unit's fields (``headline=…``, ``example=…``); this approves
        it with your changes. Causes and measures citing an edited problem go back to pending."""
        self.session.edit(unit_id, fields, comment)
        self._tell()

    def reject(self, unit_id: str, comment: str = "") -> None:
        """Leave a unit out of the document."""
        self.session.reject(unit_id, comment)
        self._tell()

    def reset(self, unit_id: str, comment: str = "") -> None:
        """Set a unit back to pending."""
        self.session.reset(unit_id, comment)
        self._tell()

    def approve_all(self, comment: str = "") -> int:
        """Approve every pending unit (recorded as your explicit bulk approval)."""
        count = self.session.approve_all(comment)
        self._tell()
        return count

    def regenerate(self, unit_id: str, instruction: str = "") -> None:
        """Have the model rewrite a unit following ``instruction`` (as key g of
        ``draft review``): the draft's own provider, server and redaction, the roster
        included; names in the instruction are replaced too before it is sent."""
        self.session.regenerate(unit_id, instruction)
        self._tell()

    # -- checking and building -----------------------------------------------------

    def check_target(self, voice: Voice | None = None) -> CheckTarget:
        """What :func:`check` looks at: the same target ``draft check`` builds from the draft
        file (rejected units left out, the opinions they cite)."""
        from selfreview.workflow.checking import check_target

        return check_target(self.session.draft, voice, source=str(self.path or "草稿"))

    def check(self, rules_file: PathLike | None = None) -> CheckReport:
        """The genre rules on the current text, as ``draft check`` runs them on a draft file."""
        from selfreview.api import check

        return check(self, rules_file=rules_file)

    def preview(self) -> MaterialView:
        """The document as it would read if every pending unit were approved; causes and
        measures whose problems were all rejected (the build refuses them) are left out."""
        from selfreview.record import Decision, Status
        from selfreview.review.gate import approved_material, orphaned_followups

        copy = self.session.draft.model_copy(deep=True)
        pending = self.pending()
        for uid in pending:
            copy.review[uid].decisions.append(
                Decision(status=Status.APPROVED, by="preview", at=copy.created, via="preview")
            )
        orphans = orphaned_followups(copy)
        for uid in orphans:
            copy.review[uid].decisions.append(
                Decision(status=Status.REJECTED, by="preview", at=copy.created, via="preview")
            )
        notes = [f"{len(pending)} 项待定内容按确认显示"] if pending else []
        if orphans:
            notes.append(f"{'、'.join(orphans)} 所针对的问题已全部删除，未显示（生成前须处理）")
        note = f"预览：{'；'.join(notes)}" if notes else ""
        return MaterialView(approved_material(copy), note)

    def build(
        self,
        output: PathLike,
        *,
        allow_placeholders: bool = False,
        allow_missing_aspects: bool = False,
        ledger: bool = False,
        force: bool = False,
        layout: Mapping[str, Any] | None = None,
        signature: bool | None = None,
        sign_unit: str | None = None,
        sign_date: str | None = None,
    ) -> BuildReport:
        """Write the approved units to ``output`` (.docx or .md), as ``draft build`` does,
        in the layout stored in the draft; ``layout`` (``line_spacing_pt=28``, …) is
        applied and recorded for later builds, and so are ``signature``, ``sign_unit``
        and ``sign_date`` (the 落款, as ``draft build --sign-date`` …; the report's
        ``signature_note`` says what the document carries).

        Refused while any unit is pending, (without ``allow_placeholders``) while
        【待补…】/xx placeholders remain, or (without ``allow_missing_aspects``) while a
        required aspect has no problem left; never overwrites a file without ``force``.
        """
        from selfreview.workflow.building import build
        from selfreview.workflow.signing import signing_given

        draft, report = build(
            self.session.draft,
            Path(output),
            path=self.session.path,
            layout=dict(layout) if layout else None,
            signing=signing_given(signature, sign_unit, sign_date),
            force=force,
            allow_placeholders=allow_placeholders,
            allow_missing_aspects=allow_missing_aspects,
            ledger=ledger,
        )
        self.session.adopt(draft)  # the layout and 落款 are saved already: not a change to merge
        return report

    def save(self, path: PathLike | None = None) -> Path:
        """Save the draft file (to ``path`` from now on, if given); returns where."""
        if path is not None:
            self.session.path = Path(path)
        if self.session.path is None:
            raise SelfReviewError("没有草稿文件路径：请给出 path")
        self.session.save()
        self._tell()
        return self.session.path

    def _tell(self) -> None:
        """Print what the last save found (the file was changed elsewhere and reloaded)."""
        for notice in self.session.notices:
            print(notice)
        self.session.notices = []

    def _repr_markdown_(self) -> str:
        return review_markdown(self.session.draft, str(self.path or "草稿（未保存）"))

    def __repr__(self) -> str:
        pending = len(self.pending())
        return f"<Review {self.path or '（未保存）'}：{len(self.units())} 项，待定 {pending}>"
