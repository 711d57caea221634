"""Read side of the store: what screens and services list, count and search."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from curator.domain.article import Article, Paragraph
from curator.domain.errors import ConflictError
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import SpanBase
from curator.store.rows import article_from_row, paragraph_from_row, span_from_row


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """A line of the article list."""

    id: str
    title: str
    n_paragraphs: int
    position: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one annotator is in one article (or the corpus when article_id is None)."""

    annotator: str
    article_id: str | None
    done: int
    skipped: int
    total: int
    spans: int

    @property
    def todo(self) -> int:
        """Paragraphs neither done nor skipped."""
        return self.total - self.done - self.skipped


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A paragraph that matches a search."""

    article_id: str
    paragraph: int
    title: str
    snippet: str


class Queries:
    """Read methods shared by Store (which adds writes)."""

    db: Database
    annotator: str

    def _rows(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        cur = self.db.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchall()

    # -- articles and paragraphs ------------------------------------------------------------

    def articles(self, limit: int | None = None, offset: int = 0) -> list[ArticleInfo]:
        """Articles in import order."""
        rows = self._rows(
            "SELECT id, title, n_paragraphs, position FROM articles ORDER BY position "
            "LIMIT ? OFFSET ?",
            [-1 if limit is None else limit, offset],
        )
        return [ArticleInfo(r["id"], r["title"], r["n_paragraphs"], r["position"]) for r in rows]

    def article_count(self) -> int:
        """How many articles the corpus has."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article_index(self, article_id: str) -> int:
        """0-based position of an article in the corpus order."""
        row = self.db.execute(
            "SELECT count(*) FROM articles WHERE position < "
            "(SELECT position FROM articles WHERE id = ?)",
            [article_id],
        ).fetchone()
        return row[0]

    def neighbour_article(self, article_id: str, step: int) -> str | None:
        """The id of the next (step=1) or previous (step=-1) article."""
        op, order = (">", "ASC") if step > 0 else ("<", "DESC")
        row = self.db.execute(
            f"SELECT id FROM articles WHERE position {op} "
            f"(SELECT position FROM articles WHERE id = ?) ORDER BY position {order} LIMIT 1",
            [article_id],
        ).fetchone()
        return row[0] if row else None

    def article(self, article_id: str) -> Article:
        """An article's metadata."""
        rows = self._rows("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            raise ConflictError(f"article {article_id!r}: no such article")
        return article_from_row(rows[0])

    def paragraphs_with_hash(self, sha256: str) -> list[tuple[str, int]]:
        """(article id, paragraph index) of every paragraph whose text has this hash."""
        rows = self.db.execute(
            "SELECT article_id, idx FROM paragraphs WHERE sha256 = ? ORDER BY article_id, idx",
            [sha256],
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def adjudications(
        self, layer: str, article_ids: Sequence[str] = ()
    ) -> dict[tuple[str, str], str]:
        """(article id, pair key) -> decision, of the disagreements settled into `layer`."""
        sql = "SELECT article_id, pair_key, decision FROM adjudications WHERE layer = ?"
        params: list[str] = [layer]
        if article_ids:
            sql += f" AND article_id IN ({','.join('?' for _ in article_ids)})"
            params += list(article_ids)
        return {(r[0], r[1]): r[2] for r in self.db.execute(sql, params)}

    def has_article(self, article_id: str) -> bool:
        """Whether the article exists."""
        return bool(self.db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone())

    def paragraphs(self, article_id: str) -> list[Paragraph]:
        """All paragraphs of an article, in order."""
        rows = self._rows(
            "SELECT article_id, idx, text, sha256, kind FROM paragraphs WHERE article_id = ? "
            "ORDER BY idx",
            [article_id],
        )
        return [paragraph_from_row(r) for r in rows]

    def paragraph_kinds(self, article_id: str) -> dict[int, str]:
        """Paragraph index -> kind (the one paragraph field that changes after import; a
        view holding the paragraphs refreshes them from this instead of re-reading texts)."""
        return dict(
            self.db.execute(
                "SELECT idx, kind FROM paragraphs WHERE article_id = ?", [article_id]
            ).fetchall()
        )

    def paragraph_text(self, article_id: str, paragraph: int) -> str:
        """The text of one paragraph."""
        row = self.db.execute(
            "SELECT text FROM paragraphs WHERE article_id = ? AND idx = ?", [article_id, paragraph]
        ).fetchone()
        if row is None:
            raise ConflictError(f"article {article_id!r}: no paragraph {paragraph}")
        return row[0]

    # -- annotations ------------------------------------------------------------------------

    def spans(
        self,
        article_id: str,
        *,
        annotator: str | None = None,
        paragraph: int | None = None,
        statuses: tuple[str, ...] = ("active",),
    ) -> list[SpanBase]:
        """Spans of one annotator (default: this one) in an article or one paragraph."""
        sql = "SELECT * FROM spans WHERE article_id = ? AND annotator = ?"
        params: list[Any] = [article_id, annotator or self.annotator]
        if paragraph is not None:
            sql += " AND paragraph = ?"
            params.append(paragraph)
        sql += f" AND status IN ({','.join('?' for _ in statuses)})"
        params += statuses
        rows = self._rows(sql + ' ORDER BY paragraph, start, "end" DESC, id', params)
        return [span_from_row(r) for r in rows]

    def span(self, span_id: str) -> SpanBase:
        """One span by id."""
        rows = self._rows("SELECT * FROM spans WHERE id = ?", [span_id])
        if not rows:
            raise ConflictError(f"span {span_id}: no such span")
        return span_from_row(rows[0])

    def relations(self, article_id: str, *, annotator: str | None = None) -> list[Relation]:
        """Relations of one annotator in an article."""
        rows = self._rows(
            "SELECT * FROM relations WHERE article_id = ? AND annotator = ? ORDER BY created_at, id",
            [article_id, annotator or self.annotator],
        )
        return [Relation.model_validate(dict(r)) for r in rows]

    def relation(self, relation_id: str) -> Relation:
        """One relation by id."""
        rows = self._rows("SELECT * FROM relations WHERE id = ?", [relation_id])
        if not rows:
            raise ConflictError(f"relation {relation_id}: no such relation")
        return Relation.model_validate(dict(rows[0]))

    def statuses(
        self, article_id: str, *, annotator: str | None = None
    ) -> dict[int, ParagraphStatus]:
        """Paragraph index -> status for one annotator (paragraphs never marked are todo)."""
        rows = self._rows(
            "SELECT * FROM paragraph_status WHERE article_id = ? AND annotator = ?",
            [article_id, annotator or self.annotator],
        )
        return {r["paragraph"]: ParagraphStatus.model_validate(dict(r)) for r in rows}

    def annotators(self) -> list[str]:
        """Everyone who has a span or a paragraph status, sorted."""
        rows = self.db.execute(
            "SELECT annotator FROM spans UNION SELECT annotator FROM paragraph_status ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def progress(self, article_id: str | None = None) -> list[Progress]:
        """Per annotator: paragraphs done/skipped out of the total, and span counts."""
        where, params = ("WHERE article_id = ?", [article_id]) if article_id else ("", [])
        total = self.db.execute(f"SELECT count(*) FROM paragraphs {where}", params).fetchone()[0]
        marks: dict[str, Counter[str]] = {}
        for annotator, status, n in self.db.execute(
            f"SELECT annotator, status, count(*) FROM paragraph_status {where} "
            "GROUP BY annotator, status",
            params,
        ):
            marks.setdefault(annotator, Counter())[status] = n
        span_counts = dict(
            self.db.execute(
                f"SELECT annotator, count(*) FROM spans {where} "
                f"{'AND' if where else 'WHERE'} status = 'active' GROUP BY annotator",
                params,
            ).fetchall()
        )
        names = sorted(set(marks) | set(span_counts))
        return [
            Progress(
                name,
                article_id,
                marks.get(name, Counter())["done"],
                marks.get(name, Counter())["skipped"],
                total,
                span_counts.get(name, 0),
            )
            for name in names
        ]

    def speakers(self, article_id: str | None = None) -> list[tuple[str, int]]:
        """Canonical speaker names with their mention counts, most mentioned first."""
        sql = (
            "SELECT json_extract(attrs, '$.name') AS name, count(*) FROM spans "
            "WHERE label = 'speaker' AND status = 'active' AND name IS NOT NULL"
        )
        params: list[Any] = []
        if article_id:
            sql += " AND article_id = ?"
            params.append(article_id)
        rows = self.db.execute(sql + " GROUP BY name ORDER BY 2 DESC, 1", params).fetchall()
        return [(r[0], r[1]) for r in rows]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over paragraph text, hits in corpus order.

        Every word must occur; the last one may be a prefix (it is being typed). Corpus order,
        not relevance: FTS5 then stops at `limit` instead of scoring every match, which kept a
        search on 400,000 paragraphs under a frame instead of ~170 ms (bench/scale_bench.py).
        """
        words = re.findall(r"\w+", query)
        if not words:
            return []
        match = " ".join([*(f'"{w}"' for w in words[:-1]), f'"{words[-1]}"*'])
        rows = self._rows(
            "SELECT p.article_id, p.idx, a.title, "
            "snippet(paragraphs_fts, 0, '\x02', '\x03', '…', 12) AS snip "
            "FROM paragraphs_fts JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid "
            "JOIN articles a ON a.id = p.article_id "
            "WHERE paragraphs_fts MATCH ? ORDER BY paragraphs_fts.rowid LIMIT ?",
            [match, limit],
        )
        return [SearchHit(r["article_id"], r["idx"], r["title"], r["snip"]) for r in rows]

    def find_articles(self, query: str, limit: int = 20) -> list[ArticleInfo]:
        """Articles whose id or title contains every word of `query` (for pickers)."""
        sql = "SELECT id, title, n_paragraphs, position FROM articles"
        words = query.split()
        params: list[Any] = []
        if words:
            sql += " WHERE " + " AND ".join(
                "(id || ' ' || title) LIKE ? ESCAPE '\\'" for _ in words
            )
            params = [
                "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                for w in words
            ]
        rows = self._rows(sql + " ORDER BY position LIMIT ?", [*params, limit])
        return [ArticleInfo(r["id"], r["title"], r["n_paragraphs"], r["position"]) for r in rows]
