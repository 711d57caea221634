"""Token-level labels: each token of a paragraph takes the label of its innermost span.

Tokens are those of `curator.domain.text.tokenize`. A token's label is the label of the
shortest span that overlaps it (the innermost one); among equally short spans, the one that
starts first, then the label first in alphabetical order; "O" when no span touches it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from curator.domain.text import token_pattern

if TYPE_CHECKING:  # review.data reads with token_bounds: no import cycle at run time
    from curator.review.data import SpanView

OUTSIDE = "O"
"""Token label of a token no span touches."""

_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_NOT_ALNUM = re.compile(r"[\W_]")


def token_bounds(text: str) -> tuple[list[int], list[int], int]:
    """Starts and ends of the tokens of `text` (as `tokenize`), and how many are words
    (hold a letter or digit, as `word_bounds`)."""
    # tokenize()'s own regex, without a Token per match (a test checks the two agree).
    spans = [m.span() for m in token_pattern().finditer(text)]
    if not spans:
        return [], [], 0
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    # Most tokens start with a letter or digit; only look into those that do not.
    firsts = "".join(itemgetter(*starts)(text)) if len(starts) > 1 else text[starts[0]]
    words = len(starts)
    for m in _NOT_ALNUM.finditer(firsts):
        i = m.start()
        if _ALNUM.search(text, starts[i], ends[i]) is None:
            words -= 1
    return starts, ends, words


def token_labels(
    starts: Sequence[int], ends: Sequence[int], spans: Iterable[SpanView]
) -> list[str]:
    """Each token's label: the innermost span overlapping it (see the module doc), or "O"."""
    labels = [OUTSIDE] * len(starts)
    # Paint the outermost first so inner spans overwrite; the winner of a tie goes last.
    order = sorted(spans, key=lambda s: (s.end - s.start, s.start, s.label), reverse=True)
    for s in order:
        i = bisect_right(ends, s.start)
        j = bisect_left(starts, s.end)
        if i < j:
            labels[i:j] = [s.label] * (j - i)
    return labels
