"""The ``draft`` command end to end, in process and as a subprocess for the exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "笔记.txt"
    shutil.copy(SAMPLE, path)
    return path


def test_approve_all_writes_docx_and_draft_file(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli([str(notes), "--org", "某市政府党组", "--approve-all", "--allow-placeholders"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "离线起草" in err
    docx_path = notes.with_suffix(".docx")
    assert docx_path.is_file()
    draft = json.loads(notes.with_name("笔记.draft.json").read_text(encoding="utf-8"))
    decisions = [unit["decisions"][-1] for unit in draft["review"].values()]
    assert decisions and all(d["via"] == "approve-all" for d in decisions)
    assert all(d["status"] == "approved" for d in decisions)
    assert draft["settings"]["provider"] == "offline"
    assert draft["material"]["title"] == "某市政府党组2021年度专题民主生活会对照检查材料"
    assert oct(notes.with_name("笔记.draft.json").stat().st_mode & 0o777) == "0o600"

    from docx import Document

    # The title breaks into balanced lines (a w:br between them).
    texts = [
        p.text.replace("\n", "") for p in Document(str(docx_path)).paragraphs if p.text.strip()
    ]
    assert texts[:2] == [
        "讨论稿",
        "某市政府党组2021年度专题民主生活会对照检查材料",
    ]  # 【待补】 left
    assert any(t.startswith("一、") for t in texts)
    assert any(t.startswith("（一）理论学习方面") for t in texts)


def test_without_approval_only_the_draft_file_is_saved(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli([str(notes)]) == 0
    err = capsys.readouterr().err
    assert "--approve-all" in err and "draft review" in err
    assert notes.with_name("笔记.draft.json").is_file()
    assert not notes.with_suffix(".docx").exists()


def test_unchanged_rerun_resumes_and_a_different_setting_needs_redraft(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft_path = notes.with_name("笔记.draft.json")
    assert run_cli([str(notes)]) == 0
    first = draft_path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run_cli([str(notes)]) == 0
    assert "继续审阅已有草稿" in capsys.readouterr().err
    assert draft_path.read_text(encoding="utf-8") == first

    assert run_cli([str(notes), "--kind", "personal"]) == 1
    err = capsys.readouterr().err
    assert "--redraft" in err and "材料类型" in err and str(draft_path) in err
    assert "--force" not in err  # --force only overwrites the document
    assert draft_path.read_text(encoding="utf-8") == first  # untouched
    assert run_cli([str(notes), "--kind", "personal", "--force"]) == 1
    assert draft_path.read_text(encoding="utf-8") == first  # --force never re-drafts
    capsys.readouterr()
    assert run_cli([str(notes), "--kind", "personal", "--redraft"]) == 0
    assert draft_path.read_text(encoding="utf-8") != first
    (backup,) = notes.parent.glob("笔记.draft.*.bak.json")
    assert backup.read_text(encoding="utf-8") == first  # the old draft, decisions and all
    assert backup.stat().st_mode & 0o777 == 0o600
    assert str(backup) in capsys.readouterr().err


def test_existing_output_is_not_overwritten_without_force(
    notes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = notes.with_name("材料.docx")
    out.write_bytes(b"mine")
    assert run_cli([str(notes), "-o", str(out), "--approve-all", "--allow-placeholders"]) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"mine"
    assert (
        run_cli([str(notes), "-o", str(out), "--approve-all", "--allow-placeholders", "--force"])
        == 0
    )
    assert out.read_bytes()[:2] == b"PK"


def test_markdown_output_and_personal_voice(tmp_path: Path) -> None:
    notes = tmp_path / "个人.txt"
    shutil.copy(ROOT / "fixtures" / "notes" / "sample-personal.txt", notes)
    out = tmp_path / "个人.md"
    code = run_cli(
        [
            str(notes),
            "--kind",
            "personal",
            "--org",
            "王某某同志",
            "--approve-all",
            "--allow-placeholders",
            "-o",
            str(out),
            "--outline",
            "recent-six",
        ]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("**讨论稿**\n\n# 王某某同志2021年度专题民主生活会个人对照检查材料")
    assert "有的同志" not in text
    assert "（一）政治忠诚方面" in text or "政治忠诚方面" in text


def test_outlines_command_lists_builtin_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["outlines"]) == 0
    out = capsys.readouterr().out
    assert "2021-five" in out and "recent-six" in out
    assert run_cli(["outlines", "2021-five"]) == 0
    assert "5. 纪律规矩方面" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["absent.txt"], "absent.txt"),
        (["{notes}", "--outline", "2099-none"], "没有名为“2099-none”的内置提纲"),
        (["{notes}", "--provider", "gpt-9"], "未知的 provider"),
        (["{notes}", "-o", "out.pdf"], "out.pdf"),
    ],
)
def test_bad_input_is_one_line_exit_1(
    notes: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [a.replace("{notes}", str(notes)) for a in args]
    assert run_cli(args) == 1
    err = capsys.readouterr().err.strip()
    assert message in err
    assert err.startswith("错误：")
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["run", "--no-such-option"]) == 2


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "from selfreview.cli.app import run_cli\n"
        "rc = run_cli(['--help'])\n"
        "heavy = [m for m in ('docx', 'jieba', 'openai', 'langchain_core', 'pydantic', 'yaml')"
        " if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "OPENAI_API_KEY": ""},
    )
    assert result.stdout.strip().splitlines()[-1] == "0 []"
    assert "draft NOTES" in result.stdout or "示例" in result.stdout


def test_console_script_exit_codes(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "selfreview", str(tmp_path / "none.txt")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1
    assert "Traceback" not in missing.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "selfreview", "run"], capture_output=True, text=True
    )
    assert usage.returncode == 2


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_notes_in_other_encodings_draft_the_same_material(tmp_path: Path, encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    reference = tmp_path / "utf8.txt"
    reference.write_text(text, encoding="utf-8")
    other = tmp_path / f"{encoding}.txt"
    other.write_bytes(text.encode(encoding))
    assert run_cli([str(reference)]) == 0
    assert run_cli([str(other)]) == 0
    first = json.loads((tmp_path / "utf8.draft.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / f"{encoding}.draft.json").read_text(encoding="utf-8"))
    assert second["material"] == first["material"]
    assert second["notes"][0]["encoding"] != ""


def test_docx_notes_draft_the_same_material(tmp_path: Path) -> None:
    from docx import Document

    from selfreview.notes import read_notes

    parsed = read_notes(SAMPLE)
    blocks = sorted(
        [(h.origin.line, h.text) for h in parsed.headings]
        + [(o.origin.line, o.text) for o in parsed.opinions]
    )
    document = Document()
    for _, block in blocks:
        document.add_paragraph(block)
    notes = tmp_path / "笔记.docx"
    document.save(str(notes))
    reference = tmp_path / "ref.txt"
    shutil.copy(SAMPLE, reference)
    assert run_cli([str(reference)]) == 0
    assert run_cli([str(notes), "-o", str(tmp_path / "out.docx")]) == 0
    first = json.loads((tmp_path / "ref.draft.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "out.draft.json").read_text(encoding="utf-8"))
    assert second["material"] == first["material"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("空.txt", b"", "空"),
        ("空白.txt", "  \n\u3000\n\t\n".encode(), "空"),
        ("二进制.txt", bytes(range(256)) * 4, ""),
        ("旧格式.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".docx"),
        ("坏的.docx", b"not a zip at all", ""),
        ("只有标题.txt", "一、征求意见情况\n二、谈心谈话记录\n".encode(), ""),
    ],
)
def test_bad_notes_files_fail_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert run_cli([str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"错误：{path}：")
    assert message in err
    assert len(err.splitlines()) == 1
    assert not list(tmp_path.glob("*.draft.json"))


def test_directory_as_notes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([str(tmp_path)]) == 1
    assert str(tmp_path) in capsys.readouterr().err


def test_ctrl_c_exits_130(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from selfreview.drafting.offline import OfflineDrafter

    def interrupted(self: OfflineDrafter, request: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(OfflineDrafter, "draft", interrupted)
    assert run_cli([str(notes)]) == 130
    assert not notes.with_name("笔记.draft.json").exists()


def test_user_outline_file_is_used_and_checked(
    notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outline = tmp_path / "我的提纲.yaml"
    outline.write_text(
        "name: 我的提纲\nmeeting: 专题组织生活会\naspects:\n"
        "  - {id: study, name: 学习教育方面, keywords: [学习, 理论, 研讨]}\n"
        "  - {id: people, name: 为民服务方面, keywords: [群众, 热线, 信访]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "材料.md"
    assert (
        run_cli(
            [
                str(notes),
                "--outline",
                str(outline),
                "--approve-all",
                "--allow-placeholders",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert "专题组织生活会对照检查材料" in text
    assert "（一）学习教育方面" in text and "（二）为民服务方面" in text
    assert "标准境界方面" not in text

    outline.write_text(
        "name: 我的提纲\naspects:\n  - {id: study, name: 学习方面}\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert run_cli([str(notes), "--outline", str(outline), "--force"]) == 1
    err = capsys.readouterr().err
    assert str(outline) in err and "keywords" in err


def test_layout_options_reach_the_document(notes: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    out = notes.with_name("版式.docx")
    args = [
        str(notes),
        "--approve-all",
        "--allow-placeholders",
        "-o",
        str(out),
        "--body-font",
        "仿宋",
        "--chars-per-line",
        "0",
    ]
    assert run_cli(args) == 0
    paragraphs = Document(str(out)).paragraphs
    assert paragraphs[0].text == "讨论稿"  # the offline draft leaves 【待补】 placeholders
    body = paragraphs[3].runs[0]._r.find(qn("w:rPr"))
    assert body.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    assert body.find(qn("w:w")) is None and body.find(qn("w:spacing")) is None
    title = paragraphs[1].runs[0]._r.find(qn("w:rPr"))
    assert title.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
