"""Which bank themes an aspect may use, and a headline of the opinion's own words.

An outline's scope names what each aspect covers ("党性修养，党内政治生活，批评和自我批评");
a bank theme whose subject (党内政治生活 of 党内政治生活不够严格) the scope names belongs
to that aspect, whatever bank topic the aspect is drafted from, and an opinion that fits
such a theme best is drafted there (issue 13, item 3: attachment by meaning). When no
theme fits an opinion, its headline is taken from its own main clause
("对村级党组织建设指导不够"), never from the aspect's name alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from selfreview.drafting.examples import opinion_parts
from selfreview.drafting.phrasebank import PhraseBank, Theme
from selfreview.drafting.segment import segment
from selfreview.outline import Aspect
from selfreview.predicates import (
    clauses,
    concrete_facts,
    key_terms,
    sentences,
    shares_key_term,
    strip_reporting_frame,
)
from selfreview.schema import Opinion

_SUBJECT = re.compile(
    r"^(.{2,}?)(?:工作|执行|落实|推进|履行|要求|意识|作风|问题|力度)?"
    r"(?:不够|不到位|不紧|有差距|仍|偏宽|过多|抓得|办法不多)"
)
MIN_SUBJECT = 4
"""A theme subject shorter than this (学习, 担当) is too common to name one theme."""


def theme_subject(headline: str) -> str:
    """What a bank headline is about: 党内政治生活 of 党内政治生活不够严格 ("" if unknown)."""
    match = _SUBJECT.match(headline)
    subject = match.group(1) if match else ""
    return subject if len(subject.strip("“”")) >= MIN_SUBJECT else ""


def _names(aspect: Aspect, subject: str) -> bool:
    return bool(subject) and (subject in aspect.scope or subject in aspect.name)


def aspect_themes(
    aspect: Aspect, own: Sequence[Theme], bank: PhraseBank, absent: Collection[str] = ()
) -> list[Theme]:
    """The aspect's topic themes, then every other bank theme whose subject its scope names
    and that no theme of its own already covers, then, from an ``absent`` topic (one no
    aspect of the outline is drafted from) the scope already took a theme of, every theme
    that shares two keywords (weak words aside) with the aspect's own: the scope of 敬畏人民、
    敬畏组织、敬畏法纪 names 廉洁自律 and its keywords list 接待, 公车, 宴请, so 厉行勤俭节约
    不到位 is drafted there when no aspect is drafted from 纪律规矩."""
    themes = list(own)
    subjects = {theme_subject(t.headline)[:MIN_SUBJECT] for t in themes} - {""}
    named: set[str] = set()  # topics the scope names a theme of
    for topic_id, topic in bank.topics.items():
        for theme in topic.problems:
            subject = theme_subject(theme.headline)
            if _names(aspect, subject) and subject[:MIN_SUBJECT] not in subjects:
                themes.append(theme)
                subjects.add(subject[:MIN_SUBJECT])
                named.add(topic_id)
    wanted = set(aspect.keywords) - set(bank.weak_words)
    headlines = {t.headline for t in themes}
    for topic_id in [t for t in absent if t in named]:
        for theme in bank.topics[topic_id].problems:
            subject = theme_subject(theme.headline)[:MIN_SUBJECT]
            if theme.headline in headlines or (subject and subject in subjects):
                continue  # 意识形态工作抓得不紧 beside 意识形态责任制落实不到位: one is enough
            if len(wanted & set(theme.keywords)) >= 2:
                themes.append(theme)
                headlines.add(theme.headline)
                subjects.add(subject)
    return themes


def theme_owners(aspects: Sequence[Aspect], themes: Sequence[Theme]) -> dict[str, int]:
    """Theme headline -> index of the one aspect whose scope names its subject (when one)."""
    owners: dict[str, int] = {}
    for theme in themes:
        named = [n for n, a in enumerate(aspects) if _names(a, theme_subject(theme.headline))]
        if len(named) == 1:
            owners[theme.headline] = named[0]
    return owners


_UNIT_SUBJECT = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,3}(?:里|党委|党组|领导班子|班子|班子成员)|我们|我)(?=[\u4e00-\u9fff])"
)
_TIME_LEAD = re.compile(r"^(?:今年|去年|目前|现在|平时|近年来|有时|一直)[，,]?")
_SHORTFALL = re.compile(
    r"不够|不足|不到位|不及时|不力|不严|不实|不紧|不高|不强|不公开|不规范|缓慢|滞后|太多|过多"
    r"|偏多|较多|太少|过少|较少|偏少|死角|漂浮|薄弱|没有|未能|生硬|粗暴|随意|不[\u4e00-\u9fff]"
    r"|突出|偏长|偏高|偏紧|超期|迟迟|来回跑|倾斜|疲于应付|负担重|未经|停在|流于形式"
    r"|走过场|打折扣|两张皮|一刀切|脱节|代替"
)
_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十两百千万几多]")
_SAYER = re.compile(
    r"^(?:企业|群众|职工|居民|村民|家长|学生|患者|纳税人|干部|基层|社区|大家)(?:普遍)?"
    r"(?:认为|反映|觉得|表示)(?=[\u4e00-\u9fff])"
)
_SOME = re.compile(r"^(?:有的|个别|部分|一些|少数)")
_LATE = re.compile(r"才(?:有人|给|把)?([\u4e00-\u9fff]{2,6})$")
MAX_HEADLINE = 18


def own_headline(opinions: Sequence[Opinion]) -> str:
    """A headline in the words of the first opinion (the one that opened the group): its
    first clause that states a shortfall in at most :data:`MAX_HEADLINE` characters (a
    longer one from its last 的 on: "…公众号的内容审核不严" -> "内容审核不严"), without a
    figure (a named object or a quoted term may stand: "对外合作项目审批程序不严格"), a
    name or a "有的…" (which would widen it to everyone), its unit subject
    dropped ("镇里对企业的检查太多" -> "对企业的检查太多"), and cut after its last 时 or 的
    when the rest of the sentence shares no word with it, so that the example, which loses
    a clause saying the headline again, stays about it; else a late answer ("过了一个月
    才有人回电话" -> "回电话不及时"). "" when no clause says what the shortfall is: the
    caller keeps the bank's generic headline then, and when another opinion of the group
    shares fewer than two content words with it.
    """
    if not opinions:
        return ""
    headline = _own_headline(opinions[0])
    said = key_terms(headline)
    if any(len(key_terms(strip_reporting_frame(o.text)) & said) < 2 for o in opinions[1:]):
        return ""  # the group is about more than the first opinion: no headline says it all
    return headline


def _own_headline(opinion: Opinion) -> str:
    late = ""
    parts = opinion_parts(opinion.text)
    for sentence in (*parts.concrete, *parts.general):
        pieces = clauses(strip_reporting_frame(sentence))
        for n, clause in enumerate(pieces):
            text = clause.strip("，,；;。 ")
            rest = "".join(pieces[n + 1 :])
            if rest and not shares_key_term(rest, text):  # the example would lose it
                *before, text = re.split(r"([时的])", text)
                if before and before[-1] == "时":  # 执法人员在检查时态度生硬: keep who
                    text = f"{_agent(''.join(before))}{text}"
            text = _UNIT_SUBJECT.sub("", _TIME_LEAD.sub("", _SAYER.sub("", text)))
            if not late and concrete_facts(text) and (match := _LATE.search(text)):
                late = f"{match.group(1)}不及时"
            if len(text) > MAX_HEADLINE and "的" in text:
                text = text.rsplit("的", 1)[1]
            if re.search(r"[0-9０-９\"某]", text) or any(
                _NUMERAL.search(fact) for fact in concrete_facts(text) if fact[0] not in "“《"
            ):
                continue  # a named project or a quoted term may stand in it, a figure not
            if _SOME.match(text) or not 4 <= len(text) <= MAX_HEADLINE:
                continue
            if _SHORTFALL.search(text) and key_terms(text):
                return text
    return late


def _agent(clause: str) -> str:
    """Who acts in a clause "X在…时…" (路政执法人员 of 路政执法人员在治超检查时态度生硬): a
    noun phrase of the clause's own words before 在/于, "" when there is none or it is a
    unit or a "有的" subject (the headline keeps only its predicate then)."""
    from selfreview.wordseg import tagged

    match = re.match(r"([\u4e00-\u9fff]{2,8}?)(?:在|于)", clause)
    if not match:
        return ""
    who = match.group(1)
    if _SOME.match(who) or _UNIT_SUBJECT.match(who) or _NUMERAL.search(who):
        return ""
    return who if tagged(who)[-1][1] in ("n", "nz", "nt", "j") else ""


class ThemeFit:
    """How well a reported text fits each of some themes: the theme's keywords scored over
    the whole text and again over its main clause, plus the content words it shares with
    the theme's headline and elaboration."""

    def __init__(self, themes: Sequence[Theme], weak: Sequence[str] = ()) -> None:
        self.weak = frozenset(weak)
        self.lexicons = [{word: 1.0 for word in theme.keywords} for theme in themes]
        self.vocabulary = {word for lexicon in self.lexicons for word in lexicon}
        self.terms = [key_terms(f"{t.headline}。{t.body}") | set(t.keywords) for t in themes]

    def best(self, reported: str) -> int | None:
        """Index of the best-fitting theme, or None when none scores or shares a term."""
        scores = self.scores(reported)
        if not scores:
            return None
        terms = key_terms(reported)
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        return best if scores[best] > 0 and terms & self.terms[best] else None

    def keywords_in(self, reported: str, index: int) -> int:
        """How many distinct keywords of theme ``index`` the text holds."""
        return sum(word in reported for word in self.lexicons[index])

    def scores(self, reported: str) -> list[float]:
        """Each theme's score for ``reported`` (empty when there is no text or no theme)."""
        if not reported or not self.lexicons:
            return []
        parts = attachment_parts(reported, self.vocabulary)
        terms = key_terms(reported)
        return [
            attachment_score(parts, lexicon, self.weak) + 0.5 * len(terms & self.terms[index])
            for index, lexicon in enumerate(self.lexicons)
        ]


WEAK_FACTOR = 0.25
"""What a weak word (see :attr:`PhraseBank.weak_words`) counts of its weight."""


def score(
    tokens: Counter[str],
    text: str,
    lexicon: dict[str, float],
    weak: frozenset[str] = frozenset(),
) -> float:
    """Lexicon score: token hits (at most two per word), half weight for substring-only
    hits; a ``weak`` word counts :data:`WEAK_FACTOR`, and hits of weak words only score 0
    (a generic word such as 制度 or 组织 never decides what an opinion is about)."""
    total = 0.0
    strong = False
    for word, weight in lexicon.items():
        hits = tokens.get(word, 0)
        if hits:
            got = weight * min(hits, 2)
        elif len(word) >= 2 and word in text:
            got = weight / 2
        else:
            continue
        if word in weak:
            got *= WEAK_FACTOR
        else:
            strong = True
        total += got
    return total if strong else 0.0


def subject_head(text: str) -> str:
    """What the opinion is about: the first clause that states a shortfall, before the
    shortfall, from the last 的 on ("药品采购等环节的廉洁风险排查不够深入" -> "廉洁风险排查");
    the main clause when no clause states one."""
    pieces = clauses(next(iter(sentences(strip_reporting_frame(text))), text))
    found = None
    for piece in pieces:
        if found := _SHORTFALL.search(piece):
            region = piece[: found.start()].strip("，,；;。 ")
            break
    if found is None:
        region = main_clause(text)
    if "的" in region and len(tail := region.rsplit("的", 1)[1]) >= 2:
        region = tail
    return region


@dataclass(frozen=True)
class Parts:
    """The pieces :func:`attachment_score` weighs, segmented once: the whole text, its
    main clause and the head of the clause stating the shortfall (:func:`subject_head`),
    so that a word in a modifier or a later clause weighs less than the one the opinion is
    about; ``head_word`` is the last lexicon word of the head, which counts in full even
    when it is a weak word (检查 of "对企业的检查太多")."""

    pieces: tuple[tuple[Counter[str], str], ...]
    head_word: str


def attachment_parts(text: str, vocabulary: Collection[str] = ()) -> Parts:
    """Segment ``text`` for :func:`attachment_score`; ``vocabulary``: every lexicon word."""
    head = subject_head(text)
    head_tokens = segment(head)
    known = [t for t in head_tokens if t in vocabulary]
    pieces = (
        (Counter(segment(text)), text),
        (Counter(segment(main_clause(text))), main_clause(text)),
    )
    return Parts((*pieces, (Counter(head_tokens), head)), known[-1] if known else "")


def attachment_score(parts: Parts, lexicon: dict[str, float], weak: frozenset[str]) -> float:
    """How strongly ``lexicon`` says what the text of ``parts`` is about."""
    *rest, (head_tokens, head) = parts.pieces
    total = sum(score(tokens, piece, lexicon, weak) for tokens, piece in rest)
    return total + score(head_tokens, head, lexicon, weak - {parts.head_word})


def main_clause(text: str) -> str:
    """The opinion's first clause after any reporting frame: what it is mainly about."""
    first = next(iter(sentences(strip_reporting_frame(text))), text)
    return re.split(r"[，,：:]", first, maxsplit=1)[0]
