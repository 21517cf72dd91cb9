"""The CLI and the API are two thin adapters over one workflow: the same scenario through
each gives the same draft file (timestamps and timings aside)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.review_helpers import SAMPLE

import selfreview
from fake_openai import FakeOpenAIServer, completion
from selfreview.cli.app import run_cli

ORG = "某市政府党组"
VOLATILE = {"created", "at", "seconds"}


def _normal(value: Any) -> Any:
    """The draft file's data without what differs between two runs of the same thing."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _data(path: Path) -> Any:
    return _normal(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, path)
    (tmp_path / "名单.txt").write_text("钱多多\n", encoding="utf-8")
    for side in ("cli", "api"):
        (tmp_path / side).mkdir()
    return path


def _cli(notes: Path, *extra: str) -> int:
    out = notes.parent / "cli" / "材料.md"
    args = [str(notes), "-o", str(out), "--org", ORG, "--no-review", "--line-spacing", "20"]
    return run_cli([*args, "--names", str(notes.parent / "名单.txt"), "--retries", "0", *extra])


def _api(notes: Path, **extra: Any) -> selfreview.Review:
    return selfreview.draft(
        notes,
        org=ORG,
        path=notes.parent / "api" / "材料.draft.json",
        layout={"line_spacing_pt": 20},
        names=notes.parent / "名单.txt",
        retries=0,
        **extra,
    )


def test_fresh_resumed_and_changed_notes_give_the_same_draft_file(notes: Path) -> None:
    cli, api = notes.parent / "cli" / "材料.draft.json", notes.parent / "api" / "材料.draft.json"
    assert _cli(notes) == 0
    _api(notes)
    assert _data(cli) == _data(api)
    assert json.loads(cli.read_text("utf-8"))["options"]["names"] == ["钱多多"]
    assert _cli(notes) == 0  # resumed: nothing changes on either side
    _api(notes)
    assert _data(cli) == _data(api)
    with notes.open("a", encoding="utf-8") as handle:
        handle.write("\n45. 有的同志调研走马观花，去年下基层调研12次，形成报告仅2篇。\n")
    assert _cli(notes) == 0
    _api(notes)
    assert _data(cli) == _data(api)
    # a different kind is refused by both, naming each side's own spelling of re-drafting
    assert _cli(notes, "--kind", "personal") == 1
    with pytest.raises(selfreview.SelfReviewError, match="redraft=True"):
        _api(notes, kind="personal")
    assert _data(cli) == _data(api)


def test_a_failed_drafting_is_saved_alike_by_both(
    notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORP_API_KEY", "sk-parity-test")

    def broken(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, completion("这不是 JSON", model=body["model"])

    with FakeOpenAIServer(broken) as server:
        Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
            f'[providers.corp]\nbase_url = "{server.url}"\nmodel = "corp-72b"\n'
            'output = "json_schema"\nkey_env = "CORP_API_KEY"\n',
            encoding="utf-8",
        )
        assert _cli(notes, "--provider", "corp", "--no-cache") == 1
        with pytest.raises(selfreview.SelfReviewError, match="起草未完成"):
            _api(notes, provider="corp", cache=False)
    cli = json.loads((notes.parent / "cli" / "材料.draft.json").read_text("utf-8"))
    api = json.loads((notes.parent / "api" / "材料.draft.json").read_text("utf-8"))
    assert cli["material"] is None and cli["model_log"]["failures"]
    assert _normal(cli) == _normal(api)


def test_the_cli_and_the_api_check_a_reviewed_draft_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.review_helpers import offline_draft

    _, path, _ = offline_draft(tmp_path)
    review = selfreview.open_draft(path)
    flagged = sorted({f.location.id for f in review.check().findings if f.location.id[:1] == "P"})
    assert flagged, "the offline draft of the sample has problems with findings"
    review.reject(flagged[0])
    capsys.readouterr()
    run_cli(["check", str(path)])
    cli = capsys.readouterr().out
    assert cli.strip() == str(selfreview.check(path)).strip()
    assert cli.strip() == str(selfreview.open_draft(path).check()).strip()
    assert cli.strip() == str(review.check()).strip()
    assert f"（{flagged[0]}，" not in cli and f"（{flagged[0]}）" not in cli
