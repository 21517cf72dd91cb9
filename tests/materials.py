"""Materials shared by the tests (and by anyone who needs a realistic one).

``sample_material()`` is small and exercises the edge cases (extra parts before and after,
an empty example, an example that already starts with 再如, placeholders, punctuation that
must not be doubled). ``seed_material()`` is the real 2021 city-government material from
/work/shared/reference/seed-city-gov.md: 5 aspects, 14 problems, 4 causes, 3 measures.
"""

from __future__ import annotations

from selfreview.schema import (
    AspectProblems,
    Cause,
    ExtraPart,
    Material,
    Measure,
    PartHeadings,
    Problem,
)


def sample_material() -> Material:
    """A small collective material with two extra parts and the punctuation edge cases."""
    return Material(
        title="市政府党组专题民主生活会对照检查材料",
        preamble="根据通知要求，市政府党组认真学习了有关文件精神，通过实地调研、书面征询、"
        "谈心谈话等方式，广泛征求了意见建议，形成了对照检查材料。",
        headings=PartHeadings(),
        problems_intro="",
        problems=[
            AspectProblems(
                aspect="理论学习方面",
                items=[
                    Problem(
                        id="P1",
                        headline="学习不够积极主动",
                        body="有的同志多是按照上级要求完成“规定动作”的学习",
                        example="有的同志仅是通过集中学习了解D史，学习次数不到x成",
                        sources=["O1"],
                    ),
                    Problem(
                        id="P2",
                        headline="学用结合不够紧密。",
                        body="学习成果没有及时转化为推动工作的思路举措。",
                        example="",
                    ),
                ],
            ),
            AspectProblems(
                aspect="工作作风方面。",
                items=[
                    Problem(
                        id="P3",
                        headline="调查研究不够深入",
                        body="",
                        example="再如，年初确定的xx个新建项目中，有形象进度的还不到x成",
                    ),
                    Problem(
                        id="P4",
                        headline="服务群众不够主动",
                        body="对一些工单没有亲自研究、跟踪督促",
                        example="【待补：具体事例】",
                    ),
                ],
            ),
        ],
        causes_intro="从思想、政治、作风、能力等方面深刻剖析问题根源。",
        causes=[
            Cause(id="C1", headline="思想武装不够扎实", body="学习缺少系统性", explains=["P1"]),
            Cause(id="C2", headline="宗旨意识有所淡化", body="", explains=["P4"]),
        ],
        measures_intro="",
        measures=[
            Measure(
                id="M1",
                headline="加强理论武装",
                body="每月开展1次集中学习，年底前完成12次",
                addresses=["P1", "P2"],
            ),
            Measure(id="M2", headline="改进工作作风", body="", addresses=["P3", "P4"]),
        ],
        extra_parts=[
            ExtraPart(
                heading="上年度整改落实情况",
                paragraphs=["上年度查摆的12个问题已整改完成11个。", "剩余1个正在推进。"],
                position="before",
            ),
            ExtraPart(
                heading="个人有关事项说明",
                paragraphs=["无应当说明的事项。"],
                position="after",
            ),
        ],
        closing="以上对照检查，请同志们批评指正。",
    )


_SEED_PROBLEMS: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "理论学习方面",
        [
            (
                "学习不够积极主动",
                "在学习D史过程中，有的同志缺少计划性，多是按照上级要求完成“规定动作”的学习，"
                "自己抽出时间主动学习较少，导致有些D史知识一知半解、领悟不透",
                "有的同志仅是通过集中学习、研讨交流的方式，对百年D史有了一个初步的了解，"
                "没有静下心去精研细读、研机析理，缺少“反复学”的钻劲、“深入想”的韧劲",
            ),
            (
                "学用结合不够紧密",
                "有的同志对百年D史学习理论阐释多、结合实际少，存在学习“不走心”、学用"
                "“两张皮”的问题，学习成果没有及时转化为推动工作的思路举措",
                "有的同志理论指导实践的能力不足，所学知识大都停留在理论层面，在“不离上级谱、"
                "唱活地方戏”的上情下情有效结合上，研究思考得不深不透",
            ),
            (
                "指导督促力度不够",
                "在市政府党组集体学习过程中，对党组成员的学习成效缺少针对性、指标性的考核约束，"
                "导致有的同志学习成效不高",
                "有的同志因为工作原因没有按时参加集体学习，但对所学内容没有专门拿出时间"
                "“补课”，导致学习的全面性、系统性打了折扣",
            ),
        ],
    ),
    (
        "标准境界方面",
        [
            (
                "思想不够解放",
                "在新的历史方位中寻标定位、谋划转型路径方面，有的同志思想解放的力度不够大，"
                "不能把新发展理念贯穿经济社会发展的各个领域",
                "对于如何积极适应、主动融入新发展格局，有的同志研究得不深不透，思维打不开、"
                "视野放不宽，整体上缺少一些前瞻性、超常规、创新性的思路办法",
            ),
            (
                "工作标准不高",
                "有的同志缺少“进位争先、誓争一流”的进取意识，觉得成绩在xx市中等水平、"
                "跟过去比进步就可以了，不自觉地放松了工作要求",
                "今年一季度，我市主要经济指标均实现了较大幅度的增长，有的同志觉得15%、20%的"
                "增幅已经算是可以了，但放到xx市乃至全省层面来看，还处于全面落后的水平",
            ),
            (
                "推进力度不大",
                "有的同志对待工作满足于开会强调、安排部署，亲自靠上去抓落实的力度有所欠缺，"
                "导致有些工作层层签批不见落实，安排下去迟迟没有回音",
                "有的同志对所包靠的项目督导调度得不够勤，导致有些项目推进不快，年初确定的"
                "xx个新建项目中，有形象进度的还不到x成",
            ),
        ],
    ),
    (
        "工作作风方面",
        [
            (
                "突破重点决心不足",
                "对市委、市政府安排的一些重点工作，有的同志缺少冲锋在前的勇气和敢打必胜的决心，"
                "导致有些工作开展得成效不高",
                "围绕完成xx市提出的“十四五”期间GDP过万亿的目标任务，我们重新调整了计划指标，"
                "但有的同志存在畏难发愁情绪，没有拿出针对性的思路办法和支撑措施",
            ),
            (
                "攻坚克难韧劲不够",
                "在处理一些深层次矛盾和底线性问题上，有的同志只防出错、不求出新，推进起来"
                "过于慎重、不够坚决",
                "在全市安全生产大排查大整治行动中，有的同志在督促分管部门整改进程中压力传导"
                "得不够到位，目前整改完成率仅在8成左右",
            ),
            (
                "调查研究不够深入",
                "有的同志听取工作主要靠看材料和听汇报，真正沉下心来深入基层调研的次数较少",
                "有的同志调研活动多是采取传统方式，很少真正沉下心来蹲点调研、解剖麻雀",
            ),
        ],
    ),
    (
        "宗旨意识方面",
        [
            (
                "联系群众不够紧密",
                "有的同志到包靠乡镇的次数较少，真正坐下来与群众面对面交流、心贴心交谈的次数更少",
                "在省环保督察过程中，群众投诉的生态环保信访交办件，我市的数量最多，在异味治理、"
                "噪音污染、扬尘防控等领域排查整治的力度不够大",
            ),
            (
                "服务群众不够主动",
                "有的同志宗旨意识树得不牢，在解决群众的“急难愁盼”具体问题上，有时积极性不高、"
                "主动性不强",
                "在解决政务服务热线的群众合理诉求时，有的同志对一些工单没有亲自研究、跟踪督促，"
                "导致个别承办单位工单未能及时清零",
            ),
        ],
    ),
    (
        "纪律规矩方面",
        [
            (
                "“一岗双责”落实不到位",
                "有的同志对全面从严治党的极端重要性认识不足，思想上存在“重业务、轻党建”的问题，"
                "对分管领域党风廉政建设抓得不紧",
                "【待补：具体事例】",
            ),
            (
                "落实意识形态工作责任制不到位",
                "有的同志对当前意识形态领域斗争的长期性、严峻性、复杂性认识不足",
                "有的同志对网络上传播的党的负面言论，没有站在“两个维护”的高度上来认识和把握，"
                "没有旗帜鲜明地站出来纠正制止",
            ),
            (
                "厉行勤俭节约不到位",
                "在组织公务接待、迎接上级考察等活动中，有的同志满足于不碰红线、不触底线",
                "",
            ),
        ],
    ),
]

_SEED_CAUSES = [
    (
        "思想武装不够扎实",
        "有的同志对D史学习教育抓得不紧，学习缺少针对性、系统性、全面性，在用D史认识问题、"
        "指导实践、推动工作方面还有差距。",
    ),
    (
        "党性修养有所放松",
        "有的同志随着阅历的丰富、经验的增多，或多或少产生了盲目自满心理，自觉不自觉地在"
        "加强党性锻炼上有所松懈。",
    ),
    (
        "改革创新意识不强",
        "有的同志束缚于一些所谓的“条条框框”，存在凭借老办法、老思路来解决新情况、新问题的"
        "经验主义。",
    ),
    (
        "纪律执行不够严格",
        "有的同志平时监督别人多，受到的监督少，执行纪律没有做到“踏石留印、抓铁有痕”。",
    ),
]

_SEED_MEASURES = [
    (
        "加强理论武装，坚定政治立场",
        "坚持“规定动作”和“自选动作”相结合，系统全面地研读百年D史。树牢“四个意识”，做到“两个维护”。",
    ),
    (
        "认真履职尽责，勇于担当作为",
        "不断强化事业心、责任感，全力抓好新旧动能转换、乡村振兴、民生改善、社会稳定等各项工作。",
    ),
    (
        "持续改进作风，永葆清正廉洁",
        "加大对“庸、懒、散、浮”等行为的整治力度，坚决防止“四风”问题反弹回潮。",
    ),
]


def seed_material() -> Material:
    """The real city-government material from the seed, as a :class:`Material`."""
    groups: list[AspectProblems] = []
    number = 0
    for aspect, items in _SEED_PROBLEMS:
        problems = []
        for headline, body, example in items:
            number += 1
            problems.append(Problem(id=f"P{number}", headline=headline, body=body, example=example))
        groups.append(AspectProblems(aspect=aspect, items=problems))
    return Material(
        title="市政府党组专题民主生活会对照检查材料",
        preamble="根据通知要求，市政府党组认真学习了习近平总书记在D史学习教育动员大会上的"
        "重要讲话精神，结合“学D史强党性转作风我为群众办实事”和机关工作纪律作风大检视大整顿"
        "大提升活动，通过实地调研、书面征询、谈心谈话等方式，广泛征求了意见建议。在此基础上，"
        "深入查摆问题，深剖问题根源，明确了努力方向和整改措施，形成了对照检查材料。",
        problems=groups,
        causes_intro="坚持边检视边思考，从思想、政治、作风、能力等方面深刻剖析问题根源，"
        "发现问题症结主要是以下几个方面。",
        causes=[
            Cause(id=f"C{i}", headline=h, body=b) for i, (h, b) in enumerate(_SEED_CAUSES, start=1)
        ],
        measures_intro="针对查摆出的突出问题，市政府党组坚持把“改”字贯穿始终，全面抓好各项"
        "问题整改落实。",
        measures=[
            Measure(id=f"M{i}", headline=h, body=b)
            for i, (h, b) in enumerate(_SEED_MEASURES, start=1)
        ],
    )
