"""Recorded model exchanges: the cache, ``--replay DIR`` and ``--record DIR``.

Each exchange is one readable JSON file named ``<label>.<key prefix>.json`` where the key
hashes provider, model, messages and parameters (never the API key). Files are written
atomically and readable only by their owner.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from selfreview.atomic import write_text_atomic
from selfreview.errors import ReplayMissError
from selfreview.modelclient.exchange import ChatModel, ChatReply, ChatRequest

EXCHANGE_FORMAT = "selfreview.exchange/1"
_UNSAFE = re.compile(r"[^\w.-]+")


class ExchangeStore:
    """A folder of recorded exchanges."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, request: ChatRequest, key: str | None = None) -> Path:
        """Where ``request``'s exchange is (or would be) stored (``key``: if already known)."""
        label = _UNSAFE.sub("_", request.label)[:60]
        return self.directory / f"{label}.{(key or request.key())[:20]}.json"

    def read(self, request: ChatRequest) -> ChatReply | None:
        """The recorded reply to ``request``, or None; a damaged file counts as missing."""
        key = request.key()
        try:
            data = json.loads(self.path_for(request, key).read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            reply = ChatReply.model_validate(data["reply"])
        except (OSError, ValueError, KeyError, TypeError, ValidationError):
            return None
        return reply.model_copy(update={"cached": True})

    def write(self, request: ChatRequest, reply: ChatReply) -> None:
        """Record one exchange (replacing an older recording of the same request)."""
        key = request.key()
        record = {
            "format": EXCHANGE_FORMAT,
            "key": key,
            "label": request.label,
            "recorded": datetime.now(UTC).isoformat(timespec="seconds"),
            "request": request.model_dump(mode="json"),
            "reply": reply.model_dump(mode="json"),
        }
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_text_atomic(self.path_for(request, key), text, mode=0o600)

    def forget(self, request: ChatRequest) -> None:
        """Remove ``request``'s exchange, if recorded."""
        self.path_for(request).unlink(missing_ok=True)

    def providers(self) -> set[tuple[str, str]]:
        """The (provider, model) pairs recorded here."""
        found = set()
        for path in sorted(self.directory.glob("*.json")):
            try:
                request = json.loads(path.read_text(encoding="utf-8"))["request"]
                found.add((str(request["provider"]), str(request["model"])))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return found

    def clear(self) -> int:
        """Delete every recorded exchange; returns how many files there were."""
        if not self.directory.is_dir():
            return 0
        count = sum(1 for _ in self.directory.glob("*.json"))
        shutil.rmtree(self.directory)
        return count


class CachedChat:
    """Answers from ``store`` when it can, else asks ``inner`` and stores the reply.

    ``store=None`` turns the cache off (``--no-cache``); ``record`` also writes every
    exchange, cached or fresh, to a second folder (``--record DIR``).
    """

    def __init__(
        self, inner: ChatModel, store: ExchangeStore | None, *, record: ExchangeStore | None = None
    ) -> None:
        self.inner = inner
        self.store = store
        self.record = record

    def complete(self, request: ChatRequest) -> ChatReply:
        """A cached reply, or a fresh one that is cached (and recorded) before it is returned."""
        reply = self.store.read(request) if self.store else None
        if reply is None:
            reply = self.inner.complete(request)
            if self.store:
                self.store.write(request, reply)
        if self.record is not None:
            self.record.write(request, reply)
        return reply

    def forget(self, request: ChatRequest) -> None:
        """Drop a reply that proved useless, so that the next run asks the model again."""
        if self.store is not None:
            self.store.forget(request)


class ReplayChat:
    """Answers only from a folder of recordings; a miss is an error naming the request."""

    def __init__(self, store: ExchangeStore) -> None:
        self.store = store

    def complete(self, request: ChatRequest) -> ChatReply:
        """The recorded reply, or :class:`ReplayMissError`."""
        reply = self.store.read(request)
        if reply is None:
            raise ReplayMissError(
                f"回放目录中没有这次请求的记录：{request.label}（应为文件"
                f" {self.store.path_for(request).name}）；提示词、意见或模型参数变了时需重新录制",
                path=self.store.directory,
            )
        return reply
