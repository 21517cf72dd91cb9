"""The check's data: severities, locations, findings and the target being checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from selfreview.importing.model import NumberingRun, Unplaced
from selfreview.schema import Material, Voice


class Severity(StrEnum):
    """How serious a finding is; any ``error`` makes ``draft check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """The Chinese word printed in reports."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Location(BaseModel):
    """Where a finding is: part heading, aspect, item (一是/（一）), item id, source line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    part: str = ""
    aspect: str = ""
    item: str = ""
    id: str = ""
    line: int | None = None

    def describe(self) -> str:
        """ "查找的突出问题 › （二）标准境界方面 › 二是（P5，第 11 行）" or "全文"."""
        path = " › ".join(p for p in (self.part, self.aspect, self.item) if p) or "全文"
        extra = "，".join(
            p for p in (self.id, f"第 {self.line} 行" if self.line is not None else "") if p
        )
        return f"{path}（{extra}）" if extra else path


class Finding(BaseModel):
    """One result of one rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: Severity
    location: Location
    message: str


TargetKind = Literal["imported", "draft", "material"]


@dataclass
class CheckTarget:
    """What the rules look at: the material plus whatever its source tells us.

    ``kind`` is "imported" (parsed from .docx/.txt/.md or an import JSON), "draft" (a
    draft file, with opinions and problem-measure links) or "material" (a bare
    ``Material`` JSON). ``opinions`` maps opinion ids to their text (draft files only);
    ``dropped_links`` maps a measure id to the rejected problems it answered (draft files).
    """

    source: str
    kind: TargetKind
    material: Material
    voice: Voice
    numbering: list[NumberingRun] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    opinions: dict[str, str] | None = None
    dropped_links: dict[str, list[str]] = field(default_factory=dict)
    missing_aspects: list[str] = field(default_factory=list)
    """Draft files: aspects the outline requires that have no problem left."""
    meeting_mismatch: list[str] = field(default_factory=list)
    """Draft files: where the outline's year or meeting differs from the notes' header."""
    known_headlines: set[str] = field(default_factory=set)
    """Draft files: every headline any problem has had (drafted, revised, rejected), so that
    a quote of an old headline is told from a quoted term."""
