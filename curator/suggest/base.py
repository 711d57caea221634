"""What a suggester proposes: a span (or a paragraph kind) with attributes and a reason.

Suggestions are plain frozen dataclasses so the suggesters stay free of the store and of
pydantic; the runner turns them into pending spans of the `suggest` layer. Offsets are code
points relative to the paragraph, end-exclusive, and `text == paragraph[start:end]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["SUGGESTERS", "Suggestion", "make"]

SUGGESTERS = ("dates", "speakers", "boilerplate", "errors")
"""Suggester names, in the order they run (`--only` takes a subset)."""

PARAGRAPH_KIND = "paragraph_kind"
"""`label` of a suggestion about a paragraph's kind (attrs {"kind": ...}), not a span."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposal. `links` are relations from this span: (relation type, key of the tail)."""

    paragraph: int
    """Paragraph index in the article."""
    start: int
    """First code point."""
    end: int
    """Code point after the last one."""
    text: str
    """`paragraph_text[start:end]`."""
    label: str
    """Span label (claim, speaker, date, translation_error, a cue label) or `paragraph_kind`."""
    attrs: dict[str, Any]
    """Attributes for the label's model (unset ones left out)."""
    reason: str
    """Why, in a few words, shown to the editor."""
    suggester: str
    """Which suggester made it (dates, speakers, boilerplate, errors)."""
    links: tuple[tuple[str, str], ...] = ()
    """Relations with this span as head: (type, tail key)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Extra bookkeeping stored in the span's meta (the cue's offsets, a resolution note)."""

    @property
    def key(self) -> str:
        """Identity within one run: where it is and what it is."""
        return f"{self.paragraph}:{self.start}:{self.end}:{self.label}"


def make(
    text: str,
    paragraph: int,
    start: int,
    end: int,
    label: str,
    attrs: dict[str, Any],
    reason: str,
    suggester: str,
    **kw: Any,
) -> Suggestion | None:
    """A suggestion over `text[start:end]` trimmed of surrounding spaces; None when empty."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    clean = {k: v for k, v in attrs.items() if v is not None and v != ""}
    return Suggestion(paragraph, start, end, text[start:end], label, clean, reason, suggester, **kw)
