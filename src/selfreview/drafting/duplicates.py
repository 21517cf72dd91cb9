"""Opinions given twice in the notes (issue 13: duplicates are merged, not written twice).

Two opinions are the same when their texts, reporting frames and punctuation aside, are
near-identical and neither holds a fact the other lacks; the first one is drafted and the
later copies are cited with it. Candidates are looked for only among texts with the same
opening, so that thousands of opinions stay linear.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from selfreview.predicates import normalise_quotes, reported_facts, strip_reporting_frame
from selfreview.schema import Opinion


def fingerprint(text: str) -> str:
    """The opinion's words and figures only: no frame, punctuation or spaces."""
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", strip_reporting_frame(text))


def merge_duplicates(opinions: Sequence[Opinion], skip: Sequence[Opinion]) -> list[Opinion]:
    """The opinions to sort: last year's and later copies of the same opinion left out."""
    copies = {c for ids in duplicate_ids(opinions, skip).values() for c in ids}
    skipped = {o.id for o in skip}
    return [o for o in opinions if o.id not in skipped and o.id not in copies]


def _same_opinion(a: str, b: str) -> bool:
    """The same opinion given twice: near-identical text, no fact of either missing in the other."""
    if a == b:
        return True
    if _facts_of(a) != _facts_of(b):
        return False
    matcher = SequenceMatcher(None, a, b)
    return (
        matcher.real_quick_ratio() >= 0.7
        and matcher.quick_ratio() >= 0.7
        and (matcher.ratio() >= 0.7)
    )


@lru_cache(maxsize=65536)
def _facts_of(fingerprint: str) -> frozenset[str]:
    return frozenset(normalise_quotes(f) for f in reported_facts(fingerprint))


def duplicate_ids(opinions: Sequence[Opinion], skip: Sequence[Opinion]) -> dict[str, list[str]]:
    """First id of each repeated opinion text -> the ids of its later copies."""
    first: dict[str, str] = {}
    buckets: dict[str, list[str]] = defaultdict(list)  # same opening: near-copy candidates
    copies: dict[str, list[str]] = defaultdict(list)
    skipped = {o.id for o in skip}
    for opinion in opinions:
        if opinion.id in skipped:
            continue
        key = fingerprint(opinion.text)
        bucket = buckets[key[:6]]
        original = key if key in first else next((k for k in bucket if _same_opinion(k, key)), None)
        if original is not None:
            copies[first[original]].append(opinion.id)
        else:
            first[key] = opinion.id
            bucket.append(key)
    return dict(copies)


MAX_CANDIDATES = 10
"""Per opinion, at most this many others (those sharing most content words) are compared."""


def restatements(opinions: Sequence[Opinion]) -> dict[str, list[str]]:
    """Opinion id -> the ids of later-drafted opinions that only say it again, across the
    whole material (the same fact may have been sorted under two aspects).

    One opinion restates another when it holds no fact the other lacks and fewer or as
    many facts, its main point (first clause) is written again in the other, and each of
    its other clauses shares a content word with it (its frame included): "急诊科夜间只有
    一台CT机，患者等候时间长，群众反映强烈" restates "急诊科夜间只有1台CT机运行，高峰时段
    患者排队超过2小时". The one with more facts (the earlier on a tie) is kept and the
    restating one cited with it; one level only (a kept opinion restates nothing).
    """
    from selfreview.drafting.examples import opinion_parts
    from selfreview.predicates import clauses, key_terms, missing_facts, shares_key_term

    reported: dict[str, str] = {}
    for opinion in opinions:
        parts = opinion_parts(opinion.text)
        if parts.concrete or parts.general:
            reported[opinion.id] = "，".join((*parts.concrete, *parts.general))
    raw = {o.id: o.text for o in opinions}
    terms = {oid: key_terms(text) for oid, text in reported.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for oid, mine in terms.items():
        for term in mine:
            index[term].append(oid)
    facts = {oid: len(reported_facts(text)) for oid, text in reported.items()}
    order = {o.id: n for n, o in enumerate(opinions)}
    kept_by: dict[str, str] = {}
    keepers: set[str] = set()
    for oid, text in reported.items():
        if oid in keepers:
            continue  # one level only: what restates it is cited where it is written
        shared: dict[str, int] = defaultdict(int)
        for term in terms[oid]:
            for other in index[term]:
                if other != oid:
                    shared[other] += 1
        candidates = sorted((o for o, n in shared.items() if n >= 2), key=lambda o: -shared[o])
        for other in candidates[:MAX_CANDIDATES]:
            if (facts[other], -order[other]) <= (facts[oid], -order[oid]):
                continue  # only the one with more facts (the earlier on a tie) is kept
            if other in kept_by:
                continue
            pieces = clauses(text)
            main = pieces[0].strip("，,；;。 ")
            matcher = SequenceMatcher(None, main, reported[other], autojunk=False)
            if matcher.quick_ratio() * (len(main) + len(reported[other])) < 1.2 * len(main):
                continue  # an upper bound of the characters of the main point said again
            said = sum(block.size for block in matcher.get_matching_blocks())
            if said < 0.6 * len(main) or missing_facts(text, reported[other]):
                continue
            if all(shares_key_term(piece, raw[other]) for piece in pieces[1:]):
                kept_by[oid] = other
                keepers.add(other)
                break
    merged: dict[str, list[str]] = defaultdict(list)
    for oid, other in kept_by.items():
        merged[other].append(oid)
    return dict(merged)
