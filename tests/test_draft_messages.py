"""What ``draft`` tells the person about personal data before requests go out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli

ROOT = Path(__file__).resolve().parents[1]


def replay(tmp_path: Path, *extra: str) -> int:
    """Draft the replayed sample; the exit code."""
    notes = tmp_path / "sample-notes.txt"
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-notes.txt", notes)
    responses = ROOT / "fixtures" / "responses" / "sample-notes"
    args = [str(notes), "--replay", str(responses), "--org", "某市政府党组", "--no-review"]
    return run_cli([*args, *extra])


def test_a_remote_provider_is_told_how_much_was_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = replay(tmp_path)
    err = capsys.readouterr().err
    assert code == 0, err
    line = next(x for x in err.splitlines() if "换成占位符" in x)
    count = int(line.split("发送前已把 ")[1].split(" 项")[0])
    assert count > 0 and "draft redact" in line


def test_without_redaction_the_notice_says_where_the_notes_went() -> None:
    from tests.test_llm_stages import QueuedChat

    from selfreview.modelclient.config import UserConfig
    from selfreview.modelclient.providers import resolve_provider
    from selfreview.workflow.chain import ModelChain

    remote = resolve_provider("deepseek", UserConfig())
    local = resolve_provider("ollama", UserConfig())
    assert "--no-redact" in ModelChain(remote, QueuedChat(), None, 2, 8).notice()
    assert "本机" in ModelChain(local, QueuedChat(), None, 2, 8).notice()


def test_replay_redacts_as_recorded_even_when_the_config_points_the_provider_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[providers.deepseek]\nbase_url = "http://127.0.0.1:9/v1"\n', "utf-8")
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(config))
    code = replay(tmp_path)
    err = capsys.readouterr().err
    assert code == 0, err  # the recordings hold placeholders: no miss
    assert "换成占位符" in err
