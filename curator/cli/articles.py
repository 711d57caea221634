"""Articles: `init`, `import`, `import-source` and `list`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from curator.cli.base import Settings, open_store, pass_settings, progress, safe


@click.command()
@pass_settings
def init(settings: Settings) -> None:
    """Create an empty database (with --tagset, using that tag set)."""
    existed = Path(settings.db).exists()
    with open_store(settings) as store:
        labels = ", ".join(f"{store.tagset.key_of(x.name)} {x.name}" for x in store.tagset.labels)
    click.echo(f"{'Opened existing' if existed else 'Created'} {settings.db} (labels: {labels})")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Update articles whose text changed (re-anchors annotations)."
)
@click.option(
    "--suggest", "run_suggest", is_flag=True, help="Then run `curator suggest` on the new articles."
)
@pass_settings
def import_(settings: Settings, paths: Sequence[Path], replace: bool, run_suggest: bool) -> None:
    """Import articles from .txt/.md files, .jsonl files, or folders of them.

    A .txt/.md file is one article: the first line (or `# ` heading) is its title, and
    optional front matter between `---` lines sets id, url, dct, source_lang, target_lang,
    mt_system. A .jsonl file holds one article per line with `id`, `title` and `text` (or
    `paragraphs`). Nothing is written unless every file is valid.
    """
    from curator.cli.suggest import suggest_articles
    from curator.formats.articles import collect_files, read_drafts
    from curator.store.imports import check_unique_ids, import_articles

    files = collect_files(paths)
    drafts = list(read_drafts(files))  # validate everything before touching the database
    check_unique_ids(drafts)  # before open_store, which would create a missing database
    with open_store(settings) as store:
        with progress(len(drafts), "Importing") as step:
            results = import_articles(store, drafts, replace=replace, progress=step)
        _report_import(results, settings.db)
        if run_suggest:
            suggest_articles(store, [r.article_id for r in results if r.outcome != "unchanged"])


def _report_import(results: Sequence[Any], db: Path) -> None:
    for r in results:
        extra = (
            f", {r.reanchored} re-anchored, {r.orphaned} orphaned"
            if r.outcome == "replaced"
            else ""
        )
        click.echo(f"{r.outcome:9}  {r.article_id}  ({r.paragraphs} paragraphs{extra})  {r.source}")
        for warning in r.warnings:
            click.echo(f"warning: {r.article_id}: {warning}", err=True)
    counts = {
        o: sum(r.outcome == o for r in results) for o in ("imported", "replaced", "unchanged")
    }
    if counts["unchanged"] == len(results):
        click.echo(f"Nothing to do: all {len(results)} articles are already in {db}.")
    else:
        summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
        click.echo(f"{summary} into {db}")


@click.command("import-source")
@click.argument("article")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_settings
def import_source(settings: Settings, article: str, file: Path) -> None:
    """Add (or replace) the source-language text ARTICLE was translated from, read from FILE.

    FILE is normalised like an article and aligned paragraph by paragraph with the stored
    text; a file that aligns with less than half of the article is refused. One undoable
    change.
    """
    from curator.domain.errors import ConflictError
    from curator.formats.sources import aligned, read_source_file
    from curator.store.sources import set_source

    paragraphs = read_source_file(file)
    with open_store(settings, create=False, write=True) as store:
        if not store.has_article(article):
            raise ConflictError(f"article {article!r}: no such article")
        target = [p.text for p in store.paragraphs(article)]
        beads = aligned(paragraphs, target, str(file))
        set_source(store, article, paragraphs, beads)
    links = sum(1 for b in beads if b.source_end > b.source_start and b.target_end > b.target_start)
    click.echo(
        f"Source of {article}: {len(paragraphs)} paragraphs from {file}, "
        f"{links} alignment links over {len(target)} paragraphs"
    )


@click.command("list")
@click.argument("article_id", required=False)
@pass_settings
def list_(settings: Settings, article_id: str | None) -> None:
    """List articles with per-annotator progress, or one article's paragraphs."""
    with open_store(settings, create=False) as store:
        if article_id:
            _list_paragraphs(store, article_id)
            return
        articles = store.articles()
        if not articles:
            click.echo(f"{settings.db}: no articles yet (curator import PATH)")
            return
        for info in articles:
            marks = "  ".join(
                f"{p.annotator} {p.done + p.skipped}/{p.total} ({p.spans} spans)"
                for p in store.progress(info.id)
            )
            click.echo(
                f"{safe(info.id)}  {info.n_paragraphs:4d} ¶  {safe(info.title)[:60]}  {safe(marks)}"
            )
        click.echo(f"{len(articles)} articles")
        for p in store.progress():
            click.echo(
                f"  {safe(p.annotator)}: {p.done} done, {p.skipped} skipped, {p.todo} to do, "
                f"{p.spans} spans"
            )


def _list_paragraphs(store: Any, article_id: str) -> None:
    store.article(article_id)  # an unknown id is an error, not an empty listing
    statuses = store.statuses(article_id)
    spans_per = {}
    for span in store.spans(article_id):
        spans_per[span.paragraph] = spans_per.get(span.paragraph, 0) + 1
    for para in store.paragraphs(article_id):
        status = statuses.get(para.index)
        mark = {"done": "✓", "skipped": "-"}.get(status.status if status else "", " ")
        text = safe(para.text.replace("\n", " ⏎ "))
        click.echo(
            # ¶ numbers count from 1, as the TUI and review show them (stored indices from 0).
            f"{para.index + 1:4d} {mark} {para.kind:11} {spans_per.get(para.index, 0):3d}  {text[:70]}"
        )
