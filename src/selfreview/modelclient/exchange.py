"""The one narrow interface to a chat model, and the records of what was asked and answered.

Every implementation (the OpenAI-compatible client, the cache, replay, the fakes in tests)
is a :class:`ChatModel`: one request in, one reply out.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal, Protocol

from pydantic import Field

from selfreview.schema import StrictModel


class ChatMessage(StrictModel):
    """One chat message."""

    role: Literal["system", "user", "assistant"]
    content: str


class ChatRequest(StrictModel):
    """What is sent to the model: everything that decides the answer, and nothing secret."""

    provider: str
    model: str
    messages: list[ChatMessage]
    params: dict[str, Any] = Field(default_factory=dict)
    """Request fields besides model and messages: temperature, response_format or tools
    and tool_choice, and the provider's extra body fields."""
    label: str = Field(default="call", exclude=True)
    """Which stage and aspect asked (for file names, progress and errors); not hashed."""

    def key(self) -> str:
        """The cache key: a hash of provider, model, messages and parameters (never the key)."""
        payload = self.model_dump(mode="json")
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Usage(StrictModel):
    """Tokens of one exchange, as the provider reported them (or estimated, if it did not)."""

    input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False


class ChatReply(StrictModel):
    """The model's answer: the text to parse (reasoning text never goes here)."""

    content: str
    finish_reason: str | None = None
    refusal: str | None = None
    """The provider's explicit refusal (OpenAI's ``message.refusal``), if it sent one."""
    usage: Usage = Field(default_factory=Usage)
    cached: bool = Field(default=False, exclude=True)
    """True when the reply came from the cache or a replay folder rather than the model."""


class ChatModel(Protocol):
    """Answers one chat request."""

    def complete(self, request: ChatRequest) -> ChatReply:
        """Send ``request`` and return the reply (may raise a SelfReviewError)."""
        ...


def estimate_tokens(text: str) -> int:
    """A rough token count for when a provider reports none: about 1.5 CJK chars a token."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return max(1, round(cjk / 1.5 + (len(text) - cjk) / 4))
