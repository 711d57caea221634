"""`curator export`: curator, Prodigy and doccano JSONL, exact offsets, atomic writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE_ID

from curator.cli import cli
from curator.formats import export as export_mod
from curator.formats.articles import collect_files, read_drafts
from curator.formats.export import ExportFilters, export, iter_records
from curator.formats.interop import aligned_tokens
from curator.store.imports import import_articles
from curator.store.store import Store

UNICODE_ID = "unicode-mix"
UNICODE_TEXT = (
    "Doctor 👩🏽‍⚕️ said q\u0301uite: 北京会议 «ok»\u00a0now — שלום עולם مرحبا 🇧🇾 done.\n\n"
    "Second\u00a0paragraph with क्षत्रिय and 😀😀."
)


def _find(
    store: Store, article_id: str, paragraph: int, needle: str, nth: int = 0
) -> tuple[int, int]:
    text = store.paragraph_text(article_id, paragraph)
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _tag(store: Store, aid: str, para: int, needle: str, label: str, attrs=None, annotator=None):
    start, end = _find(store, aid, para, needle)
    return store.add_span(aid, para, start, end, label, attrs, annotator=annotator)


def annotate_two(store: Store, tmp_path: Path) -> None:
    """alice and bob annotate the sample article; alice also a paragraph of tricky Unicode."""
    src = tmp_path / f"{UNICODE_ID}.txt"
    src.write_text(
        "---\nid: unicode-mix\nurl: https://example.org/u\ndct: 2022-05-17\nsource_lang: ru\n"
        "target_lang: en\nmt_system: deepl\n---\nUnicode mix\n\n" + UNICODE_TEXT + "\n",
        "utf-8",
    )
    import_articles(store, list(read_drafts(collect_files([src]))))
    path = store.path
    alice = Store.open(path, annotator="alice", session="a")
    bob = Store.open(path, annotator="bob", session="b")
    try:
        claim = _tag(
            alice, SAMPLE_ID, 2, "The new reality was discussed", "claim", {"check_worthy": "yes"}
        )
        date = _tag(
            alice, SAMPLE_ID, 2, "May 16", "date", {"timex_type": "DATE", "value": "XXXX-05-16"}
        )
        alice.add_relation("claim_date", claim.id, date.id)
        claim2 = _tag(alice, SAMPLE_ID, 3, "arrived in Moscow despite opposition protests", "claim")
        who = _tag(
            alice,
            SAMPLE_ID,
            3,
            "Nikol Pashinyan",
            "speaker",
            {"name": "Nikol Pashinyan", "type": "person"},
        )
        alice.add_relation("attributed_to", claim2.id, who.id)
        _tag(
            alice,
            SAMPLE_ID,
            3,
            "highest organ",
            "translation_error",
            {"category": "Accuracy/Mistranslation", "severity": "major"},
        )
        _tag(
            alice,
            SAMPLE_ID,
            3,
            ",",
            "translation_error",
            {"category": "Fluency/Punctuation", "severity": "minor"},
        )
        for p in (1, 2, 3):
            alice.set_paragraph_status(SAMPLE_ID, p, "done")
        alice.set_paragraph_status(SAMPLE_ID, 4, "skipped")
        _tag(bob, SAMPLE_ID, 2, "May 16", "date", {"timex_type": "DATE", "value": "2022-05-16"})
        _tag(bob, SAMPLE_ID, 4, "very conciliatory expressions", "claim")
        bob.set_paragraph_status(SAMPLE_ID, 2, "done")
        # Unicode: emoji clusters, a combining mark, CJK inside a word, NBSP, RTL, flags.
        u = UNICODE_ID
        uclaim = _tag(alice, u, 1, "Doctor 👩🏽‍⚕️ said", "claim")
        uwho = _tag(alice, u, 1, "👩🏽‍⚕️", "speaker", {"name": "Doctor", "type": "person"})
        alice.add_relation("attributed_to", uclaim.id, uwho.id)
        _tag(
            alice,
            u,
            1,
            "q\u0301",
            "translation_error",
            {"category": "Fluency/Spelling", "severity": "minor"},
        )
        _tag(
            alice, u, 1, "北京", "speaker", {"name": "Beijing", "type": "organization"}
        )  # splits a token
        _tag(alice, u, 1, "\u00a0now", "claim")  # starts in whitespace
        _tag(alice, u, 1, "שלום עולם", "claim")
        _tag(alice, u, 1, "🇧🇾 ", "claim")  # ends in whitespace
        _tag(alice, u, 2, "क्षत्रि", "claim")  # ends inside a word, before a vowel sign
        _tag(alice, u, 2, "😀", "claim")
        alice.set_paragraph_status(u, 1, "done")
    finally:
        alice.close()
        bob.close()


MORE_ID = "lines:mix"
"""An id that is not a safe file name as it is (`:`)."""
MORE_TEXT = (
    "Officials said the plan\nwas\tfinal and approved on 16 May 2022.\n\n"
    "Nothing to fix here.\n\n"
    "The ministry (Q-less) added a remmark."
)


def annotate_more(store: Store, tmp_path: Path) -> None:
    """On top of `annotate_two`: an article without MT system whose first paragraph holds a
    newline and a tab inside a claim, a verdict, Wikidata ids, a true bool attribute, an error
    with correction and a multi-line note, and a clean paragraph marked done."""
    src = tmp_path / "lines-mix.txt"
    src.write_text(
        f"---\nid: {MORE_ID}\nurl: https://example.org/l\ndct: 2022-05-20\n---\nLines mix\n\n"
        + MORE_TEXT
        + "\n",
        "utf-8",
    )
    import_articles(store, list(read_drafts(collect_files([src]))))
    alice = Store.open(store.path, annotator="alice", session="a2")
    try:
        m = MORE_ID
        claim = _tag(
            alice,
            m,
            1,
            "the plan\nwas\tfinal",
            "claim",
            {"check_worthy": "yes", "verdict": "Misleading", "summary": "The plan was final"},
        )
        who = _tag(
            alice,
            m,
            1,
            "Officials",
            "speaker",
            {"name": "Government officials", "type": "group", "wikidata": "Q2"},
        )
        date = _tag(
            alice,
            m,
            1,
            "16 May 2022",
            "date",
            {"timex_type": "DATE", "value": "2022-05-16", "anchored_to_dct": True},
        )
        alice.add_relation("attributed_to", claim.id, who.id)
        alice.add_relation("claim_date", claim.id, date.id)
        claim2 = _tag(alice, m, 3, "added a remmark", "claim")
        org = _tag(
            alice,
            m,
            3,
            "The ministry",
            "speaker",
            {"name": "Ministry of Truth", "type": "organization", "wikidata": "Q42"},
        )
        alice.add_relation("attributed_to", claim2.id, org.id)
        _tag(
            alice,
            m,
            3,
            "remmark",
            "translation_error",
            {
                "category": "Locale convention/Date format",
                "severity": "major",
                "correction": "remark",
                "note": "two m\tin one\nword",
            },
        )
        _tag(alice, m, 3, "ministry", "translation_error")  # not rated yet: no row, no No-error
        for p in (1, 2, 3):
            alice.set_paragraph_status(m, p, "done")
    finally:
        alice.close()


@pytest.fixture
def annotated(sample_db: Store, tmp_path: Path) -> Store:
    annotate_two(sample_db, tmp_path)
    return sample_db


def invoke(db: Path, *args: str | Path):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *map(str, args)])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# -- curator format -------------------------------------------------------------------------------


def test_curator_records(annotated: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    result = invoke(annotated.path, "export", "--all", "-o", out)
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert {r["annotator"] for r in records} == {"alice", "bob"}
    keys = [(r["article_id"], r["annotator"], r["paragraph"]) for r in records]
    assert keys == sorted(keys, key=lambda k: (k[0] != SAMPLE_ID, k[1], k[2]))
    for r in records:
        assert set(r) == {
            "article_id",
            "paragraph",
            "kind",
            "text",
            "annotator",
            "status",
            "spans",
            "relations",
            "meta",
            "mqm",
        }
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]
            assert set(s) == {"id", "start", "end", "label", "text", "attrs", "origin"}
        ids = {s["id"] for s in r["spans"]}
        assert all(rel["head"] in ids and rel["tail"] in ids for rel in r["relations"])
        order = [(s["start"], s["end"], s["label"], s["id"]) for s in r["spans"]]
        assert order == sorted(order)
    p3 = next(
        r
        for r in records
        if r["annotator"] == "alice" and r["paragraph"] == 3 and r["article_id"] == SAMPLE_ID
    )
    assert p3["mqm"] == pytest.approx(5.1)
    assert p3["status"] == "done"
    assert [rel["type"] for rel in p3["relations"]] == ["attributed_to"]
    u = next(r for r in records if r["article_id"] == UNICODE_ID and r["paragraph"] == 1)
    assert u["meta"] == {
        "title": "Unicode mix",
        "url": "https://example.org/u",
        "dct": "2022-05-17",
        "source_lang": "ru",
        "target_lang": "en",
        "mt_system": "deepl",
    }
    assert "Exported" in result.stderr and str(out) in result.stderr


def test_manifest(annotated: Store, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    assert invoke(annotated.path, "export", "-o", out).exit_code == 0
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["records"] == len(read_jsonl(out))
    assert manifest["spans"] == sum(len(r["spans"]) for r in read_jsonl(out))
    assert manifest["tagset_sha256"] == annotated.tagset.sha256
    assert manifest["filters"]["annotators"] == ["alice"]
    assert manifest["database"] == str(annotated.path)


def test_filters(annotated: Store):
    def run(**kw):
        return list(iter_records(annotated, ExportFilters(**kw)))

    done = run(annotators=("alice",), status="done")
    assert {(r.article_id, r.paragraph) for r in done} == {
        (SAMPLE_ID, 1),
        (SAMPLE_ID, 2),
        (SAMPLE_ID, 3),
        (UNICODE_ID, 1),
    }
    dates = run(everyone=True, labels=("date",), article_ids=(SAMPLE_ID,))
    assert {s.label for r in dates for s in r.spans} == {"date"}
    assert all(not r.relations for r in dates)  # claim_date lost its claim
    assert {r.article_id for r in dates} == {SAMPLE_ID}
    assert run(annotators=("gold",)) == []
    art = run(annotators=("alice",), unit="article", article_ids=(SAMPLE_ID,))
    assert len(art) == 1 and art[0].paragraph is None and art[0].status == "partial"
    assert {r.type for r in art[0].relations} == {"attributed_to", "claim_date"}
    for s in art[0].spans:
        assert art[0].text[s.start : s.end] == s.text
    assert art[0].mqm == pytest.approx(5.1)


def test_unknown_article_is_an_error(annotated: Store, tmp_path: Path):
    result = invoke(annotated.path, "export", "--article", "nope", "-o", tmp_path / "x.jsonl")
    assert result.exit_code == 1 and "nope" in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_annotator_options_are_exclusive(annotated: Store):
    result = invoke(annotated.path, "export", "--gold", "--all", "-o", "-")
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["curator", "prodigy", "doccano"])
@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_repeat_export_is_byte_identical(annotated: Store, tmp_path: Path, fmt: str, unit: str):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (a, b):
        r = invoke(annotated.path, "export", "--all", "--format", fmt, "--unit", unit, "-o", out)
        assert r.exit_code == 0, r.output
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
    ma, mb = (json.loads(Path(f"{p}.manifest.json").read_text()) for p in (a, b))
    assert ma["sha256"] == mb["sha256"]


def test_stdout(annotated: Store, tmp_path: Path):
    result = invoke(annotated.path, "export", "--all", "-o", "-")
    assert result.exit_code == 0
    out = tmp_path / "f.jsonl"
    invoke(annotated.path, "export", "--all", "-o", out)
    assert result.stdout_bytes == out.read_bytes()
    assert "stdout" in result.stderr
    assert not list(tmp_path.glob("*.manifest.json"))[1:]  # only the file export made one


def test_default_output_path_is_sanitised(annotated: Store, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(
        annotated.path, "export", "--annotator", "../../etc/evil", "--format", "doccano"
    )
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.jsonl"))
    assert files == ["exports/curator-doccano-etc_evil.jsonl"]
    result = invoke(annotated.path, "export", "--all")
    assert (tmp_path / "exports" / "curator-curator-all.jsonl").exists()


# -- interrupted exports -------------------------------------------------------------------------


def test_interrupted_export_leaves_no_file(annotated: Store, tmp_path: Path, monkeypatch):
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}
    real = export_mod.encode_record

    def failing(record):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(record)

    monkeypatch.setattr(export_mod, "encode_record", failing)
    with pytest.raises(KeyboardInterrupt):
        export(annotated, ExportFilters(everyone=True), out)
    assert list(tmp_path.iterdir()) == [annotated.path] or not out.exists()
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl*"))

    out.write_bytes(b"previous export\n")
    calls["n"] = 0
    with pytest.raises(KeyboardInterrupt):
        export(annotated, ExportFilters(everyone=True), out)
    assert out.read_bytes() == b"previous export\n"
    assert not list(tmp_path.glob(".out.jsonl*"))


# -- prodigy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["paragraph", "article"])
def test_prodigy_field_rules(annotated: Store, tmp_path: Path, unit: str):
    out = tmp_path / "p.jsonl"
    assert (
        invoke(
            annotated.path, "export", "--all", "--format", "prodigy", "--unit", unit, "-o", out
        ).exit_code
        == 0
    )
    records = read_jsonl(out)
    assert records
    n_spans = 0
    for r in records:
        assert {
            "text",
            "tokens",
            "spans",
            "relations",
            "_input_hash",
            "_task_hash",
            "answer",
            "_annotator_id",
            "_session_id",
            "meta",
        } <= set(r)
        assert r["answer"] == "accept"
        for h in ("_input_hash", "_task_hash"):
            assert isinstance(r[h], int) and -(2**31) <= r[h] < 2**31
        text, tokens = r["text"], r["tokens"]
        for i, t in enumerate(tokens):
            assert t["id"] == i and text[t["start"] : t["end"]] == t["text"]
            # ws is one following space, as spaCy's whitespace_: tokens rebuild the text
            assert not t["ws"] or text[t["end"]] == " "
            if i:
                assert tokens[i - 1]["end"] + tokens[i - 1]["ws"] == t["start"]
        assert "".join(t["text"] + " " * t["ws"] for t in tokens) == text
        for s in r["spans"]:
            n_spans += 1
            assert text[s["start"] : s["end"]] == s["text"]
            assert 0 <= s["token_start"] <= s["token_end"] < len(tokens)  # token_end inclusive
            assert tokens[s["token_start"]]["start"] == s["start"]
            assert tokens[s["token_end"]]["end"] == s["end"]
        for rel in r["relations"]:
            for key, ref in (("head", "head_span"), ("child", "child_span")):
                assert rel[key] == rel[ref]["token_end"]
                assert any(
                    s["start"] == rel[ref]["start"] and s["end"] == rel[ref]["end"]
                    for s in r["spans"]
                )
    same = [
        r for r in records if r["text"].startswith("Unicode mix" if unit == "article" else "Doc")
    ]
    assert same and all(r["_input_hash"] == same[0]["_input_hash"] for r in same)
    source = iter_records(annotated, ExportFilters(everyone=True, unit=unit))
    assert n_spans == sum(len(r.spans) for r in source)


def test_aligned_tokens_split_only_where_needed():
    text = "北京会议 a  b"
    toks = aligned_tokens(text, [(0, 2), (5, 7)])
    # the first space after a word is its ws; a span ending in the second makes both tokens
    assert [(t.text, t.ws) for t in toks] == [
        ("北京", False),
        ("会议", True),
        ("a", False),
        (" ", False),
        (" ", False),
        ("b", False),
    ]
    assert [t.text for t in aligned_tokens("New York", [(0, 8)])] == ["New", "York"]


# -- doccano --------------------------------------------------------------------------------------


def utf16_slice(text: str, start: int, end: int) -> str:
    """`text[start:end]` as JavaScript slices it (UTF-16 code units)."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


# One layout per file (a file that mixed them broke doccano's import in every project type),
# offsets in doccano's UTF-16 units: this test pinned mixed layouts and code points before.
@pytest.mark.parametrize("layout", ["label", "relation"])
def test_doccano_field_rules(annotated: Store, tmp_path: Path, layout: str):
    out = tmp_path / "d.jsonl"
    args = ["export", "--all", "--format", "doccano", "--layout", layout, "-o", out]
    assert invoke(annotated.path, *args).exit_code == 0
    assert out.read_bytes().isascii()
    records = read_jsonl(out)
    layouts = set()
    by_text = {
        (r.article_id, r.paragraph, r.annotator): r
        for r in iter_records(annotated, ExportFilters(everyone=True))
    }
    for r in records:
        text = r["text"]
        src = by_text[(r["meta"]["article_id"], r["meta"]["paragraph"], r["meta"]["annotator"])]
        if "label" in r:
            layouts.add("label")
            assert set(r) == {"text", "label", "meta"}
            triples = r["label"]
        else:
            layouts.add("relation")
            assert set(r) == {"text", "entities", "relations", "meta"}
            ids = {e["id"] for e in r["entities"]}
            assert all(isinstance(e["id"], int) for e in r["entities"])
            for rel in r["relations"]:
                assert set(rel) == {"id", "from_id", "to_id", "type"}
                assert rel["from_id"] in ids and rel["to_id"] in ids
            triples = [[e["start_offset"], e["end_offset"], e["label"]] for e in r["entities"]]
        assert [utf16_slice(text, a, b) for a, b, _ in triples] == [s.text for s in src.spans]
        assert [lab for _, _, lab in triples] == [s.label for s in src.spans]
    assert layouts == {layout}


def test_doccano_codepoint_offsets_and_option_checks(annotated: Store, tmp_path: Path):
    out = tmp_path / "d.jsonl"
    args = ["export", "--all", "--format", "doccano", "--offsets", "codepoint", "-o", out]
    assert invoke(annotated.path, *args).exit_code == 0
    for r in read_jsonl(out):
        assert all(r["text"][a:b] for a, b, _ in r["label"])
    bad = invoke(annotated.path, "export", "--format", "prodigy", "--offsets", "utf16", "-o", out)
    assert bad.exit_code != 0 and "--offsets" in bad.output
    bad = invoke(annotated.path, "export", "--format", "curator", "--layout", "label", "-o", out)
    assert bad.exit_code != 0 and "--layout" in bad.output


# -- rows read straight from SQLite are still checked --------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("text", "not the quote", "is not text["),
        ("attrs", "[1, 2]", "attrs"),
        ("origin", "typed", "origin"),
    ],
)
def test_corrupt_rows_are_refused_with_their_place(
    annotated: Store, tmp_path: Path, column: str, value: str, message: str
):
    conn = sqlite3.connect(annotated.path)
    with conn:
        conn.execute(
            f'UPDATE spans SET "{column}" = ? WHERE article_id = ? AND paragraph = 2 '
            "AND annotator = 'alice' AND label = 'claim'",
            [value, SAMPLE_ID],
        )
    conn.close()
    out = tmp_path / "x.jsonl"
    result = invoke(annotated.path, "export", "-o", out)
    assert result.exit_code == 1, result.output
    assert f"export record {SAMPLE_ID}:2" in result.output and message in result.output
    assert not out.exists() and not list(tmp_path.glob(".x.jsonl*"))


def test_corrupt_attrs_of_a_translation_error_are_refused_with_their_place(
    annotated: Store, tmp_path: Path
):
    # The MQM score is worked out before the record is validated: it must not crash first.
    conn = sqlite3.connect(annotated.path)
    with conn:
        conn.execute(
            "UPDATE spans SET attrs = '[1, 2]' WHERE article_id = ? AND paragraph = 3 "
            "AND annotator = 'alice' AND label = 'translation_error'",
            [SAMPLE_ID],
        )
    conn.close()
    out = tmp_path / "x.jsonl"
    result = invoke(annotated.path, "export", "-o", out)
    assert result.exit_code == 1, result.output
    assert f"export record {SAMPLE_ID}:3" in result.output and "attrs" in result.output
    assert not out.exists() and not list(tmp_path.glob(".x.jsonl*"))
