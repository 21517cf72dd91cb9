"""Bad input at the command line: every case is one line naming the file, exit 1, or a draft.

Each case drives the real CLI (``run_cli``) for ``draft NOTES`` and, where the file is read
by the same reader, for ``draft import`` and ``draft check`` too.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import random
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest

from selfreview.cli.app import run_cli
from selfreview.notes.reading import MAX_DOCX_UNPACKED_BYTES, MAX_INPUT_BYTES

NOTES = (
    "# 征求意见\n"
    "1. 学习不深入，研讨时联系实际少。\n"
    "2. 调研少，完成率8成左右。\n"
    "3. 会议多，一周陪会3次以上。\n"
    "## 谈心谈话\n"
    "李四：文件照抄照转，落实打折扣。\n"
)
COMMANDS = {"draft": [], "import": ["import"], "check": ["check"]}


def fails(capsys: pytest.CaptureFixture[str], args: list[str], path: Path) -> str:
    """Run the CLI, assert exit 1 with one line naming ``path``; return that line."""
    capsys.readouterr()
    assert run_cli(args) == 1
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert "Traceback" not in captured.err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"错误：{path}：")
    return err


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the notes file itself: every command that reads it ----------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 8


def _random_bytes() -> bytes:
    return random.Random(6).randbytes(4096)


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    return buffer.getvalue()


def _docx_with_broken_xml() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut off mid-element
            archive.writestr(info, data)
    return out.getvalue()


BAD_FILES = [
    ("empty", "空.txt", b"", "文件是空的"),
    ("spaces", "空白.txt", b"  \r\n\t\n \n", "文件是空的"),
    ("full-width-spaces", "空白.md", "\u3000\u3000\n\n\u3000\n".encode(), "文件是空的"),
    ("utf16-spaces", "空白2.txt", "\ufeff  \n ".encode("utf-16-le"), "空"),
    ("png", "截图.txt", _png(), "不是文本文件"),
    ("random", "乱码.txt", _random_bytes(), "不是文本文件"),
    ("random-no-nul", "乱码2.txt", _random_bytes().replace(b"\x00", b"\x80"), "编码"),
    ("png-as-md", "图片.md", _png(), "不是文本文件"),
    ("docx-not-zip", "坏的.docx", NOTES.encode(), "不是有效的 .docx 文件（不是 zip 格式"),
    ("docx-png", "图片.docx", _png(), "不是有效的 .docx 文件"),
    ("docx-no-document", "空壳.docx", _zip_without_document(), "缺少 word/document.xml"),
    ("docx-ole", "加密.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "取消密码"),
    ("docx-bad-xml", "坏XML.docx", _docx_with_broken_xml(), ".docx 文件（内容损坏"),
    ("doc", "旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "另存为 .docx"),
    ("wps", "金山.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "另存为 .docx"),
    ("doc-renamed-txt", "旧版.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), ".docx"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_notes_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    data: bytes,
    message: str,
) -> None:
    path = write(tmp_path / name, data)
    err = fails(capsys, [*COMMANDS[command], str(path)], path)
    assert message in err
    # The reason is for a clerk: no Python exception name (AttributeError, XMLSyntaxError).
    assert re.search(r"[A-Za-z]+(?:Error|Exception)", err) is None, err
    assert not list(tmp_path.glob("*.draft.json"))


def test_doc_and_wps_say_how_to_convert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".doc", ".wps", ".DOC"):
        path = write(tmp_path / f"意见{suffix}", b"\xd0\xcf\x11\xe0" + bytes(100))
        assert "请在 Word/WPS 中另存为 .docx 后再试" in fails(capsys, [str(path)], path)


@pytest.mark.parametrize("command", COMMANDS)
def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    folder = tmp_path / "征求意见.txt"
    folder.mkdir()
    assert "文件夹" in fails(capsys, [*COMMANDS[command], str(folder)], folder)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["没有这个文件.txt", "没有.docx", "没有.json"])
def test_missing_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    if name.endswith(".json") and command != "check":
        return  # only draft check reads JSON; for the others it is an unsupported type
    path = tmp_path / name
    assert "不存在" in fails(capsys, [*COMMANDS[command], str(path)], path)


# Linux capability bits that let root read any file regardless of its mode.
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


@contextmanager
def file_permissions_enforced() -> Iterator[None]:
    """Make mode bits bind this thread even when running as root.

    Root reads a 000 file because of CAP_DAC_OVERRIDE; this drops that capability (and
    CAP_DAC_READ_SEARCH) from the thread's effective set for the block and raises them
    again afterwards (they stay in the permitted set). Not root: nothing to do.
    """
    if os.geteuid() != 0:
        yield
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (_CapData * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0, ctypes.get_errno()
    saved = data[0].effective
    data[0].effective &= ~((1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH))
    assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()
    try:
        yield
    finally:
        data[0].effective = saved
        assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ["上锁.txt", "上锁.docx", "上锁.json"])
def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    if name.endswith(".json") and command != "check":
        return
    path = write(tmp_path / name, NOTES.encode())
    path.chmod(0)
    try:
        with file_permissions_enforced():
            with pytest.raises(PermissionError):  # the test itself can no longer read it
                path.read_bytes()
            err = fails(capsys, [*COMMANDS[command], str(path)], path)
    finally:
        path.chmod(0o600)
    if name.endswith(".json"):  # draft check reads JSON itself (workflow/checking.py)
        assert "Permission denied" in err or "没有读取权限" in err
    else:
        assert "没有读取权限" in err


def test_headings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path / "只有标题.md",
        "# 某局民主生活会征求意见汇总\n\n## 征求意见\n\n## 谈心谈话\n\n三、自己查摆的问题\n".encode(),
    )
    assert "只找到标题，没有找到任何意见内容" in fails(capsys, [str(path)], path)
    assert "三个部分" in fails(capsys, ["import", str(path)], path)
    assert "三个部分" in fails(capsys, ["check", str(path)], path)


def test_headings_only_in_one_of_two_files_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "征求意见.txt", NOTES.encode())
    bad = write(tmp_path / "谈话.txt", "【谈心谈话】\n\n李四：\n\n王五：\n".encode())
    fails(capsys, [str(good), str(bad)], bad)


# --- size ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty_megabytes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 50 MB notes file (written once for the three commands)."""
    line = "1. 学习不深入，研讨时联系实际少，调研少，会议多，文件照抄照转。\n".encode()
    path = tmp_path_factory.mktemp("huge") / "巨大.txt"
    path.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_fifty_megabyte_text_is_refused_with_the_limit(
    fifty_megabytes: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert fifty_megabytes.stat().st_size > 50 * 1024 * 1024
    err = fails(capsys, [*COMMANDS[command], str(fifty_megabytes)], fifty_megabytes)
    assert f"上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB" in err
    assert "50.0 MB" in err
    assert not list(fifty_megabytes.parent.glob("*.draft.json"))


def test_docx_over_the_file_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("1. 学习不深入。")
    document.save(buffer)
    path = write(tmp_path / "带图片.docx", buffer.getvalue())
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/photo.bin", random.Random(1).randbytes(MAX_INPUT_BYTES))
    err = fails(capsys, [str(path)], path)
    assert f"上限为 {MAX_INPUT_BYTES // 1024 // 1024} MB" in err


def test_docx_that_unpacks_too_large_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zip bomb: small on disk, huge when unpacked; refused before python-docx opens it."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = write(tmp_path / "炸弹.docx", buffer.getvalue())
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(MAX_DOCX_UNPACKED_BYTES // len(chunk) + 1):
            member.write(chunk)
    assert path.stat().st_size < MAX_INPUT_BYTES
    err = fails(capsys, [str(path)], path)
    assert f"{MAX_DOCX_UNPACKED_BYTES // 1024 // 1024} MB" in err


# --- many opinions ------------------------------------------------------------------------


@pytest.mark.slow
def test_five_thousand_opinions_give_a_complete_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(5000)
    subjects = ["理论学习", "调查研究", "会议文件", "服务群众", "担当作为", "纪律规矩", "廉洁自律"]
    problems = ["不够深入", "流于形式", "走过场", "偏多", "不到位", "有所淡化", "执行不严"]
    lines = ["# 征求意见"]
    for number in range(1, 5001):
        lines.append(
            f"{number}. {rng.choice(subjects)}{rng.choice(problems)}，"
            f"群众第{number}次反映{rng.choice(subjects)}方面的问题。"
        )
    path = tmp_path / "五千条.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_cli([str(path)]) == 0
    assert "读入意见 5000 条" in capsys.readouterr().err
    draft = json.loads((tmp_path / "五千条.draft.json").read_text(encoding="utf-8"))
    ids = [opinion["id"] for opinion in draft["opinions"]]
    assert ids == [f"O{n}" for n in range(1, 5001)]
    assert draft["opinions"][4999]["text"].startswith(lines[5000].split(". ", 1)[1][:8])
    material = draft["material"]
    cited = {
        source
        for aspect in material["problems"]
        for problem in aspect["items"]
        for source in problem["sources"]
    }
    unused = {entry["id"] for entry in draft["unused"]}
    assert cited | unused == set(ids)


# --- mixed encodings ----------------------------------------------------------------------


MIXED_UTF8 = "1. 学习不深入，研讨时联系实际少。\n2. 调研少，完成率8成左右。\n"
MIXED_GBK = "3. 会议多，一周陪会3次以上。\n4. 文件照抄照转，落实打折扣。\n"


@pytest.mark.parametrize("order", ["utf8-first", "gbk-first", "bom-first"])
def test_half_utf8_half_gbk_is_read_line_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], order: str
) -> None:
    utf8, gbk = MIXED_UTF8.encode(), MIXED_GBK.encode("gbk")
    data = {
        "utf8-first": utf8 + gbk,
        "gbk-first": gbk + utf8,
        "bom-first": b"\xef\xbb\xbf" + utf8 + gbk,
    }
    path = write(tmp_path / "拼接.txt", data[order])
    assert run_cli([str(path)]) == 0
    draft = json.loads((tmp_path / "拼接.draft.json").read_text(encoding="utf-8"))
    texts = sorted(opinion["text"] for opinion in draft["opinions"])
    assert texts == sorted(line.split(". ", 1)[1] for line in (MIXED_UTF8 + MIXED_GBK).splitlines())
    assert draft["notes"][0]["encoding"] == "utf-8+gb18030"


def test_mixed_file_with_an_undecodable_line_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = MIXED_UTF8.encode() + MIXED_GBK.encode("gbk") + b"5. \x80\xff\x80\xff\xfe\n"
    path = write(tmp_path / "坏行.txt", data)
    for command in COMMANDS.values():
        assert "第 5 行" in fails(capsys, [*command, str(path)], path)


def test_utf8_file_with_a_damaged_character_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (MIXED_UTF8 + "3. 会议多，一周陪会3次以上。\n").encode()
    cut = data.index("陪".encode()) + 2  # drop the last byte of 陪
    path = write(tmp_path / "截断.txt", data[:cut] + data[cut + 1 :])
    err = fails(capsys, [str(path)], path)
    assert "第 3 行" in err and "损坏的 UTF-8" in err


def test_gbk_file_with_a_garbage_line_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = MIXED_GBK.encode("gbk") + b"\x80\x80\x80\n" + "5. 调研少。\n".encode("gbk")
    path = write(tmp_path / "坏行.txt", data)
    assert "第 3 行无法解码" in fails(capsys, [str(path)], path)


def test_gbk_lines_that_happen_to_be_valid_utf8_stay_gbk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In GBK, 路 is C2 B7 and 梅 is C3 B7: valid UTF-8 for "·" and "÷".
    text = "1. 道路不畅，群众反映多。\n路\n梅\n2. 调研少。\n"
    path = write(tmp_path / "路.txt", text.encode("gbk"))
    assert run_cli([str(path)]) == 0
    draft = json.loads((tmp_path / "路.draft.json").read_text(encoding="utf-8"))
    assert draft["notes"][0]["encoding"] == "gb18030"
    assert "路" in " ".join(opinion["text"] for opinion in draft["opinions"])


def test_import_reads_a_mixed_material(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = "一、查找的突出问题\n（一）理论学习方面\n一是学习不深入，研讨时联系实际少。\n"
    tail = (
        "二、产生问题的原因分析\n一是理想信念有所弱化。\n三、努力方向和整改措施\n一是加强学习。\n"
    )
    path = write(tmp_path / "材料.txt", head.encode() + tail.encode("gbk"))
    assert run_cli(["import", str(path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["encoding"] == "utf-8+gb18030"
    assert "理想信念有所弱化" in json.dumps(result["material"], ensure_ascii=False)


# --- outline files ------------------------------------------------------------------------

GOOD_ASPECT = "  - {id: study, name: 学习方面, keywords: [学习]}\n"
BAD_OUTLINES = [
    ("bad-yaml", "name: [没有闭合\naspects: x\n", "YAML 格式错误（第 2 行）"),
    ("tab-indent", "name: 提纲\naspects:\n\t- id: a\n", "YAML 格式错误"),
    ("no-aspects", "name: 提纲\n", "字段 aspects：缺少此字段"),
    ("empty-aspects", "name: 提纲\naspects: []\n", "字段 aspects：不能为空"),
    ("aspects-not-list", "name: 提纲\naspects: 学习\n", "字段 aspects：应为列表"),
    (
        "duplicate-ids",
        f"name: 提纲\naspects:\n{GOOD_ASPECT}  - {{id: study, name: 调研方面, keywords: [调研]}}\n",
        "方面的 id 重复：study",
    ),
    (
        "duplicate-names",
        f"name: 提纲\naspects:\n{GOOD_ASPECT}  - {{id: b, name: 学习方面, keywords: [调研]}}\n",
        "方面的 name 重复：学习方面",
    ),
    (
        "unknown-key",
        f"name: 提纲\ncolour: red\naspects:\n{GOOD_ASPECT}",
        "字段 colour：不认识的字段",
    ),
    (
        "unknown-aspect-key",
        "name: 提纲\naspects:\n  - {id: a, name: 学习方面, keywords: [学习], weight: 2}\n",
        "字段 aspects.0.weight：不认识的字段",
    ),
    ("empty-name", f'name: ""\naspects:\n{GOOD_ASPECT}', "字段 name：不能为空"),
    ("blank-name", f'name: "  "\naspects:\n{GOOD_ASPECT}', "字段 name：不能为空"),
    (
        "empty-aspect-name",
        'name: 提纲\naspects:\n  - {id: a, name: "", keywords: [学习]}\n',
        "字段 aspects.0.name：不能为空",
    ),
    (
        "blank-aspect-name",
        'name: 提纲\naspects:\n  - {id: a, name: "\u3000", keywords: [学习]}\n',
        "字段 aspects.0.name：不能为空",
    ),
    (
        "missing-keywords",
        "name: 提纲\naspects:\n  - {id: a, name: 学习方面}\n",
        "方面缺少 keywords：a",
    ),
    ("headings-not-map", f"name: 提纲\nheadings: 5\naspects:\n{GOOD_ASPECT}", "字段 headings"),
    ("a-list", "- 学习\n- 调研\n", "应为键值映射"),
    ("empty-file", "", "文件是空的"),
    ("comments-only", "# 只有注释\n", "应为键值映射"),
]


@pytest.mark.parametrize("route", ["outlines", "--outline"])
@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in BAD_OUTLINES], ids=[c[0] for c in BAD_OUTLINES]
)
def test_outline_file_with_mistakes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], route: str, text: str, message: str
) -> None:
    outline = tmp_path / "提纲.yaml"
    outline.write_text(text, encoding="utf-8")
    if route == "outlines":
        args = ["outlines", str(outline)]
    else:
        notes = write(tmp_path / "笔记.txt", NOTES.encode())
        args = [str(notes), "--outline", str(outline)]
    err = fails(capsys, args, outline)
    assert message in err
    assert not list(tmp_path.glob("*.draft.json"))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "提纲文件不存在"),
        ("directory", "文件夹"),
        ("gbk", "UTF-8"),
        ("binary", "UTF-8"),
        ("unreadable", "没有读取权限"),
        ("huge", "太大"),
    ],
)
def test_outline_file_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    outline = tmp_path / "提纲.yaml"
    text = f"name: 提纲\naspects:\n{GOOD_ASPECT}"
    if setup == "directory":
        outline.mkdir()
    elif setup == "gbk":
        outline.write_bytes(text.encode("gbk"))
    elif setup == "binary":
        outline.write_bytes(_png())
    elif setup in ("unreadable", "huge"):
        outline.write_text(text + ("# 注释\n" * 200_000 if setup == "huge" else ""), "utf-8")
    with file_permissions_enforced():
        if setup == "unreadable":
            outline.chmod(0)
        try:
            err = fails(capsys, ["outlines", str(outline)], outline)
        finally:
            if setup == "unreadable":
                outline.chmod(0o600)
    assert message in err


@pytest.mark.parametrize("case", ["directory", "empty", "binary", "not-json"])
def test_check_of_a_bad_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """draft check reads .json itself (draft files, import results): still one line."""
    path = tmp_path / "草稿.draft.json"
    if case == "directory":
        path.mkdir()
    else:
        data = {"empty": b"", "binary": _png(), "not-json": "忽略以上要求".encode()}[case]
        path.write_bytes(data)
    fails(capsys, ["check", str(path)], path)


DRAFT_COMMANDS = {"review": ["review", "--approve-all"], "build": ["build"]}


@pytest.mark.parametrize("command", DRAFT_COMMANDS)
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("directory", "这是一个文件夹，不是文件"),
        ("gbk", "须为 UTF-8 编码（此文件是 GB18030）"),
        ("empty", "文件是空的"),
        ("binary", "不是文本文件"),
        ("not-json", "不是有效的 JSON（第 1 行）"),
    ],
)
def test_review_and_build_of_an_unreadable_draft_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, case: str, message: str
) -> None:
    """draft review / draft build read a draft file with the same reader and the same
    Chinese messages as draft check: no "[Errno 21] Is a directory" or "'utf-8' codec"."""
    path = tmp_path / "草稿.draft.json"
    if case == "directory":
        path.mkdir()
    else:
        data = {
            "gbk": '{"format": "草稿"}'.encode("gbk"),
            "empty": b"",
            "binary": _png(),
            "not-json": "忽略以上要求".encode(),
        }[case]
        path.write_bytes(data)
    err = fails(capsys, [*DRAFT_COMMANDS[command], str(path)], path)
    assert message in err
    assert re.search(r"Errno|codec|[A-Za-z]+Error", err) is None, err


@pytest.mark.parametrize("command", DRAFT_COMMANDS)
def test_review_of_the_notes_file_says_which_file_to_give(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """A new user's `draft review 笔记.txt` (a GBK notes file): what to run instead."""
    notes = write(tmp_path / "笔记.txt", NOTES.encode("gbk"))
    err = fails(capsys, [*DRAFT_COMMANDS[command], str(notes)], notes)
    assert "这是原始材料，不是草稿文件：起草用 draft 笔记.txt" in err
    assert "*.draft.json" in err
