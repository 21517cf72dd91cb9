"""Where an API key comes from is decided in one place (providers.find_api_key), and every
user of it (the request, the refused-key message, ``draft config``) agrees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fake_openai import FakeOpenAIServer, error_body
from faulty import chat_for, request_for
from selfreview.cli.app import run_cli
from selfreview.errors import MissingKeyError, ModelCallError
from selfreview.modelclient.config import load_config
from selfreview.modelclient.faults import key_origin
from selfreview.modelclient.providers import find_api_key, resolve_api_key, resolve_provider

ENV_KEY = "sk-from-env-0123456789abcdef"
CONFIG_KEY = "sk-from-config-9876543210fedcba"


def _config_key(name: str = "deepseek") -> Path:
    path = Path(os.environ["SELFREVIEW_CONFIG"])
    path.write_text(f'[providers.{name}]\napi_key = "{CONFIG_KEY}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("env", "config", "value", "origin"),
    [
        (ENV_KEY, True, ENV_KEY, "环境变量 DEEPSEEK_API_KEY"),
        (ENV_KEY, False, ENV_KEY, "环境变量 DEEPSEEK_API_KEY"),
        ("  \t", True, CONFIG_KEY, "配置文件 {path} 中 [providers.deepseek] 的 api_key"),
        (None, True, CONFIG_KEY, "配置文件 {path} 中 [providers.deepseek] 的 api_key"),
    ],
    ids=["env-wins", "env-only", "blank-env-then-config", "config-only"],
)
def test_the_key_and_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch, env: str | None, config: bool, value: str, origin: str
) -> None:
    if env is None:
        monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    else:
        monkeypatch.setenv("DEEPSEEK_API_KEY", env)
    path = _config_key() if config else Path(os.environ["SELFREVIEW_CONFIG"])
    provider = resolve_provider("deepseek", load_config())
    found = find_api_key(provider)
    assert found is not None
    assert found.value == value == resolve_api_key(provider)
    assert found.origin == origin.format(path=path) == key_origin(provider)
    assert found.from_env == (value == ENV_KEY)
    assert value not in repr(found) and value not in found.origin


def test_no_key_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", " ")
    provider = resolve_provider("deepseek", load_config())
    assert find_api_key(provider) is None and key_origin(provider) is None
    with pytest.raises(MissingKeyError, match="DEEPSEEK_API_KEY"):
        resolve_api_key(provider)
    local = resolve_provider("ollama", load_config())
    assert find_api_key(local) is None and resolve_api_key(local) == "not-needed"


def test_a_refused_key_is_the_one_sent_and_its_origin_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A blank variable does not count: the config file's key is sent, and named."""
    monkeypatch.setenv("DEEPSEEK_API_KEY", "   ")
    path = _config_key()
    with FakeOpenAIServer(lambda body: (401, error_body("Incorrect API key"))) as server:
        chat = chat_for(server.url, config=load_config())
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    message = str(caught.value)
    assert server.received[0].headers["authorization"] == f"Bearer {CONFIG_KEY}"
    assert f"该 key 取自配置文件 {path} 中 [providers.deepseek] 的 api_key" in message
    assert "环境变量" not in message and CONFIG_KEY[-8:] not in message


def test_config_shows_where_each_key_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", ENV_KEY)
    monkeypatch.setenv("DASHSCOPE_API_KEY", "")
    path = _config_key("qwen")
    assert run_cli(["config", "--provider", "deepseek"]) == 0
    out = capsys.readouterr().out
    assert "API key sk-…cdef（取自环境变量 DEEPSEEK_API_KEY）" in out
    assert "[DEEPSEEK_API_KEY：key sk-…cdef]" in out
    assert "[DASHSCOPE_API_KEY：key sk-…dcba，取自配置文件]" in out
    assert run_cli(["config", "--provider", "qwen"]) == 0
    out = capsys.readouterr().out
    assert f"API key sk-…dcba（取自配置文件 {path} 中 [providers.qwen] 的 api_key）" in out
    assert ENV_KEY not in out and CONFIG_KEY not in out


def test_config_with_a_blank_key_variable_lists_every_provider(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to stop at that provider with a missing-key error."""
    monkeypatch.setenv("DEEPSEEK_API_KEY", "  ")
    assert run_cli(["config", "--provider", "deepseek"]) == 0
    out = capsys.readouterr().out
    assert "API key 未设置（请设置环境变量 DEEPSEEK_API_KEY）" in out
    assert "[DEEPSEEK_API_KEY：key 未设置]" in out and "  offline " in out
