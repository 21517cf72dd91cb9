"""The :class:`ChatModel` for every OpenAI-compatible server, through langchain-openai.

Only ``content`` (or the forced tool call's arguments) is returned: reasoning text that
some models send (``reasoning_content``) is never part of the answer. Token counts come
from the usage the server reports; nothing here calls langchain's token counting, which
would make tiktoken download its encoding files.

The openai client's own retries are off: :mod:`selfreview.modelclient.transport` retries 408,
429 and 5xx itself (so the count is ours) and enforces the per-request deadline. Every
failure becomes a one-line :class:`~selfreview.errors.SelfReviewError` that never
contains the key.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from selfreview.errors import (
    CallFailedError,
    ContentFilteredError,
    DeadlineExpired,
    GaveUp,
    ModelCallError,
    SelfReviewError,
)
from selfreview.modelclient import transport
from selfreview.modelclient.exchange import ChatReply, ChatRequest, Usage, estimate_tokens
from selfreview.modelclient.faults import refused_key_message, scrub
from selfreview.modelclient.providers import ResolvedProvider, resolve_api_key

__all__ = ["CallFailedError", "ModelCallError", "OpenAICompatibleChat"]

FILTER_CODES = frozenset({"data_inspection_failed", "content_filter", "1301"})
FILTER_MARKERS = (
    "data_inspection_failed",  # DashScope (Qwen)
    "content_filter",  # OpenAI, Azure
    "content management policy",  # Azure
    "content exists risk",  # DeepSeek
    "considered high risk",  # Moonshot
    "敏感",  # Zhipu (code 1301) and others
    "不安全",
)
"""Signs, in a 400 error's code or message, that the provider's moderation refused the input."""


class OpenAICompatibleChat:
    """Sends chat requests to ``provider`` with the openai client (via ChatOpenAI).

    ``timeout``: the deadline of each request, in seconds. ``max_retries``: re-sends after
    408/429/5xx or a dropped connection; ``backoff`` (first wait, doubling) and
    ``retry_after_cap`` default to :mod:`selfreview.modelclient.transport`'s constants.
    """

    def __init__(
        self,
        provider: ResolvedProvider,
        *,
        timeout: float = 120.0,
        max_retries: int = transport.RETRIES,
        backoff: float | None = None,
        retry_after_cap: float | None = None,
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.max_retries = max_retries
        self.policy = transport.RetryPolicy(
            retries=max_retries,
            backoff=transport.BACKOFF_BASE if backoff is None else backoff,
            retry_after_cap=(
                transport.RETRY_AFTER_CAP if retry_after_cap is None else retry_after_cap
            ),
        )
        self._client: Any = None
        self._http: Any = None
        self._lock = threading.Lock()

    def _chat_model(self) -> Any:
        with self._lock:
            if self._client is None:
                from langchain_openai import ChatOpenAI

                key = resolve_api_key(self.provider)
                self._http = transport.deadline_client(self.timeout, local=self.provider.is_local)
                self._client = ChatOpenAI(
                    model=self.provider.model,
                    api_key=key,
                    base_url=self.provider.base_url,
                    timeout=self.timeout,
                    max_retries=0,
                    http_client=self._http,
                    use_responses_api=False,
                )
            return self._client

    def close(self) -> None:
        """Close the HTTP connections (a closed chat reconnects on its next request)."""
        with self._lock:
            if self._http is not None:
                self._http.close()
            self._client = self._http = None

    def complete(self, request: ChatRequest) -> ChatReply:
        """Send ``request``, retrying per the policy; map failures to one-line errors."""
        llm = self._chat_model()
        messages = [(m.role if m.role != "user" else "human", m.content) for m in request.messages]
        params = dict(request.params)

        def send() -> Any:
            return transport.run_with_deadline(lambda: llm.invoke(messages, **params), self.timeout)

        try:
            message = transport.with_retries(send, self.policy, _retry_hint)
        except GaveUp as failed:
            cut = _finished_early(failed.last)
            if cut is None:
                raise self._describe(failed, request.label) from None
            return cut
        content = _answer_text(message)
        usage = getattr(message, "usage_metadata", None) or {}
        metadata = getattr(message, "response_metadata", None) or {}
        refusal = (getattr(message, "additional_kwargs", None) or {}).get("refusal")
        if usage:
            counted = Usage(
                input_tokens=int(usage.get("input_tokens", 0)),
                output_tokens=int(usage.get("output_tokens", 0)),
            )
        else:
            sent = "".join(m.content for m in request.messages)
            counted = Usage(
                input_tokens=estimate_tokens(sent),
                output_tokens=estimate_tokens(content),
                estimated=True,
            )
        return ChatReply(
            content=content,
            finish_reason=metadata.get("finish_reason"),
            refusal=str(refusal) if refusal else None,
            usage=counted,
        )

    def _describe(self, failed: GaveUp, label: str) -> SelfReviewError:
        exc = failed.last
        if isinstance(exc, SelfReviewError) and not isinstance(exc, DeadlineExpired):
            return exc
        if failed.asked_wait is not None:
            where = f"{self.provider.spec.label}（{self.provider.base_url}）"
            status = getattr(exc, "status_code", "")
            return CallFailedError(
                f"{where} 暂时不接受请求（HTTP {status}），要求 {_duration(failed.asked_wait)}后"
                f"再试，超过了最长等待 {self.policy.retry_after_cap:g} 秒：请到时再运行"
                "（已完成的调用已缓存，不会重复）"
            )
        return self._classify(exc, failed.attempts, label)

    def _server_text(self, exc: Any, limit: int = 120) -> str:
        """The server's error message, shortened, with the key masked should it echo it."""
        try:
            secrets = [resolve_api_key(self.provider)]
        except SelfReviewError:
            secrets = []
        text = re.sub(r"^Error code: \d+ - ", "", str(getattr(exc, "message", "")))
        return scrub(_short(text, limit), secrets)

    def _classify(self, exc: BaseException, attempts: int, label: str) -> SelfReviewError:
        import openai

        where = f"{self.provider.spec.label}（{self.provider.base_url}）"
        tries = f"共尝试 {attempts} 次仍失败" if attempts > 1 else "未重试"
        if isinstance(exc, DeadlineExpired | openai.APITimeoutError):
            return CallFailedError(
                f"{where} 在 {self.timeout:g} 秒内没有给出完整回答（--timeout 是每次请求的总时限，"
                "持续发送的保活数据也计入）：可加大 --timeout 后重试，或换用更快的模型"
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelCallError(refused_key_message(self.provider, where, exc.status_code))
        if isinstance(exc, openai.NotFoundError):
            return ModelCallError(
                f"{where} 没有模型 {self.provider.model}（HTTP 404）：请用 --model 指定该服务"
                "提供的模型，或检查 --base-url 是否完整（通常以 /v1 结尾）"
            )
        if isinstance(exc, openai.RateLimitError):
            return CallFailedError(
                f"{where} 限流（HTTP 429），{tries}：请稍后再试，或用 --jobs 1 降低并发"
            )
        if isinstance(exc, openai.APIStatusError) and _retryable_status(exc.status_code):
            return CallFailedError(
                f"{where} 返回服务端错误 HTTP {exc.status_code}，{tries}"
                f"（{self._server_text(exc)}）：请稍后再试"
            )
        if isinstance(exc, openai.BadRequestError) and _filtered(exc):
            return ContentFilteredError(
                label,
                f"{where} 的内容审核拒绝了这次请求（HTTP 400：{self._server_text(exc, 60)}）",
                "",
                1,
            )
        if isinstance(exc, openai.APIStatusError) and 300 <= exc.status_code < 400:
            target = exc.response.headers.get("location", "（未给出地址）")
            return ModelCallError(
                f"{where} 把请求重定向（HTTP {exc.status_code}）到 {_short(target, 80)}；"
                "为免材料被转发到别处，不跟随重定向：请把 --base-url 改成正确的地址"
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelCallError(
                f"{where} 返回错误 HTTP {exc.status_code}：{self._server_text(exc)}"
            )
        if isinstance(exc, json.JSONDecodeError | openai.APIResponseValidationError):
            return CallFailedError(
                f"{where} 的回答不是有效的 JSON（HTTP 200），{tries}：这个地址可能不是 OpenAI"
                " 兼容接口（请检查 --base-url，通常以 /v1 结尾），或服务暂时异常，请稍后再试"
            )
        if isinstance(exc, openai.APIConnectionError):
            return self._unreachable(exc, where, tries)
        return ModelCallError(f"调用 {where} 失败：{type(exc).__name__}")

    def _unreachable(self, exc: BaseException, where: str, tries: str) -> SelfReviewError:
        causes = _causes(exc)
        if any(isinstance(c, socket.gaierror) for c in causes):
            host = urlsplit(self.provider.base_url).hostname or self.provider.base_url
            return ModelCallError(
                f"无法解析 {where} 的主机名 {host}：请检查 --base-url 是否写错，以及网络和 DNS"
                " 是否可用"
            )
        if _dropped(causes):
            return CallFailedError(f"{where} 未给出回答就断开了连接，{tries}：请稍后再试")
        return ModelCallError(
            f"无法连接 {where}：连接被拒绝或无法建立。本机服务（Ollama、vLLM）是否已启动？"
            "请检查 --base-url 和网络"
        )


def _retryable_status(status: int) -> bool:
    return status in transport.RETRY_STATUSES or status >= 500


def _retry_hint(exc: Exception) -> Mapping[str, str] | None:
    """Headers of a retryable failure (for Retry-After), ``{}`` if it had none; else None."""
    import openai

    if isinstance(exc, openai.APIStatusError) and _retryable_status(exc.status_code):
        return dict(exc.response.headers)
    if isinstance(exc, json.JSONDecodeError | openai.APIResponseValidationError):
        return {}  # a body that is not JSON: a proxy's or a server's glitch, worth one more try
    if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
        return {} if _dropped(_causes(exc)) else None
    return None


def _finished_early(exc: BaseException) -> ChatReply | None:
    """The reply inside openai's "length" / "content_filter" errors, else None.

    The openai client raises these instead of returning when a JSON-mode answer was cut
    off or filtered; the structured loop handles both reasons (re-ask shorter, or once with a
    neutral reminder), so they become ordinary replies here.
    """
    import openai

    if not isinstance(exc, openai.LengthFinishReasonError | openai.ContentFilterFinishReasonError):
        return None
    reason = "length" if isinstance(exc, openai.LengthFinishReasonError) else "content_filter"
    completion = exc.completion
    if completion is None:
        return ChatReply(content="", finish_reason=reason)
    choice = completion.choices[0] if completion.choices else None
    content = (choice.message.content or "") if choice is not None else ""
    usage = completion.usage
    return ChatReply(
        content=content,
        finish_reason=reason,
        refusal=None,
        usage=Usage(
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else estimate_tokens(content),
            estimated=usage is None,
        ),
    )


def _duration(seconds: float) -> str:
    """A wait in words: "45 秒", "60 分钟", "2.5 小时"."""
    if seconds < 120:
        return f"{seconds:.0f} 秒"
    if seconds < 7200:
        return f"{seconds / 60:.0f} 分钟"
    return f"{seconds / 3600:.1f} 小时"


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _dropped(causes: list[BaseException]) -> bool:
    """True when a connection was made and then closed before the answer came."""
    import httpx2

    if any(isinstance(c, httpx2.ConnectError | socket.gaierror) for c in causes):
        return False
    return any(isinstance(c, httpx2.RemoteProtocolError | httpx2.ReadError) for c in causes)


def _filtered(exc: Any) -> bool:
    """True when a 400 error is the provider's moderation refusing the request."""
    body = exc.body if isinstance(exc.body, dict) else {}
    inner = body.get("error", body)
    codes = {str(getattr(exc, "code", "") or "")}
    if isinstance(inner, dict):
        codes |= {str(inner.get("code", "")), str(inner.get("type", ""))}
    if codes & FILTER_CODES:
        return True
    text = str(exc.message).lower()
    return any(marker in text for marker in FILTER_MARKERS)


def _answer_text(message: Any) -> str:
    """The answer: the forced tool call's arguments, else the text content."""
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return json.dumps(calls[0].get("args", {}), ensure_ascii=False)
    invalid = getattr(message, "invalid_tool_calls", None) or []
    if invalid:
        return str(invalid[0].get("args") or "")
    content = message.content
    if isinstance(content, list):  # content blocks: keep text, drop reasoning blocks
        return "".join(
            block.get("text", "") if isinstance(block, dict) else str(block)
            for block in content
            if not isinstance(block, dict) or block.get("type") == "text"
        )
    return str(content or "")


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "…"
