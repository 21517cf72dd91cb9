"""How the LLM drafter schedules calls: three rounds on the critical path, calls within a
round side by side (at most ``jobs``), and long notes sorted in parallel batches."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from pathlib import Path

from recorded import NOTES, answers, record_module
from selfreview.drafting.base import DraftRequest
from selfreview.llm.drafter import LLMDrafter
from selfreview.modelclient.config import ProviderOverride, UserConfig
from selfreview.modelclient.exchange import ChatReply, ChatRequest
from selfreview.modelclient.providers import resolve_provider
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


class RoundAuthor:
    """Answers like the sample author, noting the order in which calls start and end.

    No clock and no sleep: each event takes the next number of a counter. ``together``
    maps label prefixes ("problems", or "causes|measures" for calls of either) to how many
    such calls should run side by side; such a call waits (at most ``patience`` seconds)
    until that many have started, so calls that may overlap do overlap on any machine, and a
    drafter that runs them one after another shows one call per round (after the wait).
    """

    def __init__(
        self, request: DraftRequest, together: dict[str, int] | None = None, patience: float = 10
    ) -> None:
        self.inner = record_module().AnswerAuthor(answers("sample-notes"), request)
        self.together = together or {}
        self.patience = patience
        self.spans: list[tuple[str, int, int]] = []
        self._events = itertools.count()
        self._started: Counter[str] = Counter()
        self._changed = threading.Condition()

    def complete(self, request: ChatRequest) -> ChatReply:
        prefix = request.label.split(":")[0]
        key = next((k for k in self.together if prefix in k.split("|")), None)
        with self._changed:
            start = next(self._events)
            if key is not None:
                self._started[key] += 1
                self._changed.notify_all()
                wanted = self.together[key]
                self._changed.wait_for(lambda: self._started[key] >= wanted, self.patience)
        reply: ChatReply = self.inner.complete(request)
        with self._changed:
            self.spans.append((request.label, start, next(self._events)))
        return reply


def _rounds(spans: list[tuple[str, int, int]]) -> list[list[str]]:
    """Group calls into rounds: a call starts a new round when it begins after every call
    of the current round has ended."""
    rounds: list[list[str]] = []
    round_end = -1
    for label, start, end in sorted(spans, key=lambda s: s[1]):
        if start >= round_end:
            rounds.append([])
        rounds[-1].append(label)
        round_end = max(round_end, end) if len(rounds[-1]) > 1 else end
    return [sorted(r) for r in rounds]


def test_three_rounds_on_the_critical_path() -> None:
    request = _request()
    author = RoundAuthor(request, {"problems": 5, "causes|measures": 3})
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(author, provider, jobs=8).draft(request)
    assert _rounds(author.spans) == [
        ["sort"],
        sorted(f"problems:{a}" for a in ("theory", "standard", "style", "masses", "discipline")),
        ["causes", "measures:1", "measures:2"],  # measures of five aspects in two halves
    ]


def test_jobs_one_runs_every_call_alone() -> None:
    request = _request()
    author = RoundAuthor(request)
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(author, provider, jobs=1).draft(request)
    assert all(len(r) == 1 for r in _rounds(author.spans))
    assert len(author.spans) == 9


def test_jobs_one_never_waits_for_a_second_call_in_flight() -> None:
    request = _request()
    author = RoundAuthor(request, {"problems": 2}, patience=0.2)
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(author, provider, jobs=1).draft(request)
    # Asked for two problems calls side by side, jobs=1 still gives one per round: the
    # author's wait is what makes the parallel rounds above, not a quirk of counting.
    assert [len(r) for r in _rounds(author.spans)] == [1] * 9


def test_notes_beyond_the_context_are_sorted_in_parallel_batches(tmp_path: Path) -> None:
    request = _request()
    config = UserConfig(providers={"deepseek": ProviderOverride(context_tokens=2000)})
    provider = resolve_provider("deepseek", config)
    # Two batches at least must run side by side (any further one joins them at once).
    author = RoundAuthor(request, {"sort": 2, "problems": 5, "causes|measures": 3})
    result = LLMDrafter(author, provider, jobs=8).draft(request)
    rounds = _rounds(author.spans)
    assert len(rounds) == 3
    assert len(rounds[0]) >= 2 and all(label.startswith("sort:") for label in rounds[0])
    assert len(result.material.all_problems()) == 19  # the same result as one sort call
