"""Merging near-duplicate opinions before the model sees them.

Solicited opinions repeat themselves ("会议多、文件多" from five departments). Each group
is shown to the model once, under its first member, and every member's id is kept as a
source. Similarity is the Jaccard index of character bigrams; candidate pairs come from
each opinion's rarest bigrams (prefix filtering), so the cost stays near linear.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from selfreview.schema import Opinion

THRESHOLD = 0.8
_NOISE = re.compile(r"[\s\W_]+")


@dataclass
class OpinionGroup:
    """A representative opinion and the near-duplicates merged into it."""

    first: Opinion
    others: list[Opinion] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """Every merged opinion's id, representative first."""
        return [self.first.id, *(o.id for o in self.others)]


def _bigrams(text: str) -> frozenset[str]:
    core = _NOISE.sub("", text)
    if len(core) < 2:
        return frozenset({core}) if core else frozenset()
    return frozenset(core[i : i + 2] for i in range(len(core) - 1))


def merge_near_duplicates(
    opinions: Sequence[Opinion], threshold: float = THRESHOLD
) -> list[OpinionGroup]:
    """Group opinions whose bigram similarity reaches ``threshold``, in first-seen order."""
    grams = [_bigrams(o.text) for o in opinions]
    frequency: dict[str, int] = defaultdict(int)
    for gram_set in grams:
        for gram in gram_set:
            frequency[gram] += 1
    index: dict[str, list[int]] = defaultdict(list)
    parent = list(range(len(opinions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, gram_set in enumerate(grams):
        if not gram_set:
            continue
        # Two sets with Jaccard >= t share at least one of each set's rarest
        # len - ceil(t * len) + 1 members.
        prefix_len = len(gram_set) - int(threshold * len(gram_set) + 0.999999) + 1
        prefix = sorted(gram_set, key=lambda g: (frequency[g], g))[:prefix_len]
        seen: set[int] = set()
        for gram in prefix:
            for j in index[gram]:
                if j in seen:
                    continue
                seen.add(j)
                union = len(gram_set | grams[j])
                if union and len(gram_set & grams[j]) / union >= threshold:
                    parent[root(i)] = root(j)
            index[gram].append(i)
    groups: dict[int, OpinionGroup] = {}
    order: list[OpinionGroup] = []
    for i, opinion in enumerate(opinions):
        r = root(i)
        if r in groups:
            groups[r].others.append(opinion)
        else:
            groups[r] = OpinionGroup(first=opinion)
            order.append(groups[r])
    return order
