"""Who speaks in an opinion, and the kind of opinion that makes it.

A speaker label starts a line: "李四：…", "李明（副市长）：…", "镇长李某某：…",
"党委委员、组织委员 陈某某：…". A reporting frame starts a sentence: "支部书记谈话指出，…",
"同科室同事提出，…", "群众代表反映：…". When the words before the colon or verb name a
usual role (书记, 班子成员, 支部, 科室, 群众代表, 职工代表, 局长, …), the opinion came from
someone else: a talk when the frame says 谈话/谈心, else a solicited opinion. Headings made
of roles plus 意见 ("支部书记和同志们的意见", "学校及股室意见") name solicited opinions.
"""

from __future__ import annotations

import re

from selfreview.schema import OpinionKind

ROLES = (
    "书记", "副书记", "支部书记", "班子成员", "党组成员", "党委委员", "委员", "支部", "党支部",
    "科室", "股室", "处室", "部门", "单位", "学校", "企业", "基层", "村", "社区", "同事",
    "同志", "群众代表", "职工代表", "党员代表", "人大代表", "政协委员", "服务对象", "代表",
    "群众", "职工", "党员", "干部", "村干部", "员工", "教师", "家长", "患者", "家属", "医护人员",
    "领导", "分管领导", "主要领导", "负责人", "局长", "镇长", "乡长", "县长", "市长", "区长",
    "主任", "科长", "股长", "处长", "部长", "组长", "队长", "站长", "所长", "主席", "校长",
    "院长", "经理", "总经理", "会计师", "秘书长",
)  # fmt: skip
"""Words naming who an opinion came from (longest match wins where they overlap)."""

_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
_ROLE_RE = re.compile(_ROLE)
_TALK_RE = re.compile(r"谈话|谈心")
_VERBS = "说|指出|提出|认为|反映|谈到|提到|表示|建议|讲"
_LABEL_RE = re.compile(
    # titles joined with 、 or a space before the name: 党委委员、组织委员 陈某某
    r"^(?P<who>(?:[\u4e00-\u9fff]{1,10}[、，,])*[\u4e00-\u9fff·]{1,12}?"
    r"(?:[ \u3000]+[\u4e00-\u9fff·]{1,5})?)"
    r"(?P<note>[（(][^（）()：:]{1,24}[）)])?"
    rf"(?:同志)?(?P<verb>{_VERBS})?[：:]\s*\S"
)
_FRAME_RE = re.compile(
    rf"^(?P<frame>[^，,。；;：:！？!?\s]{{1,20}}?)(?:时|中)?(?:又|还|也)?(?P<verb>{_VERBS})[，,：:]"
)
_NOT_SPEAKERS = frozenset(
    {"例如", "比如", "譬如", "具体", "具体表现", "主要表现", "表现为", "表现在", "原因"}
    | {"注", "备注", "说明", "其中", "另外", "此外", "特别是", "包括", "主要是"}
    | {"具体表现为", "主要表现为", "主要体现在", "体现在", "表现在"}
)
_LABEL_MAX_CHARS = 24
_ROLE_HEADING_RE = re.compile(
    rf"^(?:{_ROLE}|[、和及与们的\s])+(?:意见建议|意见|建议)(?:情况|汇总|摘要|记录)?$"
)
_ROLE_HEADING_MAX_CHARS = 60
_PARENTHESES_RE = re.compile(r"（[^（）]*）|\([^()]*\)")


def speaker_label(text: str) -> str | None:
    """The speaker label at the start of ``text`` ("镇长李某某" in "镇长李某某：…"), or None."""
    found = _LABEL_RE.match(text)
    if found is None:
        return None
    who = found.group("who")
    if who in _NOT_SPEAKERS or len(who) > _LABEL_MAX_CHARS or (len(who) < 2 and not found["note"]):
        return None
    return who + (found.group("note") or "")


def is_speaker(text: str) -> bool:
    """Whether ``text`` starts with a speaker label ("李四：…", "镇长李某某：…")."""
    return speaker_label(text) is not None


def frame_kind(text: str) -> OpinionKind | None:
    """The kind a speaker label or reporting frame at the start of ``text`` implies.

    谈心谈话 when the frame mentions a talk ("支部书记谈话指出，"), 征求意见 when it names a
    role ("群众代表反映，", "镇长李某某："); None when there is no frame or no role in it
    (a first-person "我认为，" or "学习不够：").
    """
    who = speaker_label(text)
    if who is None:
        found = _FRAME_RE.match(text)
        who = found.group("frame") if found is not None else None
    if who is None or _ROLE_RE.search(who) is None:
        return None
    return OpinionKind.TALK if _TALK_RE.search(who) else OpinionKind.SOLICITED


def role_heading_kind(text: str) -> OpinionKind | None:
    """征求意见 for a heading made of roles plus 意见 ("支部书记和同志们的意见"), else None."""
    if len(text) > _ROLE_HEADING_MAX_CHARS or ("意见" not in text and "建议" not in text):
        return None
    body = _PARENTHESES_RE.sub("", text).strip().rstrip("：:。")
    if _ROLE_HEADING_RE.match(body) is None:
        return None
    return OpinionKind.TALK if _TALK_RE.search(body) else OpinionKind.SOLICITED


def opinion_kind(text: str, section_kind: OpinionKind) -> OpinionKind:
    """The kind of an opinion standing in a section of ``section_kind``.

    A frame naming a talk makes a talk (except in the last-year section); a frame naming
    someone else's opinion makes a solicited opinion where the section says nothing
    (其他) or says self-review (自查), which another person's words cannot be.
    """
    if section_kind is OpinionKind.LAST_YEAR:
        return section_kind
    found = frame_kind(text)
    if found is OpinionKind.TALK:
        return found
    if found is OpinionKind.SOLICITED and section_kind in (OpinionKind.OTHER, OpinionKind.SELF):
        return found
    return section_kind
