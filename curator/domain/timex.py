"""TIMEX3 (ISO-TimeML) values: validation, precision, and a best-effort parser.

`check_timex_value` validates the `value` attribute of a TIMEX3 annotation at the precision
the text actually states (``2022``, ``2022-01``, ``XXXX-05-16``, ``P10Y``...) and returns a
short reason when it is wrong. `parse_timex_from_text` guesses a (type, value) pair from an
editor's selection to pre-fill the attribute form, with the date suggester's grammar and
calendar files; it returns None rather than guess wildly.

The regular expressions have no nested or overlapping quantifiers, so matching is linear in
the input length.
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
                from curator.domain.calendars import CALENDARS  # only for this message

                where = CALENDARS["en"].months[int(month) - 1][0].capitalize()
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


# --- pre-filling the form from the selected text ---------------------------------------

_MAX_TEXT = 80  # a date expression is short; longer selections are not parsed at all


def parse_timex_from_text(
    text: str, dct: datetime.date | None = None, lang: str | None = None
) -> tuple[str, str] | None:
    """Best-effort (type, value) for a selected date expression, to pre-fill a form.

    The selection is read with the suggester's grammar (`curator.domain.resolve`) in `lang`
    (every language with a calendar file, English first, when None) and must be one
    expression, apart from a preposition before it. Examples: "May 16" -> DATE 2022-05-16
    with a 2022 document creation time (`dct`), else XXXX-05-16; "16 May 2022", "5 de mayo
    de 2022", "16.05.2022" -> 2022-05-16; "in 2021" -> 2021; "the 1990s" -> 199; "10 years"
    -> DURATION P10Y; "yesterday" -> the day before `dct`, XXXX-XX-XX without it. Returns None
    when unsure; never raises. Every value returned passes `check_timex_value` for its type.
    """
    if not isinstance(text, str) or len(text) > _MAX_TEXT:
        return None
    from curator.domain.calendars import CALENDARS, calendar_for
    from curator.domain.resolve import DateState, find_dates

    norm = " ".join(text.split()).strip(" .,;:!?()[]\"'“”‘’")
    if isinstance(dct, datetime.datetime):
        dct = dct.date()
    if dct is not None and not isinstance(dct, datetime.date):
        dct = None
    if lang:
        calendars = [calendar_for(lang)]
    else:
        calendars = [CALENDARS["en"], *(c for k, c in CALENDARS.items() if k != "en")]
    for cal in calendars:
        try:
            found = find_dates(norm, cal, DateState(dct, running_text=False))
        except (ValueError, OverflowError):  # dates at the ends of the calendar
            continue
        if len(found) != 1 or found[0].value is None:
            continue
        f = found[0]
        rest = norm[: f.start].strip(" ,").lower()
        if norm[f.end :].strip(" .,") or (rest and rest not in (*cal.preps, *cal.determiners)):
            continue
        if check_timex_value(f.timex_type, f.value) is None:
            return f.timex_type, f.value
    return None
