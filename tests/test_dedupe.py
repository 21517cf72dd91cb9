"""Merging near-duplicate opinions before the model sees them."""

from __future__ import annotations

import re
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from selfreview.llm.dedupe import THRESHOLD, merge_near_duplicates
from selfreview.schema import Opinion, Origin
from thoroughness import examples


def opinions(*texts: str) -> list[Opinion]:
    return [
        Opinion(id=f"O{n}", text=text or " ", origin=Origin(file="notes.txt", line=n))
        for n, text in enumerate(texts, 1)
    ]


def grouped_ids(texts: list[str]) -> list[list[str]]:
    return [g.ids for g in merge_near_duplicates(opinions(*texts))]


BASE = "部分班子成员深入基层调研不够，对群众反映的停车难问题回应不及时"


def test_punctuation_and_whitespace_differences_are_merged() -> None:
    texts = [
        BASE,
        "部分班子成员深入基层调研不够；对群众反映的“停车难”问题回应不及时。",
        "部分班子成员 深入基层调研不够,\n对群众反映的停车难问题 回应不及时!",
    ]
    assert grouped_ids(texts) == [["O1", "O2", "O3"]]


def test_a_few_changed_characters_are_merged() -> None:
    texts = [BASE, "部分班子成员深入基层调研不足，对群众反映的停车难问题回应不够及时"]
    assert grouped_ids(texts) == [["O1", "O2"]]


def test_different_opinions_are_kept_apart() -> None:
    texts = [
        BASE,
        "会议多、文件多，基层干部疲于应付各类检查考核",
        "理论学习存在以干代学现象，学习笔记流于形式",
        "部分班子成员深入基层调研不够",  # the same start, but half the opinion is missing
    ]
    assert grouped_ids(texts) == [["O1"], ["O2"], ["O3"], ["O4"]]


def test_order_is_first_seen_and_first_member_is_the_representative() -> None:
    texts = [
        "会议多、文件多，基层干部疲于应付各类检查考核",
        BASE,
        "会议多，文件多，基层干部疲于应付各类检查考核。",
        "理论学习存在以干代学现象，学习笔记流于形式",
        BASE + "。",
    ]
    groups = merge_near_duplicates(opinions(*texts))
    assert [g.ids for g in groups] == [["O1", "O3"], ["O2", "O5"], ["O4"]]
    assert [g.first.id for g in groups] == ["O1", "O2", "O4"]
    assert groups[1].first.text == BASE
    assert [o.id for o in groups[1].others] == ["O5"]


def test_chains_of_near_duplicates_end_up_in_one_group() -> None:
    # a ~ b and b ~ c: one group, even if a and c alone would fall under the threshold.
    a = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯"
    b = a[:-1] + "辰"
    c = b[:-2] + "巳午"
    groups = grouped_ids([a, c, b])
    assert groups == [["O1", "O2", "O3"]]


def test_empty_and_one_character_texts_do_not_crash() -> None:
    texts = ["。", "好", "好", "！！", "", "差", "好。"]
    groups = grouped_ids(texts)
    flat = [i for g in groups for i in g]
    assert sorted(flat, key=lambda i: int(i[1:])) == [f"O{n}" for n in range(1, 8)]
    # identical single characters are the same opinion; punctuation-only texts stay alone
    assert ["O2", "O3", "O7"] in groups
    assert ["O1"] in groups and ["O4"] in groups and ["O5"] in groups and ["O6"] in groups


def test_no_opinions_no_groups() -> None:
    assert merge_near_duplicates([]) == []


def test_threshold_one_merges_only_same_bigrams() -> None:
    texts = [BASE, BASE + "！", BASE[:-1] + "时候"]
    groups = [g.ids for g in merge_near_duplicates(opinions(*texts), threshold=1.0)]
    assert groups == [["O1", "O2"], ["O3"]]


# -- properties --------------------------------------------------------------------------


def _bigrams(text: str) -> frozenset[str]:
    core = re.sub(r"[\s\W_]+", "", text)
    if len(core) < 2:
        return frozenset({core}) if core else frozenset()
    return frozenset(core[i : i + 2] for i in range(len(core) - 1))


def _components(texts: list[str], threshold: float) -> list[set[int]]:
    """Brute force: connected components of the pairwise-similarity graph."""
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    grams = [_bigrams(t) for t in texts]
    for i, j in combinations(range(len(texts)), 2):
        union = grams[i] | grams[j]
        if union and len(grams[i] & grams[j]) / len(union) >= threshold:
            parent[root(i)] = root(j)
    comps: dict[int, set[int]] = {}
    for i in range(len(texts)):
        comps.setdefault(root(i), set()).add(i)
    return list(comps.values())


ALPHABET = "会议多文件少学习调研基层群众问题干部作风纪律形式主义官僚落实整改，。 "


@st.composite
def near_duplicate_texts(draw: st.DrawFn) -> list[str]:
    """A few base sentences and copies of them with a few characters changed."""
    bases = draw(
        st.lists(st.text(alphabet=ALPHABET, min_size=0, max_size=20), min_size=1, max_size=3)
    )
    texts = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        text = list(draw(st.sampled_from(bases)))
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            where = draw(st.integers(min_value=0, max_value=len(text)))
            char = draw(st.sampled_from(ALPHABET))
            if draw(st.booleans()) and where < len(text):
                text[where] = char
            else:
                text.insert(where, char)
        texts.append("".join(text))
    return texts


texts_strategy = near_duplicate_texts()


@settings(max_examples=examples(300), deadline=None)
@given(texts_strategy)
def test_every_opinion_is_in_exactly_one_group_in_first_seen_order(texts: list[str]) -> None:
    ops = opinions(*texts)
    groups = merge_near_duplicates(ops)
    flat = [i for g in groups for i in g.ids]
    assert sorted(flat) == sorted(o.id for o in ops)
    assert len(flat) == len(set(flat))
    index = {o.id: n for n, o in enumerate(ops)}
    firsts = [index[g.first.id] for g in groups]
    assert firsts == sorted(firsts)
    for group in groups:
        members = [index[i] for i in group.ids]
        assert members == sorted(members)


@settings(max_examples=examples(300), deadline=None)
@given(texts_strategy, st.sampled_from([0.5, 0.7, THRESHOLD, 0.9]))
def test_groups_are_exactly_the_similarity_components(texts: list[str], threshold: float) -> None:
    # The prefix filter is a speed-up only: it must find every pair a full comparison finds.
    groups = merge_near_duplicates(opinions(*texts), threshold=threshold)
    got = sorted(sorted(int(i[1:]) - 1 for i in g.ids) for g in groups)
    expected = sorted(sorted(c) for c in _components(texts, threshold))
    assert got == expected
