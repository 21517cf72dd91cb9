"""The screens of the terminal review, as plain text (ANSI colour only on a terminal).

Each function returns the text to show; :mod:`selfreview.review.terminal` decides when.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from selfreview.checks.model import Finding, Severity
from selfreview.draftfile import DraftFile
from selfreview.record import ACCEPTED, STATUS_NAMES, Status
from selfreview.review.gate import (
    orphaned_followups,
    overview_text,
    placeholders_left,
    printed_measure,
    unanswered_problems,
)
from selfreview.schema import Material, Opinion
from selfreview.units import (
    INTROS,
    UnitKind,
    field_labels,
    find_item,
    gap_note,
    get_fields,
    links_of,
    unit_ids,
    unit_kind,
    unit_label,
)

RULE = "─" * 36
_STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
}
_STATUS_STYLE = {
    Status.PENDING: "yellow",
    Status.APPROVED: "green",
    Status.APPROVED_WITH_EDITS: "green",
    Status.REJECTED: "red",
}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
_ORIGIN_NAMES = {
    "drafted": "起草",
    "edited": "修改",
    "regenerated": "重新生成",
    "added": "手工添加",
    "redrafted": "重新起草",
}

HELP = """\
按键（也可输入中文词）：
  a 确认        确认当前文本
  e 修改        在编辑器中修改（$VISUAL / $EDITOR；未设置时用 nano 等，没有则逐项改）
  i 改          逐项修改：现有文字已填好，直接改后回车；回车不改，输入 - 清空
  d 删除        不写入材料，可填理由（可写成 d 理由）
  g 重新生成    按要求让模型改写，如：g 更具体一些
  r 重新生成本部分  为已确认的问题重新生成原因或措施（先确认）
  n 添加        手工添加问题、原因或措施（n 问题 / n 原因 / n 措施）
  m 移动        问题移到别的方面或第几条；原因、措施移到第几条
  l 引用        修改问题所依据的意见，或原因、措施对应的问题
  c 备注        写一条备注，立即保存，本条状态不变
  u 撤销        撤销本条的决定，改回待定
  j 下一条      k 上一条      p 下一条待定      P3 / M2 … 直接跳到该条
  o 总览        ? 帮助        q 退出（每个决定都已保存）
  回车          重新显示当前这一条"""


def use_colour(is_tty: bool) -> bool:
    """Colour on a terminal, unless ``NO_COLOR`` is set, ``TERM=dumb``, or an old
    Windows console."""
    if not is_tty or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return os.name != "nt" or "WT_SESSION" in os.environ or "TERM" in os.environ


def paint(text: str, style: str, colour: bool) -> str:
    """``text`` in ``style`` (see ``_STYLES``) when ``colour`` is on."""
    return f"\033[{_STYLES[style]}m{text}\033[0m" if colour else text


# -- checks ---------------------------------------------------------------------------


def findings_by_unit(material: Material, findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """The findings that belong to one unit, by unit id.

    An item's findings carry its id; frame texts and extra parts are found by their part
    (标题, 开头, 结尾, the part heading). Findings about numbering or an aspect as a whole
    belong to no unit.
    """
    units = set(unit_ids(material))
    by_part = {"标题": "title", "开头": "preamble", "结尾": "closing"}
    headings = material.headings
    by_part.update(
        {
            heading: intro
            for heading, intro in zip(
                (headings.problems, headings.causes, headings.measures), INTROS, strict=True
            )
        }
    )
    by_part.update({part.heading: f"E{n}" for n, part in enumerate(material.extra_parts, 1)})
    result: dict[str, list[Finding]] = {}
    for finding in findings:
        where = finding.location
        if where.id:
            uid = where.id
        elif where.aspect or where.item:
            continue
        else:
            uid = by_part.get(where.part, "")
        if uid in units:
            result.setdefault(uid, []).append(finding)
    return result


# -- one unit ---------------------------------------------------------------------------


def unit_screen(
    draft: DraftFile,
    unit_id: str,
    findings: Sequence[Finding],
    *,
    colour: bool,
) -> str:
    """Everything about one unit: label, status, text, sources, findings, last decision."""
    material = _material(draft)
    units = unit_ids(material)
    review = draft.review[unit_id]
    status = review.status
    pending = sum(draft.review[u].status is Status.PENDING for u in units)
    lines = [
        paint(
            f"{RULE}\n第 {units.index(unit_id) + 1}/{len(units)} 项 · 待定共 {pending} 项",
            "dim",
            colour,
        ),
        paint(unit_label(material, unit_id), "bold", colour)
        + " · "
        + paint(STATUS_NAMES[status], _STATUS_STYLE[status], colour),
    ]
    if review.flag:
        lines.append(paint(f"需再看：{review.flag}", "yellow", colour))
    gap = gap_note(material, unit_id)
    if gap:
        lines.append(paint(gap, "yellow", colour))
    revision = review.current
    if len(review.revisions) > 1 or revision.origin != "drafted":
        how = _ORIGIN_NAMES.get(revision.origin, revision.origin)
        extra = f"，要求：{revision.instruction}" if revision.instruction else ""
        lines.append(
            paint(f"第 {len(review.revisions)} 版：{how}（{revision.by}{extra}）", "dim", colour)
        )
    lines.append("")
    labels = field_labels(unit_kind(unit_id))
    for name, text in get_fields(material, unit_id).items():
        lines.append(f"{paint(labels[name] + '：', 'cyan', colour)}{text or '（空）'}")
    if unit_kind(unit_id) is UnitKind.MEASURE and status is not Status.REJECTED:
        lines.append(paint("文中印为：", "cyan", colour) + printed_measure(draft, unit_id))
    lines.append("")
    lines += _links(draft, unit_id, colour)
    lines.append(paint("检查发现：", "cyan", colour) + ("" if findings else "无"))
    for finding in findings:
        severity = paint(finding.severity.label, _SEVERITY_STYLE[finding.severity], colour)
        lines.append(f"  [{severity}] {finding.rule}：{finding.message}")
    if review.decisions:
        last = review.decisions[-1]
        said = f"，{last.comment}" if last.comment else ""
        lines.append(
            paint(f"上次决定：{STATUS_NAMES[last.status]}（{last.by}{said}）", "dim", colour)
        )
    comments = [d for d in review.decisions if d.comment]
    if len(comments) > 1 or (comments and comments[-1] is not review.decisions[-1]):
        lines.append(paint(f"全部备注（{len(comments)} 条）：", "cyan", colour))
        lines += [f"  {d.at:%m-%d %H:%M} {d.by}：{d.comment}" for d in comments]
    return "\n".join(lines) + "\n"


def opinion_line(opinion: Opinion) -> str:
    """``O6〔征求意见〕text（notes.txt:13）``."""
    origin = opinion.origin
    where = f"{origin.file}:{origin.line}"
    if origin.end_line and origin.end_line != origin.line:
        where += f"-{origin.end_line}"
    return f"{opinion.id}〔{opinion.kind.value}〕{opinion.text}（{where}）"


def problem_line(draft: DraftFile, problem_id: str) -> str:
    """``P3 学用结合不够紧密（已确认）``."""
    item = find_item(_material(draft), problem_id)
    return f"{problem_id} {item.headline}（{STATUS_NAMES[draft.status(problem_id)]}）"


def _links(draft: DraftFile, unit_id: str, colour: bool) -> list[str]:
    material = _material(draft)
    kind = unit_kind(unit_id)
    opinions = {o.id: o for o in draft.opinions}
    lines: list[str] = []
    if kind in (UnitKind.PROBLEM, UnitKind.PART):
        sources = (
            links_of(material, unit_id)
            if kind is UnitKind.PROBLEM
            else material.extra_parts[int(unit_id[1:]) - 1].sources
        )
        lines.append(paint("所依据的意见：", "cyan", colour) + ("" if sources else "（无）"))
        for source in sources:
            lines.append("  " + (opinion_line(opinions[source]) if source in opinions else source))
    if kind is UnitKind.PROBLEM:
        answering = [m.id for m in material.measures if unit_id in m.addresses]
        explaining = [c.id for c in material.causes if unit_id in c.explains]
        lines.append(paint("对应的原因：", "cyan", colour) + ("、".join(explaining) or "（无）"))
        measures = "、".join(f"{m}（{STATUS_NAMES[draft.status(m)]}）" for m in answering)
        lines.append(paint("回应的措施：", "cyan", colour) + (measures or "（无）"))
    if kind in (UnitKind.CAUSE, UnitKind.MEASURE):
        refs = links_of(material, unit_id)
        title = "说明的问题：" if kind is UnitKind.CAUSE else "回应的问题："
        lines.append(paint(title, "cyan", colour) + ("" if refs else "（无）"))
        lines += ["  " + problem_line(draft, ref) for ref in refs]
    return lines


# -- overview -------------------------------------------------------------------------


def aspects_text(draft: DraftFile) -> str:
    """The aspects, numbered (the numbers ``m`` and ``n`` ask for), with their counts."""
    lines = []
    for number, group in enumerate(_material(draft).problems, 1):
        statuses = [draft.status(p.id) for p in group.items]
        pending = statuses.count(Status.PENDING)
        deleted = statuses.count(Status.REJECTED)
        lines.append(
            f"  {number}. {group.aspect}：{len(statuses) - deleted} 项"
            + (f"，待定 {pending}" if pending else "")
            + (f"（另已删除 {deleted}）" if deleted else "")
        )
    return "\n".join(lines)


def overview_screen(draft: DraftFile, *, full: bool = False) -> str:
    """The state of every part; with ``full``, also what the build will complain about."""
    lines = [RULE, "总览", overview_text(draft), "问题的各个方面：", aspects_text(draft)]
    pending = sum(unit.status is Status.PENDING for unit in draft.review.values())
    lines.append(f"待定共 {pending} 项。" if pending else "没有待定的内容。")
    if full:
        lines += _gate_notes(draft)
    return "\n".join(lines) + "\n"


def finish_screen(draft: DraftFile, draft_name: str) -> str:
    """Shown when nothing is pending: overview, what is left to fix, and the next step."""
    lines = [overview_screen(draft).rstrip("\n"), "全部内容都已审阅。"]
    lines += _gate_notes(draft)
    lines.append(f"下一步：draft build {draft_name}")
    return "\n".join(lines) + "\n"


def _gate_notes(draft: DraftFile) -> list[str]:
    lines = []
    unanswered = unanswered_problems(draft)
    if unanswered:
        lines.append("没有已确认的措施回应的问题（可到措施部分按 n 添加，或按 r 重新生成措施）：")
        lines += ["  " + problem_line(draft, pid) for pid in unanswered]
    orphans = orphaned_followups(draft)
    if orphans:
        lines.append("所针对的问题已全部删除的原因、措施（生成前须删除，或改为针对其他问题）：")
        lines += [f"  {uid}" for uid in orphans]
    left = placeholders_left(draft)
    if left:
        lines.append(
            "已确认的内容中还有占位符（生成时须先补上，或加 --allow-placeholders 出讨论稿）："
        )
        lines += [f"  {uid}：{hit}" for uid, hit in left]
    return lines


def accepted_problems(draft: DraftFile) -> list[str]:
    """Ids of the approved (or edited) problems."""
    return [p.id for p in _material(draft).all_problems() if draft.status(p.id) in ACCEPTED]


def _material(draft: DraftFile) -> Material:
    assert draft.material is not None
    return draft.material
