"""Write a review sheet: the whole draft as Markdown a person can edit in any editor.

Every unit is one block: an anchor line ``- [ ] P3 问题（理论学习方面）`` (checkbox and id),
its text fields on labelled lines (``标题句：…``), read-only ``>`` lines (its state, why it
needs another look, the opinions it rests on), for a cause or measure the editable
``回应：P1（…）、P3（…）`` (the problems it answers), and ``备注：``. The header
carries the draft's identity and each unit's baseline (see :mod:`.sheet_format`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from selfreview.draftfile import DraftFile
from selfreview.errors import ReviewError
from selfreview.record import STATUS_NAMES, Status
from selfreview.review.gate import printed_measure
from selfreview.review.session import SYSTEM
from selfreview.review.sheet_format import (
    BASELINE_LABEL,
    COMMENT_LABEL,
    IDENTITY_LABEL,
    LINKED_KINDS,
    LINKS_LABEL,
    SHEET_MAGIC,
    BaseMark,
    box_of,
    current_state,
    identity,
    labels_for,
    links_digest,
    normalize,
    shown_comment,
)
from selfreview.schema import Material, Opinion, Problem
from selfreview.units import (
    UnitKind,
    aspect_of,
    find_item,
    gap_note,
    get_fields,
    item_links,
    unit_ids,
    unit_kind,
    unit_label,
)

TOKENS_PER_LINE = 6

HELP = (
    "> **怎么用**",
    "> - 每一条以“- [ ] 编号”一行开头，这一行用来定位，编号不要改。",
    "> - 确认：把 `[ ]` 改成 `[x]`；删除：改成 `[-]` 或 `[删除]`；待定：保持 `[ ]`。"
    "把已决定的条目改回 `[ ]`，即撤销决定、改回待定。",
    "> - 修改：直接改“标题句：”“正文：”等后面的文字。一段写不下可以换行，续行前空两格；"
    "空一行再空两格另起一段。改了文字即记为“已修改确认”（同时写 `[-]` 则保存修改并删除）。",
    "> - 备注：写在“备注：”后面，随这一条的决定一起记录。",
    "> - 原因和措施的“回应：”写它针对哪些问题：问题编号用顿号隔开（如 P1、P12），"
    "括号里的标题句可留可删。改了编号即改针对的问题；在终端添加的问题也这样连到措施上，"
    "整改清单才有它的一行。",
    "> - 以“>”开头的行（当前状态、所依据的意见、文中印法）只供参考，改了不起作用；"
    "调换条目的先后、挪到别的标题下也不起作用。",
    "> - 改好后运行 `draft review 草稿文件 --apply 本审阅单`：有错会指出第几行，并且一条也不记录。",
)


def export_sheet(draft: DraftFile) -> str:
    """The review sheet of ``draft`` (Markdown); applying it unchanged records nothing."""
    material = draft.material
    if material is None:
        raise ReviewError("起草未完成，没有可审阅的内容")
    ids = unit_ids(material)
    lines = [f"# 审阅单：{material.title.strip()}", ""]
    lines += [
        f"<!-- {SHEET_MAGIC}：以下几行供程序核对，请勿修改。",
        IDENTITY_LABEL + identity(draft),
    ]
    tokens = [f"{uid}={_mark(draft, material, uid).token()}" for uid in ids]
    for start in range(0, len(tokens), TOKENS_PER_LINE):
        lines.append(BASELINE_LABEL + " ".join(tokens[start : start + TOKENS_PER_LINE]))
    lines += ["-->", "", *HELP]
    opinions = {o.id: o for o in draft.opinions}
    section = ""
    for uid in ids:
        heading = _section(material, uid)
        if heading != section:
            lines += ["", f"## {heading}"]
            section = heading
        lines.append("")
        lines += _block(draft, material, uid, opinions)
    return "\n".join(lines) + "\n"


def _mark(draft: DraftFile, material: Material, uid: str) -> BaseMark:
    """The unit's baseline; a cause's or measure's records the problems it answers."""
    mark = current_state(draft.review[uid]).mark()
    if unit_kind(uid) not in LINKED_KINDS:
        return mark
    return replace(mark, links=links_digest(item_links(find_item(material, uid))))


def _section(material: Material, uid: str) -> str:
    kind = unit_kind(uid)
    headings = material.headings
    if kind is UnitKind.PROBLEM:
        return f"问题 · {aspect_of(material, uid)}"
    if uid == "problems_intro":
        return f"问题（{headings.problems}）"
    if kind is UnitKind.CAUSE or uid == "causes_intro":
        return f"原因（{headings.causes}）"
    if kind is UnitKind.MEASURE or uid == "measures_intro":
        return f"措施（{headings.measures}）"
    names = {
        UnitKind.TITLE: "标题",
        UnitKind.PREAMBLE: "开头",
        UnitKind.PART: "其他部分",
        UnitKind.CLOSING: "结尾",
    }
    return names[kind]


def _block(
    draft: DraftFile, material: Material, uid: str, opinions: dict[str, Opinion]
) -> list[str]:
    unit = draft.review[uid]
    kind = unit_kind(uid)
    label = unit_label(material, uid).replace(f" {uid}", "", 1)
    lines = [f"- [{box_of(unit.status).value}] {uid} {label}"]
    if unit.decisions and unit.decisions[-1].via != SYSTEM:
        last = unit.decisions[-1]
        when = last.at.astimezone().strftime("%Y-%m-%d %H:%M")
        lines.append(f"> 当前：{STATUS_NAMES[last.status]}（{last.by}，{when}）")
    if unit.flag:
        lines.append(f"> 需要再看：{unit.flag}")
    gap = gap_note(material, uid)
    if gap:
        lines.append(f"> {gap}")
    fields = get_fields(material, uid)
    for name, field_label in labels_for(kind).items():
        lines += _labelled(field_label, fields[name])
    if kind is UnitKind.MEASURE and unit.status is not Status.REJECTED:
        lines.append(f"> 文中印为：{printed_measure(draft, uid)}")
    lines += _sources(material, uid, kind, opinions)
    lines += _labelled(COMMENT_LABEL, shown_comment(unit.decisions))
    return lines


def _labelled(label: str, text: str) -> list[str]:
    """``label：first paragraph``, then each further paragraph after a blank line, indented."""
    paragraphs = normalize(text).split("\n") if normalize(text) else []
    if not paragraphs:
        return [f"{label}："]
    lines = [f"{label}：{paragraphs[0]}"]
    for paragraph in paragraphs[1:]:
        lines += ["", f"  {paragraph}"]
    return lines


def _sources(
    material: Material, uid: str, kind: UnitKind, opinions: dict[str, Opinion]
) -> list[str]:
    if kind is UnitKind.PART:
        refs = material.extra_parts[int(uid[1:]) - 1].sources
        return [_opinion_line(opinions[ref]) for ref in refs if ref in opinions]
    if kind not in (UnitKind.PROBLEM, UnitKind.CAUSE, UnitKind.MEASURE):
        return []
    item = find_item(material, uid)
    if isinstance(item, Problem):
        if not item.sources:
            return ["> 依据：（未注明所依据的意见）"]
        return [_opinion_line(opinions[ref]) for ref in item.sources if ref in opinions]
    refs = item_links(item)
    if not refs:
        return [f"{LINKS_LABEL}：（未注明回应哪些问题；请写问题编号）"]
    answered = [f"{ref}（{find_item(material, ref).headline}）" for ref in refs]
    return [f"{LINKS_LABEL}：{'、'.join(answered)}"]


def _opinion_line(opinion: Opinion) -> str:
    text = normalize(opinion.text).replace("\n", " ")
    origin = opinion.origin
    where = f"{Path(origin.file).name}:{origin.line}"
    if origin.end_line and origin.end_line != origin.line:
        where += f"-{origin.end_line}"
    return f"> {opinion.id} {text}（{opinion.kind.value} · {where}）"
