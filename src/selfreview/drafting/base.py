"""The one interface every drafter implements, offline or model-backed."""

from __future__ import annotations

from collections.abc import Sequence
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


class Drafter(Protocol):
    """Turns a :class:`DraftRequest` into a :class:`DraftResult`."""

    name: str

    def draft(self, request: DraftRequest) -> DraftResult:
        """Draft a complete material from the request's opinions."""
        ...
