"""The 落款 a build puts below the text, from the draft's stored options and its notes.

The unit defaults to the draft's unit (``--org`` or the notes' header) for a collective
material and to the person's name for a personal one; the date to the meeting date the
notes state. Nothing is guessed: with the 落款 left to its default (``signature`` not set)
it is added only when both are known; asked for (``--signature``, ``--sign-unit`` or
``--sign-date``) it is added with a visible placeholder where one is missing, which the
build gate then reports like any other placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selfreview.render.layout import Signature
from selfreview.schema import Voice
from selfreview.signing import (
    DATE_PLACEHOLDER,
    NAME_PLACEHOLDER,
    UNIT_PLACEHOLDER,
    meeting_date,
    personal_name,
)

if TYPE_CHECKING:
    from selfreview.draftfile import DraftFile

SIGN_FIELDS = ("signature", "sign_unit", "sign_date")
"""The run options that decide the 落款."""


@dataclass(frozen=True)
class SignatureChoice:
    """The 落款 of a build (``None``: none) and a Chinese line on how to change it."""

    signature: Signature | None
    note: str


def signing_given(
    signature: bool | None = None, unit: str | None = None, date: str | None = None
) -> dict[str, Any]:
    """The run options a front end records for its 落款 settings: giving a unit or a
    date asks for the 落款 unless it is turned off in the same breath. The date is
    written as GB/T 9704 writes it; a blank unit or a date we cannot read is an
    :class:`~selfreview.errors.InputError`."""
    from selfreview.errors import InputError
    from selfreview.signing import normalize_date

    if unit is not None:
        unit = unit.strip()
        if not unit:
            raise InputError("落款单位不能为空")
    if date is not None:
        date = normalize_date(date)
    if signature is None and (unit is not None or date is not None):
        signature = True
    return {"signature": signature, "sign_unit": unit, "sign_date": date}


def default_unit(draft: DraftFile) -> str | None:
    """Who signs by default: the unit for a collective material, the person for a
    personal one (``None`` when the draft does not say)."""
    settings = draft.settings
    if settings.voice is Voice.PERSONAL:
        return personal_name(settings.org, _texts(draft))
    return settings.org.strip() or None


def signature_for(draft: DraftFile) -> SignatureChoice:
    """The 落款 to build ``draft`` with, as its run options and notes decide."""
    options = draft.options
    if options.signature is False:
        return SignatureChoice(None, "")
    unit = options.sign_unit or default_unit(draft)
    date = options.sign_date or meeting_date(_texts(draft))
    personal = draft.settings.voice is Voice.PERSONAL
    if options.signature is None and (unit is None or date is None):
        who = "本人姓名" if personal else "单位名称"
        unit_hint = "" if unit else f" --sign-unit {who}"
        return SignatureChoice(
            None,
            f"未加落款（单位和日期）：要加请用{unit_hint} --sign-date 会议日期（如 2026年1月6日）"
            + (f"；落款单位默认为“{unit}”" if unit else ""),
        )
    signature = Signature(
        unit=unit or (NAME_PLACEHOLDER if personal else UNIT_PLACEHOLDER),
        date=date or DATE_PLACEHOLDER,
    )
    return SignatureChoice(signature, f"落款：{signature.unit}，{signature.date}")


def _texts(draft: DraftFile) -> list[str]:
    return [*draft.notes_headings, *(o.text for o in draft.opinions)]
