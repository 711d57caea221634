"""Agreement figures over a corpus, streamed article by article.

What is compared, and the rules that decide it:

- **Missing data.** A paragraph counts as rated by an annotator when it is marked done, or
  holds at least one of the annotator's spans and is not marked skipped
  (`curator.review.data.rated_paragraphs`); otherwise the annotator's values for it are
  missing. Pairwise figures (span P/R/F1, Cohen's kappa) use the paragraphs both rated;
  Krippendorff's alpha uses every token with at least two values; Fleiss' kappa (three or
  more annotators) and u-alpha use the paragraphs every annotator rated.
- **Span level.** Spans are aligned one-to-one (`curator.review.align`); with A as the
  reference, exact hits are `exact` pairs and overlap hits are `exact` + `boundary` pairs
  (same label, overlapping). Precision = hits / B's spans, recall = hits / A's spans, per
  label and micro-averaged over the labels.
- **Token level.** Tokens are those of `curator.domain.text.tokenize`. A token's label is
  the label of the shortest span of the annotator that overlaps it (the innermost one);
  among equally short spans the one that starts first, then the label first in alphabetical
  order; "O" when no span touches it. Cohen's kappa per pair, Fleiss' kappa over the
  paragraphs all rated (3+ annotators), Krippendorff's nominal alpha with missing data.
- **Unitizing.** u-alpha over character extents (`curator.review.stats.UnitizingAlpha`):
  the continuum is the text of the paragraphs every annotator rated, laid end to end.
- **MQM** (DESIGN section 2). A paragraph's score is the sum of the WMT weights of the
  annotator's translation errors in it; an annotator's score for an article (or the corpus)
  is the mean over the paragraphs the annotator rated there, and also the summed score per
  100 words (words = tokens with a letter or digit). Errors without category or severity
  are counted as incomplete and left out. The spread is max - min over the annotators.

`--label` selects which labels the figures cover; alignment always sees every label, so a
claim paired with another annotator's date counts as a miss for the claim either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from itertools import combinations
from typing import Any

from curator.domain.mqm import error_weight
from curator.review.align import KINDS, ArticleAlignment, SpanPair, align_spans
from curator.review.data import ArticleLayers, SpanView, database_file, iter_layers
from curator.review.data import article_ids as corpus_ids
from curator.review.figures import (
    ALL,
    AgreementReport,
    Figures,
    MqmScore,
    PairAgreement,
    SpanScores,
    fmt,
)
from curator.review.stats import (
    FleissTable,
    NominalAlpha,
    PairTable,
    UnitizingAlpha,
    UnitizingResult,
)
from curator.review.tokens import OUTSIDE, token_bounds, token_labels

__all__ = [
    "ALL",
    "MQM_LABEL",
    "OUTSIDE",
    "AgreementReport",
    "AgreementRun",
    "Figures",
    "MqmScore",
    "PairAgreement",
    "SpanScores",
    "compute_agreement",
    "fmt",
    "token_bounds",
    "token_labels",
]

MQM_LABEL = "translation_error"
"""The label whose spans are MQM errors."""


# -- accumulation ----------------------------------------------------------------------------


class _PairTally:
    """Pairwise counts of one scope."""

    __slots__ = ("exact", "kinds", "n_a", "n_b", "overlap", "paragraphs", "table", "tokens")

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tokens = 0
        self.n_a: Counter[str] = Counter()
        self.n_b: Counter[str] = Counter()
        self.exact: Counter[str] = Counter()
        self.overlap: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.table = PairTable()


class _Scope:
    """The accumulators of one scope (the corpus or one article)."""

    def __init__(self, annotators: Sequence[str], with_mqm: bool) -> None:
        self.annotators = list(annotators)
        self.paragraphs = 0
        self.tokens = 0
        self.pairs = {pair: _PairTally() for pair in combinations(self.annotators, 2)}
        self.alpha = NominalAlpha()
        self.fleiss = FleissTable() if len(self.annotators) >= 3 else None
        self.unitizing = UnitizingAlpha(self.annotators)
        self.mqm: dict[str, list[int]] = (
            {a: [0, 0, 0, 0, 0, 0.0] for a in self.annotators} if with_mqm else {}
        )

    def merge(self, other: _Scope) -> None:
        """Add a scope that covers the articles after this one's."""
        self.paragraphs += other.paragraphs
        self.tokens += other.tokens
        for key, t in self.pairs.items():
            o = other.pairs[key]
            t.paragraphs += o.paragraphs
            t.tokens += o.tokens
            for name in ("n_a", "n_b", "exact", "overlap", "kinds"):
                getattr(t, name).update(getattr(o, name))
            t.table.merge(o.table)
        self.alpha.merge(other.alpha)
        if self.fleiss is not None and other.fleiss is not None:
            self.fleiss.merge(other.fleiss)
        self.unitizing.merge(other.unitizing)
        for a, m in self.mqm.items():
            for i, v in enumerate(other.mqm[a]):
                m[i] += v

    def figures(self, article_id: str | None, labels: Sequence[str]) -> Figures:
        pairs = []
        for (a, b), t in self.pairs.items():
            rows = [
                SpanScores(lab, t.n_a[lab], t.n_b[lab], t.exact[lab], t.overlap[lab])
                for lab in labels
            ]
            rows.append(
                SpanScores(
                    ALL,
                    sum(r.n_a for r in rows),
                    sum(r.n_b for r in rows),
                    sum(r.exact for r in rows),
                    sum(r.overlap for r in rows),
                )
            )
            kinds = {k: t.kinds[k] for k in KINDS}
            pairs.append(
                PairAgreement(
                    a,
                    b,
                    t.paragraphs,
                    t.tokens,
                    tuple(rows),
                    kinds,
                    t.table.observed,
                    t.table.kappa,
                )
            )
        unitizing = self.unitizing.result() if self.unitizing.length else None
        if unitizing is not None:
            unitizing = _in_label_order(unitizing, labels)
        return Figures(
            article_id,
            self.paragraphs,
            self.tokens,
            tuple(pairs),
            self.alpha.alpha,
            self.alpha.pairable,
            self.fleiss.kappa if self.fleiss is not None else None,
            unitizing,
            tuple(
                MqmScore(a, m[0], m[1], m[2], m[3], m[4] / 10, m[5]) for a, m in self.mqm.items()
            ),
        )


def _in_label_order(u: UnitizingResult, labels: Sequence[str]) -> UnitizingResult:
    order = [lab for lab in labels if lab in u.by_category]
    order += [lab for lab in u.by_category if lab not in order]
    return UnitizingResult(
        u.alpha,
        {k: u.by_category[k] for k in order},
        {k: u.observed[k] for k in order},
        {k: u.expected[k] for k in order},
        u.length,
        u.coders,
    )


@cache
def _error_weight(category: Any, severity: Any) -> int | None:
    """The WMT weight in tenths of a point (an integer: sums are exact, in any order)."""
    if not isinstance(category, str) or not isinstance(severity, str):
        return None
    try:
        return round(error_weight(category, severity) * 10)
    except ValueError:
        return None


class AgreementRun:
    """Computes the figures; feed it articles (`add_article`), then ask for `report()`."""

    def __init__(
        self,
        annotators: Sequence[str],
        labels: Sequence[str],
        *,
        by_article: bool = False,
        min_label_iou: float = 0.5,
    ) -> None:
        if len(annotators) < 2:
            raise ValueError("agreement needs at least two annotators")
        self.annotators = tuple(annotators)
        """Annotators, in order."""
        self.labels = tuple(labels)
        """Labels the figures cover."""
        self.by_article = by_article
        """Whether per-article figures are kept."""
        self.min_label_iou = min_label_iou
        """Passed to the alignment."""
        self.with_mqm = MQM_LABEL in self.labels
        self._selected = frozenset(self.labels)
        self._corpus = _Scope(self.annotators, self.with_mqm)
        self._articles: list[Figures] = []
        self.articles_seen = 0
        """Articles added so far."""

    def add_article(
        self,
        layers: ArticleLayers,
        aligned: Mapping[tuple[str, str], ArticleAlignment] | None = None,
    ) -> None:
        """Add one article's layers to the figures. `aligned`: alignments already made for
        some pairs (a, b) of this article, reused instead of aligning again."""
        self.articles_seen += 1
        scopes = [self._corpus]
        if self.by_article:
            scopes.append(_Scope(self.annotators, self.with_mqm))
        for index, text in enumerate(layers.paragraphs):
            self._paragraph(layers, index, text, scopes, aligned or {})
        if self.by_article:
            self._articles.append(scopes[1].figures(layers.article_id, self.labels))

    def _paragraph(
        self,
        layers: ArticleLayers,
        index: int,
        text: str,
        scopes: list[_Scope],
        aligned: Mapping[tuple[str, str], ArticleAlignment],
    ) -> None:
        rated = layers.rated
        present = [a for a in self.annotators if index in rated.get(a, ())]
        if not present:
            return
        selected = self._selected
        starts, ends, words = token_bounds(text)
        n_tokens = len(starts)
        all_spans = {a: layers.spans_of(a, index) for a in present}
        for scope in scopes:
            scope.paragraphs += 1
            scope.tokens += n_tokens
        if self.with_mqm:
            for a in present:
                errors = incomplete = total = 0  # total in tenths: WMT weights are k/10
                for s in all_spans[a]:
                    if s.label == MQM_LABEL:
                        w = _error_weight(s.attrs.get("category"), s.attrs.get("severity"))
                        if w is None:
                            incomplete += 1
                        else:
                            errors += 1
                            total += w
                for scope in scopes:
                    m = scope.mqm[a]
                    m[0] += 1
                    m[1] += words
                    m[2] += errors
                    m[3] += incomplete
                    m[4] += total
                    m[5] += layers.source_words.get(index, 0.0)
        if len(present) < 2:
            return
        spans = {a: [s for s in all_spans[a] if s.label in selected] for a in present}
        labels = [
            token_labels(starts, ends, spans[a]) if spans[a] else [OUTSIDE] * n_tokens
            for a in present
        ]
        combos = list(Counter(zip(*labels, strict=True)).items())
        everyone = len(present) == len(self.annotators)
        for i, j in combinations(range(len(present)), 2):
            a, b = present[i], present[j]
            if len(present) == 2:
                table = combos
            else:
                joint: Counter[tuple[str, str]] = Counter()
                for combo, n in combos:
                    joint[combo[i], combo[j]] += n
                table = list(joint.items())
            events = self._span_events(a, b, index, all_spans, aligned)
            for scope in scopes:
                t = scope.pairs[a, b]
                t.paragraphs += 1
                t.tokens += n_tokens
                add = t.table.add
                for (x, y), n in table:
                    add(x, y, n)
                for counter_name, label in events:
                    getattr(t, counter_name)[label] += 1
        for scope in scopes:
            if len(present) == 2:
                add_pair = scope.alpha.add_pair
                for (x, y), n in combos:
                    add_pair(x, y, n)
            else:
                for combo, n in combos:
                    scope.alpha.add_counts(Counter(combo), n)
            if everyone and scope.fleiss is not None:
                for combo, n in combos:
                    scope.fleiss.add_values(combo, n)
        if everyone:
            section = {a: [(s.label, s.start, s.end) for s in spans[a]] for a in present}
            for scope in scopes:
                scope.unitizing.add_section(len(text), section)

    def _span_events(
        self,
        name_a: str,
        name_b: str,
        index: int,
        spans: Mapping[str, Sequence[SpanView]],
        aligned: Mapping[tuple[str, str], ArticleAlignment],
    ) -> list[tuple[str, str]]:
        """(counter, label) increments of the span-level tallies of one pair."""
        selected = self._selected
        a, b = spans[name_a], spans[name_b]
        events = [("n_a", s.label) for s in a if s.label in selected]
        events += [("n_b", s.label) for s in b if s.label in selected]
        if not (a or b):
            return events
        done = aligned.get((name_a, name_b))
        if done is not None:
            pairs: Sequence[SpanPair] = done.paragraphs[index].pairs
        else:
            pairs = align_spans(a, b, min_label_iou=self.min_label_iou)
        for p in pairs:
            sa, sb = p.a, p.b
            if (sa is not None and sa.label in selected) or (
                sb is not None and sb.label in selected
            ):
                events.append(("kinds", p.kind))
            if p.kind == "exact" or p.kind == "boundary":
                label = p.label
                if label in selected:
                    events.append(("overlap", label))
                    if p.kind == "exact":
                        events.append(("exact", label))
        return events

    def merge(self, other: AgreementRun) -> None:
        """Add a run over the articles that come after this run's (same settings)."""
        self._corpus.merge(other._corpus)
        self._articles += other._articles
        self.articles_seen += other.articles_seen

    def report(self) -> AgreementReport:
        """The figures so far."""
        return AgreementReport(
            self.annotators,
            self.labels,
            self.articles_seen,
            self._corpus.figures(None, self.labels),
            tuple(self._articles),
        )


def compute_agreement(
    db: Any,
    annotators: Sequence[str],
    *,
    labels: Sequence[str] = (),
    article_ids: Sequence[str] = (),
    by_article: bool = False,
    tagset_labels: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> AgreementReport:
    """Agreement among `annotators` over the corpus (or the given articles), streamed.

    `labels` selects the labels the figures cover (default: `tagset_labels`, the tag set's
    labels in key order). `progress(n)` is called as articles are done. With `workers` > 1
    the articles are cut into contiguous chunks that worker processes read (each with its
    own connection, one article at a time); their accumulators are merged in corpus order,
    so the figures are the same as with one process.
    """
    chosen = tuple(dict.fromkeys(labels)) or tuple(tagset_labels)
    if workers > 1:
        return _compute_parallel(db, annotators, chosen, article_ids, by_article, progress, workers)
    run = AgreementRun(annotators, chosen, by_article=by_article)
    for layers in iter_layers(db, annotators, article_ids):
        run.add_article(layers)
        if progress is not None:
            progress(1)
    return run.report()


def _chunk_run(
    path: str,
    annotators: Sequence[str],
    labels: Sequence[str],
    ids: Sequence[str],
    by_article: bool,
) -> AgreementRun:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        run = AgreementRun(annotators, labels, by_article=by_article)
        for layers in iter_layers(conn, annotators, ids):
            run.add_article(layers)
        return run
    finally:
        conn.close()


def _compute_parallel(
    db: Any,
    annotators: Sequence[str],
    labels: Sequence[str],
    article_ids: Sequence[str],
    by_article: bool,
    progress: Callable[[int], None] | None,
    workers: int,
) -> AgreementReport:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    path = database_file(db)
    ids = corpus_ids(db, article_ids)
    # A few chunks per worker so that an unlucky slow chunk does not idle the others.
    size = max(1, -(-len(ids) // (workers * 4)))
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    total = AgreementRun(annotators, labels, by_article=by_article)
    # spawn, not fork: a forked child would inherit this process's SQLite connection.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(chunks) or 1), mp_context=context
    ) as pool:
        futures = [
            pool.submit(_chunk_run, path, list(annotators), list(labels), chunk, by_article)
            for chunk in chunks
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            total.merge(future.result())
            if progress is not None:
                progress(len(chunk))
    return total.report()
