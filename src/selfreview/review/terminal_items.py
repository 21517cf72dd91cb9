"""Terminal review actions on the list of items: add, move, change links, and draft the
causes or measures again for the approved problems."""

from __future__ import annotations

import re

from selfreview.errors import OutputError, ReviewError, SelfReviewError
from selfreview.record import ACCEPTED
from selfreview.review.console import Console
from selfreview.review.screens import aspects_text, paint
from selfreview.review.session import ReviewSession
from selfreview.units import (
    FIELD_NAMES,
    FIELDS,
    KIND_NAMES,
    UnitKind,
    aspect_of,
    links_of,
    unit_kind,
)

_KIND_WORDS = {
    "p": UnitKind.PROBLEM,
    "问题": UnitKind.PROBLEM,
    "1": UnitKind.PROBLEM,
    "c": UnitKind.CAUSE,
    "原因": UnitKind.CAUSE,
    "2": UnitKind.CAUSE,
    "m": UnitKind.MEASURE,
    "措施": UnitKind.MEASURE,
    "3": UnitKind.MEASURE,
}
_PLACE = {
    "problems_intro": UnitKind.PROBLEM,
    "causes_intro": UnitKind.CAUSE,
    "measures_intro": UnitKind.MEASURE,
}
_ITEMS = (UnitKind.PROBLEM, UnitKind.CAUSE, UnitKind.MEASURE)
_YES = ("y", "yes", "是", "好", "确定")


def parse_ids(text: str, prefix: str) -> list[str]:
    """``O3 O5``, ``3、5``, ``p1,p2`` … as ids with ``prefix`` (O or P), in order, once each.

    Raises :class:`ReviewError` for anything that is not such an id.
    """
    ids: list[str] = []
    for token in re.split(r"[\s,，、;；]+", text.strip()):
        if not token:
            continue
        word = token.upper()
        if word.isdigit():
            word = prefix + word
        if not re.fullmatch(rf"{prefix}[1-9][0-9]*", word):
            raise ReviewError(f"“{token}”不是编号（应如 {prefix}3）")
        if word not in ids:
            ids.append(word)
    return ids


class ReviewBase:
    """What every terminal action needs: the session, the console, the unit on screen."""

    session: ReviewSession
    console: Console
    colour: bool
    current: str

    def show_unit(self) -> None:  # pragma: no cover - defined by the review loop
        """Show the current unit."""
        raise NotImplementedError

    def say(self, text: str) -> None:
        """One line of feedback."""
        self.console.write(text + "\n")

    def warn(self, text: str) -> None:
        """One line about something that was not done."""
        self.console.write(paint(f"！{text}", "red", self.colour) + "\n")

    def ask(self, prompt: str) -> str:
        """Read one answer, stripped."""
        return self.console.read_line(prompt).strip()

    def confirm(self, prompt: str) -> bool:
        """A y/N question; anything but yes is no."""
        return self.ask(prompt + " ").lower() in _YES


class ItemActions(ReviewBase):
    """n (add), m (move), l (links) and r (draft causes or measures again)."""

    def do_add(self, arg: str) -> None:
        """n: add a problem, cause or measure written by the person; it counts as approved."""
        kind = self._kind_for(arg, "添加")
        if kind is None:
            return
        material = self.session.material
        aspect: str | None = None
        if kind is UnitKind.PROBLEM:
            here = aspect_of(material, self.current) if self._here() is kind else None
            aspect = self._choose_aspect("放在哪个方面？", here)
            if aspect is None:
                self.say("未添加。")
                return
        fields: dict[str, str] = {}
        for name in FIELDS[kind]:
            optional = "" if name == "headline" else "（可不填）"
            fields[name] = self.ask(f"{FIELD_NAMES[name]}{optional}：")
            if name == "headline" and not fields[name]:
                self.say("标题句不能为空，未添加。")
                return
        links = self._ask_links(kind, [])
        after = self.current if self._here() is kind else None
        if after is not None and aspect is not None and aspect_of(material, after) != aspect:
            after = None
        new_id = self.session.add(kind, fields, aspect=aspect, links=links, after=after)
        self.say(f"已添加{KIND_NAMES[kind]} {new_id}（已确认）。")
        self.current = new_id
        self.show_unit()

    def do_move(self, arg: str) -> None:
        """m: move a problem to another aspect and/or position; a cause or measure to a
        position in its list."""
        kind = unit_kind(self.current)
        if kind not in _ITEMS:
            raise ReviewError("只能移动问题、原因或措施")
        material = self.session.material
        aspect: str | None = None
        if kind is UnitKind.PROBLEM:
            here = aspect_of(material, self.current)
            self.say(f"现在在：{here}")
            aspect = self._choose_aspect("移到哪个方面？", here, keep=True)
            target = aspect or here
            size = next(len(g.items) for g in material.problems if g.aspect == target)
            size += target != here
            default = "该方面末尾" if aspect else "不动"
        else:
            size = len(material.causes if kind is UnitKind.CAUSE else material.measures)
            default = "不动"
        answer = self.ask(f"排第几条？（1—{size}，回车={default}）：")
        position = None
        if answer:
            if not answer.isdigit() or not 1 <= int(answer) <= size:
                raise ReviewError(f"“{answer}”不是 1—{size} 之间的数")
            position = int(answer)
        if aspect is None and position is None:
            self.say("未移动。")
            return
        self.session.move(self.current, aspect=aspect, position=position)
        self.say(f"已移动 {self.current}。")
        self.show_unit()

    def do_links(self, arg: str) -> None:
        """l: change what the item cites (opinions of a problem, problems of the others)."""
        kind = unit_kind(self.current)
        if kind not in _ITEMS:
            raise ReviewError("只有问题、原因和措施有引用")
        current = links_of(self.session.material, self.current)
        links = self._ask_links(kind, current, given=arg or None)
        if links == current:
            self.say("引用没有改动。")
            return
        self.session.set_links(self.current, links)
        self.say(f"已改 {self.current} 的引用：{'、'.join(links) or '（无）'}")
        self.show_unit()

    def do_followups(self, arg: str) -> None:
        """r: replace the causes (or measures) not yet approved with fresh ones written by
        the model for the approved problems; asks first."""
        here = self._here()
        kind: UnitKind | None = here if here in (UnitKind.CAUSE, UnitKind.MEASURE) else None
        if kind is None:
            answer = arg or self.ask("重新生成原因还是措施？（c 原因 / m 措施，回车取消）：")
            kind = _KIND_WORDS.get(answer.lower())
            if kind not in (UnitKind.CAUSE, UnitKind.MEASURE):
                self.say("未重新生成。")
                return
        material = self.session.material
        approved = [p.id for p in material.all_problems() if self.session.status(p.id) in ACCEPTED]
        pool = material.causes if kind is UnitKind.CAUSE else material.measures
        replaced = [i.id for i in pool if self.session.status(i.id) not in ACCEPTED]
        name = KIND_NAMES[kind]
        question = (
            f"将用模型为已确认的 {len(approved)} 个问题重新生成{name}；"
            f"未确认的 {len(replaced)} 条{name}会被替换，已确认的保留。继续吗？(y/N)"
        )
        if not self.confirm(question):
            self.say("未重新生成。")
            return
        self.say("正在重新生成……")
        try:
            new_ids = self.session.regenerate_followups(kind)
        except OutputError:
            raise
        except SelfReviewError as err:
            self.warn(f"未重新生成：{err.message}")
            return
        if not new_ids:
            self.say("每个已确认的问题都已有已确认的措施回应，没有需要重新生成的。")
            return
        self.say(f"已生成{name} {'、'.join(new_ids)}（待定），请逐条审阅。")
        self.current = new_ids[0]
        self.show_unit()

    # -- helpers ----------------------------------------------------------------------

    def _here(self) -> UnitKind | None:
        """The kind of item the current place is about (an intro counts as its part)."""
        if self.current in _PLACE:
            return _PLACE[self.current]
        kind = unit_kind(self.current)
        return kind if kind in _ITEMS else None

    def _kind_for(self, arg: str, verb: str) -> UnitKind | None:
        if arg:
            kind = _KIND_WORDS.get(arg.lower())
            if kind is None:
                raise ReviewError(f"不能{verb}“{arg}”：只能是问题、原因或措施")
            return kind
        here = self._here()
        if here is not None:
            return here
        answer = self.ask(f"{verb}哪一类？（1 问题 / 2 原因 / 3 措施，回车取消）：")
        kind = _KIND_WORDS.get(answer.lower())
        if kind is None:
            self.say(f"未{verb}。")
        return kind

    def _choose_aspect(self, question: str, here: str | None, keep: bool = False) -> str | None:
        """An aspect chosen by number; Enter means ``here`` (or None with ``keep``)."""
        groups = self.session.material.problems
        self.say(aspects_text(self.session.draft))
        default = "不变" if keep else (f"当前的{here}" if here else "取消")
        answer = self.ask(f"{question}输入编号（回车={default}）：")
        if not answer:
            return None if keep else here
        if not answer.isdigit() or not 1 <= int(answer) <= len(groups):
            raise ReviewError(f"“{answer}”不是 1—{len(groups)} 之间的编号")
        chosen = groups[int(answer) - 1].aspect
        return None if keep and chosen == here else chosen

    def _ask_links(self, kind: UnitKind, current: list[str], given: str | None = None) -> list[str]:
        """Opinion ids for a problem, problem ids for a cause or measure."""
        if kind is UnitKind.PROBLEM:
            prefix, what = "O", "所依据的意见编号（如 O3 O5）"
        else:
            prefix = "P"
            what = (
                "说明哪些问题（如 P1 P3）" if kind is UnitKind.CAUSE else "回应哪些问题（如 P1 P3）"
            )
        if given is None:
            now = f"现为 {' '.join(current)}；回车不改，- 清空" if current else "可不填"
            given = self.ask(f"{what}（{now}）：")
        if not given:
            return current
        if given == "-":
            return []
        ids = parse_ids(given, prefix)
        if prefix == "O":
            known = {o.id for o in self.session.draft.opinions}
        else:
            known = {p.id for p in self.session.material.all_problems()}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ReviewError(f"没有这些编号：{'、'.join(unknown)}")
        return ids
