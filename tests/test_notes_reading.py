"""Reading notes files: encodings, .docx paragraphs and tables, and every input error."""

from __future__ import annotations

import codecs
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfreview.errors import InputError
from selfreview.notes import (
    MAX_INPUT_BYTES,
    NotesDocument,
    read_lines,
    read_notes,
    read_notes_files,
)
from selfreview.privacy import Redactor
from selfreview.schema import OpinionKind
from thoroughness import examples

NOTES = (
    "# 征求意见\n"
    "1. 学习不深入，全年仅下基层3次，\n"
    "研讨时联系实际少。\n"
    "2. 调研少，完成率8成左右。\n"
    "3. 会议多，一周陪会3次以上。\n"
    "\n"
    "群众反映办事难，企业开办仍需跑2至3趟。\n"
    "\n"
    "## 谈心谈话\n"
    "李四：会议多，光常务会就开了23次。\n"
    "王局长说：文件照抄照转。\n"
    "\n"
    "三、自己查摆的问题\n"
    "（1）自学时间少，系统读原著少。\n"
    "（2）服务群众的意识有所淡化。\n"
)
EXPECTED = [
    ("学习不深入，全年仅下基层3次，研讨时联系实际少。", OpinionKind.SOLICITED),
    ("调研少，完成率8成左右。", OpinionKind.SOLICITED),
    ("会议多，一周陪会3次以上。", OpinionKind.SOLICITED),
    ("群众反映办事难，企业开办仍需跑2至3趟。", OpinionKind.SOLICITED),
    ("李四：会议多，光常务会就开了23次。", OpinionKind.TALK),
    ("王局长说：文件照抄照转。", OpinionKind.TALK),
    ("自学时间少，系统读原著少。", OpinionKind.SELF),
    ("服务群众的意识有所淡化。", OpinionKind.SELF),
]


def summary(document: NotesDocument) -> list[tuple[str, OpinionKind]]:
    return [(o.text, o.kind) for o in document.opinions]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def build_docx(path: Path) -> Path:
    """The NOTES above as Word would hold them: heading styles, a table, paragraphs."""
    document: DocxDocument = docx.Document()
    document.add_heading("征求意见", level=1)
    table = document.add_table(rows=4, cols=2)
    rows = [
        ("序号", "意见内容"),
        ("1", "学习不深入，全年仅下基层3次，研讨时联系实际少。"),
        ("2", "调研少，完成率8成左右。"),
        ("3", "会议多，一周陪会3次以上。"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("群众反映办事难，企业开办仍需跑2至3趟。")
    document.add_heading("谈心谈话", level=1)
    document.add_paragraph("李四：会议多，光常务会就开了23次。")
    document.add_paragraph("王局长说：文件照抄照转。")
    document.add_paragraph("三、自己查摆的问题")
    document.add_paragraph("（1）自学时间少，系统读原著少。")
    document.add_paragraph("（2）服务群众的意识有所淡化。")
    document.save(str(path))
    return path


# --- encodings -------------------------------------------------------------------------


ENCODED = [
    ("utf8", NOTES.encode("utf-8"), "utf-8"),
    ("utf8-bom", codecs.BOM_UTF8 + NOTES.encode("utf-8"), "utf-8-sig"),
    ("gbk", NOTES.encode("gbk"), "gb18030"),
    ("gb18030", NOTES.encode("gb18030"), "gb18030"),
    ("utf16-le-bom", NOTES.encode("utf-16"), "utf-16-le"),
    ("utf16-be-bom", codecs.BOM_UTF16_BE + NOTES.encode("utf-16-be"), "utf-16-be"),
    ("utf16-le", NOTES.encode("utf-16-le"), "utf-16-le"),
    ("utf16-be", NOTES.encode("utf-16-be"), "utf-16-be"),
    ("crlf-gbk", NOTES.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ("cr-utf8", NOTES.replace("\n", "\r").encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize(("name", "data", "encoding"), ENCODED, ids=[e[0] for e in ENCODED])
def test_every_encoding_gives_the_same_opinions(
    tmp_path: Path, name: str, data: bytes, encoding: str
) -> None:
    document = read_notes(write(tmp_path / f"{name}.txt", data))
    assert summary(document) == EXPECTED
    assert document.encoding == encoding
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert [o.id for o in document.opinions] == [f"O{i}" for i in range(1, 9)]
    assert (document.opinions[0].origin.line, document.opinions[0].origin.end_line) == (2, 3)


def test_docx_gives_the_same_opinions(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "notes.docx")
    document = read_notes(path)
    assert summary(document) == EXPECTED
    assert document.encoding == "docx"
    assert document.opinions[0].section == "征求意见"
    assert [h.text for h in document.headings] == [
        "征求意见",
        "序号；意见内容",
        "谈心谈话",
        "三、自己查摆的问题",
    ]


def test_markdown_file_is_read(tmp_path: Path) -> None:
    assert summary(read_notes(write(tmp_path / "notes.md", NOTES.encode()))) == EXPECTED


def test_short_gbk_text_is_not_taken_for_another_encoding(tmp_path: Path) -> None:
    lines, encoding = read_lines(write(tmp_path / "short.txt", "调研少".encode("gbk")))
    assert (encoding, [line.text for line in lines]) == ("gb18030", ["调研少"])
    lines, _ = read_lines(
        write(tmp_path / "s2.txt", "群众反映办事难，完成率8成左右。".encode("gbk"))
    )
    assert lines[0].text == "群众反映办事难，完成率8成左右。"


def test_gb18030_four_byte_characters_decode(tmp_path: Path) -> None:
    text = "1. 㐀𠀀村群众反映办事难\n"
    lines, encoding = read_lines(write(tmp_path / "rare.txt", text.encode("gb18030")))
    assert encoding == "gb18030"
    assert lines[0].text == "1. 㐀𠀀村群众反映办事难"


def test_line_ends_and_spaces_are_normalised_without_nfkc(tmp_path: Path) -> None:
    raw = "1. 会议多，全年１２次　 \r\n\u3000\u3000群众反映办事难\r\u00a0调研少\n\n  文件多\n"
    lines, _ = read_lines(write(tmp_path / "n.txt", raw.encode("utf-8")))
    assert [(line.line, line.text, line.paragraph_start) for line in lines] == [
        (1, "1. 会议多，全年１２次", True),
        (2, "群众反映办事难", True),
        (3, "调研少", True),
        (5, "文件多", True),
    ]
    lines, _ = read_lines(write(tmp_path / "m.txt", "会议多\n文件多".encode()))
    assert [line.paragraph_start for line in lines] == [True, False]


# --- .docx details ---------------------------------------------------------------------


def test_docx_line_numbers_are_block_indexes(tmp_path: Path) -> None:
    document: DocxDocument = docx.Document()
    document.add_paragraph("【征求意见】")  # block 1
    document.add_paragraph("")  # block 2
    table = document.add_table(rows=2, cols=2)  # blocks 3, 4
    table.cell(0, 0).text, table.cell(0, 1).text = "1", "会议多，一周陪会3次以上。"
    table.cell(1, 0).text, table.cell(1, 1).text = "2", "调研少。"
    paragraph = document.add_paragraph("李四：学习不深入，")  # block 5, two lines
    paragraph.add_run().add_break()
    paragraph.add_run("全年仅下基层3次。")
    document.add_paragraph("群众反映办事难。")  # block 6
    path = tmp_path / "blocks.docx"
    document.save(str(path))
    lines, _ = read_lines(path)
    assert [(line.line, line.text) for line in lines] == [
        (1, "【征求意见】"),
        (3, "1. 会议多，一周陪会3次以上。"),
        (4, "2. 调研少。"),
        (5, "李四：学习不深入，"),
        (5, "全年仅下基层3次。"),
        (6, "群众反映办事难。"),
    ]
    opinions = read_notes(path).opinions
    assert [(o.text, o.origin.line) for o in opinions] == [
        ("会议多，一周陪会3次以上。", 3),
        ("调研少。", 4),
        ("李四：学习不深入，全年仅下基层3次。", 5),
        ("群众反映办事难。", 6),
    ]
    assert {o.kind for o in opinions} == {OpinionKind.SOLICITED}


def test_docx_table_merged_cells_header_and_title_rows(tmp_path: Path) -> None:
    document: DocxDocument = docx.Document()
    table = document.add_table(rows=5, cols=3)
    title = table.cell(0, 0).merge(table.cell(0, 2))
    title.text = "谈心谈话记录表"
    for cell, value in zip(table.rows[1].cells, ("序号", "意见建议", "提出人"), strict=True):
        cell.text = value
    for index, (number, text) in enumerate(
        [("1", "批评和自我批评辣味不足。"), ("2", "有的同志遇到难题不愿拍板。")], start=2
    ):
        table.cell(index, 0).text = number
        table.cell(index, 1).text = text
    speaker = table.cell(2, 2).merge(table.cell(3, 2))
    speaker.text = "李明"
    wide = table.cell(4, 0).merge(table.cell(4, 2))
    wide.text = "公车使用登记不规范。"
    path = tmp_path / "table.docx"
    document.save(str(path))
    result = read_notes(path)
    assert [(h.text, h.kind) for h in result.headings] == [
        ("谈心谈话记录表", OpinionKind.TALK),
        ("序号；意见建议；提出人", None),
    ]
    # the 提出人 column is each row's speaker, written before the opinion as in text notes
    assert [(o.text, o.kind, o.section) for o in result.opinions] == [
        ("李明：批评和自我批评辣味不足。", OpinionKind.TALK, "谈心谈话记录表"),
        ("李明：有的同志遇到难题不愿拍板。", OpinionKind.TALK, "谈心谈话记录表"),
        ("公车使用登记不规范。", OpinionKind.TALK, "谈心谈话记录表"),
    ]


def test_docx_person_column_becomes_the_speaker_whose_name_is_redacted(tmp_path: Path) -> None:
    """Issue 17: names in a 提出人 column were joined after the opinion and sent in clear."""
    document: DocxDocument = docx.Document()
    document.add_paragraph("一、征求意见情况")
    table = document.add_table(rows=4, cols=4)
    rows = [
        ("序号", "意见内容", "提出人", "类别"),
        ("1", "研讨时多是谈业务，结合学习体会谈认识少。", "孙志强（二级子公司总经理）", "学习"),
        ("2", "食堂、通勤班车问题反映多次无人答复。", "职工代表 周卫东", "作风"),
        ("3", "下发制度文件56件，有的与子公司实际脱节。", "", "制度"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "table.docx"
    document.save(str(path))
    result = read_notes(path)
    assert [o.text for o in result.opinions] == [
        "孙志强（二级子公司总经理）：研讨时多是谈业务，结合学习体会谈认识少。；学习",
        "职工代表 周卫东：食堂、通勤班车问题反映多次无人答复。；作风",
        "下发制度文件56件，有的与子公司实际脱节。；制度",
    ]
    sent = "\n".join(Redactor().prime([o.text for o in result.opinions]))
    assert "孙志强" not in sent and "周卫东" not in sent
    assert "〔人名1〕（二级子公司总经理）：研讨时" in sent and "56件" in sent


def test_docx_styles_are_looked_up_once_not_per_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17: python-docx scans every style for each paragraph (15 s for 10,000)."""
    from docx.oxml.styles import CT_Styles

    document: DocxDocument = docx.Document()
    document.add_heading("征求意见", level=1)
    for n in range(1, 201):
        document.add_paragraph(f"{n}. 会议多，一周陪会{n}次。")
    document.add_heading("谈心谈话", level=2)
    document.add_paragraph("李四：会议多。", style="List Bullet")
    path = tmp_path / "many.docx"
    document.save(str(path))
    calls = 0
    scan = CT_Styles.get_by_id

    def counted(self: CT_Styles, style_id: str) -> object:
        nonlocal calls
        calls += 1
        return scan(self, style_id)

    monkeypatch.setattr(CT_Styles, "get_by_id", counted)
    result = read_notes(path)
    assert len(result.opinions) == 201
    assert [(h.text, h.kind) for h in result.headings] == [
        ("征求意见", OpinionKind.SOLICITED),
        ("谈心谈话", OpinionKind.TALK),
    ]
    assert calls == 0


def test_importing_the_package_does_not_import_python_docx() -> None:
    code = "import sys, selfreview.notes; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- several files ---------------------------------------------------------------------


def test_several_files_continue_ids_and_hash_all_bytes(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", NOTES.encode("gbk"))
    second = build_docx(tmp_path / "b.docx")
    document = read_notes_files([first, second])
    assert [o.id for o in document.opinions] == [f"O{i}" for i in range(1, 17)]
    assert summary(document) == EXPECTED + EXPECTED
    assert document.opinions[8].origin.file == str(second)
    digest = hashlib.sha256(first.read_bytes() + second.read_bytes()).hexdigest()
    assert document.sha256 == digest
    assert [(s.path, s.encoding) for s in document.sources] == [
        (str(first), "gb18030"),
        (str(second), "docx"),
    ]
    assert document.sources[0].sha256 == hashlib.sha256(first.read_bytes()).hexdigest()
    assert document.encoding == "gb18030、docx"


# --- errors ----------------------------------------------------------------------------


def error_for(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_notes(path)
    message = str(info.value)
    assert message.startswith(f"{path}：")
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "不存在" in error_for(tmp_path / "征求意见.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    assert "文件夹" in error_for(folder)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", NOTES.encode())

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "权限" in error_for(path)


@pytest.mark.parametrize(
    "data", [b"", b"  \r\n\t\n", "\u3000\u3000\n".encode(), codecs.BOM_UTF8, b"\xff\xfe \x00"]
)
def test_empty_or_blank_file(tmp_path: Path, data: bytes) -> None:
    assert "空" in error_for(write(tmp_path / "empty.txt", data))


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "二进制"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(200)), ".docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00" + bytes(range(200)), "另存为 .docx"),
        (b"\x80\xff\x80\xff" * 50, "编码"),
        (b"\x80\xff\x80\xff" * 50 + b"\x80", "无法识别文件编码"),
    ],
    ids=["png", "zip", "ole-doc", "garbage", "undecodable"],
)
def test_binary_or_undecodable_content(tmp_path: Path, data: bytes, hint: str) -> None:
    assert hint in error_for(write(tmp_path / "notes.txt", data))


@pytest.mark.parametrize(
    ("suffix", "hint"),
    [
        (".doc", "请在 Word/WPS 中另存为 .docx"),
        (".wps", "请在 Word/WPS 中另存为 .docx"),
        (".pdf", "导出"),
        (".xlsx", ".txt、.md、.docx"),
        ("", ".txt、.md、.docx"),
    ],
)
def test_unsupported_suffix(tmp_path: Path, suffix: str, hint: str) -> None:
    message = error_for(write(tmp_path / f"意见{suffix}", NOTES.encode()))
    assert hint in message


def test_broken_docx_not_a_zip(tmp_path: Path) -> None:
    assert "不是有效的 .docx" in error_for(write(tmp_path / "notes.docx", NOTES.encode()))


def test_broken_docx_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "会议多")
    assert "不是有效的 .docx" in error_for(path)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    document: DocxDocument = docx.Document()
    document.add_paragraph("   ")
    document.save(str(path))
    assert "空" in error_for(path)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)
    assert "20 MB" in error_for(path)


def test_headings_only_is_an_error_from_read_notes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "headings.txt", "# 征求意见\n\n## 谈心谈话\n三、自己查摆的问题\n".encode()
    )
    lines, _ = read_lines(path)
    assert lines  # reading itself succeeds
    assert "只找到标题" in error_for(path)


def test_headings_only_in_the_second_of_several_files_names_it(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", NOTES.encode())
    second = write(tmp_path / "b.txt", "【谈心谈话】\n".encode())
    with pytest.raises(InputError) as info:
        read_notes_files([first, second])
    assert str(info.value).startswith(f"{second}：")


def test_markup_only_file_has_no_opinions(tmp_path: Path) -> None:
    message = error_for(write(tmp_path / "rules.md", b"---\n***\n"))
    assert "没有找到任何意见内容" in message
    assert "标题" not in message


# --- robustness ------------------------------------------------------------------------

_FUZZ = settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_FUZZ
@given(st.binary(max_size=400))
def test_property_any_bytes_read_or_raise_input_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "fuzz.txt", data)
    try:
        read_notes(path)
    except InputError as err:
        assert "\n" not in str(err)


@_FUZZ
@given(st.text(max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_property_any_text_is_read_back_or_refused(
    tmp_path: Path, text: str, encoding: str
) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    path = write(tmp_path / "fuzz.md", data)
    try:
        lines, _ = read_lines(path)
    except InputError:
        return
    assert all(line.text == line.text.strip() and line.text for line in lines)
