"""Drafting started from the page: a child process the page can stop, its progress kept
for the page to poll.

The drafting itself is :func:`selfreview.workflow.opening.open_or_draft`, the call
``draft NOTES`` makes, run by ``python -m selfreview.web.jobs`` in a process of its own;
its messages and every model call come back as JSON lines on the child's stdout and land
in :class:`DraftJob`. A process (not a thread) so that 取消 stops it at once, even in the
middle of a model call: the page interrupts it as Ctrl-C interrupts ``draft NOTES``, so a
cancelled drafting writes no draft file (an existing one is left as it was) and the model
calls already answered stay in the cache, so drafting again does not pay for them twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from selfreview.modellog import CallRecord
    from selfreview.notes import NotesDocument
    from selfreview.web.app import Workspace

GRACE_SECONDS = 2.0
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

    def to_json(self) -> str:
        """The request as one JSON line (for the child process)."""
        data = asdict(self)
        data.update(notes=[str(p) for p in self.notes], path=str(self.path))
        return json.dumps(data)  # ASCII: the child may read stdin in another encoding

    @classmethod
    def from_json(cls, line: str) -> DraftRequest:
        """The request the parent sent."""
        data = json.loads(line)
        data.update(notes=[Path(p) for p in data["notes"]], path=Path(data["path"]))
        return cls(**data)


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
    process: subprocess.Popen[str] | None = field(default=None, repr=False)
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
        if self.done or process is None or process.poll() is not None:
            return
        self.cancelled = True
        with contextlib.suppress(ProcessLookupError):
            if os.name == "nt":  # no Ctrl-C for one process there: stop it outright
                process.terminate()
            else:
                process.send_signal(signal.SIGINT)
        try:
            process.wait(GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(GRACE_SECONDS)


def call_line(record: CallRecord, aspects: dict[str, str] | None = None) -> str:
    """One model call finished: one line per stage and aspect, like ``draft NOTES``, with
    the aspect's name (``aspects``: id → name) where the CLI shows its id."""
    from selfreview.modellog import STAGES

    stage, _, part = record.label.partition(":")
    part = (aspects or {}).get(part, part)
    name = STAGES.get(stage, stage) + (f"·{part}" if part else "")
    state = "完成" if record.ok else "回答未通过校验"
    source = "（缓存）" if record.cached else f"（{record.seconds:.1f} 秒）"
    return f"[{name}] 第 {record.attempt} 次：{state}{source}"


def start_draft(workspace: Workspace, request: DraftRequest) -> DraftJob:
    """Start drafting ``request`` in a child process; the job to poll. The workflow saves
    under the draft file's own lock, so reviews of other drafts go on meanwhile."""
    job = DraftJob(secrets.token_urlsafe(8), request.path.name, before=_signature(request.path))
    job.process = subprocess.Popen(
        [sys.executable, "-m", "selfreview.web.jobs"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=request.path.parent,
    )
    assert job.process.stdin is not None
    job.process.stdin.write(request.to_json() + "\n")
    job.process.stdin.close()
    workspace.jobs[job.id] = job
    threading.Thread(
        target=_follow, args=(job, request.path), name=f"follow-{job.id}", daemon=True
    ).start()
    return job


def _follow(job: DraftJob, path: Path) -> None:
    """Move the child's events into ``job`` until it ends (or is cancelled)."""
    process = job.process
    assert process is not None and process.stdout is not None
    kind, error = "gone", ""
    for line in process.stdout:
        try:
            kind, text = json.loads(line)
        except ValueError:
            continue  # not one of ours
        if kind == "say":
            job.messages.append(text)
        elif kind == "call":
            job.calls.append(text)
        elif kind == "error":
            error = text
    process.wait()
    if kind == "gone" and not job.cancelled:
        error = f"起草进程意外结束（退出码 {process.returncode}），没有写入草稿文件"
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


def draft_in_child(request: DraftRequest, out: IO[str]) -> None:
    """In the child process: draft as ``draft NOTES`` does; report JSON lines to ``out``
    (``[kind, text]``: say, call, then done, error or cancelled)."""
    from selfreview.errors import SelfReviewError
    from selfreview.notes import read_notes_files
    from selfreview.schema import Voice
    from selfreview.workflow.opening import DraftRun, open_or_draft

    def send(kind: str, text: str = "") -> None:
        out.write(json.dumps([kind, text]) + "\n")  # ASCII, whatever the encoding
        out.flush()

    try:
        notes = read_notes_files(request.notes)
        aspects = _aspect_names(notes, request)
        open_or_draft(
            DraftRun(
                notes=notes,
                path=request.path,
                voice=Voice(request.kind) if request.kind in ("collective", "personal") else None,
                org=request.org,
                outline=request.outline or None,
                given={"provider": request.provider},
                redraft=request.redraft,
                redraft_hint="“重新起草”",
                on_call=lambda record: send("call", call_line(record, aspects)),
                say=lambda line: send("say", line),
            )
        )
    except KeyboardInterrupt:  # 取消 on the page
        send("cancelled")
    except SelfReviewError as err:
        send("error", str(err))
    except Exception as err:  # shown on the page rather than lost in a process
        send("error", f"起草出错：{type(err).__name__}：{err}")
    else:
        send("done")


def _aspect_names(notes: NotesDocument, request: DraftRequest) -> dict[str, str]:
    """Aspect id → name in the outline this drafting will use (as the workflow picks it:
    the existing draft's, unless one is chosen or it is drafted again); empty if unsure."""
    from selfreview.draftfile import load_draft
    from selfreview.errors import SelfReviewError
    from selfreview.meeting import outline_for_run

    try:
        existing = load_draft(request.path) if request.path.is_file() else None
        kept = None
        if existing is not None and existing.material is not None and not request.redraft:
            kept = existing.settings.outline
        outline, _ = outline_for_run(notes, kept, outline=request.outline or None)
    except SelfReviewError:
        return {}  # the drafting itself will say what is wrong
    return {aspect.id: aspect.name for aspect in outline.aspects}


def _main() -> None:
    """``python -m selfreview.web.jobs``: one drafting, the request on stdin."""
    out = sys.stdout
    sys.stdout = sys.stderr  # anything else printed must not mix with the events
    draft_in_child(DraftRequest.from_json(sys.stdin.readline()), out)


if __name__ == "__main__":
    _main()
