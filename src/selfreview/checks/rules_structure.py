"""Rules on the shape of the material: numbering, examples, proportions, parts, counts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Location
from selfreview.checks.walk import body_length, is_gap, numbered_pieces, problem_pieces
from selfreview.importing.model import NumberingRun
from selfreview.importing.text import cn_int
from selfreview.placeholders import PLACEHOLDER_RE
from selfreview.predicates import is_concrete
from selfreview.render.compose import chinese_number
from selfreview.schema import Problem

_INNER_SHI_RE = re.compile(r"(?:^|(?<=[。；！？：，,;:]))\s*([一二三四五六七八九十]{1,3})是")
_SLOGAN_RE = re.compile(r"“[^“”]*”|\"[^\"]*\"|「[^」]*」")
"""Quoted phrases (“两张皮”) are no example; a named document 《…》 is."""
_STYLE_FORMS = {"part": "{}、", "paren": "（{}）", "shi": "{}是", "arabic": "{}."}


def _word(style: str, number: int) -> str:
    """An ordinal as written in this style: 二、 / （二） / 二是 / 2."""
    shown = str(number) if style == "arabic" else chinese_number(number)
    return _STYLE_FORMS[style].format(shown)


def numbering(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Each numbered list as written must run 1, 2, 3 … with no gap and no repeat.

    Imported files keep the numbers of their parts, aspects and items as written (the
    material itself is renumbered when rendered). In every kind of target, 一是… runs
    written inside one paragraph's text (after the item's own ordinal) are checked too.
    """
    from selfreview.checks.walk import pieces

    for run in target.numbering:
        yield from _check_run(run, rule)
    for piece in pieces(target):
        text = piece.text.removeprefix(piece.location.item)  # the item's own 一是
        numbers = [cn_int(m.group(1)) for m in _INNER_SHI_RE.finditer(text)]
        if len(numbers) >= 2:
            run = NumberingRun(scope=piece.location.part, style="shi", numbers=numbers, lines=[])
            for finding in _check_run(run, rule):
                yield finding.model_copy(update={"location": piece.location})


def _check_run(run: NumberingRun, rule: RuleConfig) -> Iterator[Finding]:
    def word(number: int) -> str:
        return _word(run.style, number)

    for index, number in enumerate(run.numbers):
        expected = index + 1
        if number == expected:
            continue
        line = run.lines[index] if index < len(run.lines) else None
        location = Location(part=run.scope, item=word(number), line=line)
        if number in run.numbers[:index]:
            problem = f"“{word(number)}”重复"
        elif index == 0:
            problem = f"编号从“{word(number)}”开始，应从“{word(1)}”开始"
        else:
            previous = word(run.numbers[index - 1])
            problem = f"“{previous}”之后是“{word(number)}”，应为“{word(expected)}”"
        yield rule.finding(location, f"编号不连续：{problem}")
        return  # one finding per list: later numbers are off by the same mistake


def no_example(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A problem with no example and no concrete fact in its own text.

    A placeholder example (【待补：具体事例】) or an aspect placeholder is reported by the
    placeholder rule alone: one finding per gap.
    """
    for piece in problem_pieces(target):
        assert isinstance(piece.item, Problem)
        example = piece.item.example
        if is_gap(piece.item) or PLACEHOLDER_RE.search(example):
            continue
        if example.strip("，。、；： "):
            continue
        own = _SLOGAN_RE.sub("□", f"{piece.item.headline}。{piece.item.body}")
        if is_concrete(own):
            continue  # a figure, a count or a named event in the problem's own text
        yield rule.say(piece.location)


def problem_share(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Problems plus causes under ``min_share`` of the text."""
    core, total = body_length(target)
    minimum = float(rule.params.get("min_share", 0.5))
    if total and core / total < minimum:
        yield rule.finding(
            Location(),
            f"查摆问题和原因分析只占正文的 {core / total:.0%}（{core}/{total} 字），"
            f"应不少于 {minimum:.0%}",
        )


def missing_part(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A part of the three that is missing or empty, or an aspect without problems."""
    material = target.material
    headings = material.headings
    for heading, items in (
        (headings.problems, material.all_problems()),
        (headings.causes, material.causes),
        (headings.measures, material.measures),
    ):
        if not items:
            yield rule.finding(Location(part=heading), f"“{heading}”部分没有内容")
    for number, group in enumerate(material.problems, start=1):
        if not group.items:
            aspect = f"（{chinese_number(number)}）{group.aspect}"
            yield rule.finding(
                Location(part=headings.problems, aspect=aspect), "这个方面下没有问题"
            )


def counts(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Numbers of aspects, items, causes and measures outside the usual ranges."""
    material = target.material
    headings = material.headings

    def outside(name: str, value: int) -> tuple[int, int] | None:
        low, high = (int(v) for v in rule.params.get(name, [0, 99]))
        return None if low <= value <= high else (low, high)

    checks = [
        ("aspects", len(material.problems), Location(part=headings.problems), "个方面"),
        ("causes", len(material.causes), Location(part=headings.causes), "条原因"),
        ("measures", len(material.measures), Location(part=headings.measures), "条措施"),
    ]
    for number, group in enumerate(material.problems, start=1):
        aspect = f"（{chinese_number(number)}）{group.aspect}"
        where = Location(part=headings.problems, aspect=aspect)
        checks.append(("items_per_aspect", len(group.items), where, "个问题"))
    for name, value, location, unit in checks:
        if value == 0:
            continue  # reported by missing-part
        bounds = outside(name, value)
        if bounds is not None:
            yield rule.finding(
                location, f"有 {value} {unit}，通常为 {bounds[0]}—{bounds[1]} {unit}"
            )


def measure_specifics(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A measure with no deadline, count or mechanism to check it by."""
    from selfreview.grounding import find_facts

    markers = rule.words("markers")
    for piece in numbered_pieces(target, "measure"):
        if any(m in piece.text for m in markers) or find_facts(piece.text, names=False):
            continue
        yield rule.finding(piece.location, "措施没有时限、数量或制度机制，难以检查是否落实")


def unplaced_text(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Text the importer could not place."""
    for unplaced in target.unplaced:
        shown = unplaced.text if len(unplaced.text) <= 30 else unplaced.text[:28] + "…"
        yield rule.finding(
            Location(part="未归类文字", line=unplaced.line),
            f"“{shown}”未能归入结构（{unplaced.reason}）",
        )
