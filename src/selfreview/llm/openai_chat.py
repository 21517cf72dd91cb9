"""The :class:`ChatModel` for every OpenAI-compatible server, through langchain-openai.

Only ``content`` (or the forced tool call's arguments) is returned: reasoning text that
some models send (``reasoning_content``) is never part of the answer. Token counts come
from the usage the server reports; nothing here calls langchain's token counting, which
would make tiktoken download its encoding files.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from selfreview.errors import SelfReviewError
from selfreview.llm.exchange import ChatReply, ChatRequest, Usage, estimate_tokens
from selfreview.llm.providers import ResolvedProvider, resolve_api_key


class ModelCallError(SelfReviewError):
    """The provider could not be reached or refused the request."""


class OpenAICompatibleChat:
    """Sends chat requests to ``provider`` with the openai client (via ChatOpenAI)."""

    def __init__(
        self, provider: ResolvedProvider, *, timeout: float = 120.0, max_retries: int = 2
    ) -> None:
        self.provider = provider
        self.timeout = timeout
        self.max_retries = max_retries
        self._client: Any = None
        self._lock = threading.Lock()

    def _chat_model(self) -> Any:
        with self._lock:
            if self._client is None:
                from langchain_openai import ChatOpenAI

                self._client = ChatOpenAI(
                    model=self.provider.model,
                    api_key=resolve_api_key(self.provider),
                    base_url=self.provider.base_url,
                    timeout=self.timeout,
                    max_retries=self.max_retries,
                    use_responses_api=False,
                )
            return self._client

    def complete(self, request: ChatRequest) -> ChatReply:
        """Send ``request``; map transport failures to one-line errors."""
        llm = self._chat_model()
        messages = [(m.role if m.role != "user" else "human", m.content) for m in request.messages]
        params = dict(request.params)
        try:
            message = llm.invoke(messages, **params)
        except Exception as exc:
            raise self._describe(exc) from None
        content = _answer_text(message)
        usage = getattr(message, "usage_metadata", None) or {}
        metadata = getattr(message, "response_metadata", None) or {}
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
            content=content, finish_reason=metadata.get("finish_reason"), usage=counted
        )

    def _describe(self, exc: Exception) -> SelfReviewError:
        import openai

        where = f"{self.provider.spec.label}（{self.provider.base_url}）"
        if isinstance(exc, SelfReviewError):
            return exc
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ModelCallError(
                f"{where} 拒绝了 API key（HTTP {exc.status_code}）：请检查环境变量"
                f" {self.provider.spec.key_env} 中的 key 是否有效"
            )
        if isinstance(exc, openai.NotFoundError):
            return ModelCallError(
                f"{where} 没有模型 {self.provider.model}（HTTP 404）："
                "请用 --model 指定该服务提供的模型"
            )
        if isinstance(exc, openai.APITimeoutError):
            return ModelCallError(
                f"{where} 在 {self.timeout:g} 秒内没有回答：可加大 --timeout 后重试"
            )
        if isinstance(exc, openai.APIConnectionError):
            return ModelCallError(
                f"无法连接 {where}：请检查网络和 --base-url；本机服务（Ollama、vLLM）是否已启动？"
            )
        if isinstance(exc, openai.RateLimitError):
            return ModelCallError(
                f"{where} 限流（HTTP 429），重试 {self.max_retries} 次后仍失败：请稍后再试"
            )
        if isinstance(exc, openai.APIStatusError):
            return ModelCallError(f"{where} 返回错误 HTTP {exc.status_code}：{_short(exc.message)}")
        return ModelCallError(f"调用 {where} 失败：{type(exc).__name__}")


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
