"""What every command shares: the group (errors as one line), the typed settings of the
global options, the store they open, progress bars, terminal-safe text and option bundles."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from curator.domain.errors import CuratorError

DEFAULT_DB = "curator.db"

MESSAGE_LIMIT = 400
"""Longest error line printed (a long name or id in a message is cut)."""

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Settings:
    """The global options, resolved once by the group callback."""

    db: Path
    annotator: str
    tagset: Path | None = None


pass_settings = click.make_pass_decorator(Settings)
"""Passes the command the group's `Settings` as its first argument."""


def current_settings(ctx: click.Context) -> Settings | None:
    """The settings of the running command line, or None before the group callback set them."""
    return ctx.find_object(Settings)


class CuratorGroup(click.Group):
    """Turns CuratorError into one line on stderr and exit code 1 (no traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CuratorError as exc:
            # Messages quote file content (ids, keys, names): no escape reaches the terminal.
            click.echo(f"Error: {safe(str(exc), MESSAGE_LIMIT)}", err=True)
            ctx.exit(1)
        except sqlite3.DatabaseError as exc:
            # A damaged file found while reading it: one line, not a traceback.
            settings = current_settings(ctx)
            where = settings.db if settings is not None else "database"
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                msg = f"{where}: the database stayed busy (another curator is writing); try again"
            else:
                msg = f"{where}: database error: {exc} (is the file damaged?)"
            click.echo(f"Error: {safe(msg, MESSAGE_LIMIT)}", err=True)
            ctx.exit(1)


def check_annotator(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Names are refused at entry when they hold NUL, a line break or a control character."""
    from curator.domain.text import check_name

    if value is None:
        return None
    try:
        return check_name(value, param.opts[-1] if param.opts else "annotator")
    except ValueError as exc:
        raise CuratorError(str(exc)) from None


# -- option bundles: one definition per option several commands take ---------------------------


def article_ids_option(f: F) -> F:
    """`--article ID` (repeatable) as `article_ids`."""
    return click.option(
        "--article", "article_ids", multiple=True, help="Only this article (repeatable)."
    )(f)


def labels_option(help: str = "Only this label (repeatable).") -> Callable[[F], F]:
    """`--label NAME` (repeatable) as `labels`."""
    return click.option("--label", "labels", multiple=True, help=help)


# -- running ------------------------------------------------------------------------------------


@contextlib.contextmanager
def progress(n: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress callback for long runs on a terminal (a bar on stderr), else None."""
    if n < 50 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=n, label=label, file=sys.stderr) as bar:
        yield bar.update


def load_settings_tagset(settings: Settings) -> Any:
    """The tag set of --tagset, or None without it."""
    from curator.domain.tagset import load_tagset

    return load_tagset(settings.tagset) if settings.tagset else None


def open_store(
    settings: Settings, *, create: bool = True, tagset: Any = None, write: bool = False
) -> Any:
    """The store for the global options (`tagset` overrides --tagset for a new database).
    A store opened to write (`create` or `write`) is integrity-checked first."""
    from curator.store.store import Store

    if tagset is None:
        tagset = load_settings_tagset(settings)
    return Store.open(
        settings.db,
        annotator=settings.annotator,
        tagset=tagset,
        create=create,
        check=create or write,
    )


def safe(text: str, limit: int | None = None) -> str:
    """Stored text is already free of control characters; this guards the terminal anyway."""
    from curator.domain.text import safe_text

    return safe_text(text, one_line=True, limit=limit)


def echo_lines(lines: Iterable[str]) -> None:
    """Print lines; page them through $PAGER when stdout is a terminal and they are long."""
    import itertools
    import shutil

    if not sys.stdout.isatty():
        for line in lines:
            click.echo(line)
        return
    height = shutil.get_terminal_size().lines
    it = iter(lines)
    head = list(itertools.islice(it, height))
    if len(head) < height:
        for line in head:
            click.echo(line)
        return
    click.echo_via_pager(f"{line}\n" for line in itertools.chain(head, it))
