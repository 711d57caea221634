"""Annotations in and out: `export`, `import-annotations` and `schema`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from curator.cli.base import (
    Settings,
    article_ids_option,
    check_annotator,
    labels_option,
    open_store,
    pass_settings,
    progress,
    safe,
)
from curator.domain.errors import CuratorError
from curator.formats import EXPORT_FORMATS, IMPORT_FORMATS


@click.command("export")
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    help="Export this annotator's layer (repeatable; default: the global --annotator).",
)
@click.option("--gold", is_flag=True, help="Export the adjudicated `gold` layer.")
@click.option("--all", "everyone", is_flag=True, help="Export every annotator's layer.")
@article_ids_option
@labels_option("Only spans with this label (repeatable).")
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
    type=click.Choice(EXPORT_FORMATS),
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
@pass_settings
def export_(
    settings: Settings,
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
    names = ("gold",) if gold else annotators or (settings.annotator,)
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
    target = Path(output) if output else default_output(settings.db, filters)
    if output == "-":
        target = None
    with (
        open_store(settings, create=False) as store,
        progress(store.article_count(), "Exporting") as step,
    ):
        result = export(store, filters, target, stdout=sys.stdout.buffer, progress=step)
        known = set(store.annotators())
        unknown = [a for a in filters.annotators if a not in known]
        if config_path is not None:
            from curator.formats.labelstudio import labelstudio_config

            config_path.write_text(labelstudio_config(store.tagset), "utf-8")
            click.echo(f"Wrote the Label Studio labelling config to {config_path}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for name in unknown:  # a typo in --annotator would otherwise export nothing in silence
        have = ", ".join(sorted(known)) or "none"
        click.echo(
            safe(f"warning: annotator {name!r} has no annotations here (annotators: {have})"),
            err=True,
        )
    where = result.path or "stdout"
    click.echo(f"Exported {result.records} records, {result.spans} spans to {where}", err=True)


@click.command("import-annotations")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    default="curator",
    show_default=True,
    help="Format of FILE (labelstudio: JSON or JSONL tasks; mqm: the TSV curator exports; "
    "brat: a folder of .txt/.ann pairs).",
)
@click.option(
    "--annotator",
    "layer",
    default=None,
    callback=check_annotator,
    help="Put everything in this annotator's layer (default: the annotator each record names).",
)
@click.option(
    "--offsets",
    type=click.Choice(["codepoint", "utf16"]),
    default=None,
    help="doccano, labelstudio, mqm: how FILE's offsets count (default: as those tools "
    "export them: utf16 for doccano and mqm, codepoint for labelstudio).",
)
@pass_settings
def import_annotations_(
    settings: Settings, file: Path, fmt: str, layer: str | None, offsets: str | None
) -> None:
    """Load exported annotations onto articles already in the database (all or nothing)."""
    from curator.formats.annotation_import import import_annotations

    with open_store(settings, create=False, write=True) as store:
        s = import_annotations(store, file, fmt, annotator=layer, offsets=offsets)  # type: ignore[arg-type]
    click.echo(
        f"Imported {s.spans} spans, {s.relations} relations, {s.statuses} paragraph statuses "
        f"from {s.records} records into {settings.db}"
    )


@click.command()
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
