"""Attribute models of the four built-in labels (DESIGN §2), one class per label.

All fields are optional at tagging time: tagging is one keystroke and attributes come later.
Which fields an annotation *should* have is the tag set's `required` flag; a span that lacks
one is marked incomplete, never refused. What is refused is a value that is wrong.
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from curator.domain.mqm import ALL_CATEGORIES, SEVERITIES, check_severity, normalize_category
from curator.domain.timex import TIMEX_MODS, TIMEX_TYPES, check_timex_value

CheckWorthy = Literal["yes", "no", "unsure"]
ClaimBuster = Literal["NFS", "UFS", "CFS"]
SpeakerType = Literal["person", "organization", "group", "anonymous"]
TimexType = Literal[TIMEX_TYPES]  # type: ignore[valid-type]
TimexMod = Literal[TIMEX_MODS]  # type: ignore[valid-type]
Severity = Literal[SEVERITIES]  # type: ignore[valid-type]

WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


class AttrsBase(BaseModel):
    """Common config: unknown keys are an error, blank strings mean "not set"."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        # Forms send "" for an emptied field; storing "" would make "set but empty" a third state.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


class ClaimAttrs(AttrsBase):
    """A check-worthy statement (CLEF CheckThat!, ClaimBuster, ClaimReview)."""

    check_worthy: CheckWorthy | None = None
    """Is the claim worth fact-checking (CLEF CheckThat! task 1)."""
    claimbuster: ClaimBuster | None = None
    """ClaimBuster class: non-factual, unimportant factual, check-worthy factual."""
    summary: str | None = Field(None, max_length=75)
    """Short restatement, ClaimReview's `claimReviewed` (at most 75 characters)."""
    verdict: str | None = None
    """Fact-check verdict, free text (ClaimReview `reviewRating.alternateName`)."""
    note: str | None = None
    """Editor's note."""


class SpeakerAttrs(AttrsBase):
    """A mention of who speaks; `name` is canonical so variants collapse to one speaker."""

    name: str | None = None
    """Canonical name shared by all mentions ("Lukashenko" for "Lukashenka")."""
    type: SpeakerType | None = None
    """Person, organization, group or an anonymous source."""
    role: str | None = None
    """Role at the time of speaking ("President of Belarus")."""
    wikidata: str | None = None
    """Wikidata item id such as Q1234."""

    @field_validator("wikidata")
    @classmethod
    def _wikidata_id(cls, v: str | None) -> str | None:
        if v is not None and not WIKIDATA_ID.fullmatch(v):
            raise ValueError(f"{v!r} is not a Wikidata item id (Q followed by digits)")
        return v


class DateAttrs(AttrsBase):
    """A temporal expression normalised as TIMEX3."""

    timex_type: TimexType | None = None
    """TIMEX3 type."""
    value: str | None = None
    """TIMEX3 value at the precision the text states (2022-05-16, 2022-01, P10Y, XXXX-05-16)."""
    mod: TimexMod | None = None
    """TIMEX3 modifier (APPROX, BEFORE, START...)."""
    anchored_to_dct: bool | None = None
    """Whether the value was resolved against the article's creation date."""

    @model_validator(mode="after")
    def _value_parses(self) -> DateAttrs:
        if self.value is None:
            return self
        timex_type = self.timex_type or _infer_timex_type(self.value)
        reason = check_timex_value(timex_type, self.value)
        if reason:
            raise ValueError(f"value: {self.value!r} is not a TIMEX3 {timex_type} value: {reason}")
        if self.timex_type is None:
            object.__setattr__(self, "timex_type", timex_type)
        return self


def _infer_timex_type(value: str) -> str:
    if value.endswith("_REF"):
        return "DATE"
    if value.startswith("P"):
        return "DURATION"
    return "TIME" if "T" in value else "DATE"


class SourceExtent(BaseModel):
    """The source-language words an error concerns (MQM marks them for an omission, a
    mistranslation...): code points of one source paragraph, end-exclusive."""

    model_config = ConfigDict(extra="forbid")

    paragraph: int = Field(ge=0)
    """Source paragraph index."""
    start: int = Field(ge=0)
    """First code point."""
    end: int = Field(gt=0)
    """Code point after the last one."""
    text: str = Field(min_length=1)
    """The source paragraph's text[start:end] (the store checks it against the source)."""

    @model_validator(mode="after")
    def _extent(self) -> SourceExtent:
        if self.end <= self.start or len(self.text) != self.end - self.start:
            raise ValueError("source: start, end and text do not agree")
        return self


class TranslationErrorAttrs(AttrsBase):
    """An MQM error in the translation."""

    category: str | None = None
    """MQM category as Dimension/Subtype (Accuracy/Mistranslation, Fluency/Grammar, Other...)."""
    severity: Severity | None = None
    """minor, major, or critical (critical only for Non-translation)."""
    correction: str | None = None
    """Suggested replacement text."""
    note: str | None = None
    """Explanation; required when the category is Other."""
    source: SourceExtent | None = None
    """The source words it concerns, when the article has a source text (optional)."""

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str | None) -> str | None:
        if v is None:
            return v
        canonical = normalize_category(v)
        if canonical is None:
            raise ValueError(f"unknown MQM category {v!r}; expected Dimension/Subtype")
        return canonical

    @model_validator(mode="after")
    def _consistent(self) -> TranslationErrorAttrs:
        if self.severity and self.category:
            reason = check_severity(self.category, self.severity)
            if reason:
                raise ValueError(f"severity: {reason}")
        elif self.severity == "critical":
            raise ValueError("severity: critical is reserved for the Non-translation category")
        if self.category == "Other" and not self.note:
            raise ValueError("note: required when the category is Other")
        return self


BUILTIN_ATTRS: dict[str, type[AttrsBase]] = {
    "claim": ClaimAttrs,
    "speaker": SpeakerAttrs,
    "date": DateAttrs,
    "translation_error": TranslationErrorAttrs,
}
"""The built-in labels and their attribute models."""


def attribute_shape(model: type[BaseModel]) -> dict[str, tuple[str, tuple[str, ...] | None]]:
    """Field name -> (tag-set type, enum choices) as a tag-set file declares them."""
    shape: dict[str, tuple[str, tuple[str, ...] | None]] = {}
    for name, field in model.model_fields.items():
        ann = field.annotation
        args = tuple(a for a in get_args(ann) if a is not type(None))
        inner = args[0] if len(args) == 1 else ann
        if get_origin(inner) is Literal:
            shape[name] = ("enum", tuple(get_args(inner)))
        elif inner is bool:
            shape[name] = ("bool", None)
        elif name == "category" and model is TranslationErrorAttrs:
            shape[name] = ("enum", ALL_CATEGORIES)
        else:
            shape[name] = ("string", None)
    return shape
