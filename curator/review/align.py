"""Span alignment between two annotators: one-to-one, optimal, per paragraph.

Every pair of spans (a from A, b from B) that overlap gets a weight; the matching with the
largest total weight is found exactly with the Hungarian algorithm (Kuhn-Munkres, O(n^3),
written out below: scipy is not a dependency). Paragraphs are first cut into clusters of
spans that overlap one another, so the solver only ever sees the few spans that compete
(a cluster is usually one span per side, matched without the solver).

The weight is the pair's overlap, measured as the Jaccard index of the two extents
(intersection / union, so a long span does not outweigh a precise one), counted double
when the labels agree. So a speaker mention pairs with the other annotator's mention of the
same speaker rather than with a longer claim around it, and a claim pairs with a same-extent
span of another label rather than with a small same-label span it merely touches. Spans of
different labels are only paired when they overlap by at least `min_label_iou` (0.5); among
equal weights an exact pair wins.

Matched pairs are classified as the issue defines them: **exact** (same start, end, label),
**boundary** (same label, overlapping), **label** (other label, same or overlapping extent);
unmatched spans are **only_a** / **only_b**. Each matched pair lists its attribute differences
and, once the whole article is aligned, its relation differences (a claim attributed to a
speaker the other annotator did not pick: the tails are compared through the alignment).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from curator.review.data import ArticleLayers, RelationView, SpanView, iter_layers

PairKind = Literal["exact", "boundary", "label", "only_a", "only_b"]
KINDS: tuple[PairKind, ...] = ("exact", "boundary", "label", "only_a", "only_b")
"""Every pair kind, in report order."""

_SCALE = 1_000_000
"""Jaccard overlaps are compared as integers in millionths: the solver stays exact."""


@dataclass(frozen=True, slots=True)
class AttrDiff:
    """One attribute the two spans of a pair disagree on (None = not set)."""

    key: str
    """Attribute name."""
    a: Any
    """A's value."""
    b: Any
    """B's value."""


@dataclass(frozen=True, slots=True)
class RelationDiff:
    """A relation type under which the two spans of a pair link to different spans."""

    type: str
    """Relation type (attributed_to, claim_date, cue...)."""
    a: tuple[SpanView, ...]
    """A's tails."""
    b: tuple[SpanView, ...]
    """B's tails."""


@dataclass(frozen=True, slots=True)
class SpanPair:
    """A span of A and its partner in B, or a span only one of them has."""

    kind: PairKind
    """exact, boundary, label, only_a or only_b."""
    a: SpanView | None
    """A's span (None for only_b)."""
    b: SpanView | None
    """B's span (None for only_a)."""
    attrs: tuple[AttrDiff, ...] = ()
    """Attribute differences of a matched pair."""
    relations: tuple[RelationDiff, ...] = ()
    """Relation differences of a matched pair."""

    @property
    def agrees(self) -> bool:
        """Exact, with the same attributes and relations: nothing to adjudicate."""
        return self.kind == "exact" and not self.attrs and not self.relations

    @property
    def start(self) -> int:
        """Where the pair starts in the paragraph (for ordering)."""
        a, b = self.a, self.b
        if a is None or b is None:
            span = a or b
            assert span is not None
            return span.start
        return min(a.start, b.start)

    @property
    def label(self) -> str:
        """A's label, else B's."""
        span = self.a or self.b
        assert span is not None
        return span.label


@dataclass(frozen=True, slots=True)
class ParagraphAlignment:
    """The aligned spans of one paragraph."""

    paragraph: int
    """Paragraph index."""
    text: str
    """Paragraph text."""
    pairs: tuple[SpanPair, ...]
    """Every pair, ordered by position."""
    rated_a: bool = True
    """Whether A has rated the paragraph (marked done or tagged in it)."""
    rated_b: bool = True
    """Whether B has rated the paragraph."""

    @property
    def differences(self) -> tuple[SpanPair, ...]:
        """The pairs that are not in full agreement."""
        return tuple(p for p in self.pairs if not p.agrees)

    @property
    def only_a(self) -> tuple[SpanView, ...]:
        """Spans only A has."""
        return tuple(p.a for p in self.pairs if p.kind == "only_a" and p.a is not None)

    @property
    def only_b(self) -> tuple[SpanView, ...]:
        """Spans only B has."""
        return tuple(p.b for p in self.pairs if p.kind == "only_b" and p.b is not None)


@dataclass(frozen=True, slots=True)
class ArticleAlignment:
    """Two annotators' layers of one article, aligned paragraph by paragraph."""

    article_id: str
    """Article id."""
    title: str
    """Headline."""
    a: str
    """Annotator A."""
    b: str
    """Annotator B."""
    paragraphs: tuple[ParagraphAlignment, ...]
    """Every paragraph of the article, in order (pairs empty where neither tagged)."""
    spans_a: Mapping[int, tuple[SpanView, ...]] = field(default_factory=dict)
    """A's spans by paragraph (for rendering)."""
    spans_b: Mapping[int, tuple[SpanView, ...]] = field(default_factory=dict)
    """B's spans by paragraph."""
    sources: Mapping[int, str] = field(default_factory=dict)
    """The source text aligned with each paragraph, for a translated article that has one."""

    def pairs(self) -> Iterator[tuple[int, SpanPair]]:
        """(paragraph, pair) for every pair of the article."""
        for para in self.paragraphs:
            for pair in para.pairs:
                yield para.paragraph, pair


# -- the assignment solver -------------------------------------------------------------------


def max_weight_matching(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The (row, column) pairs of a maximum-weight one-to-one matching, ascending.

    `weights` is a rows x columns matrix of non-negative integers; 0 means "may not be
    paired". Hungarian algorithm with potentials (Kuhn-Munkres, as in e-maxx), O(n^2 m),
    exact on integers. Pairs of weight 0 are left out of the result.
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transposed = n > m
    w = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    if transposed:
        n, m = m, n
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            row = w[i0 - 1]
            ui0 = u[i0]
            delta = inf
            j1 = 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    pairs = [(i, j) for i, j in pairs if w[i][j] > 0]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted(pairs)


# -- pairing spans ----------------------------------------------------------------------------


def pair_weight(a: SpanView, b: SpanView, min_label_iou: float = 0.5) -> int:
    """The alignment weight of two spans (0: they may not be paired). See the module doc."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0
    union = max(a.end, b.end) - min(a.start, b.start)
    iou = inter * _SCALE // union
    if a.label == b.label:
        return 4 * iou + (a.start == b.start and a.end == b.end)
    if inter < min_label_iou * union:
        return 0
    return 2 * iou


def _clusters(
    a: Sequence[SpanView], b: Sequence[SpanView]
) -> Iterator[tuple[list[int], list[int]]]:
    """Groups of spans (indices into a and b) whose extents chain together by overlap."""
    items = sorted(
        [(s.start, s.end, 0, i) for i, s in enumerate(a)]
        + [(s.start, s.end, 1, i) for i, s in enumerate(b)]
    )
    group: tuple[list[int], list[int]] = ([], [])
    reach = -1
    for start, end, side, i in items:
        if start >= reach and (group[0] or group[1]):
            yield group
            group = ([], [])
        group[side].append(i)
        reach = max(reach, end)
    if group[0] or group[1]:
        yield group


def attr_diffs(a: SpanView, b: SpanView) -> tuple[AttrDiff, ...]:
    """The attributes two spans disagree on, in A's key order then B's."""
    if a.attrs == b.attrs:
        return ()
    keys = list(dict.fromkeys([*a.attrs, *b.attrs]))
    return tuple(
        AttrDiff(k, a.attrs.get(k), b.attrs.get(k))
        for k in keys
        if a.attrs.get(k) != b.attrs.get(k)
    )


def classify(a: SpanView, b: SpanView) -> PairKind:
    """exact, boundary or label for two matched spans."""
    if a.label != b.label:
        return "label"
    return "exact" if a.start == b.start and a.end == b.end else "boundary"


def align_spans(
    a: Sequence[SpanView], b: Sequence[SpanView], *, min_label_iou: float = 0.5
) -> tuple[SpanPair, ...]:
    """Align two annotators' spans of one paragraph (relations not compared: see
    `align_article`). Pairs come ordered by position."""
    pairs: list[SpanPair] = []
    for ia, ib in _clusters(a, b):
        if not ib:
            pairs.extend(SpanPair("only_a", a[i], None) for i in ia)
            continue
        if not ia:
            pairs.extend(SpanPair("only_b", None, b[j]) for j in ib)
            continue
        if len(ia) == 1 and len(ib) == 1:
            sa, sb = a[ia[0]], b[ib[0]]
            if pair_weight(sa, sb, min_label_iou):
                pairs.append(SpanPair(classify(sa, sb), sa, sb, attr_diffs(sa, sb)))
            else:
                pairs += [SpanPair("only_a", sa, None), SpanPair("only_b", None, sb)]
            continue
        matrix = [[pair_weight(a[i], b[j], min_label_iou) for j in ib] for i in ia]
        matched = max_weight_matching(matrix)
        used_a = {r for r, _ in matched}
        used_b = {c for _, c in matched}
        for r, c in matched:
            sa, sb = a[ia[r]], b[ib[c]]
            pairs.append(SpanPair(classify(sa, sb), sa, sb, attr_diffs(sa, sb)))
        pairs.extend(SpanPair("only_a", a[i], None) for r, i in enumerate(ia) if r not in used_a)
        pairs.extend(SpanPair("only_b", None, b[j]) for c, j in enumerate(ib) if c not in used_b)
    if len(pairs) > 1:
        pairs.sort(key=_pair_order)
    return tuple(pairs)


def _pair_order(p: SpanPair) -> tuple[int, int, str]:
    span = p.a or p.b
    assert span is not None
    return (p.start, -span.end, span.label)


def _outgoing(relations: Sequence[RelationView]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for r in relations:
        out.setdefault(r.head, {}).setdefault(r.type, []).append(r.tail)
    return out


def align_article(
    layers: ArticleLayers, a: str, b: str, *, min_label_iou: float = 0.5
) -> ArticleAlignment:
    """Align A's and B's layers of an article: spans per paragraph, then relations (whose
    tails may sit in another paragraph) through the article-wide partner map."""
    spans_a = layers.spans.get(a, {})
    spans_b = layers.spans.get(b, {})
    per_paragraph: list[tuple[int, tuple[SpanPair, ...]]] = []
    partner: dict[str, str] = {}
    for index in range(len(layers.paragraphs)):
        pa, pb = spans_a.get(index, ()), spans_b.get(index, ())
        pairs = align_spans(pa, pb, min_label_iou=min_label_iou) if pa or pb else ()
        for p in pairs:
            if p.a is not None and p.b is not None:
                partner[p.a.id] = p.b.id
        per_paragraph.append((index, pairs))
    rel_a = _outgoing(layers.relations.get(a, ()))
    rel_b = _outgoing(layers.relations.get(b, ()))
    if rel_a or rel_b:
        by_id_a = {s.id: s for spans in spans_a.values() for s in spans}
        by_id_b = {s.id: s for spans in spans_b.values() for s in spans}
        per_paragraph = [
            (
                index,
                tuple(_with_relations(p, rel_a, rel_b, partner, by_id_a, by_id_b) for p in pairs),
            )
            for index, pairs in per_paragraph
        ]
    rated_a = layers.rated.get(a, frozenset())
    rated_b = layers.rated.get(b, frozenset())
    return ArticleAlignment(
        layers.article_id,
        layers.title,
        a,
        b,
        tuple(
            ParagraphAlignment(i, layers.paragraphs[i], pairs, i in rated_a, i in rated_b)
            for i, pairs in per_paragraph
        ),
        spans_a,
        spans_b,
        layers.sources,
    )


def _with_relations(
    pair: SpanPair,
    rel_a: Mapping[str, Mapping[str, list[str]]],
    rel_b: Mapping[str, Mapping[str, list[str]]],
    partner: Mapping[str, str],
    by_id_a: Mapping[str, SpanView],
    by_id_b: Mapping[str, SpanView],
) -> SpanPair:
    """The pair with the relation types under which its two spans link to different spans
    (the tails compared through `partner`, A's span id -> its partner's in B)."""
    if pair.a is None or pair.b is None:
        return pair
    out_a = rel_a.get(pair.a.id, {})
    out_b = rel_b.get(pair.b.id, {})
    diffs = []
    for rtype in dict.fromkeys([*out_a, *out_b]):
        tails_a = out_a.get(rtype, [])
        tails_b = out_b.get(rtype, [])
        mapped = {partner.get(t) for t in tails_a}
        if None not in mapped and mapped == set(tails_b) and len(tails_a) == len(tails_b):
            continue
        diffs.append(
            RelationDiff(
                rtype,
                tuple(by_id_a[t] for t in tails_a if t in by_id_a),
                tuple(by_id_b[t] for t in tails_b if t in by_id_b),
            )
        )
    if not diffs:
        return pair
    return SpanPair(pair.kind, pair.a, pair.b, pair.attrs, tuple(diffs))


def iter_alignments(
    db: Any,
    a: str,
    b: str,
    article_ids: Sequence[str] = (),
    *,
    min_label_iou: float = 0.5,
) -> Iterator[ArticleAlignment]:
    """Align A and B over every article (or the given ones), one article at a time."""
    for layers in iter_layers(db, [a, b], article_ids):
        yield align_article(layers, a, b, min_label_iou=min_label_iou)
