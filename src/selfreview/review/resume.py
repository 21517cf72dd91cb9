"""Changed notes under a reviewed draft: say what changed, take the newly drafted items only
where the change reaches, and keep every decision on the rest.

The unit of change is the aspect: an aspect whose opinions are all unchanged keeps its
problems exactly as reviewed; an aspect that gained, lost or saw a changed opinion takes
the fresh draft's problems, where an item drafted word for word as before keeps its
decisions. Causes and measures are kept with their decisions; those that cited a problem
that was drafted again are set back to pending for another look.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from selfreview.draftfile import DraftFile
from selfreview.edits import SetFields, apply_edit
from selfreview.record import Decision, Revision, Status, UnitReview
from selfreview.review.history import SYSTEM
from selfreview.schema import AspectProblems, Material, Opinion, Problem
from selfreview.units import FIELDS, UnitKind, get_fields, unit_ids

if TYPE_CHECKING:
    pass

SIMILAR = 0.6
"""Two opinions this similar (difflib ratio) are one opinion that was changed."""
FUZZY_LIMIT = 300
"""Above this many unmatched opinions on either side, no fuzzy matching (it is quadratic)."""


@dataclass
class OpinionDiff:
    """How the new notes' opinions relate to the old ones (ids of each side)."""

    same: dict[str, str] = field(default_factory=dict)
    """New id -> old id, text unchanged."""
    changed: dict[str, str] = field(default_factory=dict)
    """New id -> old id, text changed."""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One Chinese sentence: 新增意见 2 条（O45、O46），修改 1 条，删除 0 条."""
        parts = []
        for name, ids in (
            ("新增", self.added),
            ("修改", list(self.changed)),
            ("删除", self.removed),
        ):
            shown = f"（{'、'.join(ids[:8])}{'等' if len(ids) > 8 else ''}）" if ids else ""
            parts.append(f"{name} {len(ids)} 条{shown}")
        return "原始材料有变化：意见" + "，".join(parts) + "。"


@dataclass
class ResumeReport:
    """What :func:`merge_redraft` did."""

    diff: OpinionDiff
    redrafted_aspects: list[str]
    new_units: list[str]
    dropped_units: list[str]
    kept_units: int
    rechecked: list[str] = field(default_factory=list)
    """Kept problems whose opinions were removed or changed: back to pending."""

    def describe(self) -> str:
        """Chinese lines for the person."""
        lines = [self.diff.describe()]
        if self.redrafted_aspects:
            lines.append(
                f"重新起草了 {'、'.join(self.redrafted_aspects)} 的问题："
                f"新条目 {sum(u.startswith('P') for u in self.new_units)} 项待审阅"
                + (f"，原条目 {'、'.join(self.dropped_units)} 已替换" if self.dropped_units else "")
                + "。"
            )
        others = [u for u in self.new_units if not (u[0] == "P" and u[1:].isdigit())]
        if others:
            lines.append(f"内容有变化、需重新审阅：{'、'.join(others)}。")
        if self.rechecked:
            lines.append(
                f"所依据的意见已删除或改动、退回待定：{'、'.join(self.rechecked)}（已注明原因）。"
            )
        lines.append(f"其余 {self.kept_units} 项保留原有内容和审阅决定。")
        return "\n".join(lines)


def diff_opinions(old: list[Opinion], new: list[Opinion]) -> OpinionDiff:
    """Match opinions by text: equal first, then similar ones as changed."""
    diff = OpinionDiff()
    by_text: dict[str, list[str]] = {}
    for opinion in old:
        by_text.setdefault(_norm(opinion.text), []).append(opinion.id)
    unmatched_new = []
    for opinion in new:
        ids = by_text.get(_norm(opinion.text))
        if ids:
            diff.same[opinion.id] = ids.pop(0)
        else:
            unmatched_new.append(opinion)
    matched_old = set(diff.same.values())
    unmatched_old = [o for o in old if o.id not in matched_old]
    if len(unmatched_new) <= FUZZY_LIMIT and len(unmatched_old) <= FUZZY_LIMIT:
        for opinion in unmatched_new:
            best, score = None, SIMILAR
            for candidate in unmatched_old:
                ratio = _similarity(opinion.text, candidate.text)
                if ratio >= score:
                    best, score = candidate, ratio
            if best is not None:
                diff.changed[opinion.id] = best.id
                unmatched_old.remove(best)
    diff.added = [o.id for o in unmatched_new if o.id not in diff.changed]
    diff.removed = [o.id for o in unmatched_old]
    return diff


def redraft_hints(
    old: DraftFile, opinions: list[Opinion]
) -> tuple[dict[str, tuple[str | None, str]], frozenset[str]]:
    """What a drafter may keep when re-drafting under ``old``: the placement of every
    unchanged opinion (by its new id), and the aspects that lost or changed an opinion."""
    diff = diff_opinions(old.opinions, opinions)
    reasons = {u.id: u.reason for u in old.unused}
    known = {
        new_id: (old.assignments.get(old_id), reasons.get(old_id, ""))
        for new_id, old_id in diff.same.items()
    }
    gone = [*diff.removed, *diff.changed.values()]
    touched = frozenset(a for oid in gone if (a := old.assignments.get(oid)) is not None)
    return known, touched


def merge_redraft(old: DraftFile, fresh: DraftFile) -> tuple[DraftFile, ResumeReport]:
    """The fresh draft of the changed notes, with the old draft's reviewed units kept
    wherever the change does not reach."""
    assert old.material is not None and fresh.material is not None
    diff = diff_opinions(old.opinions, fresh.opinions)
    new_of_old = {old_id: new_id for new_id, old_id in diff.same.items()}
    new_of_old |= {old_id: new_id for new_id, old_id in diff.changed.items()}
    names = {a.id: a.name for a in fresh.settings.outline.aspects}
    affected = _affected_aspects(old, fresh, diff, names)
    now = datetime.now(UTC)

    review: dict[str, UnitReview] = {}
    dropped: list[str] = []
    new_units: list[str] = []
    kept = 0
    old_material = old.material
    frame = fresh.material

    # Frame texts and extra parts: keep the old review when the drafted text is unchanged.
    old_units = set(unit_ids(old_material))
    for uid in unit_ids(fresh.material):
        if uid[0] in "PCM" and uid[1:].isdigit():
            continue
        fields = get_fields(fresh.material, uid)
        previous = old.review.get(uid) if uid in old_units else None
        if previous is not None and previous.revisions[0].fields == fields:
            review[uid] = previous
            frame = apply_edit(frame, SetFields(uid, previous.current.fields))
            kept += 1
        else:
            review[uid] = _fresh(fields, fresh, now)
            new_units.append(uid)

    data = frame.model_dump()

    # Problems, aspect by aspect.
    old_groups = {g.aspect: g.items for g in old_material.problems}
    used_ids = {p.id for p in old_material.all_problems()}
    taken: list[AspectProblems] = []
    for group in fresh.material.problems:
        previous_items = old_groups.get(group.aspect, [])
        if group.aspect not in affected:
            items = [_remap(p, new_of_old) for p in previous_items]
            for item in items:
                review[item.id] = old.review[item.id]
            kept += len(items)
            taken.append(AspectProblems(aspect=group.aspect, items=items))
            continue
        items = []
        drafted_before = {
            _key(old.review[p.id].revisions[0].fields): p
            for p in previous_items
            if old.review[p.id].revisions[0].origin == "drafted"
        }
        carried: set[str] = set()
        for item in group.items:
            match = drafted_before.get(_key(get_fields_of(item)))
            if match is not None and match.id not in carried:
                carried.add(match.id)
                items.append(_remap(match, new_of_old))
                review[match.id] = old.review[match.id]
                kept += 1
                continue
            new_id = _next(used_ids)
            items.append(item.model_copy(update={"id": new_id}))
            review[new_id] = _fresh(get_fields_of(item), fresh, now)
            new_units.append(new_id)
        for earlier in previous_items:
            if earlier.id in carried:
                continue
            if old.review[earlier.id].revisions[0].origin == "added":  # hand-written: keep
                items.append(_remap(earlier, new_of_old))
                review[earlier.id] = old.review[earlier.id]
                kept += 1
            else:
                dropped.append(earlier.id)
        taken.append(AspectProblems(aspect=group.aspect, items=items))
    data["problems"] = [g.model_dump() for g in taken]
    rechecked = _recheck_kept(old, taken, review, diff, now)

    # Causes and measures: the old ones, links to replaced problems removed and flagged.
    live = {p.id for g in taken for p in g.items}
    for field_name, link in (("causes", "explains"), ("measures", "addresses")):
        entries = []
        for item in getattr(old_material, field_name):
            entry = item.model_dump()
            lost = [pid for pid in entry[link] if pid not in live]
            entry[link] = [pid for pid in entry[link] if pid in live]
            unit = old.review[item.id].model_copy(deep=True)
            if lost:
                reason = f"所依据的问题 {'、'.join(lost)} 因原始材料变化已重新起草"
                unit.flag = reason
                if unit.status is not Status.PENDING and unit.status is not Status.REJECTED:
                    unit.decisions.append(
                        Decision(
                            status=Status.PENDING, by=SYSTEM, at=now, comment=reason, via=SYSTEM
                        )
                    )
            review[item.id] = unit
            entries.append(entry)
            kept += 1
        data[field_name] = entries

    material = Material.model_validate(data)
    ordered = {uid: review[uid] for uid in unit_ids(material)}
    merged = fresh.model_copy(update={"material": material, "review": ordered})
    merged = DraftFile.model_validate(merged.model_dump())
    report = ResumeReport(
        diff=diff,
        redrafted_aspects=[g.aspect for g in fresh.material.problems if g.aspect in affected],
        new_units=new_units,
        dropped_units=dropped,
        kept_units=kept,
        rechecked=rechecked,
    )
    return merged, report


def get_fields_of(problem: Problem) -> dict[str, str]:
    """A problem's editable fields (as :func:`~selfreview.units.get_fields` gives
    them, without looking the problem up in a material)."""
    return {name: str(getattr(problem, name)) for name in FIELDS[UnitKind.PROBLEM]}


def _affected_aspects(
    old: DraftFile, fresh: DraftFile, diff: OpinionDiff, names: dict[str, str]
) -> set[str]:
    """Names of the aspects whose opinions changed (on either side of the change)."""
    hit: set[str | None] = set()
    changed_old = set(diff.removed) | set(diff.changed.values())
    hit |= {old.assignments.get(oid) for oid in changed_old}
    hit |= {fresh.assignments.get(nid) for nid in (*diff.added, *diff.changed)}
    for new_id, old_id in diff.same.items():  # an unchanged opinion sorted elsewhere now
        before, after = old.assignments.get(old_id), fresh.assignments.get(new_id)
        if before != after:
            hit |= {before, after}
    return {names.get(a, a) for a in hit if a is not None}


def _recheck_kept(
    old: DraftFile,
    taken: list[AspectProblems],
    review: dict[str, UnitReview],
    diff: OpinionDiff,
    now: datetime,
) -> list[str]:
    """Kept problems whose opinions were removed or changed lose their approval: an
    approval never outlives its sources. Returns their ids."""
    assert old.material is not None
    before = {p.id: p for p in old.material.all_problems()}
    unchanged = set(diff.same.values())
    rechecked = []
    for item in (i for group in taken for i in group.items):
        earlier = before.get(item.id)
        if earlier is None or review[item.id] is not old.review.get(item.id):
            continue  # drafted anew: pending already
        gone = [s for s in earlier.sources if s not in unchanged]
        if not gone:
            continue
        unit = old.review[item.id].model_copy(deep=True)
        reason = f"所依据的意见（原 {'、'.join(gone)}）在原始材料中已删除或改动，请核对后再确认"
        unit.flag = reason
        if unit.status is not Status.PENDING and unit.status is not Status.REJECTED:
            unit.decisions.append(
                Decision(status=Status.PENDING, by=SYSTEM, at=now, comment=reason, via=SYSTEM)
            )
        review[item.id] = unit
        rechecked.append(item.id)
    return rechecked


def _remap(problem: Problem, new_of_old: dict[str, str]) -> Problem:
    return problem.model_copy(
        update={"sources": [new_of_old[s] for s in problem.sources if s in new_of_old]}
    )


def _fresh(fields: dict[str, str], fresh: DraftFile, at: datetime) -> UnitReview:
    by = fresh.model_log.model if fresh.model_log else fresh.settings.provider
    return UnitReview(revisions=[Revision(origin="redrafted", fields=fields, at=at, by=by)])


def _key(fields: dict[str, str]) -> tuple[str, ...]:
    return tuple(_norm(fields.get(name, "")) for name in FIELDS[UnitKind.PROBLEM])


def _next(used: set[str]) -> str:
    numbers = [int(i[1:]) for i in used]
    new_id = f"P{max(numbers, default=0) + 1}"
    used.add(new_id)
    return new_id


def _similarity(a: str, b: str) -> float:
    """difflib's ratio, or 1 when one text (without its final stop) lies inside the other:
    an opinion that was only extended is the same opinion, changed."""
    short, long = sorted((_norm(t).rstrip("。；！？.") for t in (a, b)), key=len)
    if len(short) >= 4 and short in long:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def _norm(text: str) -> str:
    return "".join(text.split())


__all__ = ["OpinionDiff", "ResumeReport", "diff_opinions", "merge_redraft"]
