"""`--format brat`: a folder brat can open, `.txt`/`.ann` standoff pairs plus its config files.

Layout: `<id>.txt` + `<id>.ann` per article when one annotator layer is exported; with several
layers, one brat collection (sub-folder) per annotator, `<annotator>/<id>.txt` + `.ann`, so
brat's side-by-side comparison of collections works. `annotation.conf`, `visual.conf` and
`tools.conf` (Wikidata normalisation) sit at the top; brat looks for them up the folder tree.
Names are `safe_name` of the id (word characters, `+`, `-`), with `-<8 hex of sha256(id)>`
appended when that changed the id or collides (case-insensitively) with an earlier name, so an
id like `../../x` can never leave the folder and two ids never share a file.

`.txt` is the article, paragraphs joined by a blank line, plus a final newline. Offsets are
Unicode code points, end-exclusive: brat's server reads the `.txt` as a Python 3 `str` and
checks every `T` line's text against `text[start:end]` (server/src/annotation.py), and its
client counts astral characters as one since 2020 (nlplab/brat#1115, commit db78d872). Under
Python 2 narrow builds or an older client, offsets after an emoji would be UTF-16 units.

`.ann` lines, tab-separated, ids unique per file:
- `T1\\tlabel start end\\ttext`. A `.ann` line cannot hold a line break (nor, for naive
  readers, a tab), so a span that contains one is written as a discontinuous span
  `start end;start end` cut there, and its text is the pieces joined by one space, which is
  what brat itself expects of discontinuous spans. A span of nothing but line breaks cannot be
  written and is left out, with its attributes and relations.
- `R1\\ttype Arg1:T1 Arg2:T2` per relation.
- `A1\\tattr T1 value` per enum attribute (value with spaces, commas and `|` as `_`, since
  brat's config cannot list them: `Locale_convention/Date_format`, which
  `curator.domain.mqm.normalize_category` reads back), `A2\\tattr T3` per true bool attribute
  (false ones are left out).
- `N1\\tReference T2 Wikidata:Q123\\tname` per speaker with a Wikidata id.
- `#1\\tAnnotatorNotes T1\\tkey=value; key=value` with the label's free-text attributes
  (note, summary, verdict, name, role, value, correction, ...), backslash-escaped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from curator.domain.attrs import attribute_shape
from curator.domain.errors import InputError
from curator.domain.tagset import ANY_LABEL, TagSet
from curator.formats.escape import FIELD_BREAKS, escape_field, safe_name, unescape_field
from curator.formats.export_records import ExportRecord

CONF_MARK = "# curator brat export"
"""First line of the generated annotation.conf: only such a folder is ever replaced."""
NAME_LIMIT = 80
"""Longest file-name stem taken from an id, before the hash suffix."""
WIKIDATA_DB = "Wikidata"
"""Normalisation resource of speaker Wikidata ids (declared in tools.conf)."""
_STORAGE = re.compile(r"[\s,|]+")


@dataclass(frozen=True)
class BratAttribute:
    """An attribute type of annotation.conf."""

    name: str
    """Attribute type name in .ann files."""
    kind: Literal["enum", "bool"]
    """Multi-valued or binary."""
    labels: tuple[str, ...]
    """Entity types that carry it."""
    values: tuple[str, ...]
    """Storage forms of the values (enum)."""


def storage_value(value: str) -> str:
    """An attribute value as brat can store and configure it."""
    return _STORAGE.sub("_", value.strip())


def attribute_kinds(tagset: TagSet, label: str) -> dict[str, tuple[str, tuple[str, ...] | None]]:
    """Attribute name -> (string | enum | bool, choices) for a label ({} for an unknown one)."""
    try:
        return attribute_shape(tagset.attrs_model(label))
    except KeyError:
        return {}


def brat_attributes(tagset: TagSet) -> dict[tuple[str, str], BratAttribute]:
    """(label, attribute) -> its brat attribute type, for enum and bool attributes. Labels
    sharing an attribute name share its type, unless their kinds differ: then the type is
    named `<label>_<attribute>`."""
    seen: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for spec in tagset.labels:
        for name, (kind, choices) in attribute_kinds(tagset, spec.name).items():
            if kind in ("enum", "bool"):
                seen.setdefault(name, []).append((spec.name, kind, tuple(choices or ())))
    out: dict[tuple[str, str], BratAttribute] = {}
    for name, uses in seen.items():
        shared = len({kind for _, kind, _ in uses}) == 1
        groups = [uses] if shared else [[u] for u in uses]
        for group in groups:
            values = dict.fromkeys(storage_value(v) for _, _, vs in group for v in vs)
            attr = BratAttribute(
                name=name if shared else f"{group[0][0]}_{name}",
                kind=group[0][1],  # type: ignore[arg-type]
                labels=tuple(label for label, _, _ in group),
                values=tuple(values),
            )
            out.update({(label, name): attr for label in attr.labels})
    return out


def _arg(labels: tuple[str, ...]) -> str:
    return "<ENTITY>" if ANY_LABEL in labels else "|".join(labels)


def conf_files(tagset: TagSet) -> dict[str, str]:
    """annotation.conf, visual.conf and tools.conf for the tag set."""
    head = f"{CONF_MARK} (tag set {tagset.name!r}, sha256 {tagset.sha256[:12]})\n"
    attrs = {a.name: a for a in brat_attributes(tagset).values()}
    annotation = [head, "[entities]\n", *(f"{lab.name}\n" for lab in tagset.labels)]
    annotation.append("\n[relations]\n")
    for rel in tagset.relations:
        annotation.append(f"{rel.name}\tArg1:{_arg(rel.head)}, Arg2:{_arg(rel.tail)}\n")
    annotation.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
    annotation.append("\n[events]\n\n[attributes]\n")
    for a in attrs.values():
        values = f", Value:{'|'.join(a.values)}" if a.kind == "enum" else ""
        annotation.append(f"{a.name}\tArg:{'|'.join(a.labels)}{values}\n")
    visual = [head, "[labels]\n"]
    visual += [f"{lab.name} | {lab.name.replace('_', ' ')}\n" for lab in tagset.labels]
    visual.append("\n[drawing]\n")
    visual += [f"{lab.name}\tbgColor:{lab.color}\n" for lab in tagset.labels]
    visual.append(
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n"
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n"
        "ATTRIBUTE_DEFAULT\tglyph:*\n"
    )
    tools = (
        f"{head}[normalization]\n{WIKIDATA_DB}\t<URL>:https://www.wikidata.org/, "
        "<URLBASE>:https://www.wikidata.org/wiki/%s\n"
    )
    return {
        "annotation.conf": "".join(annotation),
        "visual.conf": "".join(visual),
        "tools.conf": tools,
    }


def text_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`start:end` cut at tabs and line breaks, empty pieces dropped."""
    pieces, pos = [], start
    for m in FIELD_BREAKS.finditer(text, start, end):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        pieces.append((pos, end))
    return pieces


@lru_cache(maxsize=8)
def _schema(
    tagset: TagSet,
) -> tuple[dict[str, dict[str, tuple[str, tuple[str, ...] | None]]], dict[Any, BratAttribute]]:
    """Attribute kinds per label and brat attribute types, worked out once per tag set."""
    kinds = {lab.name: attribute_kinds(tagset, lab.name) for lab in tagset.labels}
    return kinds, brat_attributes(tagset)


def ann_text(rec: ExportRecord, tagset: TagSet) -> str:
    """The .ann file of one article record (offsets into `rec.text`)."""
    kinds, types = _schema(tagset)
    t_ids: dict[str, str] = {}
    t_lines, a_lines, n_lines, notes, r_lines = [], [], [], [], []
    for s in rec.spans:
        pieces = text_pieces(rec.text, s.start, s.end)
        if not pieces:
            continue
        tid = t_ids[s.id] = f"T{len(t_ids) + 1}"
        where = ";".join(f"{a} {b}" for a, b in pieces)
        quote = " ".join(rec.text[a:b] for a, b in pieces)
        t_lines.append(f"{tid}\t{s.label} {where}\t{quote}\n")
        free = []
        known = kinds[s.label] if s.label in kinds else attribute_kinds(tagset, s.label)
        for name in [*known, *sorted(k for k in s.attrs if k not in known)]:
            value = s.attrs.get(name)
            if value is None or value is False:
                continue
            brat = types.get((s.label, name))
            if brat is not None and brat.kind == "bool":
                a_lines.append(f"\t{brat.name} {tid}\n")
            elif brat is not None:
                a_lines.append(f"\t{brat.name} {tid} {storage_value(str(value))}\n")
            elif s.label == "speaker" and name == "wikidata":
                label = escape_field(s.attrs.get("name") or s.text)
                ref = storage_value(str(value))
                n_lines.append(f"\tReference {tid} {WIKIDATA_DB}:{ref}\t{label}\n")
            else:
                free.append(f"{name}={value}")
        if free:
            notes.append(f"\tAnnotatorNotes {tid}\t{escape_field('; '.join(free))}\n")
    # relations by type and their spans' T numbers, not by span ids: an import gives the
    # spans other ids, and its re-export must be the same file
    rels = [r for r in rec.relations if r.head in t_ids and r.tail in t_ids]
    number = {sid: int(tid[1:]) for sid, tid in t_ids.items()}
    for r in sorted(rels, key=lambda r: (r.type, number[r.head], number[r.tail])):
        r_lines.append(f"\t{r.type} Arg1:{t_ids[r.head]} Arg2:{t_ids[r.tail]}\n")
    numbered = [
        f"{prefix}{i}{line}"
        for prefix, lines in (("R", r_lines), ("A", a_lines), ("N", n_lines), ("#", notes))
        for i, line in enumerate(lines, 1)
    ]
    return "".join(t_lines + numbered)


def file_stem(name: str, used: set[str]) -> str:
    """A unique, safe file-name stem for `name` (see the module docstring)."""
    stem = safe_name(name)[:NAME_LIMIT]
    if stem != name or stem.casefold() in used:
        stem = f"{stem}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"
    used.add(stem.casefold())
    return stem


@dataclass
class BratWrite:
    """What `write_brat` wrote."""

    files: dict[str, str]
    """Relative path -> sha256 of its bytes."""
    documents: int = 0
    """`.ann` files."""
    spans: int = 0
    """Spans in the exported records."""


def _documents(
    records: Iterable[ExportRecord], tagset: TagSet, layered: bool, result: BratWrite
) -> Iterator[tuple[str, str, str]]:
    doc_stems: dict[str, str] = {}
    layer_stems: dict[str, str] = {}
    used_docs: set[str] = set()
    used_layers: set[str] = set()
    for rec in records:
        if rec.article_id not in doc_stems:
            doc_stems[rec.article_id] = file_stem(rec.article_id, used_docs)
        stem = doc_stems[rec.article_id]
        if layered:
            if rec.annotator not in layer_stems:
                layer_stems[rec.annotator] = file_stem(rec.annotator, used_layers)
            stem = f"{layer_stems[rec.annotator]}/{stem}"
        result.documents += 1
        result.spans += len(rec.spans)
        yield stem, rec.text + "\n", ann_text(rec, tagset)


def write_brat(
    folder: Path, records: Iterable[ExportRecord], tagset: TagSet, *, layered: bool
) -> BratWrite:
    """Write the configs and one .txt/.ann pair per record into the (new, empty) `folder`."""
    result = BratWrite(files={})

    def put(rel: str, text: str) -> None:
        data = text.encode("utf-8")
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.files[rel] = hashlib.sha256(data).hexdigest()

    for name, text in conf_files(tagset).items():
        put(name, text)
    for stem, txt, ann in _documents(records, tagset, layered, result):
        put(f"{stem}.txt", txt)
        put(f"{stem}.ann", ann)
    result.files = dict(sorted(result.files.items()))
    return result


def listing_sha256(files: dict[str, str]) -> str:
    """One hash for a folder: sha256 of its `sha256sum`-style listing, sorted by path."""
    listing = "".join(f"{digest}  {name}\n" for name, digest in sorted(files.items()))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


def is_brat_export(folder: Path) -> bool:
    """Whether `folder` is empty or holds a previous brat export (safe to replace)."""
    if not any(folder.iterdir()):
        return True
    conf = folder / "annotation.conf"
    return conf.is_file() and conf.read_text("utf-8", errors="replace").startswith(CONF_MARK)


# -- import ---------------------------------------------------------------------------------------

_T_LINE = re.compile(r"T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")


def documents(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, document) of every `.ann` with its `.txt` under `folder`: a one-layer export
    (`<id>.ann` at the top) or one collection per annotator (`<annotator>/<id>.ann`)."""
    anns = sorted(folder.rglob("*.ann"))
    if not anns:
        raise InputError(f"{folder}: no .ann files (not a brat folder)")
    for ann in anns:
        rel = ann.relative_to(folder)
        if len(rel.parts) > 2:
            raise InputError(f"{folder}: {rel}: brat exports are one folder deep at most")
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            raise InputError(f"{folder}: {rel}: no {txt.name} beside it")
        try:
            text = txt.read_bytes().decode("utf-8")
            lines = ann.read_bytes().decode("utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InputError(f"{folder}: {rel}: not UTF-8 ({exc.reason})") from None
        layer = rel.parts[0] if len(rel.parts) == 2 else None
        yield str(rel), {"stem": ann.stem, "layer": layer, "text": text, "lines": lines}


def _attribute_reader(tagset: TagSet) -> dict[tuple[str, str], tuple[str, BratAttribute]]:
    """(brat attribute type, label) -> (curator attribute name, type)."""
    return {(a.name, label): (name, a) for (label, name), a in brat_attributes(tagset).items()}


def _enum_value(stored: str, label: str, name: str, tagset: TagSet) -> str:
    _, choices = attribute_kinds(tagset, label).get(name, ("string", None))
    for choice in choices or ():
        if storage_value(choice) == stored:
            return choice
    raise ValueError(f"attribute {name}: {stored!r} is not one of its values")


def import_document(imp: Any, doc: dict[str, Any]) -> None:
    """Plan one `.txt`/`.ann` pair (`imp` is `annotation_import._Importer`). The article is the
    one whose id gives the file name, else the one whose text is the `.txt`; the layer is
    `--annotator`, else the collection (folder) name, else the one annotator the export's
    manifest names."""
    text = doc["text"].removesuffix("\n")
    aid = imp.article_by_text(doc["stem"], text)
    who = imp.layer or doc["layer"] or imp.brat_layer or imp.store.annotator
    tagset = imp.store.tagset
    attr_types = _attribute_reader(tagset)
    spans: dict[str, Any] = {}
    pending: dict[str, dict[str, Any]] = {}
    relations, rest = [], []
    for n, line in enumerate(doc["lines"], 1):
        if not line.strip():
            continue
        if line.startswith("T"):
            m = _T_LINE.match(line)
            if not m:
                raise ValueError(f"line {n}: not a brat text-bound annotation")
            tid = line.split("\t", 1)[0]
            bounds = [tuple(map(int, piece.split())) for piece in m.group(2).split(";")]
            pending[tid] = {"label": m.group(1), "start": bounds[0][0], "end": bounds[-1][1]}
        else:
            rest.append((n, line))
    for n, line in rest:
        fields = line.split("\t")
        head = fields[1].split(" ") if len(fields) > 1 else []
        kind = line[0]
        if kind == "R" and len(head) == 3:
            relations.append(
                (head[0], head[1].removeprefix("Arg1:"), head[2].removeprefix("Arg2:"))
            )
        elif kind == "A" and len(head) in (2, 3) and head[1] in pending:
            target = pending[head[1]]
            found = attr_types.get((head[0], target["label"]))
            if found is None:
                raise ValueError(f"line {n}: attribute {head[0]!r} is not in the tag set")
            name, brat_type = found
            value: Any = True
            if brat_type.kind == "enum":
                value = _enum_value(head[2], target["label"], name, tagset)
            target.setdefault("attrs", {})[name] = value
        elif kind == "N" and len(head) == 3 and head[1] in pending:
            ref = head[2].removeprefix(f"{WIKIDATA_DB}:")
            pending[head[1]].setdefault("attrs", {})["wikidata"] = ref
        elif kind == "#" and len(head) == 2 and head[1] in pending and len(fields) > 2:
            target = pending[head[1]]
            kinds = attribute_kinds(tagset, target["label"])
            for item in unescape_field(fields[2]).split("; "):
                key, sep, value = item.partition("=")
                if not sep:
                    raise ValueError(f"line {n}: note {item!r} is not key=value")
                target.setdefault("attrs", {})[key] = (
                    value == "True" if kinds.get(key, ("string",))[0] == "bool" else value
                )
        else:
            raise ValueError(f"line {n}: cannot read {line[:40]!r}")
    for tid, t in pending.items():
        spans[tid] = imp.add_span(
            aid, None, t["start"], t["end"], t["label"], who, attrs=t.get("attrs", {})
        ).id
    for type_, head_t, tail_t in relations:
        if head_t not in spans or tail_t not in spans:
            raise ValueError(f"relation {type_}: Arg1 and Arg2 must be T annotations")
        imp.add_relation(aid, None, type_, spans[head_t], spans[tail_t], who)
