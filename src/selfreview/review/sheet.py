"""The review sheet: review a draft as a Markdown file in any editor, then apply it.

:func:`export_sheet` writes every unit with a checkbox, its text and its sources;
:func:`apply_sheet` reads the edited sheet back, validates all of it, and only then records
the decisions and edits through the :class:`~selfreview.review.session.ReviewSession`, in
one atomic save. Mistakes raise one :class:`SheetError` naming every mistake found with
its line, and nothing is recorded.

What a sheet records is what the person changed on it, compared with the draft at export
(the header's baseline): a checkbox changed, a text edited, a comment written. Everything
the person left alone keeps whatever the draft holds now, so a sheet applied twice records
nothing the second time, and decisions made elsewhere after the export (in the terminal, or
the marks that an edited problem sets on the causes and measures citing it) are kept. A
unit changed both on the sheet and elsewhere since the export is a conflict: an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from selfreview.draftfile import DraftFile
from selfreview.errors import ReviewError, SheetError
from selfreview.record import STATUS_NAMES
from selfreview.review.session import ReviewSession
from selfreview.review.sheet_export import export_sheet
from selfreview.review.sheet_format import (
    IDENTITY_LABEL,
    LINE_BREAK,
    BaseMark,
    Box,
    UnitState,
    current_state,
    identity,
    is_required,
    is_single_line,
    labels_for,
    links_digest,
    normalize,
    parse_links,
)
from selfreview.review.sheet_parse import Entry, ParsedSheet, read_sheet
from selfreview.units import UnitKind, find_item, item_links, unit_ids

__all__ = ["SheetError", "SheetResult", "apply_sheet", "export_sheet"]


@dataclass
class SheetResult:
    """What applying a sheet recorded; every unit on the sheet is in exactly one of the
    first six lists. ``edited`` units had their text changed and are approved with edits;
    a unit whose text changed while its box says ``[-]`` (or was set back to ``[ ]``) is
    listed under ``rejected`` (``reset``), its new text kept."""

    approved: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    reset: list[str] = field(default_factory=list)
    commented: list[str] = field(default_factory=list)
    """Only a comment was added; the unit's status stays as it was."""
    unchanged: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    """Causes and measures newly marked for another look because a problem they cite was
    changed or rejected on this sheet (they may appear in another list as well)."""
    relinked: list[str] = field(default_factory=list)
    """Causes and measures whose 回应 (the problems they answer) was changed on this
    sheet; they are also in one of the first six lists (their status as decided there)."""

    @property
    def recorded(self) -> int:
        """How many units got a decision or an edit."""
        return len(self.approved + self.edited + self.rejected + self.reset + self.commented)

    def counts(self) -> dict[str, int]:
        """Category name -> number of units."""
        return {
            "approved": len(self.approved),
            "edited": len(self.edited),
            "rejected": len(self.rejected),
            "reset": len(self.reset),
            "commented": len(self.commented),
            "unchanged": len(self.unchanged),
        }

    def summary(self) -> str:
        """One Chinese line, e.g. ``确认 3 条，修改 1 条，删除 0 条，改回待定 0 条，…``."""
        counts = self.counts()
        text = "，".join(f"{_SUMMARY_NAMES[name]} {n} 条" for name, n in counts.items())
        if self.relinked:
            text += f"；改了所回应的问题：{'、'.join(self.relinked)}"
        if self.flagged:
            text += f"；因所依据的问题有变，需要再看：{'、'.join(self.flagged)}"
        return text

    def __str__(self) -> str:
        return self.summary()


_SUMMARY_NAMES = {
    "approved": "确认",
    "edited": "修改",
    "rejected": "删除",
    "reset": "改回待定",
    "commented": "仅加备注",
    "unchanged": "未变",
}


@dataclass
class _Intent:
    """What the person changed on the sheet for one unit (None: left alone)."""

    entry: Entry
    fields: dict[str, str] | None
    box: Box | None
    comment: str
    """The comment as the sheet shows it, recorded with any decision the sheet makes."""
    comment_changed: bool
    links: list[str] | None = None
    """The problems a cause or measure answers, as the sheet now says (None: left alone)."""


def apply_sheet(session: ReviewSession, text: str, path: Path) -> SheetResult:
    """Validate the whole sheet, then record its decisions and edits in one save.

    Raises :class:`SheetError` (with ``path`` and the line number) for any mistake: a sheet
    from another draft, an unknown or repeated id, a missing unit, a bad label or checkbox,
    an emptied required text, an invalid text, a conflict with changes made since the
    export. Nothing is recorded then. Applying a sheet without changes saves nothing.
    """
    draft = session.draft
    _check_identity(draft, text, path)
    parsed, mistakes = read_sheet(text, path)
    intents = _intents(draft, parsed, path, mistakes)
    if mistakes:
        raise SheetError.combine(mistakes, path)
    on_sheet = {entry.unit_id for entry in parsed.entries}
    trial = ReviewSession(draft.model_copy(deep=True), None, by=session.by, via=session.via)
    result = SheetResult()
    flags_before = {uid: unit.flag for uid, unit in draft.review.items()}
    for uid in unit_ids(trial.material):
        intent = intents.get(uid)
        if intent is None:
            if uid in on_sheet:
                result.unchanged.append(uid)
            continue
        if intent.links is not None:
            links_line = intent.entry.links.line if intent.entry.links else intent.entry.line
            try:
                trial.set_links(uid, intent.links)
            except ReviewError as err:
                mistakes.append(SheetError(links_line, f"{uid} 的“回应”：{err.message}", path=path))
                continue
            result.relinked.append(uid)
        try:
            category = _record(trial, uid, intent)
        except ReviewError as err:
            mistakes.append(SheetError(intent.entry.line, err.message, path=path))
            continue
        getattr(result, category).append(uid)
    if mistakes:
        raise SheetError.combine(mistakes, path)
    result.flagged = [
        uid
        for uid, unit in trial.draft.review.items()
        if unit.flag and unit.flag != flags_before.get(uid)
    ]
    if result.recorded or result.relinked:
        session.draft = trial.draft
        session.save()
    return result


def _check_identity(draft: DraftFile, text: str, path: Path) -> None:
    lines = LINE_BREAK.split(text.removeprefix("\ufeff"))
    for number, line in enumerate(lines, 1):
        if line.startswith(IDENTITY_LABEL):
            found = line.removeprefix(IDENTITY_LABEL).strip()
            if found != identity(draft):
                raise SheetError(
                    number,
                    f"这张审阅单来自另一份草稿（审阅单：{found}；草稿：{identity(draft)}），"
                    "请从当前草稿重新导出",
                    path=path,
                )
            return
    raise SheetError(
        1,
        "不是 selfreview 审阅单（缺少“草稿：”核对行），请用 draft review --export 导出",
        path=path,
    )


def _intents(
    draft: DraftFile, parsed: ParsedSheet, path: Path, mistakes: list[SheetError]
) -> dict[str, _Intent]:
    """What each entry changed; every mistake found is added to ``mistakes``."""
    review = draft.review
    if not parsed.base:
        raise SheetError(parsed.identity_line, "缺少“基线：”核对行，请重新导出审阅单", path=path)
    broken_anchor = bool(mistakes)  # a unit may be "missing" only because its anchor broke
    entries = {entry.unit_id: entry for entry in parsed.entries}
    usable = []
    for entry in parsed.entries:
        uid = entry.unit_id
        if uid not in parsed.base:
            mistakes.append(
                SheetError(
                    entry.line,
                    f"{uid} 不是导出时就有的条目：审阅单不能添加条目（请在终端审阅中添加）",
                    path=path,
                )
            )
        elif uid not in review and _touched(parsed.base[uid], _sheet_state(entry)):
            mistakes.append(
                SheetError(
                    entry.line,
                    f"草稿中已没有 {uid}（导出审阅单后重新生成过），这一条的改动无法记录；"
                    "请重新导出审阅单",
                    path=path,
                )
            )
        elif uid in review:
            usable.append(entry)
    exported = [uid for uid in parsed.base if uid in review]
    for index, uid in enumerate(exported):
        if uid not in entries and not broken_anchor:
            later = [entries[u].line for u in exported[index + 1 :] if u in entries]
            line = later[0] if later else max(parsed.line_count, 1)
            mistakes.append(
                SheetError(
                    line,
                    f"缺少 {uid} 这一条（定位行“- [ ] {uid} ……”被删掉或改动了）；"
                    "审阅单须包含每一条",
                    path=path,
                )
            )
    intents = {}
    for entry in usable:
        try:
            intent = _intent(draft, parsed.base[entry.unit_id], entry, path)
        except SheetError as mistake:
            mistakes.append(mistake)
            continue
        if intent is not None:
            intents[entry.unit_id] = intent
    return intents


def _touched(base: BaseMark, sheet: UnitState) -> bool:
    return sheet.box != base.box or not base.same_fields(sheet) or not base.same_comment(sheet)


def _intent(draft: DraftFile, base: BaseMark, entry: Entry, path: Path) -> _Intent | None:
    """What the person changed on this unit's block, compared with the sheet as exported;
    a change to something that was also changed elsewhere since the export is a conflict."""
    sheet = _sheet_state(entry)
    current = current_state(draft.review[entry.unit_id])
    fields = None if base.same_fields(sheet) else sheet.fields
    if fields is not None:
        _check_fields(entry, fields, current.fields, path)
        if not base.same_fields(current) and current.fields != fields:
            raise _conflict(entry, draft, path)
    box: Box | None = None
    if sheet.box != base.box:
        box = sheet.box
    elif fields is not None:
        box = Box.REJECTED if sheet.box is Box.REJECTED else Box.ACCEPTED
    if box is not None and current.box not in (base.box, box):
        raise _conflict(entry, draft, path)
    if box is Box.REJECTED and entry.kind is UnitKind.TITLE:
        raise SheetError(entry.line, "标题不能删除，只能修改", path=path)
    comment_changed = not base.same_comment(sheet)
    links = _links(draft, base, entry, path)
    if fields is None and box is None and not comment_changed and links is None:
        return None
    return _Intent(entry, fields, box, sheet.comment, comment_changed, links)


def _links(draft: DraftFile, base: BaseMark, entry: Entry, path: Path) -> list[str] | None:
    """The problems the sheet's 回应 line names, when the person changed them (else None);
    ids that are no problem's, and a change made elsewhere since the export, are errors."""
    if entry.links is None:
        return None
    uid, line = entry.unit_id, entry.links.line
    ids, bad = parse_links(entry.links.text())
    if bad:
        raise SheetError(
            line,
            f"{uid} 的“回应”中“{'、'.join(bad)}”不是问题编号：请写 P1、P12 这样的编号，用顿号隔开",
            path=path,
        )
    assert draft.material is not None
    current = item_links(find_item(draft.material, uid))
    if not base.links:  # a sheet from before the 回应 line could be changed
        if ids == current:
            return None
        raise SheetError(line, "这张审阅单导出得较早，不能改“回应”；请重新导出审阅单", path=path)
    if links_digest(ids) == base.links:
        return None
    if links_digest(current) != base.links and current != ids:
        raise _conflict(entry, draft, path)
    problems = {p.id for p in draft.material.all_problems()}
    unknown = [pid for pid in ids if pid not in problems]
    if unknown:
        raise SheetError(line, f"{uid} 的“回应”中没有这些问题：{'、'.join(unknown)}", path=path)
    if not ids:
        raise SheetError(line, f"{uid} 的“回应”至少要写一个问题编号", path=path)
    return ids


def _sheet_state(entry: Entry) -> UnitState:
    fields = {name: normalize(text.text()) for name, text in entry.fields.items()}
    comment = normalize(entry.comment.text()) if entry.comment is not None else ""
    return UnitState(fields=fields, box=entry.box, comment=comment)


def _check_fields(entry: Entry, fields: dict[str, str], now: dict[str, str], path: Path) -> None:
    labels = labels_for(entry.kind)
    for name, value in fields.items():
        line = entry.fields[name].line
        if not value and is_required(entry.kind, name):
            hint = "" if name != "text" else "；要去掉这一项，请把复选框改成 [-]"
            raise SheetError(line, f"{entry.unit_id} 的“{labels[name]}”不能为空{hint}", path=path)
        if "\n" in value and value != now.get(name) and is_single_line(entry.kind, name):
            raise SheetError(line, f"{entry.unit_id} 的“{labels[name]}”只能写一段", path=path)


def _conflict(entry: Entry, draft: DraftFile, path: Path) -> SheetError:
    status = STATUS_NAMES[draft.status(entry.unit_id)]
    return SheetError(
        entry.line,
        f"{entry.unit_id} 在导出审阅单后已在别处改过（现为{status}），与审阅单上的改动冲突；"
        "请重新导出审阅单再改",
        path=path,
    )


def _record(trial: ReviewSession, uid: str, intent: _Intent) -> str:
    """Record one unit's intent on the trial session; returns the SheetResult list name."""
    now = current_state(trial.draft.review[uid])
    if intent.fields is not None and intent.fields != now.fields:
        accepted = intent.box in (None, Box.ACCEPTED)
        trial.edit(uid, intent.fields, intent.comment if accepted else "")
        if intent.box is Box.REJECTED:
            trial.reject(uid, intent.comment)
            return "rejected"
        if intent.box is Box.PENDING:
            trial.reset(uid, intent.comment)
            return "reset"
        return "edited"
    if intent.box is not None and intent.box != now.box:
        if intent.box is Box.ACCEPTED:
            trial.approve(uid, intent.comment)
            return "approved"
        if intent.box is Box.REJECTED:
            trial.reject(uid, intent.comment)
            return "rejected"
        trial.reset(uid, intent.comment)
        return "reset"
    if intent.comment_changed and intent.comment != now.comment:
        trial.comment(uid, intent.comment)
        return "commented"
    return "unchanged"
