"""``draft config`` and how the CLI resolves providers and keys."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-live-0123456789abcdefXYZ"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "n.txt"
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-notes.txt", path)
    return path


def test_config_lists_providers_and_masks_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEEPSEEK_API_KEY", KEY)
    assert run_cli(["config", "--provider", "deepseek"]) == 0
    out = capsys.readouterr().out
    assert "当前使用：deepseek" in out and "deepseek-chat" in out
    assert "sk-…fXYZ" in out
    assert KEY not in out and KEY[3:-4] not in out
    for name in ("openai", "qwen", "kimi", "glm", "ollama", "vllm", "offline"):
        assert f"  {name} " in out
    assert "OPENAI_API_KEY：key 未设置" in out


def test_config_file_sets_the_auto_provider(capsys: pytest.CaptureFixture[str]) -> None:
    Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
        'provider = "corp"\n[providers.corp]\nbase_url = "http://10.1.2.3:8000/v1"\n'
        'model = "qwen2.5-72b"\nneeds_key = false\napi_key = "sk-config-secret-0000000"\n',
        encoding="utf-8",
    )
    assert run_cli(["config"]) == 0
    out = capsys.readouterr().out
    assert (
        "当前使用：corp" in out
        and "qwen2.5-72b" in out
        and "http://10.1.2.3:8000/v1（远程）" in out
    )
    assert "sk-config-secret" not in out


def test_without_config_auto_is_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["config"]) == 0
    assert "当前使用：offline" in capsys.readouterr().out


def test_broken_config_file_is_one_line_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(os.environ["SELFREVIEW_CONFIG"])
    path.write_text('provider = "deepseek"\njobz = 3\n', encoding="utf-8")
    assert run_cli(["config"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(path) in err and "jobz" in err


def test_missing_key_names_the_variable_to_set(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli([str(notes), "--provider", "kimi"]) == 1
    err = capsys.readouterr().err
    assert "MOONSHOT_API_KEY" in err and "Traceback" not in err


def test_unknown_provider_lists_the_known_ones(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli([str(notes), "--provider", "gemini"]) == 1
    err = capsys.readouterr().err
    assert "gemini" in err and "deepseek" in err and "offline" in err


def test_replay_and_record_together_is_a_usage_error(notes: Path, tmp_path: Path) -> None:
    assert run_cli([str(notes), "--replay", str(tmp_path), "--record", str(tmp_path)]) == 2


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--provider", "deepseek"], "发送前替换个人信息：是（本机以外的服务）"),
        (["--provider", "vllm", "--base-url", "http://10.0.0.8:8000/v1"], "是（本机以外的服务）"),
        (["--provider", "ollama"], "发送前替换个人信息：否（本机服务）"),
        (["--provider", "deepseek", "--base-url", "http://127.0.0.1:9/v1"], "否（本机服务）"),
        (["--provider", "offline"], "发送前替换个人信息：不涉及（离线起草，不发送给任何服务）"),
    ],
)
def test_config_says_whether_personal_data_is_replaced(
    capsys: pytest.CaptureFixture[str], args: list[str], line: str
) -> None:
    assert run_cli(["config", *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[3].startswith("发送前替换个人信息：") and out[3].endswith(line)
    assert out[2].startswith("当前使用：")


@pytest.mark.parametrize("redact", [None, True, False])
@pytest.mark.parametrize("name", ["deepseek", "ollama"])
def test_the_redaction_line_matches_the_drafter_a_draft_gets(
    name: str, redact: bool | None
) -> None:
    from selfreview.cli.config_cmd import redaction_line
    from selfreview.modelclient.config import UserConfig
    from selfreview.modelclient.providers import resolve_provider
    from selfreview.pipeline import ModelOptions
    from selfreview.workflow.chain import model_chain

    provider = resolve_provider(name, UserConfig())
    options = ModelOptions(cache=False, config=UserConfig(), redact=redact)
    line = redaction_line(options, provider)
    replaced = model_chain(provider, options, ["某县政府党组"]).redactor is not None
    assert line.startswith(f"发送前替换个人信息：{'是' if replaced else '否'}（")
    if redact is not None:
        assert line.endswith("（按 --redact）" if redact else "（按 --no-redact）")
