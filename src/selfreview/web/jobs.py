"""Drafting started from the page: a child process the page can stop, its progress kept
for the page to poll.

The drafting itself is :func:`selfreview.workflow.opening.open_or_draft`, the call
``draft NOTES`` makes; its messages and every model call come back over a queue and land
in :class:`DraftJob`. It runs in a process of its own (not a thread) so that 取消 stops it
at once, even in the middle of a model call: the page interrupts it as Ctrl-C interrupts
``draft NOTES``, so a cancelled drafting writes no draft file (an existing one is left as
it was) and the model calls already answered stay in the cache, so drafting again does not
pay for them twice.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import secrets
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from selfreview.modellog import CallRecord
    from selfreview.web.app import Workspace

GRACE_SECONDS = 5.0
"""How long a cancelled drafting may take to stop after the interrupt before it is killed
(a model call in flight is waited for that long)."""


@dataclass
class DraftRequest:
    """What the drafting form asked for."""

    notes: list[Path]
    path: Path
    kind: str = ""
    org: str = ""
    outline: str = ""
    provider: str = "auto"
    redraft: bool = False


@dataclass
class DraftJob:
    """One drafting: its messages, its model calls as they finish, and how it ended."""

    id: str
    draft: str
    started: float = field(default_factory=time.monotonic)
    messages: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    done: bool = False
    error: str = ""
    cancelled: bool = False
    """Stopped on the page's 取消 before it finished: nothing was written."""
    process: BaseProcess | None = field(default=None, repr=False)
    before: tuple[int, int] | None = None
    """The draft file's (size, mtime) when the drafting started (``None``: none there)."""

    @property
    def seconds(self) -> int:
        """Whole seconds since the drafting started."""
        return int(time.monotonic() - self.started)

    def cancel(self) -> None:
        """Stop the drafting as Ctrl-C stops ``draft NOTES``; killed if it does not stop
        within :data:`GRACE_SECONDS`. Returns once the process has ended."""
        process = self.process
        if self.done or process is None:
            return
        self.cancelled = True
        if process.pid is not None and process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGINT)
            process.join(GRACE_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(GRACE_SECONDS)


def call_line(record: CallRecord) -> str:
    """One model call finished: one line per stage and aspect, like ``draft NOTES``."""
    from selfreview.modellog import STAGES

    stage, _, part = record.label.partition(":")
    name = STAGES.get(stage, stage) + (f"·{part}" if part else "")
    state = "完成" if record.ok else "回答未通过校验"
    source = "（缓存）" if record.cached else f"（{record.seconds:.1f} 秒）"
    return f"[{name}] 第 {record.attempt} 次：{state}{source}"


def start_draft(workspace: Workspace, request: DraftRequest) -> DraftJob:
    """Start drafting ``request`` in a child process; the job to poll. The workflow saves
    under the draft file's own lock, so reviews of other drafts go on meanwhile."""
    context = multiprocessing.get_context("spawn")  # never fork a threaded server
    events: Any = context.Queue()
    job = DraftJob(secrets.token_urlsafe(8), request.path.name, before=_signature(request.path))
    job.process = context.Process(
        target=_draft_in_child, args=(request, events), name=f"draft-{job.id}", daemon=True
    )
    workspace.jobs[job.id] = job
    job.process.start()
    threading.Thread(
        target=_follow, args=(job, events, request.path), name=f"follow-{job.id}", daemon=True
    ).start()
    return job


def _follow(job: DraftJob, events: Any, path: Path) -> None:
    """Move the child's events into ``job`` until it ends (or is cancelled)."""
    process = job.process
    assert process is not None
    ended = False
    error = ""
    while not ended:
        try:
            kind, text = events.get(timeout=0.2)
        except queue.Empty:
            if process.is_alive():
                continue
            try:  # it ended: what it sent last may still be in the pipe
                kind, text = events.get(timeout=1.0)
            except queue.Empty:
                kind, text = "gone", ""
        if kind == "say":
            job.messages.append(text)
        elif kind == "call":
            job.calls.append(text)
        else:
            ended = True
            if kind == "error":
                error = text
            elif kind == "gone" and not job.cancelled:
                error = f"起草进程意外结束（退出码 {process.exitcode}），没有写入草稿文件"
    process.join(GRACE_SECONDS * 2)
    if kind == "done" or (job.cancelled and _signature(path) != job.before):
        job.cancelled = False  # it had finished and saved when 取消 came
        error = ""
    elif job.cancelled:
        error = ""
        _remove_temp_files(path)
    job.error = error
    job.done = True


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _remove_temp_files(path: Path) -> None:
    """The temp file of an atomic write the kill interrupted (``.<name>.*.tmp``)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


def _draft_in_child(request: DraftRequest, events: Any) -> None:
    """In the child process: draft as ``draft NOTES`` does; report over ``events``."""
    from selfreview.errors import SelfReviewError
    from selfreview.notes import read_notes_files
    from selfreview.schema import Voice
    from selfreview.workflow.opening import DraftRun, open_or_draft

    try:
        open_or_draft(
            DraftRun(
                notes=read_notes_files(request.notes),
                path=request.path,
                voice=Voice(request.kind) if request.kind in ("collective", "personal") else None,
                org=request.org,
                outline=request.outline or None,
                given={"provider": request.provider},
                redraft=request.redraft,
                redraft_hint="“重新起草”",
                on_call=lambda record: events.put(("call", call_line(record))),
                say=lambda line: events.put(("say", line)),
            )
        )
    except KeyboardInterrupt:  # 取消 on the page
        events.put(("cancelled", ""))
    except SelfReviewError as err:
        events.put(("error", str(err)))
    except Exception as err:  # shown on the page rather than lost in a process
        events.put(("error", f"起草出错：{type(err).__name__}：{err}"))
    else:
        events.put(("done", ""))
    events.close()
    events.join_thread()
