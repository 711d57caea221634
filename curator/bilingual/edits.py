"""An editor's corrections to a paragraph alignment: join two beads, split one, find words.

Pure functions over the chain of beads (`curator.domain.source.AlignmentBead`); the caller
stores the result with `curator.store.sources.set_alignment` (one undoable change). Each
returns the new chain and a one-line description of what changed, or raises `InputError`
saying why the correction does not apply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from curator.domain.errors import InputError
from curator.domain.source import AlignmentBead

__all__ = ["bead_of", "describe_bead", "find_phrase", "join_next", "split_at"]


def bead_of(beads: Sequence[AlignmentBead], target: int) -> int | None:
    """Index of the bead holding target paragraph `target` (None when no bead does)."""
    for k, bead in enumerate(beads):
        if bead.target_start <= target < bead.target_end:
            return k
    return None


def _span(start: int, end: int) -> str:
    if end <= start:
        return "none"
    return f"¶{start + 1}" if end - start == 1 else f"¶{start + 1}–{end}"


def describe_bead(bead: AlignmentBead) -> str:
    """`target ¶2–3 ↔ source ¶2` (1-based, as the screen numbers paragraphs)."""
    return (
        f"target {_span(bead.target_start, bead.target_end)} ↔ "
        f"source {_span(bead.source_start, bead.source_end)}"
    )


def _editor(ss: int, se: int, ts: int, te: int) -> AlignmentBead:
    return AlignmentBead(
        source_start=ss, source_end=se, target_start=ts, target_end=te, origin="editor"
    )


def _holding(beads: Sequence[AlignmentBead], target: int) -> int:
    k = bead_of(beads, target)
    if k is None:
        raise InputError(f"target ¶{target + 1} is in no bead of the alignment")
    return k


def join_next(beads: Sequence[AlignmentBead], target: int) -> tuple[list[AlignmentBead], str]:
    """Merge the bead holding target paragraph `target` with the bead after it."""
    k = _holding(beads, target)
    if k + 1 >= len(beads):
        raise InputError(f"{describe_bead(beads[k])} is the last bead: nothing to join it with")
    a, b = beads[k], beads[k + 1]
    joined = _editor(a.source_start, b.source_end, a.target_start, b.target_end)
    new = [*beads[:k], joined, *beads[k + 2 :]]
    return new, f"joined {describe_bead(a)} with {describe_bead(b)}: {describe_bead(joined)}"


def split_at(beads: Sequence[AlignmentBead], target: int) -> tuple[list[AlignmentBead], str]:
    """Split the bead holding target paragraph `target`, or shrink its source side.

    - A bead of several target paragraphs splits before `target` (after it when `target`
      is the bead's first): its source paragraphs are shared in proportion, each part
      keeping at least one when there are two or more (a single one stays with the first).
    - A bead of one target paragraph and several source paragraphs gives its last source
      paragraph to the next bead (or, at the end, to a bead of its own: an omission).
    - A 1–1 (or 0–1) bead has nothing to split.
    """
    k = _holding(beads, target)
    b = beads[k]
    ss, se, ts, te = b.source_start, b.source_end, b.target_start, b.target_end
    ns, nt = se - ss, te - ts
    if nt >= 2:
        cut = target if target > ts else ts + 1
        s_cut = ss + round((cut - ts) * ns / nt)
        s_cut = min(max(s_cut, ss + 1), se - 1) if ns >= 2 else se
        first, second = _editor(ss, s_cut, ts, cut), _editor(s_cut, se, cut, te)
        new = [*beads[:k], first, second, *beads[k + 1 :]]
        return (
            new,
            f"split {describe_bead(b)} into {describe_bead(first)} and {describe_bead(second)}",
        )
    if ns >= 2:
        kept = _editor(ss, se - 1, ts, te)
        if k + 1 < len(beads):
            nxt = beads[k + 1]
            moved = _editor(se - 1, nxt.source_end, nxt.target_start, nxt.target_end)
            new = [*beads[:k], kept, moved, *beads[k + 2 :]]
        else:
            moved = _editor(se - 1, se, te, te)
            new = [*beads[:k], kept, moved]
        return new, (
            f"source ¶{se} moved to the next bead: {describe_bead(kept)}, {describe_bead(moved)}"
        )
    raise InputError(
        f"{describe_bead(b)}: one paragraph on each side, nothing to split (J joins it with the next)"
    )


def find_phrase(
    paragraphs: Sequence[str], phrase: str, prefer: Sequence[int] = ()
) -> tuple[int, int, int] | None:
    """(paragraph, start, end) of the first occurrence of `phrase` (case and runs of spaces
    ignored), looking in the `prefer`red paragraphs first, then in all; None when absent."""
    words = phrase.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    order = [*prefer, *(i for i in range(len(paragraphs)) if i not in prefer)]
    for i in order:
        if 0 <= i < len(paragraphs) and (m := pattern.search(paragraphs[i])):
            return i, m.start(), m.end()
    return None
