"""What ``draft review`` does, and the review step that ``draft NOTES`` continues into."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.atomic import write_text_atomic
from selfreview.draftfile import DraftFile, load_draft
from selfreview.errors import OutputError, SelfReviewError
from selfreview.pipeline import ModelOptions
from selfreview.review.gate import overview_text, pending_units, unanswered_problems
from selfreview.review.session import ReviewSession
from selfreview.runoptions import AUTO
from selfreview.workflow.revising import DraftReviser, with_given

if TYPE_CHECKING:
    from selfreview.review.build import BuildReport


@dataclass
class ReviewOptions:
    """The parsed command line of ``draft review``."""

    draft_file: Path
    export: Path | None = None
    apply: Path | None = None
    approve_all: bool = False
    by: str | None = None
    force: bool = False
    model: ModelOptions = field(default_factory=lambda: ModelOptions(provider=AUTO))
    """Options given again (``auto``/``None``: the draft's own)."""


def run_review(options: ReviewOptions) -> None:
    """Export or apply a review sheet, approve everything, or review in the terminal."""
    from selfreview.cli.draft_flow import say

    path = options.draft_file
    draft = load_draft(path)
    if options.export is not None:
        from selfreview.review.sheet import export_sheet

        if options.export.exists() and not options.force:
            raise OutputError("审阅单已存在；如要覆盖请加 --force", path=options.export)
        # The sheet holds the notes in full: readable by its owner only, like the draft file.
        write_text_atomic(options.export, export_sheet(draft), mode=0o600)
        say(f"已导出审阅单：{options.export}")
        say(f"修改后运行：draft review {path} --apply {options.export}")
        return
    model = options.model
    stored = draft
    draft = with_given(
        draft,
        {
            "provider": model.provider,
            "model": model.model,
            "base_url": model.base_url,
            "redact": model.redact,
        },
        replay=model.replay,
        config=model.config,
    )
    reviser = DraftReviser(draft, replay=model.replay, config=model.config)
    session = ReviewSession(stored, path, by=options.by, via="sheet", reviser=reviser)
    if draft is not stored:
        session.draft = draft  # a change of the session's own, merged like any other
        session.save()  # the options given again are recorded for later actions
    if options.apply is not None:
        from selfreview.notes.reading import read_file_bytes
        from selfreview.review.sheet import apply_sheet

        sheet = options.apply
        try:  # missing, a folder, unreadable, too large, empty: the notes reader's errors
            text = read_file_bytes(sheet).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SelfReviewError(
                "审阅单须为 UTF-8 编码，请另存为 UTF-8 后再读回", path=sheet
            ) from None
        result = apply_sheet(session, text, sheet)
        for notice in session.notices:
            say(notice)
        if result.recorded:
            say(f"已读回审阅单：{result}")
        else:
            say("审阅单与草稿一致，没有需要记录的改动。")
    elif options.approve_all:
        session.via = "approve-all"
        count = session.approve_all()
        say(f"已批量确认 {count} 项（记录为 {session.by} 本人确认）。")
    else:
        session.via = "terminal"
        review_in_terminal(session)
    say(review_status(session.draft, path))


def review_in_terminal(session: ReviewSession, *, replay: Path | None = None) -> None:
    """Run the terminal review; it needs a terminal on both ends. Regeneration uses the
    draft's own model chain (see :class:`~selfreview.workflow.revising.DraftReviser`)."""
    if not interactive():
        raise SelfReviewError(
            "逐条审阅需要在终端中运行；也可用 --export 导出审阅单，或 --approve-all 全部确认",
            path=session.path,
        )
    from selfreview.review.console import TerminalConsole
    from selfreview.review.terminal import run_terminal_review

    session.via = "terminal"
    if session.reviser is None:
        session.reviser = DraftReviser(session.draft, replay=replay)
    try:
        run_terminal_review(session, TerminalConsole())
    except KeyboardInterrupt:
        # Every decision is saved the moment it is made: say so, and how to go on.
        import typer

        from selfreview.cli.draft_flow import say

        say(f"\n已保存；继续：draft review {session.path}")
        raise typer.Exit(130) from None


def interactive() -> bool:
    """True when both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def review_status(draft: DraftFile, path: Path) -> str:
    """The overview and the next step, in Chinese."""
    lines = [overview_text(draft)]
    unanswered = unanswered_problems(draft)
    if unanswered:
        lines.append(f"没有已确认措施回应的问题：{'、'.join(unanswered)}")
    pending = pending_units(draft)
    if pending:
        lines.append(
            f"还有 {len(pending)} 项待定。继续审阅：draft review {path}"
            f"（或 --export 审阅单.md / --approve-all）"
        )
    else:
        lines.append(f"全部已确认。生成文档：draft build {path}")
    return "\n".join(lines)


def report_build(report: BuildReport) -> None:
    """Tell the person what the build left for them."""
    from selfreview.cli.draft_flow import say

    if report.unanswered:
        say(f"注意：这些问题没有已确认的措施回应：{'、'.join(report.unanswered)}")
    if report.missing_aspects:
        missing = "、".join(report.missing_aspects)
        say(f"注意：已按 --allow-missing-aspects 生成，缺少方面：{missing}")
    if report.discussion_draft:
        say(f"文档标注为“讨论稿”：还有 {len(report.placeholders)} 处待补内容，已加底纹。")
    if report.signature_note:
        say(report.signature_note)
