"""JSON Schema of every record curator writes: committed under schema/, checked by a test."""

from __future__ import annotations

import json

from pydantic import BaseModel, TypeAdapter

from curator.domain.article import Article, Paragraph
from curator.domain.event import Event
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import SPAN_ADAPTER
from curator.domain.tagset import TagSet, default_tagset_text
from curator.formats.annotation_import import ImportRecord
from curator.formats.claimreview import CLAIMREVIEW_ADAPTER
from curator.formats.export_records import DoccanoRecord, ExportRecord, ProdigyRecord
from curator.formats.mqm_tsv import MqmRow

RECORDS: dict[str, type[BaseModel] | TypeAdapter] = {
    "article": Article,
    "paragraph": Paragraph,
    "span": SPAN_ADAPTER,
    "relation": Relation,
    "paragraph_status": ParagraphStatus,
    "event": Event,
    "tagset": TagSet,
    "export_record": ExportRecord,
    "import_record": ImportRecord,
    "prodigy_record": ProdigyRecord,
    "doccano_record": DoccanoRecord,
    "mqm_row": MqmRow,
    "claimreview_record": CLAIMREVIEW_ADAPTER,
}
"""Record name -> model (or adapter for the span union)."""


def schema_files() -> dict[str, str]:
    """File name -> content, deterministic so the committed copies can be compared."""
    files = {}
    for name, model in RECORDS.items():
        schema = (
            model.json_schema() if isinstance(model, TypeAdapter) else model.model_json_schema()
        )
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"curator/{name}.schema.json",
            **schema,
        }
        files[f"{name}.schema.json"] = (
            json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    files["tagset.toml"] = default_tagset_text()
    return files
