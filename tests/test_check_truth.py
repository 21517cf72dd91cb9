"""The truth rules of ``draft check`` (issue 15): one case that triggers each, one near miss.

The cases of the older rules are in test_check_rules.py; its completeness test counts these.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selfreview.checks import CheckTarget, load_rules, run_checks
from selfreview.schema import Problem, ProblemKind
from test_check_rules import CLEAN, drafted, imported, replace, run


def edited(change: Callable[[CheckTarget], None], **kwargs: str) -> Callable[[], CheckTarget]:
    """The small draft of test_check_rules with ``change`` applied to it."""

    def make() -> CheckTarget:
        target = drafted(**kwargs)  # type: ignore[arg-type]
        change(target)
        return target

    return make


def problem(target: CheckTarget, problem_id: str) -> Problem:
    return next(p for p in target.material.all_problems() if p.id == problem_id)


def no_sources(target: CheckTarget) -> None:
    problem(target, "P1").sources = []


def with_gap(target: CheckTarget) -> None:
    """An aspect placeholder (no sources, by design) next to the problems."""
    target.material.problems[0].items.append(
        Problem(id="P3", kind=ProblemKind.ASPECT_PLACEHOLDER, headline="【待补：本方面问题】")
    )
    target.material.measures[0].addresses.append("P3")


def generic_measure(target: CheckTarget) -> None:
    measure = target.material.measures[0]
    measure.headline = "全面加强党的建设"
    measure.body = "不断提高政治站位，年底前完成"


def own_lead(target: CheckTarget) -> None:
    target.material.measures[0].body = "针对“学习不够”等问题，每月学习1次"


def renamed(body: str) -> Callable[[CheckTarget], None]:
    """P1 was drafted as 学习抓得不紧 and renamed 学习不够 in review; C1 says ``body``."""

    def change(target: CheckTarget) -> None:
        target.known_headlines = {"学习抓得不紧", "学习不够", "调研不够"}
        target.material.causes[0].body = body

    return change


HOTLINE = "热线转办的诉求有17件超期办结，跟踪督办不够"

TRIGGERS: dict[str, tuple[Callable[[], CheckTarget], str, str]] = {
    # rule id: (target, location substring, message substring)
    "unsourced-problem": (edited(no_sources), "一是（P1", "没有注明出自哪条意见"),
    "uncovered-fact": (
        lambda: drafted(opinion="局里全年只学了2次，有3名同志缺席5次以上"),
        "一是（P1",
        "所引意见 O1 反映的 “3名”、“5次以上” 在材料里没有出现",
    ),
    "example-off-topic": (
        replace("全年中心组学习12次，结合业务研讨只有2次", HOTLINE),
        "一是（P1",
        "倒像是问题“回应诉求较慢”的事例",
    ),
    "example-restates": (lambda: drafted(example="学习还不够"), "一是（P1", "又说了一遍"),
    "example-frame": (
        lambda: drafted(example="有同志提出，全年只学了2次"),
        "一是（P1",
        "话头“有同志提出，”",
    ),
    "example-advice": (
        lambda: drafted(example="全年只学了2次，建议每月学习1次"),
        "一是（P1",
        "“建议每月学习1次”",
    ),
    "dangling-de": (
        replace("个别接待超出标准。", "个别接待超出标准，的张某某说超了不少。"),
        "二是（P8",
        "“…出标准，的张某某说超了不少”中的“的”前面缺了内容",
    ),
    "measure-unrelated": (edited(generic_measure), "一是（M1", "（“学习不够”）"),
    "measure-lead-twice": (edited(own_lead), "一是（M1", "自带“针对“学习不够”等问题”"),
    "stale-headline": (
        edited(renamed("把学习当成软任务。“学习抓得不紧”等问题，根子都在这里")),
        "一是（C1",
        "引用的问题 “学习抓得不紧” 已不是现有问题的标题",
    ),
}

NEAR_MISSES: dict[str, Callable[[], CheckTarget]] = {
    "unsourced-problem": edited(with_gap),  # a placeholder is no problem
    "uncovered-fact": lambda: drafted(opinion="局里全年只学了2次，建议每月通报3次"),  # advice
    "example-off-topic": replace(  # shares nothing with its terse headline, fits no other
        "全年中心组学习12次，结合业务研讨只有2次", "全年个人自学笔记只有1.2万字"
    ),
    "example-restates": lambda: drafted(example="学习不够，会上照念稿子"),  # an event
    "example-frame": lambda: drafted(example="全年只学了2次，有同志缺席"),
    "example-advice": lambda: drafted(example="全年只学了2次，应到会12人，需要补学3次"),
    "dangling-de": replace("以会议落实会议的情况", "的确，以会议落实会议的情况"),
    "measure-unrelated": lambda: drafted(),
    "measure-lead-twice": edited(
        lambda t: setattr(t.material.measures[0], "body", "每月学习1次，针对性地开展研讨")
    ),
    "stale-headline": edited(renamed("把学习当成软任务。“学习不够”“四风”等问题，根子都在这里")),
}


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_triggers(rule_id: str) -> None:
    make, where, message = TRIGGERS[rule_id]
    findings = run(rule_id, make())
    assert findings, rule_id
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding.rule == rule_id
    assert where in finding.location.describe()
    assert message in finding.message, finding.message


@pytest.mark.parametrize("rule_id", sorted(NEAR_MISSES))
def test_rule_does_not_trigger(rule_id: str) -> None:
    assert run(rule_id, NEAR_MISSES[rule_id]()) == []


def test_unsourced_problem_is_an_error_and_names_unknown_sources() -> None:
    target = drafted()
    problem(target, "P2").sources = ["O9"]
    findings = run_checks(target, load_rules())
    unsourced = [f for f in findings if f.rule == "unsourced-problem"]
    assert [f.severity.value for f in unsourced] == ["error"]
    assert "所引意见 O9 不在草稿的意见里" in unsourced[0].message


@pytest.mark.parametrize(
    "text",
    [
        "二是会议文件偏多。以会议落实会议的情况仍然存在，上半年局里召开各类会议46个。",
        "二是会议文件偏多。以会议落实会议的情况仍然存在，一季度印发文件38件。",
        "二是会议文件偏多。会上照念事先准备的稿子，以会议落实会议的情况仍然存在。",
    ],
)
def test_no_example_accepts_a_concrete_fact_without_ru(text: str) -> None:
    """A figure, a count with any unit or a named event in the problem's own text is an
    example, with or without "如，"."""
    old = "二是会议文件偏多。以会议落实会议的情况仍然存在。如，上半年局里召开各类会议46个。"
    assert old in CLEAN
    assert run("no-example", imported(CLEAN.replace(old, text))) == []
    bare = "二是会议文件偏多。以会议落实会议的情况仍然存在。"
    assert len(run("no-example", imported(CLEAN.replace(old, bare)))) == 1


def test_a_quoted_slogan_is_no_example() -> None:
    old = "二是会议文件偏多。以会议落实会议的情况仍然存在。如，上半年局里召开各类会议46个。"
    slogan = "二是会议文件偏多。“以会议落实会议”的情况仍然存在。"
    assert len(run("no-example", imported(CLEAN.replace(old, slogan)))) == 1


def test_each_further_example_is_judged_on_its_own() -> None:
    """ "再如，…" is a second example: advice there is found although the first is clean."""
    target = drafted(example="全年只学了2次。再如，有同志提出，要多组织研讨")
    assert [f.rule for f in run("example-frame", target)] == ["example-frame"]
    assert [f.rule for f in run("example-advice", target)] == ["example-advice"]


@pytest.mark.parametrize("headline", ["对照理论学习要求还有差距", "理论学习工作措施不够有力"])
def test_an_example_under_a_generic_headline_is_never_misplaced(headline: str) -> None:
    """The phrase bank's generic headlines name no shortcoming: any note of the aspect fits."""
    text = CLEAN.replace("全年中心组学习12次，结合业务研讨只有2次", HOTLINE)
    assert len(run("example-off-topic", imported(text))) == 1
    generic = text.replace(
        "一是学用结合不紧。学习后结合业务研究少，学习成果转化不够。", f"一是{headline}。"
    )
    assert run("example-off-topic", imported(generic)) == []
