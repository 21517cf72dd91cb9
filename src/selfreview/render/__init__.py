"""Deterministic rendering of a :class:`~selfreview.schema.Material` to .docx or .md.

python-docx is imported lazily inside :func:`render` so that importing this package (e.g.
for the CLI's --help) stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from selfreview.errors import OutputError
from selfreview.render.layout import LayoutSettings, Signature
from selfreview.schema import Material

__all__ = ["SUFFIXES", "LayoutSettings", "Signature", "render"]

SUFFIXES = (".docx", ".md")
"""Output formats :func:`render` understands, chosen by the file name's suffix."""


def render(
    material: Material,
    path: Path | str,
    settings: LayoutSettings | None = None,
    *,
    ledger: bool = False,
    draft_mark: bool = False,
    signature: Signature | None = None,
) -> None:
    """Write ``material`` to ``path`` as Word (.docx) or Markdown (.md), atomically.

    The suffix (case-insensitive) picks the format; any other suffix raises
    :class:`OutputError`. An existing file is replaced: whether that is allowed is the
    caller's decision. ``settings`` defaults to GB/T 9704-2012 layout.

    ``ledger`` appends the 整改清单 (one row per measure; see
    :func:`selfreview.render.ledger.ledger_rows`): in Word as an attachment on a new page,
    in Markdown as a "## 整改清单" table. ``draft_mark`` marks the document as a 讨论稿
    (first line "讨论稿") and keeps placeholders shaded whatever ``settings`` say.
    ``signature`` adds the 落款 (unit and date) below the text, before any ledger.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from selfreview.render.docx_writer import write_docx

        write_docx(
            material, path, settings, ledger=ledger, draft_mark=draft_mark, signature=signature
        )
    elif suffix == ".md":
        from selfreview.render.markdown import write_markdown

        write_markdown(
            material, path, settings, ledger=ledger, draft_mark=draft_mark, signature=signature
        )
    else:
        raise OutputError(
            f"不支持的输出格式“{path.suffix or '（无扩展名）'}”，请使用 .docx 或 .md", path=path
        )
