"""Rules that read the wording: placeholders, voice, 先扬后抑, pledges, set phrases, punctuation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Location
from selfreview.checks.walk import pieces, problem_pieces
from selfreview.grounding import find_facts
from selfreview.placeholders import PLACEHOLDER_RE, find_placeholders
from selfreview.schema import Voice

_HALF_WIDTH_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])[,;:?!()](?=[\u4e00-\u9fff])|\"(?=[\u4e00-\u9fff])"
)

_MARK_NAMES = {
    ",": "逗号",
    ";": "分号",
    ":": "冒号",
    "?": "问号",
    "!": "叹号",
    "(": "左括号",
    ")": "右括号",
    '"': "引号",
}


def placeholder(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """【待补…】, xx, x成, D史 and the rule's extra patterns, anywhere in the text."""
    extra = [re.compile(p) for p in rule.words("extra_patterns")]
    for piece in pieces(target):
        found = find_placeholders(piece.text)
        found += [m.group(0) for pattern in extra for m in pattern.finditer(piece.text)]
        if found:
            shown = "、".join(f"“{p}”" for p in dict.fromkeys(found))
            yield rule.finding(piece.location, f"留有占位符或替代字 {shown}，定稿前须换成实际内容")


def voice(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """In personal material, blame shifted to 有的同志 / 部分同志 / 个别党员."""
    if target.voice is not Voice.PERSONAL:
        return
    phrases = rule.words("phrases")
    for piece in pieces(target):
        found = [p for p in phrases if p in piece.text]
        if found:
            shown = "、".join(f"“{p}”" for p in found)
            yield rule.finding(
                piece.location, f"个人材料中出现 {shown}，应以“我”为主语，查摆本人的问题"
            )


def praise_first(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """ "虽然…但…" and "取得了…成绩，但…" in problems and causes."""
    patterns = [re.compile(p) for p in rule.words("patterns")]
    for piece in pieces(target):
        if piece.section not in ("problem", "cause"):
            continue
        for pattern in patterns:
            match = pattern.search(piece.text)
            if match is not None:
                quoted = match.group(0) if len(match.group(0)) <= 30 else match.group(0)[:28] + "…"
                yield rule.finding(
                    piece.location, f"“{quoted}”先讲成绩再讲问题，冲淡了问题，建议直接写问题"
                )
                break


def empty_pledge(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Pledges such as 今后一定改正 in measures, causes or the closing."""
    phrases = sorted(rule.words("phrases"), key=len, reverse=True)
    for piece in pieces(target):
        if piece.section not in ("measure", "cause", "closing", "intro", "problem"):
            continue
        found = next((p for p in phrases if p in piece.text), None)
        if found is not None:
            yield rule.finding(
                piece.location, f"“{found}”是空洞表态，请写明具体怎么改、什么时候改完"
            )


def generic_phrase(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A set phrase in a problem that has neither an example nor any figure or date."""
    phrases = rule.words("phrases")
    for piece in problem_pieces(target):
        found = [p for p in phrases if p in piece.text]
        found = [p for p in found if not any(p != q and p in q for q in found)]
        if not found:
            continue
        problem = piece.item
        example = PLACEHOLDER_RE.sub("", getattr(problem, "example", "")).strip("，。 ")
        if example or find_facts(piece.text, names=False):
            continue
        shown = "、".join(f"“{p}”" for p in found)
        yield rule.finding(piece.location, f"{shown} 是常见套话，本条没有具体事例、数字或时间支撑")


def typography(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """Half-width , ; : ? ! ( ) and straight quotes between Chinese characters.

    One finding per kind of mark, with its count and where it first occurs (the finding's
    location is the first occurrence), instead of one per paragraph.
    """
    where: dict[str, list[Location]] = {}
    counts: Counter[str] = Counter()
    for piece in pieces(target):
        for mark in _HALF_WIDTH_RE.findall(piece.text):
            counts[mark] += 1
            places = where.setdefault(mark, [])
            if piece.location not in places:
                places.append(piece.location)
    shown_places = int(rule.params.get("positions", 3))
    for mark in sorted(counts, key=lambda m: -counts[m]):
        places = where[mark]
        first = "；".join(p.describe() for p in places[:shown_places])
        more = f" 等 {len(places)} 处段落" if len(places) > shown_places else ""
        yield rule.say(
            places[0],
            mark=mark,
            name=_MARK_NAMES.get(mark, "标点"),
            count=counts[mark],
            places=first + more,
        )
