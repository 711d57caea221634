"""The event log: one append-only row per change; undo, redo and the audit trail read it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Entity = Literal["span", "relation", "paragraph", "paragraph_status", "article", "adjudication"]


class Event(BaseModel):
    """One row change: `before`/`after` are the full rows (None when absent)."""

    model_config = ConfigDict(extra="forbid")

    id: int
    """Order of events in the database."""
    change_id: int
    """The change group it belongs to: undo and redo act on whole groups."""
    ts: dt.datetime
    """When (UTC)."""
    annotator: str
    """Who."""
    session: str
    """Which run of the tool."""
    action: str
    """What: span.add, span.update, span.delete, relation.add, undo:span.add..."""
    entity: Entity
    """Which table."""
    entity_id: str
    """Key of the row."""
    before: dict[str, Any] | None
    """Row before the change."""
    after: dict[str, Any] | None
    """Row after the change."""
    tool_version: str
    """curator version that wrote it."""
