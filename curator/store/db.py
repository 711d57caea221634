"""Opening a database: pragmas, migrations, version checks, clear errors."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from curator.domain.errors import StoreError
from curator.store.schema import KNOWN_MIGRATIONS, migrations

BUSY_TIMEOUT_MS = 15_000


def connect(path: str | Path) -> Database:
    """A configured connection: WAL so readers never block the writer, foreign keys on,
    a busy timeout so two editors can share one file, FULL sync so a commit is on disk."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if path.exists():
        _check_sqlite_header(path)
    try:
        # The timeout is SQLite's busy timeout (PRAGMA busy_timeout reads it back).
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys=ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
    except sqlite3.DatabaseError as exc:
        if not _writable(path):
            # WAL needs its -wal/-shm files beside the database, even to read it.
            raise StoreError(
                f"{path}: cannot open database: the file or its folder is read-only "
                "(curator needs to write the database and files beside it)"
            ) from None
        raise StoreError(f"{path}: cannot open database: {exc}") from None
    return db


def _writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a curator database (not an SQLite file)")


def migrate(db: Database, path: Path) -> None:
    """Bring the schema up to date; refuse a database from a newer curator.

    An existing database is copied aside before its schema changes, so a failed or
    regretted upgrade can be undone by hand.
    """
    applied = {m.name for m in migrations.applied(db)}
    newer = sorted(applied - KNOWN_MIGRATIONS)
    if newer:
        raise StoreError(
            f"{path}: written by a newer curator (schema step {newer[-1]!r}); upgrade curator"
        )
    tables = set(db.table_names())
    if not applied and tables - {"_sqlite_migrations"}:
        raise StoreError(f"{path}: not a curator database (it has other tables)")
    pending = migrations.pending(db)
    if not pending:
        return
    if applied and path.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        backup = path.with_name(f"{path.name}.bak-{stamp}")
        dest = sqlite3.connect(str(backup))
        with dest:
            db.conn.backup(dest)
        dest.close()
    migrations.apply(db)
