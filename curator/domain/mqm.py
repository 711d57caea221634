"""MQM error typology and scoring as used at WMT (Freitag et al. 2021) and in Google's MQM Viewer.

Categories are written ``Dimension/Subtype`` (``Accuracy/Mistranslation``); three dimensions
have no subtype (``Non-translation``, ``Source error``, ``Other``). Scores follow the WMT
weighting: Non-translation 25, major 5, minor Fluency/Punctuation 0.1, any other minor 1. A
Source error is weighted by its severity like any other error, as in WMT's published segment
scores (the TED MQM release scores a major Source error 5); the MQM Viewer's current default
weights leave Source errors out of its score. Lower is better; `per_100_words` normalises a score by segment length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

__all__ = [
    "ALL_CATEGORIES",
    "MQM_CATEGORIES",
    "SEVERITIES",
    "check_severity",
    "error_weight",
    "mqm_score",
    "normalize_category",
    "per_100_words",
]

MQM_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Accuracy": ("Mistranslation", "Omission", "Addition", "Untranslated"),
    "Fluency": (
        "Grammar",
        "Spelling",
        "Punctuation",
        "Inconsistency",
        "Register",
        "Character encoding",
    ),
    "Terminology": ("Inappropriate for context", "Inconsistent use"),
    "Style": ("Awkward",),
    "Locale convention": (
        "Address format",
        "Currency format",
        "Date format",
        "Name format",
        "Telephone format",
        "Time format",
    ),
    "Non-translation": (),
    "Source error": (),
    "Other": (),
}
"""Dimension -> subtypes; the last three dimensions have none."""

ALL_CATEGORIES: tuple[str, ...] = tuple(
    f"{dim}/{sub}" if sub else dim
    for dim, subs in MQM_CATEGORIES.items()
    for sub in (subs or (None,))
)
"""Every category as ``Dimension/Subtype`` (or the bare dimension), in typology order."""

SEVERITIES = ("minor", "major", "critical")
"""MQM severities; critical is reserved for Non-translation."""

NON_TRANSLATION = "Non-translation"
SOURCE_ERROR = "Source error"
MINOR_PUNCTUATION = "Fluency/Punctuation"

_SPACES = re.compile(r"[\s_]+")
_SLASH = re.compile(r" ?/ ?")


def _key(s: str) -> str:
    """Lookup key: case-folded, ``_`` as space, single spaces, none around ``/``."""
    return _SLASH.sub("/", _SPACES.sub(" ", s).strip()).casefold()


_ALIASES = {
    # Spellings found in WMT MQM releases and the MQM Viewer.
    "Accuracy/Untranslated text": "Accuracy/Untranslated",
    "Non-translation!": NON_TRANSLATION,
    "Non translation": NON_TRANSLATION,
    "Nontranslation": NON_TRANSLATION,
    "Terminology/Inconsistent use of terminology": "Terminology/Inconsistent use",
}
_LOOKUP: dict[str, str] = {_key(c): c for c in ALL_CATEGORIES}
_LOOKUP.update({_key(alias): canonical for alias, canonical in _ALIASES.items()})
# "Locale conventions/..." (plural, as in MQM 2.0) for every locale subtype.
for _sub in MQM_CATEGORIES["Locale convention"]:
    _LOOKUP[_key(f"Locale conventions/{_sub}")] = f"Locale convention/{_sub}"


def normalize_category(s: str) -> str | None:
    """The canonical spelling of a user-typed MQM category, or None when unknown.

    Case-insensitive; tolerant of spaces around ``/``, of ``_`` for a space
    (``Locale_convention/Date format``) and of a few spellings from WMT data
    (``Accuracy/Untranslated text``, ``Non-translation!``).
    """
    if not isinstance(s, str):
        return None
    return _LOOKUP.get(_key(s))


def check_severity(category: str, severity: str) -> str | None:
    """None when `severity` is allowed for `category`, else a short reason.

    Both are matched leniently (`normalize_category`, severity case-insensitive).
    ``critical`` is only allowed for Non-translation.
    """
    canonical = normalize_category(category)
    if canonical is None:
        return f"unknown MQM category {category!r}"
    sev = severity.strip().lower() if isinstance(severity, str) else None
    if sev not in SEVERITIES:
        return f"unknown severity {severity!r} (expected minor, major or critical)"
    if sev == "critical" and canonical != NON_TRANSLATION:
        return f"critical is reserved for Non-translation, not {canonical}"
    return None


def error_weight(category: str, severity: str) -> float:
    """WMT weight of one error. Raises ValueError for an unknown or invalid combination.

    Non-translation 25 (whatever the severity), major 5, minor Fluency/Punctuation 0.1, any
    other minor 1 (Source error included).
    """
    reason = check_severity(category, severity)
    if reason:
        raise ValueError(reason)
    canonical = normalize_category(category)
    sev = severity.strip().lower()
    if canonical == NON_TRANSLATION:
        return 25.0
    if sev == "major":
        return 5.0
    return 0.1 if canonical == MINOR_PUNCTUATION else 1.0


def mqm_score(errors: Iterable[tuple[str, str]]) -> float:
    """Sum of the weights of (category, severity) errors; 0.0 for none. Lower is better."""
    return math.fsum(error_weight(category, severity) for category, severity in errors)


def per_100_words(score: float, words: int) -> float:
    """`score` per 100 words of `words`; 0.0 when there are no words."""
    if words < 0:
        raise ValueError(f"word count must not be negative, got {words}")
    if words == 0:
        return 0.0
    return score * 100.0 / words
