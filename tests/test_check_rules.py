"""Every check rule: one case that triggers it and one that must not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from selfreview.checks import RULES, CheckTarget, Finding, Severity, load_rules, run_checks
from selfreview.importing import import_text
from selfreview.schema import AspectProblems, Cause, Material, Measure, Problem, Voice
from selfreview.workflow.checking import check_target

CLEAN = """某局党组专题民主生活会对照检查材料

局党组通过座谈会、个别谈话等方式征求意见，形成本材料。

一、查找的突出问题

（一）理论学习方面。一是学用结合不紧。学习后结合业务研究少，学习成果转化不够。如，全年中心组学习12次，结合业务研讨只有2次。二是自学安排不足。党组成员自学缺少计划，读原著少。如，2023年人均学习笔记不足5000字。

（二）工作作风方面。一是调研蹲点偏少。到基层多是听汇报，解剖麻雀少。如，全年班子成员蹲点调研共9次。二是会议文件偏多。以会议落实会议的情况仍然存在。如，上半年局里召开各类会议46个。

（三）为民服务方面。一是办事效率不高。部分审批事项仍需多次跑。如，企业办理资质变更平均要跑3次。二是回应诉求较慢。对热线转办的诉求跟踪不够。如，全年热线工单有17件超期办结。

（四）廉洁自律方面。一是“一岗双责”履行不够。对分管科室廉政风险提醒少。如，全年只开展廉政谈话4次。二是公务接待把关不严。个别接待超出标准。如，3月一次接待超标准1200元。

二、产生问题的原因分析

一是理论武装不够扎实。把学习当成软任务，学用结合的自觉性不强，理论指导实践的能力没有跟上形势要求。二是宗旨意识树得不牢。对群众和企业的急难愁盼感受不深，主动服务的意识不强。三是纪律约束有所放松。对廉政风险的警觉性下降，执行制度的刚性不够。

三、努力方向和整改措施

一是落实学习制度。每月开展1次结合业务的专题研讨。

二是改进调研方式。班子成员每季度蹲点调研不少于2次。

三是严格廉政管理。年底前修订公务接待制度，建立接待台账。
"""


def imported(text: str = CLEAN, voice: Voice | None = None) -> CheckTarget:
    """A target as ``draft check`` builds it from a .txt file."""
    return check_target(import_text(text), voice, source="<test>")


def drafted(
    example: str = "全年只学了2次",
    addresses: tuple[list[str], list[str]] = (["P1"], ["P2"]),
    opinion: str = "局里全年只学了2次",
    body: str = "学习缺少计划",
) -> CheckTarget:
    """A small draft-file target with opinions and problem-measure links."""
    material = Material(
        title="某局党组对照检查材料",
        problems=[
            AspectProblems(
                aspect="理论学习方面",
                items=[
                    Problem(
                        id="P1", headline="学习不够", body=body, example=example, sources=["O1"]
                    ),
                    Problem(id="P2", headline="调研不够", example="调研只有3次", sources=["O2"]),
                ],
            )
        ],
        causes=[Cause(id="C1", headline="思想松懈", body="把学习当成软任务")],
        measures=[
            Measure(id="M1", headline="加强学习", body="每月学习1次", addresses=addresses[0]),
            Measure(id="M2", headline="改进调研", body="每季度调研2次", addresses=addresses[1]),
        ],
    )
    return CheckTarget(
        source="<draft>",
        kind="draft",
        material=material,
        voice=Voice.COLLECTIVE,
        opinions={"O1": opinion, "O2": "调研只有3次"},
    )


def run(rule_id: str, target: CheckTarget) -> list[Finding]:
    """Findings of one rule with its built-in configuration."""
    rule = next(r for r in load_rules() if r.id == rule_id)
    return list(RULES[rule_id](target, rule))


def replace(old: str, new: str) -> Callable[[], CheckTarget]:
    """The clean material with one piece of text changed."""
    assert old in CLEAN

    def make() -> CheckTarget:
        return imported(CLEAN.replace(old, new))

    return make


TRIGGERS: dict[str, tuple[Callable[[], CheckTarget], str, str]] = {
    # rule id: (target, location substring, message substring)
    "placeholder": (replace("只有2次", "只有x成"), "一是（P1", "“x成”"),
    "numbering": (replace("二是自学安排不足", "三是自学安排不足"), "理论学习方面", "应为“二是”"),
    "voice": (
        lambda: imported(CLEAN.replace("学习后结合", "有的同志学习后结合"), Voice.PERSONAL),
        "（P1",
        "“有的同志”",
    ),
    "praise-first": (
        replace("学习后结合业务研究少", "虽然学习次数较多，但是结合业务研究少"),
        "（P1",
        "先讲成绩",
    ),
    "empty-pledge": (replace("建立接待台账。", "今后一定改正。"), "三是（M3", "今后一定改正"),
    "generic-phrase": (
        replace(
            "自学安排不足。党组成员自学缺少计划，读原著少。如，2023年人均学习笔记不足5000字。",
            "学习不够深入。党组成员自学缺少计划，读原著少。",
        ),
        "二是（P2",
        "“学习不够深入”",
    ),
    "no-example": (replace("如，全年班子成员蹲点调研共9次。", ""), "一是（P3", "没有具体事例"),
    "problem-share": (
        replace("形成本材料。", "形成本材料。" + "征求意见的过程十分认真细致。" * 120),
        "全文",
        "应不少于 50%",
    ),
    "missing-part": (
        lambda: imported(CLEAN.split("二、产生问题的原因分析")[0]),
        "产生问题的原因分析",
        "“产生问题的原因分析”部分没有内容",
    ),
    "counts": (
        lambda: imported(CLEAN.split("（二）工作作风方面")[0] + CLEAN[CLEAN.index("二、产生") :]),
        "查找的突出问题",
        "有 1 个方面",
    ),
    "measure-specifics": (
        replace("落实学习制度。每月开展1次结合业务的专题研讨", "加强理论学习。进一步提高认识"),
        "一是（M1",
        "没有时限、数量或制度机制",
    ),
    "typography": (replace("学习成果转化不够", '学习成果"转化"不够'), "（P1", '"'),
    "unplaced-text": (
        replace("（一）理论学习方面。一是", "（一）理论学习方面。主要表现在：一是"),
        "未归类文字",
        "主要表现在：",
    ),
    "unanswered-problem": (lambda: drafted(addresses=(["P1"], ["P1"])), "二是（P2", "没有哪条"),
    "orphan-measure": (lambda: drafted(addresses=(["P1", "P2"], [])), "二是（M2", "没有回应"),
    "ungrounded-fact": (lambda: drafted(example="全年只学了5次"), "一是（P1", "数字“5”"),
    "measure-rejected": (
        lambda: with_rejected(drafted(), "P2"),
        "二是（M2",
        "（P2）在审阅中都已删除",
    ),
    "meeting-mismatch": (
        lambda: noticed(drafted(), mismatch="提纲 2021-five 是2021年度的，笔记写的是2025年度"),
        "标题",
        "笔记写的是2025年度；可能选错了提纲",
    ),
    "aspect-missing": (
        lambda: noticed(drafted(), missing="纪律规矩方面"),
        "纪律规矩方面",
        "通知要求查摆“纪律规矩方面”，但这个方面的问题都已删除或移到别的方面",
    ),
    "particle-misuse": (
        replace("理论指导实践的能力", "没有起到很好地示范带头作用，理论指导实践的能力"),
        "一是（C1",
        "“很好地示范带头作用”中的“地”应为“的”",
    ),
    "broken-line": (
        replace("通过座谈会", "学习了《习近平谈治国\n\n理政》，通过座谈会"),
        "开头",
        "书名中间有断行或空格：“《习近平谈治国↵理政》”",
    ),
}

NEAR_MISSES: dict[str, Callable[[], CheckTarget]] = {
    # Text that looks like a trigger but is fine.
    "placeholder": replace("只有2次", "只有2次，GDP增长、A股和B超不算"),
    "numbering": lambda: drafted(body="一是缺少计划，二是缺少督促"),
    "voice": replace("学习后结合", "有的同志学习后结合"),  # collective material
    "praise-first": replace("学习后结合业务研究少", "学习次数不少，但结合业务研究少"),
    "empty-pledge": replace("建立接待台账。", "今后每月检查一次接待台账。"),
    "generic-phrase": replace("自学安排不足", "学习不够深入"),  # has an example with figures
    "no-example": lambda: drafted(),
    "problem-share": imported,
    "missing-part": imported,
    "counts": imported,
    "measure-specifics": imported,
    "typography": replace("全年中心组", "全年（2023年）中心组，GDP, App 和 1.2万"),
    "unplaced-text": imported,
    "unanswered-problem": lambda: drafted(),
    "orphan-measure": lambda: drafted(),
    "ungrounded-fact": lambda: drafted(example="全年只学了两次", opinion="全年只学了2次"),
    "measure-rejected": lambda: drafted(),
    "meeting-mismatch": lambda: drafted(),
    "aspect-missing": lambda: drafted(),
    "particle-misuse": replace(
        "理论指导实践的能力",
        "没有很好地发挥示范带头作用，工作抓得不紧，认真地落实，理论指导实践的能力",
    ),
    "broken-line": replace("通过座谈会", "学习了《习近平谈治国理政》第四卷，通过座谈会"),
}


def noticed(target: CheckTarget, *, mismatch: str = "", missing: str = "") -> CheckTarget:
    """``target`` as a draft whose outline differs from the notes, or lacks an aspect (what
    ``draft_target`` computes from a real draft; see tests/test_meeting.py)."""
    target.meeting_mismatch = [mismatch] if mismatch else []
    target.missing_aspects = [missing] if missing else []
    return target


def with_rejected(target: CheckTarget, problem_id: str) -> CheckTarget:
    """``target`` as a draft with ``problem_id`` rejected in review (its links dropped)."""
    material = target.material
    for group in material.problems:
        group.items = [p for p in group.items if p.id != problem_id]
    for measure in material.measures:
        if problem_id in measure.addresses:
            measure.addresses.remove(problem_id)
            target.dropped_links[measure.id] = [problem_id]
    return target


def test_every_rule_in_the_data_has_code_and_cases() -> None:
    from test_check_truth import NEAR_MISSES as TRUTH_NEAR_MISSES
    from test_check_truth import TRIGGERS as TRUTH_TRIGGERS

    ids = [rule.id for rule in load_rules()]
    assert sorted(ids) == sorted(RULES)
    assert sorted([*TRIGGERS, *TRUTH_TRIGGERS]) == sorted(RULES)
    assert sorted([*NEAR_MISSES, *TRUTH_NEAR_MISSES]) == sorted(RULES)


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_rule_triggers(rule_id: str) -> None:
    make, where, message = TRIGGERS[rule_id]
    findings = run(rule_id, make())
    assert findings, rule_id
    finding = findings[0]
    assert finding.rule == rule_id
    assert where in finding.location.describe()
    assert message in finding.message


@pytest.mark.parametrize("rule_id", sorted(NEAR_MISSES))
def test_rule_does_not_trigger(rule_id: str) -> None:
    assert run(rule_id, NEAR_MISSES[rule_id]()) == []


def test_clean_material_has_no_findings_at_all() -> None:
    assert run_checks(imported(), load_rules()) == []


def test_seed_reports_its_placeholders(seed_target: CheckTarget) -> None:
    findings = [f for f in run_checks(seed_target, load_rules()) if f.rule == "placeholder"]
    text = " ".join(f.message for f in findings)
    for placeholder in ("“xx”", "“x成”", "“D史”"):
        assert placeholder in text
    assert all(f.severity is Severity.ERROR for f in findings)
    where = [f.location.describe() for f in findings]
    assert "查找的突出问题 › （二）标准境界方面 › 三是（P6，第 11 行）" in where
    assert "开头" in where


@pytest.fixture
def seed_target() -> CheckTarget:
    from pathlib import Path

    from selfreview.workflow.checking import load_target

    seed = Path(__file__).resolve().parents[1] / "fixtures" / "materials" / "seed-city-gov.md"
    return load_target(seed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CLEAN.replace("（二）工作作风方面", "（三）工作作风方面"), "应为“（二）”"),
        (CLEAN.replace("二是宗旨意识", "一是宗旨意识"), "“一是”重复"),
        (CLEAN.replace("二、产生问题", "三、产生问题"), "“一、”之后是“三、”"),
        (CLEAN.replace("一是学用结合不紧", "二是学用结合不紧"), "应从“一是”开始"),
    ],
)
def test_numbering_mistakes_of_each_style(text: str, expected: str) -> None:
    findings = run("numbering", imported(text))
    assert len(findings) == 1
    assert expected in findings[0].message


def test_numbering_inside_a_drafted_body() -> None:
    (finding,) = run("numbering", drafted(body="一是缺少计划，三是缺少督促"))
    assert "“一是”之后是“三是”" in finding.message
    assert finding.location.id == "P1"


def test_a_placeholder_example_is_one_finding() -> None:
    findings = run_checks(drafted(example="【待补：具体事例】"), load_rules())
    assert [f.rule for f in findings if f.location.id == "P1"] == ["placeholder"]


def test_an_aspect_placeholder_is_only_a_placeholder() -> None:
    from selfreview.schema import ASPECT_PLACEHOLDER_HEADLINE, ProblemKind

    target = drafted()
    gap = Problem(
        id="P3", kind=ProblemKind.ASPECT_PLACEHOLDER, headline=ASPECT_PLACEHOLDER_HEADLINE
    )
    target.material.problems.append(AspectProblems(aspect="廉洁自律方面", items=[gap]))
    assert [f.rule for f in run_checks(target, load_rules()) if f.location.id == "P3"] == [
        "placeholder"
    ]


def test_a_measure_of_rejected_problems_is_not_also_an_orphan() -> None:
    target = with_rejected(drafted(), "P2")
    assert run("orphan-measure", target) == []


def test_typography_is_one_finding_per_mark_with_count_and_first_places(
    seed_target: CheckTarget,
) -> None:
    findings = run("typography", seed_target)
    assert len(findings) == len({f.message.split("处半角")[1][:4] for f in findings})
    quotes = next(f for f in findings if '（"）' in f.message)
    assert "中文正文里有 53 处半角引号" in quotes.message
    assert (
        "见于：开头；查找的突出问题 › （一）理论学习方面 › 一是（P1，第 9 行）；" in quotes.message
    )
    assert "等 16 处段落" in quotes.message
    assert quotes.location.part == "开头"  # the first place


def test_seed_shows_its_particle_misuse_and_broken_book_name(seed_target: CheckTarget) -> None:
    (misuse,) = run("particle-misuse", seed_target)
    assert misuse.location.id == "C4" and "“很好地示范带头作用”" in misuse.message
    (broken,) = run("broken-line", seed_target)
    assert broken.location.part == "开头" and "《毛泽东邓小平 江泽民" in broken.message


@pytest.mark.parametrize(
    ("head", "whole"),
    [
        ("某局党组2025年度民主生活会对照检\n\n查材料", "某局党组2025年度民主生活会对照检查材料"),
        ("某局党组2025年度民主生活会\n\n对照检查材料", ""),  # joined by the importer
    ],
)
def test_a_title_broken_by_a_pdf_copy(head: str, whole: str) -> None:
    text = head + CLEAN[CLEAN.index("\n") :]
    findings = run("broken-line", imported(text))
    if whole:
        (finding,) = findings
        assert finding.location.part == "标题" and f"“{whole}”" in finding.message
    else:
        assert findings == []


def test_ungrounded_fact_without_sources_says_so() -> None:
    target = drafted()
    target.material.problems[0].items[0].sources.clear()
    (finding,) = run("ungrounded-fact", target)
    assert "未注明出处" in finding.message and "“2”" in finding.message


def test_draft_only_rules_do_not_run_on_imported_material() -> None:
    target = imported(CLEAN.replace("每月开展1次", "今后每月开展1次"))
    ids = {f.rule for f in run_checks(target, load_rules())}
    assert not ids & {"unanswered-problem", "orphan-measure", "ungrounded-fact"}


def test_errors_sort_first() -> None:
    target = imported(
        CLEAN.replace("只有2次", "只有x成").replace("如，全年班子成员蹲点调研共9次。", "")
    )
    severities = [f.severity for f in run_checks(target, load_rules())]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert severities[0] is Severity.ERROR


def test_every_rule_explains_itself() -> None:
    for rule in load_rules():
        assert rule.why and rule.good and rule.bad and rule.good != rule.bad, rule.id
