"""Who says what: reporting frames and speaker labels, advice rather than report, and the
"针对…问题，" lead a measure body must not restate."""

from __future__ import annotations

import re

from selfreview.predicates.text import CJK

_SPEECH = r"提出|反映|指出|认为|表示|谈到|提到|说|讲|建议|希望|呼吁|谈|称"
_SPEAKERS = (
    r"(?:有的|有些|部分|个别|一些|不少|多名|多位|很多|许多|少数|基层)?"
    r"(?:同志|干部|党员|群众|代表|职工|员工|教师|老师|家长|学生|企业|单位|网友|居民|村民|镇村干部"
    r"|服务对象|办事群众|企业家|人员|科室|部门|乡镇|街道|社区|村干部|老党员|专家|委员|医生|护士|患者)"
    r"(?:们|代表)?"
)
_FRAME_RE = re.compile(
    rf"^(?:{_SPEAKERS}(?:{_SPEECH})(?:[：:，,]\s*|(?!的)(?=[{CJK}“\"]))"
    rf"|[{CJK}A-Za-z0-9（）()、]{{1,20}}?(?:负责人|同志|主任|书记|局长|校长|院长|镇长|代表|干部|群众|职工)?"
    rf"(?:{_SPEECH})[：:]\s*"
    rf"|[{CJK}A-Za-z0-9（）()、]{{1,16}}?(?:{_SPEECH})，(?=[{CJK}“\"]))"
)
_FRAME_MOST_RE = re.compile(  # "村里反映最多的是…", "群众意见比较集中的是："
    rf"^[{CJK}]{{0,12}}?(?:反映|提出|意见|提意见)(?:最多|最集中|比较集中|较多|较集中)的"
    r"(?:是|问题是|一条是)[：:，,]?\s*"
)
_TITLES = (
    "副书记|书记|副市长|市长|副县长|县长|副区长|区长|副镇长|镇长|副乡长|乡长|副局长|局长|"
    "副主任|主任|副部长|部长|副处长|处长|副科长|科长|副厅长|厅长|主席|秘书长|副组长|组长|"
    "副总|总经理|经理|同志|老师|校长|副校长|院长|副院长|支书|村支书|委员|代表|负责人"
)
_LABEL_RE = re.compile(
    rf"^(?P<who>[{CJK}A-Za-z、 ]{{1,16}}?)(?P<post>[（(][^）)]{{1,12}}[）)])?"
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
_SUBJECT = re.compile(
    rf"^(?:[{CJK}]{{0,8}}?(?:领导|班子|党组|党委|你们|您|大家|同志们|部门|单位|干部|政府|局|学校"
    rf"|医院|公司|企业|支部|我们|各级|有关方面|分管领导|主要领导|负责同志))"
)

# A list of things demanded, "要台账、要照片、要报表": what others ask for (a report of
# 留痕 demands), not advice; each item a short object right after its 要.
_DEMANDS = re.compile(r"^要[^，,、。；;]{1,3}(?:、要[^，,、。；;]{1,3})+[，,。；;]?$")
_RESTATED_LEAD = re.compile(r"^\s*针对(?!性)[^。；;！？!?，,]{1,120}?问题[，,：:]\s*")


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
