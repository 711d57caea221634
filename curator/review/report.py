"""`curator agreement` as text: tables of the figures of an `AgreementReport`."""

from __future__ import annotations

from collections.abc import Iterator

from curator.review.agreement import ALL, AgreementReport, Figures, PairAgreement, fmt
from curator.review.figures import kinds_text


def _n(value: int) -> str:
    return f"{value:,}"


def _plural(n: int, word: str) -> str:
    return f"{_n(n)} {word}{'' if n == 1 else 's'}"


def span_table(pair: PairAgreement) -> Iterator[str]:
    """Per-label precision/recall/F1 of one pair, exact and overlap."""
    yield (
        f"Spans, {pair.a} (reference) vs {pair.b}: "
        f"{_plural(pair.paragraphs, 'paragraph')} rated by both"
    )
    width = max(len("label"), *(len(r.label) for r in pair.spans))
    yield (
        f"  {'label':<{width}}  {pair.a[:6]:>6} {pair.b[:6]:>6}   "
        f"{'exact':>5}  {'P':>5} {'R':>5} {'F1':>5}   {'overlap':>7}  {'P':>5} {'R':>5} {'F1':>5}"
    )
    for row in pair.spans:
        ep, er, ef = row.exact_prf
        op, orr, of = row.overlap_prf
        label = "all" if row.label == ALL else row.label
        yield (
            f"  {label:<{width}}  {row.n_a:>6} {row.n_b:>6}   {row.exact:>5}  "
            f"{fmt(ep):>5} {fmt(er):>5} {fmt(ef):>5}   {row.overlap:>7}  "
            f"{fmt(op):>5} {fmt(orr):>5} {fmt(of):>5}"
        )
    yield f"  pairs: {kinds_text(pair.kinds, pair.a, pair.b)}"


def token_lines(figures: Figures, annotators: tuple[str, ...]) -> Iterator[str]:
    """Cohen's, Fleiss' kappa and Krippendorff's alpha over token labels."""
    yield 'Tokens (each token takes the label of its innermost span, "O" outside spans)'
    for pair in figures.pairs:
        yield (
            f"  Cohen's κ          {pair.a}–{pair.b}: {fmt(pair.cohen_kappa)}  "
            f"(same label on {fmt(pair.token_agreement)} of {_n(pair.tokens)} tokens)"
        )
    if len(annotators) >= 3:
        yield f"  Fleiss' κ          {fmt(figures.fleiss_kappa)}  (paragraphs every annotator rated)"
    yield (
        f"  Krippendorff's α   {fmt(figures.alpha)}  (nominal, missing data; "
        f"{_n(figures.alpha_values)} pairable values)"
    )


def unitizing_lines(figures: Figures) -> Iterator[str]:
    """u-alpha overall and per label."""
    u = figures.unitizing
    if u is None:
        yield "Unitizing α_u: no paragraph was rated by every annotator"
        return
    yield (
        f"Unitizing α_u (character extents of the paragraphs every annotator rated, "
        f"{_plural(u.length, 'character')})"
    )
    per = "  ".join(f"{k} {fmt(v)}" for k, v in u.by_category.items())
    yield f"  all {fmt(u.alpha)}" + (f"   {per}" if per else "")


def mqm_lines(figures: Figures) -> Iterator[str]:
    """MQM per annotator and the spread."""
    if not figures.mqm:
        return
    yield "MQM (translation errors, WMT weights; mean per paragraph, lower is better)"
    width = max(len("annotator"), *(len(m.annotator) for m in figures.mqm))
    bilingual = any(m.source_words for m in figures.mqm)  # a column only with a source text
    yield (
        f"  {'annotator':<{width}}  {'paragraphs':>10} {'words':>7} {'errors':>6} "
        f"{'incomplete':>10} {'score':>7} {'per 100 words':>13}"
        + (f" {'per 100 source words':>20}" if bilingual else "")
    )
    for m in figures.mqm:
        yield (
            f"  {m.annotator:<{width}}  {m.paragraphs:>10} {_n(m.words):>7} {m.errors:>6} "
            f"{m.incomplete:>10} {fmt(m.score):>7} {fmt(m.per_100_words):>13}"
            + (f" {fmt(m.per_100_source_words):>20}" if bilingual else "")
        )
    yield f"  spread (max − min score): {fmt(figures.mqm_spread)}"


def article_lines(figures: Figures) -> Iterator[str]:
    """One article's figures in a few lines."""
    u = figures.unitizing
    mqm = " · ".join(f"{m.annotator} {fmt(m.score)}" for m in figures.mqm)
    yield (
        f"  {figures.article_id or 'all articles'}  {_plural(figures.paragraphs, 'paragraph')}, "
        f"{_plural(figures.tokens, 'token')}  α {fmt(figures.alpha)}  "
        f"α_u {fmt(u.alpha if u else None)}"
        + (f"  MQM {mqm} (spread {fmt(figures.mqm_spread)})" if mqm else "")
    )
    for pair in figures.pairs:
        overall = pair.overall()
        yield (
            f"      {pair.a}–{pair.b}: F1 exact {fmt(overall.exact_prf[2])}, "
            f"overlap {fmt(overall.overlap_prf[2])}; κ {fmt(pair.cohen_kappa)}"
        )


def format_agreement(report: AgreementReport, by: str = "label") -> list[str]:
    """The report as lines of text; `by` = label (tables per label) or article."""
    c = report.corpus
    lines = [
        f"Agreement among {', '.join(report.annotators)}: "
        f"{_plural(report.articles_seen, 'article')}, {_plural(c.paragraphs, 'paragraph')} "
        f"rated, {_plural(c.tokens, 'token')}; labels: {', '.join(report.labels)}",
    ]
    if by == "article":
        lines += ["", "Per article"]
        for figures in report.articles:
            lines += article_lines(figures)
        lines += ["", "All articles"]
        lines += article_lines(c)
        return lines
    for pair in c.pairs:
        lines.append("")
        lines += span_table(pair)
    lines.append("")
    lines += token_lines(c, report.annotators)
    lines.append("")
    lines += unitizing_lines(c)
    mqm = list(mqm_lines(c))
    if mqm:
        lines += ["", *mqm]
    return lines
