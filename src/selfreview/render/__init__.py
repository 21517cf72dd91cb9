"""Deterministic rendering of a :class:`~selfreview.schema.Material` to .docx or .md.

python-docx is imported lazily inside :func:`render` so that importing this package (e.g.
for the CLI's --help) stays cheap.
"""

from __future__ import annotations

from pathlib import Path

from selfreview.errors import OutputError
from selfreview.render.layout import LayoutSettings
from selfreview.schema import Material

__all__ = ["SUFFIXES", "LayoutSettings", "render"]

SUFFIXES = (".docx", ".md")
"""Output formats :func:`render` understands, chosen by the file name's suffix."""


def render(material: Material, path: Path | str, settings: LayoutSettings | None = None) -> None:
    """Write ``material`` to ``path`` as Word (.docx) or Markdown (.md), atomically.

    The suffix (case-insensitive) picks the format; any other suffix raises
    :class:`OutputError`. An existing file is replaced: whether that is allowed is the
    caller's decision. ``settings`` defaults to GB/T 9704-2012 layout.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from selfreview.render.docx_writer import write_docx

        write_docx(material, path, settings)
    elif suffix == ".md":
        from selfreview.render.markdown import write_markdown

        write_markdown(material, path, settings)
    else:
        raise OutputError(
            f"不支持的输出格式“{path.suffix or '（无扩展名）'}”，请使用 .docx 或 .md", path=path
        )
