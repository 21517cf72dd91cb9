"""How the offline drafter writes an item from its opinions: objects a measure names,
reports said once, no clause that only repeats the headline."""

from __future__ import annotations

import pytest

from selfreview.drafting.phrasebank import load_phrasebank
from selfreview.drafting.writing import problem_objects, problem_text, without_headline_echo
from selfreview.schema import PLACEHOLDER_EXAMPLE, Opinion, Origin, Problem, Voice


def _problem(example: str, headline: str = "防范化解风险不够有力") -> Problem:
    return Problem(id="P1", headline=headline, example=example, sources=["O1"])


@pytest.mark.parametrize(
    ("example", "wanted"),
    [
        ("城东污水处理厂项目停工两个月", "城东污水处理厂项目"),
        ("《县域教育质量提升三年行动方案》前后改了9稿", "《县域教育质量提升三年行动方案》"),
        ("仅“双减”报表就下发了14轮", "“双减”"),
    ],
)
def test_a_measure_names_the_named_object(example: str, wanted: str) -> None:
    assert problem_objects([_problem(example)]) == [wanted]


@pytest.mark.parametrize(
    ("example", "not_an_object"),
    [
        ("急诊科夜间只有1台CT机运行", "1台"),
        ("经办人让其“等通知”，到现在也没有回复", "“等通知”"),
        ("有的同志说“跟去年比进步不小”", "“跟去年比进步不小”"),
        ("医院对外合作项目审批程序不严格", "外合作项目"),
        # a noun run cut out of a longer phrase is no object
        ("急诊科夜间只有1台CT机运行，高峰时段患者排队超过2小时", "时段患者排队"),
        ("局党组理论学习中心组有时以业务学习代替理论学习", "党组理论"),
        ("门诊慢特病待遇认定一年只集中受理2次", "特病待遇"),
        ("街道公众号和社区微信群的舆情研判不够", "街道公众"),
        ("有的群众拿着住院发票来报销，局里要求补盖公章", "局里"),
    ],
)
def test_counts_remarks_and_cut_words_are_not_objects(example: str, not_an_object: str) -> None:
    assert not_an_object not in problem_objects([_problem(example)])


def test_a_clause_that_only_repeats_the_headline_goes() -> None:
    assert without_headline_echo("思想不够解放，谋划工作老办法多", "思想不够解放") == (
        "谋划工作老办法多"
    )
    assert without_headline_echo("学习不够深入", "学习不够系统深入") == ""
    kept = "学习不够深入，全年只学了3次"
    assert without_headline_echo("全年只学了3次，学习不够深入", "学习不够系统深入") != ""
    assert without_headline_echo(kept, "学用结合不够紧密") == kept


def test_problem_text_writes_a_restated_report_once_keeping_its_facts() -> None:
    opinions = [
        Opinion(id=f"O{n}", text=text, origin=Origin(file="n.txt", line=n))
        for n, text in enumerate(
            [
                "支部集中学习我缺了3次，补学不及时。",
                "今年支部集中学习12次，我缺席了3次，事后没有及时补学。",
            ],
            start=1,
        )
    ]
    words = load_phrasebank().voices[Voice.PERSONAL]
    body, example = problem_text(opinions, words, "学习不够积极主动")
    assert example == "今年支部集中学习12次，我缺席了3次，事后没有及时补学"
    assert body == ""


def test_a_later_clause_that_is_the_headline_word_for_word_goes() -> None:
    text = "今年全院护理人员离职37人，夜班连续排班问题突出"
    assert without_headline_echo(text, "夜班连续排班问题突出") == "今年全院护理人员离职37人"
    assert without_headline_echo(text, "护理人员流失严重") == text
    assert without_headline_echo("有2户企业被罚款，企业认为执法尺度不一", "执法尺度不一") == (
        "有2户企业被罚款"
    )


@pytest.mark.parametrize(
    ("example", "not_an_object"),
    [
        ("市民投诉出租车拒载、绕路，拨打投诉电话后一个星期才有人回复", "绕路"),
        ("个别干部下班后驾驶执法车辆回家，公车管理制度执行不严", "车辆回家"),
        ("今年有1篇稿件出现错误表述后才撤稿", "错误"),
        ("全县12座危桥中还有4座没有完成改造，汛期存在风险", "风险"),
    ],
)
def test_a_predicate_or_a_bare_word_is_no_object(example: str, not_an_object: str) -> None:
    assert not_an_object not in problem_objects([_problem(example)])


def test_no_clean_object_drops_the_whole_lead() -> None:
    from selfreview.drafting.writing import measure_body

    problem = _problem("今年有1篇稿件出现错误表述后才撤稿", headline="内容审核不严")
    assert measure_body("建立审核机制。", [problem], []) == "建立审核机制。"
    named = _problem("县物流园项目停滞半年多")
    assert measure_body("清单化管理。", [named], []).startswith("围绕县物流园项目，")


@pytest.mark.parametrize(
    ("advice", "proposal"),
    [
        (
            "希望局里多为货运企业办理通行证提供便利，能网上办的尽量网上办。",
            "多为货运企业办理通行证提供便利，能网上办的尽量网上办",
        ),
        ("建议您多到项目一线，少在办公室听汇报。", "多到项目一线，少在办公室听汇报"),
        ("建议院领导定期召开职工座谈会。", "定期召开职工座谈会"),
        # the material's own collective subject and an object that only starts alike stay
        ("建议局党组每季度到乡镇交管站现场办公一次。", "局党组每季度到乡镇交管站现场办公一次"),
        ("建议单位食堂延长供餐时间。", "单位食堂延长供餐时间"),
    ],
)
def test_a_measure_from_advice_drops_the_notes_third_person_subject(
    advice: str, proposal: str
) -> None:
    from selfreview.drafting.writing import advice_of

    opinion = Opinion(id="O1", text=advice, origin=Origin(file="n.txt", line=1))
    assert advice_of([opinion]) == [proposal]


def test_stated_conduct_asks_for_no_example_a_general_statement_does() -> None:
    words = load_phrasebank().voices[Voice.COLLECTIVE]

    def example_of(text: str) -> str:
        opinion = Opinion(id="O1", text=text, origin=Origin(file="n.txt", line=1))
        return problem_text([opinion], words, "厉行勤俭节约不到位")[1]

    stated = example_of("个别干部下班后驾驶执法车辆回家，公车管理制度执行不严。")
    assert stated == "个别干部下班后驾驶执法车辆回家，公车管理制度执行不严"
    assert example_of("公车管理制度执行不严，公务用车使用不规范。") == PLACEHOLDER_EXAMPLE
