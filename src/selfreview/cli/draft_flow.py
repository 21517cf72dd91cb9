"""What ``draft NOTES`` does, step by step, with the messages a user sees.

Kept apart from :mod:`selfreview.cli.draft_cmd` so that the option declarations stay
cheap to import for ``--help``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from selfreview.cli.review_flow import interactive, report_build, review_in_terminal, review_status
from selfreview.draftfile import DraftFile, DraftSettings, draft_path_for, save_draft
from selfreview.errors import DraftFileError, OutputError
from selfreview.notes.models import NotesDocument
from selfreview.outline import Outline
from selfreview.pipeline import (
    ModelOptions,
    draft_document,
    draft_settings,
    failed_draft,
    make_drafter,
    resolve_model,
)
from selfreview.render import SUFFIXES
from selfreview.review.build import BuildOptions, build_document
from selfreview.review.session import ReviewSession
from selfreview.schema import PLACEHOLDER_EXAMPLE, Voice

if TYPE_CHECKING:
    from selfreview.llm.log import CallRecord, ModelLog
    from selfreview.llm.providers import ResolvedProvider


@dataclass
class DraftOptions:
    """The parsed command line of ``draft NOTES``."""

    notes: list[Path]
    output: Path | None = None
    model: ModelOptions = field(default_factory=ModelOptions)
    outline: str | None = None
    year: int | None = None
    """--year: the notice's year, over what the notes' header says."""
    meeting: str | None = None
    """--meeting: 民主生活会 / 专题民主生活会 / 组织生活会 / 专题组织生活会."""
    personal: bool | None = None
    """None: as the notes' header says (see :func:`selfreview.meeting.subject_for_run`)."""
    org: str = ""
    title: str | None = None
    approve_all: bool = False
    review: bool = True
    """Continue into the terminal review when run on a terminal."""
    allow_placeholders: bool = False
    allow_missing_aspects: bool = False
    ledger: bool = False
    force: bool = False
    layout: dict[str, Any] = field(default_factory=dict)
    """LayoutSettings fields the user set; absent ones keep their defaults."""


def run_draft(options: DraftOptions) -> None:
    """Draft (or resume), save the draft file, and build the document when approved."""
    output = options.output or options.notes[0].with_suffix(".docx")
    if output.suffix.lower() not in SUFFIXES:
        raise OutputError("输出文件须以 .docx 或 .md 结尾", path=output)
    draft_path = draft_path_for(output)

    from selfreview.notes import read_notes_files

    document = read_notes_files(options.notes)
    provider = resolve_model(options.model)
    outline = pick_outline(document, draft_path, options)
    from selfreview.meeting import subject_for_run

    subject = subject_for_run(document, personal=options.personal, org=options.org)
    for line in subject.lines:
        say(line)
    settings = draft_settings(
        document,
        outline,
        voice=Voice.PERSONAL if subject.personal else Voice.COLLECTIVE,
        org=subject.org,
        title=options.title,
        provider=provider,
    )
    existing = _existing_draft(draft_path, settings, force=options.force)
    if existing is not None and existing.settings == settings:
        draft = existing
    else:
        if provider is None and options.model.provider == "auto":
            say("未配置模型，使用离线起草（offline）：不联网、不调用任何模型。")
        elif provider is not None:
            where = "回放记录" if options.model.replay else provider.base_url
            say(f"使用 {provider.spec.label} 的模型 {provider.model} 起草（{where}）……")
        drafter = make_drafter(provider, options.model, on_call=_progress)
        from selfreview.llm.log import DraftingFailed
        from selfreview.review.resume import draft_again

        try:
            if existing is None:
                draft = draft_document(document, settings, drafter)
            else:
                draft, resumed = draft_again(existing, document, settings, drafter)
        except DraftingFailed as failed:
            if existing is None:  # never replace a reviewed draft with a failed one
                save_draft(failed_draft(document, settings, failed.log), draft_path)
            raise DraftFileError(
                f"起草未完成：{failed}。失败原因（及模型的最后回答，如有）记在草稿文件的 "
                "model_log.failures 中；已成功的调用已缓存，重新运行不会重复付费",
                path=draft_path,
            ) from None
        if provider is not None:
            say(redaction_notice(drafter, provider))
        if existing is not None:
            say(resumed.describe())
    session = ReviewSession(draft, draft_path, via="approve-all")
    if options.approve_all and session.pending():
        session.approve_all()  # also saves
    else:
        session.save()
    say(summary(session.draft))
    say(f"草稿文件：{draft_path}")
    if session.pending() and options.review and interactive():
        review_in_terminal(session)
    if session.pending():
        say(review_status(session.draft, draft_path))
        return
    report = build_document(
        session.draft,
        BuildOptions(
            output=output,
            force=options.force,
            allow_placeholders=options.allow_placeholders,
            allow_missing_aspects=options.allow_missing_aspects,
            ledger=options.ledger,
            layout=options.layout,
            draft_path=draft_path,
        ),
    )
    report_build(report)
    say(f"已生成：{output}")


def pick_outline(document: NotesDocument, draft_path: Path, options: DraftOptions) -> Outline:
    """The outline of this run (see :func:`selfreview.meeting.outline_for_run`), with the
    outline, year and meeting used and any warning said on stderr."""
    from selfreview.meeting import outline_for_run

    outline, lines = outline_for_run(
        document,
        None if options.force else draft_path,
        outline=options.outline,
        year=options.year,
        meeting=options.meeting,
        org=options.org,
    )
    for line in lines:
        say(line)
    return outline


def _existing_draft(draft_path: Path, settings: DraftSettings, *, force: bool) -> DraftFile | None:
    """The draft to continue: the same settings (resume the review), or the same settings
    but changed notes (draft again only what changed). ``None``: draft from scratch."""
    from selfreview.review.resume import find_existing

    if force and draft_path.exists():
        say(f"已按 --force 重新起草，将覆盖原草稿及其中的审阅决定：{draft_path}")
        return None
    existing = None if force else find_existing(draft_path, settings, force_hint="--force")
    if existing is None:
        return None
    if existing.material is None:
        if existing.settings == settings:
            say("上次起草未完成，重新起草（已成功的模型调用从缓存读取）。")
        return None
    if existing.settings == settings:
        say("原始材料与设置未变，继续审阅已有草稿。")
    return existing


def redaction_notice(drafter: object, provider: ResolvedProvider) -> str:
    """What was done about personal data before the requests went out."""
    from selfreview.privacy.chat import RedactingDrafter

    if isinstance(drafter, RedactingDrafter):
        count = len(drafter.redactor.replacements())
        return (
            f"发送前已把 {count} 项个人信息（姓名、电话、证件号等）换成占位符，回答中已换回原文；"
            "draft redact 可查看替换了什么。"
        )
    if provider.is_local:
        return "模型服务在本机，材料原样发送，未替换个人信息。"
    return "注意：已按 --no-redact 把材料原样发给本机以外的模型服务。"


def summary(draft: DraftFile) -> str:
    """One short paragraph on what was drafted, in Chinese."""
    material = draft.material
    if material is None:
        return "草稿未完成：起草失败，见草稿文件 model_log.failures。"
    problems = material.all_problems()
    placeholders = sum(1 for p in problems if PLACEHOLDER_EXAMPLE in p.example)
    lines = [
        f"读入意见 {len(draft.opinions)} 条；起草问题 {len(problems)} 个"
        f"（{len(material.problems)} 个方面）、原因 {len(material.causes)} 条、"
        f"措施 {len(material.measures)} 条。"
    ]
    if placeholders:
        lines.append(f"其中 {placeholders} 个问题缺少具体事例，已写入“{PLACEHOLDER_EXAMPLE}”待补。")
    from selfreview.predicates import uncovered_facts

    gaps = uncovered_facts(material.all_problems(), {o.id: o for o in draft.opinions})
    if gaps:
        listed = "；".join(f"{oid}：{'、'.join(facts)}" for oid, facts in list(gaps.items())[:5])
        lines.append(
            f"有 {len(gaps)} 条被引用意见的具体内容没有写进引用它的问题（{listed}），请核对。"
        )
    from selfreview.quotes import invented_quotes_of

    quotes = invented_quotes_of(material.all_problems(), {o.id: o for o in draft.opinions})
    if quotes:
        shown = list(quotes.items())[:5]
        listed = "；".join(f"{pid}：{'、'.join(f'“{t}”' for t in terms)}" for pid, terms in shown)
        lines.append(
            f"有 {len(quotes)} 个问题在引号中写了所引意见没有的说法（{listed}），请核对或去掉引号。"
        )
    if draft.unused:
        ids = "、".join(u.id for u in draft.unused[:10])
        more = "等" if len(draft.unused) > 10 else ""
        lines.append(f"未使用的意见 {len(draft.unused)} 条（{ids}{more}），原因见草稿文件 unused。")
    if draft.model_log is not None:
        lines.append(model_summary(draft.model_log))
    return "\n".join(lines)


def model_summary(log: ModelLog) -> str:
    """Calls, cache hits and tokens of the run that drafted this draft, per stage."""
    from selfreview.llm.log import STAGES

    parts = []
    total_in = total_out = calls = cached = 0
    for stage, stats in log.stats().items():
        parts.append(
            f"{STAGES.get(stage, stage)} {stats.calls} 次（缓存 {stats.cached}）"
            f" 输入 {stats.input_tokens:,} / 输出 {stats.output_tokens:,}"
        )
        total_in += stats.input_tokens
        total_out += stats.output_tokens
        calls += stats.calls
        cached += stats.cached
    head = (
        f"起草时模型调用 {calls} 次，其中缓存 {cached} 次；"
        f"tokens 输入 {total_in:,}、输出 {total_out:,}。"
    )
    return head + ("\n  " + "；".join(parts) if parts else "")


def _progress(record: CallRecord) -> None:
    from selfreview.llm.log import STAGES

    stage, _, part = record.label.partition(":")
    name = STAGES.get(stage, stage) + (f"·{part}" if part else "")
    state = "完成" if record.ok else "回答未通过校验"
    source = "（缓存）" if record.cached else f"（{record.seconds:.1f} 秒）"
    say(
        f"  [{name}] 第 {record.attempt} 次：{state}{source}"
        f" 输入 {record.input_tokens:,} / 输出 {record.output_tokens:,} tokens"
    )


def say(message: str) -> None:
    """Print a user-facing message to stderr (stdout stays free for data)."""
    typer.echo(message, err=True)
