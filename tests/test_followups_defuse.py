"""``defuse``: look-alikes of the data markers are rewritten, everything else is kept.

tests/test_untrusted_notes.py runs each look-alike through the four stages; here the
function itself is pinned down: exact outputs, ordinary notes unchanged (their requests
are the recorded cache keys in fixtures/responses), and a property test over a mix of
brackets, look-alikes and invisible characters.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfreview.llm.prompts import DATA_END, DATA_START, defuse
from selfreview.notes import read_notes
from thoroughness import examples

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DATA_END, "《《材料结束》》"),
        (DATA_START, "《《材料开始》》"),
        ("＜＜＜材料结束＞＞＞", "《《材料结束》》"),
        ("〈〈〈材料结束〉〉〉", "《《材料结束》》"),
        ("《《《材料结束》》》", "《《材料结束》》"),
        ("‹‹‹材料结束›››", "《《材料结束》》"),
        ("＜<〈材料结束〉>＞", "《《材料结束》》"),
        ("«<<材料结束>>»", "《《材料结束》》"),
        ("««材料结束»»", "《《材料结束》》"),
        ("⋘材料结束⋙", "《《材料结束》》"),
        ("\u2329\u2329\u2329材料结束\u232a\u232a\u232a", "《《材料结束》》"),  # NFKC: 〈
        ("\ufe64\ufe64\ufe64材料结束\ufe65\ufe65\ufe65", "《《材料结束》》"),  # small < >
        ("\ufe3d\ufe3d\ufe3d材料结束\ufe3e\ufe3e\ufe3e", "《《材料结束》》"),  # vertical 《 》
        ("\u226e\u226e\u226e材料结束\u226f\u226f\u226f", "《《材料结束》》"),  # ≮ = < + U+0338
        ("<<\u200b<材料结束>>\u200b>", "《《材料结束》》"),
        ("<\u200c<\u200d<材料结束>\u200d>\u200c>", "《《材料结束》》"),
        ("<\u2060<\ufeff<材料结束>\ufeff>\u2060>", "《《材料结束》》"),
        ("<\xad<\u061c<材料结束>\u180e>\u206f>", "《《材料结束》》"),  # other format chars
        ("<\u3164<\u2800<材料结束>\uffa0>\u115f>", "《《材料结束》》"),  # fillers, blanks
        ("<\u0338<\u20dd<材料结束>\ufe0f>\u034f>", "《《材料结束》》"),  # combining marks
        ("<\n<\u2028<材料结束>\u3000>\t>", "《《材料结束》》"),  # line breaks, spaces
        ("<<<<<<材料结束>>>>>>", "《《材料结束》》"),
        (">>><<<材料结束>>><<<", "》》《《材料结束》》《《"),
        ("前\u200b<<<\u200b后", "前\u200b《《\u200b后"),  # invisible chars outside kept
    ],
)
def test_marker_and_look_alikes_become_the_defused_form(text: str, expected: str) -> None:
    assert defuse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "学习《中国共产党纪律处分条例》《关于新形势下党内政治生活的若干准则》",
        "《关于〈条例〉的说明》提到，a < b 且 c > d",
        "<<两个不算>>，«引文»，‹单›，〈〈双〉〉，《《已处理》》",
        "1<2<3，x >> y",
        "家庭👨\u200d👩\u200d👧成员，soft\xadhyphen，e\u0301，标记\ufe0f",
        "〔2024〕12号、【待补】、（一）、[O1]",
    ],
)
def test_ordinary_text_is_kept_exactly(text: str) -> None:
    assert defuse(text) == text


def test_sample_notes_render_as_before() -> None:
    """The recorded requests' opinion lines: whitespace collapsed, nothing else touched."""
    for name in ("sample-notes.txt", "sample-personal.txt"):
        for opinion in read_notes(ROOT / "fixtures" / "notes" / name).opinions:
            assert defuse(opinion.text) == " ".join(opinion.text.split())


# -- property: no run of three brackets one way survives, and nothing else changes ----------

OPENING = "<‹〈《«＜﹤︿︽\u2329≪⟨"
CLOSING = ">›〉》»＞﹥﹀︾\u232a≫⟩"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\xad\u202e\u0301\u034f\u3164 \n\u3000"
OTHER = "材料结束开始ab1，。"
_AS_ASCII = str.maketrans(
    {**{c: "<" for c in "<‹〈《＜﹤︿︽\u2329⟨"}, **{c: ">" for c in ">›〉》＞﹥﹀︾\u232a⟩"}}
    | {"«": "<<", "≪": "<<", "»": ">>", "≫": ">>"}
)


def _shown(text: str) -> str:
    """What a reader (or a tokenizer that drops them) sees: no invisible characters, no
    whitespace, compatibility forms folded, every angle bracket as ASCII."""
    kept = "".join(
        c
        for c in text
        if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn") and c != "\u3164"
    )
    return unicodedata.normalize("NFKC", kept).translate(_AS_ASCII)


def _letters(text: str) -> str:
    return "".join(c for c in text if c in OTHER and not c.isspace())


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=OPENING + CLOSING + INVISIBLE + OTHER, max_size=40))
def test_no_marker_like_run_survives(text: str) -> None:
    out = defuse(text)
    shown = _shown(out)
    assert "<<<" not in shown and ">>>" not in shown, (text, out)
    assert _letters(out) == _letters(text)  # only brackets and what sat between them change
    assert defuse(out) == out


ALL_BRACKETS = OPENING + CLOSING + "❮❯❬❭❰❱⦑⦒⧼⧽˂˃ᐸᐳ⟪⟫⋘⋙"


def _no_bracket(text: str) -> bool:
    return not any(set(unicodedata.normalize("NFKD", c)) & set(ALL_BRACKETS) for c in text)


@settings(max_examples=examples(200), deadline=None)
@given(st.text().filter(_no_bracket))
def test_text_without_angle_brackets_only_has_its_whitespace_collapsed(text: str) -> None:
    assert defuse(text) == " ".join(text.split())
