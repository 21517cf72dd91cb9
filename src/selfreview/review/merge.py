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

from selfreview.draftfile import HAND_EDIT, DraftFile, file_digest, load_draft, locked, save_draft
from selfreview.errors import MergeConflict
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


Snapshot = dict[str, Any]
"""A draft as plain data, for comparing (see :func:`snapshot`)."""


def snapshot(draft: DraftFile) -> Snapshot:
    """``draft`` as plain data to compare with another reading of the file: cheaper to
    keep than a copy of the draft. A file whose text was edited by hand gets that edit
    recorded again, stamped with the time, each time it is loaded (until it is saved):
    those stamps are left out, so two readings of one file are the same snapshot."""
    data = draft.model_dump(mode="json")
    for unit in data["review"].values():
        for revision in unit["revisions"]:
            if revision["by"] == HAND_EDIT:
                revision["at"] = None
        for decision in unit["decisions"]:
            if decision["via"] == HAND_EDIT:
                decision["at"] = None
    return data


def same_draft(one: DraftFile, other: DraftFile) -> bool:
    """Whether two drafts hold the same content (hand-edit stamps aside)."""
    return snapshot(one) == snapshot(other)


def save_changes(
    path: Path, base: Snapshot, mine: DraftFile, seen: str | None = None
) -> tuple[DraftFile, str | None]:
    """Save ``mine`` to ``path`` under the file's lock (see
    :func:`~selfreview.draftfile.update_draft`): as is when the file still holds ``base``
    (the session's last reading), else merged onto the file with :func:`merge_action`.
    Returns what was written, and the file's digest after writing; the draft is ``mine``
    itself exactly when nobody else had saved. ``seen`` is the digest of the file as the
    session last wrote it: when the file still has it, the file is not parsed and
    compared again. A :class:`MergeConflict` carries the file as found."""
    with locked(path):
        if seen is None or file_digest(path) != seen:
            disk = load_draft(path) if path.exists() else None
            if disk is not None:
                found = snapshot(disk)
                if found != base:
                    try:
                        mine = merge_action(base, mine, disk, found)
                    except MergeConflict as clash:
                        clash.disk = disk
                        raise
        save_draft(mine, path)
        return mine, file_digest(path)


def merge_action(
    base: Snapshot, mine: DraftFile, disk: DraftFile, found: Snapshot | None = None
) -> DraftFile:
    """``disk`` with the changes ``mine`` made since ``base``; raises :class:`MergeConflict`
    naming the units both sides changed differently. ``found`` is ``disk``'s snapshot."""
    theirs = snapshot(disk) if found is None else found
    ours = snapshot(mine)
    base_parts, mine_parts, disk_parts = _parts(base), _parts(ours), _parts(theirs)
    keys = _keys(base_parts, mine_parts, disk_parts)

    def piece(side: Snapshot, parts: dict[str, Any], key: str) -> Any:
        return (parts.get(key), side["review"].get(key))

    mine_changed = {k for k in keys if piece(ours, mine_parts, k) != piece(base, base_parts, k)}
    clashes = [
        k
        for k in keys
        if k in mine_changed
        and piece(theirs, disk_parts, k) != piece(base, base_parts, k)
        and piece(theirs, disk_parts, k) != piece(ours, mine_parts, k)
    ]
    if clashes:
        raise MergeConflict(clashes)
    merged = dict(_parts(disk.model_dump(mode="json")))  # with the real time stamps
    for key in mine_changed:
        if key in mine_parts:
            merged[key] = mine_parts[key]
        else:
            merged.pop(key, None)
    data = disk.model_dump(mode="json")
    for name in DraftFile.model_fields:
        if name not in _MERGED_ELSEWHERE and ours[name] != base[name]:
            data[name] = ours[name]
    data["model_log"] = _merged_log(base["model_log"], ours["model_log"], data["model_log"])
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


def _parts(draft: Snapshot) -> dict[str, Any]:
    """The material split into pieces: each unit's data, the frame texts, and the order."""
    data = draft["material"]
    if data is None:
        return {}
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


def _merged_log(base: Any, mine: Any, disk: Any) -> Any:
    """The disk's model log with the calls and failures this session added."""
    if mine == base or mine is None:
        return disk
    if disk is None or base is None:
        return mine
    log = {**disk}
    for field in ("calls", "failures"):
        log[field] = disk[field] + mine[field][len(base[field]) :]
    return log
