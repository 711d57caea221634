"""Command line: `curator [--db PATH] [--annotator NAME] COMMAND`.

The TUI is imported only by the commands that open it, so `curator import` / `export` start fast.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from curator import __version__
from curator.domain.errors import CuratorError

DEFAULT_DB = "curator.db"


class CuratorGroup(click.Group):
    """Turns CuratorError into one line on stderr and exit code 1 (no traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CuratorError as exc:
            # Messages quote file content (ids, keys, names): no escape reaches the terminal.
            click.echo(f"Error: {_safe(str(exc), MESSAGE_LIMIT)}", err=True)
            ctx.exit(1)
        except sqlite3.DatabaseError as exc:
            # A damaged file found while reading it: one line, not a traceback.
            where = (ctx.obj or {}).get("db", "database")
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                msg = f"{where}: the database stayed busy (another curator is writing); try again"
            else:
                msg = f"{where}: database error: {exc} (is the file damaged?)"
            click.echo(f"Error: {_safe(msg, MESSAGE_LIMIT)}", err=True)
            ctx.exit(1)


MESSAGE_LIMIT = 400
"""Longest error line printed (a long name or id in a message is cut)."""


def _check_annotator(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Names are refused at entry when they hold NUL, a line break or a control character."""
    from curator.domain.text import check_name

    if value is None:
        return None
    try:
        return check_name(value, param.opts[-1] if param.opts else "annotator")
    except ValueError as exc:
        raise CuratorError(str(exc)) from None


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

    ctx.obj = {"db": db_path, "annotator": annotator or default_annotator(), "tagset": tagset}
    try:
        check_name(ctx.obj["annotator"], "--annotator")
    except ValueError as exc:
        raise CuratorError(str(exc)) from None
    if ctx.invoked_subcommand is None:
        ctx.invoke(annotate)


@contextlib.contextmanager
def progress(n: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress callback for long runs on a terminal (a bar on stderr), else None."""
    if n < 50 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=n, label=label, file=sys.stderr) as bar:
        yield bar.update


def open_store(ctx: click.Context, *, create: bool = True, tagset: Any = None, write: bool = False):
    """The store for the global options (`tagset` overrides --tagset for a new database).
    A store opened to write (`create` or `write`) is integrity-checked first."""
    from curator.domain.tagset import load_tagset
    from curator.store.store import Store

    if tagset is None and ctx.obj["tagset"]:
        tagset = load_tagset(ctx.obj["tagset"])
    return Store.open(
        ctx.obj["db"],
        annotator=ctx.obj["annotator"],
        tagset=tagset,
        create=create,
        check=create or write,
    )


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create an empty database (with --tagset, using that tag set)."""
    existed = Path(ctx.obj["db"]).exists()
    with open_store(ctx) as store:
        labels = ", ".join(f"{store.tagset.key_of(x.name)} {x.name}" for x in store.tagset.labels)
    click.echo(f"{'Opened existing' if existed else 'Created'} {ctx.obj['db']} (labels: {labels})")


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Update articles whose text changed (re-anchors annotations)."
)
@click.option(
    "--suggest", "run_suggest", is_flag=True, help="Then run `curator suggest` on the new articles."
)
@click.pass_context
def import_(ctx: click.Context, paths: Sequence[Path], replace: bool, run_suggest: bool) -> None:
    """Import articles from .txt/.md files, .jsonl files, or folders of them.

    A .txt/.md file is one article: the first line (or `# ` heading) is its title, and
    optional front matter between `---` lines sets id, url, dct, source_lang, target_lang,
    mt_system. A .jsonl file holds one article per line with `id`, `title` and `text` (or
    `paragraphs`). Nothing is written unless every file is valid.
    """
    from curator.formats.articles import collect_files, read_drafts
    from curator.store.imports import check_unique_ids, import_articles

    files = collect_files(paths)
    drafts = list(read_drafts(files))  # validate everything before touching the database
    check_unique_ids(drafts)  # before open_store, which would create a missing database
    with open_store(ctx) as store:
        with progress(len(drafts), "Importing") as step:
            results = import_articles(store, drafts, replace=replace, progress=step)
        _report_import(results, ctx.obj["db"])
        if run_suggest:
            _suggest_articles(store, [r.article_id for r in results if r.outcome != "unchanged"])


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


@cli.command("list")
@click.argument("article_id", required=False)
@click.pass_context
def list_(ctx: click.Context, article_id: str | None) -> None:
    """List articles with per-annotator progress, or one article's paragraphs."""
    with open_store(ctx, create=False) as store:
        if article_id:
            _list_paragraphs(store, article_id)
            return
        articles = store.articles()
        if not articles:
            click.echo(f"{ctx.obj['db']}: no articles yet (curator import PATH)")
            return
        for info in articles:
            marks = "  ".join(
                f"{p.annotator} {p.done + p.skipped}/{p.total} ({p.spans} spans)"
                for p in store.progress(info.id)
            )
            click.echo(
                f"{_safe(info.id)}  {info.n_paragraphs:4d} ¶  {_safe(info.title)[:60]}  {_safe(marks)}"
            )
        click.echo(f"{len(articles)} articles")
        for p in store.progress():
            click.echo(
                f"  {_safe(p.annotator)}: {p.done} done, {p.skipped} skipped, {p.todo} to do, "
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
        text = _safe(para.text.replace("\n", " ⏎ "))
        click.echo(
            # ¶ numbers count from 1, as the TUI and review show them (stored indices from 0).
            f"{para.index + 1:4d} {mark} {para.kind:11} {spans_per.get(para.index, 0):3d}  {text[:70]}"
        )


@cli.command()
@click.argument(
    "others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_context
def merge(ctx: click.Context, others: Sequence[Path]) -> None:
    """Merge other editors' database files into --db (created if missing).

    Articles are matched by id and text hash; every annotator's layer is kept. Conflicting
    tag sets or article texts are refused before anything is written; merging the same file
    twice changes nothing. Where both sides have a row, the newer copy wins; nothing is deleted.
    """
    from curator.store.merge import read_source_tagset
    from curator.store.store import Store

    db = Path(ctx.obj["db"])
    sources = [Path(o) for o in others]
    plans: list[Any] = []
    if not db.exists():
        # A new target is built in a temporary file and linked into place only when the
        # whole merge succeeded: a refused merge leaves nothing, and a concurrent run that
        # created the file first is never overwritten nor deleted (we merge into theirs).
        from curator.domain.tagset import load_tagset

        tagset = load_tagset(ctx.obj["tagset"]) if ctx.obj["tagset"] else None
        tagset = tagset or read_source_tagset(sources[0])
        try:
            with Store.create_new(db, annotator=ctx.obj["annotator"], tagset=tagset) as store:
                plans = _merge_into(store, sources)
        except FileExistsError:
            plans = []
    if not plans:
        with open_store(ctx) as store:
            plans = _merge_into(store, sources)
    for plan in plans:
        click.echo(
            f"{plan.source}: {plan.added} articles added, {plan.matched} matched; "
            f"spans +{plan.count('span.merge_add')} ~{plan.count('span.merge_update')}, "
            f"relations +{plan.count('relation.merge_add')}, "
            f"paragraph marks +{plan.count('paragraph.merge_add')} ~{plan.count('paragraph.merge_update')}, "
            f"kinds ~{plan.count('paragraph.merge_kind')}, kept {plan.kept}"
        )
    if all(p.empty for p in plans):
        click.echo(f"Nothing to merge: {ctx.obj['db']} already has everything.")


def _merge_into(store: Any, sources: Sequence[Path]) -> list[Any]:
    from curator.store import merge

    # One streaming pass per file, in one transaction: a conflict anywhere rolls it all back.
    return merge.merge_all(store, sources)


def _safe(text: str, limit: int | None = None) -> str:
    """Stored text is already free of control characters; this guards the terminal anyway."""
    from curator.domain.text import safe_text

    return safe_text(text, one_line=True, limit=limit)


@cli.command()
@click.option(
    "--dir",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write the schema files to (or to check with --check).",
)
@click.option(
    "--check", is_flag=True, help="Exit 1 when the files in --dir are not what the models generate."
)
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schema of every record type (and the default tag set) into schema/."""
    from curator.formats.schemas import schema_files

    files = schema_files()
    if check:
        stale = [
            n
            for n, text in files.items()
            if not (out_dir / n).exists() or (out_dir / n).read_text("utf-8") != text
        ]
        if stale:
            raise CuratorError(f"{out_dir}: out of date: {', '.join(stale)} (run `curator schema`)")
        click.echo(f"{out_dir}: {len(files)} files up to date")
        return
    from curator.formats.output import check_output, write_output

    targets = {name: check_output(out_dir / name) for name in files}  # all checked first
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            write_output(targets[name], lambda fh, text=text: fh.write(text.encode("utf-8")))
    except OSError as exc:
        raise CuratorError(f"{out_dir}: cannot write the schema: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(files)} files to {out_dir}/")


@cli.command("export")
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    help="Export this annotator's layer (repeatable; default: the global --annotator).",
)
@click.option("--gold", is_flag=True, help="Export the adjudicated `gold` layer.")
@click.option("--all", "everyone", is_flag=True, help="Export every annotator's layer.")
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only spans with this label (repeatable).")
@click.option(
    "--status",
    type=click.Choice(["done", "all"]),
    default="all",
    show_default=True,
    help="done: only paragraphs the annotator marked done.",
)
@click.option(
    "--unit",
    type=click.Choice(["paragraph", "article"]),
    default="paragraph",
    show_default=True,
    help="One record per paragraph, or per article (offsets over paragraphs joined by a blank line).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        [
            "curator",
            "prodigy",
            "doccano",
            "labelstudio",
            "conll",
            "docbin",
            "xmi",
            "brat",
            "mqm",
            "claimreview",
        ]
    ),
    default="curator",
    show_default=True,
    help="Output format (brat, claimreview and xmi always read whole articles).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="labelstudio: also write the labelling config (XML) for the database's tag set here.",
)
@click.option(
    "--offsets",
    type=click.Choice(["codepoint", "utf16"]),
    default=None,
    help="doccano, mqm: count offsets in UTF-16 code units, as those tools' browser "
    "interfaces do (their default), or in code points; labelstudio: code points (its default, "
    "as Label Studio stores them) or UTF-16 (Label Studio before 2021).",
)
@click.option(
    "--layout",
    type=click.Choice(["label", "relation"]),
    default=None,
    help="doccano: `label` for sequence labelling (default), `relation` for entities and "
    "relations; one layout per file.",
)
@click.option(
    "--publisher",
    default=None,
    help="claimreview: the fact checker publishing the reviews (their author).",
)
@click.option(
    "--review-url",
    default=None,
    help="claimreview: the review page, e.g. https://example.org/checks/{article_id}#{span_id} "
    "(default: the article's url + #span id).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="Output file (a folder for brat), or - for stdout "
    "(default: exports/<db>-<format>-<annotator>.jsonl, .tsv for mqm, no suffix for brat).",
)
@click.pass_context
def export_(
    ctx: click.Context,
    annotators: tuple[str, ...],
    gold: bool,
    everyone: bool,
    article_ids: tuple[str, ...],
    labels: tuple[str, ...],
    status: str,
    unit: str,
    fmt: str,
    offsets: str | None,
    layout: str | None,
    publisher: str | None,
    review_url: str | None,
    config_path: Path | None,
    output: str | None,
) -> None:
    """Export annotations, with a manifest beside the output.

    \b
    Formats:
      curator      JSONL, one record per paragraph (or article), with MQM scores
      prodigy      JSONL tasks for `prodigy db-in` (tokens, spans, relations)
      doccano      JSONL for doccano sequence labelling / relation extraction
      labelstudio  JSON tasks for Label Studio (--config writes its labelling config)
      conll        CoNLL-2003 columns with IOB2 tags, for NER training
      docbin       a spaCy DocBin (.spacy) with span groups and entities (needs spaCy)
      xmi          a ZIP of UIMA CAS XMI + TypeSystem.xml for INCEpTION (needs dkpro-cassis)
      brat         a folder of .txt/.ann standoff pairs + annotation.conf/visual.conf
      mqm          TSV for Google's MQM Viewer, one row per translation error
      claimreview  JSONL of schema.org Claim / ClaimReview JSON-LD, one per claim

    The `--annotator` of this command selects layers to export; without it, --gold or --all,
    the layer of the global `curator --annotator NAME` (default: your OS user) is exported.
    Output is deterministic and written atomically: an interrupted export leaves no file
    (brat: no folder, and a previous export folder stays as it was).
    """
    from curator.formats.export import ExportFilters, default_output, export

    if sum([bool(annotators), gold, everyone]) > 1:
        raise click.UsageError("give only one of --annotator, --gold and --all")
    if config_path is not None and fmt != "labelstudio":
        raise click.UsageError("--config: only for --format labelstudio")
    names = ("gold",) if gold else annotators or (ctx.obj["annotator"],)
    filters = ExportFilters(
        annotators=() if everyone else tuple(names),
        everyone=everyone,
        article_ids=article_ids,
        labels=labels,
        status=status,  # type: ignore[arg-type]
        unit=unit,  # type: ignore[arg-type]
        format=fmt,
        offsets=offsets,  # type: ignore[arg-type]
        layout=layout,  # type: ignore[arg-type]
        publisher=publisher,
        review_url=review_url,
    )
    target = Path(output) if output else default_output(ctx.obj["db"], filters)
    if output == "-":
        target = None
    with (
        open_store(ctx, create=False) as store,
        progress(store.article_count(), "Exporting") as step,
    ):
        result = export(store, filters, target, stdout=sys.stdout.buffer, progress=step)
        if config_path is not None:
            from curator.formats.labelstudio import labelstudio_config

            config_path.write_text(labelstudio_config(store.tagset), "utf-8")
            click.echo(f"Wrote the Label Studio labelling config to {config_path}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    where = result.path or "stdout"
    click.echo(f"Exported {result.records} records, {result.spans} spans to {where}", err=True)


@cli.command("import-source")
@click.argument("article")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def import_source(ctx: click.Context, article: str, file: Path) -> None:
    """Add (or replace) the source-language text ARTICLE was translated from, read from FILE.

    FILE is normalised like an article and aligned paragraph by paragraph with the stored
    text; a file that aligns with less than half of the article is refused. One undoable
    change.
    """
    from curator.domain.errors import ConflictError
    from curator.formats.sources import aligned, read_source_file
    from curator.store.sources import set_source

    paragraphs = read_source_file(file)
    with open_store(ctx, create=False, write=True) as store:
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


@cli.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["curator", "prodigy", "doccano", "labelstudio", "mqm", "brat"]),
    default="curator",
    show_default=True,
    help="Format of FILE (labelstudio: JSON or JSONL tasks; mqm: the TSV curator exports; "
    "brat: a folder of .txt/.ann pairs).",
)
@click.option(
    "--annotator",
    "layer",
    default=None,
    callback=_check_annotator,
    help="Put everything in this annotator's layer (default: the annotator each record names).",
)
@click.option(
    "--offsets",
    type=click.Choice(["codepoint", "utf16"]),
    default=None,
    help="doccano, labelstudio, mqm: how FILE's offsets count (default: as those tools "
    "export them: utf16 for doccano and mqm, codepoint for labelstudio).",
)
@click.pass_context
def import_annotations_(
    ctx: click.Context, file: Path, fmt: str, layer: str | None, offsets: str | None
) -> None:
    """Load exported annotations onto articles already in the database (all or nothing)."""
    from curator.formats.annotation_import import import_annotations

    with open_store(ctx, create=False, write=True) as store:
        s = import_annotations(store, file, fmt, annotator=layer, offsets=offsets)  # type: ignore[arg-type]
    click.echo(
        f"Imported {s.spans} spans, {s.relations} relations, {s.statuses} paragraph statuses "
        f"from {s.records} records into {ctx.obj['db']}"
    )


# -- review: diff and agreement (issue 5) -------------------------------------------------------


def _review_labels(store: Any, labels: Sequence[str]) -> list[str]:
    """The tag set's label names, checking the ones given with --label."""
    names = [lab.name for lab in store.tagset.labels]
    unknown = [lab for lab in labels if lab not in names]
    if unknown:
        raise click.BadParameter(
            f"unknown label {unknown[0]!r} (tag set has {', '.join(names)})", param_hint="--label"
        )
    return names


def _echo_lines(lines: Any) -> None:
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


@cli.command()
@click.argument("annotator_a")
@click.argument("annotator_b")
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text (coloured, paged), json (records + agreement), html (one self-contained page).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    annotator_a: str,
    annotator_b: str,
    article_ids: tuple[str, ...],
    labels: tuple[str, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """Show where ANNOTATOR_A and ANNOTATOR_B disagree, paragraph by paragraph.

    Spans are matched one-to-one (exact, boundary, label) or left unmatched (only A, only
    B); matched spans also show attribute and relation differences. In text, A's spans are
    marked [x:...] and B's {x:...} (x = label initial); - is only A, + only B, ~ changed.
    """
    from curator.review.data import compared_annotators
    from curator.review.diff import DiffRun, render_text, write_json
    from curator.review.html import page_colors, write_html

    if annotator_a == annotator_b:
        raise click.UsageError("give two different annotators")
    with open_store(ctx, create=False) as store:
        names = _review_labels(store, labels)
        compared_annotators(store.db, [annotator_a, annotator_b])
        run = DiffRun(
            store.db,
            annotator_a,
            annotator_b,
            article_ids=article_ids,
            labels=labels,
            tagset_labels=names,
        )
        if fmt == "text" and output is None:
            _echo_lines(render_text(run, color=sys.stdout.isatty()))
            return
        from curator.formats.output import check_output, write_text

        out = check_output(output if output is not None else "-", protect=[store.path])

        def write(fh: Any) -> None:
            if fmt == "text":
                for line in render_text(run, color=False):
                    fh.write(line + "\n")
            elif fmt == "json":
                write_json(run, fh)
            else:
                write_html(run, fh, page_colors(store.tagset))

        try:
            write_text(out, sys.stdout.buffer, write)
        except OSError as exc:  # a full disk: one line, and no half-written file was left
            raise CuratorError(f"{output}: cannot write the diff: {exc.strerror or exc}") from None
    if output is not None:
        k = run.summary.kinds
        click.echo(
            _safe(
                f"Wrote {output}: {run.summary.paragraphs} paragraphs with differences "
                f"(boundary {k['boundary']}, label {k['label']}, only {annotator_a} "
                f"{k['only_a']}, only {annotator_b} {k['only_b']})"
            ),
            err=True,
        )


@cli.command()
@click.option(
    "--annotators",
    default=None,
    help="Comma-separated annotators (default: all with annotations, except suggest and gold).",
)
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option(
    "--by",
    type=click.Choice(["label", "article"]),
    default="label",
    show_default=True,
    help="Break the figures down per label or per article.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes reading articles in parallel (same figures; for large corpora).",
)
@click.pass_context
def agreement(
    ctx: click.Context,
    annotators: str | None,
    labels: tuple[str, ...],
    article_ids: tuple[str, ...],
    by: str,
    as_json: bool,
    workers: int,
) -> None:
    """Inter-annotator agreement: span P/R/F1, Cohen's/Fleiss' κ, Krippendorff's α, α_u, MQM.

    Pairwise figures take the first annotator of each pair as the reference. Paragraphs an
    annotator has not rated (not marked done and without spans, or skipped) are missing data.
    """
    from curator.review.agreement import compute_agreement
    from curator.review.data import compared_annotators
    from curator.review.report import format_agreement

    given = [a.strip() for a in (annotators or "").split(",") if a.strip()]
    with open_store(ctx, create=False) as store:
        names = _review_labels(store, labels)
        chosen = compared_annotators(store.db, given)
        n = len(article_ids) or store.article_count()
        kwargs: dict[str, Any] = {
            "labels": labels,
            "article_ids": article_ids,
            "by_article": by == "article",
            "tagset_labels": names,
            "workers": workers,
        }
        with progress(n, "Comparing") as step:
            report = compute_agreement(store.db, chosen, progress=step, **kwargs)
    if as_json:
        import orjson

        click.echo(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode())
        return
    _echo_lines(_safe(line) for line in format_agreement(report, by))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option(
    "--into",
    default="gold",
    show_default=True,
    callback=_check_annotator,
    help="Layer the decisions are written to: gold or gold-NAME (others need --force).",
)
@click.option(
    "--auto-accept", is_flag=True, help="First write every full agreement into the gold layer."
)
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option("--force", is_flag=True, help="Allow --into a layer not named gold or gold-*.")
@click.pass_context
def review(
    ctx: click.Context,
    a: str,
    b: str,
    into: str,
    auto_accept: bool,
    article_ids: tuple[str, ...],
    force: bool,
) -> None:
    """Settle annotators A's and B's disagreements into a gold layer (TUI).

    Steps through the disagreements only, both versions visible: a take A, b take B, t take
    both, r reject both, e take and edit, s skip, u undo. Your --annotator is recorded as the
    one who decided; progress is saved with every decision.
    """
    if not (into == "gold" or into.startswith("gold-")) and not force:
        # An ordinary editor's layer would be written into silently.
        raise CuratorError(
            f"--into: {_safe(into, 60)!r} is not a gold layer (gold or gold-NAME); "
            "add --force to write the decisions into it"
        )
    from curator.tui.app import load_keymap_checked, make_review_app

    app = make_review_app(
        ctx.obj["db"],
        ctx.obj["annotator"],
        a,
        b,
        into=into,
        auto_accept=auto_accept,
        article_ids=article_ids,
        keymap=load_keymap_checked(),
    )
    app.run()


# -- suggestions (issue 6) ---------------------------------------------------------------------


def _suggest_articles(
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
        text = _safe(s.text.replace("\n", " ⏎ "))
        shown = text if len(text) <= 50 else text[:49] + "…"
        if s.label == PARAGRAPH_KIND:
            what = f"kind {s.attrs['kind']}"
        else:
            attrs = " ".join(f"{k}={_safe(str(v))}" for k, v in s.attrs.items())
            what = f"{s.label} “{shown}”" + (f" {attrs}" if attrs else "")
        links = "".join(
            f" → {rel} “{_safe(keys[tail].text)[:30]}”" for rel, tail in s.links if tail in keys
        )
        click.echo(f"  ¶{s.paragraph + 1:<4} {what}{links}  ({_safe(s.reason)})")
    counts = Counter(s.suggester for s in found)
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
    click.echo(f"  {len(found)} proposals ({summary or 'none'}); dry run, nothing stored")


@cli.command()
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option(
    "--only",
    default=None,
    metavar="NAMES",
    help="Comma-separated suggesters to run: dates,speakers,boilerplate,errors (default: all).",
)
@click.option("--dry-run", is_flag=True, help="Print the proposals per paragraph; store nothing.")
@click.pass_context
def suggest(
    ctx: click.Context, article_ids: tuple[str, ...], only: str | None, dry_run: bool
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
    with open_store(ctx, create=False, write=True) as store:
        for article_id in article_ids:
            store.article(article_id)  # an unknown id is an error before anything is written
        ids = list(article_ids) or [a.id for a in store.articles()]
        if not ids:
            click.echo(f"{ctx.obj['db']}: no articles yet (curator import PATH)")
            return
        _suggest_articles(store, ids, only, dry_run)


@cli.command()
@click.option(
    "--article", "article_id", default=None, help="Open this article (default: where you stopped)."
)
@click.pass_context
def annotate(ctx: click.Context, article_id: str | None) -> None:
    """Open the annotation screen on the database, resuming where you stopped."""
    from curator.tui import run_app

    run_app(ctx.obj["db"], ctx.obj["annotator"], article_id=article_id)


@cli.command()
@click.option("--reset", is_flag=True, help="Start the demo database afresh.")
@click.option(
    "--bilingual",
    is_flag=True,
    help="Open the bilingual sample instead: a translation with its source text beside it.",
)
@click.pass_context
def demo(ctx: click.Context, reset: bool, bilingual: bool) -> None:
    """Open the bundled sample article in a demo database in your data directory."""
    from curator.demo import demo_database
    from curator.tui import run_app

    path = demo_database(reset=reset, bilingual=bilingual)
    run_app(path, ctx.obj["annotator"])


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="curator")


if __name__ == "__main__":  # pragma: no cover
    main()
