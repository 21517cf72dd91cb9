"""Examples come only from the cited opinions, in the material's voice, without contacts."""

from __future__ import annotations

from selfreview.drafting.examples import (
    build_example,
    clean_opinion_text,
    concreteness,
    to_voice,
)
from selfreview.drafting.phrasebank import VoiceWords
from selfreview.schema import Opinion, Origin

COLLECTIVE = VoiceWords(who="有的同志", we="我们")
PERSONAL = VoiceWords(who="我", we="我")


def opinion(n: int, text: str) -> Opinion:
    return Opinion(id=f"O{n}", text=text, origin=Origin(file="n.txt", line=n))


def test_speaker_labels_and_contacts_are_removed() -> None:
    assert (
        clean_opinion_text("李明（副市长）：全年到包靠乡镇调研仅3次。")
        == "全年到包靠乡镇调研仅3次。"
    )
    assert clean_opinion_text("王局长说：会议太多") == "会议太多"
    assert clean_opinion_text("市工信局张科长：您对招商跟踪不够") == "您对招商跟踪不够"
    assert clean_opinion_text("张三：调研少") == "调研少"
    # A lead-in that names no person is content, not a speaker label.
    assert clean_opinion_text("群众反映的问题主要有：排队久") == "群众反映的问题主要有：排队久"
    cleaned = clean_opinion_text("群众反映窗口排队久，联系电话：13912345678，请回复")
    assert "139" not in cleaned and "电话" not in cleaned
    assert "110101199003074512" not in clean_opinion_text("身份证号110101199003074512的群众投诉")
    assert "@" not in clean_opinion_text("来信邮箱 zhang.san@example.com 反映问题")


def test_collective_voice_replaces_names_titles_and_pronouns() -> None:
    assert to_voice("王副市长到包靠乡镇次数少", COLLECTIVE) == "有的同志到包靠乡镇次数少"
    assert to_voice("你们对工单跟踪不够", COLLECTIVE) == "我们对工单跟踪不够"
    assert to_voice("您开会讲话照本宣科", COLLECTIVE) == "有的同志开会讲话照本宣科"
    assert to_voice("我一年只下乡2次", COLLECTIVE) == "有的同志一年只下乡2次"
    # 我市 / 我们 / 自我 are not one member.
    assert to_voice("我市排名靠后，我们要自我加压", COLLECTIVE) == "我市排名靠后，我们要自我加压"


def test_personal_voice_speaks_as_i() -> None:
    assert to_voice("王副市长到包靠乡镇次数少", PERSONAL) == "我到包靠乡镇次数少"
    assert to_voice("您调研多是听汇报", PERSONAL) == "我调研多是听汇报"
    assert to_voice("我一年只下乡2次", PERSONAL) == "我一年只下乡2次"


def test_concreteness_counts_figures_counts_and_quotes() -> None:
    assert concreteness("学习不够深入") == 0
    assert concreteness("完成率仅在8成左右") >= 1
    assert concreteness("一季度召开会议47个") >= 2
    assert concreteness("存在“两张皮”问题") == 1
    assert concreteness("三次") == 1


def test_example_picks_the_most_concrete_sentences_in_order_of_strength() -> None:
    sources = [
        opinion(1, "学习不够深入。"),
        opinion(2, "张局长：年初确定的26个新建项目中，有形象进度的不到一半。推进慢。"),
        opinion(3, "一季度召开各类会议47个，陪会多。"),
    ]
    example = build_example(sources, COLLECTIVE)
    assert example.startswith("年初确定的26个新建项目中")
    assert "。再如，一季度召开各类会议47个" in example
    assert "学习不够深入" not in example
    assert "张局长" not in example


def test_no_concrete_source_gives_empty_example() -> None:
    assert build_example([opinion(1, "学习不够深入，宗旨意识有所淡化。")], COLLECTIVE) == ""
    assert build_example([], COLLECTIVE) == ""


def test_every_figure_in_an_example_comes_from_its_sources() -> None:
    import re

    sources = [opinion(1, "12345热线工单按期办结率82%，群众满意度排全省第15位。")]
    example = build_example(sources, COLLECTIVE)
    for figure in re.findall(r"\d+", example):
        assert figure in sources[0].text


def test_a_name_is_a_whole_word_never_the_end_of_one() -> None:
    from selfreview.drafting.examples import to_voice
    from selfreview.drafting.phrasebank import load_phrasebank
    from selfreview.schema import Voice

    words = load_phrasebank().voices[Voice.PERSONAL]
    text = "担任系副主任以来，对系里青年教师的传帮带不够"
    assert to_voice(text, words) == text  # 任 of 担任 is no surname
    assert to_voice("王副市长全年到分管的企业调研11次", words) == "我全年到分管的企业调研11次"
