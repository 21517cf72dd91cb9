"""``draft check``: materials, import results and draft files; text, JSON and rule lists."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from materials import sample_material
from selfreview.cli.app import run_cli
from selfreview.render import render
from test_check_rules import CLEAN

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "materials" / "seed-city-gov.md"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "干净.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


@pytest.fixture
def draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A draft file written by the offline drafter from the sample notes."""
    notes = tmp_path / "笔记.txt"
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-notes.txt", notes)
    assert run_cli([str(notes), "--org", "某市政府党组"]) == 0
    capsys.readouterr()
    return tmp_path / "笔记.draft.json"


def test_seed_reports_placeholders_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", str(SEED)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"{SEED}（导入的材料，班子材料）：8 个错误")
    for placeholder in ("“xx”", "“x成”", "“D史”"):
        assert placeholder in out
    assert "错误 [placeholder] 查找的突出问题 › （二）标准境界方面 › 三是（P6，第 11 行）" in out


def test_clean_material_exits_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", str(clean)]) == 0
    assert "没有发现问题" in capsys.readouterr().out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", str(SEED), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "imported" and data["voice"] == "collective"
    assert data["counts"]["error"] == 8
    assert len(data["findings"]) == sum(data["counts"].values())
    first = data["findings"][0]
    assert set(first) == {"rule", "severity", "location", "message"}
    assert set(first["location"]) == {"part", "aspect", "item", "id", "line"}


def test_our_rendered_docx_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "材料.docx"
    render(sample_material(), path)
    assert run_cli(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "“x成”" in out and "“D史”" in out and "【待补：具体事例】" in out


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from selfreview.checks import RULES

    assert run_cli(["check", "--rules"]) == 0
    out = capsys.readouterr().out
    for rule_id in RULES:
        assert f"\n{rule_id}  " in f"\n{out}"
    assert "学习不够深入" in out  # the phrase lists are shown
    assert run_cli(["check", "--rules", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {rule["id"] for rule in data} == set(RULES)


def test_rules_file_changes_severity_extends_lists_and_disables(
    tmp_path: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "规则.yaml"
    rules.write_text(
        "rules:\n"
        "  placeholder: {severity: warning}\n"
        "  typography: {enabled: false}\n"
        "  generic-phrase:\n"
        "    extend: {phrases: [学用结合不紧]}\n",
        encoding="utf-8",
    )
    assert run_cli(["check", str(SEED), "--rules-file", str(rules)]) == 0
    out = capsys.readouterr().out
    assert "警告 [placeholder]" in out and "[typography]" not in out
    assert run_cli(["check", "--rules", "--rules-file", str(rules)]) == 0
    listed = capsys.readouterr().out
    assert "typography  提示  半角标点（已关闭）" in listed
    assert "学用结合不紧" in listed

    # The extended phrase list triggers on a problem without an example.
    text = clean.read_text(encoding="utf-8").replace(
        "如，全年中心组学习12次，结合业务研讨只有2次。", ""
    )
    clean.write_text(text, encoding="utf-8")
    assert run_cli(["check", str(clean), "--rules-file", str(rules)]) == 0
    assert "“学用结合不紧” 是常见套话" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules:\n  no-such-rule: {severity: info}\n", "没有这条规则：no-such-rule"),
        ("rules:\n  voice:\n    params: {words: [x]}\n", "规则 voice 没有参数 words"),
        ("rules:\n  voice: {severity: fatal}\n", "severity"),
        ("rules: [\n", "不是有效的 YAML"),
        ("- a\n", "rules:"),
    ],
)
def test_bad_rules_file_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    rules = tmp_path / "规则.yaml"
    rules.write_text(content, encoding="utf-8")
    assert run_cli(["check", str(SEED), "--rules-file", str(rules)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "规则.yaml" in err and message in err


def test_draft_file_runs_the_draft_only_rules(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["check", str(draft), "--json"]) == 1  # the drafter's 【待补】 placeholders
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "draft"
    rules = {f["rule"] for f in data["findings"]}
    assert "ungrounded-fact" not in rules  # the offline drafter invents nothing
    assert "unanswered-problem" not in rules and "orphan-measure" not in rules

    raw = json.loads(draft.read_text(encoding="utf-8"))
    problem = raw["material"]["problems"][0]["items"][0]
    problem["example"] = "全年完成率只有99%，2019年张三同志还缺席了7次"
    raw["material"]["measures"][0]["addresses"] = []
    draft.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert run_cli(["check", str(draft)]) == 1
    out = capsys.readouterr().out
    invented = [line for line in out.splitlines() if "[ungrounded-fact]" in line]
    assert len(invented) == 1
    for fact in ("百分比“99%”", "日期“2019年”", "人名“张三”", "数字“7”"):
        assert fact in invented[0]
    assert "[orphan-measure]" in out


def test_draft_without_material_is_an_error(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(draft.read_text(encoding="utf-8"))
    raw["material"] = None
    draft.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert run_cli(["check", str(draft)]) == 1
    err = capsys.readouterr().err
    assert "还没有材料" in err and err.count("\n") == 1


def test_import_json_and_bare_material_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = tmp_path / "导入.json"
    source = ROOT / "fixtures" / "materials" / "numbered-items.txt"
    assert run_cli(["import", str(source), "-o", str(imported)]) == 0
    capsys.readouterr()
    assert run_cli(["check", str(imported)]) == 0
    out = capsys.readouterr().out
    assert "（导入的材料" in out and "[unplaced-text]" in out

    bare = tmp_path / "材料.json"
    bare.write_text(sample_material().model_dump_json(), encoding="utf-8")
    assert run_cli(["check", str(bare)]) == 1
    out = capsys.readouterr().out
    assert "（材料 JSON" in out and "“x成”" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("坏.json", "{", "不是有效的 JSON"),
        ("错.json", '{"title": ""}', "字段 title"),
        ("没有.json", None, "文件不存在"),
        ("没有.docx", None, "文件不存在"),
    ],
)
def test_bad_files_are_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert run_cli(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and name in err and message in err


def test_personal_kind_turns_on_the_voice_rule(
    clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean.write_text(CLEAN.replace("学习后结合", "有的同志学习后结合"), encoding="utf-8")
    assert run_cli(["check", str(clean)]) == 0
    assert "[voice]" not in capsys.readouterr().out
    assert run_cli(["check", str(clean), "--kind", "personal"]) == 0
    assert "[voice]" in capsys.readouterr().out


def test_no_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check"]) == 2
    assert "--rules" in capsys.readouterr().err


# -- .json targets are read by the notes reader's helper: the same one-line errors ----------


def _json_case(path: Path, case: str) -> None:
    if case == "folder":
        path.mkdir()
    elif case == "too-large":
        from selfreview.notes.reading import MAX_JSON_BYTES

        with path.open("wb") as handle:  # sparse: the size is real, the disk use is not
            handle.truncate(MAX_JSON_BYTES + 1)
    else:
        data = {
            "empty": b" \n\t\n",
            "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
            "gbk": '{"title": "某局对照检查材料"}'.encode("gbk"),
            "utf-16": '{"title": "某局对照检查材料"}'.encode("utf-16"),
            "unreadable": b'{"title": "x"}',
        }[case]
        path.write_bytes(data)


JSON_ERRORS = {
    "folder": "这是一个文件夹，不是文件",
    "too-large": "文件太大（100.0 MB），上限为 100 MB",
    "empty": "文件是空的",
    "binary": "不是文本文件",
    "gbk": "JSON 文件须为 UTF-8 编码（此文件是 GB18030），请另存为 UTF-8",
    "utf-16": "JSON 文件须为 UTF-8 编码（此文件是 UTF-16-LE），请另存为 UTF-8",
    "unreadable": "没有读取权限",
}


@pytest.mark.parametrize("case", list(JSON_ERRORS))
def test_a_json_target_that_cannot_be_read_is_one_chinese_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    from test_bad_input import fails, file_permissions_enforced

    message = JSON_ERRORS[case]
    path = tmp_path / "草稿.draft.json"
    _json_case(path, case)
    if case != "unreadable":
        assert message in fails(capsys, ["check", str(path)], path)
        return
    path.chmod(0)
    try:
        with file_permissions_enforced():
            with pytest.raises(PermissionError):  # really unreadable, even as root
                path.read_bytes()
            err = fails(capsys, ["check", str(path)], path)
    finally:
        path.chmod(0o600)
    assert err == f"错误：{path}：{message}"


def test_a_draft_file_over_the_notes_limit_is_still_checked(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A draft file is about three times its notes, so .json gets a higher limit."""
    from selfreview.notes.reading import MAX_INPUT_BYTES

    with draft.open("ab") as handle:  # JSON allows trailing whitespace
        handle.write(b"\n" * (MAX_INPUT_BYTES + 1))
    run_cli(["check", str(draft)])
    captured = capsys.readouterr()
    assert captured.err == "" and "（草稿文件" in captured.out


def test_a_bare_material_with_a_bom_is_read(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    material = json.loads(draft.read_text(encoding="utf-8"))["material"]
    bare = draft.with_name("材料.json")
    bare.write_bytes(b"\xef\xbb\xbf" + json.dumps(material, ensure_ascii=False).encode())
    run_cli(["check", str(bare)])
    captured = capsys.readouterr()
    assert captured.err == "" and "（材料 JSON" in captured.out


# -- one check path: draft check and the API's Review.check() agree -------------------------


def test_review_check_and_draft_check_give_the_same_findings(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import selfreview

    review = selfreview.open_draft(draft)
    for problem_id in review.measures[0].addresses:  # the first measure answers nothing now
        review.reject(problem_id)
    review.reject(review.causes[0].id)
    rejected = {u for u in review.units() if review.status(u).value == "rejected"}
    assert len(rejected) >= 2

    api_findings = [f.model_dump(mode="json") for f in review.check()]
    assert run_cli(["check", str(draft), "--json"]) == 1
    cli_findings = json.loads(capsys.readouterr().out)["findings"]
    assert api_findings == cli_findings
    assert not {f["location"]["id"] for f in cli_findings} & rejected
    assert "measure-rejected" in {f["rule"] for f in cli_findings}


def test_explain_prints_the_rule_why_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", "--explain", "particle-misuse"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("particle-misuse：的、地、得用错\n级别：警告")
    for part in ("查什么：", "为什么：", "不好的写法：没有起到很好地示范带头作用", "好的写法："):
        assert part in out


def test_explain_an_unknown_rule_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["check", "--explain", "no-such-rule"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有这条规则：no-such-rule" in err and "no-example" in err


_OPENED: list[str] | None = None


def _record_open(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], str | Path):
        _OPENED.append(str(args[0]))


sys.addaudithook(_record_open)


def test_draft_check_reads_the_draft_file_once(
    draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    global _OPENED
    _OPENED = []
    try:
        status = run_cli(["check", str(draft)])
    finally:
        opened, _OPENED = _OPENED, None
    assert status in (0, 1) and "草稿文件" in capsys.readouterr().out  # checked, not refused
    assert opened.count(str(draft)) == 1
