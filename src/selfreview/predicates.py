"""The truth predicates every drafter and checker shares (issue 13, item 7).

"Concrete fact", "concrete event", "advice, not a fact", "reporting frame", "key term",
"coverage" (facts of an opinion missing from a text) and "sourceless": each is defined
once, here, as a pure function. The offline drafter, the model-reply validator and
``draft check`` call these functions and nothing else for these questions, so that what
the drafter promises is what the checker tests.

No imports from drafting/, checks/, llm/ or review/: only :mod:`selfreview.grounding`
(figure normalisation) and jieba (segmentation, loaded on first use).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from selfreview.grounding import FORMULATIONS, find_facts, ungrounded_facts
from selfreview.schema import Opinion, Problem, ProblemKind

__all__ = [
    "clauses",
    "concrete_facts",
    "has_reporting_frame",
    "is_advice",
    "is_concrete",
    "is_sourceless",
    "key_terms",
    "missing_facts",
    "normalise_quotes",
    "report_clauses",
    "reported_facts",
    "restated_lead",
    "sentences",
    "shares_key_term",
    "strip_reporting_frame",
    "strip_restated_lead",
    "uncovered_facts",
]

_CJK = "\u4e00-\u9fff"
_CN_NUM = "一二三四五六七八九十两百千万零〇"
# Counting units (量词) and measure words a figure may carry; longer ones first.
_UNITS = (
    "个百分点|个工作日|个多月|个月|个多星期|个星期|个|多个|余个|余次|余人|余件|余项|余家|余户|余条|余元|多次|多人|多件|多项"
    "|工作日|小时|分钟|季度|周岁|平方米|万元|亿元|公里|千米|米|吨|天|日|周|年|次|项|件|名|人|人次"
    "|家|户|条|批|场|篇|座|所|台|辆|份|套|笔|起|宗|元|期|级|轮|处|稿|亩|位|种|封|张|页|本|部|趟"
    "|遍|回|节|课|课时|学时|分|号|村|组|栋|间|床|所|支|轮次|单|件次|户次|例|笔|万|亿"
)
_FIGURE_RE = re.compile(
    rf"第?(?:[0-9０-９]+(?:[.．][0-9０-９]+)?(?:万|亿)?|[{_CN_NUM}]+)(?:{_UNITS})(?:以上|以下|左右|多)?"
)
_ARABIC_RE = re.compile(r"0[0-9]{2,3}-[0-9]{7,8}|[0-9０-９]+(?:[.．][0-9０-９]+)?(?:万|亿)?")
_QUOTED_RE = re.compile(r"“[^”]{1,30}”|\"[^\"]{1,30}\"|《[^》]{1,40}》|「[^」]{1,30}」")
_NAMED_RE = re.compile(
    rf"(?:[0-9]{{3,6}}|[{_CJK}A-Za-z0-9]{{2,12}}?)"
    r"(?:热线|平台|项目|工程|小程序|APP|App|公众号|专项行动|示范区|园区)"
)
_NAMED_GENERIC = re.compile(
    rf"^(?:[{_CN_NUM}]|重点|新建|在建|续建|有的|有些|部分|相关|各类|各个|各项|这个|那个|个别|民生"
    r"|实事|招商|一些|这些|其他|所有|全部|多个|产业|建设|服务|政务|工作|督查|考核|信息|管理|办公"
    r"|市政府|县政府|基层|乡镇|上级|本级|该|此|其|对|在|的|把|将|和|与|及|了|为|被|从|到)+$"
)
_NAMED_SPLIT = re.compile(r"[的在对把将和与及是了为被从到向给让使由中里上下]")

_EVENT_MARKERS = re.compile(
    r"会上|会议上|座谈时|现场|当天|当场|当时|事后|之后才|后才|才答复|才回复|才办结|前不久|去年|今年"
    r"|上半年|下半年|年初|年底|年中|月份|上周|上月|一次|有一次|曾经"
    r"|照念|照读|念稿|宴请|陪餐|超标准|未经|没有经过|擅自|缺席|迟到|早退|未到|不到场|拖了|拖延|搁置"
)
_OCCASION_SHI = re.compile(
    rf"[{_CJK}]{{2,}}(?<!有)(?<!及)(?<!同)(?<!按)(?<!平)(?<!随)(?<!准)"
    rf"(?<!暂)(?<!适)(?<!定)(?<!实)(?<!不)(?<!小)(?<!临)(?<!届)时[，,]?"
)

_SPEECH = r"提出|反映|指出|认为|表示|谈到|提到|说|讲|建议|希望|呼吁|谈|称"
_SPEAKERS = (
    r"(?:有的|有些|部分|个别|一些|不少|多名|多位|很多|许多|少数|基层)?"
    r"(?:同志|干部|党员|群众|代表|职工|员工|教师|老师|家长|学生|企业|单位|网友|居民|村民|镇村干部"
    r"|服务对象|办事群众|企业家|人员|科室|部门|乡镇|街道|社区|村干部|老党员|专家|委员|医生|护士|患者)"
    r"(?:们|代表)?"
)
_FRAME_RE = re.compile(
    rf"^(?:{_SPEAKERS}(?:{_SPEECH})(?:[：:，,]\s*|(?!的)(?=[{_CJK}“\"]))"
    rf"|[{_CJK}A-Za-z0-9（）()、]{{1,20}}?(?:负责人|同志|主任|书记|局长|校长|院长|镇长|代表|干部|群众|职工)?"
    rf"(?:{_SPEECH})[：:]\s*"
    rf"|[{_CJK}A-Za-z0-9（）()、]{{1,16}}?(?:{_SPEECH})，(?=[{_CJK}“\"]))"
)
_FRAME_MOST_RE = re.compile(  # "村里反映最多的是…", "群众意见比较集中的是："
    rf"^[{_CJK}]{{0,12}}?(?:反映|提出|意见|提意见)(?:最多|最集中|比较集中|较多|较集中)的"
    r"(?:是|问题是|一条是)[：:，,]?\s*"
)
_TITLES = (
    "副书记|书记|副市长|市长|副县长|县长|副区长|区长|副镇长|镇长|副乡长|乡长|副局长|局长|"
    "副主任|主任|副部长|部长|副处长|处长|副科长|科长|副厅长|厅长|主席|秘书长|副组长|组长|"
    "副总|总经理|经理|同志|老师|校长|副校长|院长|副院长|支书|村支书|委员|代表|负责人"
)
_LABEL_RE = re.compile(
    rf"^(?P<who>[{_CJK}A-Za-z、 ]{{1,16}}?)(?P<post>[（(][^）)]{{1,12}}[）)])?"
    rf"(?:{_SPEECH})?(?:[：:]|(?<=[）)])[；;])\s*"
)
_TITLE_RE = re.compile(_TITLES)

_ADVICE_LEAD = re.compile(
    r"^(?:建议|希望|恳请|请(?![假示教客])|要|应当|应该|应|需要|须|必须|务必|最好|能否|可否"
    r"|期待|期望|盼望|下一步要|今后要|今后应|今后|下一步|进一步|切实|尽快|加快|加强|强化|抓紧|多|少"
    r"|不要|别)"
)
# 提希望/提建议 (criticism that only "voices hopes") and 寄希望 report, not advise.
_ADVICE_ANY = re.compile(
    r"(?<!意见)(?<!提)建议(?!书)|(?<![提寄])希望(?!工程)|需要进一步|应当|应该|恳请|呼吁"
)
_MASK = r"[0-9Xx*×＊]"
_CONTACT_SPAN = re.compile(
    # a redaction placeholder of the privacy module: 〔电话1〕, 【人名2】, [手机1]
    r"[〔【\[［(（]\s*(?:人名|手机|电话|身份证|邮箱|银行卡)\s*[0-9]+\s*[〕】\]］)）]"
    # a landline in any writing, digits possibly masked: 0558-5123456, (0531)8888888,
    # 0571 8888 8888, 0558－XXXXXXX, 0558-5123***
    rf"|(?<![0-9])[（(]?0[1-9][0-9]{{1,2}}[）)]?[ \-－—–]?"
    rf"{_MASK}{{3,4}}[ \-－]?{_MASK}{{3,4}}(?![0-9])"
    # an area code whose number was removed or replaced: 0558-【电话】, 0558-
    r"|(?<![0-9])[（(]?0[1-9][0-9]{1,2}[）)]?\s*[\-－—–]\s*(?=[〔【\[［]|$|[，,。；;）)\s])"
    r"|(?<![0-9])[（(]?0[1-9][0-9]{1,2}[）)]?(?=[〔【\[［])"
    # mobiles, ID and bank numbers, e-mail, also masked
    rf"|(?<![0-9])1[3-9][0-9][ \-]?{_MASK}{{4}}[ \-]?{_MASK}{{4}}(?![0-9])"
    rf"|(?<![0-9])[0-9]{{6}}{_MASK}{{11}}[0-9Xx*](?![0-9])"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    # whatever number follows a contact word: 电话：5123456, 手机 1390000****
    r"|(?:电话|手机|座机|联系方式)[:：]?\s*[0-9Xx*×＊\-－ ]{4,}[0-9Xx*×＊]"
)
_SUBJECT = re.compile(
    rf"^(?:[{_CJK}]{{0,8}}?(?:领导|班子|党组|党委|你们|您|大家|同志们|部门|单位|干部|政府|局|学校"
    rf"|医院|公司|企业|支部|我们|各级|有关方面|分管领导|主要领导|负责同志))"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？；!?;])|\n+")
_CLAUSE_SPLIT = re.compile(r"(?<=[。！？；!?;，,])|\n+")

_STOP_WORDS = frozenset(
    {
        "问题", "工作", "存在", "不够", "不足", "不强", "不高", "不深",
        "不严", "不实", "不紧", "不到位", "到位", "有的", "有些",
        "同志", "我们", "一些", "方面", "情况", "进一步", "加强",
        "没有", "还有", "现象", "仍然", "时有", "有时", "较少", "较多",
        "不多", "不少", "比较", "主要", "个别", "部分", "相关", "有关",
        "一定", "一是", "二是", "三是", "如", "再如", "其中", "以及",
        "并且", "而且", "但是", "虽然", "因为", "所以", "还是", "就是",
        "也是", "这个", "那个", "这些", "那些", "自己", "本人", "我",
        "他们", "你们", "您", "通过", "进行", "开展", "做好", "抓好",
        "提高", "提升", "推进", "推动", "落实", "要求", "能力", "水平",
        "意识", "认识", "方式", "方法", "领域", "环节", "过程",
        "一步", "今后", "下一步", "建议", "希望", "要", "应当", "应该",
        "需要", "反映", "提出", "认为", "指出", "表示", "同时", "及时",
        "已经", "目前", "当前", "全年", "今年", "去年", "上年", "以上",
        "以下", "左右", "多次", "较为", "更加", "非常", "特别", "真正",
        "有效", "切实", "全面", "深入", "扎实", "严格", "认真", "积极",
        "主动", "明显", "仍有", "时候", "之后", "以后", "之前", "以来",
        "期间", "领导", "干部", "单位", "部门", "班子", "党组", "群众",
        "等", "的", "了", "和", "与", "及", "在", "对", "把",
        "将", "是", "有", "也", "都", "就", "还", "又", "被",
        "从", "到", "向",
    }
)  # fmt: skip


def sentences(text: str) -> list[str]:
    """``text`` split after each sentence end (。！？；) and at line breaks, stripped."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def clauses(text: str) -> list[str]:
    """``text`` split after each sentence end and comma, stripped (for advice detection)."""
    return [s.strip() for s in _CLAUSE_SPLIT.split(text) if s and s.strip()]


def normalise_quotes(text: str) -> str:
    """ASCII double quotes around a phrase become Chinese quotes: "迎检" → “迎检”."""
    return re.sub(r"\"([^\"\n]{1,60})\"", r"“\1”", text)


def _concrete_facts(text: str) -> list[str]:
    """The concrete content items of ``text``, as written, in order, each once.

    Figures with any counting unit (Arabic or Chinese numerals: 3稿, 五所, 12件, 两轮),
    percentages and 成 ratios, dates, quoted terms (“…”, "…", 《…》) and named projects or
    services (12345热线, 城东污水厂项目). A bare 一 before a unit ("一次", "一个") is an
    article, not a figure, except before a duration (一个月, 一周). Political formulations
    (两个维护, 四风…) and placeholders are never facts, nor are contact details in any
    writing, masked or removed (0558 left of 0558-5123456, a 〔电话1〕 of the redactor).
    """
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))

    def add(start: int, end: int) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append((start, end, text[start:end]))

    for match in _CONTACT_SPAN.finditer(text):  # contact details and their remains
        taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    for match in _QUOTED_RE.finditer(text):
        add(match.start(), match.end())
    grounded = find_facts(text, names=False)
    for grounded_fact in grounded:
        if grounded_fact.kind in ("percent", "date"):
            start = text.find(grounded_fact.text)
            if start >= 0:
                add(start, start + len(grounded_fact.text))
    for match in _FIGURE_RE.finditer(text):
        figure = match.group(0)
        number = re.match(rf"第?([0-9０-９.．万亿]+|[{_CN_NUM}]+)", figure)
        digits = number.group(1) if number else ""
        if not _ARABIC_RE.fullmatch(digits):
            if digits == "一" and not re.match(
                r"第?一(?:个多?月|个多?星期|个礼拜|周|年|季度|个工作日|天)", figure
            ):
                continue
            if not _cn_counted(text, match.start(), figure):
                continue
        add(match.start(), match.end())
    for match in _NAMED_RE.finditer(text):
        start, name = _named_span(text, match)
        if name:
            add(start, start + len(name))
    for match in _ARABIC_RE.finditer(text):
        add(match.start(), match.end())
    found.sort()
    result: list[str] = []
    for _, _, fact in found:
        if fact not in result:
            result.append(fact)
    return result


def _cn_counted(text: str, start: int, figure: str) -> bool:
    """A Chinese-numeral figure that counts (so 四个意识, 百年, 千方百计 are not figures)."""
    digits = figure.removeprefix("第")
    if digits[0] in "百千万零〇" or (start > 0 and text[start - 1] in _CN_NUM + "几多"):
        return False
    for formulation in FORMULATIONS:
        at = text.find(formulation, max(0, start - len(formulation)))
        if 0 <= at <= start < at + len(formulation):
            return False
    return True


def _named_span(text: str, match: re.Match[str]) -> tuple[int, str]:
    """The name part of a named project or service, or "" when it is a generic noun."""
    raw = match.group(0)
    suffix = re.search(r"(?:热线|平台|项目|工程|小程序|APP|App|公众号|专项行动|示范区|园区)$", raw)
    assert suffix is not None
    head = raw[: suffix.start()]
    if head.isdigit():
        return match.start(), raw
    cut = max((m.end() for m in _NAMED_SPLIT.finditer(head)), default=0)
    head = head[cut:]
    if len(head) < 2 or _NAMED_GENERIC.match(head):
        return match.start(), ""
    return match.start() + cut, head + raw[suffix.start() :]


def is_concrete(text: str) -> bool:
    """True when ``text`` holds a concrete fact or a concrete event without figures.

    A concrete event is a named occasion or object with a specific action: "接待外地考察团时
    安排宴请", "投诉一个月后才答复", "会上照念事先准备的稿子". Conservative: a general pattern
    ("调研习惯听汇报、看材料", "学习不够深入") is not concrete.
    """
    body = strip_reporting_frame(text)
    if concrete_facts(body):
        return True
    if len(body) < 8:
        return False
    return bool(_EVENT_MARKERS.search(body) or _OCCASION_SHI.search(body))


def has_reporting_frame(text: str) -> bool:
    """True when ``text`` opens with a reporting frame or a speaker label."""
    return strip_reporting_frame(text) != text.strip()


def strip_reporting_frame(text: str) -> str:
    """``text`` without its opening reporting frame or speaker label.

    Frames: "有同志提出，…", "某单位负责人反映：…", "群众反映…", "X说/指出/认为：…";
    labels: "镇长李某某：", "李明（副市长）：", "张三：". A colon that introduces content
    ("群众反映的问题主要有：…") is kept.
    """
    stripped = text.strip()
    for _ in range(3):  # "王局长说：有同志提出，…" has two
        before = stripped
        label = _LABEL_RE.match(stripped)
        if label and _is_person_label(label):
            stripped = stripped[label.end() :].strip()
        most = _FRAME_MOST_RE.match(stripped)
        if most and most.end() < len(stripped):
            stripped = stripped[most.end() :].strip()
        frame = _FRAME_RE.match(stripped)
        if frame and "的" not in frame.group(0).replace("有的", "") and frame.end() < len(stripped):
            stripped = stripped[frame.end() :].strip()
        if stripped == before:
            break
    return stripped


def _is_person_label(label: re.Match[str]) -> bool:
    who = label.group("who")
    if "的" in who or re.search(r"问题|情况|方面|意见|主要|如下|包括|表现", who):
        return False
    return bool(label.group("post") or _TITLE_RE.search(who) or "某" in who or len(who) <= 4)


# A list of things demanded, "要台账、要照片、要报表": what others ask for (a report of
# 留痕 demands), not advice; each item a short object right after its 要.
_DEMANDS = re.compile(r"^要[^，,、。；;]{1,3}(?:、要[^，,、。；;]{1,3})+[，,。；;]?$")


def is_advice(sentence: str) -> bool:
    """True when ``sentence`` recommends rather than reports (建议…, 要…, 希望…, 应当…, 请…)."""
    body = strip_reporting_frame(sentence).lstrip("，,：: ")
    if _DEMANDS.match(body):
        return False
    if re.match(r"^(?:有[^，,]{0,8})?(?:建议|希望)", body) or _ADVICE_ANY.search(body):
        return True
    if _ADVICE_LEAD.match(body) and not re.match(
        r"^(?:要求|要点|多数|多年|多是|多为|少数|应急|请示|需要的)|^[多少](?:次|名|个|人|家|项|处|份|位|种"
        r"|方|半|数|年|量|部分|天|月|条|件|批|轮|遍|回|趟)",  # 多次拨打: a count, not 多下基层
        body,
    ):
        return _looks_imperative(body)
    subject = _SUBJECT.match(body)
    if subject:
        rest = body[subject.end() :]
        return bool(
            re.match(
                r"^(?:要|应|应当|应该|需要|须|必须|务必|不要|能|多(?![是为数半])|少(?![是数有]))"
                r"(?!求|点|急)",  # 大家多是附和: a report, not 大家多下基层
                rest,
            )
        )
    return False


def _looks_imperative(body: str) -> bool:
    """A sentence led by an advice word is advice unless it reports a past shortcoming."""
    if re.match(
        r"^(?:建议|希望|恳请|请|要|应当|应该|应|需要|须|必须|务必|最好|能否|可否|期待|期望"
        r"|盼望|下一步|今后|不要|别)",
        body,
    ):
        return not re.match(r"^(?:请示|要求|需要的)", body)
    # 加强/强化/切实/尽快/多/少… lead an imperative only when no shortcoming is reported
    return not re.search(r"不够|不足|不到位|较少|偏少|不多|不高|不强|没有|未能|欠缺|差距", body)


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    from selfreview.wordseg import words

    return tuple(words(text))


def key_terms(text: str) -> set[str]:
    """Content words of ``text``: jieba words without stop words and genre-generic words."""
    terms: set[str] = set()
    for word in _segment(text):
        word = word.strip()
        if len(word) < 2 or word in _STOP_WORDS or not re.search(f"[{_CJK}]", word):
            continue
        if re.fullmatch(rf"[{_CN_NUM}0-9]+[{_CJK}]?", word):
            continue
        terms.add(word)
    return terms


def shares_key_term(a: str, b: str) -> bool:
    """True when the texts share a content word (segmentation-tolerant: 调研 meets 调研报告)."""
    terms_a, terms_b = key_terms(a), key_terms(b)
    if terms_a & terms_b:
        return True
    return any(t in b for t in terms_a if len(t) >= 2) or any(
        t in a for t in terms_b if len(t) >= 2
    )


def reported_facts(opinion_text: str) -> list[str]:
    """The concrete facts of an opinion's reporting clauses.

    Advice is exempt: in each sentence, the clauses from the first advice clause on
    ("…，建议每月通报2次") are not reported facts. Contact and ID numbers are not facts,
    nor is a speaker label ("张某（二级子公司总经理）：").
    """
    facts: list[str] = []
    for sentence in sentences(strip_reporting_frame(opinion_text)):
        for clause in report_clauses(strip_reporting_frame(sentence)):
            for fact in concrete_facts(clause):
                if fact not in facts and not _is_contact(fact):
                    facts.append(fact)
    return facts


def report_clauses(sentence: str) -> list[str]:
    """The clauses of a sentence before its first advice clause (all of them if none)."""
    kept: list[str] = []
    for clause in clauses(sentence):
        if is_advice(clause):
            break
        kept.append(clause)
    return kept


def missing_facts(opinion_text: str, material_text: str) -> list[str]:
    """The reported (non-advice) concrete facts of an opinion that the material lacks.

    A fact is present when written the same (quotes normalised), or, for a figure, when the
    material has the same value with the same unit (30% ~ 3成 ~ 百分之三十, 3个 ~ 三个).
    Contact numbers and ID numbers are not facts (they must not reach the material).
    """
    material = normalise_quotes(material_text)
    return _missing(opinion_text, material, concrete_facts(material))


def _missing(opinion_text: str, material: str, material_facts: list[str]) -> list[str]:
    missing: list[str] = []
    for fact in reported_facts(opinion_text):
        written = normalise_quotes(fact)
        if written in material or written.strip('“”"') in material:
            continue
        if not _figure_present(written, material_facts):
            missing.append(fact)
    return missing


def _is_contact(fact: str) -> bool:
    return bool(
        re.fullmatch(r"1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}|[0-9]{17}[0-9Xx]|[0-9]{5,}", fact)
    )


def _figure_present(fact: str, material_facts: list[str]) -> bool:
    if re.search(r"[%％成]$|^百分之|(?<!个)[年月日号]$|季度$", fact):
        return not ungrounded_facts(fact, [" ".join(material_facts)], names=False)
    unit = re.sub(rf"^第?[0-9０-９.．{_CN_NUM}]+", "", fact)
    if unit == fact:  # not a figure (a quoted term or a name)
        return False
    for candidate in material_facts:
        candidate_unit = re.sub(rf"^第?[0-9０-９.．{_CN_NUM}]+", "", candidate)
        if candidate_unit == unit and not ungrounded_facts(fact, [candidate], names=False):
            return True
    return False


def is_sourceless(problem: Problem) -> bool:
    """True for a real problem (kind ``problem``) that cites no opinion."""
    return problem.kind is ProblemKind.PROBLEM and not problem.sources


def uncovered_facts(
    problems: Sequence[Problem], opinions: Mapping[str, Opinion]
) -> dict[str, list[str]]:
    """Opinion id -> its reported facts missing from every problem that cites it."""
    gaps: dict[str, list[str]] = {}
    for problem in problems:
        text = normalise_quotes(f"{problem.headline}。{problem.body}。{problem.example}")
        facts = concrete_facts(text)
        for source in problem.sources:
            if source in opinions:
                missing = _missing(opinions[source].text, text, facts)
                if missing:
                    gaps[source] = missing
    return gaps


@lru_cache(maxsize=8192)
def _concrete_facts_cached(text: str) -> tuple[str, ...]:
    return tuple(_concrete_facts(text))


def concrete_facts(text: str) -> list[str]:
    """The concrete content items of ``text`` (see :func:`_concrete_facts`), memoised.

    Coverage asks this of the same opinion and material texts many times; without the cache
    a draft of a few thousand opinions took minutes.
    """
    return list(_concrete_facts_cached(text))


_RESTATED_LEAD = re.compile(r"^\s*针对(?!性)[^。；;！？!?，,]{1,120}?问题[，,：:]\s*")


def restated_lead(body: str) -> str:
    """The opening "针对…问题，" of a measure body, or "" when it has none.

    A measure's "针对“A”“B”等问题，" lead is computed from its links when the document is
    built; a body that opens with its own 针对…问题 (a model restating the headlines, or
    "针对上述问题，") would print the lead twice.
    """
    match = _RESTATED_LEAD.match(body)
    return match.group(0) if match else ""


def strip_restated_lead(body: str) -> str:
    """``body`` without the :func:`restated_lead` it opens with."""
    return body[len(restated_lead(body)) :]
