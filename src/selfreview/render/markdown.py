"""Write a :class:`Material` as Markdown (for review in a browser, a diff or a chat window).

Headings: "# <title>", "## 一、…", "### （一）…"; items are plain paragraphs with the
"一是<headline>" sentence in bold. The sentence's final punctuation mark stands just outside
the ``**``: CommonMark does not close emphasis on "。**" when a Chinese character follows
(the delimiter is then not right-flanking), so "**一是…。**在…" would show literal stars,
while "**一是…**。在…" renders as intended everywhere.

A discussion draft starts with the line "**讨论稿**"; the 整改清单 follows the material as a
"## 整改清单" section holding a pipe table (a "|" inside a cell is escaped as "\\|").
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from selfreview.atomic import write_atomic
from selfreview.render.compose import Block, BlockKind, compose
from selfreview.render.layout import LayoutSettings, Signature
from selfreview.render.ledger import LEDGER_HEADERS, LedgerRow, ledger_rows
from selfreview.schema import Material

DRAFT_MARK_LINE = "**讨论稿**"
"""First line of a discussion draft."""
LEDGER_HEADING = "## 整改清单"
"""Heading of the ledger section."""

_PREFIX = {
    BlockKind.TITLE: "# ",
    BlockKind.HEADING1: "## ",
    BlockKind.HEADING2: "### ",
    BlockKind.BODY: "",
}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~&|])")
_LINE_START_SPECIAL = re.compile(r"^(#|>|[-+=](?=\s|$))")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


def render_markdown(
    material: Material,
    settings: LayoutSettings | None = None,
    *,
    ledger: bool = False,
    draft_mark: bool = False,
    signature: Signature | None = None,
) -> str:
    """Return the Markdown text of ``material`` (ends with a single newline).

    ``draft_mark`` puts "**讨论稿**" first; ``signature`` adds the 落款 (unit, date) as two
    paragraphs after the text; ``ledger`` appends the "## 整改清单" table.
    """
    settings = settings or LayoutSettings()
    parts = [DRAFT_MARK_LINE] if draft_mark else []
    parts += [_block(block, settings.bold_headline) for block in compose(material)]
    if signature is not None:
        parts += [escape(signature.unit), escape(signature.date)]
    if ledger:
        parts += [LEDGER_HEADING, ledger_table(ledger_rows(material))]
    return "\n\n".join(parts) + "\n"


def ledger_table(rows: list[LedgerRow]) -> str:
    """The ledger as a pipe table: header, delimiter row, one line per row (no final newline)."""
    lines = [_table_line(LEDGER_HEADERS), _table_line(("---", "---", "---", "---", "---"))]
    lines += [_table_line(tuple(escape(cell) for cell in row.cells())) for row in rows]
    return "\n".join(lines)


def write_markdown(
    material: Material,
    path: Path,
    settings: LayoutSettings | None = None,
    *,
    ledger: bool = False,
    draft_mark: bool = False,
    signature: Signature | None = None,
) -> None:
    """Write ``material`` as UTF-8 Markdown to ``path`` (atomically; overwrites).

    ``ledger`` and ``draft_mark`` are as in :func:`render_markdown`. Raises
    :class:`~selfreview.errors.OutputError` when the file cannot be written.
    """
    text = render_markdown(
        material, settings, ledger=ledger, draft_mark=draft_mark, signature=signature
    )

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")

    write_atomic(path, write)


def escape(text: str) -> str:
    """Backslash-escape what Markdown would read as inline markup."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _table_line(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


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
