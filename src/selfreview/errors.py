"""The project's exceptions.

Every error a user can cause or meet derives from :class:`SelfReviewError` and carries a
one-line, user-facing message (Chinese). The CLI maps these to exit status 1 and prints
the message without a traceback; nothing below the CLI decides exit codes.

All of the project's exception classes are defined here (a test walks the package to
keep it so), so that catching one never imports the code that raises it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: this module imports nothing from the project
    from selfreview.draftfile import DraftFile
    from selfreview.modellog import CallFailure, ModelLog


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


class ConfigError(SelfReviewError):
    """The config file cannot be read or has a wrong field."""


class RosterError(InputError):
    """The roster file cannot be read or has an unusable line."""


# --- model calls -------------------------------------------------------------------------


class ProviderError(SelfReviewError):
    """An unknown provider, or one that cannot be used as configured."""


class MissingKeyError(ProviderError):
    """The provider needs an API key and none is set."""


class ModelCallError(SelfReviewError):
    """The provider could not be reached or refused the request."""


class CallFailedError(ModelCallError):
    """A call failed after its retries (rate limit, server error, timeout, cut connection)."""


class ReplayMissError(SelfReviewError):
    """``--replay`` was asked for a request that was never recorded."""


class DeadlineExpired(SelfReviewError):
    """A request did not finish within its deadline (the caller maps it to a fuller message)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"请求在 {seconds:g} 秒内没有得到完整回答")


class GaveUp(SelfReviewError):
    """The last error of a call and how many requests it made (retries included).

    ``asked_wait``: set when the server's Retry-After asked for longer than the policy's
    cap, so the call ended at once instead of waiting or retrying early.
    """

    def __init__(self, last: BaseException, attempts: int, asked_wait: float | None = None) -> None:
        self.last = last
        self.attempts = attempts
        self.asked_wait = asked_wait
        super().__init__(f"共请求 {attempts} 次仍失败（{type(last).__name__}）")


class StructuredOutputError(SelfReviewError):
    """The model gave no valid answer within the allowed re-asks."""

    reaskable: bool = False
    """Set by a chat that raises this about a single answer which asking again may fix
    (see :func:`selfreview.llm.structured.ask_structured`)."""

    def __init__(self, label: str, errors: list[str], last_raw: str, attempts: int) -> None:
        self.label = label
        self.errors = errors
        self.last_raw = last_raw
        self.attempts = attempts
        first = errors[0] if errors else "回答无效"
        super().__init__(f"模型在 {label} 连续 {attempts} 次未给出有效回答：{first}")


class ContentFilteredError(StructuredOutputError):
    """The provider filtered the request or answer, or the model refused, and asking again
    did not help: a local model or milder wording of the notes is the way out."""

    def __init__(self, label: str, reason: str, last_raw: str, attempts: int) -> None:
        self.label = label
        self.errors = [reason]
        self.last_raw = last_raw
        self.attempts = attempts
        SelfReviewError.__init__(
            self,
            f"{reason}：可改用本机模型（如 --provider ollama，意见不离开本机），"
            "或修改意见原文中可能触发内容审核的表述后重试",
        )


class UnknownPlaceholderError(StructuredOutputError):
    """A model answer used a placeholder that was never issued (the model made one up).

    Raised by the redactor (no ``label`` yet) and raised again by the redacting chat with
    the call's label and raw answer. A :class:`StructuredOutputError`, so that the drafter
    records it as a failed call (keeping the answer, which holds placeholders only) while
    the other calls go on.
    """

    reaskable = True
    """Re-asking with :attr:`errors` can help (for ``ask_structured``; see the note there)."""

    def __init__(self, placeholders: Sequence[str], *, label: str = "", raw: str = "") -> None:
        self.placeholders = list(placeholders)
        shown = "、".join(self.placeholders)
        reason = f"回答中有从未发出的占位符 {shown}：只能原样使用材料中出现过的占位符，不要自造"
        if label:
            super().__init__(label, [reason], raw, 1)
        else:
            self.label = label
            self.errors = [reason]
            self.last_raw = raw
            self.attempts = 1
            SelfReviewError.__init__(self, reason)


class DraftingFailed(SelfReviewError):
    """Some calls gave no valid answer or failed after their retries; the others are cached
    and the log says which."""

    def __init__(self, failures: list[CallFailure], log: ModelLog) -> None:
        self.failures = failures
        self.log = log
        first = failures[0]
        more = f"（另有 {len(failures) - 1} 处失败）" if len(failures) > 1 else ""
        super().__init__(f"{first.label}：{first.message}{more}")


# --- review ------------------------------------------------------------------------------


class ReviewError(SelfReviewError):
    """A review action that cannot be done (unknown item, invalid text, no model, …)."""


class UnitError(SelfReviewError):
    """A unit id that does not exist in the material, or fields it does not have."""


class ReviewPendingError(SelfReviewError):
    """The build was refused: some units are undecided (or placeholders are left)."""

    def __init__(self, message: str, units: list[str], *, path: Path | None = None) -> None:
        super().__init__(message, path=path)
        self.units = units


class MergeConflict(SelfReviewError):
    """Both this session and another changed the same units: ``units`` names them."""

    def __init__(self, units: list[str], disk: DraftFile | None = None) -> None:
        self.units = units
        self.disk = disk
        """The draft file as found on disk when the conflict was seen."""
        super().__init__("、".join(units))


class SheetError(SelfReviewError):
    """A review sheet that cannot be applied; the message starts with the line number."""

    def __init__(self, line: int, message: str, *, path: Path | str | None = None) -> None:
        self.line = line
        self.mistakes = [self]
        """Every mistake found (one, unless :meth:`combine` gathered several)."""
        super().__init__(f"第 {line} 行：{message}", path=path)

    @classmethod
    def combine(cls, mistakes: list[SheetError], path: Path | str | None = None) -> SheetError:
        """One error naming every mistake in line order (the only one, if there is one)."""
        ordered = sorted({(m.line, m.message): m for m in mistakes}.values(), key=lambda m: m.line)
        if len(ordered) == 1:
            return ordered[0]
        listed = "；".join(m.message for m in ordered)
        error = cls(ordered[0].line, "", path=path)
        error.mistakes = ordered
        SelfReviewError.__init__(
            error, f"审阅单有 {len(ordered)} 处错误，一条也没有记录：{listed}", path=path
        )
        return error


class EditFormError(SelfReviewError):
    """The edited text cannot be read back into the unit's fields."""


class EditorError(SelfReviewError):
    """The editor could not be started or did not exit cleanly."""


class NoEditorError(EditorError):
    """No editor is set and no easy one (one that shows how to save and leave) is installed."""


# --- review page -------------------------------------------------------------------------


class Forbidden(SelfReviewError):
    """A POST to the review page without the page's token in its form."""
