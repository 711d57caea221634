"""Quoted passages of an article and the quote marks that do not pair up.

One pass over each paragraph. Pairs: “ ” (English), „ “ (German, Czech) or „ ” (Polish),
« » (French, with no-break spaces inside, Russian, Spanish, Portuguese), » « (German
books), straight " ", single ‘ ’, ‚ ‘ and ' ', and dialogue introduced by a dash at the start
of a paragraph: "— Text, — said he." (Russian, French, Portuguese) or "—Text —said he—."
(Spanish), where speech may go on after the cue. A quote may run over several paragraphs: by the English convention each
continuing paragraph reopens it and only the last one closes it; machine translation often
drops the reopening mark, so a paragraph whose first quote mark is a closer closes the quote
carried over from the paragraph before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Quote", "QuoteScan", "scan_quotes"]

_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "»": "«"}
"""Opener -> the marks that close it ("»" opens only in the German »…« style)."""
_ALL_CLOSERS = frozenset("”»")
_SINGLES = frozenset("‘’'‚")
_SINGLE_CLOSERS = {"‘": "’", "'": "'", "‚": "‘’"}
"""Single opener -> the marks that close it (German ‚…‘)."""
_DASHES = "–—-"
_SPACES = " \t\u00a0\u202f"


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
    lead: int = 0
    """Spaces (and a dash quote's leftover punctuation) after the opener, outside `content`."""
    trail: int = 0
    """Spaces before the closer (French « … »), outside `content`."""

    @property
    def content(self) -> tuple[int, int]:
        """(start, end) of the quoted words, marks and the spaces inside them excluded."""
        start = (0 if self.open is None else self.open + 1) + self.lead
        end = (self.text_length if self.close is None else self.close) - self.trail
        return start, max(start, end)

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


_DASH_OPEN = re.compile(r"[ \t]{0,3}([–—])[ \t\u00a0]{0,2}(?=[\w¡¿«\"“„.…])")
"""A dialogue dash at the start of a paragraph, spaced (— Texto) or not (—Texto)."""
_DASH_CLOSE = re.compile(
    r"[,!?…][ \u00a0]{1,2}(?P<ru>[–—])[ \u00a0]"  # "— Мы готовы, — сказал он."
    r"|[ \u00a0](?P<es>[–—])(?=[a-zà-ÿа-яё])"  # "—No iremos —dijo él—."
)
"""Where the speech of a dash paragraph stops and the cue begins."""
_DASH_SPACED = re.compile(r"[ \u00a0]([–—])[ \u00a0]")
"""The fallback: any spaced dash ("— Мы готовы — сказал он.", the comma lost)."""
_DASH_GOES_ON = re.compile(
    r"[–—][ \u00a0]{0,2}[.,;]?[ \u00a0]{0,2}(?=\w)|[.!?…][ \u00a0]{1,2}[–—][ \u00a0]{1,2}(?=\w)"
)
"""After the cue, a dash that hands back to the speaker ("—dijo—. Pero…", ". — Но…")."""


def _dash_close(text: str, start: int) -> int | None:
    """Offset of the dash that ends the speech opened at `start` (None: to the end)."""
    m = _DASH_CLOSE.search(text, start)
    if m is not None:
        return m.start("ru") if m.group("ru") else m.start("es")
    m = _DASH_SPACED.search(text, start)
    return m.start(1) if m is not None else None


def _dash_quotes(text: str, paragraph: int, chain: int) -> list[Quote]:
    """A paragraph opening with a dash is dialogue up to the dash before the cue; speech
    that goes on after the cue is another quote (with no cue of its own)."""
    m = _DASH_OPEN.match(text)
    first = next((c for c in text[m.end() : m.end() + 4] if c.isalpha()), "") if m else ""
    if not first.isupper():
        return []  # "– la prévention du terrorisme ;": a list item, not speech
    n = len(text)
    quotes = []
    start = m.start(1)
    while start is not None and len(quotes) < 8:
        close = _dash_close(text, start + 1)
        quotes.append(Quote(paragraph, start, close, text[start], chain + len(quotes), n))
        start = None
        if close is not None:
            # The cue is short: "—dijo el ministro—." or "— сказал он. —".
            goes_on = _DASH_GOES_ON.search(text, close + 2, min(n, close + 120))
            if goes_on is not None:
                start = goes_on.start()
                while start < n and text[start] not in "–—":
                    start += 1
    return quotes


def _tighten(q: Quote, text: str) -> None:
    """Leave spaces inside the marks (and a dash quote's leading punctuation) out."""
    start, end = q.content
    skip = _SPACES + (".,;" if q.dash else "")
    while start + q.lead < end and text[start + q.lead] in skip:
        q.lead += 1
    while end - q.trail > start + q.lead and text[end - q.trail - 1] in _SPACES:
        q.trail += 1


def _german_opener(before: str, after: str) -> bool:
    """ "»" opens (German »Wir sind bereit«) when glued to the word after it."""
    return not before.isalnum() and (after.isalnum() or after in "…„")


def scan_quotes(paragraphs: list[str]) -> QuoteScan:
    """Find quoted passages and unpaired marks, paragraph by paragraph, in one pass."""
    scan = QuoteScan()
    chain = 0
    carried: Quote | None = None  # a quote still open at the end of the previous paragraph
    for p, text in enumerate(paragraphs):
        dashes = _dash_quotes(text, p, chain + 1)
        if dashes:
            if carried is not None and carried.open is not None:
                scan.unclosed.append((carried.paragraph, carried.open))
            carried = None
            chain += len(dashes)
            for q in dashes:
                _tighten(q, text)
            scan.quotes.extend(dashes)
            continue
        first_quote = len(scan.quotes)
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
                if (
                    current is None
                    and ch in _SINGLE_CLOSERS
                    and not before.isalnum()
                    and after.isalnum()
                ):
                    current = Quote(p, i, None, ch, chain + 1, n, single=True)
                    chain += 1
                    scan.quotes.append(current)
                elif (
                    current is not None
                    and current.single
                    and ch in _SINGLE_CLOSERS[current.opener]
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
            elif (
                current is None and ch in _CLOSERS and (ch != "»" or _german_opener(before, after))
            ):
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
        for q in scan.quotes[first_quote:]:
            _tighten(q, text)
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
