"""The stages' own checks (grounding, ids, coverage) and how they map answers back to ids.

Each test queues the model's answers; a wrong answer must come back as a re-ask whose
feedback names what was wrong, and the corrected answer must then be accepted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from selfreview.errors import StructuredOutputError
from selfreview.llm.dedupe import OpinionGroup, merge_near_duplicates
from selfreview.llm.prompts import DATA_START
from selfreview.llm.stage_three import draft_causes, draft_measures
from selfreview.llm.stages import (
    StageContext,
    draft_problems,
    sort_batches,
    sort_opinions,
)
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatReply, ChatRequest, estimate_tokens
from selfreview.modelclient.providers import resolve_provider
from selfreview.outline import Aspect, Outline
from selfreview.schema import PLACEHOLDER_EXAMPLE, Opinion, Origin, Problem, Voice


class QueuedChat:
    """A ChatModel answering from a queue; keeps every request."""

    def __init__(self, *replies: Any) -> None:
        self.queue = [
            r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in replies
        ]
        self.requests: list[ChatRequest] = []

    def complete(self, request: ChatRequest) -> ChatReply:
        self.requests.append(request)
        if not self.queue:
            raise AssertionError("the model was asked more often than the test expected")
        return ChatReply(content=self.queue.pop(0))

    def feedback(self, n: int) -> str:
        """The feedback message of the n-th request (1-based; the first re-ask is 2)."""
        message = self.requests[n - 1].messages[-1]
        assert message.role == "user"
        return message.content


OUTLINE = Outline(
    id="test",
    name="测试提纲",
    aspects=[
        Aspect(id="theory", name="理论学习方面", scope="理论学习、学用结合", keywords=["学习"]),
        Aspect(id="style", name="工作作风方面", keywords=["调研", "会议", "文件"]),
    ],
)


def context(chat: QueuedChat, *, retries: int = 2, voice: Voice = Voice.COLLECTIVE) -> StageContext:
    return StageContext(
        chat=chat,
        provider=resolve_provider("deepseek", UserConfig()),
        voice=voice,
        org="市政府党组",
        retries=retries,
    )


def opinions(*texts: str) -> list[Opinion]:
    return [
        Opinion(id=f"O{n}", text=text, origin=Origin(file="notes.txt", line=n))
        for n, text in enumerate(texts, 1)
    ]


def groups_of(*texts: str) -> list[OpinionGroup]:
    return [OpinionGroup(first=o) for o in opinions(*texts)]


def item(
    example: str, sources: Sequence[int], headline: str = "调查研究不够深入"
) -> dict[str, Any]:
    return {
        "headline": headline,
        "body": "对基层情况掌握不全面。",
        "example": example,
        "sources": list(sources),
    }


# -- problems: grounding and sources -------------------------------------------------------

SURVEY = "部分班子成员全年下基层调研仅2次，对群众反映的停车难问题回应不及时"
MEETINGS = "会议多、文件多，基层干部疲于应付"


def test_invented_number_is_reasked_naming_it_and_the_correction_passes() -> None:
    invented = {"items": [item("全年下基层调研仅5次，群众意见较大。", [1])]}
    fixed = {"items": [item("全年下基层调研仅2次，群众意见较大。", [1])]}
    chat = QueuedChat(invented, fixed)
    result = draft_problems(  # one re-ask: the last answer leaves [2] uncited, which is advice
        context(chat, retries=1), OUTLINE.aspects[1], groups_of(SURVEY, MEETINGS), "problems:style"
    )
    assert len(chat.requests) == 2
    feedback = chat.feedback(2)
    assert "“5”" in feedback
    assert "items.0" in feedback
    assert "编造" in feedback
    (problem, ids) = result[0]
    assert problem.example == "全年下基层调研仅2次，群众意见较大。"
    assert ids == ["O1"]


def test_number_must_be_in_the_cited_opinion_not_just_any_opinion() -> None:
    # "2次" is in opinion 1, but the item cites only opinion 2.
    wrong_source = {"items": [item("全年下基层调研仅2次。", [2])]}
    fixed = {"items": [item("全年下基层调研仅2次。", [1, 2])]}
    chat = QueuedChat(wrong_source, fixed)
    result = draft_problems(
        context(chat), OUTLINE.aspects[1], groups_of(SURVEY, MEETINGS), "problems:style"
    )
    assert "“2”" in chat.feedback(2)
    assert result[0][1] == ["O1", "O2"]


def test_invented_number_in_headline_or_body_is_caught_too() -> None:
    answer = {
        "items": [
            {
                "headline": "3个项目调研不够",
                "body": "对基层情况掌握不全面。",
                "example": PLACEHOLDER_EXAMPLE,
                "sources": [1],
            }
        ]
    }
    chat = QueuedChat(answer, {"items": [item(PLACEHOLDER_EXAMPLE, [1])]})
    draft_problems(
        context(chat, retries=1), OUTLINE.aspects[1], groups_of(SURVEY), "problems:style"
    )
    assert "“3”" in chat.feedback(2)


@pytest.mark.parametrize("bad", [[3], [0], [-1], [1, 7]])
def test_sources_out_of_range_are_reasked(bad: list[int]) -> None:
    chat = QueuedChat(
        {"items": [item(PLACEHOLDER_EXAMPLE, bad)]}, {"items": [item(PLACEHOLDER_EXAMPLE, [2])]}
    )
    result = draft_problems(
        context(chat, retries=1), OUTLINE.aspects[1], groups_of(SURVEY, MEETINGS), "problems:style"
    )
    feedback = chat.feedback(2)
    assert "items.0.sources" in feedback
    assert "不在材料中" in feedback
    assert "1 至 2" in feedback
    for number in bad:
        if not 1 <= number <= 2:
            assert str(number) in feedback
    assert result[0][1] == ["O2"]


def test_missing_sources_and_empty_example_are_reasked() -> None:
    answer = {"items": [item("", [])]}
    chat = QueuedChat(answer, {"items": [item(PLACEHOLDER_EXAMPLE, [1])]})
    draft_problems(
        context(chat, retries=1), OUTLINE.aspects[1], groups_of(SURVEY), "problems:style"
    )
    feedback = chat.feedback(2)
    assert "items.0.sources：至少引用一条意见" in feedback
    assert PLACEHOLDER_EXAMPLE in feedback


def test_a_sourceless_problem_fails_the_reply_when_no_reask_is_left() -> None:
    answer = json.dumps({"items": [item(PLACEHOLDER_EXAMPLE, [])]}, ensure_ascii=False)
    chat = QueuedChat(answer)
    with pytest.raises(StructuredOutputError) as info:
        draft_problems(
            context(chat, retries=0), OUTLINE.aspects[1], groups_of(SURVEY), "problems:style"
        )
    assert any("至少引用一条意见" in e for e in info.value.errors)


def test_problems_that_never_get_grounded_fail_with_the_last_answer() -> None:
    invented = json.dumps({"items": [item("全年下基层调研仅5次。", [1])]}, ensure_ascii=False)
    chat = QueuedChat(invented, invented)
    with pytest.raises(StructuredOutputError) as info:
        draft_problems(
            context(chat, retries=1), OUTLINE.aspects[1], groups_of(SURVEY), "problems:style"
        )
    assert info.value.last_raw == invented
    assert info.value.attempts == 2
    assert any("“5”" in e for e in info.value.errors)


# -- problems: local numbers map back to every merged opinion -----------------------------


def test_local_numbers_map_back_to_all_merged_ids() -> None:
    ops = opinions(
        "会议多、文件多，基层干部疲于应付各类检查考核，全年开会120次",  # O1
        "理论学习存在以干代学现象，学习笔记流于形式",  # O2
        "会议多，文件多，基层干部疲于应付各类检查考核，全年开会12次。",  # O3: near O1
        "理论学习存在以干代学现象；学习笔记流于形式！",  # O4: near O2
        "调研蹲点少，对基层情况掌握不深",  # O5
    )
    groups = merge_near_duplicates(ops)
    assert [g.ids for g in groups] == [["O1", "O3"], ["O2", "O4"], ["O5"]]
    # The model sees three numbered opinions; "12次" is only in the merged-in O3.
    answer = {
        "items": [
            item("全年开会12次，基层疲于应付。", [1], "文山会海问题仍然突出"),
            item(PLACEHOLDER_EXAMPLE, [3, 2], "调查研究不深入"),
            item(PLACEHOLDER_EXAMPLE, [1, 1, 3], "重复引用"),
        ]
    }
    chat = QueuedChat(answer)
    result = draft_problems(context(chat, retries=0), OUTLINE.aspects[1], groups, "problems:style")
    assert len(chat.requests) == 1
    assert [ids for _, ids in result] == [["O1", "O3"], ["O5", "O2", "O4"], ["O1", "O3", "O5"]]
    prompt = chat.requests[0].messages[-1].content
    assert "[1] 会议多、文件多" in prompt
    assert "[3] 调研蹲点少" in prompt
    assert "[4]" not in prompt
    assert "全年开会12次" not in prompt  # merged members are not shown twice


# -- sort --------------------------------------------------------------------------------

SORT_TEXTS = (
    "理论学习存在以干代学现象",
    "会议多、文件多，基层干部疲于应付",
    "调研蹲点少，对基层情况掌握不深",
    "去年整改事项已全部销号",
)
GOOD_SORT = {
    "groups": {"theory": ["O1"], "style": ["O2", "O3"]},
    "none": [{"id": "O4", "reason": "属于上年度整改落实情况"}],
}


def run_sort(
    *answers: Any, retries: int = 2
) -> tuple[QueuedChat, dict[str, tuple[str | None, str]]]:
    chat = QueuedChat(*answers)
    result = sort_opinions(context(chat, retries=retries), OUTLINE, groups_of(*SORT_TEXTS), "sort")
    return chat, result


def test_good_sort_is_accepted() -> None:
    chat, result = run_sort(GOOD_SORT)
    assert len(chat.requests) == 1
    assert result == {
        "O1": ("theory", ""),
        "O2": ("style", ""),
        "O3": ("style", ""),
        "O4": (None, "属于上年度整改落实情况"),
    }


def test_sort_missing_id_is_reasked_naming_it() -> None:
    missing = {
        "groups": {"theory": ["O1"], "style": ["O2"]},
        "none": [{"id": "O4", "reason": "上年度"}],
    }
    chat, result = run_sort(missing, GOOD_SORT)
    feedback = chat.feedback(2)
    assert "没有归类：O3" in feedback
    assert result["O3"] == ("style", "")


def test_sort_id_twice_is_reasked_naming_it() -> None:
    twice = {
        "groups": {"theory": ["O1", "O3"], "style": ["O2", "O3"]},
        "none": [{"id": "O4", "reason": "上年度"}],
    }
    chat, _ = run_sort(twice, GOOD_SORT)
    feedback = chat.feedback(2)
    assert "不止一次：O3" in feedback
    assert "O1" not in feedback and "O2" not in feedback


def test_sort_id_in_groups_and_in_none_counts_as_twice() -> None:
    both = {
        "groups": {"theory": ["O1"], "style": ["O2", "O3", "O4"]},
        "none": [{"id": "O4", "reason": "上年度"}],
    }
    chat, _ = run_sort(both, GOOD_SORT)
    assert "不止一次：O4" in chat.feedback(2)


def test_sort_unknown_id_is_reasked_naming_it() -> None:
    invented = {
        "groups": {"theory": ["O1", "O9"], "style": ["O2", "O3"]},
        "none": [{"id": "O4", "reason": "上年度"}],
    }
    chat, _ = run_sort(invented, GOOD_SORT)
    assert "不在材料中：O9" in chat.feedback(2)


def test_sort_unknown_aspect_is_reasked_naming_it_and_the_valid_ones() -> None:
    unknown = {
        "groups": {"theory": ["O1"], "作风": ["O2", "O3"]},
        "none": [{"id": "O4", "reason": "上年度"}],
    }
    chat, _ = run_sort(unknown, GOOD_SORT)
    feedback = chat.feedback(2)
    assert "不存在的方面编号：作风" in feedback
    assert "theory、style" in feedback


def test_sort_names_several_ids_in_number_order() -> None:
    bad = {"groups": {"theory": [], "style": []}, "none": []}
    chat, _ = run_sort(bad, GOOD_SORT)
    assert "没有归类：O1、O2、O3、O4" in chat.feedback(2)


def test_sort_never_valid_raises() -> None:
    bad = {"groups": {"theory": ["O1"]}, "none": []}
    with pytest.raises(StructuredOutputError) as info:
        run_sort(bad, bad, retries=1)
    assert any("O2" in e for e in info.value.errors)


def test_sort_prompt_shows_every_opinion_in_full() -> None:
    long = "理论学习" * 20 + "，三个项目推进不够快，群众反映强烈。"
    many = [f"第{n}条：会议多、文件多，基层负担重，迎检比干活还累。" for n in range(40)]
    answer = {"groups": {"theory": [f"O{n}" for n in range(1, 42)], "style": []}, "none": []}
    chat = QueuedChat(answer)
    sort_opinions(context(chat), OUTLINE, groups_of(long, *many), "sort")
    prompt = chat.requests[0].messages[-1].content
    assert f"[O1] {long}\n" in prompt
    assert all(f"] {text}\n" in prompt for text in many)
    assert "…" not in prompt.split(DATA_START, 1)[1]
    assert "theory：理论学习方面——理论学习、学用结合" in prompt
    assert "style：工作作风方面——调研、会议、文件" in prompt


# -- sort_batches ------------------------------------------------------------------------


def test_sort_batches_split_by_budget_and_keep_order() -> None:
    groups = groups_of(*(f"第{n}条意见：会议多文件多，基层疲于应付" for n in range(1, 31)))
    one = sort_batches(groups[:1], 10_000)
    assert [[g.first.id for g in b] for b in one] == [["O1"]]
    everything = sort_batches(groups, 10_000)
    assert len(everything) == 1
    batches = sort_batches(groups, 100)
    assert len(batches) > 2
    flat = [g.first.id for batch in batches for g in batch]
    assert flat == [g.first.id for g in groups]
    assert all(batches)
    # every batch fits the budget, and is closed only when the next group would burst it
    totals = [sum(cost(g) for g in batch) for batch in batches]
    assert all(total <= 100 for total in totals)
    for total, following in zip(totals, batches[1:], strict=False):
        assert total + cost(following[0]) > 100


def cost(group: OpinionGroup) -> int:
    """What one group costs in a sort call: its full text and the "[O12] " around it."""
    return estimate_tokens(group.first.text) + 4


def test_sort_batches_give_an_oversize_group_its_own_batch() -> None:
    groups = groups_of("短", "长" * 200, "短二")
    batches = sort_batches(groups, 5)
    assert [[g.first.id for g in b] for b in batches] == [["O1"], ["O2"], ["O3"]]


def test_sort_batches_of_nothing_is_nothing() -> None:
    assert sort_batches([], 100) == []


# -- causes and measures -----------------------------------------------------------------

PROBLEMS = [
    (
        "理论学习方面",
        Problem(id="P1", headline="理论学习不够系统", body="以干代学。", sources=["O1"]),
    ),
    (
        "工作作风方面",
        Problem(id="P2", headline="文山会海仍然存在", body="全年开会120次。", sources=["O2"]),
    ),
    (
        "工作作风方面",
        Problem(id="P3", headline="调查研究不够深入", body="调研蹲点少。", sources=["O3"]),
    ),
]


def measure(addresses: list[str], headline: str = "在深化理论武装上下功夫") -> dict[str, Any]:
    return {"headline": headline, "body": "每月集中学习一次。", "addresses": addresses}


def test_measures_leaving_a_problem_unanswered_are_reasked_naming_it() -> None:
    partial = {"items": [measure(["P1"]), measure(["P3"], "在改进作风上下功夫")]}
    complete = {"items": [measure(["P1"]), measure(["P2", "P3"], "在改进作风上下功夫")]}
    chat = QueuedChat(partial, complete)
    result = draft_measures(context(chat), PROBLEMS, "measures")
    feedback = chat.feedback(2)
    assert "没有任何措施回应：P2" in feedback
    assert "P1" not in feedback and "P3" not in feedback
    assert [m.id for m in result] == ["M1", "M2"]
    assert result[1].addresses == ["P2", "P3"]


def test_measures_with_unknown_problem_ids_are_reasked() -> None:
    chat = QueuedChat(
        {"items": [measure(["P1", "P2", "P3", "P9"])]},
        {"items": [measure(["P3", "P1", "P2", "P1"])]},
    )
    result = draft_measures(context(chat), PROBLEMS, "measures")
    assert "items.0.addresses：P9 不是已查摆问题的编号" in chat.feedback(2)
    assert result[0].addresses == ["P1", "P2", "P3"]


def test_causes_with_unknown_problem_ids_are_reasked() -> None:
    sources = {"P1": ["理论学习存在以干代学现象"], "P2": ["全年开会120次"], "P3": ["调研蹲点少"]}
    cause = {"headline": "理想信念有所松动", "body": "放松了主观世界改造。"}
    chat = QueuedChat(
        {"items": [{**cause, "explains": ["P4"]}]},
        {"items": [{**cause, "explains": ["P3", "P1"]}]},
    )
    result = draft_causes(context(chat), PROBLEMS, sources, "causes")
    assert "items.0.explains：P4 不是已查摆问题的编号" in chat.feedback(2)
    assert result[0].id == "C1"
    assert result[0].explains == ["P1", "P3"]


def test_causes_with_figures_not_in_the_problems_are_reasked() -> None:
    sources = {"P1": ["理论学习存在以干代学现象"], "P2": ["全年开会120次"], "P3": ["调研蹲点少"]}
    chat = QueuedChat(
        {"items": [{"headline": "作风不实", "body": "全年仅学习3次。", "explains": ["P1"]}]},
        {
            "items": [
                {
                    "headline": "作风不实",
                    "body": "会议全年开会120次，说明作风漂浮。",
                    "explains": ["P2"],
                }
            ]
        },
    )
    result = draft_causes(context(chat), PROBLEMS, sources, "causes")
    feedback = chat.feedback(2)
    assert "不要写数字或日期" in feedback and "3" in feedback
    assert result[0].explains == ["P2"]


def test_causes_and_measures_prompts_list_the_problems() -> None:
    chat = QueuedChat({"items": [measure(["P1", "P2", "P3"])]})
    draft_measures(context(chat), PROBLEMS, "measures")
    prompt = chat.requests[0].messages[-1].content
    for aspect, problem in PROBLEMS:
        assert f"[{problem.id}]（{aspect}）{problem.headline}。{problem.body}" in prompt


def test_a_name_the_cited_opinions_do_not_contain_is_sent_back() -> None:
    notes = merge_near_duplicates(opinions("分管副市长很少到联系点调研。"))
    invented = {
        "items": [
            {
                "headline": "调查研究不够深入",
                "body": "有的同志到基层调研少。",
                "example": "张建国同志全年只到联系点一次。",
                "sources": [1],
            }
        ]
    }
    grounded = {
        "items": [
            {
                "headline": "调查研究不够深入",
                "body": "有的同志到基层调研少。",
                "example": "分管副市长很少到联系点调研。",
                "sources": [1],
            }
        ]
    }
    chat = QueuedChat(invented, grounded)
    draft_problems(context(chat), OUTLINE.aspects[1], notes, "problems:style")
    assert len(chat.requests) == 2 and "张建国" in chat.feedback(2)


@pytest.mark.parametrize(
    "body",
    [
        "针对“理论学习不够系统”“文山会海仍然存在”等问题，每月集中学习一次。",
        "针对上述问题，每月集中学习一次。",
        "针对理论学习不够系统的问题，每月集中学习一次。",
    ],
)
def test_a_measure_body_restating_its_lead_is_accepted_without_it(body: str) -> None:
    answer = {"items": [{**measure(["P1", "P2", "P3"]), "body": body}]}
    chat = QueuedChat(answer)
    [result] = draft_measures(context(chat), PROBLEMS, "measures")
    assert result.body == "每月集中学习一次。"
    assert len(chat.requests) == 1  # accepted as is: nothing to re-ask
