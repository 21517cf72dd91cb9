"""``draft import``: JSON on stdout or in a file, a report on stderr, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli
from selfreview.importing.model import ImportResult

MATERIALS = Path(__file__).resolve().parents[1] / "fixtures" / "materials"


def test_import_prints_the_material_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["import", str(MATERIALS / "seed-city-gov.md")]) == 0
    captured = capsys.readouterr()
    result = ImportResult.model_validate(json.loads(captured.out))
    assert result.format == "selfreview.import/1"
    assert len(result.material.all_problems()) == 14
    assert "5 个方面、14 个问题、4 条原因、3 条措施" in captured.err


def test_import_writes_out_and_does_not_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "材料.txt"
    shutil.copy(MATERIALS / "numbered-items.txt", source)
    out = tmp_path / "材料.json"
    assert run_cli(["import", str(source), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "未归类（第 6 行" in captured.err and "对照学习要求" in captured.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unplaced"][0]["text"] == "对照学习要求，主要存在以下问题："

    out.write_text("mine", encoding="utf-8")
    assert run_cli(["import", str(source), "-o", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert run_cli(["import", str(source), "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "selfreview.import/1"


def test_kind_overrides_the_detected_voice(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(MATERIALS / "hard-wrapped.txt")
    assert run_cli(["import", path]) == 0
    assert json.loads(capsys.readouterr().out)["material"]["voice"] == "collective"
    assert run_cli(["import", path, "--kind", "personal"]) == 0
    assert json.loads(capsys.readouterr().out)["material"]["voice"] == "personal"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("没有.txt", None, "文件不存在"),
        ("笔记.txt", "1. 学习不够。\n2. 调研太少。\n".encode(), "三个部分"),
        ("材料.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ],
)
def test_bad_input_is_one_line_exit_1(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes | None,
    message: str,
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert run_cli(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and name in err and message in err
    assert "Traceback" not in err


def test_import_of_a_built_document_counts_what_it_left_out_by_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 附件 (ledger) and the 讨论稿 mark of a document this tool built are not page
    numbers: the report names each reason with its count."""
    source = tmp_path / "材料.md"
    source.write_text(
        "**讨论稿**\n\n# 某局党组对照检查材料\n\n开头。\n\n## 一、存在的主要问题\n\n"
        "一是学习不深入。全年只学了2次。\n\n## 二、产生问题的原因分析\n\n一是思想不重视。\n\n"
        "## 三、努力方向和整改措施\n\n一是加强学习。每月学习1次。\n\n— 3 —\n\n附件\n\n"
        "## 整改清单\n\n| 序号 | 问题 | 整改措施 |\n|---|---|---|\n| 1 | 学习不深入 | 加强学习 |\n",
        encoding="utf-8",
    )
    assert run_cli(["import", str(source), "-o", str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    reasons = [item["reason"] for item in data["skipped"]]
    page_numbers = sum("页码" in reason for reason in reasons)
    assert reasons.count("文稿标记，未放入材料") == 1 and page_numbers == 1
    attachment = reasons.count("附件，未放入材料")
    assert attachment >= 2
    assert f"附件 {attachment} 处" in err
    assert "文稿标记 1 处" in err and "疑似页码 1 处" in err
    assert f"已略去 {len(reasons)} 处疑似页码" not in err
