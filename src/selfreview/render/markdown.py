"""Write a :class:`Material` as Markdown (for review in a browser, a diff or a chat window).

Headings: "# <title>", "## 一、…", "### （一）…"; items are plain paragraphs with the
"一是<headline>" sentence in bold. The sentence's final punctuation mark stands just outside
the ``**``: CommonMark does not close emphasis on "。**" when a Chinese character follows
(the delimiter is then not right-flanking), so "**一是…。**在…" would show literal stars,
while "**一是…**。在…" renders as intended everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from selfreview.atomic import write_atomic
from selfreview.render.compose import Block, BlockKind, compose
from selfreview.render.layout import LayoutSettings
from selfreview.schema import Material

_PREFIX = {
    BlockKind.TITLE: "# ",
    BlockKind.HEADING1: "## ",
    BlockKind.HEADING2: "### ",
    BlockKind.BODY: "",
}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~&|])")
_LINE_START_SPECIAL = re.compile(r"^(#|>|[-+=](?=\s|$))")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


def render_markdown(material: Material, settings: LayoutSettings | None = None) -> str:
    """Return the Markdown text of ``material`` (ends with a single newline)."""
    settings = settings or LayoutSettings()
    return "\n\n".join(_block(block, settings.bold_headline) for block in compose(material)) + "\n"


def write_markdown(material: Material, path: Path, settings: LayoutSettings | None = None) -> None:
    """Write ``material`` as UTF-8 Markdown to ``path`` (atomically; overwrites).

    Raises :class:`~selfreview.errors.OutputError` when the file cannot be written.
    """
    text = render_markdown(material, settings)

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    write_atomic(path, write)


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as inline markup."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_line_start(text: str) -> str:
    # A body paragraph must not turn into a heading, quote, list or setext underline.
    text = _ORDERED_START.sub(r"\1\\\2", text)
    return _LINE_START_SPECIAL.sub(r"\\\1", text)


def _block(block: Block, bold: bool) -> str:
    out = ""
    for segment in block.segments:
        core, tail = _split_trailing_punctuation(segment.text)
        if segment.headline and bold and core:
            out += f"**{escape(core)}**{escape(tail)}"
        else:
            out += escape(segment.text)
    if block.kind is BlockKind.BODY:
        out = _escape_line_start(out)
    return _PREFIX[block.kind] + out


def _split_trailing_punctuation(text: str) -> tuple[str, str]:
    # One punctuation mark after the closing ** makes it right-flanking whatever precedes.
    if text and unicodedata.category(text[-1]).startswith("P"):
        return text[:-1], text[-1]
    return text, ""
