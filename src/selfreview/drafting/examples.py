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

from selfreview.drafting.phrasebank import VoiceWords
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
_CONTACT = re.compile(
    r"(?:联系(?:电话|方式)|电话|手机|邮箱|E-?mail)?[：:]?\s*"
    r"(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx]|[\w.+-]+@[\w-]+\.[\w.]+)",
    re.IGNORECASE,
)
_SECOND_PERSON_GROUP = re.compile(r"你们|您们")
_SECOND_PERSON = re.compile(r"[你您]")
# A first-person singular in a collective material means one member; 我们 / 我市 stay.
_FIRST_PERSON = re.compile(r"(?<!自)我(?![们市县区省局委厅部镇乡校院国党])")
_CHINESE_NUMBER = "一二三四五六七八九十百千万两半几"
_UNITS = "次个项件家天月年人份场名条户元万亿期批轮篇部处所趟"
_CONCRETE = re.compile(
    rf"\d|[{_CHINESE_NUMBER}][{_UNITS}]|[{_CHINESE_NUMBER}]成|[“\"][^”\"]{{2,20}}[”\"]"
)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_TRAILING = "。；;，,、！？!? "


def clean_opinion_text(text: str) -> str:
    """The opinion without speaker label and contact details, whitespace folded."""
    text = _strip_speaker(text.strip())
    text = _CONTACT.sub("", text)
    text = re.sub(r"[（(]\s*[）)]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[，,、；;]\s*([。！？])", r"\1", text)


def _strip_speaker(text: str) -> str:
    label = _LABEL.match(text)
    if label and (label["post"] or _TITLE.search(label["who"]) or len(label["who"]) <= 4):
        return text[label.end() :]
    return text


def to_voice(text: str, words: VoiceWords) -> str:
    """Put references to people into the material's voice (names and titles, 你/您, 你们)."""
    text = _PERSON.sub(words.who, text)
    text = _SECOND_PERSON_GROUP.sub(words.we, text)
    text = _SECOND_PERSON.sub(words.who, text)
    text = _FIRST_PERSON.sub(words.who, text)  # a no-op in personal voice (who is 我)
    # "我我" / "有的同志有的同志" from a title right after a pronoun: keep one.
    return re.sub(rf"(?:{re.escape(words.who)}){{2,}}", words.who, text)


def concreteness(sentence: str) -> int:
    """How many concrete markers (figures, counts, dates, quoted terms) a sentence holds."""
    return len(_CONCRETE.findall(sentence))


def build_example(sources: Sequence[Opinion], words: VoiceWords, limit: int = 2) -> str:
    """The example text (without the leading 如，) from the most concrete cited sentences.

    Returns the empty string when no opinion given holds a concrete sentence; the caller
    writes the placeholder then.
    """
    picked: list[tuple[int, int, str]] = []
    for order, opinion in enumerate(sources):
        best = _most_concrete_sentence(clean_opinion_text(opinion.text))
        if best is not None:
            score, sentence = best
            picked.append((-score, order, sentence))
    picked.sort()
    sentences = [to_voice(sentence, words) for *_, sentence in picked[:limit]]
    return "。再如，".join(sentences)


def _most_concrete_sentence(text: str) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for raw in _SENTENCE_END.split(text):
        sentence = raw.strip().strip(_TRAILING)
        score = concreteness(sentence)
        if score and len(sentence) >= 6 and (best is None or score > best[0]):
            best = (score, sentence)
    return best
