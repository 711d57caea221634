"""`curator export --format brat`: a folder brat opens, standoff rules, exact offsets, atomic."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_ID
from test_export import MORE_ID, UNICODE_ID, annotate_more, annotate_two, invoke

from curator.domain.mqm import normalize_category
from curator.domain.text import ARTICLE_SEPARATOR
from curator.formats import brat as brat_mod
from curator.formats.brat import CONF_MARK, file_stem, listing_sha256, text_pieces
from curator.formats.escape import LINE_BREAKS, unescape_field
from curator.formats.export import ExportFilters, export, iter_records
from curator.store.store import Store

T_LINE = re.compile(r"T[0-9]+")
SPAN_LIST = re.compile(r"[0-9]+ [0-9]+(;[0-9]+ [0-9]+)*")


@pytest.fixture
def rich(sample_db: Store, tmp_path: Path) -> Store:
    annotate_two(sample_db, tmp_path)
    annotate_more(sample_db, tmp_path)
    return sample_db


def read_ann(ann: Path, txt: str) -> dict[str, list[list[str]]]:
    """Parse a .ann file with plain Python, asserting brat's standoff rules on the way:
    tab-separated fields, one annotation per line, ids unique, T text equal to the slice(s)
    of the .txt (discontinuous pieces joined by a space), references to existing T ids."""
    raw = ann.read_text("utf-8")
    assert raw == "" or raw.endswith("\n")
    lines = raw[:-1].split("\n") if raw else []
    assert raw.splitlines() == lines  # no other line break hides inside a line
    by_kind: dict[str, list[list[str]]] = {}
    ids: set[str] = set()
    t_ids: set[str] = set()
    for line in lines:
        fields = line.split("\t")
        ann_id = fields[0]
        assert ann_id not in ids, f"duplicate id {ann_id} in {ann.name}"
        ids.add(ann_id)
        kind = ann_id[0]
        assert re.fullmatch(r"[TRAN#][0-9]+", ann_id), line
        if kind == "T":
            assert len(fields) == 3, line
            label, spans = fields[1].split(" ", 1)
            assert SPAN_LIST.fullmatch(spans), line
            pieces = [tuple(map(int, p.split(" "))) for p in spans.split(";")]
            for i, (a, b) in enumerate(pieces):
                assert 0 <= a < b <= len(txt), line
                assert "\n" not in txt[a:b] and "\t" not in txt[a:b], line
                if i:
                    assert pieces[i - 1][1] < a, line  # brat refuses touching pieces
            assert fields[2] == " ".join(txt[a:b] for a, b in pieces), line
            t_ids.add(ann_id)
            by_kind.setdefault("T", []).append([ann_id, label, spans, fields[2]])
            continue
        words = fields[1].split(" ")
        if kind == "R":
            assert len(fields) == 2 and len(words) == 3, line
            assert words[1].startswith("Arg1:") and words[2].startswith("Arg2:"), line
            refs = [words[1][5:], words[2][5:]]
        elif kind == "A":
            assert len(fields) == 2 and len(words) in (2, 3), line
            refs = [words[1]]
        elif kind == "N":
            assert len(fields) == 3 and len(words) == 3 and words[0] == "Reference", line
            assert re.fullmatch(r"Wikidata:Q[1-9][0-9]*", words[2]), line
            refs = [words[1]]
        else:
            assert len(fields) == 3 and words[0] == "AnnotatorNotes" and len(words) == 2, line
            refs = [words[1]]
        for ref in refs:
            assert T_LINE.fullmatch(ref) and ref in t_ids, f"{line}: {ref} is not a T id above"
        by_kind.setdefault(kind, []).append([ann_id, *words, *fields[2:]])
    return by_kind


def export_brat(store: Store, out: Path, *args: str):
    result = invoke(store.path, "export", *args, "--format", "brat", "-o", out)
    assert result.exit_code == 0, result.output
    return result


def article_text(store: Store, article_id: str) -> str:
    return ARTICLE_SEPARATOR.join(p.text for p in store.paragraphs(article_id))


# -- layout and standoff ----------------------------------------------------------------------


def test_layers_are_collections_and_every_span_is_exact(rich: Store, tmp_path: Path):
    out = tmp_path / "brat"
    result = export_brat(rich, out, "--all")
    top = sorted(p.name for p in out.iterdir())
    assert top == ["alice", "annotation.conf", "bob", "tools.conf", "visual.conf"]
    docs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ann"))
    more = file_stem(MORE_ID, set())
    assert docs == [
        f"alice/{SAMPLE_ID}.ann",
        f"alice/{more}.ann",
        f"alice/{UNICODE_ID}.ann",
        f"bob/{SAMPLE_ID}.ann",
    ]
    records = {
        (r.annotator, r.article_id): r
        for r in iter_records(rich, ExportFilters(everyone=True, unit="article"))
    }
    n_t = 0
    for (who, aid), rec in records.items():
        stem = file_stem(aid, set())
        txt = (out / who / f"{stem}.txt").read_text("utf-8")
        assert txt == article_text(rich, aid) + "\n" == rec.text + "\n"
        parsed = read_ann(out / who / f"{stem}.ann", txt)
        n_t += len(parsed["T"])
        assert [t[1] for t in parsed["T"]] == [s.label for s in rec.spans]
        for t, s in zip(parsed["T"], rec.spans, strict=True):
            pieces = [tuple(map(int, p.split(" "))) for p in t[2].split(";")]
            assert s.start <= pieces[0][0] and pieces[-1][1] <= s.end
            cut = "".join(txt[a:b] for a, b in pieces)
            assert cut == re.sub(f"[\t{LINE_BREAKS}]", "", s.text)  # only line breaks left out
    assert n_t == sum(len(r.spans) for r in records.values())
    assert f"{len(records)} records, {n_t} spans" in result.stderr


def test_unicode_offsets_are_code_points(rich: Store, tmp_path: Path):
    out = tmp_path / "brat"
    export_brat(rich, out, "--annotator", "alice")
    txt = (out / f"{UNICODE_ID}.txt").read_text("utf-8")
    t = {line[3]: line[2] for line in read_ann(out / f"{UNICODE_ID}.ann", txt)["T"]}
    for needle in ("👩🏽‍⚕️", "北京", "שלום עולם", "q\u0301", "क्षत्रि", "😀"):
        start = txt.index(needle)
        assert t[needle] == f"{start} {start + len(needle)}"
    start = txt.index("北京")
    utf16 = len(txt[:start].encode("utf-16-le")) // 2
    assert utf16 > start  # the emoji before it would shift UTF-16 offsets: code points it is


def test_line_breaks_attributes_normalisations_notes(rich: Store, tmp_path: Path):
    out = tmp_path / "brat"
    export_brat(rich, out, "--annotator", "alice")
    stem = file_stem(MORE_ID, set())
    txt = (out / f"{stem}.txt").read_text("utf-8")
    ann = read_ann(out / f"{stem}.ann", txt)
    t_of = {t[3]: t[0] for t in ann["T"]}
    claim = next(t for t in ann["T"] if t[1] == "claim" and ";" in t[2])
    assert claim[3] == "the plan was final" and claim[2].count(";") == 2
    attrs = {(a[2], a[1]): a[3:] for a in ann["A"]}
    date = t_of["16 May 2022"]
    assert attrs[(date, "anchored_to_dct")] == []  # binary attribute: no value
    assert attrs[(date, "timex_type")] == ["DATE"]
    error = t_of["remmark"]
    value = attrs[(error, "category")][0]
    assert value == "Locale_convention/Date_format"
    assert normalize_category(value) == "Locale convention/Date format"
    assert attrs[(error, "severity")] == ["major"]
    norms = {n[2]: (n[3], n[4]) for n in ann["N"]}
    assert norms[t_of["Officials"]] == ("Wikidata:Q2", "Government officials")
    assert norms[t_of["The ministry"]] == ("Wikidata:Q42", "Ministry of Truth")
    notes = {n[2]: unescape_field(n[3]) for n in ann["#"]}
    assert notes[error] == "correction=remark; note=two m\tin one\nword"
    assert notes[claim[0]] == "summary=The plan was final; verdict=Misleading"
    rels = {(r[1], r[2][5:], r[3][5:]) for r in ann["R"]}
    assert ("attributed_to", claim[0], t_of["Officials"]) in rels
    assert ("claim_date", claim[0], date) in rels


def test_conf_files_declare_what_the_ann_files_use(rich: Store, tmp_path: Path):
    out = tmp_path / "brat"
    export_brat(rich, out, "--all")
    conf = (out / "annotation.conf").read_text("utf-8")
    assert conf.startswith(CONF_MARK)
    sections: dict[str, list[str]] = {}
    current = ""
    for line in conf.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif line and not line.startswith("#"):
            sections[current].append(line)
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    tagset = rich.tagset
    assert sections["entities"] == [lab.name for lab in tagset.labels]
    relations = {line.split("\t")[0] for line in sections["relations"]}
    assert relations == {r.name for r in tagset.relations} | {"<OVERLAP>"}
    declared: dict[str, set[str] | None] = {}
    for line in sections["attributes"]:
        name, args = line.split("\t")
        for arg in args.split(", "):
            assert re.fullmatch(r"\S+:\S+", arg), arg  # brat's config grammar: no spaces
        values = [a[6:] for a in args.split(", ") if a.startswith("Value:")]
        declared[name] = set(values[0].split("|")) if values else None
    for ann in out.rglob("*.ann"):
        txt = ann.with_suffix(".txt").read_text("utf-8")
        parsed = read_ann(ann, txt)
        assert {t[1] for t in parsed["T"]} <= set(sections["entities"])
        assert {r[1] for r in parsed.get("R", [])} <= relations
        for a in parsed.get("A", []):
            values = declared[a[1]]
            assert (values is None) == (len(a) == 3), a
            assert values is None or a[3] in values, a
    visual = (out / "visual.conf").read_text("utf-8")
    for lab in tagset.labels:
        assert f"{lab.name}\tbgColor:{lab.color}" in visual
    assert "<URLBASE>:https://www.wikidata.org/wiki/%s" in (out / "tools.conf").read_text()


def test_one_layer_is_flat_default_path_and_manifest(rich: Store, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(rich.path, "export", "--annotator", "bob", "--format", "brat")
    assert result.exit_code == 0, result.output
    out = tmp_path / "exports" / "curator-brat-bob"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{SAMPLE_ID}.ann", f"{SAMPLE_ID}.txt", "annotation.conf", "tools.conf", "visual.conf"]
    )
    manifest = json.loads((tmp_path / "exports" / "curator-brat-bob.manifest.json").read_text())
    files = {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in out.rglob("*")
        if p.is_file()
    }
    assert manifest["files"] == files
    assert manifest["sha256"] == listing_sha256(files)
    assert manifest["records"] == 1 and manifest["filters"]["unit"] == "article"


def test_names_never_leave_the_folder(rich: Store, tmp_path: Path):
    assert file_stem("../../x", set()).startswith("x-")
    used: set[str] = set()
    stems = [file_stem(n, used) for n in ("a_b", "a:b", "A_B", "a/b", "..", "")]
    assert len({s.casefold() for s in stems}) == len(stems)
    assert all(re.fullmatch(r"[\w+-]+", s) and not s.startswith(".") for s in stems)
    evil = Store.open(rich.path, annotator="../../evil", session="e")
    try:
        evil.add_span(SAMPLE_ID, 1, 0, 3, "claim")
    finally:
        evil.close()
    out = tmp_path / "deep" / "brat"
    export_brat(rich, out, "--all")
    root = out.resolve()
    assert all(p.resolve().is_relative_to(root) for p in out.rglob("*"))
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [
        "alice",
        "bob",
        file_stem("../../evil", set()),
    ]
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == [
        "brat",
        "brat.manifest.json",
    ]


def test_text_pieces_cut_at_every_line_break():
    text = "ab\ncd\teф\u2028g\r\n\nh"
    assert [text[a:b] for a, b in text_pieces(text, 0, len(text))] == [
        "ab",
        "cd",
        "eф",
        "g",
        "h",
    ]
    assert text_pieces("a\n\nb", 1, 3) == []  # nothing but line breaks: cannot be written
    assert text_pieces("a\nb", 0, 2) == [(0, 1)]


# -- determinism and atomicity ------------------------------------------------------------------


def test_repeat_export_is_byte_identical_and_replaces(rich: Store, tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    export_brat(rich, a, "--all")
    export_brat(rich, b, "--all")

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(a) == tree(b) and tree(a)
    ma, mb = (json.loads(Path(f"{p}.manifest.json").read_text()) for p in (a, b))
    assert ma["sha256"] == mb["sha256"]
    (a / "alice" / "stale.ann").write_text("")
    export_brat(rich, a, "--all")
    assert tree(a) == tree(b)  # the previous export was replaced, not merged into
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_interrupted_export_leaves_no_folder(rich: Store, tmp_path: Path, monkeypatch):
    out = tmp_path / "brat"
    calls = {"n": 0}
    real = brat_mod.ann_text

    def failing(rec, tagset):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(rec, tagset)

    monkeypatch.setattr(brat_mod, "ann_text", failing)
    with pytest.raises(KeyboardInterrupt):
        export(rich, ExportFilters(everyone=True, format="brat"), out)
    assert not out.exists() and not Path(f"{out}.manifest.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brat")]

    monkeypatch.setattr(brat_mod, "ann_text", real)
    export(rich, ExportFilters(everyone=True, format="brat"), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls["n"] = 0
    monkeypatch.setattr(brat_mod, "ann_text", failing)
    with pytest.raises(KeyboardInterrupt):
        export(rich, ExportFilters(everyone=True, format="brat"), out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brat")]


def test_refuses_to_replace_a_folder_it_did_not_write(rich: Store, tmp_path: Path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    result = invoke(rich.path, "export", "--all", "--format", "brat", "-o", out)
    assert result.exit_code == 1 and "not a curator brat export" in result.output
    assert (out / "thesis.txt").read_text() == "precious"
    result = invoke(rich.path, "export", "--all", "--format", "brat", "-o", "-")
    assert result.exit_code == 1 and "folder" in result.output
