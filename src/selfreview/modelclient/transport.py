"""Our own retry and deadline around one model request (the openai client's are turned off).

Retry: a request that got HTTP 408, 429 or 5xx, or whose connection was dropped before
the answer came, is sent again after a wait: the server's ``Retry-After`` (or
``retry-after-ms``) when it gives one, capped at ``retry_after_cap``; else ``backoff``
seconds doubling with each attempt (capped at ``backoff_cap``, plus up to 25 % jitter so
that parallel calls do not retry in step). At most ``retries`` re-sends, so a call makes
at most ``retries + 1`` requests; :class:`GaveUp` says how many it made.

Deadline: each request, from sending to the last byte of the answer, may take at most
``seconds`` (``--timeout``). A read timeout alone is not enough, since a server can send
its headers and then a space every few seconds forever. So the request runs in a worker
thread that the caller stops waiting for at the deadline (:func:`run_with_deadline`), and
the worker's HTTP client (:func:`deadline_client`) caps every connect/read/write timeout
at the time left and checks the deadline after every chunk of the body, so the worker
and its connection end soon after the caller gave up rather than trickling on.
"""

from __future__ import annotations

import contextvars
import email.utils
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from selfreview.errors import DeadlineExpired, GaveUp

if TYPE_CHECKING:
    import httpx2

T = TypeVar("T")

RETRIES = 3
"""Re-sends after the first request (so at most four requests per call)."""
BACKOFF_BASE = 1.0
"""Seconds before the first re-send when the server gives no Retry-After; doubles each time."""
BACKOFF_CAP = 30.0
"""The longest computed wait between two requests."""
RETRY_AFTER_CAP = 60.0
"""The longest wait a server's Retry-After can ask of us."""
RETRY_STATUSES = frozenset({408, 429})
"""Besides every 5xx: statuses worth asking again."""

_worker = threading.local()
_log = logging.getLogger("selfreview")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait before sending a failed request again."""

    retries: int = RETRIES
    backoff: float = BACKOFF_BASE
    backoff_cap: float = BACKOFF_CAP
    retry_after_cap: float = RETRY_AFTER_CAP

    def delay(self, attempt: int, headers: Mapping[str, str]) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based).

        A Retry-After longer than ``retry_after_cap`` is not shortened here:
        :func:`with_retries` gives up on it at once (retrying early only earns another 429).
        """
        hinted = retry_after(headers)
        if hinted is not None:
            return max(hinted, 0.0)
        wait: float = min(self.backoff * 2.0 ** (attempt - 1), self.backoff_cap)
        return wait * (1 + 0.25 * random.random())


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The server's requested wait in seconds (``retry-after-ms`` or ``Retry-After``), if any.

    ``Retry-After`` may be seconds or an HTTP date; anything unreadable counts as absent.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        if "retry-after-ms" in lowered:
            return float(lowered["retry-after-ms"]) / 1000
    except ValueError:
        pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()


def with_retries(
    send: Callable[[], T],
    policy: RetryPolicy,
    retry_hint: Callable[[Exception], Mapping[str, str] | None],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``send()``, re-sent per ``policy`` while ``retry_hint`` calls the error retryable.

    ``retry_hint`` returns the failed response's headers (for Retry-After; ``{}`` if there
    is no response) when the error is worth retrying, else None. Any failure ends in
    :class:`GaveUp` carrying the last error and the number of requests made. A server that
    asks for a longer wait than the policy's cap ends the call at once (``asked_wait``); a
    wait the server asked for is logged, so a person knows why nothing seems to happen.
    """
    attempt = 1
    while True:
        try:
            return send()
        except Exception as exc:
            headers = retry_hint(exc)
            if headers is None or attempt > policy.retries:
                raise GaveUp(exc, attempt) from exc
            asked = retry_after(headers)
            if asked is not None and asked > policy.retry_after_cap:
                raise GaveUp(exc, attempt, asked_wait=asked) from exc
            wait = policy.delay(attempt, headers)
            if asked is not None and wait >= 1:
                _log.warning("服务方要求 %.0f 秒后再试（Retry-After），正在等待后重试……", wait)
            sleep(wait)
            attempt += 1


def run_with_deadline(work: Callable[[], T], seconds: float) -> T:
    """``work()`` in a worker thread; :class:`DeadlineExpired` if it has not ended in time.

    The worker is a daemon thread that sees the deadline (through :func:`deadline_client`'s
    hooks), so it stops reading soon after; it never keeps the process alive.
    """
    deadline = time.monotonic() + seconds
    outcome: dict[str, Any] = {}
    finished = threading.Event()
    context = contextvars.copy_context()

    def run() -> None:
        _worker.deadline = deadline
        try:
            outcome["value"] = context.run(work)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            _worker.deadline = None
            finished.set()

    threading.Thread(target=run, name="selfreview-request", daemon=True).start()
    if not finished.wait(max(0.0, deadline - time.monotonic())):
        raise DeadlineExpired(seconds)
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def deadline_client(timeout: float, *, local: bool = False) -> httpx2.Client:
    """The openai SDK's default HTTP client, with hooks that enforce the worker's deadline.

    Event hooks work on the client, whatever transport serves a URL (proxies included):
    the request hook caps each phase's timeout at the time left, the response hook wraps
    the body stream so that a chunk arriving after the deadline ends the read.

    Redirects are never followed (a redirect could carry the notes to another host; the
    caller reports its target). ``local``: the server is on this machine, so proxy
    settings (HTTP_PROXY, ALL_PROXY, …) are ignored: they would send the notes, unredacted
    because the model is local, through the proxy.
    """
    import httpx2
    import openai

    class DeadlineStream(httpx2.SyncByteStream):
        def __init__(self, inner: httpx2.SyncByteStream, deadline: float) -> None:
            self._inner = inner
            self._deadline = deadline

        def __iter__(self) -> Iterator[bytes]:
            for chunk in self._inner:
                if time.monotonic() > self._deadline:
                    raise httpx2.ReadTimeout("the call's deadline passed while reading")
                yield chunk

        def close(self) -> None:
            self._inner.close()

    def cap_timeouts(request: httpx2.Request) -> None:
        deadline = getattr(_worker, "deadline", None)
        if deadline is None:
            return
        left = max(0.001, deadline - time.monotonic())
        phases = dict(request.extensions.get("timeout") or {})
        for phase in ("connect", "read", "write", "pool"):
            current = phases.get(phase)
            phases[phase] = left if current is None else min(float(current), left)
        request.extensions = {**request.extensions, "timeout": phases}

    def watch_body(response: httpx2.Response) -> None:
        deadline = getattr(_worker, "deadline", None)
        if deadline is not None and isinstance(response.stream, httpx2.SyncByteStream):
            response.stream = DeadlineStream(response.stream, deadline)

    client: httpx2.Client = openai.DefaultHttpxClient(
        timeout=timeout,
        event_hooks={"request": [cap_timeouts], "response": [watch_body]},
        follow_redirects=False,
        trust_env=not local,
    )
    return client
