"""Read a review sheet back: one entry per anchor line, every mistake with its line number.

Parsing knows nothing of the draft beyond what an id says about its kind (which labels it
may carry); matching entries against the draft is :mod:`.sheet`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selfreview.errors import SheetError, UnitError
from selfreview.review.sheet_format import (
    ACCEPT_MARKS,
    ALL_LABELS,
    BASELINE_LABEL,
    COMMENT_LABEL,
    IDENTITY_LABEL,
    LINE_BREAK,
    LINKED_KINDS,
    LINKS_LABEL,
    REJECT_MARKS,
    REJECT_WORD,
    BaseMark,
    Box,
    labels_for,
    parse_token,
)
from selfreview.units import UnitKind, unit_kind

_ANCHOR = re.compile(r"^[-*+]\s*[\[［](?P<mark>[^\]］]*)[\]］]\s*(?P<rest>.*)$")
_ANCHOR_ID = re.compile(r"^(?P<id>[A-Za-z_]+[0-9]*)(?=\s|$)(?P<tail>.*)$")
_ANCHOR_LIKE = re.compile(r"^[-*+](\s|[\[［])")
_RULE = re.compile(r"^([-*_])(\s*\1){2,}\s*$")
_LABEL = re.compile(r"^(?P<label>[^\s：:]{1,8})[：:](?P<rest>.*)$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass
class FieldText:
    """A labelled text as written: paragraphs of hard-wrapped fragments."""

    line: int
    paragraphs: list[list[str]] = field(default_factory=list)
    gap: bool = False
    """A blank line was seen since the last fragment: the next one starts a paragraph."""

    def add(self, fragment: str) -> None:
        """Append one line's text (already stripped)."""
        if not fragment:
            return
        if not self.paragraphs or self.gap:
            self.paragraphs.append([fragment])
        else:
            self.paragraphs[-1].append(fragment)
        self.gap = False

    def text(self) -> str:
        """Paragraphs joined by newlines; wrapped lines joined without a space (Chinese),
        or with one between two ASCII words."""
        return "\n".join(_join(fragments) for fragments in self.paragraphs)


@dataclass
class Entry:
    """One unit's block on the sheet."""

    unit_id: str
    kind: UnitKind
    line: int
    box: Box
    fields: dict[str, FieldText] = field(default_factory=dict)
    comment: FieldText | None = None
    links: FieldText | None = None
    """A cause's or measure's 回应 line (absent on a sheet from before it was editable)."""


@dataclass
class ParsedSheet:
    """Everything read from a sheet."""

    identity: str | None = None
    identity_line: int = 1
    base: dict[str, BaseMark] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    line_count: int = 0


class _Parser:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.sheet = ParsedSheet()
        self.entry: Entry | None = None
        self.current: FieldText | None = None
        self.seen: dict[str, int] = {}
        self.mistakes: list[SheetError] = []
        self.skipping = False
        """After a broken anchor line: its block is skipped (no follow-on mistakes)."""
        self.line_of_anchor = 0
        self.broken: set[int] = set()
        """Anchor lines of entries with a broken line: no "missing label" on top of it."""

    def fail(self, line: int, message: str) -> SheetError:
        return SheetError(line, message, path=self.path)

    def run(self, text: str) -> ParsedSheet:
        lines = LINE_BREAK.split(text.removeprefix("\ufeff"))
        self.sheet.line_count = len(lines)
        index = 0
        while index < len(lines):
            number, raw = index + 1, lines[index].rstrip()
            index += 1
            try:
                index = self._line(lines, index, number, raw)
            except SheetError as mistake:
                self.mistakes.append(mistake)
                if number == self.line_of_anchor:
                    self.entry, self.current, self.skipping = None, None, True
                    continue
                if self.entry is not None:
                    self.broken.add(self.entry.line)
                if not raw[0].isspace():
                    self.current = FieldText(number)  # swallow the broken line's continuation
        self._close()
        return self.sheet

    def _line(self, lines: list[str], index: int, number: int, raw: str) -> int:
        """Read one line (a comment may take several); the index of the next line."""
        if not raw.strip():
            if self.current is not None:
                self.current.gap = True
        elif raw.startswith("<!--"):
            return self._comment(lines, index - 1)
        elif raw[0].isspace():
            if not self.skipping:
                self._continuation(number, raw.strip())
        elif raw.startswith("#"):
            self._close()
            self.skipping = False
        elif raw.startswith(">") or _RULE.match(raw):
            self.current = None
        elif _ANCHOR_LIKE.match(raw):
            self.line_of_anchor = number
            self._anchor(number, raw)
            self.skipping = False
        elif not self.skipping:
            self._label(number, raw)
        return index

    def _comment(self, lines: list[str], start: int) -> int:
        end = start
        while "-->" not in lines[end]:
            end += 1
            if end == len(lines):
                self.mistakes.append(self.fail(start + 1, "注释“<!--”没有结束（缺少“-->”）"))
                return end
        for offset in range(start, end + 1):
            try:
                self._header_line(offset + 1, lines[offset].strip())
            except SheetError as mistake:
                self.mistakes.append(mistake)
        return end + 1

    def _header_line(self, number: int, text: str) -> None:
        if text.startswith(IDENTITY_LABEL):
            if self.sheet.identity is not None:
                raise self.fail(number, "“草稿：”核对行出现了两次")
            self.sheet.identity = text.removeprefix(IDENTITY_LABEL).strip()
            self.sheet.identity_line = number
        elif text.startswith(BASELINE_LABEL):
            for token in text.removeprefix(BASELINE_LABEL).split():
                parsed = parse_token(token)
                if parsed is None:
                    raise self.fail(number, f"“基线：”核对行已损坏（{token}），请重新导出审阅单")
                self.sheet.base[parsed[0]] = parsed[1]

    def _anchor(self, number: int, raw: str) -> None:
        self._close()
        match = _ANCHOR.match(raw)
        if match is None:
            raise self.fail(number, "定位行的写法不对：应为“- [ ] 编号 ……”，方括号里写空格、x 或 -")
        id_match = _ANCHOR_ID.match(match["rest"])
        if id_match is None:
            raise self.fail(number, "定位行缺少编号：应为“- [ ] P3 ……”，编号不要改")
        unit_id = id_match["id"]
        try:
            kind = unit_kind(unit_id)
        except UnitError:
            raise self.fail(number, f"没有这一项：{unit_id}") from None
        if unit_id in self.seen:
            raise self.fail(number, f"{unit_id} 出现了两次（第 {self.seen[unit_id]} 行已有）")
        self.seen[unit_id] = number
        box = _box(match["mark"].strip())
        if box is None:
            raise self.fail(
                number,
                f"复选框“[{match['mark']}]”无法识别：确认写 [x]，删除写 [-] 或 [删除]，待定留 [ ]",
            )
        if REJECT_WORD in id_match["tail"].split():
            if box is Box.ACCEPTED:
                raise self.fail(number, f"{unit_id} 既勾选了确认又写了“删除”，请只留一个")
            box = Box.REJECTED
        self.entry = Entry(unit_id, kind, number, box)
        self.sheet.entries.append(self.entry)

    def _label(self, number: int, raw: str) -> None:
        match = _LABEL.match(raw)
        entry = self.entry
        if entry is None:
            raise self.fail(number, "这一行不在任何条目之内（条目以“- [ ] 编号”开头）")
        allowed = {**{v: k for k, v in labels_for(entry.kind).items()}, COMMENT_LABEL: ""}
        if entry.kind in LINKED_KINDS:
            allowed[LINKS_LABEL] = ""
        names = "、".join(allowed)
        if match is None:
            raise self.fail(
                number,
                f"无法识别的一行：{entry.unit_id} 的各项应写成“标签：内容”（{names}）；"
                "续行请在行首空两格",
            )
        label = match["label"]
        if label not in allowed:
            if label in ALL_LABELS:
                raise self.fail(number, f"{entry.unit_id} 没有“{label}”这一项（可用：{names}）")
            raise self.fail(number, f"无法识别的标签“{label}”（{entry.unit_id} 可用：{names}）")
        target = FieldText(number)
        if label == COMMENT_LABEL:
            if entry.comment is not None:
                raise self.fail(number, f"“备注”写了两次（第 {entry.comment.line} 行已有）")
            entry.comment = target
        elif label == LINKS_LABEL:
            if entry.links is not None:
                raise self.fail(number, f"“回应”写了两次（第 {entry.links.line} 行已有）")
            entry.links = target
        else:
            name = allowed[label]
            if name in entry.fields:
                first = entry.fields[name].line
                raise self.fail(
                    number,
                    f"“{label}”写了两次（第 {first} 行已有；是否删掉了一条的定位行“- [ ] 编号”？）",
                )
            entry.fields[name] = target
        target.add(match["rest"].strip())
        self.current = target

    def _continuation(self, number: int, text: str) -> None:
        anchor = _ANCHOR.match(text)
        if anchor and _ANCHOR_ID.match(anchor["rest"]):
            raise self.fail(number, "定位行“- [ ] 编号”不能缩进，请顶格写")
        if self.current is None:
            if self.entry is None:
                raise self.fail(number, "这一行不在任何条目之内（条目以“- [ ] 编号”开头）")
            raise self.fail(number, "这一行缩进了，但前面没有“标签：”（续行只能接在某一项之后）")
        self.current.add(text)

    def _close(self) -> None:
        entry = self.entry
        self.entry = None
        self.current = None
        if entry is not None and entry.line not in self.broken:
            for name, label in labels_for(entry.kind).items():
                if name not in entry.fields:
                    self.mistakes.append(
                        self.fail(
                            entry.line,
                            f"{entry.unit_id} 缺少“{label}：”一行（没有内容也请保留标签）",
                        )
                    )


def parse_sheet(text: str, path: Path | None = None) -> ParsedSheet:
    """Parse a review sheet; raises :class:`SheetError` naming every malformed line."""
    sheet, mistakes = read_sheet(text, path)
    if mistakes:
        raise SheetError.combine(mistakes, path)
    return sheet


def read_sheet(text: str, path: Path | None = None) -> tuple[ParsedSheet, list[SheetError]]:
    """Parse a review sheet as far as it goes: the entries read, and every mistake."""
    parser = _Parser(path)
    sheet = parser.run(text)
    return sheet, parser.mistakes


def _box(mark: str) -> Box | None:
    if not mark:
        return Box.PENDING
    if mark in ACCEPT_MARKS:
        return Box.ACCEPTED
    if mark in REJECT_MARKS:
        return Box.REJECTED
    return None


def _join(fragments: list[str]) -> str:
    text = fragments[0]
    for fragment in fragments[1:]:
        both_ascii = _ASCII_WORD.match(text[-1]) and _ASCII_WORD.match(fragment[0])
        text += (" " if both_ascii else "") + fragment
    return text
