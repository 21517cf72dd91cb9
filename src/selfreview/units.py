"""Review units: every piece of a material a person approves, edits or rejects on its own.

A unit is addressed by a stable id: the item ids of the schema (``P3``, ``C1``, ``M2``),
``E1``… for the extra parts (e.g. 上年度整改落实情况) in document order, and the names of
the frame texts (``title``, ``preamble``, ``problems_intro``, ``causes_intro``,
``measures_intro``, ``closing``). A unit's editable content is a small dict of named text
fields, so that the terminal, the review sheet and the notebook edit items the same way.
"""

from __future__ import annotations

import re
from enum import StrEnum

from selfreview.errors import UnitError
from selfreview.schema import (
    Cause,
    ExtraPart,
    Material,
    Measure,
    Problem,
    ProblemKind,
)
from selfreview.textrules import clean, end_sentence, example_sentence


class UnitKind(StrEnum):
    """What a review unit is."""

    TITLE = "title"
    PREAMBLE = "preamble"
    INTRO = "intro"
    PROBLEM = "problem"
    CAUSE = "cause"
    MEASURE = "measure"
    PART = "part"
    CLOSING = "closing"


FIELDS: dict[UnitKind, tuple[str, ...]] = {
    UnitKind.TITLE: ("text",),
    UnitKind.PREAMBLE: ("text",),
    UnitKind.INTRO: ("text",),
    UnitKind.CLOSING: ("text",),
    UnitKind.PART: ("heading", "text"),
    UnitKind.PROBLEM: ("headline", "body", "example"),
    UnitKind.CAUSE: ("headline", "body"),
    UnitKind.MEASURE: ("headline", "body", "leader", "deadline"),
}
"""The editable text fields of each kind of unit, in display order."""

FIELD_NAMES = {
    "text": "正文",
    "heading": "标题",
    "headline": "标题句",
    "body": "正文",
    "example": "事例",
    "leader": "责任领导",
    "deadline": "完成时限",
}
"""Chinese names of the fields, for screens and the review sheet."""


def field_labels(kind: UnitKind) -> dict[str, str]:
    """Field name -> Chinese label for one kind of unit (the title's text reads 标题)."""
    if kind is UnitKind.TITLE:
        return {"text": "标题"}
    return {name: FIELD_NAMES[name] for name in FIELDS[kind]}


KIND_NAMES = {
    UnitKind.TITLE: "标题",
    UnitKind.PREAMBLE: "开头",
    UnitKind.INTRO: "引语",
    UnitKind.PROBLEM: "问题",
    UnitKind.CAUSE: "原因",
    UnitKind.MEASURE: "措施",
    UnitKind.PART: "其他部分",
    UnitKind.CLOSING: "结尾",
}

LINK_FIELDS = {
    UnitKind.PROBLEM: "sources",
    UnitKind.CAUSE: "explains",
    UnitKind.MEASURE: "addresses",
}
"""The field holding what each kind of item points at."""

GAP_NOTE = "本方面尚无问题（待补）"
"""How review shows an aspect placeholder: a gap, not a problem."""

INTROS = ("problems_intro", "causes_intro", "measures_intro")
_ITEM_ID = re.compile(r"^([PCME])([1-9][0-9]*)$")
_ITEM_KINDS = {
    "P": UnitKind.PROBLEM,
    "C": UnitKind.CAUSE,
    "M": UnitKind.MEASURE,
    "E": UnitKind.PART,
}


def unit_kind(unit_id: str) -> UnitKind:
    """The kind of unit an id names (raises :class:`UnitError` for a malformed id)."""
    match = _ITEM_ID.match(unit_id)
    if match:
        return _ITEM_KINDS[match.group(1)]
    if unit_id in INTROS:
        return UnitKind.INTRO
    if unit_id in ("title", "preamble", "closing"):
        return UnitKind(unit_id)
    raise UnitError(f"没有这一项：{unit_id}")


def unit_ids(material: Material) -> list[str]:
    """Every unit of ``material``, in document order (empty frame texts are not units)."""
    ids = ["title"]
    if material.preamble.strip():
        ids.append("preamble")
    parts = list(enumerate(material.extra_parts, 1))
    ids += [f"E{n}" for n, part in parts if part.position == "before"]
    for intro, items in (
        ("problems_intro", [p.id for p in material.all_problems()]),
        ("causes_intro", [c.id for c in material.causes]),
        ("measures_intro", [m.id for m in material.measures]),
    ):
        if str(getattr(material, intro)).strip():
            ids.append(intro)
        ids += items
    ids += [f"E{n}" for n, part in parts if part.position == "after"]
    if material.closing and material.closing.strip():
        ids.append("closing")
    return ids


def get_fields(material: Material, unit_id: str) -> dict[str, str]:
    """The editable text of one unit, as ``{field: text}``."""
    kind = unit_kind(unit_id)
    if kind in (UnitKind.TITLE, UnitKind.PREAMBLE, UnitKind.INTRO, UnitKind.CLOSING):
        return {"text": str(getattr(material, unit_id) or "")}
    if kind is UnitKind.PART:
        part = _part(material, unit_id)
        return {"heading": part.heading, "text": "\n".join(part.paragraphs)}
    item = find_item(material, unit_id)
    return {name: str(getattr(item, name)) for name in FIELDS[kind]}


def gap_note(material: Material, unit_id: str) -> str:
    """For an aspect placeholder, what the reviewer sees instead of a problem; else ""."""
    if unit_kind(unit_id) is not UnitKind.PROBLEM:
        return ""
    item = find_item(material, unit_id)
    if not isinstance(item, Problem) or item.kind is not ProblemKind.ASPECT_PLACEHOLDER:
        return ""
    return f"{GAP_NOTE}：请写出有意见依据的问题（修改后即为问题），或删除本条"


def find_item(material: Material, unit_id: str) -> Problem | Cause | Measure:
    """The problem, cause or measure with this id."""
    items: list[Problem | Cause | Measure] = [
        *material.all_problems(),
        *material.causes,
        *material.measures,
    ]
    for item in items:
        if item.id == unit_id:
            return item
    raise UnitError(f"没有这一项：{unit_id}")


def aspect_of(material: Material, problem_id: str) -> str:
    """The aspect a problem stands under."""
    for group in material.problems:
        if any(p.id == problem_id for p in group.items):
            return group.aspect
    raise UnitError(f"没有这一项：{problem_id}")


def unit_text(material: Material, unit_id: str) -> str:
    """The unit's text in one line, as it would read in the document (no numbering)."""
    fields = get_fields(material, unit_id)
    kind = unit_kind(unit_id)
    if kind in (UnitKind.PROBLEM, UnitKind.CAUSE, UnitKind.MEASURE):
        text = end_sentence(clean(fields["headline"])) + end_sentence(clean(fields["body"]))
        return text + (example_sentence(fields["example"]) if kind is UnitKind.PROBLEM else "")
    if kind is UnitKind.PART:
        return f"{fields['heading']}：{fields['text']}"
    return fields["text"]


def unit_label(material: Material, unit_id: str) -> str:
    """A short Chinese label: 问题 P3（理论学习方面）, 措施 M2, 标题, …"""
    kind = unit_kind(unit_id)
    if kind is UnitKind.PROBLEM:
        return f"问题 {unit_id}（{aspect_of(material, unit_id)}）"
    if kind in (UnitKind.CAUSE, UnitKind.MEASURE):
        return f"{KIND_NAMES[kind]} {unit_id}"
    if kind is UnitKind.PART:
        return f"{KIND_NAMES[kind]} {unit_id}（{_part(material, unit_id).heading}）"
    if kind is UnitKind.INTRO:
        part = {"problems_intro": "问题", "causes_intro": "原因", "measures_intro": "措施"}
        return f"{part[unit_id]}部分引语"
    return KIND_NAMES[kind]


def next_id(material: Material, prefix: str) -> str:
    """A fresh item id with ``prefix`` (P, C or M): one above the highest in use."""
    items: list[Problem | Cause | Measure] = [
        *material.all_problems(),
        *material.causes,
        *material.measures,
    ]
    used = [
        int(m.group(2)) for item in items if (m := _ITEM_ID.match(item.id)) and m.group(1) == prefix
    ]
    return f"{prefix}{max(used, default=0) + 1}"


def item_links(item: Problem | Cause | Measure) -> list[str]:
    """What an item points at: a problem's opinions, a cause's or measure's problems."""
    if isinstance(item, Problem):
        return list(item.sources)
    if isinstance(item, Cause):
        return list(item.explains)
    return list(item.addresses)


def links_of(material: Material, unit_id: str) -> list[str]:
    """What the item with this id points at (see :func:`item_links`)."""
    return item_links(find_item(material, unit_id))


def part_index(material: Material, unit_id: str) -> int:
    """The index in ``material.extra_parts`` of the part ``E1``, ``E2``, …"""
    index = int(unit_id[1:]) - 1
    if not 0 <= index < len(material.extra_parts):
        raise UnitError(f"没有这一项：{unit_id}")
    return index


def _part(material: Material, unit_id: str) -> ExtraPart:
    return material.extra_parts[part_index(material, unit_id)]
