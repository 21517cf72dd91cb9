"""Facts in drafted text and whether the cited opinions back them (selfreview.grounding)."""

from __future__ import annotations

import pytest

from selfreview.grounding import Fact, find_facts, ungrounded_facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("完成率只有30%", [Fact("percent", "30%")]),
        ("完成率只有30％", [Fact("percent", "30％")]),
        ("完成率仅在8成左右", [Fact("percent", "8成")]),
        ("只有百分之三十的班级", [Fact("percent", "百分之三十")]),
        ("3月部署的改革", [Fact("date", "3月")]),
        ("2021年全市", [Fact("date", "2021年")]),
        ("2023年3月5日召开", [Fact("date", "2023年3月5日")]),
        ("二〇二一年十二月", [Fact("date", "二〇二一年十二月")]),
        ("今年一季度", [Fact("date", "一季度")]),
        ("走访企业46家次", [Fact("number", "46")]),
        ("自学笔记1.2万字", [Fact("number", "1.2万")]),
        ("年初确定的三个项目", [Fact("number", "三")]),
        ("张三同志没有参会", [Fact("name", "张三")]),
        ("市工信局张科长反映", [Fact("name", "张科长")]),
        ("李明华书记要求", [Fact("name", "李明华")]),
        ("王某某没有参会", [Fact("name", "王某某")]),
    ],
)
def test_finds_each_kind_of_fact(text: str, expected: list[Fact]) -> None:
    assert find_facts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一是学习不够。二是作风不实。三是纪律松弛。",
        "（一）理论学习方面。（二）工作作风方面。",
        "第一，要加强学习；第二，要改进作风。",
        "没有站在“两个维护”的高度，树牢“四个意识”，坚定“四个自信”。",
        "坚决防止“四风”问题反弹，落实“三会一课”制度和“一岗双责”。",
        "学习党的十八大、二十大和十九届六中全会精神，谋划“十四五”发展。",
        "严格执行中央八项规定精神，履行“一把手”责任。",
        "对百年党史有了一个初步的了解，只参加了一次，学用“两张皮”。",
        "年初确定的xx个项目中还不到x成，【待补：具体事例】。",
        "习近平总书记强调，毛泽东同志指出。",
        "分管副市长向局长汇报，全体同志、有的同志、常务副市长参加。",
        "把完成率作为考核标准，成为一流。",
    ],
)
def test_ordinals_formulations_and_placeholders_are_not_facts(text: str) -> None:
    assert find_facts(text) == []


def test_names_can_be_left_out() -> None:
    text = "张三同志在2021年没有参加学习"
    assert find_facts(text, names=False) == [Fact("date", "2021年")]
    assert Fact("name", "张三") in find_facts(text)


def test_speaker_name_before_a_speech_verb() -> None:
    assert find_facts("刘伟指出，任务安排偏紧") == [Fact("name", "刘伟")]
    assert find_facts("马上提出整改意见") == []


def test_each_fact_is_reported_once_in_order() -> None:
    text = "完成率30%，比去年低，仍是30%，2021年。"
    assert find_facts(text) == [Fact("percent", "30%"), Fact("date", "2021年")]


@pytest.mark.parametrize(
    ("drafted", "source"),
    [
        ("完成率只有30%", "完成率只有百分之三十"),
        ("完成率只有80%", "完成率仅在8成左右"),
        ("完成率只有八成", "完成率只有80%"),
        ("3月部署的改革", "三月部署的改革"),
        ("共走访12次", "共走访１２次"),
        ("自学笔记1.2万字", "自学笔记12000字"),
        ("2021年", "二〇二一年"),
        ("3个项目没有开工", "还有三个没有开工"),
        ("一季度", "第一季度"),
        ("2023年3月", "2023年3月部署"),
        ("张三同志缺席", "张三缺席学习3次"),
    ],
)
def test_normalised_forms_ground_each_other(drafted: str, source: str) -> None:
    assert ungrounded_facts(drafted, [source]) == []


@pytest.mark.parametrize(
    ("drafted", "sources", "missing"),
    [
        ("完成率只有90%", ["完成率仅在8成左右"], [Fact("percent", "90%")]),
        ("2022年3月部署", ["2021年3月部署"], [Fact("date", "2022年3月")]),
        ("共走访15次", ["共走访12次"], [Fact("number", "15")]),
        ("张三同志缺席", ["李四缺席学习"], [Fact("name", "张三")]),
        ("有5个项目没有开工", [], [Fact("number", "5")]),
        ("完成率30%，走访12次", ["走访12次", "其他意见"], [Fact("percent", "30%")]),
    ],
)
def test_invented_facts_are_reported(drafted: str, sources: list[str], missing: list[Fact]) -> None:
    assert ungrounded_facts(drafted, sources) == missing


def test_a_number_is_backed_by_the_same_value_in_any_source() -> None:
    assert ungrounded_facts("有3个项目", ["第一条意见", "有3个项目没有开工"]) == []
    assert ungrounded_facts("有30个项目", ["完成率30%"]) == []


def test_names_off_skips_name_grounding() -> None:
    assert ungrounded_facts("张三同志缺席", ["李四缺席"], names=False) == []
