"""``draft serve`` as a person runs it: a process that prints its address, answers on
127.0.0.1 with the token only, and stops on Ctrl-C with exit code 0."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.web_helpers import sample_folder

ADDRESS = re.compile(r"审阅页面：(http://(127\.0\.0\.[0-9]+):([0-9]+)(/\S*))")


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen[str], re.Match[str]]:
    """Start ``draft serve ARGS`` and read the address it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "selfreview", "serve", "--no-browser", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": ""},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = ADDRESS.search(line)
    if match is None:
        process.kill()
        raise AssertionError(f"no address printed: {line!r} {process.communicate()}")
    return process, match


def stop(process: subprocess.Popen[str]) -> str:
    """Ctrl-C, as a person stops it; returns what it wrote to stderr."""
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    return err


def test_serve_notes_prints_a_token_address_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    process, match = start(["sample-notes.txt"], folder)
    try:
        url, host, port, path = match.groups()
        assert host == "127.0.0.1"
        assert path.startswith("/notes?f=sample-notes.txt") and "token=" in path
        with httpx.Client(follow_redirects=True, timeout=30) as client:
            assert client.get(f"http://127.0.0.1:{port}/").status_code == 403
            page = client.get(url)
            assert page.status_code == 200
            assert "读入的意见" in page.text and "O1" in page.text
            assert client.get(f"http://127.0.0.1:{port}/").status_code == 200  # cookie kept
    finally:
        err = stop(process)
    assert "Traceback" not in err
    assert "按 Ctrl-C 停止" in err


def test_another_host_is_served_with_a_warning(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    process, match = start(["--host", "127.0.0.2"], folder)
    try:
        assert match.group(2) == "127.0.0.2"
        with httpx.Client(follow_redirects=True, timeout=30) as client:
            assert "新起草" in client.get(match.group(1)).text
    finally:
        err = stop(process)
    assert "警告：监听 127.0.0.2" in err


def test_serve_a_missing_file_fails_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "selfreview", "serve", "--no-browser", "无此文件.draft.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "无此文件.draft.json" in result.stderr and "不存在" in result.stderr


def test_the_browser_opens_at_the_address_when_there_is_one(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"  # what $BROWSER names, as webbrowser runs it
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > "{opened}"\n', encoding="utf-8")
    browser.chmod(0o755)
    process = subprocess.Popen(
        [sys.executable, "-m", "selfreview", "serve"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": ":0", "BROWSER": str(browser)},
    )
    try:
        assert process.stdout is not None
        match = ADDRESS.search(process.stdout.readline())
        assert match is not None
        deadline = time.monotonic() + 20
        while not opened.exists():
            assert time.monotonic() < deadline, "no browser opened within 20 s"
            time.sleep(0.1)
        time.sleep(0.2)  # the script may still be writing
        assert opened.read_text(encoding="utf-8") == match.group(1)
    finally:
        stop(process)


@pytest.mark.slow
def test_ctrl_c_stops_a_drafting_in_progress_and_writes_nothing(tmp_path: Path) -> None:
    from tests.fake_openai import FakeOpenAIServer, Hang

    folder = sample_folder(tmp_path)
    with FakeOpenAIServer(lambda body: Hang()) as model:
        Path(os.environ["SELFREVIEW_CONFIG"]).write_text(
            f'[providers.corp]\nbase_url = "{model.url}"\nmodel = "corp-7b"\nneeds_key = false\n',
            encoding="utf-8",
        )
        process, match = start([], folder)
        try:
            url, _, port, _ = match.groups()
            token = url.split("token=")[1]
            with httpx.Client(follow_redirects=True, timeout=30) as client:
                client.get(url)
                client.post(
                    f"http://127.0.0.1:{port}/draft",
                    data={"token": token, "f": "sample-notes.txt", "provider": "corp"},
                )
            deadline = time.monotonic() + 60
            while not model.received:  # the drafting waits for the model's answer
                assert time.monotonic() < deadline, "no model call within 60 s"
                time.sleep(0.1)
            assert drafting_in(folder), "the drafting runs in a process of its own"
        finally:
            err = stop(process)
    assert "已停止正在进行的起草（sample-notes.draft.json）" in err
    assert not drafting_in(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["sample-notes.txt"]


def drafting_in(folder: Path) -> list[int]:
    """Processes drafting for the page (``python -m selfreview.web.jobs``) in ``folder``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
            here = Path(os.readlink(entry / "cwd")) == folder.resolve()
        except OSError:
            continue
        if b"selfreview.web.jobs" in command and here:
            found.append(int(entry.name))
    return found
