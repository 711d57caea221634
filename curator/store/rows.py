"""Converting between pydantic records and database rows, and the generic row changes that
the event log records and undo/redo replays."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import orjson

from curator.domain.article import Article, Paragraph
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import SpanBase, validate_span


def dumps(value: Any) -> str:
    """JSON text for a JSON column: compact, keys sorted so equal values compare equal."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def loads(text: str | None) -> Any:
    """Decode a JSON column (None stays None)."""
    return None if text is None else orjson.loads(text)


def dict_rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """The rows of a query as plain dicts (JSON columns still text), to edit and log."""
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


@dataclass(frozen=True, slots=True)
class Table:
    """What the event log needs to know about a table to replay row changes."""

    name: str
    pk: tuple[str, ...]
    json_columns: tuple[str, ...] = ()

    def key(self, row: dict[str, Any]) -> str:
        """The event log's `entity_id` for a row."""
        if len(self.pk) == 1:
            return str(row[self.pk[0]])
        return dumps([row[c] for c in self.pk])

    @property
    def _where(self) -> str:
        return " AND ".join(f'"{c}" = ?' for c in self.pk)

    def decode(self, row: dict[str, Any]) -> dict[str, Any]:
        """Decode the JSON columns of a stored row, in place; returns the row."""
        for col in self.json_columns:
            row[col] = loads(row[col])
        return row

    def fetch(self, conn: sqlite3.Connection, row: dict[str, Any]) -> dict[str, Any] | None:
        """The stored row with the same key, JSON columns decoded (None when absent)."""
        sql = f"SELECT * FROM {self.name} WHERE {self._where}"
        found = dict_rows(conn, sql, [row[c] for c in self.pk])
        return self.decode(found[0]) if found else None

    def write(
        self, conn: sqlite3.Connection, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        """Turn the stored row from `before` into `after` (either may be None)."""
        if after is None:
            assert before is not None
            conn.execute(
                f"DELETE FROM {self.name} WHERE {self._where}", [before[c] for c in self.pk]
            )
            return
        values = {k: dumps(v) if k in self.json_columns else v for k, v in after.items()}
        cols = list(values)
        if before is None:
            names = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            conn.execute(
                f"INSERT INTO {self.name} ({names}) VALUES ({marks})", list(values.values())
            )
        else:
            sets = ", ".join(f'"{c}" = ?' for c in cols if c not in self.pk)
            params = [values[c] for c in cols if c not in self.pk] + [values[c] for c in self.pk]
            conn.execute(f"UPDATE {self.name} SET {sets} WHERE {self._where}", params)

    def matches(self, stored: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
        """Whether the stored row is still what an event left (so replaying it is safe)."""
        if expected is None or stored is None:
            return expected is stored
        return all(stored.get(k) == v for k, v in expected.items())


TABLES: dict[str, Table] = {
    "span": Table("spans", ("id",), ("attrs", "meta")),
    "relation": Table("relations", ("id",)),
    "paragraph": Table("paragraphs", ("article_id", "idx")),
    "paragraph_status": Table("paragraph_status", ("article_id", "paragraph", "annotator")),
    "article": Table("articles", ("id",), ("meta",)),
    "adjudication": Table("adjudications", ("layer", "article_id", "pair_key")),
    "source_paragraph": Table("source_paragraphs", ("article_id", "idx")),
    "alignment": Table("alignments", ("article_id", "bead")),
}
"""Entities of the event log and their tables."""


def span_row(span: SpanBase) -> dict[str, Any]:
    """A span as a row (JSON columns still as Python values)."""
    return {
        "id": span.id,
        "article_id": span.article_id,
        "paragraph": span.paragraph,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "label": span.label,
        "attrs": span.attrs_dict(),
        "annotator": span.annotator,
        "origin": span.origin,
        "status": span.status,
        "meta": span.meta,
        "created_at": span.created_at.isoformat(),
        "updated_at": span.updated_at.isoformat(),
    }


def span_from_row(row: sqlite3.Row) -> SpanBase:
    """A stored span as a validated record."""
    data = TABLES["span"].decode(dict(row))
    data["meta"] = data["meta"] or {}
    return validate_span(data)


def relation_row(rel: Relation) -> dict[str, Any]:
    """A relation as a row."""
    return rel.model_dump(mode="json")


def status_row(status: ParagraphStatus) -> dict[str, Any]:
    """A paragraph status as a row."""
    return status.model_dump(mode="json")


def article_row(article: Article, sha256: str, n_paragraphs: int, position: int) -> dict[str, Any]:
    """An article as a row."""
    row = article.model_dump(mode="json")
    row.update(sha256=sha256, n_paragraphs=n_paragraphs, position=position)
    return row


def article_from_row(row: sqlite3.Row) -> Article:
    """A stored article as a record."""
    fields = Article.model_fields
    data = {k: row[k] for k in row.keys() if k in fields}  # noqa: SIM118 (sqlite3.Row)
    data["meta"] = loads(data["meta"]) or {}
    return Article.model_validate({k: v for k, v in data.items() if v is not None})


def paragraph_from_row(row: sqlite3.Row) -> Paragraph:
    """A stored paragraph as a record (hash trusted: it was checked on import)."""
    return Paragraph.model_construct(
        article_id=row["article_id"],
        index=row["idx"],
        text=row["text"],
        sha256=row["sha256"],
        kind=row["kind"],
    )
