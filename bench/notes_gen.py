"""Generated meeting notes of any size, for the scaling and token benchmarks.

Each opinion is composed from a time phrase, a unit, an issue of one of the five aspects
of the default outline, a concrete example with figures and a consequence (some parts left
out at random), so lines read like real notes, average about the length of the bundled
sample's opinions (~40 characters), and few are near-duplicates of one another: the
model-backed drafter merges near-duplicates before sending them, which would otherwise
make long generated notes look cheaper than real ones. Deterministic for a given size.

    python bench/notes_gen.py 500 > notes-500.txt
"""

from __future__ import annotations

import math
import random
import sys

BATCH = 100
SECTIONS = ["一、征求意见情况", "二、谈心谈话记录", "三、自己查摆的问题"]
TIMES = [
    "今年一季度",
    "上半年",
    "去年以来",
    "今年以来",
    "年初以来",
    "近两年",
    "三季度",
    "汛期",
    "春节前后",
    "换届以来",
]
UNITS = [
    "市发改委",
    "市住建局",
    "市教育局",
    "市卫健委",
    "市生态环境局",
    "市交通运输局",
    "市农业农村局",
    "市应急管理局",
    "市市场监管局",
    "城关镇",
    "东湖街道",
    "西山乡",
    "开发区管委会",
    "市政务服务中心",
    "市信访局",
    "市自然资源局",
    "市财政局",
    "市人社局",
    "市民政局",
    "市文旅局",
]
ISSUES = {
    "theory": [
        "理论学习中心组学习流于形式",
        "学习党史多是读文件、听辅导",
        "研读原著不够，满足于看摘编",
        "学用结合不紧，存在“两张皮”",
        "以业务学习代替理论学习",
        "研讨发言照本宣科，联系实际少",
        "自学时间少，系统学习不够",
        "对分管部门学习督促检查不够",
    ],
    "standard": [
        "工作标准不高，满足于中游水平",
        "思想不够解放，老办法多、新思路少",
        "对标先进地区找差距不够",
        "重点项目推进缓慢",
        "招商引资缺少产业链招商思路",
        "遇到难题不愿拍板，总说再研究",
        "历史遗留问题久拖不决",
        "争先进位意识不强",
    ],
    "style": [
        "会议多、文件多，基层负担重",
        "督查检查考核事项过多",
        "调研听汇报多、蹲点少",
        "工作群里“收到请回复”过多",
        "迎检要台账、要照片、要报表",
        "安排部署多、跟踪落实少",
        "文件照抄照转上级，没有结合实际",
        "陪会现象突出",
    ],
    "masses": [
        "12345热线工单办理不实",
        "政务服务窗口办事材料多、环节多",
        "老旧小区改造进度慢",
        "生态环保信访重复投诉较多",
        "领导到包靠乡镇次数少",
        "民生实事承诺兑现不够",
        "对群众急难愁盼问题研究少",
        "联系服务群众不够主动",
    ],
    "discipline": [
        "公务接待有时超标准",
        "公车使用登记不规范",
        "“三重一大”决策程序不够严格",
        "对分管领域党风廉政建设抓得不紧",
        "意识形态工作研判不够",
        "网上不实信息处置滞后",
        "批评和自我批评辣味不足",
        "请示报告制度执行不严",
    ],
}
EXAMPLES = {
    "theory": [
        "全年集中学习{a}次，有{b}名同志缺席{c}次以上",
        "全年只组织专题研讨{b}次",
        "{a}篇心得体会中有{c}篇内容雷同",
        "{b}名班子成员年度学习笔记不足{a}页",
    ],
    "standard": [
        "主要指标增幅在全省{a}个县市区中排第{b}位",
        "年初确定的{a}个项目中有{c}个没有形象进度",
        "签约的{a}个项目仅有{b}个开工",
        "{c}项改革任务有{b}项没有按期完成",
    ],
    "style": [
        "一季度召开各类会议{a}个",
        "印发文件同比增加{c}%",
        "对乡镇的考核事项仍有{a}项",
        "有的乡镇负责同志一周陪会{b}次以上",
    ],
    "masses": [
        "工单按期办结率{d}%",
        "交办件{a}件，居全省第{b}位",
        "承诺的{a}个小区只完成了{c}个",
        "企业开办仍需跑{b}趟",
    ],
    "discipline": [
        "上半年抽查发现{b}次未按规定登记",
        "有{b}名科级干部因违纪被立案审查",
        "一条不实帖子处置滞后{b}天",
        "全年只听取了{b}次专题汇报",
    ],
}
CONSEQUENCES = [
    "群众意见较大",
    "基层反映强烈",
    "影响了工作成效",
    "造成一定负面影响",
    "效果打了折扣",
    "压力传导不到位",
    "干部群众有看法",
]


def opinion(rng: random.Random) -> str:
    """One opinion line (without its number)."""
    aspect = rng.choice(list(ISSUES))
    parts = []
    lead = ""
    if rng.random() < 0.6:
        lead += rng.choice(TIMES)
    if rng.random() < 0.75:
        lead += rng.choice(UNITS)
    parts.append(lead + rng.choice(ISSUES[aspect]))
    if rng.random() < 0.85:
        figures = {
            "a": rng.randint(10, 60),
            "b": rng.randint(2, 9),
            "c": rng.randint(3, 19),
            "d": rng.randint(60, 95),
        }
        parts.append(rng.choice(EXAMPLES[aspect]).format(**figures))
    if rng.random() < 0.5:
        parts.append(rng.choice(CONSEQUENCES))
    return "，".join(parts) + "。"


def make_notes(count: int, seed: int = 7) -> str:
    """Notes with ``count`` opinions under the three usual section headings.

    Each section is split into batches of at most 100 numbered items under a "第N批意见："
    line, as real summaries group opinions by where they came from (and list markers have
    at most three digits).
    """
    rng = random.Random(seed * 1_000_003 + count)
    lines = ["某市政府党组专题民主生活会会前征求意见汇总（生成的基准材料）", ""]
    per_section = math.ceil(count / len(SECTIONS))
    written = 0
    batch = 0
    for heading in SECTIONS:
        lines.append(heading)
        for n in range(per_section):
            if written >= count:
                break
            if n % BATCH == 0:
                batch += 1
                lines += ["", f"第{batch}批意见："]
            lines.append(f"{n % BATCH + 1}. {opinion(rng)}")
            written += 1
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(make_notes(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
