"""A local OpenAI-compatible server that answers like a good model, for both bundled samples.

It wraps the "author" of ``fixtures/record.py`` (answers from ``fixtures/answers/*.json``)
in :class:`fake_openai.FakeOpenAIServer`. The stage and aspect are read from the prompt
(HTTP carries no label), the sample from the voice rules in the system prompt: personal
material is ``sample-personal``, collective ``sample-notes``. A request to a server on
127.0.0.1 is not redacted unless asked (``--redact``); a redacted one (it holds 〔…〕
placeholders) is answered by an author whose redactor was primed as the drafter primes
its own (no ``--names`` roster), so the placeholders match.
"""

from __future__ import annotations

from typing import Any

from fake_openai import Answer, FakeOpenAIServer, completion, error_body
from recorded import ROOT, answers, record_module, stage_label
from selfreview.drafting.base import DraftRequest
from selfreview.llm.prompts import voice_rules
from selfreview.modelclient.exchange import ChatMessage, ChatRequest
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.privacy import Redactor
from selfreview.privacy.chat import texts_sent
from selfreview.privacy.redactor import OPEN
from selfreview.schema import Voice

SAMPLES = {Voice.COLLECTIVE: "sample-notes", Voice.PERSONAL: "sample-personal"}


class SampleAuthor:
    """Responder for :class:`FakeOpenAIServer`: one answer author per bundled sample."""

    def __init__(self) -> None:
        self.authors: dict[tuple[Voice, bool], Any] = {}
        self.aspects: dict[Voice, dict[str, str]] = {}
        for voice, name in SAMPLES.items():
            data = answers(name)
            outline = load_outline(data["outline"])
            request = DraftRequest(
                opinions=read_notes(ROOT / data["notes"]).opinions,
                outline=outline,
                voice=voice,
            )
            author = record_module().AnswerAuthor
            redactor = Redactor()
            redactor.prime(texts_sent(request))
            self.authors[voice, False] = author(data, request)
            self.authors[voice, True] = author(data, request, redactor)
            self.aspects[voice] = {a.name: a.id for a in outline.aspects}

    def voice_of(self, system: str) -> Voice:
        """The sample a request is about, from the voice rules its system prompt holds."""
        return Voice.PERSONAL if voice_rules(Voice.PERSONAL) in system else Voice.COLLECTIVE

    def label(self, prompt: str, voice: Voice) -> str:
        """The stage (and aspect id) a prompt asks for, as the drafter labels it."""
        return stage_label(prompt, self.aspects[voice])

    def __call__(self, body: dict[str, Any]) -> Answer:
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in body["messages"]]
        system = next((m.content for m in messages if m.role == "system"), "")
        prompt = next(m.content for m in messages if m.role == "user")
        voice = self.voice_of(system)
        try:
            label = self.label(prompt, voice)
            request = ChatRequest(provider="x", model=body["model"], messages=messages, label=label)
            reply = self.authors[voice, OPEN in prompt].complete(request)
        except KeyError as exc:  # a request the recorded answers do not cover
            message = f"the sample author cannot answer this request ({exc})"
            return 400, error_body(message, kind="invalid_request_error")
        if "tools" in body:
            return 200, completion(None, tool_args=reply.content, model=body["model"])
        return 200, completion(reply.content, model=body["model"])


def author_server() -> FakeOpenAIServer:
    """A server (use it as a context manager) that answers every stage for both samples."""
    return FakeOpenAIServer(SampleAuthor())
