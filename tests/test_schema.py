"""The schema holds what must always be true, and nothing a person may override."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from selfreview.schema import (
    AspectProblems,
    Cause,
    ExtraPart,
    Material,
    Measure,
    Opinion,
    OpinionKind,
    Origin,
    Problem,
)


def make_material(**overrides: object) -> Material:
    data: dict[str, object] = {
        "title": "市政府党组专题民主生活会对照检查材料",
        "preamble": "根据通知要求……形成了对照检查材料。",
        "problems": [
            AspectProblems(
                aspect="理论学习方面",
                items=[
                    Problem(
                        id="P1",
                        headline="学习不够积极主动",
                        body="有的同志……",
                        example="全年仅集中学习3次",
                        sources=["O1"],
                    ),
                    Problem(id="P2", headline="学用结合不够紧密", sources=["O2", "O3"]),
                ],
            )
        ],
        "causes": [Cause(id="C1", headline="思想武装不够扎实", explains=["P1", "P2"])],
        "measures": [Measure(id="M1", headline="加强理论武装", addresses=["P1"])],
        "extra_parts": [
            ExtraPart(heading="上年度整改落实情况", paragraphs=["已完成。"], sources=["O9"])
        ],
        "closing": "恳请同志们批评指正。",
    }
    data.update(overrides)
    return Material.model_validate(data)


def test_json_round_trip_is_exact() -> None:
    material = make_material()
    text = material.model_dump_json()
    again = Material.model_validate_json(text)
    assert again == material
    assert again.model_dump_json() == text


def test_cited_opinions_cover_problems_and_extra_parts() -> None:
    assert make_material().cited_opinions() == {"O1", "O2", "O3", "O9"}


def test_unknown_field_is_rejected() -> None:
    data = make_material().model_dump()
    data["problems"][0]["items"][0]["severity"] = "high"
    with pytest.raises(ValidationError, match="extra"):
        Material.model_validate(data)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValidationError, match="编号重复：P1"):
        Material(
            title="t",
            problems=[
                AspectProblems(
                    aspect="a",
                    items=[Problem(id="P1", headline="h"), Problem(id="P1", headline="i")],
                )
            ],
        )
    with pytest.raises(ValidationError, match="编号重复：C1"):
        make_material(causes=[Cause(id="C1", headline="x"), Cause(id="C1", headline="y")])


def test_references_must_resolve() -> None:
    with pytest.raises(ValidationError, match=r"M1\.addresses 引用了不存在的问题：P7"):
        make_material(measures=[Measure(id="M1", headline="加强", addresses=["P7"])])
    with pytest.raises(ValidationError, match=r"C1\.explains"):
        make_material(causes=[Cause(id="C1", headline="思想", explains=["P9"])])


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_blank_headlines_and_titles_are_rejected(blank: str) -> None:
    with pytest.raises(ValidationError):
        Problem(id="P1", headline=blank)
    with pytest.raises(ValidationError):
        Measure(id="M1", headline=blank)
    with pytest.raises(ValidationError):
        make_material(title=blank)


def test_genre_rules_are_not_schema_rules() -> None:
    # One problem, no example, a placeholder: legal here; the checks flag it later.
    material = Material(
        title="t",
        problems=[
            AspectProblems(
                aspect="理论学习方面",
                items=[Problem(id="P1", headline="h", example="【待补：具体事例】")],
            )
        ],
    )
    assert material.all_problems()[0].example == "【待补：具体事例】"


def test_opinion_ids_and_kinds() -> None:
    opinion = Opinion(
        id="O12", text="调研少", kind=OpinionKind.TALK, origin=Origin(file="a.txt", line=3)
    )
    assert opinion.kind == "谈心谈话"
    with pytest.raises(ValidationError):
        Opinion(id="12", text="x", origin=Origin(file="a.txt", line=1))
    with pytest.raises(ValidationError):
        Opinion(id="O1", text="", origin=Origin(file="a.txt", line=1))
    with pytest.raises(ValidationError):
        Opinion(id="O1", text="x", kind="随便", origin=Origin(file="a.txt", line=1))
