"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol.

Tests give it a responder (request body -> HTTP status and JSON answer) and read back
every request it received, headers and body, exactly as the openai client sent them.

Besides ``(status, body)`` a responder may return ``(status, body, headers)`` to add
response headers (``Retry-After``), or one of the misbehaviours below: :class:`Trickle`
(headers, then keep-alive bytes forever), :class:`Hang` (no answer at all),
:class:`Drop` (close the connection without an answer) or :class:`Raw` (exact bytes). A misbehaving handler stops
when the client goes away or the server is shut down, so no test waits on it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Trickle:
    """Send 200 and JSON headers, then one ``byte`` every ``interval`` seconds, never ending."""

    interval: float = 0.2
    byte: bytes = b" "


@dataclass(frozen=True)
class Hang:
    """Read the request and never answer (not even headers)."""


@dataclass(frozen=True)
class Drop:
    """Read the request and close the connection without a response."""


@dataclass(frozen=True)
class Raw:
    """Answer with these exact bytes (a body that is not JSON, a redirect, …)."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)


Answer = tuple[int, dict[str, Any]] | tuple[int, dict[str, Any], dict[str, str]]
Responder = Callable[[dict[str, Any]], Answer | Trickle | Hang | Drop | Raw]


@dataclass
class Received:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: dict[str, Any]
    raw: bytes


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    usage: tuple[int, int] | None = (100, 50),
    reasoning: str | None = None,
    tool_args: str | None = None,
    refusal: str | None = None,
    model: str = "m",
) -> dict[str, Any]:
    """A chat.completion body."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning is not None:
        message["reasoning_content"] = reasoning
    if refusal is not None:
        message["refusal"] = refusal
    if tool_args is not None:
        message["content"] = None
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "answer", "arguments": tool_args},
            }
        ]
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }
    if usage is not None:
        body["usage"] = {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        }
    return body


def error_body(message: str, *, code: str | None = None, kind: str = "api_error") -> dict[str, Any]:
    """An OpenAI-style error body."""
    return {"error": {"message": message, "type": kind, "code": code}}


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # the default 5 drops connects of parallel calls: 1 s SYN retries


class FakeOpenAIServer:
    """``with FakeOpenAIServer(responder) as server: … server.url … server.received``."""

    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        self.received: list[Received] = []
        self.hangups = 0
        """Trickled replies the client hung up on (the server noticed a closed connection)."""
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                body = json.loads(raw)
                with outer._lock:
                    outer.received.append(
                        Received(
                            self.path, {k.lower(): v for k, v in self.headers.items()}, body, raw
                        )
                    )
                answer = outer.responder(body)
                if isinstance(answer, Trickle):
                    self._trickle(answer)
                elif isinstance(answer, Hang):
                    outer.stopping.wait()
                elif isinstance(answer, Drop):
                    self.close_connection = True
                elif isinstance(answer, Raw):
                    self.send_response(answer.status)
                    for name, value in answer.headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                else:
                    self._answer(*answer)

            def _answer(
                self, status: int, answer: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _trickle(self, trickle: Trickle) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()  # HTTP/1.0 and no length: the body ends when we close
                self.close_connection = True
                try:
                    while not outer.stopping.wait(trickle.interval):
                        self.wfile.write(trickle.byte)
                        self.wfile.flush()
                except OSError:  # the client gave up and closed the connection
                    with outer._lock:
                        outer.hangups += 1

            def log_message(self, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        # serve_forever polls for shutdown every 0.5 s by default: half a second per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL to give the client (…/v1)."""
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    @property
    def requests(self) -> list[Received]:
        """Same as :attr:`received`."""
        return self.received

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
