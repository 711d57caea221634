"""Review: where annotators disagree and how much (headless: never imports Textual).

- `curator.review.data`: reading articles with every compared annotator's layer.
- `curator.review.align`: one-to-one optimal span alignment per paragraph, with attribute
  and relation differences (what `curator diff` shows and adjudication steps through).
- `curator.review.stats`: Cohen's and Fleiss' kappa, Krippendorff's alpha (nominal) and
  u-alpha (unitizing), as streaming accumulators.
- `curator.review.tokens`: token-level labels (each token takes its innermost span's label).
- `curator.review.agreement`: the figures of `curator agreement` over a corpus, as the
  records of `curator.review.figures`.
- `curator.review.adjudicate`: settling two layers' disagreements into a gold layer.
- `curator.review.diff`, `curator.review.html`, `curator.review.report`: rendering.
"""

from curator.review.agreement import AgreementReport, compute_agreement
from curator.review.align import (
    ArticleAlignment,
    AttrDiff,
    ParagraphAlignment,
    RelationDiff,
    SpanPair,
    align_article,
    align_spans,
    iter_alignments,
    max_weight_matching,
)
from curator.review.data import (
    ArticleLayers,
    SpanView,
    compared_annotators,
    iter_layers,
    read_layers,
)
from curator.review.stats import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    unitizing_alpha,
)

__all__ = [
    "AgreementReport",
    "ArticleAlignment",
    "ArticleLayers",
    "AttrDiff",
    "ParagraphAlignment",
    "RelationDiff",
    "SpanPair",
    "SpanView",
    "align_article",
    "align_spans",
    "cohen_kappa",
    "compared_annotators",
    "compute_agreement",
    "fleiss_kappa",
    "iter_alignments",
    "iter_layers",
    "krippendorff_alpha",
    "max_weight_matching",
    "read_layers",
    "unitizing_alpha",
]
