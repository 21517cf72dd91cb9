"""The record of a model-backed draft: every exchange, per-stage totals, failures.

Kept in the draft file, so that a person can see which model wrote what, what it cost,
and the raw reply of a call that failed validation.
"""

from __future__ import annotations

from pydantic import Field

from selfreview.schema import StrictModel

STAGES = {"sort": "分类", "problems": "问题", "causes": "原因", "measures": "措施"}
"""Stage ids (the part of a call label before the colon) and their Chinese names."""


class CallRecord(StrictModel):
    """One exchange with a model, for the draft file's log and the summary."""

    label: str
    key: str
    attempt: int
    cached: bool
    input_tokens: int
    output_tokens: int
    estimated: bool = False
    seconds: float
    ok: bool
    finish_reason: str | None = None


class CallFailure(StrictModel):
    """A call that gave no valid answer: kept in the draft file for inspection."""

    label: str
    message: str
    last_raw: str | None = None


class StageStats(StrictModel):
    """Calls, cache hits and tokens of one stage."""

    calls: int = 0
    cached: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class ModelLog(StrictModel):
    """Which model drafted, every exchange, and what failed."""

    provider: str
    model: str
    base_url: str
    calls: list[CallRecord] = Field(default_factory=list)
    failures: list[CallFailure] = Field(default_factory=list)
    stages: dict[str, StageStats] = Field(default_factory=dict)
    """Per-stage totals, filled in when drafting ends (see :meth:`stats`)."""

    def stats(self) -> dict[str, StageStats]:
        """Per stage (the label up to its first colon), in stage order."""
        out: dict[str, StageStats] = {}
        for record in self.calls:
            stage = out.setdefault(record.label.split(":")[0], StageStats())
            stage.calls += 1
            stage.cached += record.cached
            stage.input_tokens += record.input_tokens
            stage.output_tokens += record.output_tokens
        order = list(STAGES)
        return dict(
            sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        )
