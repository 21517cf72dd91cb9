"""Typed edits of a material: each reviewer action on the text, applied to what it touches.

An edit is a small value (:class:`SetFields`, :class:`SetLinks`, :class:`AddItem`,
:class:`MoveItem`, :class:`ReplaceFollowups`) and :func:`apply_edit` turns a material and
an edit into the next material. Only the touched unit is validated (its own field rules)
together with the cross-references the edit can break (the links it sets resolve, the id
it adds is new); every other unit of the result is the very object the old material held,
so one edit costs the same on a draft of 5 opinions and of 5,000, and an edit never fails
because of a unit it did not touch. Errors are :class:`~selfreview.errors.UnitError` with
a Chinese message naming the unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from selfreview.errors import UnitError
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    AspectProblems,
    Cause,
    ExtraPart,
    Material,
    Measure,
    Problem,
    ProblemKind,
    unknown_problems,
)
from selfreview.units import FIELDS, LINK_FIELDS, UnitKind, find_item, part_index, unit_kind
from selfreview.validation import describe_validation_error

Item = Problem | Cause | Measure
"""An item of the three parts: what can be added, moved and linked."""

_FRAME = (UnitKind.TITLE, UnitKind.PREAMBLE, UnitKind.INTRO, UnitKind.CLOSING)
_MODELS: dict[UnitKind, type[Problem] | type[Cause] | type[Measure]] = {
    UnitKind.PROBLEM: Problem,
    UnitKind.CAUSE: Cause,
    UnitKind.MEASURE: Measure,
}
_POOLS = {UnitKind.CAUSE: "causes", UnitKind.MEASURE: "measures"}
_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class SetFields:
    """Replace some text fields of one unit (others keep their text). An aspect
    placeholder given a real headline becomes a problem."""

    unit_id: str
    fields: Mapping[str, str]


@dataclass(frozen=True)
class SetLinks:
    """Set what an item cites: a problem's opinions, a cause's or measure's problems."""

    unit_id: str
    links: Sequence[str]


@dataclass(frozen=True)
class AddItem:
    """Insert a new item (built with :func:`new_item`): after the item ``after`` if given,
    else at the end; a problem goes into the aspect at index ``aspect`` (default: the
    aspect of ``after``, else the last)."""

    item: Item
    aspect: int | None = None
    after: str | None = None


@dataclass(frozen=True)
class MoveItem:
    """Move an item to the aspect at index ``aspect`` (problems only) and/or to
    ``position`` (1-based; default: the end) in its list."""

    unit_id: str
    aspect: int | None = None
    position: int | None = None


@dataclass(frozen=True)
class ReplaceFollowups:
    """Keep the causes (or measures) named in ``keep``, drop the others, and append
    ``fresh`` ones numbered on from the highest kept id (their own ids are ignored)."""

    kind: UnitKind
    keep: Sequence[str]
    fresh: Sequence[Cause | Measure] = field(default_factory=tuple)


Edit = SetFields | SetLinks | AddItem | MoveItem | ReplaceFollowups
"""Every change of a material's text, links or order a review can make."""


def apply_edit(material: Material, edit: Edit) -> Material:
    """The material after ``edit``; raises :class:`UnitError` (in Chinese, naming the unit)
    when the edit is invalid, and then ``material`` is as it was."""
    if isinstance(edit, SetFields):
        return _set_fields(material, edit.unit_id, edit.fields)
    if isinstance(edit, SetLinks):
        return _set_links(material, edit.unit_id, edit.links)
    if isinstance(edit, AddItem):
        return _add(material, edit)
    if isinstance(edit, MoveItem):
        return _move(material, edit)
    return _replace_followups(material, edit)


def new_item(kind: UnitKind, item_id: str, fields: Mapping[str, str], links: Sequence[str]) -> Item:
    """A problem, cause or measure with ``fields`` (the rest empty) and ``links``, validated."""
    model = _MODELS.get(kind)
    if model is None:
        raise UnitError("只能添加问题、原因或措施")
    _known_fields(kind, fields, item_id)
    data: dict[str, Any] = dict.fromkeys(FIELDS[kind], "")
    data.update({name: text.strip() for name, text in fields.items()})
    data.update(id=item_id, **{LINK_FIELDS[kind]: list(links)})
    return _validated(model, data, item_id)


# -- the edits -----------------------------------------------------------------------


def _set_fields(material: Material, unit_id: str, fields: Mapping[str, str]) -> Material:
    kind = unit_kind(unit_id)
    _known_fields(kind, fields, unit_id)
    clean = {name: text.strip() for name, text in fields.items()}
    if kind in _FRAME:
        if "text" not in clean:
            return material
        try:
            text = _frame_field(unit_id).validate_python(clean["text"])
        except ValidationError as err:
            raise UnitError(f"{unit_id}：{describe_validation_error(err, at=unit_id)}") from None
        return material.model_copy(update={unit_id: text})
    if kind is UnitKind.PART:
        index = part_index(material, unit_id)
        part = material.extra_parts[index]
        update: dict[str, Any] = {}
        if "heading" in clean:
            update["heading"] = clean["heading"]
        if "text" in clean:
            update["paragraphs"] = [p.strip() for p in clean["text"].split("\n") if p.strip()]
        data = {**part.model_dump(), **update}
        parts = list(material.extra_parts)
        parts[index] = _validated(ExtraPart, data, unit_id)
        return material.model_copy(update={"extra_parts": parts})
    item = find_item(material, unit_id)
    data = {**item.model_dump(), **clean}
    if kind is UnitKind.PROBLEM and data["headline"] != ASPECT_PLACEHOLDER_HEADLINE:
        data["kind"] = ProblemKind.PROBLEM  # a gap the reviewer filled: a problem now
    return _put(material, _validated(type(item), data, unit_id))


def _set_links(material: Material, unit_id: str, links: Sequence[str]) -> Material:
    kind = unit_kind(unit_id)
    if kind not in LINK_FIELDS:
        raise UnitError(f"{unit_id} 没有引用")
    item = find_item(material, unit_id)
    data = {**item.model_dump(), LINK_FIELDS[kind]: list(links)}
    changed = _validated(type(item), data, unit_id)
    _resolves(material, changed)
    return _put(material, changed)


def _add(material: Material, edit: AddItem) -> Material:
    item = edit.item
    if any(item.id == other.id for other in _items(material)):
        raise UnitError(f"编号重复：{item.id}")
    if isinstance(item, Problem):
        groups = list(material.problems)
        if not groups:
            raise UnitError("材料中没有任何方面，无法添加问题")
        index = edit.aspect if edit.aspect is not None else _aspect_of(groups, edit.after)
        group = groups[index]
        items = list(group.items)
        items.insert(_position(items, edit.after), item)
        groups[index] = group.model_copy(update={"items": items})
        return material.model_copy(update={"problems": groups})
    _resolves(material, item)
    name = "causes" if isinstance(item, Cause) else "measures"
    pool: list[Item] = list(getattr(material, name))
    pool.insert(_position(pool, edit.after), item)
    return material.model_copy(update={name: pool})


def _move(material: Material, edit: MoveItem) -> Material:
    kind = unit_kind(edit.unit_id)
    if kind not in _MODELS:
        raise UnitError("只能移动问题、原因或措施")
    item = find_item(material, edit.unit_id)
    if isinstance(item, Problem):
        groups = list(material.problems)
        source = next(i for i, g in enumerate(groups) if any(p is item for p in g.items))
        target = source if edit.aspect is None else edit.aspect
        taken = [p for p in groups[source].items if p is not item]
        groups[source] = groups[source].model_copy(update={"items": taken})
        items: list[Problem] = list(groups[target].items)
        items.insert(_index(items, edit.position), item)
        groups[target] = groups[target].model_copy(update={"items": items})
        return material.model_copy(update={"problems": groups})
    name = _POOLS[kind]
    pool: list[Item] = [other for other in getattr(material, name) if other is not item]
    pool.insert(_index(pool, edit.position), item)
    return material.model_copy(update={name: pool})


def _replace_followups(material: Material, edit: ReplaceFollowups) -> Material:
    if edit.kind not in _POOLS:
        raise UnitError("只能为原因或措施重新生成")
    name = _POOLS[edit.kind]
    keep = set(edit.keep)
    pool: list[Item] = [item for item in getattr(material, name) if item.id in keep]
    prefix = name[0].upper()
    number = max((int(item.id[1:]) for item in pool), default=0)
    model = Cause if edit.kind is UnitKind.CAUSE else Measure
    for offset, fresh in enumerate(edit.fresh, 1):
        if not isinstance(fresh, model):
            raise UnitError(f"重新生成的{'原因' if model is Cause else '措施'}类型不对")
        item = fresh.model_copy(update={"id": f"{prefix}{number + offset}"})
        _resolves(material, item)
        pool.append(item)
    return material.model_copy(update={name: pool})


# -- helpers -----------------------------------------------------------------------


def _known_fields(kind: UnitKind, fields: Mapping[str, str], unit_id: str) -> None:
    unknown = sorted(set(fields) - set(FIELDS[kind]))
    if unknown:
        raise UnitError(f"{unit_id} 没有这些字段：{'、'.join(unknown)}")


def _validated(model: type[_Model], data: dict[str, Any], unit_id: str) -> _Model:
    """``data`` validated as one ``model``: the touched unit alone."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise UnitError(f"{unit_id}：{describe_validation_error(err)}") from None


@cache
def _frame_field(name: str) -> TypeAdapter[Any]:
    """The material's rules for one frame text (e.g. a title that is not blank)."""
    info = Material.model_fields[name]
    # Any: pydantic 2.14 types FieldInfo.annotation as a TypeForm union TypeAdapter refuses
    annotated: Any = (
        Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    )
    return TypeAdapter(annotated)


def _resolves(material: Material, item: Item) -> None:
    """Refuse a cause or measure that points at a problem the material does not have."""
    if isinstance(item, Problem):
        return
    unknown = unknown_problems(item, {p.id for p in material.all_problems()})
    if unknown:
        raise UnitError(unknown)


def _put(material: Material, item: Item) -> Material:
    """``material`` with the item of the same id replaced by ``item``."""
    if isinstance(item, Problem):
        groups = list(material.problems)
        for index, group in enumerate(groups):
            for position, old in enumerate(group.items):
                if old.id == item.id:
                    items = list(group.items)
                    items[position] = item
                    groups[index] = group.model_copy(update={"items": items})
                    return material.model_copy(update={"problems": groups})
        raise UnitError(f"没有这一项：{item.id}")
    name = "causes" if isinstance(item, Cause) else "measures"
    pool: list[Item] = list(getattr(material, name))
    pool[[old.id for old in pool].index(item.id)] = item
    return material.model_copy(update={name: pool})


def _items(material: Material) -> list[Item]:
    return [*material.all_problems(), *material.causes, *material.measures]


def _aspect_of(groups: list[AspectProblems], after: str | None) -> int:
    for index, group in enumerate(groups):
        if any(p.id == after for p in group.items):
            return index
    return len(groups) - 1


def _position(pool: Sequence[Item], after: str | None) -> int:
    """Where an item inserted after ``after`` goes (the end when there is none)."""
    for index, entry in enumerate(pool):
        if entry.id == after:
            return index + 1
    return len(pool)


def _index(pool: Sequence[Item], position: int | None) -> int:
    return len(pool) if position is None else max(0, min(position - 1, len(pool)))
