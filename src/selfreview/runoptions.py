"""Run options kept in the draft file, so that later commands act as the first one did.

``draft review``, ``draft build`` and the API read them from the draft. For an existing
draft the stored options win; provider, model, base URL, redaction, layout and 落款 given again
apply to later actions and are recorded; what changes the frame or the drafting (outline,
kind, unit, title, notes) needs an explicit re-draft.
"""

from __future__ import annotations

from typing import Any, Final

from pydantic import Field, field_validator

from selfreview.schema import StrictModel

OFFLINE: Final = "offline"
"""The provider name of the offline drafter (no model, no network)."""
AUTO: Final = "auto"
"""Not chosen yet: the configured provider, or offline (never stored)."""
LayoutValue = float | int | bool | str | None
MODEL_FIELDS = ("provider", "model", "base_url", "redact", "names", "names_file")
"""Options that may change for an existing draft: they apply to later actions."""
TUNING_FIELDS = ("retries", "jobs", "timeout")


class RunOptions(StrictModel):
    """Everything a later command needs to reach the same model, redact the same way and
    lay the document out as the first command did (the draft file is 0600)."""

    provider: str = OFFLINE
    """The provider as resolved (``offline`` or a provider name), never ``auto``."""
    model: str | None = None
    base_url: str | None = None
    """The server given with --base-url (regeneration goes there too); ``None``: the
    provider's own, from the config file or the built-in list."""
    redact: bool | None = None
    """--redact / --no-redact; ``None``: only for a server not on this machine."""
    names: list[str] = Field(default_factory=list)
    """The roster's names (--names FILE), replaced like the names found in the notes."""
    names_file: str | None = None
    """The roster file they were read from, for the record."""
    retries: int | None = Field(default=None, ge=0, le=10)
    jobs: int | None = Field(default=None, ge=1, le=64)
    timeout: float | None = Field(default=None, ge=1.0)
    outline: str | None = None
    """--outline as given (a built-in id or a YAML path); the outline used is in settings."""
    year: int | None = None
    meeting: str | None = None
    layout: dict[str, LayoutValue] = Field(default_factory=dict)
    """Layout settings the user set (line spacing, fonts, …); the rest keep their defaults."""
    signature: bool | None = None
    """--signature / --no-signature: the 落款 below the text; ``None``: added when its unit
    and date are known (see :func:`selfreview.workflow.signing.signature_for`)."""
    sign_unit: str | None = Field(default=None, min_length=1)
    """--sign-unit: the 落款's unit (a personal material: the person's name)."""
    sign_date: str | None = None
    """--sign-date, as GB/T 9704 writes it (2026年1月6日)."""

    @field_validator("layout")
    @classmethod
    def _layout_is_valid(cls, value: dict[str, LayoutValue]) -> dict[str, LayoutValue]:
        from selfreview.render.layout import LayoutSettings

        LayoutSettings(**value)  # unknown names and bad values are reported here
        return value

    @field_validator("sign_date")
    @classmethod
    def _date_as_written(cls, value: str | None) -> str | None:
        from selfreview.errors import InputError
        from selfreview.signing import normalize_date

        try:
            return None if value is None else normalize_date(value)
        except InputError as exc:
            raise ValueError(exc.message) from None

    def with_given(self, **given: Any) -> RunOptions:
        """These options with every value given (not ``None``) applied; ``layout`` is
        merged into the stored layout, ``names`` replaces the roster."""
        update = {k: v for k, v in given.items() if v is not None and k != "layout"}
        if update.get("provider", self.provider) != self.provider:
            update.setdefault("model", None)  # the old provider's model and server
            update.setdefault("base_url", None)  # belong to it, not to the new one
        layout = given.get("layout") or {}
        if layout:
            update["layout"] = {**self.layout, **layout}
        return RunOptions.model_validate({**self.model_dump(), **update})

    def layout_settings(self) -> Any:
        """The :class:`~selfreview.render.layout.LayoutSettings` of these options."""
        from selfreview.render.layout import LayoutSettings

        return LayoutSettings(**self.layout)
