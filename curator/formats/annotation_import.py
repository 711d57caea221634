"""`curator import-annotations`: load exported annotations back onto articles in the database.

The import streams, in one `store.change(...)` (one transaction): each record is validated
(record model, paragraph text, span quotes against the tag set, relation rules) and its rows
queued; every `CHUNK` rows the queue's ids are looked up in the database at once (an id taken
there, or earlier in the file, names the line that brought it) and the rows and their events
are written with `executemany`. The first bad record raises and the whole change rolls back,
so a bad file leaves the database exactly as it was and the error names the line (or task);
memory holds one chunk, one record and one article's texts, whatever the size of the file.
An import is an `edit` change that undo and redo replay, so its events hold the rows in full
(a compact event, as a merge's, could not be redone). Curator records keep their span and
relation ids and may be minimal (`ImportRecord`: `article_id`, `paragraph`,
spans with `start`/`end`/`label`); spans and relations that come without ids (Prodigy, doccano,
Label Studio regions made by Label Studio, brat) get ids derived from their content and layer
(the same span twice in one article's run of records gets a counter), so importing a file into
a fresh database twice gives the same ids and byte-identical re-exports. A relation links two
spans of its own record. Prodigy, doccano and Label Studio records are matched to paragraphs by
`meta.article_id`/`meta.paragraph` when present, else by the SHA-256 of their text; their
`meta.status`/`meta.paragraph_status` restore paragraph statuses. Label Studio and brat have
their readers in `labelstudio` and `brat`, MQM in `mqm_tsv`.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from curator.domain.errors import CuratorError, InputError, format_validation_error
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import Origin, SpanBase, validate_span
from curator.domain.text import (
    ARTICLE_SEPARATOR,
    check_name,
    from_article_offsets,
    paragraph_starts,
    sha256_text,
)
from curator.formats import IMPORT_FORMATS, brat, labelstudio, mqm_tsv
from curator.formats.export_records import (
    DoccanoRecord,
    ExportMeta,
    ProdigyRecord,
    RecordStatus,
)
from curator.formats.offsets import OFFSET_FORMATS, OffsetMap, OffsetUnit, default_offsets
from curator.store.bulk import CHUNK, add_rows, existing_ids, upsert_statuses
from curator.store.rows import relation_row, span_row, status_row
from curator.store.store import Store

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest line read (one record); a longer one is refused, naming the line, before it is
held in memory whole."""
MAX_RECORD_SPANS = 50_000
"""Most spans (or entities) one record may hold."""


class _Minimal(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ImportSpan(_Minimal):
    """A span of an imported curator record: only `start`, `end` and `label` are required."""

    start: int = Field(ge=0)
    """First code point."""
    end: int = Field(gt=0)
    """Code point after the last one."""
    label: str
    """Label from the tag set."""
    id: str | None = Field(None, min_length=1, max_length=64)
    """Kept when given (a curator export), else derived from the span (deterministic)."""
    text: str | None = None
    """Checked against the paragraph when given."""
    attrs: dict[str, Any] = Field(default_factory=dict)
    """The label's attributes."""
    origin: Origin = "imported"
    """How the span came to be (`imported` unless the record says)."""
    provenance: dict[str, Any] | None = None
    """Adjudicated spans: where they came from."""
    status: str | None = None
    """The suggestion layer's decision; not imported."""


class ImportRelation(_Minimal):
    """A relation between two spans of the record, named by their ids."""

    type: str
    """Relation type from the tag set."""
    head: str
    """Span id of the head."""
    tail: str
    """Span id of the tail."""
    id: str | None = Field(None, min_length=1, max_length=64)
    """Kept when given, else derived."""


class ImportRecord(_Minimal):
    """`import-annotations --format curator`: a curator export record, or the least a
    pipeline has to say: `article_id`, `paragraph` (left out or null: offsets over the whole
    article) and `spans` with `start`, `end`, `label`. Everything else is optional; `text`
    is checked against the database when given."""

    article_id: str
    paragraph: int | None = Field(None, ge=0)
    spans: list[ImportSpan] = Field(default_factory=list)
    relations: list[ImportRelation] = Field(default_factory=list)
    text: str | None = None
    annotator: str | None = Field(None, min_length=1)
    status: RecordStatus | None = None
    paragraph_status: list[Literal["todo", "done", "skipped"]] | None = None
    kind: str | None = None
    meta: ExportMeta | None = None
    mqm: float | None = None
    source: dict[str, Any] | None = None
    """A curator export's source segment: the source text comes with the article, not here."""


@dataclass
class _Queue:
    """Rows validated but not yet written, each with the place (order, where) of its record."""

    spans: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    relations: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    ids: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    """(entity, id) of the queued spans and relations: a second one in the queue is taken."""

    def __len__(self) -> int:
        return len(self.spans) + len(self.relations) + len(self.statuses)


@dataclass(frozen=True)
class ImportSummary:
    """What an import added."""

    records: int
    spans: int
    relations: int
    statuses: int


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a JSONL file, with their line numbers. Bounded by the bytes
    actually read (a device or a FIFO has no trustworthy size), and by spans per record."""
    with path.open("rb") as fh:
        n = 0
        while raw := fh.readline(MAX_LINE_BYTES + 1):
            n += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise InputError(
                    f"{path}: line {n}: longer than {MAX_LINE_BYTES >> 20} MiB; not a record"
                )
            if not raw.strip():
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n}: not JSON ({exc})") from None
            if not isinstance(data, dict):
                raise InputError(f"{path}: line {n}: expected a JSON object")
            for key in ("spans", "label", "entities", "relations"):
                items = data.get(key)
                if isinstance(items, list) and len(items) > MAX_RECORD_SPANS:
                    raise InputError(
                        f"{path}: line {n}: {len(items)} {key} in one record "
                        f"(at most {MAX_RECORD_SPANS})"
                    )
            yield n, data


def derived_id(*parts: object) -> str:
    """A deterministic id (16 hex digits, like `new_id`) for a span or relation that arrives
    without one: importing the same file into a fresh database twice gives the same ids, so
    its re-exports are byte-identical."""
    key = "\x1f".join(map(str, parts)).encode("utf-8")
    return hashlib.sha256(key).hexdigest()[:16]


def _manifest_layer(folder: Path) -> str | None:
    """The annotator of a one-layer export, from the manifest curator wrote beside it."""
    manifest = Path(f"{folder}.manifest.json")
    try:
        layers = orjson.loads(manifest.read_bytes())["filters"]["annotators"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    return layers[0] if isinstance(layers, list) and len(layers) == 1 else None


def _records(path: Path, fmt: str) -> Iterator[tuple[str, Any]]:
    """(where, record) of each record of the file: JSONL lines; Label Studio's JSON array
    (as it exports) or JSONL; MQM TSV rows."""
    if fmt == "brat":
        if not path.is_dir():
            raise InputError(f"{path}: brat is a folder of .txt/.ann pairs")
        yield from brat.documents(path)
        return
    if path.is_dir():
        raise InputError(f"{path}: is a folder (only --format brat reads folders)")
    if fmt == "mqm":
        yield from mqm_tsv.read_rows(path)
        return
    if fmt == "labelstudio":
        with path.open("rb") as fh:
            head = fh.read(4096).lstrip()
        if head.startswith(b"["):
            try:
                tasks = orjson.loads(path.read_bytes())
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}: not JSON ({exc})") from None
            if not isinstance(tasks, list):
                raise InputError(f"{path}: expected a JSON array of tasks")
            for i, item in enumerate(tasks, 1):
                if not isinstance(item, dict):
                    raise InputError(f"{path}: task {i}: expected a JSON object")
                yield f"task {i}", item
            return
    for n, data in _lines(path):
        yield f"line {n}", data


_DOCCANO_KEYS = frozenset(DoccanoRecord.model_fields)
_DOCCANO_OWN = frozenset({"id", "Comments", "comments"})


def _from_doccano_export(data: dict[str, Any]) -> dict[str, Any]:
    """A record as doccano exports it, back in the shape curator wrote: doccano adds its `id`
    and `Comments` and puts the `meta` keys at the top level of each line."""
    extra = {k: v for k, v in data.items() if k not in _DOCCANO_KEYS and k not in _DOCCANO_OWN}
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    kept = {k: v for k, v in data.items() if k in _DOCCANO_KEYS}
    if extra or len(kept) != len(data):
        kept["meta"] = {**extra, **meta}
    return kept


class _Importer:
    def __init__(self, store: Store, layer: str | None, offsets: OffsetUnit) -> None:
        self.store = store
        self.layer = layer
        self.offsets: OffsetUnit = offsets
        """How the file's offsets count (doccano, Label Studio, MQM)."""
        self.brat_layer: str | None = None
        """brat: the one layer a flat export's manifest names."""
        self.queue = _Queue()
        self.counts = {"spans": 0, "relations": 0, "statuses": 0}
        """Rows written so far."""
        self.order = 0
        """The current record's place in the file (1, 2, ...)."""
        self.where = ""
        """The current record's place as the error names it (`line 12`, `task 3`)."""
        self._record_spans: dict[str, SpanBase] = {}
        """The spans of the current record, which its relations link."""
        self._texts: dict[str, list[str]] = {}
        self._seen: dict[tuple[Any, ...], int] = {}
        """Derived-id counters, for the current article's run of records only."""

    def begin(self, order: int, where: str) -> None:
        """A new record: its relations see only its own spans."""
        self.order, self.where = order, where
        self._record_spans = {}

    def texts(self, article_id: str) -> list[str]:
        if article_id not in self._texts:
            if not self.store.has_article(article_id):
                raise InputError(f"article {article_id!r} is not in the database")
            self._texts = {article_id: [p.text for p in self.store.paragraphs(article_id)]}
            self._seen = {}
        return self._texts[article_id]

    def _queue_id(self, entity: str, item_id: str) -> None:
        key = (entity, item_id)
        if key in self.queue.ids:
            raise InputError(f"{entity} {item_id}: id is already taken")
        self.queue.ids[key] = (self.order, self.where)

    def locate(self, text: str, meta: dict[str, Any]) -> tuple[str, int | None]:
        """(article_id, paragraph) of a record's text; paragraph None = the whole article."""
        aid, para = meta.get("article_id"), meta.get("paragraph")
        if isinstance(aid, str):
            texts = self.texts(aid)
            if isinstance(para, int) and 0 <= para < len(texts) and texts[para] == text:
                return aid, para
            if para is None and ARTICLE_SEPARATOR.join(texts) == text:
                return aid, None
        rows = self.store.paragraphs_with_hash(sha256_text(text))
        if len(rows) != 1:
            why = "no paragraph has" if not rows else f"{len(rows)} paragraphs have"
            raise InputError(f"{why} this text (give meta.article_id and meta.paragraph)")
        return rows[0][0], rows[0][1]

    def add_span(
        self,
        aid: str,
        para: int | None,
        start: int,
        end: int,
        label: str,
        annotator: str,
        **kw: Any,
    ) -> SpanBase:
        if isinstance(annotator, str):
            check_name(annotator)
        texts = self.texts(aid)
        if para is None:
            starts = paragraph_starts(texts)
            para, start, end = from_article_offsets(starts, [len(t) for t in texts], start, end)
        span_id = kw.get("id")
        if not span_id:
            key = (annotator, aid, para, start, end, label)
            n = self._seen[key] = self._seen.get(key, -1) + 1  # the same span twice
            span_id = derived_id("span", *key, n)
        data = {
            "id": span_id,
            "article_id": aid,
            "paragraph": para,
            "start": start,
            "end": end,
            "text": texts[para][start:end],
            "label": label,
            "attrs": kw.get("attrs") or {},
            "annotator": annotator,
            "origin": kw.get("origin", "imported"),
            "meta": kw.get("meta") or {},
        }
        if "text" in kw and kw["text"] != data["text"]:
            raise InputError(f"span {data['id']}: text {kw['text']!r} is not the paragraph's text")
        try:
            span = validate_span(data, paragraph_text=texts[para], tagset=self.store.tagset)
        except ValidationError as exc:
            raise InputError(format_validation_error(exc, "span")) from None
        self.store.check_source_extent(span)
        self._queue_id("span", span.id)
        self.queue.spans.append((self.order, self.where, span_row(span)))
        self._record_spans[span.id] = span
        return span

    def add_relation(
        self, aid: str, rid: str | None, type_: str, head: str, tail: str, annotator: str
    ) -> None:
        spans = self._record_spans
        if isinstance(annotator, str):
            check_name(annotator)
        if head not in spans or tail not in spans:
            raise InputError(f"relation {rid or ''}: head and tail must be spans of the record")
        if not rid:
            key = (annotator, aid, type_, head, tail)
            n = self._seen[key] = self._seen.get(key, -1) + 1
            rid = derived_id("relation", *key, n)
        try:
            rel = Relation.model_validate(
                {
                    "id": rid,
                    "article_id": aid,
                    "type": type_,
                    "head": head,
                    "tail": tail,
                    "annotator": annotator,
                },
                context={
                    "tagset": self.store.tagset,
                    "head_label": spans[head].label,
                    "tail_label": spans[tail].label,
                },
            )
        except ValidationError as exc:
            raise InputError(format_validation_error(exc, "relation")) from None
        self._queue_id("relation", rel.id)
        self.queue.relations.append((self.order, self.where, relation_row(rel)))

    # -- writing ----------------------------------------------------------------------------

    def taken(self) -> str | None:
        """`where: message` of the first queued span or relation whose id the database
        already holds (another row, or one this import wrote from an earlier line)."""
        first: tuple[int, str, str] | None = None
        for entity, queued in (("span", self.queue.spans), ("relation", self.queue.relations)):
            found = existing_ids(self.store, entity, [row["id"] for _, _, row in queued])
            for order, where, row in queued:
                if row["id"] in found and (first is None or order < first[0]):
                    first = (order, where, f"{entity} {row['id']}: id is already taken")
                    break
        return None if first is None else f"{first[1]}: {first[2]}"

    def flush(self) -> None:
        """Write the queue and its events (ids checked first); inside the open change."""
        queue = self.queue
        if not len(queue):
            return
        if (taken := self.taken()) is not None:
            raise _Taken(taken)
        add_rows(self.store, "span", "span.add", [row for _, _, row in queue.spans])
        add_rows(self.store, "relation", "relation.add", [row for _, _, row in queue.relations])
        upsert_statuses(self.store, queue.statuses)
        self.counts["spans"] += len(queue.spans)
        self.counts["relations"] += len(queue.relations)
        self.counts["statuses"] += len(queue.statuses)
        self.queue = _Queue()

    # -- one record per format ------------------------------------------------------------

    def curator(self, data: dict[str, Any]) -> None:
        rec = ImportRecord.model_validate(data)
        aid, para = rec.article_id, rec.paragraph
        texts = self.texts(aid)
        if para is None:
            expected: str | None = ARTICLE_SEPARATOR.join(texts)
        else:
            expected = texts[para] if para < len(texts) else None
        if expected is None:
            raise InputError(f"{aid}:{para}: the article has no such paragraph")
        if rec.text is not None and expected != rec.text:
            raise InputError(f"{aid}:{para}: the text differs from the paragraph in the database")
        who = self.layer or rec.annotator or self.store.annotator
        for s in rec.spans:
            self.add_span(
                aid,
                para,
                s.start,
                s.end,
                s.label,
                who,
                id=s.id,
                attrs=s.attrs,
                origin=s.origin,
                **({"text": s.text} if s.text is not None else {}),
                meta={"provenance": s.provenance} if s.provenance else {},
            )
        for r in rec.relations:
            self.add_relation(aid, r.id, r.type, r.head, r.tail, who)
        if para is not None:
            self.add_statuses(aid, {para: rec.status}, who)
        elif rec.paragraph_status is not None:
            if len(rec.paragraph_status) != len(texts):
                raise InputError(f"paragraph_status: {len(texts)} paragraphs, not as many marks")
            self.add_statuses(aid, dict(enumerate(rec.paragraph_status)), who)

    def add_statuses(self, aid: str, marks: dict[int, Any], who: str) -> None:
        """done and skipped marks (todo is what a paragraph is without one)."""
        check_name(who)
        for para, status in marks.items():
            if status in ("done", "skipped"):
                self.queue.statuses.append(
                    status_row(
                        ParagraphStatus(
                            article_id=aid, paragraph=para, annotator=who, status=status
                        )
                    )
                )

    def prodigy(self, data: dict[str, Any]) -> None:
        rec = ProdigyRecord.model_validate(data)
        aid, para = self.locate(rec.text, rec.meta)
        who = self.layer or rec.meta.get("annotator") or rec.annotator_id or self.store.annotator
        by_tokens: dict[tuple[int, int, str], str] = {}
        for s in rec.spans:
            span = self.add_span(aid, para, s.start, s.end, s.label, who)
            by_tokens[(s.start, s.end, s.label)] = span.id
        for r in rec.relations:
            h, c = r.head_span, r.child_span
            head, tail = (
                by_tokens.get((h.start, h.end, h.label)),
                by_tokens.get((c.start, c.end, c.label)),
            )
            if head is None or tail is None:
                raise InputError("relation: head_span and child_span must be spans of the task")
            self.add_relation(aid, None, r.label, head, tail, who)
        self.meta_statuses(aid, para, rec.meta, who)

    def meta_statuses(self, aid: str, para: int | None, meta: dict[str, Any], who: str) -> None:
        """Paragraph statuses that curator's Prodigy/doccano/Label Studio exports carry in
        `meta`: `status` (a paragraph), `paragraph_status` (a list, for an article)."""
        if para is not None:
            marks: Any = {para: meta.get("status")}
        else:
            listed = meta.get("paragraph_status")
            if listed is None:
                return
            if not isinstance(listed, list) or len(listed) != len(self.texts(aid)):
                raise InputError("meta.paragraph_status: one mark per paragraph of the article")
            marks = dict(enumerate(listed))
        self.add_statuses(aid, marks, who)

    def brat(self, doc: dict[str, Any]) -> None:
        brat.import_document(self, doc)

    def article_by_text(self, article_id: str, text: str) -> str:
        """The article named `article_id` if its text is `text`, else the one article whose
        paragraphs joined by a blank line are `text` (brat names files after safe ids)."""
        known = self.store.has_article(article_id)
        if known and ARTICLE_SEPARATOR.join(self.texts(article_id)) == text:
            return article_id
        found = [
            info.id
            for info in self.store.articles()
            if ARTICLE_SEPARATOR.join(p.text for p in self.store.paragraphs(info.id)) == text
        ]
        if len(found) != 1:
            why = "no article has" if not found else f"{len(found)} articles have"
            raise InputError(f"{why} this text")
        return found[0]

    def labelstudio(self, data: dict[str, Any]) -> None:
        labelstudio.import_task(self, data)

    def mqm(self, row: dict[str, Any]) -> None:
        mqm_tsv.import_row(self, row)

    def doccano(self, data: dict[str, Any]) -> None:
        data = _from_doccano_export(data)
        rec = DoccanoRecord.model_validate(data, context={"offsets": self.offsets})
        aid, para = self.locate(rec.text, rec.meta)
        who = self.layer or rec.meta.get("annotator") or self.store.annotator
        back = OffsetMap(rec.text, self.offsets).back
        if rec.label is not None:
            for start, end, label in rec.label:
                self.add_span(aid, para, back(start), back(end), label, who)
        else:
            ids = {}
            for e in rec.entities or []:
                start, end = back(e.start_offset), back(e.end_offset)
                ids[e.id] = self.add_span(aid, para, start, end, e.label, who).id
            for r in rec.relations or []:
                self.add_relation(aid, None, r.type, ids[r.from_id], ids[r.to_id], who)
        self.meta_statuses(aid, para, rec.meta, who)


def import_annotations(
    store: Store,
    path: Path,
    fmt: str,
    *,
    annotator: str | None = None,
    offsets: OffsetUnit | None = None,
) -> ImportSummary:
    """Validate and write every line of `path`, a chunk at a time, in one change (all of
    it, or nothing: the first bad line rolls the change back). `offsets`: how the file counts
    (default: as curator exports the format)."""
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(IMPORT_FORMATS)}")
    if offsets is not None and fmt not in OFFSET_FORMATS:
        raise InputError(f"--offsets: {fmt} offsets are code points")
    imp = _Importer(store, annotator, offsets or default_offsets(fmt))
    if fmt == "brat":
        imp.brat_layer = _manifest_layer(path)
    handle = getattr(imp, fmt)
    records = 0
    try:
        with store.change(f"import annotations from {path.name}"):
            lines = _records(path, fmt)
            while True:
                try:
                    where, data = next(lines)
                except StopIteration:
                    break
                except CuratorError:  # a line that is not a record
                    if (taken := imp.taken()) is not None:
                        raise _Taken(taken) from None
                    raise
                imp.begin(records + 1, where)
                try:
                    handle(data)
                except ValidationError as exc:
                    raise _bad(
                        imp, f"{where}: {format_validation_error(exc, fmt + ' record')}"
                    ) from None
                except (CuratorError, ValueError) as exc:
                    raise _bad(imp, f"{where}: {exc}") from None
                records += 1
                if len(imp.queue) >= CHUNK:
                    imp.flush()
            imp.flush()
    except _Taken as exc:
        raise InputError(f"{path}: {exc}") from None
    except sqlite3.IntegrityError as exc:
        raise InputError(f"{path}: not imported: {exc}") from None
    c = imp.counts
    return ImportSummary(records, c["spans"], c["relations"], c["statuses"])


class _Taken(Exception):
    """An id already taken, found when a queue is written: `where: message`."""


def _bad(imp: _Importer, message: str) -> _Taken:
    """The error of a bad record, unless a record queued before it holds a taken id: the
    first bad line is named, whichever check finds it."""
    return _Taken(imp.taken() or message)
