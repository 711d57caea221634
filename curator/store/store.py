"""The typed store API the TUI and the services use.

Every write is validated first, then written inside `db.atomic()` together with its
event-log rows, and committed at once: a killed process loses nothing it reported saved.
Writes made inside `with store.change("..."):` form one undo step.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError
from sqlite_utils import Database

from curator import __version__
from curator.domain.article import PARAGRAPH_KINDS
from curator.domain.errors import ConflictError, InputError, StoreError, format_validation_error
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import SpanBase, utcnow, validate_span
from curator.domain.tagset import TagSet, default_tagset
from curator.store import queries
from curator.store.db import check_integrity, check_sqlite_header, connect, migrate, open_readonly
from curator.store.files import clean_stale, temp_file
from curator.store.rows import (
    TABLES,
    Table,
    dict_rows,
    dumps,
    loads,
    relation_row,
    span_row,
    status_row,
)


def new_id() -> str:
    """16 hex digits: unique enough to merge databases of many editors."""
    return secrets.token_hex(8)


def default_annotator() -> str:
    """The OS user name, the default annotator."""
    try:
        return getpass.getuser() or "editor"
    except (KeyError, OSError):
        return "editor"


@dataclass(frozen=True, slots=True)
class ChangeInfo:
    """What an undo or redo did, so the UI can go where it happened."""

    change_id: int
    summary: str
    article_id: str | None
    paragraph: int | None


class Store(queries.Queries):
    """One annotator's handle on a curator database (use on the thread that opened it)."""

    def __init__(
        self, db: Database, path: Path, annotator: str, tagset: TagSet, session: str | None = None
    ):
        self.db = db
        """The sqlite-utils database."""
        self.path = path
        """Database file."""
        self.annotator = annotator
        """Whose layer writes go to."""
        self.session = session or new_id()[:12]
        """This run of the tool, recorded on every event."""
        self._change: int | None = None
        self.tagset = tagset
        """The tag set stored in the database at creation."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        annotator: str | None = None,
        tagset: TagSet | None = None,
        create: bool = True,
        session: str | None = None,
        check: bool | None = None,
    ) -> Store:
        """Open (and with `create`, make) a database; `tagset` is stored when it is created.

        A new database is built in a temporary file and linked into place, so two runs that
        create the same file at once both end up using one complete database. Without
        `create` the file must already be a curator database (nothing is written into
        another file). `check` (default: `create`) runs `PRAGMA quick_check` first, for
        callers about to write: a damaged file is refused before anything is written."""
        path = Path(path)
        if not path.exists() and not create:
            raise StoreError(f"{path}: no such database (run `curator init` or `curator import`)")
        if not path.exists() and not path.parent.exists():
            raise StoreError(f"{path}: folder {path.parent} does not exist")
        if not path.exists():
            try:
                with cls.create_new(path, annotator=annotator, tagset=tagset, session=session):
                    pass
            except FileExistsError:
                pass  # another run created it first: use theirs (checked below)
        elif not create:
            check_sqlite_header(path)
            open_readonly(path).close()  # a curator database, before anything is written
        store = cls._open(path, annotator, tagset, session)
        if check if check is not None else create:
            try:
                check_integrity(store.db, path)
            except BaseException:
                store.close()
                raise
        return store

    @classmethod
    @contextlib.contextmanager
    def create_new(
        cls,
        path: str | Path,
        *,
        annotator: str | None = None,
        tagset: TagSet | None = None,
        session: str | None = None,
    ) -> Iterator[Store]:
        """A new database, built in a temporary file beside `path` (the block may fill it)
        and linked into place when the block ends without an error; FileExistsError, and
        nothing replaced, when `path` appeared meanwhile. An error leaves no file."""
        path = Path(path)
        clean_stale(path.parent, path.name)
        try:
            with temp_file(path.parent, path.name) as (_fd, tmp):
                store = cls._open(tmp, annotator, tagset, session)
                store.path = path  # messages name the database being made
                try:
                    yield store
                    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    store.close()
                for side in ("-wal", "-shm"):
                    Path(f"{tmp}{side}").unlink(missing_ok=True)
                try:
                    os.link(tmp, path)  # never replaces: fails when path exists
                finally:
                    tmp.unlink(missing_ok=True)
        except FileExistsError:
            raise
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the database: {exc.strerror or exc}") from None

    @classmethod
    def _open(
        cls, path: Path, annotator: str | None, tagset: TagSet | None, session: str | None
    ) -> Store:
        db = connect(path)
        try:
            migrate(db, path)
            stored = db.execute("SELECT value FROM settings WHERE key = 'tagset'").fetchone()
            if stored is None:
                tagset = tagset or default_tagset()
                with db.atomic():
                    db["settings"].insert_all(
                        [
                            {"key": "tagset", "value": tagset.canonical_json().decode()},
                            {"key": "tagset_sha256", "value": tagset.sha256},
                            {"key": "created_with", "value": __version__},
                        ],
                        replace=True,
                    )
            elif (
                tagset is not None and tagset.sha256 != db["settings"].get("tagset_sha256")["value"]
            ):
                raise StoreError(
                    f"{path}: this database was created with another tag set; "
                    "a tag set can only be given when a database is created"
                )
            else:
                tagset = TagSet.model_validate(orjson.loads(stored[0]))
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StoreError(f"{path}: {exc}") from None
        except BaseException:
            db.close()
            raise
        clean_stale(path.parent, path.name)  # a killed run's backup or new-database temporary
        return cls(db, path, annotator or default_annotator(), tagset, session)

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- change groups and the event log ----------------------------------------------------

    @contextlib.contextmanager
    def change(self, summary: str, kind: str = "edit") -> Iterator[int]:
        """Group the writes made inside into one committed change (one undo step)."""
        if self._change is not None:
            yield self._change
            return
        try:
            with self.db.atomic():
                cur = self.db.execute(
                    "INSERT INTO changes (annotator, session, ts, kind, summary, state, redoable) "
                    "VALUES (?, ?, ?, ?, ?, 'done', 0)",
                    [self.annotator, self.session, utcnow().isoformat(), kind, summary],
                )
                self._change = cur.lastrowid
                yield self._change
                if kind == "edit":
                    # A new edit ends the redo history, as in every editor.
                    self.db.execute(
                        "UPDATE changes SET redoable = 0 WHERE annotator = ? AND redoable = 1",
                        [self.annotator],
                    )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: not saved: {exc}") from None
        finally:
            self._change = None

    def record(
        self,
        action: str,
        entity: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        write: bool = True,
    ) -> None:
        """Write a row change of an event-log entity (`rows.TABLES`) and its event, in the
        open `change` (one transaction): the one way every layer changes annotations, so
        undo, redo and the audit trail see every change. `write=False` logs a row already
        written in bulk by the caller."""
        assert self._change is not None, "writes go through Store.change()"
        table = TABLES[entity]
        if write:
            table.write(self.db.conn, before, after)
        self.db.execute(
            "INSERT INTO events (change_id, ts, annotator, session, action, entity, entity_id, "
            "before, after, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                self._change,
                utcnow().isoformat(),
                self.annotator,
                self.session,
                action,
                entity,
                table.key(after or before or {}),
                None if before is None else dumps(before),
                None if after is None else dumps(after),
                __version__,
            ],
        )

    # -- spans ------------------------------------------------------------------------------

    def _validate_span(self, data: dict[str, Any]) -> SpanBase:
        text = self.paragraph_text(data["article_id"], data["paragraph"])
        try:
            span = validate_span(data, paragraph_text=text, tagset=self.tagset)
        except ValidationError as exc:
            raise InputError(format_validation_error(exc, "span")) from None
        self.check_source_extent(span)
        return span

    def check_source_extent(self, span: SpanBase) -> None:
        """An error's source words (`attrs.source`) must be in the article's source text."""
        extent = getattr(span.attrs, "source", None)
        if extent is None:
            return
        row = self.db.execute(
            "SELECT text FROM source_paragraphs WHERE article_id = ? AND idx = ?",
            [span.article_id, extent.paragraph],
        ).fetchone()
        if row is None or row[0][extent.start : extent.end] != extent.text:
            raise InputError(
                f"span: attrs: source: {extent.text!r} is not source paragraph "
                f"{extent.paragraph + 1}'s text[{extent.start}:{extent.end}]"
            )

    def add_span(
        self,
        article_id: str,
        paragraph: int,
        start: int,
        end: int,
        label: str,
        attrs: dict[str, Any] | None = None,
        *,
        annotator: str | None = None,
        origin: str = "manual",
        status: str = "active",
        meta: dict[str, Any] | None = None,
    ) -> SpanBase:
        """Tag `text[start:end]` of a paragraph; the quote is taken from the paragraph."""
        text = self.paragraph_text(article_id, paragraph)
        span = self._validate_span(
            {
                "id": new_id(),
                "article_id": article_id,
                "paragraph": paragraph,
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": label,
                "attrs": attrs or {},
                "annotator": annotator or self.annotator,
                "origin": origin,
                "status": status,
                "meta": meta or {},
            }
        )
        with self.change(f"tag {label}"):
            self.record("span.add", "span", None, span_row(span))
        return span

    def update_span(self, span_id: str, **fields: Any) -> SpanBase:
        """Change a span's attrs, label, extent, status or meta."""
        allowed = {"attrs", "label", "start", "end", "status", "meta", "paragraph"}
        unknown = set(fields) - allowed
        if unknown:
            raise InputError(f"span: cannot change {', '.join(sorted(unknown))}")
        old = self._span_row(span_id)
        data = {**old, **fields, "updated_at": utcnow().isoformat()}
        if {"start", "end", "paragraph"} & set(fields):
            text = self.paragraph_text(data["article_id"], data["paragraph"])
            data["text"] = text[data["start"] : data["end"]]
        span = self._validate_span(data)
        new = span_row(span)
        if {k: v for k, v in new.items() if k != "updated_at"} == {
            k: v for k, v in old.items() if k != "updated_at"
        }:
            return span
        with self.change(f"edit {span.label}"):
            if "label" in fields and fields["label"] != old["label"]:
                self._drop_unfit_relations(span_id, span.label)
            self.record("span.update", "span", old, new)
        return span

    def delete_span(self, span_id: str) -> None:
        """Delete a span and the relations that use it (undo brings all of them back)."""
        old = self._span_row(span_id)
        with self.change(f"delete {old['label']}"):
            for rel in self._relation_rows_of(span_id):
                self.record("relation.delete", "relation", rel, None)
            self.record("span.delete", "span", old, None)

    def _span_row(self, span_id: str) -> dict[str, Any]:
        row = TABLES["span"].fetch(self.db.conn, {"id": span_id})
        if row is None:
            raise ConflictError(f"span {span_id}: no such span")
        return row

    def _relation_rows_of(self, span_id: str) -> list[dict[str, Any]]:
        sql = "SELECT * FROM relations WHERE head = ? OR tail = ? ORDER BY id"
        return dict_rows(self.db.conn, sql, [span_id, span_id])

    def _drop_unfit_relations(self, span_id: str, new_label: str) -> None:
        for rel in self._relation_rows_of(span_id):
            head = new_label if rel["head"] == span_id else self._span_row(rel["head"])["label"]
            tail = new_label if rel["tail"] == span_id else self._span_row(rel["tail"])["label"]
            try:
                fits = self.tagset.relation(rel["type"]).allows(head, tail)
            except KeyError:  # a type the tag set does not have
                fits = False
            if not fits:
                self.record("relation.delete", "relation", rel, None)

    # -- relations --------------------------------------------------------------------------

    def add_relation(
        self,
        type: str,
        head: str,
        tail: str,
        *,
        annotator: str | None = None,
        origin: str = "manual",
    ) -> Relation:
        """Link two spans of one article (claim -> speaker, claim -> date, claim -> cue)."""
        annotator = annotator or self.annotator
        rel = self._new_relation(type, head, tail, annotator, origin)
        dup = self._relation_id(type, head, tail, annotator)
        if dup:
            return self.relation(dup)
        with self.change(f"link {type}"):
            self.record("relation.add", "relation", None, relation_row(rel))
        return rel

    def _new_relation(
        self, type: str, head: str, tail: str, annotator: str, origin: str
    ) -> Relation:
        """A validated relation with a new id; InputError when the spans or tag set forbid it."""
        head_row, tail_row = self._span_row(head), self._span_row(tail)
        if head_row["article_id"] != tail_row["article_id"]:
            raise InputError("relation: head and tail must be in the same article")
        try:
            return Relation.model_validate(
                {
                    "id": new_id(),
                    "article_id": head_row["article_id"],
                    "type": type,
                    "head": head,
                    "tail": tail,
                    "annotator": annotator,
                    "origin": origin,
                },
                context={
                    "tagset": self.tagset,
                    "head_label": head_row["label"],
                    "tail_label": tail_row["label"],
                },
            )
        except ValidationError as exc:
            raise InputError(format_validation_error(exc, "relation")) from None

    def _relation_id(self, type: str, head: str, tail: str, annotator: str) -> str | None:
        """The id of the same link in that annotator's layer, if there is one."""
        row = self.db.execute(
            "SELECT id FROM relations WHERE type = ? AND head = ? AND tail = ? AND annotator = ?",
            [type, head, tail, annotator],
        ).fetchone()
        return row[0] if row else None

    def delete_relation(self, relation_id: str) -> None:
        """Remove a link."""
        old = TABLES["relation"].fetch(self.db.conn, {"id": relation_id})
        if old is None:
            raise ConflictError(f"relation {relation_id}: no such relation")
        with self.change(f"unlink {old['type']}"):
            self.record("relation.delete", "relation", old, None)

    # -- paragraphs -------------------------------------------------------------------------

    def set_paragraph_kind(self, article_id: str, paragraph: int, kind: str) -> None:
        """Change what a paragraph is (body, heading, boilerplate, byline, source_note)."""
        if kind not in PARAGRAPH_KINDS:
            raise InputError(f"kind: {kind!r} is not one of {', '.join(PARAGRAPH_KINDS)}")
        self.paragraph_text(article_id, paragraph)
        table = TABLES["paragraph"]
        key = {"article_id": article_id, "idx": paragraph}
        row = table.fetch(self.db.conn, key)
        assert row is not None
        before = {**key, "kind": row["kind"], "kind_origin": row["kind_origin"]}
        after = {**key, "kind": kind, "kind_origin": "editor"}
        if before != after:
            with self.change(f"mark {kind}"):
                self.record("paragraph.kind", "paragraph", before, after)

    def set_paragraph_status(
        self, article_id: str, paragraph: int, status: str, note: str | None = None
    ) -> ParagraphStatus:
        """Mark a paragraph todo, done or skipped for this annotator."""
        self.paragraph_text(article_id, paragraph)
        try:
            new = ParagraphStatus(
                article_id=article_id,
                paragraph=paragraph,
                annotator=self.annotator,
                status=status,  # type: ignore[arg-type]
                note=note,
            )
        except ValidationError as exc:
            raise InputError(format_validation_error(exc, "paragraph status")) from None
        table = TABLES["paragraph_status"]
        old = table.fetch(self.db.conn, status_row(new))
        if old is None or old["status"] != new.status or old["note"] != new.note:
            with self.change(f"mark {status}"):
                self.record("paragraph.status", "paragraph_status", old, status_row(new))
        return new

    # -- undo / redo ------------------------------------------------------------------------

    def undo(self) -> ChangeInfo | None:
        """Undo this annotator's last change still in effect (None when there is none)."""
        row = self.db.execute(
            "SELECT id, summary FROM changes WHERE annotator = ? AND kind = 'edit' "
            "AND state = 'done' ORDER BY id DESC LIMIT 1",
            [self.annotator],
        ).fetchone()
        return None if row is None else self._replay(row[0], row[1], undo=True)

    def next_undo(self) -> ChangeInfo | None:
        """Where `undo` would act, without acting (the TUI asks before undoing elsewhere)."""
        row = self.db.execute(
            "SELECT id, summary FROM changes WHERE annotator = ? AND kind = 'edit' "
            "AND state = 'done' ORDER BY id DESC LIMIT 1",
            [self.annotator],
        ).fetchone()
        if row is None:
            return None
        where: tuple[str | None, int | None] = (None, None)
        for before_json, after_json in self.db.execute(
            "SELECT before, after FROM events WHERE change_id = ? ORDER BY id DESC", [row[0]]
        ).fetchall():
            data = loads(before_json) or loads(after_json) or {}
            paragraph = data.get("paragraph", data.get("idx"))
            if "article_id" in data and (paragraph is not None or where[0] is None):
                where = (data["article_id"], paragraph)
        return ChangeInfo(row[0], row[1], *where)

    def redo(self) -> ChangeInfo | None:
        """Redo the change undone last, unless an edit has been made since."""
        row = self.db.execute(
            "SELECT id, summary FROM changes WHERE annotator = ? AND kind = 'edit' "
            "AND state = 'undone' AND redoable = 1 ORDER BY undone_by DESC LIMIT 1",
            [self.annotator],
        ).fetchone()
        return None if row is None else self._replay(row[0], row[1], undo=False)

    def _replay(self, change_id: int, summary: str, *, undo: bool) -> ChangeInfo:
        try:
            return self._apply_change(change_id, summary, undo=undo)
        except ConflictError as exc:
            # Someone changed those rows since: this step can never replay, so take it off
            # the history instead of blocking every older undo behind it.
            with self.db.atomic():
                self.db.execute(
                    "UPDATE changes SET state = 'stale', redoable = 0 WHERE id = ?", [change_id]
                )
            again = "u undoes the change before it" if undo else "nothing left to redo"
            raise ConflictError(f"{exc} (skipped; {again})") from None

    def _apply_change(self, change_id: int, summary: str, *, undo: bool) -> ChangeInfo:
        events = self.db.execute(
            "SELECT action, entity, before, after FROM events WHERE change_id = ? ORDER BY id "
            + ("DESC" if undo else "ASC"),
            [change_id],
        ).fetchall()
        verb = "undo" if undo else "redo"
        where: tuple[str | None, int | None] = (None, None)
        with self.change(f"{verb} {summary}", kind=verb) as own_id:
            for action, entity, before_json, after_json in events:
                before, after = loads(before_json), loads(after_json)
                if undo:
                    before, after = after, before
                table: Table = TABLES[entity]
                stored = table.fetch(self.db.conn, before or after)
                if not table.matches(stored, before):
                    raise ConflictError(f"cannot {verb} {summary!r}: it was changed since")
                self.record(f"{verb}:{action}", entity, before, after)
                row = after or before or {}
                paragraph = row.get("paragraph", row.get("idx"))
                # Relations carry no paragraph: keep the place a span or paragraph gave.
                if "article_id" in row and (paragraph is not None or where[0] is None):
                    where = (row["article_id"], paragraph)
            self.db.execute(
                "UPDATE changes SET state = ?, redoable = ?, undone_by = ? WHERE id = ?",
                ["undone" if undo else "done", int(undo), own_id if undo else None, change_id],
            )
            self.db.execute("UPDATE changes SET target = ? WHERE id = ?", [change_id, own_id])
        return ChangeInfo(change_id, summary, *where)

    # -- position ---------------------------------------------------------------------------

    def set_busy_timeout(self, ms: int) -> None:
        """How long a write waits for another connection's lock before failing (the TUI
        waits briefly and queues the write instead of freezing)."""
        self.db.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def save_position(self, article_id: str, paragraph: int) -> None:
        """Remember where this annotator is, to resume there (not an undoable change)."""
        try:
            self._save_position(article_id, paragraph)
        except sqlite3.OperationalError as exc:
            self.db.conn.rollback()
            raise StoreError(f"{self.path}: position not saved: {exc}") from None

    def _save_position(self, article_id: str, paragraph: int) -> None:
        self.db.execute(
            "INSERT INTO positions (annotator, article_id, paragraph, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(annotator) DO UPDATE SET "
            "article_id = excluded.article_id, paragraph = excluded.paragraph, "
            "updated_at = excluded.updated_at",
            [self.annotator, article_id, paragraph, utcnow().isoformat()],
        )
        self.db.conn.commit()

    def last_position(self) -> tuple[str, int] | None:
        """Where this annotator stopped, if the article is still there."""
        row = self.db.execute(
            "SELECT p.article_id, p.paragraph FROM positions p JOIN articles a "
            "ON a.id = p.article_id WHERE p.annotator = ?",
            [self.annotator],
        ).fetchone()
        return None if row is None else (row[0], row[1])
