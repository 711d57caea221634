"""Merging editors' databases: articles matched by id and text hash, every layer kept.

A merge is planned first (reads only), so conflicts are refused before anything is written and
merging what is already there writes nothing at all, not even an event. Rows present on both
sides are kept as they are unless the other side's copy is newer (`updated_at`); nothing is
ever deleted by a merge.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.domain.errors import ConflictError, InputError
from curator.store.rows import TABLES, dict_rows
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


def plan_merge(store: Store, source: Path) -> MergePlan:
    """Compare another database with the store's; raise on conflicts, write nothing."""
    if source.resolve() == store.path.resolve():
        raise InputError(f"{source}: cannot merge a database into itself")
    other = Store.open(source, annotator=store.annotator, create=False)
    try:
        if other.tagset.sha256 != store.tagset.sha256:
            raise ConflictError(
                f"{source}: its tag set ({other.tagset.name}, {other.tagset.sha256[:12]}) differs "
                f"from {store.path}'s ({store.tagset.name}, {store.tagset.sha256[:12]}); "
                "merging would mix labels"
            )
        return _plan(store, other, source)
    finally:
        other.close()


def _plan(store: Store, other: Store, source: Path) -> MergePlan:
    plan = MergePlan(source)
    target, theirs = store.db.conn, other.db.conn
    by_id = {r["id"]: r["sha256"] for r in dict_rows(target, "SELECT id, sha256 FROM articles")}
    by_hash = {sha: aid for aid, sha in by_id.items()}
    position = target.execute("SELECT coalesce(max(position), -1) FROM articles").fetchone()[0]
    id_map: dict[str, str] = {}
    for art in dict_rows(theirs, "SELECT * FROM articles ORDER BY position"):
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
            position += 1
            id_map[art["id"]] = art["id"]
            plan.articles.append({**art, "position": position})
            plan.paragraphs += dict_rows(
                theirs, "SELECT * FROM paragraphs WHERE article_id = ?", [art["id"]]
            )
    added = {a["id"] for a in plan.articles}
    for aid, mapped in id_map.items():
        if mapped not in added:
            _plan_kinds(plan, target, theirs, aid, mapped)
        _plan_rows(plan, target, theirs, aid, mapped)
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
        theirs, "SELECT idx, kind, kind_origin FROM paragraphs WHERE article_id = ?", [aid]
    ):
        mine = ours.get(row["idx"])
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
    plan: MergePlan, target: sqlite3.Connection, theirs: sqlite3.Connection, aid: str, mapped: str
) -> None:
    """Spans first (relations point at them), then relations, then paragraph statuses."""
    for entity, sql in (
        ("span", "SELECT * FROM spans WHERE article_id = ? ORDER BY id"),
        ("relation", "SELECT * FROM relations WHERE article_id = ? ORDER BY id"),
        (
            "paragraph_status",
            "SELECT * FROM paragraph_status WHERE article_id = ? ORDER BY paragraph, annotator",
        ),
    ):
        table = TABLES[entity]
        for row in dict_rows(theirs, sql, [aid]):
            row["article_id"] = mapped
            table.decode(row)
            mine = table.fetch(target, row)
            if mine is None:
                plan.changes.append((f"{entity.split('_')[0]}.merge_add", entity, None, row))
            elif mine != row:
                if "updated_at" in row and (row["updated_at"] or "") > (mine["updated_at"] or ""):
                    plan.changes.append((f"{entity.split('_')[0]}.merge_update", entity, mine, row))
                else:
                    plan.kept += 1


def apply_merge(store: Store, plan: MergePlan) -> None:
    """Write a plan (inside the caller's `store.change`, or in a change of its own)."""
    with store.change(f"merge {plan.source.name}", kind="system"):
        conn = store.db.conn
        for art in plan.articles:
            cols = list(art)
            conn.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [art[c] for c in cols],
            )
            store._log(
                "article.merge_add",
                "article",
                None,
                {"id": art["id"], "sha256": art["sha256"]},
                write=False,
            )
        if plan.paragraphs:
            cols = list(plan.paragraphs[0])
            conn.executemany(
                f"INSERT INTO paragraphs ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [[p[c] for c in cols] for p in plan.paragraphs],
            )
        for action, entity, before, after in plan.changes:
            store._log(action, entity, before, after)
