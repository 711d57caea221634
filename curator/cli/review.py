"""Comparing annotators and merging editors' work: `diff`, `agreement`, `review`, `merge`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from curator.cli.base import (
    Settings,
    article_ids_option,
    check_annotator,
    echo_lines,
    labels_option,
    load_settings_tagset,
    open_store,
    pass_settings,
    progress,
    safe,
)
from curator.domain.errors import CuratorError


def _review_labels(store: Any, labels: Sequence[str]) -> list[str]:
    """The tag set's label names, checking the ones given with --label."""
    names = [lab.name for lab in store.tagset.labels]
    unknown = [lab for lab in labels if lab not in names]
    if unknown:
        raise click.BadParameter(
            f"unknown label {unknown[0]!r} (tag set has {', '.join(names)})", param_hint="--label"
        )
    return names


@click.command()
@click.argument("annotator_a")
@click.argument("annotator_b")
@article_ids_option
@labels_option()
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
@pass_settings
def diff(
    settings: Settings,
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
    with open_store(settings, create=False) as store:
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
            echo_lines(render_text(run, color=sys.stdout.isatty()))
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
            safe(
                f"Wrote {output}: {run.summary.paragraphs} paragraphs with differences "
                f"(boundary {k['boundary']}, label {k['label']}, only {annotator_a} "
                f"{k['only_a']}, only {annotator_b} {k['only_b']})"
            ),
            err=True,
        )


@click.command()
@click.option(
    "--annotators",
    default=None,
    help="Comma-separated annotators (default: all with annotations, except suggest and gold).",
)
@labels_option()
@article_ids_option
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
@pass_settings
def agreement(
    settings: Settings,
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
    with open_store(settings, create=False) as store:
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
    echo_lines(safe(line) for line in format_agreement(report, by))


@click.command()
@click.argument("a")
@click.argument("b")
@click.option(
    "--into",
    default="gold",
    show_default=True,
    callback=check_annotator,
    help="Layer the decisions are written to: gold or gold-NAME (others need --force).",
)
@click.option(
    "--auto-accept", is_flag=True, help="First write every full agreement into the gold layer."
)
@article_ids_option
@click.option("--force", is_flag=True, help="Allow --into a layer not named gold or gold-*.")
@pass_settings
def review(
    settings: Settings,
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
            f"--into: {safe(into, 60)!r} is not a gold layer (gold or gold-NAME); "
            "add --force to write the decisions into it"
        )
    from curator.cli.tui import run_review

    run_review(settings, a, b, into=into, auto_accept=auto_accept, article_ids=article_ids)


@click.command()
@click.argument(
    "others", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@pass_settings
def merge(settings: Settings, others: Sequence[Path]) -> None:
    """Merge other editors' database files into --db (created if missing).

    Articles are matched by id and text hash; every annotator's layer is kept. Conflicting
    tag sets or article texts are refused before anything is written; merging the same file
    twice changes nothing. Where both sides have a row, the newer copy wins; nothing is deleted.
    """
    from curator.store.merge import merge_into_database

    # One streaming pass per file, in one transaction: a conflict anywhere rolls it all back.
    plans = merge_into_database(
        Path(settings.db),
        [Path(o) for o in others],
        annotator=settings.annotator,
        tagset=load_settings_tagset(settings),
    )
    for plan in plans:
        click.echo(
            f"{plan.source}: {plan.added} articles added, {plan.matched} matched; "
            f"spans +{plan.count('span.merge_add')} ~{plan.count('span.merge_update')}, "
            f"relations +{plan.count('relation.merge_add')}, "
            f"paragraph marks +{plan.count('paragraph.merge_add')} ~{plan.count('paragraph.merge_update')}, "
            f"kinds ~{plan.count('paragraph.merge_kind')}, kept {plan.kept}"
        )
    if all(p.empty for p in plans):
        click.echo(f"Nothing to merge: {settings.db} already has everything.")
