"""Database schema, as sqlite-utils migrations. Append new steps; never edit an applied one."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("curator")


@migrations()
def m001_initial(db: Database) -> None:
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["articles"].create(
        {
            "id": str,
            "title": str,
            "url": str,
            "source": str,
            "dct": str,
            "source_lang": str,
            "target_lang": str,
            "mt_system": str,
            "meta": str,  # JSON
            "sha256": str,
            "n_paragraphs": int,
            "position": int,
            "imported_at": str,
        },
        pk="id",
        not_null={"title", "sha256", "n_paragraphs", "position"},
    )
    db["articles"].create_index(["position"])
    db["paragraphs"].create(
        {
            "article_id": str,
            "idx": int,
            "text": str,
            "sha256": str,
            "kind": str,
            "kind_origin": str,  # guess | editor
        },
        pk=("article_id", "idx"),
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"text", "sha256", "kind"},
    )
    db["paragraphs"].create_index(["sha256"])
    db["paragraphs"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")
    db["spans"].create(
        {
            "id": str,
            "article_id": str,
            "paragraph": int,
            "start": int,
            "end": int,
            "text": str,
            "label": str,
            "attrs": str,  # JSON
            "annotator": str,
            "origin": str,
            "status": str,
            "meta": str,  # JSON
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"article_id", "paragraph", "start", "end", "text", "label", "annotator"},
    )
    db["spans"].create_index(["article_id", "annotator", "paragraph"])
    db["spans"].create_index(["annotator", "status"])
    db["relations"].create(
        {
            "id": str,
            "article_id": str,
            "type": str,
            "head": str,
            "tail": str,
            "annotator": str,
            "origin": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("head", "spans", "id"),
            ("tail", "spans", "id"),
        ],
        not_null={"type", "head", "tail", "annotator"},
    )
    db["relations"].create_index(["article_id", "annotator"])
    db["relations"].create_index(["head"])
    db["relations"].create_index(["tail"])
    db["paragraph_status"].create(
        {
            "article_id": str,
            "paragraph": int,
            "annotator": str,
            "status": str,
            "note": str,
            "updated_at": str,
        },
        pk=("article_id", "paragraph", "annotator"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["paragraph_status"].create_index(["annotator", "article_id"])
    # A change groups the events of one user action; undo and redo work on whole changes.
    db["changes"].create(
        {
            "id": int,
            "annotator": str,
            "session": str,
            "ts": str,
            "kind": str,  # edit | undo | redo | system
            "summary": str,
            "state": str,  # done | undone (edits only)
            "target": int,  # the change an undo/redo acted on
            "redoable": int,
            "undone_by": int,
        },
        pk="id",
    )
    db["changes"].create_index(["annotator", "kind", "state"])
    db["events"].create(
        {
            "id": int,
            "change_id": int,
            "ts": str,
            "annotator": str,
            "session": str,
            "action": str,
            "entity": str,
            "entity_id": str,
            "before": str,  # JSON
            "after": str,  # JSON
            "tool_version": str,
        },
        pk="id",
        foreign_keys=[("change_id", "changes", "id")],
    )
    db["events"].create_index(["change_id"])
    db["positions"].create(
        {"annotator": str, "article_id": str, "paragraph": int, "updated_at": str},
        pk="annotator",
    )


@migrations()
def m002_adjudications(db: Database) -> None:
    # One row per settled disagreement, so a lead's review resumes where it stopped.
    db["adjudications"].create(
        {
            "layer": str,  # the gold layer written to
            "article_id": str,
            "paragraph": int,
            "pair_key": str,  # "<A span id>|<B span id>" (either may be empty)
            "annotator_a": str,
            "annotator_b": str,
            "decision": str,  # take_a | take_b | take_both | reject | auto
            "decided_by": str,
            "decided_at": str,
        },
        pk=("layer", "article_id", "pair_key"),
        foreign_keys=[("article_id", "articles", "id")],
    )


@migrations()
def m003_sources(db: Database) -> None:
    # The source-language text of a translated article and its paragraph alignment with the
    # (annotated) target text: curator.domain.source.
    db["source_paragraphs"].create(
        {"article_id": str, "idx": int, "text": str, "sha256": str},
        pk=("article_id", "idx"),
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"text", "sha256"},
    )
    db["alignments"].create(
        {
            "article_id": str,
            "bead": int,  # order in the chain, from 0
            "source_start": int,
            "source_end": int,
            "target_start": int,
            "target_end": int,
            "origin": str,  # auto | editor
            "cost": float,
        },
        pk=("article_id", "bead"),
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"source_start", "source_end", "target_start", "target_end", "origin"},
    )


KNOWN_MIGRATIONS = frozenset(m.name for m in migrations._migrations)
