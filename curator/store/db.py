"""Opening a database: pragmas, migrations, version checks, clear errors."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlite_utils import Database

from curator.domain.errors import InputError, StoreError
from curator.store.files import clean_stale, temp_file
from curator.store.schema import KNOWN_MIGRATIONS, migrations

BUSY_TIMEOUT_MS = 15_000


def connect(path: str | Path) -> Database:
    """A configured connection: WAL so readers never block the writer, foreign keys on,
    a busy timeout so two editors can share one file, FULL sync so a commit is on disk."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if path.exists():
        check_sqlite_header(path)
    try:
        # The timeout is SQLite's busy timeout (PRAGMA busy_timeout reads it back).
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys=ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None
    return db


def _open_error(path: Path, exc: Exception) -> StoreError:
    if not _writable(path):
        # WAL needs its -wal/-shm files beside the database, even to read it.
        return StoreError(
            f"{path}: cannot open database: the file or its folder is read-only "
            "(curator needs to write the database and files beside it)"
        )
    return StoreError(f"{path}: cannot open database: {exc}")


def _writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def check_sqlite_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    if head and head != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a curator database (not an SQLite file)")


def open_readonly(
    path: Path, tables: Mapping[str, Sequence[str]] | None = None
) -> sqlite3.Connection:
    """A read-only connection (`mode=ro`) to a curator database, for reading only: nothing is
    migrated or written, the journal mode stays as it is. Refuses a file that is not a
    curator database (no curator schema steps; `tables` missing or lacking columns), or one
    from a newer curator."""
    check_sqlite_header(path)
    if path.stat().st_size == 0:
        raise StoreError(f"{path}: not a curator database (an empty file)")
    uri = f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA query_only=ON")
        check_curator_schema(conn, path, tables or {})
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _open_error(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return conn


def check_curator_schema(
    conn: sqlite3.Connection, path: Path, tables: Mapping[str, Sequence[str]]
) -> None:
    """InputError unless the file holds curator's schema steps (none newer than this
    curator's) and the given tables with at least the given columns."""
    objects = dict(
        conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    )
    if objects.get("_sqlite_migrations") != "table":
        raise InputError(f"{path}: not a curator database (no curator schema)")
    applied = {
        r[0]
        for r in conn.execute(
            'SELECT "name" FROM "_sqlite_migrations" WHERE "migration_set" = \'curator\''
        )
    }
    if not applied:
        raise InputError(f"{path}: not a curator database (no curator schema)")
    newer = sorted(applied - KNOWN_MIGRATIONS)
    if newer:
        raise StoreError(
            f"{path}: written by a newer curator (schema step {newer[-1]!r}); upgrade curator"
        )
    for table, columns in tables.items():
        if objects.get(table) != "table":
            raise InputError(f"{path}: not a curator database (no table {table})")
        have = {r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", [table])}
        missing = [c for c in columns if c not in have]
        if missing:
            raise InputError(f"{path}: not a curator database ({table} lacks {missing[0]})")


def check_integrity(db: Database, path: Path) -> None:
    """`PRAGMA quick_check`: a damaged file is refused (one line) before anything is
    written into it."""
    try:
        rows = db.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the database is damaged ({exc}); not writing to it") from None
    if [r[0] for r in rows] != ["ok"]:
        detail = " ".join(str(rows[0][0]).split())[:120] if rows else "no answer"
        raise StoreError(f"{path}: the database is damaged ({detail}); not writing to it")


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
        backup_copy(db, path.with_name(f"{path.name}.bak-{stamp}"))
    migrations.apply(db)


def backup_copy(db: Database, backup: Path) -> None:
    """A copy of the database at `backup`, written to a temporary file and renamed into
    place, so a killed run leaves no empty or partial backup (only a temporary that the next
    run removes)."""
    clean_stale(backup.parent, backup.name)
    with temp_file(backup.parent, backup.name) as (_fd, tmp):
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                with dest:
                    db.conn.backup(dest)
            finally:
                dest.close()
            os.replace(tmp, backup)
        finally:
            Path(f"{tmp}-journal").unlink(missing_ok=True)
