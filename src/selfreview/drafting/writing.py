"""Write the offline drafter's items from what the cited opinions say (issue 13).

A problem's body is the opinions' general reports (no phrase-bank claim), its example
every concrete report, in the material's voice; a measure names the concrete objects of
the problems it answers and takes up the advice of their opinions; a cause is linked to
the problems it explains (``explains``), never quoting their headlines, which a reviewer
may rename or reject. Bank text supplies only headlines and neutral commitments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import cycle

from selfreview.drafting.examples import build_example, opinion_parts, to_voice
from selfreview.drafting.phrasebank import VoiceWords
from selfreview.predicates import concrete_facts, key_terms
from selfreview.schema import PLACEHOLDER_EXAMPLE, Opinion, Problem, Voice

COLLECTIVE_SUBJECTS = ("我们", "班子成员", "有的同志", "班子", "个别同志")
"""Subjects a collective material rotates through, as real materials do."""

_ADVICE_LEAD = re.compile(
    r"^(?:[^，,]{0,12}?(?:提出|反映|认为))?[，,]?\s*"
    r"(?:建议|希望|恳请|请|要|应当|应该|应|需要进一步|需要|必须|务必|最好|下一步要|今后要)+"
)
_TRAILING = "。；;，,、！？!? "


def problem_text(opinions: Sequence[Opinion], words: VoiceWords) -> tuple[str, str]:
    """(body, example) of a problem from its cited opinions, in their order.

    The body joins the opinions' general reports (each once); the example holds every
    concrete report ("如，A。再如，B"), or the placeholder when there is none.
    """
    general: list[str] = []
    for opinion in opinions:
        for sentence in opinion_parts(opinion.text).general:
            text = to_voice(sentence, words)
            if text not in general:
                general.append(text)
    example = build_example(opinions, words) or PLACEHOLDER_EXAMPLE
    return "；".join(general), example


def advice_of(opinions: Sequence[Opinion]) -> list[str]:
    """The proposals of the opinions, advice words removed: "建议每月通报" → "每月通报"."""
    proposals: list[str] = []
    for opinion in opinions:
        for sentence in opinion_parts(opinion.text).advice:
            proposal = _ADVICE_LEAD.sub("", sentence).strip(_TRAILING)
            if len(proposal) >= 4 and proposal not in proposals:
                proposals.append(proposal)
    return proposals


def problem_objects(problems: Sequence[Problem], limit: int = 4) -> list[str]:
    """Concrete objects named by the problems: named projects, quoted terms, else key nouns."""
    objects: list[str] = []
    for problem in problems:
        text = f"{problem.example}。{problem.body}".replace(PLACEHOLDER_EXAMPLE, "")[:300]
        named = [
            f for f in concrete_facts(text) if f[0] in '“《"' or re.search(r"[项目程台线区]$", f)
        ]
        found = named[:1] or _nouns(text)[:1] or _nouns(problem.headline)[:1]
        for item in found:
            if item not in objects:
                objects.append(item)
    return objects[:limit]


def _nouns(text: str) -> list[str]:
    """Noun phrases of ``text`` in order: runs of nouns (jieba n/nz/vn/nt), 4-12 characters."""
    import jieba.posseg

    phrases: list[str] = []
    run: list[str] = []
    for word, flag in [*jieba.posseg.lcut(text), ("。", "x")]:
        if flag in ("n", "nz", "vn", "nt", "ns") and word not in ("问题", "工作", "情况"):
            run.append(word)
            continue
        while run and len("".join(run)) > 12:
            run.pop(0)
        phrase = "".join(run)
        if len(phrase) >= 4 and key_terms(phrase) and phrase not in phrases:
            phrases.append(phrase)
        run = []
    return phrases


def measure_body(bank_body: str, problems: Sequence[Problem], proposals: Sequence[str]) -> str:
    """A measure's body: the objects it answers, the bank's commitment, the notes' advice."""
    lead = ""
    objects = problem_objects(problems)
    if objects:
        lead = f"围绕{'、'.join(objects)}，"
    taken = "；".join(proposals[:3])
    tail = f"；吸收征求意见中的建议，{taken}" if taken else ""
    return f"{lead}{bank_body}{tail}"


def subjects(voice: Voice, words: VoiceWords) -> cycle[str]:
    """The subjects to use in turn: collective materials vary them, personal ones say 我."""
    return cycle(COLLECTIVE_SUBJECTS if voice is Voice.COLLECTIVE else (words.who,))
