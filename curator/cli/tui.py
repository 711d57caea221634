"""The commands that open a screen: `annotate`, `demo` (and `review`'s, via `run_review`).
The only module of the CLI importing the TUI, inside the functions, so other commands
start without Textual."""

from __future__ import annotations

import click

from curator.cli.base import Settings, pass_settings


@click.command()
@click.option(
    "--article", "article_id", default=None, help="Open this article (default: where you stopped)."
)
@pass_settings
def annotate(settings: Settings, article_id: str | None) -> None:
    """Open the annotation screen on the database, resuming where you stopped."""
    from curator.tui import run_app

    run_app(settings.db, settings.annotator, article_id=article_id)


@click.command()
@click.option("--reset", is_flag=True, help="Start the demo database afresh.")
@click.option(
    "--bilingual",
    is_flag=True,
    help="Open the bilingual sample instead: a translation with its source text beside it.",
)
@pass_settings
def demo(settings: Settings, reset: bool, bilingual: bool) -> None:
    """Open the bundled sample article in a demo database in your data directory."""
    from curator.demo import demo_database
    from curator.tui import run_app

    path = demo_database(reset=reset, bilingual=bilingual)
    run_app(path, settings.annotator)


def run_review(
    settings: Settings,
    a: str,
    b: str,
    *,
    into: str,
    auto_accept: bool,
    article_ids: tuple[str, ...],
) -> None:
    """Open the review screen for `curator review` (its options already checked)."""
    from curator.tui.app import load_keymap_checked, make_review_app

    def progress(done: int, total: int) -> None:
        # A line on stderr, rewritten in place: a big corpus takes a while before the screen.
        end = "\n" if done == total else "\r"
        click.echo(f"Auto-accepting agreements: {done:,}/{total:,}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    app = make_review_app(
        settings.db,
        settings.annotator,
        a,
        b,
        into=into,
        auto_accept=auto_accept,
        article_ids=article_ids,
        keymap=load_keymap_checked(),
        progress=progress,
    )
    app.run()
