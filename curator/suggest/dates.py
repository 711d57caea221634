"""Date suggester: temporal expressions with TIMEX3 type and value at the stated precision.

"May 16" is ``XXXX-05-16`` (``2022-05-16`` against a 2022 article date, anchored_to_dct),
"January 2022" ``2022-01``, "in 2021" ``2021`` (the preposition stays outside the span),
"20 years" DURATION ``P20Y``, "10 years later" the year ten years after the last year named
before it in the paragraph, "this year" / "yesterday" from the article date (no value when
the article has none). Ordinals ("the 30th anniversary") and years inside names
("Frontier-2022") are not dates. English only; every value passes `check_timex_value`.

Each pattern has only bounded repeats and starts at a word boundary, and every pattern runs
once over the paragraph, so the cost is linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from curator.domain.timex import check_timex_value, parse_timex_from_text
from curator.suggest.base import Suggestion, make

__all__ = ["MONTH_NAMES", "WEEKDAYS", "date_suggestions", "suggest_dates"]

SUGGESTER = "dates"

# fmt: off
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
"""English month names (not `calendar.month_name`, which follows the process locale)."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English weekday names, Monday first (`date.weekday()` order)."""
_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({m[:3]: i for m, i in _MONTHS.copy().items()})
_MONTHS["Sept"] = 9
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100,
}
_VAGUE = ("a few", "a couple of", "several", "few", "many", "some")
_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "DE",
          "century": "CE", "centurie": "CE", "hour": "H", "minute": "MIN", "quarter": "Q"}
_MODS = {"more than": "MORE_THAN", "over": "MORE_THAN", "almost": "LESS_THAN",
         "nearly": "LESS_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
         "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX",
         "some": "APPROX", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS"}
_EDGE = {"early": "START", "the beginning of": "START", "the start of": "START",
         "mid": "MID", "mid-": "MID", "the middle of": "MID", "late": "END", "the end of": "END"}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4}
# Words before a bare month or year that make it a date ("in May", "since 2014").
_TIME_PREPS = frozenset({
    "in", "on", "since", "until", "till", "by", "from", "of", "during", "early", "late",
    "mid", "before", "after", "through", "throughout", "between", "and", "or", "to", "as",
    "around", "circa", "year", "last", "next", "this", "spring", "summer", "autumn", "winter",
})
# A bare year followed by one of these is still a year ("in 2018, when"; "2014 and 2015").
_AFTER_YEAR_OK = frozenset({
    "and", "or", "but", "when", "was", "were", "is", "will", "had", "has", "to", "as", "the",
    "after", "before", "until", "saw", "brought", "marked", "onwards", "onward", "alone",
})
# Words that let "a year" / "an hour" be a duration ("for a year", "within an hour").
_DURATION_PREPS = frozenset({
    "for", "in", "within", "over", "after", "nearly", "almost", "about", "than", "past",
    "last", "next", "around", "under", "only", "just", "least", "entire", "whole", "full",
})
_HOLIDAYS = {"Christmas Eve": "12-24", "Christmas Day": "12-25", "Christmas": "12-25",
             "New Year's Eve": "12-31", "New Year’s Eve": "12-31", "New Year's Day": "01-01",
             "New Year’s Day": "01-01", "Halloween": "10-31", "Valentine's Day": "02-14",
             "Valentine’s Day": "02-14"}
_SEASON_PREPS = frozenset({"in", "until", "till", "by", "since", "during", "before", "after",
                           "through", "early", "late", "mid", "from"})
# fmt: on


def _alt(words: Sequence[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s") for w in sorted(words, key=len, reverse=True)
    )


_MONTH = rf"(?:{_alt(MONTH_NAMES)}|(?:{_alt([m for m in _MONTHS if len(m) <= 4])})\.?)"
_MONTH_FULL = _alt(MONTH_NAMES)
_WEEKDAY = _alt(WEEKDAYS)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w:])"
_YEAR4 = r"(?:1[0-9]|20|21)[0-9]{2}(?![\w%]|[.,][0-9])"
_NUM = rf"(?:[0-9]{{1,3}}(?:\.[0-9])?|(?i:{_alt([*_NUMBERS, *_VAGUE])}))"
_UNIT = rf"(?i:{_alt(list(_UNITS))})"
_B = r"(?<![\w.-])"  # start of a word (not inside "Frontier-2022" or "1.5")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx))
    for name, rx in (
        ("iso", rf"{_B}[0-9]{{4}}-[01][0-9]-[0-3][0-9](?![\w-])"),
        ("dotted", rf"{_B}[0-3]?[0-9]\.[01]?[0-9]\.[0-9]{{4}}(?!\w|\.[0-9])"),
        ("mdy", rf"(?<!\w)(?:(?:{_WEEKDAY}),?\s)?{_MONTH}\s(?:the\s)?{_DAY}(?:,?\s{_YEAR4})?"),
        (
            "dmy",
            rf"(?<!\w)(?:(?:{_WEEKDAY}),?\s)?(?:the\s)?{_DAY}\s(?:of\s)?{_MONTH}(?!\w)(?:,?\s{_YEAR4})?",
        ),
        ("my", rf"(?<!\w){_MONTH},?\s(?:of\s)?{_YEAR4}"),
        (
            "edge_year",
            rf"(?<!\w)(?i:early|late|the\send\sof|the\sbeginning\sof|the\sstart\sof|the\smiddle\sof)\s{_YEAR4}|(?<!\w)(?i:mid-?){_YEAR4}",
        ),
        ("half", rf"(?<!\w)(?i:the\s)?(?i:first|second)\shalf\sof\s{_YEAR4}"),
        (
            "quarter",
            rf"(?<!\w)(?i:the\s)?(?i:first|second|third|fourth|1st|2nd|3rd|4th)\squarter(?:\sof\s{_YEAR4})?(?!\w)",
        ),
        (
            "season",
            rf"(?<!\w)(?:(?i:this|last|next)\s(?i:spring|summer|autumn|fall|winter)|(?i:spring|summer|autumn|fall|winter)\s(?:of\s)?{_YEAR4})(?!\w)",
        ),
        ("season_alone", r"(?<!\w)(?:spring|summer|autumn|winter)(?![\w-])"),
        ("decade", r"(?<!\w)(?:the\s)?(?:(?:early|late)\s|mid-)?(?:1[0-9]|20)[0-9]0'?s(?!\w)"),
        (
            "century",
            r"(?<!\w)(?:the\s)?(?:[1-9]|1[0-9]|2[01])(?:st|nd|rd|th)\s(?:century|centuries)(?!\w)",
        ),
        ("ago", rf"(?<!\w)(?:{_NUM})[\s-]{_UNIT}s?\s(?:ago|later|earlier)(?!\w)"),
        (
            "duration",
            rf"(?<!\w)(?:(?i:the\s(?:past|last|next|first|coming))\s)?(?:(?i:{_alt(list(_MODS))})\s)?(?<![\w.]){_NUM}[\s-]{_UNIT}s?(?:[\s-]long|-old)?(?!\w)",
        ),
        (
            "relative",
            rf"(?<!\w)(?i:this|last|next|current|coming|previous|the\spast|the\slast|the\snext)\s(?:(?i:year|month|week)|{_WEEKDAY}|{_MONTH_FULL})(?!\w)",
        ),
        (
            "dayword",
            r"(?<!\w)(?i:the\sday\sbefore\syesterday|the\sday\safter\stomorrow|yesterday|today|tomorrow|tonight)(?!\w)",
        ),
        ("ref", r"(?<!\w)(?i:now|currently|at\spresent|nowadays|the\spast|the\sfuture)(?![\w-])"),
        (
            "set",
            rf"(?<!\w)(?:(?i:every|each)\s(?:(?i:year|quarter|month|week|day)|{_WEEKDAY})|(?i:once|twice|three\stimes)\s(?i:a|per)\s(?i:year|quarter|month|week|day))(?!\w)",
        ),
        ("holiday", rf"(?<!\w)(?:{_alt(list(_HOLIDAYS))})(?![\w-])"),
        ("weekday", rf"(?<!\w)(?:{_WEEKDAY})(?!\w)"),
        ("month", rf"(?<!\w)(?:{_MONTH_FULL})(?![\w-])"),
        ("year", rf"(?<![\w.])(?<![$€£#№])(?<![^\W\d_]-){_YEAR4}(?!-[^\W\d_])"),
    )
)
_PREV_WORD = re.compile(r"([\w-]+)[\s,]{1,3}$")
_NEXT_WORD = re.compile(r"[ \t]{1,3}([\w’']+)")


@dataclass(frozen=True, slots=True)
class _Found:
    timex_type: str
    value: str | None
    reason: str
    mod: str | None = None
    anchored: bool | None = None


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


def _number(word: str) -> str | None:
    """ "20" -> "20", "ten" -> "10", "a few" -> "X"."""
    w = " ".join(word.lower().split())
    if w in _VAGUE:
        return "X"
    if w in _NUMBERS:
        return str(_NUMBERS[w])
    return w if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9])?", w) else None


def _duration_value(n: str, unit: str) -> str:
    code = _UNITS[unit.lower()]
    if code == "Q":  # TIMEX3 durations have no quarters: three months each
        return f"P{int(n) * 3}M" if n.isdigit() else "PXM"
    if code == "H":
        return f"PT{n}H"
    if code == "MIN":
        return f"PT{n}M"
    return f"P{n}{code}"


_DUR_SPLIT = re.compile(rf"(?P<n>{_NUM})[\s-](?P<unit>{_UNIT})s?")
_LEAD = re.compile(r"^the\s(?:past|last|next|first|coming)\s")
_LEAD_WORDS = re.compile(r"^(?:the\s)?(?:(?:early|late)\s|mid-)?")  # "the early 1990s"


def _shift(anchor: str, n: int, unit: str) -> str | None:
    """`anchor` moved by n units, at the unit's precision (None when the anchor is coarser)."""
    try:
        if unit == "Y" and re.fullmatch(r"[0-9]{4}(?:-.*)?", anchor):
            return f"{int(anchor[:4]) + n:04d}"
        if unit == "M" and re.fullmatch(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", anchor):
            months = int(anchor[:4]) * 12 + int(anchor[5:7]) - 1 + n
            return f"{months // 12:04d}-{months % 12 + 1:02d}"
        if unit in ("D", "W") and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", anchor):
            day = dt.date.fromisoformat(anchor) + dt.timedelta(days=n * (7 if unit == "W" else 1))
            return day.isoformat() if unit == "D" else "{:04d}-W{:02d}".format(*day.isocalendar())
        if unit == "DE" and re.fullmatch(r"[0-9]{4}.*", anchor):
            return f"{int(anchor[:4]) + 10 * n:04d}"
    except (ValueError, OverflowError):
        return None
    return None


def _weekday_date(dct: dt.date, weekday: int, rel: str) -> str:
    """Past by default in news copy: "on Monday" is the last Monday up to the article date."""
    back = (dct.weekday() - weekday) % 7
    if rel == "next":
        return (dct + dt.timedelta(days=(weekday - dct.weekday()) % 7 or 7)).isoformat()
    if rel == "last" and back == 0:
        back = 7
    return (dct - dt.timedelta(days=back)).isoformat()


def _interpret(kind: str, s: str, dct: dt.date | None, anchor: str | None) -> _Found | None:
    """Type, value and reason for one matched expression."""
    low = " ".join(s.lower().split())
    no_dct = "no article date: fill in the value"

    def in_article_year(what: str, suffix: str) -> _Found:
        """`suffix` (a month, month-day or season) in the article's year, else year XXXX."""
        if dct is None:
            return _Found("DATE", f"XXXX-{suffix}", f"{what}; year unknown (no article date)")
        return _Found(
            "DATE", f"{dct.year:04d}-{suffix}", f"{what} in the article's year", anchored=True
        )

    if kind in ("iso", "dotted", "mdy", "dmy", "my", "decade"):
        parsed = parse_timex_from_text(_LEAD_WORDS.sub("", s), dct)
        if parsed is None:
            return None
        bare = low.removeprefix("the ")
        edge = next((v for k, v in _EDGE.items() if bare.startswith(k)), None)
        if kind == "decade" or re.search(r"[0-9]{4}", s):
            reason = {"my": "month and year", "decade": "decade"}.get(kind, "full date")
            return _Found(parsed[0], parsed[1], reason, mod=edge)
        if dct is None:
            return _Found(parsed[0], parsed[1], "month and day; year unknown (no article date)")
        return _Found(parsed[0], parsed[1], "month and day in the article's year", anchored=True)
    if kind == "edge_year":
        year = re.search(r"[0-9]{4}", s).group()  # type: ignore[union-attr]
        mod = next(v for k, v in _EDGE.items() if low.startswith(k))
        return _Found("DATE", year, f"year with modifier {mod}", mod=mod)
    if kind == "half":
        year = re.search(r"[0-9]{4}", s).group()  # type: ignore[union-attr]
        return _Found("DATE", f"{year}-H{1 if 'first' in low else 2}", "half year")
    if kind == "quarter":
        q = _ORDINALS[next(w for w in low.split() if w in _ORDINALS)]
        year_m = re.search(r"[0-9]{4}", s)
        if year_m:
            return _Found("DATE", f"{year_m.group()}-Q{q}", "quarter")
        if dct is None:
            return _Found("DATE", None, f"quarter; {no_dct}")
        return _Found(
            "DATE", f"{dct.year:04d}-Q{q}", "quarter of the article's year", anchored=True
        )
    if kind == "season":
        season = _SEASONS[next(w for w in low.split() if w in _SEASONS)]
        year_m = re.search(r"[0-9]{4}", s)
        if year_m:
            return _Found("DATE", f"{year_m.group()}-{season}", "season")
        if dct is None:
            return _Found("DATE", None, f"season; {no_dct}")
        step = {"this": 0, "last": -1, "next": 1}[low.split()[0]]
        return _Found("DATE", f"{dct.year + step:04d}-{season}", "season", anchored=True)
    if kind == "season_alone":
        return in_article_year("season", _SEASONS[low])
    if kind == "century":
        n = int(re.match(r"(?:the\s)?([0-9]{1,2})", low).group(1))  # type: ignore[union-attr]
        return _Found("DATE", f"{n - 1:02d}", "century")
    if kind == "ago":
        m = _DUR_SPLIT.match(s)
        if m is None or (n := _number(m["n"])) is None:
            return None
        unit = _UNITS[m["unit"].lower()]
        if n == "X" or "." in n or unit in ("H", "MIN", "CE", "Q"):
            return _Found("DATE", None, f"{low}: fill in the value")
        count = int(n)
        if low.endswith("ago"):
            if dct is None:
                return _Found("DATE", None, f"{low}; {no_dct}")
            value = _shift(dct.isoformat(), -count, unit)
            return _Found("DATE", value, f"{low}, from the article date", anchored=True)
        if anchor is None:
            return _Found("DATE", None, f"{low}: no earlier date in the paragraph to count from")
        value = _shift(anchor, count if low.endswith("later") else -count, unit)
        if value is None:
            return _Found("DATE", None, f"{low}: {anchor} is not precise enough to count from")
        return _Found("DATE", value, f"{low}, counted from {anchor}")
    if kind == "duration":
        body = _LEAD.sub("", low)
        mod = next((v for k, v in _MODS.items() if body.startswith(k + " ")), None)
        if mod:
            body = body.split(
                " ", 2 if body.split(" ", 1)[0] in ("more", "less", "at", "up") else 1
            )[-1]
        m = _DUR_SPLIT.match(body)
        if m is None or (n := _number(m["n"])) is None:
            return None
        value = _duration_value(n, m["unit"])
        return _Found("DURATION", value, f"duration ({low})", mod=mod)
    if kind == "relative":
        words = low.split()
        rel, what = " ".join(words[:-1]), words[-1]
        if rel in ("the past", "the last", "the next") and what in ("year", "month", "week"):
            return _Found("DURATION", f"P1{what[0].upper()}", f"duration: {low}")
        rel = {"current": "this", "coming": "next", "previous": "last"}.get(rel, rel)
        if rel not in ("this", "last", "next"):
            return None
        if dct is None:
            return _Found("DATE", None, f"relative to the article date; {no_dct}")
        if what.capitalize() in WEEKDAYS:
            value = _weekday_date(dct, WEEKDAYS.index(what.capitalize()), rel)
            return _Found("DATE", value, "weekday near the article date", anchored=True)
        if what.capitalize() in _MONTHS:
            month = _MONTHS[what.capitalize()]
            year = (
                dct.year
                + {"this": 0, "last": -(month >= dct.month), "next": month <= dct.month}[rel]
            )
            return _Found(
                "DATE", f"{year:04d}-{month:02d}", "month near the article date", anchored=True
            )
        parsed = parse_timex_from_text(f"{rel} {what}", dct)
        if parsed is None:
            return None
        return _Found(parsed[0], parsed[1], "relative to the article date", anchored=True)
    if kind == "dayword":
        offset = {
            "the day before yesterday": -2,
            "yesterday": -1,
            "today": 0,
            "tonight": 0,
            "tomorrow": 1,
            "the day after tomorrow": 2,
        }[low]
        if dct is None:
            return _Found("DATE", None, f"{low}; {no_dct}")
        day = (dct + dt.timedelta(days=offset)).isoformat()
        if low == "tonight":
            return _Found("TIME", f"{day}TNI", "tonight", anchored=True)
        return _Found("DATE", day, f"{low}, from the article date", anchored=True)
    if kind == "ref":
        value = {"the past": "PAST_REF", "the future": "FUTURE_REF"}.get(low, "PRESENT_REF")
        return _Found("DATE", value, "indexical reference to " + value.split("_")[0].lower())
    if kind == "set":
        if low.endswith("quarter"):
            return _Found("SET", "P3M", "recurring, every quarter")
        for unit in ("year", "month", "week", "day"):
            if low.endswith(unit):
                return _Found("SET", f"P1{unit[0].upper()}", "recurring")
        wd = WEEKDAYS.index(s.split()[-1]) + 1
        return _Found("SET", f"XXXX-WXX-{wd}", "every week on this day")
    if kind == "holiday":
        return in_article_year("holiday", _HOLIDAYS[" ".join(s.split())])
    if kind == "weekday":
        wd = WEEKDAYS.index(s.split()[-1])
        if dct is None:
            return _Found("DATE", f"XXXX-WXX-{wd + 1}", "weekday; date unknown (no article date)")
        return _Found(
            "DATE",
            _weekday_date(dct, wd, ""),
            "last such weekday up to the article date",
            anchored=True,
        )
    if kind == "month":
        return in_article_year("month", f"{_MONTHS[s]:02d}")
    if kind == "year":
        return _Found("DATE", s, "year")
    return None


def _accept(kind: str, text: str, start: int, end: int) -> bool:
    """Context checks a pattern cannot express (May the modal verb, 2000 soldiers)."""
    if kind == "month" and text[start:end] in ("May", "March"):
        return _prev_word(text, start) in _TIME_PREPS
    if kind == "my" and "," in text[start:end]:  # "in May, 2000 soldiers"
        after = _next_word(text, end)
        return not (after[:1].islower() and after.lower() not in _AFTER_YEAR_OK)
    if kind == "year":
        if not 1800 <= int(text[start:end]) <= 2100:
            return False
        if _prev_word(text, start) in _TIME_PREPS:
            return True
        after = _next_word(text, end)
        return not (after[:1].islower() and after.lower() not in _AFTER_YEAR_OK)
    if kind == "duration":
        if "quarter" in text[start:end].lower() and _next_word(text, end).lower() == "of":
            return False  # "a quarter of the vote"
        first = text[start:end].split()[0].lower()
        if first in ("a", "an", "one", "some", "many", "few"):
            return _prev_word(text, start) in _DURATION_PREPS
    if kind == "holiday":  # "before Christmas", not "Christmas tree"
        after = _next_word(text, end)
        return not after[:1].islower() or after in ("and", "or")
    if kind == "season_alone":  # "until summer", not "summer school"
        after = _next_word(text, end)
        return _prev_word(text, start) in _SEASON_PREPS and not after[:1].islower()
    if kind == "weekday":
        return _prev_word(text, start) in {"on", "by", "until", "since", "from", "last", "next"}
    return True


def date_suggestions(
    text: str, paragraph: int = 0, dct: dt.date | None = None, anchor: str | None = None
) -> tuple[list[Suggestion], str | None]:
    """Dates of one paragraph, and the last concrete date in it (the anchor for the next)."""
    if not isinstance(text, str) or not text:
        return [], anchor
    candidates: list[tuple[int, int, int, str]] = []
    for priority, (name, rx) in enumerate(_PATTERNS):
        for m in rx.finditer(text):
            if m.end() > m.start() and _accept(name, text, m.start(), m.end()):
                candidates.append((m.start(), -(m.end() - m.start()), priority, name))
    candidates.sort()
    out: list[Suggestion] = []
    taken_until = -1
    for start, neg_len, _, name in candidates:
        end = start - neg_len
        if start < taken_until:
            continue
        found = _interpret(name, text[start:end], dct, anchor)
        if found is None:
            continue
        value = found.value
        if value is not None and check_timex_value(found.timex_type, value) is not None:
            value = None
        attrs = {
            "timex_type": found.timex_type,
            "value": value,
            "mod": found.mod,
            "anchored_to_dct": found.anchored,
        }
        s = make(text, paragraph, start, end, "date", attrs, found.reason, SUGGESTER)
        if s is None:
            continue
        out.append(s)
        taken_until = end
        if value and found.timex_type == "DATE" and value[:4].isdigit():
            anchor = value
    return out, anchor


def suggest_dates(
    paragraphs: Sequence[str], dct: dt.date | None = None, skip: Sequence[int] = ()
) -> list[Suggestion]:
    """Date suggestions for every paragraph (indices in `skip` are left out)."""
    out: list[Suggestion] = []
    skipped = set(skip)
    for i, text in enumerate(paragraphs):
        if i in skipped:
            continue
        found, _ = date_suggestions(text, i, dct, None)
        out += found
    return out
