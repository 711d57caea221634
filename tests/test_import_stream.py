"""import-annotations streams (issue #15): rows are checked and written a chunk at a time in
one change, so memory and statements stay flat, and a bad line found after writes began
still leaves the database exactly as it was."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.formats import annotation_import
from curator.formats.annotation_import import import_annotations
from curator.store.store import Store


def invoke(db: Path, *args: str | Path):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *map(str, args)])


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    assert invoke(path, "import", SAMPLE).exit_code == 0
    return path


def records(db: Path, n_records: int, spans_per_record: int, tag: str = "s") -> list[str]:
    """Minimal curator records, one a paragraph in turn, each with a done mark."""
    with Store.open(db, annotator="x") as store:
        n_par = len(store.paragraphs(SAMPLE_ID))
    out = []
    for i in range(n_records):
        spans = [
            {
                "id": f"{tag}{i}-{j}",
                "start": j % 5,
                "end": j % 5 + 1,
                "label": "claim",
                "attrs": {"check_worthy": "yes"},
            }
            for j in range(spans_per_record)
        ]
        rec = {"article_id": SAMPLE_ID, "paragraph": i % n_par, "spans": spans, "status": "done"}
        out.append(json.dumps(rec))
    return out


def write(tmp_path: Path, lines: list[str], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def count_selects(db: Path, path: Path) -> int:
    with Store.open(db, annotator="bob") as store:
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        summary = import_annotations(store, path, "curator")
        store.db.conn.set_trace_callback(None)
    assert summary.spans == sum(len(json.loads(x)["spans"]) for x in path.read_text().splitlines())
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    conn = sqlite3.connect(db)
    for sql in set(selects):  # each lookup by an index, none a scan growing with the table
        plan = " ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        for table in ("spans", "relations", "paragraph_status"):
            assert f"SCAN {table}" not in plan, (sql, plan)
    conn.close()
    return len(selects)


def test_statements_do_not_grow_with_the_spans(target: Path, tmp_path: Path):
    """One id lookup per chunk, not a SELECT per span (executemany traces every row, so
    only the SELECTs are counted)."""
    other = tmp_path / "other.db"
    other.write_bytes(target.read_bytes())
    small = count_selects(target, write(tmp_path, records(target, 10, 30), "small.jsonl"))
    large = count_selects(other, write(tmp_path, records(other, 10, 300), "large.jsonl"))
    assert large < small + 20, (small, large)


def test_a_bad_line_after_flushed_chunks_leaves_the_database_as_it_was(
    target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(annotation_import, "CHUNK", 5)
    good = records(target, 200, 2)
    bad_label = json.loads(good[0])
    bad_label["spans"][0].update(id="fresh", label="nonsense")
    reused = json.loads(good[0])  # ids of line 1, written chunks ago
    for lines, message in [
        ([*good, json.dumps(bad_label)], "label"),
        ([*good, json.dumps(reused)], "already taken"),
        ([*good, "{not json"], "not JSON"),
    ]:
        before, raw = db_state(target), target.read_bytes()
        result = invoke(target, "import-annotations", write(tmp_path, lines))
        assert result.exit_code == 1, result.output
        assert "line 201:" in result.output and message in result.output, result.output
        assert db_state(target) == before
        assert target.read_bytes() == raw  # byte-identical


def test_the_first_bad_line_is_named_when_a_taken_id_waits_in_the_queue(
    target: Path, tmp_path: Path
):
    """A span id already in the database is found when its chunk is looked up; a later bad
    line must not hide it."""
    assert (
        invoke(target, "import-annotations", write(tmp_path, records(target, 1, 1))).exit_code == 0
    )
    lines = [*records(target, 3, 1, tag="new"), *records(target, 1, 1), "{not json"]
    before = db_state(target)
    result = invoke(target, "import-annotations", write(tmp_path, lines, "again.jsonl"))
    assert result.exit_code == 1
    assert "line 4:" in result.output and "s0-0: id is already taken" in result.output
    assert db_state(target) == before


def test_a_chunked_import_is_one_undo_step(
    target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(annotation_import, "CHUNK", 7)
    before = db_state(target)
    with Store.open(target, annotator="alice") as store:
        summary = import_annotations(store, write(tmp_path, records(target, 40, 3)), "curator")
        assert (summary.spans, summary.statuses) == (120, 40)
        rows = store.db.execute("SELECT * FROM spans ORDER BY id").fetchall()
        marks = store.db.execute("SELECT * FROM paragraph_status ORDER BY 1, 2, 3").fetchall()
        (n_changes,) = store.db.execute("SELECT count(*) FROM changes").fetchone()
        assert n_changes == 2  # the article import, then this one
        assert store.undo() is not None
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert store.db.execute("SELECT count(*) FROM paragraph_status").fetchone()[0] == 0
        assert store.redo() is not None
        assert store.db.execute("SELECT * FROM spans ORDER BY id").fetchall() == rows
        assert (
            store.db.execute("SELECT * FROM paragraph_status ORDER BY 1, 2, 3").fetchall() == marks
        )
    assert db_state(target) != before
