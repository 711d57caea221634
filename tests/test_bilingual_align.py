"""curator.bilingual.align: Gale–Church length alignment with number anchors."""

from __future__ import annotations

import random

from curator.bilingual.align import Bead, align_segments, align_sentences, length_ratio

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "minister",
    "border",
    "summit",
    "report",
    "city",
    "year",
    "talks",
]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def shapes(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def parallel(n: int, seed: int = 1) -> tuple[list[str], list[str]]:
    """A source and a 'translation' twice as long, sentence by sentence."""
    rng = random.Random(seed)
    source = [text(rng, rng.randint(3, 30)) for _ in range(n)]
    return source, [s[:-1] + " " + s for s in source]


def test_one_to_one_at_another_length_ratio() -> None:
    source, target = parallel(30)
    assert 1.9 < length_ratio(source, target) < 2.1
    assert shapes(align_segments(source, target)) == [((i,), (i,)) for i in range(30)]


def test_omission_and_addition() -> None:
    source, target = parallel(20, seed=2)
    dropped = target[:7] + target[8:]  # the translation left sentence 7 out
    beads = shapes(align_segments(source, dropped))
    assert ((7,), ()) in beads and ((8,), (7,)) in beads
    assert ((0,), (0,)) in beads and ((19,), (18,)) in beads
    added = [*target[:5], "An added sentence of the translator's own, quite long.", *target[5:]]
    beads = shapes(align_segments(source, added))
    assert ((0,), (0,)) in beads and ((19,), (20,)) in beads
    # A short addition is absorbed into its neighbour's bead or left alone; nothing shifts.
    assert ((5,), (5, 6)) in beads or ((), (5,)) in beads
    assert ((6,), (7,)) in beads


def test_two_sentences_translated_as_one() -> None:
    source, target = parallel(12, seed=3)
    merged = [*target[:4], target[4] + " " + target[5], *target[6:]]
    beads = shapes(align_segments(source, merged))
    assert ((4, 5), (4,)) in beads
    assert ((6,), (5,)) in beads and ((11,), (10,)) in beads


def test_numbers_anchor_an_ambiguous_split() -> None:
    # Two equally long source sentences against a target whose lengths fit either split:
    # the numbers decide.
    source = ["In 1998 the talks began.", "The border opened in 2004."]
    target = ["The talks began in 1998 and", "the border opened in 2004."]
    assert shapes(align_segments(source, target)) == [((0,), (0,)), ((1,), (1,))]
    swapped = ["The border opened in 2004 and", "the talks began in 1998."]
    beads = shapes(align_segments(source, swapped))
    assert beads != [((0,), (0,)), ((1,), (1,))]  # mismatched numbers are not paired 1-1


def test_empty_sides_and_long_inputs() -> None:
    assert shapes(align_segments(["a."], [])) == [((0,), ())]
    assert shapes(align_segments([], ["a.", "b."])) == [((), (0,)), ((), (1,))]
    source, target = parallel(3000, seed=4)
    beads = align_segments(source, target[:2900])  # 100 missing at the end: beyond the band
    assert sum(len(b.source) for b in beads) == 3000
    assert sum(len(b.target) for b in beads) == 2900


def test_sentences_inside_a_paragraph() -> None:
    source = "Переговоры начались в 1998 году. Граница открылась в 2004 году! Всё."
    target = "The talks began in 1998. The border opened in 2004, officials said!"
    links = align_sentences(source, target)
    spans = [
        (source[s[0] : s[1]] if s else None, target[t[0] : t[1]] if t else None)
        for s, t in ((link.source, link.target) for link in links)
    ]
    assert spans[0] == ("Переговоры начались в 1998 году.", "The talks began in 1998.")
    assert spans[1][1] == "The border opened in 2004, officials said!"
    assert "2004" in (spans[1][0] or "")
