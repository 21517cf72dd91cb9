"""The recorded model answers in fixtures/answers/ keep the rules a good answer must keep.

Each answers file holds what a stand-in for a capable model answered for one bundled notes
file (fixtures/answers/README.md): how the opinions were sorted into the outline's aspects,
the problems (headline, body, example, sources), the causes and the measures.
``answer_violations`` lists every rule the answer breaks; the real files must break none,
and each rule is shown to fire on a deliberately broken copy.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from recorded import record_module
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.schema import (
    PLACEHOLDER_EXAMPLE,
    AspectProblems,
    Cause,
    Material,
    Measure,
    Opinion,
    OpinionKind,
    Problem,
)

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "fixtures" / "answers"
ANSWER_FILES = ["sample-notes.json", "sample-personal.json", "school-collective.json"]

TOP_KEYS = {"notes", "outline", "voice", "sort", "problems", "causes", "measures", "opinions"}
PROBLEM_KEYS = {"headline", "body", "example", "sources"}
# A figure as the checks compare it: digits, an optional decimal part, and a percent sign
# or a date unit when one follows ("78%", "5月", "2021年").
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:%|％|年|月|日)?")
SHIFTING_BLAME = ("有的同志", "部分同志", "个别党员")
# A lone 我 in collective material speaks for one member; 我们 / 我市 are the group
# and 自我 (自我批评) is no pronoun.
LONE_I = re.compile(r"(?<!自)我(?![们市])")
EMPTY_PLEDGES = ("今后一定", "一定改正", "坚决改正", "认真改正")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# Half-width punctuation that Chinese text must write full-width; a dot between digits is
# a decimal point, not a full stop.
HALF_WIDTH = re.compile(r"[,;:!?()\"']|(?<!\d)\.|\.(?!\d)")
# The speaker of a talk note: "李明（副市长）：", "王局长说：".
SPEAKER = re.compile(r"^(?P<who>[\u4e00-\u9fff]{2,8}?)(?:[（(][^）)]*[）)])?(?:说)?[：:]")


@cache
def load(name: str) -> dict[str, Any]:
    """The answers file ``name``, its opinion ids those of the notes as read today."""
    data: dict[str, Any] = json.loads((ANSWERS / name).read_text(encoding="utf-8"))
    texts = data["opinions"]
    record = record_module()
    request, _ = record.sample_request(name.removesuffix(".json"))
    current: dict[str, Any] = record.translated(data, request)
    return {**current, "opinions": texts}


@cache
def opinions_of(notes: str) -> tuple[Opinion, ...]:
    return tuple(read_notes(ROOT / notes).opinions)


def problem_list(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(implicit id P1…, aspect id, problem) in print order, numbered as the drafter numbers
    them: outline order, a required aspect nobody spoke to holding one placeholder's id."""
    out = []
    number = 0
    for aspect in load_outline(data["outline"]).aspects:
        items = data["problems"].get(aspect.id, [])
        if not items and aspect.required:
            number += 1  # the aspect placeholder
        for item in items:
            number += 1
            out.append((f"P{number}", aspect.id, item))
    return out


def answer_violations(data: dict[str, Any]) -> list[str]:
    """Every rule the answer breaks, one line each (empty when the answer is good)."""
    bad: list[str] = []
    outline = load_outline(data.get("outline"))
    aspect_ids = [a.id for a in outline.aspects]
    if set(data) != TOP_KEYS:
        bad.append(f"top-level keys {sorted(data)} != {sorted(TOP_KEYS)}")
        return bad
    opinions = {o.id: o for o in opinions_of(data["notes"])}
    groups: dict[str, list[str]] = data["sort"]["groups"]
    none: list[dict[str, str]] = data["sort"]["none"]

    # Sorting: every opinion shown to the sort exactly once (last year's rectification is
    # never shown: it has a part of its own); meta text set aside with a reason.
    asked = [a for a in aspect_ids if groups.get(a)]
    if list(groups) != aspect_ids or list(data["problems"]) != asked:
        bad.append(f"aspects must be {aspect_ids} in outline order, problems for {asked}")
    placed = [i for ids in groups.values() for i in ids] + [entry["id"] for entry in none]
    last_year = {oid for oid, o in opinions.items() if o.kind is OpinionKind.LAST_YEAR}
    for oid in sorted(set(placed) | set(opinions)):
        if oid in last_year:
            if oid in placed:
                bad.append(f"{oid} ({OpinionKind.LAST_YEAR.value}) was never shown to the sort")
        elif placed.count(oid) != 1:
            bad.append(f"{oid} sorted {placed.count(oid)} times")
    for entry in none:
        if not entry.get("reason", "").strip():
            bad.append(f"{entry['id']} set aside without a reason")
    none_ids = {entry["id"] for entry in none}
    for oid, opinion in opinions.items():
        if opinion.kind is OpinionKind.OTHER and oid not in none_ids:
            bad.append(f"{oid} ({opinion.kind.value}) must go to none")

    # Problems.
    voice = data["voice"]
    problems = problem_list(data)
    for aspect, items in data["problems"].items():
        if not 1 <= len(items) <= 4:
            bad.append(f"{aspect}: {len(items)} problems, want 1-4")
        cited = {s for item in items for s in item.get("sources", [])}
        for oid in groups.get(aspect, []):
            if oid not in cited:
                bad.append(f"{aspect}: {oid} sorted here but cited by no problem")
    for pid, aspect, item in problems:
        where = f"{pid} ({aspect})"
        if set(item) != PROBLEM_KEYS:
            bad.append(f"{where}: keys {sorted(item)}")
            continue
        sources = item["sources"]
        if not sources or not set(sources) <= set(groups.get(aspect, [])):
            bad.append(f"{where}: sources {sources} not within the aspect's opinions")
        known = set()
        for oid in sources:
            if oid in opinions:
                known |= set(NUMBER.findall(opinions[oid].text))
        texts = {f: item[f] for f in ("headline", "body", "example")}
        for field, text in texts.items():
            for number in NUMBER.findall(text):
                if number not in known:
                    bad.append(f"{where}.{field}: {number} is in no cited opinion")
        headline, body, example = texts["headline"], texts["body"], texts["example"]
        if not headline.strip() or headline.endswith("。") or headline.startswith("一是"):
            bad.append(f"{where}: headline must be bare (no 一是, no final 。)")
        if not body.endswith("。"):
            bad.append(f"{where}: body must end with 。")
        if example != PLACEHOLDER_EXAMPLE and (
            not example.endswith("。") or example.startswith("如") or "【" in example
        ):
            bad.append(f"{where}: example must end with 。, not start with 如")
        if voice == "personal":
            for phrase in SHIFTING_BLAME:
                if phrase in headline + body + example:
                    bad.append(f"{where}: {phrase} in personal material")
        elif LONE_I.search(headline + body + example):
            bad.append(f"{where}: a lone 我 in collective material")

    # Causes and measures: references resolve, every problem answered.
    pids = {pid for pid, _, _ in problems}
    causes, measures = data["causes"], data["measures"]
    if not 3 <= len(causes) <= 5:
        bad.append(f"{len(causes)} causes, want 3-5")
    if not 3 <= len(measures) <= 5:
        bad.append(f"{len(measures)} measures, want 3-5")
    for n, cause in enumerate(causes, 1):
        refs = cause.get("explains", [])
        if not refs or not set(refs) <= pids:
            bad.append(f"C{n}: explains {refs} must be known problem ids")
        if re.search(r"\d", cause["headline"] + cause["body"]):
            bad.append(f"C{n}: a figure in a cause")
    addressed = set()
    for n, measure in enumerate(measures, 1):
        refs = measure.get("addresses", [])
        addressed |= set(refs)
        if not refs or not set(refs) <= pids:
            bad.append(f"M{n}: addresses {refs} must be known problem ids")
        for pledge in EMPTY_PLEDGES:
            if pledge in measure["body"]:
                bad.append(f"M{n}: empty pledge {pledge}")
    for pid in sorted(pids - addressed, key=lambda p: int(p[1:])):
        bad.append(f"{pid} addressed by no measure")

    # Text everywhere: headlines bare, full-width punctuation, no names, no phone numbers.
    written = [(pid, it[f]) for pid, _, it in problems for f in ("headline", "body", "example")]
    written += [(f"C{n}", c[f]) for n, c in enumerate(causes, 1) for f in ("headline", "body")]
    written += [(f"M{n}", m[f]) for n, m in enumerate(measures, 1) for f in ("headline", "body")]
    for n, item in enumerate(causes + measures, 1):
        if item["headline"].endswith("。") or not item["body"].endswith("。"):
            bad.append(f"cause/measure {n}: headline without 。, body ending with 。")
    speakers = {
        m["who"]
        for o in opinions.values()
        if o.kind is OpinionKind.TALK and (m := SPEAKER.match(o.text))
    }
    for where, text in written:
        if HALF_WIDTH.search(text):
            bad.append(f"{where}: half-width punctuation in {text!r}")
        if PHONE.search(text):
            bad.append(f"{where}: a phone number")
        for who in speakers:
            if who in text:
                bad.append(f"{where}: names {who}")
    return bad


def as_material(data: dict[str, Any]) -> Material:
    """The answer as the project's Material, so the schema's own validators run too."""
    names = {a.id: a.name for a in load_outline(data["outline"]).aspects}
    numbered = iter(problem_list(data))
    return Material(
        title="对照检查材料",
        voice=data["voice"],
        problems=[
            AspectProblems(
                aspect=names[aspect],
                items=[Problem(id=next(numbered)[0], **item) for item in items],
            )
            for aspect, items in data["problems"].items()
        ],
        causes=[Cause(id=f"C{n}", **c) for n, c in enumerate(data["causes"], 1)],
        measures=[Measure(id=f"M{n}", **m) for n, m in enumerate(data["measures"], 1)],
    )


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_answers_keep_every_rule(name: str) -> None:
    data = load(name)
    assert (ROOT / data["notes"]).is_file()
    assert data["voice"] == ("personal" if "personal" in name else "collective")
    assert answer_violations(data) == []


@pytest.mark.parametrize("name", ANSWER_FILES)
def test_answers_fit_the_schema(name: str) -> None:
    material = as_material(load(name))
    assert material.cited_opinions() <= {o.id for o in opinions_of(load(name)["notes"])}


def _first(data: dict[str, Any], aspect: str = "theory") -> dict[str, Any]:
    item: dict[str, Any] = data["problems"][aspect][0]
    return item


def _move_opinion_twice(d: dict[str, Any]) -> None:
    d["sort"]["groups"]["standard"].append(d["sort"]["groups"]["theory"][0])


def _drop_opinion(d: dict[str, Any]) -> None:
    dropped = d["sort"]["groups"]["theory"].pop()
    for item in d["problems"]["theory"]:
        item["sources"] = [s for s in item["sources"] if s != dropped] or item["sources"][:1]


def _last_year_into_aspect(d: dict[str, Any]) -> None:
    oid = next(o.id for o in opinions_of(d["notes"]) if o.kind is OpinionKind.LAST_YEAR)
    d["sort"]["groups"]["theory"].append(oid)
    _first(d)["sources"].append(oid)


def _cite_other_aspect(d: dict[str, Any]) -> None:
    _first(d)["sources"].append(d["sort"]["groups"]["discipline"][0])


def _invent_figure(d: dict[str, Any]) -> None:
    _first(d)["example"] = _first(d)["example"].replace("。", "，完成率仅为63%。")


def _too_many_problems(d: dict[str, Any]) -> None:
    d["problems"]["theory"] += copy.deepcopy(d["problems"]["theory"]) * 2


def _shift_blame(d: dict[str, Any]) -> None:
    _first(d)["body"] = "有的同志" + _first(d)["body"]


def _unanswered_problem(d: dict[str, Any]) -> None:
    for measure in d["measures"]:
        measure["addresses"] = [p for p in measure["addresses"] if p != "P1"]


def _unknown_cause_ref(d: dict[str, Any]) -> None:
    d["causes"][0]["explains"].append("P99")


def _half_width(d: dict[str, Any]) -> None:
    _first(d)["body"] = _first(d)["body"].replace("，", ",", 1)


def _name_and_phone(d: dict[str, Any]) -> None:
    _first(d)["example"] = "李明说：联系电话13900001234。"


BREAKAGES: dict[str, tuple[str, Callable[[dict[str, Any]], None]]] = {
    "opinion sorted twice": ("sample-notes.json", _move_opinion_twice),
    "opinion not sorted": ("sample-notes.json", _drop_opinion),
    "last year's opinion in an aspect": ("sample-personal.json", _last_year_into_aspect),
    "source from another aspect": ("sample-notes.json", _cite_other_aspect),
    "invented figure": ("sample-notes.json", _invent_figure),
    "more than 4 problems": ("sample-notes.json", _too_many_problems),
    "有的同志 in personal voice": ("sample-personal.json", _shift_blame),
    "problem without measure": ("sample-personal.json", _unanswered_problem),
    "cause explains unknown problem": ("sample-notes.json", _unknown_cause_ref),
    "half-width comma": ("sample-notes.json", _half_width),
    "speaker name and phone": ("sample-notes.json", _name_and_phone),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_each_rule_catches_a_broken_answer(breakage: str) -> None:
    name, breaker = BREAKAGES[breakage]
    data = copy.deepcopy(load(name))
    breaker(data)
    assert answer_violations(data), f"{breakage} went unnoticed"
