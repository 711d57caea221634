"""Where a command's `-o` may write, and how: the one check every writer goes through.

`check_output` decides before anything is written:
- `-` is stdout;
- the database being read, its `-wal` or `-shm` (by resolved path, or the same file through a
  hard link) is refused;
- a missing path or a regular file is written atomically: a temporary file beside it, renamed
  over it (a folder format: a folder built beside it and swapped in), with a manifest beside;
- a character device (`/dev/null`, a terminal) or a FIFO is written through: streamed, never
  replaced, no manifest beside it;
- a symlink is followed only when it stays inside its own folder; one pointing elsewhere
  (`/proc/self/fd/1`, `../../x`) is refused, as are block devices, sockets, a folder given for
  a file format and a file given for a folder format.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from curator.domain.errors import InputError
from curator.store.files import clean_stale, temp_file, temp_folder

Mode = Literal["stdout", "atomic", "stream", "folder"]


@dataclass(frozen=True)
class Output:
    """A checked output target."""

    path: Path | None
    """Where to write (None for stdout); a symlink inside its folder is resolved."""
    mode: Mode
    """stdout, atomic (temp + rename), stream (write through a device or FIFO), folder."""

    @property
    def sidecars(self) -> bool:
        """Whether files may be written beside it (a manifest): not for streams."""
        return self.mode in ("atomic", "folder")


def _protected(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += [Path(p), Path(f"{p}-wal"), Path(f"{p}-shm"), Path(f"{p}-journal")]
    return out


def _same(a: Path, b: Path) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(
    raw: str | Path,
    *,
    folder: bool = False,
    protect: Sequence[Path] = (),
    what: str = "output",
) -> Output:
    """Check an `-o` target (see the module docstring); InputError, one line, when refused."""
    if str(raw) == "-":
        if folder:
            raise InputError(f"{what}: this format writes a folder: give -o FOLDER, not -o -")
        return Output(None, "stdout")
    path = Path(raw)
    for p in _protected(protect):
        if _same(path, p):
            raise InputError(f"{path}: is the database ({p}); not writing over it")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return Output(path, "folder" if folder else "atomic")
    except OSError as exc:
        raise InputError(f"{path}: cannot check the output: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        real = Path(os.path.realpath(path))
        home = Path(os.path.realpath(path.parent if str(path.parent) else "."))
        if not real.is_relative_to(home) or real == home:
            raise InputError(
                f"{path}: is a symlink to {real}, outside its folder; not writing through it"
            )
        path = real
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return Output(path, "folder" if folder else "atomic")
        for p in _protected(protect):
            if _same(path, p):
                raise InputError(f"{raw}: is the database ({p}); not writing over it")
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        if folder:
            return Output(path, "folder")
        raise InputError(f"{path}: is a folder; give a file name")
    if folder:
        raise InputError(f"{path}: exists and is not a curator brat export; not replacing it")
    if stat.S_ISREG(mode):
        return Output(path, "atomic")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return Output(path, "stream")
    kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else None
    raise InputError(f"{path}: is {kind or 'not a regular file'}; not writing to it")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file in the target's folder, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent, target.name)
    with temp_file(target.parent, target.name) as (fd, tmp):
        with os.fdopen(fd, "wb", closefd=False) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 is for the temporary file only
        os.replace(tmp, target)


def write_output(out: Output, write: Callable[[IO[bytes]], None]) -> None:
    """Write a checked file target: atomically, or streamed into a device or FIFO."""
    assert out.path is not None
    if out.mode == "stream":
        with open(out.path, "ab") as fh:  # append: a device or FIFO is never truncated
            write(fh)
            fh.flush()
        return
    assert out.mode == "atomic", out.mode
    atomic_write(out.path, write)


def write_text(out: Output, stdout: IO[bytes], write: Callable[[IO[str]], None]) -> None:
    """Write UTF-8 text (newlines as `\\n`) onto a checked target: stdout, an atomic file
    (which appears only once `write` has returned) or a stream."""
    import io

    def through(raw: IO[bytes]) -> None:
        fh = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")  # type: ignore[arg-type]
        try:
            write(fh)
            fh.flush()
        finally:
            fh.detach()

    if out.mode == "stdout":
        through(stdout)
        stdout.flush()
    else:
        write_output(out, through)


@contextlib.contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A folder built beside the target and swapped in when the block ends; a previous one
    there is removed only after the new one is in place, and stays when the block fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target.parent, target.name)
    with temp_folder(target.parent, target.name) as tmp:
        old = tmp.with_suffix(".old")
        try:
            yield tmp
            os.chmod(tmp, 0o777 & ~_umask())
            if target.exists():
                os.rename(target, old)
            os.rename(tmp, target)
        except BaseException:
            if old.exists() and not target.exists():
                os.rename(old, target)
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    shutil.rmtree(old, ignore_errors=True)
