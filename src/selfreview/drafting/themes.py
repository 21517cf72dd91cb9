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
from collections.abc import Sequence

from selfreview.drafting.examples import opinion_parts
from selfreview.drafting.phrasebank import PhraseBank, Theme
from selfreview.drafting.segment import segment
from selfreview.outline import Aspect
from selfreview.predicates import (
    clauses,
    concrete_facts,
    key_terms,
    sentences,
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


def aspect_themes(aspect: Aspect, own: Sequence[Theme], bank: PhraseBank) -> list[Theme]:
    """The aspect's topic themes, then every other bank theme whose subject its scope names
    and that no theme of its own already covers."""
    themes = list(own)
    subjects = {theme_subject(t.headline)[:MIN_SUBJECT] for t in themes} - {""}
    for topic in bank.topics.values():
        for theme in topic.problems:
            subject = theme_subject(theme.headline)
            if _names(aspect, subject) and subject[:MIN_SUBJECT] not in subjects:
                themes.append(theme)
                subjects.add(subject[:MIN_SUBJECT])
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
)
_SOME = re.compile(r"^(?:有的|个别|部分|一些|少数)")
_LATE = re.compile(r"才(?:有人|给|把)?([\u4e00-\u9fff]{2,6})$")
MAX_HEADLINE = 16


def own_headline(opinions: Sequence[Opinion]) -> str:
    """A headline in the words of the first opinion (the one that opened the group): its
    first clause that states a shortfall in at most :data:`MAX_HEADLINE` characters (a
    longer one from its last 的 on: "…公众号的内容审核不严" -> "内容审核不严"), without a
    figure, a name or a "有的…" (which would widen it to everyone), its unit subject
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
            if rest and not key_terms(rest) & key_terms(text):  # the example would lose it
                text = re.split(r"[时的]", text)[-1]
            text = _UNIT_SUBJECT.sub("", _TIME_LEAD.sub("", text))
            if not late and concrete_facts(text) and (match := _LATE.search(text)):
                late = f"{match.group(1)}不及时"
            if len(text) > MAX_HEADLINE and "的" in text:
                text = text.rsplit("的", 1)[1]
            if concrete_facts(text) or re.search(r"[0-9０-９“”\"《》某]", text):
                continue
            if _SOME.match(text) or not 4 <= len(text) <= MAX_HEADLINE:
                continue
            if _SHORTFALL.search(text) and key_terms(text):
                return text
    return late


class ThemeFit:
    """How well a reported text fits each of some themes: the theme's keywords scored over
    the whole text and again over its main clause, plus the content words it shares with
    the theme's headline and elaboration."""

    def __init__(self, themes: Sequence[Theme]) -> None:
        self.lexicons = [{word: 1.0 for word in theme.keywords} for theme in themes]
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
        main = main_clause(reported)
        tokens, main_tokens = Counter(segment(reported)), Counter(segment(main))
        terms = key_terms(reported)
        return [
            score(tokens, reported, lexicon)
            + score(main_tokens, main, lexicon)
            + 0.5 * len(terms & self.terms[index])
            for index, lexicon in enumerate(self.lexicons)
        ]


def score(tokens: Counter[str], text: str, lexicon: dict[str, float]) -> float:
    """Lexicon score: token hits (at most two per word), half weight for substring-only hits."""
    total = 0.0
    for word, weight in lexicon.items():
        hits = tokens.get(word, 0)
        if hits:
            total += weight * min(hits, 2)
        elif len(word) >= 2 and word in text:
            total += weight / 2
    return total


def main_clause(text: str) -> str:
    """The opinion's first clause after any reporting frame: what it is mainly about."""
    first = next(iter(sentences(strip_reporting_frame(text))), text)
    return re.split(r"[，,：:]", first, maxsplit=1)[0]
