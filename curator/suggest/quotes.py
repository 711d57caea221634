"""Quoted passages of an article and the quote marks that do not pair up.

One pass over each paragraph. Pairs: “ ” (English), „ “ or „ ” (German), « » (Russian,
French), straight " ", and dialogue introduced by a dash at the start of a paragraph
(— Text, — said he). A quote may run over several paragraphs: by the English convention each
continuing paragraph reopens it and only the last one closes it; machine translation often
drops the reopening mark, so a paragraph whose first quote mark is a closer closes the quote
carried over from the paragraph before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Quote", "QuoteScan", "scan_quotes"]

_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"'}
"""Opener -> the marks that close it."""
_ALL_CLOSERS = frozenset("”»")
_SINGLES = frozenset("‘’'")
_DASHES = "–—-"


@dataclass(slots=True)
class Quote:
    """A quoted passage inside one paragraph (one part of a multi-paragraph quote)."""

    paragraph: int
    """Paragraph index."""
    open: int | None
    """Offset of the opening mark; None when carried over from the paragraph before."""
    close: int | None
    """Offset of the closing mark; None when the quote runs to the paragraph's end."""
    opener: str
    """The opening mark ("“", "«", "–" for dash dialogue)."""
    chain: int
    """Parts of one quote over several paragraphs share a chain number."""
    text_length: int
    """Length of the paragraph (for `content`)."""
    single: bool = False
    """Single quote marks (‘…’ or '…'), which are never reported as unpaired."""

    @property
    def content(self) -> tuple[int, int]:
        """(start, end) of the quoted words, marks excluded."""
        start = 0 if self.open is None else self.open + 1
        end = self.text_length if self.close is None else self.close
        return start, end

    @property
    def dash(self) -> bool:
        """Dialogue introduced by a dash."""
        return self.opener in _DASHES


@dataclass(slots=True)
class QuoteScan:
    """Quotes of an article and the marks that look wrong."""

    quotes: list[Quote] = field(default_factory=list)
    """All quoted passages in text order."""
    unclosed: list[tuple[int, int]] = field(default_factory=list)
    """(paragraph, offset) of openers never closed."""
    stray: list[tuple[int, int]] = field(default_factory=list)
    """(paragraph, offset) of closers with nothing to close."""
    inner: list[tuple[int, int]] = field(default_factory=list)
    """(paragraph, offset) of openers inside an open quote of the same kind."""
    detached: list[tuple[int, int]] = field(default_factory=list)
    """(paragraph, offset) of marks on the wrong side of a space (`actions, ”says`)."""


def _dash_quote(text: str, paragraph: int, chain: int) -> Quote | None:
    """A paragraph opening with a dash and a space is dialogue up to the next spaced dash."""
    i = 0
    while i < len(text) and text[i] in " \t":
        i += 1
    if i + 1 >= len(text) or text[i] not in "–—" or text[i + 1] != " ":
        return None
    close = None
    for dash in "–—":
        at = text.find(f" {dash} ", i + 2)
        if at >= 0 and (close is None or at < close):
            close = at
    return Quote(paragraph, i, close, text[i], chain, len(text))


def scan_quotes(paragraphs: list[str]) -> QuoteScan:
    """Find quoted passages and unpaired marks, paragraph by paragraph, in one pass."""
    scan = QuoteScan()
    chain = 0
    carried: Quote | None = None  # a quote still open at the end of the previous paragraph
    for p, text in enumerate(paragraphs):
        dash = _dash_quote(text, p, chain + 1)
        if dash is not None:
            if carried is not None and carried.open is not None:
                scan.unclosed.append((carried.paragraph, carried.open))
            carried = None
            chain += 1
            scan.quotes.append(dash)
            continue
        current: Quote | None = None
        first_mark = True
        n = len(text)
        for i, ch in enumerate(text):
            if ch in _SINGLES:
                # Single quotes double as apostrophes: a quote opens only before a word
                # and after a space, closes only before a non-letter, and is never
                # reported as unpaired.
                before = text[i - 1] if i else " "
                after = text[i + 1] if i + 1 < n else " "
                if current is None and ch in "‘'" and not before.isalnum() and after.isalnum():
                    current = Quote(p, i, None, ch, chain + 1, n, single=True)
                    chain += 1
                    scan.quotes.append(current)
                elif (
                    current is not None
                    and current.single
                    and ch == ("’" if current.opener == "‘" else "'")
                    and not after.isalnum()
                    and not before.isspace()
                ):
                    current.close = i
                    current = None
                continue
            if ch not in _CLOSERS and ch not in _ALL_CLOSERS:
                continue
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if current is not None and current.single:
                continue  # marks inside a single-quoted passage are left alone
            if current is not None and ch in _CLOSERS[current.opener]:
                if before.isspace() and after.isalpha() and ch != '"':
                    scan.detached.append((p, i))
                current.close = i
                current = None
            elif current is not None and ch == current.opener:
                scan.inner.append((p, i))
            elif current is None and ch in _CLOSERS:
                if first_mark and carried is not None and ch == carried.opener and i <= 3:
                    chain_id = carried.chain  # reopened by convention: the same quote goes on
                else:
                    if carried is not None and carried.open is not None:
                        scan.unclosed.append((carried.paragraph, carried.open))
                    chain += 1
                    chain_id = chain
                carried = None
                if before.isalpha() and after.isspace():
                    scan.detached.append((p, i))
                current = Quote(p, i, None, ch, chain_id, n)
                scan.quotes.append(current)
            elif current is None and ch in _ALL_CLOSERS:
                if carried is not None:
                    # The reopening mark was lost: the carried quote ends here.
                    part = Quote(p, None, i, carried.opener, carried.chain, n)
                    scan.quotes.append(part)
                    if before.isspace() and after.isalpha():
                        scan.detached.append((p, i))
                    carried = None
                else:
                    scan.stray.append((p, i))
            first_mark = False
        if carried is not None:
            # A whole paragraph inside a quote that neither reopens nor closes here.
            if carried.open is not None:
                scan.unclosed.append((carried.paragraph, carried.open))
            carried = None
        if current is not None and not current.single:
            carried = current
    if carried is not None and carried.open is not None:
        scan.unclosed.append((carried.paragraph, carried.open))
    scan.unclosed.sort()
    return scan
