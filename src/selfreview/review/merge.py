"""Bring one session's changes onto a draft file that someone else saved meanwhile.

A review session remembers the draft as it last read or wrote it (the *base*). When it
saves, the file on disk may have moved on: another terminal, a review sheet applied from
another shell, a notebook. :func:`merge_action` keeps everything on disk and applies only
what this session changed since its base, unit by unit (the text, the links, the
revisions and decisions of each unit; the order of the items; the run options). When
both sides changed the same unit, or both reordered the items, nothing is guessed: a
:class:`MergeConflict` names what collided.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from selfreview.draftfile import HAND_EDIT, DraftFile, update_draft
from selfreview.errors import MergeConflict
from selfreview.record import UnitReview
from selfreview.schema import Material
from selfreview.units import unit_ids

ORDER = "顺序"
"""The conflict key for the items' grouping and order (added, removed or moved items)."""
_SCALARS = (
    "title",
    "preamble",
    "voice",
    "headings",
    "problems_intro",
    "causes_intro",
    "measures_intro",
    "closing",
)
_MERGED_ELSEWHERE = ("material", "review", "model_log")


def save_changes(path: Path, base: DraftFile, mine: DraftFile) -> DraftFile:
    """Save ``mine`` to ``path`` (via :func:`update_draft`, under the file's lock): as is
    when the file still holds ``base``, else merged onto the file with
    :func:`merge_action`. Returns what was written; it is ``mine`` itself exactly when
    nobody else had saved. A :class:`MergeConflict` carries the file as found."""

    def apply(disk: DraftFile | None) -> DraftFile:
        if disk is None or same_draft(disk, base):
            return mine
        try:
            return merge_action(base, mine, disk)
        except MergeConflict as clash:
            clash.disk = disk
            raise

    return update_draft(path, apply)


def same_draft(one: DraftFile, other: DraftFile) -> bool:
    """Whether two drafts hold the same content (as they would be written)."""
    return _comparable(one) == _comparable(other)


def _comparable(draft: DraftFile) -> dict[str, Any]:
    data = draft.model_dump(mode="json", exclude={"review"})
    data["review"] = {uid: _record(unit) for uid, unit in draft.review.items()}
    return data


def _record(unit: UnitReview) -> dict[str, Any]:
    """A unit's review record for comparison. A file whose text was edited by hand gets
    that edit recorded again, stamped with the time, each time it is loaded (until it is
    saved): those stamps do not make two readings of one file differ."""
    data = unit.model_dump(mode="json")
    for revision in data["revisions"]:
        if revision["by"] == HAND_EDIT:
            revision["at"] = None
    for decision in data["decisions"]:
        if decision["via"] == HAND_EDIT:
            decision["at"] = None
    return data


def changed_units(base: DraftFile, mine: DraftFile) -> list[str]:
    """The units (and :data:`ORDER`) ``mine`` changed relative to ``base``, in order."""
    base_parts, mine_parts = _parts(base), _parts(mine)
    return [
        key
        for key in _keys(mine_parts, base_parts)
        if _piece(mine, mine_parts, key) != _piece(base, base_parts, key)
    ]


def merge_action(base: DraftFile, mine: DraftFile, disk: DraftFile) -> DraftFile:
    """``disk`` with the changes ``mine`` made since ``base``; raises :class:`MergeConflict`
    naming the units both sides changed differently."""
    base_parts, mine_parts, disk_parts = _parts(base), _parts(mine), _parts(disk)
    keys = _keys(base_parts, mine_parts, disk_parts)
    mine_changed = {k for k in keys if _piece(mine, mine_parts, k) != _piece(base, base_parts, k)}
    clashes = [
        k
        for k in keys
        if k in mine_changed
        and _piece(disk, disk_parts, k) != _piece(base, base_parts, k)
        and _piece(disk, disk_parts, k) != _piece(mine, mine_parts, k)
    ]
    if clashes:
        raise MergeConflict(clashes)
    merged = dict(disk_parts)
    for key in mine_changed:
        if key in mine_parts:
            merged[key] = mine_parts[key]
        else:
            merged.pop(key, None)
    data = disk.model_dump(mode="json")
    mine_data = mine.model_dump(mode="json")
    for name in DraftFile.model_fields:
        if name not in _MERGED_ELSEWHERE and getattr(mine, name) != getattr(base, name):
            data[name] = mine_data[name]
    data["model_log"] = _merged_log(base, mine, disk)
    try:
        material = Material.model_validate(_material(data["material"], merged))
    except KeyError as err:  # an item the other side removed: not expected, but never guess
        raise MergeConflict([str(err.args[0])]) from None
    except ValidationError:
        raise MergeConflict(sorted(mine_changed)) from None
    data["material"] = material.model_dump(mode="json")
    review = {}
    for uid in unit_ids(material):
        first, second = (mine, disk) if uid in mine_changed else (disk, mine)
        unit = first.review.get(uid) or second.review.get(uid)
        if unit is not None:
            review[uid] = unit.model_dump(mode="json")
    data["review"] = review
    try:
        return DraftFile.model_validate(data)
    except ValidationError:
        raise MergeConflict(sorted(mine_changed)) from None


def _keys(*parts: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for part in parts:
        seen.update(dict.fromkeys(part))
    return list(seen)


def _piece(draft: DraftFile, parts: dict[str, Any], key: str) -> Any:
    """What one key holds: a unit's material and its review record; absent is None."""
    unit = draft.review.get(key)
    return (parts.get(key), _record(unit) if unit is not None else None)


def _parts(draft: DraftFile) -> dict[str, Any]:
    """The material split into pieces: each unit's data, the frame texts, and the order."""
    if draft.material is None:
        return {}
    data = draft.material.model_dump(mode="json")
    parts: dict[str, Any] = {name: data[name] for name in _SCALARS}
    groups = []
    for group in data["problems"]:
        groups.append({**group, "items": [item["id"] for item in group["items"]]})
        parts.update({item["id"]: item for item in group["items"]})
    for pool in ("causes", "measures"):
        parts.update({item["id"]: item for item in data[pool]})
    for number, part in enumerate(data["extra_parts"], 1):
        parts[f"E{number}"] = part
    parts[ORDER] = {
        "problems": groups,
        "causes": [item["id"] for item in data["causes"]],
        "measures": [item["id"] for item in data["measures"]],
        "extra_parts": len(data["extra_parts"]),
    }
    return parts


def _material(disk: dict[str, Any], parts: dict[str, Any]) -> dict[str, Any]:
    """The disk's material data with every piece replaced by ``parts``' (see :func:`_parts`)."""
    order = parts[ORDER]
    data = {**disk, **{name: copy.deepcopy(parts[name]) for name in _SCALARS}}
    data["problems"] = [
        {**group, "items": [parts[uid] for uid in group["items"]]} for group in order["problems"]
    ]
    data["causes"] = [parts[uid] for uid in order["causes"]]
    data["measures"] = [parts[uid] for uid in order["measures"]]
    data["extra_parts"] = [parts[f"E{n}"] for n in range(1, order["extra_parts"] + 1)]
    return data


def _merged_log(base: DraftFile, mine: DraftFile, disk: DraftFile) -> Any:
    """The disk's model log with the calls and failures this session added."""
    if mine.model_log == base.model_log or mine.model_log is None:
        return disk.model_log.model_dump(mode="json") if disk.model_log else None
    if disk.model_log is None or base.model_log is None:
        return mine.model_log.model_dump(mode="json")
    log = disk.model_log.model_dump(mode="json")
    new = mine.model_log.model_dump(mode="json")
    old = base.model_log.model_dump(mode="json")
    for field in ("calls", "failures"):
        log[field] = log[field] + new[field][len(old[field]) :]
    return log
