"""Relations between two spans of one article (claim -> speaker, claim -> date, cue)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from curator.domain.span import Origin, utcnow


class Relation(BaseModel):
    """A typed, directed link from `head` to `tail` (span ids)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    """Stable id."""
    article_id: str
    """Article both spans belong to."""
    type: str
    """Relation type from the tag set (attributed_to, claim_date, cue)."""
    head: str
    """Span id of the head (the claim)."""
    tail: str
    """Span id of the tail (the speaker, date or cue)."""
    annotator: str = Field(min_length=1)
    """Whose layer the relation is in."""
    origin: Origin = "manual"
    """How it came to be."""
    created_at: dt.datetime = Field(default_factory=utcnow)
    """When it was made."""

    @model_validator(mode="after")
    def _labels_fit(self, info: ValidationInfo) -> Relation:
        """With context {tagset, head_label, tail_label}, check the type's label rules."""
        ctx: dict[str, Any] = info.context or {}
        if self.head == self.tail:
            raise ValueError("tail: a span cannot be linked to itself")
        tagset = ctx.get("tagset")
        if tagset is None:
            return self
        try:
            spec = tagset.relation(self.type)
        except KeyError:
            names = ", ".join(r.name for r in tagset.relations) or "none"
            raise ValueError(
                f"type: unknown relation type {self.type!r} (tag set has {names})"
            ) from None
        for end in ("head", "tail"):
            label = ctx.get(f"{end}_label")
            if label is not None and not spec.admits(end, label):
                allowed = " or ".join(getattr(spec, end))
                raise ValueError(f"{end}: {self.type} needs a {allowed} span as {end}, got {label}")
        return self
