"""Merging editors' databases: articles matched by id and text hash, every layer kept.

A merge is planned first (reads only), so conflicts are refused before anything is written and
merging what is already there writes nothing at all, not even an event. Rows present on both
sides are kept as they are unless the other side's copy is newer (`updated_at`); nothing is
ever deleted by a merge.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from curator.domain.article import PARAGRAPH_KINDS, Article, Paragraph
from curator.domain.errors import ConflictError, InputError, StoreError, format_validation_error
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import validate_span
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
    """What merging one database would write."""

    source: Path
    articles: list[dict[str, Any]] = field(default_factory=list)
    """Article rows to add (with their paragraphs in `paragraphs`)."""
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    """Paragraph rows of added articles."""
    matched: int = 0
    """Articles already in the target (same id, or same text under another id)."""
    changes: list[tuple[str, str, dict[str, Any] | None, dict[str, Any]]] = field(
        default_factory=list
    )
    """(action, entity, before, after) row changes for spans, relations, statuses, kinds."""
    kept: int = 0
    """Rows where the target's copy was kept (newer, or an editor's kind on both sides)."""

    def count(self, action: str) -> int:
        """How many row changes of one action (span.merge_add, ...)."""
        return sum(1 for a, *_ in self.changes if a == action)

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not self.articles and not self.changes


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
        return _plan(store, theirs, source)
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


def _plan(store: Store, theirs: sqlite3.Connection, source: Path) -> MergePlan:
    plan = MergePlan(source)
    target = store.db.conn
    by_id = {r["id"]: r["sha256"] for r in dict_rows(target, "SELECT id, sha256 FROM articles")}
    by_hash = {sha: aid for aid, sha in by_id.items()}
    position = target.execute("SELECT coalesce(max(position), -1) FROM articles").fetchone()[0]
    id_map: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    for art in dict_rows(theirs, _select("articles", ARTICLE_COLUMNS, "ORDER BY position, id")):
        if not isinstance(art["id"], str) or not isinstance(art["sha256"], str):
            raise InputError(f"{source}: an article row has no valid id or sha256")
        if art["id"] in by_id:
            if by_id[art["id"]] != art["sha256"]:
                raise ConflictError(
                    f"{source}: article {art['id']!r} has other text than in {store.path}; "
                    "re-import it with --replace on one side first"
                )
            id_map[art["id"]] = art["id"]
            plan.matched += 1
        elif art["sha256"] in by_hash:
            id_map[art["id"]] = by_hash[art["sha256"]]
            plan.matched += 1
        else:
            paragraphs = dict_rows(
                theirs,
                _select("paragraphs", PARAGRAPH_COLUMNS, 'WHERE "article_id" = ? ORDER BY "idx"'),
                [art["id"]],
            )
            row = _article(source, art, paragraphs)
            position += 1
            row["position"] = position
            id_map[art["id"]] = art["id"]
            by_hash[art["sha256"]] = art["id"]
            plan.articles.append(row)
            texts[art["id"]] = [p["text"] for p in paragraphs]
            plan.paragraphs += [
                {c: p[c] for c in PARAGRAPH_COLUMNS} | {"article_id": art["id"]} for p in paragraphs
            ]
    added = {a["id"] for a in plan.articles}
    for aid, mapped in id_map.items():
        if mapped not in added:
            texts[mapped] = [
                r[0]
                for r in target.execute(
                    "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY idx", [mapped]
                )
            ]
            _plan_kinds(plan, target, theirs, aid, mapped)
        _plan_rows(plan, store, theirs, aid, mapped, texts[mapped])
    return plan


def _plan_kinds(
    plan: MergePlan, target: sqlite3.Connection, theirs: sqlite3.Connection, aid: str, mapped: str
) -> None:
    """An editor's kind wins over a guess; two editors' different kinds keep the target's."""
    ours = {
        r["idx"]: r
        for r in dict_rows(
            target, "SELECT idx, kind, kind_origin FROM paragraphs WHERE article_id = ?", [mapped]
        )
    }
    for row in dict_rows(
        theirs,
        _select("paragraphs", ["idx", "kind", "kind_origin"], 'WHERE "article_id" = ?'),
        [aid],
    ):
        mine = ours.get(row["idx"])
        if row["kind"] not in PARAGRAPH_KINDS or row["kind_origin"] not in KIND_ORIGINS:
            raise InputError(
                f"{plan.source}: article {aid!r} paragraph {row['idx']!r}: "
                f"kind {str(row['kind'])[:40]!r} / {str(row['kind_origin'])[:40]!r} is unknown"
            )
        if mine is None or mine["kind"] == row["kind"] or row["kind_origin"] != "editor":
            continue
        if mine["kind_origin"] == "editor":
            plan.kept += 1
            continue
        key = {"article_id": mapped, "idx": row["idx"]}
        plan.changes.append(
            ("paragraph.merge_kind", "paragraph", {**key, **_kind(mine)}, {**key, **_kind(row)})
        )


def _kind(row: dict[str, Any]) -> dict[str, Any]:
    return {"kind": row["kind"], "kind_origin": row["kind_origin"]}


def _plan_rows(
    plan: MergePlan,
    store: Store,
    theirs: sqlite3.Connection,
    aid: str,
    mapped: str,
    texts: list[str],
) -> None:
    """Spans first (relations point at them), then relations, then paragraph statuses; every
    row validated by its model (offsets, label, quote, attributes, relation ends, names)."""
    target, source = store.db.conn, plan.source
    where = 'WHERE "article_id" = ? ORDER BY id'
    labels: dict[str, str] = {}
    for raw in dict_rows(theirs, _select("spans", SPAN_COLUMNS, where), [aid]):
        what = f"span {str(raw['id'])[:40]!r}"
        try:
            data = dict(raw, article_id=mapped)
            data["attrs"] = loads(raw["attrs"]) or {}
            data["meta"] = loads(raw["meta"]) or {}
            check_name(data["annotator"] if isinstance(data["annotator"], str) else "")
            para = data["paragraph"]
            if not isinstance(para, int) or not 0 <= para < len(texts):
                raise ValueError(f"paragraph {para!r} is not in the article")
            span = validate_span(data, paragraph_text=texts[para], tagset=store.tagset)
        except (ValidationError, ValueError, TypeError, orjson.JSONDecodeError) as exc:
            raise _bad(source, what, exc) from None
        labels[span.id] = span.label
        _plan_row(plan, target, "span", span_row(span))
    for raw in dict_rows(theirs, _select("relations", RELATION_COLUMNS, where), [aid]):
        what = f"relation {str(raw['id'])[:40]!r}"
        try:
            if raw["head"] not in labels or raw["tail"] not in labels:
                raise ValueError("head and tail must be spans of the same article")
            check_name(raw["annotator"] if isinstance(raw["annotator"], str) else "")
            rel = Relation.model_validate(
                {**{k: v for k, v in raw.items() if v is not None}, "article_id": mapped},
                context={
                    "tagset": store.tagset,
                    "head_label": labels[raw["head"]],
                    "tail_label": labels[raw["tail"]],
                },
            )
        except (ValidationError, ValueError, TypeError) as exc:
            raise _bad(source, what, exc) from None
        _plan_row(plan, target, "relation", relation_row(rel))
    order = 'WHERE "article_id" = ? ORDER BY "paragraph", "annotator"'
    for raw in dict_rows(theirs, _select("paragraph_status", STATUS_COLUMNS, order), [aid]):
        what = f"paragraph status {raw['paragraph']!r}"
        try:
            check_name(raw["annotator"] if isinstance(raw["annotator"], str) else "")
            st = ParagraphStatus.model_validate(
                {**{k: v for k, v in raw.items() if v is not None}, "article_id": mapped}
            )
            if st.paragraph >= len(texts):
                raise ValueError(f"paragraph {st.paragraph} is not in the article")
        except (ValidationError, ValueError, TypeError) as exc:
            raise _bad(source, what, exc) from None
        _plan_row(plan, target, "paragraph_status", status_row(st))


def _plan_row(
    plan: MergePlan, target: sqlite3.Connection, entity: str, row: dict[str, Any]
) -> None:
    mine = TABLES[entity].fetch(target, row)
    action = entity.split("_")[0]
    if mine is not None and any(mine[k] != row[k] for k in ("article_id", "annotator")):
        # A newer copy of a row keeps its article and its layer; another one under the same
        # id would overwrite someone else's work.
        raise ConflictError(
            f"{plan.source}: {entity} {str(row.get('id', ''))[:40]!r} has the id of another "
            f"layer's or article's {entity} in the target; not merging over it"
        )
    if mine is None:
        plan.changes.append((f"{action}.merge_add", entity, None, row))
    elif mine != row:
        if "updated_at" in row and (row["updated_at"] or "") > (mine["updated_at"] or ""):
            plan.changes.append((f"{action}.merge_update", entity, mine, row))
        else:
            plan.kept += 1


def apply_merge(store: Store, plan: MergePlan) -> None:
    """Write a plan (inside the caller's `store.change`, or in a change of its own)."""
    with store.change(f"merge {plan.source.name}", kind="system"):
        conn = store.db.conn
        for art in plan.articles:
            cols = [c for c in ARTICLE_COLUMNS if c in art]
            conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [art[c] for c in cols],
            )
            store.record(
                "article.merge_add",
                "article",
                None,
                {"id": art["id"], "sha256": art["sha256"]},
                write=False,
            )
        if plan.paragraphs:
            cols = PARAGRAPH_COLUMNS
            conn.executemany(
                f"INSERT INTO paragraphs ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [[p[c] for c in cols] for p in plan.paragraphs],
            )
        for action, entity, before, after in plan.changes:
            store.record(action, entity, before, after)
