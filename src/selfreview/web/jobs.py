"""Drafting started from the page: runs in a thread, its progress kept for the page to poll.

The drafting itself is :func:`selfreview.workflow.opening.open_or_draft`, the call
``draft NOTES`` makes; its messages and every model call land in :class:`DraftJob`.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from selfreview.errors import SelfReviewError

if TYPE_CHECKING:
    from selfreview.modellog import CallRecord
    from selfreview.web.app import Workspace


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

    @property
    def seconds(self) -> int:
        """Whole seconds since the drafting started."""
        return int(time.monotonic() - self.started)

    def on_call(self, record: CallRecord) -> None:
        """One model call finished: one line per stage and aspect, like ``draft NOTES``."""
        from selfreview.modellog import STAGES

        stage, _, part = record.label.partition(":")
        name = STAGES.get(stage, stage) + (f"·{part}" if part else "")
        state = "完成" if record.ok else "回答未通过校验"
        source = "（缓存）" if record.cached else f"（{record.seconds:.1f} 秒）"
        self.calls.append(f"[{name}] 第 {record.attempt} 次：{state}{source}")


def start_draft(workspace: Workspace, request: DraftRequest) -> DraftJob:
    """Start drafting ``request`` in a thread; the job to poll. The workflow saves under
    the draft file's own lock, so reviews of other drafts go on meanwhile."""
    job = DraftJob(secrets.token_urlsafe(8), request.path.name)
    workspace.jobs[job.id] = job

    def work() -> None:
        from selfreview.notes import read_notes_files
        from selfreview.schema import Voice
        from selfreview.workflow.opening import DraftRun, open_or_draft

        try:
            open_or_draft(
                DraftRun(
                    notes=read_notes_files(request.notes),
                    path=request.path,
                    voice=Voice(request.kind)
                    if request.kind in ("collective", "personal")
                    else None,
                    org=request.org,
                    outline=request.outline or None,
                    given={"provider": request.provider},
                    redraft=request.redraft,
                    redraft_hint="“重新起草”",
                    on_call=job.on_call,
                    say=job.messages.append,
                )
            )
        except SelfReviewError as err:
            job.error = str(err)
        except Exception as err:  # shown on the page rather than lost in a thread
            job.error = f"起草出错：{type(err).__name__}：{err}"
        finally:
            job.done = True

    threading.Thread(target=work, name=f"draft-{job.id}", daemon=True).start()
    return job
