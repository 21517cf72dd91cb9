"""Stable placeholders for personal data: 〔人名1〕, 〔手机1〕, …, and back again.

One :class:`Redactor` serves one draft. :meth:`Redactor.prime` reads the notes in order
first, so that numbering follows the notes (and requests, hence cache keys, are the same on
every run whatever order parallel calls go out in); then every message is redacted with
:meth:`Redactor.redact` and every answer restored with :meth:`Redactor.restore`.

Placeholders use the tortoise-shell brackets 〔〕 with a kind word and a number. Models copy
them verbatim; they cannot be mistaken for the project's 【待补…】 placeholder, and document
numbers such as 〔2021〕12号 have no kind word. An answer may write them with other
brackets (【人名1】, [人名1]); those are restored too.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from selfreview.errors import UnknownPlaceholderError
from selfreview.privacy.detect import Finding, Kind, find_names, find_numbers

OPEN, CLOSE = "〔", "〕"
_KINDS = "|".join(k.value for k in Kind)
_ANY_PLACEHOLDER_RE = re.compile(
    rf"(?P<open>[〔【\[［(（])\s*(?P<kind>{_KINDS})\s*(?P<n>[0-9]+)\s*(?P<close>[〕】\]］)）])"
    rf"|(?<![\u4e00-\u9fff])(?P<bare>{_KINDS})(?P<bn>[0-9]+)(?![0-9])"
)
MIN_PIECE = 4
"""Shortest piece of a number or address, cut off by "…", that is still replaced."""
_CUT_RE = re.compile(r"(?<!…)…(?!…)")
_TOKEN = r"[0-9A-Za-z@._+()-]+(?: [0-9A-Za-z@._+()-]+)*"
_TOKEN_END_RE = re.compile(_TOKEN + r"$")
_TOKEN_START_RE = re.compile(_TOKEN)


@dataclass(frozen=True)
class Replacement:
    """One original and its placeholder, with how often the notes contain it."""

    original: str
    placeholder: str
    kind: Kind
    count: int


class Redactor:
    """Maps personal data to stable placeholders for one draft (thread-safe)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._names: list[str] = []
        self._name_re: re.Pattern[str] | None = None
        self._by_key: dict[tuple[Kind, str], str] = {}
        self._original: dict[str, tuple[Kind, str]] = {}
        self._forms: dict[str, str] = {}
        """Every written form seen -> its placeholder (for texts cut off with "…")."""
        self._numbers: Counter[Kind] = Counter()
        self.counts: Counter[str] = Counter()
        """Placeholder -> occurrences in the primed texts."""
        self.primed = False
        """Whether :meth:`prime` has read the notes (else names are learnt per request)."""
        self._lock = threading.RLock()
        self.add_names(names)

    # -- learning ----------------------------------------------------------------------

    def add_names(self, names: Iterable[str]) -> None:
        """Treat every name in ``names`` as a person's name wherever it occurs."""
        with self._lock:
            for name in names:
                name = name.strip()
                if len(name) >= 2 and name not in self._names:
                    self._names.append(name)
                    self._name_re = None

    def prime(self, texts: Iterable[str]) -> list[str]:
        """Learn the names in ``texts`` (the notes), then number everything in their order.

        Returns the redacted texts; :attr:`counts` counts the originals in them.
        """
        texts = list(texts)
        with self._lock:
            for text in texts:
                self.add_names(find_names(text))
            redacted = []
            for text in texts:
                out, used = self._redact(text, issue=True)
                self.counts.update(used)
                redacted.append(out)
            self.primed = True
            return redacted

    def learn(self, text: str) -> None:
        """Learn the names of people in ``text`` (numbered when they are first redacted)."""
        with self._lock:
            self.add_names(find_names(text))

    # -- redacting and restoring --------------------------------------------------------

    def redact(self, text: str, *, issue: bool = True) -> str:
        """``text`` with every known name and every number found replaced by its placeholder.

        Numbers not seen before get a new placeholder unless ``issue`` is False (then only
        what is already known is replaced).
        """
        with self._lock:
            return self._redact(text, issue=issue)[0]

    def restore(self, text: str) -> str:
        """Put the originals back; raises :class:`UnknownPlaceholderError` for one never issued.

        Bracketed forms ([人名1], 【人名1】) and a bare 人名1 are restored too; only a
        bracketed unknown one is an error (a bare 电话1 may be ordinary text).
        """
        unknown: list[str] = []

        def put_back(match: re.Match[str]) -> str:
            bracketed = match.group("kind") is not None
            kind = match.group("kind") or match.group("bare")
            number = match.group("n") or match.group("bn")
            placeholder = f"{OPEN}{kind}{int(number)}{CLOSE}"
            known = self._original.get(placeholder)
            if known is not None:
                return known[1]
            if bracketed:
                unknown.append(match.group(0))
            return match.group(0)

        with self._lock:
            restored = _ANY_PLACEHOLDER_RE.sub(put_back, text)
        if unknown:
            raise UnknownPlaceholderError(list(dict.fromkeys(unknown)))
        return restored

    def replacements(self) -> list[Replacement]:
        """Every placeholder issued, in order of issue."""
        with self._lock:
            return [
                Replacement(original, placeholder, kind, self.counts[placeholder])
                for placeholder, (kind, original) in self._original.items()
            ]

    def _redact(self, text: str, *, issue: bool) -> tuple[str, list[str]]:
        spans: list[tuple[int, int, str]] = []
        taken = [False] * len(text)

        def claim(start: int, end: int, placeholder: str) -> None:
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                spans.append((start, end, placeholder))

        for finding in find_numbers(text):
            placeholder = self._placeholder(finding, issue=issue)
            if placeholder is not None:
                claim(finding.start, finding.end, placeholder)
        names = self._names_pattern()
        if names is not None:
            for match in names.finditer(text):
                name = match.group(0)
                found = Finding(Kind.NAME, match.start(), match.end(), name, name)
                placeholder = self._placeholder(found, issue=True)
                if placeholder is not None:
                    claim(match.start(), match.end(), placeholder)
        for start, end, placeholder in self._cut_off(text):
            claim(start, end, placeholder)
        spans.sort()
        out: list[str] = []
        last = 0
        for start, end, placeholder in spans:
            out += [text[last:start], placeholder]
            last = end
        out.append(text[last:])
        return "".join(out), [placeholder for _, _, placeholder in spans]

    def _placeholder(self, finding: Finding, *, issue: bool) -> str | None:
        placeholder = self._by_key.get((finding.kind, finding.key))
        if placeholder is None:
            if not issue:
                return None
            self._numbers[finding.kind] += 1
            placeholder = f"{OPEN}{finding.kind.value}{self._numbers[finding.kind]}{CLOSE}"
            self._by_key[(finding.kind, finding.key)] = placeholder
            self._original[placeholder] = (finding.kind, finding.text)
        self._forms.setdefault(finding.text, placeholder)
        return placeholder

    def _names_pattern(self) -> re.Pattern[str] | None:
        if self._name_re is None and self._names:
            ordered = sorted(self._names, key=len, reverse=True)
            self._name_re = re.compile("|".join(re.escape(n) for n in ordered))
        return self._name_re

    def _cut_off(self, text: str) -> list[tuple[int, int, str]]:
        """Pieces of known originals where a clipped text was cut with a single "…".

        The sort stage shows the start of an opinion or a window in it ("…办公室 张红…"),
        which may cut a name or a number. Replaced: a name's start before "…" or its end
        after it; any piece of at least 4 characters of a number or address next to "…".
        A doubled "……" is ordinary prose and left alone.
        """
        found: list[tuple[int, int, str]] = []
        if "…" not in text:
            return found
        forms = sorted(self._forms.items(), key=lambda f: -len(f[0]))
        for mark in _CUT_RE.finditer(text):
            cut = mark.start()
            for span in (self._piece_before(text, cut, forms), self._piece_after(text, cut, forms)):
                if span is not None:
                    found.append(span)
        return found

    def _piece_before(
        self, text: str, cut: int, forms: list[tuple[str, str]]
    ) -> tuple[int, int, str] | None:
        token = _TOKEN_END_RE.search(text, max(0, cut - 64), cut)
        for form, placeholder in forms:
            if self._original[placeholder][0] is Kind.NAME:
                for size in range(len(form) - 1, 1, -1):
                    if text[max(0, cut - size) : cut] == form[:size]:
                        return cut - size, cut, placeholder
            elif token and len(token.group(0)) >= MIN_PIECE and token.group(0) in form:
                return token.start(), cut, placeholder
        return None

    def _piece_after(
        self, text: str, cut: int, forms: list[tuple[str, str]]
    ) -> tuple[int, int, str] | None:
        token = _TOKEN_START_RE.match(text, cut + 1)
        for form, placeholder in forms:
            if self._original[placeholder][0] is Kind.NAME:
                for size in range(len(form) - 1, 1, -1):
                    if text[cut + 1 : cut + 1 + size] == form[-size:]:
                        return cut + 1, cut + 1 + size, placeholder
            elif token and len(token.group(0)) >= MIN_PIECE and token.group(0) in form:
                return token.start(), token.end(), placeholder
        return None
