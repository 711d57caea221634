"""Suggestions: `suggest` (and the run `import --suggest` makes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from curator.cli.base import Settings, article_ids_option, open_store, pass_settings, safe


def suggest_articles(
    store: Any, article_ids: Sequence[str], only: str | None = None, dry_run: bool = False
) -> None:
    """Run the suggesters on articles; print the proposals (dry run) or store them."""
    from curator.suggest.runner import parse_only, store_suggestions, suggest_stored_article

    which = parse_only(only)
    for article_id in article_ids:
        found = suggest_stored_article(store, article_id, which)
        if dry_run:
            _print_suggestions(article_id, found)
            continue
        run = store_suggestions(store, article_id, found, which)
        click.echo(
            f"{article_id}: {run.added} suggestions pending, {run.replaced} replaced, "
            f"{run.kept} already accepted or rejected, {run.kinds} paragraph kinds set"
        )


def _print_suggestions(article_id: str, found: Sequence[Any]) -> None:
    from collections import Counter

    from curator.suggest.base import PARAGRAPH_KIND

    click.echo(article_id)
    keys = {s.key: s for s in found}
    for s in sorted(found, key=lambda s: (s.paragraph, s.start, s.label)):
        text = safe(s.text.replace("\n", " ⏎ "))
        shown = text if len(text) <= 50 else text[:49] + "…"
        if s.label == PARAGRAPH_KIND:
            what = f"kind {s.attrs['kind']}"
        else:
            attrs = " ".join(f"{k}={safe(str(v))}" for k, v in s.attrs.items())
            what = f"{s.label} “{shown}”" + (f" {attrs}" if attrs else "")
        links = "".join(
            f" → {rel} “{safe(keys[tail].text)[:30]}”" for rel, tail in s.links if tail in keys
        )
        click.echo(f"  ¶{s.paragraph + 1:<4} {what}{links}  ({safe(s.reason)})")
    counts = Counter(s.suggester for s in found)
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    click.echo(f"  {len(found)} proposals ({summary or 'none'}); dry run, nothing stored")


@click.command()
@article_ids_option
@click.option(
    "--only",
    default=None,
    metavar="NAMES",
    help="Comma-separated suggesters to run: dates,speakers,boilerplate,errors (default: all).",
)
@click.option("--dry-run", is_flag=True, help="Print the proposals per paragraph; store nothing.")
@pass_settings
def suggest(
    settings: Settings, article_ids: tuple[str, ...], only: str | None, dry_run: bool
) -> None:
    """Propose dates, speakers and quotes, paragraph kinds and likely translation errors.

    Proposals are stored as pending suggestions (the `suggest` layer) that the annotation
    screen shows dimmed: `a` accepts one into your layer, `r` rejects it, `A` accepts all in
    the paragraph. Running again replaces the pending suggestions of the suggesters that run
    and never touches accepted or rejected ones; paragraph kinds an editor set are kept.
    """
    from curator.suggest.runner import parse_only

    try:
        parse_only(only)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--only") from None
    with open_store(settings, create=False, write=True) as store:
        for article_id in article_ids:
            store.article(article_id)  # an unknown id is an error before anything is written
        ids = list(article_ids) or [a.id for a in store.articles()]
        if not ids:
            click.echo(f"{settings.db}: no articles yet (curator import PATH)")
            return
        suggest_articles(store, ids, only, dry_run)
