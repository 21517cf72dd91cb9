"""The draft file ``<OUT stem>.draft.json``: the working state between drafting and building.

It holds everything needed to build or review the material again without the notes or the
model: the notes' hash, the opinions, the outline used, the candidates, how opinions were
used, and the approval. It is written atomically and readable only by its owner (0600).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from selfreview.atomic import write_text_atomic
from selfreview.drafting.base import UnusedOpinion
from selfreview.errors import DraftFileError
from selfreview.llm.log import ModelLog
from selfreview.notes.models import NotesSource
from selfreview.outline import Outline
from selfreview.schema import Material, Opinion, StrictModel, Voice
from selfreview.validation import describe_validation_error

DRAFT_FORMAT = "selfreview.draft/1"


class Approval(StrictModel):
    """An explicit approval by the person running the tool."""

    by: str
    at: datetime
    how: Literal["approve-all"] = "approve-all"


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

    format: Literal["selfreview.draft/1"] = "selfreview.draft/1"
    created: datetime
    settings: DraftSettings
    notes: list[NotesSource]
    opinions: list[Opinion]
    material: Material | None
    """None when drafting failed; ``model_log.failures`` then says why."""
    assignments: dict[str, str | None] = Field(default_factory=dict)
    unused: list[UnusedOpinion] = Field(default_factory=list)
    approval: Approval | None = None
    model_log: ModelLog | None = None
    """For a model-backed draft: the provider, every exchange, tokens, and failures."""

    @model_validator(mode="after")
    def _sources_resolve(self) -> DraftFile:
        if self.material is None:
            return self
        known = {o.id for o in self.opinions}
        missing = sorted(self.material.cited_opinions() - known)
        if missing:
            raise ValueError(f"引用了不存在的意见：{'、'.join(missing)}")
        return self


def draft_path_for(output: Path) -> Path:
    """``report.docx`` -> ``report.draft.json`` beside it."""
    return output.with_name(f"{output.stem}.draft.json")


def save_draft(draft: DraftFile, path: Path) -> None:
    """Write the draft file atomically, readable only by its owner."""
    text = draft.model_dump_json(indent=2) + "\n"
    write_text_atomic(path, text, mode=0o600)


def load_draft(path: Path) -> DraftFile:
    """Read and validate a draft file; errors name the file and what is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DraftFileError("草稿文件不存在", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DraftFileError(f"无法读取草稿文件（{exc}）", path=path) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DraftFileError(f"草稿文件不是有效的 JSON（第 {exc.lineno} 行）", path=path) from None
    if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
        raise DraftFileError(f"不是 selfreview 草稿文件（应有 format: {DRAFT_FORMAT}）", path=path)
    try:
        return DraftFile.model_validate(data)
    except ValidationError as exc:
        raise DraftFileError(describe_validation_error(exc), path=path) from None
