"""The clerk's stumbles in the terminal review (issue 18): labels, comments, counts,
warnings on approval, prefilled inline edits, Ctrl-C, and the re-run summary."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.review_helpers import offline_draft

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.record import Status
from selfreview.review.console import ScriptedConsole, TerminalConsole
from selfreview.review.session import ReviewSession
from selfreview.review.terminal import run_terminal_review
from selfreview.units import find_item

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample notes drafted offline once, as saved JSON."""
    _, path, _ = offline_draft(tmp_path_factory.mktemp("clerk"))
    return path.read_text(encoding="utf-8")


@pytest.fixture
def draft_path(tmp_path: Path, drafted: str) -> Path:
    path = tmp_path / "笔记.draft.json"
    path.write_text(drafted, encoding="utf-8")
    return path


def review(path: Path, lines: list[str], *, prefill: bool = False) -> ScriptedConsole:
    session = ReviewSession(load_draft(path), path, by="张三", via="terminal")
    console = ScriptedConsole(lines, [lambda text: text], prefill=prefill)
    run_terminal_review(session, console)
    return console


def test_the_title_is_labelled_title_everywhere(draft_path: Path) -> None:
    console = review(draft_path, ["title", "e", "i", "某市政府党组对照检查材料", "q"])
    text = console.text
    screen = text[text.index("标题 · 待定") :]
    assert "\n标题：" in screen and "\n正文：" not in screen[: screen.index("检查发现")]
    assert "\n标题：" in console.editor_texts[0] and "正文" not in console.editor_texts[0]
    assert "新的标题（回车不改，- 清空）：" in text and "新的正文" not in text
    assert load_draft(draft_path).material.title == "某市政府党组对照检查材料"  # type: ignore[union-attr]


def test_every_comment_is_shown_not_only_the_last(draft_path: Path) -> None:
    console = review(draft_path, ["P3", "c 请办公室补事例", "c 与 P5 对照", "a 已核实", "P3"])
    screen = console.text[console.text.rindex("问题 P3") :]
    assert "全部备注（3 条）：" in screen
    for comment in ("请办公室补事例", "与 P5 对照", "已核实"):
        assert f"张三：{comment}" in screen


def test_overview_counts_the_items_left_in_an_aspect(draft_path: Path) -> None:
    material = load_draft(draft_path).material
    assert material is not None
    first = material.problems[0]
    script: list[str] = []
    for problem in first.items:
        script += [problem.id, "d 重复"]
    console = review(draft_path, [*script, "o"])
    overview = console.text[console.text.rindex("总览") :]
    assert f"1. {first.aspect}：0 项（另已删除 {len(first.items)}）" in overview


def test_approving_a_placeholder_warns_and_lets_the_clerk_decide(draft_path: Path) -> None:
    console = review(draft_path, ["P4", "a", "n", "a", "y"])
    assert "这一条还有待补内容：【待补：具体事例】" in console.text
    assert "未确认，本条仍为待定" in console.text
    decisions = load_draft(draft_path).review["P4"].decisions
    assert [d.status for d in decisions] == [Status.APPROVED]  # only the second answer


def test_approving_a_problem_that_cites_no_opinion_warns(draft_path: Path) -> None:
    console = review(draft_path, ["P3", "l", "-", "a", "n"])
    assert find_item(load_draft(draft_path).material, "P3").sources == []  # type: ignore[union-attr]
    assert "这个问题没有引用任何意见" in console.text
    assert load_draft(draft_path).status("P3") is not Status.APPROVED
    quiet = review(draft_path, ["P1", "a"])  # cites opinions, no placeholder: no question
    assert "仍要确认吗" not in quiet.text
    assert load_draft(draft_path).status("P1") is Status.APPROVED


def test_inline_edit_starts_from_the_current_text(draft_path: Path) -> None:
    before = find_item(load_draft(draft_path).material, "P3")  # type: ignore[arg-type]
    edited = before.headline + "问题"
    console = review(draft_path, ["P3", "i", edited, before.body, before.example], prefill=True)
    fields = [before.headline, before.body, before.example]
    assert console.prefills == [text for text in fields if text]  # an empty field: no prefill
    assert "已填入现有文字" in console.text and "标题句现为" not in console.text
    assert find_item(load_draft(draft_path).material, "P3").headline == edited  # type: ignore[arg-type]


@pytest.mark.skipif(os.name == "nt", reason="readline and pty are POSIX")
def test_terminal_console_puts_the_current_text_on_the_line() -> None:
    """A real pseudo-terminal: readline shows the prefilled text, the person appends."""
    import pty

    code = (
        "from selfreview.review.console import TerminalConsole\n"
        "c = TerminalConsole()\n"
        "print('CAN', c.can_prefill)\n"
        "print('GOT', repr(c.read_line('> ', prefill='学用结合')))\n"
    )
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "xterm"}
    env["PYTHONPATH"] = str(ROOT / "src")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 30
    sent = False
    while time.monotonic() < deadline:  # read to the end: EOF (EIO) once the child is gone
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not sent and "学用结合".encode() in output:
            os.write(master, "不够紧密\r".encode())
            sent = True
    proc.wait(timeout=30)
    os.close(master)
    text = output.decode("utf-8", "replace")
    assert "CAN True" in text
    assert "GOT '学用结合不够紧密'" in text


def test_plain_input_has_no_prefill(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt: "新的")
    console = TerminalConsole()
    console.can_prefill = False
    assert console.read_line("> ", prefill="旧的") == "新的"


def test_ctrl_c_in_review_says_it_is_saved_and_how_to_go_on(
    draft_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["a"])

    def read_line(self: TerminalConsole, prompt: str, prefill: str = "") -> str:
        for answer in answers:
            return answer
        raise KeyboardInterrupt

    monkeypatch.setattr("selfreview.cli.review_flow.interactive", lambda: True)
    monkeypatch.setattr(TerminalConsole, "read_line", read_line)
    assert run_cli(["review", str(draft_path)]) == 130
    err = capsys.readouterr().err
    assert f"已保存；继续：draft review {draft_path}" in err
    assert "已中断" not in err
    assert load_draft(draft_path).status("title") is Status.APPROVED


def test_the_rerun_summary_leaves_deleted_items_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes, path, draft = offline_draft(tmp_path)
    material = draft.material
    assert material is not None
    problems, measures = len(material.all_problems()), len(material.measures)
    session = ReviewSession(draft, path, by="张三")
    session.reject("P5", "与 P6 重复")
    session.reject(material.measures[-1].id)
    capsys.readouterr()
    assert run_cli([str(notes), "--org", "某市政府党组", "--no-review"]) == 0
    err = capsys.readouterr().err
    assert f"起草问题 {problems - 1} 个" in err
    assert f"措施 {measures - 1} 条（审阅中已删除的 2 项不计）" in err
