"""The model chain of one draft, and the reviser built on it.

One chain serves one draft: RedactingChat (when redacting) -> cache/record or replay ->
HTTP client. Its redactor is primed here, from the draft's own texts (author, then
opinions) and the roster, so that drafting and every later regeneration number the
placeholders alike and send the same requests; nothing outside needs to know whether
the chain redacts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from selfreview.modelclient.config import cache_dir

if TYPE_CHECKING:
    from selfreview.drafting.base import Drafter
    from selfreview.llm.drafter import LLMDrafter
    from selfreview.modelclient.exchange import ChatModel
    from selfreview.modelclient.providers import ResolvedProvider
    from selfreview.modellog import CallRecord
    from selfreview.pipeline import ModelOptions
    from selfreview.privacy.redactor import Redactor


@dataclass
class ModelChain:
    """The chat a draft's model calls go through, with the settings of its drafter."""

    provider: ResolvedProvider
    chat: ChatModel
    """The outermost chat: it redacts when :attr:`redactor` is set."""
    redactor: Redactor | None
    retries: int
    jobs: int

    def drafter(self, on_call: Callable[[CallRecord], None] | None = None) -> LLMDrafter:
        """An LLM drafter that asks through this chain."""
        from selfreview.llm.drafter import LLMDrafter

        return LLMDrafter(
            self.chat, self.provider, retries=self.retries, jobs=self.jobs, on_call=on_call
        )

    def learn(self, text: str) -> None:
        """Treat the names of people in ``text`` (a reviewer's instruction) as names to
        replace before anything is sent."""
        if self.redactor is not None:
            self.redactor.learn(text)

    def notice(self) -> str:
        """What was done about personal data before the requests went out, in Chinese."""
        if self.redactor is not None:
            count = len(self.redactor.replacements())
            return (
                f"发送前已把 {count} 项个人信息（姓名、电话、证件号等）换成占位符，"
                "回答中已换回原文；draft redact 可查看替换了什么。"
            )
        if self.provider.is_local:
            return "模型服务在本机，材料原样发送，未替换个人信息。"
        return "注意：已按 --no-redact 把材料原样发给本机以外的模型服务。"


def model_chain(
    provider: ResolvedProvider, options: ModelOptions, texts: Sequence[str]
) -> ModelChain:
    """The chain for a draft whose prompts carry ``texts`` (author line, then opinions).

    With redaction (see :meth:`~selfreview.pipeline.ModelOptions.redacts`) the redactor
    knows the roster's names and is primed with ``texts`` before the first call, so that
    what is cached, recorded and sent holds placeholders only.
    """
    from selfreview.modelclient.openai_chat import OpenAICompatibleChat
    from selfreview.modelclient.store import CachedChat, ExchangeStore, ReplayChat

    config = options.user_config()
    chat: ChatModel
    record = ExchangeStore(options.record) if options.record else None
    if options.replay is not None:
        chat = ReplayChat(ExchangeStore(options.replay))
    else:
        remote = OpenAICompatibleChat(provider, timeout=options.timeout or config.timeout or 120.0)
        store = ExchangeStore(cache_dir()) if options.cache else None
        chat = CachedChat(remote, store, record=record)
    redactor = None
    if options.redacts(provider):
        from selfreview.privacy import Redactor
        from selfreview.privacy.chat import RedactingChat

        redactor = Redactor(options.roster_names())
        redactor.prime(texts)
        chat = RedactingChat(chat, redactor)
    return ModelChain(
        provider=provider,
        chat=chat,
        redactor=redactor,
        retries=_first(options.retries, config.retries, 2),
        jobs=_first(options.jobs, config.jobs, 8),
    )


def make_drafter(
    provider: ResolvedProvider | None,
    options: ModelOptions,
    texts: Sequence[str],
    on_call: Callable[[CallRecord], None] | None = None,
) -> tuple[Drafter, ModelChain | None]:
    """The drafter for ``provider`` (offline when ``None``) and its chain, if any."""
    if provider is None:
        from selfreview.drafting.offline import OfflineDrafter

        return OfflineDrafter(), None
    chain = model_chain(provider, options, texts)
    return chain.drafter(on_call), chain


def _first(*values: int | None) -> int:
    return next(v for v in values if v is not None)
