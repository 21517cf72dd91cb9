"""What the fault tests share: a chat against the fake server with fast retries, a small
request, and a responder that answers in turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from selfreview.modelclient import transport
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatMessage, ChatRequest
from selfreview.modelclient.openai_chat import OpenAICompatibleChat
from selfreview.modelclient.providers import resolve_provider

GOOD = '{"items": ["学习不够深入"]}'


class Items(BaseModel):
    items: list[str]


def chat_for(
    url: str, name: str = "deepseek", *, config: UserConfig | None = None, **options: Any
) -> OpenAICompatibleChat:
    provider = resolve_provider(name, config or UserConfig(), base_url=url)
    options.setdefault("timeout", 10)
    options.setdefault("backoff", 0.01)
    return OpenAICompatibleChat(provider, **options)


def request_for(chat: OpenAICompatibleChat, label: str = "problems:theory") -> ChatRequest:
    return ChatRequest(
        provider=chat.provider.name,
        model=chat.provider.model,
        messages=[
            ChatMessage(role="system", content="只输出 JSON"),
            ChatMessage(role="user", content="列出问题"),
        ],
        label=label,
    )


def in_turn(*answers: Any) -> Callable[[dict[str, Any]], Any]:
    """A responder giving ``answers`` in order, the last one for good."""
    queue = list(answers)

    def respond(body: dict[str, Any]) -> Any:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


def wait_for_request_workers(seconds: float = 3) -> None:
    """Fail unless every request worker thread ends within ``seconds``."""
    limit = time.monotonic() + seconds
    while any(t.name == "selfreview-request" for t in threading.enumerate()):
        assert time.monotonic() < limit, "a request worker outlived its deadline"
        time.sleep(0.05)


def record_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make every chat's retry loop note its waits here instead of sleeping them.

    The loop's own ``sleep`` parameter is the seam: the waits it computes (Retry-After,
    backoff with jitter) are asserted exactly, and the re-send follows at once.
    """
    waits: list[float] = []
    real = transport.with_retries

    def recording(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **kwargs, sleep=waits.append)

    monkeypatch.setattr(transport, "with_retries", recording)
    return waits
