"""Articles and their paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from curator.domain.text import sha256_text

ParagraphKind = Literal["body", "heading", "boilerplate", "byline", "source_note"]
PARAGRAPH_KINDS: tuple[str, ...] = get_args(ParagraphKind)

# No path separators, no leading dot: ids become file names in exports (`brat/<id>.txt`).
ARTICLE_ID = r"^[\w][\w.\-:@+]*$"  # a bounded repeat here costs pydantic ~57 ms to compile
BCP47 = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


class Article(BaseModel):
    """A news article: metadata; its text lives in its paragraphs."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(pattern=ARTICLE_ID, max_length=200)
    """Stable id, user-given or derived from the file name or title."""
    title: str = Field(min_length=1)
    """Headline."""
    url: str | None = None
    """Where it was published."""
    source: str | None = None
    """Publisher or feed."""
    dct: dt.date | None = None
    """Document creation time (TIMEX3's anchor for relative dates)."""
    source_lang: str | None = Field(None, pattern=BCP47)
    """Language of the original (BCP-47), for machine-translated articles."""
    target_lang: str | None = Field(None, pattern=BCP47)
    """Language of the text as stored (BCP-47)."""
    mt_system: str | None = None
    """Machine translation system that produced the text, if any."""
    meta: dict[str, Any] = Field(default_factory=dict)
    """Anything else the source gave."""

    @field_validator("dct", mode="before")
    @classmethod
    def _date_part(cls, v: Any) -> Any:
        # Front matter often carries a full timestamp; TIMEX3 anchors on the day.
        if isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]", v):
            return v[:10]
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class Paragraph(BaseModel):
    """One block of an article between blank lines; offsets of spans are relative to it."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    """Article it belongs to."""
    index: int = Field(ge=0)
    """Position in the article, from 0."""
    text: str = Field(min_length=1)
    """Normalised text (DESIGN §2)."""
    sha256: str = ""
    """Hash of the text; filled in when empty."""
    kind: ParagraphKind = "body"
    """Guessed on import; editors can change it."""

    @field_validator("sha256")
    @classmethod
    def _hash(cls, v: str, info: ValidationInfo) -> str:
        expected = sha256_text(info.data.get("text", ""))
        if v and v != expected:
            raise ValueError("does not match the paragraph text")
        return expected
