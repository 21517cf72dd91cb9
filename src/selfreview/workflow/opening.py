"""Open or draft: the one way a draft file comes to be, for the CLI and the API alike.

Fresh (no draft file yet), resumed (same frame, same notes: the review goes on), changed
notes (only what changed is drafted again, decisions kept), re-drafted on purpose
(``redraft``: the old file is kept as a timestamped backup), and a failed drafting saved
as a draft file that says why. Messages go to ``say``; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from selfreview.atomic import write_atomic
from selfreview.draftfile import DraftFile, DraftSettings, load_draft, save_draft, update_draft
from selfreview.errors import DraftFileError
from selfreview.runoptions import AUTO, RunOptions
from selfreview.schema import Voice
from selfreview.workflow.revising import resolve_options, with_provider

if TYPE_CHECKING:
    from selfreview.drafting.base import Drafter
    from selfreview.modelclient.config import UserConfig
    from selfreview.modellog import CallRecord
    from selfreview.notes import NotesDocument
    from selfreview.review.resume import ResumeReport
    from selfreview.workflow.chain import ModelChain

Outcome = Literal["fresh", "resumed", "changed", "redrafted"]


@dataclass
class DraftRun:
    """What a front end asks for: the notes, where the draft lives, and the options given.

    ``given`` holds the run options typed this time (provider, model, base_url, redact,
    retries, jobs, timeout, layout, and the 落款's signature, sign_unit, sign_date);
    ``None`` or absent means "not given": the draft file's stored value is used, or for
    a new draft the default.
    """

    notes: NotesDocument
    path: Path | None
    voice: Voice | None = None
    """``None``: what the notes' header says (see :func:`~selfreview.meeting.subject_for_run`)."""
    org: str = ""
    """Empty: the unit the notes' header names, if any."""
    title: str | None = None
    outline: str | Path | None = None
    year: int | None = None
    meeting: str | None = None
    given: dict[str, Any] = field(default_factory=dict)
    names: Path | None = None
    """--names FILE: the roster, read now and kept in the draft file."""
    replay: Path | None = None
    record: Path | None = None
    cache: bool = True
    redraft: bool = False
    """Start the draft again (the old draft file is backed up first)."""
    redraft_hint: str = "--redraft"
    """How the front end spells ``redraft`` in messages."""
    on_call: Callable[[CallRecord], None] | None = None
    say: Callable[[str], None] = lambda _line: None
    config: UserConfig | None = None


@dataclass
class Opened:
    """The draft to review, and how it came to be."""

    draft: DraftFile
    outcome: Outcome
    backup: Path | None = None
    chain: ModelChain | None = None
    """The model chain a drafting used (``None``: offline or nothing drafted)."""


def open_or_draft(run: DraftRun) -> Opened:
    """The draft for ``run``: the existing one resumed, or drafted (again) and saved.

    Raises :class:`DraftFileError` when the draft file holds a draft of another frame
    (outline, kind, unit, title) or of another notes file (re-draft on purpose instead),
    and when drafting fails (the failed draft is saved unless a reviewed one is there).
    """
    say = run.say
    try:
        existing = _existing(run.path)
    except DraftFileError as unreadable:
        if not run.redraft or run.path is None or not run.path.is_file():
            raise
        existing = None  # a damaged draft file: re-drafting keeps it as the backup
        say(f"原草稿文件无法读取（{unreadable.message}），重新起草。")
    backup = None
    if run.redraft and run.path is not None and run.path.is_file():
        backup = backup_draft(run.path)
        say(f"重新起草：原草稿（含审阅决定）已备份为 {backup}")
    base = existing.options if existing is not None else RunOptions(provider=AUTO)
    if run.redraft:
        existing = None
    given = _given(run)
    options = base.with_given(**given)
    auto = options.provider == AUTO
    if (
        existing is None
        or existing.material is None
        or {"provider", "model", "base_url"} & set(given)
    ):
        options = resolve_options(options, replay=run.replay, config=run.config)  # fail early
    outline = _outline(run, existing)
    run = _subject(run)
    options = options.with_given(outline=_spec(run.outline), year=run.year, meeting=run.meeting)
    if existing is not None and existing.material is not None:
        _same_frame_or_fail(existing, run, outline)
        if existing.settings.notes_sha256 == run.notes.sha256:
            say("原始材料与设置未变，继续审阅已有草稿。")
            resumed = existing.model_copy(update={"options": options})
            if options != existing.options and run.path is not None:  # given again: recorded
                resumed = update_draft(  # on what is there now: a review may be going on
                    run.path,
                    lambda disk: disk.model_copy(update={"options": options}) if disk else resumed,
                )
            return Opened(resumed, "resumed")
    elif existing is not None:
        say("上次起草未完成，重新起草（已成功的模型调用从缓存读取）。")
        existing = None
    return _draft(run, options, outline, existing, backup, auto=auto)


def _draft(
    run: DraftRun,
    options: RunOptions,
    outline: Any,
    existing: DraftFile | None,
    backup: Path | None,
    *,
    auto: bool,
) -> Opened:
    """Draft from scratch (``existing`` None) or the changed notes under ``existing``."""
    from selfreview.errors import DraftingFailed
    from selfreview.pipeline import ModelOptions, draft_document, draft_settings, failed_draft
    from selfreview.pipeline import resolve_model as resolve
    from selfreview.workflow.chain import make_drafter

    say = run.say
    model = ModelOptions.from_run(
        options, replay=run.replay, record=run.record, cache=run.cache, config=run.config
    )
    provider = resolve(model)
    if provider is None and auto:
        say("未配置模型，使用离线起草（offline）：不联网、不调用任何模型。")
    elif provider is not None:
        where = "回放记录" if run.replay else provider.base_url
        say(f"使用 {provider.spec.label} 的模型 {provider.model} 起草（{where}）……")
    options = with_provider(options, provider)
    assert run.voice is not None  # decided by _subject
    settings = draft_settings(
        run.notes, outline, voice=run.voice, org=run.org, title=run.title, provider=provider
    )
    texts = [run.org, *(o.text for o in run.notes.opinions)]
    drafter, chain = make_drafter(provider, model, texts, run.on_call)
    try:
        if existing is None:
            draft = draft_document(run.notes, settings, drafter, options=options)
            outcome: Outcome = "redrafted" if backup is not None else "fresh"
        else:
            draft, resumed = draft_again(existing, run.notes, settings, drafter, options=options)
            outcome = "changed"
    except DraftingFailed as failed:
        if existing is None and run.path is not None:  # never replace a reviewed draft
            save_draft(failed_draft(run.notes, settings, failed.log, options), run.path)
        raise DraftFileError(
            f"起草未完成：{failed}。失败原因（及模型的最后回答，如有）记在草稿文件的 "
            "model_log.failures 中；已成功的调用已缓存，重新运行不会重复付费",
            path=run.path,
        ) from None
    if chain is not None:
        say(chain.notice())
    if outcome == "changed":
        say(resumed.describe())
    if run.path is not None and existing is not None:
        _save_over(run.path, draft, existing)
    elif run.path is not None:
        save_draft(draft, run.path)
    return Opened(draft, outcome, backup, chain)


def draft_again(
    existing: DraftFile,
    document: NotesDocument,
    settings: DraftSettings,
    drafter: Drafter,
    *,
    options: RunOptions | None = None,
) -> tuple[DraftFile, ResumeReport]:
    """Draft the changed notes under the reviewed ``existing`` draft: only the problems of
    the aspects the change reaches, merged with everything kept (see
    :func:`selfreview.review.resume.merge_redraft`)."""
    from selfreview.pipeline import draft_document
    from selfreview.review.resume import merge_redraft, redraft_hints

    known, touched = redraft_hints(existing, document.opinions)
    fresh = draft_document(
        document,
        settings,
        drafter,
        problems_only=True,
        known=known,
        touched=touched,
        options=options or existing.options,
    )
    return merge_redraft(existing, fresh)


def _save_over(path: Path, draft: DraftFile, existing: DraftFile) -> None:
    """Write ``draft`` (drafted again with ``existing``'s decisions carried over), unless
    someone saved decisions to the file while it was drafting: those would be lost."""
    from selfreview.review.merge import same_draft

    def apply(disk: DraftFile | None) -> DraftFile:
        if disk is not None and not same_draft(disk, existing):
            raise DraftFileError(
                "起草期间草稿文件在另一处（审阅窗口、审阅单或程序）被修改，为不覆盖那里的决定，"
                "本次起草结果未保存，请重新运行",
                path=path,
            )
        return draft

    update_draft(path, apply)


def backup_draft(path: Path) -> Path:
    """Copy the draft file to ``<name>.<UTC time>.bak.json`` beside it (0600); its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = path.name.removesuffix(".json")
    target = path.with_name(f"{name}.{stamp}.bak.json")
    data = path.read_bytes()
    write_atomic(target, lambda tmp: tmp.write_bytes(data), mode=0o600)
    return target


def notes_names(sources: list[Any]) -> list[str]:
    """The file names of notes sources (their folders left out)."""
    return [Path(str(s.path)).name for s in sources]


def _existing(path: Path | None) -> DraftFile | None:
    if path is None:
        return None
    if path.is_dir():
        raise DraftFileError("草稿文件的位置是一个文件夹，请换一个输出文件名", path=path)
    return load_draft(path) if path.exists() else None


def _given(run: DraftRun) -> dict[str, Any]:
    given = {k: v for k, v in run.given.items() if not (k == "provider" and v == AUTO)}
    if run.names is not None:
        from selfreview.privacy import load_roster

        given["names"] = load_roster(run.names)
        given["names_file"] = str(run.names)
    return given


def _subject(run: DraftRun) -> DraftRun:
    """``run`` with its kind and unit decided (given, else from the notes' header)."""
    from selfreview.meeting import subject_for_run

    personal = None if run.voice is None else run.voice is Voice.PERSONAL
    subject = subject_for_run(run.notes, personal=personal, org=run.org)
    for line in subject.lines:
        run.say(line)
    voice = Voice.PERSONAL if subject.personal else Voice.COLLECTIVE
    return replace(run, voice=voice, org=subject.org)


def _spec(outline: str | Path | None) -> str | None:
    return None if outline is None else str(outline)


def _outline(run: DraftRun, existing: DraftFile | None) -> Any:
    """The outline of this run: the existing draft's own (if it was drafted) unless one is
    chosen now; for a new draft or a re-draft the one chosen now, or by the notes' header."""
    from selfreview.meeting import outline_for_run

    kept = None
    if existing is not None and existing.material is not None:
        kept = existing.settings.outline
    outline, lines = outline_for_run(
        run.notes,
        kept,
        outline=run.outline,
        year=run.year,
        meeting=run.meeting,
        org=run.org,
    )
    for line in lines:
        run.say(line)
    return outline


def _same_frame_or_fail(existing: DraftFile, run: DraftRun, outline: Any) -> None:
    """Raise unless ``run`` asks for the frame ``existing`` was drafted in, from its notes."""
    old = existing.settings
    assert run.voice is not None  # decided by _subject
    frame = DraftSettings(
        provider=old.provider,
        model=old.model,
        notes_sha256=old.notes_sha256,
        voice=run.voice,
        org=run.org,
        title=run.title,
        outline=outline,
    )
    hint = run.redraft_hint
    if frame != old:
        changed = [
            name
            for name, before, after in (
                ("提纲", old.outline, outline),
                ("材料类型", old.voice, run.voice),
                ("单位", old.org, run.org),
                ("标题", old.title, run.title),
            )
            if before != after
        ]
        raise DraftFileError(
            f"草稿文件已存在，且来自不同的{'、'.join(changed)}；继续审阅请用原来的设置，"
            f"如要按新设置重新起草请加 {hint}（原草稿先备份）",
            path=run.path,
        )
    before, now = notes_names(existing.notes), notes_names(run.notes.sources)
    renamed_only = old.notes_sha256 == run.notes.sha256
    if before and now and not set(before) & set(now) and not renamed_only:
        raise DraftFileError(
            f"草稿文件来自另一份原始材料（{'、'.join(before)}），现在给出的是"
            f"{'、'.join(now)}；如要按这份材料重新起草请加 {hint}（原草稿先备份），"
            "或用 -o 换一个输出文件名",
            path=run.path,
        )
