"""TIMEX3 (ISO-TimeML) values: validation, precision, and a best-effort parser.

`check_timex_value` validates the `value` attribute of a TIMEX3 annotation at the precision
the text actually states (``2022``, ``2022-01``, ``XXXX-05-16``, ``P10Y``...) and returns a
short reason when it is wrong. `parse_timex_from_text` guesses a (type, value) pair from an
editor's selection to pre-fill the attribute form; it returns None rather than guess wildly.

Everything here is plain stdlib. The regular expressions have no nested or overlapping
quantifiers, so matching is linear in the input length.
"""

from __future__ import annotations

import calendar
import datetime
import re

__all__ = [
    "TIMEX_MODS",
    "TIMEX_TYPES",
    "check_timex_value",
    "parse_timex_from_text",
    "timex_precision",
]

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
"""The four TIMEX3 types."""

TIMEX_MODS = (
    "BEFORE",
    "AFTER",
    "ON_OR_BEFORE",
    "ON_OR_AFTER",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
    "START",
    "MID",
    "END",
    "APPROX",
)
"""TIMEX3 `mod` values (ISO-TimeML)."""

REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
"""Indexical DATE values ("now", "the past", "the future")."""

PARTS_OF_DAY = ("MO", "AF", "EV", "NI", "DT")
"""Morning, afternoon, evening, night, daytime: the ``T`` suffixes ``TMO``... ``TDT``."""

# Year, then at most one finer part. Digits may be X (unknown). The ranges of the captured
# fields are checked in code so that the reason can name the wrong field.
_DATE_RE = re.compile(
    r"(?P<year>[0-9X]{4})"
    r"(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?"
    r"|-W(?P<week>[0-9X]{2})(?:-(?:(?P<wday>[0-9X])|(?P<weekend>WE)))?"
    r"|-Q(?P<quarter>[0-9X])"
    r"|-H(?P<half>[0-9X])"
    r"|-(?P<season>SP|SU|FA|WI))?",
    re.ASCII,
)
_DECADE_RE = re.compile(r"[0-9X]{3}", re.ASCII)
_CENTURY_RE = re.compile(r"[0-9X]{2}", re.ASCII)
_CLOCK_RE = re.compile(
    r"(?P<hour>[0-9X]{2})(?::(?P<minute>[0-9X]{2})(?::(?P<second>[0-9X]{2}))?)?"
    r"(?P<tz>Z|[+-](?P<tzh>[0-9]{2}):(?P<tzm>[0-9]{2}))?",
    re.ASCII,
)
# One duration component: a number (or X) and a unit. DE/CE/ML are the TimeML decade,
# century and millennium units ("for decades" -> PXDE).
_DURATION_ITEM_RE = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?|X)(?P<unit>ML|CE|DE|Y|M|W|D|H|S)")
_DATE_UNITS = ("ML", "CE", "DE", "Y", "M", "W", "D")
_TIME_UNITS = ("H", "M", "S")

# English names, not calendar.month_name, which follows the process locale.
_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _show(value: str, limit: int = 40) -> str:
    """repr() of a value, shortened so that error messages stay short."""
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)


def _fits(field: str, lo: int, hi: int) -> bool:
    """Whether a fixed-width digit field (digits may be X) can denote a number in [lo, hi]."""
    if "X" not in field:
        return lo <= int(field) <= hi
    width = len(field)
    for n in range(lo, hi + 1):
        digits = f"{n:0{width}d}"
        if len(digits) == width and all(f in ("X", d) for f, d in zip(field, digits, strict=True)):
            return True
    return False


def _is_concrete(field: str | None) -> bool:
    return field is not None and "X" not in field


def _days_in_month(year: str, month: str) -> int:
    """The longest day the (possibly X-ed) year and month allow."""
    if not _is_concrete(month):
        return 31
    m = int(month)
    if m == 2:
        return 29 if not _is_concrete(year) or calendar.isleap(int(year)) else 28
    return calendar.mdays[m]


def _has_week_53(year: int) -> bool:
    # ISO: a year has 53 weeks iff 28 December falls in week 53.
    return year >= 1 and datetime.date(year, 12, 28).isocalendar()[1] == 53


def _date_reason(value: str) -> tuple[str | None, str | None]:
    """Check a DATE value. Returns (precision, reason): one of them is None."""
    if value in REFS:
        return "ref", None
    if _CENTURY_RE.fullmatch(value):
        return "century", None
    if _DECADE_RE.fullmatch(value):
        return "decade", None
    m = _DATE_RE.fullmatch(value)
    if m is None:
        return None, f"{_show(value)} is not a TIMEX3 date"
    year, month, day = m["year"], m["month"], m["day"]
    if month is not None:
        if not _fits(month, 1, 12):
            return None, f"month {month} is out of range"
        if day is None:
            return "month", None
        last = _days_in_month(year, month)
        if not _fits(day, 1, last):
            if _is_concrete(month):
                where = _MONTH_NAMES[int(month)]
                if _is_concrete(year):
                    where += f" {year}"
                return None, f"day {day} is out of range for {where}"
            return None, f"day {day} is out of range"
        return "day", None
    if m["week"] is not None:
        week = m["week"]
        if not _fits(week, 1, 53):
            return None, f"week {week} is out of range"
        if week == "53" and _is_concrete(year) and not _has_week_53(int(year)):
            return None, f"{year} has no ISO week 53"
        if m["wday"] is not None:
            if not _fits(m["wday"], 1, 7):
                return None, f"weekday {m['wday']} is out of range (1 = Monday ... 7 = Sunday)"
            return "day", None
        return "week", None
    if m["quarter"] is not None:
        if not _fits(m["quarter"], 1, 4):
            return None, f"quarter {m['quarter']} is out of range"
        return "quarter", None
    if m["half"] is not None:
        if not _fits(m["half"], 1, 2):
            return None, f"half {m['half']} is out of range"
        return "half", None
    if m["season"] is not None:
        return "season", None
    return "year", None


def _time_reason(value: str) -> str | None:
    """Check a TIME value: a day-precision DATE, ``T``, then a clock time or a part of day."""
    if value in REFS:
        return None
    date_part, sep, clock = value.partition("T")
    if not sep:
        return f"{_show(value)} is not a TIMEX3 time (date, T, then HH:MM or TMO/TAF/TEV/TNI)"
    if not date_part:
        return f"{_show(value)} has no date part (write an unknown date as XXXX-XX-XX{value})"
    precision, reason = _date_reason(date_part)
    if reason:
        return reason
    if precision != "day":
        return f"a time needs a full date before T, not {_show(date_part)}"
    if clock in PARTS_OF_DAY:
        return None
    m = _CLOCK_RE.fullmatch(clock)
    if m is None:
        return f"{_show('T' + clock)} is not a TIMEX3 time of day (THH:MM or TMO/TAF/TEV/TNI/TDT)"
    hour, minute, second = m["hour"], m["minute"], m["second"]
    if hour == "24":
        if any(f is not None and f.strip("0X") for f in (minute, second)):
            return "hour 24 is only valid as 24:00"
    elif not _fits(hour, 0, 23):
        return f"hour {hour} is out of range"
    if minute is not None and not _fits(minute, 0, 59):
        return f"minute {minute} is out of range"
    if second is not None and not _fits(second, 0, 59):
        return f"second {second} is out of range"
    if m["tzh"] is not None and (int(m["tzh"]) > 14 or int(m["tzm"]) > 59):
        return f"time zone offset {m['tz']} is out of range"
    return None


def _duration_reason(value: str) -> str | None:
    """Check an ISO 8601 duration such as P10Y, P1DT2H, PT30M, P1.5Y or PXY."""
    not_duration = f"{_show(value)} is not a TIMEX3 duration"
    if not value.startswith("P"):
        return not_duration
    date_part, sep, time_part = value[1:].partition("T")
    if not date_part and not sep:
        return f"{_show(value)} has no duration component (e.g. P10Y, PT30M)"
    if sep and not time_part:
        return f"{_show(value)} has no component after T (e.g. PT30M)"
    fraction_seen = False
    for part, units in ((date_part, _DATE_UNITS), (time_part, _TIME_UNITS)):
        pos, last_rank = 0, -1
        while pos < len(part):
            m = _DURATION_ITEM_RE.match(part, pos)
            if m is None or m["unit"] not in units:
                return not_duration
            if fraction_seen:
                return "only the last component of a duration may have a fraction"
            rank = units.index(m["unit"])
            if rank <= last_rank:
                return f"duration components of {_show(value)} are repeated or out of order"
            last_rank = rank
            fraction_seen = "." in m["num"]
            pos = m.end()
    return None


def check_timex_value(timex_type: str, value: str) -> str | None:
    """None when `value` is a valid TIMEX3 value for `timex_type`, else a short reason.

    DATE: ``2022``, ``2022-05``, ``2022-05-16``, ``2022-W20``, ``2022-W20-1``, ``2022-W20-WE``,
    ``2022-Q2``, ``2022-H1``, ``2022-SU``, decade ``202``, century ``20``, X for unknown digits
    (``XXXX-05-16``, ``19XX``), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``.
    TIME: a day-precision date, ``T``, then ``HH``, ``HH:MM`` or ``HH:MM:SS`` with an optional
    ``Z``/``±HH:MM`` zone, or a part of day (``TMO``, ``TAF``, ``TEV``, ``TNI``, ``TDT``).
    DURATION: ISO 8601 (``P10Y``, ``P1DT2H``, ``PT30M``, ``P1.5Y``, ``PXY``).
    SET: a duration (``P1W``) or a date/time pattern containing X (``XXXX-WXX-1``).
    """
    if not isinstance(timex_type, str) or not isinstance(value, str):
        return "type and value must be strings"
    if not value:
        return "the value is empty"
    if timex_type == "DATE":
        reason = _date_reason(value)[1]
        if reason and "T" in value and _time_reason(value) is None:
            return f"{_show(value)} has a time of day; use type TIME"
        return reason
    if timex_type == "TIME":
        reason = _time_reason(value)
        if reason and "T" not in value and _date_reason(value)[1] is None:
            return f"{_show(value)} has no time of day; use type DATE"
        return reason
    if timex_type == "DURATION":
        return _duration_reason(value)
    if timex_type == "SET":
        if value.startswith("P"):
            return _duration_reason(value)
        if "X" not in value or value in REFS:
            return (
                f"{_show(value)} is not a TIMEX3 set: use a duration (P1W) "
                "or a date pattern with X (XXXX-WXX-1)"
            )
        if "T" in value:
            return _time_reason(value)
        return _date_reason(value)[1]
    return f"unknown TIMEX3 type {_show(timex_type)} (expected one of {', '.join(TIMEX_TYPES)})"


def timex_precision(value: str) -> str:
    """The granularity of a TIMEX3 value, for display.

    One of year, month, day, week, quarter, half, season, decade, century, time, duration,
    ref; ``unknown`` when the value is not a valid TIMEX3 value.
    """
    if not isinstance(value, str) or not value:
        return "unknown"
    if value in REFS:
        return "ref"
    if value.startswith("P"):
        return "duration" if _duration_reason(value) is None else "unknown"
    if "T" in value:
        return "time" if _time_reason(value) is None else "unknown"
    precision, _ = _date_reason(value)
    return precision or "unknown"


# --- best-effort parsing of English date expressions -------------------------------------

_MONTHS: dict[str, int] = {}
for _n, _name in enumerate(_MONTH_NAMES[1:], start=1):
    _MONTHS[_name.lower()] = _n
    _MONTHS[_name[:3].lower()] = _n
_MONTHS["sept"] = 9
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_VAGUE_NUMBERS = ("several", "many", "a few", "few", "some")
_NUMBER_ALT = "|".join(
    [*sorted([*_NUMBER_WORDS, *_VAGUE_NUMBERS], key=len, reverse=True), r"[0-9]+(?:\.[0-9]+)?"]
)
_UNITS = {
    "year": "Y",
    "month": "M",
    "week": "W",
    "day": "D",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",  # "centuries" minus the plural s
    "hour": "TH",
    "minute": "TM",
    "second": "TS",
}
_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))

_ORD = r"(?:st|nd|rd|th)?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.ASCII))
    for name, rx in (
        ("iso_day", r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"),
        ("iso_month", r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})"),
        ("dotted", r"(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})"),
        (
            "month_day",
            rf"(?P<mon>{_MONTH_ALT})\.? (?:the )?(?P<d>[0-9]{{1,2}}){_ORD}"
            r"(?:,? (?P<y>[0-9]{4}))?",
        ),
        (
            "day_month",
            rf"(?:the )?(?P<d>[0-9]{{1,2}}){_ORD} (?:of )?(?P<mon>{_MONTH_ALT})\.?"
            r"(?:,? (?P<y>[0-9]{4}))?",
        ),
        ("month_year", rf"(?P<mon>{_MONTH_ALT})\.?,? (?:of )?(?P<y>[0-9]{{4}})"),
        ("year", r"(?:the year )?(?P<y>[0-9]{4})"),
        ("decade", r"(?:the )?(?P<y>[0-9]{3})0(?:'?s)"),
        ("duration", rf"(?P<n>{_NUMBER_ALT})[ -](?P<unit>{_UNIT_ALT})s?(?:-long)?"),
        (
            "relative",
            r"(?P<rel>this|last|next|the past|the last|the next) (?P<unit>year|month|week)",
        ),
    )
)
_PREPOSITIONS = ("in", "on", "since", "from", "by", "until", "till", "for", "during", "as of")
_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1}
_REF_WORDS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF",
}
_WEEKDAY_PREFIX = re.compile(r"^(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day,? (?=\S)")
_MAX_TEXT = 80  # a date expression is short; longer selections are not parsed at all


def _checked(timex_type: str, value: str) -> tuple[str, str] | None:
    return (timex_type, value) if check_timex_value(timex_type, value) is None else None


def _ymd(year: str | None, month: int, day: str, dct: datetime.date | None) -> str:
    if year is None:
        year = f"{dct.year:04d}" if dct is not None else "XXXX"
    return f"{year}-{month:02d}-{int(day):02d}"


def _parse(text: str, dct: datetime.date | None) -> tuple[str, str] | None:
    if text in _DAY_WORDS:
        if dct is None:
            return None
        return "DATE", (dct + datetime.timedelta(days=_DAY_WORDS[text])).isoformat()[:10]
    if text in _REF_WORDS:
        return "DATE", _REF_WORDS[text]
    for name, rx in _PATTERNS:
        m = rx.fullmatch(text)
        if m is None:
            continue
        g = m.groupdict()
        if name == "iso_day":
            return "DATE", f"{g['y']}-{g['m']}-{g['d']}"
        if name == "iso_month":
            return "DATE", f"{g['y']}-{g['m']}"
        if name == "dotted":
            return "DATE", f"{g['y']}-{int(g['m']):02d}-{int(g['d']):02d}"
        if name in ("month_day", "day_month"):
            return "DATE", _ymd(g["y"], _MONTHS[g["mon"]], g["d"], dct)
        if name == "month_year":
            return "DATE", f"{g['y']}-{_MONTHS[g['mon']]:02d}"
        if name == "year":
            return ("DATE", g["y"]) if 1000 <= int(g["y"]) <= 2999 else None
        if name == "decade":
            return "DATE", g["y"]
        if name == "duration":
            n = g["n"]
            number = str(_NUMBER_WORDS[n]) if n in _NUMBER_WORDS else n
            if n in _VAGUE_NUMBERS:
                number = "X"
            unit = _UNITS[g["unit"]]  # TH, TM, TS are the time units
            value = f"PT{number}{unit[1]}" if unit.startswith("T") else f"P{number}{unit}"
            return "DURATION", value
        if name == "relative":
            return _relative(g["rel"], g["unit"], dct)
    return None


def _relative(rel: str, unit: str, dct: datetime.date | None) -> tuple[str, str] | None:
    if rel.startswith("the "):  # "the past year" is a duration, "the last week" ambiguous
        return ("DURATION", f"P1{unit[0].upper()}") if rel == "the past" else None
    if dct is None:
        return None
    step = {"this": 0, "last": -1, "next": 1}[rel]
    if unit == "year":
        return "DATE", f"{dct.year + step:04d}"
    if unit == "month":
        months = dct.year * 12 + dct.month - 1 + step
        return "DATE", f"{months // 12:04d}-{months % 12 + 1:02d}"
    year, week, _ = (dct + datetime.timedelta(weeks=step)).isocalendar()
    return "DATE", f"{year:04d}-W{week:02d}"


def parse_timex_from_text(text: str, dct: datetime.date | None = None) -> tuple[str, str] | None:
    """Best-effort (type, value) for an English date expression, to pre-fill a form.

    Examples: "May 16" -> DATE 2022-05-16 with a 2022 document creation time (`dct`), else
    XXXX-05-16; "16 May 2022", "May 16, 2022", "2022-05-16", "16.05.2022" -> 2022-05-16;
    "January 2022" -> 2022-01; "in 2021" -> 2021; "the 1990s" -> 199; "10 years" -> DURATION
    P10Y; "three months" -> P3M; "this year", "yesterday", "today", "tomorrow" -> resolved
    against `dct` (None without it). Returns None when unsure; never raises. Every value
    returned passes `check_timex_value` for its type.
    """
    if not isinstance(text, str) or len(text) > _MAX_TEXT:
        return None
    norm = " ".join(text.split()).strip(" .,;:!?()[]\"'“”‘’").lower()
    if dct is not None and not isinstance(dct, datetime.date):
        dct = None
    norm = _WEEKDAY_PREFIX.sub("", norm, count=1)
    for prep in _PREPOSITIONS:
        if norm.startswith(prep + " "):
            norm = norm[len(prep) + 1 :]
            break
    try:
        result = _parse(norm, dct)
    except (ValueError, OverflowError):  # dates at the ends of the calendar
        return None
    return None if result is None else _checked(*result)
