"""Exports that load in their consumers and come back: the round-trip table over formats.

For every format that can carry it, export -> import into a fresh database -> export is
byte-identical. The corpus (`formats_corpus`) is synthetic and holds what shifts offsets in
other tools: astral emoji, combining marks, Cyrillic, curly quotes, a newline in a paragraph.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from formats_corpus import SYNTH_ID, add_synthetic, fresh_copy

from curator.cli import cli
from curator.formats.articles import collect_files, read_drafts
from curator.formats.export import ExportFilters, iter_records
from curator.store.imports import import_articles
from curator.store.store import Store


def invoke(db: Path, *args: str | Path):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *map(str, args)])


@pytest.fixture
def synth(fresh_db: Store, tmp_path: Path) -> Store:
    add_synthetic(fresh_db, tmp_path)
    return fresh_db


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def layer_state(path: Path, relations: bool = True, statuses: bool = True) -> set[tuple]:
    """Spans, relations (by their spans) and statuses of every layer of a database."""
    with Store.open(path, create=False) as store:
        state: set[tuple] = set()
        for rec in iter_records(store, ExportFilters(everyone=True)):
            by_id = {s.id: (s.start, s.end, s.label) for s in rec.spans}
            where = (rec.article_id, rec.paragraph, rec.annotator)
            if statuses:
                state.add((*where, "status", rec.status))
            state |= {(*where, s.start, s.end, s.label, s.text) for s in rec.spans}
            if relations:
                state |= {(*where, r.type, by_id[r.head], by_id[r.tail]) for r in rec.relations}
        return state


# -- minimal records in ---------------------------------------------------------------------------


def test_minimal_records_are_imported(synth: Store, tmp_path: Path):
    target = fresh_copy(tmp_path)
    text = synth.paragraph_text(SYNTH_ID, 1)
    start = text.index("Москва")
    lines = [
        {
            "article_id": SYNTH_ID,
            "paragraph": 1,
            "spans": [{"start": start, "end": start + 6, "label": "speaker"}],
        },
        # article offsets (no paragraph), the text checked because it is given
        {
            "article_id": SYNTH_ID,
            "text": "\n\n".join(synth.paragraph_text(SYNTH_ID, i) for i in range(4)),
            "spans": [{"start": 0, "end": 9, "label": "claim", "text": "Синтетика"}],
        },
    ]
    path = tmp_path / "minimal.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), "utf-8")
    result = invoke(target, "import-annotations", path)
    assert result.exit_code == 0, result.output
    with Store.open(target, create=False) as store:
        spans = sorted(
            (s.paragraph, s.text, s.label, s.origin)
            for s in store.spans(SYNTH_ID, annotator="alice")
        )
        assert store.annotators() == ["alice"]  # the CLI's --annotator: the record names none
    assert spans == [(0, "Синтетика", "claim", "imported"), (1, "Москва", "speaker", "imported")]


def test_minimal_record_text_is_checked_and_unknown_keys_refused(synth: Store, tmp_path: Path):
    target = fresh_copy(tmp_path)
    path = tmp_path / "bad.jsonl"
    for line, message in [
        ({"article_id": SYNTH_ID, "paragraph": 3, "text": "other", "spans": []}, "differs"),
        ({"article_id": SYNTH_ID, "paragraph": 9, "spans": []}, "no such paragraph"),
        ({"article_id": SYNTH_ID, "paragraph": 3, "spanz": []}, "spanz"),
        (
            {
                "article_id": SYNTH_ID,
                "paragraph": 3,
                "spans": [{"start": 0, "end": 7, "label": "claim", "text": "x"}],
            },
            "text",
        ),
    ]:
        path.write_text(json.dumps(line) + "\n", "utf-8")
        result = invoke(target, "import-annotations", path)
        assert result.exit_code == 1 and "line 1:" in result.output, result.output
        assert message in result.output


# -- Prodigy / spaCy ------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_prodigy_tokens_make_a_spacy_doc_of_the_text(synth: Store, tmp_path: Path, unit: str):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install spacy)")
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    out = tmp_path / "p.jsonl"
    result = invoke(synth.path, "export", "--all", "--format", "prodigy", "--unit", unit, "-o", out)
    assert result.exit_code == 0, result.output
    checked = 0
    for task in read_jsonl(out):
        words = [t["text"] for t in task["tokens"]]
        doc = Doc(vocab, words=words, spaces=[t["ws"] for t in task["tokens"]])
        assert doc.text == task["text"]
        for s in task["spans"]:
            span = doc.char_span(s["start"], s["end"])
            assert span is not None and span.text == s["text"], s
            assert (span.start, span.end - 1) == (s["token_start"], s["token_end"])
            checked += 1
    assert checked == sum(
        len(r.spans) for r in iter_records(synth, ExportFilters(everyone=True, unit=unit))
    )


def test_prodigy_whitespace_tokens_are_spacy_s():
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install spacy)")
    from curator.formats.interop import aligned_tokens

    nlp = spacy.blank("en")
    for text in ["a\nb", "  a  b \n\nc ", "a \n b", "a\n b", "x\u00a0y"]:
        ours = [(t.text, t.ws) for t in aligned_tokens(text, []) if t.text.isspace()]
        theirs = [(t.text, bool(t.whitespace_)) for t in nlp(text) if t.is_space]
        assert ours == theirs, text


# -- the round-trip table -------------------------------------------------------------------------

ROUND_TRIPS = [
    # (format, export options, import options, what the format cannot carry)
    ("curator", ["--unit", "paragraph"], [], ""),
    ("curator", ["--unit", "article"], [], ""),
    ("prodigy", ["--unit", "paragraph"], [], "attrs, span ids, origins"),
    ("prodigy", ["--unit", "article"], [], "attrs, span ids, origins"),
    ("doccano", ["--layout", "label"], [], "relations, attrs, span ids, origins"),
    ("doccano", ["--layout", "label", "--unit", "article"], [], "relations, attrs, ids, origins"),
    ("doccano", ["--layout", "relation"], [], "attrs, span ids, origins"),
    ("doccano", ["--layout", "relation", "--unit", "article"], [], "attrs, span ids, origins"),
    (
        "doccano",
        ["--layout", "relation", "--offsets", "codepoint"],
        ["--offsets", "codepoint"],
        "attrs, span ids, origins",
    ),
    ("labelstudio", ["--unit", "paragraph"], [], "origins"),
    ("labelstudio", ["--unit", "article"], [], "origins"),
    ("labelstudio", ["--offsets", "codepoint"], ["--offsets", "codepoint"], "origins"),
    ("mqm", ["--unit", "paragraph"], [], "every label but rated translation errors"),
    ("mqm", ["--unit", "article"], [], "every label but rated translation errors"),
    ("brat", [], [], "paragraph statuses, span ids, origins"),
]


@pytest.fixture(params=["synthetic", "sample"])
def corpus(request, fresh_db: Store, tmp_path: Path) -> tuple[Store, Path]:
    """(annotated database, a fresh database with the same articles): the synthetic corpus,
    or the bundled sample with test_export's Unicode and line-break articles."""
    if request.param == "synthetic":
        add_synthetic(fresh_db, tmp_path)
        return fresh_db, fresh_copy(tmp_path)
    from conftest import SAMPLE
    from test_export import UNICODE_ID, annotate_more, annotate_two

    import_articles(fresh_db, list(read_drafts(collect_files([SAMPLE]))))
    annotate_two(fresh_db, tmp_path)
    annotate_more(fresh_db, tmp_path)
    target = tmp_path / "fresh.db"
    files = [SAMPLE, tmp_path / f"{UNICODE_ID}.txt", tmp_path / "lines-mix.txt"]
    with Store.open(target, annotator="carol") as store:
        import_articles(store, list(read_drafts(collect_files(files))))
    return fresh_db, target


@pytest.mark.parametrize(
    "fmt, export_opts, import_opts, loses",
    ROUND_TRIPS,
    ids=[f"{f}-{'-'.join(o).replace('--', '')}" for f, o, _, _ in ROUND_TRIPS],
)
def test_round_trip_is_byte_identical(
    corpus: tuple[Store, Path],
    tmp_path: Path,
    fmt: str,
    export_opts: list[str],
    import_opts: list[str],
    loses: str,
):
    synth, target = corpus
    first, second = tmp_path / "first.out", tmp_path / "second.out"
    args = ["export", "--all", "--format", fmt, *export_opts]
    result = invoke(synth.path, *args, "-o", first)
    assert result.exit_code == 0, result.output
    result = invoke(target, "import-annotations", first, "--format", fmt, *import_opts)
    assert result.exit_code == 0, result.output
    result = invoke(target, *args, "-o", second)
    assert result.exit_code == 0, result.output
    if fmt != "brat":
        assert second.read_bytes() == first.read_bytes()
    # what the format cannot carry (`loses`) is not in either file; spans, relations and
    # paragraph statuses all come back
    if fmt == "brat":  # a folder: every file the same
        files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
        assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
        assert layer_state(target, statuses=False) == layer_state(synth.path, statuses=False)
        return
    if fmt == "mqm":  # the errors come back, and the done marks of clean paragraphs
        assert errors_of(target) == errors_of(synth.path)
        return
    keep = "relations" not in loses
    assert layer_state(target, keep) == layer_state(synth.path, keep)


def errors_of(path: Path) -> set[tuple]:
    with Store.open(path, create=False) as store:
        return {
            (r.paragraph, r.annotator, s.start, s.end, s.text, tuple(sorted(s.attrs.items())))
            for r in iter_records(store, ExportFilters(everyone=True))
            for s in r.spans
            if s.label == "translation_error" and {"category", "severity"} <= set(s.attrs)
        }


def test_doccano_warns_about_overlaps_and_escapes_to_ascii(synth: Store, tmp_path: Path):
    out = tmp_path / "d.jsonl"
    result = invoke(synth.path, "export", "--all", "--format", "doccano", "-o", out)
    assert result.exit_code == 0
    # doccano drops 2: "said “the plan…" overlaps only "👩🏽‍⚕️ said", which doccano drops first
    assert "warning: doccano: 2 spans overlap" in result.output
    assert "relations use them" not in result.output  # the label layout has no relations
    data = out.read_bytes()
    assert data.isascii() and b"\\u041c" in data  # the M of Moscow, escaped
    lines = [json.loads(line) for line in data.splitlines()]
    assert {tuple(sorted(r)) for r in lines} == {("label", "meta", "text")}
    assert all(isinstance(r["meta"], dict) and r["meta"] for r in lines)  # never NaN


def test_doccano_overlaps_are_counted_as_doccano_drops_them(synth: Store, tmp_path: Path):
    """doccano keeps a span that starts at or after the end of the last span it kept (its
    `Spans.clean`), so the warning counts those it drops, not every overlap; in the relation
    layout it names the relations that use them, which stop doccano's import."""
    from curator.formats.interop import doccano_dropped, overlapping

    (rec,) = [
        r
        for r in iter_records(synth, ExportFilters(everyone=True))
        if r.annotator == "alice" and r.paragraph == 1
    ]
    dropped = {s.text for s in rec.spans if s.id in doccano_dropped(rec)}
    assert dropped == {"👩🏽\u200d⚕️ said", "🇧🇾 agreed"}  # "said “the plan…" stays
    assert overlapping(rec) == (2, 1)  # one attributed_to uses the dropped speaker
    out = tmp_path / "r.jsonl"
    args = ["export", "--all", "--format", "doccano", "--layout", "relation", "-o", out]
    result = invoke(synth.path, *args)
    assert result.exit_code == 0, result.output
    assert "warning: doccano: 2 spans overlap" in result.output
    assert "and 1 relations use them: doccano 1.8 then stops the import" in result.output


# -- MQM TSV ------------------------------------------------------------------------------------


def test_mqm_target_shows_line_breaks_as_spaces_and_offsets_count_utf16(
    synth: Store, tmp_path: Path
):
    from test_export_mqm import read_tsv

    out = tmp_path / "m.tsv"
    assert invoke(synth.path, "export", "--all", "--format", "mqm", "-o", out).exit_code == 0
    rows = read_tsv(out)
    para = synth.paragraph_text(SYNTH_ID, 1)
    spelling = next(r for r in rows if r["metadata"].get("marked_text") == "q\u0301")
    target = spelling["target"]
    assert "\\n" not in target and target.replace("<v>", "").replace("</v>", "") == para.replace(
        "\n", " "
    )
    # JavaScript's target.indexOf finds the span where the metadata says: UTF-16 units
    u16 = para.encode("utf-16-le")
    start, end = spelling["metadata"]["start"], spelling["metadata"]["end"]
    assert u16[2 * start : 2 * end].decode("utf-16-le") == "q\u0301"
    assert (
        start
        == len(para[: para.index("q\u0301")].encode("utf-16-le")) // 2
        != para.index("q\u0301")
    )
    out_cp = tmp_path / "cp.tsv"
    args = ["export", "--all", "--format", "mqm", "--offsets", "codepoint", "-o", out_cp]
    assert invoke(synth.path, *args).exit_code == 0
    row = next(r for r in read_tsv(out_cp) if r["metadata"].get("marked_text") == "q\u0301")
    assert para[row["metadata"]["start"] : row["metadata"]["end"]] == "q\u0301"


def test_mqm_scores_agree_with_the_viewer_but_for_source_errors(synth: Store, tmp_path: Path):
    """curator scores as WMT publishes segment scores: a major Source error weighs 5. The
    viewer's current default weights (its `:source` rule) leave Source errors out; on every
    other row curator's per-record score and the viewer's per-segment sum agree."""
    from test_export_mqm import read_tsv, viewer_weight

    out = tmp_path / "m.tsv"
    assert invoke(synth.path, "export", "--all", "--format", "mqm", "-o", out).exit_code == 0
    rows = read_tsv(out)
    source = next(r for r in rows if r["category"] == "Source error")
    assert source["severity"] == "Major" and viewer_weight("Major", "Source error") == 0.0
    by_segment: dict[tuple[int, str], float] = {}
    for r in rows:
        key = (int(r["docSegId"]) - 1, r["rater"])
        weight = viewer_weight(r["severity"], r["category"])
        if r["category"] == "Source error":
            weight = {"Major": 5.0, "Minor": 1.0}[r["severity"]]
        by_segment[key] = by_segment.get(key, 0.0) + weight
    records = {
        (rec.paragraph, rec.annotator): rec.mqm
        for rec in iter_records(synth, ExportFilters(everyone=True))
    }
    assert by_segment == pytest.approx({k: records[k] for k in by_segment})


# -- Label Studio ---------------------------------------------------------------------------------


def utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_labelstudio_tasks_and_config(synth: Store, tmp_path: Path):
    import xml.etree.ElementTree as ET

    out, config = tmp_path / "ls.json", tmp_path / "ls.xml"
    args = ["export", "--all", "--format", "labelstudio", "--config", config, "-o", out]
    result = invoke(synth.path, *args)
    assert result.exit_code == 0, result.output
    tasks = json.loads(out.read_text("utf-8"))  # one JSON array, as Label Studio imports
    root = ET.fromstring(config.read_text("utf-8"))
    names = {el.get("name") for el in root.iter() if el.get("name")}
    relations = {el.get("value") for el in root.iter("Relation")}
    labels = {el.get("value") for el in root.iter("Label")}
    regions = 0
    for t in tasks:
        text = t["data"]["text"]
        (entry,) = t["annotations"]
        ids = {r["id"] for r in entry["result"] if r["type"] == "labels"}
        for r in entry["result"]:
            if r["type"] == "relation":
                assert r["labels"][0] in relations and {r["from_id"], r["to_id"]} <= ids
                continue
            assert r["from_name"] in names and r["to_name"] == "text" and r["id"] in ids
            v = r["value"]
            if r["type"] == "labels":
                regions += 1
                assert v["labels"][0] in labels
                # Label Studio stores code points (its editor's charsToCodePoints)
                assert text[v["start"] : v["end"]] == v["text"]
    assert regions == sum(len(r.spans) for r in iter_records(synth, ExportFilters(everyone=True)))
    assert any(
        text != text.encode("ascii", "ignore").decode()
        for text in (t["data"]["text"] for t in tasks)
    )


def test_labelstudio_own_export_is_imported(synth: Store, tmp_path: Path):
    """A task as Label Studio exports it: its own region ids, completed_by, no curator meta,
    offsets in code points (as its interface stores them)."""
    target = fresh_copy(tmp_path)
    text = synth.paragraph_text(SYNTH_ID, 1)
    u16 = lambda i: i  # noqa: E731  (code points: Label Studio's unit)
    c, d = text.index("said"), text.index("16 May")
    task = {
        "id": 7,
        "data": {"text": text},
        "annotations": [
            {
                "id": 3,
                "completed_by": 1,
                "result": [
                    {
                        "id": "Ab_3xZ",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": u16(c),
                            "end": u16(c + 4),
                            "text": "said",
                            "labels": ["claim"],
                        },
                    },
                    {
                        "id": "Ab_3xZ",
                        "from_name": "claim_check_worthy",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"start": u16(c), "end": u16(c + 4), "choices": ["unsure"]},
                    },
                    {
                        "id": "q9",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": u16(d), "end": u16(d + 6), "labels": ["date"]},
                    },
                    {
                        "id": "q9",
                        "from_name": "date_value",
                        "to_name": "text",
                        "type": "textarea",
                        "value": {"start": u16(d), "end": u16(d + 6), "text": ["2022-05-16"]},
                    },
                    {
                        "id": "q9",
                        "from_name": "date_timex_type",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"start": u16(d), "end": u16(d + 6), "choices": ["DATE"]},
                    },
                    {
                        "from_id": "Ab_3xZ",
                        "to_id": "q9",
                        "type": "relation",
                        "direction": "right",
                        "labels": ["claim_date"],
                    },
                ],
            }
        ],
    }
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), "utf-8")
    result = invoke(target, "import-annotations", path, "--format", "labelstudio")
    assert result.exit_code == 0, result.output
    assert "Imported 2 spans, 1 relations" in result.output
    with Store.open(target, create=False) as store:
        assert store.annotators() == ["labelstudio-1"]
        spans = {s.text: s for s in store.spans(SYNTH_ID, annotator="labelstudio-1")}
    assert spans["said"].attrs_dict()["check_worthy"] == "unsure"
    assert spans["16 May"].attrs_dict() == {"timex_type": "DATE", "value": "2022-05-16"}
    assert all(len(s.id) == 16 and s.id != "q9" for s in spans.values())  # ids derived
    assert spans["16 May"].paragraph == 1 and spans["16 May"].start == d


def test_labelstudio_counts_code_points_unless_utf16_is_asked(synth: Store, tmp_path: Path):
    """Label Studio's interface stores code points (`charsToCodePoints` in its editor's
    selection-tools.js; 😀 is one position), so the default export places a span after an
    emoji where Label Studio shows it; `--offsets utf16` still writes UTF-16 units for old
    versions, and each reads back with the same option."""
    text = synth.paragraph_text(SYNTH_ID, 2)  # "... café́ and 😀😀 twice."
    start = text.index("😀😀")
    for extra, want in (
        ([], start),
        (["--offsets", "utf16"], len(text[:start].encode("utf-16-le")) // 2),
    ):
        out = tmp_path / f"ls{len(extra)}.json"
        result = invoke(
            synth.path,
            "export",
            "--format",
            "labelstudio",
            "--annotator",
            "alice",
            *extra,
            "-o",
            out,
        )
        assert result.exit_code == 0, result.output
        (task,) = [t for t in json.loads(out.read_text("utf-8")) if t["data"]["text"] == text]
        (region,) = [
            r for r in task["annotations"][0]["result"]
            if r["type"] == "labels" and r["value"]["text"] == "😀😀 "
        ]  # fmt: skip
        assert region["value"]["start"] == want
        manifest = json.loads(Path(f"{out}.manifest.json").read_text("utf-8"))
        assert "utf16" in json.dumps(manifest) if extra else "utf16" not in json.dumps(manifest)
        target = fresh_copy(tmp_path, f"fresh{len(extra)}.db")
        args = ["import-annotations", out, "--format", "labelstudio", *extra]
        result = invoke(target, *args)
        assert result.exit_code == 0, result.output
        with Store.open(target, create=False) as store:
            assert "😀😀 " in {s.text for s in store.spans(SYNTH_ID, annotator="alice")}


# -- CoNLL --------------------------------------------------------------------------------------


def test_conll_is_read_by_spacy_with_the_kept_spans(synth: Store, tmp_path: Path):
    from curator.formats.conll import resolve_overlaps

    out = tmp_path / "c.conll"
    result = invoke(synth.path, "export", "--all", "--format", "conll", "-o", out)
    assert result.exit_code == 0, result.output
    assert "warning: conll: 2 spans overlap" in result.output  # the rule drops two, whole
    data = out.read_text("utf-8")
    blocks = [b for b in data.split("-DOCSTART- -X- -X- O\n\n") if b]
    assert len(blocks) == 2  # one document per (article, annotator)
    expected = []
    for rec in iter_records(synth, ExportFilters(everyone=True)):
        kept, _ = resolve_overlaps(rec.spans, synth.tagset)
        expected += [
            (s.label, "".join(s.text.split())) for s in sorted(kept, key=lambda s: s.start)
        ]
    for line in data.splitlines():
        assert not line or len(line.split(" ")) == 4, line
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install spacy)")
    from spacy.training.converters import conll_ner_to_docs

    docs = conll_ner_to_docs(data, n_sents=1, no_print=True)
    got = [(e.label_, "".join(t.text for t in e)) for doc in docs for e in doc.ents]
    assert got == expected and spacy  # every kept span is one entity, token for token


def test_brat_one_layer_folder_takes_its_annotator_from_the_manifest(synth: Store, tmp_path: Path):
    out = tmp_path / "flat"
    assert (
        invoke(synth.path, "export", "--annotator", "bob", "--format", "brat", "-o", out).exit_code
        == 0
    )
    target = fresh_copy(tmp_path)
    result = invoke(target, "import-annotations", out, "--format", "brat")
    assert result.exit_code == 0, result.output
    with Store.open(target, create=False) as store:
        assert store.annotators() == ["bob"]
    bad = invoke(target, "import-annotations", tmp_path / "fresh.db", "--format", "brat")
    assert bad.exit_code == 1 and "folder" in bad.output
    bad = invoke(target, "import-annotations", out, "--format", "curator")
    assert bad.exit_code == 1 and "is a folder" in bad.output


# -- spaCy DocBin ---------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_docbin_docs_hold_every_span(synth: Store, tmp_path: Path, unit: str):
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install spacy)")
    from spacy.tokens import DocBin

    from curator.formats.conll import resolve_overlaps

    out = tmp_path / "d.spacy"
    args = ["export", "--all", "--format", "docbin", "--unit", unit, "-o", out]
    result = invoke(synth.path, *args)
    assert result.exit_code == 0, result.output
    records = list(iter_records(synth, ExportFilters(everyone=True, unit=unit)))
    assert f"Exported {len(records)} records" in result.output
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("en").vocab))
    assert len(docs) == len(records)
    for doc, rec in zip(docs, records, strict=True):
        assert doc.text == rec.text
        got = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
        assert got == [(s.start, s.end, s.label) for s in rec.spans]
        kept, _ = resolve_overlaps(rec.spans, synth.tagset)
        ents = sorted((s.start, s.end, s.label) for s in kept)
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == ents
        assert doc.user_data["curator"]["meta"]["article_id"] == rec.article_id


@pytest.mark.parametrize(
    "fmt, content, message",
    [
        ("labelstudio", "[1]", "task 1: expected a JSON object"),
        ("labelstudio", '[{"data": {}}]', "task 1: data.text"),
        (
            "labelstudio",
            '[{"data": {"text": "Nothing marked here."}, "annotations": [{"result": [{"type": "labels", "value": 3}]}]}]',
            "value must be an object",
        ),
        (
            "labelstudio",
            '[{"data": {"text": "Nothing marked here."}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 99, "labels": ["claim"]}}]}]}]',
            "task 1:",
        ),
        ("labelstudio", "{not json", "not JSON"),
        ("mqm", "nonsense\n", "line 1: expected the MQM header"),
        ("mqm", "system\tdoc\tdocSegId\n1\t2\n", "line 2: 2 columns"),
        (
            "mqm",
            "system\tdoc\tdocSegId\nx\tsynth-mix\t4\t1\ta\t\tother text\tNo-error\tNo-error\t{}\n",
            "target differs",
        ),
        (
            "mqm",
            "system\tdoc\tdocSegId\nx\tsynth-mix\t4\t1\ta\t\tNothing marked here.\tStyle/Awkward\tMinor\t{}\n",
            "one <v>",
        ),
        ("brat", None, "no .ann files"),
    ],
)
def test_bad_imports_name_their_place_and_write_nothing(
    synth: Store, tmp_path: Path, fmt: str, content: str | None, message: str
):
    from conftest import db_state

    target = fresh_copy(tmp_path)
    path = tmp_path / "bad"
    if content is None:
        path.mkdir()
    else:
        path.write_text(content, "utf-8")
    before = db_state(target)
    result = invoke(target, "import-annotations", path, "--format", fmt)
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output and db_state(target) == before


def test_doccano_own_export_is_imported(synth: Store, tmp_path: Path):
    """doccano's export adds `id` and `Comments` and puts curator's meta keys at the top."""
    out = tmp_path / "d.jsonl"
    assert (
        invoke(
            synth.path, "export", "--annotator", "alice", "--format", "doccano", "-o", out
        ).exit_code
        == 0
    )
    lines = []
    for i, r in enumerate(read_jsonl(out), 1):
        lines.append({"id": i, "text": r["text"], "label": r["label"], "Comments": [], **r["meta"]})
    path = tmp_path / "from-doccano.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    target = fresh_copy(tmp_path)
    result = invoke(target, "import-annotations", path, "--format", "doccano")
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.jsonl"
    assert (
        invoke(
            target, "export", "--annotator", "alice", "--format", "doccano", "-o", again
        ).exit_code
        == 0
    )
    assert again.read_bytes() == out.read_bytes()


# -- UIMA CAS XMI (INCEpTION) -----------------------------------------------------------------


def attrs_of(fs) -> tuple:
    """An XMI span's attribute features that are set, as sorted (name, value) pairs."""
    skip = {"begin", "end", "sofa", "curator_id"}
    values = [
        (f.name.removesuffix("_") if f._has_reserved_name else f.name, fs.get(f.name))
        for f in fs.type.all_features
        if f.name not in skip
    ]
    return tuple(sorted((n, v) for n, v in values if v is not None))


@pytest.mark.filterwarnings("ignore:Trying to add feature:UserWarning")
def test_xmi_zip_loads_in_cassis_with_every_span(synth: Store, tmp_path: Path):
    cassis = pytest.importorskip("cassis", reason="dkpro-cassis is not installed")
    import zipfile

    out = tmp_path / "x.zip"
    result = invoke(synth.path, "export", "--all", "--format", "xmi", "-o", out)
    assert result.exit_code == 0, result.output
    again = tmp_path / "y.zip"
    assert invoke(synth.path, "export", "--all", "--format", "xmi", "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # deterministic, ZIP timestamps included
    records = {
        rec.annotator: rec
        for rec in iter_records(synth, ExportFilters(everyone=True, unit="article"))
    }
    with zipfile.ZipFile(out) as zf:
        ts = cassis.load_typesystem(zf.read("TypeSystem.xml").decode())
        names = sorted(n for n in zf.namelist() if n.endswith(".xmi"))
        assert names == ["alice/synth-mix.xmi", "bob/synth-mix.xmi"]
        for name in names:
            rec = records[name.split("/")[0]]
            cas = cassis.load_cas_from_xmi(zf.read(name).decode(), typesystem=ts)
            assert cas.sofa_string == rec.text
            got = sorted(
                (a.begin, a.end, lab.name, a.get_covered_text(), a.curator_id, attrs_of(a))
                for lab in synth.tagset.labels
                for a in cas.select(f"webanno.custom.{lab.name}")
            )
            want = sorted(
                (s.start, s.end, s.label, s.text, s.id, tuple(sorted(s.attrs.items())))
                for s in rec.spans
            )
            assert got == want
            rels = sorted(
                (
                    r.type.name.removeprefix("webanno.custom."),
                    r.Governor.curator_id,
                    r.Dependent.curator_id,
                )
                for rt in synth.tagset.relations
                for r in cas.select(f"webanno.custom.{rt.name}")
            )
            assert rels == sorted((r.type, r.head, r.tail) for r in rec.relations)
            # in the file, offsets are UTF-16 code units, as Java counts
            raw = zf.read(name).decode()
            emoji_span = (
                next(s for s in rec.spans if "👩" in s.text) if name.startswith("alice") else None
            )
            if emoji_span:
                u16 = len(rec.text[: emoji_span.end].encode("utf-16-le")) // 2
                assert f'end="{u16}"' in raw and u16 != emoji_span.end
