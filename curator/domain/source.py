"""The source-language text of a translated article, and its alignment with the translation.

An article's paragraphs are the target text, the unit that is annotated. Its source text (when
there is one) is a second list of paragraphs, normalised the same way, linked to the target by
an alignment: a chain of beads, each pairing a run of consecutive source paragraphs with a run
of consecutive target paragraphs (1–1, 2–1, 1–2, 2–2, or 1–0 / 0–1 for an omission or an
addition). Runs are half-open index ranges; together the beads cover both texts in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["AlignmentBead", "alignment_problem"]

AlignmentOrigin = Literal["auto", "editor"]


class AlignmentBead(BaseModel):
    """Source paragraphs [source_start, source_end) are the translation's [target_start,
    target_end)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_start: int = Field(ge=0)
    """First source paragraph."""
    source_end: int = Field(ge=0)
    """Source paragraph after the last one (= source_start: no source, an addition)."""
    target_start: int = Field(ge=0)
    """First target paragraph."""
    target_end: int = Field(ge=0)
    """Target paragraph after the last one (= target_start: an omission)."""
    origin: AlignmentOrigin = "auto"
    """Found by the aligner, or set by an editor."""
    cost: float | None = None
    """The aligner's cost (lower is surer); None for an editor's bead."""

    @model_validator(mode="after")
    def _ranges(self) -> AlignmentBead:
        if self.source_end < self.source_start or self.target_end < self.target_start:
            raise ValueError("a range ends before it starts")
        if self.source_end == self.source_start and self.target_end == self.target_start:
            raise ValueError("a bead links at least one paragraph")
        return self

    @property
    def source(self) -> range:
        """Source paragraph indices."""
        return range(self.source_start, self.source_end)

    @property
    def target(self) -> range:
        """Target paragraph indices."""
        return range(self.target_start, self.target_end)


def alignment_problem(beads: Sequence[AlignmentBead], n_source: int, n_target: int) -> str | None:
    """Why `beads` do not cover both texts in order, or None when they do."""
    s = t = 0
    for k, b in enumerate(beads):
        if b.source_start != s or b.target_start != t:
            return f"bead {k + 1} starts at source ¶{b.source_start + 1} / target ¶{b.target_start + 1}, expected ¶{s + 1} / ¶{t + 1}"
        s, t = b.source_end, b.target_end
    if s != n_source or t != n_target:
        return f"the beads end at source ¶{s} / target ¶{t} of {n_source} / {n_target}"
    return None
