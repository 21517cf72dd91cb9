"""Write the offline drafter's items from what the cited opinions say (issue 13).

A problem's body is the opinions' general reports (no phrase-bank claim), its example
every concrete report, in the material's voice; a measure names the concrete objects of
the problems it answers and takes up the advice of their opinions; a cause is linked to
the problems it explains (``explains``), never quoting their headlines, which a reviewer
may rename or reject. Bank text supplies only headlines and neutral commitments.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from difflib import SequenceMatcher
from itertools import cycle

from selfreview.drafting.examples import build_example, opinion_parts, to_voice
from selfreview.drafting.phrasebank import VoiceWords
from selfreview.predicates import concrete_facts, key_terms, missing_facts
from selfreview.schema import PLACEHOLDER_EXAMPLE, Opinion, Problem, Voice

COLLECTIVE_SUBJECTS = ("我们", "班子成员", "有的同志", "班子", "个别同志")
"""Subjects a collective material rotates through, as real materials do."""

ALL_PAIRS = 40
"""Up to this many reports in one problem, every pair is compared for restatements."""

_ADVICE_LEAD = re.compile(
    r"^(?:[^，,]{0,12}?(?:提出|反映|认为))?[，,]?\s*"
    r"(?:建议|希望|恳请|请|要|应当|应该|应|需要进一步|需要|必须|务必|最好|下一步要|今后要)+"
)
_TRAILING = "。；;，,、！？!? "
_THIRD_PERSON = re.compile(
    r"^(?:(?:局|院|所|厅|校|镇|县|处|科|站|公司|单位)里|单位|[局院校所厅]?领导(?:们)?|您|你们?)"
    r"(?=[\u4e00-\u9fff]{2})"
)
"""A subject the advice gives the unit or the person it addresses (希望局里多为企业…, 建议您
多到一线): the material speaks as 我们 / 我, so a measure takes the rest verbatim."""


def problem_text(
    opinions: Sequence[Opinion], words: VoiceWords, headline: str = ""
) -> tuple[str, str]:
    """(body, example) of a problem from its cited opinions, in their order.

    The body joins the opinions' general reports (each once); the example holds every
    concrete report ("如，A。再如，B"), or the placeholder when there is none. A report
    that says again what another one says (the same point raised twice in other words)
    is written once, when every fact of it is in the one kept; no report opens by saying
    the ``headline`` again (:func:`without_headline_echo`).
    """
    pieces = [p for p in build_example(opinions, words).split("。再如，") if p]
    pieces = [p for p in (without_headline_echo(p, headline) for p in pieces) if p]
    general: list[str] = []
    for opinion in opinions:
        for sentence in opinion_parts(opinion.text).general:
            text = without_headline_echo(to_voice(sentence, words), headline)
            if text and text not in general:
                general.append(text)
    kept = set(_without_restatements([*pieces, *general]))
    general = [g for n, g in enumerate(general, start=len(pieces)) if n in kept]
    pieces = [p for n, p in enumerate(pieces) if n in kept]
    example = "。再如，".join(pieces) or PLACEHOLDER_EXAMPLE
    return "；".join(general), example


def without_headline_echo(text: str, headline: str) -> str:
    """``text`` without opening clauses that only say the headline again.

    "思想不够解放，谋划工作老办法多" under 思想不够解放 loses its first clause; a clause
    with a fact the headline lacks, or with a content word it lacks, stays; the last clause
    goes only when it is the headline word for word ("今年全院护理人员离职37人，夜班连续排班
    问题突出" under 夜班连续排班问题突出 keeps its first clause).
    """
    said = key_terms(headline)
    parts = re.split(r"(?<=[，；。])", text)
    while parts:
        clause = parts[0].strip("，；。 ")
        terms = key_terms(clause)
        if terms and terms <= said and all(f in headline for f in concrete_facts(clause)):
            parts.pop(0)
            continue
        break
    last = parts[-1].strip("，；。 ") if parts else ""
    if len(parts) > 1 and re.fullmatch(
        rf"(?:\w{{1,6}}(?:认为|反映|觉得|表示))?{re.escape(headline)}", last
    ):
        parts.pop()  # a last clause that is the headline word for word (企业认为…) goes too
    return "".join(parts).strip("，；。 ")


def _without_restatements(reports: Sequence[str]) -> list[int]:
    """Indices of ``reports`` to keep: one that another says again, holding all its facts
    and at least as many (earlier, when as many), is left out; so one always stays.

    Past :data:`ALL_PAIRS` reports (generated or pasted-together notes) a report is compared
    only with the first of those with the same opening, so that a problem of hundreds stays
    linear."""
    facts = [len(concrete_facts(r)) for r in reports]
    plain = [re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", r) for r in reports]
    buckets: dict[str, list[int]] = {}
    for n, text in enumerate(plain):
        buckets.setdefault("" if len(reports) <= ALL_PAIRS else text[:6], []).append(n)
    kept: list[int] = []
    for i, report in enumerate(reports):
        restated = False
        for j in buckets["" if len(reports) <= ALL_PAIRS else plain[i][:6]][:ALL_PAIRS]:
            if j == i or facts[j] < facts[i] or (facts[j] == facts[i] and j > i):
                continue
            if not _says_again(plain[i], plain[j]):
                continue
            if not missing_facts(report, reports[j]):
                restated = True
                break
        if not restated:
            kept.append(i)
    return kept


def _says_again(report: str, other: str) -> bool:
    """Whether ``other`` says what ``report`` says: near-identical wording, or (a report of
    four content words or more) most of its content words, approximate counts written
    alike (十几次 ~ 10多次), in text that shares at least half of its characters.

    "到镇里开会太多，一个月十几次，基本没时间在村里" says again "镇里开会多，村书记一个月要到
    镇里开会10多次，没时间在村里干事" though the wording differs.
    """
    matcher = SequenceMatcher(None, report, other, autojunk=False)
    if matcher.quick_ratio() < 0.5:
        return False
    if matcher.ratio() >= 0.6:
        return True
    mine = key_terms(approximate_counts(report)) - _HEDGES
    theirs = key_terms(approximate_counts(other))
    if len(mine) < 4 or len(mine & theirs) < 0.7 * len(mine):
        return False
    shared = sum(block.size for block in matcher.get_matching_blocks())
    return shared >= 0.5 * len(report)


_HEDGES = frozenset({"基本", "基本上", "几乎", "比较", "较为", "有些", "有点", "确实", "一直"})
_DIGITS = ("", "一", "二两", "三", "四", "五", "六", "七", "八", "九")
_CN_DIGIT = {d: n for n, ds in enumerate(_DIGITS) for d in ds}


def approximate_counts(text: str) -> str:
    """Approximate counts in one writing: 十几次, 十多次, 十余次, 10余次 all become 10多次."""

    def tens(match: re.Match[str]) -> str:
        lead = match.group(1)
        return f"{_CN_DIGIT.get(lead, 1) if lead else 1}0多"

    text = re.sub(r"([一二两三四五六七八九])?十(?:几|多|余)", tens, text)
    return re.sub(r"([0-9]+0)(?:余|几)", r"\1多", text)


def advice_of(opinions: Sequence[Opinion]) -> list[str]:
    """The proposals of the opinions, advice words removed: "建议每月通报" → "每月通报";
    a third-person or addressed subject goes too: "希望局里多为企业办证提供便利" → "多为企业
    办证提供便利"."""
    proposals: list[str] = []
    for opinion in opinions:
        for sentence in opinion_parts(opinion.text).advice:
            proposal = _ADVICE_LEAD.sub("", sentence).strip(_TRAILING)
            proposal = without_third_person(proposal)
            if len(proposal) >= 4 and proposal not in proposals:
                proposals.append(proposal)
    return proposals


def without_third_person(proposal: str) -> str:
    """``proposal`` without a leading 局里/院领导/您 subject, when what follows is not a noun
    it qualifies (单位食堂延长供餐时间 keeps 单位)."""
    from selfreview.wordseg import tagged

    lead = _THIRD_PERSON.match(proposal)
    if not lead:
        return proposal
    rest = proposal[lead.end() :]
    if tagged(rest)[0][1] in (*_NOUNS, "nr"):
        return proposal
    return rest


def problem_objects(
    problems: Sequence[Problem], limit: int = 4, stock: Collection[str] = ()
) -> list[str]:
    """Concrete objects named by the problems' reports: a named project or document, a
    short quoted term (“双减”), else the first noun phrase, else the headline's (not a
    ``stock`` headline of the bank: 政务服务效能 is no object), else a short noun. A bare
    count (2台), a quoted remark (“等通知”) or a phrase cut out of a word (外合作项目)
    is not an object."""
    objects: list[str] = []
    for problem in problems:
        text = f"{problem.example}。{problem.body}".replace(PLACEHOLDER_EXAMPLE, "")[:300]
        text = text.replace("。再如，", "。")
        starts = _word_starts(text)
        named = [f for f in concrete_facts(text) if _is_object(f, text, starts)]
        own = [] if problem.headline in stock else _nouns(problem.headline)
        own = [n for n in own if is_topic(n)]
        found = named[:1] or [n for n in _nouns(text) if is_topic(n)][:1] or own[:1]
        short = [n for n in _nouns(text, shortest=2) if _may_be_object(n) and is_topic(n)]
        listed = [n for n in short if f"{n}、" in text or f"、{n}" in text]
        for item in found or (listed or short)[:1]:  # 食堂 of "食堂、通勤班车问题"
            if item not in objects:
                objects.append(item)
    return objects[:limit]


_NOT_OBJECTS = frozenset({"大家", "同事", "电话", "内容", "电视", "层层", "汇报", "领导", "同志"})
"""Short nouns that name no object a measure can work on."""


def _may_be_object(noun: str) -> bool:
    """A short noun a measure can work on: not 局里, 全院, 电话 and the like."""
    return noun not in _NOT_OBJECTS and noun[-1] != "里" and not re.fullmatch("全.", noun)


_PREDICATE_ENDS = (
    "回家",
    "绕路",
    "错误",
    "风险",
    "生硬",
    "偏长",
    "偏短",
    "议论",
    "和气",
    "困难",
    "实际",
    "次数",
    "落地",
    "升级",
    "思路",
    "办法",
    "集体",
    "时间",
    "高峰期",
    "压力",
    "阶段",
    "不公",
    "不足",
    "不够",
    "办事",
    "申报",
)
"""Endings jieba tags as nouns that make a phrase a predicate or a state, not a thing a
measure can work on (车辆回家, 时限偏长, 态度生硬, 汛期存在风险)."""
_PREDICATE_LEADS = ("缺席", "联系", "私下", "存在", "出现")


def is_topic(phrase: str) -> bool:
    """Whether a noun phrase (not a named or quoted object) can stand in 围绕X: three
    characters or more, so a bare 风险 or 错误 cannot, its last word a jieba noun, no
    verbal noun inside but the common ones (学习, 建设: 月饼发给职工 is a clause), and no
    predicate ending or opening (车辆回家, 时限偏长, 缺席集体). Conservative: jieba tags
    many verb-object words as nouns, so a doubtful phrase is left out."""
    from selfreview.wordseg import tagged

    if phrase.startswith(("《", "“")):
        return True
    if len(phrase) < 3 or phrase.endswith(_PREDICATE_ENDS) or phrase.startswith(_PREDICATE_LEADS):
        return False
    words = tagged(phrase)
    if words[-1][1] not in _NOUNS:
        return False
    return all(flag != "vn" or word in _VERBAL_NOUNS for word, flag in words)


_REMARK = re.compile(r"[我你您他她说看让等要、，。！？]")
_WEAK_HEADS = ("层面", "习惯", "意见", "部分", "成员", "领域", "方面", "要求", "同志", "人员")


def _is_object(fact: str, text: str, starts: set[int]) -> bool:
    """A fact that can stand as what a measure works on."""
    if fact.startswith("《"):
        return True
    if fact[0] in '“"':
        inner = fact[1:-1]
        return 2 <= len(inner) <= 6 and not _REMARK.search(inner) and bool(key_terms(inner))
    if not re.search(r"[项目程台线区]$", fact) or re.match(
        r"[0-9０-９一二三四五六七八九十两]", fact
    ):
        return False
    return text.find(fact) in starts  # 对外合作项目 must not give 外合作项目


def _word_starts(text: str) -> set[int]:
    from selfreview.wordseg import words

    starts, at = set(), 0
    for word in words(text):
        starts.add(at)
        at += len(word)
    return starts


_NOUNS = ("n", "nz", "nt", "ns", "j")
_GENERIC_NOUNS = ("问题", "工作", "情况", "时")
_VERBAL_NOUNS = frozenset({"学习", "建设", "管理", "改革", "监督", "教育", "培训", "研讨"})
"""Words jieba tags as verbs that stand as nouns inside a phrase (理论学习中心组)."""
_AMOUNTS = frozenset({"多", "少", "等", "较多", "较少", "偏多", "偏少"})
_BOUND = ("n", "nr", "ns", "nz", "nt", "vn", "a", "b", "d", "m", "q", "eng", "j", "l", "i")
"""Flags of a word that binds to a noun beside it ("高峰" of 高峰时段, "慢" of 慢特病, "号" of
公众号): a phrase next to one is a piece cut out of a longer one."""


def _nouns(text: str, shortest: int = 4) -> list[str]:
    """Noun phrases of ``text`` in order: runs of jieba nouns (n/nz/nt/ns, a verbal noun
    inside), ``shortest``-12 characters, starting and ending with a noun of two characters
    or more, and cut at word boundaries only: a run whose neighbour binds to it (a noun, an
    attribute, a numeral) is part of a longer phrase and gives none ("高峰时段患者排队" gives
    no "时段患者排队", "党组理论学习中心组" no "党组理论")."""
    from selfreview.wordseg import tagged

    words = [*tagged(text), ("。", "x")]
    phrases: list[str] = []
    start = 0
    for end, (word, flag) in enumerate(words):
        if (flag in (*_NOUNS, "vn") or word in _VERBAL_NOUNS) and word not in _GENERIC_NOUNS:
            continue
        first, last = start, end  # the run is words[first:last]
        start = end + 1
        while first < last and (len(words[first][0]) < 2 or words[first][1] not in _NOUNS):
            first += 1
        while first < last and (
            words[last - 1][1] not in _NOUNS or words[last - 1][0].endswith(_WEAK_HEADS)
        ):
            last -= 1
        if first >= last or _binds(words, first - 1) or _binds(words, last):
            continue
        phrase = "".join(w for w, _ in words[first:last])
        if shortest <= len(phrase) <= 12 and key_terms(phrase) and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def _binds(words: Sequence[tuple[str, str]], at: int) -> bool:
    """Whether the word at ``at`` (a neighbour of a phrase) binds to it."""
    if not 0 <= at < len(words):
        return False
    word, flag = words[at]
    if word in _GENERIC_NOUNS or word in _AMOUNTS or word.endswith(_WEAK_HEADS):
        return False
    if flag == "m" and any(ch.isdigit() for ch in word):
        return False  # a count after a noun (集中学习10次) makes no compound of it
    return flag in _BOUND and any(ch.isalnum() for ch in word)


def measure_body(
    bank_body: str,
    problems: Sequence[Problem],
    proposals: Sequence[str],
    stock: Collection[str] = (),
) -> str:
    """A measure's body: the objects it answers, the bank's commitment, the notes' advice
    (``stock``: the bank's headlines, which name no object)."""
    lead = ""
    objects = problem_objects(problems, stock=stock)
    if objects:
        lead = f"围绕{'、'.join(objects)}，"
    taken = "；".join(proposals[:3])
    tail = f"；吸收征求意见中的建议，{taken}" if taken else ""
    return f"{lead}{bank_body}{tail}"


def subjects(voice: Voice, words: VoiceWords) -> cycle[str]:
    """The subjects to use in turn: collective materials vary them, personal ones say 我."""
    return cycle(COLLECTIVE_SUBJECTS if voice is Voice.COLLECTIVE else (words.who,))
