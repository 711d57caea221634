"""`curator export --format mqm`: the MQM Viewer's 10-column TSV, exact spans, WMT scores."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SAMPLE_ID
from hypothesis import given
from hypothesis import strategies as st
from test_export import MORE_ID, UNICODE_ID, annotate_more, annotate_two, invoke

from curator.domain.mqm import mqm_score
from curator.formats import export as export_mod
from curator.formats.escape import LINE_BREAKS, escape_field, unescape_field
from curator.formats.export import ExportFilters, export, iter_records
from curator.formats.mqm_tsv import COLUMNS, MqmRow
from curator.store.store import Store

HEADER = "system\tdoc\tdocSegId\tglobalSegId\trater\tsource\ttarget\tcategory\tseverity\tmetadata"

# The MQM Viewer's default weights (mqm-viewer.js `mqmDefaultWeights`): the first pattern that
# matches "severity:category", case-insensitively, gives the weight.
VIEWER_WEIGHTS = [
    (r"minor:.*punctuation|trivial:", 0.1),
    (r":.*reinterpretation", 0.0),
    (r":source", 0.0),
    (r"non.translation", 25.0),
    (r"minor:", 1.0),
    (r"major:", 5.0),
    (r"critical:", 5.0),
]


def viewer_weight(severity: str, category: str) -> float:
    key = f"{severity}:{category}"
    for pattern, weight in VIEWER_WEIGHTS:
        if re.search(pattern, key, re.IGNORECASE):
            return weight
    return 0.0


@pytest.fixture
def rich(sample_db: Store, tmp_path: Path) -> Store:
    annotate_two(sample_db, tmp_path)
    annotate_more(sample_db, tmp_path)
    return sample_db


def read_tsv(path: Path) -> list[dict]:
    """The file as the viewer reads it: split at "\\n", then at tabs, header skipped."""
    data = path.read_bytes().decode("utf-8")
    assert data.endswith("\n")
    lines = data[:-1].split("\n")
    assert lines[0] == HEADER
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == 10, line
        row = dict(zip(COLUMNS, cells, strict=True))
        row["metadata"] = json.loads(row["metadata"])
        rows.append(row)
    return rows


def shown(text: str) -> str:
    """The text as the target cell shows it: tabs and line breaks as single spaces (these
    tests checked backslash escapes there before, which the viewer showed literally)."""
    return re.sub(f"[\t{LINE_BREAKS}]", " ", text)


def code_point(text: str, utf16: int) -> int:
    """A UTF-16 offset (the metadata's, as the viewer's JavaScript counts) as a code point."""
    return len(text.encode("utf-16-le")[: 2 * utf16].decode("utf-16-le"))


def export_mqm(store: Store, out: Path, *args: str) -> list[dict]:
    result = invoke(store.path, "export", "--all", "--format", "mqm", *args, "-o", out)
    assert result.exit_code == 0, result.output
    return read_tsv(out)


def test_rows_mark_exactly_the_span(rich: Store, tmp_path: Path):
    rows = export_mqm(rich, tmp_path / "m.tsv")
    errors = [r for r in rows if r["category"] != "No-error"]
    assert len(errors) == 4
    for r in rows:
        text = rich.paragraph_text(unescape_field(r["doc"]), int(r["docSegId"]) - 1)
        assert r["source"] == ""
        assert r["rater"] in ("alice", "bob")
        target = r["target"]
        if r["category"] == "No-error":
            assert r["severity"] == "No-error" and r["metadata"] == {}
            assert target == shown(text)
            continue
        assert target.count("<v>") == 1 and target.count("</v>") == 1
        before, rest = target.split("<v>")
        marked, after = rest.split("</v>")
        meta = r["metadata"]
        start, end = code_point(text, meta["start"]), code_point(text, meta["end"])
        assert before == shown(text[:start])
        assert marked == shown(text[start:end]) and text[start:end] == meta["marked_text"]
        assert after == shown(text[end:])
        assert r["severity"] in ("Minor", "Major", "Critical")
    systems = {unescape_field(r["doc"]): r["system"] for r in rows}
    assert systems == {SAMPLE_ID: "unknown", UNICODE_ID: "deepl", MORE_ID: "unknown"}
    unicode_row = next(r for r in errors if r["doc"] == UNICODE_ID)
    assert unicode_row["metadata"]["marked_text"] == "q\u0301"
    assert unicode_row["category"] == "Fluency/Spelling" and unicode_row["severity"] == "Minor"
    remark = next(r for r in errors if r["metadata"]["marked_text"] == "remmark")
    assert remark["metadata"]["correction"] == "remark"
    assert remark["metadata"]["note"] == "two m\tin one\nword"
    assert remark["category"] == "Locale convention/Date format"
    assert all(r["metadata"]["marked_text"] != "ministry" for r in errors)  # unrated error


def test_no_error_rows_only_for_reviewed_clean_paragraphs(rich: Store, tmp_path: Path):
    bob = Store.open(rich.path, annotator="bob", session="b2")
    try:  # done, but its only error is not rated yet: not error-free, not scored
        bob.add_span(SAMPLE_ID, 5, 0, 5, "translation_error")
        bob.set_paragraph_status(SAMPLE_ID, 5, "done")
    finally:
        bob.close()
    rows = export_mqm(rich, tmp_path / "m.tsv")
    assert not [r for r in rows if r["docSegId"] == "6" and r["rater"] == "bob"]
    clean = {
        (unescape_field(r["doc"]), int(r["docSegId"]), r["rater"])
        for r in rows
        if r["category"] == "No-error"
    }
    # Marked done and without any translation_error span; not the paragraphs nobody reviewed.
    assert clean == {
        (SAMPLE_ID, 2, "alice"),
        (SAMPLE_ID, 3, "alice"),
        (SAMPLE_ID, 3, "bob"),
        (MORE_ID, 2, "alice"),
        (MORE_ID, 3, "alice"),
    }
    multiline = next(r for r in rows if r["doc"] == escape_field(MORE_ID) and r["docSegId"] == "2")
    assert multiline["target"] == "Officials said the plan was final and approved on 16 May 2022."


def test_segment_ids(rich: Store, tmp_path: Path):
    rows = export_mqm(rich, tmp_path / "m.tsv")
    segs = [(r["doc"], int(r["docSegId"]), int(r["globalSegId"])) for r in rows]
    by_segment = defaultdict(set)
    for doc, seg, gid in segs:
        by_segment[(doc, seg)].add(gid)
    assert all(len(g) == 1 for g in by_segment.values())  # one id per segment, for all raters
    gids = [g for _, _, g in segs]
    assert gids == sorted(gids) and sorted(set(gids)) == list(range(1, len(by_segment) + 1))


def test_scores_match_curator_mqm(rich: Store, tmp_path: Path):
    rows = export_mqm(rich, tmp_path / "m.tsv")
    viewer: dict[tuple[str, int, str], float] = defaultdict(float)
    for r in rows:
        key = (unescape_field(r["doc"]), int(r["docSegId"]) - 1, r["rater"])
        viewer[key] += viewer_weight(r["severity"], r["category"])
    records = {
        (rec.article_id, rec.paragraph, rec.annotator): rec
        for rec in iter_records(rich, ExportFilters(everyone=True))
    }
    for key, score in viewer.items():
        rec = records[key]
        assert math.isclose(score, rec.mqm), key
        errors = [
            (s.attrs["category"], s.attrs["severity"])
            for s in rec.spans
            if s.label == "translation_error" and "severity" in s.attrs
        ]
        assert math.isclose(score, mqm_score(errors)), key
    assert viewer[(SAMPLE_ID, 3, "alice")] == pytest.approx(5.1)
    assert viewer[(MORE_ID, 3, "alice")] == 5.0


def test_article_unit_is_one_segment_per_article(rich: Store, tmp_path: Path):
    rows = export_mqm(rich, tmp_path / "m.tsv", "--unit", "article")
    assert {r["docSegId"] for r in rows} == {"1"}
    for r in rows:
        if r["category"] != "No-error":
            text = "\n\n".join(p.text for p in rich.paragraphs(unescape_field(r["doc"])))
            start, end = (code_point(text, r["metadata"][k]) for k in ("start", "end"))
            assert text[start:end] == r["metadata"]["marked_text"]
            assert r["target"].replace("<v>", "").replace("</v>", "") == shown(text)


@given(st.text())
def test_escape_round_trip(text: str):
    escaped = escape_field(text)
    assert "\t" not in escaped and not any(c in LINE_BREAKS for c in escaped)
    assert escaped.splitlines() in ([escaped], [])
    assert unescape_field(escaped) == text


def test_row_model_refuses_raw_tabs():
    fields = dict.fromkeys(COLUMNS[:-1], "x") | {"docSegId": 1, "globalSegId": 1, "metadata": {}}
    with pytest.raises(ValueError, match="tab or a line break"):
        MqmRow(**{**fields, "target": "a\tb", "category": "No-error", "severity": "No-error"})
    with pytest.raises(ValueError, match="together"):
        MqmRow(**{**fields, "category": "No-error"})


# -- determinism and atomicity ------------------------------------------------------------------


def test_repeat_export_is_byte_identical_and_stdout_matches(rich: Store, tmp_path: Path):
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    export_mqm(rich, a)
    export_mqm(rich, b)
    assert a.read_bytes() == b.read_bytes()
    result = invoke(rich.path, "export", "--all", "--format", "mqm", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes == a.read_bytes()
    manifest = json.loads(Path(f"{a}.manifest.json").read_text())
    assert manifest["records"] == len(read_tsv(a)) and manifest["filters"]["format"] == "mqm"


def test_label_filter_must_keep_the_errors(rich: Store, tmp_path: Path):
    out = tmp_path / "m.tsv"
    result = invoke(rich.path, "export", "--format", "mqm", "--label", "claim", "-o", out)
    assert result.exit_code == 1 and "translation_error" in result.output and not out.exists()
    rows = export_mqm(rich, out, "--label", "translation_error", "--label", "claim")
    assert rows == export_mqm(rich, tmp_path / "all.tsv")


def test_default_output_is_tsv(rich: Store, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke(rich.path, "export", "--format", "mqm").exit_code == 0
    assert (tmp_path / "exports" / "curator-mqm-alice.tsv").exists()


def test_interrupted_export_leaves_no_file(rich: Store, tmp_path: Path, monkeypatch):
    out = tmp_path / "m.tsv"
    header, real = export_mod.LINE_WRITERS["mqm"]

    def failing(records, *options):
        for i, line in enumerate(real(records, *options)):
            if i == 3:
                raise KeyboardInterrupt
            yield line

    monkeypatch.setitem(export_mod.LINE_WRITERS, "mqm", (header, failing))
    with pytest.raises(KeyboardInterrupt):
        export(rich, ExportFilters(everyone=True, format="mqm"), out)
    assert not out.exists() and not list(tmp_path.glob(".m.tsv*"))
    out.write_bytes(b"previous\n")
    with pytest.raises(KeyboardInterrupt):
        export(rich, ExportFilters(everyone=True, format="mqm"), out)
    assert out.read_bytes() == b"previous\n" and not list(tmp_path.glob(".m.tsv*"))
