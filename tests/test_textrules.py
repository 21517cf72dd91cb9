"""One set of text rules: the review table reads as the document does, and the notes reader
and the importer agree on where a sentence ends and where a list item starts."""

from __future__ import annotations

import pytest

from selfreview.importing.text import ITEM_START_RE, ends_sentence
from selfreview.notes import split_opinions
from selfreview.notes.models import SourceLine
from selfreview.notes.wrapping import looks_wrapped
from selfreview.render.compose import item_segments, problem_segments
from selfreview.schema import AspectProblems, Cause, Material, Problem
from selfreview.units import unit_text

ENDINGS = ["", "，", "；", "、", "：", "。", "……", "！", "？", "”", "。”", "）", ";", ","]


def _material(ending: str, example: str = "全年仅下基层2次") -> Material:
    problem = Problem(
        id="P1",
        headline="学习不深入" + ending,
        body="研讨时联系实际少" + ending,
        example=example,
        sources=[],
    )
    cause = Cause(id="C1", headline="理论武装不够" + ending, body="学用脱节" + ending)
    return Material(
        title="对照检查材料",
        problems=[AspectProblems(aspect="理论学习方面", items=[problem])],
        causes=[cause],
    )


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_problem_reads_in_the_review_table_as_in_the_document(ending: str) -> None:
    material = _material(ending)
    document = "".join(s.text for s in problem_segments(1, material.all_problems()[0]))
    assert unit_text(material, "P1") == document.removeprefix("一是")


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_cause_reads_in_the_review_table_as_in_the_document(ending: str) -> None:
    material = _material(ending)
    document = "".join(s.text for s in item_segments(1, material.causes[0]))
    assert unit_text(material, "C1") == document.removeprefix("一是")


def test_the_notebook_table_no_longer_shows_a_comma_before_the_full_stop() -> None:
    material = _material("，", example="比如全年仅下基层2次，")
    # Before: "学习不深入，。研讨时联系实际少，。如，比如全年仅下基层2次，。"
    assert unit_text(material, "P1") == "学习不深入。研讨时联系实际少。比如全年仅下基层2次。"


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("学习不深入。", True),
        ("学习不深入；", True),
        ("学习不深入……", True),  # the importer used to read on past an ellipsis
        ("他说：“要改。”", True),
        ("学习不深入，", False),
        ("学习不深入", False),
        ("学用“两张皮”", False),
    ],
)
def test_the_reader_and_the_importer_end_sentences_alike(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends
    # Width 0: every line fills the wrap width, so only a sentence end stops the join.
    assert looks_wrapped(line, 0) is not ends


MARKERS = [
    "1.",
    "1．",
    "1、",
    "1)",
    "1）",
    "（1）",
    "(1)",
    "（ 1 ）",
    "１．",
    "１、",
    "（１）",
    "12.",
]
NOT_MARKERS = ["2024.3", "3.5倍", "10000"]


@pytest.mark.parametrize("marker", MARKERS)
def test_the_reader_and_the_importer_start_items_at_the_same_markers(marker: str) -> None:
    text = marker + "学习不深入。"
    assert ITEM_START_RE.match(text) is not None
    lines = [
        SourceLine(file="意见.txt", line=1, text="研讨时联系实际少，"),
        SourceLine(file="意见.txt", line=2, text=text),
    ]
    opinions, _ = split_opinions(lines)
    assert opinions[-1].text == "学习不深入。"


@pytest.mark.parametrize("start", NOT_MARKERS)
def test_a_date_or_a_number_starts_no_item_in_either(start: str) -> None:
    text = start + "学习不深入。"
    assert ITEM_START_RE.match(text) is None
    opinions, _ = split_opinions([SourceLine(file="意见.txt", line=1, text=text)])
    assert opinions[0].text == text
