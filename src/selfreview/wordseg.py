"""Chinese word segmentation with jieba, its dictionary loaded in part and only when used.

jieba keeps its whole dictionary in memory: about 500,000 words and word prefixes, which
take most of a second to unmarshal from its cache, and the part-of-speech table, which
``jieba.posseg`` parses from ``dict.txt`` on import. An offline draft spent more time on
that than on drafting. Yet every dictionary lookup jieba makes while cutting a text is
for a substring of that text, so only the entries that begin with one of the text's
characters can matter. This module therefore keeps the dictionary (and the tag table) in
a cache file split by first character, and merges a character's entries into a
tokenizer the first time a text containing that character is cut. The words and tags
are exactly jieba's; typical notes need a third to a half of the dictionary.

- :func:`words` is ``jieba.lcut``; :func:`tagged` is ``jieba.posseg.lcut``;
- :func:`frequency` and :func:`tag` look a word up in jieba's dictionary;
- :func:`private_tokenizer` gives a tokenizer of its own, for callers that add words
  (they then do not leak into other users of the shared one).

The cache lives in the user's cache folder (``~/.cache/selfreview/jieba``), named after
jieba's version and its dictionary file, and is built once (a few seconds) when missing;
if it cannot be written the dictionary is split in memory on every run instead. Nothing
here touches ``jieba.dt``; ``jieba.posseg`` is imported without parsing its table, and
its module-level tokenizer reads the table the first time someone else uses it.
"""

from __future__ import annotations

import io
import logging
import marshal
import sys
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["frequency", "private_tokenizer", "tag", "tagged", "words"]

CACHE_FORMAT = 1
"""Bump when the cache file's layout changes."""

_lock = threading.RLock()
_store: _Store | None = None
_shared: Any = None
_pos: Any = None


def words(text: str) -> list[str]:
    """``jieba.lcut(text)``: every token, punctuation and spaces included."""
    result: list[str] = _shared_tokenizer().lcut(text)
    return result


def tagged(text: str) -> list[tuple[str, str]]:
    """``jieba.posseg.lcut(text)`` as (word, tag) pairs."""
    return list(_tagged(text))


@lru_cache(maxsize=4096)
def _tagged(text: str) -> tuple[tuple[str, str], ...]:
    # Remembered: the same opinion is tagged again by name detection, grounding and the
    # drafter, and the shared tokenizer never gains words, so a text's tags never change.
    return tuple((pair.word, pair.flag) for pair in _pos_tokenizer().lcut(text))


def frequency(word: str) -> int:
    """How often jieba's dictionary counts ``word`` (0 for a prefix or an unknown word)."""
    tokenizer = _shared_tokenizer()
    tokenizer.ensure(word[:1])
    found: int = tokenizer.FREQ.get(word) or 0
    return found


def tag(word: str) -> str | None:
    """The part of speech jieba's dictionary gives ``word``, or None."""
    tokenizer = _shared_tokenizer()
    tokenizer.ensure(word[:1], tags=True)
    found: str | None = tokenizer.tags.get(word)
    return found


def private_tokenizer() -> Any:
    """A new jieba tokenizer on the shared, partly loaded dictionary: words added to it
    (``add_word``) stay in it. Its ``lcut`` is jieba's."""
    return _tokenizer_class()(_load_store())


# --- the shared tokenizers ------------------------------------------------------------------


def _shared_tokenizer() -> Any:
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = private_tokenizer()
    return _shared


def _pos_tokenizer() -> Any:
    global _pos
    if _pos is None:
        with _lock:
            if _pos is None:
                _pos = _pos_class()(_shared_tokenizer())
    return _pos


_classes: dict[str, Any] = {}


def _tokenizer_class() -> Any:
    """jieba.Tokenizer, loading its dictionary a first character at a time."""
    if "tokenizer" in _classes:
        return _classes["tokenizer"]
    jieba = _import_jieba()

    class LazyTokenizer(jieba.Tokenizer):  # type: ignore[misc,name-defined]
        def __init__(self, store: _Store) -> None:
            super().__init__()
            self.FREQ: dict[str, int] = {}
            self.total = store.total
            self.initialized = True
            self.tags: dict[str, str] = {}
            self._store = store
            self._seen: set[str] = set()
            self._seen_tags: set[str] = set()
            self._guard = threading.Lock()

        def ensure(self, text: str, *, tags: bool = False) -> None:
            """Merge in the entries of every character of ``text`` not merged yet."""
            seen = self._seen_tags if tags else self._seen
            if seen.issuperset(text):
                return
            with self._guard:  # mark a character only once its entries are in
                for char in set(text) - seen:
                    if tags:
                        self.tags.update(self._store.tags(char))
                    else:
                        self.FREQ.update(self._store.freq(char))
                    seen.add(char)

        def initialize(self, dictionary: str | None = None) -> None:
            """Nothing to load up front (entries come in by :meth:`ensure`)."""
            if dictionary is not None:
                raise NotImplementedError("另一份词典请用 jieba.Tokenizer")

        def get_DAG(self, sentence: str) -> dict[int, list[int]]:
            self.ensure(sentence)
            dag: dict[int, list[int]] = super().get_DAG(sentence)
            return dag

        def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
            """jieba's ``add_word``, on top of the dictionary's entries for ``word``."""
            self.ensure(word[:1])  # before: a later merge must not overwrite the new word
            super().add_word(word, freq, tag)

    _classes["tokenizer"] = LazyTokenizer
    return LazyTokenizer


def _pos_class() -> Any:
    """jieba.posseg.POSTokenizer over a lazy tokenizer, its tag table loaded alike."""
    if "pos" in _classes:
        return _classes["pos"]
    posseg = _import_posseg()

    class LazyPOSTokenizer(posseg.POSTokenizer):  # type: ignore[misc,name-defined]
        def __init__(self, tokenizer: Any) -> None:  # no table to parse: see cut
            self.tokenizer = tokenizer
            self.word_tag_tab = tokenizer.tags

        def cut(self, sentence: str, HMM: bool = True) -> Iterable[Any]:
            self.tokenizer.ensure(sentence, tags=True)
            yield from super().cut(sentence, HMM)

    _classes["pos"] = LazyPOSTokenizer
    return LazyPOSTokenizer


# --- importing jieba ------------------------------------------------------------------------


def _import_jieba() -> Any:
    """``import jieba`` quietly, and without pkg_resources (jieba only uses it to open its
    own data files, which it then opens directly; importing it costs a tenth of a second)."""
    if "jieba" not in sys.modules:
        blocked = "pkg_resources" not in sys.modules
        if blocked:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            if blocked:
                del sys.modules["pkg_resources"]
        jieba.setLogLevel(logging.WARNING)
    return sys.modules["jieba"]


class _DeferredTags:
    """``jieba.posseg.dt``'s tag table until first used: then parsed as jieba would have."""

    def __init__(self, pos: Any) -> None:
        self._pos = pos

    def _table(self) -> dict[str, str]:
        with _lock:
            if self._pos.word_tag_tab is self:
                self._pos.load_word_tag(self._pos.tokenizer.get_dict_file())
        table: dict[str, str] = self._pos.word_tag_tab
        return table

    def get(self, word: str, default: str | None = None) -> str | None:
        """The tag of ``word`` (the table parsed on first use)."""
        return self._table().get(word, default)

    def update(self, other: dict[str, str]) -> None:
        """Add user tags (as ``POSTokenizer.makesure_userdict_loaded`` does)."""
        self._table().update(other)

    def __contains__(self, word: object) -> bool:
        return word in self._table()

    def __getitem__(self, word: str) -> str:
        return self._table()[word]

    def __len__(self) -> int:
        return len(self._table())


def _import_posseg() -> Any:
    """``import jieba.posseg`` without parsing the tag table on import (a third of a
    second); its default tokenizer parses it the first time it is used."""
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba = _import_jieba()
    with _lock:
        jieba.dt.get_dict_file = lambda: io.BytesIO()  # read by POSTokenizer() on import
        try:
            import jieba.posseg as posseg
        finally:
            del jieba.dt.get_dict_file
        posseg.dt.word_tag_tab = _DeferredTags(posseg.dt)
    return posseg


# --- the cache file -------------------------------------------------------------------------


class _Store:
    """jieba's dictionary and tag table split by first character, decoded when asked."""

    def __init__(self, total: int, freq: dict[str, bytes], tags: dict[str, bytes]) -> None:
        self.total = total
        self._freq_blobs = freq
        self._tag_blobs = tags
        self._freq: dict[str, dict[str, int]] = {}
        self._tags: dict[str, dict[str, str]] = {}

    def freq(self, char: str) -> dict[str, int]:
        """Every dictionary entry (words and prefixes) beginning with ``char``."""
        found = self._freq.get(char)
        if found is None:
            blob = self._freq_blobs.get(char)
            found = marshal.loads(blob) if blob else {}
            self._freq[char] = found
        return found

    def tags(self, char: str) -> dict[str, str]:
        """The part of speech of every dictionary word beginning with ``char``."""
        found = self._tags.get(char)
        if found is None:
            blob = self._tag_blobs.get(char)
            found = marshal.loads(blob) if blob else {}
            self._tags[char] = found
        return found


def _load_store() -> _Store:
    global _store
    with _lock:
        if _store is None:
            _store = load_store(cache_folder())
        return _store


def cache_folder() -> Path:
    """Where the split dictionary is cached: ``jieba`` in the user's cache folder."""
    from selfreview.places import user_cache_home

    return user_cache_home() / "jieba"


def dictionary_file() -> Path:
    """jieba's bundled dictionary."""
    jieba = _import_jieba()
    return Path(jieba.__file__).parent / "dict.txt"


def cache_file(folder: Path) -> Path:
    """The cache file for this jieba and its dictionary file, in ``folder``."""
    jieba = _import_jieba()
    source = dictionary_file().stat()
    name = f"dict-{jieba.__version__}-{source.st_size}-{source.st_mtime_ns}.v{CACHE_FORMAT}"
    return folder / f"{name}.marshal"


def load_store(folder: Path) -> _Store:
    """The split dictionary from ``folder``'s cache file, built (and saved) when missing or
    unreadable; one that cannot be saved is used from memory."""
    path = cache_file(folder)
    try:
        with open(path, "rb") as handle:
            total, freq, tags = marshal.load(handle)
        return _Store(total, freq, tags)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    total, freq, tags = _split_dictionary()
    from selfreview.atomic import write_atomic
    from selfreview.errors import SelfReviewError

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, lambda tmp: tmp.write_bytes(marshal.dumps((total, freq, tags))))
    except (OSError, SelfReviewError) as err:  # a cache that cannot be written is no error
        logging.getLogger(__name__).debug("jieba cache not written: %s", err)
    return _Store(total, freq, tags)


def _split_dictionary() -> tuple[int, dict[str, bytes], dict[str, bytes]]:
    """jieba's prefix dictionary (as ``Tokenizer.gen_pfdict`` builds it) and tag table (as
    ``POSTokenizer.load_word_tag`` reads it), split by first character and marshalled."""
    jieba = _import_jieba()
    with open(dictionary_file(), "rb") as handle:
        freq, total = jieba.Tokenizer().gen_pfdict(handle)
    tags: dict[str, str] = {}
    with open(dictionary_file(), "rb") as handle:
        for raw in handle:
            line = raw.strip().decode("utf-8")
            if line:
                word, _, kind = line.split(" ")
                tags[word] = kind
    return total, _split(freq), _split(tags)


def _split(table: dict[str, Any]) -> dict[str, bytes]:
    buckets: dict[str, dict[str, Any]] = {}
    for key, value in table.items():
        buckets.setdefault(key[0], {})[key] = value
    return {char: marshal.dumps(bucket) for char, bucket in buckets.items()}
