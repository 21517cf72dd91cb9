"""The one interface review needs from a model: rewrite a unit, draft follow-ups again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from selfreview.draftfile import DraftFile
    from selfreview.schema import Cause, Measure
    from selfreview.units import UnitKind


class Reviser(Protocol):
    """Rewrites one unit following the reviewer's instruction (a model, or a test fake)."""

    name: str

    def revise(
        self, draft: DraftFile, unit_id: str, instruction: str
    ) -> dict[str, str]:  # pragma: no cover - protocol
        """New fields for ``unit_id`` that follow ``instruction``; raise on failure."""
        ...

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause] | list[Measure]:  # pragma: no cover - protocol
        """Fresh causes or measures for the given (approved) problems."""
        ...
