"""The draft file ``<OUT stem>.draft.json``: the working state between drafting and building.

It holds everything needed to build or review the material again without the notes or the
model: the notes' hash, the opinions, the outline used, the candidates (``material`` holds
each unit's current text), how opinions were used, every revision and decision of the
review, and the model call log. It is written atomically and readable only by its owner
(0600), after every decision.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, get_args

from filelock import FileLock, Timeout
from pydantic import Field, ValidationError, model_validator

from selfreview.atomic import write_text_atomic
from selfreview.drafting.base import UnusedOpinion
from selfreview.errors import DraftFileError, InputError
from selfreview.modellog import ModelLog
from selfreview.notes.models import NotesSource
from selfreview.notes.reading import SUPPORTED_SUFFIXES as NOTES_SUFFIXES
from selfreview.notes.reading import read_json
from selfreview.outline import Outline
from selfreview.predicates import strip_restated_lead
from selfreview.record import Decision, Revision, Status, UnitReview
from selfreview.render.compose import strip_frozen_cause_tail, strip_frozen_lead
from selfreview.runoptions import RunOptions
from selfreview.schema import Material, Opinion, StrictModel, Voice
from selfreview.units import get_fields, unit_ids
from selfreview.validation import describe_validation_error

DraftFormat = Literal["selfreview.draft/5"]
DRAFT_FORMAT: Final[DraftFormat] = get_args(DraftFormat)[0]
"""The version this code writes; earlier ones are upgraded by :func:`upgrade_draft_data`.

/1: one bulk ``approval``, no review. /2: every unit's revisions and decisions.
/3: a measure's "针对“…”等问题，" lead is computed at build time, not kept in its body.
/4: a cause connects to its problems by its links alone; its body quotes no headline, and
no machine-written measure body restates a 针对…问题 lead.
/5: the run options (provider, base URL, redaction, roster, layout, …) are kept."""
_V1, _V2, _V3 = "selfreview.draft/1", "selfreview.draft/2", "selfreview.draft/3"
_V4 = "selfreview.draft/4"
DRAFT_FORMATS = (_V1, _V2, _V3, _V4, DRAFT_FORMAT)
"""Every version :func:`load_draft` reads, oldest first."""
HAND_EDIT = "draft-file"
"""``by`` of revisions found when the draft file's material was edited by hand."""


class DraftSettings(StrictModel):
    """What a draft was made from: equal settings mean the draft can be reused as is."""

    provider: str
    model: str | None = None
    notes_sha256: str
    voice: Voice
    org: str = ""
    title: str | None = None
    outline: Outline


class DraftFile(StrictModel):
    """Everything the tool knows about one material in progress."""

    format: DraftFormat = DRAFT_FORMAT
    created: datetime
    settings: DraftSettings
    notes: list[NotesSource]
    notes_headings: list[str] = Field(default_factory=list)
    """The notes' heading lines as read (the title names the year and meeting)."""
    opinions: list[Opinion]
    material: Material | None
    """None when drafting failed; ``model_log.failures`` then says why."""
    assignments: dict[str, str | None] = Field(default_factory=dict)
    unused: list[UnusedOpinion] = Field(default_factory=list)
    review: dict[str, UnitReview] = Field(default_factory=dict)
    """Unit id (P3, M1, title, …) to its revisions and decisions; filled with the drafted
    text when the draft is made."""
    model_log: ModelLog | None = None
    """For a model-backed draft: the provider, every exchange, tokens, and failures."""
    options: RunOptions = Field(default_factory=RunOptions)
    """How it was drafted, and is to be regenerated and built (see
    :mod:`selfreview.runoptions`)."""

    @model_validator(mode="after")
    def _sources_resolve_and_review_matches(self) -> DraftFile:
        if self.material is None:
            return self
        known = {o.id for o in self.opinions}
        missing = sorted(self.material.cited_opinions() - known)
        if missing:
            raise ValueError(f"引用了不存在的意见：{'、'.join(missing)}")
        units = unit_ids(self.material)
        if not self.review:
            by = self.model_log.model if self.model_log else self.settings.provider
            self.review = drafted_review(self.material, self.created, by)
            return self
        extra = sorted(set(self.review) - set(units))
        if extra:
            raise ValueError(f"审阅记录中有材料里没有的条目：{'、'.join(extra)}")
        for uid in units:  # text changed in the JSON by hand: keep it, but review it again
            fields = get_fields(self.material, uid)
            unit = self.review.get(uid)
            if unit is not None and unit.current.fields == fields:
                continue
            now = datetime.now(UTC)
            revision = Revision(origin="edited", fields=fields, at=now, by=HAND_EDIT)
            if unit is None:
                self.review[uid] = UnitReview(revisions=[revision])
                continue
            unit.revisions.append(revision)
            unit.flag = "草稿文件中的文字被直接修改，请再确认"
            if unit.status is not Status.PENDING:
                unit.decisions.append(
                    Decision(status=Status.PENDING, by=HAND_EDIT, at=now, via=HAND_EDIT)
                )
        if list(self.review) != units:
            self.review = {uid: self.review[uid] for uid in units}
        return self

    def status(self, unit_id: str) -> Status:
        """The current status of one unit."""
        return self.review[unit_id].status


def drafted_review(material: Material, at: datetime, by: str) -> dict[str, UnitReview]:
    """A fresh review record: every unit's text as drafted, nothing decided yet."""
    return {
        uid: UnitReview(
            revisions=[Revision(origin="drafted", fields=get_fields(material, uid), at=at, by=by)]
        )
        for uid in unit_ids(material)
    }


def draft_path_for(output: Path) -> Path:
    """``report.docx`` -> ``report.draft.json`` beside it."""
    return output.with_name(f"{output.stem}.draft.json")


def save_draft(draft: DraftFile, path: Path) -> None:
    """Write the draft file atomically, readable only by its owner."""
    text = draft.model_dump_json(indent=2) + "\n"
    write_text_atomic(path, text, mode=0o600)


LOCK_TIMEOUT = 30.0
"""Seconds to wait for another process's save of the same draft file to finish."""


def lock_path_for(path: Path) -> Path:
    """``report.draft.json`` -> ``report.draft.json.lock`` beside it (the save lock)."""
    return path.with_name(f"{path.name}.lock")


def update_draft(path: Path, apply: Callable[[DraftFile | None], DraftFile]) -> DraftFile:
    """Read the draft file under its lock, write ``apply(on_disk)`` back, and return it.

    The one way a change reaches a draft file that someone may be reviewing elsewhere
    (another terminal, a review sheet, a notebook): the lock (a ``.lock`` file beside the
    draft, which works on Windows too) is held from the read to the atomic write, so no
    other save comes in between and nothing the other side decided is overwritten.
    ``apply`` gets what is on disk now (None when there is no file yet) and returns
    the draft to write; whatever it raises is raised and nothing is written.
    """
    with locked(path):
        on_disk = load_draft(path) if path.exists() else None
        updated = apply(on_disk)
        save_draft(updated, path)
        return updated


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the save lock of the draft file ``path`` (see :func:`update_draft`); a lock
    that cannot be had, or a file that cannot be read or written under it, is a
    :class:`DraftFileError` naming the file."""
    lock = FileLock(str(lock_path_for(path)), timeout=LOCK_TIMEOUT, mode=0o600)
    try:
        with lock:
            yield
    except Timeout:
        raise DraftFileError(
            f"草稿文件正由另一处保存，等待 {LOCK_TIMEOUT:.0f} 秒仍未完成；请稍后再试"
            f"（如确认无人使用，可删除 {lock_path_for(path).name}）",
            path=path,
        ) from None
    except OSError as exc:
        raise DraftFileError(f"无法锁定草稿文件（{exc.strerror or exc}）", path=path) from None


def file_digest(path: Path) -> str | None:
    """The SHA-256 of the file's bytes (None when there is no file): equal digests, same
    file, so a reader can tell that nobody wrote it since without parsing it again."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def load_draft(path: Path) -> DraftFile:
    """Read and validate a draft file; errors name the file and what is wrong."""
    if not path.exists():
        raise DraftFileError("草稿文件不存在", path=path)
    try:
        data = read_json(path)
    except InputError as unreadable:
        if path.is_file() and path.suffix.lower() in NOTES_SUFFIXES:
            raise DraftFileError(
                f"这是原始材料，不是草稿文件：起草用 draft {path.name}，"
                "审阅和生成用起草时保存的 *.draft.json",
                path=path,
            ) from None
        raise DraftFileError(unreadable.message, path=path) from None
    return draft_from_data(data, path)


def draft_from_data(data: Any, path: Path) -> DraftFile:
    """A draft file from JSON already read from ``path`` (upgraded from any earlier version,
    validated; errors name ``path``), for a caller that has read the file for another reason."""
    if not isinstance(data, dict) or data.get("format") not in DRAFT_FORMATS:
        raise DraftFileError(f"不是 selfreview 草稿文件（应有 format: {DRAFT_FORMAT}）", path=path)
    data = upgrade_draft_data(data)
    try:
        return DraftFile.model_validate(data)
    except ValidationError as exc:
        raise DraftFileError(describe_validation_error(exc), path=path) from None


def upgrade_draft_data(data: dict[str, Any]) -> dict[str, Any]:
    """Raw draft-file data of any version in :data:`DRAFT_FORMATS`, upgraded step by step
    to :data:`DRAFT_FORMAT`; every reviewer decision and edit is carried over. Data that
    is malformed is passed on unchanged for validation to report."""
    steps = {_V1: _v1_to_v2, _V2: _v2_to_v3, _V3: _v3_to_v4, _V4: _v4_to_v5}
    while data.get("format") in steps:
        data = steps[data["format"]](data)
    return data


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """/1 had one bulk ``approval``: drafted revisions, plus that approval recorded as an
    approve-all decision on every unit."""
    data = {**data, "format": _V2}
    approval = data.pop("approval", None)
    if approval is None or not isinstance(data.get("material"), dict):
        return data  # no review yet: loading fills it from the material
    try:
        material = Material.model_validate(data["material"])
        settings = DraftSettings.model_validate(data["settings"])
        log = data.get("model_log") or {}
        by = str(log.get("model") or settings.provider)
        review = drafted_review(material, datetime.fromisoformat(str(data["created"])), by)
        decision = Decision(
            status=Status.APPROVED,
            by=str(approval.get("by", "")),
            at=approval["at"],
            via="approve-all",
        )
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError):
        return data  # load_draft reports what is wrong
    for unit in review.values():
        unit.decisions.append(decision)
    data["review"] = {uid: unit.model_dump(mode="json") for uid, unit in review.items()}
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """/2 froze each measure's "针对“…”等问题，" lead into its body: strip it from the
    material and from every revision of every measure (the reviewer's edits included, so
    the current revision still matches the text and keeps its decision)."""
    data = {**copy.deepcopy(data), "format": _V3}
    material = data.get("material")
    if not isinstance(material, dict):
        return data
    try:
        headlines = _all_headlines(material, data.get("review") or {})
        review = data.get("review") or {}
        for measure in material.get("measures", []):
            measure["body"] = strip_frozen_lead(str(measure.get("body", "")), headlines)
        for uid, unit in review.items():
            for revision in unit.get("revisions", []) if uid.startswith("M") else []:
                fields = revision.get("fields", {})
                if "body" in fields:
                    fields["body"] = strip_frozen_lead(str(fields["body"]), headlines)
    except (AttributeError, TypeError):
        pass  # malformed: load_draft reports what is wrong
    return data


MACHINE_ORIGINS = ("drafted", "regenerated", "redrafted")
"""Revision origins whose text a drafter or model wrote, not a person."""


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """/3 froze the headlines a cause explains into its body ("“A”“B”等问题，根子都在这里"),
    so a renamed or rejected problem stayed named: strip that tail from the material and
    every revision of every cause, the reviewer's edits included (a tail of the reviewer's
    own words is kept). A machine-written measure body that restates its 针对…问题 lead
    loses it in those revisions, and in the material when such a revision is current."""
    data = {**copy.deepcopy(data), "format": _V4}
    material = data.get("material")
    if not isinstance(material, dict):
        return data
    try:
        review = data.get("review") or {}
        headlines = _all_headlines(material, review)
        for cause in material.get("causes", []):
            cause["body"] = strip_frozen_cause_tail(str(cause.get("body", "")), headlines)
        for measure in material.get("measures", []):
            revisions = (review.get(measure.get("id")) or {}).get("revisions") or []
            current = revisions[-1] if revisions else {}
            body = str(measure.get("body", ""))
            was_current = current.get("fields", {}).get("body") == body
            if current.get("origin") in MACHINE_ORIGINS and was_current:
                measure["body"] = strip_restated_lead(body)
        for uid, unit in review.items():
            for revision in unit.get("revisions", []):
                fields = revision.get("fields", {})
                if "body" not in fields:
                    continue
                if uid.startswith("C"):
                    fields["body"] = strip_frozen_cause_tail(str(fields["body"]), headlines)
                elif uid.startswith("M") and revision.get("origin") in MACHINE_ORIGINS:
                    fields["body"] = strip_restated_lead(str(fields["body"]))
    except (AttributeError, TypeError):
        pass  # malformed: load_draft reports what is wrong
    return data


def _all_headlines(material: dict[str, Any], review: dict[str, Any]) -> list[str]:
    """Every problem headline the material or any revision of a problem ever had."""
    groups = material.get("problems", [])
    headlines = [str(p.get("headline", "")) for g in groups for p in g.get("items", [])]
    headlines += [
        str(revision.get("fields", {}).get("headline", ""))
        for uid, unit in review.items()
        if uid.startswith("P")
        for revision in unit.get("revisions", [])
    ]
    return headlines


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """/4 and earlier kept no run options: take the provider and model from the settings and the
    server from the model log, so that regeneration goes where the drafting went. The
    roster and the layout were not kept: they stay empty (the defaults)."""
    data = {**data, "format": DRAFT_FORMAT}
    settings = data.get("settings")
    if "options" in data or not isinstance(settings, dict):
        return data
    log = data.get("model_log")
    base_url = log.get("base_url") if isinstance(log, dict) else None
    options = {
        "provider": settings.get("provider", "offline"),
        "model": settings.get("model"),
        "base_url": base_url if isinstance(base_url, str) else None,
    }
    data["options"] = {k: v for k, v in options.items() if v is not None}
    return data
