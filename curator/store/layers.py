"""What review reads: every annotator's layer of one article, fetched with plain SELECTs.

These readers live in the store (no SQL outside it); `curator.review.data` re-exports them
for the review layer.

Review compares whole corpora, so it does not validate every stored span again through
pydantic (~20 µs a span; the store validated them when they were written): one query per
table and article, JSON columns decoded with orjson, rows turned into small frozen
dataclasses. Only one article is held at a time (`iter_layers` streams them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

import orjson

from curator.domain.errors import ConflictError, InputError
from curator.domain.span import LIVE_STATUSES
from curator.domain.text import count_words
from curator.store.suggestions import SUGGEST_LAYER

_NO_ATTRS: Mapping[str, Any] = MappingProxyType({})

NOT_COMPARED = (SUGGEST_LAYER, "gold")
"""Layers that are not an annotator's own work: left out of the default comparisons."""


class SpanView(NamedTuple):
    """A span as review needs it (id, extent, label, attributes); immutable.

    A named tuple rather than a frozen dataclass: review builds one per stored span, and a
    tuple is made three times faster (0.36 against 1.0 µs).
    """

    id: str
    """Span id."""
    paragraph: int
    """Paragraph index."""
    start: int
    """First code point, relative to the paragraph."""
    end: int
    """Code point after the last one."""
    label: str
    """Label."""
    text: str
    """The quoted text."""
    attrs: Mapping[str, Any] = _NO_ATTRS
    """Attributes, unset ones left out (do not mutate)."""
    annotator: str = ""
    """Whose layer it is in."""

    @classmethod
    def of(cls, span: Any) -> SpanView:
        """A view of a `curator.domain.span.SpanBase` (what `Store.spans` returns)."""
        return cls(
            span.id,
            span.paragraph,
            span.start,
            span.end,
            span.label,
            span.text,
            span.attrs_dict(),
            span.annotator,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {
            "id": self.id,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "attrs": dict(self.attrs),
        }


@dataclass(frozen=True, slots=True)
class RelationView:
    """A relation: `head` --type--> `tail` (span ids)."""

    id: str
    """Relation id."""
    type: str
    """attributed_to, claim_date, cue, ..."""
    head: str
    """Head span id."""
    tail: str
    """Tail span id."""
    annotator: str
    """Whose layer it is in."""


@dataclass(frozen=True, slots=True)
class ArticleLayers:
    """One article's text and the layers of the annotators being compared."""

    article_id: str
    """Article id."""
    title: str
    """Headline."""
    paragraphs: tuple[str, ...]
    """Paragraph texts by index."""
    spans: Mapping[str, Mapping[int, tuple[SpanView, ...]]]
    """annotator -> paragraph -> active spans, ordered by start, longest first."""
    relations: Mapping[str, tuple[RelationView, ...]]
    """annotator -> relations."""
    rated: Mapping[str, frozenset[int]]
    """annotator -> paragraphs the annotator has rated (see `rated_paragraphs`)."""
    source_words: Mapping[int, float] = field(default_factory=dict)
    """paragraph -> words of the source text aligned with it (a bead's source words shared
    evenly by its target paragraphs); empty without a source text."""
    sources: Mapping[int, str] = field(default_factory=dict)
    """paragraph -> the source text aligned with it (its bead's source paragraphs); empty
    without a source text."""

    def spans_of(self, annotator: str, paragraph: int) -> tuple[SpanView, ...]:
        """An annotator's spans in one paragraph."""
        return self.spans.get(annotator, {}).get(paragraph, ())


def rated_paragraphs(statuses: Mapping[int, str], with_spans: Iterable[int]) -> frozenset[int]:
    """Which paragraphs count as rated by an annotator (the rest are missing data).

    A paragraph is rated when the annotator marked it done, or left at least one span in it
    and did not mark it skipped. A skipped paragraph is missing even if it holds spans;
    a paragraph never looked at (no status, no span) is missing too. An empty paragraph
    marked done is rated: "nothing to tag here" is an annotation.
    """
    rated = {p for p, s in statuses.items() if s == "done"}
    rated.update(p for p in with_spans if statuses.get(p) != "skipped")
    return frozenset(rated)


def _marks(names: Sequence[str]) -> str:
    return ",".join("?" for _ in names)


def connection(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection of a sqlite-utils `Database`, or `db` itself when it is one."""
    return db.conn if hasattr(db, "conn") else db


def database_file(db: Any) -> str:
    """The file of a store's main database (for worker processes that open it again)."""
    for _, name, path in connection(db).execute("PRAGMA database_list"):
        if name == "main" and path:
            return path
    raise ValueError("workers > 1 needs a database file, not an in-memory database")


def read_layers(db: Any, article_id: str, annotators: Sequence[str]) -> ArticleLayers:
    """Read one article and the given annotators' layers (live spans: an editor's active ones,
    every proposal of the suggestion layer)."""
    conn = connection(db)
    row = conn.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise ConflictError(f"article {article_id!r}: no such article")
    title = row[0]
    texts = tuple(
        r[0]
        for r in conn.execute(
            "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY idx", [article_id]
        )
    )
    names = list(annotators)
    spans: dict[str, dict[int, list[SpanView]]] = {a: {} for a in names}
    loads = orjson.loads
    current: list[SpanView] = []
    at: tuple[str, int] | None = None
    for sid, ann, par, start, end, label, text, attrs in conn.execute(
        'SELECT id, annotator, paragraph, start, "end", label, text, attrs FROM spans '
        f"WHERE article_id = ? AND annotator IN ({_marks(names)}) AND status IN {LIVE_STATUSES} "
        'ORDER BY annotator, paragraph, start, "end" DESC, id',
        [article_id, *names],
    ):
        values = loads(attrs) if attrs else {}
        if None in values.values():
            values = {k: v for k, v in values.items() if v is not None}
        if at != (ann, par):
            at = (ann, par)
            current = spans[ann].setdefault(par, [])
        current.append(SpanView(sid, par, start, end, label, text, values, ann))
    relations: dict[str, list[RelationView]] = {a: [] for a in names}
    for rid, rtype, head, tail, ann in conn.execute(
        "SELECT id, type, head, tail, annotator FROM relations "
        f"WHERE article_id = ? AND annotator IN ({_marks(names)}) ORDER BY created_at, id",
        [article_id, *names],
    ):
        relations[ann].append(RelationView(rid, rtype, head, tail, ann))
    source_words, sources = _sources(conn, article_id)
    statuses: dict[str, dict[int, str]] = {a: {} for a in names}
    for ann, par, status in conn.execute(
        "SELECT annotator, paragraph, status FROM paragraph_status "
        f"WHERE article_id = ? AND annotator IN ({_marks(names)})",
        [article_id, *names],
    ):
        statuses[ann][par] = status
    return ArticleLayers(
        article_id,
        title,
        texts,
        {a: {p: tuple(v) for p, v in by_par.items()} for a, by_par in spans.items()},
        {a: tuple(v) for a, v in relations.items()},
        {
            # The suggesters read every paragraph of an article they ran on.
            a: frozenset(range(len(texts)))
            if a == SUGGEST_LAYER and spans[a]
            else rated_paragraphs(statuses[a], spans[a])
            for a in names
        },
        source_words,
        sources,
    )


def _sources(conn: sqlite3.Connection, article_id: str) -> tuple[dict[int, float], dict[int, str]]:
    """(paragraph -> aligned source words, paragraph -> aligned source text)."""
    texts = [
        r[0]
        for r in conn.execute(
            "SELECT text FROM source_paragraphs WHERE article_id = ? ORDER BY idx", [article_id]
        )
    ]
    words: dict[int, float] = {}
    aligned: dict[int, str] = {}
    if not texts:
        return words, aligned
    counts = [count_words(t) for t in texts]
    for s0, s1, t0, t1 in conn.execute(
        "SELECT source_start, source_end, target_start, target_end FROM alignments "
        "WHERE article_id = ? ORDER BY bead",
        [article_id],
    ):
        if t1 > t0:
            share = sum(counts[s0:s1]) / (t1 - t0)
            text = "\n\n".join(texts[s0:s1])
            for t in range(t0, t1):
                words[t] = share
                aligned[t] = text
    return words, aligned


def article_ids(db: Any, only: Sequence[str] = ()) -> list[str]:
    """Article ids in corpus order (`only`: these, checked to exist, in the order given)."""
    conn = connection(db)
    if only:
        found = {
            r[0]
            for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({_marks(only)})", only)
        }
        missing = [a for a in only if a not in found]
        if missing:
            raise ConflictError(f"article {missing[0]!r}: no such article")
        return list(dict.fromkeys(only))
    return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY position")]


def iter_layers(
    db: Any, annotators: Sequence[str], only: Sequence[str] = ()
) -> Iterator[ArticleLayers]:
    """Every article (or the given ones) with the annotators' layers, one at a time."""
    for article_id in article_ids(db, only):
        yield read_layers(db, article_id, annotators)


def compared_annotators(db: Any, given: Sequence[str] = ()) -> list[str]:
    """The annotators to compare: `given` (checked), else everyone with spans or paragraph
    marks except the `suggest` and `gold` layers. At least two are needed."""
    conn = connection(db)
    known = [
        r[0]
        for r in conn.execute(
            "SELECT annotator FROM spans UNION SELECT annotator FROM paragraph_status ORDER BY 1"
        )
    ]
    if given:
        names = list(dict.fromkeys(given))
        unknown = [a for a in names if a not in known]
        if unknown:
            have = ", ".join(known) or "none"
            raise InputError(f"annotator {unknown[0]!r} has no annotations (annotators: {have})")
    else:
        names = [a for a in known if a not in NOT_COMPARED]
    if len(names) < 2:
        have = ", ".join(names) or "none"
        raise InputError(f"agreement needs at least two annotators with annotations (have: {have})")
    return names


# -- what export reads ----------------------------------------------------------------------

# The ORDER BYs give the export order, so nothing is sorted in Python (SQLite's BINARY
# collation orders UTF-8 the way Python orders str: by code point).
_EXPORT_PARAGRAPHS_SQL = "SELECT idx, text, kind FROM paragraphs WHERE article_id = ? ORDER BY idx"
_EXPORT_SPANS_SQL = (
    'SELECT paragraph, id, start, "end", label, text, attrs, origin, '
    "json_extract(meta, '$.provenance'), status FROM spans "
    f"WHERE article_id = ? AND annotator = ? AND status IN {LIVE_STATUSES} "
    'ORDER BY paragraph, start, "end", label, id'  # = (start, end, label, id) in the article too
)
_EXPORT_RELATIONS_SQL = (
    "SELECT id, type, head, tail FROM relations WHERE article_id = ? AND annotator = ? "
    "ORDER BY type, head, tail, id"
)
_EXPORT_STATUSES_SQL = (
    "SELECT paragraph, status FROM paragraph_status WHERE article_id = ? AND annotator = ?"
)


def export_paragraph_rows(db: Any, article_id: str) -> list[tuple[int, str, str]]:
    """(index, text, kind) of an article's paragraphs, in order."""
    return connection(db).execute(_EXPORT_PARAGRAPHS_SQL, [article_id]).fetchall()


def export_layer_rows(
    db: Any, article_id: str, annotator: str
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[int, str]]:
    """One annotator's layer of an article as export reads it, in export order: span rows
    (paragraph, id, start, end, label, text, attrs JSON, origin, provenance JSON, status),
    relation rows (id, type, head, tail) and paragraph statuses."""
    execute = connection(db).execute
    key = [article_id, annotator]
    return (
        execute(_EXPORT_SPANS_SQL, key).fetchall(),
        execute(_EXPORT_RELATIONS_SQL, key).fetchall(),
        dict(execute(_EXPORT_STATUSES_SQL, key).fetchall()),
    )
