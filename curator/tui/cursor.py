"""The editing cursor over one paragraph: word moves, anchor/head word selection, sentences.

Pure Python (no Textual) so the rules editors rely on are unit-tested directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from curator.domain.text import sentence_bounds, word_bounds


class TextCursor:
    """A cursor on word starts and a selection that snaps to whole words."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The paragraph."""
        self.words = word_bounds(text)
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
        """Select the sentence around the cursor, final punctuation included."""
        for start, end in sentence_bounds(self.text):
            if start <= self.pos < end or (self.pos >= start and end == len(self.text.rstrip())):
                self.select_range(start, end, snap=False)
                return

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
