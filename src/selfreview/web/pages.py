"""What the review page shows, computed from a draft file: plain data for the templates.

Nothing here writes: every change goes through :class:`~selfreview.review.session.ReviewSession`
(see :mod:`selfreview.web.app`). The document view follows the material's order (title,
preamble, 一、二、三 with their items); the preview is the compose step the DOCX uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.record import STATUS_NAMES, Status
from selfreview.render.compose import BlockKind, chinese_number, compose
from selfreview.review.gate import (
    material_in_review,
    missing_aspects,
    orphaned_followups,
    pending_units,
    placeholders_left,
    short_label,
)
from selfreview.units import (
    FIELD_NAMES,
    FIELDS,
    UnitKind,
    aspect_of,
    find_item,
    get_fields,
    item_links,
    unit_ids,
    unit_kind,
    unit_label,
    unit_text,
)
from selfreview.web.actions import fields_digest
from selfreview.web.signform import missing_parts

if TYPE_CHECKING:
    from selfreview.checks import Finding
    from selfreview.draftfile import DraftFile


@dataclass
class UnitRow:
    """One unit as the document view lists it."""

    id: str
    label: str
    text: str
    status: str
    status_name: str
    flag: str


@dataclass
class Section:
    """A heading of the document view and the units under it."""

    heading: str
    level: int
    units: list[UnitRow] = field(default_factory=list)


@dataclass
class Detail:
    """The selected unit: its fields, sources, findings and history."""

    id: str
    label: str
    kind: str
    status: str
    status_name: str
    flag: str
    fields: list[tuple[str, str, str]]
    """(field, Chinese name, current text)."""
    sources: list[tuple[str, str, list[tuple[str, bool]]]]
    """(id, where, text pieces): opinions a problem cites, or problems a cause/measure
    answers; a piece is True where the unit's text says the same (highlighted)."""
    findings: list[str]
    history: list[str]
    can_reject: bool
    links: list[str] = field(default_factory=list)
    """What the item cites now (problems: opinions; causes and measures: problems)."""
    aspects: list[str] = field(default_factory=list)
    model: bool = False
    """Drafted with a model: regeneration with an instruction is offered."""
    base: str = ""
    """The fingerprint of the text shown (see :func:`selfreview.web.actions.fields_digest`)."""


def document_sections(draft: DraftFile) -> list[Section]:
    """The units of ``draft`` grouped under the document's headings, in order."""
    material = draft.material
    assert material is not None
    rows = {uid: _row(draft, uid) for uid in unit_ids(material)}
    head = Section("", 0)
    sections = [head]
    head.units += [rows[u] for u in ("title", "preamble") if u in rows]
    before = [u for u in rows if u.startswith("E") and _part_pos(draft, u) == "before"]
    after = [u for u in rows if u.startswith("E") and _part_pos(draft, u) == "after"]
    number = 0

    def part(heading: str, units: list[str]) -> Section:
        nonlocal number
        number += 1
        section = Section(f"{chinese_number(number)}、{heading}", 1, [rows[u] for u in units])
        sections.append(section)
        return section

    for uid in before:
        part(material.extra_parts[int(uid[1:]) - 1].heading, [uid])
    part(material.headings.problems, [u for u in ("problems_intro",) if u in rows])
    for index, group in enumerate(material.problems, start=1):
        sections.append(
            Section(
                f"（{chinese_number(index)}）{group.aspect}",
                2,
                [rows[p.id] for p in group.items],
            )
        )
    part(
        material.headings.causes,
        [u for u in ("causes_intro",) if u in rows] + [c.id for c in material.causes],
    )
    part(
        material.headings.measures,
        [u for u in ("measures_intro",) if u in rows] + [m.id for m in material.measures],
    )
    for uid in after:
        part(material.extra_parts[int(uid[1:]) - 1].heading, [uid])
    if "closing" in rows:
        sections.append(Section("", 0, [rows["closing"]]))
    return sections


def unit_detail(draft: DraftFile, unit_id: str, findings: list[Finding]) -> Detail:
    """Everything the side panel shows about ``unit_id``."""
    material = draft.material
    assert material is not None
    review = draft.review[unit_id]
    kind = unit_kind(unit_id)
    current = get_fields(material, unit_id)
    fields = [(name, FIELD_NAMES[name], current.get(name, "")) for name in FIELDS[kind]]
    sources: list[tuple[str, str, list[tuple[str, bool]]]] = []
    said = "".join(current.values())
    if kind is UnitKind.PROBLEM:
        opinions = {o.id: o for o in draft.opinions}
        for oid in item_links(find_item(material, unit_id)):
            opinion = opinions.get(oid)
            if opinion is not None:
                name = Path(opinion.origin.file).name
                where = f"{opinion.kind.value}，{name}:{opinion.origin.line}"
                sources.append((oid, where, highlight(opinion.text, said)))
    elif kind in (UnitKind.CAUSE, UnitKind.MEASURE):
        for pid in item_links(find_item(material, unit_id)):
            status = STATUS_NAMES[draft.review[pid].status] if pid in draft.review else ""
            where = f"{aspect_of(material, pid)}，{status}"
            sources.append((pid, where, [(unit_text(material, pid), False)]))
    history = [
        f"{r.at:%Y-%m-%d %H:%M} {_ORIGINS.get(r.origin, r.origin)}（{r.by}）"
        + (f"：按“{r.instruction}”" if r.instruction else "")
        for r in review.revisions
    ]
    history += [
        f"{d.at:%Y-%m-%d %H:%M} {STATUS_NAMES[d.status]}（{d.by}，{d.via}）"
        + (f"：{d.comment}" if d.comment else "")
        for d in review.decisions
    ]
    history.sort()
    return Detail(
        id=unit_id,
        label=unit_label(material, unit_id),
        kind=kind.value,
        status=review.status.value,
        status_name=STATUS_NAMES[review.status],
        flag=review.flag,
        fields=fields,
        sources=sources,
        findings=[
            f"{f.severity.value}：{f.message}（{f.rule}）"
            for f in findings
            if f.location.id == unit_id
        ],
        history=history,
        can_reject=kind is not UnitKind.TITLE,
        links=(
            item_links(find_item(material, unit_id))
            if kind in (UnitKind.PROBLEM, UnitKind.CAUSE, UnitKind.MEASURE)
            else []
        ),
        aspects=[group.aspect for group in material.problems],
        model=draft.settings.provider != "offline",
        base=fields_digest(current),
    )


def highlight(source: str, cited: str, shortest: int = 4) -> list[tuple[str, bool]]:
    """``source`` cut into pieces, True where ``cited`` repeats it (runs of at least
    ``shortest`` characters): what of an opinion the unit's text carries."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, source, cited, autojunk=False)
    pieces: list[tuple[str, bool]] = []
    at = 0
    for block in matcher.get_matching_blocks():
        if block.size < shortest:
            continue
        if block.a > at:
            pieces.append((source[at : block.a], False))
        pieces.append((source[block.a : block.a + block.size], True))
        at = block.a + block.size
    if at < len(source):
        pieces.append((source[at:], False))
    return pieces


def check_findings(draft: DraftFile) -> list[Finding]:
    """The genre rules on the draft, exactly as ``draft check`` runs them on a draft file."""
    from selfreview.checks import load_rules, run_checks
    from selfreview.workflow.checking import check_target

    return run_checks(check_target(draft), load_rules(None))


@dataclass
class Blocker:
    """One reason the document cannot be built yet, in the page's words: what to do on the
    page, and the units to do it on (each a link in the review page)."""

    text: str
    units: list[tuple[str, str]]
    """(unit id, label) of the units that block, in document order."""
    allowed_by: str = ""
    """The build form's checkbox that builds anyway ("allow_placeholders",
    "allow_missing_aspects"), empty when nothing but a decision lifts it."""


def blockers(draft: DraftFile) -> list[Blocker]:
    """What keeps ``draft build`` from building (the same checks, worded for the page
    rather than the command line); empty: it can build."""
    material = draft.material
    assert material is not None

    def linked(units: list[str]) -> list[tuple[str, str]]:
        return [(u, short_label(material, u)) for u in units]

    found = []
    pending = pending_units(draft)
    if pending:
        found.append(
            Blocker(
                f"还有 {len(pending)} 项未确认：请逐条确认或删除"
                "（也可以在下面勾选“我已逐条看过”后批量确认）",
                linked(pending),
            )
        )
    orphans = orphaned_followups(draft)
    if orphans:
        found.append(
            Blocker(
                "所针对的问题已全部删除：请删除这些条目，或在“更多操作”中改为针对其他问题",
                linked(orphans),
            )
        )
    left = placeholders_left(draft)
    if left:
        units = list(dict.fromkeys(u for u, _ in left))
        hits = "、".join(dict.fromkeys(hit for _, hit in left))
        found.append(
            Blocker(
                f"已确认的内容中仍有占位内容（{hits}）：请在右侧补全后按“保存修改”，"
                "或勾选“仍有占位内容时生成讨论稿”",
                linked(units),
                "allow_placeholders",
            )
        )
    unsigned = missing_parts(draft)
    if unsigned:
        found.append(
            Blocker(
                f"落款还缺{'和'.join(unsigned)}：请在下面“落款”中填写后生成，"
                "或取消“加落款”，或勾选“仍有占位内容时生成讨论稿”",
                [],
                "allow_placeholders",
            )
        )
    missing = missing_aspects(draft)
    if missing:
        gone = [
            p.id
            for group in material.problems
            if group.aspect in missing
            for p in group.items
            if draft.review[p.id].status is Status.REJECTED
        ]
        found.append(
            Blocker(
                f"通知要求查摆的方面没有问题（已删除或移到别的方面）：{'、'.join(missing)}。"
                "请把该方面删除的问题“改回待定”，或在“更多操作”中添加该方面的问题，"
                "或勾选“缺少方面时仍生成”",
                linked(gone),
                "allow_missing_aspects",
            )
        )
    return found


def pending(draft: DraftFile) -> list[str]:
    """Units still undecided, in document order (what the build waits for)."""
    return pending_units(draft)


def counts(draft: DraftFile) -> dict[str, int]:
    """How many units stand where: 全部 / 待定 / 已确认 / 已删除."""
    statuses = [r.status for r in draft.review.values()]
    return {
        "total": len(statuses),
        "pending": statuses.count(Status.PENDING),
        "accepted": statuses.count(Status.APPROVED) + statuses.count(Status.APPROVED_WITH_EDITS),
        "rejected": statuses.count(Status.REJECTED),
    }


def preview_blocks(draft: DraftFile) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The document as it will be when every pending unit is approved: (block kind,
    [(text, is headline)]) from the same compose step the DOCX writer uses."""
    return [
        (block.kind.value, [(s.text, s.headline) for s in block.segments])
        for block in compose(material_in_review(draft))
    ]


BLOCK_KINDS = [k.value for k in BlockKind]
"""The block kinds the preview's stylesheet knows."""

_ORIGINS = {
    "drafted": "起草",
    "edited": "修改",
    "regenerated": "重新生成",
    "added": "添加",
    "redrafted": "重新起草",
}


def _row(draft: DraftFile, unit_id: str) -> UnitRow:
    material = draft.material
    assert material is not None
    review = draft.review[unit_id]
    kind = unit_kind(unit_id)
    label = unit_label(material, unit_id).split("（")[0]
    if kind in (UnitKind.TITLE, UnitKind.PREAMBLE, UnitKind.INTRO, UnitKind.CLOSING):
        label = label.split(" ")[0]
    return UnitRow(
        id=unit_id,
        label=label,
        text=unit_text(material, unit_id),
        status=review.status.value,
        status_name=STATUS_NAMES[review.status],
        flag=review.flag,
    )


def _part_pos(draft: DraftFile, unit_id: str) -> str:
    material = draft.material
    assert material is not None
    return material.extra_parts[int(unit_id[1:]) - 1].position
