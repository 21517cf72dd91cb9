"""Turn raw opinions into the "如，…" example sentence, in the material's voice.

The offline drafter never writes a fact of its own: an example is a sentence taken from
a cited opinion, with the speaker label, names and contact numbers taken out and the
person it speaks of put into the material's voice (collective: 有的同志 / 我们; personal:
我). Where no cited opinion holds anything concrete (a figure, a count, a date, a quoted
term), the example is the visible placeholder 【待补：具体事例】 for a person to fill.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from selfreview.drafting.phrasebank import VoiceWords
from selfreview.predicates import (
    concrete_facts,
    is_advice,
    is_concrete,
    normalise_quotes,
    report_clauses,
    sentences,
    strip_reporting_frame,
)
from selfreview.schema import Opinion

# Family names common enough to anchor "<surname>[given name]<title>" references.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_TITLES = (
    "副书记|书记|副市长|市长|副县长|县长|副区长|区长|副镇长|镇长|副乡长|乡长|副局长|局长|"
    "副主任|主任|副部长|部长|副处长|处长|副科长|科长|副厅长|厅长|主席|秘书长|副组长|组长|"
    "副总|总经理|同志|老师"
)
_PERSON = re.compile(rf"[{_SURNAMES}][\u4e00-\u9fff]{{0,2}}?(?:{_TITLES})")
# A label before a colon at the start of an opinion: "李明（副市长）：", "王局长说：",
# "市工信局张科长：", "张三：". It is a speaker label when it names a person: a title,
# a bracketed post, or a bare name of at most four characters.
_LABEL = re.compile(
    r"^(?P<who>[\u4e00-\u9fff]{1,12}?)(?P<post>[（(][^）)]{1,12}[）)])?"
    r"(?:说|谈到|提出|认为|指出)?[：:]"
)
_TITLE = re.compile(_TITLES)
_NUMBER = r"(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx]|[\w.+-]+@[\w-]+\.[\w.]+)"
_CONTACT_CLAUSE = re.compile(
    rf"(^|[，,；;（(])\s*(?:联系(?:电话|方式)|电话|手机|邮箱|E-?mail)[：:]?\s*{_NUMBER}\s*"
    r"(?=[，,。；;）)]|$)",
    re.IGNORECASE,
)
_ID_NUMBER = re.compile(r"身份证(?:号码|号)?[：:为是]?\s*\d{17}[\dXx]的?")
_CONTACT = re.compile(rf"[：:]?\s*{_NUMBER}", re.IGNORECASE)
_SECOND_PERSON_GROUP = re.compile(r"你们|您们")
_SECOND_PERSON = re.compile(r"[你您]")
# A first-person singular in a collective material means one member; 我们 / 我市 stay.
_FIRST_PERSON = re.compile(r"(?<!自)我(?![们市县区省局委厅部镇乡校院国党])")
_TRAILING = "。；;，,、！？!? "


def clean_opinion_text(text: str) -> str:
    """The opinion without speaker label, reporting frame and contact details.

    A contact number goes together with the words that carry it ("联系电话：…",
    "身份证号…的"), so no dangling 的 or empty bracket is left; ASCII quotes become “”.
    """
    text = strip_reporting_frame(text.strip())
    text = _CONTACT_CLAUSE.sub(r"\1", text)
    text = _ID_NUMBER.sub("", text)
    text = _CONTACT.sub("", text)
    text = re.sub(r"[（(]\s*[）)]", "", text)
    text = re.sub(r"(^|[，,。；;：:])\s*的", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=[\u4e00-\u9fff，。、；：])\s+|\s+(?=[\u4e00-\u9fff，。、；：])", "", text)
    text = re.sub(r"[，,、；;]\s*([。！？])", r"\1", text)
    text = re.sub(r"[，,、；;]\s*[，,、；;]", "，", text).strip("，,、 ")
    # a label the contact stood in ("居民王某某（电话…）反映：") is a label once it is gone
    return normalise_quotes(strip_reporting_frame(text))


def to_voice(text: str, words: VoiceWords) -> str:
    """Put references to people into the material's voice (names and titles, 你/您, 你们);
    a name is a whole word, never the end of one (担任)."""
    starts = _word_starts(text)
    text = _PERSON.sub(lambda m: words.who if m.start() in starts else m.group(0), text)
    text = _SECOND_PERSON_GROUP.sub(words.we, text)
    text = _SECOND_PERSON.sub(words.who, text)
    text = _FIRST_PERSON.sub(words.who, text)  # a no-op in personal voice (who is 我)
    # "我我" / "有的同志有的同志" from a title right after a pronoun: keep one.
    return re.sub(rf"(?:{re.escape(words.who)}){{2,}}", words.who, text)


def _word_starts(text: str) -> set[int]:
    """Where jieba's words of ``text`` start: a name starts a word, so the 任 of 担任 or 主任
    is no surname ("担任系副主任以来" is no "任…副主任" to put in the material's voice)."""
    from selfreview.wordseg import words

    starts, at = set(), 0
    for word in words(text):
        starts.add(at)
        at += len(word)
    return starts


def concreteness(sentence: str) -> int:
    """How many concrete facts (figures with any unit, dates, quoted terms, names) it holds."""
    return len(concrete_facts(sentence))


@dataclass(frozen=True)
class OpinionParts:
    """An opinion cleaned and split: what it reports concretely, in general, and advises."""

    concrete: tuple[str, ...]
    """Reported sentences with a concrete fact or event (example material)."""
    general: tuple[str, ...]
    """Reported sentences without one (body material)."""
    advice: tuple[str, ...]
    """Advice and proposals (建议…/要…/希望…): never facts; a measure may take them up."""


@lru_cache(maxsize=65536)
def opinion_parts(text: str) -> OpinionParts:
    """Split a cleaned opinion into concrete reports, general reports and advice (memoised:
    sorting, grouping, restatements and measures all ask it of the same texts)."""
    concrete: list[str] = []
    general: list[str] = []
    advice: list[str] = []
    for sentence in sentences(clean_opinion_text(text)):
        body = sentence.strip().strip(_TRAILING)
        if not body:
            continue
        reported = "".join(report_clauses(body)).strip(_TRAILING)
        rest = body[len("".join(report_clauses(body))) :].strip(_TRAILING)
        if rest:
            advice.append(rest)
        if not reported or is_advice(reported):
            if reported:
                advice.append(reported)
            continue
        (concrete if is_concrete(reported) else general).append(reported)
    return OpinionParts(tuple(concrete), tuple(general), tuple(advice))


def build_example(sources: Sequence[Opinion], words: VoiceWords, limit: int = 0) -> str:
    """The example text (without the leading 如，): every concrete reported sentence.

    One sentence per opinion ("如，A。再如，B"), all its concrete sentences joined; duplicate
    texts once. ``limit`` (0: none) caps the number of opinions. Returns the empty string
    when no opinion given holds a concrete sentence; the caller writes the placeholder then.
    """
    pieces: list[str] = []
    for opinion in sources:
        concrete = opinion_parts(opinion.text).concrete
        if not concrete:
            continue
        piece = to_voice("，".join(concrete), words)
        if piece not in pieces:
            pieces.append(piece)
    if limit:
        pieces = pieces[:limit]
    return "。再如，".join(pieces)
