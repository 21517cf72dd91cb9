"""A re-draft under a reviewed draft with a model: only what changed is sorted, and only the
aspects the change reaches are asked for problems."""

from __future__ import annotations

import json
from pathlib import Path

from tests.review_helpers import offline_draft
from tests.test_llm_prompts import OUTLINE, AnsweringChat, valid_answer

from selfreview.drafting.base import DraftRequest
from selfreview.llm.drafter import LLMDrafter
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import ChatRequest
from selfreview.modelclient.providers import resolve_provider
from selfreview.review.resume import redraft_hints
from selfreview.schema import Opinion, Origin


def opinion(oid: str, text: str) -> Opinion:
    return Opinion(id=oid, text=text, origin=Origin(file="n.txt", line=int(oid[1:])))


def answer(request: ChatRequest) -> str:
    """valid_answer, but sort puts every opinion under style."""
    if request.label.startswith("sort"):
        prompt = request.messages[1].content
        ids = [line.split("]")[0][1:] for line in prompt.splitlines() if line.startswith("[O")]
        return json.dumps({"groups": {"style": ids}, "none": []})
    return valid_answer(request)


def test_known_opinions_are_not_sorted_again_and_untouched_aspects_not_asked() -> None:
    provider = resolve_provider("deepseek", UserConfig())
    opinions = [opinion("O1", "理论学习存在以干代学现象"), opinion("O2", "会议太多影响落实")]
    chat = AnsweringChat(answer)
    result = LLMDrafter(chat, provider).draft(
        DraftRequest(
            opinions=opinions,
            outline=OUTLINE,
            problems_only=True,
            known={"O1": ("theory", "")},
        )
    )
    labels = [r.label for r in chat.requests]
    assert labels == ["sort", "problems:style"]
    sort_prompt = chat.requests[0].messages[1].content
    assert "会议太多" in sort_prompt and "以干代学" not in sort_prompt
    assert result.assignments == {"O1": "theory", "O2": "style"}
    assert [len(g.items) for g in result.material.problems] == [0, 1]


def test_a_removed_opinion_asks_only_its_aspect_and_no_sort() -> None:
    provider = resolve_provider("deepseek", UserConfig())
    chat = AnsweringChat(answer)
    LLMDrafter(chat, provider).draft(
        DraftRequest(
            opinions=[opinion("O1", "理论学习存在以干代学现象")],
            outline=OUTLINE,
            problems_only=True,
            known={"O1": ("theory", "")},
            touched=frozenset({"theory"}),
        )
    )
    assert [r.label for r in chat.requests] == ["problems:theory"]


def test_hints_keep_unchanged_placements_and_name_the_touched_aspects(tmp_path: Path) -> None:
    _, _, draft = offline_draft(tmp_path)
    changed = draft.opinions[5]
    removed = draft.opinions[7]
    new = [
        o.model_copy(update={"text": o.text + "（补充说明）"}) if o.id == changed.id else o
        for o in draft.opinions
        if o.id != removed.id
    ]
    known, touched = redraft_hints(draft, new)
    assert changed.id not in known and len(known) == len(draft.opinions) - 2
    assert all(known[o.id][0] == draft.assignments[o.id] for o in new if o.id in known)
    expected = {draft.assignments[changed.id], draft.assignments[removed.id]} - {None}
    assert touched == expected
