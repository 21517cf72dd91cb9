"""Provider answers the README promises to handle, and traffic that must not leave the machine:
openai's "length"/"content_filter" exceptions, a 200 whose body is not JSON, a Retry-After
longer than we wait, redirects, and proxy settings for a model on this machine."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from fake_openai import FakeOpenAIServer, Raw, completion
from faulty import GOOD, Items, chat_for, in_turn, record_waits, request_for
from selfreview.cli.app import run_cli
from selfreview.errors import CallFailedError, ContentFilteredError, ModelCallError
from selfreview.llm.structured import REMINDER, ask_structured
from selfreview.modelclient import transport
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatRequest
from selfreview.modelclient.providers import resolve_provider
from test_llm_http import KEY, SAMPLE

JSON_MODE = {"response_format": {"type": "json_object"}}
"""What deepseek's output mode sends: langchain then takes openai's ``parse`` path, which
raises on "length" and "content_filter" instead of returning the reply."""


@pytest.fixture(autouse=True)
def _deepseek_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)


def _json_request(chat: Any) -> ChatRequest:
    return request_for(chat).model_copy(update={"params": JSON_MODE})


# -- finish_reason "length" and "content_filter" in JSON mode --------------------------------


def test_a_cut_off_json_mode_answer_is_asked_again_not_a_raw_exception() -> None:
    cut = (200, completion('{"items": ["学习不够', finish_reason="length"))
    with FakeOpenAIServer(in_turn(cut, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        answer = ask_structured(chat, _json_request(chat), Items, retries=2)
    assert answer.items == ["学习不够深入"]
    assert len(server.received) == 2
    feedback = server.received[1].body["messages"][-1]["content"]
    assert "截断" in feedback


def test_a_filtered_json_mode_answer_gets_one_neutral_reask_then_a_typed_error() -> None:
    filtered = (200, completion("", finish_reason="content_filter"))
    with FakeOpenAIServer(lambda body: filtered) as server:
        chat = chat_for(server.url)
        with pytest.raises(ContentFilteredError) as caught:
            ask_structured(chat, _json_request(chat), Items, retries=3)
    assert len(server.received) == 2
    assert server.received[1].body["messages"][-1]["content"] == REMINDER
    assert "LengthFinishReasonError" not in str(caught.value)
    assert "ContentFilterFinishReasonError" not in str(caught.value)


# -- a 200 whose body is not JSON -----------------------------------------------------------

NOT_JSON = Raw(200, b"<html>gateway says hello</html>", (("Content-Type", "application/json"),))


def test_a_body_that_is_not_json_is_retried_and_then_answered() -> None:
    with FakeOpenAIServer(in_turn(NOT_JSON, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert chat.complete(request_for(chat)).content == GOOD
    assert len(server.received) == 2


def test_a_body_that_is_never_json_is_one_clear_line() -> None:
    with FakeOpenAIServer(lambda body: NOT_JSON) as server:
        chat = chat_for(server.url, max_retries=2)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert len(server.received) == 3
    message = str(caught.value)
    assert "不是有效的 JSON" in message and "--base-url" in message and "共尝试 3 次" in message
    assert "JSONDecodeError" not in message and "\n" not in message


def test_cli_body_not_json_fails_in_one_line_and_keeps_a_failed_draft(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    user_cache: Path,
) -> None:
    monkeypatch.setattr(transport, "BACKOFF_BASE", 0.001)
    notes = tmp_path / "意见.txt"
    shutil.copy(SAMPLE, notes)
    with FakeOpenAIServer(lambda body: NOT_JSON) as server:
        args = [str(notes), "--provider", "deepseek", "--base-url", server.url, "--no-review"]
        assert run_cli(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "JSONDecodeError" not in err and "不是有效的 JSON" in err
    draft = json.loads(notes.with_name("意见.draft.json").read_text(encoding="utf-8"))
    assert draft["material"] is None
    assert "不是有效的 JSON" in draft["model_log"]["failures"][0]["message"]


# -- Retry-After beyond what we wait; a shorter wait is announced -----------------------------


def test_a_retry_after_longer_than_the_cap_fails_at_once_with_the_servers_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits = record_waits(monkeypatch)
    limited = (429, {"error": {"message": "quota"}}, {"Retry-After": "3600"})
    with FakeOpenAIServer(lambda body: limited) as server:
        chat = chat_for(server.url, retry_after_cap=60)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert waits == []  # no 60 s wait before failing
    assert len(server.received) == 1
    message = str(caught.value)
    assert "60 分钟" in message and "HTTP 429" in message and "60 秒" in message


def test_a_retry_after_within_the_cap_is_waited_for_and_said(
    caplog: pytest.LogCaptureFixture,
) -> None:
    waits: list[float] = []
    failures = iter([RuntimeError("busy")])

    def send() -> str:
        for failure in failures:
            raise failure
        return "ok"

    policy = transport.RetryPolicy(retries=2, retry_after_cap=60)
    with caplog.at_level(logging.WARNING, logger="selfreview"):
        result = transport.with_retries(
            send, policy, lambda exc: {"Retry-After": "12"}, sleep=waits.append
        )
    assert result == "ok" and waits == [12.0]
    assert "12 秒" in caplog.text and "正在等待" in caplog.text


# -- redirects are never followed -----------------------------------------------------------


def test_a_redirect_is_not_followed_and_names_its_target() -> None:
    with FakeOpenAIServer(lambda body: (200, completion(GOOD))) as target:
        moved = Raw(307, b"", (("Location", target.url + "/chat/completions"),))
        with FakeOpenAIServer(lambda body: moved) as server:
            chat = chat_for(server.url)
            with pytest.raises(ModelCallError) as caught:
                chat.complete(request_for(chat))
        assert target.received == []  # the notes never reached the other server
    assert len(server.received) == 1
    message = str(caught.value)
    assert "重定向" in message and "HTTP 307" in message and target.url in message


# -- proxies: honoured for remote services, ignored for a model on this machine ---------------


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
def test_a_local_model_is_reached_directly_whatever_the_proxy_settings(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    with FakeOpenAIServer(lambda body: (200, completion("via proxy"))) as proxy:
        monkeypatch.setenv(variable, proxy.url.removesuffix("/v1"))
        with FakeOpenAIServer(lambda body: (200, completion(GOOD))) as server:
            chat = chat_for(server.url, name="ollama")
            assert chat.provider.is_local
            assert chat.complete(request_for(chat)).content == GOOD
    assert proxy.received == [] and len(server.received) == 1


@pytest.mark.parametrize(
    ("base_url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://127.0.0.1:8000/v1", True),
        ("http://127.0.0.2:8000/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://192.168.1.20:11434/v1", False),
        ("http://10.0.0.5:8000/v1", False),
        ("https://api.deepseek.com/v1", False),
        ("http://localhost.example.com/v1", False),
    ],
)
def test_what_counts_as_local(base_url: str, local: bool) -> None:
    provider = resolve_provider("ollama", UserConfig(), base_url=base_url)
    assert provider.is_local is local
