"""A local OpenAI-compatible chat server that answers like a model of a given speed.

Every answer takes ``ttft + output_tokens / rate`` seconds (time to first token, then
tokens at a fixed rate); ``slots`` optionally limits how many answers are generated at
once (a local server with one GPU), the others wait their turn. Token counts use the
project's own estimate (:func:`selfreview.modelclient.exchange.estimate_tokens`) and are reported
as the usage of each answer, so the draft file's model log shows them too.

What it answers, tried in order (``--answers``):

- ``recorded``: the recorded exchange whose messages equal the request's
  (``fixtures/responses/*/``), i.e. what the sample's "model" answered;
- ``author``: the stand-in's answers for a bundled sample (``fixtures/answers/``), through
  the same author that records the fixtures (works after a prompt change, before
  re-recording);
- ``generic``: a schema-aware answer for any notes: every sort id placed once, 2-4
  problems per aspect citing every opinion shown (examples copied from the cited text, so
  grounding passes), causes and measures covering every problem.

A request with ``sim_output_tokens: N`` in its body is the single-call baseline: it is
answered with N tokens of text, after the same delay rule.

    python bench/sim_server.py --port 8765 --ttft 1 --rate 40     # serve until Ctrl-C
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from benchlib import ROOT
from selfreview.modelclient.exchange import ChatReply, ChatRequest, Usage, estimate_tokens

DATA_START, DATA_END = "<<<材料开始>>>", "<<<材料结束>>>"
Messages = Sequence[dict[str, Any]]
Answer = Callable[[Messages], str | None]
Answered = Callable[[Messages], tuple[str, str] | None]
"""(content, the name of the source that gave it), or None."""


# -- what to answer -----------------------------------------------------------------------


def stage_of(messages: Messages) -> str:
    """The stage a request belongs to, from its prompt (also on a re-ask)."""
    prompt = str(messages[1]["content"]) if len(messages) > 1 else ""
    if prompt.startswith("任务：把下列"):
        return "sort"
    if prompt.startswith("任务：为“"):
        return "problems:" + prompt.split("“", 1)[1].split("”", 1)[0]
    first = prompt.splitlines()[0] if prompt else ""
    if "原因分析" in first:
        return "causes"
    if "整改措施" in first:
        return "measures"
    return "other"


def _messages_key(messages: Messages) -> str:
    text = json.dumps(
        [[m["role"], m["content"]] for m in messages], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RecordedAnswers:
    """Answers from recorded exchanges, looked up by the request's messages."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.replies: dict[str, str] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                key = _messages_key(data["request"]["messages"])
                self.replies[key] = data["reply"]["content"]

    def __call__(self, messages: Messages) -> str | None:
        """The recorded reply, or None."""
        return self.replies.get(_messages_key(messages))


def _record_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "selfreview_fixture_record", ROOT / "fixtures" / "record.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class AuthorAnswers:
    """The recorded answers of one bundled sample, for any prompt wording."""

    def __init__(self, sample: str = "sample-notes") -> None:
        from selfreview.drafting.base import DraftRequest
        from selfreview.notes import read_notes
        from selfreview.outline import load_outline
        from selfreview.schema import Voice

        record = _record_module()
        answers = json.loads(
            (ROOT / "fixtures" / "answers" / f"{sample}.json").read_text(encoding="utf-8")
        )
        request = DraftRequest(
            opinions=read_notes(ROOT / answers["notes"]).opinions,
            outline=load_outline(answers["outline"]),
            voice=Voice(answers["voice"]),
            org=record.SAMPLES[sample]["org"],
        )
        self.author = record.AnswerAuthor(answers, request)
        self.aspects = {a.name: a.id for a in request.outline.aspects}
        self.shown = {o.id for o in request.opinions}
        self.headlines = {
            str(item["headline"]) for items in answers["problems"].values() for item in items
        }

    def __call__(self, messages: Messages) -> str | None:
        """The author's answer, or None for a request about other notes."""
        from selfreview.modelclient.exchange import ChatMessage

        stage = stage_of(messages)
        if stage.startswith("problems:"):
            aspect = self.aspects.get(stage.split(":", 1)[1])
            if aspect is None:
                return None
            stage = f"problems:{aspect}"
        if stage == "other":
            return None
        block = _data_block(messages)
        if stage == "sort":
            ids = re.findall(r"^\[(O\d+)\] ", block, re.MULTILINE)
            if not set(ids) <= self.shown:
                return None
        if stage in ("causes", "measures"):  # only the sample's own problems
            listed = re.findall(r"^\[P\d+\]（[^）]*）(.*)$", block, re.MULTILINE)
            if not all(any(line.startswith(h) for h in self.headlines) for line in listed):
                return None
        request = ChatRequest(
            provider="sim",
            model="sim",
            messages=[ChatMessage(role=m["role"], content=m["content"]) for m in messages],
            label=stage,
        )
        try:
            return str(self.author.complete(request).content)
        except (KeyError, IndexError, ValueError):  # not the sample's notes
            return None


HEADLINES = [
    "抓落实的力度还不够",
    "工作标准还不够高",
    "联系服务群众还不够深入",
    "制度执行还不够严格",
]
CAUSES = [
    ("理想信念有所松动", "思想上对这些问题的危害认识不足，抓学习、抓落实的自觉性不够。"),
    ("党性修养有所放松", "对照党章党规检视不经常，自我要求有所降低，对苗头性问题警惕不够。"),
    ("担当精神有所减弱", "面对矛盾问题时求稳怕乱，攻坚克难的闯劲和韧劲不足。"),
    ("纪律规矩意识不够强", "对制度规定的严肃性认识不足，执行中存在打折扣、搞变通的情况。"),
]
MEASURES = [
    ("在深化理论武装上下功夫", "制定学习计划，逐月明确专题，研讨时联系分管工作谈体会、提措施。"),
    ("在提升工作标准上下功夫", "对标先进地区逐项找差距，建立重点工作台账，逐月调度、按季通报。"),
    ("在改进工作作风上下功夫", "精简会议文件，规范督查检查考核，班子成员每季度到联系点蹲点调研。"),
    ("在严守纪律规矩上下功夫", "严格执行请示报告和公务接待、公车使用规定，发现问题立行立改。"),
]


def _data_block(messages: Messages) -> str:
    prompt = str(messages[1]["content"]) if len(messages) > 1 else ""
    if DATA_START not in prompt:
        return ""
    return prompt.split(DATA_START, 1)[1].split(DATA_END, 1)[0]


def _chunks(items: Sequence[Any], count: int) -> list[list[Any]]:
    """``items`` in ``count`` contiguous, nearly equal, non-empty chunks."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def generic_answer(messages: Messages) -> str | None:
    """A valid answer for any notes (see the module docstring)."""
    stage = stage_of(messages)
    block = _data_block(messages)
    prompt = str(messages[1]["content"])
    if stage == "sort":
        head = prompt.split(DATA_START, 1)[0]
        aspects = re.findall(r"^([A-Za-z][\w-]*)：(.*)$", head, re.MULTILINE)
        grams = [_bigrams(text) for _, text in aspects]
        groups: dict[str, list[str]] = {a: [] for a, _ in aspects}
        for n, (opinion_id, text) in enumerate(
            re.findall(r"^\[(O\d+)\] (.*)$", block, re.MULTILINE)
        ):
            mine = _bigrams(text)
            scores = [len(mine & g) for g in grams]
            best = max(range(len(aspects)), key=lambda i: (scores[i], -((i - n) % len(aspects))))
            groups[aspects[best][0]].append(opinion_id)
        return json.dumps({"groups": groups, "none": []}, ensure_ascii=False)
    if stage.startswith("problems:"):
        shown = re.findall(r"^\[(\d+)\] (.*)$", block, re.MULTILINE)
        items: list[dict[str, Any]]
        if not shown:
            items = [
                {
                    "headline": h,
                    "body": "本方面没有收到意见，需起草人核实。",
                    "example": "【待补：具体事例】",
                    "sources": [],
                }
                for h in HEADLINES[:2]
            ]
        else:
            items = []
            for n, chunk in enumerate(_chunks(shown, 4)):
                example = chunk[0][1].rstrip("。；;，, ") + "。"
                items.append(
                    {
                        "headline": HEADLINES[n],
                        "body": "这一问题在多条意见中都有反映，说明我们在这方面还有明显差距。",
                        "example": example,
                        "sources": [int(number) for number, _ in chunk],
                    }
                )
        return json.dumps({"items": items}, ensure_ascii=False)
    if stage in ("causes", "measures"):
        problem_ids = re.findall(r"^\[(P\d+)\]", block, re.MULTILINE)
        texts = CAUSES if stage == "causes" else MEASURES
        link = "explains" if stage == "causes" else "addresses"
        linked = [
            {"headline": texts[n][0], "body": texts[n][1], link: chunk}
            for n, chunk in enumerate(_chunks(problem_ids, 4))
        ]
        return json.dumps({"items": linked}, ensure_ascii=False)
    return None


def answer_chain(names: Sequence[str]) -> Answered:
    """The first answer any of the named sources gives, and which source gave it."""
    sources: list[tuple[str, Answer]] = []
    for name in names:
        if name == "recorded":
            folders = sorted((ROOT / "fixtures" / "responses").iterdir())
            sources.append((name, RecordedAnswers(folders)))
        elif name == "author":
            sources.append((name, AuthorAnswers("sample-notes")))
        elif name == "generic":
            sources.append((name, generic_answer))
        else:
            raise ValueError(f"unknown answer source: {name}")

    def answer(messages: Messages) -> tuple[str, str] | None:
        for name, source in sources:
            content = source(messages)
            if content is not None:
                return content, name
        return None

    return answer


def input_tokens(body: dict[str, Any]) -> int:
    """Prompt tokens of a request: its messages, and a schema sent beside them."""
    sent = "".join(str(m.get("content") or "") for m in body.get("messages", []))
    extra = ""
    if body.get("tools"):
        extra = json.dumps(body["tools"], ensure_ascii=False)
    elif (body.get("response_format") or {}).get("type") == "json_schema":
        extra = json.dumps(body["response_format"], ensure_ascii=False)
    return estimate_tokens(sent) + (estimate_tokens(extra) if extra else 0)


def filler(tokens: int) -> str:
    """Text that :func:`estimate_tokens` counts as ``tokens`` tokens."""
    base = "对照检查材料查找的突出问题产生问题的原因分析努力方向和整改措施"
    chars = round(tokens * 1.5)
    return (base * (chars // len(base) + 1))[:chars]


# -- the server ---------------------------------------------------------------------------


@dataclass
class Served:
    """One request as the server handled it (times from ``time.perf_counter``)."""

    stage: str
    arrived: float
    started: float
    ended: float
    input_tokens: int
    output_tokens: int
    messages: int
    source: str
    """Which answer source answered ("" when none did)."""


@dataclass
class Speed:
    """The simulated model's speed."""

    ttft: float = 1.0
    rate: float = 40.0
    """Output tokens per second, per request."""
    slots: int = 0
    """Answers generated at once (0: no limit)."""
    scale: float = 1.0
    """Divide every delay by this (a quick run with the same proportions)."""

    def delay(self, output_tokens: int) -> float:
        """Seconds one answer of ``output_tokens`` takes."""
        return (self.ttft + output_tokens / self.rate) / self.scale


@dataclass
class SimServer:
    """``with SimServer(answer, Speed(...)) as sim: … sim.url … sim.log``."""

    answer: Answered
    speed: Speed = field(default_factory=Speed)
    port: int = 0
    """0: any free port."""
    verbose: bool = False
    log: list[Served] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(self.speed.slots) if self.speed.slots else None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                arrived = time.perf_counter()
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer = outer.handle(json.loads(raw), arrived)
                data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def handle(self, body: dict[str, Any], arrived: float) -> tuple[int, dict[str, Any]]:
        """Answer one chat-completions request after the simulated delay."""
        messages = body.get("messages", [])
        baseline = body.get("sim_output_tokens")
        stage = "baseline" if baseline is not None else stage_of(messages)
        tokens_in = input_tokens(body)
        found = (filler(int(baseline)), "filler") if baseline is not None else self.answer(messages)
        if found is None:
            self._note(Served(stage, arrived, arrived, arrived, tokens_in, 0, len(messages), ""))
            return 500, {"error": {"message": "sim_server: no answer for this request"}}
        content, source = found
        tokens_out = estimate_tokens(content)
        if self._slots is not None:
            self._slots.acquire()
        try:
            started = time.perf_counter()
            time.sleep(self.speed.delay(tokens_out))
        finally:
            if self._slots is not None:
                self._slots.release()
        ended = time.perf_counter()
        served = Served(
            stage, arrived, started, ended, tokens_in, tokens_out, len(messages), source
        )
        self._note(served)
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if body.get("tools"):
            name = body["tools"][0]["function"]["name"]
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": name, "arguments": content},
                    }
                ],
            }
        return 200, {
            "id": "chatcmpl-sim",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "sim"),
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": tokens_in,
                "completion_tokens": tokens_out,
                "total_tokens": tokens_in + tokens_out,
            },
        }

    def _note(self, served: Served) -> None:
        with self._lock:
            self.log.append(served)
        if self.verbose:
            print(
                f"{served.stage:<24} in {served.input_tokens:>6} out {served.output_tokens:>5}"
                f" {served.ended - served.arrived:6.2f} s {served.source or 'NO ANSWER'}",
                flush=True,
            )

    @property
    def url(self) -> str:
        """The base URL for a client (…/v1)."""
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def start(self) -> SimServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SimServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def critical_path(log: Sequence[Served]) -> int:
    """Round trips on the critical path: the longest chain of requests each of which
    started only after the previous one had ended."""
    spans = sorted((s.arrived, s.ended) for s in log if s.source)
    depth: list[int] = []
    for i, (start, _) in enumerate(spans):
        before = [depth[j] for j in range(i) if spans[j][1] <= start]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


class SimChat:
    """The same answers in process, as a :class:`~selfreview.modelclient.exchange.ChatModel`
    (no HTTP, no delay): for counting what a draft sends."""

    def __init__(self, answer: Answered) -> None:
        self.answer = answer
        self.requests: list[tuple[ChatRequest, int, int]] = []
        self.sources: list[str] = []
        self._lock = threading.Lock()

    def complete(self, request: ChatRequest) -> ChatReply:
        """Answer ``request``; remember it with its token counts."""
        messages = [m.model_dump() for m in request.messages]
        found = self.answer(messages)
        if found is None:
            raise RuntimeError(f"sim: no answer for {request.label}")
        content, source = found
        body = {"messages": messages, **request.params}
        usage = Usage(input_tokens=input_tokens(body), output_tokens=estimate_tokens(content))
        with self._lock:
            self.requests.append((request, usage.input_tokens, usage.output_tokens))
            self.sources.append(source)
        return ChatReply(content=content, finish_reason="stop", usage=usage)


def main() -> None:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--ttft", type=float, default=1.0, help="time to first token, seconds")
    parser.add_argument("--rate", type=float, default=40.0, help="output tokens per second")
    parser.add_argument("--slots", type=int, default=0, help="answers at once (0: no limit)")
    parser.add_argument("--answers", default="recorded,author,generic")
    args = parser.parse_args()
    sim = SimServer(
        answer_chain(args.answers.split(",")),
        Speed(ttft=args.ttft, rate=args.rate, slots=args.slots),
        port=args.port,
        verbose=True,
    ).start()
    print(f"serving {sim.url} (ttft {args.ttft} s, {args.rate} tokens/s); Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sim.stop()


if __name__ == "__main__":
    main()
