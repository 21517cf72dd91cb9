"""Offline attachment by meaning: the aspect whose scope names the subject, a headline that
says what the example says, and one point written once (issue 13, items 3 and 4)."""

from __future__ import annotations

import pytest

from selfreview.drafting.base import DraftRequest, DraftResult
from selfreview.drafting.offline import OfflineDrafter
from selfreview.drafting.themes import own_headline, theme_subject
from selfreview.drafting.writing import approximate_counts
from selfreview.outline import Outline, load_outline
from selfreview.schema import Opinion, OpinionKind, Origin, Problem, ProblemKind

NOTES = [
    "党委中心组学习多是读报纸、念文件，学用结合不紧，全年只开了4次专题研讨。",
    "班子成员之间谈心谈话少，有意见不当面讲，会上一团和气。",
    "一位低保户打电话到民政办反映低保评议的问题，过了两个月才有人回电话。",
    "党委对村级党组织建设指导不够，全乡11个村有2个村党组织被列为软弱涣散村。",
    "乡里对企业的检查太多，安监、环保轮番上门，今年一家企业被检查了15次。",
    "乡里开会多，村支书一个月要到乡里开会20多次，没时间在村里干事。",
    "到乡里开会太多，一个月二十几次，基本没时间在村里。",
]


def opinion(n: int, text: str) -> Opinion:
    return Opinion(
        id=f"O{n}", text=text, kind=OpinionKind.SOLICITED, origin=Origin(file="n.txt", line=n)
    )


@pytest.fixture(scope="module")
def outline() -> Outline:
    return load_outline("2025-minzhu")


@pytest.fixture(scope="module")
def drafted(outline: Outline) -> DraftResult:
    opinions = [opinion(n, text) for n, text in enumerate(NOTES, start=1)]
    return OfflineDrafter().draft(DraftRequest(opinions=opinions, outline=outline))


def citing(result: DraftResult, opinion_id: str) -> tuple[str, Problem]:
    for group in result.material.problems:
        for problem in group.items:
            if opinion_id in problem.sources:
                return group.aspect, problem
    raise AssertionError(f"{opinion_id} is cited by no problem")


def test_an_opinion_goes_where_the_outline_scope_names_its_subject(
    drafted: DraftResult, outline: Outline
) -> None:
    names = {a.id: a.name for a in outline.aspects}
    aspect, problem = citing(drafted, "O2")  # 党内政治生活: 固本培元、增强党性's scope
    assert aspect == names["party-spirit"] and problem.headline == "党内政治生活不够严格"
    aspect, problem = citing(drafted, "O4")  # 基层党建: 管党治党's scope
    assert aspect == names["responsibility"] and "党建" in problem.headline
    placeholders = [p for g in drafted.material.problems for p in g.items]
    assert all(p.kind is ProblemKind.PROBLEM for p in placeholders)


def test_a_headline_says_what_its_example_says(drafted: DraftResult) -> None:
    _, study = citing(drafted, "O1")
    assert study.headline == "学用结合不够紧密"  # not 贯彻决策部署有差距
    for group in drafted.material.problems:
        for problem in group.items:  # never the aspect's name as a headline
            assert "要求还有差距" not in problem.headline
            assert "工作措施不够有力" not in problem.headline
    _, checks = citing(drafted, "O5")
    assert checks.headline == "对企业的检查太多"
    _, late = citing(drafted, "O3")
    assert late.headline == "回电话不及时"


def test_a_point_made_twice_is_written_once_and_both_stay_cited(drafted: DraftResult) -> None:
    _, first = citing(drafted, "O6")
    _, second = citing(drafted, "O7")
    assert first is second and {"O6", "O7"} <= set(first.sources)
    assert "再如" not in first.example and "20多次" in first.example


def test_approximate_counts_are_written_alike() -> None:
    assert approximate_counts("一个月十几次") == "一个月10多次"
    assert approximate_counts("二十几次、三十余人、10余次") == "20多次、30多人、10多次"
    assert approximate_counts("十分严格") == "十分严格"


def test_theme_subjects() -> None:
    assert theme_subject("党内政治生活不够严格") == "党内政治生活"
    assert theme_subject("基层党建抓得不够实") == "基层党建"
    assert theme_subject("请示报告执行不够严格") == "请示报告"
    assert theme_subject("学习不够积极主动") == ""  # too common to name one theme


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        (
            "镇党委对村级党组织建设指导不够，全镇14个村有3个村党组织被列为软弱涣散村。",
            "对村级党组织建设指导不够",
        ),
        ("局党组对系统内网站和微信公众号的内容审核不严，今年有1篇稿件出错。", "内容审核不严"),
        # a headline cut after 时 keeps who acts, in the opinion's words
        ("执法人员在检查时态度生硬，罚款后不说明依据。", "执法人员态度生硬"),
        ("路政执法人员在治超检查时态度生硬，罚款后不解释依据。", "路政执法人员态度生硬"),
        # a "有的" or a unit subject is not prefixed: the predicate stands alone
        ("有的干部在检查时态度生硬，罚款后不说明依据。", "态度生硬"),
        ("局里在检查时态度生硬，罚款后不说明依据。", "态度生硬"),
        ("有的干部下村走一圈就走，作风漂浮。", "作风漂浮"),
        ("今年有200亩地块验收通过。", ""),  # no shortfall said: no headline of its own
    ],
)
def test_own_headline(text: str, headline: str) -> None:
    assert own_headline([opinion(1, text)]) == headline


def test_own_headline_only_when_it_says_what_the_whole_group_is_about() -> None:
    first = opinion(1, "执法人员对企业态度粗暴，执法方式简单。")
    other = opinion(2, "有企业通过局长信箱反映问题，一个多月没有收到回复。")
    assert own_headline([first]) == "执法人员对企业态度粗暴"
    assert own_headline([first, other]) == ""


def test_a_report_of_what_most_did_is_not_advice() -> None:
    from selfreview.predicates import is_advice

    assert not is_advice("大家多是附和主要领导意见，不同意见提得少")
    assert not is_advice("多是读报纸、念文件")
    assert is_advice("大家多下基层听听意见")


def test_a_label_that_held_a_contact_is_removed_with_it() -> None:
    from selfreview.drafting.examples import clean_opinion_text

    text = "居民王某某（电话 13812345678）反映：小区门口的路灯坏了三个月。"
    assert clean_opinion_text(text) == "小区门口的路灯坏了三个月。"
    assert clean_opinion_text("驻街企业负责人：窗口中午不办公。") == "窗口中午不办公。"


@pytest.mark.parametrize(
    ("text", "headline"),
    [  # a named object or a quoted term may stand in an own headline, a figure not
        (
            "医院对外合作项目审批程序不严格，部分合作协议未经党委会研究就签了字。",
            "医院对外合作项目审批程序不严格",
        ),
        (
            "局机关党支部“三会一课”记录不规范，发展党员工作已经两年没有推进。",
            "局机关党支部“三会一课”记录不规范",
        ),
        ("今年全院护理人员离职37人，夜班连续排班问题突出。", "夜班连续排班问题突出"),
        ("问题反映上去没有下文。", "问题反映上去没有下文"),  # 问题 is no speaker
        ("个别税收管理员政策把握不准，今年有2户企业被罚款，企业认为执法尺度不一。", "执法尺度不一"),
    ],
)
def test_an_opinion_outside_every_theme_keeps_its_own_words(text: str, headline: str) -> None:
    assert own_headline([opinion(1, text)]) == headline


@pytest.mark.parametrize(
    ("text", "aspect_id", "headline"),
    [  # the 2025 notice has no 纪律规矩 aspect: its themes go where the aspect's words list them
        (
            "年底有的科室聚餐安排在高档酒店，有的还动用了科室经费，铺张浪费。",
            "reverence",
            "厉行勤俭节约不到位",
        ),
        (
            "部分子公司年底表彰会安排在外地度假酒店召开，食宿标准偏高。",
            "reverence",
            "厉行勤俭节约不到位",
        ),
        (
            "药品、耗材采购等环节的廉洁风险排查不够深入，审计发现3家供应商存在围标迹象。",
            "reverence",
            "廉洁自律要求不够严",
        ),
    ],
)
def test_an_aspect_spanning_topics_takes_their_themes(
    outline: Outline, text: str, aspect_id: str, headline: str
) -> None:
    result = OfflineDrafter().draft(DraftRequest(opinions=[opinion(1, text)], outline=outline))
    aspect, problem = citing(result, "O1")
    assert aspect == next(a.name for a in outline.aspects if a.id == aspect_id)
    assert problem.headline == headline
