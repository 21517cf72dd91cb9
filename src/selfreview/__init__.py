"""selfreview: draft 对照检查材料 from raw notes, reviewed by a person, laid out to GB/T 9704.

The Python API (for notebooks) is the same steps the ``draft`` command runs::

    import selfreview

    review = selfreview.draft("笔记.txt", org="某市政府党组", path="材料.draft.json")
    review.approve_all()
    review.build("材料.docx")

See :mod:`selfreview.api` for every function. Importing the package is cheap on purpose:
the API module (and with it pydantic, python-docx, jieba, model clients) is imported the
first time one of its names is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Review",
    "SelfReviewError",
    "__version__",
    "check",
    "copy_prompts",
    "draft",
    "import_material",
    "load_notes",
    "open_draft",
    "outlines",
    "use_prompts",
]
_API = frozenset(__all__) - {"SelfReviewError", "__version__"}

if TYPE_CHECKING:
    from selfreview.api import (
        Review,
        check,
        copy_prompts,
        draft,
        import_material,
        load_notes,
        open_draft,
        outlines,
        use_prompts,
    )
    from selfreview.errors import SelfReviewError


def __getattr__(name: str) -> Any:
    """Import the API on first use of one of its names (keeps ``import selfreview`` cheap)."""
    if name in _API:
        from selfreview import api

        return getattr(api, name)
    if name == "SelfReviewError":
        from selfreview.errors import SelfReviewError

        return SelfReviewError
    raise AttributeError(f"module 'selfreview' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
