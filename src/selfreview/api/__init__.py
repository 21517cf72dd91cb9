"""The Python API: the same steps and objects the ``draft`` command uses, for notebooks.

::

    import selfreview

    notes = selfreview.load_notes("笔记.txt")
    review = selfreview.draft(notes, org="某市政府党组", path="材料.draft.json")
    review                      # a table: id, 方面, 状态, 标题句, 依据
    review.edit("P1", example="……")
    review.reject("P4")
    review.approve_all()
    review.check()              # findings of the genre rules
    review.build("材料.docx")

Every review action is saved to the draft file at once when the review has a path, so the
CLI (``draft review``, ``draft build``) can carry on from where a notebook stopped, and the
other way round. Errors are :class:`~selfreview.errors.SelfReviewError` with a one-line
Chinese message.
"""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from selfreview.api.review import Review
from selfreview.errors import InputError
from selfreview.notebook import CheckReport, Imported, OutlineList

if TYPE_CHECKING:
    from selfreview.notes import NotesDocument
    from selfreview.schema import Material, Voice

__all__ = [
    "Review",
    "check",
    "copy_prompts",
    "draft",
    "import_material",
    "load_notes",
    "open_draft",
    "outlines",
    "use_prompts",
]

PathLike = str | os.PathLike[str]
Kind = Literal["collective", "personal"]


def load_notes(*paths: PathLike) -> NotesDocument:
    """Read notes files (.txt in any Chinese encoding, .md, .docx) and split them into
    numbered opinions O1, O2, … (ids continue across files)."""
    from selfreview.notes import read_notes_files

    if not paths:
        raise InputError("没有给出笔记文件")
    return read_notes_files([Path(p) for p in paths])


def draft(
    notes: NotesDocument | PathLike | Sequence[PathLike],
    *,
    provider: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    replay: PathLike | None = None,
    record: PathLike | None = None,
    cache: bool = True,
    redact: bool | None = None,
    names: PathLike | None = None,
    outline: str | PathLike | None = None,
    year: int | None = None,
    meeting: str | None = None,
    kind: Kind | Voice | None = None,
    org: str = "",
    title: str | None = None,
    path: PathLike | None = None,
    force: bool = False,
) -> Review:
    """Draft the candidates (problems, causes, measures) from ``notes``; nothing approved yet.

    ``provider``: ``None`` drafts offline, or with ``replay`` from the provider recorded
    there; a name (deepseek, qwen, …, or one from the config file) asks that model;
    ``"auto"`` uses the configured provider as the CLI does. ``replay``/``record``/
    ``cache``/``redact``/``names`` are the CLI's ``--replay``/``--record``/``--no-cache``/
    ``--redact``/``--names``. ``outline`` is a built-in id or a YAML file; without it
    the outline is chosen as the CLI chooses it, by ``year``/``meeting`` or the notes'
    header (a mismatch or a year without a shipped outline is a ``UserWarning``).
    ``kind`` and ``org`` default to what the header says, as in the CLI.

    With ``path`` the draft is saved there (and after every review action). If that file
    already holds a draft with the same settings, it is reused with its decisions (so a
    re-run cell loses nothing); the same settings but changed notes draft again only what
    changed; other settings are an error unless ``force``.
    """
    from selfreview.meeting import outline_for_run, subject_for_run
    from selfreview.pipeline import (
        ModelOptions,
        draft_document,
        draft_settings,
        make_drafter,
        resolve_model,
    )
    from selfreview.schema import Voice

    if isinstance(notes, str | os.PathLike):
        document = load_notes(notes)
    elif isinstance(notes, Sequence):
        document = load_notes(*notes)
    else:
        document = notes
    if provider is None:
        provider = "auto" if replay is not None else "offline"
    options = ModelOptions(
        provider=provider,
        model=model,
        base_url=base_url,
        replay=Path(replay) if replay is not None else None,
        record=Path(record) if record is not None else None,
        cache=cache,
        redact=redact,
        names=Path(names) if names is not None else None,
    )
    resolved = resolve_model(options)
    target = Path(path) if path is not None else None
    chosen, lines = outline_for_run(
        document,
        None if force else target,
        outline=outline if outline is None or isinstance(outline, str) else Path(outline),
        year=year,
        meeting=meeting,
        org=org,
    )
    for line in lines[1:]:
        if line.startswith(("警告", "注意")):
            warnings.warn(line, UserWarning, stacklevel=2)
    subject = subject_for_run(
        document, personal=None if kind is None else Voice(kind) is Voice.PERSONAL, org=org
    )
    settings = draft_settings(
        document,
        chosen,
        voice=Voice.PERSONAL if subject.personal else Voice.COLLECTIVE,
        org=subject.org,
        title=title,
        provider=resolved,
    )
    from selfreview.review.resume import draft_again, find_existing

    existing = None
    if target is not None and not force:
        existing = find_existing(target, settings, force_hint="force=True")
    if existing is not None and existing.material is None:  # a failed drafting: replace it
        existing = None
    if existing is not None and existing.settings == settings:
        return Review(existing, target)
    drafter = make_drafter(resolved, options)
    if existing is None:
        fresh = draft_document(document, settings, drafter)
    else:
        fresh, _ = draft_again(existing, document, settings, drafter)
    review = Review(fresh, target)
    review.session.save()
    return review


def open_draft(path: PathLike) -> Review:
    """Open a draft file (``*.draft.json``, from the CLI or this API) to review or build."""
    from selfreview.draftfile import load_draft

    return Review(load_draft(Path(path)), Path(path))


def check(
    material: PathLike | Material | Review | Imported,
    *,
    rules_file: PathLike | None = None,
    kind: Kind | None = None,
) -> CheckReport:
    """Run the genre rules (``draft check``) on a file (.docx/.txt/.md, import JSON, draft
    file), a :class:`~selfreview.schema.Material`, an import or a review."""
    from selfreview.checks import CheckTarget, load_rules, run_checks
    from selfreview.schema import Material, Voice

    voice = Voice(kind) if kind is not None else None
    if isinstance(material, Review):
        target = material.check_target(voice)
    elif isinstance(material, Imported):
        result = material.result
        target = CheckTarget(
            source=result.source,
            kind="imported",
            material=result.material,
            voice=voice or result.material.voice,
            numbering=result.numbering,
            unplaced=result.unplaced,
            lines=result.lines,
        )
    elif isinstance(material, Material):
        target = CheckTarget(
            source="材料", kind="material", material=material, voice=voice or material.voice
        )
    else:
        from selfreview.checks.targets import load_target

        target = load_target(Path(material), voice)
    rules = load_rules(Path(rules_file) if rules_file is not None else None)
    return CheckReport(target, run_checks(target, rules))


def import_material(path: PathLike) -> Imported:
    """Read an existing material (.docx, .txt, .md) into the schema (``draft import``)."""
    from selfreview.importing import import_file

    return Imported(import_file(Path(path)))


def outlines() -> OutlineList:
    """The built-in outlines (from the prompts folder in use, see :func:`use_prompts`)."""
    from selfreview.outline import builtin_outline_files, load_outline

    return OutlineList(load_outline(outline_id) for outline_id in builtin_outline_files())


def use_prompts(folder: PathLike | None) -> Path:
    """Use the prompts, outlines, phrase bank and rules in ``folder`` from now on (``None``:
    the bundled ones again) and forget everything read from the old folder, so that an
    edited file is tried without reinstalling. Returns the folder in use.

    This sets ``$SELFREVIEW_PROMPTS``, so commands started from this process see it too.
    """
    from selfreview.resources import PROMPTS_ENV, clear_caches, prompts_dir

    if folder is None:
        os.environ.pop(PROMPTS_ENV, None)
    else:
        chosen = Path(folder).resolve()
        if not (chosen / "outlines").is_dir():
            raise InputError(
                "不是提示词目录（应含 outlines/、llm/ 等，可先用 copy_prompts 复制）", path=chosen
            )
        os.environ[PROMPTS_ENV] = str(chosen)
    clear_caches()
    return prompts_dir()


def copy_prompts(folder: PathLike) -> Path:
    """Copy the prompts folder in use to ``folder`` (which must not exist) to edit it."""
    from selfreview.resources import prompts_dir

    target = Path(folder)
    if target.exists():
        raise InputError("目标已存在；请换一个目录名", path=target)
    shutil.copytree(prompts_dir(), target)
    return target
