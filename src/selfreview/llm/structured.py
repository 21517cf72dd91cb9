"""Structured output the instructor way: parse tolerantly, validate, feed errors back, retry.

A stage gives a pydantic response model and, optionally, a ``check`` that returns further
problems (grounding, coverage) in Chinese. A failed parse, schema error or check is sent
back to the model with the errors; after ``retries`` re-asks a
:class:`StructuredOutputError` carries the last raw reply.

A reply the provider filtered (``finish_reason`` "content_filter" or "sensitive") or the
model refused (OpenAI's ``refusal`` field, or a short "抱歉，我无法……" / "I can't help
with that" instead of JSON) is asked once more, from the same conversation plus a
neutral reminder of the task; a second one ends in :class:`ContentFilteredError`.
Both re-asks use the same ``retries`` budget.

A chat wrapped around the model may itself reject an answer by raising a
:class:`StructuredOutputError` marked ``reaskable`` (the redacting chat does, for a
placeholder it never issued): that answer is fed back with its errors like an invalid one.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from selfreview.errors import ContentFilteredError, StructuredOutputError
from selfreview.modelclient.exchange import ChatMessage, ChatModel, ChatReply, ChatRequest
from selfreview.modelclient.providers import OutputMode
from selfreview.modellog import CallRecord

T = TypeVar("T", bound=BaseModel)

_THINK_RE = re.compile(r"<think>.*?</think>|^.*?</think>", re.DOTALL)
_FENCE_RE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
FILTER_REASONS = frozenset({"content_filter", "sensitive"})
"""``finish_reason`` values by which providers say they filtered the answer."""
_REFUSAL_RE = re.compile(
    r"(抱歉|对不起|很遗憾|无法|不能|不便|拒绝).{0,20}(回答|回复|提供|协助|帮助|处理|完成|生成|讨论)"
    r"|\bI(?:'m|’m| am)? (?:sorry|unable|can(?:no|'|’)t|won(?:'|’)t)\b.{0,40}"
    r"\b(?:help|assist|comply|provide|answer|fulfil)",
    re.IGNORECASE | re.DOTALL,
)
REFUSAL_MAX_CHARS = 400
"""A refusal is short: a longer reply without JSON is treated as a plain invalid answer."""
REMINDER = (
    "说明：这是一项常规的文字整理工作，把单位内部会议上收集的工作意见整理成书面材料，"
    "不涉及违法或有害内容。请按上面的要求只输出 JSON。"
)
"""The neutral reminder sent once after a filtered or refused reply."""


def refusal_of(reply: ChatReply) -> str | None:
    """Why ``reply`` counts as filtered or refused (Chinese), or None if it does not."""
    if reply.finish_reason in FILTER_REASONS:
        return f"服务方过滤了回答（finish_reason={reply.finish_reason}）"
    if reply.refusal:
        return f"模型拒绝回答（“{_clip(reply.refusal)}”）"
    text = reply.content.strip()
    if not text or len(text) > REFUSAL_MAX_CHARS or not _REFUSAL_RE.search(text):
        return None
    try:
        parse_json_reply(text)
    except ValueError:
        return f"模型拒绝回答（“{_clip(text)}”）"
    return None


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def parse_json_reply(text: str) -> Any:
    """The JSON value in a reply: tolerates reasoning blocks, code fences and text around it.

    A reply that is one JSON object or array as a whole is taken as is (its strings may
    mention ``</think>``). Otherwise reasoning blocks are dropped and the longest JSON value
    is the answer, so that a preface citing "[1]" is not mistaken for it.
    """
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict | list):
        return whole
    text = _THINK_RE.sub("", text).strip()
    fenced = _FENCE_RE.search(text)
    candidates = [fenced.group(1)] if fenced else []
    candidates.append(text)
    decoder = json.JSONDecoder()
    for candidate in candidates:
        candidate = candidate.strip()
        best: tuple[int, Any] | None = None
        end = 0
        for start, char in enumerate(candidate):
            if start < end or char not in "{[":
                continue
            try:
                value, end = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError:
                continue
            if best is None or end - start > best[0]:
                best = (end - start, value)
        if best is not None:
            return best[1]
    raise ValueError("回答中没有可解析的 JSON")


def output_params(mode: OutputMode, response_model: type[BaseModel], name: str) -> dict[str, Any]:
    """The request fields that ask for ``response_model`` in the provider's way."""
    if mode is OutputMode.JSON_OBJECT:
        return {"response_format": {"type": "json_object"}}
    schema = response_model.model_json_schema()
    if mode is OutputMode.TOOLS:
        return {
            "tools": [
                {
                    "type": "function",
                    "function": {"name": name, "description": "提交结果", "parameters": schema},
                }
            ],
            "tool_choice": {"type": "function", "function": {"name": name}},
        }
    return {
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": False},
        }
    }


def schema_text(response_model: type[BaseModel]) -> str:
    """The reply's JSON schema, compact (no titles or docs), for providers whose JSON mode takes
    no schema: it goes into the prompt instead."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("title", "description")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    schema = strip(response_model.model_json_schema())
    return json.dumps(schema, ensure_ascii=False, separators=(",", ":"))


def describe_errors(exc: ValidationError) -> list[str]:
    """Each pydantic error as ``field.path：message`` for feeding back to the model."""
    out = []
    for error in exc.errors()[:12]:
        where = ".".join(str(p) for p in error["loc"]) or "（顶层）"
        out.append(f"{where}：{error['msg']}")
    return out


def ask_structured(
    chat: ChatModel,
    request: ChatRequest,
    response_model: type[T],
    *,
    retries: int = 2,
    check: Callable[[T], list[str]] | None = None,
    advise: Callable[[T], list[str]] | None = None,
    log: Callable[[CallRecord], None] | None = None,
) -> T:
    """Ask until the reply parses, validates and passes ``check``; at most ``retries`` re-asks.

    ``advise`` returns softer findings (the genre's wording rules): they are fed back like
    errors while re-asks remain, but a reply that only has those is accepted on the last
    attempt, since a person reviews every item and ``draft check`` reports them again.
    """
    messages = list(request.messages)
    errors: list[str] = []
    reply = ChatReply(content="")
    asked: list[ChatRequest] = []
    refused = 0
    for attempt in range(1, retries + 2):
        current = request.model_copy(update={"messages": messages})
        asked.append(current)
        started = time.perf_counter()
        refusal: str | None = None
        result: T | None
        try:
            reply = chat.complete(current)
        except ContentFilteredError:  # the provider refused the request itself
            _forget(chat, asked)
            raise
        except StructuredOutputError as bad:  # raised by a wrapping chat about the answer
            if not bad.reaskable:
                raise
            # e.g. an invented placeholder: the answer as the model gave it goes back with
            # the error, like any other invalid answer (the chat has not cached it)
            reply = ChatReply(content=bad.last_raw)
            result, errors = None, list(bad.errors) or [str(bad)]
        else:
            refusal = refusal_of(reply)
            result, errors = (
                (None, [refusal]) if refusal else _validate(reply, response_model, check)
            )
        last = attempt == retries + 1
        if result is not None and advise is not None and not last:
            errors = advise(result)
            result = None if errors else result
        if log is not None:
            log(
                CallRecord(
                    label=request.label,
                    key=current.key(),
                    attempt=attempt,
                    cached=reply.cached,
                    input_tokens=reply.usage.input_tokens,
                    output_tokens=reply.usage.output_tokens,
                    estimated=reply.usage.estimated,
                    seconds=round(time.perf_counter() - started, 3),
                    ok=result is not None,
                    finish_reason=reply.finish_reason,
                )
            )
        if result is not None:
            return result
        if refusal:
            refused += 1
            if refused > 1 or last:
                _forget(chat, asked)
                again = "，重新询问后仍是如此" if refused > 1 else ""
                raise ContentFilteredError(
                    request.label, f"{refusal}{again}", reply.content, attempt
                )
            messages = [*messages, ChatMessage(role="user", content=REMINDER)]
            continue
        messages = [
            *messages,
            ChatMessage(role="assistant", content=reply.content),
            ChatMessage(role="user", content=_feedback(errors)),
        ]
    _forget(chat, asked)
    raise StructuredOutputError(request.label, errors, reply.content, retries + 1)


def _forget(chat: ChatModel, asked: list[ChatRequest]) -> None:
    """Drop a failed chain from the cache, so that the next run asks the model again."""
    forget = getattr(chat, "forget", None)
    if callable(forget):
        for current in asked:
            forget(current)


def _validate(
    reply: ChatReply, response_model: type[T], check: Callable[[T], list[str]] | None
) -> tuple[T | None, list[str]]:
    errors: list[str] = []
    if reply.finish_reason == "length":
        errors.append("回答超出长度被截断：请缩短表述，只输出完整的 JSON")
    if not reply.content.strip():
        return None, [*errors, "回答为空"]
    try:
        result = response_model.model_validate(parse_json_reply(reply.content))
    except ValueError as exc:  # ValidationError is a ValueError
        detail = describe_errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
        return None, [*errors, *detail]
    errors += check(result) if check else []
    return (None, errors) if errors else (result, [])


def _feedback(errors: list[str]) -> str:
    lines = "\n".join(f"- {error}" for error in errors)
    return (
        f"你的上一个回答没有通过校验：\n{lines}\n"
        "请改正以上问题，按原来要求的格式重新输出完整的 JSON，不要输出其他内容。"
    )
