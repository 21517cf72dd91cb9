"""Concrete facts: figures with their units, dates, quoted terms, named projects and
services, and concrete events; contact details are never facts."""

from __future__ import annotations

import re
from functools import lru_cache

from selfreview.grounding import FORMULATIONS, find_facts
from selfreview.predicates.speech import strip_reporting_frame
from selfreview.predicates.text import CJK, CN_NUM

# Counting units (量词) and measure words a figure may carry; longer ones first.
_UNITS = (
    "个百分点|个工作日|个多月|个月|个多星期|个星期|个|多个|余个|余次|余人|余件|余项|余家|余户|余条|余元|多次|多人|多件|多项"
    "|工作日|小时|分钟|季度|周岁|平方米|万元|亿元|公里|千米|米|吨|天|日|周|年|次|项|件|名|人|人次"
    "|家|户|条|批|场|篇|座|所|台|辆|份|套|笔|起|宗|元|期|级|轮|处|稿|亩|位|种|封|张|页|本|部|趟"
    "|遍|回|节|课|课时|学时|分|号|村|组|栋|间|床|所|支|轮次|单|件次|户次|例|笔|万|亿"
)
_FIGURE_RE = re.compile(
    rf"第?(?:[0-9０-９]+(?:[.．][0-9０-９]+)?(?:万|亿)?|[{CN_NUM}]+)(?:{_UNITS})(?:以上|以下|左右|多)?"
)
_ARABIC_RE = re.compile(r"0[0-9]{2,3}-[0-9]{7,8}|[0-9０-９]+(?:[.．][0-9０-９]+)?(?:万|亿)?")
_QUOTED_RE = re.compile(r"“[^”]{1,30}”|\"[^\"]{1,30}\"|《[^》]{1,40}》|「[^」]{1,30}」")
_NAMED_RE = re.compile(
    rf"(?:[0-9]{{3,6}}|[{CJK}A-Za-z0-9]{{2,12}}?)"
    r"(?:热线|平台|项目|工程|小程序|APP|App|公众号|专项行动|示范区|园区)"
)
_NAMED_GENERIC = re.compile(
    rf"^(?:[{CN_NUM}]|重点|新建|在建|续建|有的|有些|部分|相关|各类|各个|各项|这个|那个|个别|民生"
    r"|实事|招商|一些|这些|其他|所有|全部|多个|产业|建设|服务|政务|工作|督查|考核|信息|管理|办公"
    r"|市政府|县政府|基层|乡镇|上级|本级|该|此|其|对|在|的|把|将|和|与|及|了|为|被|从|到)+$"
)
_NAMED_SPLIT = re.compile(r"[的在对把将和与及是了为被从到向给让使由中里上下]")
_EVENT_MARKERS = re.compile(
    r"会上|会议上|座谈时|现场|当天|当场|当时|事后|之后才|后才|才答复|才回复|才办结|前不久|去年|今年"
    r"|上半年|下半年|年初|年底|年中|月份|上周|上月|一次|有一次|曾经"
    r"|下班后|下班时间|上班时间|节假日|双休日|周末"
    r"|照念|照读|念稿|宴请|陪餐|超标准|未经|没有经过|擅自|缺席|迟到|早退|未到|不到场|拖了|拖延|搁置"
)
_OCCASION_SHI = re.compile(
    rf"[{CJK}]{{2,}}(?<!有)(?<!及)(?<!同)(?<!按)(?<!平)(?<!随)(?<!准)"
    rf"(?<!暂)(?<!适)(?<!定)(?<!实)(?<!不)(?<!小)(?<!临)(?<!届)时[，,]?"
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


def concrete_facts(text: str) -> list[str]:
    """The concrete content items of ``text`` (see :func:`_concrete_facts`), memoised.

    Coverage asks this of the same opinion and material texts many times; without the cache
    a draft of a few thousand opinions took minutes.
    """
    return list(_concrete_facts_cached(text))


@lru_cache(maxsize=8192)
def _concrete_facts_cached(text: str) -> tuple[str, ...]:
    return tuple(_concrete_facts(text))


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
        number = re.match(rf"第?([0-9０-９.．万亿]+|[{CN_NUM}]+)", figure)
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
    if digits[0] in "百千万零〇" or (start > 0 and text[start - 1] in CN_NUM + "几多"):
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
    安排宴请", "投诉一个月后才答复", "会上照念事先准备的稿子", conduct on a named occasion
    ("下班后驾驶执法车辆回家", "周末用公车办私事"). Conservative: a general pattern
    ("调研习惯听汇报、看材料", "学习不够深入") is not concrete.
    """
    body = strip_reporting_frame(text)
    if concrete_facts(body):
        return True
    if len(body) < 8:
        return False
    return bool(_EVENT_MARKERS.search(body) or _OCCASION_SHI.search(body))
