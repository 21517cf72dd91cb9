"""Stable placeholders, restoring answers, the redacting chat model, the roster file, and
which providers get redacted requests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli
from selfreview.errors import RosterError, UnknownPlaceholderError
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatMessage, ChatReply, ChatRequest
from selfreview.modelclient.providers import resolve_provider
from selfreview.modelclient.store import CachedChat, ExchangeStore
from selfreview.pipeline import ModelOptions
from selfreview.privacy import Kind, Redactor, load_roster
from selfreview.privacy.chat import RedactingChat
from selfreview.workflow.chain import model_chain

NOTES = [
    "整理：综合科 张红，手机 139-0000-1234",
    "李明（副市长）：会议太多，一季度开了23次会。",
    "赵建国（秘书长）：李明同志说的对，张红的电话13900001234常打不通。",
]


def test_numbering_follows_the_notes_and_is_stable() -> None:
    redactor = Redactor()
    sent = redactor.prime(NOTES)
    assert sent == [
        "整理：综合科 〔人名1〕，手机 〔手机1〕",
        "〔人名2〕（副市长）：会议太多，一季度开了23次会。",
        "〔人名3〕（秘书长）：〔人名2〕同志说的对，〔人名1〕的电话〔手机1〕常打不通。",
    ]
    table = {r.placeholder: (r.original, r.kind, r.count) for r in redactor.replacements()}
    assert table == {
        "〔人名1〕": ("张红", Kind.NAME, 2),
        "〔手机1〕": ("139-0000-1234", Kind.MOBILE, 2),  # the same number written two ways
        "〔人名2〕": ("李明", Kind.NAME, 2),
        "〔人名3〕": ("赵建国", Kind.NAME, 1),
    }
    again = Redactor()
    assert again.prime(NOTES) == sent  # a second run sends the same text
    assert redactor.redact("李明和赵建国谈到张红") == "〔人名2〕和〔人名3〕谈到〔人名1〕"


def test_a_name_first_seen_as_a_speaker_is_replaced_everywhere() -> None:
    sent = Redactor().prime(["会上周强提出的意见很中肯。", "周强（副市长）：党建要加强。"])
    assert sent[0] == "会上〔人名1〕提出的意见很中肯。"


def test_titled_speakers_and_grouped_id_numbers_never_reach_a_request() -> None:
    """Issue 17: "武装部长 某某：" and "110105 19491231 002X" went out in clear."""
    notes = [
        "党委委员、武装部长 张三：班子成员之间谈心谈话少，有意见不当面讲。",
        "镇长李四：中心组学习多是读报纸，今年只开了5次专题研讨。",
        "低保户（身份证号110105 19491231 002X，复印件上写11010519491231002X）反映评议不公开。",
    ]
    redactor = Redactor()
    sent = "\n".join(redactor.prime(notes))
    sent += redactor.redact("请张三、李四核实，身份证号 110105-1949-1231-002X")
    for original in ("张三", "李四", "19491231", "002X"):
        assert original not in sent
    ids = {r.placeholder for r in redactor.replacements() if r.kind is Kind.ID_CARD}
    assert ids == {"〔身份证1〕"}  # one person, however the number is written
    assert "5次" in sent


def test_restore_puts_originals_back_in_any_bracket() -> None:
    redactor = Redactor()
    redactor.prime(NOTES)
    answer = '{"example": "〔人名2〕反映，【人名1】的电话[手机1]打不通；人名3同志"}'
    assert redactor.restore(answer) == (
        '{"example": "李明反映，张红的电话139-0000-1234打不通；赵建国同志"}'
    )
    assert redactor.restore("国发〔2021〕5号") == "国发〔2021〕5号"


def test_an_unknown_placeholder_is_an_error() -> None:
    redactor = Redactor()
    redactor.prime(NOTES)
    with pytest.raises(UnknownPlaceholderError) as caught:
        redactor.restore("〔人名2〕和〔人名9〕、〔身份证1〕")
    assert caught.value.placeholders == ["〔人名9〕", "〔身份证1〕"]
    assert "〔人名9〕" in str(caught.value)
    assert redactor.restore("手机9部") == "手机9部"  # bare and not issued: ordinary text


def test_pieces_cut_off_by_an_ellipsis_are_replaced_too() -> None:
    """The sort stage clips opinions ("张红，电话139000…") or shows a window ("…0001234 联系…")."""
    redactor = Redactor()
    redactor.prime(["联系人张红，电话13900001234", "联系人欧阳明华同志，电话 139-0000-5678"])
    assert redactor.redact("联系人张红，电话139000…") == "联系人〔人名1〕，电话〔手机1〕…"
    assert re.fullmatch("联系人〔人名[23]〕…", redactor.redact("联系人欧阳明…"))  # jieba: 欧阳明 nr
    assert redactor.redact("…阳明华同志，电话") == "…〔人名2〕同志，电话"
    assert redactor.redact("…00001234 联系…") == "…〔手机1〕 联系…"
    assert redactor.redact("…0000-5678，") == "…〔手机2〕，"
    assert re.fullmatch("…〔手机[12]〕…", redactor.redact("…0000…"))  # in both numbers
    assert redactor.redact("增长139…") == "增长139…"  # 3 digits: too short to tell
    assert redactor.redact("共1234……") == "共1234……"  # "……" is prose, not a cut


def test_roster_names_and_file(tmp_path: Path) -> None:
    roster = tmp_path / "名单.txt"
    roster.write_bytes("# 班子成员\n孙丽华\n钱多多、吴刚  # 副县长\n\n".encode("gbk"))
    names = load_roster(roster)
    assert names == ["孙丽华", "钱多多", "吴刚"]
    sent = Redactor(names).prime(["钱多多分管的工作推进慢，吴刚到现场少"])
    assert sent == ["〔人名1〕分管的工作推进慢，〔人名2〕到现场少"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "人员名单文件不存在"),
        ("张\n", "第 1 行的“张”只有一个字"),
        ("孙丽华\n12345\n", "第 2 行的“12345”不像姓名"),
        (b"\x00\x01\x02\xff\xfe\x00" * 50, "人员名单无法读取"),
    ],
)
def test_bad_roster_files(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    roster = tmp_path / "names.txt"
    if isinstance(content, str):
        roster.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        roster.write_bytes(content)
    with pytest.raises(RosterError) as caught:
        load_roster(roster)
    assert message in str(caught.value) and str(roster) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_roster_is_a_one_line_cli_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "意见.txt"
    notes.write_text("1. 学习不够深入。\n", encoding="utf-8")
    missing = tmp_path / "没有这个名单.txt"
    code = run_cli([str(notes), "--provider", "deepseek", "--names", str(missing)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines()[-1] == f"错误：{missing}：人员名单文件不存在"
    assert "Traceback" not in err


class Echo:
    """A chat model that answers with a fixed text and keeps what it was sent."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.sent: list[ChatRequest] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.sent.append(request)
        return ChatReply(content=self.answer)


def _request(text: str) -> ChatRequest:
    return ChatRequest(
        provider="deepseek",
        model="m",
        messages=[
            ChatMessage(role="system", content="你是起草助手"),
            ChatMessage(role="user", content=text),
        ],
        label="problems:style",
    )


def test_redacting_chat_caches_only_placeholders(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.prime(NOTES)
    inner = Echo('{"example": "〔人名2〕说一季度开了23次会"}')
    store = ExchangeStore(tmp_path)
    chat = RedactingChat(CachedChat(inner, store), redactor)
    reply = chat.complete(_request("\n".join(NOTES)))
    assert reply.content == '{"example": "李明说一季度开了23次会"}'
    sent = inner.sent[0].messages[1].content
    assert "李明" not in sent and "〔人名2〕" in sent and "23次" in sent
    cached = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.json"))
    for original in ("张红", "李明", "赵建国", "13900001234", "139-0000-1234"):
        assert original not in cached
    assert chat.complete(_request("\n".join(NOTES))).cached  # same redacted request: a hit


def test_unknown_placeholder_answer_is_a_failed_call_and_not_cached(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.prime(NOTES)
    store = ExchangeStore(tmp_path)
    chat = RedactingChat(CachedChat(Echo('{"example": "〔人名7〕反映"}'), store), redactor)
    with pytest.raises(UnknownPlaceholderError) as caught:
        chat.complete(_request(NOTES[1]))
    assert caught.value.label == "problems:style"
    assert caught.value.last_raw == '{"example": "〔人名7〕反映"}'
    assert "〔人名7〕" in str(caught.value) and "problems:style" in str(caught.value)
    assert list(tmp_path.glob("*.json")) == []  # dropped: a re-run asks again


def test_remote_providers_get_redaction_local_ones_do_not(tmp_path: Path) -> None:
    config = UserConfig()
    remote = resolve_provider("deepseek", config)
    local = resolve_provider("ollama", config)
    lan = resolve_provider("vllm", config, base_url="http://10.0.0.8:8000/v1")
    options = ModelOptions(cache=False, config=config)
    assert options.redacts(remote) and options.redacts(lan) and not options.redacts(local)
    texts = ["李明（副市长）：会议多。"]
    assert isinstance(model_chain(remote, options, texts).chat, RedactingChat)
    assert not isinstance(model_chain(local, options, texts).chat, RedactingChat)
    forced = ModelOptions(cache=False, config=config, redact=True)
    assert isinstance(model_chain(local, forced, texts).drafter().chat, RedactingChat)
    off = ModelOptions(cache=False, config=config, redact=False)
    chain = model_chain(remote, off, texts)
    assert chain.redactor is None and not isinstance(chain.drafter().chat, RedactingChat)


def test_replayed_samples_hold_no_names() -> None:
    """The bundled recordings were made through redaction: placeholders, never the names."""
    root = Path(__file__).resolve().parents[1] / "fixtures" / "responses"
    text = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.json"))
    for original in ("李明", "赵建国", "陈红", "周强", "张红", "13900001234", "王局长"):
        assert original not in text
    discipline = (root / "sample-notes").glob("problems_discipline.*.json")
    request = json.loads(next(discipline).read_text("utf-8"))["request"]
    assert "〔人名1〕（副市长）：" in request["messages"][1]["content"]


def test_a_chat_used_outside_a_draft_learns_names_from_its_request() -> None:
    """The reviewer's regeneration reuses the drafter's chat without a draft to prime it."""
    inner = Echo('{"body": "〔人名1〕反映会议多"}')
    chat = RedactingChat(inner, Redactor())
    sources = "<<<材料开始>>>\n李明（副市长）：会议多。 赵建国（秘书长）：电话13900001234。\n<<<材料结束>>>"
    reply = chat.complete(_request(f"任务：改写。\n{sources}"))
    sent = inner.sent[0].messages[1].content
    assert "〔人名1〕（副市长）：会议多。 〔人名2〕（秘书长）：电话〔手机1〕。" in sent
    assert reply.content == '{"body": "李明反映会议多"}'
