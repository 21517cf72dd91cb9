"""The gate between review and document: only approved units are assembled, and nothing
is assembled while any unit is undecided."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selfreview.draftfile import DraftFile
from selfreview.errors import ReviewPendingError, SelfReviewError
from selfreview.placeholders import find_placeholders
from selfreview.record import ACCEPTED, Status
from selfreview.render.compose import item_segments, measure_lead
from selfreview.schema import AspectProblems, Cause, Material, Measure, ProblemKind
from selfreview.units import (
    KIND_NAMES,
    UnitKind,
    get_fields,
    item_links,
    unit_ids,
    unit_kind,
    unit_label,
)

LIST_LIMIT = 12
"""How many pending units a one-line error names before it says 等."""


@dataclass(frozen=True)
class PartState:
    """How far the review of one kind of unit has come."""

    kind: UnitKind
    total: int
    approved: int
    rejected: int
    pending: int
    flagged: int


def overview(draft: DraftFile) -> list[PartState]:
    """Counts per kind of unit, in document order of the kinds."""
    material = _material(draft)
    order = list(UnitKind)
    counts: dict[UnitKind, list[int]] = {}
    for uid in unit_ids(material):
        unit = draft.review[uid]
        row = counts.setdefault(unit_kind(uid), [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += unit.status in ACCEPTED
        row[2] += unit.status is Status.REJECTED
        row[3] += unit.status is Status.PENDING
        row[4] += bool(unit.flag)
    return [PartState(k, *counts[k]) for k in order if k in counts]


def overview_text(draft: DraftFile) -> str:
    """The overview as Chinese lines: 问题 14 项：已确认 10，已删除 1，待定 3（需再看 1）."""
    lines = []
    for part in overview(draft):
        line = (
            f"{KIND_NAMES[part.kind]} {part.total} 项：已确认 {part.approved}，"
            f"已删除 {part.rejected}，待定 {part.pending}"
        )
        if part.flagged:
            line += f"（需再看 {part.flagged}）"
        lines.append(line)
    missing = missing_aspects(draft)
    if missing:
        lines.append(missing_aspects_text(missing))
    return "\n".join(lines)


def missing_aspects(draft: DraftFile) -> list[str]:
    """Aspects the notice requires (``Aspect.required``) that have no problem left: every
    problem drafted for them was rejected or moved away in review, or none was drafted."""
    material = _material(draft)
    kept: dict[str, int] = {}
    for group in material.problems:
        alive = [p for p in group.items if draft.review[p.id].status is not Status.REJECTED]
        kept[group.aspect] = kept.get(group.aspect, 0) + len(alive)
    required = [a.name for a in draft.settings.outline.aspects if a.required]
    return [name for name in required if not kept.get(name)]


def missing_aspects_phrase(missing: list[str]) -> str:
    """The required aspects without problems, in words true whether their problems were
    rejected or moved to another aspect in review."""
    return f"通知要求查摆的方面没有问题（已删除或移到别的方面）：{'、'.join(missing)}"


def missing_aspects_text(missing: list[str]) -> str:
    """One Chinese line naming the required aspects without problems."""
    return (
        f"注意：{missing_aspects_phrase(missing)}；"
        "请恢复或添加该方面的问题，或在生成时加 --allow-missing-aspects"
    )


def pending_units(draft: DraftFile) -> list[str]:
    """Units still undecided, in document order."""
    material = _material(draft)
    return [u for u in unit_ids(material) if draft.review[u].status is Status.PENDING]


def pending_summary(draft: DraftFile, units: list[str]) -> str:
    """``标题、问题 P3、措施 M2 等 5 项`` for one-line messages."""
    material = _material(draft)
    names = [short_label(material, uid) for uid in units[:LIST_LIMIT]]
    more = f" 等 {len(units)} 项" if len(units) > LIST_LIMIT else f"，共 {len(units)} 项"
    return f"{'、'.join(names)}{more}"


def short_label(material: Material, unit_id: str) -> str:
    """``问题 P3`` / ``标题`` / ``其他部分 E1``: the label without the aspect."""
    return unit_label(material, unit_id).split("（")[0]


def approved_material(draft: DraftFile, path: Path | None = None) -> Material:
    """The material of accepted units only; raises :class:`ReviewPendingError` if any
    unit is undecided. Links to rejected problems are dropped from causes and measures."""
    material = _material(draft)
    pending = pending_units(draft)
    if pending:
        raise ReviewPendingError(
            f"还有未确认的内容，不能生成文档：{pending_summary(draft, pending)}；"
            "请用 draft review 审阅，或加 --approve-all 全部确认",
            pending,
            path=path,
        )
    orphans = orphaned_followups(draft)
    if orphans:
        raise ReviewPendingError(
            f"{'、'.join(short_label(material, uid) for uid in orphans)} "
            "所针对的问题已全部删除，不能生成文档；"
            "请在审阅中删除这些条目，或改为针对其他问题",
            orphans,
            path=path,
        )
    kept = {u for u in unit_ids(material) if draft.review[u].status in ACCEPTED}
    return _keep(material, kept)


def orphaned_followups(draft: DraftFile) -> list[str]:
    """Accepted causes and measures that cite problems, all of them rejected.

    Such an item answers nothing the document still says: it goes back to the reviewer
    (the session flags it when its last problem is rejected) and the build refuses it.
    """
    material = _material(draft)
    followups: list[Cause | Measure] = [*material.causes, *material.measures]
    return [
        item.id
        for item in followups
        if draft.review[item.id].status in ACCEPTED and all_rejected(draft, item_links(item))
    ]


def all_rejected(draft: DraftFile, problem_ids: list[str]) -> bool:
    """True when ``problem_ids`` is not empty and every one of them is rejected."""
    return bool(problem_ids) and all(
        draft.review[pid].status is Status.REJECTED for pid in problem_ids
    )


def printed_measure(draft: DraftFile, measure_id: str) -> str:
    """The measure's paragraph as the document will print it if every pending unit is
    approved (numbered, with its computed "针对“…”等问题，" lead); "" when it is rejected."""
    material = material_in_review(draft)
    for index, measure in enumerate(material.measures, start=1):
        if measure.id == measure_id:
            lead = measure_lead(material, measure)
            return "".join(s.text for s in item_segments(index, measure, lead))
    return ""


def material_in_review(draft: DraftFile) -> Material:
    """The material without its rejected units: what the document will be if every pending
    unit is approved. ``draft check`` and the review screens check this."""
    material = _material(draft)
    kept = {u for u in unit_ids(material) if draft.review[u].status is not Status.REJECTED}
    return _keep(material, kept)


def _keep(material: Material, kept: set[str]) -> Material:
    """``material`` with only the ``kept`` units; links to dropped problems removed."""
    problems = [
        AspectProblems(aspect=g.aspect, items=[p for p in g.items if p.id in kept])
        for g in material.problems
    ]
    problem_ids = {p.id for g in problems for p in g.items}
    causes = [
        c.model_copy(update={"explains": [p for p in c.explains if p in problem_ids]})
        for c in material.causes
        if c.id in kept
    ]
    measures = [
        m.model_copy(update={"addresses": [p for p in m.addresses if p in problem_ids]})
        for m in material.measures
        if m.id in kept
    ]
    parts = [p for n, p in enumerate(material.extra_parts, 1) if f"E{n}" in kept]
    frame = {
        name: (getattr(material, name) if name in kept else "")
        for name in ("preamble", "problems_intro", "causes_intro", "measures_intro")
    }
    return material.model_copy(
        update={
            "problems": [g for g in problems if g.items],
            "causes": causes,
            "measures": measures,
            "extra_parts": parts,
            "closing": material.closing if "closing" in kept else None,
            **frame,
        }
    )


def placeholders_left(draft: DraftFile) -> list[tuple[str, str]]:
    """(unit id, placeholder) for every 【待补…】, xx, x成 … in accepted units."""
    material = _material(draft)
    found = []
    for uid in unit_ids(material):
        if draft.review[uid].status not in ACCEPTED:
            continue
        for text in get_fields(material, uid).values():
            found += [(uid, hit) for hit in find_placeholders(text)]
    return found


def unanswered_problems(draft: DraftFile) -> list[str]:
    """Accepted problems that no accepted measure addresses (aspect placeholders are not
    problems and are skipped: the placeholder rule reports them)."""
    material = _material(draft)
    answered = {
        pid
        for m in material.measures
        if draft.review[m.id].status in ACCEPTED
        for pid in m.addresses
    }
    return [
        p.id
        for p in material.all_problems()
        if draft.review[p.id].status in ACCEPTED
        and p.id not in answered
        and p.kind is ProblemKind.PROBLEM
    ]


def _material(draft: DraftFile) -> Material:
    if draft.material is None:
        raise SelfReviewError("起草未完成，草稿中没有材料；请重新运行 draft 起草")
    return draft.material
