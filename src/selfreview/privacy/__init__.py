"""Personal data in the notes: find it, replace it before a request leaves the machine,
and put it back in the answers.

``Redactor`` holds one draft's stable mapping (〔人名1〕, 〔手机1〕, …); ``RedactingChat``
wraps any :class:`~selfreview.modelclient.exchange.ChatModel`; :mod:`.detect` has the detectors;
:func:`load_roster` reads ``--names FILE``. Importing this package imports neither jieba
nor the model clients.
"""

from __future__ import annotations

from selfreview.errors import RosterError, UnknownPlaceholderError
from selfreview.privacy.detect import Finding, Kind, find_names, find_numbers
from selfreview.privacy.redactor import Redactor, Replacement
from selfreview.privacy.roster import load_roster

__all__ = [
    "Finding",
    "Kind",
    "Redactor",
    "Replacement",
    "RosterError",
    "UnknownPlaceholderError",
    "find_names",
    "find_numbers",
    "load_roster",
]
