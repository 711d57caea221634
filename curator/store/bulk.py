"""Bulk writes of event-logged rows: many rows and their events per statement.

For importers that stream (`curator import-annotations`): inside the open `Store.change`,
rows are written with `executemany` and their events with them, so a million spans cost a
few thousand statements and no memory beyond one chunk. Each event holds the whole row (and,
for an upsert, the row it replaced), as `Store.record` writes them, so undo and redo work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from curator import __version__
from curator.domain.span import utcnow
from curator.store.rows import TABLES, dumps
from curator.store.store import Store

__all__ = ["CHUNK", "add_rows", "existing_ids", "upsert_statuses"]

CHUNK = 500
"""Rows per lookup statement (SQLite allows 999 variables)."""

_EVENT_SQL = (
    "INSERT INTO events (change_id, ts, annotator, session, action, entity, entity_id, "
    "before, after, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _log(store: Store, events: Iterable[tuple[str, str, str, str | None, str]]) -> None:
    assert store._change is not None, "writes go through Store.change()"
    head = (store._change, utcnow().isoformat(), store.annotator, store.session)
    store.db.conn.executemany(_EVENT_SQL, [(*head, *e, __version__) for e in events])


def existing_ids(store: Store, entity: str, ids: Sequence[str]) -> set[str]:
    """Which of `ids` the table of `entity` (span, relation) already holds."""
    table = TABLES[entity].name
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i : i + CHUNK])
        sql = f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(part))})"
        found.update(r[0] for r in store.db.conn.execute(sql, part))
    return found


def add_rows(store: Store, entity: str, action: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new rows of `entity` (all with the same columns) and their events."""
    if not rows:
        return
    table = TABLES[entity]
    cols = list(rows[0])
    names = ", ".join(f'"{c}"' for c in cols)
    store.db.conn.executemany(
        f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(cols))})",
        [[dumps(r[c]) if c in table.json_columns else r[c] for c in cols] for r in rows],
    )
    _log(store, ((action, entity, table.key(r), None, dumps(r)) for r in rows))


def upsert_statuses(store: Store, rows: Sequence[dict[str, Any]]) -> None:
    """Write paragraph marks (replacing a layer's earlier mark); each event keeps the mark
    it replaced."""
    if not rows:
        return
    conn, table = store.db.conn, TABLES["paragraph_status"]
    cols = ("article_id", "paragraph", "annotator", "status", "note", "updated_at")
    old: dict[tuple[Any, ...], dict[str, Any]] = {}
    groups: dict[tuple[str, str], set[int]] = {}
    for r in rows:
        groups.setdefault((r["article_id"], r["annotator"]), set()).add(r["paragraph"])
    for (aid, who), paras in groups.items():
        # One (article, layer) at a time: the primary key's index serves it (a row-value
        # `IN (VALUES ...)` would scan the table).
        ordered = sorted(paras)
        for i in range(0, len(ordered), CHUNK):
            part = ordered[i : i + CHUNK]
            sql = (
                f"SELECT {', '.join(cols)} FROM paragraph_status WHERE article_id = ? "
                f"AND annotator = ? AND paragraph IN ({', '.join('?' * len(part))})"
            )
            for found in conn.execute(sql, [aid, who, *part]):
                row = dict(zip(cols, found, strict=True))
                old[tuple(row[c] for c in table.pk)] = row
    events = []
    for row in rows:
        key = tuple(row[c] for c in table.pk)
        before = old.get(key)
        events.append(
            (
                "paragraph.status",
                "paragraph_status",
                table.key(row),
                None if before is None else dumps(before),
                dumps(row),
            )
        )
        old[key] = row
    names = list(rows[0])
    rest = [c for c in names if c not in table.pk]
    conn.executemany(
        f"INSERT INTO paragraph_status ({', '.join(names)}) "
        f"VALUES ({', '.join('?' * len(names))}) "
        "ON CONFLICT (article_id, paragraph, annotator) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in rest),
        [[r[c] for c in names] for r in rows],
    )
    _log(store, events)
