"""A whole draft through the CLI against the local fake server: what the server receives
holds no personal data, the draft file gets it back, nothing is written world-readable,
and the API key is written nowhere."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from fake_openai import FakeOpenAIServer, completion
from recorded import record_module, stage_label
from selfreview.cli.app import run_cli
from selfreview.drafting.base import DraftRequest
from selfreview.modelclient.exchange import ChatMessage, ChatRequest
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.privacy import Redactor
from selfreview.privacy.chat import texts_sent
from selfreview.schema import Voice

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-privacy-test-0123456789abcdef"
ORG = "某县政府党组"
# The contact line is a sentence, so it is an opinion and is sent (redacted); written as a
# label ("联系人：…") it would be a note about the notes, kept out of the opinions.
NOTES = """某县政府党组征求意见汇总

联系人为办公室 孙丽华，手机 139-0013-8000，邮箱 sunlh@example.gov.cn

一、征求意见情况
1. 理论学习中心组全年集中学习12次，有2名同志缺席3次以上，学习不够深入。
2. 2024年一季度主要经济指标增幅排第11位，有的同志满足于中游水平，思想不够解放。
3. 群众反映办事难，一位群众（身份证号11010519491231002X）的材料被退回3次。
4. 有的单位把补助款打到个人银行卡6222021234567894，财务审核不严，涉及资金1500万元。

二、谈心谈话记录
（1）郑志刚（副县长）：会议太多，一季度开了23次会，办公室电话0531-88886666常打不通。
（2）欧阳明华同志说：批评和自我批评辣味不足，有事请发邮件到 oymh@example.gov.cn。
"""
ORIGINALS = (
    "孙丽华",
    "139-0013-8000",
    "13900138000",
    "sunlh@example.gov.cn",
    "11010519491231002X",
    "6222021234567894",
    "郑志刚",
    "0531-88886666",
    "88886666",
    "欧阳明华",
    "oymh@example.gov.cn",
)
FIGURES = ("12次", "2024年", "第11位", "3次", "1500万元", "23次")


def _problem(headline: str, example: str, sources: list[str]) -> dict[str, Any]:
    return {"headline": headline, "body": "", "example": example, "sources": sources}


ANSWERS: dict[str, Any] = {
    "sort": {
        "groups": {
            "theory": ["O2"],
            "standard": ["O3"],
            "style": ["O6"],
            "masses": ["O4"],
            "discipline": ["O5", "O7"],
        },
        "none": [{"id": "O1", "reason": "联系人和联系方式，不是意见"}],
    },
    "problems": {
        "theory": [_problem("理论学习不够深入", "全年集中学习12次，有2名同志缺席3次以上", ["O2"])],
        "standard": [_problem("思想不够解放", "2024年一季度主要经济指标增幅排第11位", ["O3"])],
        "style": [
            _problem(
                "文山会海问题仍然存在",
                "郑志刚反映一季度开了23次会，办公室电话0531-88886666常打不通",
                ["O6"],
            )
        ],
        "masses": [
            _problem("服务群众不够到位", "身份证号为11010519491231002X的群众材料被退回3次", ["O4"])
        ],
        "discipline": [
            _problem(
                "财务管理不够严格",
                "补助款打到个人银行卡6222021234567894；欧阳明华同志反映可发邮件到"
                "oymh@example.gov.cn",
                ["O5", "O7"],
            )
        ],
    },
    "causes": [
        {"headline": "理论武装不够扎实", "body": "学习的自觉性不强。", "explains": ["P1", "P2"]},
        {"headline": "宗旨意识有所淡化", "body": "服务群众的意识不强。", "explains": ["P3", "P4"]},
        {"headline": "纪律规矩意识不强", "body": "制度执行不严。", "explains": ["P5"]},
    ],
    "measures": [
        {
            "headline": "加强理论武装",
            "body": "每月集中学习一次，缺席的同志一周内补学。",
            "addresses": ["P1", "P2"],
        },
        {
            "headline": "改进作风",
            "body": "精简会议，压减三分之一，每季度通报一次。",
            "addresses": ["P3", "P4", "P5"],
        },
    ],
}


class Author:
    """Answers like a model that copies placeholders; optionally behind redaction."""

    def __init__(
        self,
        notes: Path,
        *,
        redacted: bool,
        unknown_for: str | None = None,
        unknown_asks: int = 99,
    ) -> None:
        request = DraftRequest(
            opinions=read_notes(notes).opinions,
            outline=load_outline("2021-five"),
            voice=Voice.COLLECTIVE,
            org=ORG,
        )
        redactor = Redactor() if redacted else None
        if redactor is not None:
            redactor.prime(texts_sent(request))  # as the drafter does: the same numbering
        self.author = record_module().AnswerAuthor(ANSWERS, request, redactor)
        self.names = {a.name: a.id for a in request.outline.aspects}
        self.unknown_for = unknown_for
        self.unknown_asks = unknown_asks  # how many asks of that call invent a placeholder

    def label(self, body: dict[str, Any]) -> str:
        return stage_label(body["messages"][1]["content"], self.names)

    def __call__(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        label = self.label(body)
        messages = [ChatMessage(role=m["role"], content=m["content"]) for m in body["messages"]]
        request = ChatRequest(provider="x", model=body["model"], messages=messages, label=label)
        content = self.author.complete(request).content
        asked_before = sum(m.role == "assistant" for m in messages)
        if label == self.unknown_for and asked_before < self.unknown_asks:
            content = content.replace("〔人名2〕", "〔人名9〕")
        return 200, completion(content, model=body["model"])


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    notes = tmp_path / "意见.txt"
    notes.write_text(NOTES, encoding="utf-8")
    monkeypatch.setenv("CORP_API_KEY", KEY)
    return notes, Path(os.environ["SELFREVIEW_CACHE_DIR"])


def _config(url: str) -> None:
    Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
        f'[providers.corp]\nbase_url = "{url}"\nmodel = "corp-72b"\noutput = "json_schema"\n'
        'key_env = "CORP_API_KEY"\n',
        encoding="utf-8",
    )


def _bodies(server: FakeOpenAIServer) -> str:
    return "\n".join(
        r.raw.decode("utf-8") + json.dumps(r.body, ensure_ascii=False) for r in server.received
    )


def _files(*places: Path) -> dict[Path, str]:
    found: dict[Path, str] = {}
    for place in places:
        paths = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for path in paths:
            found[path] = path.read_bytes().decode("utf-8", errors="replace")
    return found


def test_remote_style_draft_sends_no_personal_data(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, cache = setup
    record = tmp_path / "record"
    with FakeOpenAIServer(Author(notes, redacted=True)) as server:
        _config(server.url)
        args = [
            str(notes),
            "--provider",
            "corp",
            "--outline",
            "2021-five",
            "--redact",
            "--org",
            ORG,
            "--record",
            str(record),
        ]
        code = run_cli(args)
    err = capsys.readouterr().err
    assert code == 0, err
    assert len(server.received) >= 8
    sent = _bodies(server)
    leaked = [original for original in ORIGINALS if original in sent]
    assert leaked == []
    assert "〔人名2〕（副县长）" in sent and "〔身份证1〕" in sent and "〔银行卡1〕" in sent
    assert all(figure in sent for figure in FIGURES)  # figures still reach the model
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.received)

    draft_path = notes.with_name("意见.draft.json")
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    examples = [p["example"] for g in draft["material"]["problems"] for p in g["items"]]
    assert examples[2] == "郑志刚反映一季度开了23次会，办公室电话0531-88886666常打不通"
    assert "11010519491231002X" in examples[3]
    assert "6222021234567894" in examples[4] and "oymh@example.gov.cn" in examples[4]
    assert "〔" not in json.dumps(draft["material"], ensure_ascii=False)

    stored = _files(cache, record)
    assert len([p for p in stored if p.parent == cache]) >= 8
    for path, text in stored.items():
        assert [o for o in ORIGINALS if o in text] == [], path
    # private files: the draft file and every cached exchange 0600, the cache folder 0700
    assert draft_path.stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in cache.glob("*.json")} == {0o600}
    # the key is written nowhere: cache, record folder, draft file, messages
    for path, text in _files(cache, record, draft_path).items():
        assert KEY not in text, path
    assert KEY not in err and KEY[-8:] not in err


def test_a_local_server_gets_the_notes_as_they_are(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, _ = setup
    with FakeOpenAIServer(Author(notes, redacted=False)) as server:
        _config(server.url)  # 127.0.0.1: on this machine, so no redaction by default
        code = run_cli([str(notes), "--provider", "corp", "--outline", "2021-five", "--org", ORG])
    assert code == 0, capsys.readouterr().err
    sent = _bodies(server)
    assert "郑志刚（副县长）" in sent and "11010519491231002X" in sent
    assert "〔人名" not in sent


def test_an_invented_placeholder_is_asked_again_with_its_error(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, cache = setup
    args = [
        str(notes),
        "--provider",
        "corp",
        "--outline",
        "2021-five",
        "--redact",
        "--org",
        ORG,
        "--retries",
        "1",
    ]
    author = Author(notes, redacted=True, unknown_for="problems:style", unknown_asks=1)
    with FakeOpenAIServer(author) as server:
        _config(server.url)
        code = run_cli(args)
    assert code == 0, capsys.readouterr().err
    style = [
        r.body["messages"] for r in server.received if author.label(r.body) == "problems:style"
    ]
    assert [len(messages) for messages in style] == [2, 4]  # asked, then asked again
    again = style[1]
    assert again[:2] == style[0]  # the same conversation, plus the answer and the error
    assert again[2]["role"] == "assistant" and "〔人名9〕" in again[2]["content"]
    assert again[3]["role"] == "user"
    assert "从未发出的占位符 〔人名9〕" in again[3]["content"]
    sent = _bodies(server)
    assert [original for original in ORIGINALS if original in sent] == []  # re-ask too
    draft = json.loads(notes.with_name("意见.draft.json").read_text(encoding="utf-8"))
    log = draft["model_log"]
    assert log["failures"] == []
    attempts = [(c["attempt"], c["ok"]) for c in log["calls"] if c["label"] == "problems:style"]
    assert attempts == [(1, False), (2, True)]
    examples = [p["example"] for g in draft["material"]["problems"] for p in g["items"]]
    assert examples[2] == "郑志刚反映一季度开了23次会，办公室电话0531-88886666常打不通"
    for path, text in _files(cache).items():
        assert [o for o in ORIGINALS if o in text] == [], path
    # the bad answer was not cached: a re-run asks that once more, and the rest (the
    # re-asked chain included) comes from the cache
    with FakeOpenAIServer(author) as server:
        _config(server.url)
        assert run_cli([*args, "--redraft"]) == 0, capsys.readouterr().err
    assert [len(r.body["messages"]) for r in server.received] == [2]  # only the bad first ask


def test_with_no_reasks_left_an_invented_placeholder_fails_that_call_only(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    notes, cache = setup
    args = [
        str(notes),
        "--provider",
        "corp",
        "--outline",
        "2021-five",
        "--redact",
        "--org",
        ORG,
        "--retries",
        "0",
    ]
    with FakeOpenAIServer(Author(notes, redacted=True, unknown_for="problems:style")) as server:
        _config(server.url)
        code = run_cli(args)
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "〔人名9〕" in err.strip().splitlines()[-1]
    assert all(len(r.body["messages"]) == 2 for r in server.received)  # no re-ask
    draft = json.loads(notes.with_name("意见.draft.json").read_text(encoding="utf-8"))
    failure = draft["model_log"]["failures"][0]
    assert failure["label"] == "problems:style" and "〔人名9〕" in failure["last_raw"]
    assert "郑志刚" not in failure["last_raw"]
    assert not any("〔人名9〕" in text for text in _files(cache).values())  # not cached
    with FakeOpenAIServer(Author(notes, redacted=True)) as server:
        _config(server.url)
        assert run_cli([*args, "--redraft"]) == 0, capsys.readouterr().err
    labels = [_prompt(r.body).splitlines()[0] for r in server.received]
    assert len(labels) == 4  # the failed aspect, causes, two halves of measures: nothing else
    assert labels[0].startswith("任务：为“")


def _prompt(body: dict[str, Any]) -> str:
    content: str = body["messages"][1]["content"]
    return content


def test_no_api_key_in_fixtures() -> None:
    """Recorded exchanges and sample files never hold a key (any sk-… string)."""
    key_like = re.compile(r"sk-[A-Za-z0-9_-]{12,}")
    for path, text in _files(ROOT / "fixtures").items():
        assert key_like.search(text) is None, path
