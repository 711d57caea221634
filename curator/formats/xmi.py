"""`--format xmi`: UIMA CAS XMI for INCEpTION, written with dkpro-cassis (the `xmi` extra).

The file is a ZIP: `TypeSystem.xml` and one `<article>.xmi` per article and annotator
(`<annotator>/<article>.xmi` when several layers are exported; names as brat's, `safe_name`
plus a hash where needed). The sofa is the article, paragraphs joined by a blank line. Each
label is a span type `webanno.custom.<label>` (a subtype of `uima.tcas.Annotation`) with one
feature per attribute (`uima.cas.Boolean` for bool attributes, else `uima.cas.String`) and
`curator_id`, the span id; each relation type is `webanno.custom.<relation>` with `Governor`
(head) and `Dependent` (tail), spanning its tail as INCEpTION draws relations. Offsets are
what cassis writes: UTF-16 code units, as Java (and so INCEpTION) counts them. To open the
files in INCEpTION, define these layers in the project (or import the type system); the
export is checked with dkpro-cassis, not with INCEpTION itself. Nothing is imported back.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from curator.domain.errors import InputError
from curator.domain.tagset import TagSet
from curator.formats.brat import attribute_kinds, file_stem
from curator.formats.export_records import ExportRecord

PREFIX = "webanno.custom."
"""Namespace of the generated types (INCEpTION's custom layers)."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every ZIP entry: the same bytes for the same data."""


def _cassis() -> Any:
    try:
        import cassis
    except ImportError:
        raise InputError(
            "xmi: dkpro-cassis is not installed (pip install 'curator[xmi]')"
        ) from None
    return cassis


def typesystem(tagset: TagSet) -> Any:
    """The cassis TypeSystem of the tag set."""
    cassis = _cassis()
    ts = cassis.TypeSystem()
    with warnings.catch_warnings():  # a feature called `type` gets the accessor `type_`
        warnings.filterwarnings("ignore", "Trying to add feature", UserWarning)
        for lab in tagset.labels:
            t = ts.create_type(PREFIX + lab.name, supertypeName="uima.tcas.Annotation")
            ts.create_feature(t, "curator_id", "uima.cas.String")
            for name, (kind, _) in attribute_kinds(tagset, lab.name).items():
                kind_name = "uima.cas.Boolean" if kind == "bool" else "uima.cas.String"
                ts.create_feature(t, name, kind_name)
        for rel in tagset.relations:
            t = ts.create_type(PREFIX + rel.name, supertypeName="uima.tcas.Annotation")
            ts.create_feature(t, "Governor", "uima.tcas.Annotation")
            ts.create_feature(t, "Dependent", "uima.tcas.Annotation")
    return ts


def cas_xmi(rec: ExportRecord, ts: Any) -> str:
    """The XMI of one article record."""
    cassis = _cassis()
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = rec.text
    by_id = {}
    for s in rec.spans:
        t = ts.get_type(PREFIX + s.label)
        # cassis renames a feature such as `type` to `type_` in Python (it writes `type`)
        accessor = {
            f.name.removesuffix("_") if f._has_reserved_name else f.name: f.name
            for f in t.all_features
        }
        attrs = {
            accessor[k]: v if isinstance(v, bool) else str(v)
            for k, v in s.attrs.items()
            if k in accessor
        }
        fs = t(begin=s.start, end=s.end, curator_id=s.id, **attrs)
        cas.add(fs)
        by_id[s.id] = fs
    for r in rec.relations:
        tail = by_id[r.tail]
        t = ts.get_type(PREFIX + r.type)
        cas.add(t(begin=tail.begin, end=tail.end, Governor=by_id[r.head], Dependent=tail))
    return cas.to_xmi(pretty_print=True)


def xmi_lines(records: Iterable[ExportRecord], tagset: TagSet, layered: bool) -> Iterator[bytes]:
    """The ZIP's bytes, as one chunk per record (all but the last empty) so the export counts
    records; the bytes come when the last record has been read."""
    ts = typesystem(tagset)
    buffer = io.BytesIO()
    docs: dict[str, str] = {}
    layers: dict[str, str] = {}
    used_docs: set[str] = set()
    used_layers: set[str] = set()
    pending = False
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))

        put("TypeSystem.xml", ts.to_xml())
        for rec in records:
            if pending:
                yield b""
            if rec.article_id not in docs:
                docs[rec.article_id] = file_stem(rec.article_id, used_docs)
            name = f"{docs[rec.article_id]}.xmi"
            if layered:
                if rec.annotator not in layers:
                    layers[rec.annotator] = file_stem(rec.annotator, used_layers)
                name = f"{layers[rec.annotator]}/{name}"
            put(name, cas_xmi(rec, ts))
            pending = True
    yield buffer.getvalue()
