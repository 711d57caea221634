"""`curator export`: stream annotation layers out, validated and deterministic.

One article is read at a time (`export_read`, memory stays flat), each record is validated by
its model in `export_records`, and lines are encoded with orjson and sorted keys, so two
exports of the same data are byte-identical. Where it may write is decided by
`output.check_output` (never the database; a device or FIFO is streamed into, without a
manifest): a file is written to a temporary file beside the target and renamed into place, so
an interrupted export leaves no partial file and an existing target untouched; brat writes a
folder, built beside the target and swapped in the same way. The formats beyond
curator/Prodigy/doccano live in their own modules: `brat`, `mqm_tsv`, `claimreview`,
`labelstudio`, `conll`, `docbin`, `xmi`; `offsets` converts for the tools that count UTF-16.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson
from pydantic import BaseModel

from curator import __version__
from curator.domain.errors import CuratorError, InputError
from curator.domain.tagset import TagSet
from curator.formats import EXPORT_FORMATS, brat, mqm_tsv
from curator.formats.claimreview import claimreview_lines
from curator.formats.conll import conll_lines, resolve_overlaps
from curator.formats.docbin import docbin_lines
from curator.formats.escape import safe_name
from curator.formats.export_read import (
    SUGGEST_LAYER,
    ExportFilters,
    iter_records,
    read_records,
    resolve_annotators,
)
from curator.formats.export_records import ERROR_LABEL, DoccanoRecord, ExportRecord
from curator.formats.interop import overlapping, to_doccano, to_prodigy
from curator.formats.labelstudio import labelstudio_lines
from curator.formats.offsets import OFFSET_FORMATS, default_offsets
from curator.formats.output import atomic_folder, atomic_write, check_output, write_output
from curator.formats.xmi import xmi_lines
from curator.store.store import Store

__all__ = [
    "FORMATS",
    "SUGGEST_LAYER",
    "ExportFilters",
    "ExportResult",
    "default_output",
    "export",
    "iter_records",
    "resolve_annotators",
]

FORMATS = EXPORT_FORMATS
"""Formats `export` writes."""
SUFFIXES = {
    "brat": "",
    "mqm": ".tsv",
    "labelstudio": ".json",
    "conll": ".conll",
    "docbin": ".spacy",
    "xmi": ".zip",
}
"""Default output suffix where it is not `.jsonl` (brat writes a folder)."""
ARTICLE_UNIT = frozenset({"brat", "claimreview", "xmi"})
"""Formats that always read whole articles: a brat or INCEpTION document is an article, and a
claim keeps its links to a speaker or a date in another paragraph."""
WRITE_BATCH = 256
"""Lines joined per write and hash update (one call per line cost ~1 µs a line)."""


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path | None
    """The file (None for stdout)."""
    records: int = 0
    """Records written: lines (MQM rows, claims), or brat documents."""
    spans: int = 0
    """Spans in the records exported."""
    sha256: str = ""
    """Hash of the bytes written (brat: of the folder's sorted sha256 listing)."""
    files: dict[str, str] | None = None
    """brat: each file of the folder -> its sha256."""
    manifest: Path | None = None
    """The sidecar manifest (None for stdout)."""
    warnings: list[str] = field(default_factory=list)
    """What the consumer may not take as written (doccano, conll: overlapping spans)."""
    overlaps: int = 0
    """doccano and conll: spans overlapping another span of their record."""
    overlap_relations: int = 0
    """doccano's relation layout: relations that use a span counted in `overlaps`."""


def encode_record(record: BaseModel | dict[str, Any]) -> bytes:
    """One JSONL line: compact, keys sorted (aliases such as `_input_hash` used). A dict is a
    curator record that ExportRecord validated in strict mode, so it is written as it is."""
    if isinstance(record, dict):
        data = record
    elif isinstance(record, DoccanoRecord):
        # ASCII only (\uXXXX escapes): doccano guesses a file's encoding from its bytes and
        # took UTF-8 curly quotes for Windows-1254; ASCII reads the same in every guess.
        return ascii_json(record.dump())
    else:
        data = record.model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def ascii_json(data: Any) -> bytes:
    """One JSONL line in ASCII: compact, keys sorted, everything else `\\uXXXX`-escaped."""
    return (
        json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def default_output(db_path: Path, filters: ExportFilters) -> Path:
    """`exports/<db-stem>-<format>-<annotators|all>.jsonl` (`.tsv` for mqm, a folder for brat)."""
    who = "all" if filters.everyone else "+".join(safe_name(a) for a in filters.annotators)
    suffix = SUFFIXES.get(filters.format, ".jsonl")
    return Path("exports") / f"{safe_name(db_path.stem)}-{filters.format}-{who}{suffix}"


CONVERTERS: dict[str, Callable[[ExportRecord, ExportFilters], BaseModel]] = {
    "prodigy": lambda rec, f: to_prodigy(rec),
    "doccano": lambda rec, f: to_doccano(rec, f.layout or "label", f.offsets or "utf16"),
}
"""Formats with one validated record per curator record (besides curator itself)."""
LineWriter = Callable[[Iterable[ExportRecord], ExportFilters], Iterator[bytes]]
LINE_WRITERS: dict[str, tuple[bytes, LineWriter]] = {
    "mqm": (mqm_tsv.HEADER, lambda recs, f: mqm_tsv.mqm_lines(recs, f.offsets or "utf16")),
    "claimreview": (b"", lambda recs, f: claimreview_lines(recs, f.publisher, f.review_url)),
}
"""Formats that turn the record stream into lines their own way: (header, lines)."""
STORE_WRITERS: dict[str, tuple[bytes, Callable[..., Iterator[bytes]]]] = {
    "labelstudio": (
        b"[\n",
        lambda recs, f, tagset: labelstudio_lines(recs, tagset, f.offsets or "codepoint"),
    ),
    "conll": (b"", lambda recs, f, tagset: conll_lines(recs, tagset)),
    "docbin": (b"", lambda recs, f, tagset: docbin_lines(recs, tagset)),
    "xmi": (
        b"",
        lambda recs, f, tagset: xmi_lines(
            recs, tagset, layered=f.everyone or len(set(f.annotators)) > 1
        ),
    ),
}
"""Line writers that also need the database's tag set."""


# -- writing ---------------------------------------------------------------------------------------


def _lines(
    pairs: Iterable[tuple[ExportRecord, dict[str, Any]]],
    filters: ExportFilters,
    result: ExportResult,
    tagset: TagSet,
) -> Iterator[bytes]:
    fmt = filters.format
    if fmt in LINE_WRITERS:
        yield from LINE_WRITERS[fmt][1](_counted(pairs, result), filters)
        return
    if fmt in STORE_WRITERS:
        counted = _counted(pairs, result)
        if fmt == "conll":
            counted = _dropped_overlaps(counted, result, tagset)
        yield from STORE_WRITERS[fmt][1](counted, filters, tagset)
        return
    convert = CONVERTERS.get(fmt)
    for rec, data in pairs:
        result.spans += len(data["spans"])
        if fmt == "doccano":
            spans, relations = overlapping(rec)
            result.overlaps += spans
            if filters.layout == "relation":
                result.overlap_relations += relations
        # curator: the strictly validated dict is the record as it is, no need to dump it
        yield encode_record(data if convert is None else convert(rec, filters))


def _dropped_overlaps(
    records: Iterable[ExportRecord], result: ExportResult, tagset: TagSet
) -> Iterator[ExportRecord]:
    for rec in records:
        result.overlaps += len(resolve_overlaps(rec.spans, tagset)[1])
        yield rec


def _counted(
    pairs: Iterable[tuple[ExportRecord, dict[str, Any]]], result: ExportResult
) -> Iterator[ExportRecord]:
    for rec, data in pairs:
        result.spans += len(data["spans"])
        yield rec


def _write_records(
    out: IO[bytes],
    store: Store,
    filters: ExportFilters,
    layers: Sequence[str],
    result: ExportResult,
    progress: Any,
) -> None:
    writers = {**LINE_WRITERS, **STORE_WRITERS}
    header = writers[filters.format][0] if filters.format in writers else b""
    out.write(header)
    digest = hashlib.sha256(header)
    records = read_records(store, filters, progress, layers)
    lines = _lines(records, filters, result, store.tagset)
    while chunk := list(islice(lines, WRITE_BATCH)):
        data = b"".join(chunk)
        out.write(data)
        digest.update(data)
        result.records += len(chunk)
    result.sha256 = digest.hexdigest()


def _write_brat(
    folder: Path,
    store: Store,
    filters: ExportFilters,
    layers: Sequence[str],
    result: ExportResult,
    progress: Any,
) -> None:
    records = iter_records(store, filters, progress, layers)
    written = brat.write_brat(folder, records, store.tagset, layered=len(layers) > 1)
    result.records, result.spans, result.files = written.documents, written.spans, written.files
    result.sha256 = brat.listing_sha256(written.files)


def manifest_for(
    store: Store, filters: ExportFilters, layers: Sequence[str], result: ExportResult
) -> dict[str, Any]:
    """The sidecar manifest (no timestamps, so it is as reproducible as the export)."""
    return {
        "curator_version": __version__,
        "database": str(store.path),
        "file": result.path.name if result.path else "-",
        "filters": {**asdict(filters), "annotators": list(layers)},
        "tagset_sha256": store.tagset.sha256,
        "records": result.records,
        "spans": result.spans,
        "sha256": result.sha256,
        **({"files": result.files} if result.files is not None else {}),
    }


def export(
    store: Store,
    filters: ExportFilters,
    target: Path | None,
    *,
    stdout: IO[bytes] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportResult:
    """Export to `target` (+ `<target>.manifest.json`), or to `stdout` when target is None.
    brat writes the folder `target`."""
    if filters.format not in FORMATS:
        raise InputError(f"format: {filters.format!r} is not one of {', '.join(FORMATS)}")
    if filters.format in ARTICLE_UNIT:
        filters = replace(filters, unit="article")
    filters = _format_options(filters)
    if filters.format == "mqm" and filters.labels and ERROR_LABEL not in filters.labels:
        # without its errors every reviewed paragraph would be written as error-free
        raise InputError(f"mqm: --label must include {ERROR_LABEL} (or be left out)")
    try:
        result = _export(store, filters, target, stdout, progress)
        result.warnings = _warnings(filters, result)
        return result
    except OSError as exc:
        # A full disk or a read-only folder: one line, and the atomic writers left no file.
        where = target or "stdout"
        raise CuratorError(f"{where}: cannot write the export: {exc.strerror or exc}") from None


def _format_options(filters: ExportFilters) -> ExportFilters:
    """`--offsets` and `--layout` checked against the format, defaults filled in (so the
    manifest says what was written)."""
    fmt = filters.format
    if filters.offsets is not None and fmt not in OFFSET_FORMATS:
        raise InputError(
            f"--offsets: {fmt} offsets are code points (only for {', '.join(sorted(OFFSET_FORMATS))})"
        )
    if filters.layout is not None and fmt != "doccano":
        raise InputError("--layout: only for --format doccano")
    if (filters.publisher or filters.review_url) and fmt != "claimreview":
        raise InputError("--publisher, --review-url: only for --format claimreview")
    if filters.review_url:
        try:
            filters.review_url.format(article_id="a", span_id="s")
        except (KeyError, IndexError, ValueError) as exc:
            raise InputError(
                f"--review-url: use only {{article_id}} and {{span_id}} ({exc})"
            ) from None
    if fmt in OFFSET_FORMATS:
        filters = replace(filters, offsets=filters.offsets or default_offsets(fmt))
    if fmt == "doccano":
        filters = replace(filters, layout=filters.layout or "label")
    return filters


def _warnings(filters: ExportFilters, result: ExportResult) -> list[str]:
    if not result.overlaps:
        return []
    if filters.format == "conll":
        return [
            f"conll: {result.overlaps} spans overlap a span that starts earlier (or is longer) "
            "and are left out (one tag per token)"
        ]
    warning = (
        f"doccano: {result.overlaps} spans overlap a span kept before them; a project drops "
        'them unless "Allow overlapping entity" is set'
    )
    if result.overlap_relations:
        warning += (
            f", and {result.overlap_relations} relations use them: doccano 1.8 then stops the "
            "import with a KeyError and keeps none of the relations (set it before importing)"
        )
    return [warning]


def _export(
    store: Store,
    filters: ExportFilters,
    target: Path | None,
    stdout: IO[bytes] | None,
    progress: Callable[[int], None] | None,
) -> ExportResult:
    brat_folder = filters.format == "brat"
    out = check_output(
        target if target is not None else "-", folder=brat_folder, protect=[store.path]
    )
    manifest = Path(f"{out.path}.manifest.json") if out.sidecars else None
    if manifest is not None and check_output(manifest, protect=[store.path]).mode != "atomic":
        raise InputError(f"{manifest}: the manifest's place is not a regular file; not writing")
    if out.mode == "folder" and out.path is not None and out.path.exists():  # noqa: SIM102
        if not brat.is_brat_export(out.path):
            raise InputError(
                f"{out.path}: exists and is not a curator brat export; not replacing it"
            )
    result = ExportResult(path=out.path)
    # Resolved once: the layers exported are the layers the manifest lists, even when another
    # editor starts a layer during the export.
    layers = resolve_annotators(store, filters)
    if out.mode == "folder":
        assert out.path is not None
        with atomic_folder(out.path) as tmp:
            _write_brat(tmp, store, filters, layers, result, progress)
    elif out.mode == "stdout":
        assert stdout is not None
        _write_records(stdout, store, filters, layers, result, progress)
        stdout.flush()
        return result
    else:
        write_output(out, lambda fh: _write_records(fh, store, filters, layers, result, progress))
    if manifest is None:
        return result  # a device or FIFO: nothing is written beside it
    assert out.path is not None
    body = orjson.dumps(
        manifest_for(store, filters, layers, result),
        option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2,
    )
    try:
        atomic_write(manifest, lambda fh: fh.write(body + b"\n"))
    except OSError:
        if not brat_folder:
            out.path.unlink(missing_ok=True)  # an export without its manifest is half written
        raise
    result.manifest = manifest
    return result
