"""What the genre rules look at, built in one place for every front end.

``draft check FILE``, the API's ``check()`` and ``Review.check()`` call
:func:`check_target`; a draft is always checked through
:func:`~selfreview.checks.targets.draft_target` (rejected units left out), so the CLI and
the API agree on the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selfreview.checks import CheckTarget
    from selfreview.draftfile import DraftFile
    from selfreview.importing.model import ImportResult
    from selfreview.schema import Material, Voice


def check_target(
    subject: Path | DraftFile | Material | ImportResult,
    voice: Voice | None = None,
    *,
    source: str | None = None,
) -> CheckTarget:
    """The check target of a file (.docx/.txt/.md, import JSON, draft file), a draft, a
    material or an import result; ``voice`` overrides the detected voice, ``source``
    names what is checked in the report."""
    from selfreview.checks import CheckTarget
    from selfreview.checks.targets import draft_target, load_target
    from selfreview.draftfile import DraftFile
    from selfreview.importing.model import ImportResult
    from selfreview.schema import Material

    if isinstance(subject, DraftFile):
        return draft_target(subject, source or "草稿", voice)
    if isinstance(subject, ImportResult):
        return CheckTarget(
            source=source or subject.source,
            kind="imported",
            material=subject.material,
            voice=voice or subject.material.voice,
            numbering=subject.numbering,
            unplaced=subject.unplaced,
            lines=subject.lines,
        )
    if isinstance(subject, Material):
        return CheckTarget(
            source=source or "材料", kind="material", material=subject, voice=voice or subject.voice
        )
    return load_target(Path(subject), voice)
