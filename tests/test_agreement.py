"""Agreement figures: published worked examples, reference implementations, the pipeline.

Published values reproduced here:
- Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x
  12 units, nominal data with missing values, alpha = 0.743 (n = 40 pairable values).
- Krippendorff's binary example, 2 observers x 10 units (Content Analysis 2004, section
  11.3.1; the 2011 paper's section A has the same coincidences o00 = 10, o01 = o10 = 4,
  o11 = 2): alpha = 1 - 19 * 4 / (14 * 6) = 0.095.
- Wikipedia, "Cohen's kappa", worked example: 50 proposals, yes/yes 20, yes/no 5, no/yes 10,
  no/no 15: kappa = 0.4.
- Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories:
  kappa = 0.210.
- u-alpha: Krippendorff (2004: 254) unitizing example and Krippendorff (1995: 57) examples,
  as transcribed in DKPro Statistics' tests (Krippendorff2004Test, Krippendorff1995Test).
"""

from __future__ import annotations

import math
import random

import pytest
import review_fixture as rf
from conftest import SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.domain.text import tokenize, word_bounds
from curator.review.agreement import (
    AgreementRun,
    compute_agreement,
    token_bounds,
    token_labels,
)
from curator.review.data import SpanView, iter_layers
from curator.review.stats import (
    FleissTable,
    NominalAlpha,
    PairTable,
    UnitizingAlpha,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    unitizing_alpha,
)
from curator.store.store import Store

np = pytest.importorskip("numpy")
krippendorff = pytest.importorskip("krippendorff")
sk_metrics = pytest.importorskip("sklearn.metrics")

N = None
LABELS = ["claim", "speaker", "date", "translation_error"]


# -- published values --------------------------------------------------------------------------


def test_krippendorff_2011_nominal_with_missing_data():
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
        [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
    ]
    assert round(krippendorff_alpha(data), 3) == 0.743
    acc = NominalAlpha()
    for unit in zip(*data, strict=True):
        acc.add_values(unit)
    assert acc.pairable == 40  # unit 12 has one value only: not pairable
    assert acc.totals == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}  # the n_c row of the paper


def test_krippendorff_binary_two_observers():
    jon = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    han = [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
    alpha = krippendorff_alpha([jon, han])
    assert alpha == pytest.approx(1 - 19 * 4 / (14 * 6))
    assert round(alpha, 3) == 0.095


def test_wikipedia_cohen_kappa():
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    table = PairTable()
    table.add_counts({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    assert (table.observed, table.expected, table.kappa) == pytest.approx((0.7, 0.5, 0.4))


def test_wikipedia_fleiss_kappa():
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    kappa = fleiss_kappa(table)
    assert round(kappa, 3) == 0.210
    assert kappa == pytest.approx(0.20993, abs=1e-5)
    with pytest.raises(ValueError, match="14 ratings per unit"):
        fleiss_kappa([*table, [1, 1, 0, 0, 0]])


def test_unitizing_alpha_krippendorff_2004_example():
    # Continuum 150..450, observers i (0) and j (1), categories c and k.
    units = [
        (0, "c", 225, 295),
        (0, "c", 370, 400),
        (1, "c", 220, 300),
        (1, "c", 355, 375),
        (1, "c", 400, 420),
        (0, "k", 180, 240),
        (0, "k", 300, 350),
        (1, "k", 180, 240),
        (1, "k", 300, 350),
    ]
    r = unitizing_alpha(300, units, [0, 1], begin=150)
    assert r.observed["c"] == pytest.approx(0.0144, abs=1e-4)
    assert r.expected["c"] == pytest.approx(0.0532, abs=1e-4)
    assert r.by_category["c"] == pytest.approx(0.7286, abs=1e-4)
    assert r.observed["k"] == 0
    assert r.expected["k"] == pytest.approx(0.0490, abs=1e-4)
    assert r.by_category["k"] == 1
    # The book's 0.8591 is 1 - 0.0072/0.0511, from the rounded disagreements.
    assert r.alpha == pytest.approx(0.8591, abs=5e-4)


KRIPPENDORFF_1995 = [
    # (offset, length, observer, category): the four pairs of unitizations of a 24-unit line
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"),
    (5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"),
    (4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"),
    (0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip


def test_unitizing_alpha_krippendorff_1995_examples():
    def study(stretch: int):
        units = [(c, cat, o * stretch, (o + n) * stretch) for o, n, c, cat in KRIPPENDORFF_1995]
        return unitizing_alpha(24 * stretch, units, [0, 1])

    observed = study(1).observed
    assert observed == pytest.approx(
        {"A": 0.03125, "B": 2.267361, "C": 0.027778, "D": 0.387153}, abs=1e-5
    )
    # Expected disagreement depends on the grain; the paper's values hold for a fine one.
    r = study(50_000)
    assert r.expected == pytest.approx(
        {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}, abs=5e-3
    )
    assert r.by_category == pytest.approx(
        {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}, abs=0.02
    )


def test_unitizing_sections_concatenate():
    # Two sections = one continuum: a gap runs across the break.
    whole = unitizing_alpha(
        40, [(0, "x", 2, 6), (1, "x", 3, 6), (0, "x", 25, 30), (1, "y", 31, 33)], [0, 1]
    )
    acc = UnitizingAlpha([0, 1])
    acc.add_section(20, {0: [("x", 2, 6)], 1: [("x", 3, 6)]})
    acc.add_section(20, {0: [("x", 5, 10)], 1: [("y", 11, 13)]})
    parts = acc.result()
    assert parts.alpha == pytest.approx(whole.alpha)
    assert parts.by_category == pytest.approx(whole.by_category)


def test_unitizing_overlapping_units_of_one_coder_are_merged():
    merged = unitizing_alpha(30, [(0, "x", 2, 10), (0, "x", 5, 12), (1, "x", 2, 12)], [0, 1])
    assert merged.observed["x"] == 0
    assert merged.by_category["x"] == 1


def test_undefined_coefficients_are_none():
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None
    assert cohen_kappa(["a", "a"], ["a", "a"]) is None
    assert FleissTable().kappa is None
    assert NominalAlpha().alpha is None
    assert UnitizingAlpha(["a", "b"]).result().alpha is None


# -- against the reference implementations ----------------------------------------------------


@pytest.mark.parametrize("seed", range(25))
def test_alpha_matches_krippendorff_package(seed: int):
    rng = np.random.default_rng(seed)
    coders = int(rng.integers(2, 6))
    units = int(rng.integers(20, 300))
    values = int(rng.integers(2, 7))
    data = rng.integers(0, values, size=(coders, units)).astype(float)
    data[rng.random((coders, units)) < rng.uniform(0, 0.4)] = np.nan
    # Some agreement, so that alpha is not always near 0.
    agree = rng.random(units) < 0.5
    data[1, agree] = np.where(np.isnan(data[1, agree]), np.nan, data[0, agree])
    if np.sum(~np.isnan(data).all(axis=0)) == 0:
        pytest.skip("no data")
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    ours = krippendorff_alpha([[None if math.isnan(v) else int(v) for v in row] for row in data])
    assert ours == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", range(25))
def test_cohen_kappa_matches_sklearn(seed: int):
    rng = random.Random(seed)
    labels = ["O", "claim", "speaker", "date"][: rng.randint(2, 4)]
    a = [rng.choice(labels) for _ in range(rng.randint(10, 400))]
    b = [x if rng.random() < 0.6 else rng.choice(labels) for x in a]
    expected = sk_metrics.cohen_kappa_score(a, b)
    assert cohen_kappa(a, b) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_fleiss_with_two_raters_is_scotts_pi(seed: int):
    # Scott's pi = 1 - (1 - p_o) / (1 - p_e) with pooled marginals; alpha -> pi as n grows.
    rng = random.Random(seed)
    a = [rng.choice("xyz") for _ in range(200)]
    b = [x if rng.random() < 0.7 else rng.choice("xyz") for x in a]
    n = len(a)
    pooled = {c: (a.count(c) + b.count(c)) / (2 * n) for c in "xyz"}
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pe = sum(p * p for p in pooled.values())
    pi = (po - pe) / (1 - pe)
    assert fleiss_kappa(
        [{c: (x == c) + (y == c) for c in "xyz"} for x, y in zip(a, b, strict=True)]
    ) == pytest.approx(pi)
    # And Krippendorff's alpha is Scott's pi corrected for the sample size.
    alpha = krippendorff_alpha([a, b])
    assert alpha == pytest.approx(1 - (2 * n - 1) / (2 * n) * (1 - po) / (1 - pe))


# -- tokens ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"ab Zé1_-’'.,“”\n\t", "\u0301", "\u200d", "👍", "🇧🇾", "ा", "क", "\U0001f3fd"]
        ),
        max_size=40,
    ).map("".join)
)
def test_token_bounds_are_the_tokenizer_s(text: str):
    starts, ends, words = token_bounds(text)
    tokens = tokenize(text)
    assert starts == [t.start for t in tokens]
    assert ends == [t.end for t in tokens]
    assert words == len(word_bounds(text))


def test_token_label_is_the_innermost_span():
    text = "Lukashenka said NATO was wrong."
    starts, ends, _ = token_bounds(text)
    claim = SpanView("c", 0, 0, 30, "claim", text[:30])
    speaker = SpanView("s", 0, 0, 10, "speaker", "Lukashenka")
    partial = SpanView("t", 0, 17, 19, "translation_error", "TO")  # inside the token NATO
    assert token_labels(starts, ends, [claim, speaker, partial]) == [
        "speaker", "claim", "translation_error", "claim", "claim", "O",
    ]  # fmt: skip
    tie = [SpanView("d", 0, 0, 4, "date", "Luka"), SpanView("x", 0, 0, 4, "claim", "Luka")]
    assert token_labels(starts, ends, tie)[0] == "claim"  # equally short: first label a-z
    assert token_labels(starts, ends, []) == ["O"] * 6


# -- the pipeline on the sample -------------------------------------------------------------


@pytest.fixture
def fixture_db(sample_db: Store) -> Store:
    rf.build(sample_db)
    return sample_db


def token_matrix(db, annotators):
    """The coders x tokens matrix of every paragraph, NaN where a coder has not rated it."""
    rows = [[] for _ in annotators]
    for layers in iter_layers(db, annotators):
        for index, text in enumerate(layers.paragraphs):
            starts, ends, _ = token_bounds(text)
            for row, a in zip(rows, annotators, strict=True):
                if index in layers.rated[a]:
                    row += token_labels(starts, ends, layers.spans_of(a, index))
                else:
                    row += [None] * len(starts)
    return rows


def test_fixture_figures_match_the_references_on_the_token_matrix(fixture_db: Store):
    report = compute_agreement(fixture_db.db, [rf.A, rf.B], tagset_labels=LABELS)
    rows = token_matrix(fixture_db.db, [rf.A, rf.B])
    codes = {lab: i for i, lab in enumerate(["O", *LABELS])}
    matrix = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows])
    expected_alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    corpus = report.corpus
    assert corpus.alpha == pytest.approx(expected_alpha, abs=1e-12)
    both = ~np.isnan(matrix).any(axis=0)
    a, b = matrix[0, both], matrix[1, both]
    (pair,) = corpus.pairs
    assert pair.tokens == len(a)
    assert pair.cohen_kappa == pytest.approx(sk_metrics.cohen_kappa_score(a, b), abs=1e-12)
    assert corpus.alpha_values == 2 * len(a)
    assert 0.7 < corpus.alpha < 0.9


def test_fixture_span_scores(fixture_db: Store):
    report = compute_agreement(fixture_db.db, [rf.A, rf.B], tagset_labels=LABELS)
    (pair,) = report.corpus.pairs
    assert pair.paragraphs == 35  # bob has not rated 34, 35; both skipped 37, 38
    rows = {r.label: r for r in pair.spans}
    claim = rows["claim"]
    # alice: p8, p9 x2, p29, p30, p32 (p34 not rated by bob); bob: p8, p9, p13, p14, p29, p30, p32
    assert (claim.n_a, claim.n_b, claim.exact, claim.overlap) == (6, 7, 4, 5)
    assert claim.exact_prf == pytest.approx((4 / 7, 4 / 6, 8 / 13))
    assert claim.overlap_prf == pytest.approx((5 / 7, 5 / 6, 10 / 13))
    everything = rows["*"]
    assert everything.n_a == sum(r.n_a for lab, r in rows.items() if lab != "*")
    assert pair.kinds == {"exact": 19, "boundary": 3, "label": 1, "only_a": 5, "only_b": 2}


def test_fixture_mqm(fixture_db: Store):
    report = compute_agreement(fixture_db.db, [rf.A, rf.B], tagset_labels=LABELS, by_article=True)
    mqm = {m.annotator: m for m in report.corpus.mqm}
    # alice: minor 1 + minor punctuation 0.1 + major 5 + minor 1 + major 5 + 0.1 + 1 + 1
    assert mqm["alice"].total == pytest.approx(14.2)
    assert mqm["alice"].errors == 8
    assert mqm["alice"].paragraphs == 37
    assert mqm["alice"].score == pytest.approx(14.2 / 37)
    # bob: major 5 + minor 1 + minor 1 + 0.1 + minor 1
    assert mqm["bob"].total == pytest.approx(8.1)
    assert mqm["bob"].paragraphs == 35
    assert mqm["bob"].per_100_words == pytest.approx(8.1 * 100 / mqm["bob"].words)
    assert report.corpus.mqm_spread == pytest.approx(14.2 / 37 - 8.1 / 35)
    (article,) = report.articles
    assert article.article_id == rf.ARTICLE
    assert article.to_dict() == {**report.corpus.to_dict(), "article_id": rf.ARTICLE}


def test_incomplete_errors_are_counted_not_scored(fixture_db: Store):
    fixture_db.add_span(
        rf.ARTICLE, 1, 4, 14, "translation_error", {"severity": "major"}, annotator=rf.B
    )
    report = compute_agreement(fixture_db.db, [rf.A, rf.B], tagset_labels=LABELS)
    mqm = {m.annotator: m for m in report.corpus.mqm}
    assert (mqm["bob"].incomplete, mqm["bob"].total) == (1, pytest.approx(8.1))


def test_label_selection(fixture_db: Store):
    report = compute_agreement(fixture_db.db, [rf.A, rf.B], labels=["date"], tagset_labels=LABELS)
    (pair,) = report.corpus.pairs
    assert [r.label for r in pair.spans] == ["date", "*"]
    assert report.corpus.mqm == ()
    assert list(report.corpus.unitizing.by_category) == ["date"]


def test_three_annotators_fleiss_and_missing_data(fixture_db: Store):
    carol = Store.open(fixture_db.path, annotator="carol", create=False)
    with carol:
        for par in range(0, 30):
            carol.set_paragraph_status(rf.ARTICLE, par, "done")
        for par, quote, label, attrs in list(rf.ALICE.values())[:12]:
            text = carol.paragraph_text(rf.ARTICLE, par)
            start = text.index(quote)
            carol.add_span(rf.ARTICLE, par, start, start + len(quote), label, attrs)
    names = ["alice", "bob", "carol"]
    report = compute_agreement(fixture_db.db, names, tagset_labels=LABELS)
    corpus = report.corpus
    assert [(p.a, p.b) for p in corpus.pairs] == [
        ("alice", "bob"), ("alice", "carol"), ("bob", "carol"),
    ]  # fmt: skip
    rows = token_matrix(fixture_db.db, names)
    codes = {lab: i for i, lab in enumerate(["O", *LABELS])}
    matrix = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows])
    assert corpus.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"), abs=1e-12
    )
    complete = ~np.isnan(matrix).any(axis=0)
    table = [
        {c: int(np.sum(matrix[:, j] == c)) for c in range(len(codes))}
        for j in np.flatnonzero(complete)
    ]
    assert corpus.fleiss_kappa == pytest.approx(fleiss_kappa(table))
    assert corpus.unitizing is not None and corpus.unitizing.coders == 3


def test_run_needs_two_annotators():
    with pytest.raises(ValueError):
        AgreementRun(["alice"], LABELS)


def test_workers_give_the_same_figures(tmp_path, sample_db: Store):
    from curator.formats.articles import collect_files, read_drafts
    from curator.store.imports import import_articles

    rf.build(sample_db)
    for name in ("second.txt", "third.txt"):
        (tmp_path / name).write_text(SAMPLE.read_text("utf-8"), "utf-8")
    import_articles(
        sample_db,
        list(read_drafts(collect_files([tmp_path / "second.txt", tmp_path / "third.txt"]))),
    )
    for article in ("second", "third"):
        for who, shift in ((rf.A, 0), (rf.B, 1)):
            for par in range(1, 15, 3):
                sample_db.add_span(article, par, 4 + shift, 20, "claim", annotator=who)
                sample_db.add_span(
                    article,
                    par,
                    30,
                    40,
                    "translation_error",
                    {"category": "Fluency/Grammar", "severity": "minor"},
                    annotator=who,
                )
    one = compute_agreement(sample_db.db, [rf.A, rf.B], tagset_labels=LABELS, by_article=True)
    two = compute_agreement(
        sample_db.db, [rf.A, rf.B], tagset_labels=LABELS, by_article=True, workers=2
    )
    assert one.articles_seen == 3
    assert two.to_dict() == one.to_dict()
