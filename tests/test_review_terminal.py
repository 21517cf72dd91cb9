"""The terminal review driven by scripted keystrokes; every assertion reads the saved draft."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from selfreview.draftfile import DraftFile, load_draft, save_draft
from selfreview.drafting.offline import OfflineDrafter
from selfreview.errors import EditFormError, EditorError, NoEditorError
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.pipeline import draft_document, draft_settings
from selfreview.record import Status
from selfreview.review.console import (
    ScriptedConsole,
    ScriptedEdit,
    TerminalConsole,
    editor_command,
    editor_notice,
)
from selfreview.review.editform import edit_template, parse_edit
from selfreview.review.session import ReviewSession
from selfreview.review.terminal import run_terminal_review
from selfreview.schema import Cause, Measure
from selfreview.units import UnitKind, aspect_of, find_item, get_fields

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"


@pytest.fixture(scope="module")
def drafted() -> str:
    """The offline draft of the sample notes, as saved JSON (drafted once per module)."""
    notes = read_notes(SAMPLE)
    settings = draft_settings(notes, load_outline(None), org="某市政府党组")
    return draft_document(notes, settings, OfflineDrafter()).model_dump_json()


@pytest.fixture
def draft_path(tmp_path: Path, drafted: str) -> Path:
    path = tmp_path / "笔记.draft.json"
    save_draft(DraftFile.model_validate_json(drafted), path)
    return path


class FakeReviser:
    """Stands in for the model: fixed new text, and a record of what it was asked."""

    name = "fake-model"

    def __init__(self) -> None:
        self.revised: list[tuple[str, str]] = []
        self.followed: list[tuple[UnitKind, list[str]]] = []

    def revise(self, draft: DraftFile, unit_id: str, instruction: str) -> dict[str, str]:
        self.revised.append((unit_id, instruction))
        return {"headline": "学用转化不够到位", "body": "研讨发言联系分管工作少"}

    def followups(
        self, draft: DraftFile, kind: UnitKind, problem_ids: Sequence[str]
    ) -> list[Cause] | list[Measure]:
        self.followed.append((kind, list(problem_ids)))
        if kind is UnitKind.CAUSE:
            return [Cause(id="C1", headline="新的原因", explains=list(problem_ids))]
        return [Measure(id="M1", headline="新的措施", addresses=list(problem_ids))]


def review(
    path: Path,
    lines: Sequence[str],
    edits: Sequence[ScriptedEdit] = (),
    reviser: FakeReviser | None = None,
) -> ScriptedConsole:
    """Run the terminal review on the draft file at ``path`` with a script."""
    session = ReviewSession(load_draft(path), path, by="张三", via="terminal", reviser=reviser)
    console = ScriptedConsole(lines, edits)
    run_terminal_review(session, console)
    return console


def statuses(draft: DraftFile, *units: str) -> list[Status]:
    return [draft.status(u) for u in units]


# -- screens ------------------------------------------------------------------------------


def test_starts_with_overview_then_shows_sources_and_findings(draft_path: Path) -> None:
    console = review(draft_path, ["P4", "M1", "q"])
    text = console.text
    assert text.index("总览") < text.index("问题 22 项：已确认 0，已删除 0，待定 22")
    assert "1. 理论学习方面：4 项，待定 4" in text
    assert "标题 · 待定" in text  # the first pending unit comes first
    screen = text[text.index("问题 P4（理论学习方面） · 待定") :]
    assert "标题句：指导督促力度不够" in screen
    assert "O4〔征求意见〕个别部门以业务学习代替理论学习" in screen
    assert "fixtures/notes/sample-notes.txt:13）" in screen
    assert "[错误] placeholder：留有占位符或替代字 “【待补：具体事例】”" in screen
    assert "no-example" not in screen[: screen.index("措施 M1")]  # one finding per gap
    assert "回应的措施：M1（待定）" in screen
    measure = text[text.index("措施 M1 · 待定") :]
    assert "回应的问题：\n  P1 学习不够积极主动（待定）\n  P2 学习不够系统深入（待定）" in measure
    assert "\033[" not in text


def test_colour_only_on_a_terminal(draft_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    session = ReviewSession(load_draft(draft_path), draft_path, via="terminal")
    console = ScriptedConsole(["q"], is_tty=True)
    run_terminal_review(session, console)
    assert "\033[1m标题\033[0m" in console.text
    for term, no_color in (("dumb", ""), ("xterm", "1")):
        monkeypatch.setenv("TERM", term)
        monkeypatch.setenv("NO_COLOR", no_color)
        console = ScriptedConsole(["q"], is_tty=True)
        run_terminal_review(session, console)
        assert "\033[" not in console.text, term


def test_help_unknown_key_and_navigation(draft_path: Path) -> None:
    console = review(draft_path, ["?", "x", "k", "j", "j", "k", "m9", "p", "q"])
    text = console.text
    assert "r 重新生成本部分" in text and "u 撤销" in text
    assert "不认识的操作：x" in text
    assert "已是第一项。" in text
    order = [text.rfind(f"第 {n}/36 项") for n in (1, 2, 3)]
    assert order[0] < order[2]  # j, j went forward to the third unit
    assert "没有这一项：M9" in text
    assert "已退出审阅，所有决定都已保存。" in text


# -- decisions ---------------------------------------------------------------------------


def test_each_decision_is_saved_at_once_and_survives_quitting(draft_path: Path) -> None:
    review(draft_path, ["a", "确认", "P3", "a 已与办公室核实", "q"])
    draft = load_draft(draft_path)
    assert statuses(draft, "title", "preamble", "P3") == [Status.APPROVED] * 3
    decision = draft.review["P3"].decisions[-1]
    assert (decision.by, decision.via, decision.comment) == ("张三", "terminal", "已与办公室核实")
    assert draft.status("E1") is Status.PENDING  # never reached
    # Reopening continues at the first pending unit.
    console = review(draft_path, ["q"])
    assert "其他部分 E1（2020年度民主生活会整改落实情况） · 待定" in console.text


def test_ctrl_c_propagates_after_saving_what_was_decided(draft_path: Path) -> None:
    class Interrupted(ScriptedConsole):
        def read_line(self, prompt: str, prefill: str = "") -> str:
            if not self.lines:
                raise KeyboardInterrupt
            return super().read_line(prompt, prefill)

    session = ReviewSession(load_draft(draft_path), draft_path, by="张三", via="terminal")
    with pytest.raises(KeyboardInterrupt):
        run_terminal_review(session, Interrupted(["a", "P5", "d", "与 P6 重复"]))
    draft = load_draft(draft_path)
    assert draft.status("title") is Status.APPROVED
    assert draft.status("P5") is Status.REJECTED
    assert draft.review["P5"].decisions[-1].comment == "与 P6 重复"


def test_end_of_input_returns_quietly(draft_path: Path) -> None:
    console = review(draft_path, ["a"])
    assert load_draft(draft_path).status("title") is Status.APPROVED
    assert console.text.endswith("操作> \n")


def test_rejecting_a_problem_sends_its_causes_and_measures_back(draft_path: Path) -> None:
    console = review(draft_path, ["M1", "a", "C1", "确认", "P2", "d", "与 P1 重复"])
    draft = load_draft(draft_path)
    assert draft.status("P2") is Status.REJECTED
    assert draft.review["P2"].decisions[-1].comment == "与 P1 重复"
    assert statuses(draft, "C1", "M1") == [Status.PENDING, Status.PENDING]
    assert draft.review["M1"].flag == "所依据的问题 P2 已删除"
    assert draft.status("M2") is Status.PENDING and not draft.review["M2"].flag
    assert "引用它的原因和措施需再看一遍（已标为待定）：C1、M1" in console.text
    assert "已删除 P2（不写入材料）。" in console.text


def test_title_cannot_be_rejected(draft_path: Path) -> None:
    console = review(draft_path, ["d", "q"])
    assert "标题不能删除" in console.text
    assert load_draft(draft_path).status("title") is Status.PENDING


def test_a_comment_is_saved_at_once_and_keeps_the_status(draft_path: Path) -> None:
    console = review(draft_path, ["P4", "c", "请办公室补事例", "a", "y", "P4", "c 下周前补齐"])
    assert "备注已保存" in console.text
    decisions = load_draft(draft_path).review["P4"].decisions  # the script ended: EOF
    assert [(d.status, d.comment) for d in decisions] == [
        (Status.PENDING, "请办公室补事例"),
        (Status.APPROVED, ""),
        (Status.APPROVED, "下周前补齐"),
    ]


def test_undo_sets_a_decision_back_to_pending(draft_path: Path) -> None:
    review(draft_path, ["P1", "a", "P1", "u", "q"])
    draft = load_draft(draft_path)
    assert [d.status for d in draft.review["P1"].decisions] == [Status.APPROVED, Status.PENDING]


# -- changing text --------------------------------------------------------------------------


EXAMPLE = "事例：2021年中心组集中研讨中，有的同志发言照读材料\n没有结合分管工作谈体会"


def test_edit_in_the_editor(draft_path: Path) -> None:
    console = review(
        draft_path,
        ["P4", "e", "q"],
        edits=[lambda text: text.replace("事例：【待补：具体事例】", EXAMPLE)],
    )
    assert (
        "标题句：指导督促力度不够\n正文：个别部门以业务学习代替理论学习" in console.editor_texts[0]
    )
    draft = load_draft(draft_path)
    unit = draft.review["P4"]
    assert unit.status is Status.APPROVED_WITH_EDITS
    assert unit.current.origin == "edited" and unit.current.by == "张三"
    assert get_fields(draft.material, "P4")["example"] == (  # type: ignore[arg-type]
        "2021年中心组集中研讨中，有的同志发言照读材料没有结合分管工作谈体会"
    )
    assert get_fields(draft.material, "P4")["headline"] == "指导督促力度不够"  # type: ignore[arg-type]
    assert "已修改并确认 P4。" in console.text


def test_edit_mistake_is_shown_and_nothing_changes(draft_path: Path) -> None:
    before = draft_path.read_text(encoding="utf-8")
    bad = "标题句：学习不够系统深入\n事例：无\n"
    console = review(draft_path, ["P2", "e", "n", "q"], edits=[bad])
    assert "未修改：缺少“正文：”" in console.text
    assert draft_path.read_text(encoding="utf-8") == before


def test_edit_mistake_can_be_fixed_in_the_editor(draft_path: Path) -> None:
    bad = "标题句：学习不够系统深入\n正文：\n正文：重复\n事例：x\n"
    good = "标题句：学习不够系统深入\n正文：研读原著不够\n事例：只看了目录和摘编\n"
    console = review(draft_path, ["P2", "e", "y", "q"], edits=[bad, good])
    assert "第 3 行：“正文”出现了两次" in console.text
    assert console.editor_texts[1] == bad  # reopened with what the person wrote
    fields = get_fields(load_draft(draft_path).material, "P2")  # type: ignore[arg-type]
    assert fields["body"] == "研读原著不够" and fields["example"] == "只看了目录和摘编"


def test_empty_headline_from_the_editor_is_refused(draft_path: Path) -> None:
    before = draft_path.read_text(encoding="utf-8")
    console = review(draft_path, ["P2", "e", "", "q"], edits=["标题句：\n正文：x\n事例：y\n"])
    assert "未修改：" in console.text
    assert draft_path.read_text(encoding="utf-8") == before


def test_unchanged_editor_text_records_nothing(draft_path: Path) -> None:
    before = draft_path.read_text(encoding="utf-8")
    console = review(draft_path, ["P2", "e", "q"], edits=[lambda text: text])
    assert "内容没有改动，未作决定。" in console.text
    assert draft_path.read_text(encoding="utf-8") == before


def test_inline_edit_keeps_changes_and_empties_fields(draft_path: Path) -> None:
    review(draft_path, ["P3", "i", "", "学习成果转化不够", "-", "q"])
    draft = load_draft(draft_path)
    fields = get_fields(draft.material, "P3")  # type: ignore[arg-type]
    assert fields == {"headline": "学用结合不够紧密", "body": "学习成果转化不够", "example": ""}
    assert draft.status("P3") is Status.APPROVED_WITH_EDITS
    assert draft.review["M1"].flag == "所依据的问题 P3 已修改"


def test_regenerate_with_an_instruction_reaches_the_model(draft_path: Path) -> None:
    reviser = FakeReviser()
    console = review(draft_path, ["P3", "a", "P3", "g", "更具体一些", "q"], reviser=reviser)
    assert reviser.revised == [("P3", "更具体一些")]
    draft = load_draft(draft_path)
    unit = draft.review["P3"]
    assert unit.status is Status.PENDING  # a regenerated text needs a look again
    assert (unit.current.origin, unit.current.instruction, unit.current.by) == (
        "regenerated",
        "更具体一些",
        "fake-model",
    )
    assert get_fields(draft.material, "P3")["headline"] == "学用转化不够到位"  # type: ignore[arg-type]
    assert "修改要求（如：更具体一些、换成第一人称）：" in console.text
    after = console.text[console.text.index("已按“更具体一些”重新生成 P3") :]
    assert "标题句：学用转化不够到位" in after
    assert "第 2 版：重新生成（fake-model，要求：更具体一些）" in after


def test_regenerate_instruction_on_the_command_line(draft_path: Path) -> None:
    reviser = FakeReviser()
    review(draft_path, ["P3", "g 换成第一人称", "q"], reviser=reviser)
    assert reviser.revised == [("P3", "换成第一人称")]


def test_regenerate_without_a_model_is_a_message(draft_path: Path) -> None:
    before = draft_path.read_text(encoding="utf-8")
    console = review(draft_path, ["P3", "g", "更具体一些", "q"])
    assert "未重新生成：重新生成需要模型" in console.text
    assert draft_path.read_text(encoding="utf-8") == before


def test_followups_are_regenerated_only_after_confirmation(draft_path: Path) -> None:
    session = ReviewSession(load_draft(draft_path), draft_path, by="张三")
    for pid in ("P1", "P3"):
        session.approve(pid)
    session.approve("M2")
    reviser = FakeReviser()
    console = review(draft_path, ["M1", "r", "", "r", "y", "q"], reviser=reviser)
    assert "已确认的 2 个问题重新生成措施；未确认的 4 条措施会被替换" in console.text
    assert reviser.followed == [(UnitKind.MEASURE, ["P1", "P3"])]
    draft = load_draft(draft_path)
    measures = draft.material.measures  # type: ignore[union-attr]
    assert [m.id for m in measures] == ["M2", "M3"]
    assert measures[1].addresses == ["P1", "P3"]
    assert draft.status("M3") is Status.PENDING
    assert "已生成措施 M3（待定）" in console.text


# -- adding and moving ------------------------------------------------------------------------


def test_add_a_problem_after_the_current_one(draft_path: Path) -> None:
    lines = ["P3", "n", "", "学习笔记流于形式", "", "笔记多摘抄", "o5 7", "q"]
    console = review(draft_path, lines)
    draft = load_draft(draft_path)
    material = draft.material
    assert material is not None
    problem = find_item(material, "P23")
    assert (problem.headline, problem.example, problem.sources) == (  # type: ignore[union-attr]
        "学习笔记流于形式",
        "笔记多摘抄",
        ["O5", "O7"],
    )
    assert [p.id for p in material.problems[0].items] == ["P1", "P2", "P3", "P23", "P4"]
    assert draft.status("P23") is Status.APPROVED
    assert draft.review["P23"].current.origin == "added"
    assert "已添加问题 P23（已确认）。" in console.text


def test_add_refuses_unknown_opinions(draft_path: Path) -> None:
    before = draft_path.read_text(encoding="utf-8")
    console = review(draft_path, ["P3", "n", "2", "标题", "", "", "O5 O99", "q"])
    assert "没有这些编号：O99" in console.text
    assert draft_path.read_text(encoding="utf-8") == before


def test_add_at_an_ambiguous_place_asks_what(draft_path: Path) -> None:
    lines = ["n", "3", "建立整改台账", "逐项销号", "王某某", "2025年6月底前", "P8 p9", "q"]
    review(draft_path, lines)
    material = load_draft(draft_path).material
    assert material is not None
    measure = material.measures[-1]
    assert (measure.id, measure.leader, measure.deadline) == ("M6", "王某某", "2025年6月底前")
    assert measure.addresses == ["P8", "P9"]


def test_add_a_problem_under_a_chosen_aspect(draft_path: Path) -> None:
    review(draft_path, ["n 问题", "5", "公务用车管理不严", "", "", "", "q"])
    material = load_draft(draft_path).material
    assert material is not None
    assert aspect_of(material, "P23") == "纪律规矩方面"
    assert material.problems[4].items[-1].id == "P23"


def test_move_a_problem_to_another_aspect(draft_path: Path) -> None:
    console = review(draft_path, ["P3", "m", "2", "1", "q"])
    material = load_draft(draft_path).material
    assert material is not None
    assert [p.id for p in material.problems[1].items] == ["P3", "P5", "P6", "P7"]
    assert "问题 P3（标准境界方面）" in console.text


def test_move_a_measure_and_a_bad_position(draft_path: Path) -> None:
    console = review(draft_path, ["M4", "m", "9", "m", "1", "q"])
    assert "“9”不是 1—5 之间的数" in console.text
    material = load_draft(draft_path).material
    assert material is not None
    assert [m.id for m in material.measures] == ["M4", "M1", "M2", "M3", "M5"]


def test_links_of_a_measure_can_be_changed(draft_path: Path) -> None:
    review(draft_path, ["M1", "l", "1 2", "q"])
    material = load_draft(draft_path).material
    assert material is not None
    assert material.measures[0].addresses == ["P1", "P2"]


# -- the end ------------------------------------------------------------------------------


def test_last_decision_shows_what_is_left_and_the_next_step(draft_path: Path) -> None:
    session = ReviewSession(load_draft(draft_path), draft_path, by="张三")
    session.reject("M1")
    session.approve_all()
    session.reset("closing")
    console = review(draft_path, ["a", "never read"])
    text = console.text
    assert "全部内容都已审阅。" in text
    assert "没有已确认的措施回应的问题" in text and "  P1 学习不够积极主动（已确认）" in text
    assert "P4：【待补：具体事例】" in text
    assert f"下一步：draft build {draft_path}" in text
    assert console.lines == ["never read"]  # returned without reading on


def test_nothing_pending_at_start_asks_before_reviewing(draft_path: Path) -> None:
    session = ReviewSession(load_draft(draft_path), draft_path, by="张三")
    session.approve_all()
    console = review(draft_path, [""])
    assert "仍要逐条查看或修改吗？(y/N)" in console.text
    assert "标题 · 已确认" not in console.text
    console = review(draft_path, ["y", "P2", "u", "a", "q"])
    assert "全部内容都已审阅。" in console.text.split("已确认 P2。")[1]


# -- the editor form and the console ----------------------------------------------------------


def test_edit_form_round_trips_and_names_mistakes() -> None:
    fields = {"headline": "加强学习", "body": "每月1次", "leader": "", "deadline": "长期坚持"}
    text = edit_template(UnitKind.MEASURE, "措施 M1", fields)
    assert parse_edit(UnitKind.MEASURE, text) == fields
    with pytest.raises(EditFormError, match="第 2 行：这一项没有“事例”"):
        parse_edit(UnitKind.CAUSE, "标题句：a\n事例：b\n正文：c")
    with pytest.raises(EditFormError, match="第 1 行：文字应写在“标题句：”等名称之后"):
        parse_edit(UnitKind.CAUSE, "前言\n标题句：a\n正文：c")
    part = parse_edit(UnitKind.PART, "标题：上年度整改\n正文：第一段\n\n第二段\n")
    assert part == {"heading": "上年度整改", "text": "第一段\n第二段"}


def test_editor_command_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vim"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "vim -u NONE"}) == ["vim", "-u", "NONE"]
    installed = {"vi": "/usr/bin/vi", "notepad": "C:\\Windows\\notepad.exe"}
    monkeypatch.setattr("selfreview.review.console.shutil.which", installed.get)
    # vi traps a clerk who does not know it: never a fallback, only when asked for
    with pytest.raises(NoEditorError, match="改用逐项修改"):
        editor_command({}, platform="posix")
    assert editor_command({"EDITOR": "vi"}, platform="posix") == ["vi"]
    assert editor_command({"EDITOR": " "}, platform="nt") == ["C:\\Windows\\notepad.exe"]
    installed["micro"] = "/usr/bin/micro"
    assert editor_command({}, platform="posix") == ["/usr/bin/micro"]
    installed["nano"] = "/usr/bin/nano"
    assert editor_command({}, platform="posix") == ["/usr/bin/nano"]
    monkeypatch.setattr("selfreview.review.console.shutil.which", {}.get)
    with pytest.raises(EditorError, match="请设置环境变量 EDITOR"):
        editor_command({}, platform="posix")


def test_the_editor_that_opens_is_named_with_how_to_save_and_leave() -> None:
    assert (
        editor_notice(["/usr/bin/nano"]) == "用 nano 打开：改好后按 Ctrl-O、回车保存，Ctrl-X 退出。"
    )
    assert "Esc" in editor_notice(["vim"]) and ":wq" in editor_notice(["vim"])
    assert "Ctrl-S" in editor_notice(["C:\\Windows\\NOTEPAD.EXE"])
    assert editor_notice(["code", "--wait"]) == "用 code 打开：改好后保存并关闭编辑器。"


def test_terminal_console_says_which_editor_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    nano = tmp_path / "nano"
    nano.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    nano.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert TerminalConsole().edit("标题句：旧的\n") == "标题句：旧的\n"
    assert "用 nano 打开：改好后按 Ctrl-O、回车保存，Ctrl-X 退出。" in capsys.readouterr().out


def test_without_an_easy_editor_e_falls_back_to_inline_editing(draft_path: Path) -> None:
    class NoEditor(ScriptedConsole):
        def edit(self, text: str) -> str:
            raise NoEditorError("没有设置编辑器，也没有找到 nano：改用逐项修改")

    session = ReviewSession(load_draft(draft_path), draft_path, by="张三", via="terminal")
    console = NoEditor(["P3", "e", "学用结合不紧密", "", "", "q"])
    run_terminal_review(session, console)
    assert "改用逐项修改" in console.text
    assert find_item(load_draft(draft_path).material, "P3").headline == "学用结合不紧密"
    assert load_draft(draft_path).status("P3") is Status.APPROVED_WITH_EDITS


def test_terminal_console_runs_the_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8').replace('旧', '新'), encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    assert TerminalConsole().edit("标题句：旧的\n") == "标题句：新的\n"
    failing = tmp_path / "fail.py"
    failing.write_text("raise SystemExit(3)\n", encoding="utf-8")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {failing}")
    with pytest.raises(EditorError, match="异常退出（3）"):
        TerminalConsole().edit("x")
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    with pytest.raises(EditorError, match="无法启动编辑器"):
        TerminalConsole().edit("x")


def test_the_screens_findings_follow_a_rejection(tmp_path: Path, drafted: str) -> None:
    """The findings cache was keyed on the material alone: a rejection keeps the material
    object, so the screen went on showing the rejected unit's findings."""
    from selfreview.review.terminal import TerminalReview

    path = tmp_path / "x.draft.json"
    path.write_text(drafted, encoding="utf-8")
    session = ReviewSession(load_draft(path), path)
    screen = TerminalReview(session, ScriptedConsole([]))
    flagged = [uid for uid in screen.findings() if uid.startswith("P")]
    assert flagged, "the sample's offline draft has problems with findings"
    session.reject(flagged[0])
    assert flagged[0] not in screen.findings()
