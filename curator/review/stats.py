"""Agreement coefficients, pure Python, as streaming accumulators.

Each accumulator takes units one at a time (or many identical ones at once, `n=`), keeps
only counts, and gives its coefficient at the end: memory does not grow with the corpus.
The classic one-shot functions (`cohen_kappa`, `fleiss_kappa`, `krippendorff_alpha`,
`unitizing_alpha`) are thin wrappers over them. A coefficient whose chance term leaves
nothing to correct (one category only, no pairable values) is None, not NaN.

- Cohen's kappa (Cohen 1960): two coders, each coder's own marginals.
- Fleiss' kappa (Fleiss 1971): a fixed number of coders per unit, pooled marginals.
- Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability", section C): any number of coders, missing values allowed; units with
  fewer than two values are not pairable and drop out.
- Krippendorff's unitizing alpha, u-alpha (Krippendorff 1995; Content Analysis, 2nd ed.
  2004, section 11.6): coders cut a continuum into units of categories; each category is
  scored as a binary unitizing study and the overall coefficient is
  1 - sum_c D_o(c) / sum_c D_e(c). Units one coder gives the same category must not overlap;
  `UnitizingAlpha` merges such units into their union.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, combinations
from typing import Any


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


class PairTable:
    """Cohen's kappa for two coders: a confusion table filled pair by pair."""

    def __init__(self) -> None:
        self.joint: Counter[tuple[Hashable, Hashable]] = Counter()
        """(first coder's value, second coder's value) -> units."""

    def add(self, a: Hashable, b: Hashable, n: int = 1) -> None:
        """Count `n` units coded `a` by the first coder and `b` by the second."""
        self.joint[a, b] += n

    def add_counts(self, pairs: Mapping[tuple[Hashable, Hashable], int]) -> None:
        """Add a table of (a, b) -> count."""
        for key, k in pairs.items():
            self.joint[key] += k

    def merge(self, other: PairTable) -> None:
        """Add another table."""
        self.joint.update(other.joint)

    @property
    def n(self) -> int:
        """Units counted."""
        return sum(self.joint.values())

    @property
    def observed(self) -> float | None:
        """Observed agreement p_o."""
        return _ratio(sum(k for (a, b), k in self.joint.items() if a == b), self.n)

    @property
    def expected(self) -> float | None:
        """Chance agreement p_e from the two coders' own marginals."""
        n = self.n
        if not n:
            return None
        first: Counter[Hashable] = Counter()
        second: Counter[Hashable] = Counter()
        for (a, b), k in self.joint.items():
            first[a] += k
            second[b] += k
        return sum(k * second.get(c, 0) for c, k in first.items()) / (n * n)

    @property
    def kappa(self) -> float | None:
        """(p_o - p_e) / (1 - p_e); None when p_e = 1 or nothing was counted."""
        po, pe = self.observed, self.expected
        if po is None or pe is None or pe == 1:
            return None
        return (po - pe) / (1 - pe)


class FleissTable:
    """Fleiss' kappa: units coded by the same number of coders, counted per category."""

    def __init__(self) -> None:
        self.raters: int | None = None
        """Coders per unit (fixed by the first unit)."""
        self.units = 0
        """Units counted."""
        self.totals: Counter[Hashable] = Counter()
        """Category -> assignments over all units."""
        self._squares = 0

    def add_counts(self, counts: Mapping[Hashable, int] | Sequence[int], n: int = 1) -> None:
        """Add `n` units whose category counts are `counts` (a mapping or a table row)."""
        items = counts.items() if isinstance(counts, Mapping) else enumerate(counts)
        m = 0
        sq = 0
        for c, k in items:
            if k:
                self.totals[c] += k * n
                m += k
                sq += k * k
        if self.raters is None:
            self.raters = m
        elif m != self.raters:
            raise ValueError(f"Fleiss' kappa needs {self.raters} ratings per unit, got {m}")
        self.units += n
        self._squares += sq * n

    def add_values(self, values: Iterable[Hashable], n: int = 1) -> None:
        """Add `n` units coded with these values (one per coder)."""
        self.add_counts(Counter(values), n)

    def merge(self, other: FleissTable) -> None:
        """Add another table's units (same number of coders per unit)."""
        if other.raters is None:
            return
        if self.raters is not None and self.raters != other.raters:
            raise ValueError(
                f"Fleiss' kappa needs {self.raters} ratings per unit, got {other.raters}"
            )
        self.raters = other.raters
        self.units += other.units
        self.totals.update(other.totals)
        self._squares += other._squares

    @property
    def kappa(self) -> float | None:
        """(P - P_e) / (1 - P_e)."""
        r = self.raters
        if not self.units or not r or r < 2:
            return None
        total = self.units * r
        p_bar = (self._squares - total) / (self.units * r * (r - 1))
        p_e = sum((k / total) ** 2 for k in self.totals.values())
        return None if p_e == 1 else (p_bar - p_e) / (1 - p_e)


class NominalAlpha:
    """Krippendorff's alpha for nominal data, with missing values, any number of coders.

    Per unit u with m_u >= 2 values, the coincidences are o_ck += n_uc n_uk / (m_u - 1);
    alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, n = pairable values.
    Kept as exact fractions' numerators: the observed disagreement per unit size m.
    """

    def __init__(self) -> None:
        self.totals: Counter[Hashable] = Counter()
        """Category -> pairable values n_c."""
        self._disagree: Counter[int] = Counter()  # m_u -> sum of (m_u^2 - sum_c n_uc^2)

    def add_counts(self, counts: Mapping[Hashable, int], n: int = 1) -> None:
        """Add `n` units whose values are counted in `counts` (category -> coders)."""
        m = 0
        sq = 0
        for k in counts.values():
            m += k
            sq += k * k
        if m < 2:
            return
        for c, k in counts.items():
            if k:
                self.totals[c] += k * n
        if sq != m * m:
            self._disagree[m] += (m * m - sq) * n

    def add_values(self, values: Iterable[Hashable | None], n: int = 1) -> None:
        """Add `n` units coded with these values; None is a missing value."""
        self.add_counts(Counter(v for v in values if v is not None), n)

    def add_pair(self, a: Hashable, b: Hashable, n: int = 1) -> None:
        """Two coders' values of `n` units (the common case, without building a Counter)."""
        self.totals[a] += n
        self.totals[b] += n
        if a != b:
            self._disagree[2] += 2 * n

    def merge(self, other: NominalAlpha) -> None:
        """Add another accumulator's units."""
        self.totals.update(other.totals)
        self._disagree.update(other._disagree)

    @property
    def pairable(self) -> int:
        """n: values in units with at least two values."""
        return sum(self.totals.values())

    @property
    def observed(self) -> float | None:
        """Observed disagreement D_o."""
        n = self.pairable
        if not n:
            return None
        return sum(d / (m - 1) for m, d in self._disagree.items()) / n

    @property
    def expected(self) -> float | None:
        """Expected disagreement D_e."""
        n = self.pairable
        if n < 2:
            return None
        return (n * n - sum(k * k for k in self.totals.values())) / (n * (n - 1))

    @property
    def alpha(self) -> float | None:
        """1 - D_o / D_e; None when D_e = 0 (one value only) or nothing is pairable."""
        do, de = self.observed, self.expected
        if do is None or not de:
            return None
        return 1 - do / de


@dataclass(frozen=True, slots=True)
class UnitizingResult:
    """u-alpha per category and overall, with the disagreements behind them."""

    alpha: float | None
    """1 - sum D_o / sum D_e over the categories."""
    by_category: Mapping[Hashable, float | None]
    """Category -> its u-alpha."""
    observed: Mapping[Hashable, float]
    """Category -> D_o."""
    expected: Mapping[Hashable, float]
    """Category -> D_e."""
    length: int
    """Length of the continuum."""
    coders: int
    """Number of coders."""


class UnitizingAlpha:
    """Krippendorff's u-alpha over one continuum that every coder unitized in full.

    The continuum is the concatenation of the sections given to `add_section`, in order (a
    gap may run across a section break). Observed disagreement per category c, for every
    pair of coders: two overlapping units add (b_i - b_j)^2 + (e_i - e_j)^2, a unit inside
    the other coder's gap adds its length squared; D_o = 2 sum / (m (m-1) L^2). Expected:
    D_e = 2/L * sum_u [(N_c - 1)(2l^3 - 3l^2 + l)/3 + l^2 sum_{gaps g >= l} (g - l + 1)]
    / (m L (m L - 1) - sum_u l (l - 1)), over the units u of c of all coders and the gaps
    of all coders (Krippendorff 2004: 251-256; as implemented in DKPro Statistics).
    Only length histograms are kept, so memory is bounded by the longest section.
    """

    def __init__(self, coders: Sequence[Hashable]) -> None:
        self.coders = list(coders)
        """The coders, in order."""
        self.length = 0
        """Continuum length so far."""
        self._do: Counter[Hashable] = Counter()
        self._units: dict[Hashable, Counter[int]] = {}
        self._gaps: dict[Hashable, Counter[int]] = {}  # gaps between two units of a coder
        self._first: dict[Hashable, list[int | None]] = {}  # first unit start per coder
        self._last_end: dict[Hashable, list[int]] = {}

    def add_section(
        self,
        length: int,
        units: Mapping[Hashable, Iterable[tuple[Hashable, int, int]]],
    ) -> None:
        """Append a section of `length` to the continuum; `units`: coder -> (category,
        start, end) relative to the section (end exclusive). Every coder unitized it."""
        offset = self.length
        m = len(self.coders)
        by_cat: dict[Hashable, list[list[tuple[int, int]]]] = {}
        for r, coder in enumerate(self.coders):
            for cat, start, end in units.get(coder, ()):
                if not 0 <= start < end <= length:
                    raise ValueError(f"unit {start}:{end} is outside the section 0:{length}")
                per = by_cat.get(cat)
                if per is None:
                    per = by_cat[cat] = [[] for _ in range(m)]
                per[r].append((start, end))
        for cat, per_coder in by_cat.items():
            merged = [_merge(sorted(u)) if len(u) > 1 else u for u in per_coder]
            last = self._last_end.get(cat)
            if last is None:
                last = self._last_end[cat] = [0] * m
                self._first[cat] = [None] * m
                self._units[cat] = Counter()
                self._gaps[cat] = Counter()
            first = self._first[cat]
            lengths = self._units[cat]
            gaps = self._gaps[cat]
            for r, spans in enumerate(merged):
                if not spans:
                    continue
                end_r = last[r]
                if first[r] is None:
                    first[r] = end_r = offset + spans[0][0]
                for start, end in spans:
                    gap = offset + start - end_r
                    if gap > 0:
                        gaps[gap] += 1
                    end_r = offset + end
                    lengths[end - start] += 1
                last[r] = end_r
            if m == 2:
                d = _pair_disagreement(merged[0], merged[1])
            else:
                d = sum(
                    _pair_disagreement(merged[i], merged[j]) for i, j in combinations(range(m), 2)
                )
            if d:
                self._do[cat] += d
        self.length += length

    def merge(self, other: UnitizingAlpha) -> None:
        """Append another accumulator's continuum after this one's (same coders)."""
        if other.coders != self.coders:
            raise ValueError("u-alpha accumulators of different coders")
        offset = self.length
        m = len(self.coders)
        for cat, lengths in other._units.items():
            if cat not in self._units:
                self._units[cat] = Counter()
                self._gaps[cat] = Counter()
                self._first[cat] = [None] * m
                self._last_end[cat] = [0] * m
            self._units[cat].update(lengths)
            self._gaps[cat].update(other._gaps[cat])
            self._do[cat] += other._do[cat]
            first, last = self._first[cat], self._last_end[cat]
            for r in range(m):
                o_first, o_last = other._first[cat][r], other._last_end[cat][r]
                if o_first is None:
                    continue
                if first[r] is None:
                    first[r] = offset + o_first
                else:
                    gap = offset + o_first - last[r]
                    if gap > 0:
                        self._gaps[cat][gap] += 1
                last[r] = offset + o_last
        self.length += other.length

    def result(self) -> UnitizingResult:
        """u-alpha per category and overall (None where D_e is 0)."""
        m, total = len(self.coders), self.length
        observed: dict[Hashable, float] = {}
        expected: dict[Hashable, float] = {}
        by_category: dict[Hashable, float | None] = {}
        if m < 2 or total == 0:
            return UnitizingResult(None, {}, {}, {}, total, m)
        for cat, lengths in self._units.items():
            gaps = Counter(self._gaps[cat])
            for first, end in zip(self._first[cat], self._last_end[cat], strict=True):
                if first is None:
                    gaps[total] += 1
                    continue
                if first > 0:
                    gaps[first] += 1
                if total > end:
                    gaps[total - end] += 1
            observed[cat] = 2 * self._do[cat] / (m * (m - 1) * total * total)
            expected[cat] = _expected(lengths, gaps, m, total)
            by_category[cat] = 1 - observed[cat] / expected[cat] if expected[cat] else None
        sum_e = sum(expected.values())
        alpha = 1 - sum(observed.values()) / sum_e if sum_e else None
        return UnitizingResult(alpha, by_category, observed, expected, total, m)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping units: overlapping ones become their union (touching stay)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _pair_disagreement(x: Sequence[tuple[int, int]], y: Sequence[tuple[int, int]]) -> int:
    """Sum of the differences between two coders' units of one category in one section."""
    if x == y:
        return 0
    total = 0
    hit_x = [False] * len(x)
    hit_y = [False] * len(y)
    j0 = 0
    for i, (xs, xe) in enumerate(x):
        while j0 < len(y) and y[j0][1] <= xs:
            j0 += 1
        j = j0
        while j < len(y) and y[j][0] < xe:
            ys, ye = y[j]
            total += (xs - ys) ** 2 + (xe - ye) ** 2
            hit_x[i] = hit_y[j] = True
            j += 1
    total += sum((e - s) ** 2 for (s, e), hit in zip(x, hit_x, strict=True) if not hit)
    total += sum((e - s) ** 2 for (s, e), hit in zip(y, hit_y, strict=True) if not hit)
    return total


def _expected(lengths: Counter[int], gaps: Counter[int], m: int, total: int) -> float:
    """D_e of one category from its unit- and gap-length histograms."""
    n_c = sum(lengths.values())
    if not n_c:
        return 0.0
    # For each unit length l: sum over gaps g >= l of (g - l + 1), via suffix sums.
    glens = sorted(gaps)
    counts = [gaps[g] for g in glens]
    weighted = [gaps[g] * g for g in glens]
    suffix_n = [*accumulate(reversed(counts))][::-1]
    suffix_w = [*accumulate(reversed(weighted))][::-1]
    suffix_n.append(0)
    suffix_w.append(0)
    cubic = 0
    fits = 0
    squares = 0
    for ln, k in lengths.items():
        cubic += k * (2 * ln**3 - 3 * ln**2 + ln)
        squares += k * ln * (ln - 1)
        i = bisect_left(glens, ln)
        fits += k * ln * ln * (suffix_w[i] - (ln - 1) * suffix_n[i])
    numerator = (n_c - 1) * cubic + 3 * fits  # times 3, to stay in integers
    denominator = 3 * total * (m * total * (m * total - 1) - squares)
    return 2 * numerator / denominator if denominator else 0.0


# -- one-shot helpers -------------------------------------------------------------------------


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' values for the same units."""
    if len(a) != len(b):
        raise ValueError(f"the two coders rated {len(a)} and {len(b)} units")
    table = PairTable()
    for x, y in zip(a, b, strict=True):
        table.add(x, y)
    return table.kappa


def fleiss_kappa(rows: Iterable[Mapping[Hashable, int] | Sequence[int]]) -> float | None:
    """Fleiss' kappa of a units x categories table of counts (each row sums to the raters)."""
    table = FleissTable()
    for row in rows:
        table.add_counts(row)
    return table.kappa


def krippendorff_alpha(data: Sequence[Sequence[Any]]) -> float | None:
    """Nominal alpha of a coders x units reliability matrix; None or NaN = missing value."""
    acc = NominalAlpha()
    if not data:
        return None
    for unit in zip(*data, strict=True):
        acc.add_values(v for v in unit if not _missing(v))
    return acc.alpha


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def unitizing_alpha(
    length: int,
    units: Iterable[tuple[Hashable, Hashable, int, int]],
    coders: Sequence[Hashable] | None = None,
    begin: int = 0,
) -> UnitizingResult:
    """u-alpha of one continuum [begin, begin + length); units are (coder, category,
    start, end) with absolute, end-exclusive offsets. `coders` defaults to those seen."""
    items = list(units)
    names = list(coders) if coders is not None else list(dict.fromkeys(u[0] for u in items))
    per: dict[Hashable, list[tuple[Hashable, int, int]]] = {c: [] for c in names}
    for coder, cat, start, end in items:
        per[coder].append((cat, start - begin, end - begin))
    acc = UnitizingAlpha(names)
    acc.add_section(length, per)
    return acc.result()
