"""Merging editors' databases: articles matched by id and text hash, every layer kept.

A merge streams: the other database is read article by article, every row validated by its
model, looked up in the target a chunk at a time (`WHERE id IN (...)`) and written with
`executemany`, so memory stays flat whatever the size of either file. `plan_merge` runs the
same pass read-only (it only counts); `merge_source` / `apply_merge` run it writing, inside
the caller's change (one transaction): a conflict or an invalid row found half-way raises and
the whole change rolls back, so nothing of a refused merge is ever committed. Merging what is
already there writes nothing at all (the caller rolls the empty change back). Rows present on
both sides are kept as they are unless the other side's copy is newer (`updated_at`); nothing
is ever deleted by a merge.

A merge is a `system` change: undo and redo never replay it (they replay `edit` changes), so
its events are the audit trail only. An added row's event holds its key, layer and
`updated_at` (the row itself is in its table); an update's event holds the overwritten row
and the new one in full, so what a merge replaced can always be read back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from curator import __version__
from curator.domain.article import PARAGRAPH_KINDS, Article, Paragraph
from curator.domain.errors import ConflictError, InputError, StoreError, format_validation_error
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import utcnow, validate_span
from curator.domain.tagset import TagSet
from curator.domain.text import (
    ARTICLE_SEPARATOR,
    check_name,
    normalize_text,
    sha256_text,
    split_paragraphs,
)
from curator.store.db import open_readonly
from curator.store.rows import (
    TABLES,
    Table,
    article_row,
    dict_rows,
    dumps,
    loads,
    relation_row,
    span_row,
    status_row,
)
from curator.store.store import Store


@dataclass
class MergePlan:
    """What merging one database writes (or would write): counts only, never the rows."""

    source: Path
    added: int = 0
    """Articles added (with their paragraphs)."""
    matched: int = 0
    """Articles already in the target (same id, or same text under another id)."""
    counts: Counter[str] = field(default_factory=Counter)
    """Row changes per action (span.merge_add, relation.merge_add, paragraph.merge_update, ...)."""
    kept: int = 0
    """Rows where the target's copy was kept (newer, or an editor's kind on both sides)."""

    def count(self, action: str) -> int:
        """How many row changes of one action (span.merge_add, ...)."""
        return self.counts[action]

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not self.added and not any(self.counts.values())


CHUNK = 500
"""Rows per lookup (`IN (...)`, under SQLite's 999 parameters) and per `executemany`."""

ARTICLE_COLUMNS = (
    "id", "title", "url", "source", "dct", "source_lang", "target_lang", "mt_system", "meta",
    "sha256", "n_paragraphs", "position", "imported_at",
)  # fmt: skip
PARAGRAPH_COLUMNS = ("article_id", "idx", "text", "sha256", "kind", "kind_origin")
SPAN_COLUMNS = (
    "id", "article_id", "paragraph", "start", "end", "text", "label", "attrs", "annotator",
    "origin", "status", "meta", "created_at", "updated_at",
)  # fmt: skip
RELATION_COLUMNS = ("id", "article_id", "type", "head", "tail", "annotator", "origin", "created_at")
STATUS_COLUMNS = ("article_id", "paragraph", "annotator", "status", "note", "updated_at")
SOURCE_TABLES = {
    "settings": ("key", "value"),
    "articles": ARTICLE_COLUMNS,
    "paragraphs": PARAGRAPH_COLUMNS,
    "spans": SPAN_COLUMNS,
    "relations": RELATION_COLUMNS,
    "paragraph_status": STATUS_COLUMNS,
}
"""What a merge reads from another database: these tables and columns, by name, and nothing
else (the other file's schema is never used to build a statement)."""
KIND_ORIGINS = ("guess", "editor")


def _select(table: str, columns: Sequence[str], where: str = "") -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f'SELECT {cols} FROM "{table}"' + (f" {where}" if where else "")


def open_source(path: Path) -> sqlite3.Connection:
    """Another editor's database, opened read-only (`mode=ro`): never migrated, no backup
    beside it, its journal mode untouched, no statement of its schema run. Refuses a file
    that is not a curator database, or one from a newer curator."""
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    return open_readonly(path, SOURCE_TABLES)


def source_tagset(conn: sqlite3.Connection, path: Path) -> TagSet:
    """The tag set stored in another database (validated; its hash recomputed)."""
    row = conn.execute(_select("settings", ["value"], "WHERE \"key\" = 'tagset'")).fetchone()
    if row is None or not isinstance(row[0], str):
        raise InputError(f"{path}: not a curator database (no tag set)")
    try:
        return TagSet.model_validate(orjson.loads(row[0]))
    except (ValidationError, orjson.JSONDecodeError) as exc:
        raise InputError(
            f"{path}: its tag set is invalid: {format_validation_error(exc)}"
        ) from None


def read_source_tagset(path: Path) -> TagSet:
    """The tag set of another database, for a new merge target."""
    conn = open_source(path)
    try:
        return source_tagset(conn, path)
    finally:
        conn.close()


def plan_merge(store: Store, source: Path) -> MergePlan:
    """Compare another database with the store's; raise on conflicts, write nothing."""
    with _source(store, source) as theirs:
        return _Pass(store, theirs, source, write=False).run()


def merge_source(store: Store, source: Path) -> MergePlan:
    """Merge another database into the store in one streaming pass (inside the caller's
    `store.change`, or in a change of its own); a conflict raises and the change rolls back.
    On its own, a merge with nothing to write leaves no change behind."""
    own = store._change is None
    try:
        with _source(store, source) as theirs, store.change(f"merge {source.name}", kind="system"):
            plan = _Pass(store, theirs, source, write=True).run()
            if own and plan.empty:
                raise _Unchanged([plan])  # rolls the empty change back
    except _Unchanged as done:
        return done.plans[0]
    return plan


def merge_all(store: Store, sources: Sequence[Path]) -> list[MergePlan]:
    """Merge several databases in one change, each in one streaming pass, in turn (a later
    file sees what an earlier one added). Everything or nothing: a conflict or an invalid row
    in any of them rolls all of them back; when nothing is new, no change is left at all."""
    try:
        with store.change(f"merge {len(sources)} databases", kind="system"):
            plans = [merge_source(store, s) for s in sources]
            if all(p.empty for p in plans):
                raise _Unchanged(plans)
    except _Unchanged as done:
        return done.plans
    return plans


def merge_into_database(
    db: Path, sources: Sequence[Path], *, annotator: str, tagset: TagSet | None = None
) -> list[MergePlan]:
    """Merge databases into the file `db` with `merge_all`, making it when it is missing (with
    `tagset`, else the first source's). A new target is built in a temporary file and linked
    into place only when the whole merge succeeded: a refused merge leaves nothing, and a
    concurrent run that created the file first is never overwritten nor deleted (the merge
    goes into theirs). Each source is merged exactly once."""
    db = Path(db)
    if not db.exists():
        try:
            with Store.create_new(
                db, annotator=annotator, tagset=tagset or read_source_tagset(sources[0])
            ) as store:
                return merge_all(store, sources)
        except FileExistsError:
            pass  # made meanwhile by another run: merge into it below
    with Store.open(db, annotator=annotator, tagset=tagset, create=True, check=True) as store:
        return merge_all(store, sources)


class _Unchanged(Exception):
    """Nothing to write: raised inside the change to roll it back."""

    def __init__(self, plans: list[MergePlan]) -> None:
        self.plans = plans


def apply_merge(store: Store, plan: MergePlan) -> MergePlan:
    """Write what `plan_merge` found (the source is read again, in one streaming pass, and
    checked again: it is what gets written); returns what was written."""
    return merge_source(store, plan.source)


@contextlib.contextmanager
def _source(store: Store, source: Path) -> Iterator[sqlite3.Connection]:
    if source.resolve() == store.path.resolve() or (
        store.path.exists() and os.path.samefile(source, store.path)
    ):
        raise InputError(f"{source}: cannot merge a database into itself")
    theirs = open_source(source)
    try:
        tagset = source_tagset(theirs, source)
        if tagset.sha256 != store.tagset.sha256:
            raise ConflictError(
                f"{source}: its tag set ({tagset.name}, {tagset.sha256[:12]}) differs "
                f"from {store.path}'s ({store.tagset.name}, {store.tagset.sha256[:12]}); "
                "merging would mix labels"
            )
        yield theirs
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source}: cannot read: {exc}") from None
    finally:
        theirs.close()


def _bad(source: Path, what: str, exc: Exception) -> InputError:
    msg = format_validation_error(exc) if isinstance(exc, ValidationError) else str(exc)
    return InputError(f"{source}: {what}: {msg}")


def _article(source: Path, row: dict[str, Any], paragraphs: list[dict[str, Any]]) -> dict[str, Any]:
    """An added article's row, validated with its paragraphs (hashes, count, kinds)."""
    what = f"article {str(row['id'])[:80]!r}"
    try:
        data = {k: row[k] for k in ARTICLE_COLUMNS[:9] if row[k] is not None}
        if not isinstance(row["meta"], (str, type(None))):
            raise ValueError("meta is not JSON text")
        data["meta"] = loads(row["meta"]) or {}
        article = Article.model_validate(data)
        texts = []
        for i, p in enumerate(paragraphs):
            if p["idx"] != i:
                raise ValueError(f"paragraph {i} is missing")
            para = Paragraph.model_validate(
                {"article_id": article.id, "index": i, "text": p["text"], "sha256": p["sha256"],
                 "kind": p["kind"]}
            )  # fmt: skip
            if p["kind_origin"] not in KIND_ORIGINS:
                raise ValueError(f"paragraph {i}: kind_origin {p['kind_origin']!r} is unknown")
            texts.append(para.text)
        joined = ARTICLE_SEPARATOR.join(texts)
        # What an import stores: normalised text, split into these very paragraphs.
        if normalize_text(joined) != joined or split_paragraphs(joined) != texts:
            raise ValueError("its paragraphs are not normalised text")
        if not texts or row["n_paragraphs"] != len(texts):
            raise ValueError(f"n_paragraphs {row['n_paragraphs']!r} but {len(texts)} paragraphs")
        if row["sha256"] != sha256_text(joined):
            raise ValueError("sha256 does not match its paragraphs")
    except (ValidationError, ValueError, TypeError, orjson.JSONDecodeError) as exc:
        raise _bad(source, what, exc) from None
    out = article_row(article, row["sha256"], len(texts), 0)
    out["meta"] = dumps(out["meta"])
    out["imported_at"] = row["imported_at"] if isinstance(row["imported_at"], str) else None
    return out


def _encoded(table: Table, row: dict[str, Any], cols: Sequence[str]) -> dict[str, Any]:
    """A row as stored: these columns, JSON columns as text."""
    return {k: dumps(row[k]) if k in table.json_columns else row[k] for k in cols}


_TARGET_COLUMNS = {
    "span": SPAN_COLUMNS,
    "relation": RELATION_COLUMNS,
    "paragraph_status": STATUS_COLUMNS,
}


class _Pass:
    """One streaming pass over a source database: validate, look up, and (with `write`)
    write. Holds one article's rows and at most a few chunks of pending writes at a time."""

    def __init__(self, store: Store, theirs: sqlite3.Connection, source: Path, *, write: bool):
        self.store, self.theirs, self.source, self.write = store, theirs, source, write
        self.target = store.db.conn
        self.plan = MergePlan(source)
        self.now = utcnow().isoformat()
        # Pending writes, flushed in this order (foreign keys: articles before paragraphs
        # before spans before relations).
        self.articles: list[dict[str, Any]] = []
        self.paragraphs: list[tuple[Any, ...]] = []
        self.inserts: dict[str, list[dict[str, Any]]] = {e: [] for e in _TARGET_COLUMNS}
        self.updates: dict[str, list[dict[str, Any]]] = {e: [] for e in _TARGET_COLUMNS}
        self.kinds: list[tuple[str, str, str, int]] = []
        self.events: list[tuple[Any, ...]] = []
        self.names: set[str] = set()

    # -- the pass -------------------------------------------------------------------------

    def run(self) -> MergePlan:
        store, source, target = self.store, self.source, self.target
        # One (id, sha256) per article: small beside the spans, and needed to match by text.
        by_id = {r[0]: r[1] for r in target.execute("SELECT id, sha256 FROM articles")}
        by_hash = {sha: aid for aid, sha in by_id.items()}
        position = target.execute("SELECT coalesce(max(position), -1) FROM articles").fetchone()[0]
        added: dict[str, str] = {}  # article added by this pass -> its id in the source
        arts = self.theirs.execute(_select("articles", ARTICLE_COLUMNS, "ORDER BY position, id"))
        for values in arts:
            art = dict(zip(ARTICLE_COLUMNS, values, strict=True))
            if not isinstance(art["id"], str) or not isinstance(art["sha256"], str):
                raise InputError(f"{source}: an article row has no valid id or sha256")
            aid = art["id"]
            if aid in by_id:
                if by_id[aid] != art["sha256"]:
                    raise ConflictError(
                        f"{source}: article {aid!r} has other text than in {store.path}; "
                        "re-import it with --replace on one side first"
                    )
                mapped = aid
                self.plan.matched += 1
            elif art["sha256"] in by_hash:
                mapped = by_hash[art["sha256"]]
                self.plan.matched += 1
            else:
                paragraphs = dict_rows(
                    self.theirs,
                    _select(
                        "paragraphs", PARAGRAPH_COLUMNS, 'WHERE "article_id" = ? ORDER BY "idx"'
                    ),
                    [aid],
                )
                row = _article(source, art, paragraphs)
                position += 1
                row["position"] = position
                mapped = aid
                by_hash[art["sha256"]] = aid
                added[aid] = aid
                self._add_article(row, paragraphs)
                self._rows(aid, mapped, [p["text"] for p in paragraphs])
                continue
            if mapped in added:
                # The same text twice in the source: the copy added above has its paragraphs
                # (and a write pass looks its rows up once they are written).
                self._flush()
                texts = self._texts(self.theirs, "paragraphs", added[mapped])
            else:
                texts = self._texts(target, "paragraphs", mapped)
                self._kinds(aid, mapped)
            self._rows(aid, mapped, texts)
        self._flush()
        return self.plan

    def _name(self, name: Any) -> None:
        """An annotator name is checked once per pass (a layer has thousands of rows)."""
        if name in self.names:
            return
        check_name(name if isinstance(name, str) else "")
        if len(self.names) < 1000:
            self.names.add(name)

    @staticmethod
    def _texts(conn: sqlite3.Connection, table: str, aid: str) -> list[str]:
        sql = _select(table, ["text"], 'WHERE "article_id" = ? ORDER BY "idx"')
        return [r[0] for r in conn.execute(sql, [aid])]

    def _add_article(self, row: dict[str, Any], paragraphs: list[dict[str, Any]]) -> None:
        self.plan.added += 1
        if not self.write:
            return
        self.articles.append(row)
        self.paragraphs += [
            tuple(row["id"] if c == "article_id" else p[c] for c in PARAGRAPH_COLUMNS)
            for p in paragraphs
        ]
        self._event(
            "article.merge_add",
            "article",
            row["id"],
            None,
            {"id": row["id"], "sha256": row["sha256"], "n_paragraphs": row["n_paragraphs"]},
        )

    def _kinds(self, aid: str, mapped: str) -> None:
        """An editor's kind wins over a guess; two editors' different kinds keep the target's."""
        ours = {
            r[0]: {"kind": r[1], "kind_origin": r[2]}
            for r in self.target.execute(
                "SELECT idx, kind, kind_origin FROM paragraphs WHERE article_id = ?", [mapped]
            )
        }
        sql = _select("paragraphs", ["idx", "kind", "kind_origin"], 'WHERE "article_id" = ?')
        for idx, kind, origin in self.theirs.execute(sql, [aid]):
            if kind not in PARAGRAPH_KINDS or origin not in KIND_ORIGINS:
                raise InputError(
                    f"{self.source}: article {aid!r} paragraph {idx!r}: "
                    f"kind {str(kind)[:40]!r} / {str(origin)[:40]!r} is unknown"
                )
            mine = ours.get(idx)
            if mine is None or mine["kind"] == kind or origin != "editor":
                continue
            if mine["kind_origin"] == "editor":
                self.plan.kept += 1
                continue
            self.plan.counts["paragraph.merge_kind"] += 1
            if self.write:
                key = {"article_id": mapped, "idx": idx}
                self.kinds.append((kind, origin, mapped, idx))
                self._event(
                    "paragraph.merge_kind",
                    "paragraph",
                    TABLES["paragraph"].key(key),
                    {**key, **mine},
                    {**key, "kind": kind, "kind_origin": origin},
                )

    def _rows(self, aid: str, mapped: str, texts: list[str]) -> None:
        """Spans first (relations point at them), then relations, then paragraph statuses;
        every row validated by its model (offsets, label, quote, attributes, relation ends,
        names)."""
        source, tagset = self.source, self.store.tagset
        where = 'WHERE "article_id" = ? ORDER BY id'
        labels: dict[str, str] = {}
        rows: list[dict[str, Any]] = []
        for values in self.theirs.execute(_select("spans", SPAN_COLUMNS, where), [aid]):
            raw = dict(zip(SPAN_COLUMNS, values, strict=True))
            try:
                data = dict(raw, article_id=mapped)
                data["attrs"] = loads(raw["attrs"]) or {}
                data["meta"] = loads(raw["meta"]) or {}
                self._name(data["annotator"])
                para = data["paragraph"]
                if not isinstance(para, int) or not 0 <= para < len(texts):
                    raise ValueError(f"paragraph {para!r} is not in the article")
                span = validate_span(data, paragraph_text=texts[para], tagset=tagset)
            except (ValidationError, ValueError, TypeError, orjson.JSONDecodeError) as exc:
                raise _bad(source, f"span {str(raw['id'])[:40]!r}", exc) from None
            labels[span.id] = span.label
            rows.append(span_row(span))
            if len(rows) >= CHUNK:
                self._merge_rows("span", rows)
                rows = []
        self._merge_rows("span", rows)
        rows = []
        for values in self.theirs.execute(_select("relations", RELATION_COLUMNS, where), [aid]):
            raw = dict(zip(RELATION_COLUMNS, values, strict=True))
            try:
                if raw["head"] not in labels or raw["tail"] not in labels:
                    raise ValueError("head and tail must be spans of the same article")
                self._name(raw["annotator"])
                rel = Relation.model_validate(
                    {**{k: v for k, v in raw.items() if v is not None}, "article_id": mapped},
                    context={
                        "tagset": tagset,
                        "head_label": labels[raw["head"]],
                        "tail_label": labels[raw["tail"]],
                    },
                )
            except (ValidationError, ValueError, TypeError) as exc:
                raise _bad(source, f"relation {str(raw['id'])[:40]!r}", exc) from None
            rows.append(relation_row(rel))
            if len(rows) >= CHUNK:
                self._merge_rows("relation", rows)
                rows = []
        self._merge_rows("relation", rows)
        rows = []
        order = 'WHERE "article_id" = ? ORDER BY "paragraph", "annotator"'
        for values in self.theirs.execute(
            _select("paragraph_status", STATUS_COLUMNS, order), [aid]
        ):
            raw = dict(zip(STATUS_COLUMNS, values, strict=True))
            try:
                self._name(raw["annotator"])
                st = ParagraphStatus.model_validate(
                    {**{k: v for k, v in raw.items() if v is not None}, "article_id": mapped}
                )
                if st.paragraph >= len(texts):
                    raise ValueError(f"paragraph {st.paragraph} is not in the article")
            except (ValidationError, ValueError, TypeError) as exc:
                raise _bad(source, f"paragraph status {raw['paragraph']!r}", exc) from None
            rows.append(status_row(st))
            if len(rows) >= CHUNK:
                self._merge_rows("paragraph_status", rows)
                rows = []
        self._merge_rows("paragraph_status", rows)
        if self._pending() >= 4 * CHUNK:
            self._flush()

    def _lookup(self, entity: str, rows: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        """The target's copies of these rows (one query), JSON columns as stored, by key."""
        table, cols = TABLES[entity], _TARGET_COLUMNS[entity]
        names = ", ".join(f'"{c}"' for c in cols)
        if len(table.pk) == 1:
            (pk,) = table.pk
            sql = f'SELECT {names} FROM {table.name} WHERE "{pk}" IN ({", ".join("?" * len(rows))})'
            params: list[Any] = [r[pk] for r in rows]
        else:
            # (article_id, paragraph, annotator): one article per call, so the article
            # narrows it and the rest is matched here.
            sql = f'SELECT {names} FROM {table.name} WHERE "article_id" = ?'
            params = [rows[0]["article_id"]]
        found = (dict(zip(cols, r, strict=True)) for r in self.target.execute(sql, params))
        return {tuple(f[c] for c in table.pk): f for f in found}

    def _merge_rows(self, entity: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        table = TABLES[entity]
        ours = self._lookup(entity, rows)
        action = entity.split("_")[0]
        for row in rows:
            key = tuple(row[c] for c in table.pk)
            mine = ours.get(key)
            if mine is None:
                self.plan.counts[f"{action}.merge_add"] += 1
                if self.write:
                    self.inserts[entity].append(row)
                    compact = {c: row[c] for c in (*table.pk, "article_id", "annotator")}
                    if "updated_at" in row:
                        compact["updated_at"] = row["updated_at"]
                    self._event(f"{action}.merge_add", entity, table.key(row), None, compact)
                continue
            if any(mine[k] != row[k] for k in ("article_id", "annotator")):
                # A newer copy of a row keeps its article and its layer; another one under
                # the same id would overwrite someone else's work.
                raise ConflictError(
                    f"{self.source}: {entity} {str(row.get('id', ''))[:40]!r} has the id of "
                    f"another layer's or article's {entity} in the target; not merging over it"
                )
            cols = _TARGET_COLUMNS[entity]
            if mine == _encoded(table, row, cols) or table.decode(dict(mine)) == {
                c: row[c] for c in cols
            }:
                continue
            if "updated_at" in row and (row["updated_at"] or "") > (mine["updated_at"] or ""):
                self.plan.counts[f"{action}.merge_update"] += 1
                if self.write:
                    self.updates[entity].append(row)
                    self._event(
                        f"{action}.merge_update",
                        entity,
                        table.key(row),
                        table.decode(dict(mine)),
                        row,
                    )
            else:
                self.plan.kept += 1

    # -- writing ----------------------------------------------------------------------------

    def _event(
        self,
        action: str,
        entity: str,
        entity_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        self.events.append(
            (
                action,
                entity,
                entity_id,
                None if before is None else dumps(before),
                None if after is None else dumps(after),
            )
        )

    def _pending(self) -> int:
        return (
            len(self.paragraphs)
            + sum(len(v) for v in self.inserts.values())
            + sum(len(v) for v in self.updates.values())
            + len(self.kinds)
        )

    def _flush(self) -> None:
        if not self.write:
            return
        try:
            self._write()
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"{self.source}: not merged: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.store.path}: not saved: {exc}") from None

    def _write(self) -> None:
        conn, store = self.target, self.store
        assert store._change is not None, "writes go through Store.change()"
        if self.articles:
            cols = [c for c in ARTICLE_COLUMNS if c in self.articles[0]]
            conn.executemany(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [[a.get(c) for c in cols] for a in self.articles],
            )
            self.articles = []
        if self.paragraphs:
            cols = PARAGRAPH_COLUMNS
            conn.executemany(
                f"INSERT INTO paragraphs ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                self.paragraphs,
            )
            self.paragraphs = []
        for entity, cols in _TARGET_COLUMNS.items():
            table = TABLES[entity]
            names = ", ".join(f'"{c}"' for c in cols)
            if self.inserts[entity]:
                conn.executemany(
                    f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(cols))})",
                    [list(_encoded(table, r, cols).values()) for r in self.inserts[entity]],
                )
                self.inserts[entity] = []
            if self.updates[entity]:
                rest = [c for c in cols if c not in table.pk]
                sets = ", ".join(f'"{c}" = ?' for c in rest)
                where = " AND ".join(f'"{c}" = ?' for c in table.pk)
                conn.executemany(
                    f"UPDATE {table.name} SET {sets} WHERE {where}",
                    [
                        [e[c] for c in rest] + [e[c] for c in table.pk]
                        for e in (_encoded(table, r, cols) for r in self.updates[entity])
                    ],
                )
                self.updates[entity] = []
        if self.kinds:
            conn.executemany(
                "UPDATE paragraphs SET kind = ?, kind_origin = ? WHERE article_id = ? AND idx = ?",
                self.kinds,
            )
            self.kinds = []
        if self.events:
            head = (store._change, self.now, store.annotator, store.session)
            conn.executemany(
                "INSERT INTO events (change_id, ts, annotator, session, action, entity, "
                "entity_id, before, after, tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*head, *e, __version__) for e in self.events],
            )
            self.events = []
