"""The one interface every drafter implements, offline or model-backed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import Field

from selfreview.outline import Outline
from selfreview.schema import Material, Opinion, StrictModel, Voice


@dataclass(frozen=True)
class DraftRequest:
    """What a drafter is asked for: opinions, the year's outline, voice and names."""

    opinions: Sequence[Opinion]
    outline: Outline
    voice: Voice = Voice.COLLECTIVE
    org: str = ""
    """The collective author (e.g. 市政府党组) or, in personal voice, the official."""
    title: str | None = None
    """A title to use as is; ``None`` lets the drafter compose one."""
    problems_only: bool = False
    """Only the problems are wanted (a re-draft under a reviewed draft keeps its causes and
    measures); a drafter may then skip causes and measures and return none."""
    known: Mapping[str, tuple[str | None, str]] | None = None
    """For a re-draft: opinion id -> (aspect id or None, reason when None) of the opinions
    that did not change. A drafter may keep these placements instead of sorting again and
    draft only the aspects the change reaches; ``None``: draft everything."""
    touched: frozenset[str] = frozenset()
    """For a re-draft: ids of aspects that lost or changed an opinion."""
    notes_headings: Sequence[str] = ()
    """The notes' lines that are not opinions (title, headings, the collection summary
    "本次…收集意见建议63条…"): the preamble states the counts they give."""


class UnusedOpinion(StrictModel):
    """An opinion no candidate cites, and why: reported, never silently dropped."""

    id: str
    reason: str


class DraftResult(StrictModel):
    """A drafted material plus how the opinions were used."""

    material: Material
    assignments: dict[str, str | None] = Field(default_factory=dict)
    """Opinion id to the id of the aspect it was sorted into (``None``: no aspect)."""
    unused: list[UnusedOpinion] = Field(default_factory=list)
    uncovered: dict[str, list[str]] = Field(default_factory=dict)
    """Opinion id -> reported facts (figures, named items) of a cited opinion that the
    problems citing it do not carry: a coverage defect the drafter reports, never hides."""


class Drafter(Protocol):
    """Turns a :class:`DraftRequest` into a :class:`DraftResult`."""

    name: str

    def draft(self, request: DraftRequest) -> DraftResult:
        """Draft a complete material from the request's opinions."""
        ...
