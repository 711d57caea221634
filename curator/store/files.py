"""Temporary files and folders that curator builds beside a target, and their clean-up.

Every temporary is named `.<target name>.curator-XXXXXXXX.tmp` (a brat export's previous
folder, while it is swapped out, `.<name>.curator-XXXXXXXX.old`; a migration backup being
written, `.<db>.bak-<stamp>.curator-XXXXXXXX.tmp`) and holds an exclusive `flock` for as long
as the process writing it lives. A run that was killed leaves its temporary unlocked: the next
run that writes the same target removes it (`clean_stale`), and never one another process is
still writing, nor any file it did not name itself. Temporaries named as earlier versions
named them (`.<name>.XXXXXXXX.tmp`, no lock) are removed only when they are older than the
running process and unlocked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TAG = "curator-"
"""Marks a temporary as curator's own (`.<name>.curator-XXXXXXXX.tmp`)."""
_RANDOM = r"[a-z0-9_]{8}"  # what tempfile's names draw from


def temp_prefix(name: str) -> str:
    """The prefix of a temporary built for the file or folder `name`."""
    return f".{name}.{TAG}"


STARTED = time.time()
"""When this process started (about: when curator was imported)."""


def _stale_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"\.{re.escape(name)}(?:\.bak-[0-9T]+)?\.(?P<tag>{TAG})?(?P<rand>{_RANDOM})"
        r"\.(?P<kind>tmp|old)(?P<side>-wal|-shm|-journal)?"
    )


def _legacy_stale(path: Path) -> bool:
    """A temporary named as curator before 0.x named them (no tag, no lock): stale only when
    it is older than this process and nobody holds it."""
    try:
        return path.lstat().st_mtime < STARTED - 1 and not _in_use(path)
    except OSError:
        return False


def lock_fd(fd: int) -> None:
    """Hold an exclusive flock on `fd` until it is closed (marks the temporary as in use)."""
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _in_use(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return True  # cannot even look at it: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def clean_stale(folder: Path, name: str) -> list[Path]:
    """Remove the temporaries of `folder/name` that no live process holds; returns them.

    A stale `.old` folder is a previous brat export swapped out by a killed run: it is moved
    back when the target is missing, else removed."""
    pattern = _stale_pattern(name)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or entry.is_symlink():
            continue
        path = Path(entry.path)
        if not m["tag"] and (m["side"] or not _legacy_stale(path)):
            continue
        if m["side"]:  # SQLite's file beside a temporary database: goes with it
            main = path.with_name(entry.name[: -len(m["side"])])
            if not main.exists() or not _in_use(main):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
            continue
        if m["kind"] == "old":
            sibling = path.with_name(entry.name[: -len(".old")] + ".tmp")
            if sibling.exists() and _in_use(sibling):
                continue
            target = folder / name
            with contextlib.suppress(OSError):
                if not target.exists() and not target.is_symlink():
                    os.rename(path, target)
                else:
                    shutil.rmtree(path)
                removed.append(path)
            continue
        if _in_use(path):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def temp_file(folder: Path, name: str) -> Iterator[tuple[int, Path]]:
    """A new locked temporary file for `folder/name`: (fd, path); removed when the block
    ends unless it was renamed into place."""
    fd, raw = tempfile.mkstemp(dir=folder, prefix=temp_prefix(name), suffix=".tmp")
    path = Path(raw)
    try:
        lock_fd(fd)
        yield fd, path
    finally:
        path.unlink(missing_ok=True)  # unless it was renamed into place
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.contextmanager
def temp_folder(folder: Path, name: str) -> Iterator[Path]:
    """A new locked temporary folder for `folder/name` (the lock lasts the block)."""
    path = Path(tempfile.mkdtemp(dir=folder, prefix=temp_prefix(name), suffix=".tmp"))
    fd = os.open(path, os.O_RDONLY)
    try:
        lock_fd(fd)
        yield path
    finally:
        os.close(fd)
