"""What each stage asks the model for: the pydantic response models.

They are deliberately small and flat, so that every provider kind (JSON schema, JSON mode,
tool calling) and small local models can produce them. Ids the model cites are checked by
the stages, not here, because only the stage knows which ids it showed.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from selfreview.predicates import strip_restated_lead
from selfreview.schema import NonBlank, StrictModel


def _headline(value: str) -> str:
    value = value.strip()
    for prefix in ("一是", "二是", "三是", "四是", "五是"):
        value = value.removeprefix(prefix)
    value = value.rstrip("。；;，, ")
    if not value:
        raise ValueError("标题只有编号或标点，没有内容")
    return value


class Unsorted(StrictModel):
    """An opinion that fits no aspect, and why."""

    id: str
    reason: NonBlank


class SortReply(StrictModel):
    """Stage 1: opinion ids by aspect id, and the ones that fit none."""

    groups: dict[str, list[str]]
    none: list[Unsorted] = Field(default_factory=list)


class _Headed(StrictModel):
    """An item with a headline (numbering and final stop removed) and a body."""

    headline: NonBlank
    body: str = ""

    @field_validator("headline")
    @classmethod
    def _clean_headline(cls, value: str) -> str:
        return _headline(value)


class DraftedProblem(_Headed):
    """Stage 2: one problem; ``sources`` are the numbers shown in this call's data block."""

    example: str = ""
    sources: list[int] = Field(default_factory=list)

    @field_validator("example")
    @classmethod
    def _clean_example(cls, value: str) -> str:
        value = value.strip()
        for prefix in ("如，", "如:", "如：", "例如，", "比如，"):
            value = value.removeprefix(prefix)
        return value


class ProblemsReply(StrictModel):
    """Stage 2: the problems of one aspect."""

    items: list[DraftedProblem] = Field(min_length=1, max_length=4)


class DraftedCause(_Headed):
    """Stage 3: one cause and the problem ids it explains."""

    explains: list[str] = Field(min_length=1)


class CausesReply(StrictModel):
    """Stage 3: the causes."""

    items: list[DraftedCause] = Field(min_length=1, max_length=5)


class DraftedMeasure(_Headed):
    """Stage 3: one measure and the problem ids it addresses."""

    addresses: list[str] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    """Ids of the suggestions (opinions) the measure takes up."""

    @field_validator("body")
    @classmethod
    def _no_restated_lead(cls, value: str) -> str:
        """The "针对“…”等问题，" lead is computed from ``addresses`` when the document is
        built; a body that restates one would print it twice."""
        return strip_restated_lead(value.strip())


class MeasuresReply(StrictModel):
    """Stage 3: the measures."""

    items: list[DraftedMeasure] = Field(min_length=1, max_length=5)
