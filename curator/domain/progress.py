"""Per-annotator paragraph status."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from curator.domain.span import utcnow

Status = Literal["todo", "done", "skipped"]


class ParagraphStatus(BaseModel):
    """Where one annotator stands on one paragraph."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    """Article."""
    paragraph: int = Field(ge=0)
    """Paragraph index."""
    annotator: str = Field(min_length=1)
    """Whose status."""
    status: Status = "todo"
    """todo, done or skipped."""
    note: str | None = None
    """Why it was skipped, or anything else."""
    updated_at: dt.datetime = Field(default_factory=utcnow)
    """When it was set."""
