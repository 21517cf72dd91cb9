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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from selfreview.errors import DraftFileError, InputError, SelfReviewError
from selfreview.notebook import CheckReport, Imported, MaterialView, OutlineList, review_markdown

if TYPE_CHECKING:
    from selfreview.checks import CheckTarget
    from selfreview.draftfile import DraftFile, DraftSettings
    from selfreview.notes import NotesDocument
    from selfreview.review.build import BuildReport
    from selfreview.review.model import Status
    from selfreview.review.session import ReviewSession
    from selfreview.schema import Cause, Material, Measure, Opinion, Problem, Voice

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
    outline: str | PathLike | None = None,
    kind: Kind | Voice = "collective",
    org: str = "",
    title: str | None = None,
    path: PathLike | None = None,
    force: bool = False,
) -> Review:
    """Draft the candidates (problems, causes, measures) from ``notes``; nothing approved yet.

    ``provider``: ``None`` drafts offline, or with ``replay`` from the provider recorded
    there; a name (deepseek, qwen, …, or one from the config file) asks that model;
    ``"auto"`` uses the configured provider as the CLI does. ``replay``/``record``/
    ``cache``/``redact`` are the CLI's ``--replay``/``--record``/``--no-cache``/
    ``--redact``. ``outline`` is a built-in id or a YAML file.

    With ``path`` the draft is saved there (and after every review action). If that file
    already holds a draft with the same settings, it is reused with its decisions (so a
    re-run cell loses nothing); the same settings but changed notes draft again only what
    changed; other settings are an error unless ``force``.
    """
    from selfreview.outline import load_outline
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
    )
    resolved = resolve_model(options)
    settings = draft_settings(
        document,
        load_outline(outline if outline is None or isinstance(outline, str) else Path(outline)),
        voice=Voice(kind),
        org=org,
        title=title,
        provider=resolved,
    )
    target = Path(path) if path is not None else None
    existing = _existing(target, settings) if target is not None and not force else None
    if existing is not None and existing.settings == settings:
        return Review(existing, target)
    fresh = draft_document(document, settings, make_drafter(resolved, options))
    if existing is not None:
        from selfreview.review.resume import merge_redraft

        fresh, _ = merge_redraft(existing, fresh)
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


class Review:
    """A draft under review: its candidates, every unit's status, and the review actions.

    Units are addressed by id: ``P1``… problems, ``C1``… causes, ``M1``… measures, ``E1``…
    extra parts, and ``title``, ``preamble``, ``problems_intro``, ``causes_intro``,
    ``measures_intro``, ``closing``. Every action is saved at once when there is a path.
    """

    def __init__(self, draft_file: DraftFile, path: Path | None = None) -> None:
        from selfreview.review.session import ReviewSession

        self.session: ReviewSession = ReviewSession(draft_file, path, via="api")

    # -- reading -------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The draft file the review is saved to, if any."""
        return self.session.path

    @property
    def draft_file(self) -> DraftFile:
        """The whole draft file: settings, opinions, material, review record, model log."""
        return self.session.draft

    @property
    def material(self) -> Material:
        """Every unit's current text (rejected units included)."""
        return self.session.material

    @property
    def opinions(self) -> list[Opinion]:
        """The numbered opinions the candidates cite."""
        return list(self.session.draft.opinions)

    @property
    def problems(self) -> list[Problem]:
        """The candidate problems, all aspects, in document order."""
        return self.material.all_problems()

    @property
    def causes(self) -> list[Cause]:
        """The candidate causes."""
        return list(self.material.causes)

    @property
    def measures(self) -> list[Measure]:
        """The candidate measures."""
        return list(self.material.measures)

    @property
    def candidates(self) -> list[Problem | Cause | Measure]:
        """Problems, causes and measures, in document order."""
        return [*self.problems, *self.causes, *self.measures]

    def units(self) -> list[str]:
        """Every unit id in document order (frame texts included)."""
        return self.session.units()

    def status(self, unit_id: str) -> Status:
        """A unit's status: pending, approved, edited or rejected."""
        return self.session.status(unit_id)

    def pending(self) -> list[str]:
        """Units still undecided; the document is built only when there are none."""
        return self.session.pending()

    def fields(self, unit_id: str) -> dict[str, str]:
        """A unit's editable text, e.g. ``{"headline": …, "body": …, "example": …}``."""
        from selfreview.review.units import get_fields

        return get_fields(self.material, unit_id)

    # -- deciding ------------------------------------------------------------------

    def approve(self, unit_id: str, comment: str = "") -> None:
        """Approve a unit as it stands."""
        self.session.approve(unit_id, comment)

    def edit(self, unit_id: str, comment: str = "", **fields: str) -> None:
        """Replace some of a unit's fields (``headline=…``, ``example=…``); this approves
        it with your changes. Causes and measures citing an edited problem go back to pending."""
        self.session.edit(unit_id, fields, comment)

    def reject(self, unit_id: str, comment: str = "") -> None:
        """Leave a unit out of the document."""
        self.session.reject(unit_id, comment)

    def reset(self, unit_id: str, comment: str = "") -> None:
        """Set a unit back to pending."""
        self.session.reset(unit_id, comment)

    def approve_all(self, comment: str = "") -> int:
        """Approve every pending unit (recorded as your explicit bulk approval)."""
        return self.session.approve_all(comment)

    # -- checking and building -----------------------------------------------------

    def check_target(self, voice: Voice | None = None) -> CheckTarget:
        """What :func:`check` looks at: the current material with the opinions it cites."""
        from selfreview.checks import CheckTarget

        return CheckTarget(
            source=str(self.path or "草稿"),
            kind="draft",
            material=self.material,
            voice=voice or self.material.voice,
            opinions={o.id: o.text for o in self.session.draft.opinions},
        )

    def check(self, rules_file: PathLike | None = None) -> CheckReport:
        """The genre rules on the current text, as ``draft check`` runs them on a draft file."""
        return check(self, rules_file=rules_file)

    def preview(self) -> MaterialView:
        """The document as it would read if every pending unit were approved."""
        from selfreview.review.gate import approved_material
        from selfreview.review.model import Decision, Status

        copy = self.session.draft.model_copy(deep=True)
        pending = self.pending()
        for uid in pending:
            copy.review[uid].decisions.append(
                Decision(status=Status.APPROVED, by="preview", at=copy.created, via="preview")
            )
        note = f"预览：{len(pending)} 项待定内容按确认显示" if pending else ""
        return MaterialView(approved_material(copy), note)

    def build(
        self,
        output: PathLike,
        *,
        allow_placeholders: bool = False,
        ledger: bool = False,
        force: bool = False,
    ) -> BuildReport:
        """Write the approved units to ``output`` (.docx or .md), as ``draft build`` does.

        Refused while any unit is pending or (without ``allow_placeholders``) while
        【待补…】/xx placeholders remain; never overwrites a file without ``force``.
        """
        from selfreview.review.build import BuildOptions, build_document

        options = BuildOptions(
            output=Path(output),
            force=force,
            allow_placeholders=allow_placeholders,
            ledger=ledger,
        )
        return build_document(self.session.draft, options)

    def save(self, path: PathLike | None = None) -> Path:
        """Save the draft file (to ``path`` from now on, if given); returns where."""
        if path is not None:
            self.session.path = Path(path)
        if self.session.path is None:
            raise SelfReviewError("没有草稿文件路径：请给出 path")
        self.session.save()
        return self.session.path

    def _repr_markdown_(self) -> str:
        return review_markdown(self.session.draft, str(self.path or "草稿（未保存）"))

    def __repr__(self) -> str:
        pending = len(self.pending())
        return f"<Review {self.path or '（未保存）'}：{len(self.units())} 项，待定 {pending}>"


def _existing(path: Path, settings: DraftSettings) -> DraftFile | None:
    """The draft at ``path`` to continue (same settings, maybe changed notes), or None."""
    from selfreview.draftfile import load_draft

    if not path.exists():
        return None
    existing = load_draft(path)
    if existing.material is None:
        return None
    same_but_notes = existing.settings.model_copy(update={"notes_sha256": settings.notes_sha256})
    if existing.settings == settings or same_but_notes == settings:
        return existing
    raise DraftFileError(
        "草稿文件已存在，且来自不同的设置（模型、提纲、材料类型、单位或标题）；"
        "如要重新起草请加 force=True（将覆盖原草稿及其中的审阅决定）",
        path=path,
    )
