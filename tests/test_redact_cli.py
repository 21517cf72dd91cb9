"""``draft redact NOTES``: the opinions as a remote model would get them, and the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli

NOTES = """一、征求意见
1. 群众反映办事难，一位群众（身份证号11010519491231002X）的材料被退回3次。
2. 2024年一季度开了23次会，完成率78%。
二、谈话记录
（1）郑志刚（副县长）：办公室电话0531-88886666常打不通，可发邮件 zzg@example.gov.cn。
（2）孙丽华：郑志刚同志说的情况属实，手机13900138000。
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "意见.txt"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_shows_what_would_be_sent(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["redact", str(notes)]) == 0
    out = capsys.readouterr().out
    assert "[O1] 群众反映办事难，一位群众（身份证号〔身份证1〕）的材料被退回3次。" in out
    assert "[O2] 2024年一季度开了23次会，完成率78%。" in out
    assert "[O3] 〔人名1〕（副县长）：办公室电话〔电话1〕常打不通，可发邮件 〔邮箱1〕。" in out
    assert "[O4] 〔人名2〕：〔人名1〕同志说的情况属实，手机〔手机1〕。" in out
    assert "  郑志刚 -> 〔人名1〕  人名  2 次" in out
    assert "  11010519491231002X -> 〔身份证1〕  身份证  1 次" in out
    assert "替换 6 项" in out


def test_json_output_and_roster(
    notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "名单.txt"
    roster.write_bytes("# 班子成员\n钱多多\n".encode("gbk"))
    notes.write_text(NOTES + "3. 钱多多分管的项目推进慢。\n", encoding="utf-8")
    assert run_cli(["redact", str(notes), "--names", str(roster), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["opinions"][-1] == {"id": "O5", "text": "〔人名3〕分管的项目推进慢。"}
    rows = {r["original"]: r for r in data["replacements"]}
    assert rows["钱多多"] == {
        "original": "钱多多",
        "placeholder": "〔人名3〕",
        "kind": "人名",
        "count": 1,
    }
    assert rows["13900138000"]["kind"] == "手机"


def test_org_is_shown_redacted(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["redact", str(notes), "--org", "郑志刚同志"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("单位/作者：〔人名1〕同志\n")


def test_nothing_to_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1. 学习不够深入，全年只学了12次。\n", encoding="utf-8")
    assert run_cli(["redact", str(path)]) == 0
    assert "没有发现需要替换的个人信息。" in capsys.readouterr().out


def test_bad_inputs_are_one_line_errors(
    notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["redact", str(tmp_path / "没有.txt")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "文件不存在" in err
    bad = tmp_path / "名单.txt"
    bad.write_text("王\n", encoding="utf-8")
    assert run_cli(["redact", str(notes), "--names", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "只有一个字" in err


def test_help_is_chinese_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["redact", "--help"]) == 0
    out = capsys.readouterr().out
    assert "draft redact 征求意见.txt" in out and "不替换" in out
