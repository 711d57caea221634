"""The results of an agreement run: small frozen records with `to_dict()` for JSON."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from curator.domain.mqm import per_100_words
from curator.review.stats import UnitizingResult

ALL = "*"
"""The row of span scores over all selected labels."""


def _prf(hits: int, n_a: int, n_b: int) -> tuple[float | None, float | None, float | None]:
    p = hits / n_b if n_b else None
    r = hits / n_a if n_a else None
    f = 2 * hits / (n_a + n_b) if n_a + n_b else None
    return p, r, f


@dataclass(frozen=True, slots=True)
class SpanScores:
    """Span-level counts of one label (or all, `*`) for a pair of annotators, A as reference."""

    label: str
    """Label, or `*` for all selected labels."""
    n_a: int
    """A's spans."""
    n_b: int
    """B's spans."""
    exact: int
    """Pairs with the same start, end and label."""
    overlap: int
    """Pairs with the same label that overlap (exact ones included)."""

    @property
    def exact_prf(self) -> tuple[float | None, float | None, float | None]:
        """Precision, recall, F1 for exact matches (None when undefined)."""
        return _prf(self.exact, self.n_a, self.n_b)

    @property
    def overlap_prf(self) -> tuple[float | None, float | None, float | None]:
        """Precision, recall, F1 for overlapping same-label matches."""
        return _prf(self.overlap, self.n_a, self.n_b)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        ep, er, ef = self.exact_prf
        op, orr, of = self.overlap_prf
        return {
            "label": self.label,
            "n_a": self.n_a,
            "n_b": self.n_b,
            "exact": {"hits": self.exact, "precision": ep, "recall": er, "f1": ef},
            "overlap": {"hits": self.overlap, "precision": op, "recall": orr, "f1": of},
        }


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Figures for one pair of annotators (A = the first, the reference)."""

    a: str
    """Reference annotator."""
    b: str
    """Compared annotator."""
    paragraphs: int
    """Paragraphs both rated."""
    tokens: int
    """Tokens in them."""
    spans: tuple[SpanScores, ...]
    """Per label, then `*` for all."""
    kinds: Mapping[str, int]
    """How many pairs of each alignment kind (exact, boundary, label, only_a, only_b)."""
    token_agreement: float | None
    """Share of tokens with the same label."""
    cohen_kappa: float | None
    """Cohen's kappa over token labels."""

    def overall(self) -> SpanScores:
        """The `*` row."""
        return self.spans[-1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {
            "a": self.a,
            "b": self.b,
            "paragraphs": self.paragraphs,
            "tokens": self.tokens,
            "spans": [s.to_dict() for s in self.spans],
            "kinds": dict(self.kinds),
            "token_agreement": self.token_agreement,
            "cohen_kappa": self.cohen_kappa,
        }


@dataclass(frozen=True, slots=True)
class MqmScore:
    """One annotator's MQM score over an article or the corpus. Lower is better."""

    annotator: str
    """Annotator."""
    paragraphs: int
    """Paragraphs the annotator rated."""
    words: int
    """Words in them."""
    errors: int
    """Scored errors."""
    incomplete: int
    """Errors without category or severity (not scored)."""
    total: float
    """Sum of the error weights."""
    source_words: float = 0.0
    """Words of the source text aligned with those paragraphs (0 without a source text)."""

    @property
    def score(self) -> float | None:
        """Mean paragraph score."""
        return self.total / self.paragraphs if self.paragraphs else None

    @property
    def per_100_words(self) -> float | None:
        """Total score per 100 words."""
        return per_100_words(self.total, self.words) if self.words else None

    @property
    def per_100_source_words(self) -> float | None:
        """Total score per 100 source words, as WMT normalises (None without a source)."""
        return self.total * 100.0 / self.source_words if self.source_words else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {
            "annotator": self.annotator,
            "paragraphs": self.paragraphs,
            "words": self.words,
            "errors": self.errors,
            "incomplete": self.incomplete,
            "total": self.total,
            "score": self.score,
            "per_100_words": self.per_100_words,
            "source_words": self.source_words,
            "per_100_source_words": self.per_100_source_words,
        }


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure for the corpus (article_id None) or one article."""

    article_id: str | None
    """Article, or None for the corpus."""
    paragraphs: int
    """Paragraphs in scope."""
    tokens: int
    """Tokens in them."""
    pairs: tuple[PairAgreement, ...]
    """Pairwise figures, for every pair of annotators."""
    alpha: float | None
    """Krippendorff's nominal alpha over token labels, with missing data."""
    alpha_values: int
    """Pairable token values behind alpha."""
    fleiss_kappa: float | None
    """Fleiss' kappa over token labels (three or more annotators), else None."""
    unitizing: UnitizingResult | None
    """u-alpha over character extents (None when no paragraph was rated by everyone)."""
    mqm: tuple[MqmScore, ...]
    """MQM per annotator (empty when translation errors are not among the labels)."""

    @property
    def mqm_spread(self) -> float | None:
        """Largest minus smallest mean paragraph score among the annotators."""
        scores = [m.score for m in self.mqm if m.score is not None]
        return max(scores) - min(scores) if len(scores) >= 2 else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record (NaN-free: undefined figures are null)."""
        u = self.unitizing
        return {
            "article_id": self.article_id,
            "paragraphs": self.paragraphs,
            "tokens": self.tokens,
            "pairs": [p.to_dict() for p in self.pairs],
            "krippendorff_alpha": self.alpha,
            "alpha_pairable_values": self.alpha_values,
            "fleiss_kappa": self.fleiss_kappa,
            "unitizing_alpha": None
            if u is None
            else {
                "alpha": u.alpha,
                "by_label": {str(k): v for k, v in u.by_category.items()},
                "length": u.length,
            },
            "mqm": [m.to_dict() for m in self.mqm],
            "mqm_spread": self.mqm_spread,
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """The agreement run: corpus figures, and per-article ones when asked for."""

    annotators: tuple[str, ...]
    """Annotators compared, in order (the first of each pair is its reference)."""
    labels: tuple[str, ...]
    """Labels the figures cover."""
    articles_seen: int
    """Articles read."""
    corpus: Figures
    """Figures over everything."""
    articles: tuple[Figures, ...] = ()
    """Per article (with `by_article`)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {
            "annotators": list(self.annotators),
            "labels": list(self.labels),
            "articles_seen": self.articles_seen,
            "corpus": self.corpus.to_dict(),
            "articles": [f.to_dict() for f in self.articles],
        }


def kinds_text(kinds: Mapping[str, int], a: str, b: str) -> str:
    """The pairs of each alignment kind in words: `exact 3, boundary 1, label 0, only A 2,
    only B 1` (A and B are the annotators' names)."""
    return (
        f"exact {kinds['exact']}, boundary {kinds['boundary']}, label {kinds['label']}, "
        f"only {a} {kinds['only_a']}, only {b} {kinds['only_b']}"
    )


def fmt(value: float | None, digits: int = 3) -> str:
    """A figure for display: fixed digits, or an em dash when undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.{digits}f}"
