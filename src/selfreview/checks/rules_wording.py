"""Rules for slips a hand-written or copied material carries: 的/地/得 misuse and line breaks
that a PDF copy left inside the title or a book name 《…》."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from selfreview.checks.config import RuleConfig
from selfreview.checks.model import CheckTarget, Finding
from selfreview.checks.walk import pieces

_BROKEN_BOOK_RE = re.compile(r"《[^《》]*\s[^《》]*》|《[^《》]*$")
_QUOTE_SIDE = 10


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def particle_misuse(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """的/地/得 used for one another ("很好地示范带头作用" where 的 is meant).

    Each pattern in ``params.patterns`` is ``{pattern, use}``: a regex whose group
    ``particle`` is the wrong character and the character to use instead.
    """
    entries = [e for e in rule.params.get("patterns", []) if isinstance(e, dict)]
    compiled = _compiled(tuple(str(e["pattern"]) for e in entries))
    for piece in pieces(target):
        if piece.section == "heading":
            continue
        for entry, pattern in zip(entries, compiled, strict=True):
            for match in pattern.finditer(piece.text):
                wrong = match.group("particle")
                yield rule.say(
                    piece.location, phrase=match.group(0), wrong=wrong, right=str(entry["use"])
                )


def broken_line(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A title or book name 《…》 broken by a line break (or a space) from a PDF copy."""
    material = target.material
    endings = tuple(rule.words("title_endings"))
    title = material.title
    head = material.preamble.split("\n", 1)[0].strip() if material.preamble else ""
    if re.search(r"\s", title.strip()) or (
        endings
        and not title.endswith(endings)
        and len(head) <= 10
        and (title + head).endswith(endings)
    ):
        whole = re.sub(r"\s+", "", title) + (head if not title.endswith(endings) else "")
        for piece in pieces(target):
            if piece.section == "title":
                yield rule.say(piece.location, what="标题", text=whole)
                break
    for piece in pieces(target):
        if piece.section == "title":
            continue
        for match in _BROKEN_BOOK_RE.finditer(piece.text):
            yield rule.say(piece.location, what="书名", text=_around_break(match.group(0)))


def _around_break(text: str) -> str:
    """The text around its first break, with a line break shown as ↵ and spaces kept."""
    shown = re.sub(r"\s*\n\s*", "↵", text)
    shown = re.sub(r"[ \t\u3000]+", " ", shown)
    at = next((i for i, ch in enumerate(shown) if ch in "↵ "), len(shown))
    start = max(0, at - _QUOTE_SIDE)
    end = at + _QUOTE_SIDE + 1
    return ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")


_DANGLING_DE_RE = re.compile(r"(?:^|(?<=[，,。；;：:、（(“]))\s*的(?!确|士|的确)[^，,。；;]{0,8}")


def dangling_de(target: CheckTarget, rule: RuleConfig) -> Iterator[Finding]:
    """A 的 with nothing before it ("…，的某某说"): what it belonged to, often a name, phone
    number or ID removed for privacy, is gone and the sentence is broken."""
    for piece in pieces(target):
        if piece.section in ("title", "heading"):
            continue
        for match in _DANGLING_DE_RE.finditer(piece.text):
            start = max(0, match.start() - 4)
            shown = piece.text[start : match.end()].strip()
            yield rule.say(piece.location, text=("…" if start else "") + shown)
