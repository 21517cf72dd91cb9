"""The page's review actions, each one call on the review session the CLI uses."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from selfreview.errors import SelfReviewError

if TYPE_CHECKING:
    from starlette.datastructures import FormData

    from selfreview.review.session import ReviewSession

ACTIONS = (
    "approve",
    "reject",
    "edit",
    "comment",
    "reset",
    "approve_all",
    "regenerate",
    "add",
    "move",
    "relink",
)
NEXT_AFTER = ("approve", "reject", "edit")
STALE_CHECKED = ("approve", "reject", "edit", "regenerate")
"""Actions on a unit's text as shown: refused when that text changed since."""
"""Actions after which the page moves on to the next pending unit."""
_IDS = re.compile(r"[A-Za-z]+[0-9]+")


@dataclass
class ActionForm:
    """What one POST to ``/act`` asks for."""

    draft: str
    unit: str
    action: str
    comment: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    confirmed: bool = False
    instruction: str = ""
    kind: str = ""
    aspect: str = ""
    position: str = ""
    links: list[str] = field(default_factory=list)
    base: str = ""
    """:func:`fields_digest` of the unit as the page showed it (empty: not checked)."""

    @classmethod
    def parse(cls, form: FormData) -> ActionForm:
        """Read the form (unknown actions refused)."""
        action = str(form.get("action") or "")
        if action not in ACTIONS:
            raise SelfReviewError(f"未知的操作：{action}")

        def text(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        return cls(
            draft=text("d"),
            unit=text("u"),
            action=action,
            comment=text("comment"),
            fields={
                k[2:]: v.replace("\r\n", "\n")
                for k, v in form.multi_items()
                if k.startswith("f_") and isinstance(v, str)
            },
            confirmed=form.get("confirm") == "1",
            instruction=text("instruction"),
            kind=text("kind"),
            aspect=text("aspect"),
            position=text("position"),
            links=[m.upper() for m in _IDS.findall(text("links"))],
            base=text("base"),
        )


def fields_digest(fields: dict[str, str]) -> str:
    """A short fingerprint of a unit's text, sent with the panel's form: an action on a
    text another tab (or the terminal, or a sheet) has changed since is refused."""
    data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def perform(session: ReviewSession, act: ActionForm) -> tuple[str, str]:
    """Do ``act`` on ``session`` (saved at once); the message and the unit to show next."""
    unit, action = act.unit, act.action
    if action in STALE_CHECKED and act.base:
        from selfreview.units import get_fields

        if unit in session.draft.review and act.base != fields_digest(
            get_fields(session.material, unit)
        ):
            raise SelfReviewError(
                "这一条刚在别处（另一个标签页、终端或审阅单）改过，本页显示的是旧内容，"
                "这次操作没有执行；下面已是最新内容，请看过后再操作"
            )
    if action == "approve" and not act.fields:
        session.approve(unit, act.comment)
        return "已确认", unit
    if action in ("approve", "edit"):  # what the panel shows is what is approved
        session.edit(unit, act.fields, act.comment)
        return ("已确认" if action == "approve" else "已保存修改并确认"), unit
    if action == "reject":
        if not act.comment:
            raise SelfReviewError("删除时请在“备注 / 删除理由”中写明理由")
        session.reject(unit, act.comment)
        return "已删除", unit
    if action == "comment":
        session.comment(unit, act.comment)
        return "已记下备注", unit
    if action == "reset":
        session.reset(unit, act.comment)
        return "已改回待定", unit
    if action == "approve_all":
        if not act.confirmed:
            raise SelfReviewError("批量确认需要勾选“我已逐条看过，确认全部待定内容”")
        return f"已批量确认 {session.approve_all(act.comment or '网页批量确认')} 项", unit
    return _change_items(session, act)


def _change_items(session: ReviewSession, act: ActionForm) -> tuple[str, str]:
    from selfreview.units import UnitKind

    unit, action = act.unit, act.action
    if action == "regenerate":
        from selfreview.workflow.revising import DraftReviser

        if not act.instruction:
            raise SelfReviewError("请写明重新生成的要求（如：更具体一些）")
        session.reviser = DraftReviser(session.draft)
        session.regenerate(unit, act.instruction)
        return "已按要求重新生成，请审阅", unit
    if action == "add":
        kinds = {"problem": UnitKind.PROBLEM, "cause": UnitKind.CAUSE, "measure": UnitKind.MEASURE}
        if act.kind not in kinds:
            raise SelfReviewError("只能添加问题、原因或措施")
        after = (
            unit if unit[:1] == {"problem": "P", "cause": "C", "measure": "M"}[act.kind] else None
        )
        new = session.add(
            kinds[act.kind],
            act.fields,
            aspect=act.aspect or None,
            links=act.links,
            after=after,
            comment=act.comment,
        )
        return f"已添加 {new}（记为已确认）", new
    if action == "move":
        position = int(act.position) if act.position.isdigit() else None
        session.move(unit, aspect=act.aspect or None, position=position)
        return "已移动", unit
    session.set_links(unit, act.links)
    return "已更改引用", unit
