"""The project's exceptions.

Every error a user can cause or meet derives from :class:`SelfReviewError` and carries a
one-line, user-facing message (Chinese). The CLI maps these to exit status 1 and prints
the message without a traceback; nothing below the CLI decides exit codes.
"""

from __future__ import annotations

from pathlib import Path


class SelfReviewError(Exception):
    """Base class: ``str(err)`` is a one-line message fit to show the user."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}：{message}" if self.path is not None else message)


class InputError(SelfReviewError):
    """The notes file (or another input) is missing, empty, binary or unreadable."""


class OutlineError(SelfReviewError):
    """An outline is unknown or an outline file is invalid."""


class DataFileError(SelfReviewError):
    """A bundled data file (prompts, phrase bank) is missing or malformed."""


class DraftFileError(SelfReviewError):
    """A draft file cannot be read, does not match, or would be overwritten."""


class OutputError(SelfReviewError):
    """The output document cannot be written."""
