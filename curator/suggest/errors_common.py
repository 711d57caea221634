"""What every check of the translation-error suggester shares: how a proposal is made."""

from __future__ import annotations

from functools import cache

from curator.domain.mqm import normalize_category
from curator.suggest.base import Suggestion, make

__all__ = ["SUGGESTER", "category", "error", "errors_of"]

SUGGESTER = "errors"
"""The name every proposal of this suggester carries."""


@cache
def category(name: str) -> str:
    """The canonical MQM category (a typo in a check or a data file fails loudly)."""
    canonical = normalize_category(name)
    assert canonical is not None, name
    return canonical


def error(
    text: str,
    paragraph: int,
    start: int,
    end: int,
    category_name: str,
    severity: str,
    reason: str,
    correction: str | None = None,
) -> Suggestion | None:
    """A `translation_error` proposal, or None for an empty or out-of-range span."""
    attrs = {"category": category(category_name), "severity": severity, "correction": correction}
    return make(text, paragraph, start, end, "translation_error", attrs, reason, SUGGESTER)


def errors_of(found: list[Suggestion | None]) -> list[Suggestion]:
    """The proposals that could be made."""
    return [s for s in found if s is not None]
