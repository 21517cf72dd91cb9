"""Usage errors (exit 2) speak Chinese: the option, what it wants, then the usage line."""

from __future__ import annotations

import re

import pytest

from selfreview.cli.app import run_cli

ENGLISH = re.compile(r"Invalid value|Input should|No such option|Missing|requires an|Error:|Try ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "x.draft.json", "--line-spacing", "abc"], "--line-spacing 的值不对：应为数字"),
        (["build", "x.draft.json", "--line-spacing", "5"], "--line-spacing 的值不对：应不小于 12"),
        (["build", "x.draft.json", "--bogus"], "没有这个选项：--bogus"),
        (["build", "x.draft.json", "--line"], "没有这个选项：--line（是不是 --line-spacing？）"),
        (
            ["n.txt", "--kind", "foo"],
            "--kind 的值不对：“foo”不是可选的值，应为以下之一：collective、personal",
        ),
        (["build"], "缺少参数 DRAFT"),
        (["review", "a.draft.json", "--export"], "--export 后面要写一个值"),
        (["check"], "FILE：请给出要检查的文件，或用 --rules 列出规则"),
    ],
)
def test_usage_error_in_chinese(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run_cli(args) == 2
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first == f"错误：{message}", err
    assert ENGLISH.search(err) is None, err
    assert "Traceback" not in err


def test_usage_line_names_the_command_and_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["build", "x.draft.json", "--bogus"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[1] == "用法：draft build [OPTIONS] {DRAFT}（draft build -h 查看全部选项）"
