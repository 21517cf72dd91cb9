"""Run options live in the draft file: later commands reach the same server, redact the same
way (the roster and the reviewer's own words included) and lay the document out alike."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from tests.review_helpers import offline_draft
from tests.test_privacy_http import KEY, NOTES, ORG, Author

import selfreview
from fake_openai import FakeOpenAIServer, completion
from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.review.session import ReviewSession

ROSTER_NAME = "钱多多"
"""On the roster only: the notes never name this person."""
INSTRUCTION = f"请写明{ROSTER_NAME}和郑志刚各自的责任"


def _spacing(path: Path) -> float:
    """The exact line spacing (pt) of the document's body paragraphs."""
    spacings = {
        p.paragraph_format.line_spacing.pt
        for p in Document(str(path)).paragraphs
        if p.paragraph_format.line_spacing is not None and p.text.startswith("一是")
    }
    assert len(spacings) == 1, spacings
    return spacings.pop()


def test_the_layout_of_the_draft_command_is_kept_for_later_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path, _ = offline_draft(
        tmp_path, "--line-spacing", "20", "--approve-all", "--allow-placeholders"
    )
    assert load_draft(path).options.layout == {"line_spacing_pt": 20.0}
    first = tmp_path / "a.docx"
    assert run_cli(["build", str(path), "-o", str(first), "--allow-placeholders"]) == 0
    assert _spacing(first) == 20.0  # not the 28.95 default
    second = tmp_path / "b.docx"
    args = ["build", str(path), "-o", str(second), "--allow-placeholders"]
    assert run_cli([*args, "--line-spacing", "24", "--body-font", "仿宋"]) == 0
    assert _spacing(second) == 24.0
    assert load_draft(path).options.layout == {"line_spacing_pt": 24.0, "body_font": "仿宋"}
    third = tmp_path / "c.docx"
    assert run_cli(["build", str(path), "-o", str(third), "--allow-placeholders"]) == 0
    assert _spacing(third) == 24.0  # recorded by the build before
    review = selfreview.open_draft(path)
    fourth = review.build(tmp_path / "d.docx", allow_placeholders=True)
    assert _spacing(fourth.output) == 24.0  # the API reads the same options
    review.build(tmp_path / "e.docx", allow_placeholders=True, layout={"line_spacing_pt": 28})
    assert _spacing(tmp_path / "e.docx") == 28.0
    assert load_draft(path).options.layout["line_spacing_pt"] == 28


def test_a_layout_option_of_the_api_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    _, path, _ = offline_draft(tmp_path, "--approve-all", "--allow-placeholders")
    review = selfreview.open_draft(path)
    with pytest.raises(selfreview.SelfReviewError, match="版式设置无效"):
        review.build(tmp_path / "x.docx", allow_placeholders=True, layout={"spacing": 3})


class Reviewer(Author):
    """The drafting author, and for a regeneration the current text sent back as is."""

    def __call__(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        prompt = body["messages"][1]["content"]
        if prompt.startswith("任务：按审阅人的要求改写"):
            current = re.search(r"<<<材料开始>>>\n(.*?)\n<<<材料结束>>>", prompt, re.S)
            assert current is not None
            fields = json.loads(current.group(1))
            fields["body"] = fields.get("body", "") + "责任落实不到位。"
            return 200, completion(json.dumps(fields, ensure_ascii=False), model=body["model"])
        return super().__call__(body)


@pytest.fixture
def drafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, FakeOpenAIServer]:
    """A draft made on the fake server given by --base-url, with a roster and redaction;
    the config file's entry for the provider points elsewhere (a closed port)."""
    notes = tmp_path / "意见.txt"
    notes.write_text(NOTES, encoding="utf-8")
    roster = tmp_path / "名单.txt"
    roster.write_text(f"{ROSTER_NAME}\n", encoding="utf-8")
    monkeypatch.setenv("CORP_API_KEY", KEY)
    Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
        '[providers.corp]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "corp-72b"\n'
        'output = "json_schema"\nkey_env = "CORP_API_KEY"\n',
        encoding="utf-8",
    )
    server = FakeOpenAIServer(Reviewer(notes, redacted=True)).__enter__()
    args = [str(notes), "--provider", "corp", "--base-url", server.url, "--redact"]
    args += ["--outline", "2021-five", "--org", ORG, "--names", str(roster), "--no-review"]
    assert run_cli(args) == 0
    yield notes.with_name("意见.draft.json"), server
    server.__exit__(None, None, None)


def _sent(server: FakeOpenAIServer, since: int) -> str:
    return "\n".join(json.dumps(r.body, ensure_ascii=False) for r in server.received[since:])


def test_review_regenerates_on_the_drafting_server_with_the_roster_and_the_instruction_redacted(
    drafted: tuple[Path, FakeOpenAIServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, server = drafted
    stored = load_draft(path).options
    assert (stored.base_url, stored.redact, stored.names) == (server.url, True, [ROSTER_NAME])
    before = len(server.received)

    def regenerate_in_terminal(session: ReviewSession, **_: object) -> None:
        session.regenerate("P3", INSTRUCTION)  # what key g does

    monkeypatch.setattr("selfreview.cli.review_flow.review_in_terminal", regenerate_in_terminal)
    assert run_cli(["review", str(path)]) == 0  # no --provider, --base-url nor --names
    sent = _sent(server, before)
    assert "改写" in sent  # it reached the drafting server, not the configured one
    assert ROSTER_NAME not in sent and "郑志刚" not in sent
    assert "〔人名" in sent
    draft = load_draft(path)
    unit = draft.review["P3"]
    assert unit.current.origin == "regenerated" and unit.current.instruction == INSTRUCTION
    assert "郑志刚" in unit.current.fields["example"]  # restored in the draft file


def test_the_api_regenerates_as_the_cli_does(drafted: tuple[Path, FakeOpenAIServer]) -> None:
    path, server = drafted
    before = len(server.received)
    review = selfreview.open_draft(path)
    review.regenerate("P3", INSTRUCTION)
    sent = _sent(server, before)
    assert "改写" in sent and ROSTER_NAME not in sent and "郑志刚" not in sent
    assert load_draft(path).review["P3"].current.origin == "regenerated"


def test_options_given_again_apply_and_are_recorded(
    drafted: tuple[Path, FakeOpenAIServer], capsys: pytest.CaptureFixture[str]
) -> None:
    path, server = drafted
    notes = path.with_name("意见.txt")
    first = load_draft(path)
    # the same draft command again without the model options: resumed, nothing changed
    assert run_cli([str(notes), "--outline", "2021-five", "--org", ORG, "--no-review"]) == 0
    assert "继续审阅已有草稿" in capsys.readouterr().err
    assert load_draft(path) == first
    # --no-redact given again: recorded, the review and the decisions untouched
    args = [str(notes), "--outline", "2021-five", "--org", ORG, "--no-review", "--no-redact"]
    assert run_cli([*args, "--line-spacing", "28"]) == 0
    again = load_draft(path)
    assert again.options.redact is False and again.options.layout == {"line_spacing_pt": 28.0}
    assert again.options.base_url == server.url and again.options.names == [ROSTER_NAME]
    assert again.review == first.review and again.material == first.material
    # another provider given to draft review: its own model and server, not the old ones
    assert run_cli(["review", str(path), "--provider", "deepseek", "--approve-all"]) == 0
    options = load_draft(path).options
    assert (options.provider, options.base_url) == ("deepseek", None)  # deepseek's own
    assert options.model != "corp-72b" and options.names == [ROSTER_NAME]
