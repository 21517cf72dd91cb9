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
