"""Structured output: tolerant parsing, the per-provider request fields, and the re-ask loop.

The fake model answers from a queue (like simonw/llm's queued mock model) and keeps every
request it was sent, so the tests can look at what the re-ask actually said.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from pydantic import BaseModel, Field

from selfreview.errors import StructuredOutputError
from selfreview.llm.structured import ask_structured, output_params, parse_json_reply
from selfreview.modelclient.exchange import ChatMessage, ChatReply, ChatRequest, Usage
from selfreview.modelclient.providers import OutputMode
from selfreview.modellog import CallRecord


class Answer(BaseModel):
    title: str
    score: int = Field(ge=0)


class QueuedChat:
    """A ChatModel that returns the queued replies in order and records each request."""

    def __init__(self, replies: Sequence[str | ChatReply]) -> None:
        self.queue = [r if isinstance(r, ChatReply) else ChatReply(content=r) for r in replies]
        self.requests: list[ChatRequest] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.requests.append(request)
        if not self.queue:
            raise AssertionError("the model was asked more often than the test expected")
        return self.queue.pop(0)


def make_request() -> ChatRequest:
    return ChatRequest(
        provider="deepseek",
        model="deepseek-chat",
        messages=[
            ChatMessage(role="system", content="只输出 JSON"),
            ChatMessage(role="user", content="给出 title 和 score"),
        ],
        params={"temperature": 0.2},
        label="problems:theory",
    )


GOOD = '{"title": "学习不够", "score": 3}'


# -- parse_json_reply --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"title": "甲", "score": 1}', {"title": "甲", "score": 1}),
        ("  \n[1, 2, 3]\n", [1, 2, 3]),
        ('```json\n{"title": "甲", "score": 1}\n```', {"title": "甲", "score": 1}),
        ('```JSON\n{"title": "甲", "score": 1}\n```', {"title": "甲", "score": 1}),
        ('```\n{"title": "甲", "score": 1}\n```', {"title": "甲", "score": 1}),
        (
            '好的，结果如下：\n{"title": "甲", "score": 1}\n以上供参考。',
            {"title": "甲", "score": 1},
        ),
        (
            '以下是输出：\n```json\n{"title": "甲", "score": 1}\n```\n如需调整请告诉我 {例如}。',
            {"title": "甲", "score": 1},
        ),
        ('{"a": {"b": [1, {"c": "}"}]}} 尾巴', {"a": {"b": [1, {"c": "}"}]}}),
    ],
    ids=[
        "plain",
        "array",
        "json-fence",
        "JSON-fence",
        "bare-fence",
        "text-around",
        "fence-with-text-around",
        "nested-with-brace-in-string",
    ],
)
def test_parse_json_reply_tolerates_fences_and_text(reply: str, expected: object) -> None:
    assert parse_json_reply(reply) == expected


def test_reasoning_block_before_the_answer_is_not_the_answer() -> None:
    reply = '<think>先列个草稿：{"title": "草稿", "score": 0}，再想想。</think>\n{"title": "定稿", "score": 9}'
    assert parse_json_reply(reply) == {"title": "定稿", "score": 9}


def test_reasoning_block_with_fenced_json_inside_is_skipped() -> None:
    reply = '<think>\n```json\n{"title": "草稿", "score": 0}\n```\n</think>\n```json\n{"title": "定稿", "score": 9}\n```'
    assert parse_json_reply(reply) == {"title": "定稿", "score": 9}


def test_unclosed_reasoning_preface_ending_in_close_tag_is_skipped() -> None:
    # Some servers strip the opening <think> and leave only the closing tag.
    reply = '用户要我输出 {"title": "草稿", "score": 0} 这样的结构。\n</think>\n\n{"title": "定稿", "score": 9}'
    assert parse_json_reply(reply) == {"title": "定稿", "score": 9}


def test_reasoning_without_an_answer_is_no_answer() -> None:
    with pytest.raises(ValueError, match="JSON"):
        parse_json_reply('<think>{"title": "草稿", "score": 0}</think>\n抱歉，我无法完成。')


def test_two_reasoning_blocks_are_both_skipped() -> None:
    reply = (
        '<think>一</think><think>{"title": "草稿", "score": 0}</think>{"title": "定稿", "score": 9}'
    )
    assert parse_json_reply(reply) == {"title": "定稿", "score": 9}


def test_whole_json_reply_mentioning_think_tag_is_kept() -> None:
    # An answer quoting a note that happens to contain "</think>" is still the answer.
    reply = '{"title": "意见原文含有</think>字样", "score": 2}'
    assert parse_json_reply(reply) == {"title": "意见原文含有</think>字样", "score": 2}


def test_bracketed_citation_before_the_answer_is_not_the_answer() -> None:
    reply = '根据意见[1]和[3]，归纳如下：{"title": "甲", "score": 1}'
    assert parse_json_reply(reply) == {"title": "甲", "score": 1}


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "   ",
        "抱歉，我不能回答这个问题。",
        "{没有引号: 1}",
        '{"title": "截断',
        '"只是字符串"',
        "42",
    ],
)
def test_no_json_is_a_value_error(reply: str) -> None:
    with pytest.raises(ValueError, match="没有可解析的 JSON"):
        parse_json_reply(reply)


# -- output_params -----------------------------------------------------------------------


def test_json_schema_mode_carries_the_pydantic_schema() -> None:
    params = output_params(OutputMode.JSON_SCHEMA, Answer, "Answer")
    assert set(params) == {"response_format"}
    fmt = params["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Answer"
    schema = fmt["json_schema"]["schema"]
    assert schema == Answer.model_json_schema()
    assert set(schema["properties"]) == {"title", "score"}
    assert set(schema["required"]) == {"title", "score"}
    json.dumps(params)  # the request must be serialisable as is


def test_json_object_mode_has_no_schema() -> None:
    params = output_params(OutputMode.JSON_OBJECT, Answer, "Answer")
    assert params == {"response_format": {"type": "json_object"}}


def test_tools_mode_forces_the_named_function() -> None:
    params = output_params(OutputMode.TOOLS, Answer, "SubmitAnswer")
    assert "response_format" not in params
    (tool,) = params["tools"]
    assert tool["type"] == "function"
    assert tool["function"]["name"] == "SubmitAnswer"
    assert tool["function"]["parameters"] == Answer.model_json_schema()
    assert params["tool_choice"] == {"type": "function", "function": {"name": "SubmitAnswer"}}


# -- ask_structured ----------------------------------------------------------------------


def test_valid_first_answer_is_one_call() -> None:
    chat = QueuedChat([GOOD])
    result = ask_structured(chat, make_request(), Answer)
    assert result == Answer(title="学习不够", score=3)
    assert len(chat.requests) == 1
    assert chat.requests[0].messages == make_request().messages


def test_invalid_json_then_valid_is_two_calls_and_the_reask_shows_the_errors() -> None:
    bad = "好的，我来整理一下：标题是学习不够"
    chat = QueuedChat([bad, GOOD])
    result = ask_structured(chat, make_request(), Answer)
    assert result.title == "学习不够"
    assert len(chat.requests) == 2
    first, second = chat.requests
    original = make_request().messages
    assert second.messages[: len(original)] == original
    assert len(second.messages) == len(original) + 2
    assistant, feedback = second.messages[-2:]
    assert assistant == ChatMessage(role="assistant", content=bad)
    assert feedback.role == "user"
    assert "没有可解析的 JSON" in feedback.content
    assert "JSON" in feedback.content
    # Everything but the messages stays as it was; the re-ask is a different request.
    assert second.params == first.params
    assert second.label == first.label
    assert second.key() != first.key()


def test_schema_errors_are_fed_back_with_the_field_path() -> None:
    bad = '{"title": "学习不够", "score": -1}'
    chat = QueuedChat([bad, GOOD])
    ask_structured(chat, make_request(), Answer)
    feedback = chat.requests[1].messages[-1].content
    assert "score" in feedback
    assert "greater than or equal to 0" in feedback
    assert chat.requests[1].messages[-2].content == bad


def test_failing_check_is_fed_back_the_same_way() -> None:
    first = '{"title": "学习不够", "score": 99}'
    chat = QueuedChat([first, GOOD])

    def check(answer: Answer) -> list[str]:
        return [f"score {answer.score} 超过了上限 10"] if answer.score > 10 else []

    result = ask_structured(chat, make_request(), Answer, check=check)
    assert result.score == 3
    assert len(chat.requests) == 2
    assistant, feedback = chat.requests[1].messages[-2:]
    assert assistant.role == "assistant" and assistant.content == first
    assert feedback.role == "user" and "score 99 超过了上限 10" in feedback.content


def test_every_reask_keeps_the_whole_conversation() -> None:
    chat = QueuedChat(["不是 JSON", '{"title": 1}', GOOD])
    ask_structured(chat, make_request(), Answer, retries=2)
    third = chat.requests[2].messages
    assert [m.role for m in third] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert third[2].content == "不是 JSON"
    assert third[4].content == '{"title": 1}'


def test_truncated_answer_is_reported() -> None:
    cut = ChatReply(content='{"title": "学习不够", "sco', finish_reason="length")
    chat = QueuedChat([cut, GOOD])
    ask_structured(chat, make_request(), Answer)
    feedback = chat.requests[1].messages[-1].content
    assert "截断" in feedback


def test_truncated_answer_on_the_last_attempt_names_the_truncation() -> None:
    cut = ChatReply(content='{"title": "学习不够", "sco', finish_reason="length")
    with pytest.raises(StructuredOutputError) as info:
        ask_structured(QueuedChat([cut]), make_request(), Answer, retries=0)
    assert any("截断" in e for e in info.value.errors)


def test_retries_exhausted_raise_with_the_last_raw_reply() -> None:
    replies = ["第一次：不是 JSON", '{"title": "x"}', '{"title": "x", "score": "很多"}']
    chat = QueuedChat(replies)
    with pytest.raises(StructuredOutputError) as info:
        ask_structured(chat, make_request(), Answer, retries=2)
    err = info.value
    assert len(chat.requests) == 3
    assert err.attempts == 3
    assert err.last_raw == replies[-1]
    assert err.label == "problems:theory"
    assert any("score" in e for e in err.errors)
    assert "problems:theory" in str(err) and "3" in str(err)


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_attempts_are_retries_plus_one(retries: int) -> None:
    chat = QueuedChat(["不是 JSON"] * (retries + 1))
    with pytest.raises(StructuredOutputError) as info:
        ask_structured(chat, make_request(), Answer, retries=retries)
    assert info.value.attempts == retries + 1
    assert len(chat.requests) == retries + 1


def test_retries_zero_means_exactly_one_call_even_when_a_good_answer_would_follow() -> None:
    chat = QueuedChat(["不是 JSON", GOOD])
    with pytest.raises(StructuredOutputError) as info:
        ask_structured(chat, make_request(), Answer, retries=0)
    assert len(chat.requests) == 1
    assert info.value.last_raw == "不是 JSON"


def test_empty_reply_is_an_error_not_a_crash() -> None:
    chat = QueuedChat(["", GOOD])
    ask_structured(chat, make_request(), Answer)
    assert "回答为空" in chat.requests[1].messages[-1].content


def test_log_gets_one_record_per_attempt_with_tokens_and_ok_flags() -> None:
    replies = [
        ChatReply(content="不是 JSON", usage=Usage(input_tokens=120, output_tokens=7)),
        ChatReply(
            content=GOOD,
            finish_reason="stop",
            usage=Usage(input_tokens=150, output_tokens=20, estimated=True),
        ),
    ]
    chat = QueuedChat(replies)
    records: list[CallRecord] = []
    ask_structured(chat, make_request(), Answer, log=records.append)
    assert [r.attempt for r in records] == [1, 2]
    assert [r.ok for r in records] == [False, True]
    assert [(r.input_tokens, r.output_tokens) for r in records] == [(120, 7), (150, 20)]
    assert [r.estimated for r in records] == [False, True]
    assert records[1].finish_reason == "stop"
    assert all(r.label == "problems:theory" for r in records)
    assert [r.key for r in records] == [req.key() for req in chat.requests]
    assert all(r.seconds >= 0 for r in records)


def test_log_marks_cached_replies() -> None:
    chat = QueuedChat([ChatReply(content=GOOD, cached=True)])
    records: list[CallRecord] = []
    ask_structured(chat, make_request(), Answer, log=records.append)
    assert [r.cached for r in records] == [True]


def test_log_records_every_failed_attempt_when_retries_run_out() -> None:
    chat = QueuedChat(["a", "b"])
    records: list[CallRecord] = []
    with pytest.raises(StructuredOutputError):
        ask_structured(chat, make_request(), Answer, retries=1, log=records.append)
    assert [(r.attempt, r.ok) for r in records] == [(1, False), (2, False)]


class ForgettingChat(QueuedChat):
    """A queued model with a cache that can be told to drop a useless reply."""

    def __init__(self, replies: Sequence[str | ChatReply]) -> None:
        super().__init__(replies)
        self.forgotten: list[ChatRequest] = []

    def forget(self, request: ChatRequest) -> None:
        self.forgotten.append(request)


def test_a_failed_chain_is_forgotten_so_the_next_run_asks_again() -> None:
    chat = ForgettingChat(["a", "b"])
    with pytest.raises(StructuredOutputError):
        ask_structured(chat, make_request(), Answer, retries=1)
    assert [r.key() for r in chat.forgotten] == [r.key() for r in chat.requests]


def test_a_chain_that_ends_well_is_kept() -> None:
    chat = ForgettingChat(["a", GOOD])
    ask_structured(chat, make_request(), Answer, retries=1)
    assert chat.forgotten == []
