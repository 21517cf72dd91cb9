"""Filtered, refused, empty and truncated answers through the real HTTP path, and a failed
call that costs the other calls nothing: the run fails clearly, keeps what succeeded, and a
re-run pays only for what failed."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import jieba.posseg  # noqa: F401  (its ~1 s import holds the GIL: not inside a deadline)
import pytest

from fake_openai import FakeOpenAIServer, Trickle, completion, error_body
from faulty import GOOD, Items, chat_for, in_turn, request_for
from selfreview.cli.app import run_cli
from selfreview.errors import ContentFilteredError, DraftingFailed
from selfreview.llm.drafter import LLMDrafter
from selfreview.llm.structured import REMINDER, ask_structured
from selfreview.modelclient import transport
from selfreview.modelclient.exchange import ChatRequest
from selfreview.modelclient.store import CachedChat, ExchangeStore
from test_llm_http import KEY, SAMPLE, Author, sample_request


@pytest.fixture(autouse=True)
def _deepseek_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)


# -- filtered, refused, empty and truncated answers ------------------------------------------


def _ask(chat: Any, request: ChatRequest, retries: int = 2) -> Items:
    return ask_structured(chat, request, Items, retries=retries)


@pytest.mark.parametrize("reason", ["sensitive", "content_filter"])
def test_filtered_answer_is_asked_once_more_with_a_neutral_reminder(reason: str) -> None:
    filtered = (200, completion("", finish_reason=reason))
    with FakeOpenAIServer(in_turn(filtered, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert _ask(chat, request_for(chat)).items == ["学习不够深入"]
    first, second = (r.body["messages"] for r in server.received)
    assert second[: len(first)] == first
    assert second[len(first) :] == [{"role": "user", "content": REMINDER}]  # no filtered text


def test_filtered_twice_is_a_typed_error_that_suggests_a_local_model() -> None:
    filtered = (200, completion("", finish_reason="content_filter"))
    with FakeOpenAIServer(lambda body: filtered) as server:
        chat = chat_for(server.url)
        with pytest.raises(ContentFilteredError) as caught:
            _ask(chat, request_for(chat), retries=5)
    assert len(server.received) == 2  # only one re-ask, though five were allowed
    message = str(caught.value)
    assert "过滤" in message and "content_filter" in message and "本机模型" in message
    assert "修改意见" in message and caught.value.label == "problems:theory"


def test_filtered_with_no_retries_left_fails_at_once() -> None:
    with FakeOpenAIServer(lambda body: (200, completion("", finish_reason="sensitive"))) as server:
        chat = chat_for(server.url)
        with pytest.raises(ContentFilteredError):
            _ask(chat, request_for(chat), retries=0)
    assert len(server.received) == 1


def test_openai_refusal_field_is_a_refusal() -> None:
    refused = (200, completion(None, refusal="I'm sorry, I cannot help with that."))
    with FakeOpenAIServer(lambda body: refused) as server:
        chat = chat_for(server.url)
        assert chat.complete(request_for(chat)).refusal == "I'm sorry, I cannot help with that."
        with pytest.raises(ContentFilteredError) as caught:
            _ask(chat, request_for(chat))
    assert "拒绝回答" in str(caught.value) and "cannot help" in str(caught.value)
    assert len(server.received) == 1 + 2


@pytest.mark.parametrize("text", ["抱歉，我无法回答这个问题。", "I can't help with that."])
def test_refusal_text_is_asked_again_with_the_reminder(text: str) -> None:
    with FakeOpenAIServer(in_turn((200, completion(text)), (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert _ask(chat, request_for(chat)).items == ["学习不够深入"]
    assert server.received[1].body["messages"][-1]["content"] == REMINDER


def test_a_json_answer_mentioning_an_apology_is_not_a_refusal() -> None:
    answer = '{"items": ["抱歉，无法提供事例的问题较多"]}'
    with FakeOpenAIServer(lambda body: (200, completion(answer))) as server:
        chat = chat_for(server.url)
        assert _ask(chat, request_for(chat)).items == ["抱歉，无法提供事例的问题较多"]
    assert len(server.received) == 1


def test_empty_answer_is_asked_again() -> None:
    with FakeOpenAIServer(in_turn((200, completion("")), (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert _ask(chat, request_for(chat)).items
    feedback = server.received[1].body["messages"][-1]["content"]
    assert "回答为空" in feedback


def test_truncated_json_is_asked_again_to_be_shorter() -> None:
    cut = (200, completion('{"items": ["学习不够', finish_reason="length"))
    with FakeOpenAIServer(in_turn(cut, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert _ask(chat, request_for(chat)).items
    feedback = server.received[1].body["messages"][-1]["content"]
    assert "截断" in feedback and "缩短" in feedback


def test_always_truncated_ends_in_a_clear_error() -> None:
    cut = (200, completion('{"items": ["学习不够', finish_reason="length"))
    with FakeOpenAIServer(lambda body: cut) as server:
        chat = chat_for(server.url)
        with pytest.raises(Exception) as caught:
            _ask(chat, request_for(chat), retries=1)
    assert "截断" in str(caught.value) and len(server.received) == 2


@pytest.mark.parametrize(
    "error",
    [
        error_body("Input data may contain inappropriate content.", code="data_inspection_failed"),
        error_body("Content Exists Risk", kind="invalid_request_error"),
        error_body("系统检测到输入或生成内容可能包含不安全或敏感内容", code="1301"),
    ],
)
def test_moderation_refusing_the_request_is_not_asked_again(error: dict[str, Any]) -> None:
    with FakeOpenAIServer(lambda body: (400, error)) as server:
        chat = chat_for(server.url)
        with pytest.raises(ContentFilteredError) as caught:
            _ask(chat, request_for(chat))
    assert len(server.received) == 1
    assert "内容审核" in str(caught.value) and "本机模型" in str(caught.value)


def test_a_filtered_chain_is_not_kept_in_the_cache(tmp_path: Path) -> None:
    filtered = (200, completion("", finish_reason="sensitive"))
    with FakeOpenAIServer(lambda body: filtered) as server:
        remote = chat_for(server.url)
        cached = CachedChat(remote, ExchangeStore(tmp_path / "cache"))
        with pytest.raises(ContentFilteredError):
            _ask(cached, request_for(remote))
    assert len(server.received) == 2
    assert not list((tmp_path / "cache").glob("*.json"))


# -- one failed call costs the others nothing -------------------------------------------------


def test_a_reply_past_its_deadline_fails_only_its_own_call() -> None:
    author = Author()

    def slow_theory(body: dict[str, Any]) -> Any:
        return Trickle(0.2) if author.label(body) == "problems:theory" else author(body)

    with FakeOpenAIServer(slow_theory) as server:
        chat = chat_for(server.url, timeout=1)
        drafter = LLMDrafter(chat, chat.provider, jobs=5)
        with pytest.raises(DraftingFailed) as caught:
            drafter.draft(sample_request())
    assert [f.label for f in caught.value.failures] == ["problems:theory"]
    assert "1 秒" in caught.value.failures[0].message
    done = sorted(c.label for c in drafter.log.calls if c.ok)
    others = [f"problems:{a}" for a in author.names.values() if a != "theory"]
    assert done == sorted(["sort", *others])


def test_cli_permanent_500_on_one_aspect_then_rerun_sends_only_what_failed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    user_cache: Path,
) -> None:
    monkeypatch.setattr(transport, "BACKOFF_BASE", 0.01)  # the CLI's default retries, fast
    notes = tmp_path / "意见.txt"
    shutil.copy(SAMPLE, notes)
    author = Author()
    healed = threading.Event()
    labels: list[str] = []

    def broken_theory(body: dict[str, Any]) -> Any:
        labels.append(author.label(body))
        if author.label(body) == "problems:theory" and not healed.is_set():
            return 500, error_body("upstream model crashed")
        return author(body)

    args = [str(notes), "--provider", "deepseek", "--org", "某市政府党组", "--approve-all"]
    with FakeOpenAIServer(broken_theory) as server:
        args += ["--base-url", server.url]
        assert run_cli(args) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and "problems:theory" in err
        assert "HTTP 500" in err and f"共尝试 {transport.RETRIES + 1} 次" in err
        assert labels.count("problems:theory") == transport.RETRIES + 1
        assert len(server.received) == 1 + 4 + transport.RETRIES + 1  # sort, 4 aspects, theory
        draft_path = notes.with_name("意见.draft.json")
        draft = json.loads(draft_path.read_text(encoding="utf-8"))
        assert draft["material"] is None
        log = draft["model_log"]
        assert [f["label"] for f in log["failures"]] == ["problems:theory"]
        assert "HTTP 500" in log["failures"][0]["message"]
        assert len([c for c in log["calls"] if c["ok"]]) == 5
        assert len(list(user_cache.rglob("*.json"))) == 5

        healed.set()
        before = len(server.received)
        assert run_cli(args) == 0, capsys.readouterr().err
        err = capsys.readouterr().err
        assert sorted(labels[before:]) == ["causes", "measures", "measures", "problems:theory"]
        assert "起草时模型调用 9 次，其中缓存 5 次" in err
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    assert draft["material"] is not None and draft["model_log"]["failures"] == []
    assert notes.with_suffix(".docx").exists()
    for path in [draft_path, *user_cache.rglob("*.json")]:
        assert KEY not in path.read_text(encoding="utf-8")
