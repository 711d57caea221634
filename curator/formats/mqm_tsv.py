"""`--format mqm`: the 10-column TSV that Google's MQM Viewer reads.

Layout, as the viewer's README (google-research/mqm_viewer) and its parser define it: UTF-8,
tab-separated, one row per marked error, columns `system doc docSegId globalSegId rater source
target category severity metadata`; a header line (recognised by the viewer through
`system\\tdoc\\t` and skipped) comes first; the error span is marked `<v>…</v>` in the target;
`metadata` is a JSON object; a segment without errors is one row with category and severity
`No-error`.

What curator writes:
- `system`: the article's `mt_system`, else `unknown`; `doc`: the article id; `docSegId`: the
  paragraph index + 1 (1 for `--unit article`); `globalSegId`: a running count of the segments
  written, the same for every rater of a segment; `rater`: the annotator.
- `source`: the source-language segment aligned with the paragraph when the article has a source
  text (`curator import-source`), shown like the target, with the error's source words
  (`attrs.source`) marked `<v>…</v>` when it has them; else empty.
- `target`: the paragraph with the error wrapped in `<v>…</v>`, each tab or line break shown as
  one space (`shown_field`); severity capitalised as in the WMT MQM releases (`Minor`,
  `Major`, `Critical`).
- `metadata`: `marked_text`, `span_id`, `start`/`end` (into the paragraph, in UTF-16 code
  units as the viewer's JavaScript counts, or code points with `--offsets codepoint`), and the
  span's `correction` and `note` when set; `{}` on No-error rows.
- Which segments: every complete `translation_error` span (category and severity set) is a row;
  a paragraph without any `translation_error` span gets its `No-error` row only when the
  annotator marked it done. A paragraph nobody reviewed is not "error-free", and counting it
  as such would lower every score the viewer averages over segments.
- The other text fields (system, doc, rater, category) cannot hold tabs or line breaks: they
  are backslash-escaped (`curator.formats.escape`: `\\t`, `\\n`, `\\\\`, ...), which
  `unescape_field` reverses. The target is not escaped (the viewer would show the escapes).
- A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in
  front (OWASP's advice against CSV/formula injection), so a spreadsheet opening the TSV
  shows `=HYPERLINK(…)` in a note or a rater name as text instead of running it. A reader
  of the file drops one leading `'` from such a cell (`unneutralise`); `start`/`end` in
  `metadata` never count it.

The viewer's default weights (mqm-viewer.js `mqmDefaultWeights`, matched against
`severity:category`: minor punctuation 0.1, `:source` 0, Non-translation 25, minor 1, major 5)
are the WMT ones `curator.domain.mqm` uses, so its scores match `ExportRecord.mqm`; a major
Source error is 0 in both (the viewer's 2022 version weighted by severity alone, 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, model_validator

from curator.domain.errors import InputError
from curator.domain.text import ARTICLE_SEPARATOR
from curator.formats.escape import FIELD_BREAKS, LINE_BREAKS, escape_field, unescape_field
from curator.formats.export_records import ERROR_LABEL, ExportRecord, ExportSpan
from curator.formats.offsets import OffsetMap, OffsetUnit

COLUMNS = (
    "system",
    "doc",
    "docSegId",
    "globalSegId",
    "rater",
    "source",
    "target",
    "category",
    "severity",
    "metadata",
)
"""The viewer's column order."""
HEADER = ("\t".join(COLUMNS) + "\n").encode()
"""First line of the file (the viewer skips it)."""
NO_ERROR = "No-error"
"""Category and severity of the row of a segment without errors."""
UNKNOWN_SYSTEM = "unknown"
"""`system` of an article without `mt_system`."""

_JSON_LINE_BREAKS = {c.encode(): f"\\u{ord(c):04x}".encode() for c in "\x85\u2028\u2029"}


class MqmRow(BaseModel):
    """One row of the MQM TSV, fields already escaped."""

    model_config = ConfigDict(extra="forbid")

    system: str = Field(min_length=1)
    """MT system of the article, or `unknown`."""
    doc: str = Field(min_length=1)
    """Article id."""
    docSegId: int = Field(ge=1)
    """Paragraph index + 1 (1 for a whole article)."""
    globalSegId: int = Field(ge=1)
    """Running number of the segment in the file, shared by its raters."""
    rater: str = Field(min_length=1)
    """Annotator."""
    source: str
    """The aligned source segment, or empty for an article without a source text."""
    target: str
    """The segment, error span marked `<v>…</v>`."""
    category: str = Field(min_length=1)
    """MQM category (`Dimension/Subtype`) or `No-error`."""
    severity: str = Field(min_length=1)
    """`Minor`, `Major`, `Critical` or `No-error`."""
    metadata: dict[str, Any]
    """marked_text, span_id, start, end, correction, note (empty for No-error)."""

    @model_validator(mode="after")
    def _one_line(self) -> MqmRow:
        for name in COLUMNS[:-1]:
            value = getattr(self, name)
            if isinstance(value, str) and FIELD_BREAKS.search(value):
                raise ValueError(f"{name}: holds a tab or a line break")
        if (self.category == NO_ERROR) != (self.severity == NO_ERROR):
            raise ValueError("category and severity are No-error together or not at all")
        if self.category != NO_ERROR and "<v>" not in self.target:
            raise ValueError("target: an error row marks its span with <v>…</v>")
        return self

    def encode(self) -> bytes:
        """The TSV line."""
        meta = orjson.dumps(self.metadata, option=orjson.OPT_SORT_KEYS)
        for raw, esc in _JSON_LINE_BREAKS.items():  # JSON allows them raw; line readers do not
            meta = meta.replace(raw, esc)
        cells = [neutralise(str(getattr(self, name))) for name in COLUMNS[:-1]]
        return "\t".join(cells).encode() + b"\t" + meta + b"\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes as the start of a formula."""


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'`."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def unneutralise(cell: str) -> str:
    """The inverse of `neutralise` (for readers of the file)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _rated(span: ExportSpan) -> bool:
    return span.label == ERROR_LABEL and "category" in span.attrs and "severity" in span.attrs


_SHOWN = str.maketrans(dict.fromkeys("\t" + LINE_BREAKS, " "))


def shown_field(text: str) -> str:
    """The segment as the viewer should show it: each tab or line break becomes one space
    (the viewer splits the file at line breaks and shows cells as they are, so a `\\n`
    escape would appear literally). One character for one, so offsets stay valid."""
    return text.translate(_SHOWN)


def marked_target(text: str, start: int, end: int) -> str:
    """The shown text with `text[start:end]` wrapped in `<v>…</v>`."""
    return (
        shown_field(text[:start])
        + "<v>"
        + shown_field(text[start:end])
        + "</v>"
        + shown_field(text[end:])
    )


def _source_mark(rec: ExportRecord, extent: Any) -> tuple[int, int] | None:
    """Where an error's source words (`attrs.source`) sit in the record's source segment."""
    if rec.source is None or not isinstance(extent, dict):
        return None
    if extent.get("paragraph") not in rec.source.paragraphs:
        return None
    at = 0
    for index, text in zip(
        rec.source.paragraphs, rec.source.text.split(ARTICLE_SEPARATOR), strict=False
    ):
        if index == extent["paragraph"]:
            return at + extent["start"], at + extent["end"]
        at += len(text) + len(ARTICLE_SEPARATOR)
    return None


def _rows(rec: ExportRecord, global_id: int, offsets: OffsetUnit) -> Iterator[MqmRow]:
    base = {
        "system": escape_field(rec.meta.mt_system or UNKNOWN_SYSTEM),
        "doc": escape_field(rec.article_id),
        "docSegId": 1 if rec.paragraph is None else rec.paragraph + 1,
        "globalSegId": global_id,
        "rater": escape_field(rec.annotator),
        "source": shown_field(rec.source.text) if rec.source else "",
    }
    errors = [s for s in rec.spans if _rated(s)]
    at = OffsetMap(rec.text, offsets).out
    for s in errors:
        meta = {"marked_text": s.text, "span_id": s.id, "start": at(s.start), "end": at(s.end)}
        meta.update({k: s.attrs[k] for k in ("correction", "note") if k in s.attrs})
        row = base
        where = _source_mark(rec, s.attrs.get("source"))
        if where is not None:
            assert rec.source is not None
            row = {**base, "source": marked_target(rec.source.text, *where)}
        yield MqmRow(
            **row,
            target=marked_target(rec.text, s.start, s.end),
            category=escape_field(s.attrs["category"]),
            severity=s.attrs["severity"].capitalize(),
            metadata=meta,
        )
    if rec.status == "done" and not any(s.label == ERROR_LABEL for s in rec.spans):
        yield MqmRow(
            **base,
            target=shown_field(rec.text),
            category=NO_ERROR,
            severity=NO_ERROR,
            metadata={},
        )


def mqm_lines(records: Iterable[ExportRecord], offsets: OffsetUnit = "utf16") -> Iterator[bytes]:
    """Data rows (no header) for records that arrive grouped by article, as `iter_records`
    yields them. One article's records are held at a time, to number its segments once for
    all raters and to order rows by segment, then rater."""
    global_id = 0
    for _, group in groupby(records, key=lambda r: r.article_id):
        by_segment: dict[int, list[ExportRecord]] = {}
        for rec in group:
            by_segment.setdefault(-1 if rec.paragraph is None else rec.paragraph, []).append(rec)
        for seg in sorted(by_segment):
            rows = [
                row
                for rec in sorted(by_segment[seg], key=lambda r: r.annotator)
                for row in _rows(rec, global_id + 1, offsets)
            ]
            if rows:
                global_id += 1
                yield from (row.encode() for row in rows)


# -- import ---------------------------------------------------------------------------------------


def read_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """("line n", row) of each data row; the header must come first."""
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8").rstrip("\n").removesuffix("\r")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: line {n}: not UTF-8 ({exc.reason})") from None
            if n == 1:
                if not line.startswith("system\tdoc\t"):
                    raise InputError(
                        f"{path}: line 1: expected the MQM header ({HEADER.decode().strip()!r})"
                    )
                continue
            if not line:
                continue
            cells = line.split("\t")
            if len(cells) != len(COLUMNS):
                raise InputError(f"{path}: line {n}: {len(cells)} columns, not {len(COLUMNS)}")
            row: dict[str, Any] = dict(zip(COLUMNS, cells, strict=True))
            try:
                row["metadata"] = orjson.loads(row["metadata"]) if row["metadata"] else {}
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}: line {n}: metadata is not JSON ({exc})") from None
            yield f"line {n}", row


def _segment(imp: Any, doc: str, seg_id: int, plain: str) -> tuple[int | None, int]:
    """(paragraph or None for the whole article, shift) of a row's target: the paragraph
    `docSegId - 1`, or the article joined by blank lines (`--unit article`). `shift` is 1 when
    a spreadsheet guard (a leading `'`) was put before the target."""
    texts = imp.texts(doc)
    for shift, shown in ((0, plain), (1, plain[1:] if plain.startswith("'") else None)):
        if shown is None:
            continue
        if 0 <= seg_id - 1 < len(texts) and shown_field(texts[seg_id - 1]) == shown:
            return seg_id - 1, shift
        if seg_id == 1 and shown_field(ARTICLE_SEPARATOR.join(texts)) == shown:
            return None, shift
    raise ValueError(f"{doc}:{seg_id}: the target differs from the text in the database")


def import_row(imp: Any, row: dict[str, Any]) -> None:
    """Plan one row (`imp` is `annotation_import._Importer`): an error row is a rated
    `translation_error` span, placed by its `<v>…</v>` marks; a No-error row marks its
    paragraph(s) done."""
    doc, rater = unescape_field(row["doc"]), unescape_field(row["rater"])
    try:
        seg_id = int(row["docSegId"])
    except ValueError:
        raise ValueError(f"docSegId: {row['docSegId']!r} is not a number") from None
    target: str = row["target"]
    plain = target.replace("<v>", "").replace("</v>", "")
    para, shift = _segment(imp, doc, seg_id, plain)
    who = imp.layer or rater
    meta = row["metadata"] if isinstance(row["metadata"], dict) else {}
    if row["category"] == NO_ERROR:
        count = len(imp.texts(doc))
        imp.add_statuses(
            doc, {p: "done" for p in ([para] if para is not None else range(count))}, who
        )
        return
    if target.count("<v>") != 1 or target.count("</v>") != 1:
        raise ValueError("target: an error row marks its span with one <v>…</v>")
    start = target.index("<v>") - shift
    end = target.index("</v>") - len("<v>") - shift
    attrs = {
        "category": unescape_field(row["category"]),
        "severity": row["severity"].strip().lower(),
        **{k: meta[k] for k in ("correction", "note") if isinstance(meta.get(k), str)},
    }
    span_id = meta.get("span_id") if isinstance(meta.get("span_id"), str) else None
    text = meta.get("marked_text") if isinstance(meta.get("marked_text"), str) else None
    imp.add_span(
        doc,
        para,
        start,
        end,
        ERROR_LABEL,
        who,
        id=span_id,
        attrs=attrs,
        **({"text": text} if text is not None else {}),
    )
