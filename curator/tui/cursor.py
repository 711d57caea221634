"""The editing cursor over one paragraph: word moves, anchor/head word selection, sentences.

Pure Python (no Textual) so the rules editors rely on are unit-tested directly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from curator.domain.text import sentence_bounds, word_bounds

_JOINERS = frozenset("-.@/_&+:'’")
"""One of these between two words, with no space, makes one word: socialbites.ca, 20-year,
U.S, me@x.org, 10:30, rock'n'roll (the exporters' tokens stay as they are)."""
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def cursor_words(text: str) -> list[tuple[int, int]]:
    """The units the cursor steps over and a tag key takes: words, with the tokens of a
    domain, a hyphenated compound or a dotted abbreviation (with its final dot) kept whole."""
    out: list[tuple[int, int]] = []
    for start, end in word_bounds(text):
        if out and start - out[-1][1] == 1 and text[out[-1][1]] in _JOINERS:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    for i, (start, end) in enumerate(out):
        if end < len(text) and text[end] == "." and _DOTTED.fullmatch(text[start:end]):
            out[i] = (start, end + 1)  # U.S. and e.g. keep their last dot
    return out


class TextCursor:
    """A cursor on word starts and a selection that snaps to whole words."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The paragraph."""
        self.words = cursor_words(text)
        """(start, end) of each word."""
        self._starts = [s for s, _ in self.words]
        self.head = 0
        """Word index of the cursor (the moving end of a selection)."""
        self.anchor: int | None = None
        """Word index where the selection started; None when nothing is selected."""
        self._range: tuple[int, int] | None = None

    # -- queries -------------------------------------------------------------------------

    @property
    def pos(self) -> int:
        """Character offset of the cursor."""
        return self.words[self.head][0] if self.words else 0

    @property
    def selection(self) -> tuple[int, int] | None:
        """Selected (start, end) characters, end-exclusive."""
        if self._range is not None:
            return self._range
        if self.anchor is None or not self.words:
            return None
        lo, hi = sorted((self.anchor, self.head))
        return self.words[lo][0], self.words[hi][1]

    def target(self) -> tuple[int, int]:
        """What a tag key applies to: the selection, else the word under the cursor."""
        if self.selection:
            return self.selection
        if self.words:
            return self.words[self.head]
        return (0, len(self.text))

    def word_at(self, offset: int) -> int:
        """Index of the word at or before a character offset."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def _range_words(self, start: int, end: int) -> tuple[int, int]:
        """First and last word inside start:end (a sentence may open with a quote mark, so
        its first word is after `start`, not at or before it)."""
        first = min(bisect_left(self._starts, start), len(self.words) - 1)
        return first, max(first, self.word_at(end - 1))

    # -- moves ---------------------------------------------------------------------------

    def move(self, step: int) -> None:
        """Move one word left or right and drop the selection."""
        self.clear()
        self.head = self._clamp(self.head + step)

    def extend(self, step: int) -> None:
        """shift+arrow: select the word under the cursor, then grow or shrink by a word."""
        if not self.words:
            return
        if self._range is not None:
            self.anchor, self.head = self._range_words(*self._range)
            self._range = None
        if self.anchor is None:
            self.anchor = self.head
            return
        self.head = self._clamp(self.head + step)

    def home(self, select: bool = False) -> None:
        """To the first word, optionally selecting from the cursor."""
        self._jump(0, select)

    def end(self, select: bool = False) -> None:
        """To the last word, optionally selecting from the cursor."""
        self._jump(len(self.words) - 1, select)

    def _jump(self, index: int, select: bool) -> None:
        if select and self._range is not None and self.words:
            # A sentence or mouse selection grows from its far end, as with shift+arrows.
            first, last = self._range_words(*self._range)
            self.anchor = last if index <= first else first
        elif select and self.anchor is None:
            self.anchor = self.head
        elif not select:
            self.clear()
        self._range = None
        self.head = self._clamp(index)

    def select_sentence(self) -> None:
        """Select the sentence around the cursor, final punctuation included; when whole
        sentences are selected already, take the next one too (`s s` = two sentences)."""
        sentences = sentence_bounds(self.text)
        selection = self.selection
        if selection is not None:
            starts = {a for a, _ in sentences}
            ends = [b for _, b in sentences]
            if selection[0] in starts and selection[1] in ends:
                following = ends.index(selection[1]) + 1
                if following < len(sentences):
                    self.select_range(selection[0], sentences[following][1], snap=False)
                return
        index = self._sentence_index(sentences)
        if index is not None:
            self.select_range(*sentences[index], snap=False)

    def move_sentence(self, step: int) -> None:
        """To the first word of the next (or previous) sentence; drops the selection."""
        sentences = sentence_bounds(self.text)
        index = self._sentence_index(sentences)
        if index is None or not self.words:
            return
        if step < 0 and self.head > self._range_words(*sentences[index])[0]:
            step += 1  # from inside a sentence, back goes to its own start first
        target = min(max(index + step, 0), len(sentences) - 1)
        self.clear()
        self.head = self._range_words(*sentences[target])[0]

    def _sentence_index(self, sentences: list[tuple[int, int]]) -> int | None:
        """The sentence the cursor is in (or the last one that starts before it)."""
        found = None
        for i, (start, end) in enumerate(sentences):
            if start <= self.pos < end:
                return i
            if start <= self.pos:
                found = i
        return found

    def select_range(self, start: int, end: int, snap: bool = True) -> None:
        """Select characters (a mouse drag), widened to whole words when `snap`."""
        start, end = sorted((max(0, start), min(len(self.text), end)))
        if snap and self.words:
            first, last = self.word_at(start), self.word_at(max(start, end - 1))
            if self.words[first][1] <= start and first + 1 < len(self.words):
                first += 1
            start, end = min(start, self.words[first][0]), max(end, self.words[last][1])
        if end <= start:
            self.clear()
            return
        self.anchor = None
        self._range = (start, end)
        self.head = self._range_words(start, end)[0] if self.words else 0

    def place(self, offset: int) -> None:
        """Put the cursor on the word at a character offset."""
        self.clear()
        self.head = self.word_at(offset)

    def clear(self) -> None:
        """Drop the selection, keep the cursor."""
        self.anchor = None
        self._range = None

    def _clamp(self, index: int) -> int:
        return min(max(index, 0), max(len(self.words) - 1, 0))


def new_extent(
    text: str,
    words: list[tuple[int, int]],
    start: int,
    end: int,
    edge: str,
    unit: str,
    step: int,
) -> tuple[int, int] | None:
    """An annotation's extent with one edge moved by a word or a character (None when it
    cannot move: it would be empty or leave the paragraph). A word move lands on word
    boundaries."""
    new_start, new_end = start, end
    if unit == "char":
        if edge == "end":
            new_end += step
        else:
            new_start += step
    elif edge == "end":
        ends = [e for _, e in words]
        if step > 0:
            new_end = next((e for e in ends if e > end), end)
        else:
            new_end = next((e for e in reversed(ends) if start < e < end), end)
    else:
        starts = [s for s, _ in words]
        if step < 0:
            new_start = next((s for s in reversed(starts) if s < start), start)
        else:
            new_start = next((s for s in starts if start < s < end), start)
    if (new_start, new_end) == (start, end) or not 0 <= new_start < new_end <= len(text):
        return None
    return new_start, new_end
