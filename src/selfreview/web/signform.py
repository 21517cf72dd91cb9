"""The 落款 controls of the page's build section: what they show, what a submit records.

The values go through the CLI's path: :func:`~selfreview.workflow.signing.signing_given`
(the same validation and Chinese messages as ``draft build --sign-date``) and the run
options recorded in the draft file. What the user left as shown is not recorded, so an
untouched form changes nothing; a date typed in asks for the 落款, as ``--sign-date`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selfreview.signing import DATE_PLACEHOLDER, NAME_PLACEHOLDER, UNIT_PLACEHOLDER
from selfreview.workflow.signing import default_unit, signature_for, signing_given

if TYPE_CHECKING:
    from selfreview.draftfile import DraftFile

DATE_HINT = "会议日期，如 2026年1月6日"
"""The date field's hint when neither the user nor the notes gave a date."""


@dataclass(frozen=True)
class SignForm:
    """The 落款 controls as the page shows them."""

    on: bool
    """The build adds a 落款 now (the checkbox is ticked)."""
    unit: str
    """The unit (or, for a personal material, the name): given, or the workflow's default."""
    date: str
    """The date given, or the meeting date the notes state; empty when neither says one."""
    personal: bool
    """A personal material: the 落款 is the person's name."""


def sign_form(draft: DraftFile) -> SignForm:
    """The controls' values for ``draft`` (never a date the notes do not state)."""
    from selfreview.schema import Voice
    from selfreview.signing import meeting_date

    options = draft.options
    texts = [*draft.notes_headings, *(o.text for o in draft.opinions)]
    return SignForm(
        on=signature_for(draft).signature is not None,
        unit=options.sign_unit or default_unit(draft) or "",
        date=options.sign_date or meeting_date(texts) or "",
        personal=draft.settings.voice is Voice.PERSONAL,
    )


def signing_from_form(draft: DraftFile, form: Mapping[str, Any]) -> dict[str, Any] | None:
    """The run options the build form's 落款 controls ask to record for ``draft`` (``None``:
    the form had no such controls). Raises :class:`~selfreview.errors.InputError` for a
    date that cannot be read, with the message ``--sign-date`` gives."""
    if "sign_shown" not in form:
        return None
    shown = sign_form(draft)
    on = form.get("sign") == "1"
    signature = None if on == (form.get("sign_shown") == "1") else on
    unit = _text(form.get("sign_unit"))
    date = _text(form.get("sign_date"))
    return signing_given(
        signature,
        unit if unit and unit != shown.unit else None,
        date if date and date != shown.date else None,
    )


def missing_parts(draft: DraftFile) -> list[str]:
    """What the 落款 the build would add still lacks ("日期", "单位", "姓名")."""
    signature = signature_for(draft).signature
    if signature is None:
        return []
    names = {UNIT_PLACEHOLDER: "单位", NAME_PLACEHOLDER: "姓名", DATE_PLACEHOLDER: "日期"}
    return [names[p] for p in (signature.unit, signature.date) if p in names]


def preview_signature(draft: DraftFile) -> tuple[str, float, str] | None:
    """The 落款 the build would add, for the HTML preview: (unit, how far the unit stands in
    from the right margin in characters, date), laid out as the DOCX lays it out (the date
    four characters in, the unit centred over it); ``None`` without a 落款."""
    from selfreview.render.titlelines import title_width

    signature = signature_for(draft).signature
    if signature is None:
        return None
    unit_right = max(0.0, 4 + (title_width(signature.date) - title_width(signature.unit)) / 2)
    return signature.unit, unit_right, signature.date


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
