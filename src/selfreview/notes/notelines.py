"""Lines about the notes rather than opinions: who compiled them, how the opinions were
collected, whom the material is about.

They are kept as headings with a :class:`~selfreview.notes.models.HeadingRole`, never
dropped: a collection summary's counts ("共收集意见建议63条") reach the preamble through
:func:`selfreview.meeting.detect_meeting`, which reads the headings.

- compiler: a whole line in brackets saying who compiled the notes ("（党政办整理）",
  "（局办公室整理，2025年12月）"), or a label line ("整理：…", "联系人：…", "制表：…");
- summary: a sentence that opens like "本次/此次/共…" and says both how opinions were
  collected (征求意见, 发放, 收集, 座谈…) and that they were sorted or counted (梳理归并,
  如下, 收回38份, 意见建议63条);
- profile: "本人：…" / "姓名：…" label lines anywhere; before the file's first opinion also a
  line without sentence punctuation naming a party membership ("…党支部　党员　王某某（…）").
"""

from __future__ import annotations

import re

from selfreview.notes.models import HeadingRole
from selfreview.textrules import SENTENCE_PUNCT as _SENTENCE_PUNCT

_COMPILER_RE = re.compile(
    r"^[（(][^（）()]{0,30}(?:整理|汇总|编印|制表|编制|供稿)[^（）()]{0,30}[）)]$"
)
_COMPILER_LABEL_RE = re.compile(
    r"^(?:整理|整理人|汇总人|制表|制表人|填报人|填报单位|报送单位|联系人|审核人|编制)[：:]"
)
_PROFILE_LABEL_RE = re.compile(r"^(?:本人|姓名|职务|个人基本情况|本人基本情况|个人简介)[：:]")
_PROFILE_LINE_RE = re.compile(
    r"(?:党支部|党总支|党委|党组|支部)[\s\u3000]*"
    r"(?:党员|书记|副书记|委员|成员|组织委员|宣传委员|纪检委员)"
)
_SUMMARY_START_RE = re.compile(r"^(?:本次|此次|这次|本轮|会前|共|经|通过|围绕|为开好|按照|根据)")
_COLLECTED_RE = re.compile(r"征求意见|征求|征集|收集|发放|收回|座谈|谈心谈话|走访|问卷")
_SORTED_RE = re.compile(
    r"梳理|归并|归纳|汇总|整理|如下|下表|[0-9０-９]+\s*余?\s*份|意见建议\s*[0-9０-９]+\s*余?\s*条"
)
_PROBLEM_RE = re.compile(r"不够|不到位|没有|未能|偏多|偏少|较慢|滞后|突出|反映最多|问题是|存在")
"""Words of a problem: a line with them says more than how opinions were collected."""
_SUMMARY_MAX_CHARS = 150
_PROFILE_MAX_CHARS = 60


def note_role(text: str, *, before_opinions: bool) -> HeadingRole | None:
    """The role of a line that describes the notes (see the module docstring), or None.

    ``before_opinions`` says no opinion of its file came before the line.
    """
    if _COMPILER_RE.match(text) or _COMPILER_LABEL_RE.match(text):
        return HeadingRole.COMPILER
    if _PROFILE_LABEL_RE.match(text):
        return HeadingRole.PROFILE
    if (
        before_opinions
        and len(text) <= _PROFILE_MAX_CHARS
        and not any(ch in _SENTENCE_PUNCT for ch in text)
        and _PROFILE_LINE_RE.search(text)
    ):
        return HeadingRole.PROFILE
    if is_summary(text):
        return HeadingRole.SUMMARY
    return None


def is_summary(text: str) -> bool:
    """Whether ``text`` says how the opinions were collected and sorted (not an opinion)."""
    return (
        len(text) <= _SUMMARY_MAX_CHARS
        and _SUMMARY_START_RE.match(text) is not None
        and _COLLECTED_RE.search(text) is not None
        and _SORTED_RE.search(text) is not None
        and _PROBLEM_RE.search(text) is None
    )


def is_compiler_note(text: str) -> bool:
    """Whether ``text`` is a compiler note such as "（党政办整理）" (may follow a title)."""
    return _COMPILER_RE.match(text) is not None
