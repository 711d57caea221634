"""Align the segments (paragraphs or sentences) of a source text with its translation.

The method is Gale & Church's (1993, "A program for aligning sentences in bilingual corpora"):
a translated segment's length is roughly proportional to its source's, so a dynamic program
over the two sequences picks the chain of *beads* (1–1, 1–0, 0–1, 2–1, 1–2, 2–2 segments)
whose lengths fit best. A bead's cost is

    -log P(bead type) - log P(|δ| or more),   δ = (l_t - c·l_s) / sqrt(s²·l_s)

with `c` the expected length ratio (measured on the two texts themselves, so zh→en, where a
character of Chinese is ~3 of English, needs no table) and `s²` its variance per source
character. Anchors make the lengths surer: numbers that both sides of a bead share lower its
cost, numbers only one side has raise it (names and dates written in digits survive
translation; they are the classic cognates of Simard et al. 1992).

The program only looks at cells within `band` of the diagonal (rescaled to the two lengths),
so it runs in O((n + m) · band) time and memory, linear in the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from curator.domain.source import AlignmentBead
from curator.domain.text import sentence_bounds

__all__ = [
    "BEAD_TYPES",
    "Bead",
    "SentenceLink",
    "align_paragraphs",
    "align_segments",
    "align_sentences",
    "aligned_share",
    "length_ratio",
]

BEAD_TYPES: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.045,
    (1, 2): 0.045,
    (2, 2): 0.011,
}
"""Bead shapes (source segments, target segments) and their prior probabilities, from Gale
& Church's hand-aligned counts (their 1–0/0–1 and 2–1/1–2 mass split evenly)."""

VARIANCE = 6.8
"""s²: variance of target characters per source character at ratio 1 (Gale & Church)."""

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_ANCHOR_BONUS = 2.0
"""Cost taken off a bead per number both sides share (≈ e² more likely)."""
_ANCHOR_PENALTY = 1.0
"""Cost added per number only one side of a bead has."""
_MAX_COST = 1e6


@dataclass(frozen=True, slots=True)
class Bead:
    """Consecutive source segments aligned with consecutive target segments."""

    source: tuple[int, ...]
    """Indices of the source segments (empty for a target segment with no source)."""
    target: tuple[int, ...]
    """Indices of the target segments (empty for an omission)."""
    cost: float
    """The bead's cost (lower is surer); useful to show the editor doubtful links."""


def _numbers(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text))


def length_ratio(source: Sequence[str], target: Sequence[str]) -> float:
    """Target characters per source character over the whole texts (1.0 when empty)."""
    s = sum(len(t) for t in source)
    t = sum(len(x) for x in target)
    return t / s if s and t else 1.0


def _length_cost(ls: int, lt: int, ratio: float) -> float:
    if ls == 0 and lt == 0:
        return 0.0
    mean = (ls + lt / ratio) / 2  # Gale & Church take the mean of both sides' lengths
    delta = (lt - ratio * ls) / math.sqrt(VARIANCE * ratio * max(mean, 1.0))
    tail = math.erfc(abs(delta) / math.sqrt(2))  # P(|Z| >= |δ|)
    return -math.log(tail) if tail > 0 else _MAX_COST


def align_segments(
    source: Sequence[str], target: Sequence[str], *, band: int = 20, ratio: float | None = None
) -> list[Bead]:
    """The cheapest chain of beads covering both sequences, in order.

    `band` bounds how far (in segments) the alignment may wander from the rescaled diagonal;
    the default covers a few omissions and merges in a row. `ratio` is the expected length
    ratio (measured on the texts when None).
    """
    n, m = len(source), len(target)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    c = ratio if ratio is not None else length_ratio(source, target)
    # Prefix sums of lengths, so a bead's length is two lookups.
    ps = [0]
    for t in source:
        ps.append(ps[-1] + len(t))
    pt = [0]
    for t in target:
        pt.append(pt[-1] + len(t))
    ns = [_numbers(t) for t in source]
    nt = [_numbers(t) for t in target]
    shapes = [(di, dj, -math.log(prior)) for (di, dj), prior in BEAD_TYPES.items()]
    width = max(band, abs(n - m) + 2)
    # cost[i] maps j -> (cost, previous i, previous j); only the band is stored.
    cost: list[dict[int, tuple[float, int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = (0.0, 0, 0)
    for i in range(n + 1):
        centre = i * m // n
        row = cost[i]
        for j in range(max(0, centre - width), min(m, centre + width) + 1):
            if i == 0 and j == 0:
                continue
            best, bi, bj = math.inf, 0, 0
            for di, dj, prior_cost in shapes:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost[pi].get(pj)
                if prev is None:
                    continue
                c_bead = prev[0] + prior_cost
                # An omitted or added segment costs its prior alone: its length says nothing
                # (Gale & Church's distance would make long omissions all but impossible).
                if di and dj:
                    c_bead += _length_cost(ps[i] - ps[pi], pt[j] - pt[pj], c)
                    src = ns[pi] if di == 1 else ns[pi] | ns[pi + 1]
                    tgt = nt[pj] if dj == 1 else nt[pj] | nt[pj + 1]
                    if src or tgt:
                        shared = len(src & tgt)
                        c_bead += _ANCHOR_PENALTY * (len(src) + len(tgt) - 2 * shared)
                        c_bead -= _ANCHOR_BONUS * shared
                if c_bead < best:
                    best, bi, bj = c_bead, pi, pj
            if best < math.inf:
                row[j] = (best, bi, bj)
    if m not in cost[n]:  # the band was too narrow for these texts: widen it once
        return align_segments(source, target, band=max(n, m), ratio=c)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        total, pi, pj = cost[i][j]
        beads.append(Bead(tuple(range(pi, i)), tuple(range(pj, j)), total - cost[pi][pj][0]))
        i, j = pi, pj
    beads.reverse()
    return beads


SURE_COST = 2.0
"""A bead whose cost beyond its shape's prior is at most this is sure: its lengths fit
(|δ| ≤ 1.9) or its numbers agree. On WMT's TED talks a talk's own source puts at least 0.89
of the target in sure beads; another talk's source mostly far less, but up to 0.79 when its
paragraph lengths happen to match (`bench/bilingual_align.py`): the check catches a grossly
wrong file, not every wrong file."""


def align_paragraphs(source: Sequence[str], target: Sequence[str]) -> list[AlignmentBead]:
    """The paragraph alignment of a source text with its translation, as stored beads."""
    out = []
    s = t = 0
    for bead in align_segments(source, target):
        s_end, t_end = s + len(bead.source), t + len(bead.target)
        out.append(
            AlignmentBead(
                source_start=s,
                source_end=s_end,
                target_start=t,
                target_end=t_end,
                cost=round(bead.cost, 3),
            )
        )
        s, t = s_end, t_end
    return out


def aligned_share(beads: Sequence[AlignmentBead], target: Sequence[str]) -> float:
    """The share of the target's characters in sure beads (see `SURE_COST`)."""
    total = sum(len(t) for t in target)
    sure = 0
    for b in beads:
        shape = (b.source_end - b.source_start, b.target_end - b.target_start)
        if 0 in shape or shape not in BEAD_TYPES or b.cost is None:
            continue
        if b.cost + math.log(BEAD_TYPES[shape]) <= SURE_COST:
            sure += sum(len(target[j]) for j in b.target)
    return sure / total if total else 0.0


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """Aligned sentences inside one paragraph bead: character extents on each side."""

    source: tuple[int, int] | None
    """(start, end) in the bead's source text, None for an added target sentence."""
    target: tuple[int, int] | None
    """(start, end) in the bead's target text, None for an omitted source sentence."""


def align_sentences(source: str, target: str) -> list[SentenceLink]:
    """The sentence alignment of one source passage with its translation (e.g. the texts of a
    paragraph bead, joined): each link spans the sentences of one sentence bead."""
    s_bounds = sentence_bounds(source) or [(0, len(source))]
    t_bounds = sentence_bounds(target) or [(0, len(target))]
    links = []
    for bead in align_segments(
        [source[a:b] for a, b in s_bounds], [target[a:b] for a, b in t_bounds]
    ):
        s = (s_bounds[bead.source[0]][0], s_bounds[bead.source[-1]][1]) if bead.source else None
        t = (t_bounds[bead.target[0]][0], t_bounds[bead.target[-1]][1]) if bead.target else None
        links.append(SentenceLink(s, t))
    return links
