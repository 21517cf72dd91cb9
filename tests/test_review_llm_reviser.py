"""Regeneration through the model: the instruction reaches the prompt, the answer is
validated and grounded like a drafted one, and follow-ups cover approved problems only."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.review_helpers import offline_draft
from tests.test_llm_stages import QueuedChat

from selfreview.draftfile import load_draft
from selfreview.errors import StructuredOutputError
from selfreview.llm.drafter import LLMDrafter
from selfreview.llm.reviser import LLMReviser
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.providers import resolve_provider
from selfreview.privacy.detect import find_names
from selfreview.record import Status
from selfreview.review.session import ReviewSession
from selfreview.units import UnitKind
from selfreview.workflow.chain import ModelChain


def reviser(chat: QueuedChat) -> LLMReviser:
    provider = resolve_provider("deepseek", UserConfig())
    return LLMReviser(ModelChain(provider=provider, chat=chat, redactor=None, retries=1, jobs=1))


def test_regenerate_sends_the_instruction_and_sources_and_keeps_the_answer(
    tmp_path: Path,
) -> None:
    _, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    problem = draft.material.all_problems()[0]
    answer = {"headline": "理论学习不够深入", "body": "学用结合不紧。", "example": "缺席补学不到位"}
    chat = QueuedChat(answer)
    session = ReviewSession(draft, path, reviser=reviser(chat))
    session.regenerate(problem.id, "更具体一些")
    prompt = chat.requests[0].messages[-1].content
    assert "更具体一些" in prompt
    cited = {o.id: o.text for o in draft.opinions}
    assert all(cited[s] in prompt for s in problem.sources)
    unit = load_draft(path).review[problem.id]
    assert unit.revisions[-1].fields == answer
    assert unit.revisions[-1].by == "deepseek-chat"
    assert unit.status is Status.PENDING


def test_an_invented_figure_in_a_rewrite_is_reasked_then_refused(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    problem = draft.material.all_problems()[0]
    invented = {"headline": "学习缺席", "body": "全年缺席多达99次。", "example": ""}
    chat = QueuedChat(invented, invented)
    session = ReviewSession(draft, path, reviser=reviser(chat))
    before = path.read_bytes()
    with pytest.raises(StructuredOutputError):
        session.regenerate(problem.id, "加上数字")
    assert "99" in chat.feedback(2)
    assert path.read_bytes() == before


def test_measures_for_approved_problems_go_through_the_measures_stage(tmp_path: Path) -> None:
    _, path, draft = offline_draft(tmp_path)
    assert draft.material is not None
    approved = [p.id for p in draft.material.all_problems()[:2]]
    answer = {
        "items": [{"headline": "健全学习制度", "body": "每季度检查一次。", "addresses": approved}]
    }
    chat = QueuedChat(answer)
    session = ReviewSession(draft, path, reviser=reviser(chat))
    for pid in approved:
        session.approve(pid)
    new_ids = session.regenerate_followups(UnitKind.MEASURE)
    prompt = chat.requests[0].messages[-1].content
    problems = draft.material.all_problems()
    assert all(p.headline in prompt for p in problems[:2])
    assert all(p.headline not in prompt for p in problems[2:])
    after = load_draft(path)
    assert after.material is not None
    assert [m.id for m in after.material.measures] == new_ids
    assert after.material.measures[0].addresses == approved


def test_a_redraft_under_a_reviewed_draft_asks_for_problems_only() -> None:
    from tests.test_llm_prompts import OUTLINE, AnsweringChat, valid_answer

    from selfreview.drafting.base import DraftRequest
    from selfreview.modelclient.exchange import ChatRequest
    from selfreview.schema import Opinion, Origin

    opinions = [
        Opinion(id="O1", text="理论学习存在以干代学现象", origin=Origin(file="n.txt", line=1))
    ]
    provider = resolve_provider("deepseek", UserConfig())
    one_aspect = OUTLINE.model_copy(update={"aspects": OUTLINE.aspects[:1]})

    def answer(request: ChatRequest) -> str:  # valid_answer's sort also names "style"
        text = valid_answer(request)
        return text.replace(', "style": []', "")

    for problems_only, stages in (
        (False, {"sort", "problems", "causes", "measures"}),
        (True, {"sort", "problems"}),
    ):
        chat = AnsweringChat(answer)
        result = LLMDrafter(chat, provider).draft(
            DraftRequest(opinions=opinions, outline=one_aspect, problems_only=problems_only)
        )
        assert {r.label.split(":")[0] for r in chat.requests} == stages
        assert bool(result.material.measures) is not problems_only


def test_regeneration_redacts_with_the_names_of_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfreview.privacy.chat import RedactingChat
    from selfreview.workflow.revising import DraftReviser, with_given

    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-not-used")
    _, _, draft = offline_draft(tmp_path)
    speaker = "赵建国"  # a speaker in the notes; "请赵建国核实" alone does not reveal the name
    assert not find_names(f"请{speaker}核实")
    assert any(speaker in o.text for o in draft.opinions)
    draft = with_given(draft, {"provider": "deepseek", "redact": True})
    inner = DraftReviser(draft)._reviser()
    assert isinstance(inner, LLMReviser) and isinstance(inner.chain.chat, RedactingChat)
    assert inner.chain.redactor is not None
    assert speaker not in inner.chain.redactor.redact(f"请{speaker}核实")
