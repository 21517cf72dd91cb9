"""Invented quotes: a quoted phrase no source contains is found by the shared predicate (the
draft summary names such problems: tests/test_llm_replay.py shows it on the stand-in's
“最多跑一次”)."""

from __future__ import annotations

from selfreview.quotes import invented_quotes, invented_quotes_of, quoted_terms
from selfreview.schema import ASPECT_PLACEHOLDER_HEADLINE, Opinion, Origin, Problem, ProblemKind

WINDOW = "市政务服务中心部分窗口办事材料多、环节多，企业开办仍需跑2至3趟。"


def test_a_quoted_phrase_no_source_has_is_invented() -> None:
    text = "“最多跑一次”没有落实到位，企业开办仍需跑2至3趟。"
    assert quoted_terms(text) == ["最多跑一次"]
    assert invented_quotes(text, [WINDOW]) == ["最多跑一次"]
    assert invented_quotes(text, [WINDOW, "群众说“最多跑一次”改革没见效。"]) == []


def test_a_phrase_the_source_has_without_quotes_or_in_ascii_quotes_is_backed() -> None:
    source = '学校反映"天天填表，没空备课"，基层负担重。'
    assert invented_quotes("学校反映“天天填表，没空备课”。", [source]) == []
    assert invented_quotes('存在"基层负担重"的问题。', [source]) == []
    assert invented_quotes("学校反映“天天填表”。", []) == ["天天填表"]


def test_political_formulations_may_be_quoted_without_a_source() -> None:
    text = "落实“一岗双责”不够有力，践行“两个维护”有差距。"
    assert invented_quotes(text, [WINDOW]) == []


def _opinion(oid: str, text: str) -> Opinion:
    return Opinion(id=oid, text=text, origin=Origin(file="n.txt", line=1))


def test_problems_are_checked_against_their_own_sources_only() -> None:
    opinions = {"O1": _opinion("O1", WINDOW), "O2": _opinion("O2", "群众说“最多跑一次”没做到。")}
    quoted = "政务服务便利化水平不高"
    problems = [
        Problem(id="P1", headline=quoted, body="“最多跑一次”没有落实到位。", sources=["O1"]),
        Problem(id="P2", headline=quoted, body="“最多跑一次”没有落实到位。", sources=["O2"]),
        Problem(
            id="P3",
            kind=ProblemKind.ASPECT_PLACEHOLDER,
            headline=ASPECT_PLACEHOLDER_HEADLINE,
            body="“本方面”",
        ),
    ]
    assert invented_quotes_of(problems, opinions) == {"P1": ["最多跑一次"]}
