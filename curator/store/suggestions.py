"""Suggestions in the store: the `suggest` layer, and accepting or rejecting what is in it.

Suggesters (curator.suggest) propose; this module stores their proposals as pending spans of
the `suggest` layer and moves them into an editor's layer when accepted. It knows nothing of
the suggesters themselves (the store sits below them), only of plain span dictionaries.

- `replace_suggestions` is one system change: it deletes the pending suggestions of an
  article (only of the suggesters that ran) with their relations, never an accepted or
  rejected one, and does not propose again a span identical to one already decided.
- `accept_suggestion`, `reject_suggestion` and `accept_all` are each one undoable edit of
  the editor's (`store.annotator`) history: `u` undoes an accept.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from curator.domain.errors import ConflictError, InputError, format_validation_error
from curator.domain.span import SpanBase, validate_span
from curator.store.rows import TABLES, relation_row, span_row
from curator.store.store import Store, new_id

__all__ = [
    "SUGGEST_LAYER",
    "SuggestionRun",
    "accept_all",
    "accept_suggestion",
    "pending_suggestions",
    "reject_suggestion",
    "replace_suggestions",
]

SUGGEST_LAYER = "suggest"
"""The annotator name of the suggestion layer."""


@dataclass(frozen=True, slots=True)
class SuggestionRun:
    """What storing one article's suggestions did."""

    added: int
    """New pending suggestions."""
    replaced: int
    """Pending suggestions of an earlier run that were deleted."""
    kept: int
    """Proposals left out because an identical one was already accepted or rejected."""
    skipped: int
    """Proposals whose label the database's tag set does not have."""
    relations: int
    """Relations added between suggestions."""
    kinds: int
    """Paragraph kinds changed (only kinds no editor has set)."""


def pending_suggestions(
    store: Store, article_id: str, paragraph: int | None = None
) -> list[SpanBase]:
    """Pending suggestions of an article (or one paragraph), in text order."""
    return store.spans(
        article_id, annotator=SUGGEST_LAYER, paragraph=paragraph, statuses=("pending",)
    )


def _add_relation(store: Store, type_: str, head: str, tail: str, annotator: str) -> bool:
    """Log a relation (origin `suggested`) unless the same one exists in that layer."""
    if store._relation_id(type_, head, tail, annotator):
        return False
    try:
        rel = store._new_relation(type_, head, tail, annotator, "suggested")
    except InputError:
        return False  # the tag set does not allow this link: leave it out
    store.record("relation.add", "relation", None, relation_row(rel))
    return True


def replace_suggestions(
    store: Store,
    article_id: str,
    spans: Sequence[dict[str, Any]],
    relations: Sequence[tuple[str, str, str]] = (),
    kinds: dict[int, str] | None = None,
    suggesters: Collection[str] | None = None,
) -> SuggestionRun:
    """Store one run's proposals for an article as pending spans of the suggest layer.

    `spans`: dicts with key, paragraph, start, end, label, attrs, reason, suggester and
    optional meta; `relations`: (type, head key, tail key); `kinds`: paragraph -> kind, set
    where no editor has chosen a kind. Pending suggestions of `suggesters` (all when None)
    are replaced; accepted and rejected ones stay, and identical proposals are not repeated.
    """
    store.article(article_id)
    labels = store.tagset.label_names
    texts = {p.index: p.text for p in store.paragraphs(article_id)}
    added = replaced = kept = skipped = linked = kinds_changed = 0
    with store.change(f"suggest {article_id}", kind="system"):
        existing = store.spans(
            article_id,
            annotator=SUGGEST_LAYER,
            statuses=("pending", "accepted", "rejected"),
        )
        decided: dict[tuple[int, int, int, str], SpanBase] = {}
        for old in existing:
            if old.status != "pending":
                decided[(old.paragraph, old.start, old.end, old.label)] = old
            elif suggesters is None or old.meta.get("suggester") in suggesters:
                store.delete_span(old.id)  # and its relations, inside this change
                replaced += 1
        ids: dict[str, str] = {}
        rejected: set[str] = set()
        seen: set[tuple[int, int, int, str]] = set()
        for item in spans:
            ident = (item["paragraph"], item["start"], item["end"], item["label"])
            if item["label"] not in labels or item["paragraph"] not in texts:
                skipped += 1
                continue
            if ident in decided:
                kept += 1
                ids[item["key"]] = decided[ident].id
                if decided[ident].status == "rejected":
                    rejected.add(decided[ident].id)
                continue
            if ident in seen:
                continue
            seen.add(ident)
            meta = {
                **item.get("meta", {}),
                "reason": item["reason"],
                "suggester": item["suggester"],
            }
            data = {
                "id": new_id(),
                "article_id": article_id,
                "paragraph": item["paragraph"],
                "start": item["start"],
                "end": item["end"],
                "text": texts[item["paragraph"]][item["start"] : item["end"]],
                "label": item["label"],
                "attrs": item["attrs"],
                "annotator": SUGGEST_LAYER,
                "origin": "suggested",
                "status": "pending",
                "meta": meta,
            }
            try:
                span = validate_span(
                    data, paragraph_text=texts[item["paragraph"]], tagset=store.tagset
                )
            except ValidationError as exc:
                raise InputError(format_validation_error(exc, "suggestion")) from None
            store.record("span.add", "span", None, span_row(span))
            ids[item["key"]] = span.id
            added += 1
        for type_, head_key, tail_key in relations:
            head, tail = ids.get(head_key), ids.get(tail_key)
            if head and tail and head != tail and not {head, tail} & rejected:
                linked += _add_relation(store, type_, head, tail, SUGGEST_LAYER)
        for paragraph, kind in (kinds or {}).items():
            key = {"article_id": article_id, "idx": paragraph}
            row = TABLES["paragraph"].fetch(store.db.conn, key)
            if row is None or row["kind_origin"] == "editor" or row["kind"] == kind:
                continue
            before = {**key, "kind": row["kind"], "kind_origin": row["kind_origin"]}
            store.record(
                "paragraph.kind", "paragraph", before, {**key, "kind": kind, "kind_origin": "guess"}
            )
            kinds_changed += 1
    return SuggestionRun(added, replaced, kept, skipped, linked, kinds_changed)


def _pending(store: Store, span_id: str) -> SpanBase:
    span = store.span(span_id)
    if span.annotator != SUGGEST_LAYER:
        raise InputError(f"span {span_id} is not a suggestion")
    if span.status != "pending":
        raise ConflictError(f"suggestion {span_id} was already {span.status}")
    return span


def _editor_copy(store: Store, suggestion_id: str) -> str | None:
    """Id of the editor's span made from a suggestion, if it is still there."""
    row = store.db.execute(
        "SELECT id FROM spans WHERE annotator = ? AND status = 'active' "
        "AND json_extract(meta, '$.from_suggestion') = ?",
        [store.annotator, suggestion_id],
    ).fetchone()
    return row[0] if row else None


def _accept(store: Store, ids: Sequence[str], summary: str) -> list[SpanBase]:
    accepted: list[SpanBase] = []
    with store.change(summary):
        for span_id in ids:
            s = _pending(store, span_id)
            same = [
                x
                for x in store.spans(s.article_id, paragraph=s.paragraph)
                if (x.start, x.end, x.label) == (s.start, s.end, s.label)
            ]
            if same:
                copy = same[0]  # the editor already has it: accept without a duplicate
            else:
                meta = {
                    "from_suggestion": s.id,
                    **{k: v for k, v in s.meta.items() if k in ("suggester", "reason")},
                }
                copy = store.add_span(
                    s.article_id,
                    s.paragraph,
                    s.start,
                    s.end,
                    s.label,
                    s.attrs_dict(),
                    origin="suggested",
                    status="active",
                    meta=meta,
                )
            store.update_span(s.id, status="accepted")
            accepted.append(copy)
        # Links between suggestions follow once both ends are accepted.
        for span_id, copy in zip(ids, accepted, strict=True):
            for rel in store._relation_rows_of(span_id):
                if rel["annotator"] != SUGGEST_LAYER:
                    continue
                other = rel["tail"] if rel["head"] == span_id else rel["head"]
                if store._span_row(other)["status"] != "accepted":
                    continue
                other_copy = _editor_copy(store, other)
                if other_copy is None:
                    continue
                head, tail = (
                    (copy.id, other_copy) if rel["head"] == span_id else (other_copy, copy.id)
                )
                _add_relation(store, rel["type"], head, tail, store.annotator)
    return accepted


def accept_suggestion(store: Store, span_id: str) -> SpanBase:
    """Copy a pending suggestion into the editor's layer (provenance in meta) and mark it
    accepted; its links to accepted suggestions are copied too. One undoable change."""
    span = _pending(store, span_id)
    return _accept(store, [span_id], f"accept {span.label}")[0]


def accept_all(store: Store, article_id: str, paragraph: int) -> list[SpanBase]:
    """Accept every pending suggestion of a paragraph, as one undoable change."""
    ids = [s.id for s in pending_suggestions(store, article_id, paragraph)]
    if not ids:
        return []
    return _accept(store, ids, f"accept {len(ids)} suggestions")


def reject_suggestion(store: Store, span_id: str) -> SpanBase:
    """Mark a pending suggestion rejected (it is not proposed again). One undoable change."""
    span = _pending(store, span_id)
    with store.change(f"reject {span.label}"):
        return store.update_span(span_id, status="rejected")
