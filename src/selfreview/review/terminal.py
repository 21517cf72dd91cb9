"""The terminal review: one unit at a time, single-letter (or Chinese) commands.

Line-based (no curses, no mouse), so it works over SSH and in any terminal. Every
decision goes through :class:`~selfreview.review.session.ReviewSession`, which saves the
draft file at once; quitting, end of input or Ctrl-C loses nothing that was decided.
"""

from __future__ import annotations

import re

from selfreview.checks import RuleConfig, load_rules, run_checks
from selfreview.checks.model import Finding
from selfreview.errors import NoEditorError, OutputError, ReviewError, SelfReviewError
from selfreview.placeholders import find_placeholders
from selfreview.record import Status
from selfreview.review.console import Console
from selfreview.review.editform import edit_template, parse_edit
from selfreview.review.screens import (
    HELP,
    findings_by_unit,
    finish_screen,
    overview_screen,
    paint,
    unit_screen,
    use_colour,
)
from selfreview.review.session import ReviewSession
from selfreview.review.target import draft_target
from selfreview.review.terminal_items import ItemActions
from selfreview.schema import Material
from selfreview.units import (
    UnitKind,
    field_labels,
    gap_note,
    get_fields,
    links_of,
    unit_kind,
    unit_label,
)

COMMANDS = {
    "approve": ("a", "确认"),
    "edit": ("e", "修改"),
    "inline": ("i", "改", "逐项修改"),
    "reject": ("d", "删除"),
    "regenerate": ("g", "重新生成"),
    "followups": ("r", "重新生成本部分", "重写"),
    "add": ("n", "添加"),
    "move": ("m", "移动"),
    "links": ("l", "引用"),
    "comment": ("c", "备注"),
    "undo": ("u", "撤销"),
    "next": ("j", "下一条"),
    "previous": ("k", "上一条"),
    "pending": ("p", "待定"),
    "overview": ("o", "总览"),
    "help": ("?", "？", "h", "帮助"),
    "quit": ("q", "退出"),
}
"""Each action and the words that call it (a letter first, then Chinese)."""

WORDS = {word: action for action, words in COMMANDS.items() for word in words}
HINT = "a 确认  e 修改  i 逐项改  d 删除  g 重新生成  j/k 下/上一条  ? 全部按键  q 退出"
"""The key hint under each unit (fits 80 columns)."""
REGENERATE_PROMPT = "修改要求（如：更具体一些、换成第一人称）："
_UNIT_ID = re.compile(r"^[PCME][1-9][0-9]*$")


def approval_doubts(material: Material, unit_id: str) -> list[str]:
    """Why approving this unit as it stands may be a mistake, one Chinese line each:
    a placeholder left in its text (【待补…】), or a problem that cites no opinion."""
    doubts = []
    fields = get_fields(material, unit_id)
    hits = [hit for text in fields.values() for hit in find_placeholders(text)]
    if hits:
        doubts.append(f"这一条还有待补内容：{'、'.join(dict.fromkeys(hits))}（生成时须先补上）")
    is_problem = unit_kind(unit_id) is UnitKind.PROBLEM and not gap_note(material, unit_id)
    if is_problem and not links_of(material, unit_id):
        doubts.append("这个问题没有引用任何意见，无法核对出处")
    return doubts


def run_terminal_review(session: ReviewSession, console: Console) -> None:
    """Review ``session`` unit by unit on ``console`` until nothing is pending or the
    person quits. Returns at end of input; Ctrl-C (``KeyboardInterrupt``) propagates —
    every decision made before it is already saved."""
    try:
        TerminalReview(session, console).run()
    except EOFError:
        console.write("\n")


class TerminalReview(ItemActions):
    """The state of one terminal review: the unit on screen and the cached check findings."""

    def __init__(self, session: ReviewSession, console: Console) -> None:
        self.session = session
        self.console = console
        self.colour = use_colour(console.is_tty)
        pending = session.pending()
        self.current = pending[0] if pending else session.units()[0]
        self._rules: list[RuleConfig] | None = None
        self._findings: dict[str, list[Finding]] = {}
        self._checked: Material | None = None
        self._statuses: tuple[Status, ...] = ()
        self.draft_name = str(session.path) if session.path is not None else "<草稿文件>"

    # -- the loop ---------------------------------------------------------------------

    def run(self) -> None:
        """Overview, then one unit at a time until nothing is pending or ``q``."""
        self.console.write(overview_screen(self.session.draft))
        if not self.session.pending():
            self.console.write(finish_screen(self.session.draft, self.draft_name))
            if not self.confirm("仍要逐条查看或修改吗？(y/N)"):
                return
        self.show_unit()
        while True:
            line = self.console.read_line(f"[{self.current}] 操作> ").strip()
            had_pending = bool(self.session.pending())
            if self.dispatch(line):
                return
            if had_pending and not self.session.pending():
                self.console.write(finish_screen(self.session.draft, self.draft_name))
                return

    def dispatch(self, line: str) -> bool:
        """Carry out one command line; True when the person quits."""
        if not line:
            self.show_unit()
            return False
        word, _, arg = line.replace("\u3000", " ").partition(" ")
        arg = arg.strip()
        if _UNIT_ID.match(word.upper()) or word in self.session.units():
            self.jump(word.upper() if _UNIT_ID.match(word.upper()) else word)
            return False
        action = WORDS.get(word) or WORDS.get(word.lower())
        if action is None:
            self.warn(f"不认识的操作：{word}（按 ? 看全部按键）")
            return False
        if action == "quit":
            return self.quit()
        try:
            getattr(self, f"do_{action}")(arg)
        except OutputError:
            raise
        except SelfReviewError as err:
            self.warn(err.message)
        for notice in self.session.notices:
            self.warn(notice)
        self.session.notices = []
        self._keep_current()
        return False

    # -- screen helpers ---------------------------------------------------------------

    def show_unit(self) -> None:
        """Show the current unit with its sources and check findings, and the key hint."""
        draft = self.session.draft
        findings = self.findings().get(self.current, [])
        screen = unit_screen(draft, self.current, findings, colour=self.colour)
        self.console.write(screen + paint(HINT, "dim", self.colour) + "\n")

    def findings(self) -> dict[str, list[Finding]]:
        """Check findings of the current material by unit (recomputed when it changed)."""
        material = self.session.material
        statuses = tuple(unit.status for unit in self.session.draft.review.values())
        if self._checked is not material or self._statuses != statuses:
            if self._rules is None:  # a decision changes the target too (rejected units)
                self._rules = load_rules(None)
            target = draft_target(self.session.draft, self.draft_name)
            self._findings = findings_by_unit(material, run_checks(target, self._rules))
            self._checked, self._statuses = material, statuses
        return self._findings

    def _keep_current(self) -> None:
        units = self.session.units()
        if self.current not in units:
            pending = self.session.pending()
            self.current = pending[0] if pending else units[0]

    # -- decisions --------------------------------------------------------------------

    def do_approve(self, arg: str) -> None:
        """a: approve the current text; asks first when it still holds a placeholder or,
        for a problem, cites no opinion."""
        doubts = approval_doubts(self.session.material, self.current)
        if doubts:
            for doubt in doubts:
                self.warn(doubt)
            if not self.confirm("仍要确认吗？(y/N)"):
                self.say("未确认，本条仍为待定（可按 e 或 i 修改，按 l 补上所依据的意见）。")
                return
        self.session.approve(self.current, arg)
        self.say(f"已确认 {self.current}。")
        self.advance()

    def do_reject(self, arg: str) -> None:
        """d: leave the unit out, with an optional reason."""
        if unit_kind(self.current) is UnitKind.TITLE:
            raise ReviewError("标题不能删除，只能修改（按 e 或 i）")
        reason = arg or self.ask("删除理由（可不填，回车跳过）：")
        self.session.reject(self.current, reason)
        self.say(f"已删除 {self.current}（不写入材料）。")
        self.report_dependents()
        self.advance()

    def do_undo(self, arg: str) -> None:
        """u: set the unit back to pending."""
        if self.session.status(self.current) is Status.PENDING:
            self.say("这一项本来就是待定。")
            return
        self.session.reset(self.current, arg)
        self.say(f"{self.current} 已改回待定。")
        self.show_unit()

    def do_comment(self, arg: str) -> None:
        """c: record a comment on the unit at once (its status stays as it is)."""
        text = arg or self.ask("备注：")
        if not text:
            self.say("没有写备注。")
            return
        self.session.comment(self.current, text)
        self.say("备注已保存（本条状态不变）。")

    # -- text -------------------------------------------------------------------------

    def do_edit(self, arg: str) -> None:
        """e: edit every field in the person's editor."""
        material = self.session.material
        kind = unit_kind(self.current)
        before = get_fields(material, self.current)
        text = edit_template(kind, unit_label(material, self.current), before)
        while True:
            try:
                edited = self.console.edit(text)
            except NoEditorError as err:
                self.say(err.message)
                self.do_inline(arg)
                return
            try:
                fields = parse_edit(kind, edited)
                if fields == before:
                    self.say("内容没有改动，未作决定。")
                    return
                self.session.edit(self.current, fields, arg)
                break
            except OutputError:
                raise
            except SelfReviewError as err:
                self.warn(f"未修改：{err.message}")
                if not self.confirm("回到编辑器接着改吗？(y/N)"):
                    return
                text = edited
        self._after_edit()

    def do_inline(self, arg: str) -> None:
        """i: edit field by field at the prompt; Enter keeps a field, ``-`` empties it."""
        before = get_fields(self.session.material, self.current)
        labels = field_labels(unit_kind(self.current))
        changed: dict[str, str] = {}
        prefilled = self.console.can_prefill
        if prefilled:
            self.say("每项已填入现有文字，可用方向键移动、直接改；回车保存这一项。")
        for name, value in before.items():
            label = labels[name]
            if not prefilled:
                self.say(f"{label}现为：{value or '（空）'}")
            answer = self.console.read_line(
                f"新的{label}（回车不改，- 清空）：", prefill=value
            ).strip()
            if answer == "-":
                answer = ""
            elif not answer:
                continue
            if answer != value:
                changed[name] = answer
        if not changed:
            self.say("没有改动，未作决定。")
            return
        self.session.edit(self.current, changed, arg)
        self._after_edit()

    def _after_edit(self) -> None:
        status = self.session.status(self.current)
        self.say(
            f"已修改并确认 {self.current}。" if status is Status.APPROVED_WITH_EDITS else "已确认。"
        )
        self.report_dependents()
        self.advance()

    def do_regenerate(self, arg: str) -> None:
        """g: ask the model to rewrite the unit following an instruction."""
        instruction = arg or self.ask(REGENERATE_PROMPT)
        if not instruction:
            self.say("没有修改要求，未重新生成。")
            return
        self.say("正在重新生成……")
        try:
            self.session.regenerate(self.current, instruction)
        except OutputError:
            raise
        except SelfReviewError as err:
            self.warn(f"未重新生成：{err.message}")
            return
        self.say(f"已按“{instruction}”重新生成 {self.current}，请再看一遍：")
        self.report_dependents()
        self.show_unit()

    def report_dependents(self) -> None:
        """After a problem changed: the causes and measures now flagged for another look."""
        material = self.session.material
        if unit_kind(self.current) is not UnitKind.PROBLEM:
            return
        flagged = [
            uid
            for uid in (*(c.id for c in material.causes), *(m.id for m in material.measures))
            if self.current in links_of(material, uid) and self.session.draft.review[uid].flag
        ]
        if flagged:
            self.say(f"引用它的原因和措施需再看一遍（已标为待定）：{'、'.join(flagged)}")

    # -- moving around ----------------------------------------------------------------

    def advance(self) -> None:
        """After a decision: the next pending unit (wrapping), else the next unit."""
        following = self.next_pending()
        units = self.session.units()
        if following is None:
            index = units.index(self.current)
            if index + 1 >= len(units):
                return
            following = units[index + 1]
        self.current = following
        self.show_unit()

    def next_pending(self) -> str | None:
        """The first pending unit after the current one in document order, wrapping."""
        units = self.session.units()
        index = units.index(self.current)
        for uid in units[index + 1 :] + units[: index + 1]:
            if self.session.status(uid) is Status.PENDING:
                return uid
        return None

    def jump(self, unit_id: str) -> None:
        """Show the unit with this id."""
        if unit_id not in self.session.units():
            self.warn(f"没有这一项：{unit_id}")
            return
        self.current = unit_id
        self.show_unit()

    def do_next(self, arg: str) -> None:
        """j: the next unit in document order."""
        units = self.session.units()
        index = units.index(self.current)
        if index + 1 >= len(units):
            self.say("已是最后一项。")
            return
        self.jump(units[index + 1])

    def do_previous(self, arg: str) -> None:
        """k: the previous unit."""
        units = self.session.units()
        index = units.index(self.current)
        if index == 0:
            self.say("已是第一项。")
            return
        self.jump(units[index - 1])

    def do_pending(self, arg: str) -> None:
        """p: the next pending unit."""
        following = self.next_pending()
        if following is None:
            self.say("没有待定的内容。")
        elif following == self.current:
            self.say("只剩这一项待定。")
            self.show_unit()
        else:
            self.jump(following)

    def do_overview(self, arg: str) -> None:
        """o: the state of every part, unanswered problems and placeholders left."""
        self.console.write(overview_screen(self.session.draft, full=True))

    def do_help(self, arg: str) -> None:
        """?: every key."""
        self.say(HELP)

    def quit(self) -> bool:
        """q: leave; every decision and comment is already saved."""
        self.say("已退出审阅，所有决定都已保存。")
        return True
