"""`curator export`: stream annotation layers out as validated, deterministic JSONL.

One article is read at a time (memory stays flat), each record is validated by its model in
`export_records`, and lines are encoded with orjson and sorted keys, so two exports of the same
data are byte-identical. The file is written to a temporary file beside the target and renamed
into place: an interrupted export leaves no partial file and an existing target untouched.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import orjson
from pydantic import BaseModel, ValidationError

from curator import __version__
from curator.domain.article import Article, Paragraph
from curator.domain.errors import InputError, format_validation_error
from curator.domain.mqm import mqm_score
from curator.domain.span import SpanBase
from curator.domain.text import ARTICLE_SEPARATOR, paragraph_starts
from curator.formats.export_records import (
    DoccanoRecord,
    ExportMeta,
    ExportRecord,
    ExportRelation,
    ExportSpan,
)
from curator.formats.interop import to_doccano, to_prodigy
from curator.store.store import Store

FORMATS = ("curator", "prodigy", "doccano")
"""Formats this module writes (brat, mqm and claimreview come later)."""
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


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path | None
    """The file (None for stdout)."""
    records: int = 0
    """Lines written."""
    spans: int = 0
    """Spans in them."""
    sha256: str = ""
    """Hash of the bytes written."""
    manifest: Path | None = None
    """The sidecar manifest (None for stdout)."""
    articles: int = field(default=0, repr=False)


def encode_record(record: BaseModel) -> bytes:
    """One JSONL line: compact, keys sorted (aliases such as `_input_hash` used)."""
    if isinstance(record, DoccanoRecord):
        data = record.dump()
    else:
        data = record.model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def safe_name(name: str) -> str:
    """A file-name component from user text: word characters, + and - only, never empty."""
    return re.sub(r"[^\w+-]+", "_", name).strip("_") or "_"


def default_output(db_path: Path, filters: ExportFilters) -> Path:
    """`exports/<db-stem>-<format>-<annotators|all>.jsonl`."""
    who = "all" if filters.everyone else "+".join(safe_name(a) for a in filters.annotators)
    return Path("exports") / f"{safe_name(db_path.stem)}-{filters.format}-{who}.jsonl"


def resolve_annotators(store: Store, filters: ExportFilters) -> list[str]:
    """The layers to export, sorted."""
    if filters.everyone:
        return [a for a in store.annotators() if a != SUGGEST_LAYER]
    return sorted(set(filters.annotators))


# -- curator records ----------------------------------------------------------------------------


def _meta(article: Article) -> ExportMeta:
    return ExportMeta(
        title=article.title,
        url=article.url,
        dct=article.dct.isoformat() if article.dct else None,
        source_lang=article.source_lang,
        target_lang=article.target_lang,
        mt_system=article.mt_system,
    )


def _mqm(spans: Sequence[ExportSpan]) -> float:
    errors = [
        (s.attrs["category"], s.attrs["severity"])
        for s in spans
        if s.label == "translation_error" and "category" in s.attrs and "severity" in s.attrs
    ]
    return mqm_score(errors)


def _record(
    base: dict[str, Any], spans: list[ExportSpan], rels: list[ExportRelation]
) -> ExportRecord:
    spans.sort(key=lambda s: (s.start, s.end, s.label, s.id))
    ids = {s.id for s in spans}
    kept = sorted(
        (r for r in rels if r.head in ids and r.tail in ids),
        key=lambda r: (r.type, r.head, r.tail, r.id),
    )
    data = {**base, "spans": spans, "relations": kept, "mqm": _mqm(spans)}
    try:
        return ExportRecord.model_validate(data)
    except ValidationError as exc:
        where = (
            f"{base['article_id']}:{base['paragraph'] if base['paragraph'] is not None else '*'}"
        )
        raise InputError(format_validation_error(exc, f"export record {where}")) from None


def _export_span(span: SpanBase, shift: int) -> ExportSpan:
    return ExportSpan(
        id=span.id,
        start=span.start + shift,
        end=span.end + shift,
        label=span.label,
        text=span.text,
        attrs=span.attrs_dict(),
        origin=span.origin,
    )


def _article_records(
    store: Store, article: Article, paragraphs: list[Paragraph], annotator: str, f: ExportFilters
) -> Iterator[ExportRecord]:
    all_spans = store.spans(article.id, annotator=annotator)
    statuses = {i: s.status for i, s in store.statuses(article.id, annotator=annotator).items()}
    relations = store.relations(article.id, annotator=annotator)
    if not (all_spans or statuses or relations):
        return  # this annotator never worked on the article
    keep = {p.index for p in paragraphs if f.status == "all" or statuses.get(p.index) == "done"}
    spans = [s for s in all_spans if s.paragraph in keep and (not f.labels or s.label in f.labels)]
    rels = [ExportRelation(id=r.id, type=r.type, head=r.head, tail=r.tail) for r in relations]
    meta = _meta(article)
    if f.unit == "article":
        if not keep:
            return
        starts = paragraph_starts([p.text for p in paragraphs])
        marks = [statuses.get(p.index) for p in paragraphs]
        done = all(m in ("done", "skipped") for m in marks) and "done" in marks
        status = "done" if done else "partial" if "done" in marks else "todo"
        base = {
            "article_id": article.id,
            "paragraph": None,
            "kind": None,
            "text": ARTICLE_SEPARATOR.join(p.text for p in paragraphs),
            "annotator": annotator,
            "status": status,
            "meta": meta,
        }
        yield _record(base, [_export_span(s, starts[s.paragraph]) for s in spans], rels)
        return
    by_paragraph: dict[int, list[ExportSpan]] = {}
    for s in spans:
        by_paragraph.setdefault(s.paragraph, []).append(_export_span(s, 0))
    for p in paragraphs:
        if p.index not in keep:
            continue
        base = {
            "article_id": article.id,
            "paragraph": p.index,
            "kind": p.kind,
            "text": p.text,
            "annotator": annotator,
            "status": statuses.get(p.index, "todo"),
            "meta": meta,
        }
        yield _record(base, by_paragraph.get(p.index, []), rels)


def iter_records(
    store: Store, filters: ExportFilters, progress: Callable[[int], None] | None = None
) -> Iterator[ExportRecord]:
    """Curator records, articles in corpus order, annotators sorted, paragraphs in order."""
    annotators = resolve_annotators(store, filters)
    wanted = set(filters.article_ids)
    for aid in sorted(wanted):
        store.article(aid)  # an unknown id is an error, not an empty export
    for info in store.articles():
        if wanted and info.id not in wanted:
            if progress:
                progress(1)
            continue
        article = store.article(info.id)
        paragraphs = store.paragraphs(info.id)
        for annotator in annotators:
            yield from _article_records(store, article, paragraphs, annotator, filters)
        if progress:
            progress(1)


CONVERTERS: dict[str, Callable[[ExportRecord], BaseModel]] = {
    "curator": lambda rec: rec,
    "prodigy": to_prodigy,
    "doccano": to_doccano,
}


# -- writing ---------------------------------------------------------------------------------------


def _write_records(
    out: IO[bytes], store: Store, filters: ExportFilters, result: ExportResult, progress: Any
) -> None:
    convert = CONVERTERS[filters.format]
    digest = hashlib.sha256()
    for rec in iter_records(store, filters, progress):
        line = encode_record(convert(rec))
        out.write(line)
        digest.update(line)
        result.records += 1
        result.spans += len(rec.spans)
    result.sha256 = digest.hexdigest()


def _atomic_write(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the target's folder, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest_for(store: Store, filters: ExportFilters, result: ExportResult) -> dict[str, Any]:
    """The sidecar manifest (no timestamps, so it is as reproducible as the export)."""
    return {
        "curator_version": __version__,
        "database": str(store.path),
        "file": result.path.name if result.path else "-",
        "filters": {**asdict(filters), "annotators": resolve_annotators(store, filters)},
        "tagset_sha256": store.tagset.sha256,
        "records": result.records,
        "spans": result.spans,
        "sha256": result.sha256,
    }


def export(
    store: Store,
    filters: ExportFilters,
    target: Path | None,
    *,
    stdout: IO[bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Export to `target` (+ `<target>.manifest.json`), or to `stdout` when target is None."""
    if filters.format not in CONVERTERS:
        raise InputError(f"format: {filters.format!r} is not one of {', '.join(CONVERTERS)}")
    result = ExportResult(path=target)
    if target is None:
        assert stdout is not None
        _write_records(stdout, store, filters, result, progress)
        stdout.flush()
        return result
    _atomic_write(target, lambda fh: _write_records(fh, store, filters, result, progress))
    manifest = Path(f"{target}.manifest.json")
    body = orjson.dumps(
        manifest_for(store, filters, result), option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2
    )
    _atomic_write(manifest, lambda fh: fh.write(body + b"\n"))
    result.manifest = manifest
    return result
