"""Review actions on a draft file, each saved at once (atomically) when a path is given.

A :class:`ReviewSession` is what the terminal review, the review sheet and the notebook
API all drive: approve, edit, reject, regenerate with an instruction, add an item by hand,
move an item, and approve everything in bulk. The text, links and order change through
typed edits (:mod:`selfreview.edits`), each validating what it touches before it is kept,
so a draft file on disk is always valid; what was done, by whom and when goes into the
review record (:mod:`selfreview.review.history`). Ctrl-C between two actions loses nothing
that was decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from selfreview.draftfile import DraftFile
from selfreview.edits import (
    AddItem,
    Edit,
    MoveItem,
    ReplaceFollowups,
    SetFields,
    SetLinks,
    apply_edit,
    new_item,
)
from selfreview.errors import MergeConflict, ReviewError, UnitError
from selfreview.record import ACCEPTED, Decision, RevisionOrigin, Status, UnitReview
from selfreview.review.gate import pending_units
from selfreview.review.history import (
    SYSTEM,
    current_user,
    decide,
    decision,
    mark_dependents,
    new_unit,
    revision,
)
from selfreview.review.merge import save_changes, snapshot
from selfreview.review.reviser import Reviser
from selfreview.schema import Cause, Material, Measure, ProblemKind
from selfreview.units import LINK_FIELDS, UnitKind, get_fields, next_id, unit_ids, unit_kind

__all__ = ["SYSTEM", "ReviewSession", "current_user"]


class ReviewSession:
    """Review actions on one draft; saved to ``path`` after every action if given."""

    def __init__(
        self,
        draft: DraftFile,
        path: Path | None = None,
        *,
        by: str | None = None,
        via: str = "api",
        reviser: Reviser | None = None,
    ) -> None:
        if draft.material is None:
            raise ReviewError("起草未完成，没有可审阅的内容", path=path)
        self.draft = draft
        self.path = path
        self.notices: list[str] = []
        """What the last save found (the draft file changed elsewhere); callers show it."""
        self._base = snapshot(draft)
        self._seen: str | None = None
        """The draft file's digest when this session last wrote it (None: not known)."""
        self.by = by or current_user()
        self.via = via
        self.reviser = reviser

    # -- reading -----------------------------------------------------------------

    @property
    def material(self) -> Material:
        """The material with every unit's current text (rejected units included)."""
        assert self.draft.material is not None
        return self.draft.material

    def units(self) -> list[str]:
        """Every unit id in document order."""
        return unit_ids(self.material)

    def status(self, unit_id: str) -> Status:
        """The current status of a unit."""
        return self._unit(unit_id).status

    def pending(self) -> list[str]:
        """Units still undecided (including those flagged for another look)."""
        return pending_units(self.draft)

    # -- decisions -----------------------------------------------------------------

    def approve(self, unit_id: str, comment: str = "") -> None:
        """Approve the unit's current text."""
        self._decide(unit_id, Status.APPROVED, comment)
        self.save()

    def reject(self, unit_id: str, comment: str = "") -> None:
        """Leave the unit out of the document; causes and measures citing it get a look."""
        if unit_kind(unit_id) is UnitKind.TITLE:
            raise ReviewError("标题不能删除，只能修改")
        self._decide(unit_id, Status.REJECTED, comment)
        if unit_kind(unit_id) is UnitKind.PROBLEM:
            mark_dependents(self.draft, unit_id, f"所依据的问题 {unit_id} 已删除")
        self.save()

    def comment(self, unit_id: str, comment: str) -> None:
        """Record the reviewer's comment on a unit without changing its status."""
        unit = self._unit(unit_id)
        if not comment.strip():
            raise ReviewError("备注不能为空")
        unit.decisions.append(self._decision(unit.status, comment.strip()))
        self.save()

    def reset(self, unit_id: str, comment: str = "") -> None:
        """Set the unit back to pending (undo a decision)."""
        self._decide(unit_id, Status.PENDING, comment)
        self.save()

    def approve_all(self, comment: str = "") -> int:
        """Record an explicit bulk approval of every pending unit; returns how many."""
        pending = self.pending()
        for unit_id in pending:
            self._decide(unit_id, Status.APPROVED, comment, via="approve-all")
        self.save()
        return len(pending)

    # -- changing text -----------------------------------------------------------------

    def edit(self, unit_id: str, fields: dict[str, str], comment: str = "") -> None:
        """Replace the unit's text with the reviewer's; recorded as approved with edits."""
        changed = self._revise(unit_id, fields, "edited", self.by)
        if not changed:
            self._decide(unit_id, Status.APPROVED, comment)
        else:
            self._decide(unit_id, Status.APPROVED_WITH_EDITS, comment)
            if unit_kind(unit_id) is UnitKind.PROBLEM:
                mark_dependents(self.draft, unit_id, f"所依据的问题 {unit_id} 已修改")
        self.save()

    def regenerate(self, unit_id: str, instruction: str) -> None:
        """Ask the model to rewrite the unit following ``instruction``; the result is pending."""
        reviser = self._need_reviser()
        fields = reviser.revise(self.draft, unit_id, instruction)
        self._revise(unit_id, fields, "regenerated", reviser.name, instruction=instruction)
        self._decide(unit_id, Status.PENDING, f"按“{instruction}”重新生成", via=SYSTEM)
        if unit_kind(unit_id) is UnitKind.PROBLEM:
            mark_dependents(self.draft, unit_id, f"所依据的问题 {unit_id} 已重新生成")
        self.save()

    def regenerate_followups(self, kind: UnitKind) -> list[str]:
        """Replace the causes (or measures) not yet approved with fresh ones for the
        approved problems; approved ones stay. For measures, only problems no approved
        measure answers are asked about. Returns the new unit ids."""
        if kind not in (UnitKind.CAUSE, UnitKind.MEASURE):
            raise ReviewError("只能为原因或措施重新生成")
        reviser = self._need_reviser()
        material = self.material
        approved = [
            p.id
            for p in material.all_problems()
            if self.status(p.id) in ACCEPTED and p.kind is ProblemKind.PROBLEM
        ]
        if not approved:
            raise ReviewError("还没有已确认的问题：请先确认问题，再生成原因或措施")
        current: Sequence[Cause | Measure] = (
            material.causes if kind is UnitKind.CAUSE else material.measures
        )
        keep = [item for item in current if self.status(item.id) in ACCEPTED]
        if kind is UnitKind.MEASURE:
            answered = {pid for m in keep for pid in m.addresses}  # type: ignore[union-attr]
            approved = [pid for pid in approved if pid not in answered]
            if not approved:
                return []
        fresh = reviser.followups(self.draft, kind, approved)
        kept = [item.id for item in keep]
        new_material = self._apply(ReplaceFollowups(kind, kept, fresh))
        pool = new_material.causes if kind is UnitKind.CAUSE else new_material.measures
        new_ids = [item.id for item in pool[len(kept) :]]
        dropped = [item.id for item in current if item.id not in kept]
        review = {uid: r for uid, r in self.draft.review.items() if uid not in dropped}
        for uid in new_ids:
            fields = get_fields(new_material, uid)
            review[uid] = new_unit(
                revision("regenerated", fields, reviser.name, "为已确认的问题重新生成")
            )
        self._replace(new_material, review)
        self.save()
        return new_ids

    def add(
        self,
        kind: UnitKind,
        fields: dict[str, str],
        *,
        aspect: str | None = None,
        links: Sequence[str] = (),
        after: str | None = None,
        comment: str = "",
    ) -> str:
        """Add a problem, cause or measure written by the reviewer; it counts as approved.

        A problem goes under ``aspect`` (default: the aspect of ``after``, else the last);
        ``links`` are a problem's opinion ids, or the problems a cause/measure answers.
        """
        prefix = {UnitKind.PROBLEM: "P", UnitKind.CAUSE: "C", UnitKind.MEASURE: "M"}.get(kind)
        if prefix is None:
            raise ReviewError("只能添加问题、原因或措施")
        new_id = next_id(self.material, prefix)
        if kind is UnitKind.PROBLEM:
            self._check_opinions(links)
        try:
            item = new_item(kind, new_id, fields, links)
        except UnitError as err:
            raise ReviewError(str(err)) from None
        index = self._aspect_index(aspect)
        new_material = self._apply(AddItem(item, aspect=index, after=after))
        review = dict(self.draft.review)
        review[new_id] = new_unit(
            revision("added", get_fields(new_material, new_id), self.by),
            [self._decision(Status.APPROVED, comment)],
        )
        self._replace(new_material, review)
        self.save()
        return new_id

    def move(self, unit_id: str, *, aspect: str | None = None, position: int | None = None) -> None:
        """Move an item to another aspect (problems) and/or position (1-based) in its list."""
        index = self._aspect_index(aspect)
        material = self._apply(MoveItem(unit_id, aspect=index, position=position))
        self._replace(material, dict(self.draft.review))
        self.save()

    def set_links(self, unit_id: str, links: Sequence[str]) -> None:
        """Set what an item cites: a problem's opinions, a cause's/measure's problems."""
        kind = unit_kind(unit_id)
        if kind not in LINK_FIELDS:
            raise ReviewError(f"{unit_id} 没有引用")
        if kind is UnitKind.PROBLEM:
            self._check_opinions(links)
        self._replace(self._apply(SetLinks(unit_id, links)), dict(self.draft.review))
        self.save()

    # -- saving -----------------------------------------------------------------

    def save(self) -> None:
        """Write this session's changes to the draft file (no-op without a path).

        Under the file's lock, what is on disk is read again and only the units this
        session changed since it last read the file are applied to it, so decisions saved
        meanwhile by another terminal, sheet or notebook are kept (:attr:`notices` then
        says the view was reloaded). When the other side changed one of the same units,
        nothing of this action is written: the session reloads the file and raises a
        :class:`ReviewError` naming the units.
        """
        if self.path is None:
            return
        self.notices = []
        try:
            saved, seen = save_changes(self.path, self._base, self.draft, self._seen)
        except MergeConflict as clash:
            if clash.disk is not None:
                self.adopt(clash.disk)
            raise ReviewError(
                f"{clash.message} 已在另一处（另一个审阅窗口、审阅单或程序）被修改，"
                "与本次操作冲突，本次操作未保存；已重新读取草稿文件，请看过后再操作",
                path=self.path,
            ) from None
        if saved is not self.draft:
            self.notices.append(
                "草稿文件已在另一处（另一个审阅窗口、审阅单或程序）被修改，已重新读取；"
                "那里的决定都已保留，本次操作已在其基础上保存"
            )
        self.adopt(saved)
        self._seen = seen

    def adopt(self, draft: DraftFile) -> None:
        """Take ``draft`` as the current view with nothing of it left to save: the next
        save applies only what changes after this."""
        self.draft = draft
        self._base = snapshot(draft)
        self._seen = None

    # -- internals -----------------------------------------------------------------

    def _unit(self, unit_id: str) -> UnitReview:
        try:
            return self.draft.review[unit_id]
        except KeyError:
            raise ReviewError(f"没有这一项：{unit_id}") from None

    def _decision(self, status: Status, comment: str, via: str | None = None) -> Decision:
        return decision(status, comment, by=self.by, via=via or self.via)

    def _decide(self, unit_id: str, status: Status, comment: str, via: str | None = None) -> None:
        decide(self._unit(unit_id), self._decision(status, comment, via))

    def _revise(
        self,
        unit_id: str,
        fields: dict[str, str],
        origin: RevisionOrigin,
        by: str,
        instruction: str = "",
    ) -> bool:
        unit = self._unit(unit_id)
        new_material = self._apply(SetFields(unit_id, fields))
        new_fields = get_fields(new_material, unit_id)
        if new_fields == unit.current.fields:
            return False
        unit.revisions.append(revision(origin, new_fields, by, instruction))
        self.draft.material = new_material
        return True

    def _check_opinions(self, links: Sequence[str]) -> None:
        known = {o.id for o in self.draft.opinions}
        unknown = [link for link in links if link not in known]
        if unknown:
            raise ReviewError(f"没有这些意见：{'、'.join(unknown)}")

    def _need_reviser(self) -> Reviser:
        if self.reviser is None:
            raise ReviewError(
                "重新生成需要模型：离线起草不能按指令改写；请直接修改，"
                "或用 --provider 指定模型后再审阅"
            )
        return self.reviser

    def _aspect_index(self, aspect: str | None) -> int | None:
        """The index of the aspect named (or numbered from 1) ``aspect``; None for None."""
        if aspect is None:
            return None
        for index, group in enumerate(self.material.problems):
            if aspect in (group.aspect, str(index + 1)):
                return index
        raise ReviewError(f"没有这个方面：{aspect}")

    def _apply(self, edit: Edit) -> Material:
        """The material after ``edit`` (validated where it touched); not yet kept."""
        try:
            return apply_edit(self.material, edit)
        except UnitError as err:
            raise ReviewError(str(err)) from None

    def _replace(self, material: Material, review: dict[str, UnitReview]) -> None:
        ordered = {uid: review[uid] for uid in unit_ids(material)}
        self.draft = self.draft.model_copy(update={"material": material, "review": ordered})
