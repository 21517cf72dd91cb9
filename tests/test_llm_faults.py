"""Provider faults against a real HTTP server on 127.0.0.1: refused keys, unknown models,
busy and broken servers (our own retries, counted on the server), replies that never end
(the per-request deadline) and unreachable hosts."""

from __future__ import annotations

import email.utils
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import langchain_openai  # noqa: F401  (loaded up front: the deadline tests time the call only)
import pytest

from fake_openai import Drop, FakeOpenAIServer, Hang, Trickle, completion, error_body
from faulty import GOOD, chat_for, in_turn, record_waits, request_for, wait_for_request_workers
from selfreview.errors import CallFailedError, ContentFilteredError, ModelCallError
from selfreview.modelclient import transport
from selfreview.modelclient.config import load_config
from test_llm_http import KEY


@pytest.fixture(autouse=True)
def _deepseek_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)


@pytest.fixture
def no_request_threads() -> Iterator[None]:
    """After the test, no request worker is left running (so nothing trickles on)."""
    yield
    wait_for_request_workers()


# -- refused keys, unknown model ---------------------------------------------------------


def test_forbidden_key_names_the_variable_never_the_key() -> None:
    refused = error_body(f"key {KEY} may not use this model", kind="permission_error")
    with FakeOpenAIServer(lambda body: (403, refused)) as server:
        chat = chat_for(server.url)
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    message = str(caught.value)
    assert "HTTP 403" in message and "环境变量 DEEPSEEK_API_KEY" in message
    assert KEY not in message and KEY[-8:] not in message
    assert len(server.received) == 1  # a refused key is not retried


def test_refused_key_from_the_config_file_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DEEPSEEK_API_KEY")
    config_file = tmp_path / "config.toml"
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(config_file))
    config_file.write_text(f'[providers.deepseek]\napi_key = "{KEY}"\n', encoding="utf-8")
    refused = error_body(f"Incorrect API key provided: {KEY}", kind="invalid_request_error")
    with FakeOpenAIServer(lambda body: (401, refused)) as server:
        chat = chat_for(server.url, config=load_config())
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    message = str(caught.value)
    assert str(config_file) in message and "api_key" in message and "HTTP 401" in message
    assert "环境变量 DEEPSEEK_API_KEY" not in message
    assert server.received[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in message and KEY[-8:] not in message


def test_server_that_wants_a_key_when_none_is_configured_says_where_to_put_one() -> None:
    with FakeOpenAIServer(lambda body: (401, error_body("no key"))) as server:
        chat = chat_for(server.url, "ollama")
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    assert "没有发送 key" in str(caught.value) and "OLLAMA_API_KEY" in str(caught.value)


def test_unknown_model_of_a_config_file_provider_names_both(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    with FakeOpenAIServer(lambda body: (404, error_body("model not found"))) as server:
        config_file.write_text(
            f'[providers.corp]\nlabel = "单位内网模型"\nbase_url = "{server.url}"\n'
            'model = "corp-72b"\nneeds_key = false\n',
            encoding="utf-8",
        )
        chat = chat_for(server.url, "corp", config=load_config(config_file))
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    assert "corp-72b" in str(caught.value) and "单位内网模型" in str(caught.value)
    assert "--model" in str(caught.value) and len(server.received) == 1


# -- our own retries -----------------------------------------------------------------------


def test_busy_server_is_asked_again_until_it_answers() -> None:
    busy = (503, error_body("overloaded"))
    with FakeOpenAIServer(in_turn(busy, busy, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url, max_retries=3)
        reply = chat.complete(request_for(chat))
    assert reply.content == GOOD
    assert len(server.received) == 3
    assert server.received[0].body == server.received[2].body  # the same request again


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_permanent_500_gives_up_after_exactly_retries_plus_one_requests(retries: int) -> None:
    with FakeOpenAIServer(lambda body: (500, error_body("boom"))) as server:
        chat = chat_for(server.url, max_retries=retries)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert len(server.received) == retries + 1  # the openai client itself retries nothing
    message = str(caught.value)
    assert "HTTP 500" in message and "boom" in message and "\n" not in message
    assert "Error code" not in message  # the openai client's prefix repeats the status
    assert (f"共尝试 {retries + 1} 次" in message) == (retries > 0)


def test_a_server_echoing_the_key_in_its_error_never_gets_it_into_the_message() -> None:
    echo = error_body(f"internal error while checking key {KEY}")
    with FakeOpenAIServer(lambda body: (500, echo)) as server:
        chat = chat_for(server.url, max_retries=0)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert "internal error" in str(caught.value)
    assert KEY not in str(caught.value) and KEY[3:-4] not in str(caught.value)


def test_rate_limit_names_the_status_the_attempts_and_the_remedy() -> None:
    with FakeOpenAIServer(lambda body: (429, error_body("slow down"))) as server:
        chat = chat_for(server.url, max_retries=2)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert len(server.received) == 3
    assert "HTTP 429" in str(caught.value) and "共尝试 3 次" in str(caught.value)
    assert "--jobs" in str(caught.value)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between attempts, recorded instead of slept."""
    return record_waits(monkeypatch)


def test_retry_after_is_waited_for(waits: list[float]) -> None:
    limited = (429, error_body("slow down"), {"Retry-After": "1"})
    with FakeOpenAIServer(in_turn(limited, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url, backoff=0.01)
        assert chat.complete(request_for(chat)).content == GOOD
    assert len(server.received) == 2 and waits == [1.0]


def test_retry_after_ms_is_read_too(waits: list[float]) -> None:
    limited = (503, error_body("busy"), {"retry-after-ms": "600", "Retry-After": "9"})
    with FakeOpenAIServer(in_turn(limited, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url, backoff=0.01)
        chat.complete(request_for(chat))
    assert len(server.received) == 2 and waits == [0.6]


def test_a_retry_after_just_within_the_cap_is_waited_for_in_full(waits: list[float]) -> None:
    limited = (429, error_body("come back soon"), {"Retry-After": "0.3"})
    with FakeOpenAIServer(in_turn(limited, (200, completion(GOOD)))) as server:
        chat = chat_for(server.url, retry_after_cap=0.5)
        chat.complete(request_for(chat))
    assert len(server.received) == 2 and waits == [0.3]


def test_backoff_doubles_between_attempts(waits: list[float]) -> None:
    with FakeOpenAIServer(lambda body: (502, error_body("bad gateway"))) as server:
        chat = chat_for(server.url, max_retries=3, backoff=0.1)
        with pytest.raises(CallFailedError):
            chat.complete(request_for(chat))
    assert len(server.received) == 4 and len(waits) == 3
    for n, wait in enumerate(waits):  # 0.1, 0.2, 0.4 s, each plus up to 25 % jitter
        assert 0.1 * 2**n <= wait <= 0.1 * 2**n * 1.25


def test_a_plain_bad_request_is_not_retried() -> None:
    bad = error_body("temperature must be at most 2", kind="invalid_request_error")
    with FakeOpenAIServer(lambda body: (400, bad)) as server:
        chat = chat_for(server.url)
        with pytest.raises(ModelCallError) as caught:
            chat.complete(request_for(chat))
    assert len(server.received) == 1
    assert not isinstance(caught.value, CallFailedError | ContentFilteredError)
    assert "HTTP 400" in str(caught.value) and "temperature" in str(caught.value)


def test_a_dropped_connection_is_retried() -> None:
    with FakeOpenAIServer(in_turn(Drop(), (200, completion(GOOD)))) as server:
        chat = chat_for(server.url)
        assert chat.complete(request_for(chat)).content == GOOD
    assert len(server.received) == 2


def test_a_connection_dropped_every_time_gives_up_clearly() -> None:
    with FakeOpenAIServer(lambda body: Drop()) as server:
        chat = chat_for(server.url, max_retries=2)
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
    assert len(server.received) == 3
    assert "断开了连接" in str(caught.value) and "共尝试 3 次" in str(caught.value)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_values(headers: dict[str, str], expected: float | None) -> None:
    assert transport.retry_after(headers) == expected


def test_retry_after_as_an_http_date() -> None:
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    wait = transport.retry_after({"Retry-After": later})
    assert wait is not None and 25 <= wait <= 31


# -- the deadline --------------------------------------------------------------------------


@pytest.mark.usefixtures("no_request_threads")
def test_a_trickling_reply_is_cut_off_at_the_deadline() -> None:
    with FakeOpenAIServer(lambda body: Trickle(interval=0.1)) as server:
        chat = chat_for(server.url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
        took = time.monotonic() - started
    # Not before the deadline; the generous upper bound only catches a wait for the
    # trickle's end (never), not scheduling delays on a loaded machine.
    assert 0.45 <= took < 8
    message = str(caught.value)
    assert "0.5 秒" in message and "--timeout" in message and "\n" not in message
    assert len(server.received) == 1  # a reply that did not end is not asked again


@pytest.mark.usefixtures("no_request_threads")
def test_a_server_that_never_answers_is_cut_off_at_the_deadline() -> None:
    with FakeOpenAIServer(lambda body: Hang()) as server:
        chat = chat_for(server.url, timeout=0.5)  # the client's own read timeout is 10 s
        started = time.monotonic()
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
        took = time.monotonic() - started
    assert 0.45 <= took < 8 and "0.5 秒" in str(caught.value)


@pytest.mark.usefixtures("no_request_threads")
def test_the_worker_behind_a_trickling_reply_hangs_up_soon_after_the_deadline() -> None:
    with FakeOpenAIServer(lambda body: Trickle(interval=0.1)) as server:
        chat = chat_for(server.url, timeout=0.5)
        with pytest.raises(CallFailedError):
            chat.complete(request_for(chat))
        limit = time.monotonic() + 2
        while server.hangups == 0 and time.monotonic() < limit:
            time.sleep(0.05)
        assert server.hangups == 1  # the connection was closed, not left trickling


def test_the_deadline_is_per_request_and_a_quick_answer_is_unaffected() -> None:
    with FakeOpenAIServer(lambda body: (200, completion(GOOD))) as server:
        chat = chat_for(server.url, timeout=1)
        for _ in range(3):
            assert chat.complete(request_for(chat)).content == GOOD


# -- unreachable servers -------------------------------------------------------------------


@pytest.fixture
def offline_resolver(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Resolve only loopback names, so that no test can query a DNS server."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(str(host))
        if host in ("127.0.0.1", "localhost", "::1"):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    return asked


def test_unknown_host_names_the_base_url_and_suggests_the_fix(
    offline_resolver: list[str], waits: list[float]
) -> None:
    url = "http://nonexistent.invalid/v1"
    chat = chat_for(url)
    with pytest.raises(ModelCallError) as caught:
        chat.complete(request_for(chat))
    message = str(caught.value)
    assert url in message and "nonexistent.invalid" in message and "--base-url" in message
    assert "DNS" in message and not isinstance(caught.value, CallFailedError)
    assert offline_resolver == ["nonexistent.invalid"]  # asked once: not retried
    assert waits == []  # and no wait before failing


@pytest.mark.usefixtures("no_request_threads")
def test_a_resolver_that_hangs_is_cut_off_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = threading.Event()
    asked: list[str] = []

    def slow(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(str(host))
        answer.wait(30)  # an unreachable DNS server: no socket timeout applies here
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    chat = chat_for("http://llm.example.invalid/v1", timeout=0.5)
    try:
        with pytest.raises(CallFailedError) as caught:
            chat.complete(request_for(chat))
        # The call ended while the resolver was still hanging: the deadline, not DNS, ended it.
        assert asked == ["llm.example.invalid"] and not answer.is_set()
    finally:
        answer.set()  # let the abandoned worker finish (no_request_threads waits for it)
    assert "0.5 秒" in str(caught.value)


def test_refused_connection_is_not_retried_and_suggests_starting_the_server(
    waits: list[float],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    chat = chat_for(url, "ollama", backoff=5)
    with pytest.raises(ModelCallError) as caught:
        chat.complete(request_for(chat))
    assert waits == []  # every retry waits first: none was made
    assert url in str(caught.value) and "--base-url" in str(caught.value)
    assert not isinstance(caught.value, CallFailedError)
