"""The date grammar: TIMEX3 expressions in a text, in any language with a calendar file.

The text is cut into tokens (letter runs, digit runs, single signs); the words of the
language's `Calendar` (months, units, "ago", "last"...) give each token a set of roles, and
every distinct set of roles is written as one character. The grammar is a list of regular
expressions over that string of characters, the same for every language: "D M Y" is a date
whether it reads "5 May 2014", "5 de mayo de 2014" or "5. května 2014". Each expression has
only bounded repeats and the string has one character per token, so the cost is linear in
the text. `curator.domain.resolve` turns a match into a TIMEX3 type and value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from curator.domain.calendars import Calendar, norm

__all__ = ["Match", "Token", "find_expressions", "tokenize"]

_TOKEN = re.compile(r"[^\W\d_]+|[0-9]+|\S")
_ROMAN = re.compile(r"(?:X{1,3}(?:IX|IV|V?I{0,3})|IX|IV|VI{0,3}|I{2,3})(?:e|er|ème|\.)?")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_MAX_PHRASE = 6  # tokens in the longest vocabulary phrase ("the day before yesterday")
_UNIT_CODES = {
    "year": "Y",
    "month": "M",
    "week": "W",
    "day": "D",
    "decade": "DE",
    "hour": "H",
    "minute": "MIN",
    "quarter": "Q",
}
_PUNCT = {",": "comma", ".": "dot", "-": "dash", "–": "dash", "'": "apos", "’": "apos"}


@dataclass(slots=True)
class Token:
    """One token with the roles the vocabulary gives it."""

    start: int
    """Offset of its first character."""
    end: int
    """Offset after its last character."""
    text: str
    """The text as written."""
    roles: dict[str, object] = field(default_factory=dict)
    """Role -> value (month -> 5, unit -> "Y", number -> 20...)."""

    @property
    def key(self) -> str:
        """Lower-case text with ’ as '."""
        return norm(self.text)


@dataclass(frozen=True, slots=True)
class Match:
    """One grammar match: the rule, its tokens and the tokens of each named part."""

    rule: str
    """Rule name ("dmy", "ago"...)."""
    first: int
    """Index of the first token."""
    last: int
    """Index after the last token."""
    parts: dict[str, int]
    """Named part -> token index."""


def _roman(text: str) -> int | None:
    if not _ROMAN.fullmatch(text) or text in ("I", "V"):
        return None
    digits = text.rstrip("eèmr.")
    total = 0
    for i, ch in enumerate(digits):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[digits[i + 1]] if i + 1 < len(digits) else 0
        total += -v if v < nxt else v
    return total


@cache
def _vocabulary(cal: Calendar) -> tuple[dict[str, dict[str, object]], int]:
    """Phrase key -> roles, and the longest phrase in tokens."""
    vocab: dict[str, dict[str, object]] = {}

    def add(words: object, role: str, value: object = True) -> None:
        for w in words if isinstance(words, (list, tuple)) else (words,):
            if isinstance(w, str) and w:
                vocab.setdefault(w, {}).setdefault(role, value)

    for n, forms in enumerate(cal.months, start=1):
        add(forms, "month", n)
    for n, forms in enumerate(cal.month_abbreviations, start=1):
        add(forms, "month", n)
        add(forms, "abbr")
    for n, forms in enumerate(cal.weekdays):
        add(forms, "weekday", n)
    add(cal.ambiguous, "ambiguous")
    add(cal.names, "name")
    numbers = dict(cal.numbers)
    tens = {w: v for w, v in numbers.items() if v in range(20, 100, 10)}
    units = {w: v for w, v in numbers.items() if 1 <= v <= 9}
    for template in cal.number_compounds:
        for tw, tv in tens.items():
            for uw, uv in units.items():
                numbers.setdefault(template.format(tens=tw, unit=uw), tv + uv)
    for w, v in numbers.items():
        add(w, "number", v)
    add(cal.indefinite, "indef", 1)
    for w, v in cal.ordinals.items():
        add(w, "ordword", v)
    add(cal.vague, "vague", "X")
    for code, forms in cal.units.items():
        add(forms, "unit", _UNIT_CODES.get(code, code))
    add(cal.bare_units, "bare")
    add(cal.centuries, "century", "CE")
    add(cal.decade_nouns, "decnoun")
    add(cal.more, "more")
    add(cal.duration_leads, "lead")
    for w, mod in cal.mods.items():
        add(w, "mod", mod)
    add(cal.ago_after, "ago")
    add(cal.ago_before, "agopre")
    add(cal.later, "later", 1)
    add(cal.earlier, "later", -1)
    for w, v in cal.relative.items():
        add(w, "rel", v)
    for w, v in cal.ref_after_prep.items():
        add(w, "ref", v)
    for w, v in cal.deictic.items():
        add(w, "deictic", v)
    for w, v in cal.edges.items():
        add(w, "edge", v)
    for w, v in cal.seasons.items():
        add(w, "season", v)
    for w, v in cal.day_parts.items():
        add(w, "daypart", v)
    add(cal.every, "every")
    for w, v in cal.frequency.items():
        add(w, "freq", v)
    add(cal.per, "per")
    add(cal.determiners, "det")
    add(cal.of, "of")
    add(cal.year_words, "yearword")
    for w, v in cal.holidays.items():
        add(w, "holiday", v)
    add([j for j in cal.number_joiners if j.isalpha()], "joiner")
    longest = max((len(_TOKEN.findall(k)) for k in vocab), default=1)
    return vocab, min(longest, _MAX_PHRASE)


def _suffix_re(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alts = "|".join(re.escape(w).replace("'", "['’]") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alts})(?![^\W\d_])", re.IGNORECASE)


@cache
def _suffixes(cal: Calendar) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    return _suffix_re(cal.ordinal_suffixes), _suffix_re(cal.decade_suffixes)


def _digits(text: str, tok: Token, cal: Calendar) -> int:
    """Roles of a digit run (year, day, number, decade...); returns how far it reaches."""
    s, e = tok.start, tok.end
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    nxt = text[e + 1] if e + 1 < len(text) else ""
    if (before and before in "$€£¥#№+") or (after and after in "%$€£"):
        return e  # an amount
    if after and after in ",." and nxt.isdigit():
        return e  # a number with separators or decimals
    if before and before in ",." and s > 1 and text[s - 2].isdigit():
        return e
    if before == "-" and s > 1 and text[s - 2].isalpha():
        word = re.search(r"[^\W\d_]+$", text[max(0, s - 20) : s - 1])
        if word is None or norm(word.group()) not in cal.edges:
            return e  # "Frontier-2022", not "mid-2014"
    if len(tok.text) > 4:
        return e  # a code or an amount, not a date
    value = int(tok.text)
    ordinal, decade = _suffixes(cal)
    if decade and (m := decade.match(text, e)) and value % 10 == 0 and len(tok.text) in (2, 4):
        tok.end = m.end()
        short = len(tok.text) == 2
        tok.roles["decade"] = ("19" + tok.text[0]) if short else tok.text[:3]
        return tok.end
    if before and before in "'’" and len(tok.text) == 2 and (s < 2 or not text[s - 2].isalnum()):
        tok.roles["ayear"] = value
        return e
    if ordinal and (m := ordinal.match(text, e)) and 1 <= value <= 31:
        tok.end = m.end()
        tok.roles.update(day=value, ordinal=value)
        return tok.end
    if len(tok.text) == 4 and 1000 <= value <= 2199:
        tok.roles.update(year=value, number=value)
    elif len(tok.text) <= 2 and 1 <= value <= 31:
        tok.roles.update(day=value, number=value)
    elif len(tok.text) <= 3:
        tok.roles["number"] = value
    return e


def tokenize(text: str, cal: Calendar) -> list[Token]:
    """Tokens of `text` with their roles; vocabulary phrases become one token."""
    vocab, longest = _vocabulary(cal)
    raw = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    out: list[Token] = []
    i = 0
    reach = 0
    while i < len(raw):
        s, e, t = raw[i]
        if s < reach:
            i += 1
            continue
        if t.isascii() and t.isdigit():
            tok = Token(s, e, t)
            reach = _digits(text, tok, cal)
            glued = out and out[-1].end == s and out[-1].text in "'’"
            if glued and ("ayear" in tok.roles or "decade" in tok.roles):
                tok.start = out.pop().start  # the apostrophe of "’91", "’60s"
            out.append(tok)
            i += 1
            continue
        key, best = "", None
        for j in range(i, min(i + longest, len(raw))):
            if j > i:
                key += " " if raw[j][0] > raw[j - 1][1] else ""
            key += norm(raw[j][2])
            if key in vocab:
                best = (j, vocab[key])
        if best is not None:
            j, roles = best
            out.append(Token(s, raw[j][1], text[s : raw[j][1]], dict(roles)))
            i = j + 1
            continue
        tok = Token(s, e, t)
        if t in _PUNCT:
            tok.roles[_PUNCT[t]] = True
        elif (r := _roman(t)) is not None:
            tok.roles["roman"] = r
        out.append(tok)
        i += 1
    return _join_numbers(text, out, cal)


def _join_numbers(text: str, toks: list[Token], cal: Calendar) -> list[Token]:
    """ "forty five", "forty-five", "treinta y cinco": one number token."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        tens = tok.roles.get("number")
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            isinstance(tens, int)
            and 1 <= tens <= 9
            and nxt is not None
            and nxt.roles.get("number") == 100
            and not (tok.text + nxt.text).isdigit()
        ):
            # "two hundred": one number
            roles: dict[str, object] = {"number": tens * 100}
            out.append(Token(tok.start, nxt.end, text[tok.start : nxt.end], roles))
            i += 2
            continue
        if isinstance(tens, int) and tens in range(20, 100, 10) and not tok.text.isdigit():
            j = i + 1
            if j < len(toks) and (
                "joiner" in toks[j].roles or (toks[j].text == "-" and "-" in cal.number_joiners)
            ):
                j += 1
            unit = toks[j].roles.get("number") if j < len(toks) else None
            if isinstance(unit, int) and 1 <= unit <= 9 and not toks[j].text.isdigit():
                value = tens + unit
                roles = {"number": value}
                if value <= 31:
                    roles["day"] = value
                out.append(Token(tok.start, toks[j].end, text[tok.start : toks[j].end], roles))
                i = j + 1
                continue
        out.append(tok)
        i += 1
    return out


# The grammar. {role} is any token with that role; names of groups are the parts read by
# curator.domain.resolve. Alternatives are tried longest first at each token.
_NUM = "(?:{number}|{vague}|{indef})"
_RULES: tuple[tuple[str, str], ...] = (
    (
        "dmy",
        r"(?:(?P<wd>{weekday}){comma}?)?(?P<det>{det})?(?P<day>{day}){dot}?{of}?(?P<mon>{month})"
        r"{dot}?(?:{comma}?{of}?(?P<year>{year})(?P<yw>{yearword})?)?",
    ),
    (
        "mdy",
        r"(?:(?P<wd>{weekday}){comma}?)?(?P<mon>{month}){dot}?{det}?(?P<day>{day})"
        r"(?:{comma}?(?P<year>{year}))?",
    ),
    (
        "my",
        r"(?:(?P<edge>{edge}){dash}?{of}?{det}?)?(?P<mon>{month}){dot}?{comma}?{of}?"
        r"(?P<year>{year})(?P<yw>{yearword})?",
    ),
    (
        "year",
        r"(?:(?P<det>{det})?(?P<edge>{edge}){dash}?{of}?{det}?(?P<yu>{unit})?)?(?P<year>{year})"
        r"(?P<yw>{yearword})?",
    ),
    ("ayear", r"(?P<year>{ayear})"),
    (
        "decade",
        r"(?P<det>{det})?(?:(?P<edge>{edge}){dash}?{of}?{det}?)?(?:(?P<z>{decade})(?P<yw>{decnoun})?"
        r"|(?P<noun>{decnoun}){of}?{det}?(?P<num>{year}|{day}|{number})|(?P<dd>{day}|{number}){dot}(?P<noun2>{decnoun}))",
    ),
    (
        "century",
        r"(?P<det>{det})?(?:(?P<edge>{edge}){of}?{det}?)?(?:(?:(?P<ord>{ordinal})|(?P<dd>{day}){dot})"
        r"(?P<c>{century})|(?P<c2>{century})(?P<rom>{roman})|(?P<rom2>{roman})(?P<c3>{century}))",
    ),
    (
        "season",
        r"(?P<det>{det})?(?:(?P<rel>{rel}){det}?)?(?P<season>{season})"
        r"(?:(?P<rel2>{rel})|{of}?(?P<year>{year}))?",
    ),
    (
        "relative",
        r"(?P<det>{det})?(?P<rel>{rel}){det}?(?P<what>{unit}|{weekday}|{month}|{daypart})"
        r"|(?P<det2>{det})?(?P<what2>{unit}|{weekday}|{month}|{daypart})(?P<rel2>{rel})",
    ),
    (
        "ago",
        rf"(?P<mod>{{mod}})?(?P<n>{_NUM})?(?P<unit>{{unit}}|{{century}})(?P<ago>{{ago}})"
        rf"|(?P<pre>{{agopre}})(?P<mod2>{{mod}})?{{det}}?(?P<n2>{_NUM})?(?P<unit2>{{unit}}|{{century}})",
    ),
    (
        "later",
        rf"(?P<n>{_NUM})(?P<unit>{{unit}})(?P<dir>{{later}})|(?P<det>{{det}})(?P<unit2>{{unit}})(?P<dir2>{{later}})",
    ),
    (
        "duration",
        rf"(?:(?P<det>{{det}})?(?P<lead>{{rel}}|{{lead}}))?(?P<mod>{{mod}})?(?P<n>{_NUM})(?P<more>{{more}})?"
        r"{dash}?(?P<unit>{unit}|{century})",
    ),
    ("bare", r"(?P<unit>{bare})"),
    (
        "part",
        r"(?P<det>{det})?(?P<ord>{ordword}|{ordinal})(?P<unit>{unit})(?:{of}?(?P<year>{year}))?",
    ),
    ("edge_unit", r"(?P<det>{det})?(?P<edge>{edge}){of}?{det}?(?P<unit>{unit})"),
    ("deictic", r"(?P<d>{deictic})(?P<part>{daypart})?"),
    ("ref", r"(?P<det>{det})?(?P<ref>{ref})"),
    ("weekday_day", r"(?P<wd>{weekday}){comma}?{det}?(?P<day>{day})"),
    ("weekday", r"(?P<wd>{weekday})(?P<part>{daypart})?"),
    ("daypart", r"(?P<det>{det})(?P<part>{daypart})"),
    ("month", r"(?:{det}?(?P<edge>{edge}){dash}?{of}?)?(?P<mon>{month})"),
    (
        "set",
        r"(?P<every>{every})(?P<what>{unit}|{weekday}|{daypart}|{month})"
        r"|(?P<freq>{freq})(?:{per}|{det})?(?P<unit>{unit})",
    ),
    ("holiday", r"(?P<h>{holiday})"),
)
# fmt: off
_ROLES = (
    "month", "abbr", "weekday", "ambiguous", "name", "number", "indef", "vague", "unit", "bare",
    "century", "decnoun", "more", "lead", "mod", "ago", "agopre", "later", "rel", "ref",
    "deictic", "edge", "season", "daypart", "every", "freq", "per", "det", "of", "yearword",
    "holiday", "joiner", "ordword", "year", "day", "ordinal", "decade", "ayear", "roman", "comma",
    "dot", "dash", "apos",
)
"""Every role a rule may name as {role}."""
# fmt: on


_DIGIT_ROLES = (
    {"year", "number"},
    {"day", "number"},
    {"number"},
    {"decade"},
    {"ayear"},
    {"day", "ordinal"},
    {"roman"},
)
"""Role sets of digit runs and Roman numerals (see `_digits`, `_join_numbers`)."""


@dataclass
class _Alphabet:
    """One character per distinct set of roles, and the rules compiled over them."""

    chars: dict[frozenset[str], str] = field(default_factory=dict)
    """Role set -> its character (private-use code points)."""
    compiled: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    """The rules with each {role} replaced by the class of characters that have it."""

    def char(self, roles: frozenset[str]) -> str:
        if roles not in self.chars:
            self.chars[roles] = chr(0xE000 + len(self.chars))
            self.compiled.clear()
        return self.chars[roles]

    def rules(self) -> list[tuple[str, re.Pattern[str]]]:
        if not self.compiled:
            classes = {}
            for role in _ROLES:
                members = "".join(c for rs, c in self.chars.items() if role in rs)
                classes[role] = f"[{members}]" if members else "(?!)"
            self.compiled = [(n, re.compile(rx.format(**classes))) for n, rx in _RULES]
        return self.compiled


@cache
def _alphabet(cal: Calendar) -> _Alphabet:
    alpha = _Alphabet()
    vocab, _ = _vocabulary(cal)
    for roles in vocab.values():
        alpha.char(frozenset(roles))
    # the role sets digits and signs get in `tokenize`: known up front, so the rules are
    # compiled once and a worker thread never sees them recompiled
    for extra in (*_DIGIT_ROLES, *({r} for r in _PUNCT.values()), set()):
        alpha.char(frozenset(extra))
    return alpha


def find_expressions(tokens: list[Token], cal: Calendar) -> Iterator[Match]:
    """Every match of every rule over the tokens (overlapping; the caller picks)."""
    alpha = _alphabet(cal)
    symbols = "".join(alpha.char(frozenset(t.roles)) for t in tokens)
    for name, rx in alpha.rules():
        pos = 0
        # search again from the next token, not after the match: a match the resolver
        # refuses must not hide a shorter one inside it
        while (m := rx.search(symbols, pos)) is not None:
            pos = m.start() + 1
            if m.end() > m.start():
                parts = {k: m.start(k) for k, v in m.groupdict().items() if v is not None}
                yield Match(name, m.start(), m.end(), parts)
