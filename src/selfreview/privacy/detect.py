"""Detectors for personal data in notes: numbers by pattern and checksum, names by context.

Numbers (found anywhere, in any text):

- mobile numbers: 11 digits 1[3-9]x, optionally +86 / 86 and spaces or dashes (139 0000 1234);
- landlines with an area code: 010-12345678, (0531)8888888, 0571 8888 8888; a 7–8 digit
  number right after 电话/座机/联系方式 also counts;
- ID-card numbers: 18 characters, a valid birth date and the GB 11643 check character (an
  invalid check character is not an ID), also written in groups (110105 19491231 002X);
- bank card numbers: 16–19 digits (groups of four allowed) led by 3–6, Luhn-valid;
- e-mail addresses.

Ordinary figures never match: years, percentages, counts, amounts (1500万元), document
numbers (〔2021〕12号), 12345 hotlines, short numbers.

Names (found in the notes and the author line only, then replaced wherever they occur):

- speaker labels at the start of an opinion: "李明（副市长）：…", "王局长说：…", with the
  titles before the name ("党委副书记张三：…", "党委委员、武装部长 李四：…");
- a surname plus a title or 同志: "张三同志", "李明华书记", "张科长" (the whole word when the
  name is only a surname);
- jieba's person-name tag (nr) on surname-led words of 2–3 characters that are not common
  dictionary words (jieba's dictionary tags 杜绝, 方正, 宋体 as nr).

Already anonymised names (王某, 王某某) and the leaders named in political formulations
(习近平…) are not personal data here and are left as they are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from selfreview.grounding import _LEADERS, _NOT_NAMES, _SURNAMES, _TITLED_NAME_RE, _TITLES


class Kind(StrEnum):
    """What a piece of personal data is; the value is the word used in its placeholder."""

    NAME = "人名"
    MOBILE = "手机"
    LANDLINE = "电话"
    ID_CARD = "身份证"
    EMAIL = "邮箱"
    BANK_CARD = "银行卡"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a text: ``text[start:end]``, of ``kind``."""

    kind: Kind
    start: int
    end: int
    text: str
    key: str
    """The same person or number written differently has the same key (digits only, …)."""


_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)
_ID_RE = re.compile(
    # groups of 6, 8 (or 4 + 4) and 4 may be set apart by a space or a dash
    _EDGE_BEFORE + r"[1-9][0-9]{5}[ -]?(?:18|19|20)[0-9]{2}[ -]?(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[ -]?[0-9]{3}[0-9Xx]" + _EDGE_AFTER
)
_DIGIT_RUN_RE = re.compile(_EDGE_BEFORE + r"[0-9]+(?:[ -][0-9]+)*" + _EDGE_AFTER)
_MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}"
    + _EDGE_AFTER
    + r"(?!\s*(?:万|亿|元|%))"
)
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE_RE = re.compile(
    _EDGE_BEFORE + rf"(?:\({_AREA}\)\s?|{_AREA}[ -]?)[2-9][0-9]{{2,3}}[ -]?[0-9]{{4}}"
    r"(?:(?:-|转)[0-9]{1,5})?" + _EDGE_AFTER
)
_LABELLED_PHONE_RE = re.compile(
    r"(?:电话|座机|联系方式|办公电话|Tel|TEL|tel)[:：\s]*(?P<n>[2-9][0-9]{2,3}[ -]?[0-9]{4})"
    + _EDGE_AFTER
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_WIDE = "０１２３４５６７８９＋－＠．（）"


def id_card_valid(number: str) -> bool:
    """Whether an 18-character ID number's last character is its GB 11643 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check (bank card numbers do)."""
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_numbers(text: str) -> list[Finding]:
    """The e-mail addresses, ID, bank card, mobile and landline numbers in ``text``, in order.

    Earlier kinds win where matches overlap (an e-mail address made of a mobile number is an
    e-mail address; an 18-digit ID is not also a card number).
    """
    work = _normalise(text)
    taken = [False] * len(work)
    found: list[Finding] = []

    def add(kind: Kind, start: int, end: int, key: str) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = [True] * (end - start)
        found.append(Finding(kind, start, end, text[start:end], key))

    for match in _EMAIL_RE.finditer(work):
        add(Kind.EMAIL, match.start(), match.end(), match.group(0).lower())
    for match in _ID_RE.finditer(work):
        number = re.sub("[ -]", "", match.group(0)).upper()
        if id_card_valid(number):
            add(Kind.ID_CARD, match.start(), match.end(), number)
    for start, end, digits in _card_candidates(work):
        add(Kind.BANK_CARD, start, end, digits)
    for match in _MOBILE_RE.finditer(work):
        digits = _digits(match.group(0))
        add(Kind.MOBILE, match.start(), match.end(), digits[-11:])
    for match in _LANDLINE_RE.finditer(work):
        add(Kind.LANDLINE, match.start(), match.end(), _digits(match.group(0)))
    for match in _LABELLED_PHONE_RE.finditer(work):
        add(Kind.LANDLINE, match.start("n"), match.end("n"), _digits(match.group("n")))
    found.sort(key=lambda f: f.start)
    return found


def _card_candidates(work: str) -> Iterator[tuple[int, int, str]]:
    """Luhn-valid 16–19 digit numbers led by 3–6: a grouped run (6222 0212 …) or one piece."""
    for match in _DIGIT_RUN_RE.finditer(work):
        pieces = list(re.finditer(r"[0-9]+", match.group(0)))
        whole = _digits(match.group(0))
        if len(pieces) > 1 and all(len(p.group(0)) <= 6 for p in pieces) and _card(whole):
            yield match.start(), match.end(), whole
            continue
        for piece in pieces:
            if _card(piece.group(0)):
                yield match.start() + piece.start(), match.start() + piece.end(), piece.group(0)


def _card(digits: str) -> bool:
    return 16 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _normalise(text: str) -> str:
    """Full-width digits and ＋－＠．（） as ASCII (same length, so offsets stay valid)."""
    return "".join(unicodedata.normalize("NFKC", ch) if ch in _WIDE else ch for ch in text)


# -- names ------------------------------------------------------------------------------

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "夏侯",
    "宇文", "司徒", "端木", "独孤", "南宫", "轩辕", "东方", "申屠", "澹台", "呼延",
)  # fmt: skip
_ANON_RE = re.compile(r"某")
_COMPOUND_TITLED_RE = re.compile(
    rf"(?P<name>(?:{'|'.join(COMPOUND_SURNAMES)})[\u4e00-\u9fff]{{1,2}}?)(?:{_TITLES})"
)
_SPEAKER_RE = re.compile(
    # titles may come first, joined with 、 and set apart from the name by a space:
    # 党委委员、武装部长 李四：…
    r"(?:^|(?<=[。；！？!?\n]))\s*(?:[\u4e00-\u9fff、，,]{1,24}?[ \u3000]+)?"
    r"(?P<name>[\u4e00-\u9fff·]{2,12}?)(?:[（(][^）)\n]{1,24}[）)])?"
    r"(?:同志)?(?:说|指出|提出|认为|反映|谈到|建议|表示|讲)?[：:]",
    re.MULTILINE,
)
_TITLE_BEFORE_NAME_RE = re.compile(
    r"^.*?(?:书记|委员|部长|局长|处长|科长|股长|主任|主席|镇长|乡长|县长|区长|市长|厅长|院长"
    r"|校长|所长|站长|队长|组长|经理|秘书长|会计师|代表|干事|成员|负责人)(?P<name>[\u4e00-\u9fff·]{2,4})$"
)
_NOT_SPEAKERS = frozenset(
    {"例如", "比如", "具体", "原因", "备注", "说明", "其中", "另外", "此外", "包括", "注意"}
)
_NAME_ENDINGS = "性化们者家长员部处局委办厅院所"
COMMON_WORD_FREQ = 30
"""A word jieba's dictionary counts at least this often is a word, not a person's name."""


def find_names(text: str) -> list[str]:
    """Names of people in ``text``: speaker labels, titled names, then jieba's person names."""
    names = speaker_names(text)
    names += titled_names(text)
    names += tagged_names(text)
    return list(dict.fromkeys(names))


def speaker_name(text: str) -> str | None:
    """The person a speaker label at the start of ``text`` names (李明（副市长）：…), if any."""
    match = _SPEAKER_RE.match(text)
    return _speaker(match.group("name")) if match else None


def speaker_names(text: str) -> list[str]:
    """Every speaker label's person: at the start of ``text``, a line, or after a sentence."""
    found = (_speaker(m.group("name")) for m in _SPEAKER_RE.finditer(text))
    return [name for name in found if name]


def _speaker(name: str) -> str | None:
    titled = titled_names(name)
    if titled:  # 王局长说：… — the titled form is the name
        return titled[0]
    after_title = _TITLE_BEFORE_NAME_RE.match(name)
    if after_title is not None:  # 党委副书记张三：… — the name follows the titles
        name = after_title.group("name")
    if name in _NOT_SPEAKERS or _ANON_RE.search(name) or name in _LEADERS:
        return None
    if "·" in name:
        return name if len(name) >= 3 and not name.startswith("·") else None
    if not _surname_led(name) or not 2 <= len(name) <= 4:
        return None
    return None if _common_word(name, allow_nr=True) else name


def titled_names(text: str) -> list[str]:
    """Surname + title or 同志 (张三同志 -> 张三); a bare surname keeps its title (张科长)."""
    compound = list(_COMPOUND_TITLED_RE.finditer(text))
    names = [m.group("name") for m in compound if not _ANON_RE.search(m.group("name"))]
    for match in _TITLED_NAME_RE.finditer(text):
        if any(c.start() <= match.start() < c.end() for c in compound):
            continue  # 欧阳明华同志: not 华同志
        name = match.group(1)
        if name in _NOT_NAMES or name[-1] in "的和与及、是在对" or name in _LEADERS:
            continue
        if _ANON_RE.search(name):
            continue
        if len(name) == 1:
            names.append(match.group(0))
        elif not _common_word(name, allow_nr=True):
            names.append(name)
    return names


def tagged_names(text: str) -> list[str]:
    """Words jieba tags as person names (nr), kept only when they look like one.

    Kept: 2–3 characters led by a common surname (3–4 for 欧阳…), no 某, not a leader named
    in a formulation, not ending like a word (…性, …化), and not a common dictionary word.
    """
    if not any(ch in _SURNAMES for ch in text):
        return []
    names = []
    for word, flag in _posseg(text):
        if flag != "nr" or _ANON_RE.search(word) or word in _LEADERS:
            continue
        compound = word[:2] in COMPOUND_SURNAMES
        size_ok = 3 <= len(word) <= 4 if compound else 2 <= len(word) <= 3
        if not size_ok or not (compound or word[0] in _SURNAMES):
            continue
        if word[-1] in _NAME_ENDINGS or word in _NOT_NAMES or _common_word(word, allow_nr=False):
            continue
        names.append(word)
    return names


def _surname_led(name: str) -> bool:
    return name[0] in _SURNAMES or name[:2] in COMPOUND_SURNAMES


def _common_word(word: str, *, allow_nr: bool) -> bool:
    """Frequent in jieba's dictionary (and, with ``allow_nr``, not tagged as a name there)."""
    from selfreview.wordseg import frequency, tag

    if frequency(word) < COMMON_WORD_FREQ:
        return False
    return not (allow_nr and tag(word) == "nr")


def _posseg(text: str) -> list[tuple[str, str]]:
    from selfreview.wordseg import tagged

    return tagged(text)
