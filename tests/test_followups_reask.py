"""``ask_structured`` with a chat that rejects an answer itself (as the redacting chat does
for a placeholder it never issued): re-asked when marked re-askable, else passed on."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from selfreview.errors import StructuredOutputError
from selfreview.llm.structured import ask_structured
from selfreview.modelclient.exchange import ChatMessage, ChatReply, ChatRequest
from selfreview.modellog import CallRecord


class Items(BaseModel):
    items: list[str]


class Rejected(StructuredOutputError):
    reaskable = True


class Chat:
    """Rejects the first ``bad`` answers with ``error``, then answers properly."""

    def __init__(self, bad: int, error: type[StructuredOutputError]) -> None:
        self.bad = bad
        self.error = error
        self.requests: list[ChatRequest] = []
        self.forgotten: list[ChatRequest] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.requests.append(request)
        if len(self.requests) <= self.bad:
            raw = '{"items": ["〔人名9〕反映会议多"]}'
            raise self.error(request.label, ["回答中有从未发出的占位符 〔人名9〕"], raw, 1)
        return ChatReply(content='{"items": ["〔人名1〕反映会议多"]}')

    def forget(self, request: ChatRequest) -> None:
        self.forgotten.append(request)


def _request() -> ChatRequest:
    messages = [
        ChatMessage(role="system", content="只输出 JSON"),
        ChatMessage(role="user", content="列出"),
    ]
    return ChatRequest(provider="x", model="m", messages=messages, label="problems:style")


def test_a_reaskable_rejection_is_asked_again_with_its_error() -> None:
    chat = Chat(bad=1, error=Rejected)
    log: list[CallRecord] = []
    result = ask_structured(chat, _request(), Items, retries=1, log=log.append)
    assert result.items == ["〔人名1〕反映会议多"]
    again = chat.requests[1].messages
    assert [m.role for m in again] == ["system", "user", "assistant", "user"]
    assert again[2].content == '{"items": ["〔人名9〕反映会议多"]}'
    assert "从未发出的占位符 〔人名9〕" in again[3].content
    assert [(r.attempt, r.ok) for r in log] == [(1, False), (2, True)]
    assert chat.forgotten == []


def test_a_reaskable_rejection_with_no_asks_left_fails_that_call() -> None:
    chat = Chat(bad=9, error=Rejected)
    with pytest.raises(StructuredOutputError) as caught:
        ask_structured(chat, _request(), Items, retries=2)
    assert len(chat.requests) == 3 and caught.value.attempts == 3
    assert caught.value.last_raw == '{"items": ["〔人名9〕反映会议多"]}'
    assert "〔人名9〕" in str(caught.value) and "problems:style" in str(caught.value)
    assert chat.forgotten == chat.requests  # the failed chain is not replayed next time


def test_a_rejection_not_marked_reaskable_is_passed_on_at_once() -> None:
    chat = Chat(bad=9, error=StructuredOutputError)
    with pytest.raises(StructuredOutputError) as caught:
        ask_structured(chat, _request(), Items, retries=2)
    assert type(caught.value) is StructuredOutputError and len(chat.requests) == 1
