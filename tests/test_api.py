"""The notebook API: draft (offline, replayed, against a local server), review actions that
persist, check, import, build, prompt folders tried without reinstalling, and what a
notebook shows."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

import selfreview
from author_server import author_server
from recorded import NOTES, RESPONSES, ROOT
from selfreview.record import Status
from selfreview.schema import Cause, Measure, Problem

SAMPLE = NOTES / "sample-notes.txt"
REPLAY = RESPONSES / "sample-notes"
ORG = "某市政府党组"


@pytest.fixture(autouse=True)
def _bundled_prompts() -> Iterator[None]:
    """Every test starts and ends with the bundled prompts folder."""
    selfreview.use_prompts(None)
    yield
    selfreview.use_prompts(None)


def test_import_selfreview_loads_nothing_heavy() -> None:
    heavy = ("pydantic", "docx", "openai", "langchain_core", "langchain_openai", "jieba")
    code = (
        "import sys, selfreview\n"
        "assert selfreview.__version__\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
        "selfreview.load_notes\n"
        "print('docx' in sys.modules, 'openai' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, second = done.stdout.splitlines()
    assert first == ""  # nothing heavy on `import selfreview`
    assert second == "False False"  # naming an API function does not load docx or openai


def test_offline_draft_is_saved_and_shows_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "材料.draft.json"
    review = selfreview.draft(SAMPLE, org=ORG, path=path)
    assert path.is_file()
    assert review.draft_file.settings.provider == "offline"
    assert all(isinstance(p, Problem) for p in review.problems)
    assert all(isinstance(c, Cause) for c in review.causes)
    assert all(isinstance(m, Measure) for m in review.measures)
    assert review.candidates == [*review.problems, *review.causes, *review.measures]
    assert review.pending() == review.units()
    shown = review._repr_markdown_()
    assert shown.splitlines()[2] == "| id | 方面 | 状态 | 标题句 | 依据 |"
    first = review.problems[0]
    row = next(line for line in shown.splitlines() if line.startswith(f"| {first.id} |"))
    assert f"| {first.id} | 理论学习方面 | 待定 | {first.headline} |" in row
    assert "、".join(first.sources) in row
    assert "待定" in repr(review) and str(path) in repr(review)


def test_notes_can_be_loaded_first_and_several_files_given(tmp_path: Path) -> None:
    notes = selfreview.load_notes(SAMPLE)
    assert len(notes.opinions) == 42
    review = selfreview.draft(notes, org=ORG)
    assert review.path is None and len(review.opinions) == 42
    with pytest.raises(selfreview.SelfReviewError, match="没有草稿文件路径"):
        review.save()
    assert review.save(tmp_path / "x.draft.json").is_file()


def test_replayed_draft_uses_the_recorded_provider(tmp_path: Path) -> None:
    review = selfreview.draft(SAMPLE, replay=REPLAY, org=ORG, path=tmp_path / "示例.draft.json")
    settings = review.draft_file.settings
    assert (settings.provider, settings.model) == ("deepseek", "deepseek-chat")
    assert len(review.problems) == 19
    log = review.draft_file.model_log
    assert log is not None and sum(s.cached for s in log.stats().values()) == 9


def test_review_actions_are_saved_at_once(tmp_path: Path) -> None:
    path = tmp_path / "材料.draft.json"
    review = selfreview.draft(SAMPLE, replay=REPLAY, org=ORG, path=path)
    review.approve("P1")
    review.edit("P2", example="全年集中学习12次", comment="补事例")
    review.reject("P3", comment="与 P2 重复")
    reopened = selfreview.open_draft(path)
    assert reopened.status("P1") is Status.APPROVED
    assert reopened.status("P2") is Status.APPROVED_WITH_EDITS
    assert reopened.status("P3") is Status.REJECTED
    assert reopened.fields("P2")["example"] == "全年集中学习12次"
    assert reopened.draft_file.review["P3"].decisions[-1].comment == "与 P2 重复"
    assert reopened.draft_file.review["P1"].decisions[-1].via == "api"
    table = reopened._repr_markdown_()
    assert "| P1 | 理论学习方面 | 已确认 |" in table
    assert "| P2 | 理论学习方面 | 已修改确认 |" in table
    assert "| P3 | 理论学习方面 | 已删除 |" in table
    reopened.reset("P1")
    assert selfreview.open_draft(path).status("P1") is Status.PENDING
    with pytest.raises(selfreview.SelfReviewError, match="没有这些字段：colour"):
        reopened.edit("P1", colour="红")
    with pytest.raises(selfreview.SelfReviewError, match="没有这一项：P99"):
        reopened.approve("P99")


def test_build_docx_and_markdown_after_approval(tmp_path: Path) -> None:
    review = selfreview.draft(SAMPLE, replay=REPLAY, org=ORG, path=tmp_path / "示例.draft.json")
    with pytest.raises(selfreview.SelfReviewError, match="还有未确认的内容"):
        review.build(tmp_path / "示例.docx")
    review.reject("P1")
    assert review.approve_all() == len(review.units()) - 1
    report = review.build(tmp_path / "示例.docx", ledger=True)
    assert report.output.is_file() and not report.discussion_draft
    paragraphs = [p.text for p in Document(str(report.output)).paragraphs]
    assert paragraphs[0].replace("\n", "") == review.material.title  # balanced title lines
    rejected = review.problems[0].headline
    assert not any(rejected in p for p in paragraphs)
    assert len(Document(str(report.output)).tables) == 1  # the ledger
    markdown = review.build(tmp_path / "示例.md").output.read_text(encoding="utf-8")
    assert markdown.startswith(f"# {review.material.title}\n")
    assert markdown == review.preview().markdown
    with pytest.raises(selfreview.SelfReviewError, match="输出文件已存在"):
        review.build(tmp_path / "示例.md")
    review.build(tmp_path / "示例.md", force=True)


def test_offline_placeholders_need_allow_placeholders(tmp_path: Path) -> None:
    review = selfreview.draft(SAMPLE, org=ORG)
    review.approve_all()
    with pytest.raises(selfreview.SelfReviewError, match="待补"):
        review.build(tmp_path / "a.md")
    report = review.build(tmp_path / "a.md", allow_placeholders=True)
    assert report.discussion_draft
    assert report.output.read_text(encoding="utf-8").startswith("**讨论稿**")


def test_drafting_again_into_the_same_file_keeps_the_decisions(tmp_path: Path) -> None:
    path = tmp_path / "材料.draft.json"
    selfreview.draft(SAMPLE, org=ORG, path=path).reject("P2")
    again = selfreview.draft(SAMPLE, org=ORG, path=path)
    assert again.status("P2") is Status.REJECTED
    with pytest.raises(selfreview.SelfReviewError, match=r"来自不同的单位.*redraft=True"):
        selfreview.draft(SAMPLE, org="另一个党组", path=path)
    fresh = selfreview.draft(SAMPLE, org="另一个党组", path=path, redraft=True)
    assert len(list(tmp_path.glob("材料.draft.*.bak.json"))) == 1
    assert fresh.status("P2") is Status.PENDING
    assert selfreview.open_draft(path).material.title.startswith("另一个党组")


def test_preview_shows_the_document_without_rejected_units() -> None:
    review = selfreview.draft(SAMPLE, replay=REPLAY, org=ORG)
    review.reject("P1")
    view = review.preview()
    assert view._repr_markdown_().startswith(f"*预览：{len(review.units()) - 1} 项待定内容")
    assert review.problems[0].headline not in view.markdown
    assert review.problems[1].headline in view.markdown


def test_preview_leaves_out_a_measure_whose_problems_are_all_rejected() -> None:
    review = selfreview.draft(SAMPLE, replay=REPLAY, org=ORG)
    measure = review.measures[0]
    for pid in measure.addresses:
        review.reject(pid)
    view = review.preview()
    assert f"{measure.id} 所针对的问题已全部删除" in view._repr_markdown_()
    assert measure.headline not in view.markdown
    assert review.measures[1].headline in view.markdown


def test_check_a_review_a_file_and_an_import(tmp_path: Path) -> None:
    review = selfreview.draft(SAMPLE, org=ORG)
    report = review.check()
    assert report.has_errors and "placeholder" in report.rules()
    shown = report._repr_markdown_()
    assert "| 级别 | 规则 | 位置 | 说明 |" in shown and "| 错误 | placeholder |" in shown
    seed = ROOT / "fixtures" / "materials" / "seed-city-gov.md"
    from_file = selfreview.check(seed)
    imported = selfreview.import_material(seed)
    from_import = selfreview.check(imported)
    assert [f.rule for f in from_file] == [f.rule for f in from_import]
    assert len(from_file) > 0
    assert str(from_file).startswith(str(seed))
    assert imported._repr_markdown_().startswith(f"# {imported.material.title}")
    clean = selfreview.check(imported.material)
    assert "numbering" not in clean.rules()  # a bare material carries no numbering as written
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  placeholder:\n    enabled: false\n", encoding="utf-8")
    assert "placeholder" not in review.check(rules_file=rules).rules()


def test_outlines_lists_the_builtin_ones() -> None:
    found = selfreview.outlines()
    assert [o.id for o in found] == [
        "2021-five",
        "2024-minzhu",
        "2025-minzhu",
        "2025-zuzhi",
        "recent-six",
    ]
    assert "| 2021-five | " in found._repr_markdown_()


def _copied_prompts(tmp_path: Path) -> Path:
    return selfreview.copy_prompts(tmp_path / "prompts")


def test_a_changed_prompt_misses_the_recording_until_switched_back(tmp_path: Path) -> None:
    prompts = _copied_prompts(tmp_path)
    problems = prompts / "llm" / "problems.md"
    problems.write_text(
        problems.read_text(encoding="utf-8") + "\n每个问题只写一件事例。\n", encoding="utf-8"
    )
    assert selfreview.use_prompts(prompts) == prompts.resolve()
    assert os.environ["SELFREVIEW_PROMPTS"] == str(prompts.resolve())
    with pytest.raises(selfreview.SelfReviewError, match=r"没有这次请求的记录：problems:"):
        selfreview.draft(SAMPLE, replay=REPLAY, org=ORG)
    selfreview.use_prompts(None)
    assert "SELFREVIEW_PROMPTS" not in os.environ
    assert len(selfreview.draft(SAMPLE, replay=REPLAY, org=ORG).problems) == 19


def test_a_changed_prompt_reaches_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test")
    line = "每个问题只写一件事例。"
    prompts = _copied_prompts(tmp_path)
    problems = prompts / "llm" / "problems.md"
    problems.write_text(problems.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    with author_server() as server:
        before = selfreview.draft(SAMPLE, provider="deepseek", base_url=server.url, org=ORG)
        selfreview.use_prompts(prompts)
        after = selfreview.draft(SAMPLE, provider="deepseek", base_url=server.url, org=ORG)
    assert len(before.problems) == len(after.problems) == 19
    prompts_sent = [r.body["messages"][1]["content"] for r in server.received]
    with_line = [p.splitlines()[0] for p in prompts_sent if line in p]
    assert len(server.received) == 9 + 5  # the second draft asked again for the five aspects
    assert len(with_line) == 5 and all("问题条目" in first for first in with_line)


def test_edited_outline_and_phrase_bank_change_an_offline_draft(tmp_path: Path) -> None:
    prompts = _copied_prompts(tmp_path)
    outline = prompts / "outlines" / "2021-five.yaml"
    outline.write_text(
        outline.read_text(encoding="utf-8").replace("理论学习方面", "理论武装方面"),
        encoding="utf-8",
    )
    bank = prompts / "offline" / "phrasebank.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("学习不够积极主动", "学习主动性不强"),
        encoding="utf-8",
    )
    (prompts / "outlines" / "mine.yaml").write_text(
        (prompts / "outlines" / "2021-five.yaml")
        .read_text(encoding="utf-8")
        .replace("id: 2021-five", "id: mine"),
        encoding="utf-8",
    )
    before = selfreview.draft(SAMPLE, org=ORG)  # reads (and caches) the bundled files
    selfreview.use_prompts(prompts)
    after = selfreview.draft(SAMPLE, org=ORG)
    assert before.material.problems[0].aspect == "理论学习方面"
    assert after.material.problems[0].aspect == "理论武装方面"
    assert before.problems[0].headline == "学习不够积极主动"
    assert after.problems[0].headline == "学习主动性不强"
    assert "mine" in [o.id for o in selfreview.outlines()]


def test_changed_rules_reach_the_drafting_advice(tmp_path: Path) -> None:
    from selfreview.llm import advice

    prompts = _copied_prompts(tmp_path)
    assert "voice" in {r.id for r in advice._rules()}
    rules = prompts / "checks" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("\n  voice:\n", "\n  voice:\n    enabled: false\n", 1))
    selfreview.use_prompts(prompts)
    assert "voice" not in {r.id for r in advice._rules() if r.enabled}


def test_every_listed_cache_exists() -> None:
    import importlib

    from selfreview.resources import CACHES, clear_caches

    for module_name, function in CACHES:
        assert callable(getattr(importlib.import_module(module_name), function).cache_clear)
    clear_caches()


def test_use_prompts_refuses_a_folder_without_outlines(tmp_path: Path) -> None:
    with pytest.raises(selfreview.SelfReviewError, match="不是提示词目录"):
        selfreview.use_prompts(tmp_path)
    with pytest.raises(selfreview.SelfReviewError, match="目标已存在"):
        selfreview.copy_prompts(tmp_path)
