"""The stage reply models clean what models commonly add, and refuse what is empty."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from selfreview.llm.replies import DraftedCause, DraftedProblem


def test_numbering_and_final_stop_are_removed_from_headlines() -> None:
    item = DraftedProblem(headline="一是理论学习不够系统。", example="如，全年缺席3次。")
    assert item.headline == "理论学习不够系统"
    assert item.example == "全年缺席3次。"


@pytest.mark.parametrize("headline", ["一是。", "二是；", "  。 "])
def test_a_headline_of_only_numbering_is_refused(headline: str) -> None:
    with pytest.raises(ValidationError):
        DraftedCause(headline=headline, explains=["P1"])
