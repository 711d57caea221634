"""Every `-o` goes through one check: never onto the database, never replacing a device, a
FIFO or what a symlink points at outside its folder (issues #15 and #16)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.store.store import Store


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *args])


def one_line_error(res) -> str:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    assert run(path, "import", str(SAMPLE)).exit_code == 0
    for who in ("alice", "bob"):
        with Store.open(path, annotator=who) as store:
            store.add_span(SAMPLE_ID, 0, 0, 4, "claim", {"check_worthy": "yes", "note": who})
            store.set_paragraph_status(SAMPLE_ID, 0, "done")
    return path


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_and_diff_refuse_the_database_and_its_wal(db: Path, suffix: str):
    target = Path(f"{db}{suffix}")
    before = db_state(db)
    size = target.stat().st_size if target.exists() else None
    for args in (
        ["export", "-o", str(target)],
        ["export", "--format", "mqm", "-o", str(target)],
        ["diff", "alice", "bob", "-o", str(target)],
        ["diff", "alice", "bob", "--format", "html", "-o", str(target)],
    ):
        msg = one_line_error(run(db, *args))
        assert "is the database" in msg, msg
        assert db_state(db) == before
        assert (target.stat().st_size if target.exists() else None) == size
    assert not Path(f"{target}.manifest.json").exists()


def test_export_refuses_a_hard_link_and_a_relative_spelling_of_the_database(
    db: Path, monkeypatch: pytest.MonkeyPatch
):
    link = db.parent / "other-name.db"
    os.link(db, link)
    before = db_state(db)
    one_line_error(run(db, "export", "-o", str(link)))
    monkeypatch.chdir(db.parent)
    (db.parent / "sub").mkdir()
    one_line_error(run(db, "export", "-o", "sub/../e.db"))
    assert db_state(db) == before


def test_diff_output_is_atomic(db: Path, monkeypatch: pytest.MonkeyPatch):
    target = db.parent / "diff.html"
    target.write_text("previous report\n")
    import curator.review.html as html

    def broken(run, out, colors):
        out.write("<html>half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html, "write_html", broken)
    res = run(db, "diff", "alice", "bob", "--format", "html", "-o", str(target))
    assert "No space left" in one_line_error(res)
    assert target.read_text() == "previous report\n"
    assert [p.name for p in db.parent.iterdir() if p.name.startswith(".diff")] == []


def test_export_to_a_null_device_writes_through_it(db: Path):
    node = db.parent / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    for fmt in ("curator", "mqm", "claimreview"):
        res = run(db, "export", "--format", fmt, "-o", str(node))
        assert res.exit_code == 0, res.output
        assert stat.S_ISCHR(node.lstat().st_mode), "the device was replaced"
        assert not (db.parent / "null.manifest.json").exists()
    res = run(db, "diff", "alice", "bob", "-o", str(node))
    assert res.exit_code == 0, res.output
    assert stat.S_ISCHR(node.lstat().st_mode)
    one_line_error(run(db, "export", "--format", "brat", "-o", str(node)))
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []


def test_export_to_a_fifo_streams_into_it(db: Path):
    expected_file = db.parent / "plain.jsonl"
    assert run(db, "export", "-o", str(expected_file)).exit_code == 0
    fifo = db.parent / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    res = run(db, "export", "-o", str(fifo))
    reader.join(10)
    assert res.exit_code == 0, res.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == [expected_file.read_bytes()]
    assert not (db.parent / "pipe.manifest.json").exists()


def test_symlinks_out_of_the_folder_are_refused(db: Path, tmp_path: Path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jsonl"
    outside.write_text("keep me\n")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.jsonl").symlink_to(outside)
    (folder / "stdout.jsonl").symlink_to("/proc/self/fd/1")
    (folder / "brat").symlink_to(tmp_path.parent)
    try:
        for args in (
            ["export", "-o", str(folder / "x.jsonl")],
            ["export", "-o", str(folder / "stdout.jsonl")],
            ["diff", "alice", "bob", "-o", str(folder / "x.jsonl")],
            ["export", "--format", "brat", "-o", str(folder / "brat")],
        ):
            msg = one_line_error(run(db, *args))
            assert "symlink" in msg, msg
        assert outside.read_text() == "keep me\n"
        assert sorted(p.name for p in folder.iterdir()) == ["brat", "stdout.jsonl", "x.jsonl"]
        # A symlink inside its own folder is followed: the file it names is replaced.
        (folder / "real.jsonl").write_text("old\n")
        (folder / "alias.jsonl").symlink_to("real.jsonl")
        assert run(db, "export", "-o", str(folder / "alias.jsonl")).exit_code == 0
        assert (folder / "alias.jsonl").is_symlink()
        assert (folder / "real.jsonl").read_text().startswith("{")
    finally:
        outside.unlink()


def test_schema_files_go_through_the_same_check(tmp_path: Path):
    outside = tmp_path / "outside.json"
    outside.write_text("keep\n")
    folder = tmp_path / "schema"
    folder.mkdir()
    (folder / "article.schema.json").symlink_to("/proc/self/fd/1")
    res = CliRunner().invoke(cli, ["schema", "--dir", str(folder)])
    one_line_error(res)
    assert [p.name for p in folder.iterdir()] == ["article.schema.json"]
    assert outside.read_text() == "keep\n"


def test_export_to_a_folder_or_socket_is_one_line(db: Path):
    import socket

    folder = db.parent / "afolder"
    folder.mkdir()
    one_line_error(run(db, "export", "-o", str(folder)))
    sock_path = db.parent / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        one_line_error(run(db, "export", "-o", str(sock_path)))
        assert stat.S_ISSOCK(sock_path.lstat().st_mode)
    finally:
        sock.close()
