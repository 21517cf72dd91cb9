"""The wheel carries prompts/ and drafts from a folder outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_into_fresh_venv_and_drafts(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("selfreview-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "selfreview/prompts/outlines/2021-five.yaml" in names
    assert "selfreview/prompts/offline/phrasebank.yaml" in names
    for served in (
        "static/htmx.min.js",
        "static/page.js",
        "static/style.css",
        "templates/review.html",
    ):
        assert f"selfreview/web/{served}" in names  # the page needs nothing from elsewhere

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    venv_python = venv / "bin" / "python"
    venv_site = Path(
        subprocess.run(
            [str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies come from this interpreter (no network in tests); the checkout
    # does not: a .pth line adds a folder, but the .pth files inside it (our editable
    # install's) are not processed.
    dependency_dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (venv_site / "_outer_deps.pth").write_text("\n".join(sorted(dependency_dirs)) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv_python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        check=True,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-notes.txt", elsewhere / "笔记.txt")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "SELFREVIEW_PROMPTS"}}
    where = subprocess.run(
        [str(venv_python), "-c", "import selfreview.resources as r; print(r.prompts_dir())"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where

    result = subprocess.run(
        [
            str(venv / "bin" / "draft"),
            "笔记.txt",
            "--org",
            "某市政府党组",
            "--approve-all",
            "--allow-placeholders",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "笔记.docx").stat().st_size > 5000
    assert (elsewhere / "笔记.draft.json").is_file()
    assert "已生成" in result.stderr

    module = subprocess.run(
        [str(venv_python), "-m", "selfreview", "outlines"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert module.returncode == 0, module.stderr
    assert "2021-five" in module.stdout and "recent-six" in module.stdout
