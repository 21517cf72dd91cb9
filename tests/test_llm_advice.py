"""The genre's wording rules are advice to the model: fed back while re-asks remain,
accepted on the last attempt (a person reviews every item and draft check reports it)."""

from __future__ import annotations

from selfreview.llm.dedupe import merge_near_duplicates
from selfreview.llm.stage_three import draft_measures
from selfreview.llm.stages import draft_problems
from selfreview.schema import Problem, Voice
from test_llm_stages import OUTLINE, QueuedChat, context, opinions

NOTES = opinions("中心组学习有2名同志缺席3次以上，没有补学。")
GROUPS = merge_near_duplicates(NOTES)


def problem(body: str) -> dict[str, object]:
    return {
        "items": [
            {
                "headline": "集体学习约束不严",
                "body": body,
                "example": "中心组学习有2名同志缺席3次以上，没有补学。",
                "sources": [1],
            }
        ]
    }


def test_praise_first_is_sent_back_and_the_plain_answer_accepted() -> None:
    chat = QueuedChat(
        problem("虽然我们组织了多次集中学习，但对缺席的同志约束不严。"),
        problem("我们对缺席集体学习的同志约束不严。"),
    )
    result = draft_problems(context(chat), OUTLINE.aspects[0], GROUPS, "problems:theory")
    assert len(chat.requests) == 2
    assert "items.0" in chat.feedback(2) and "先讲成绩" in chat.feedback(2)
    assert result[0][0].body == "我们对缺席集体学习的同志约束不严。"


def test_blame_shifting_in_personal_material_is_sent_back() -> None:
    chat = QueuedChat(problem("有的同志缺席集体学习。"), problem("我缺席集体学习后没有补学。"))
    draft_problems(
        context(chat, voice=Voice.PERSONAL), OUTLINE.aspects[0], GROUPS, "problems:theory"
    )
    assert len(chat.requests) == 2 and "有的同志" in chat.feedback(2)


def test_the_same_phrase_is_fine_in_collective_material() -> None:
    chat = QueuedChat(problem("有的同志缺席集体学习。"))
    draft_problems(context(chat), OUTLINE.aspects[0], GROUPS, "problems:theory")
    assert len(chat.requests) == 1


def test_advice_never_fails_a_call_on_its_own() -> None:
    stubborn = problem("有的同志缺席集体学习。")
    chat = QueuedChat(stubborn, stubborn, stubborn)
    result = draft_problems(
        context(chat, voice=Voice.PERSONAL, retries=2), OUTLINE.aspects[0], GROUPS, "p"
    )
    assert len(chat.requests) == 3  # asked twice more, then accepted for the person to review
    assert result[0][0].body == "有的同志缺席集体学习。"


def test_empty_pledges_in_measures_are_sent_back() -> None:
    problems = [("理论学习方面", Problem(id="P1", headline="集体学习约束不严", sources=["O1"]))]
    pledge = {
        "items": [{"headline": "严格学习纪律", "body": "今后一定改正。", "addresses": ["P1"]}]
    }
    concrete = {
        "items": [
            {
                "headline": "严格学习纪律",
                "body": "建立补学制度，每季度通报一次。",
                "addresses": ["P1"],
            }
        ]
    }
    chat = QueuedChat(pledge, concrete)
    measures = draft_measures(context(chat), problems, "measures")
    assert len(chat.requests) == 2 and "空洞表态" in chat.feedback(2)
    assert measures[0].body == "建立补学制度，每季度通报一次。"
