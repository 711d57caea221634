"""Merging a hostile editor's database (issue #16): read-only, known columns only, every row
validated; a new target created atomically so concurrent runs never delete each other's file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.domain.errors import ConflictError
from curator.store.schema import migrations
from curator.store.store import Store

SPAN_COLS = (
    'id, article_id, paragraph, start, "end", text, label, attrs, annotator, origin, status, '
    "meta, created_at, updated_at"
)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "lead", *args])


def one_line_error(res) -> str:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    return lines[0]


def editor(path: Path, who: str, n: int = 5) -> Path:
    assert run(path, "import", str(SAMPLE)).exit_code == 0
    with Store.open(path, annotator=who) as store:
        for i in range(n):
            store.add_span(SAMPLE_ID, i, 0, 3, "claim", {"check_worthy": "yes"})
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    return conn


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """The target: the sample article with 6 of alice's spans."""
    return editor(tmp_path / "team.db", "alice", 6)


def test_column_names_of_the_source_never_reach_sql(team: Path, tmp_path: Path):
    evil = editor(tmp_path / "evil.db", "eve", 2)
    payload = (
        f'updated_at") SELECT {SPAN_COLS} FROM spans WHERE ?+?+?+?+?+?+?+?+?+?+?+?+?+? '
        "IS NOT NULL OR 1 ON CONFLICT(id) DO UPDATE SET annotator='mallory' --"
    )
    conn = raw(evil)
    conn.execute(
        f'ALTER TABLE spans RENAME COLUMN updated_at TO "{payload.replace(chr(34), 2 * chr(34))}"'
    )
    conn.execute('ALTER TABLE articles ADD COLUMN "meta) SELECT 1 --" TEXT')
    conn.close()
    before = db_state(team)
    res = run(team, "merge", str(evil))
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    with Store.open(team, annotator="lead") as store:
        who = {r[0] for r in store.db.execute("SELECT DISTINCT annotator FROM spans")}
    assert "mallory" not in who
    assert res.exit_code == 1 and db_state(team) == before  # a spans table without updated_at


def test_extra_source_columns_are_ignored(team: Path, tmp_path: Path):
    other = editor(tmp_path / "bob.db", "bob", 2)
    conn = raw(other)
    conn.execute('ALTER TABLE spans ADD COLUMN "x"") VALUES (1) --" TEXT DEFAULT \'boom\'')
    conn.execute('ALTER TABLE paragraphs ADD COLUMN "kind) SELECT 1 --" TEXT')
    conn.close()
    res = run(team, "merge", str(other))
    assert res.exit_code == 0, res.output
    with Store.open(team, annotator="lead") as store:
        assert len(store.spans(SAMPLE_ID, annotator="bob")) == 2
        cols = [r[1] for r in store.db.execute("PRAGMA table_info(spans)")]
    assert not any("boom" in c or "VALUES" in c for c in cols)


def test_source_is_opened_read_only(team: Path, tmp_path: Path):
    """An old-schema source in rollback-journal mode: not migrated, no backup, no WAL."""
    old = tmp_path / "old.db"
    from curator.store import db as store_db

    conn = store_db.connect(old)
    migrations.apply(conn, stop_before="m002_adjudications")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    with Store.open(team, annotator="x") as store:  # copy the settings and the article over
        settings = store.db.execute("SELECT key, value FROM settings").fetchall()
        articles = store.db.execute("SELECT * FROM articles").fetchall()
        paragraphs = store.db.execute("SELECT * FROM paragraphs").fetchall()
    conn = raw(old)
    conn.executemany("INSERT INTO settings VALUES (?, ?)", settings)
    conn.executemany(f"INSERT INTO articles VALUES ({','.join('?' * 13)})", articles)
    conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)", paragraphs)
    conn.execute(
        "INSERT INTO spans VALUES ('s1', ?, 0, 0, 3, ?, 'claim', '{}', 'carol', 'manual', "
        "'active', '{}', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        [SAMPLE_ID, paragraphs[0][2][:3]],
    )
    conn.execute(
        "CREATE TRIGGER t AFTER UPDATE ON settings BEGIN UPDATE spans SET annotator = 'x'; END"
    )
    conn.close()
    digest = sha(old)
    res = run(team, "merge", str(old))
    assert res.exit_code == 0, res.output
    assert sha(old) == digest
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("old.db")) in (
        ["old.db"],
        ["old.db", "old.db-journal"],
    )
    conn = raw(old)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with Store.open(team, annotator="lead") as store:
        assert [s.id for s in store.spans(SAMPLE_ID, annotator="carol")] == ["s1"]


BAD_SPANS = {
    "end past the paragraph": 'UPDATE spans SET "end" = 100000 WHERE rowid = 1',
    "wrong quote": "UPDATE spans SET text = 'nope' WHERE rowid = 1",
    "unknown label": "UPDATE spans SET label = 'bogus' WHERE rowid = 1",
    "bad attrs JSON": "UPDATE spans SET attrs = '{not json' WHERE rowid = 1",
    "bad attrs": "UPDATE spans SET attrs = '{\"check_worthy\": 7}' WHERE rowid = 1",
    "negative start": "UPDATE spans SET start = -2 WHERE rowid = 1",
    "control name": "UPDATE spans SET annotator = 'e' || char(27) || ']0;x' WHERE rowid = 1",
    "no such paragraph": "UPDATE spans SET paragraph = 999 WHERE rowid = 1",
    "relation to nothing": "INSERT INTO relations VALUES ('r1', 'csto-20-years', "
    "'attributed_to', (SELECT id FROM spans LIMIT 1), 'ghost', 'eve', 'manual', NULL)",
    "bad status": "INSERT INTO paragraph_status VALUES ('csto-20-years', 0, 'eve', 'maybe', "
    "NULL, '2026-01-01T00:00:00+00:00')",
    "bad kind": "UPDATE paragraphs SET kind = 'evil', kind_origin = 'editor' WHERE idx = 0",
}


@pytest.mark.parametrize("case", sorted(BAD_SPANS))
def test_every_source_row_is_validated(team: Path, tmp_path: Path, case: str):
    evil = editor(tmp_path / "evil.db", "eve", 2)
    conn = raw(evil)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(BAD_SPANS[case])
    conn.close()
    before = db_state(team)
    one_line_error(run(team, "merge", str(evil)))
    assert db_state(team) == before


def test_added_article_paragraphs_must_match_their_hash(tmp_path: Path):
    evil = editor(tmp_path / "evil.db", "eve", 1)
    conn = raw(evil)
    conn.execute("DROP TRIGGER IF EXISTS paragraphs_au")
    conn.execute("UPDATE paragraphs SET text = 'swapped' WHERE idx = 1")
    conn.close()
    target = tmp_path / "new.db"
    one_line_error(run(target, "merge", str(evil)))
    assert not target.exists()


def test_a_refused_merge_never_deletes_a_database_another_run_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    alice = editor(tmp_path / "alice.db", "alice", 2)
    target = tmp_path / "team.db"
    import curator.store.merge as merge

    real = merge.merge_source
    calls = []

    def racing(store, source):
        if not calls:
            calls.append(1)
            # Meanwhile, another run creates the target and writes into it ...
            editor(target, "winner", 3)
            # ... and this run's merge is refused.
            raise ConflictError(f"{source}: refused")
        return real(store, source)

    monkeypatch.setattr(merge, "merge_source", racing)
    res = run(target, "merge", str(alice))
    assert res.exit_code == 1
    assert target.exists(), "the loser deleted the winner's database"
    with Store.open(target, annotator="x") as store:
        assert len(store.spans(SAMPLE_ID, annotator="winner")) == 3
    assert [p.name for p in tmp_path.iterdir() if ".curator-" in p.name] == []


SCRIPT = """
import sys, time
from curator.cli import main
t = float(sys.argv[1])
while time.time() < t:
    pass
main(sys.argv[2:])
"""


@pytest.mark.parametrize("command", ["merge", "import", "merge-existing"])
def test_concurrent_runs_creating_one_database_both_succeed(tmp_path: Path, command: str):
    import time

    alice = editor(tmp_path / "alice.db", "alice", 3)
    bob = editor(tmp_path / "bob.db", "bob", 2)
    target = tmp_path / "team.db"
    if command == "merge-existing":
        editor(target, "carol", 1)
        command = "merge"
    start = time.time() + 1.5
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    procs = []
    for src in (alice, bob):
        args = ["merge", str(src)] if command == "merge" else ["import", str(SAMPLE)]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", SCRIPT, str(start), "--db", str(target), *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with Store.open(target, annotator="x") as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.article_count() == 1
        if command == "merge":
            assert len(store.spans(SAMPLE_ID, annotator="alice")) == 3
            assert len(store.spans(SAMPLE_ID, annotator="bob")) == 2
    assert [p.name for p in tmp_path.iterdir() if ".curator-" in p.name] == []


def test_a_span_id_of_another_layer_is_not_overwritten(team: Path, tmp_path: Path):
    evil = editor(tmp_path / "evil.db", "eve", 1)
    with Store.open(team, annotator="x") as store:
        victim = store.db.execute("SELECT id FROM spans WHERE annotator = 'alice'").fetchone()[0]
    conn = raw(evil)
    conn.execute("UPDATE spans SET id = ?, updated_at = '2999-01-01T00:00:00+00:00'", [victim])
    conn.close()
    before = db_state(team)
    assert "another layer" in one_line_error(run(team, "merge", str(evil)))
    assert db_state(team) == before
