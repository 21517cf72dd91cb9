"""Coverage and sources: the facts an opinion reports, those a text leaves out, key terms
two texts share, and a problem that cites nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from selfreview.grounding import ungrounded_facts
from selfreview.predicates.facts import concrete_facts
from selfreview.predicates.speech import is_advice, strip_reporting_frame
from selfreview.predicates.text import CJK, CN_NUM, clauses, normalise_quotes, sentences
from selfreview.schema import Opinion, Problem, ProblemKind

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
    unit = re.sub(rf"^第?[0-9０-９.．{CN_NUM}]+", "", fact)
    if unit == fact:  # not a figure (a quoted term or a name)
        return False
    for candidate in material_facts:
        candidate_unit = re.sub(rf"^第?[0-9０-９.．{CN_NUM}]+", "", candidate)
        if candidate_unit == unit and not ungrounded_facts(fact, [candidate], names=False):
            return True
    return False


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


def is_sourceless(problem: Problem) -> bool:
    """True for a real problem (kind ``problem``) that cites no opinion."""
    return problem.kind is ProblemKind.PROBLEM and not problem.sources


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    from selfreview.wordseg import words

    return tuple(words(text))


def key_terms(text: str) -> set[str]:
    """Content words of ``text``: jieba words without stop words and genre-generic words."""
    terms: set[str] = set()
    for word in _segment(text):
        word = word.strip()
        if len(word) < 2 or word in _STOP_WORDS or not re.search(f"[{CJK}]", word):
            continue
        if re.fullmatch(rf"[{CN_NUM}0-9]+[{CJK}]?", word):
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
