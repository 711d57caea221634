"""Faults: two editors on one file, a writer killed mid-work, read-only files, a full disk,
and a database from an older schema.

Sizes are small by default so CI stays fast; raise them with environment variables:
CURATOR_FAULT_N (span writes per editor, default 300) and CURATOR_KILL_TRIALS (SIGKILL
trials, default 20).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.domain.errors import StoreError
from curator.formats.articles import collect_files, read_drafts
from curator.store import db as store_db
from curator.store.imports import import_articles
from curator.store.schema import migrations
from curator.store.store import Store

FAULT_N = int(os.environ.get("CURATOR_FAULT_N", "300"))
KILL_TRIALS = int(os.environ.get("CURATOR_KILL_TRIALS", "20"))


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def make_sample(path: Path) -> None:
    with Store.open(path, annotator="setup", session="setup") as store:
        import_articles(store, list(read_drafts(collect_files([SAMPLE]))))


# -- two editors, one file ---------------------------------------------------------------------


def _editor(path: str, name: str, n: int, seed: int, out: str, barrier: Any) -> None:
    """N random span writes and undos; records what it saved and any exception."""
    rnd = random.Random(seed)
    errors: list[str] = []
    state: dict[str, list[Any] | None] = {}  # span id -> [paragraph, start, end, check_worthy]
    history: list[tuple[str, list[Any] | None]] = []  # undo stack: (span id, state before)
    ops = 0
    store = Store.open(path, annotator=name, session=name)
    paras = [(p.index, len(p.text)) for p in store.paragraphs(SAMPLE_ID) if len(p.text) > 2]
    barrier.wait(60)  # both editors write at the same time, not one after the other
    for _ in range(n):
        live = [k for k, v in state.items() if v is not None]
        r = rnd.random()
        try:
            if r < 0.5 or not live:
                idx, length = rnd.choice(paras)
                start = rnd.randrange(length - 1)
                end = rnd.randint(start + 1, min(length, start + 40))
                cw = rnd.choice(["yes", "no", "unsure"])
                span = store.add_span(SAMPLE_ID, idx, start, end, "claim", {"check_worthy": cw})
                history.append((span.id, None))
                state[span.id] = [idx, start, end, cw]
            elif r < 0.7:
                sid = rnd.choice(live)
                before = state[sid]
                assert before is not None
                cw = {"yes": "no", "no": "unsure", "unsure": "yes"}[before[3]]
                store.update_span(sid, attrs={"check_worthy": cw})
                history.append((sid, before))
                state[sid] = [*before[:3], cw]
            elif r < 0.8:
                sid = rnd.choice(live)
                store.delete_span(sid)
                history.append((sid, state[sid]))
                state[sid] = None
            else:
                if not history:
                    continue
                info = store.undo()
                assert info is not None, "undo found nothing although a change is in effect"
                sid, before = history.pop()
                state[sid] = before
            ops += 1
        except Exception as exc:  # recorded, the parent asserts there are none
            errors.append(f"{type(exc).__name__}: {exc}")
    store.close()
    Path(out).write_text(json.dumps({"errors": errors, "state": state, "ops": ops}))


def test_two_editors_one_file(tmp_path: Path):
    path = tmp_path / "shared.db"
    make_sample(path)
    ctx = multiprocessing.get_context("spawn")
    names = ["ed1", "ed2"]
    barrier = ctx.Barrier(len(names))
    procs = [
        ctx.Process(
            target=_editor,
            args=(str(path), name, FAULT_N, i, str(tmp_path / f"{name}.json"), barrier),
        )
        for i, name in enumerate(names)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=600)
        assert p.exitcode == 0, f"editor process exited with {p.exitcode}"
    elapsed = time.perf_counter() - started
    print(f"two editors x {FAULT_N} writes: {elapsed:.1f}s")
    assert integrity(path) == "ok"
    with Store.open(path, annotator="check") as store:
        for name in names:
            report = json.loads((tmp_path / f"{name}.json").read_text())
            assert report["errors"] == [], f"{name}: {report['errors'][:5]}"
            assert report["ops"] >= FAULT_N * 0.7
            stored = {
                s.id: [s.paragraph, s.start, s.end, s.attrs_dict()["check_worthy"]]
                for s in store.spans(SAMPLE_ID, annotator=name)
            }
            expected = {k: v for k, v in report["state"].items() if v is not None}
            assert stored == expected, f"{name}: writes lost or wrong"
            n_changes = store.db.execute(
                "SELECT count(*) FROM changes WHERE session = ?", [name]
            ).fetchone()[0]
            n_events = store.db.execute(
                "SELECT count(*) FROM events WHERE session = ?", [name]
            ).fetchone()[0]
            # One event per change: every add, edit, delete and undo touched one span.
            assert n_changes == report["ops"] and n_events == report["ops"]


# -- killed mid-work ---------------------------------------------------------------------------

WRITER = r"""
import random, sys
from curator.store.store import Store
path, seed = sys.argv[1], int(sys.argv[2])
rnd = random.Random(seed)
store = Store.open(path, annotator="writer")
paras = [(p.index, len(p.text)) for p in store.paragraphs("csto-20-years") if len(p.text) > 2]
print("ready", flush=True)
while True:
    idx, length = rnd.choice(paras)
    start = rnd.randrange(length - 1)
    span = store.add_span("csto-20-years", idx, start, start + 1, "claim", {"check_worthy": "yes"})
    print("span", span.id, flush=True)
    if rnd.random() < 0.3:
        print("saving", idx, flush=True)
        store.save_position("csto-20-years", idx)
        print("pos", idx, flush=True)
"""


def test_killed_writer_loses_nothing_it_reported(tmp_path: Path):
    path = tmp_path / "killed.db"
    make_sample(path)
    rnd = random.Random(7)
    reported: set[str] = set()
    last_pos: int | None = None
    attempted: int | None = None
    for trial in range(KILL_TRIALS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(trial)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        for line in out.splitlines():
            parts = line.split()
            # A line cut by the kill is not a report: only whole lines count.
            if len(parts) == 2 and parts[0] == "span" and len(parts[1]) == 16:
                reported.add(parts[1])
            elif len(parts) == 2 and parts[0] == "pos" and parts[1].isdigit():
                last_pos = int(parts[1])
            elif len(parts) == 2 and parts[0] == "saving" and parts[1].isdigit():
                attempted = int(parts[1])
        assert integrity(path) == "ok", f"trial {trial}"
        with Store.open(path, annotator="writer") as store:
            stored = {s.id for s in store.spans(SAMPLE_ID, annotator="writer")}
            assert reported <= stored, f"trial {trial}: lost {sorted(reported - stored)[:5]}"
            if last_pos is not None:
                # The last reported position, or one saved just before the kill but not
                # reported yet (a save is never half done).
                assert store.last_position() in {(SAMPLE_ID, last_pos), (SAMPLE_ID, attempted)}
            last_pos = attempted = store.last_position()[1] if store.last_position() else None
    print(f"{KILL_TRIALS} kill trials survived, {len(reported)} reported writes, 0 lost")
    assert reported, "the writer never got to report a write"


# -- read-only files and a full disk -----------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    """A small tmpfs at `where` (needs root and CAP_SYS_ADMIN; the test skips otherwise)."""
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to simulate a full disk: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path) -> None:
    """Write until the file system is full."""
    with (folder / "filler").open("wb", buffering=0) as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 4096)


def article_file(tmp_path: Path) -> Path:
    new = tmp_path / "new-article.txt"
    new.write_text("A new title\n\nA first paragraph of the new article.\n")
    return new


def assert_one_line_error(result: Any) -> str:
    if result.exc_info and not isinstance(result.exception, SystemExit):
        import traceback

        traceback.print_exception(*result.exc_info)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture
def readonly_db(tmp_path: Path) -> Iterator[Path]:
    """The sample database in a read-only folder (root ignores file modes, so it gets a
    read-only tmpfs; other users get chmod)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        make_sample(folder / "ro.db")
        (folder / "ro.db").chmod(0o444)
        folder.chmod(0o555)
        yield folder / "ro.db"
        folder.chmod(0o755)
        return
    with tmpfs(tmp_path / "ro", "8m") as folder:
        make_sample(folder / "ro.db")
        STATES[folder / "ro.db"] = db_state(folder / "ro.db")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder / "ro.db"


STATES: dict[Path, str | None] = {}
"""db_state of a database taken before its folder was made read-only (a read-only WAL
database without its -shm file cannot be opened by sqlite3 at all)."""


def test_readonly_database_import_write_export_fail_cleanly(readonly_db: Path, tmp_path: Path):
    state = STATES.get(readonly_db) or db_state(readonly_db)
    runner = CliRunner()
    res = runner.invoke(cli, ["--db", str(readonly_db), "import", str(article_file(tmp_path))])
    msg = assert_one_line_error(res)
    assert str(readonly_db) in msg and "read-only" in msg.removeprefix(f"Error: {readonly_db}"), msg
    res = runner.invoke(
        cli, ["--db", str(readonly_db), "import-annotations", str(article_file(tmp_path))]
    )
    assert_one_line_error(res)
    with pytest.raises(StoreError), Store.open(readonly_db, annotator="alice") as store:
        store.add_span(SAMPLE_ID, 0, 0, 4, "claim")
    # A WAL database in a read-only folder cannot be opened even to read it: export says so.
    out = tmp_path / "out.jsonl"
    res = runner.invoke(cli, ["--db", str(readonly_db), "export", "-o", str(out)])
    assert "read-only" in assert_one_line_error(res)
    assert not out.exists()
    bad = readonly_db.parent / "export.jsonl"
    res = runner.invoke(cli, ["--db", str(readonly_db), "export", "-o", str(bad)])
    assert_one_line_error(res)
    assert sorted(p.name for p in readonly_db.parent.iterdir()) == ["ro.db"]
    if readonly_db not in STATES:
        assert db_state(readonly_db) == state


def test_full_disk_import_write_export_fail_cleanly(tmp_path: Path):
    with tmpfs(tmp_path / "full", "2m") as folder:
        path = folder / "full.db"
        make_sample(path)
        store = Store.open(path, annotator="alice")
        state = db_state(path)
        fill(folder)
        runner = CliRunner()
        res = runner.invoke(cli, ["--db", str(path), "import", str(article_file(tmp_path))])
        assert_one_line_error(res)
        with pytest.raises(StoreError, match="not saved"):
            for _ in range(50):  # the WAL may have room for a first frame or two
                store.add_span(SAMPLE_ID, 0, 0, 4, "claim")
        store.db.conn.rollback()
        saved = store.spans(SAMPLE_ID, annotator="alice")
        res = runner.invoke(cli, ["--db", str(path), "export", "-o", str(folder / "export.jsonl")])
        assert_one_line_error(res)
        assert not [p for p in folder.iterdir() if "export" in p.name]
        (folder / "filler").unlink()
        store.close()
        assert integrity(path) == "ok"
        with Store.open(path, annotator="alice") as again:
            assert again.spans(SAMPLE_ID, annotator="alice") == saved
            assert again.article_count() == 1
        if not saved:
            assert db_state(path) == state


def test_tui_shows_not_saved_when_the_disk_is_full(tmp_path: Path):
    from test_tui import ARTICLE, QUOTE, SENT, annotate, open_app, press, run

    with tmpfs(tmp_path / "full", "2m") as folder:
        path = folder / "tui.db"
        make_sample(path)
        with Store.open(path, annotator="alice") as store:
            app = open_app(store, QUOTE)

            async def scenario(pilot: Any) -> None:
                fill(folder)
                screen = annotate(pilot)
                for _ in range(30):
                    await press(pilot, "w", "1")
                    if any("not saved" in m.lower() for m in SENT[app]) or screen.spans == []:
                        break
                assert any("not saved" in m.lower() for m in SENT[app]), SENT[app]
                assert screen.index == QUOTE
                await press(pilot, "j", "k")  # moving on with a full disk does not crash
                assert screen.index == QUOTE

            run(app, scenario)
            failed = [m for m in SENT[app] if "not saved" in m.lower()]
            assert failed
            (folder / "filler").unlink()
            shown = {s.id for s in store.spans(ARTICLE, annotator="alice")}
        assert integrity(path) == "ok"
        print(f"TUI: {len(shown)} spans saved before the disk filled; then {failed[0]!r}")


# -- version skew --------------------------------------------------------------------------------


def test_m001_database_migrates_forward_with_a_backup(tmp_path: Path):
    path = tmp_path / "old.db"
    old = store_db.connect(path)
    migrations.apply(old, stop_before="m002_adjudications")
    old.execute(
        "INSERT INTO articles (id, title, sha256, n_paragraphs, position) "
        "VALUES ('a', 'Old', 'x', 0, 0)"
    )
    old.conn.commit()
    old.close()
    with Store.open(path, annotator="alice") as store:
        assert store.db["adjudications"].exists()
        assert store.article_count() == 1
    (bak,) = sorted(tmp_path.glob("old.db.bak-*"))
    conn = sqlite3.connect(bak)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "adjudications" not in tables and "articles" in tables
        assert conn.execute("SELECT id FROM articles").fetchall() == [("a",)]
    finally:
        conn.close()
    shutil.copy(bak, tmp_path / "again.db")
    with Store.open(tmp_path / "again.db", annotator="alice") as store:
        assert store.db["adjudications"].exists()
