"""Spans: one subclass per built-in label, a discriminated union on `label`.

Offsets are Unicode code points, end-exclusive, relative to the paragraph; `text` must equal
`paragraph.text[start:end]`. Pass `context={"paragraph_text": ..., "tagset": ...}` to
`validate_span` to check the quote and the label's attributes against the tag set in use.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from curator.domain.attrs import (
    BUILTIN_ATTRS,
    ClaimAttrs,
    DateAttrs,
    SpeakerAttrs,
    TranslationErrorAttrs,
)

Origin = Literal["manual", "suggested", "adjudicated", "imported"]
SpanStatus = Literal["active", "pending", "accepted", "rejected", "orphaned"]
LIVE_STATUSES: tuple[SpanStatus, ...] = ("active", "pending", "accepted", "rejected")
"""The statuses a layer is read with (export, review): an editor's layer has active spans
(orphaned ones, whose quote was lost, are left out); the suggestion layer has its proposals,
each with whether an editor has decided on it."""


def utcnow() -> dt.datetime:
    """Timestamps are UTC, second precision is not enough for event order so keep micros."""
    return dt.datetime.now(dt.UTC)


class SpanBase(BaseModel):
    """Fields every span has."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    """Stable id (16 hex digits when curator makes it)."""
    article_id: str
    """Article of the paragraph."""
    paragraph: int = Field(ge=0)
    """Paragraph index in the article."""
    start: int = Field(ge=0)
    """First code point, relative to the paragraph."""
    end: int = Field(ge=0)
    """Code point after the last one."""
    text: str
    """The quoted text, equal to `paragraph.text[start:end]`."""
    label: str
    """Label from the tag set."""
    annotator: str = Field(min_length=1)
    """Whose layer the span is in (`suggest` for suggestions, `gold` for adjudicated)."""
    origin: Origin = "manual"
    """How it came to be."""
    status: SpanStatus = "active"
    """active; pending/accepted/rejected for suggestions; orphaned when its quote was lost."""
    meta: dict[str, Any] = Field(default_factory=dict)
    """Provenance and other bookkeeping (suggestion reason, adjudication sources)."""
    created_at: dt.datetime = Field(default_factory=utcnow)
    """When it was made."""
    updated_at: dt.datetime = Field(default_factory=utcnow)
    """When it was last changed."""

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(f"must be greater than start ({start}), got {end}")
        return end

    @model_validator(mode="after")
    def _matches_paragraph(self, info: ValidationInfo) -> SpanBase:
        ctx = info.context or {}
        tagset = ctx.get("tagset")
        if tagset is not None and self.label not in tagset.label_names:
            names = ", ".join(tagset.label_names)
            raise ValueError(f"label: unknown label {self.label!r} (tag set has {names})")
        text = ctx.get("paragraph_text")
        if text is None or self.status == "orphaned":
            return self
        if self.end > len(text):
            raise ValueError(f"end: {self.end} is past the paragraph's end ({len(text)})")
        if text[self.start : self.end] != self.text:
            raise ValueError(
                f"text: {self.text!r} is not the paragraph's text at {self.start}:{self.end} "
                f"({text[self.start : self.end]!r})"
            )
        return self

    def attrs_dict(self) -> dict[str, Any]:
        """Attributes as plain JSON-able values, unset ones left out."""
        attrs = self.attrs  # type: ignore[attr-defined]
        if isinstance(attrs, BaseModel):
            return attrs.model_dump(mode="json", exclude_none=True)
        return {k: v for k, v in attrs.items() if v is not None}


class ClaimSpan(SpanBase):
    """A claim."""

    label: Literal["claim"]
    attrs: ClaimAttrs = ClaimAttrs()


class SpeakerSpan(SpanBase):
    """A speaker mention."""

    label: Literal["speaker"]
    attrs: SpeakerAttrs = SpeakerAttrs()


class DateSpan(SpanBase):
    """A temporal expression."""

    label: Literal["date"]
    attrs: DateAttrs = DateAttrs()


class TranslationErrorSpan(SpanBase):
    """A translation error."""

    label: Literal["translation_error"]
    attrs: TranslationErrorAttrs = TranslationErrorAttrs()


class CustomSpan(SpanBase):
    """A span with a label declared in the tag-set file; attrs checked against its fields."""

    label: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    attrs: dict[str, str | bool] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _attrs_per_tagset(self, info: ValidationInfo) -> CustomSpan:
        tagset = (info.context or {}).get("tagset")
        if tagset is not None and self.label in tagset.label_names:
            model = tagset.attrs_model(self.label)
            self.attrs = model.model_validate(self.attrs).model_dump(exclude_none=True)
        return self


def _span_tag(value: Any) -> str:
    label = value.get("label") if isinstance(value, dict) else getattr(value, "label", None)
    return label if label in BUILTIN_ATTRS else "custom"


Span = Annotated[
    Annotated[ClaimSpan, Tag("claim")]
    | Annotated[SpeakerSpan, Tag("speaker")]
    | Annotated[DateSpan, Tag("date")]
    | Annotated[TranslationErrorSpan, Tag("translation_error")]
    | Annotated[CustomSpan, Tag("custom")],
    Discriminator(_span_tag),
]
"""Any span; validate with `validate_span`."""

SPAN_ADAPTER: TypeAdapter[SpanBase] = TypeAdapter(Span)


def validate_span(data: dict[str, Any], **context: Any) -> SpanBase:
    """Validate a span record; raises pydantic.ValidationError naming the field."""
    return SPAN_ADAPTER.validate_python(data, context=context)
