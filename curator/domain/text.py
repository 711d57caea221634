"""Text normalisation, paragraph splitting and offset converters (pure stdlib).

Offsets are Unicode code points, end-exclusive, relative to a paragraph; the converters
translate them to article-level offsets, UTF-16 code units and Prodigy token indices.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple

ARTICLE_SEPARATOR = "\n\n"

# One regex pass beats str.translate's per-char dict lookups on large, mostly clean text.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
_BINARY_SNIFF = 8192


class TextDecodeError(ValueError):
    """Raised when an imported file is not usable UTF-8 text."""


def replace_unsafe(s: str) -> str:
    """C0/C1 control characters other than newline and tab, and lone surrogates, replaced
    one-for-one by U+FFFD (offsets stay valid): safe to store and to show in a terminal."""
    return _UNSAFE.sub("\ufffd", s)


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DISPLAY_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile("[\\n\\t\\u2028\\u2029]")
NAME_LIMIT = 200
"""Longest annotator name accepted at entry."""


def safe_text(s: str, *, one_line: bool = False, limit: int | None = None) -> str:
    """Untrusted text (names, notes, titles, file content in messages) made safe to print
    on a terminal: what `replace_unsafe` replaces, plus bidi embedding/override/isolate
    controls, become U+FFFD, so no ESC/OSC sequence and no reordering reaches the screen.
    `one_line` also turns newlines, tabs and line separators into U+FFFD; `limit` cuts the
    result to that many characters, ending it with `…`."""
    s = _DISPLAY_UNSAFE.sub("\ufffd", s)
    if one_line:
        s = _LINE_BREAKS.sub("\ufffd", s)
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + "…"
    return s


def check_name(name: str, what: str = "annotator") -> str:
    """An annotator (layer) name as given on entry; ValueError for one that is empty,
    holds a NUL, a line break or another control character, or is too long."""
    if not name or not name.strip():
        raise ValueError(f"{what}: the name is empty")
    if _DISPLAY_UNSAFE.search(name) or _LINE_BREAKS.search(name):
        shown = safe_text(name, one_line=True, limit=40)
        raise ValueError(f"{what}: {shown!r} holds a control character or a line break")
    if len(name) > NAME_LIMIT:
        raise ValueError(
            f"{what}: {safe_text(name, limit=40)!r} is longer than {NAME_LIMIT} characters"
        )
    return name


def normalize_text(s: str) -> str:
    """Normalise text once, on import: newlines, NFC, unsafe code points -> U+FFFD."""
    # All leading BOMs go, not just one, so that the function is idempotent.
    s = s.lstrip("\ufeff")
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Replace before NFC: surrogates must never reach later stages; U+FFFD and the control
    # characters it replaces both never compose, so the order cannot change NFC's result.
    s = replace_unsafe(s)
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a file's bytes as strict UTF-8 (BOM dropped), with one-line errors."""
    nul = data.find(b"\x00", 0, _BINARY_SNIFF)
    if nul >= 0:
        msg = f"{source}: binary file (NUL byte at offset {nul}), not a text article"
        raise TextDecodeError(msg)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        head = data[:offset]
        # Count line breaks the way normalize_text will see them (CRLF, LF, lone CR).
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        msg = f"{source}: line {line}: invalid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})"
        raise TextDecodeError(msg) from None
    if not text.lstrip("\ufeff").strip():
        raise TextDecodeError(f"{source}: empty file")
    return text


_LAYOUT_SPACE = " \t\n"
"""Whitespace that only lays a paragraph out (what an editor's line wrapping adds)."""


def split_paragraphs(text: str) -> list[str]:
    """Split normalised text into paragraphs: blocks between blank lines, stripped of layout
    whitespace (spaces, tabs, line breaks). Other spaces are text: a no-break space that ends
    a French or Czech paragraph stays part of it."""
    return [
        block
        for raw in _PARAGRAPH_BREAK.split(text)
        if (block := raw.strip(_LAYOUT_SPACE)) and block.strip()
    ]


def sha256_text(s: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``s``."""
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def paragraph_starts(paragraphs: Sequence[str]) -> list[int]:
    """Article-level start of each paragraph when joined with ARTICLE_SEPARATOR."""
    starts, pos = [], 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p) + len(ARTICLE_SEPARATOR)
    return starts


def to_article_offsets(
    starts: Sequence[int], paragraph_index: int, start: int, end: int
) -> tuple[int, int]:
    """Paragraph-relative span -> article-level span."""
    if not 0 <= paragraph_index < len(starts) or not 0 <= start <= end:
        raise ValueError(f"bad span {start}:{end} in paragraph {paragraph_index}")
    base = starts[paragraph_index]
    return base + start, base + end


def from_article_offsets(
    starts: Sequence[int], lengths: Sequence[int], start: int, end: int
) -> tuple[int, int, int]:
    """Article-level span -> (paragraph index, start, end); it must lie in one paragraph."""
    i = bisect_right(starts, start) - 1
    if i < 0 or not start <= end or end - starts[i] > lengths[i]:
        raise ValueError(f"article span {start}:{end} is not inside one paragraph")
    return i, start - starts[i], end - starts[i]


_ASTRAL = re.compile(r"[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts code-point offsets in one text to UTF-16 code-unit offsets and back."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        """Length of the text in code points."""
        # Code-point and UTF-16 positions of astral chars; both empty on the common BMP path.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.utf16_length = self.length + len(self._astral_cp)
        """Length of the text in UTF-16 code units."""

    def to_utf16(self, cp_offset: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        if not 0 <= cp_offset <= self.length:
            raise ValueError(f"offset {cp_offset} out of range 0..{self.length}")
        return cp_offset + bisect_left(self._astral_cp, cp_offset)

    def from_utf16(self, u16_offset: int) -> int:
        """UTF-16 offset -> code-point offset; an offset inside a surrogate pair is an error."""
        if not 0 <= u16_offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {u16_offset} out of range 0..{self.utf16_length}")
        before = bisect_left(self._astral_u16, u16_offset)
        if before and self._astral_u16[before - 1] + 1 == u16_offset:
            raise ValueError(f"UTF-16 offset {u16_offset} falls inside a surrogate pair")
        return u16_offset - before


class Token(NamedTuple):
    """A token as Prodigy writes it: ``end`` is exclusive, ``ws`` = whitespace follows."""

    text: str
    start: int
    end: int
    id: int
    ws: bool


def count_words(text: str) -> int:
    """How many of `text`'s tokens are words (hold a letter or a digit)."""
    return sum(1 for m in token_pattern().finditer(text) if any(c.isalnum() for c in m.group()))


@cache
def token_pattern() -> re.Pattern[str]:
    """The compiled regex whose matches are `tokenize`'s tokens (compiled once, cached).

    For callers that need only token offsets (review's token-level agreement): `m.span()`
    over `finditer` skips building a `Token` per match, which costs about three times more.
    """
    # re has no \p{M}; marks live only in planes 0, 1 and 14, so scanning those is enough
    # (~15 ms, paid on first use rather than at import).
    ranges: list[list[int]] = []
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    marks = "".join(rf"\U{a:08x}-\U{b:08x}" for a, b in ranges)
    wordish = rf"[\w{marks}]"
    # ZWJ/ZWNJ are legitimate inside Indic and Persian words.
    body = rf"\w(?:{wordish}|[\u200c\u200d](?={wordish}))*+"
    # Variation selectors are marks; skin tones and tag characters extend emoji too.
    ext = rf"[{marks}\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]*+"
    flag = r"[\U0001f1e6-\U0001f1ff]{2}"
    other = rf"{flag}|[^\s\w]{ext}(?:\u200d[^\s\w]{ext})*+"
    # A clitic after an apostrophe becomes its own token ("NATO", "’s"), as in spaCy.
    return re.compile(rf"{body}|(?<={wordish})['’]{body}|{other}")


def tokenize(text: str) -> list[Token]:
    """Word runs, clitics and single symbols/emoji clusters; whitespace is dropped."""
    n = len(text)
    return [
        Token(m.group(), m.start(), m.end(), i, m.end() < n and text[m.end()].isspace())
        for i, m in enumerate(token_pattern().finditer(text))
    ]


def span_to_tokens(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Char span -> inclusive (token_start, token_end); both ends must be token boundaries."""
    i = bisect_left(tokens, start, key=attrgetter("start"))
    j = bisect_left(tokens, end, key=attrgetter("end"))
    if i >= len(tokens) or tokens[i].start != start or j >= len(tokens) or tokens[j].end != end:
        raise ValueError(f"span {start}:{end} does not fall on token boundaries")
    if j < i:
        raise ValueError(f"span {start}:{end} covers no token")
    return i, j


def tokens_to_span(tokens: Sequence[Token], token_start: int, token_end: int) -> tuple[int, int]:
    """Inclusive token indices -> char span (end-exclusive)."""
    if not 0 <= token_start <= token_end < len(tokens):
        raise ValueError(f"token range {token_start}..{token_end} out of range")
    return tokens[token_start].start, tokens[token_end].end


def word_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token holding a letter or digit, for word-wise cursor moves."""
    return [(t.start, t.end) for t in tokenize(text) if any(c.isalnum() for c in t.text)]


_CLOSERS = "”’»\"')]」』）】》〉"
_OPENERS = "“‘«„\"'([¿¡「『（【《〈"
_STOPS = ".!?…‼⁇⁈⁉؟۔।॥"
_CJK_STOPS = "。！？｡"
# Lookbehinds make a match start only at the head of a run of stops, and possessive
# quantifiers forbid backtracking, so a long run of "!!!!" or spaces stays linear.
_SENTENCE_END = re.compile(
    rf"(?<![{_STOPS}])(?P<stop>[{_STOPS}]++)[{re.escape(_CLOSERS)}]*+(?=\s++(?P<next>\S))"
    rf"|(?<![{_CJK_STOPS}])[{_CJK_STOPS}]++[{re.escape(_CLOSERS)}]*+"
)
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, e.g, i.e, т.е
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt"}
    | {"capt", "gov", "sen", "rep", "rev", "hon", "pres", "vs", "cf", "approx", "г", "гг"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
# Ordinary words too ("say no."), so only an abbreviation when a number follows.
_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "pp", "p", "fig", "art"})


def _is_abbreviation(text: str, stop_at: int, nxt: str) -> bool:
    k = stop_at
    # Abbreviations are short; the cap keeps the look-back O(1) per candidate.
    while k > max(0, stop_at - 20) and (text[k - 1].isalnum() or text[k - 1] == "."):
        k -= 1
    word = text[k:stop_at]
    return (
        word.lower() in _ABBREVIATIONS
        or (nxt.isdigit() and word.lower() in _BEFORE_NUMBER)
        or (len(word) == 1 and word.isupper())
        or _DOTTED.fullmatch(word) is not None
    )


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding whitespace."""
    cuts = [0]
    for m in _SENTENCE_END.finditer(text):
        if m.group("stop") is not None:
            nxt = m.group("next")
            # Uncased letters (Arabic, Hebrew, CJK) count as capitals: they cannot be lower.
            starts_sentence = (nxt.isalpha() and not nxt.islower()) or nxt.isdigit()
            if not (starts_sentence or nxt in _OPENERS):
                continue
            if m.group("stop") == "." and _is_abbreviation(text, m.start(), nxt):
                continue
        cuts.append(m.end())
    cuts.append(len(text))
    bounds = []
    for a, b in pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            bounds.append((a, b))
    return bounds
