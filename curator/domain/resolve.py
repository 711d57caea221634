"""TIMEX3 type and value of the expressions `curator.domain.temporal` finds.

Values are at the text's precision and resolved against the document creation date (dct):
"last week" is an ISO week, "18 months ago" a month, a weekday goes back from the dct when
the verbs around it are past or present and forward when they are future ("will travel on
Sunday"). Without a dct, deictic values stay unresolved at their precision (XXXX-XX-XX,
XXXX-03-15, XXXX). "the day before" / "ten years later" count from the last date named
before them (the anchor, carried from paragraph to paragraph by `DateState`).
"""

from __future__ import annotations

import re

from curator.domain.calendars import Calendar
from curator.domain.daterules_calendar import CalendarRules
from curator.domain.daterules_relative import RelativeRules
from curator.domain.datevalues import DateState, Found
from curator.domain.temporal import Match, find_expressions, tokenize
from curator.domain.timex import check_timex_value

__all__ = ["DateState", "Found", "find_dates"]

_RAW = (
    ("iso", re.compile(r"(?<![\w.-])[0-9]{4}-[01][0-9]-[0-3][0-9](?![\w-])")),
    ("dotted", re.compile(r"(?<![\w.,/])[0-3]?[0-9]([./])[01]?[0-9]\1[0-9]{4}(?![\w]|[./][0-9])")),
    (
        "clock",
        re.compile(
            r"(?<![\w:.,])(?P<h>[01]?[0-9]|2[0-3])(?:(?P<sep>:|\.|\s?h\s?)(?P<m>[0-5][0-9]))?"
            r"(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?|\s(?P<word>[^\W\d_]+\.?))?(?![\w:])",
            re.IGNORECASE,
        ),
    ),
)


class _Resolver(CalendarRules, RelativeRules):
    """All the rules."""

    def resolve(self, m: Match) -> Found | None:
        return getattr(self, "r_" + m.rule)(m, m.parts)  # type: ignore[no-any-return]


_PRIORITY = {
    name: i
    for i, name in enumerate(
        [
            "iso",
            "dotted",
            "dmy",
            "mdy",
            "my",
            "century",
            "decade",
            "part",
            "edge_unit",
            "year",
            "ayear",
            "ago",
            "later",
            "season",
            "relative",
            "set",
            "clock",
            "duration",
            "deictic",
            "ref",
            "weekday_day",
            "weekday",
            "daypart",
            "month",
            "holiday",
            "bare",
        ]
    )
}


def _raw(text: str, cal: Calendar) -> list[tuple[int, int, Found]]:
    out = []
    for name, rx in _RAW:
        for m in rx.finditer(text):
            s, e, t = m.start(), m.end(), m.group()
            if name == "iso":
                out.append((s, e, Found(s, e, "DATE", t, "full date")))
            elif name == "dotted":
                d, mo, y = re.split(r"[./]", t)
                if "/" in t and (int(mo) > 12 or cal.lang == "en") and int(d) <= 12:
                    d, mo = mo, d  # 5/16/2022: month first, as in US copy
                out.append((s, e, Found(s, e, "DATE", f"{y}-{int(mo):02d}-{int(d):02d}", "date")))
            elif (f := _clock(text, m, cal)) is not None:
                out.append((f.start, f.end, f))
    return out


def _clock(text: str, m: re.Match[str], cal: Calendar) -> Found | None:
    hour, minute = int(m["h"]), m["m"]
    word = (m["word"] or "").lower().rstrip(".")
    end = m.end()
    prev = re.search(r"([^\W\d_]+)\s{1,3}$", text[max(0, m.start() - 30) : m.start()])
    after_prep = bool(prev) and prev[1].lower() in cal.clock_preps  # type: ignore[index]
    if word in cal.clock_words and not minute and not after_prep:
        return None  # "pendant 20 heures" is a duration, "à 20 heures" a time
    if m["word"] and m["word"].endswith(".") and len(word) > 4:
        end -= 1  # "20 heures." ends a sentence; "hod." is an abbreviation
    if m["word"] and word not in cal.clock_words:
        if not minute or m["sep"] != ":":
            return None
        end = m.start("word") - 1
    elif m["word"] is None and not m["ampm"]:
        h_form = bool(m["sep"]) and m["sep"].strip() == "h" and "h" in cal.clock_words
        if not minute or not (h_form or (m["sep"] == ":" and after_prep)):
            return None
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
    if m["sep"] and m["sep"].strip() == "h" and not cal.clock_words:
        return None
    v = f"XXXX-XX-XXT{hour:02d}:{minute or '00'}"
    return Found(m.start(), end, "TIME", v, "time of day")


def find_dates(text: str, cal: Calendar, state: DateState | None = None) -> list[Found]:
    """The date expressions of `text`, left to right, without overlaps; updates `state`."""
    state = state if state is not None else DateState()
    tokens = tokenize(text, cal)
    cands: list[tuple[int, int, int, Match | Found]] = []
    for m in find_expressions(tokens, cal):
        s, e = tokens[m.first].start, tokens[m.last - 1].end
        cands.append((s, s - e, _PRIORITY[m.rule], m))
    for s, e, f in _raw(text, cal):
        cands.append((s, s - e, _PRIORITY[(f.reason == "time of day" and "clock") or "iso"], f))
    cands.sort(key=lambda c: c[:3])
    resolver = _Resolver(text, tokens, cal, state)
    out: list[Found] = []
    taken = -1
    for s, _, _, item in cands:
        if s < taken:
            continue
        try:
            found = item if isinstance(item, Found) else resolver.resolve(item)
        except (ValueError, OverflowError):  # a date at the ends of the calendar
            continue
        if found is None or found.start < taken:
            continue
        if found.value is not None and check_timex_value(found.timex_type, found.value):
            found = Found(
                found.start,
                found.end,
                found.timex_type,
                None,
                found.reason,
                found.mod,
                found.anchored,
            )
        out.append(found)
        taken = found.end
        v = found.value or ""
        if found.timex_type == "DATE" and v[:4].isdigit() and "counted from" not in found.reason:
            state.anchor = v
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
                state.anchor_day = v
    return out
