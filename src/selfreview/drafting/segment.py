"""Chinese word segmentation for lexicon scoring (jieba, loaded once and only when used).

A private tokenizer (see :func:`selfreview.wordseg.private_tokenizer`) is used rather
than the shared one so that the lexicon words we add do not leak into other users of
jieba in the same process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

_lock = threading.Lock()
_tokenizer: Any = None
_added: set[str] = set()


def _get_tokenizer() -> Any:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            from selfreview.wordseg import private_tokenizer

            _tokenizer = private_tokenizer()
        return _tokenizer


def add_words(words: Iterable[str]) -> None:
    """Make sure each lexicon word is segmented as one token."""
    tokenizer = _get_tokenizer()
    with _lock:
        for word in words:
            if word and word not in _added:
                tokenizer.add_word(word, freq=200000)
                _added.add(word)


def segment(text: str) -> list[str]:
    """Split ``text`` into words, dropping whitespace and punctuation-only tokens."""
    tokens: list[str] = _get_tokenizer().lcut(text)
    return [token for token in tokens if any(ch.isalnum() for ch in token)]
