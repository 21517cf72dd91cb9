"""The offline drafter: deterministic, grounded, complete, in the right voice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selfreview.drafting.base import DraftRequest, DraftResult
from selfreview.drafting.offline import OfflineDrafter
from selfreview.drafting.phrasebank import PhraseBank
from selfreview.notes import read_notes
from selfreview.outline import Outline, load_outline
from selfreview.predicates import shares_key_term
from selfreview.render.compose import measure_lead
from selfreview.schema import (
    ASPECT_PLACEHOLDER_HEADLINE,
    PLACEHOLDER_EXAMPLE,
    Opinion,
    OpinionKind,
    Origin,
    ProblemKind,
    Voice,
)

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "fixtures" / "notes"


def opinion(n: int, text: str, kind: OpinionKind = OpinionKind.SOLICITED) -> Opinion:
    return Opinion(id=f"O{n}", text=text, kind=kind, origin=Origin(file="n.txt", line=n))


@pytest.fixture(scope="module")
def drafter() -> OfflineDrafter:
    return OfflineDrafter()


@pytest.fixture(scope="module")
def sample(drafter: OfflineDrafter) -> tuple[list[Opinion], DraftResult]:
    opinions = read_notes(NOTES / "sample-notes.txt").opinions
    request = DraftRequest(opinions=opinions, outline=load_outline("2021-five"), org="某市政府党组")
    return opinions, drafter.draft(request)


def all_text(result: DraftResult) -> str:
    return result.material.model_dump_json()


def test_same_request_gives_the_same_material(drafter: OfflineDrafter) -> None:
    opinions = read_notes(NOTES / "sample-notes.txt").opinions
    request = DraftRequest(opinions=opinions, outline=load_outline("2021-five"))
    assert drafter.draft(request).model_dump_json() == drafter.draft(request).model_dump_json()


def test_every_aspect_in_outline_order_with_sourced_problems_only(
    sample: tuple[list[Opinion], DraftResult],
) -> None:
    _, result = sample
    outline = load_outline("2021-five")
    assert [g.aspect for g in result.material.problems] == [a.name for a in outline.aspects]
    for group in result.material.problems:
        assert group.items, group.aspect
        assert all(p.kind is ProblemKind.PROBLEM and p.sources for p in group.items), group.aspect
    assert [p.id for p in result.material.all_problems()] == [
        f"P{n}" for n in range(1, len(result.material.all_problems()) + 1)
    ]


def test_every_opinion_is_cited_or_reported(sample: tuple[list[Opinion], DraftResult]) -> None:
    opinions, result = sample
    cited = result.material.cited_opinions()
    reported = {u.id for u in result.unused}
    for o in opinions:
        assert (o.id in cited) != (o.id in reported), o.id
    assert all(u.reason for u in result.unused)
    assert set(result.assignments) == {o.id for o in opinions}


def test_every_problem_is_explained_and_answered(sample: tuple[list[Opinion], DraftResult]) -> None:
    _, result = sample
    material = result.material
    problems = {p.id: p for p in material.all_problems() if p.kind is ProblemKind.PROBLEM}
    assert set(problems) == {pid for m in material.measures for pid in m.addresses}
    assert set(problems) == {pid for c in material.causes for pid in c.explains}
    assert 3 <= len(material.causes) <= 5
    assert 3 <= len(material.measures) <= 5
    for measure in material.measures:
        answered = "。".join(problems[i].example + problems[i].body for i in measure.addresses)
        assert "针对" not in measure.body  # the lead is rendered from the links at build time
        assert shares_key_term(measure.body.split("，")[0], answered), measure.id
        first = problems[measure.addresses[0]]
        assert first.headline.replace("“", "‘").replace("”", "’") in measure_lead(material, measure)


def test_examples_invent_no_figures(sample: tuple[list[Opinion], DraftResult]) -> None:
    opinions, result = sample
    by_id = {o.id: o.text for o in opinions}
    for problem in result.material.all_problems():
        cited = "".join(by_id[s] for s in problem.sources)
        for figure in re.findall(r"\d+(?:\.\d+)?", problem.example + problem.body):
            assert figure in cited, (problem.id, figure)
    bank_free = result.material.causes + result.material.measures
    for item in bank_free:
        # Measures commit to frequencies (每月至少1次); they state no fact about the past.
        assert not re.search(r"\d{4}年|\d+%", item.body), item.headline


def test_no_contact_details_or_names_reach_the_material(
    sample: tuple[list[Opinion], DraftResult],
) -> None:
    _, result = sample
    text = all_text(result)
    assert "李明" not in text and "王局长" not in text
    phone = opinion(1, "群众反映，拨打窗口联系电话13907381234常常无人接听，3次才办结。")
    drafted = OfflineDrafter().draft(
        DraftRequest(opinions=[phone], outline=load_outline("2021-five"))
    )
    assert "3次" in all_text(drafted)  # the opinion is used ...
    assert not re.search(r"1[3-9]\d{9}", all_text(drafted))  # ... without the number


def test_placeholder_where_no_concrete_example(drafter: OfflineDrafter) -> None:
    outline = load_outline("2021-five")
    opinions = [
        opinion(1, "学习不够深入，理论学习主动性不强。"),
        opinion(2, "理论学习中心组全年集中学习12次，有2名同志缺席3次以上。"),
    ]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=outline))
    examples = {p.example for p in result.material.all_problems()}
    assert PLACEHOLDER_EXAMPLE in examples
    assert any("集中学习12次" in e for e in examples)


def test_personal_voice_speaks_as_i(drafter: OfflineDrafter) -> None:
    opinions = read_notes(NOTES / "sample-personal.txt").opinions
    result = drafter.draft(
        DraftRequest(
            opinions=opinions,
            outline=load_outline("recent-six"),
            voice=Voice.PERSONAL,
            org="王某某同志",
        )
    )
    text = all_text(result)
    for shifted in ("有的同志", "部分同志", "个别党员"):
        assert shifted not in text
    assert "我" in text
    assert result.material.voice is Voice.PERSONAL
    assert result.material.title == "王某某同志专题民主生活会个人对照检查材料"


def test_last_year_opinions_form_their_own_part(drafter: OfflineDrafter) -> None:
    opinions = [
        opinion(1, "一季度召开会议47个，陪会多。"),
        opinion(2, "去年承诺压减会议30%，实际减少12%。", OpinionKind.LAST_YEAR),
    ]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=load_outline("2021-five")))
    [part] = result.material.extra_parts
    assert part.sources == ["O2"] and part.position == "before"
    assert "O2" not in {s for p in result.material.all_problems() for s in p.sources}


def test_unmatched_opinion_is_reported_not_dropped(drafter: OfflineDrafter) -> None:
    opinions = [opinion(1, "一季度召开会议47个，陪会多。"), opinion(2, "天气晴朗。")]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=load_outline("2021-five")))
    assert [u.id for u in result.unused] == ["O2"]
    assert result.assignments["O2"] is None


def test_user_outline_with_unknown_aspects_uses_generic_themes(drafter: OfflineDrafter) -> None:
    outline = Outline.model_validate(
        {
            "id": "mine",
            "name": "自定义",
            "aspects": [
                {"id": "safety", "name": "安全生产方面", "keywords": ["安全", "隐患", "事故"]},
                {"id": "archives", "name": "档案管理方面", "keywords": ["档案", "归档", "卷宗"]},
            ],
        }
    )
    opinions = [
        opinion(1, "排查出安全隐患412处，整改完成率78%。"),
        opinion(2, "有的卷宗归档不及时，抽查档案30卷有6卷不完整。"),
    ]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=outline))
    material = result.material
    assert [g.aspect for g in material.problems] == ["安全生产方面", "档案管理方面"]
    # 安全生产 shares words with a bank topic; 档案管理 shares none and gets generic themes.
    assert any("档案管理" in p.headline for p in material.problems[1].items)
    assert material.problems[1].items[0].sources == ["O2"]
    answered = {pid for m in material.measures for pid in m.addresses}
    assert answered == {p.id for p in material.all_problems()}
    assert not re.search(r"\{[a-z]+\}", all_text(result))


def test_notes_about_the_collection_are_not_opinions_and_their_counts_reach_the_preamble(
    drafter: OfflineDrafter,
) -> None:
    document = read_notes(NOTES / "sample-notes.txt")
    texts = [o.text for o in document.opinions]
    assert not [t for t in texts if t.startswith("整理：") or "归并整理如下" in t]
    request = DraftRequest(
        opinions=document.opinions,
        outline=load_outline("2021-five"),
        notes_headings=[h.text for h in document.headings],
    )
    preamble = drafter.draft(request).material.preamble
    counted = len([o for o in document.opinions if o.kind.value != "上年度整改"])
    assert f"共梳理意见建议{counted}条" in preamble
    assert "收回征求意见表142份" in preamble  # stated by the collection summary


def test_a_collection_note_that_reaches_the_drafter_is_reported_not_cited(
    drafter: OfflineDrafter,
) -> None:
    note = opinion(1, "整理：市政府办公室综合科　联系电话：13900001234")
    real = opinion(2, "理论学习中心组全年集中学习12次，有2名同志缺席3次以上。")
    result = drafter.draft(DraftRequest(opinions=[note, real], outline=load_outline("2021-five")))
    assert "说明性文字" in {u.id: u.reason for u in result.unused}["O1"]


def test_an_opinion_is_not_mistaken_for_a_collection_note(drafter: OfflineDrafter) -> None:
    opinions = [opinion(1, "征求意见中群众反映窗口办事要跑3趟，材料多。")]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=load_outline("2021-five")))
    assert result.unused == []


def tiny_bank() -> PhraseBank:
    """A bank small enough to reason about: one topic, two themes, three causes/measures."""
    remedy = {"topics": ["theory"], "body": "每月开展1次研讨"}
    return PhraseBank.model_validate(
        {
            "voices": {
                "collective": {"who": "有的同志", "we": "我们"},
                "personal": {"who": "我", "we": "我"},
            },
            "topics": {
                "theory": {
                    "name": "理论学习",
                    "keywords": ["学习"],
                    "problems": [
                        {
                            "id": "research",
                            "headline": "调查研究不够深入",
                            "keywords": ["调研"],
                            "body": "{who}调研少",
                        },
                        {
                            "id": "nerve",
                            "headline": "攻坚克难韧劲不够",
                            "keywords": ["拍板"],
                            "body": "{who}怕担责",
                        },
                    ],
                }
            },
            "generic": {
                "problems": [
                    {"id": "g1", "headline": "对照{aspect}要求还有差距"},
                    {"id": "g2", "headline": "{aspect}工作标准不高"},
                ]
            },
            "causes": [{"id": f"c{n}", "headline": f"原因{n}", **remedy} for n in range(4)],
            "measures": [{"id": f"m{n}", "headline": f"措施{n}", **remedy} for n in range(3)],
            "preamble": {"collective": "形成了对照检查材料。", "personal": "形成了对照检查材料。"},
            "closing": {"collective": "", "personal": ""},
        }
    )


def test_example_speaks_to_its_headline_or_is_a_placeholder() -> None:
    outline = Outline.model_validate(
        {
            "id": "t",
            "name": "t",
            "aspects": [
                {
                    "id": "theory",
                    "name": "理论学习方面",
                    "keywords": ["学习", "调研", "拍板", "征地"],
                    "topic": "theory",
                }
            ],
        }
    )
    opinions = [
        opinion(1, "学习调研习惯听汇报，到基层蹲点调研少。"),  # on topic, nothing concrete
        opinion(2, "学习中遇到征地问题拖了2年，学习成效差。"),  # concrete, matches no theme
    ]
    result = OfflineDrafter(tiny_bank()).draft(DraftRequest(opinions=opinions, outline=outline))
    research = next(p for p in result.material.all_problems() if p.headline == "调查研究不够深入")
    assert research.sources == ["O1"]  # the off-topic opinion is not forced under it …
    assert research.example == PLACEHOLDER_EXAMPLE  # … and O1 has nothing concrete
    assert "调研少" in research.body  # the body says what the opinion says, not the bank
    other = next(p for p in result.material.all_problems() if p.sources == ["O2"])
    assert other.headline == "对照理论学习要求还有差距"  # the aspect's own generic headline
    assert "征地问题拖了2年" in other.example
    assert len(result.material.causes) == 3  # the minimum number of causes is honoured


def test_no_invented_problem_for_an_aspect_without_opinions(drafter: OfflineDrafter) -> None:
    outline = load_outline("2021-five")
    opinions = [opinion(1, "理论学习中心组全年集中学习12次，有2名同志缺席3次以上。")]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=outline))
    groups = result.material.problems
    assert [p.sources for p in groups[0].items] == [["O1"]]
    for group in groups[1:]:
        assert [(p.kind, p.headline, p.body, p.example, p.sources) for p in group.items] == [
            (ProblemKind.ASPECT_PLACEHOLDER, ASPECT_PLACEHOLDER_HEADLINE, "", "", [])
        ], group.aspect


def test_advice_is_taken_up_by_a_measure_never_used_as_a_fact(drafter: OfflineDrafter) -> None:
    outline = load_outline("2021-five")
    opinions = [
        opinion(1, "理论学习中心组全年集中学习12次，有2名同志缺席3次以上，建议每月通报学习情况。"),
        opinion(2, "有同志提出，要每季度组织一次读书班。"),
    ]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=outline))
    problems = [p for p in result.material.all_problems() if p.kind is ProblemKind.PROBLEM]
    assert [p.sources for p in problems] == [["O1"]]
    assert "建议" not in problems[0].example and "通报" not in problems[0].example
    assert "有同志提出" not in all_text(result)
    taker = next(m for m in result.material.measures if "O2" in m.sources)
    assert "每季度组织一次读书班" in taker.body
    assert any("每月通报学习情况" in m.body and "O1" in m.sources for m in result.material.measures)


def test_duplicate_opinions_give_one_example_and_are_both_cited(drafter: OfflineDrafter) -> None:
    outline = load_outline("2021-five")
    text = "理论学习中心组全年集中学习12次，有2名同志缺席3次以上。"
    opinions = [opinion(1, text), opinion(2, text)]
    result = drafter.draft(DraftRequest(opinions=opinions, outline=outline))
    problem = result.material.all_problems()[0]
    assert problem.sources == ["O1", "O2"]
    assert "再如" not in problem.example


def _draft_recent(drafter: OfflineDrafter, *texts: str) -> DraftResult:
    opinions = [opinion(n, text) for n, text in enumerate(texts, start=1)]
    return drafter.draft(DraftRequest(opinions=opinions, outline=load_outline("recent-six")))


def _aspect_of(result: DraftResult, opinion_id: str) -> str:
    return next(
        g.aspect for g in result.material.problems for p in g.items if opinion_id in p.sources
    )


@pytest.mark.parametrize(
    ("text", "aspect"),
    [  # no aspect keyword names these; what they report decides
        ("城北污水处理厂二期因设计变更停了下来，推动不够有力", "担当作为方面"),
        ("全区还有5个社区没有配齐专职网格员，缺口问题一直没有解决", "担当作为方面"),
        ("政府采购环节廉洁风险防控不到位，审计发现2家供应商串通投标", "廉洁自律方面"),
        ("办事群众办理不动产登记要在两个大厅之间来回跑，平均等待3天", "联系服务群众方面"),
        ("有企业通过局长信箱反映用地问题，一个多月没有收到回复", "联系服务群众方面"),
        ("中层干部轮岗交流推进慢，有9人在同一岗位任职超过8年", "落实全面从严治党责任方面"),
        ("部分科室年终总结会安排在度假酒店，食宿标准偏高", "廉洁自律方面"),
        ("有商户反映，街道对门店的各类检查过多，一年被检查了20多次", "担当作为方面"),
    ],
)
def test_an_opinion_goes_to_the_aspect_it_reports_on(
    drafter: OfflineDrafter, text: str, aspect: str
) -> None:
    result = _draft_recent(drafter, text)
    assert not result.unused
    assert _aspect_of(result, "O1") == aspect


def test_a_point_raised_twice_in_other_words_is_written_once(drafter: OfflineDrafter) -> None:
    result = _draft_recent(
        drafter,
        "局机关干部轮岗交流推进慢，有的科室负责人在同一岗位任职超过10年。",
        "局机关干部轮岗交流推进慢，有的科室负责人在一个岗位上干了很多年。",
    )
    [problem] = [p for p in result.material.all_problems() if p.sources]
    assert problem.sources == ["O1", "O2"]
    text = f"{problem.body}。{problem.example}"
    assert text.count("轮岗交流推进慢") == 1 and "10年" in text


def test_unrelated_reports_under_the_generic_headline_are_not_run_together(
    drafter: OfflineDrafter,
) -> None:
    result = _draft_recent(
        drafter,
        "执法检查存在“一刀切”，有的执法人员对企业态度粗暴。",
        "有企业通过局长信箱反映排污许可变更问题，一个多月没有收到回复。",
        "窗口工作人员态度生硬，群众办事要排队两个多小时。",
    )
    masses = next(g for g in result.material.problems if g.aspect == "联系服务群众方面")
    assert 2 <= len(masses.items) <= 4
    for problem in masses.items:
        assert len(problem.sources) == 1 or problem.sources == ["O1", "O3"], problem
