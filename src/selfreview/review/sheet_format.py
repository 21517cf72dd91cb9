"""The review sheet's format, shared by export and apply: labels, marks, the header's
draft identity and the per-unit baseline that lets a sheet be merged with a draft that
moved on after the sheet was exported.

The baseline records, for every unit, the state the sheet showed at export: its checkbox,
and short hashes of its text and its comment. Comparing the sheet and the draft with it
tells "the person changed this on the sheet" from "this was decided elsewhere since".
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from selfreview.draftfile import DraftFile
from selfreview.record import Decision, Status, UnitReview
from selfreview.review.session import SYSTEM
from selfreview.units import UnitKind, field_labels

SHEET_MAGIC = "selfreview 审阅单"
"""Opens the HTML comment that carries the identity and the baseline."""
IDENTITY_LABEL = "草稿："
BASELINE_LABEL = "基线："
COMMENT_LABEL = "备注"
LINKS_LABEL = "回应"
"""A cause's or measure's problems: ids, each optionally followed by its headline in （）."""

REQUIRED_FIELDS = frozenset({"headline", "heading"})
"""Fields that may never be empty (besides the text of title, 开头, 引语 and 结尾)."""
SINGLE_LINE_FIELDS = frozenset({"headline", "heading", "leader", "deadline"})
"""Fields that may not hold several paragraphs (nor may the title)."""
FRAME_KINDS = frozenset({UnitKind.TITLE, UnitKind.PREAMBLE, UnitKind.INTRO, UnitKind.CLOSING})

ACCEPT_MARKS = frozenset({"x", "X", "√", "✓", "✔"})
REJECT_MARKS = frozenset({"-", "－", "删除", "删"})
REJECT_WORD = "删除"


class Box(StrEnum):
    """The three states a checkbox shows (approved and edited both show ``[x]``)."""

    PENDING = " "
    ACCEPTED = "x"
    REJECTED = "-"


def box_of(status: Status) -> Box:
    """The checkbox a status is shown with."""
    if status in (Status.APPROVED, Status.APPROVED_WITH_EDITS):
        return Box.ACCEPTED
    return Box.REJECTED if status is Status.REJECTED else Box.PENDING


labels_for = field_labels
"""Field name -> Chinese label for one kind of unit (the title's text reads 标题)."""


ALL_LABELS = frozenset(
    {label for kind in UnitKind for label in labels_for(kind).values()}
    | {COMMENT_LABEL, LINKS_LABEL}
)
LINKED_KINDS = frozenset({UnitKind.CAUSE, UnitKind.MEASURE})
"""Kinds whose 回应 line (the problems they answer) the sheet can change."""
_PROBLEM_ID = re.compile(r"^[Pp][0-9]+$")
_LINK_SEPARATORS = re.compile(r"[、，,；;\s]+")


def parse_links(text: str) -> tuple[list[str], list[str]]:
    """The problem ids a 回应 line names, in order, each once, and the pieces that are no
    id. Text in brackets (the headlines the sheet shows after each id) is left out."""
    kept, depth = [], 0
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
        elif not depth:
            kept.append(char)
    ids: list[str] = []
    bad: list[str] = []
    for piece in _LINK_SEPARATORS.split("".join(kept)):
        if not piece:
            continue
        if _PROBLEM_ID.match(piece):
            if piece.upper() not in ids:
                ids.append(piece.upper())
        else:
            bad.append(piece)
    return ids, bad


def links_digest(ids: list[str]) -> str:
    """The baseline's record of the problems a cause or measure answered at export."""
    return _digest("、".join(ids))


def is_required(kind: UnitKind, field: str) -> bool:
    """Whether the field must hold text (emptying a frame text would remove the unit)."""
    return field in REQUIRED_FIELDS or (kind in FRAME_KINDS and field == "text")


def is_single_line(kind: UnitKind, field: str) -> bool:
    """Whether the field must stay one paragraph."""
    return field in SINGLE_LINE_FIELDS or kind is UnitKind.TITLE


LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line of a sheet (and a paragraph of a field)."""


def normalize(text: str) -> str:
    """Text as the sheet can express it: paragraphs stripped, empty ones dropped."""
    return "\n".join(p.strip() for p in LINE_BREAK.split(text) if p.strip())


def normalize_fields(fields: dict[str, str]) -> dict[str, str]:
    """Every field normalized (see :func:`normalize`)."""
    return {name: normalize(value) for name, value in fields.items()}


def shown_comment(decisions: list[Decision]) -> str:
    """The comment a sheet shows under 备注: the latest decision's, if a person made it."""
    if not decisions or decisions[-1].via == SYSTEM:
        return ""
    return normalize(decisions[-1].comment)


# -- identity and baseline --------------------------------------------------------


def identity(draft: DraftFile) -> str:
    """What ties a sheet to its draft: notes hash prefix and the draft's creation time."""
    return f"{draft.settings.notes_sha256[:12]} · {draft.created.isoformat()}"


@dataclass(frozen=True)
class UnitState:
    """What a sheet shows of a unit: its text, checkbox and comment."""

    fields: dict[str, str]
    box: Box
    comment: str

    def mark(self) -> BaseMark:
        """The baseline that records this state."""
        comment = _digest(self.comment) if self.comment else ""
        return BaseMark(self.box, _digest(self.fields), comment)


@dataclass(frozen=True)
class BaseMark:
    """A unit's state at export: its checkbox, and hashes of its text and its comment
    (empty for no comment) and, for a cause or measure, of the problems it answers
    (empty: not recorded, a sheet exported before the 回应 line could be edited)."""

    box: Box
    fields: str
    comment: str
    links: str = ""

    def token(self) -> str:
        """``a.0123456789`` (with ``.abcdef0123`` for a comment, ``@0123456789`` for the
        problems answered) as in the header."""
        token = f"{_BOX_LETTERS[self.box]}.{self.fields}"
        token = f"{token}.{self.comment}" if self.comment else token
        return f"{token}@{self.links}" if self.links else token

    def same_fields(self, state: UnitState) -> bool:
        """Whether ``state`` holds the text this unit had at export."""
        return _digest(state.fields) == self.fields

    def same_comment(self, state: UnitState) -> bool:
        """Whether ``state`` shows the comment this unit had at export."""
        return (_digest(state.comment) if state.comment else "") == self.comment


def current_state(unit: UnitReview) -> UnitState:
    """The unit's state now, as a sheet would show it."""
    return UnitState(
        fields=normalize_fields(unit.current.fields),
        box=box_of(unit.status),
        comment=shown_comment(unit.decisions),
    )


_BOX_LETTERS = {Box.PENDING: "p", Box.ACCEPTED: "a", Box.REJECTED: "r"}
_LETTER_BOXES = {letter: box for box, letter in _BOX_LETTERS.items()}
_TOKEN = re.compile(
    r"^(?P<id>[A-Za-z_]+[0-9]*)=(?P<box>[par])\.(?P<fields>[0-9a-f]{10})(?:\.(?P<comment>[0-9a-f]{10}))?(?:@(?P<links>[0-9a-f]{10}))?$"
)


def parse_token(token: str) -> tuple[str, BaseMark] | None:
    """``P3=a.0123456789[.abcdef0123][@0123456789]`` -> (``P3``, mark); None when
    malformed."""
    match = _TOKEN.match(token)
    if match is None:
        return None
    box = _LETTER_BOXES[match["box"]]
    mark = BaseMark(box, match["fields"], match["comment"] or "", match["links"] or "")
    return match["id"], mark


def _digest(value: dict[str, str] | str) -> str:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:10]
