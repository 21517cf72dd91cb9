"""Truth in the model path: what fails a reply (a sourceless problem, an invented figure)
and what is only fed back as advice (facts of a cited opinion left out, an uncited opinion,
an example that shares no key term with its problem), the aspect placeholder for an aspect
no opinion speaks to, the measures' shared count and the advice they take up."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from selfreview.drafting.base import DraftRequest
from selfreview.errors import StructuredOutputError
from selfreview.llm.drafter import LLMDrafter
from selfreview.llm.stage_three import draft_measures, measure_shares
from selfreview.llm.stages import draft_problems
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatReply, ChatRequest
from selfreview.modelclient.providers import resolve_provider
from selfreview.outline import Aspect, Outline
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    Opinion,
    Origin,
    Problem,
    ProblemKind,
    Voice,
)
from test_llm_stages import OUTLINE, QueuedChat, context, groups_of

BACKLOG = "群众反映的停车难问题积压17件，有3件超期三个月没有答复"
ADVICE = "建议每季度召开一次群众恳谈会"


def answer(example: str, sources: list[int], headline: str = "回应群众停车难诉求不及时") -> Any:
    return {
        "items": [
            {
                "headline": headline,
                "body": "对群众反映的停车难诉求跟踪不紧。",
                "example": example,
                "sources": sources,
            }
        ]
    }


def test_facts_left_out_are_fed_back_as_advice_and_the_fuller_answer_is_taken() -> None:
    thin = answer("群众反映的停车难问题积压较多。", [1])
    full = answer("群众反映的停车难问题积压17件，有3件超期三个月没有答复。", [1])
    chat = QueuedChat(thin, full)
    result = draft_problems(context(chat), OUTLINE.aspects[1], groups_of(BACKLOG), "p:style")
    feedback = chat.feedback(2)
    assert "17件" in feedback and "没有写进问题" in feedback
    assert result[0][0].example.startswith("群众反映的停车难问题积压17件")


def test_a_near_miss_is_accepted_on_the_last_attempt_not_failed() -> None:
    thin = answer("群众反映的停车难问题积压较多。", [1])
    chat = QueuedChat(thin, thin)
    result = draft_problems(
        context(chat, retries=1), OUTLINE.aspects[1], groups_of(BACKLOG), "p:style"
    )
    assert len(chat.requests) == 2
    assert result[0][0].example == "群众反映的停车难问题积压较多。"


def test_an_invented_figure_still_fails_the_reply() -> None:
    invented = json.dumps(
        answer("群众反映的停车难问题积压27件，有3件超期三个月没有答复。", [1]), ensure_ascii=False
    )
    chat = QueuedChat(invented)
    with pytest.raises(StructuredOutputError) as info:
        draft_problems(context(chat, retries=0), OUTLINE.aspects[1], groups_of(BACKLOG), "p")
    assert any("“27”" in e for e in info.value.errors)


def test_an_uncited_opinion_and_an_unrelated_example_are_advice() -> None:
    unrelated = answer("去年组织集中学习12次，有2次因会务冲突取消。", [2])
    good = {
        "items": [
            answer("群众反映的停车难问题积压17件，有3件超期三个月没有答复。", [1])["items"][0],
            answer(
                "去年组织集中学习12次，有2次因会务冲突取消。",
                [2],
                headline="集中学习计划落实不严",
            )["items"][0]
            | {"body": "集中学习因会务冲突取消。"},
        ]
    }
    learning = "去年组织集中学习12次，有2次因会务冲突取消"
    chat = QueuedChat(unrelated, good)
    draft_problems(context(chat), OUTLINE.aspects[1], groups_of(BACKLOG, learning), "p:style")
    feedback = chat.feedback(2)
    assert "意见 [1] 没有被任何问题引用" in feedback
    assert "items.0.example：事例与问题的标题和展开没有共同的关键词" in feedback
    assert len(chat.requests) == 2


class StageChat:
    """Answers each stage validly from its own prompt; keeps the requests."""

    def __init__(self) -> None:
        self.requests: list[ChatRequest] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.requests.append(request)
        stage = request.label.split(":")[0]
        prompt = request.messages[-1].content
        if stage == "sort":
            data: Any = {"groups": {"theory": [], "style": ["O1"]}, "none": []}
        elif stage == "problems":
            data = answer("群众反映的停车难问题积压17件，有3件超期三个月没有答复。", [1])
        else:
            ids = re.findall(r"^\[(P\d+)\]", prompt, re.MULTILINE)
            assert len(ids) == 1 and ASPECT_PLACEHOLDER_HEADLINE not in prompt  # not a problem
            key = "explains" if stage == "causes" else "addresses"
            data = {"items": [{"headline": "建立诉求台账", "body": "逐件销号。", key: ids}]}
        return ChatReply(content=json.dumps(data, ensure_ascii=False))


def _request(outline: Outline, voice: Voice = Voice.COLLECTIVE) -> DraftRequest:
    opinion = Opinion(id="O1", text=BACKLOG, origin=Origin(file="n.txt", line=1))
    return DraftRequest(opinions=[opinion], outline=outline, voice=voice, org="")


def _drafter(chat: StageChat) -> LLMDrafter:
    return LLMDrafter(chat, resolve_provider("deepseek", UserConfig()))


def test_an_aspect_without_opinions_is_not_asked_and_gets_one_placeholder() -> None:
    chat = StageChat()
    material = _drafter(chat).draft(_request(OUTLINE)).material
    assert not any(r.label == "problems:theory" for r in chat.requests)
    theory, style = material.problems
    assert [(p.kind, p.headline, p.body, p.example, p.sources) for p in theory.items] == [
        (ProblemKind.ASPECT_PLACEHOLDER, ASPECT_PLACEHOLDER_HEADLINE, "", "", [])
    ]
    assert [p.kind for p in style.items] == [ProblemKind.PROBLEM]
    assert [p.id for p in material.all_problems()] == ["P1", "P2"]


def test_an_aspect_not_required_and_without_opinions_gets_nothing() -> None:
    optional = OUTLINE.aspects[0].model_copy(update={"required": False})
    outline = OUTLINE.model_copy(update={"aspects": [optional, OUTLINE.aspects[1]]})
    if not hasattr(optional, "required"):
        pytest.fail("Aspect has no required field")
    chat = StageChat()
    material = _drafter(chat).draft(_request(outline)).material
    assert material.problems[0].items == []
    assert [p.headline for p in material.all_problems()] == ["回应群众停车难诉求不及时"]


@pytest.mark.parametrize("voice", list(Voice))
def test_stage_prompts_name_the_subject_by_the_voice(voice: Voice) -> None:
    chat = StageChat()
    _drafter(chat).draft(_request(OUTLINE, voice))
    for request in chat.requests[1:]:
        prompt = request.messages[-1].content
        if voice is Voice.PERSONAL:
            assert "材料主体：本人（个人对照检查材料" in prompt and "本班子" not in prompt
        else:
            assert "材料主体：本班子（领导班子集体对照检查材料）" in prompt


def test_causes_and_measures_see_each_problems_example() -> None:
    chat = StageChat()
    _drafter(chat).draft(_request(OUTLINE))
    for request in chat.requests:
        if request.label in ("causes", "measures"):
            assert "如，群众反映的停车难问题积压17件" in request.messages[-1].content


def test_two_measures_calls_share_three_to_five() -> None:
    assert measure_shares([4]) == [(3, 5)]
    assert measure_shares([3, 5]) == [(1, 2), (2, 3)]
    assert measure_shares([4, 4]) == [(2, 3), (1, 2)]
    for sizes in ([1, 9], [6, 2], [3, 3]):
        shares = measure_shares(sizes)
        assert sum(low for low, _ in shares) >= 3 and sum(high for _, high in shares) <= 5


PROBLEM = [("群众工作方面", Problem(id="P1", headline="回应诉求不及时", sources=["O7"]))]


def test_measures_take_up_advice_by_its_opinion_id() -> None:
    measure = {
        "headline": "畅通群众诉求渠道",
        "body": "每季度召开一次恳谈会。",
        "addresses": ["P1"],
    }
    bad = {"items": [measure | {"sources": ["O9"]}]}
    unadopted = {"items": [measure]}
    good = {"items": [measure | {"sources": ["O7"]}]}
    chat = QueuedChat(bad, unadopted, good)
    measures = draft_measures(
        context(chat), PROBLEM, "measures", advice=[("O7", ADVICE)], share=(1, 2), split=True
    )
    prompt = chat.requests[0].messages[1].content
    assert f"[O7]（建议）{ADVICE}" in prompt
    assert "全部措施共 3 至 5 条" in prompt and "本次只为下面这些问题写 1 至 2 条措施" in prompt
    assert "O9 不是上面所列建议的编号（只能用 O7）" in chat.feedback(2)
    assert "建议 O7 没有被任何措施采纳" in chat.feedback(3)
    assert measures[0].sources == ["O7"]


def test_more_measures_than_the_share_are_advice() -> None:
    one = {"headline": "畅通群众诉求渠道", "body": "每季度召开一次恳谈会。", "addresses": ["P1"]}
    chat = QueuedChat({"items": [one, one, one]}, {"items": [one]})
    draft_measures(context(chat), PROBLEM, "measures", share=(1, 2), split=True)
    assert "本次写了 3 条措施，只要 1 至 2 条" in chat.feedback(2)


def test_the_sort_example_puts_no_opinion_in_none() -> None:
    chat = QueuedChat({"groups": {"theory": ["O1"], "style": []}, "none": []})
    from selfreview.llm.stages import sort_opinions

    sort_opinions(context(chat), OUTLINE, groups_of("学习不深"), "sort")
    prompt = chat.requests[0].messages[1].content
    assert '"none": []}' in prompt and '"id": "O' not in prompt


def test_required_flag_is_read_from_the_outline_aspect() -> None:
    aspect = Aspect(id="a", name="甲方面")
    assert getattr(aspect, "required", True) is True
