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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

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
    retries: int | None = None,
    jobs: int | None = None,
    timeout: float | None = None,
    outline: str | PathLike | None = None,
    year: int | None = None,
    meeting: str | None = None,
    kind: Kind | Voice | None = None,
    org: str = "",
    title: str | None = None,
    layout: Mapping[str, Any] | None = None,
    signature: bool | None = None,
    sign_unit: str | None = None,
    sign_date: str | None = None,
    path: PathLike | None = None,
    redraft: bool = False,
) -> Review:
    """Draft the candidates (problems, causes, measures) from ``notes``; nothing approved yet.

    ``provider``: ``None`` drafts offline, or with ``replay`` from the provider recorded
    there; a name (deepseek, qwen, …, or one from the config file) asks that model;
    ``"auto"`` uses the configured provider as the CLI does. ``replay``/``record``/
    ``cache``/``redact``/``names``/``retries``/``jobs``/``timeout`` are the CLI's options
    of the same names; ``layout`` holds layout settings (``line_spacing_pt=28``, …);
    ``signature``/``sign_unit``/``sign_date`` the 落款 (``sign_date="2026年1月6日"``), as
    ``--signature``/``--sign-unit``/``--sign-date`` do.
    ``outline`` is a built-in id or a YAML file; without it the outline is chosen as the
    CLI chooses it, by ``year``/``meeting`` or the notes' header (a mismatch or a year
    without a shipped outline is a ``UserWarning``).
    ``kind`` and ``org`` default to what the header says, as in the CLI.

    With ``path`` the draft is saved there (and after every review action), a failed
    drafting too. If that file already holds a draft, it is reused with its decisions and
    its stored options (so a re-run cell loses nothing); provider, model, base URL,
    redaction, layout and 落款 given again are recorded; changed notes draft again only what
    changed; another outline, kind, unit, title or notes file is an error unless
    ``redraft`` (the old file is backed up first).
    """
    from selfreview.schema import Voice
    from selfreview.workflow.opening import DraftRun, open_or_draft
    from selfreview.workflow.signing import signing_given

    signing = signing_given(signature, sign_unit, sign_date)
    if isinstance(notes, str | os.PathLike):
        document = load_notes(notes)
    elif isinstance(notes, Sequence):
        document = load_notes(*notes)
    else:
        document = notes
    if provider is None:
        provider = "auto" if replay is not None else None
    target = Path(path) if path is not None else None
    stored = target is not None and target.is_file()
    opened = open_or_draft(
        DraftRun(
            notes=document,
            path=target,
            voice=None if kind is None else Voice(kind),
            org=org,
            title=title,
            outline=outline if outline is None or isinstance(outline, str) else Path(outline),
            year=year,
            meeting=meeting,
            given={
                "provider": provider or (None if stored else "offline"),
                "model": model,
                "base_url": base_url,
                "redact": redact,
                "retries": retries,
                "jobs": jobs,
                "timeout": timeout,
                "layout": dict(layout) if layout else None,
                **signing,
            },
            names=Path(names) if names is not None else None,
            replay=Path(replay) if replay is not None else None,
            record=Path(record) if record is not None else None,
            cache=cache,
            redraft=redraft,
            redraft_hint="redraft=True",
            say=_warn,
        )
    )
    return Review(opened.draft, target, replay=Path(replay) if replay is not None else None)


def _warn(line: str) -> None:
    """Outline mismatches and notes on sending, as the CLI says them, as warnings."""
    if line.startswith(("警告", "注意")):
        warnings.warn(line, UserWarning, stacklevel=4)


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
    from selfreview.checks import load_rules, run_checks
    from selfreview.schema import Material, Voice
    from selfreview.workflow.checking import check_target

    voice = Voice(kind) if kind is not None else None
    if isinstance(material, Review):
        target = material.check_target(voice)
    elif isinstance(material, Imported):
        target = check_target(material.result, voice)
    elif isinstance(material, Material):
        target = check_target(material, voice)
    else:
        target = check_target(Path(material), voice)
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
