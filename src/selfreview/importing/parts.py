"""Recognise the parts of a material: title, part headings and their variants, closing.

Part headings are found as "一、<heading>" short lines, as Markdown/.docx level-2 headings,
or as a bare short line that names a part ("查找的突出问题"). The heading text decides the
part, checked in this order:

- extra (上年度整改落实情况, 个人有关事项说明, …): 上年度/上一年度/去年/上次/落实情况/
  执行情况/完成情况/有关事项/说明;
- causes (产生问题的原因分析, 问题产生的根源剖析, 原因剖析): 原因/根源/根子/病根/症结;
- measures (努力方向和整改措施, 下一步整改措施, 整改方向和措施): 整改/措施/努力方向/
  改进方向/下一步/今后;
- problems (查找的突出问题, 存在的主要问题, 对照检查存在的问题, 查摆的问题): 问题/不足/
  差距/查摆/检视.

A numbered "一、…" heading that names none of these is an extra part.
"""

from __future__ import annotations

import re

from selfreview.importing.text import LEVEL1_RE, PAREN_RE, Para, short_plain
from selfreview.textrules import ITEM_START_RE, SENTENCE_PUNCT

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("extra", re.compile(r"上年度|上一年度|去年|上次|落实情况|执行情况|完成情况|有关事项|说明")),
    ("causes", re.compile(r"原因|根源|根子|病根|症结")),
    ("measures", re.compile(r"整改|措施|努力方向|改进方向|下一步|今后")),
    ("problems", re.compile(r"问题|不足|差距|查摆|检视")),
)
PART_WORDS = re.compile("|".join(pattern.pattern for _, pattern in _KINDS))
"""Any word that may name a part (used to keep bare part headings on their own line)."""

_TITLE_WORDS_RE = re.compile(r"对照检查|检视剖析|发言提纲|生活会|剖析材料|发言材料|个人材料")
_CLOSING_RE = re.compile(r"^(?:以上|特此|恳请|敬请|请.{0,8}批评|欢迎)|批评指正|批评帮助")
# The closing pledge of a material ("我们将以此次对照检查为新的起点，…"): closes the text
# only after the last numbered item, since a part's intro may open the same way.
_PLEDGE_RE = re.compile(r"^(?:我们|我|本人|党组|班子)(?:将|要|决心)以(?:此次|这次|本次|此)")
_DATE_RE = re.compile(r"^[0-9〇零一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,3}月")
BARE_HEADING_MAX_CHARS = 16


def classify(heading: str) -> str | None:
    """The part a heading names: "problems", "causes", "measures", "extra" or None."""
    for kind, pattern in _KINDS:
        if pattern.search(heading):
            return kind
    return None


def part_heading(para: Para) -> tuple[str, str, int | None] | None:
    """(kind, heading text, number as written) when ``para`` is a part heading, else None.

    The heading text has its number and trailing 。/：removed.
    """
    from selfreview.importing.text import cn_int

    text = para.text
    numbered = LEVEL1_RE.match(text)
    if numbered is not None and short_plain(numbered.group("rest")):
        heading = _strip_heading(numbered.group("rest"))
        return classify(heading) or "extra", heading, cn_int(numbered.group("num"))
    if para.level == 2 and short_plain(text):
        heading = _strip_heading(text)
        return classify(heading) or "extra", heading, None
    bare = _strip_heading(text)
    if (
        (para.standalone or para.level is not None)
        and PAREN_RE.match(bare) is None
        and ITEM_START_RE.match(bare) is None
        and len(bare) <= BARE_HEADING_MAX_CHARS
        and not any(ch in SENTENCE_PUNCT for ch in bare)
    ):
        kind = classify(bare)
        if kind is not None:
            return kind, bare, None
    return None


def looks_like_title(para: Para) -> bool:
    """A title line: a level-1 heading, or a short line naming the kind of document."""
    return para.level == 1 or (
        short_plain(para.text, 60) and _TITLE_WORDS_RE.search(para.text) is not None
    )


def is_closing(para: Para) -> bool:
    """The closing formula ("以上对照检查，请批评指正。") or a signature/date line."""
    text = para.text
    return _CLOSING_RE.search(text) is not None or _DATE_RE.match(text) is not None


def is_pledge(para: Para) -> bool:
    """The closing pledge ("我们将以此次对照检查为新的起点，…"), valid after the last item."""
    return _PLEDGE_RE.search(para.text) is not None


def is_signature(para: Para) -> bool:
    """A short line without sentence punctuation at the very end (signer, unit)."""
    return short_plain(para.text, 24) and not para.text.endswith("。")


def _strip_heading(text: str) -> str:
    return text.strip().rstrip("。：:").strip()
