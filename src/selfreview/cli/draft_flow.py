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
from selfreview.draftfile import DraftFile, draft_path_for
from selfreview.errors import OutputError
from selfreview.pipeline import ModelOptions
from selfreview.record import Status
from selfreview.render import SUFFIXES
from selfreview.review.session import ReviewSession
from selfreview.schema import PLACEHOLDER_EXAMPLE, Voice

if TYPE_CHECKING:
    from selfreview.modellog import CallRecord, ModelLog


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
    """Overwrite the output document (the draft and its decisions stay)."""
    redraft: bool = False
    """Start the draft again; the old draft file is kept as a timestamped backup."""
    layout: dict[str, Any] = field(default_factory=dict)
    """LayoutSettings fields the user set; absent ones keep the draft's (or the defaults)."""
    signing: dict[str, Any] = field(default_factory=dict)
    """The 落款 options given (see :func:`selfreview.workflow.signing.signing_given`)."""


def run_draft(options: DraftOptions) -> None:
    """Draft (or resume), save the draft file, and build the document when approved."""
    from selfreview.workflow.building import build
    from selfreview.workflow.opening import DraftRun, open_or_draft

    output = options.output or options.notes[0].with_suffix(".docx")
    if output.is_dir():
        raise OutputError("输出路径是一个文件夹，请给出文件名（如 对照检查材料.docx）", path=output)
    if output.suffix.lower() not in SUFFIXES:
        raise OutputError("输出文件须以 .docx 或 .md 结尾", path=output)
    draft_path = draft_path_for(output)

    from selfreview.notes import read_notes_files

    model = options.model
    opened = open_or_draft(
        DraftRun(
            notes=read_notes_files(options.notes),
            path=draft_path,
            voice=None
            if options.personal is None
            else Voice("personal" if options.personal else "collective"),
            org=options.org,
            title=options.title,
            outline=options.outline,
            year=options.year,
            meeting=options.meeting,
            given={
                "provider": model.provider,
                "model": model.model,
                "base_url": model.base_url,
                "redact": model.redact,
                "retries": model.retries,
                "jobs": model.jobs,
                "timeout": model.timeout,
                "layout": options.layout,
                **options.signing,
            },
            names=model.names,
            replay=model.replay,
            record=model.record,
            cache=model.cache,
            redraft=options.redraft,
            on_call=_progress,
            say=say,
            config=model.config,
        )
    )
    session = ReviewSession(opened.draft, draft_path, via="approve-all")
    if options.approve_all and session.pending():
        session.approve_all()  # also saves
    say(summary(session.draft))
    say(f"草稿文件：{draft_path}")
    if session.pending() and options.review and interactive():
        review_in_terminal(session, replay=model.replay)
    if session.pending():
        say(review_status(session.draft, draft_path))
        return
    _, report = build(
        session.draft,
        output,
        path=draft_path,
        force=options.force,
        allow_placeholders=options.allow_placeholders,
        allow_missing_aspects=options.allow_missing_aspects,
        ledger=options.ledger,
    )
    report_build(report)
    say(f"已生成：{output}")


def summary(draft: DraftFile) -> str:
    """One short paragraph on what was drafted, in Chinese."""
    material = draft.material
    if material is None:
        return "草稿未完成：起草失败，见草稿文件 model_log.failures。"

    # Items deleted in review are no longer part of the material: count only the live ones.
    def live(uid: str) -> bool:
        return uid not in draft.review or draft.status(uid) is not Status.REJECTED

    problems = [p for p in material.all_problems() if live(p.id)]
    causes = [c for c in material.causes if live(c.id)]
    measures = [m for m in material.measures if live(m.id)]
    deleted = sum(not live(uid) for uid in draft.review)
    placeholders = sum(1 for p in problems if PLACEHOLDER_EXAMPLE in p.example)
    lines = [
        f"读入意见 {len(draft.opinions)} 条；起草问题 {len(problems)} 个"
        f"（{len(material.problems)} 个方面）、原因 {len(causes)} 条、"
        f"措施 {len(measures)} 条"
        + (f"（审阅中已删除的 {deleted} 项不计）" if deleted else "")
        + "。"
    ]
    if placeholders:
        lines.append(f"其中 {placeholders} 个问题缺少具体事例，已写入“{PLACEHOLDER_EXAMPLE}”待补。")
    from selfreview.predicates import uncovered_facts

    gaps = uncovered_facts(problems, {o.id: o for o in draft.opinions})
    if gaps:
        listed = "；".join(f"{oid}：{'、'.join(facts)}" for oid, facts in list(gaps.items())[:5])
        lines.append(
            f"有 {len(gaps)} 条被引用意见的具体内容没有写进引用它的问题（{listed}），请核对。"
        )
    from selfreview.quotes import invented_quotes_of

    quotes = invented_quotes_of(problems, {o.id: o for o in draft.opinions})
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
    from selfreview.modellog import STAGES

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
    from selfreview.modellog import STAGES

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
