"""Truthfulness properties of offline drafts over every notes fixture (issue 13, item 8).

Each fixture in ``fixtures/notes/`` is drafted offline and checked with the shared
predicates: nothing without a source, every reported fact of a cited opinion in the
problem that cites it, placeholders only where the sources hold no fact, clean examples,
measures that name what they answer, and the fixture's hand-written expectations
(``.expect.yaml``: ``must_not_appear``, ``key_facts``) where they exist. New fixtures are
picked up by the glob; a file with ``personal`` in its name is drafted in personal voice.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from selfreview.drafting.base import DraftRequest, DraftResult
from selfreview.drafting.offline import OfflineDrafter, aspect_meaning
from selfreview.drafting.phrasebank import fill, load_phrasebank
from selfreview.drafting.writing import is_topic
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.predicates import (
    has_reporting_frame,
    is_advice,
    is_sourceless,
    normalise_quotes,
    reported_facts,
    sentences,
    shares_key_term,
    uncovered_facts,
)
from selfreview.render.markdown import render_markdown
from selfreview.schema import PLACEHOLDER_EXAMPLE, Opinion, Problem, ProblemKind, Voice
from selfreview.yamltext import parse_yaml

NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"
EXPECT = NOTES.with_name("notes-expect")
FIXTURES = sorted(p.name for p in NOTES.iterdir() if p.is_file())
"""Every notes file (the folder holds notes only; expectations are in ``notes-expect``)."""


@cache
def drafted(name: str) -> tuple[dict[str, Opinion], DraftResult, str]:
    """The fixture's opinions, its offline draft and the rendered text (drafted once)."""
    path = NOTES / name
    opinions = read_notes(path).opinions
    # The bundled samples follow the 2021 notice; the other fixtures are recent years'.
    outline = load_outline("2021-five" if name.startswith("sample") else "recent-six")
    voice = Voice.PERSONAL if "personal" in name else Voice.COLLECTIVE
    result = OfflineDrafter().draft(DraftRequest(opinions=opinions, outline=outline, voice=voice))
    return {o.id: o for o in opinions}, result, render_markdown(result.material)


def problems(result: DraftResult) -> list[Problem]:
    return [p for p in result.material.all_problems() if p.kind is ProblemKind.PROBLEM]


def example_pieces(problem: Problem) -> list[str]:
    return [p for p in problem.example.split("。再如，") if p and p != PLACEHOLDER_EXAMPLE]


def expectations(name: str) -> dict[str, Any]:
    path = EXPECT / f"{Path(name).stem}.expect.yaml"
    if not path.exists():
        return {}
    data: dict[str, Any] = parse_yaml(path.read_text(encoding="utf-8"))
    return data


def test_every_notes_fixture_is_covered() -> None:
    assert len(FIXTURES) >= 6


@pytest.mark.parametrize("name", FIXTURES)
def test_no_problem_without_a_source(name: str) -> None:
    _, result, _ = drafted(name)
    assert not [p.id for p in result.material.all_problems() if is_sourceless(p)]
    for problem in result.material.all_problems():
        if problem.kind is ProblemKind.ASPECT_PLACEHOLDER:
            assert (problem.body, problem.example, problem.sources) == ("", "", [])


@pytest.mark.parametrize("name", FIXTURES)
def test_every_cited_opinions_facts_reach_the_problem_citing_it(name: str) -> None:
    opinions, result, _ = drafted(name)
    assert uncovered_facts(result.material.all_problems(), opinions) == {}
    assert result.uncovered == {}


@pytest.mark.parametrize("name", FIXTURES)
def test_every_opinion_is_cited_or_reported_unused(name: str) -> None:
    opinions, result, _ = drafted(name)
    cited = result.material.cited_opinions()
    unused = {u.id for u in result.unused}
    for opinion_id in opinions:
        assert (opinion_id in cited) != (opinion_id in unused), opinion_id
    assert all(u.reason for u in result.unused)


@pytest.mark.parametrize("name", FIXTURES)
def test_placeholder_only_where_the_sources_hold_no_fact(name: str) -> None:
    opinions, result, _ = drafted(name)
    for problem in problems(result):
        if PLACEHOLDER_EXAMPLE in problem.example:
            for source in problem.sources:
                assert not reported_facts(opinions[source].text), (problem.id, source)


def meaning(problem: Problem, name: str) -> str:
    """What a problem is about: its text, plus the bank's description of a bank headline."""
    bank = load_phrasebank()
    outline = load_outline("2021-five" if name.startswith("sample") else "recent-six")
    described = [
        f"{theme.body}。{'、'.join(theme.keywords)}"
        for topic in bank.topics.values()
        for theme in topic.problems
        if theme.headline == problem.headline
    ]
    described += [  # a generic headline (对照X要求还有差距…): what the aspect is about
        aspect_meaning(aspect, bank)
        for aspect in outline.aspects
        for generic in bank.generic.problems
        if problem.headline
        == fill(generic.headline, aspect=aspect.name.removesuffix("方面").removeprefix("在"))
    ]
    # an own headline (a clause of a cited opinion): the example goes on with its sentence
    opinions, _, _ = drafted(name)
    said = [
        sentence
        for source in problem.sources
        if source in opinions
        for sentence in sentences(normalise_quotes(opinions[source].text))
        if problem.headline in sentence
    ]
    return "。".join([problem.headline, problem.body, *described, *said])


@pytest.mark.parametrize("name", FIXTURES)
def test_examples_are_clean_reports_on_their_problem(name: str) -> None:
    _, result, _ = drafted(name)
    for problem in problems(result):
        for piece in example_pieces(problem):
            assert shares_key_term(piece, meaning(problem, name)), piece
            assert not has_reporting_frame(piece), piece
            assert not any(is_advice(s) for s in sentences(piece)), piece
            assert '"' not in piece, piece


@pytest.mark.parametrize("name", FIXTURES)
def test_measures_name_what_they_answer(name: str) -> None:
    _, result, _ = drafted(name)
    material = result.material
    by_id = {p.id: p for p in problems(result)}
    assert 3 <= len(material.measures) <= 5
    for measure in material.measures:
        answered = "。".join(
            f"{by_id[i].headline}。{by_id[i].body}。{by_id[i].example}" for i in measure.addresses
        )
        opening = measure.body.split("，")[0]
        if not measure.body.startswith("围绕"):
            continue  # nothing clean to name: no lead rather than a fragment (围绕风险)
        assert answered and shares_key_term(opening, answered), (measure.id, opening)
        assert not measure.body.startswith("针对")


@pytest.mark.parametrize("name", FIXTURES)
def test_collective_voice_varies_its_subject(name: str) -> None:
    _, result, text = drafted(name)
    if result.material.voice is Voice.COLLECTIVE:
        causes = "".join(c.body for c in result.material.causes)
        assert causes.count("有的同志") <= 1
        assert text.count("有的同志") * 200 <= len(text) + 200


@pytest.mark.parametrize("name", [n for n in FIXTURES if expectations(n)])
def test_expectations_of_the_fixture(name: str) -> None:
    expect = expectations(name)
    opinions, result, text = drafted(name)
    text = normalise_quotes(text)
    for phrase in expect.get("must_not_appear", []):
        assert phrase not in text, phrase
    # A key fact reaches the material, or its opinion is reported unused with the reason
    # (an opinion that fits no aspect is listed for a person, never forced).
    unused = {u.id for u in result.unused}
    for entry in expect.get("key_facts", []):
        holders = [o.id for o in opinions.values() if entry["source"] in o.text]
        assert holders, entry["source"]
        for fact in entry["facts"]:
            assert normalise_quotes(fact) in text or set(holders) <= unused, (entry, fact)


@pytest.mark.parametrize("name", FIXTURES)
def test_no_opinion_reporting_a_fact_is_left_unused(name: str) -> None:
    opinions, result, _ = drafted(name)
    not_opinion = load_phrasebank().not_opinions.reason
    for unused in result.unused:
        if unused.reason != not_opinion:
            assert not reported_facts(opinions[unused.id].text), (unused.id, unused.reason)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_problem_says_nothing_twice(name: str) -> None:
    _, result, _ = drafted(name)
    for problem in problems(result):
        reports = [*problem.body.split("；"), *example_pieces(problem)]
        heads = [r[:12] for r in reports if len(r) >= 12]
        assert len(heads) == len(set(heads)), problem
        first = [re.split("[，；]", r.removeprefix("再如，"))[0] for r in reports if r]
        assert problem.headline not in first, problem  # no clause that echoes the headline


@pytest.mark.parametrize("name", FIXTURES)
def test_a_generic_headline_is_the_last_resort(name: str) -> None:
    """对照X要求还有差距 and the like only over opinions whose main clause gives no headline."""
    from selfreview.drafting.themes import own_headline

    opinions, result, _ = drafted(name)
    bank = load_phrasebank()
    themes = {t.headline for topic in bank.topics.values() for t in topic.problems}
    templates = [
        re.compile(re.escape(g.headline).replace(re.escape("{aspect}"), ".+"))
        for g in bank.generic.problems
    ]
    for problem in problems(result):
        if problem.headline in themes:
            continue
        if any(t.fullmatch(problem.headline) for t in templates):
            for source in problem.sources:
                assert own_headline([opinions[source]]) == "", (problem.headline, source)


@pytest.mark.parametrize("name", [n for n in FIXTURES if expectations(n).get("duplicates")])
def test_a_point_given_twice_is_written_once_and_both_stay_cited(name: str) -> None:
    """Across the whole draft (the two may have been sorted under different aspects)."""
    from selfreview.drafting.examples import clean_opinion_text, to_voice

    opinions, result, _ = drafted(name)
    words = load_phrasebank().voices[result.material.voice]
    written = "。".join(
        f"{p.headline}。{p.body}。{p.example}" for p in result.material.all_problems()
    )
    for first, second in expectations(name)["duplicates"]:
        holders = [
            [o for o in opinions.values() if needle in normalise_quotes(o.text)]
            for needle in (normalise_quotes(first), normalise_quotes(second))
        ]
        assert [len(h) for h in holders] == [1, 1], (first, second)
        ids = {holders[0][0].id, holders[1][0].id}
        citing = [p for p in problems(result) if ids & set(p.sources)]
        assert len(citing) == 1 and ids <= set(citing[0].sources), (first, second, citing)
        clauses_of = [
            re.split("[，；。]", to_voice(clean_opinion_text(h[0].text), words))[0] for h in holders
        ]
        assert len({c for c in clauses_of if c in written}) <= 1, clauses_of


@cache
def drafted_2025(name: str) -> tuple[dict[str, Opinion], DraftResult, str]:
    """The fixture drafted under the 2025年度 notice's five aspects (五个带头), whose aspects
    each span several bank topics (敬畏人民、敬畏组织、敬畏法纪: masses, 八项规定, 请示报告)."""
    path = NOTES / name
    opinions = read_notes(path).opinions
    voice = Voice.PERSONAL if "personal" in name else Voice.COLLECTIVE
    outline = load_outline("2025-minzhu")
    result = OfflineDrafter().draft(DraftRequest(opinions=opinions, outline=outline, voice=voice))
    return {o.id: o for o in opinions}, result, render_markdown(result.material)


@pytest.mark.parametrize("name", [n for n in FIXTURES if not n.startswith("sample")])
def test_under_another_outline_nothing_is_dropped_or_invented(name: str) -> None:
    opinions, result, text = drafted_2025(name)
    cited = result.material.cited_opinions()
    unused = {u.id: u.reason for u in result.unused}
    not_opinion = load_phrasebank().not_opinions.reason
    for opinion_id, opinion in opinions.items():
        assert (opinion_id in cited) != (opinion_id in unused), opinion_id
        if unused.get(opinion_id, not_opinion) != not_opinion:
            assert not reported_facts(opinion.text), (opinion_id, unused[opinion_id])
    assert uncovered_facts(result.material.all_problems(), opinions) == {}
    for phrase in expectations(name).get("must_not_appear", []):
        assert phrase not in normalise_quotes(text), phrase


@pytest.mark.parametrize("name", FIXTURES)
def test_no_headline_is_written_twice(name: str) -> None:
    """A bank theme drafted under two aspects is one problem (under the one naming it)."""
    drafts = [drafted(name)] + ([] if name.startswith("sample") else [drafted_2025(name)])
    for _, result, _ in drafts:
        headlines = [p.headline for p in problems(result)]
        assert len(headlines) == len(set(headlines)), headlines


@pytest.mark.parametrize("name", FIXTURES)
def test_every_measure_object_is_a_topic_from_a_cited_opinion(name: str) -> None:
    """围绕X、Y: each X a named, quoted or noun-phrase object (no 绕路, 车辆回家, 风险) that
    an opinion cited by the problems the measure answers says."""
    drafts = [drafted(name)] + ([] if name.startswith("sample") else [drafted_2025(name)])
    for opinions, result, _ in drafts:
        by_id = {p.id: p for p in result.material.all_problems()}
        for measure in result.material.measures:
            lead = re.match(r"围绕([^，]+)，", measure.body)
            if not lead:
                continue
            said = "。".join(
                normalise_quotes(opinions[source].text)
                for problem_id in measure.addresses
                for source in by_id[problem_id].sources
            )
            for item in lead.group(1).split("、"):
                assert is_topic(item), (measure.id, item)
                assert normalise_quotes(item) in said, (measure.id, item)
