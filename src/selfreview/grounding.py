"""Checkable specifics (numbers, percentages, dates, names) and whether sources back them.

The drafting code and ``draft check`` share this module: a drafted item must not carry a
figure, date or name that none of the opinions it cites contains (GENRE.md: never invent
facts).

What counts as a fact in drafted text (deliberately conservative, to keep false alarms of
an error-level check low):

- Arabic numbers, with full-width digits and a 万/亿 magnitude read as part of the number
  ("1.2万" is 12000); "第3" is a number too;
- percentages: "30%", "30％", "百分之三十", and 成 ratios "8成" / "八成" (= 80%);
- dates: years "2021年" / "二〇二一年", months "3月" / "三月", days "5日", quarters
  "一季度" / "第1季度"; a full date such as "2021年3月5日" is one fact;
- Chinese-numeral counts directly before a counting word ("三个项目", "十二次"), except
  一 (一个/一次 mean "a"), ordinals (第三次) and numerals led by 百/千/万 (百年党史,
  千方百计); figures written only in Chinese numerals without a counting word ("四风",
  "三会一课") are not facts;
- person names: a surname plus a title or 同志 ("张三同志", "张科长", "李明华书记"), an
  anonymised 王某 / 王某某, and (with jieba) a surname-led personal name before a speech
  verb ("刘伟指出"). Leaders' names quoted in political formulations (习近平…) are exempt.

Never facts: ordinal words 一是/二是, （一）, 第一, and fixed political formulations such as
"两个维护", "四个意识", "四个自信", "两个确立", "四风", "三会一课", "一岗双责", "十八大",
"十九届六中全会", "十四五", "中央八项规定" (see ``FORMULATIONS``): they are masked before
scanning.

Grounding compares normalised values, not strings: "30%" is backed by "3成", "百分之三十"
or "30％"; "3月" by "三月"; "1.2万" by "12000"; a number is backed by the same value
written anywhere in a source (as a count, a percentage or a Chinese numeral). A name is
backed when the source contains it as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from selfreview.placeholders import PLACEHOLDER_RE

__all__ = ["FORMULATIONS", "Fact", "find_facts", "ungrounded_facts"]


@dataclass(frozen=True)
class Fact:
    """A checkable specific in drafted text."""

    kind: str
    """"number" | "percent" | "date" | "name"."""
    text: str
    """As written in the item, e.g. "30%", "3月", "2021年", "张三"."""


FORMULATIONS: tuple[str, ...] = (
    "两个维护", "四个意识", "四个自信", "两个确立", "两个务必", "两个责任", "两个结合",
    "三个代表", "四个全面", "五位一体", "三会一课", "三严三实", "两学一做", "三重一大",
    "一岗双责", "四风", "八项规定", "四下基层", "一把手", "一成不变", "三个务必",
    "五个必须", "六个必须坚持", "两个大局", "两个一百年", "四个伟大", "十个明确",
    "十四个坚持", "十三个方面", "三个区分开来", "七个有之", "五个必须", "两个毫不动摇",
)  # fmt: skip
"""Political formulations with numerals in them; never counted as facts."""

_LEADERS = ("习近平", "毛泽东", "邓小平", "江泽民", "胡锦涛", "周恩来", "刘少奇", "朱德")
_CN_DIGITS = "〇零一二三四五六七八九"
_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_NUM = f"[{_CN_DIGITS}两十百千万亿]"
_NUM = r"[0-9]+(?:\.[0-9]+)?"
_COUNTERS = "个次项件名人家户条批场篇座所台辆份套笔起宗元天周期期级轮处"
_FORMULATION_RE = re.compile(
    "|".join(re.escape(f) for f in sorted(FORMULATIONS, key=len, reverse=True))
    + rf"|{_CN_NUM}+届{_CN_NUM}+中全会|{_CN_NUM}+大(?![于量型幅])|十[一二三四五六]五"
)
# Common single-character surnames, without those that are also frequent words before a
# title (向局长汇报, 分管副市长, 对于书记…): precision matters more than recall here.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳祝"
    "符舒阮柯纪梅童凌毕季裴霍涂苗翁冉骆蓝辛靳鲍华喻祁蒲滕屈饶牟艾尤穆缪芦麦褚娄窦戚岑晏"
    "瞿桂佟臧闵苟邬卞姬栾隋刁巫寇桑郎甄丛仲虞敖巩佘邝"
)
_TITLES = (
    "同志|书记|副?(?:市长|县长|区长|镇长|乡长|省长|局长|处长|科长|主任|部长|厅长|院长|校长"
    "|所长|站长|队长|组长|经理|主席|秘书长|调研员)|老师|师傅|委员"
)
_NOT_NAMES = frozenset(
    {"全体", "广大", "各位", "其他", "有关", "相关", "领导", "党员", "常务", "分管", "主要", "有的",
     "部分", "个别", "少数", "一些", "班子", "支部", "党组", "同级", "上级", "新任", "原任", "时任",
     "方面", "万名", "双重"}
)  # fmt: skip
_TITLED_NAME_RE = re.compile(
    rf"(?<![{_SURNAMES}])([{_SURNAMES}][\u4e00-\u9fff]{{0,2}}?)(?:{_TITLES})"
)
_ANON_NAME_RE = re.compile(rf"[{_SURNAMES}]某{{1,2}}")
_SPEECH_RE = re.compile(r"指出|反映|表示|提出|认为|说|谈到|建议")

_PERCENT_RE = re.compile(
    rf"(?P<arabic>{_NUM})\s*[%％]|百分之(?P<cn>[{_CN_DIGITS}十百点]+)"
    rf"|(?P<cheng>[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九])成(?![功为员绩果效立本分就熟])"
)
_DATE_RE = re.compile(
    rf"(?<![0-9])(?:(?P<year>[0-9]{{4}}|[{_CN_DIGITS}]{{4}})年(?!代|级))?"
    rf"(?:(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?![份]?[亮球光饼])"
    rf"(?:(?P<day>[12][0-9]|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?)?"
)
_QUARTER_RE = re.compile(r"第?(?P<q>[1-4一二三四])季度")
_ARABIC_RE = re.compile(rf"(?<![0-9.])(?P<n>{_NUM})(?P<mag>万|亿)?")
_CN_COUNT_RE = re.compile(
    rf"(?<![第{_CN_DIGITS}两十百千万亿几多])(?P<n>[{_CN_DIGITS}两十]{_CN_NUM}*)(?=[{_COUNTERS}]|种|位|年(?!代|度|级))"
)
_CN_ANY_RE = re.compile(rf"[{_CN_DIGITS}两十]{_CN_NUM}*")


def find_facts(text: str, *, names: bool = True) -> list[Fact]:
    """The checkable specifics in ``text``, in order, each distinct (kind, text) once.

    ``names=False`` skips person names (and the jieba import they may need).
    Placeholders (xx, x成, 【待补…】) and the formulations in ``FORMULATIONS`` are never facts.
    """
    found: list[tuple[int, Fact]] = []
    work = _mask(_normalise(text))
    for start, fact, _ in _scan(work, strict=True):
        # Offsets survive normalising and masking: report the fact as written.
        found.append((start, Fact(fact.kind, text[start : start + len(fact.text)])))
    if names:
        found += _names(work)
    found.sort(key=lambda pair: pair[0])
    seen: set[Fact] = set()
    result: list[Fact] = []
    for _, fact in found:
        if fact not in seen:
            seen.add(fact)
            result.append(fact)
    return result


def ungrounded_facts(text: str, sources: Sequence[str], *, names: bool = True) -> list[Fact]:
    """Facts in text that occur in none of the source texts.

    Normalised: full/half-width digits, 百分之三十 vs 30% vs 3成, Chinese numerals in
    dates (三月 = 3月), 万/亿 magnitudes; see the module docstring.
    """
    facts = find_facts(text, names=names)
    if not facts:
        return []
    keys: set[str] = set()
    raw_sources = [_normalise(source) for source in sources]
    for source in raw_sources:
        for _, _, fact_keys in _scan(source, strict=False):
            keys.update(fact_keys)
    missing: list[Fact] = []
    for fact in facts:
        if fact.kind == "name":
            if not any(fact.text in source for source in raw_sources):
                missing.append(fact)
            continue
        fact_keys = next(iter(_scan(_normalise(fact.text), strict=False)), (0, fact, set()))[2]
        if not fact_keys or not fact_keys <= keys:
            missing.append(fact)
    return missing


def _normalise(text: str) -> str:
    """Full-width digits, ％ and ． to ASCII; everything else unchanged (same length)."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if ch in "０１２３４５６７８９％．" else ch for ch in text
    )


def _mask(text: str) -> str:
    """Blank out placeholders and formulations (same length, so offsets stay valid)."""
    for pattern in (PLACEHOLDER_RE, _FORMULATION_RE):
        text = pattern.sub(lambda m: "□" * len(m.group(0)), text)
    return text


def _scan(text: str, *, strict: bool) -> Iterator[tuple[int, Fact, set[str]]]:
    """Yield (offset, fact, normalised keys) for percents, dates, then numbers.

    ``strict=False`` (for sources) also reads every Chinese numeral as a number, so that a
    source's "三个" backs a drafted "3个".
    """
    taken = [False] * len(text)

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        taken[start:end] = [True] * (end - start)
        return True

    for match in _PERCENT_RE.finditer(text):
        value = _percent_value(match)
        if value is not None and claim(match.start(), match.end()):
            yield match.start(), Fact("percent", match.group(0)), {f"percent:{value}", f"n:{value}"}
    for match in _DATE_RE.finditer(text):
        if not match.group(0) or not (match.group("year") or match.group("month")):
            continue
        keys = _date_keys(match)
        if keys and claim(match.start(), match.end()):
            yield match.start(), Fact("date", match.group(0)), keys
    for match in _QUARTER_RE.finditer(text):
        if claim(match.start(), match.end()):
            quarter = _cn_to_int(match.group("q"))
            yield match.start(), Fact("date", match.group(0)), {f"quarter:{quarter}"}
    for match in _ARABIC_RE.finditer(text):
        value = _decimal(match.group("n"), match.group("mag"))
        if value is not None and claim(match.start(), match.end()):
            yield match.start(), Fact("number", match.group(0)), {f"n:{value}"}
    pattern = _CN_COUNT_RE if strict else _CN_ANY_RE
    for match in pattern.finditer(text):
        number = match.group(0) if not strict else match.group("n")
        count = _cn_to_int(number)
        if count is None or (strict and number == "一"):
            continue
        if claim(match.start(), match.start() + len(number)):
            yield match.start(), Fact("number", number), {f"n:{count}"}


def _names(work: str) -> list[tuple[int, Fact]]:
    found: list[tuple[int, Fact]] = []
    for match in _TITLED_NAME_RE.finditer(work):
        name = match.group(1)
        if name in _NOT_NAMES or name[-1] in "的和与及、是在对" or name in _LEADERS:
            continue
        text = name if len(name) > 1 else match.group(0)  # 张科长: the title identifies
        found.append((match.start(), Fact("name", text)))
    for match in _ANON_NAME_RE.finditer(work):
        found.append((match.start(), Fact("name", match.group(0))))
    if _SPEECH_RE.search(work):
        found += _speaker_names(work)
    return found


def _speaker_names(work: str) -> list[tuple[int, Fact]]:
    """Surname-led personal names (jieba nr) directly before a speech verb: 刘伟指出."""
    from selfreview.wordseg import tagged

    found: list[tuple[int, Fact]] = []
    offset = 0
    pairs = tagged(work)
    for index, (word, flag) in enumerate(pairs):
        following = pairs[index + 1][0] if index + 1 < len(pairs) else ""
        if (
            flag == "nr"
            and 2 <= len(word) <= 3
            and word[0] in _SURNAMES
            and word not in _LEADERS
            and _SPEECH_RE.match(following)
        ):
            found.append((offset, Fact("name", word)))
        offset += len(word)
    return found


def _percent_value(match: re.Match[str]) -> Decimal | None:
    if match.group("arabic"):
        return _decimal(match.group("arabic"), None)
    if match.group("cn"):
        whole, _, frac = match.group("cn").partition("点")
        value = _cn_to_int(whole)
        if value is None:
            return None
        digits = "".join(str(_CN_VALUES[c]) for c in frac if c in _CN_VALUES)
        return _decimal(f"{value}.{digits}" if digits else str(value), None)
    cheng = match.group("cheng")
    tenths: Decimal | int | None = (
        _decimal(cheng, None) if cheng[0].isdigit() else _cn_to_int(cheng)
    )
    return None if not tenths else _canonical(Decimal(tenths) * 10)


def _date_keys(match: re.Match[str]) -> set[str]:
    keys: set[str] = set()
    for part in ("year", "month", "day"):
        raw = match.group(part)
        if raw:
            value = int(raw) if raw.isdigit() else _cn_to_int(raw)
            if value is None:
                return set()
            keys.add(f"{part}:{value}")
    return keys


def _decimal(number: str, magnitude: str | None) -> Decimal | None:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    if magnitude == "万":
        value *= 10_000
    elif magnitude == "亿":
        value *= 100_000_000
    return _canonical(value)


def _canonical(value: Decimal) -> Decimal:
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _cn_to_int(text: str) -> int | None:
    """Read a Chinese numeral: 三, 十二, 二十一, 一百零五, 三万, 二〇二一 (digit by digit)."""
    digits = _CN_VALUES
    if text.isdigit():
        return int(text)
    if len(text) > 1 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(digits[c]) for c in text))
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, current = 0, 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            section += (current or 1) * units[ch]
            current = 0
        elif ch in ("万", "亿"):
            total += (section + current) * (10_000 if ch == "万" else 100_000_000)
            section, current = 0, 0
        else:
            return None
    return total + section + current
