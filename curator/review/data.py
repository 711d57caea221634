"""What review reads: every compared annotator's layer of one article.

The readers run SQL, so they live in the store (`curator.store.layers`); this module names
them for the review layer.
"""

from __future__ import annotations

from curator.store.layers import (
    NOT_COMPARED,
    ArticleLayers,
    RelationView,
    SpanView,
    article_ids,
    compared_annotators,
    database_file,
    iter_layers,
    rated_paragraphs,
    read_layers,
)

__all__ = [
    "NOT_COMPARED",
    "ArticleLayers",
    "RelationView",
    "SpanView",
    "article_ids",
    "compared_annotators",
    "database_file",
    "iter_layers",
    "rated_paragraphs",
    "read_layers",
]
