"""Command line: `curator [--db PATH] [--annotator NAME] COMMAND`.

One module per command group (`articles`, `annotations`, `review`, `suggest`, `tui`) over
`base` (the group class, the typed `Settings` of the global options, the store they open).
The TUI is imported only by the commands that open it, so `curator import` / `export` start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from curator import __version__
from curator.cli.annotations import export_, import_annotations_, schema
from curator.cli.articles import import_, import_source, init, list_
from curator.cli.base import DEFAULT_DB, CuratorGroup, Settings
from curator.cli.review import agreement, diff, merge, review
from curator.cli.suggest import suggest
from curator.cli.tui import annotate, demo
from curator.domain.errors import CuratorError

__all__ = ["Settings", "cli", "main"]


@click.group(cls=CuratorGroup, invoke_without_command=True)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    envvar="CURATOR_DB",
    show_default=True,
    help="Database file (env CURATOR_DB).",
)
@click.option(
    "--annotator",
    envvar="CURATOR_ANNOTATOR",
    default=None,
    help="Whose annotations to read and write (env CURATOR_ANNOTATOR; default: your OS user).",
)
@click.option(
    "--tagset",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Tag-set file (.toml/.json) for a NEW database; stored in it at creation.",
)
@click.version_option(__version__, prog_name="curator")
@click.pass_context
def cli(ctx: click.Context, db_path: Path, annotator: str | None, tagset: Path | None) -> None:
    """Annotate claims, speakers, dates and translation errors in news articles.

    Without a command, opens the annotation screen (same as `curator annotate`).
    """
    from curator.domain.text import check_name
    from curator.store.store import default_annotator

    settings = Settings(db=db_path, annotator=annotator or default_annotator(), tagset=tagset)
    ctx.obj = settings
    try:
        check_name(settings.annotator, "--annotator")
    except ValueError as exc:
        raise CuratorError(str(exc)) from None
    if ctx.invoked_subcommand is None:
        ctx.invoke(annotate)


for _command in (
    init,
    import_,
    import_source,
    list_,
    export_,
    import_annotations_,
    schema,
    diff,
    agreement,
    review,
    merge,
    suggest,
    annotate,
    demo,
):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="curator")
