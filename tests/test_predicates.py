"""The shared truth predicates: positive and negative cases for each."""

from __future__ import annotations

import pytest

from selfreview.predicates import (
    concrete_facts,
    has_reporting_frame,
    is_advice,
    is_concrete,
    is_sourceless,
    key_terms,
    missing_facts,
    normalise_quotes,
    reported_facts,
    restated_lead,
    shares_key_term,
    strip_reporting_frame,
    strip_restated_lead,
)
from selfreview.schema import ASPECT_PLACEHOLDER_HEADLINE, Problem, ProblemKind


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("全年集中学习12次，有2名同志缺席3次以上", ["12次", "2名", "3次以上"]),
        ("方案改了三稿，五所学校开展了两轮督查", ["三稿", "五所", "两轮"]),
        ("积压信访件17件，涉及40户、120亩", ["17件", "40户", "120亩"]),
        ("12345热线工单按期办结率82%", ["12345热线", "82%"]),
        ("完成率仅在8成左右", ["8成"]),
        ("5月份一条帖子处置滞后2天", ["5月", "2天"]),
        ("对《论中国共产党历史》只看了目录", ["《论中国共产党历史》"]),
        ("有的单位“先办结再说”", ["“先办结再说”"]),
        ('乡镇干部说"迎检比干活还累"', ['"迎检比干活还累"']),
        ("城东污水处理厂项目迟迟未开工", ["城东污水处理厂项目"]),
        ("投诉一个月后才答复", ["一个月"]),
        ("一个多月没有收到回复，两个多月没动工", ["一个多月", "两个多月"]),
        ("投诉后一个星期才有人回复", ["一个星期"]),
        ("排第11位", ["第11位"]),
    ],
)
def test_concrete_facts_finds_figures_with_any_unit_terms_and_names(
    text: str, facts: list[str]
) -> None:
    assert concrete_facts(text) == facts


@pytest.mark.parametrize(
    "text",
    [
        "增强四个意识、坚定四个自信、做到两个维护",
        "千方百计推进百年党史学习",
        "新建项目进度慢，一次会议也没开",
        "学习不够深入，调研不够扎实",
        "理论学习中心组学习不深",
        "【待补：具体事例】",
    ],
)
def test_concrete_facts_ignores_formulations_articles_and_generic_nouns(text: str) -> None:
    assert concrete_facts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "接待外地考察团时安排宴请",
        "投诉一个月后才答复",
        "会上照念事先准备的稿子",
        "有同志提出，去年的评议会上只谈成绩",
        "全年集中学习12次",
        # conduct on a named occasion, without a figure
        "个别干部下班后驾驶执法车辆回家，公车管理制度执行不严",
        "有干部周末用公车办私事",
    ],
)
def test_concrete_events_and_facts_are_concrete(text: str) -> None:
    assert is_concrete(text)


@pytest.mark.parametrize(
    "text",
    [
        "学习不够深入",
        "有的领导调研习惯听汇报、看材料，到基层蹲点调研少",
        "有时就高不就低",
        "服务意识不强，及时性不够",
        "公车管理制度执行不严，公务用车使用不规范",
        "短",
    ],
)
def test_general_patterns_are_not_concrete(text: str) -> None:
    assert not is_concrete(text)


@pytest.mark.parametrize(
    "text",
    [
        "建议每月开展一次研讨",
        "要多下基层听取意见",
        "希望领导多关心年轻干部",
        "应当加强理论学习",
        "学校需要进一步完善制度",
        "请尽快答复群众诉求",
        "领导要多到基层走走",
        "有同志提出，要多下基层",
        "加强督查力度",
        "要多下基层、要多听取群众意见",
    ],
)
def test_advice_is_advice(text: str) -> None:
    assert is_advice(text)


@pytest.mark.parametrize(
    "text",
    [
        "学习不够深入",
        "主要经济指标增幅排名靠后",
        "加强学习的措施不够",
        "请示报告不及时",
        "要求多、落实少",
        "群众对意见建议的答复不满意",
        "全年集中学习12次",
        "去年民主生活会上相互批评多是提希望",
        "给同志提意见多是提希望、提建议",
        "对年轻干部寄希望多、压担子少",
        "多次拨打12369环保热线",
        "有的班子成员请假后没有补学",
        "少数窗口人员态度生硬",
        "要台账、要照片、要报表",  # demands reported (留痕), as an opinion lists them
    ],
)
def test_reports_are_not_advice(text: str) -> None:
    assert not is_advice(text)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("有同志提出，学习不深入", "学习不深入"),
        ("某单位负责人反映：会议多", "会议多"),
        ("群众反映办事难", "办事难"),
        ("王局长说：会议太多", "会议太多"),
        ("镇长李某某：调研少", "调研少"),
        ("李明（副市长）：调研少", "调研少"),
        ("张三：调研少", "调研少"),
        ("部分教师认为：评优不公开", "评优不公开"),
        ("村里反映最多的是镇里开会多", "镇里开会多"),
        ("职工意见比较集中的是：食堂饭菜贵", "食堂饭菜贵"),
    ],
)
def test_reporting_frames_and_speaker_labels_are_stripped(text: str, content: str) -> None:
    assert has_reporting_frame(text)
    assert strip_reporting_frame(text) == content


@pytest.mark.parametrize(
    "text",
    [
        "群众反映的问题主要有：排队久",
        "学习不深入",
        "对群众反映的问题跟踪不够",
        "主要表现：会议多",
    ],
)
def test_text_without_frame_is_kept(text: str) -> None:
    assert not has_reporting_frame(text)
    assert strip_reporting_frame(text) == text


def test_key_terms_drop_stop_words_and_generic_words() -> None:
    terms = key_terms("学习不够积极主动，存在问题")
    assert "学习" in terms
    assert not terms & {"不够", "存在", "问题"}
    assert key_terms("工作存在问题不够到位") == set()


def test_shares_key_term() -> None:
    assert shares_key_term("学习不够积极主动", "全年集中学习12次")
    assert shares_key_term(
        "调查研究不够深入，深入基层蹲点调研少", "到基层蹲点调研少，调研报告质量不高"
    )
    assert not shares_key_term("防范化解风险不够有力", "学习党史多是读文件、听辅导")
    assert not shares_key_term("工作存在问题", "工作存在问题")


def test_missing_facts_compares_values_not_strings() -> None:
    opinion = "全年集中学习12次，有2名同志缺席3次以上，完成率3成。"
    assert missing_facts(opinion, "集中学习12次，有2名同志缺席3次以上，完成率30%") == []
    assert missing_facts(opinion, "集中学习12次，完成率30%") == ["2名", "3次以上"]
    assert missing_facts('反映"迎检比干活还累"', "说“迎检比干活还累”") == []
    assert missing_facts("积压17件", "积压17户") == ["17件"]


def test_missing_facts_exempts_advice_and_contacts() -> None:
    opinion = "热线工单办结率82%，建议每月通报2次。联系电话13900001234"
    assert reported_facts(opinion) == ["82%"]
    assert "2次" not in reported_facts(opinion)
    assert missing_facts(opinion, "办结率82%") == []
    assert missing_facts("建议每季度开展1次谈心谈话。", "") == []


@pytest.mark.parametrize(
    "contact",
    [
        "0558-5123456",
        "0558－5123456",
        "0558 5123456",
        "（0558）5123456",
        "0571 8888 8888",
        "0558-XXXXXXX",
        "0558-5123***",
        "0558-【电话】",
        "〔电话1〕",
        "【手机2】",
        "139 0000 1234",
        "1390000****",
        "zhang@example.cn",
    ],
)
def test_contact_details_and_their_remains_are_not_facts(contact: str) -> None:
    opinion = f"家长反映学校公布的咨询电话{contact}常常打不通，投诉3次无人回复。"
    assert reported_facts(opinion) == ["3次"]
    assert missing_facts(opinion, "咨询电话常常打不通，投诉3次无人回复") == []


def test_figures_beside_contacts_stay_facts() -> None:
    text = "12345热线工单办结率82%，电话0558-5123456打不通，2021年12月起积压0.58亿元"
    assert reported_facts(text) == ["12345热线", "82%", "2021年12月", "0.58亿元"]


def test_normalise_quotes() -> None:
    assert normalise_quotes('说"迎检比干活还累"') == "说“迎检比干活还累”"


def test_is_sourceless() -> None:
    assert is_sourceless(Problem(id="P1", headline="学习不深"))
    assert not is_sourceless(Problem(id="P1", headline="学习不深", sources=["O1"]))
    placeholder = Problem(
        id="P2", kind=ProblemKind.ASPECT_PLACEHOLDER, headline=ASPECT_PLACEHOLDER_HEADLINE
    )
    assert not is_sourceless(placeholder)


@pytest.mark.parametrize(
    ("body", "rest"),
    [
        ("针对“学用‘两张皮’”“调研不深入”等问题，每月学习一次", "每月学习一次"),
        ("针对上述问题，建立台账", "建立台账"),
        ("针对学习不深入、调研不扎实等问题：建立台账", "建立台账"),
        (
            "针对性地开展专题培训，解决实际问题，每月一次",
            "针对性地开展专题培训，解决实际问题，每月一次",
        ),
        ("每月学习一次，针对发现的问题，及时整改", "每月学习一次，针对发现的问题，及时整改"),
        ("针对群众反映强烈的停车难，新建车位", "针对群众反映强烈的停车难，新建车位"),
    ],
)
def test_restated_lead_is_only_an_opening_that_names_problems(body: str, rest: str) -> None:
    assert strip_restated_lead(body) == rest
    assert restated_lead(body) == body[: len(body) - len(rest)]
