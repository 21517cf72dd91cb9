"""How the LLM drafter schedules calls: three rounds on the critical path, calls within a
round side by side (at most ``jobs``), and long notes sorted in parallel batches."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from recorded import NOTES, answers, record_module
from selfreview.drafting.base import DraftRequest
from selfreview.llm.config import ProviderOverride, UserConfig
from selfreview.llm.drafter import LLMDrafter
from selfreview.llm.exchange import ChatReply, ChatRequest
from selfreview.llm.providers import resolve_provider
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.schema import Voice


def _request() -> DraftRequest:
    return DraftRequest(
        opinions=read_notes(NOTES / "sample-notes.txt").opinions,
        outline=load_outline("2021-five"),
        voice=Voice.COLLECTIVE,
        org="某市政府党组",
    )


class TimedAuthor:
    """Answers like the sample author after a pause, noting when each call ran."""

    def __init__(self, request: DraftRequest, pause: float = 0.05) -> None:
        self.inner = record_module().AnswerAuthor(answers("sample-notes"), request)
        self.pause = pause
        self.spans: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()

    def complete(self, request: ChatRequest) -> ChatReply:
        start = time.perf_counter()
        time.sleep(self.pause)
        reply: ChatReply = self.inner.complete(request)
        with self._lock:
            self.spans.append((request.label, start, time.perf_counter()))
        return reply


def _rounds(spans: list[tuple[str, float, float]]) -> list[list[str]]:
    """Group calls into rounds: a call starts a new round when it begins after every call
    of the current round has ended."""
    rounds: list[list[str]] = []
    round_end = float("-inf")
    for label, start, end in sorted(spans, key=lambda s: s[1]):
        if start >= round_end:
            rounds.append([])
        rounds[-1].append(label)
        round_end = max(round_end, end) if len(rounds[-1]) > 1 else end
    return [sorted(r) for r in rounds]


def test_three_rounds_on_the_critical_path() -> None:
    request = _request()
    author = TimedAuthor(request)
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(author, provider, jobs=8).draft(request)
    assert _rounds(author.spans) == [
        ["sort"],
        sorted(f"problems:{a}" for a in ("theory", "standard", "style", "masses", "discipline")),
        ["causes", "measures:1", "measures:2"],  # measures of five aspects in two halves
    ]


def test_jobs_one_runs_every_call_alone() -> None:
    request = _request()
    author = TimedAuthor(request, pause=0.01)
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(author, provider, jobs=1).draft(request)
    assert all(len(r) == 1 for r in _rounds(author.spans))
    assert len(author.spans) == 9


def test_notes_beyond_the_context_are_sorted_in_parallel_batches(tmp_path: Path) -> None:
    request = _request()
    author = TimedAuthor(request)
    config = UserConfig(providers={"deepseek": ProviderOverride(context_tokens=2000)})
    provider = resolve_provider("deepseek", config)
    result = LLMDrafter(author, provider, jobs=8).draft(request)
    rounds = _rounds(author.spans)
    assert len(rounds) == 3
    assert len(rounds[0]) >= 2 and all(label.startswith("sort:") for label in rounds[0])
    assert len(result.material.all_problems()) == 19  # the same result as one sort call
