"""Writing imported articles: all or nothing, bulk rows through the connection (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from curator import __version__
from curator.domain.article import Article
from curator.domain.errors import ConflictError, InputError
from curator.domain.source import AlignmentBead
from curator.domain.span import utcnow
from curator.domain.text import ARTICLE_SEPARATOR, sha256_text
from curator.store.rows import TABLES, article_row, dict_rows, dumps
from curator.store.sources import set_source
from curator.store.store import Store


@dataclass(slots=True)
class ArticleDraft:
    """An article read from a file, before it is stored."""

    article: Article
    paragraphs: list[str]
    kinds: list[str]
    source: str
    """Where it came from (`file` or `file:line`), for messages."""
    source_paragraphs: list[str] = field(default_factory=list)
    """The source-language text it was translated from (empty when none came with it)."""
    alignment: list[AlignmentBead] = field(default_factory=list)
    """How `source_paragraphs` align with `paragraphs`."""

    @property
    def sha256(self) -> str:
        """Hash of the whole normalised text: equal hashes mean the same content."""
        return sha256_text(ARTICLE_SEPARATOR.join(self.paragraphs))


@dataclass(slots=True)
class ImportResult:
    """What happened to one article."""

    article_id: str
    source: str
    outcome: Literal["imported", "unchanged", "replaced"]
    paragraphs: int
    reanchored: int = 0
    orphaned: int = 0
    warnings: list[str] = field(default_factory=list)


def import_articles(
    store: Store,
    drafts: Sequence[ArticleDraft],
    *,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[ImportResult]:
    """Store the drafts in one transaction; refuse the whole batch on any conflict."""
    results, fresh, changed = _classify(store, drafts, replace)
    if not fresh and not changed:
        return results
    try:
        return _write(store, drafts, replace, len(fresh) + len(changed), progress)
    except _Unchanged as done:
        return done.results


class _Unchanged(Exception):
    """Another run stored the same articles meanwhile: nothing is left to write."""

    def __init__(self, results: list[ImportResult]) -> None:
        self.results = results


def _classify(
    store: Store, drafts: Sequence[ArticleDraft], replace: bool
) -> tuple[list[ImportResult], list[ArticleDraft], list[tuple[ArticleDraft, str]]]:
    """(unchanged results, new drafts, (changed draft, stored hash)); ConflictError for
    changed text without `replace`."""
    seen = check_unique_ids(drafts)
    stored = _stored_hashes(store, list(seen))
    results: list[ImportResult] = []
    fresh: list[ArticleDraft] = []
    changed: list[tuple[ArticleDraft, str]] = []
    for d in drafts:
        old = stored.get(d.article.id)
        if old is None:
            fresh.append(d)
        elif old == d.sha256:
            results.append(ImportResult(d.article.id, d.source, "unchanged", len(d.paragraphs)))
        elif not replace:
            raise ConflictError(
                f"{d.source}: article {d.article.id!r} is already stored with other text; "
                "use --replace to update it (annotations are re-anchored, never deleted)"
            )
        else:
            changed.append((d, old))
    return results, fresh, changed


def _write(
    store: Store,
    drafts: Sequence[ArticleDraft],
    replace: bool,
    n: int,
    progress: Callable[[int], None] | None,
) -> list[ImportResult]:
    conn = store.db.conn
    now = utcnow().isoformat()
    with store.change(f"import {n} articles", kind="system"):
        # Classified again holding the write lock: a run importing the same files at the
        # same moment may have stored some of them since.
        results, fresh, changed = _classify(store, drafts, replace)
        if not fresh and not changed:
            raise _Unchanged(results)  # rolls the empty change back
        position = conn.execute("SELECT coalesce(max(position), -1) FROM articles").fetchone()[0]
        article_rows = []
        for d in fresh:
            position += 1
            row = article_row(d.article, d.sha256, len(d.paragraphs), position)
            row["meta"] = dumps(row["meta"])
            row["imported_at"] = now
            article_rows.append(row)
        if article_rows:
            cols = list(article_rows[0])
            conn.executemany(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [tuple(r[c] for c in cols) for r in article_rows],
            )
            _insert_paragraphs(conn, fresh, progress)
            conn.executemany(
                "INSERT INTO events (change_id, ts, annotator, session, action, entity, "
                "entity_id, before, after, tool_version) "
                "SELECT ?, ?, ?, ?, 'article.import', 'article', ?, NULL, ?, ?",
                [
                    (
                        store._change,
                        now,
                        store.annotator,
                        store.session,
                        r["id"],
                        dumps(
                            {
                                "id": r["id"],
                                "sha256": r["sha256"],
                                "n_paragraphs": r["n_paragraphs"],
                            }
                        ),
                        __version__,
                    )
                    for r in article_rows
                ],
            )
            results += [
                ImportResult(d.article.id, d.source, "imported", len(d.paragraphs)) for d in fresh
            ]
        for d, old in changed:
            results.append(_replace(store, d, old, now))
        for d in [*fresh, *(d for d, _ in changed)]:
            if d.source_paragraphs:
                set_source(store, d.article.id, d.source_paragraphs, d.alignment)
    return results


def check_unique_ids(drafts: Sequence[ArticleDraft]) -> dict[str, str]:
    """Article id -> source; InputError when two drafts of one batch share an id."""
    seen: dict[str, str] = {}
    for d in drafts:
        if d.article.id in seen:
            raise InputError(
                f"{d.source}: article id {d.article.id!r} is also used by {seen[d.article.id]}"
            )
        seen[d.article.id] = d.source
    return seen


def _stored_hashes(store: Store, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        found.update(
            store.db.execute(
                f"SELECT id, sha256 FROM articles WHERE id IN ({','.join('?' for _ in chunk)})",
                chunk,
            ).fetchall()
        )
    return found


def _insert_paragraphs(
    conn: Any, drafts: Sequence[ArticleDraft], progress: Callable[[int], None] | None
) -> None:
    for d in drafts:
        conn.executemany(
            "INSERT INTO paragraphs (article_id, idx, text, sha256, kind, kind_origin) "
            "VALUES (?, ?, ?, ?, ?, 'guess')",
            [
                (d.article.id, i, text, sha256_text(text), kind)
                for i, (text, kind) in enumerate(zip(d.paragraphs, d.kinds, strict=True))
            ],
        )
        if progress:
            progress(1)


def _replace(store: Store, d: ArticleDraft, stored_sha: str, now: str) -> ImportResult:
    """New text under an existing id: re-anchor every span whose quote is still there."""
    conn = store.db.conn
    aid = d.article.id
    old_paras = dict(conn.execute("SELECT idx, sha256 FROM paragraphs WHERE article_id = ?", [aid]))
    conn.execute("DELETE FROM paragraphs WHERE article_id = ?", [aid])
    _insert_paragraphs(conn, [d], None)
    result = ImportResult(aid, d.source, "replaced", len(d.paragraphs))
    # Paragraph marks follow their paragraph when its text is unchanged; others go back to todo.
    new_index = {sha256_text(t): i for i, t in enumerate(d.paragraphs)}
    for row in dict_rows(conn, "SELECT * FROM paragraph_status WHERE article_id = ?", [aid]):
        target = new_index.get(old_paras.get(row["paragraph"], ""))
        store.record("paragraph.status", "paragraph_status", row, None)
        if target is not None:
            store.record("paragraph.status", "paragraph_status", None, {**row, "paragraph": target})
    for row in dict_rows(conn, "SELECT * FROM spans WHERE article_id = ?", [aid]):
        TABLES["span"].decode(row)
        # A paragraph whose text is unchanged keeps its spans even when it moved; searching
        # by index first would pick the same quote in whatever paragraph now sits there.
        same = new_index.get(old_paras.get(row["paragraph"], ""))
        if same is not None and d.paragraphs[same][row["start"] : row["end"]] == row["text"]:
            found: tuple[int, int, int] | None = (same, row["start"], row["end"])
        else:
            found = _find_quote(d.paragraphs, row["text"], row["paragraph"], row["start"])
        new = dict(row, updated_at=now)
        if found is not None:
            new["paragraph"], new["start"], new["end"] = found
            if row["status"] == "orphaned":
                meta = dict(row["meta"])  # a copy: `row` is logged as the event's `before`
                new["status"] = meta.pop("status_before_orphaned", "active")
                new["meta"] = meta
            result.reanchored += 1
        elif row["status"] != "orphaned":
            new["status"] = "orphaned"
            new["meta"] = {**new["meta"], "status_before_orphaned": row["status"]}
            result.orphaned += 1
        if new != row:
            store.record("span.reanchor", "span", row, new)
    before = {"id": aid, "sha256": stored_sha}
    row = article_row(d.article, d.sha256, len(d.paragraphs), 0)
    del row["position"]
    store.record("article.replace", "article", before, row)
    if result.orphaned:
        result.warnings.append(f"{result.orphaned} annotations lost their quote (now orphaned)")
    return result


def _find_quote(
    paragraphs: Sequence[str], quote: str, old_paragraph: int, old_start: int
) -> tuple[int, int, int] | None:
    """Where `quote` is now: same paragraph first, then the nearest ones; nearest offset."""
    order = sorted(range(len(paragraphs)), key=lambda i: (abs(i - old_paragraph), i))
    for i in order:
        text = paragraphs[i]
        best, pos = None, text.find(quote)
        while pos != -1:
            if best is None or abs(pos - old_start) < abs(best - old_start):
                best = pos
            pos = text.find(quote, pos + 1)
        if best is not None:
            return i, best, best + len(quote)
    return None
