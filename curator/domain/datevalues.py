"""Values and context for resolving dates: the found expression, the state carried from
paragraph to paragraph, tense cues, counting from an anchor, and `RuleBase`, the helpers the
rules of `curator.domain.daterules_calendar` and `daterules_relative` share."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from curator.domain.calendars import Calendar
from curator.domain.temporal import Token

__all__ = ["UNKNOWN", "DateState", "Found", "RuleBase", "duration_value", "read_tense", "shift"]


@dataclass(frozen=True, slots=True)
class Found:
    """One date expression: its extent, TIMEX3 attributes and why."""

    start: int
    """Offset of its first character."""
    end: int
    """Offset after its last character."""
    timex_type: str
    """DATE, TIME, DURATION or SET."""
    value: str | None
    """TIMEX3 value; None when it cannot be worked out."""
    reason: str
    """Why it is a date and how the value was found."""
    mod: str | None = None
    """TIMEX3 mod (START, MORE_THAN...)."""
    anchored: bool | None = None
    """True when the value was computed from the dct."""


@dataclass
class DateState:
    """What one paragraph leaves to the next: the article date and the last dates named."""

    dct: dt.date | None = None
    """Document creation date."""
    anchor: str | None = None
    """Last DATE value with a year ("10 years later" counts from it)."""
    anchor_day: str | None = None
    """Last day-precision DATE value ("the day before" counts from it)."""
    running_text: bool = True
    """Running text, not an editor's selection: "today" without a past or future verb next
    to it is the present, and "a year" needs a word like "for" before it."""


SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
"""The first month of each season (northern hemisphere, meteorological)."""


@cache
def tense_words(cal: Calendar) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return frozenset(cal.future), frozenset(cal.past), frozenset(cal.complementizers)


def _boundary(tokens: list[Token], i: int) -> bool:
    """A sentence end or a colon (not the colon of "8:30", not the period of "Jan.")."""
    t = tokens[i]
    if t.text in "!?;":
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if t.text == ".":
        return nxt is None or not nxt.text[:1].islower()
    if t.text == ":":
        prev = tokens[i - 1] if i else None
        return not (prev and nxt and prev.text.isdigit() and nxt.text.isdigit())
    return False


def _cue(k: str, words: frozenset[str], suffixes: tuple[str, ...]) -> bool:
    return k in words or (
        k.isalpha() and any(len(k) > len(s) + 2 and k.endswith(s) for s in suffixes)
    )


def read_tense(tokens: list[Token], first: int, last: int, cal: Calendar, window: int = 12) -> str:
    """future, past or none: the nearest tense cue in the clause of tokens[first:last].

    A cue after the expression counts two tokens farther than one before it: the verb that
    governs "on Monday" usually comes first ("said on Monday", "will meet on Sunday").
    """
    future, past, clause = tense_words(cal)
    best: tuple[int, str] | None = None
    for step, i, penalty in ((-1, first - 1, 0), (1, last, 2)):
        dist = 0
        while 0 <= i < len(tokens) and dist < window and not _boundary(tokens, i):
            k = tokens[i].key
            if k in clause:
                break
            found = None
            if _cue(k, future, cal.future_suffixes):
                found = "future"
            elif _cue(k, past, cal.past_suffixes):
                found = "past"
            if found:
                if best is None or dist + penalty < best[0]:
                    best = (dist + penalty, found)
                break
            i += step
            dist += 1
    return best[1] if best else "none"


def shift(anchor: str, n: int, unit: str) -> str | None:
    """`anchor` moved by n units, at the unit's precision (None when the anchor is coarser)."""
    try:
        if unit == "Y" and re.fullmatch(r"[0-9]{4}(?:-.*)?", anchor):
            return f"{int(anchor[:4]) + n:04d}"
        if unit == "DE" and re.fullmatch(r"[0-9]{4}.*", anchor):
            return f"{int(anchor[:4]) + 10 * n:04d}"[:3]
        if unit == "M" and re.fullmatch(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", anchor):
            months = int(anchor[:4]) * 12 + int(anchor[5:7]) - 1 + n
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        if unit in ("D", "W") and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", anchor):
            day = dt.date.fromisoformat(anchor) + dt.timedelta(days=n * (7 if unit == "W" else 1))
            return day.isoformat() if unit == "D" else "{:04d}-W{:02d}".format(*day.isocalendar())
    except (ValueError, OverflowError):
        return None
    return None


UNKNOWN = {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "DE": "XXX"}


def duration_value(n: str, code: str) -> str | None:
    if code == "Q":
        return f"P{int(n) * 3}M" if n.isdigit() else "PXM"
    if code in ("H", "MIN"):
        return f"PT{n}{code[0]}"
    return f"P{n}{code}"


class RuleBase:
    """Reads one match: the tokens, the calendar, the state (helpers shared by the rules)."""

    def __init__(self, text: str, tokens: list[Token], cal: Calendar, state: DateState) -> None:
        self.text, self.tokens, self.cal, self.state = text, tokens, cal, state
        self.dct = state.dct

    # -- helpers ----------------------------------------------------------------------
    def key(self, i: int) -> str:
        return self.tokens[i].key if 0 <= i < len(self.tokens) else ""

    def roles(self, i: int) -> dict[str, object]:
        return self.tokens[i].roles if 0 <= i < len(self.tokens) else {}

    def after_prep(self, i: int) -> bool:
        return self.key(i - 1) in self.cal.preps

    def needs_context(self, tok: Token) -> bool:
        """An ambiguous name ("may", "été", "Domingo") must follow a preposition."""
        return "ambiguous" in tok.roles or ("name" in tok.roles and tok.text[:1].isupper())

    def sentence_start(self, i: int) -> bool:
        return i == 0 or self.tokens[i - 1].text in '.!?"“”«»:'

    def is_name(self, i: int) -> bool:
        """A capitalised word that the language writes in lower case, inside a sentence."""
        t = self.tokens[i]
        if self.cal.capitalised_nouns or not t.text[:1].isupper():
            return False
        first = i - 1 if "det" in self.roles(i - 1) else i
        return not self.sentence_start(first) or "det" in self.roles(i - 1)

    def lower_word(self, i: int) -> bool:
        t = self.tokens[i].text if 0 <= i < len(self.tokens) else ""
        return t[:1].isalpha() and t[:1].islower()

    def found(self, first: int, last: int, *args: object, **kw: object) -> Found:
        s, e = self.tokens[first].start, self.tokens[last - 1].end
        return Found(s, e, *args, **kw)  # type: ignore[arg-type]

    def in_year(self, month: int, day: int | None, tense: str) -> int:
        """The year of a month (and day) without one: the dct's, moved by the tense."""
        assert self.dct is not None
        year = self.dct.year
        when = (month, day or 15)
        now = (self.dct.month, self.dct.day)
        if tense == "future" and (month, day or 31) < now:
            year += 1
        elif tense == "past" and when > now and month - self.dct.month >= 2:
            year -= 1
        return year

    def weekday(self, wd: int, tense: str, rel: int | None = None) -> str:
        assert self.dct is not None
        d = self.dct
        if rel == 1 or (rel is None and tense == "future"):
            ahead = (wd - d.weekday()) % 7
            return (d + dt.timedelta(days=ahead or (7 if rel == 1 else 0))).isoformat()
        back = (d.weekday() - wd) % 7
        return (d - dt.timedelta(days=back or (7 if rel == -1 else 0))).isoformat()

    def season(self, code: str, tense: str) -> str:
        assert self.dct is not None
        year, start = self.dct.year, SEASON_START[code]
        if tense == "future":
            year += start <= self.dct.month
        elif start > self.dct.month:
            year -= 1
        return f"{year:04d}-{code}"

    # -- the rules --------------------------------------------------------------------
