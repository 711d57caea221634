"""Hostile names, damaged databases, unbounded inputs and leftovers through the CLI (issue
#16): one clean line, nothing written into what was refused, no escape on the terminal."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.store.store import Store

ESC = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://evil.example\x1b\\x\u202e"


def run(db: Path, *args: str, who: str = "alice", **kw):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", who, *args], **kw)


def one_line_error(res) -> str:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    assert "\x1b" not in res.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert run(path, "import", str(SAMPLE)).exit_code == 0
    return path


def hostile_layers(db: Path) -> tuple[str, str]:
    """Two layers whose names and notes carry terminal escapes (as an old database or a
    merge could hold them: the store itself does not police names)."""
    a, b = f"eve{ESC}", f"mal{ESC}"
    for who, cw in ((a, "yes"), (b, "no")):
        with Store.open(db, annotator=who) as store:
            store.add_span(SAMPLE_ID, 0, 0, 4, "claim", {"check_worthy": cw, "note": ESC})
            store.add_span(
                SAMPLE_ID, 1, 0, 3, "translation_error", {"category": "Other", "severity": "minor",
                                                           "note": f"{who} {ESC}"}
            )  # fmt: skip
            store.set_paragraph_status(SAMPLE_ID, 0, "done", note=ESC)
            store.set_paragraph_status(SAMPLE_ID, 1, "done")
    return a, b


def test_no_escape_reaches_the_terminal_from_diff_list_agreement(db: Path, tmp_path: Path):
    a, b = hostile_layers(db)
    for args in (
        ["diff", a, b],
        ["diff", a, b, "--format", "text", "-o", str(tmp_path / "d.txt")],
        ["list"],
        ["agreement"],
        ["agreement", "--by", "article"],
    ):
        res = run(db, *args)
        assert res.exit_code == 0, (args, res.output)
        assert "\x1b" not in res.output and "\x07" not in res.output, args
        assert "\u202e" not in res.output, args
    body = (tmp_path / "d.txt").read_text()
    assert "\x1b" not in body and "\x07" not in body


@pytest.mark.parametrize("name", ["a\x00b", "a\nb", "x\x1b]0;t\x07", "tab\tname", "\u202eevil"])
def test_names_with_control_characters_are_refused_at_entry(db: Path, tmp_path: Path, name: str):
    before = db_state(db)
    one_line_error(run(db, "list", who=name))
    one_line_error(run(db, "import", str(SAMPLE), who=name))
    ann = tmp_path / "ann.jsonl"
    assert run(db, "export", "-o", str(ann)).exit_code == 0
    one_line_error(run(db, "import-annotations", "--annotator", name, str(ann)))
    # A name inside the file: refused, naming the line.
    with Store.open(db, annotator="alice") as store:
        text = store.paragraph_text(SAMPLE_ID, 0)
    record = {
        "text": text,
        "spans": [{"start": 0, "end": 4, "label": "claim"}],
        "meta": {"article_id": SAMPLE_ID, "paragraph": 0, "annotator": name},
    }
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\n" + orjson.dumps(record) + b"\n")
    before = db_state(db)
    msg = one_line_error(run(db, "import-annotations", "--format", "prodigy", str(bad)))
    assert "line 2" in msg, msg
    assert db_state(db) == before


def test_long_names_are_cut_in_messages(db: Path):
    res = run(db, "diff", "x" * 20_000, "alice")
    msg = one_line_error(res)
    assert len(msg) < 500, len(msg)


def test_review_into_an_editors_layer_needs_force(db: Path, monkeypatch: pytest.MonkeyPatch):
    import curator.tui.app as app

    opened = []

    class Dummy:
        def run(self):
            opened.append(1)

    monkeypatch.setattr(app, "make_review_app", lambda *a, **k: Dummy())
    monkeypatch.setattr(app, "load_keymap_checked", lambda: None)
    msg = one_line_error(run(db, "review", "alice", "bob", "--into", "bob"))
    assert "--force" in msg
    assert opened == []
    for ok in (["--into", "gold"], ["--into", "gold-round2"], ["--into", "bob", "--force"]):
        assert run(db, "review", "alice", "bob", *ok).exit_code == 0
    assert opened == [1, 1, 1]


def test_xdg_data_home_naming_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    afile = tmp_path / "not-a-folder"
    afile.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(afile))
    import curator.tui as tui

    monkeypatch.setattr(tui, "run_app", lambda *a, **k: None)
    one_line_error(CliRunner().invoke(cli, ["demo"]))
    assert afile.read_text() == "x"


def test_read_commands_never_write_a_schema_into_an_empty_file(tmp_path: Path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (["list"], ["export", "-o", "-"], ["agreement"], ["diff", "a", "b"]):
        msg = one_line_error(run(empty, *args))
        assert "not a curator database" in msg, msg
        assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    one_line_error(run(other, "list"))
    assert other.read_bytes() == before


def damage(db: Path) -> None:
    """Overwrite the spans table's root page with garbage: the header, the schema and the
    other tables stay readable, so the file opens and fails only when spans are read."""
    with Store.open(db, annotator="x") as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
        root = store.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'spans'"
        ).fetchone()[0]
    with db.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)


def test_a_damaged_database_gives_one_line(db: Path, tmp_path: Path):
    with Store.open(db, annotator="alice") as store:
        for i in range(30):
            store.add_span(SAMPLE_ID, i, 0, 3, "claim", {"check_worthy": "yes", "note": "n" * 500})
    damage(db)
    raw = db.read_bytes()
    for args in (
        ["list"],
        ["list", SAMPLE_ID],
        ["export", "-o", str(tmp_path / "x.jsonl")],
        ["agreement"],
        ["diff", "alice", "bob"],
    ):
        one_line_error(run(db, *args))
    new = tmp_path / "new.txt"
    new.write_text("A title\n\nA paragraph.\n")
    for args in (["import", str(new)], ["suggest"]):
        msg = one_line_error(run(db, *args))
        assert "damaged" in msg, msg
        assert db.read_bytes() == raw, args


def test_import_of_an_endless_file_is_bounded(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import curator.formats.annotation_import as ai
    import curator.formats.articles as articles

    monkeypatch.setattr(articles, "MAX_FILE_BYTES", 1 << 20)
    monkeypatch.setattr(ai, "MAX_LINE_BYTES", 1 << 20)
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    before = db_state(db)
    t = time.perf_counter()
    assert "larger than" in one_line_error(run(db, "import", str(link)))
    jl = tmp_path / "zero.jsonl"
    jl.symlink_to("/dev/zero")
    assert "line 1" in one_line_error(run(db, "import-annotations", str(jl)))
    tagset = tmp_path / "zero.toml"
    tagset.symlink_to("/dev/zero")
    assert "larger than" in one_line_error(
        CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "--tagset", str(tagset), "init"])
    )
    assert not (tmp_path / "n.db").exists()
    assert time.perf_counter() - t < 20
    assert db_state(db) == before


def test_spans_per_record_are_bounded(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import curator.formats.annotation_import as ai

    monkeypatch.setattr(ai, "MAX_RECORD_SPANS", 100)
    with Store.open(db, annotator="alice") as store:
        text = store.paragraph_text(SAMPLE_ID, 0)
    record = {
        "text": text,
        "label": [[0, 1, "claim"]] * 101,
        "meta": {"article_id": SAMPLE_ID, "paragraph": 0},
    }
    f = tmp_path / "many.jsonl"
    f.write_bytes(orjson.dumps(record) + b"\n")
    msg = one_line_error(run(db, "import-annotations", "--format", "doccano", str(f)))
    assert str(f) in msg and "line 1" in msg and "at most 100" in msg, msg


def test_mqm_cells_cannot_start_a_formula(db: Path, tmp_path: Path):
    from curator.formats.mqm_tsv import unneutralise

    rater = '=HYPERLINK("http://evil.example","x")'
    with Store.open(db, annotator=rater) as store:
        store.add_span(
            SAMPLE_ID, 1, 0, 3, "translation_error",
            {"category": "Other", "severity": "minor", "note": "@SUM(A1)"},
        )  # fmt: skip
        store.set_paragraph_status(SAMPLE_ID, 1, "done")
    out = tmp_path / "m.tsv"
    assert run(db, "export", "--format", "mqm", "--annotator", rater, "-o", str(out)).exit_code == 0
    rows = [line.split("\t") for line in out.read_text().splitlines()[1:]]
    assert rows
    for row in rows:
        for cell in row[:-1]:
            assert not cell.startswith(("=", "+", "-", "@")), cell
        assert unneutralise(row[4]) == rater


def test_killed_exports_leftovers_are_cleaned_on_the_next_run(db: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "e.jsonl"
    stale_file = out / ".e.jsonl.curator-abcd1234.tmp"
    stale_file.write_bytes(b"x" * 1000)
    brat = out / "b"
    stale_dir = out / ".b.curator-zzzz9999.tmp"
    stale_dir.mkdir()
    (stale_dir / "a.txt").write_text("half")
    legacy = out / ".e.jsonl.abcd1234.tmp"  # an earlier curator's name, from a killed run
    legacy.write_bytes(b"y" * 1000)
    os.utime(legacy, (time.time() - 3600, time.time() - 3600))
    fresh = out / ".e.jsonl.fresh123.tmp"  # that name, but newer than this process: kept
    fresh.write_text("maybe a running old curator's")
    foreign = out / ".e.jsonl.partial"  # not curator's naming: left alone
    foreign.write_text("theirs")
    assert run(db, "export", "-o", str(target)).exit_code == 0
    assert run(db, "export", "--format", "brat", "-o", str(brat)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".e.jsonl.fresh123.tmp",
        ".e.jsonl.partial",
        "b",
        "b.manifest.json",
        "e.jsonl",
        "e.jsonl.manifest.json",
    ]


def test_a_temporary_another_run_holds_is_not_cleaned(tmp_path: Path):
    from curator.store.files import clean_stale, temp_file

    with temp_file(tmp_path, "e.jsonl") as (_fd, tmp):
        assert clean_stale(tmp_path, "e.jsonl") == []
        assert tmp.exists()
    assert not tmp.exists()


def test_a_killed_brat_swap_is_undone(db: Path, tmp_path: Path):
    """Killed between moving the previous export aside and renaming the new one in: the next
    run puts the previous export back."""
    brat = tmp_path / "b"
    assert run(db, "export", "--format", "brat", "-o", str(brat)).exit_code == 0
    old = tmp_path / ".b.curator-qqqq1111.old"
    os.rename(brat, old)
    from curator.store.files import clean_stale

    clean_stale(tmp_path, "b")
    assert brat.is_dir() and not old.exists()


def test_migration_backup_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from curator.store import db as store_db
    from curator.store.schema import migrations

    path = tmp_path / "old.db"
    old = store_db.connect(path)
    migrations.apply(old, stop_before="m002_adjudications")
    old.close()

    class Killed(BaseException):
        pass

    def dying(*a, **k):  # killed after the copy, before it is renamed into place
        raise Killed

    monkeypatch.setattr(os, "replace", dying)
    with pytest.raises(Killed):
        Store.open(path, annotator="alice")
    monkeypatch.undo()
    assert not list(tmp_path.glob("old.db.bak-*")), "a half-written backup under the final name"
    with Store.open(path, annotator="alice"):
        pass
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in names if ".curator-" in n] == []
    assert len([n for n in names if n.startswith("old.db.bak-")]) == 1
