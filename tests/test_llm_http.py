"""The real openai client (through langchain-openai) against an OpenAI-compatible server
that the test starts on 127.0.0.1: request shapes per provider kind, parsing, re-asks,
errors, cache, and no tiktoken download."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from fake_openai import FakeOpenAIServer, completion
from recorded import NOTES, answers, record_module, stage_label
from selfreview.cli.app import run_cli
from selfreview.drafting.base import DraftRequest
from selfreview.errors import ModelCallError
from selfreview.llm.drafter import LLMDrafter
from selfreview.modelclient.config import UserConfig, load_config
from selfreview.modelclient.exchange import ChatMessage, ChatRequest
from selfreview.modelclient.openai_chat import OpenAICompatibleChat
from selfreview.modelclient.providers import load_registry, resolve_provider
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.schema import Voice

SAMPLE = NOTES / "sample-notes.txt"
KEY = "sk-test-1234567890abcdef"


def sample_request() -> DraftRequest:
    return DraftRequest(
        opinions=read_notes(SAMPLE).opinions,
        outline=load_outline("2021-five"),
        voice=Voice.COLLECTIVE,
        org="某市政府党组",
    )


class Author:
    """Answers HTTP requests like a good model would, from the hand-written answers."""

    def __init__(self, *, tools: bool = False) -> None:
        self.request = sample_request()
        self.author = record_module().AnswerAuthor(answers("sample-notes"), self.request)
        self.names = {a.name: a.id for a in self.request.outline.aspects}
        self.tools = tools

    def label(self, body: dict[str, Any]) -> str:
        return stage_label(body["messages"][1]["content"], self.names)

    def __call__(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in body["messages"]]
        request = ChatRequest(
            provider="x", model=body["model"], messages=messages, label=self.label(body)
        )
        reply = self.author.complete(request)
        if self.tools:
            return 200, completion(None, tool_args=reply.content, model=body["model"])
        return 200, completion(reply.content, model=body["model"])


def chat_for(name: str, url: str, config: UserConfig | None = None) -> OpenAICompatibleChat:
    provider = resolve_provider(name, config or UserConfig(), base_url=url)
    return OpenAICompatibleChat(provider, timeout=10, max_retries=0)


@pytest.mark.parametrize("name", sorted(load_registry()))
def test_each_provider_gets_its_request_shape(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_registry()[name]
    monkeypatch.setenv(spec.key_env, KEY)
    with FakeOpenAIServer(Author()) as server:
        chat = chat_for(name, server.url)
        drafter = LLMDrafter(chat, chat.provider, jobs=4)
        result = drafter.draft(sample_request())
    assert len(result.material.all_problems()) == 19
    assert len(server.received) == 9  # sort, five aspects, causes, measures in two halves
    for received in server.received:
        assert received.path == "/v1/chat/completions"
        assert received.body["model"] == spec.model
        assert received.headers["authorization"] == f"Bearer {KEY}"
        assert received.body["messages"][0]["role"] == "system"
        kind = received.body["response_format"]["type"]
        assert kind == spec.output.value
        if kind == "json_schema":
            schema = received.body["response_format"]["json_schema"]["schema"]
            assert schema["type"] == "object" and "properties" in schema
            assert "JSON Schema" not in received.body["messages"][1]["content"]
        else:  # JSON mode takes no schema: it is in the prompt, which must say "JSON"
            assert "JSON 须符合此 JSON Schema：{" in received.body["messages"][1]["content"]
        for field, value in spec.extra_body.items():
            assert received.body[field] == value
    if name == "qwen":
        assert all(r.body["enable_thinking"] is False for r in server.received)
    else:
        assert all("enable_thinking" not in r.body for r in server.received)
    assert drafter.log.stats()["problems"].input_tokens == 5 * 100  # as the server reported


def test_tool_calling_provider_from_the_config_file(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    with FakeOpenAIServer(Author(tools=True)) as server:
        config_file.write_text(
            f'[providers.corp]\nbase_url = "{server.url}"\nmodel = "corp-72b"\n'
            'output = "tools"\nneeds_key = false\n',
            encoding="utf-8",
        )
        config = load_config(config_file)
        provider = resolve_provider("corp", config)
        drafter = LLMDrafter(OpenAICompatibleChat(provider, max_retries=0), provider)
        result = drafter.draft(sample_request())
    assert len(result.material.measures) == 5
    for received in server.received:
        assert "response_format" not in received.body
        assert (
            received.body["tool_choice"]["function"]["name"]
            == received.body["tools"][0]["function"]["name"]
        )
        assert received.body["tools"][0]["function"]["parameters"]["type"] == "object"
        assert received.body["model"] == "corp-72b"


def test_reasoning_text_is_never_parsed_as_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    author = Author()

    def thinking(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, answer = author(body)
        message = answer["choices"][0]["message"]
        message["reasoning_content"] = '{"items": [], "groups": {}}'  # wrong if parsed
        message["content"] = '<think>先列出 {"items": []}</think>\n' + message["content"]
        return status, answer

    with FakeOpenAIServer(thinking) as server:
        chat = chat_for("deepseek", server.url)
        result = LLMDrafter(chat, chat.provider).draft(sample_request())
    assert len(result.material.all_problems()) == 19
    assert len(server.received) == 9  # no re-ask was needed


def test_an_invalid_answer_is_asked_again_with_the_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    author = Author()
    spoiled: list[str] = []

    def invents_once(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, answer = author(body)
        if author.label(body) == "problems:theory" and not spoiled:
            data = json.loads(answer["choices"][0]["message"]["content"])
            data["items"][0]["example"] = "全年缺席学习达到97次。"
            spoiled.append(json.dumps(data, ensure_ascii=False))
            answer["choices"][0]["message"]["content"] = spoiled[0]
        return status, answer

    with FakeOpenAIServer(invents_once) as server:
        chat = chat_for("deepseek", server.url)
        drafter = LLMDrafter(chat, chat.provider, retries=2)
        result = drafter.draft(sample_request())
    assert "97" not in json.dumps(result.material.model_dump(), ensure_ascii=False)
    again = [r for r in server.received if len(r.body["messages"]) == 4]
    assert len(again) == 1
    assistant, feedback = again[0].body["messages"][2:]
    assert assistant == {"role": "assistant", "content": spoiled[0]}
    assert (
        feedback["role"] == "user" and "97" in feedback["content"] and "编造" in feedback["content"]
    )
    theory = [c for c in drafter.log.calls if c.label == "problems:theory"]
    assert [(c.attempt, c.ok) for c in theory] == [(1, False), (2, True)]


def test_no_token_counting_that_would_download_tiktoken_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tiktoken

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("tiktoken would download its encoding files here")

    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    monkeypatch.setattr(tiktoken, "encoding_for_model", refuse)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with FakeOpenAIServer(Author()) as server:
        chat = chat_for("openai", server.url)
        result = LLMDrafter(chat, chat.provider).draft(sample_request())
    assert result.material.causes


def test_missing_usage_is_estimated_and_marked() -> None:
    author = Author()

    def no_usage(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, answer = author(body)
        answer.pop("usage")
        return status, answer

    with FakeOpenAIServer(no_usage) as server:
        chat = chat_for("ollama", server.url)
        drafter = LLMDrafter(chat, chat.provider)
        drafter.draft(sample_request())
    assert all(c.estimated and c.input_tokens > 100 for c in drafter.log.calls)


def _one_call(chat: OpenAICompatibleChat) -> None:
    chat.complete(
        ChatRequest(
            provider=chat.provider.name,
            model=chat.provider.model,
            messages=[ChatMessage(role="user", content="你好，输出 JSON")],
        )
    )


def test_refused_key_names_the_variable_never_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    error = {
        "error": {"message": f"Incorrect API key provided: {KEY}", "type": "invalid_request_error"}
    }
    with (
        FakeOpenAIServer(lambda body: (401, error)) as server,
        pytest.raises(ModelCallError) as caught,
    ):
        _one_call(chat_for("deepseek", server.url))
    assert "DEEPSEEK_API_KEY" in str(caught.value)
    assert KEY not in str(caught.value) and KEY[-8:] not in str(caught.value)


def test_unknown_model_names_model_and_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", KEY)
    error = {"error": {"message": "model not found", "type": "invalid_request_error"}}
    with (
        FakeOpenAIServer(lambda body: (404, error)) as server,
        pytest.raises(ModelCallError) as caught,
    ):
        _one_call(chat_for("qwen", server.url))
    assert "qwen-plus" in str(caught.value) and "通义千问" in str(caught.value)


def test_connection_refused_names_the_base_url() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(ModelCallError) as caught:
        _one_call(chat_for("ollama", url))
    assert url in str(caught.value) and "是否已启动" in str(caught.value)


def test_cli_with_base_url_then_cache_makes_no_call(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    user_cache: Path,
) -> None:
    notes = tmp_path / "意见.txt"
    shutil.copy(SAMPLE, notes)
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    args = [str(notes), "--provider", "deepseek", "--org", "某市政府党组", "--approve-all"]
    with FakeOpenAIServer(Author()) as server:
        assert run_cli([*args, "--base-url", server.url]) == 0, capsys.readouterr().err
        assert len(server.received) == 9
        first = capsys.readouterr().err
        notes.with_suffix(".docx").unlink()
        notes.with_name("意见.draft.json").unlink()
        assert run_cli([*args, "--base-url", server.url]) == 0
        second = capsys.readouterr().err
        assert len(server.received) == 9  # every answer came from the cache
    assert "起草时模型调用 9 次，其中缓存 0 次" in first
    assert "起草时模型调用 9 次，其中缓存 9 次" in second
    draft = json.loads(notes.with_name("意见.draft.json").read_text(encoding="utf-8"))
    assert (
        draft["settings"]["provider"] == "deepseek"
        and draft["settings"]["model"] == "deepseek-chat"
    )
    assert draft["model_log"]["base_url"] == server.url
    assert oct(user_cache.stat().st_mode & 0o777) == "0o700"
    cached = list(user_cache.rglob("*.json"))
    assert len(cached) == 9
    for path in [*cached, notes.with_name("意见.draft.json")]:
        assert KEY not in path.read_text(encoding="utf-8")
        assert oct(path.stat().st_mode & 0o777) == "0o600"
