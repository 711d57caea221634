"""Span alignment (curator.review.align): the solver, the pairing rules, the sample fixture."""

from __future__ import annotations

from itertools import permutations

import pytest
import review_fixture as rf
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.review.align import (
    align_article,
    align_spans,
    iter_alignments,
    max_weight_matching,
    pair_weight,
)
from curator.review.data import SpanView, compared_annotators, rated_paragraphs, read_layers
from curator.store.store import Store


def span(start: int, end: int, label: str = "claim", sid: str | None = None, **attrs) -> SpanView:
    return SpanView(
        sid or f"{label}-{start}-{end}", 0, start, end, label, "x" * (end - start), attrs
    )


def kinds(pairs) -> list[tuple[str, str | None, str | None]]:
    return [(p.kind, p.a and p.a.id, p.b and p.b.id) for p in pairs]


# -- the solver ------------------------------------------------------------------------------


def brute_force(weights: list[list[int]]) -> int:
    n, m = len(weights), len(weights[0]) if weights else 0
    if n > m:
        weights = [list(c) for c in zip(*weights, strict=True)]
        n, m = m, n
    best = 0
    for cols in permutations(range(m), n):
        best = max(best, sum(weights[i][j] for i, j in enumerate(cols)))
    return best


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.integers(1, 6).flatmap(
            lambda m: st.lists(
                st.lists(st.integers(0, 20), min_size=m, max_size=m), min_size=n, max_size=n
            )
        )
    )
)
def test_matching_is_optimal_and_one_to_one(weights):
    pairs = max_weight_matching(weights)
    rows = [i for i, _ in pairs]
    cols = [j for _, j in pairs]
    assert len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    assert all(weights[i][j] > 0 for i, j in pairs)
    assert sum(weights[i][j] for i, j in pairs) == brute_force(weights)


def test_matching_edge_cases():
    assert max_weight_matching([]) == []
    assert max_weight_matching([[0, 0], [0, 0]]) == []
    assert max_weight_matching([[5]]) == [(0, 0)]
    assert max_weight_matching([[1, 2, 3]]) == [(0, 2)]
    assert max_weight_matching([[1], [2], [3]]) == [(2, 0)]


def test_optimal_where_greedy_is_not():
    # Greedy takes the best pair a1-b1 first and leaves a2 and b2 without a partner;
    # the optimum pairs a1-b2 and a2-b1 (more total overlap).
    a = [span(0, 10, sid="a1"), span(3, 14, sid="a2")]
    b = [span(1, 11, sid="b1"), span(0, 3, sid="b2")]
    assert pair_weight(a[0], b[0]) > pair_weight(a[1], b[0]) > pair_weight(a[0], b[1])
    assert pair_weight(a[1], b[1]) == 0
    assert kinds(align_spans(a, b)) == [("boundary", "a1", "b2"), ("boundary", "a2", "b1")]


# -- pairing rules ---------------------------------------------------------------------------


def test_every_kind():
    a = [
        span(0, 5, "date", "a-exact"),
        span(10, 20, "claim", "a-bound"),
        span(30, 40, "claim", "a-label"),
        span(50, 55, "date", "a-only"),
    ]
    b = [
        span(0, 5, "date", "b-exact"),
        span(12, 25, "claim", "b-bound"),
        span(30, 40, "translation_error", "b-label"),
        span(60, 70, "speaker", "b-only"),
    ]
    assert kinds(align_spans(a, b)) == [
        ("exact", "a-exact", "b-exact"),
        ("boundary", "a-bound", "b-bound"),
        ("label", "a-label", "b-label"),
        ("only_a", "a-only", None),
        ("only_b", None, "b-only"),
    ]


def test_other_labels_pair_only_when_they_overlap_enough():
    claim = span(0, 100, "claim", "c")
    date = span(20, 30, "date", "d")
    assert kinds(align_spans([claim], [date])) == [("only_a", "c", None), ("only_b", None, "d")]
    assert kinds(align_spans([claim], [date], min_label_iou=0.05)) == [("label", "c", "d")]
    wide = span(0, 60, "date", "w")  # IoU 0.6
    assert kinds(align_spans([claim], [wide])) == [("label", "c", "w")]


def test_same_label_partner_preferred_over_a_longer_span_around_it():
    a = [span(0, 20, "speaker", "a-sp")]
    b = [span(0, 60, "claim", "b-claim"), span(10, 20, "speaker", "b-sp")]
    assert kinds(align_spans(a, b)) == [("only_b", None, "b-claim"), ("boundary", "a-sp", "b-sp")]


def test_same_extent_other_label_beats_a_small_same_label_touch():
    a = [span(0, 100, "claim", "a")]
    b = [span(0, 100, "date", "b-date"), span(95, 105, "claim", "b-claim")]
    assert kinds(align_spans(a, b)) == [("label", "a", "b-date"), ("only_b", None, "b-claim")]


def test_nested_spans_pair_with_their_twins():
    a = [span(0, 50, "claim", "a-claim"), span(30, 50, "translation_error", "a-te")]
    b = [span(0, 50, "claim", "b-claim"), span(30, 50, "translation_error", "b-te")]
    assert kinds(align_spans(a, b)) == [
        ("exact", "a-claim", "b-claim"),
        ("exact", "a-te", "b-te"),
    ]


def test_exact_pair_wins_ties():
    a = [span(0, 10, sid="x"), span(5, 10, sid="x2")]
    b = [span(0, 10, sid="y"), span(0, 5, sid="z")]
    pairs = align_spans(a, b)
    assert ("exact", "x", "y") in kinds(pairs)


def test_attribute_differences():
    a = span(0, 5, "speaker", "a", name="Lukashenko", type="person", role="President")
    b = span(0, 5, "speaker", "b", name="Lukashenka", type="person")
    (pair,) = align_spans([a], [b])
    assert pair.kind == "exact" and not pair.agrees
    assert [(d.key, d.a, d.b) for d in pair.attrs] == [
        ("name", "Lukashenko", "Lukashenka"),
        ("role", "President", None),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from("ab")), max_size=8),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15), st.sampled_from("ab")), max_size=8),
)
def test_every_span_lands_in_exactly_one_pair(xs, ys):
    a = [span(s, s + n, lab, f"a{i}") for i, (s, n, lab) in enumerate(xs)]
    b = [span(s, s + n, lab, f"b{i}") for i, (s, n, lab) in enumerate(ys)]
    pairs = align_spans(a, b)
    seen_a = [p.a.id for p in pairs if p.a is not None]
    seen_b = [p.b.id for p in pairs if p.b is not None]
    assert sorted(seen_a) == sorted(s.id for s in a)
    assert sorted(seen_b) == sorted(s.id for s in b)
    for p in pairs:
        if p.a is not None and p.b is not None:
            assert pair_weight(p.a, p.b) > 0
    assert [p.start for p in pairs] == sorted(p.start for p in pairs)


# -- missing data ----------------------------------------------------------------------------


def test_rated_paragraphs_rule():
    statuses = {0: "done", 1: "skipped", 2: "todo", 5: "done"}
    assert rated_paragraphs(statuses, [1, 2, 3]) == {0, 2, 3, 5}


def test_compared_annotators(sample_db: Store):
    rf.build(sample_db)
    assert compared_annotators(sample_db.db) == ["alice", "bob"]
    sample_db.add_span(rf.ARTICLE, 1, 0, 3, "claim", annotator="suggest", status="pending")
    sample_db.add_span(rf.ARTICLE, 1, 0, 3, "claim", annotator="gold")
    assert compared_annotators(sample_db.db) == ["alice", "bob"]
    assert compared_annotators(sample_db.db, ["bob", "gold"]) == ["bob", "gold"]
    with pytest.raises(Exception, match="nobody"):
        compared_annotators(sample_db.db, ["alice", "nobody"])


def test_compared_annotators_needs_two(sample_db: Store):
    sample_db.add_span(rf.ARTICLE, 1, 0, 3, "claim")
    with pytest.raises(Exception, match="at least two annotators"):
        compared_annotators(sample_db.db)


# -- the sample article ----------------------------------------------------------------------


@pytest.fixture
def aligned(sample_db: Store):
    fx = rf.build(sample_db)
    (article,) = list(iter_alignments(sample_db.db, rf.A, rf.B))
    by_a = {p.a.id: p for _, p in article.pairs() if p.a is not None}
    by_b = {p.b.id: p for _, p in article.pairs() if p.b is not None}
    return fx, article, by_a, by_b


def test_fixture_has_every_kind_of_disagreement(aligned):
    fx, _, by_a, by_b = aligned

    def pair(key: str):
        return by_a[fx.alice[key]] if key in fx.alice else by_b[fx.bob[key]]

    assert pair("p1-1992").agrees
    assert pair("p1-later").kind == "boundary"
    assert pair("p8-speaker").kind == "boundary"
    assert pair("p9-claim").kind == "boundary"
    assert pair("p14-moldova").kind == "label"
    assert (pair("p14-moldova").a.label, pair("p14-moldova").b.label) == (
        "translation_error",
        "claim",
    )
    for key in ("p9-nato", "p13-quote", "p18-january", "p25-speaker", "p27-alma-ata"):
        assert pair(key).kind == "only_a", key
    assert pair("p13-claim").kind == "only_b"
    assert pair("p15-this-year").kind == "only_b"
    attrs = {key: [(d.key, d.a, d.b) for d in pair(key).attrs] for key in fx.alice}
    assert attrs["p2-may16"] == [("value", "2022-05-16", "XXXX-05-16")]
    assert attrs["p9-speaker"] == [("name", "Lukashenko", "Lukashenka")]
    assert attrs["p8-claim"] == [("check_worthy", "yes", "unsure")]
    assert attrs["p10-monopoly"] == [
        ("category", "Terminology/Inappropriate for context", "Accuracy/Mistranslation"),
        ("severity", "minor", "major"),
    ]
    assert attrs["p21-liberated"] == [("severity", "major", "minor")]
    # Nested claim + translation error with the same extents on both sides.
    assert pair("p32-claim").agrees and pair("p32-grammar").agrees


def test_relation_differences_compare_tails_through_the_alignment(aligned):
    fx, article, by_a, _ = aligned
    (rel,) = by_a[fx.alice["p30-claim"]].relations
    assert rel.type == "attributed_to"
    assert [t.text for t in rel.a] == ["Pritchin"]
    assert [t.text for t in rel.b] == ["Evseev"]
    # p8: the speakers are a boundary pair, so both claims link to the same speaker.
    assert by_a[fx.alice["p8-claim"]].relations == ()
    assert by_a[fx.alice["p9-claim"]].relations == ()
    assert by_a[fx.alice["p29-claim"]].relations == ()
    assert sum(len(p.relations) for _, p in article.pairs()) == 1


def test_paragraphs_not_rated_are_flagged(aligned):
    _, article, _, _ = aligned
    assert len(article.paragraphs) == rf.N_PARAGRAPHS
    p34 = article.paragraphs[34]
    assert p34.rated_a and not p34.rated_b
    assert [s.label for s in p34.only_a] == ["speaker", "claim"]
    assert article.paragraphs[16].pairs == ()  # "Is unity possible?" neither tagged


def test_alignment_from_store_spans(sample_db: Store):
    rf.build(sample_db)
    a = [SpanView.of(s) for s in sample_db.spans(rf.ARTICLE, annotator=rf.A, paragraph=9)]
    b = [SpanView.of(s) for s in sample_db.spans(rf.ARTICLE, annotator=rf.B, paragraph=9)]
    assert [p.kind for p in align_spans(a, b)] == ["boundary", "exact", "only_a"]
    layers = read_layers(sample_db.db, rf.ARTICLE, [rf.A, rf.B])
    reverse = align_article(layers, rf.B, rf.A)
    kinds_ab = sorted(p.kind for _, p in align_article(layers, rf.A, rf.B).pairs())
    flipped = {"only_a": "only_b", "only_b": "only_a"}
    assert sorted(flipped.get(p.kind, p.kind) for _, p in reverse.pairs()) == kinds_ab
