"""Recorded responses: the whole LLM path offline, replay misses, recording, partial
re-asks when one aspect's opinions change, and a failed call that loses nothing."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from recorded import NOTES, RESPONSES, answers, record_module
from selfreview.cli.app import run_cli
from selfreview.drafting.base import DraftRequest
from selfreview.errors import DraftingFailed, ReplayMissError
from selfreview.llm.drafter import LLMDrafter
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatReply, ChatRequest
from selfreview.modelclient.providers import resolve_provider
from selfreview.modelclient.store import CachedChat, ExchangeStore, ReplayChat
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.schema import Voice


@pytest.mark.parametrize(
    ("sample", "args", "problems", "aspects", "quotes"),
    [
        # the stand-in quoted “最多跑一次”, which no opinion says: the summary names it
        ("sample-notes", ["--org", "某市政府党组"], 19, 5, "P14：“最多跑一次”"),
        ("sample-personal", ["--org", "王某某同志", "--kind", "personal"], 13, 5, ""),
        # unit and kind from the notes' header; one aspect nobody raised (a placeholder)
        ("school-collective", [], 13, 4, ""),
    ],
)
def test_replayed_sample_builds_the_docx(
    sample: str,
    args: list[str],
    problems: int,
    aspects: int,
    quotes: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = tmp_path / f"{sample}.txt"
    shutil.copy(NOTES / f"{sample}.txt", notes)
    out = tmp_path / "材料.docx"
    code = run_cli(
        [
            str(notes),
            *args,
            "--replay",
            str(RESPONSES / sample),
            "--approve-all",
            "--allow-placeholders",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, f"{err}\n(if a prompt changed, run: python fixtures/record.py)"
    calls = 1 + aspects + 1 + 2  # sort, one call per aspect with opinions, causes, measures
    assert f"起草时模型调用 {calls} 次，其中缓存 {calls} 次" in err
    if quotes:
        assert f"有 1 个问题在引号中写了所引意见没有的说法（{quotes}）" in err
    else:
        assert "所引意见没有的说法" not in err
    draft = json.loads((tmp_path / "材料.draft.json").read_text(encoding="utf-8"))
    assert draft["settings"]["provider"] == "deepseek"
    stages = draft["model_log"]["stages"]
    assert {k: (v["calls"], v["cached"]) for k, v in stages.items()} == {
        "sort": (1, 1),
        "problems": (aspects, aspects),
        "causes": (1, 1),
        "measures": (2, 2),  # five aspects: two measures calls in parallel
    }
    assert all(v["input_tokens"] > 0 and v["output_tokens"] > 0 for v in stages.values())
    drafted = [p for g in draft["material"]["problems"] for p in g["items"]]
    assert len([p for p in drafted if p["sources"]]) == problems
    assert len(drafted) == problems + 5 - aspects  # an aspect placeholder where none spoke
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    data = answers(sample)
    for items in data["problems"].values():  # every answered problem reaches the document
        for item in items:
            assert any(item["headline"] in text for text in paragraphs), item["headline"]
    headings = [t for t in paragraphs if re.fullmatch(r"（[一二三四五]）[^。]*方面。?", t)]
    assert len(headings) == 5, headings


def test_replay_miss_names_the_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "changed.txt"
    text = (NOTES / "sample-notes.txt").read_text(encoding="utf-8")
    notes.write_text(text.replace("学习不够深入", "学习不够深入细致"), encoding="utf-8")
    code = run_cli(
        [str(notes), "--org", "某市政府党组", "--replay", str(RESPONSES / "sample-notes")]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert "回放目录中没有这次请求的记录：sort" in err[-1]
    assert "Traceback" not in "\n".join(err)


class CountingAuthor:
    """The sample author, counting the calls that reach it."""

    def __init__(self, request: DraftRequest) -> None:
        self.inner = record_module().AnswerAuthor(answers("sample-notes"), request)
        self.labels: list[str] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.labels.append(request.label)
        reply: ChatReply = self.inner.complete(request)
        return reply


def _request(text: str) -> DraftRequest:
    return DraftRequest(
        opinions=read_notes_text(text),
        outline=load_outline("2021-five"),
        voice=Voice.COLLECTIVE,
        org="某市政府党组",
    )


def read_notes_text(text: str) -> Any:
    """The opinions split from ``text`` as if it were a notes file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.txt"
        path.write_text(text, encoding="utf-8")
        return read_notes(path).opinions


def _draft(text: str, cache: Path) -> list[str]:
    request = _request(text)
    author = CountingAuthor(request)
    provider = resolve_provider("deepseek", UserConfig())
    LLMDrafter(CachedChat(author, ExchangeStore(cache)), provider).draft(request)
    return author.labels


def test_changing_one_aspects_opinions_reasks_only_what_changed(tmp_path: Path) -> None:
    text = (NOTES / "sample-notes.txt").read_text(encoding="utf-8")
    first = _draft(text, tmp_path)
    assert sorted(first) == sorted(
        [
            "sort",
            "causes",
            "measures:1",
            "measures:2",
            *(f"problems:{a}" for a in ("theory", "standard", "style", "masses", "discipline")),
        ]
    )
    assert _draft(text, tmp_path) == []  # unchanged: nothing asked
    changed = text.replace("学习不够深入", "学习不够深入细致")  # an opinion sorted under theory
    assert changed != text
    assert sorted(_draft(changed, tmp_path)) == ["problems:theory", "sort"]
    # causes and measures are re-asked only when the problems they see change


def test_record_then_replay(tmp_path: Path) -> None:
    text = (NOTES / "sample-notes.txt").read_text(encoding="utf-8")
    request = _request(text)
    provider = resolve_provider("deepseek", UserConfig())
    recorded = ExchangeStore(tmp_path / "rec")
    LLMDrafter(CachedChat(CountingAuthor(request), None, record=recorded), provider).draft(request)
    files = sorted(p.name.split(".")[0] for p in (tmp_path / "rec").glob("*.json"))
    assert files == sorted(
        [
            "causes",
            "measures_1",
            "measures_2",
            "sort",
            *(f"problems_{a}" for a in ("discipline", "masses", "standard", "style", "theory")),
        ]
    )
    record = json.loads(next((tmp_path / "rec").glob("sort.*.json")).read_text(encoding="utf-8"))
    assert (
        record["request"]["provider"] == "deepseek"
        and record["request"]["messages"][0]["role"] == "system"
    )
    assert oct(next((tmp_path / "rec").glob("*.json")).stat().st_mode & 0o777) == "0o600"
    replayed = LLMDrafter(ReplayChat(recorded), provider).draft(request)
    assert len(replayed.material.all_problems()) == 19
    assert recorded.providers() == {("deepseek", "deepseek-chat")}


def test_replay_refuses_an_unrecorded_request(tmp_path: Path) -> None:
    provider = resolve_provider("deepseek", UserConfig())
    request = _request((NOTES / "sample-notes.txt").read_text(encoding="utf-8"))
    with pytest.raises(ReplayMissError) as caught:
        LLMDrafter(ReplayChat(ExchangeStore(tmp_path)), provider).draft(request)
    assert "sort" in str(caught.value) and str(tmp_path) in str(caught.value)


class BrokenAspect(CountingAuthor):
    """Answers nonsense for one aspect until ``fixed``."""

    fixed = False

    def complete(self, request: ChatRequest) -> ChatReply:
        if request.label == "problems:style" and not self.fixed:
            self.labels.append(request.label)
            return ChatReply(content="好的，以下是问题清单：……（没有 JSON）")
        return super().complete(request)


def test_a_failed_call_is_kept_and_a_rerun_pays_only_for_it(tmp_path: Path) -> None:
    request = _request((NOTES / "sample-notes.txt").read_text(encoding="utf-8"))
    provider = resolve_provider("deepseek", UserConfig())
    author = BrokenAspect(request)
    store = ExchangeStore(tmp_path)
    with pytest.raises(DraftingFailed) as caught:
        LLMDrafter(CachedChat(author, store), provider, retries=1).draft(request)
    failure = caught.value.failures[0]
    assert failure.label == "problems:style" and "没有 JSON" in (failure.last_raw or "")
    assert author.labels.count("problems:style") == 2  # asked, then re-asked once
    assert "causes" not in author.labels  # later stages wait for every aspect
    author.labels.clear()
    author.fixed = True
    LLMDrafter(CachedChat(author, store), provider, retries=1).draft(request)
    assert sorted(author.labels) == ["causes", "measures:1", "measures:2", "problems:style"]


def test_cli_keeps_the_failure_in_the_draft_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(RESPONSES / "sample-notes", replay)
    style = next(replay.glob("problems_style.*.json"))
    record = json.loads(style.read_text(encoding="utf-8"))
    record["reply"]["content"] = "抱歉，我无法完成。"
    style.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    notes = tmp_path / "n.txt"
    shutil.copy(NOTES / "sample-notes.txt", notes)
    code = run_cli([str(notes), "--org", "某市政府党组", "--replay", str(replay), "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 1 and "problems:style" in err and "Traceback" not in err
    draft = json.loads(notes.with_name("n.draft.json").read_text(encoding="utf-8"))
    assert draft["material"] is None
    assert draft["model_log"]["failures"][0]["last_raw"] == "抱歉，我无法完成。"
