"""``draft cache`` and ``draft cache clear``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli
from selfreview.modelclient.exchange import ChatMessage, ChatReply, ChatRequest
from selfreview.modelclient.store import ExchangeStore


def _fill(folder: Path, count: int) -> None:
    store = ExchangeStore(folder)
    for n in range(count):
        request = ChatRequest(
            provider="p",
            model="m",
            messages=[ChatMessage(role="user", content=f"问题{n}")],
            label=f"call{n}",
        )
        store.write(request, ChatReply(content="{}"))


def test_show_then_clear(capsys: pytest.CaptureFixture[str]) -> None:
    cache = Path(os.environ["SELFREVIEW_CACHE_DIR"])
    assert run_cli(["cache"]) == 0
    out = capsys.readouterr().out
    assert f"缓存目录：{cache}（尚未创建）" in out and "缓存文件：0 个" in out
    _fill(cache, 3)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert run_cli(["cache"]) == 0
    out = capsys.readouterr().out
    assert "缓存文件：3 个" in out and "draft cache clear" in out
    assert run_cli(["cache", "clear"]) == 0
    assert f"已清空缓存：删除 3 个文件（{cache}）" in capsys.readouterr().out
    assert not cache.exists()
    assert run_cli(["cache", "clear"]) == 0
    assert "删除 0 个文件" in capsys.readouterr().out


def test_clear_keeps_files_that_are_not_cache(capsys: pytest.CaptureFixture[str]) -> None:
    cache = Path(os.environ["SELFREVIEW_CACHE_DIR"])
    _fill(cache, 2)
    other = cache / "说明.txt"
    other.write_text("不是缓存", encoding="utf-8")
    assert run_cli(["cache", "clear"]) == 0
    assert "删除 2 个文件" in capsys.readouterr().out
    assert other.exists() and list(cache.glob("*.json")) == []


def test_cache_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["cache", "--help"]) == 0
    out = capsys.readouterr().out
    assert "clear" in out and "draft cache clear" in out
