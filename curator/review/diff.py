"""`curator diff A B`: the differences between two annotators, as text, JSON or HTML.

One pass over the database feeds both the alignment (what the diff shows) and the agreement
figures (what its summary and the JSON/HTML figures show); articles are read one at a time.

Text: for each paragraph with differences, the paragraph once with A's spans in
`[x:...]` and B's in `{x:...}` (x = the label's initial), then one line per difference,
coloured like a unified diff: `-` only A, `+` only B, `~` changed (boundary, label, an
attribute, a relation). A summary closes the output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import click
import orjson

from curator.domain.text import safe_text
from curator.review.agreement import AgreementReport, AgreementRun, fmt
from curator.review.align import (
    KINDS,
    ArticleAlignment,
    ParagraphAlignment,
    SpanPair,
    align_article,
)
from curator.review.data import SpanView, iter_layers
from curator.review.figures import kinds_text

QUOTE_WIDTH = 60
"""Quotes in difference lines are cut to this many characters."""


@dataclass
class DiffSummary:
    """Counts over the whole diff."""

    articles: int = 0
    """Articles compared."""
    paragraphs: int = 0
    """Paragraphs with at least one difference."""
    kinds: Counter[str] = field(default_factory=Counter)
    """Pairs of each kind (exact, boundary, label, only_a, only_b)."""
    attrs: int = 0
    """Attribute differences."""
    relations: int = 0
    """Relation differences."""

    def add(self, pairs: Iterable[SpanPair]) -> None:
        """Count the pairs of one paragraph."""
        for p in pairs:
            self.kinds[p.kind] += 1
            self.attrs += len(p.attrs)
            self.relations += len(p.relations)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {
            "articles": self.articles,
            "paragraphs_with_differences": self.paragraphs,
            "pairs": {k: self.kinds[k] for k in KINDS},
            "attribute_differences": self.attrs,
            "relation_differences": self.relations,
        }


class DiffRun:
    """Aligns A and B article by article while collecting the agreement figures."""

    def __init__(
        self,
        db: Any,
        a: str,
        b: str,
        *,
        article_ids: Sequence[str] = (),
        labels: Sequence[str] = (),
        tagset_labels: Sequence[str] = (),
    ) -> None:
        self.db = db
        """Database (sqlite-utils Database or sqlite3 connection)."""
        self.a = a
        """Annotator A (the reference)."""
        self.b = b
        """Annotator B."""
        self.article_ids = tuple(article_ids)
        """Only these articles (all when empty)."""
        self.labels = tuple(dict.fromkeys(labels)) or tuple(tagset_labels)
        """Labels shown and measured."""
        self.filtered = bool(labels)
        """Whether the user restricted the labels."""
        self._shown = frozenset(self.labels)
        self.summary = DiffSummary()
        """Filled in as the alignments are consumed."""
        self._run = AgreementRun([a, b], self.labels)

    def selected(self, pair: SpanPair) -> bool:
        """Whether a pair involves a selected label."""
        if not self.filtered:
            return True
        return any(s is not None and s.label in self._shown for s in (pair.a, pair.b))

    def shown_spans(self, spans: Iterable[SpanView]) -> list[SpanView]:
        """The spans of the selected labels (every span when no label was chosen)."""
        if not self.filtered:
            return list(spans)
        return [s for s in spans if s.label in self._shown]

    def unrated(self, para: ParagraphAlignment) -> str:
        """Who has not rated the paragraph ("A", "B" or "A and B"); "" when both have."""
        return " and ".join(
            n for n, ok in ((self.a, para.rated_a), (self.b, para.rated_b)) if not ok
        )

    def alignments(self) -> Iterator[ArticleAlignment]:
        """Every article's alignment, in corpus order (consume once)."""
        for layers in iter_layers(self.db, [self.a, self.b], self.article_ids):
            aligned = align_article(layers, self.a, self.b)
            self._run.add_article(layers, {(self.a, self.b): aligned})
            self.summary.articles += 1
            for para in aligned.paragraphs:
                pairs = [p for p in para.pairs if self.selected(p)]
                self.summary.add(pairs)
                if any(not p.agrees for p in pairs):
                    self.summary.paragraphs += 1
            yield aligned

    def agreement(self) -> AgreementReport:
        """The figures (complete once `alignments()` is exhausted)."""
        return self._run.report()


# -- shared wording ---------------------------------------------------------------------------


def abbreviations(labels: Iterable[str]) -> dict[str, str]:
    """Shortest unambiguous prefix of each label (claim -> c, speaker -> s)."""
    names = list(dict.fromkeys(labels))
    out = {}
    for name in names:
        for n in range(1, len(name) + 1):
            prefix = name[:n]
            if not any(o != name and o.startswith(prefix) for o in names):
                out[name] = prefix
                break
        else:
            out[name] = name
    return out


def quote(text: str, width: int = QUOTE_WIDTH) -> str:
    """A span's text for one line: newlines shown as ⏎, cut with … past `width`."""
    text = text.replace("\n", " ⏎ ").replace("\t", " ")
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"


def value(v: Any) -> str:
    """An attribute value for display."""
    if v is None:
        return "(unset)"
    if isinstance(v, str):
        return f'"{v}"'
    return str(v).lower() if isinstance(v, bool) else str(v)


def describe(span: SpanView) -> str:
    """`label “quote” start:end` plus its attributes, for one line."""
    attrs = _attr_text(span)
    extra = f" ({attrs})" if attrs else ""
    return f"{span.label} {quote(span.text)} {span.start}:{span.end}{extra}"


def tail_names(spans: Sequence[SpanView]) -> str:
    """Relation tails for one line."""
    if not spans:
        return "(none)"
    parts = []
    for s in spans:
        name = s.attrs.get("name") or s.attrs.get("value")
        parts.append(f"{quote(s.text, 30)} ({s.label}" + (f", {name})" if name else ")"))
    return " + ".join(parts)


def difference_lines(pair: SpanPair, a: str, b: str) -> list[tuple[str, str]]:
    """(sign, text) for every difference in a pair; sign is -, + or ~."""
    lines: list[tuple[str, str]] = []
    if pair.kind == "only_a":
        assert pair.a is not None
        lines.append(("-", f"only {a:<8} {describe(pair.a)}"))
    elif pair.kind == "only_b":
        assert pair.b is not None
        lines.append(("+", f"only {b:<8} {describe(pair.b)}"))
    else:
        assert pair.a is not None and pair.b is not None
        sa, sb = pair.a, pair.b
        if pair.kind == "boundary":
            lines.append(
                (
                    "~",
                    f"boundary {sa.label}: {a} {quote(sa.text)} {sa.start}:{sa.end} → "
                    f"{b} {quote(sb.text)} {sb.start}:{sb.end}",
                )
            )
        elif pair.kind == "label":
            # Other labels have other attributes: show both sides whole, not key by key.
            lines.append(
                (
                    "~",
                    f"label    {quote(sa.text)}: {a} {_with_attrs(sa)} → {b} {_with_attrs(sb)}",
                )
            )
            return lines + _relation_lines(pair, a, b)
        for d in pair.attrs:
            lines.append(
                (
                    "~",
                    f"attr     {sa.label} {quote(sa.text, 40)} {d.key}: {value(d.a)} → {value(d.b)}",
                )
            )
        lines += _relation_lines(pair, a, b)
    return lines


def _attr_text(span: SpanView) -> str:
    return ", ".join(f"{k}={value(v)}" for k, v in span.attrs.items())


def _with_attrs(span: SpanView) -> str:
    attrs = _attr_text(span)
    return f"{span.label} ({attrs})" if attrs else span.label


def _relation_lines(pair: SpanPair, a: str, b: str) -> list[tuple[str, str]]:
    assert pair.a is not None
    return [
        (
            "~",
            f"relation {pair.a.label} {quote(pair.a.text, 40)} {r.type}: "
            f"{a} → {tail_names(r.a)} | {b} → {tail_names(r.b)}",
        )
        for r in pair.relations
    ]


# -- text ---------------------------------------------------------------------------------------

_SIGN_COLOUR = {"-": "red", "+": "green", "~": "yellow"}


def marked_paragraph(
    text: str,
    spans_a: Sequence[SpanView],
    spans_b: Sequence[SpanView],
    abbrev: Mapping[str, str],
    color: bool,
) -> str:
    """The paragraph with A's spans in [x:…] and B's in {x:…} (x = label initial)."""
    opens: dict[int, list[tuple[tuple[int, int], str]]] = {}
    closes: dict[int, list[tuple[tuple[int, int], str]]] = {}
    for side, spans, (lo, hi), colour in (
        (0, spans_a, "[]", "red"),
        (1, spans_b, "{}", "green"),
    ):
        for s in spans:
            tag = f"{lo}{abbrev.get(s.label, s.label)}:"
            # Outer spans open first and close last; of two equal ones A's wraps B's.
            opens.setdefault(s.start, []).append(
                ((s.start - s.end, side), click.style(tag, fg=colour) if color else tag)
            )
            closes.setdefault(s.end, []).append(
                ((s.end - s.start, -side), click.style(hi, fg=colour) if color else hi)
            )
    out = []
    pos = 0
    for cut in sorted(set(opens) | set(closes)):
        out.append(safe_text(text[pos:cut]))  # stored text, yet never trusted on a terminal
        out.extend(m for _, m in sorted(closes.get(cut, [])))
        out.extend(m for _, m in sorted(opens.get(cut, [])))
        pos = cut
    out.append(safe_text(text[pos:]))
    return "".join(out).replace("\n", "\n    ")


def render_text(run: DiffRun, *, color: bool = True) -> Iterator[str]:
    """The text diff, line by line (ANSI colours when `color`). Names, titles, notes and
    text go through `safe_text` before any colour is added: only curator's own escapes
    reach the terminal."""
    a, b = run.a, run.b
    abbrev = abbreviations(run.labels)
    legend = ", ".join(f"{v}={k}" for k, v in abbrev.items())

    def style(text: str, **kw: Any) -> str:
        text = safe_text(text)
        return click.style(text, **kw) if color else text

    yield style(f"curator diff: [{a}] vs {{{b}}}  ({legend})", bold=True)
    for aligned in run.alignments():
        header_done = False
        for para in aligned.paragraphs:
            pairs = [p for p in para.pairs if run.selected(p) and not p.agrees]
            if not pairs:
                continue
            if not header_done:
                yield ""
                yield style(f"=== {aligned.article_id}: {aligned.title}", bold=True)
                header_done = True
            missing = run.unrated(para)
            note = f"  ({missing} has not rated this paragraph)" if missing else ""
            yield ""
            yield style(f"¶ {para.paragraph + 1}{note}", fg="cyan")  # as the TUI counts
            spans_a = run.shown_spans(aligned.spans_a.get(para.paragraph, ()))
            spans_b = run.shown_spans(aligned.spans_b.get(para.paragraph, ()))
            yield "    " + marked_paragraph(para.text, spans_a, spans_b, abbrev, color)
            for pair in pairs:
                for sign, line in difference_lines(pair, a, b):
                    yield style(f"  {sign} {line}", fg=_SIGN_COLOUR[sign])
    yield ""
    yield from summary_lines(run, style)


def summary_lines(run: DiffRun, style: Any = None) -> Iterator[str]:
    """The closing summary: counts and the main agreement figures."""
    style = style or (lambda text, **kw: safe_text(text))
    s = run.summary
    yield style(
        f"Summary: {run.a} vs {run.b}, {s.articles} article{'s' if s.articles != 1 else ''}, "
        f"{s.paragraphs} paragraph{'s' if s.paragraphs != 1 else ''} with differences",
        bold=True,
    )
    yield safe_text(
        f"  {kinds_text(s.kinds, run.a, run.b)}; "
        f"attribute differences {s.attrs}, relation differences {s.relations}"
    )
    figures = run.agreement().corpus
    if figures.pairs:
        pair = figures.pairs[0]
        overall = pair.overall()
        yield (
            f"  span F1 exact {fmt(overall.exact_prf[2])}, overlap {fmt(overall.overlap_prf[2])}"
            f"; tokens: Cohen's κ {fmt(pair.cohen_kappa)}, Krippendorff's α {fmt(figures.alpha)}"
            f"; α_u {fmt(figures.unitizing.alpha if figures.unitizing else None)}"
        )


# -- JSON ---------------------------------------------------------------------------------------


def diff_record(
    article_id: str, paragraph: int, pair: SpanPair, rated: tuple[bool, bool]
) -> dict[str, Any]:
    """One difference as a JSON-able record."""
    return {
        "article_id": article_id,
        "paragraph": paragraph,
        "kind": pair.kind,
        "a": pair.a.to_dict() if pair.a is not None else None,
        "b": pair.b.to_dict() if pair.b is not None else None,
        "attrs": [{"key": d.key, "a": d.a, "b": d.b} for d in pair.attrs],
        "relations": [
            {"type": r.type, "a": [t.to_dict() for t in r.a], "b": [t.to_dict() for t in r.b]}
            for r in pair.relations
        ],
        "rated_a": rated[0],
        "rated_b": rated[1],
    }


def iter_records(run: DiffRun) -> Iterator[dict[str, Any]]:
    """Every difference as a record (consumes the run's alignments)."""
    for aligned in run.alignments():
        for para in aligned.paragraphs:
            for pair in para.pairs:
                if run.selected(pair) and not pair.agrees:
                    yield diff_record(
                        aligned.article_id, para.paragraph, pair, (para.rated_a, para.rated_b)
                    )


def write_json(run: DiffRun, out: TextIO) -> int:
    """Write the diff as one JSON document, streamed record by record; returns the count."""
    dump = orjson.dumps
    out.write('{"annotators": ' + dump({"a": run.a, "b": run.b}).decode())
    out.write(', "labels": ' + dump(list(run.labels)).decode())
    out.write(', "differences": [')
    n = 0
    for record in iter_records(run):
        out.write(("\n  " if n == 0 else ",\n  ") + dump(record).decode())
        n += 1
    out.write("\n]" if n else "]")
    out.write(', "summary": ' + dump(run.summary.to_dict()).decode())
    out.write(', "agreement": ' + dump(run.agreement().to_dict()).decode())
    out.write("}\n")
    return n
