"""`curator export`: stream annotation layers out, validated and deterministic.

One article is read at a time (`export_read`, memory stays flat), each record is validated by
its model in `export_records`, and lines are encoded with orjson and sorted keys, so two
exports of the same data are byte-identical. Where it may write is decided by
`output.check_output` (never the database; a device or FIFO is streamed into, without a
manifest): a file is written to a temporary file beside the target and renamed into place, so
an interrupted export leaves no partial file and an existing target untouched; brat writes a
folder, built beside the target and swapped in the same way. The formats beyond
curator/Prodigy/doccano live in their own modules: `brat`, `mqm_tsv`, `claimreview`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path
from typing import IO, Any

import orjson
from pydantic import BaseModel

from curator import __version__
from curator.domain.errors import CuratorError, InputError
from curator.formats import brat, mqm_tsv
from curator.formats.claimreview import claimreview_lines
from curator.formats.escape import safe_name
from curator.formats.export_read import (
    SUGGEST_LAYER,
    ExportFilters,
    iter_records,
    read_records,
    resolve_annotators,
)
from curator.formats.export_records import ERROR_LABEL, DoccanoRecord, ExportRecord
from curator.formats.interop import to_doccano, to_prodigy
from curator.formats.output import atomic_folder, atomic_write, check_output, write_output
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

FORMATS = ("curator", "prodigy", "doccano", "brat", "mqm", "claimreview")
"""Formats `export` writes."""
SUFFIXES = {"brat": "", "mqm": ".tsv"}
"""Default output suffix where it is not `.jsonl` (brat writes a folder)."""
ARTICLE_UNIT = frozenset({"brat", "claimreview"})
"""Formats that always read whole articles: a brat document is an article, and a claim keeps
its links to a speaker or a date in another paragraph."""
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


def encode_record(record: BaseModel | dict[str, Any]) -> bytes:
    """One JSONL line: compact, keys sorted (aliases such as `_input_hash` used). A dict is a
    curator record that ExportRecord validated in strict mode, so it is written as it is."""
    if isinstance(record, dict):
        data = record
    elif isinstance(record, DoccanoRecord):
        data = record.dump()
    else:
        data = record.model_dump(mode="json", by_alias=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def default_output(db_path: Path, filters: ExportFilters) -> Path:
    """`exports/<db-stem>-<format>-<annotators|all>.jsonl` (`.tsv` for mqm, a folder for brat)."""
    who = "all" if filters.everyone else "+".join(safe_name(a) for a in filters.annotators)
    suffix = SUFFIXES.get(filters.format, ".jsonl")
    return Path("exports") / f"{safe_name(db_path.stem)}-{filters.format}-{who}{suffix}"


CONVERTERS: dict[str, Callable[[ExportRecord], BaseModel]] = {
    "prodigy": to_prodigy,
    "doccano": to_doccano,
}
"""Formats with one validated record per curator record (besides curator itself)."""
LINE_WRITERS: dict[str, tuple[bytes, Callable[[Iterable[ExportRecord]], Iterator[bytes]]]] = {
    "mqm": (mqm_tsv.HEADER, mqm_tsv.mqm_lines),
    "claimreview": (b"", claimreview_lines),
}
"""Formats that turn the record stream into lines their own way: (header, lines)."""


# -- writing ---------------------------------------------------------------------------------------


def _lines(
    pairs: Iterable[tuple[ExportRecord, dict[str, Any]]], fmt: str, result: ExportResult
) -> Iterator[bytes]:
    if fmt in LINE_WRITERS:
        yield from LINE_WRITERS[fmt][1](_counted(pairs, result))
        return
    convert = CONVERTERS.get(fmt)
    for rec, data in pairs:
        result.spans += len(data["spans"])
        # curator: the strictly validated dict is the record as it is, no need to dump it
        yield encode_record(data if convert is None else convert(rec))


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
    header = LINE_WRITERS[filters.format][0] if filters.format in LINE_WRITERS else b""
    out.write(header)
    digest = hashlib.sha256(header)
    lines = _lines(read_records(store, filters, progress, layers), filters.format, result)
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
    if filters.format == "mqm" and filters.labels and ERROR_LABEL not in filters.labels:
        # without its errors every reviewed paragraph would be written as error-free
        raise InputError(f"mqm: --label must include {ERROR_LABEL} (or be left out)")
    try:
        return _export(store, filters, target, stdout, progress)
    except OSError as exc:
        # A full disk or a read-only folder: one line, and the atomic writers left no file.
        where = target or "stdout"
        raise CuratorError(f"{where}: cannot write the export: {exc.strerror or exc}") from None


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
