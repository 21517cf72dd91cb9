"""The rectification ledger (整改清单): one row per problem–measure pair, format-independent.

Offices lay a 整改清单 out problem by problem: each row pairs one problem with the measure
that answers it. Rows follow the measures in document order and, within a measure, the
problems it addresses in document order (the same problems its "针对…等问题，" lead names,
see :func:`~selfreview.render.compose.named_problems`); a measure that addresses no problem
gets one row with an empty 问题 cell. Each row reads 序号 | 问题 | 整改措施 | 责任领导 |
完成时限:

- 问题: the problem's current headline (no 一是 prefix, no final punctuation);
- 整改措施: the measure's headline sentence followed by its whole body, the concrete steps;
- 责任领导 / 完成时限: the measure's ``leader`` / ``deadline`` when set, else what the
  measure's own text states in a form this module recognizes. Extraction is conservative:
  an unclear phrase leaves the cell empty for the person to fill, because a wrong name or
  date in a ledger is worse than a blank one. 完成时限 holds only what offices write there
  (a date, a stated limit, 立行立改, 长期坚持), never a frequency (每季度) nor a limit that
  only holds under a condition ("缺席的，一周内补学").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from selfreview.render.compose import bare_headline, chinese_quotes, named_problems
from selfreview.schema import Material, Measure
from selfreview.textrules import clean, end_sentence

__all__ = [
    "LEDGER_HEADERS",
    "LedgerRow",
    "extract_deadline",
    "extract_leader",
    "ledger_rows",
    "ledger_title",
]

LEDGER_HEADERS = ("序号", "问题", "整改措施", "责任领导", "完成时限")
"""Column headers of the ledger table, in order."""

_TITLE_SUFFIXES = ("对照检查发言材料", "对照检查材料", "检视剖析材料", "对照检查", "发言提纲")
_ORDINAL_PREFIX = re.compile(r"^[一二三四五六七八九十]{1,3}是")
_TRIM_END = "。！？；;，,、：:.!? \u3000"

# --- deadlines ----------------------------------------------------------------------------
_CN_NUM = "一二两三四五六七八九十"
_YEAR = r"(?:20\d{2}|今|明|本)年"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
_BEFORE = r"(?:之前|前)"
_DATED = re.compile(
    rf"""
      (?:{_YEAR})?{_MONTH}(?:[0-3]?\d日|底|末|中旬|上旬|下旬)?{_BEFORE}   # (2025年)6月底前
    | (?:{_YEAR}年?|年)(?:底|末){_BEFORE}                               # 2025年底前, 年底前
    | (?:{_YEAR})?(?:上半年|下半年|第?[一二三四1-4]季度末?)(?:之前|前|内)   # 三季度末前
    | (?<![近过前多几{_CN_NUM}\d])(?:[1-9]\d?|[{_CN_NUM}]{{1,3}})
      (?:个月|个工作日|周|天|日|年)内                                   # 3个月内, 30天内
    | (?<![近多几去往{_CN_NUM}\d])(?:今|本)?年内                        # 年内, 今年内
    """,
    re.VERBOSE,
)
_TERMS = re.compile(r"立行立改|即知即改|长期坚持|常抓不懈")
# A clause that makes the limit after it conditional: "缺席的，一周内补学",
# "如有缺席，一周内补学", "发现问题后，3天内整改".
_CONDITION_START = re.compile(r"^(?:如果?|如有|若|凡是?|一旦|发现|遇到?)")
_CONDITION_END = re.compile(r"(?:的|后|时)$")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]")

# --- leaders ------------------------------------------------------------------------------
# A leader is a person or a post, never a unit: the phrase must end in one of these.
_PERSON_END = (
    r"(?:同志|副?书记|副?主任|副?局长|副?市长|副?县长|副?区长|副?镇长|副?乡长|主席|副?部长|"
    r"副?厅长|副?处长|副?科长|组长|院长|校长|所长|领导|负责人|负责同志)"
)
# Quantifiers and connectives that make a phrase a group or a clause, not one leader.
_NOT_A_LEADER = r"(?!于|此|有的|每|各|全体|相关|有关|其他|其余|广大|部分|个别|这|那|所有)"
# 负责制 / 负责任 / 负责人 are nouns and adjectives, not "is responsible".
_VERB = r"(?:亲自)?(?:牵头|负总责|负责|抓总|督办)(?![制任人])"
_LABELLED = re.compile(r"(?:责任领导|牵头领导|责任人)[：:]\s*([^，,。；;（）()\n]{1,20})")
_BY = re.compile(rf"由{_NOT_A_LEADER}([\u4e00-\u9fff、]{{1,12}}?{_PERSON_END}){_VERB}")
# Without 由 only a name + 同志 or a post with a telling prefix, at the start of a clause.
_CLAUSE = re.compile(
    rf"(?:^|(?<=[，,。；;：:\s])){_NOT_A_LEADER}"
    rf"((?!由)[\u4e00-\u9fff]{{2,4}}?同志|(?:主要|分管|党组|党委|班子)[\u4e00-\u9fff]{{0,4}}?{_PERSON_END})"
    rf"{_VERB}"
)


class LedgerRow(BaseModel):
    """One row of the 整改清单; empty strings are cells the person fills in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    """序号, from 1."""
    problem: str
    """问题: the headline of one addressed problem ("" for a measure addressing none)."""
    measure: str
    """整改措施: headline sentence plus the whole body (the concrete steps)."""
    leader: str
    """责任领导."""
    deadline: str
    """完成时限."""

    def cells(self) -> tuple[str, str, str, str, str]:
        """The row's cell texts in :data:`LEDGER_HEADERS` order."""
        return (str(self.number), self.problem, self.measure, self.leader, self.deadline)


def ledger_rows(material: Material) -> list[LedgerRow]:
    """One :class:`LedgerRow` per problem–measure pair of ``material``, in document order.

    Measures in order, each with the problems it addresses in order; a measure addressing
    none gets one row with an empty 问题.
    """
    rows: list[LedgerRow] = []
    for measure in material.measures:
        text = _measure_text(measure)
        cell = _measure_cell(measure)
        leader = clean(measure.leader) or extract_leader(text)
        deadline = clean(measure.deadline) or extract_deadline(text)
        headlines = [bare_headline(p.headline) for p in named_problems(material, measure)]
        for headline in [h for h in headlines if h] or [""]:
            rows.append(
                LedgerRow(
                    number=len(rows) + 1,
                    problem=chinese_quotes(headline),
                    measure=chinese_quotes(cell),
                    leader=leader,
                    deadline=deadline,
                )
            )
    return rows


def ledger_title(material: Material) -> str:
    """The ledger's title: the material's title with 对照检查材料 turned into 整改清单.

    "市政府党组专题民主生活会对照检查材料" → "市政府党组专题民主生活会整改清单"; a title
    without a known suffix gives plain "整改清单" (appending to an arbitrary title reads
    badly).
    """
    title = clean(material.title).rstrip(_TRIM_END)
    for suffix in _TITLE_SUFFIXES:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)] + "整改清单"
    return "整改清单"


def extract_deadline(text: str) -> str:
    """The 完成时限 the text states, or "" when it states none clearly.

    Dated limits ("2025年6月底前", "年底前", "3个月内") and fixed terms ("立行立改",
    "长期坚持") are kept in text order and joined with "，". Not a deadline, so left out:
    a frequency ("每季度", "每年年底前"), a limit under a condition ("缺席的，一周内补学",
    "如有缺席，一周内补学"), a month or year without 前/内 ("6月份", "截至年底").
    """
    found = [
        (m.start(), m.group(0))
        for m in _DATED.finditer(text)
        if not _recurring(text, m.start()) and not _conditional(text, m.start())
    ]
    found += [(m.start(), m.group(0)) for m in _TERMS.finditer(text)]
    return "，".join(_unique(phrase for _, phrase in sorted(found)))


def extract_leader(text: str) -> str:
    """The 责任领导 the text names, or "" when it names none clearly.

    Recognized: "责任领导：XX", "由XX同志牵头", "由分管领导负责", "主要负责同志牵头" at the
    start of a clause. The phrase must end in a person or a post (同志, 书记, 领导, 负责人…):
    "由办公室牵头" names a unit, not a leader, and gives "".
    """
    labelled = [m.group(1).strip() for m in _LABELLED.finditer(text)]
    if labelled:
        return "、".join(_unique(labelled))
    found = [(m.start(1), m.group(1)) for m in _BY.finditer(text)]
    found += [(m.start(1), m.group(1)) for m in _CLAUSE.finditer(text)]
    return "、".join(_unique(phrase for _, phrase in sorted(found)))


def _recurring(text: str, start: int) -> bool:
    # "每年年底前", "每月10日前", "每季度末前": a recurring date, not the measure's deadline.
    return bool(re.search(r"每(?:年|月|季度?|半年|周)?$", text[max(0, start - 3) : start]))


def _conditional(text: str, start: int) -> bool:
    """Whether the sentence up to ``start`` makes the limit at ``start`` conditional.

    It does when one of the sentence's earlier clauses opens with 如/若/凡/一旦/发现…, or
    when the clause holding the limit, or the clause just before it, ends in 的/后/时.
    """
    sentence = _SENTENCE_BREAK.split(text[:start])[-1]
    clauses = [c.strip() for c in _CLAUSE_BREAK.split(sentence)]
    if any(_CONDITION_START.search(c) for c in clauses):
        return True
    return any(_CONDITION_END.search(c) for c in clauses[-2:])


def _unique(phrases: Iterable[str]) -> list[str]:
    out: list[str] = []
    for phrase in phrases:
        if phrase not in out:
            out.append(phrase)
    return out


def _measure_text(measure: Measure) -> str:
    return clean(measure.headline) + "。" + clean(measure.body)


def _measure_cell(measure: Measure) -> str:
    headline = end_sentence(_ORDINAL_PREFIX.sub("", clean(measure.headline)))
    return headline + end_sentence(clean(measure.body))
