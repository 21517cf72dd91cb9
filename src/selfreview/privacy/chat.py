"""Redaction in the model chain: every message redacted on the way out, answers restored.

:class:`RedactingChat` sits outermost (in front of the cache, the recorder and the HTTP
client), so that the cache, ``--record`` folders and the server only ever see placeholders.
The chain of a draft (:mod:`selfreview.workflow.chain`) primes its redactor with the
draft's texts (:func:`texts_sent`) before the first call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from selfreview.errors import UnknownPlaceholderError
from selfreview.modelclient.exchange import ChatModel, ChatReply, ChatRequest
from selfreview.privacy.redactor import Redactor

if TYPE_CHECKING:
    from selfreview.drafting.base import DraftRequest


class RedactingChat:
    """A :class:`ChatModel` that redacts requests for ``inner`` and restores its answers."""

    def __init__(self, inner: ChatModel, redactor: Redactor) -> None:
        self.inner = inner
        self.redactor = redactor

    def redacted(self, request: ChatRequest) -> ChatRequest:
        """``request`` as it goes out: every message's content redacted.

        A redactor nobody primed with the notes (a call made outside a draft, such as the
        reviewer's regeneration) first learns the names in the request's own user messages.
        """
        if not self.redactor.primed:
            for message in request.messages:
                if message.role == "user":
                    self.redactor.learn(message.content)
        messages = [
            m.model_copy(update={"content": self.redactor.redact(m.content)})
            for m in request.messages
        ]
        return request.model_copy(update={"messages": messages})

    def complete(self, request: ChatRequest) -> ChatReply:
        """Send the redacted request; return the answer with the originals put back."""
        sent = self.redacted(request)
        reply = self.inner.complete(sent)
        try:
            content = self.redactor.restore(reply.content)
        except UnknownPlaceholderError as found:
            self._forget(sent)  # a re-run asks again instead of replaying the bad answer
            raise UnknownPlaceholderError(
                found.placeholders, label=request.label, raw=reply.content
            ) from None
        return reply.model_copy(update={"content": content})

    def forget(self, request: ChatRequest) -> None:
        """Drop the cached answer to ``request`` (as it was sent, redacted)."""
        self._forget(self.redacted(request))

    def _forget(self, sent: ChatRequest) -> None:
        forget = getattr(self.inner, "forget", None)
        if callable(forget):
            forget(sent)


def texts_sent(request: DraftRequest) -> list[str]:
    """The texts of a draft request that reach the model's prompts: author, then opinions."""
    return [request.org, *(opinion.text for opinion in request.opinions)]
