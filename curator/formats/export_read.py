"""Reading curator records out of the store for `curator export`: one article at a time.

Rows are read straight from SQLite, already in export order (three small queries per article
and layer), and turned into plain dicts; each record is then validated once, as a whole and in
strict mode (no coercion), by `ExportRecord`, so the validated dict holds exactly what the model
holds and is what the curator format writes. The store's per-row models (SpanBase, Relation,
ParagraphStatus) are not built again: the store validated every row when it was written, and
rebuilding them for a million spans made an export 3x slower (bench/export_bench.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import orjson
from pydantic import ValidationError

from curator.domain.article import Article
from curator.domain.errors import InputError, format_validation_error
from curator.domain.mqm import error_weight
from curator.domain.text import ARTICLE_SEPARATOR, paragraph_starts
from curator.formats.export_records import ERROR_LABEL, ExportMeta, ExportRecord
from curator.store.layers import export_layer_rows, export_paragraph_rows
from curator.store.sources import alignment, source_paragraphs
from curator.store.store import Store

SUGGEST_LAYER = "suggest"
"""Suggestions are not anyone's annotations: `--all` leaves this layer out."""


@dataclass(frozen=True)
class ExportFilters:
    """What to export; recorded in the manifest."""

    annotators: tuple[str, ...] = ()
    """Layers to export (ignored when `everyone` is set)."""
    everyone: bool = False
    """Every annotator who has annotations (`--all`), except suggestions."""
    article_ids: tuple[str, ...] = ()
    """Only these articles (all when empty)."""
    labels: tuple[str, ...] = ()
    """Only spans with these labels (all when empty); relations need both their spans."""
    status: Literal["done", "all"] = "all"
    """`done`: only paragraphs the annotator marked done."""
    unit: Literal["paragraph", "article"] = "paragraph"
    """One record per paragraph, or per article with article-level offsets."""
    format: str = "curator"
    """Output format."""
    offsets: Literal["codepoint", "utf16"] | None = None
    """How doccano, Label Studio and MQM offsets count: code points (Python) or UTF-16 code
    units (JavaScript string indices); None: the format's default (utf16 for doccano and mqm,
    as their browser interfaces count; codepoint for labelstudio, as its interface stores)."""
    layout: Literal["label", "relation"] | None = None
    """doccano: `label` triples (sequence labelling) or `entities`/`relations` on every
    record (relation extraction); None: label."""
    publisher: str | None = None
    """claimreview: the fact checker publishing the reviews (their `author`)."""
    review_url: str | None = None
    """claimreview: the review page, a template with `{article_id}` and `{span_id}`."""


def resolve_annotators(store: Store, filters: ExportFilters) -> list[str]:
    """The layers to export, sorted."""
    if filters.everyone:
        return [a for a in store.annotators() if a != SUGGEST_LAYER]
    return sorted(set(filters.annotators))


_VALIDATE = ExportRecord.__pydantic_validator__.validate_python
_weight = cache(error_weight)  # few distinct (category, severity) pairs, one lookup per error


def _meta(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "dct": article.dct.isoformat() if article.dct else None,
        "source_lang": article.source_lang,
        "target_lang": article.target_lang,
        "mt_system": article.mt_system,
    }


def _mqm(spans: Iterable[dict[str, Any]]) -> float:
    """`mqm_score` of the rated translation errors among `spans`."""
    weights = []
    for s in spans:
        attrs = s["attrs"]
        if s["label"] == ERROR_LABEL and isinstance(attrs, dict):  # else validation says why
            category, severity = attrs.get("category"), attrs.get("severity")
            if category is not None and severity is not None:
                weights.append(_weight(category, severity))
    return math.fsum(weights)


def _span(row: tuple[Any, ...], shift: int) -> dict[str, Any]:
    _, span_id, start, end, label, text, attrs, origin, provenance, status = row
    values = orjson.loads(attrs) if attrs else {}
    if isinstance(values, dict) and None in values.values():  # not a dict: validation says so
        values = {k: v for k, v in values.items() if v is not None}
    span = {
        "id": span_id,
        "start": start + shift,
        "end": end + shift,
        "label": label,
        "text": text,
        "attrs": values,
        "origin": origin,
    }
    if provenance is not None:  # adjudicated spans say where they came from
        span["provenance"] = orjson.loads(provenance)
    if status != "active":  # a suggestion: pending, or already accepted or rejected
        span["status"] = status
    return span


def _validated(data: dict[str, Any], meta: dict[str, Any]) -> tuple[ExportRecord, dict[str, Any]]:
    """Score and validate `data` (with the ExportMeta instance of its article, so the metadata
    is not validated again for every record), then put the plain `meta` dict in for writing."""
    try:
        data["mqm"] = _mqm(data["spans"])
        record = _VALIDATE(data, strict=True)
    except (ValueError, TypeError) as exc:  # ValidationError is a ValueError
        paragraph = "*" if data["paragraph"] is None else data["paragraph"]
        where = f"export record {data['article_id']}:{paragraph}"
        if isinstance(exc, ValidationError):
            raise InputError(format_validation_error(exc, where)) from None
        raise InputError(f"{where}: {exc}") from None
    data["meta"] = meta
    return record, data


def _sources(store: Store, article: Article) -> dict[int | None, dict[str, Any]]:
    """The `source` of each record of an article (key None: the article-unit record); empty
    when it has no source text."""
    texts = source_paragraphs(store, article.id)
    if not texts:
        return {}
    beads = alignment(store, article.id)
    lang = article.source_lang
    out: dict[int | None, dict[str, Any]] = {
        None: {
            "lang": lang,
            "paragraphs": list(range(len(texts))),
            "text": ARTICLE_SEPARATOR.join(texts),
            "alignment": [
                (b.source_start, b.source_end, b.target_start, b.target_end) for b in beads
            ],
        }
    }
    for b in beads:
        part = {
            "lang": lang,
            "paragraphs": list(b.source),
            "text": ARTICLE_SEPARATOR.join(texts[i] for i in b.source),
        }
        for t in b.target:
            out[t] = part
    return out


def _layer_records(
    store: Store,
    article_id: str,
    meta: tuple[ExportMeta, dict[str, Any]],
    paragraphs: list[tuple[int, str, str]],
    annotator: str,
    f: ExportFilters,
    sources: dict[int | None, dict[str, Any]],
) -> Iterator[tuple[ExportRecord, dict[str, Any]]]:
    """(record, validated dict) of one annotator's layer in one article."""
    span_rows, relations, statuses = export_layer_rows(store.db, article_id, annotator)
    if not (span_rows or statuses or relations):
        return  # this annotator never worked on the article
    if f.status == "all":
        keep = {i for i, _, _ in paragraphs}
        rows = span_rows
    else:
        keep = {i for i, _, _ in paragraphs if statuses.get(i) == "done"}
        rows = [r for r in span_rows if r[0] in keep]
    if not keep:
        return
    if f.labels:
        rows = [r for r in rows if r[4] in f.labels]
    paragraph_of = {r[1]: r[0] for r in rows} if relations else {}
    # A relation belongs to a record when both its spans do (the same paragraph, for paragraphs).
    rels_in: dict[int | None, list[dict[str, Any]]] = {}
    for rel_id, rel_type, head, tail in relations:
        p_head, p_tail = paragraph_of.get(head), paragraph_of.get(tail)
        if p_head is not None and (
            p_head == p_tail or (f.unit == "article" and p_tail is not None)
        ):
            rel = {"id": rel_id, "type": rel_type, "head": head, "tail": tail}
            rels_in.setdefault(None if f.unit == "article" else p_head, []).append(rel)
    if f.unit == "article":
        starts = paragraph_starts([text for _, text, _ in paragraphs])
        marks = [statuses.get(i) for i, _, _ in paragraphs]
        done = all(m in ("done", "skipped") for m in marks) and "done" in marks
        spans = [_span(r, starts[r[0]]) for r in rows]
        record = {
            "article_id": article_id,
            "paragraph": None,
            "kind": None,
            "text": ARTICLE_SEPARATOR.join(text for _, text, _ in paragraphs),
            "annotator": annotator,
            "status": "done" if done else "partial" if "done" in marks else "todo",
            "paragraph_status": [m or "todo" for m in marks],
            "spans": spans,
            "relations": rels_in.get(None, []),
            "meta": meta[0],
        }
        if sources:
            record["source"] = sources[None]
        yield _validated(record, meta[1])
        return
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_paragraph.setdefault(row[0], []).append(_span(row, 0))
    for index, text, kind in paragraphs:
        if index in keep:
            record = {
                "article_id": article_id,
                "paragraph": index,
                "kind": kind,
                "text": text,
                "annotator": annotator,
                "status": statuses.get(index, "todo"),
                "spans": by_paragraph.get(index, []),
                "relations": rels_in.get(index, []),
                "meta": meta[0],
            }
            if sources:
                record["source"] = sources[index]
            yield _validated(record, meta[1])


def read_records(
    store: Store,
    filters: ExportFilters,
    progress: Callable[[int], None] | None = None,
    annotators: Sequence[str] | None = None,
) -> Iterator[tuple[ExportRecord, dict[str, Any]]]:
    """(record, the dict it was validated from, with `meta` as a plain dict) in export order:
    articles in corpus order, annotators sorted, paragraphs in order. `annotators`: the
    layers when the caller has resolved them already (`resolve_annotators`)."""
    if annotators is None:
        annotators = resolve_annotators(store, filters)
    wanted = set(filters.article_ids)
    for aid in sorted(wanted):
        store.article(aid)  # an unknown id is an error, not an empty export
    for info in store.articles():
        if not wanted or info.id in wanted:
            article = store.article(info.id)
            meta_dict = _meta(article)
            meta = (ExportMeta.model_validate(meta_dict), meta_dict)
            paragraphs = export_paragraph_rows(store.db, info.id)
            sources = _sources(store, article)
            for annotator in annotators:
                yield from _layer_records(
                    store, info.id, meta, paragraphs, annotator, filters, sources
                )
        if progress:
            progress(1)


def iter_records(
    store: Store,
    filters: ExportFilters,
    progress: Callable[[int], None] | None = None,
    annotators: Sequence[str] | None = None,
) -> Iterator[ExportRecord]:
    """Curator records, articles in corpus order, annotators sorted, paragraphs in order."""
    for rec, _ in read_records(store, filters, progress, annotators):
        yield rec
