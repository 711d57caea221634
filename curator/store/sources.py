"""Source texts in the store: an article's source-language paragraphs and their alignment.

`set_source` stores (or replaces) an article's source text with its alignment, and
`set_alignment` replaces the alignment alone (an editor's correction); each is one change
with its events, so `u` undoes it. The store does not align: the caller (curator.bilingual)
hands it validated beads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from curator.domain.errors import ConflictError, InputError
from curator.domain.source import AlignmentBead, alignment_problem
from curator.domain.text import sha256_text
from curator.store.rows import dict_rows
from curator.store.store import Store

__all__ = ["alignment", "has_source", "set_alignment", "set_source", "source_paragraphs"]

_BEAD_COLUMNS = ("source_start", "source_end", "target_start", "target_end", "origin", "cost")


def source_paragraphs(store: Store, article_id: str) -> list[str]:
    """The article's source paragraphs in order (empty when it has no source text)."""
    rows = store.db.execute(
        "SELECT text FROM source_paragraphs WHERE article_id = ? ORDER BY idx", [article_id]
    ).fetchall()
    return [r[0] for r in rows]


def has_source(store: Store, article_id: str) -> bool:
    """Whether the article has a source text."""
    row = store.db.execute(
        "SELECT 1 FROM source_paragraphs WHERE article_id = ? LIMIT 1", [article_id]
    ).fetchone()
    return row is not None


def alignment(store: Store, article_id: str) -> list[AlignmentBead]:
    """The article's alignment, in order (empty without a source text)."""
    rows = dict_rows(
        store.db.conn,
        f"SELECT {', '.join(_BEAD_COLUMNS)} FROM alignments WHERE article_id = ? ORDER BY bead",
        [article_id],
    )
    return [AlignmentBead(**r) for r in rows]


def _bead_row(article_id: str, k: int, bead: AlignmentBead) -> dict[str, Any]:
    return {"article_id": article_id, "bead": k, **bead.model_dump(include=set(_BEAD_COLUMNS))}


def _replace_beads(store: Store, article_id: str, beads: Sequence[AlignmentBead]) -> None:
    old = dict_rows(
        store.db.conn, "SELECT * FROM alignments WHERE article_id = ? ORDER BY bead", [article_id]
    )
    for row in old:
        store.record("alignment.delete", "alignment", row, None)
    for k, bead in enumerate(beads):
        store.record("alignment.add", "alignment", None, _bead_row(article_id, k, bead))


def _check(store: Store, article_id: str, n_source: int, beads: Sequence[AlignmentBead]) -> None:
    if not store.has_article(article_id):
        raise ConflictError(f"article {article_id!r}: no such article")
    n_target = len(store.paragraphs(article_id))
    problem = alignment_problem(beads, n_source, n_target)
    if problem:
        raise InputError(f"article {article_id!r}: alignment: {problem}")


def set_source(
    store: Store, article_id: str, paragraphs: Sequence[str], beads: Sequence[AlignmentBead]
) -> None:
    """Store `paragraphs` (normalised, non-empty) as the article's source text, replacing any
    earlier one, with its alignment; one change."""
    if not paragraphs:
        raise InputError(f"article {article_id!r}: the source text has no paragraphs")
    _check(store, article_id, len(paragraphs), beads)
    with store.change(f"source text of {article_id}"):
        for row in dict_rows(
            store.db.conn,
            "SELECT * FROM source_paragraphs WHERE article_id = ? ORDER BY idx",
            [article_id],
        ):
            store.record("source.delete", "source_paragraph", row, None)
        for i, text in enumerate(paragraphs):
            row = {"article_id": article_id, "idx": i, "text": text, "sha256": sha256_text(text)}
            store.record("source.add", "source_paragraph", None, row)
        _replace_beads(store, article_id, beads)


def set_alignment(store: Store, article_id: str, beads: Sequence[AlignmentBead]) -> None:
    """Replace the article's alignment (an editor's correction); one change."""
    n_source = len(source_paragraphs(store, article_id))
    if not n_source:
        raise ConflictError(f"article {article_id!r} has no source text")
    _check(store, article_id, n_source, beads)
    with store.change(f"alignment of {article_id}"):
        _replace_beads(store, article_id, beads)
