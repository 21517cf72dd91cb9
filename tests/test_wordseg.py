"""Segmentation with a partly loaded dictionary: the same words and tags as jieba's, with
only the entries the texts can reach loaded, and the cache file built, read and rebuilt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfreview import wordseg

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "notes"
EXTRA = [
    "王明同志说：市政府党组理论学习中心组全年集中学习12次，有2名同志缺席3次以上。",
    "欧阳志远（副市长）指出，“放管服”改革推进不快，企业开办要跑3个窗口。",
    "刘伟指出，联系电话：13900001234，邮箱 zhang@example.com；2025年6月底前完成整改。",
    "",
    "   ",
    "ABC 123 abc-def",
]


def sample_texts() -> list[str]:
    """Every line of the notes fixtures (whatever their encoding) and a few edge cases."""
    texts = list(EXTRA)
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix not in (".txt", ".md"):
            continue
        raw = path.read_bytes()
        for encoding in ("utf-8", "gb18030"):
            try:
                texts += raw.decode(encoding).splitlines()
                break
            except UnicodeDecodeError:
                continue
    return texts


COMPARE = """
import json, sys
texts = json.loads(sys.stdin.read())
from selfreview import wordseg
lazy = [wordseg.words(t) for t in texts]
lazy_tags = [wordseg.tagged(t) for t in texts]
loaded = len(wordseg._shared_tokenizer().FREQ)
import jieba, jieba.posseg
full = [jieba.lcut(t) for t in texts]
full_tags = [[(p.word, p.flag) for p in jieba.posseg.lcut(t)] for t in texts]
vocabulary = sorted({w for ws in full for w in ws})
lookups = all(
    wordseg.frequency(w) == (jieba.dt.FREQ.get(w) or 0)
    and wordseg.tag(w) == jieba.posseg.dt.word_tag_tab.get(w)
    for w in vocabulary + ["不存在的词语甲乙", "中心"]
)
print(json.dumps({
    "words": lazy == full, "tags": lazy_tags == full_tags, "lookups": lookups,
    "loaded": loaded, "dictionary": len(jieba.dt.FREQ), "count": len(vocabulary),
}))
"""


@pytest.mark.slow  # the whole reachable vocabulary against jieba, in a fresh process
def test_a_fresh_cache_segments_and_tags_exactly_as_jieba(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", COMPARE],
        input=json.dumps(sample_texts()),
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["count"] > 1000  # the comparison covered a real vocabulary
    assert result["words"] and result["tags"] and result["lookups"]
    assert result["loaded"] < result["dictionary"] * 0.7  # only the reachable part was loaded
    assert list((tmp_path / "selfreview" / "jieba").glob("dict-*.marshal"))


def test_a_private_tokenizer_with_added_words_cuts_as_a_full_one() -> None:
    import jieba

    added = ["中心组学习", "两张皮", "学用结合", "对照检查材料", "放管服"]
    full = jieba.Tokenizer()
    lazy = wordseg.private_tokenizer()
    lazy.lcut("学习")  # some characters loaded before the words are added, some after
    for word in added:
        full.add_word(word, freq=200000)
        lazy.add_word(word, freq=200000)
    texts = sample_texts()
    assert [lazy.lcut(t) for t in texts] == [full.lcut(t) for t in texts]
    assert "对照检查材料" in lazy.lcut("形成了对照检查材料")
    assert "对照检查材料" not in wordseg.words("形成了对照检查材料")  # not in the shared one


def test_loading_jieba_for_a_short_text_reads_a_small_part_and_leaves_jieba_alone() -> None:
    code = (
        "import sys\n"
        "from selfreview import wordseg\n"
        "print(wordseg.tagged('王明同志说学习不够'))\n"
        "import jieba, jieba.posseg\n"
        "print(len(wordseg._shared_tokenizer().FREQ), len(jieba.dt.FREQ),\n"
        "      'pkg_resources' in sys.modules)\n"
        "print([(p.word, p.flag) for p in jieba.posseg.lcut('王明同志说学习不够')])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    ours, sizes, theirs = done.stdout.strip().splitlines()
    loaded, jieba_default, pkg_resources = sizes.split()
    assert 0 < int(loaded) < 50_000 and jieba_default == "0" and pkg_resources == "False"
    # jieba's own POS tokenizer, imported without its table, still tags like jieba
    expected = [("王明", "nr"), ("同志", "n"), ("说", "v"), ("学习", "v"), ("不够", "v")]
    assert ours == theirs == str(expected)


FAKE = (100, {"学": {"学": 5, "学习": 7}}, {"学": {"学习": "v"}})


def test_the_cache_is_built_once_then_read_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    builds: list[int] = []

    def fake_split() -> tuple[int, dict[str, bytes], dict[str, bytes]]:
        builds.append(1)
        total, freq, tags = FAKE
        return (
            total,
            {c: marshal.dumps(b) for c, b in freq.items()},
            {c: marshal.dumps(b) for c, b in tags.items()},
        )

    monkeypatch.setattr(wordseg, "_split_dictionary", fake_split)
    folder = tmp_path / "cache"
    store = wordseg.load_store(folder)
    assert builds == [1] and store.total == 100 and store.freq("学") == {"学": 5, "学习": 7}
    assert store.tags("学") == {"学习": "v"} and store.freq("无") == {}
    (cache,) = folder.glob("dict-*.marshal")
    assert wordseg.load_store(folder).freq("学")["学习"] == 7 and builds == [1]  # read
    cache.write_bytes(b"\x00garbage")
    assert wordseg.load_store(folder).freq("学")["学习"] == 7 and builds == [1, 1]  # rebuilt
    assert wordseg.load_store(folder).total == 100 and builds == [1, 1]
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert wordseg.load_store(blocked / "cache").freq("学")["学"] == 5  # unwritable: in memory
