"""`curator diff --format html`: one self-contained page a lead can send to the editors.

The page has no script and loads nothing (inline CSS, no fonts, images or links to
other sites). Every text that comes from the database goes through `html.escape`.
Each article is a table with one row per paragraph: A's layer on the left, B's on the right,
spans tinted in the tag set's colours, and under a paragraph with differences the list of
them. The agreement figures come first.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from itertools import pairwise
from typing import Any, TextIO

from curator import __version__
from curator.review.agreement import ALL, AgreementReport, Figures, fmt
from curator.review.align import ArticleAlignment, SpanPair
from curator.review.data import SpanView
from curator.review.diff import DiffRun, abbreviations, difference_lines
from curator.review.figures import kinds_text

_CSS = """
:root { color-scheme: light; --a: #b42318; --b: #067647; --chg: #b54708; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
  max-width: 1400px; padding: 1rem 2rem 3rem; color: #1d2433; background: #fff; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin-top: 2.5rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: #5b6474; font-size: .9rem; }
table { border-collapse: collapse; }
table.fig td, table.fig th { padding: .15rem .6rem; border-bottom: 1px solid #e4e7ec;
  text-align: right; font-variant-numeric: tabular-nums; }
table.fig th:first-child, table.fig td:first-child { text-align: left; }
table.sbs { width: 100%; table-layout: fixed; }
table.sbs th { text-align: left; padding: .3rem .5rem; border-bottom: 2px solid #d0d5dd; }
table.sbs td { vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid #eaecf0;
  white-space: pre-wrap; overflow-wrap: anywhere; }
table.sbs col.num { width: 3.2rem; }
td.num { color: #667085; font-size: .8rem; white-space: nowrap; }
tr.has-diff td.num { color: var(--chg); font-weight: 700; }
tr.missing td.layer.off { background: repeating-linear-gradient(135deg, #fff 0 8px, #f2f4f7 8px 16px); }
td.diffs { white-space: normal; padding-top: 0; }
ul.diffs { list-style: none; margin: 0; padding: 0; font: 13px/1.45 ui-monospace, monospace; }
ul.diffs li.del { color: var(--a); } ul.diffs li.add { color: var(--b); }
ul.diffs li.chg { color: var(--chg); }
.m { border-radius: 2px; }
.m.nest { box-shadow: inset 0 -2px 0 rgba(0, 0, 0, .45); }
.m.d { outline: 2px solid var(--chg); outline-offset: 0; }
.m.d-only_a { outline-color: var(--a); } .m.d-only_b { outline-color: var(--b); }
.tag { font-size: .68em; font-weight: 700; vertical-align: super; padding: 0 .15em;
  border-radius: 3px; color: #fff; }
.legend span.key { display: inline-block; padding: 0 .4em; margin-right: .6em; border-radius: 3px; }
.note { color: #667085; font-style: italic; }
.source { color: #344054; background: #f2f4f7; padding: 2px 4px; white-space: pre-wrap; }
"""


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def layer_html(
    text: str,
    spans: Sequence[SpanView],
    colors: Mapping[str, str],
    abbrev: Mapping[str, str],
    flagged: Mapping[str, str],
) -> str:
    """One layer of a paragraph: the text cut at span boundaries, each piece tinted by the
    innermost span covering it, a small label tag where a span starts. `flagged`: span id
    -> difference kind (those pieces get an outline)."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[SpanView]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out = []
    for lo, hi in pairwise(cuts):
        for s in sorted(starts.get(lo, ()), key=lambda s: s.start - s.end):
            color = colors.get(s.label, "#667085")
            title = escape(f"{s.label} {s.start}:{s.end}", quote=True)
            out.append(
                f'<span class="tag" style="background:{color}" title="{title}">'
                f"{escape(abbrev.get(s.label, s.label))}</span>"
            )
        covering = [s for s in spans if s.start <= lo and s.end >= hi]
        piece = escape(text[lo:hi])
        if not covering:
            out.append(piece)
            continue
        inner = min(covering, key=lambda s: (s.end - s.start, s.start, s.label))
        color = colors.get(inner.label, "#667085")
        classes = ["m"]
        if len(covering) > 1:
            classes.append("nest")
        kind = next((flagged[s.id] for s in covering if s.id in flagged), None)
        if kind:
            classes += ["d", f"d-{kind}"]
        tip = "; ".join(
            f"{s.label}" + "".join(f", {k}={v}" for k, v in s.attrs.items()) for s in covering
        )
        out.append(
            f'<span class="{" ".join(classes)}" style="background:{_rgba(color, 0.28)}" '
            f'title="{escape(tip, quote=True)}">{piece}</span>'
        )
    return "".join(out)


def _flags(pairs: Iterable[SpanPair]) -> tuple[dict[str, str], dict[str, str]]:
    fa: dict[str, str] = {}
    fb: dict[str, str] = {}
    for p in pairs:
        if p.agrees:
            continue
        kind = p.kind if p.kind != "exact" else "attrs"
        if p.a is not None:
            fa[p.a.id] = kind
        if p.b is not None:
            fb[p.b.id] = kind
    return fa, fb


def article_html(
    aligned: ArticleAlignment,
    run: DiffRun,
    colors: Mapping[str, str],
    abbrev: Mapping[str, str],
) -> str:
    """One article: both layers side by side, paragraph by paragraph."""
    a, b = escape(run.a), escape(run.b)
    rows = []
    for para in aligned.paragraphs:
        pairs = [p for p in para.pairs if run.selected(p)]
        diffs = [p for p in pairs if not p.agrees]
        fa, fb = _flags(pairs)
        spans_a = run.shown_spans(aligned.spans_a.get(para.paragraph, ()))
        spans_b = run.shown_spans(aligned.spans_b.get(para.paragraph, ()))
        cls = ["has-diff"] if diffs else []
        if not (para.rated_a and para.rated_b):
            cls.append("missing")
        off_a = "" if para.rated_a else " off"
        off_b = "" if para.rated_b else " off"
        rows.append(
            f'<tr class="{" ".join(cls)}" id="{escape(aligned.article_id, quote=True)}-p{para.paragraph}">'
            f'<td class="num">¶ {para.paragraph + 1}</td>'  # shown from 1, as in the TUI
            f'<td class="layer{off_a}">{layer_html(para.text, spans_a, colors, abbrev, fa)}</td>'
            f'<td class="layer{off_b}">{layer_html(para.text, spans_b, colors, abbrev, fb)}</td></tr>'
        )
        if diffs:
            items = []
            who = run.unrated(para)
            if who:
                items.append(f'<li class="note">{escape(who)} has not rated this paragraph</li>')
            for pair in diffs:
                for sign, line in difference_lines(pair, run.a, run.b):
                    css = {"-": "del", "+": "add", "~": "chg"}[sign]
                    items.append(f'<li class="{css}">{sign} {escape(line)}</li>')
            source = aligned.sources.get(para.paragraph)
            if source is not None:  # judged source-beside-target, as MQM is
                items.insert(0, f'<li class="source">source: {escape(source)}</li>')
            rows.append(
                f'<tr class="diff-list"><td></td><td class="diffs" colspan="2">'
                f'<ul class="diffs">{"".join(items)}</ul></td></tr>'
            )
    return (
        f'<section class="article" id="{escape(aligned.article_id, quote=True)}">'
        f'<h2>{escape(aligned.title)} <span class="meta">{escape(aligned.article_id)}</span></h2>'
        '<table class="sbs"><colgroup><col class="num"><col><col></colgroup>'
        f"<thead><tr><th></th><th>{a}</th><th>{b}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def figures_html(report: AgreementReport) -> str:
    """The agreement figures as tables."""
    c: Figures = report.corpus
    parts = [
        f'<section id="figures"><h2>Agreement</h2><p class="meta">{c.paragraphs} paragraphs rated, {c.tokens} tokens</p>'
    ]
    for pair in c.pairs:
        rows = []
        for r in pair.spans:
            ep, er, ef = r.exact_prf
            op, orr, of = r.overlap_prf
            label = "all labels" if r.label == ALL else r.label
            rows.append(
                f"<tr><td>{escape(label)}</td><td>{r.n_a}</td><td>{r.n_b}</td>"
                f"<td>{fmt(ep)}</td><td>{fmt(er)}</td><td>{fmt(ef)}</td>"
                f"<td>{fmt(op)}</td><td>{fmt(orr)}</td><td>{fmt(of)}</td></tr>"
            )
        parts.append(
            f"<h3>Spans: {escape(pair.a)} (reference) vs {escape(pair.b)}</h3>"
            '<table class="fig"><thead><tr><th>label</th>'
            f"<th>{escape(pair.a)}</th><th>{escape(pair.b)}</th>"
            "<th>exact P</th><th>R</th><th>F1</th><th>overlap P</th><th>R</th><th>F1</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    u = c.unitizing
    token_rows = [
        f"<tr><td>Cohen's κ, {escape(p.a)}–{escape(p.b)}</td><td>{fmt(p.cohen_kappa)}</td></tr>"
        for p in c.pairs
    ]
    if len(report.annotators) >= 3:
        token_rows.append(f"<tr><td>Fleiss' κ</td><td>{fmt(c.fleiss_kappa)}</td></tr>")
    token_rows.append(f"<tr><td>Krippendorff's α (nominal)</td><td>{fmt(c.alpha)}</td></tr>")
    token_rows.append(
        f"<tr><td>α<sub>u</sub> (unitizing, characters)</td><td>{fmt(u.alpha if u else None)}</td></tr>"
    )
    if u is not None:
        token_rows += [
            f"<tr><td>&nbsp;&nbsp;α<sub>u</sub> {escape(str(k))}</td><td>{fmt(v)}</td></tr>"
            for k, v in u.by_category.items()
        ]
    parts.append(
        "<h3>Tokens and extents</h3>"
        f'<table class="fig"><tbody>{"".join(token_rows)}</tbody></table>'
    )
    if c.mqm:
        rows = [
            f"<tr><td>{escape(m.annotator)}</td><td>{m.paragraphs}</td><td>{m.words}</td>"
            f"<td>{m.errors}</td><td>{fmt(m.score)}</td><td>{fmt(m.per_100_words)}</td></tr>"
            for m in c.mqm
        ]
        parts.append(
            "<h3>MQM (lower is better)</h3>"
            '<table class="fig"><thead><tr><th>annotator</th><th>paragraphs</th><th>words</th>'
            "<th>errors</th><th>score</th><th>per 100 words</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<p class="meta">spread (max − min score): {fmt(c.mqm_spread)}</p>'
        )
    parts.append("</section>")
    return "".join(parts)


def write_html(run: DiffRun, out: TextIO, colors: Mapping[str, str] | None = None) -> int:
    """Write the page; returns how many pairs are boundary, label, only-A or only-B ones.
    Articles are rendered as they are read, one at a time, into an unnamed temporary file:
    the summary and the figures, known only at the end, come first on the page, so the
    articles are copied after them in chunks. Memory holds one article, whatever the size."""
    colors = dict(colors or {})
    abbrev = abbreviations(run.labels)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as body:
        for aligned in run.alignments():
            body.write(article_html(aligned, run, colors, abbrev))
        report = run.agreement()
        _write_page(run, out, colors, abbrev, report)
        body.seek(0)
        shutil.copyfileobj(body, out, _COPY_CHUNK)
    out.write("</body></html>\n")
    s = run.summary
    return s.kinds["boundary"] + s.kinds["label"] + s.kinds["only_a"] + s.kinds["only_b"]


_COPY_CHUNK = 1 << 16
"""Characters copied at a time from the articles' temporary file to the page."""


def _write_page(
    run: DiffRun,
    out: TextIO,
    colors: Mapping[str, str],
    abbrev: Mapping[str, str],
    report: AgreementReport,
) -> None:
    """The page's head, summary, legend and figures (everything before the articles)."""
    s = run.summary
    legend = "".join(
        f'<span class="key" style="background:{_rgba(colors.get(lab, "#667085"), 0.28)}">'
        f"{escape(abbrev.get(lab, lab))} = {escape(lab)}</span>"
        for lab in run.labels
    )
    title = f"curator diff: {run.a} vs {run.b}"
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="meta">{s.articles} article(s), {s.paragraphs} paragraph(s) with differences: '
        f"{escape(kinds_text(s.kinds, run.a, run.b))}; "
        f"{s.attrs} attribute and {s.relations} relation differences. "
        f"Generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by curator {escape(__version__)}.</p>"
        f'<p class="legend">{legend}'
        '<span class="meta">outlined: part of a difference (red: only '
        f"{escape(run.a)}, green: only {escape(run.b)}, orange: changed)</span></p></header>"
    )
    out.write(head)
    out.write(figures_html(report))


def page_colors(tagset: Any) -> dict[str, str]:
    """Label -> colour from a tag set."""
    return {lab.name: lab.color for lab in tagset.labels}
