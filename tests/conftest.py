"""Shared fixtures: a Store on a real SQLite file, with and without the sample article."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import curator
from curator.formats.articles import collect_files, read_drafts
from curator.store.imports import import_articles
from curator.store.store import Store

SAMPLE = Path(curator.__file__).parent / "data" / "csto-20-years.txt"
"""The bundled sample article (39 paragraphs)."""
SAMPLE_ID = "csto-20-years"
"""Its article id, derived from the file name."""
REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository checkout (for the committed schema/ folder)."""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives (not created yet)."""
    return tmp_path / "curator.db"


@pytest.fixture
def fresh_db(db_path: Path) -> Iterator[Store]:
    """An empty curator database on disk, opened for annotator `alice`."""
    store = Store.open(db_path, annotator="alice", session="session-1")
    yield store
    store.close()


@pytest.fixture
def sample_db(fresh_db: Store) -> Store:
    """`fresh_db` with the sample article imported."""
    drafts = list(read_drafts(collect_files([SAMPLE])))
    results = import_articles(fresh_db, drafts)
    assert [r.outcome for r in results] == ["imported"]
    return fresh_db


def db_state(path: Path) -> str | None:
    """A fingerprint of a database file's content: None when it does not exist, a hash of
    the bytes for a non-SQLite file, else a hash of an SQL dump of every table."""
    if not path.exists():
        return None
    data = path.read_bytes()
    if not data.startswith(b"SQLite format 3\x00"):
        return "bytes:" + hashlib.sha256(data).hexdigest()
    conn = sqlite3.connect(path)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return "dump:" + hashlib.sha256(dump.encode()).hexdigest()
