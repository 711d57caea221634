"""TIMEX3 value validation, precision and the best-effort text parser."""

from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.domain.timex import (
    TIMEX_MODS,
    TIMEX_TYPES,
    check_timex_value,
    parse_timex_from_text,
    timex_precision,
)

DCT = datetime.date(2022, 5, 20)


def test_constants() -> None:
    assert TIMEX_TYPES == ("DATE", "TIME", "DURATION", "SET")
    assert len(TIMEX_MODS) == 12
    assert {"APPROX", "START", "MID", "END", "ON_OR_AFTER", "EQUAL_OR_MORE"} <= set(TIMEX_MODS)


@pytest.mark.parametrize(
    "value",
    [
        "2021",
        "2022-01",
        "2022-05-16",
        "2024-02-29",
        "2000-02-29",
        "XXXX-05-16",
        "XXXX-XX-16",
        "XXXX-02-29",
        "19XX",
        "2022-W01",
        "2022-W52",
        "2020-W53",
        "2022-W20-1",
        "2022-W20-7",
        "2022-W20-WE",
        "2022-Q1",
        "2022-Q4",
        "2022-H2",
        "2022-SP",
        "2022-SU",
        "2022-FA",
        "2022-WI",
        "199",
        "20",
        "PRESENT_REF",
        "PAST_REF",
        "FUTURE_REF",
    ],
)
def test_valid_dates(value: str) -> None:
    assert check_timex_value("DATE", value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2022-13-40", "month 13"),
        ("2022-00", "month 00"),
        ("2022-02-30", "day 30"),
        ("2022-02-29", "day 29"),
        ("2023-04-31", "day 31"),
        ("2022-05-00", "day 00"),
        ("XXXX-02-30", "day 30"),
        ("2022-W54", "week 54"),
        ("2022-W00", "week 00"),
        ("2022-W53", "week 53"),
        ("2022-W20-8", "weekday 8"),
        ("2022-Q5", "quarter 5"),
        ("2022-H3", "half 3"),
        ("2022-5-16", "not a TIMEX3 date"),
        ("22022", "not a TIMEX3 date"),
        ("2022-AU", "not a TIMEX3 date"),
        ("2022/05/16", "not a TIMEX3 date"),
        ("May 2022", "not a TIMEX3 date"),
        ("2022-05-16T10:00", "TIME"),
        ("P10Y", "not a TIMEX3 date"),
        ("", "empty"),
    ],
)
def test_invalid_dates_have_a_reason(value: str, words: str) -> None:
    reason = check_timex_value("DATE", value)
    assert reason is not None
    assert words in reason


def test_month_reason_for_2022_13_40() -> None:
    assert check_timex_value("DATE", "2022-13-40") == "month 13 is out of range"
    assert "February 2022" in (check_timex_value("DATE", "2022-02-30") or "")


@pytest.mark.parametrize(
    "value",
    [
        "2022-05-16T14",
        "2022-05-16T14:30",
        "2022-05-16T14:30:59",
        "2022-05-16T00:00",
        "2022-05-16T24:00",
        "2022-05-16T14:30Z",
        "2022-05-16T14:30+02:00",
        "2022-05-16T14:30-05:00",
        "2022-05-16TMO",
        "2022-05-16TAF",
        "2022-05-16TEV",
        "2022-05-16TNI",
        "2022-05-16TDT",
        "XXXX-XX-XXT14:30",
        "XXXX-05-16T09:00",
        "2022-W20-1TEV",
        "PRESENT_REF",
    ],
)
def test_valid_times(value: str) -> None:
    assert check_timex_value("TIME", value) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2022-05-16T25:00", "hour 25"),
        ("2022-05-16T24:30", "24:00"),
        ("2022-05-16T14:60", "minute 60"),
        ("2022-05-16T14:30:61", "second 61"),
        ("2022-05-16T14:30+15:00", "time zone"),
        ("2022-02-30T10:00", "day 30"),
        ("2022-05T10:00", "full date"),
        ("2022-05-16TXX:YY", "time of day"),
        ("2022-05-16TMORNING", "time of day"),
        ("2022-05-16T", "time of day"),
        ("T14:30", "date part"),
        ("2022-05-16", "DATE"),
    ],
)
def test_invalid_times(value: str, words: str) -> None:
    reason = check_timex_value("TIME", value)
    assert reason is not None
    assert words in reason


@pytest.mark.parametrize(
    "value",
    [
        "P10Y",
        "P3M",
        "P2W",
        "P1D",
        "P1DT2H",
        "PT30M",
        "PT1H30M",
        "PT45S",
        "P1.5Y",
        "PT0.5H",
        "PXY",
        "PXD",
        "PXM",
        "PTXH",
        "P1Y2M3DT4H5M6S",
        "PXDE",
        "P2CE",
    ],
)
def test_valid_durations(value: str) -> None:
    assert check_timex_value("DURATION", value) is None


@pytest.mark.parametrize(
    "value",
    [
        "P",
        "PT",
        "P10",
        "10Y",
        "P10YT",
        "PY",
        "P1M1Y",
        "P1Y1Y",
        "PT1D",
        "P1H",
        "P1.5Y2M",
        "P-1Y",
        "p10y",
        "P 10Y",
        "2022",
    ],
)
def test_invalid_durations(value: str) -> None:
    assert check_timex_value("DURATION", value) is not None


def test_duration_reasons() -> None:
    assert check_timex_value("DURATION", "P10") == "'P10' is not a TIMEX3 duration"
    assert "no duration component" in (check_timex_value("DURATION", "P") or "")


@pytest.mark.parametrize(
    "value", ["P1W", "P1D", "PT12H", "XXXX-WXX-1", "XXXX-XX-XXTEV", "XXXX-XX-15", "XXXX-WXX-WE"]
)
def test_valid_sets(value: str) -> None:
    assert check_timex_value("SET", value) is None


@pytest.mark.parametrize("value", ["2022-05-16", "P", "XXXX-13", "PRESENT_REF", "XXXX-XX-XXT25"])
def test_invalid_sets(value: str) -> None:
    assert check_timex_value("SET", value) is not None


def test_unknown_type() -> None:
    reason = check_timex_value("date", "2022")
    assert reason is not None and "DATE" in reason


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("2022", "year"),
        ("2022-05", "month"),
        ("2022-05-16", "day"),
        ("XXXX-05-16", "day"),
        ("2022-W20", "week"),
        ("2022-W20-3", "day"),
        ("2022-Q2", "quarter"),
        ("2022-H1", "half"),
        ("2022-SU", "season"),
        ("199", "decade"),
        ("20", "century"),
        ("2022-05-16T10:00", "time"),
        ("2022-05-16TEV", "time"),
        ("P10Y", "duration"),
        ("PRESENT_REF", "ref"),
        ("nonsense", "unknown"),
        ("2022-13", "unknown"),
    ],
)
def test_timex_precision(value: str, precision: str) -> None:
    assert timex_precision(value) == precision


@pytest.mark.parametrize(
    ("text", "without_dct", "with_dct"),
    [
        ("May 16", ("DATE", "XXXX-05-16"), ("DATE", "2022-05-16")),
        ("16 May 2022", ("DATE", "2022-05-16"), ("DATE", "2022-05-16")),
        ("May 16, 2022", ("DATE", "2022-05-16"), ("DATE", "2022-05-16")),
        ("on Monday, May 16, 2022", ("DATE", "2022-05-16"), ("DATE", "2022-05-16")),
        ("the 16th of May", ("DATE", "XXXX-05-16"), ("DATE", "2022-05-16")),
        ("Sept. 3", ("DATE", "XXXX-09-03"), ("DATE", "2022-09-03")),
        ("January 2022", ("DATE", "2022-01"), ("DATE", "2022-01")),
        ("2021", ("DATE", "2021"), ("DATE", "2021")),
        ("in 2021", ("DATE", "2021"), ("DATE", "2021")),
        ("2022-05-16", ("DATE", "2022-05-16"), ("DATE", "2022-05-16")),
        ("16.05.2022", ("DATE", "2022-05-16"), ("DATE", "2022-05-16")),
        ("the 1990s", ("DATE", "199"), ("DATE", "199")),
        ("10 years", ("DURATION", "P10Y"), ("DURATION", "P10Y")),
        ("20 years", ("DURATION", "P20Y"), ("DURATION", "P20Y")),
        ("for 20 years", ("DURATION", "P20Y"), ("DURATION", "P20Y")),
        ("three months", ("DURATION", "P3M"), ("DURATION", "P3M")),
        ("twelve weeks", ("DURATION", "P12W"), ("DURATION", "P12W")),
        ("a day", ("DURATION", "P1D"), ("DURATION", "P1D")),
        ("two hours", ("DURATION", "PT2H"), ("DURATION", "PT2H")),
        ("several years", ("DURATION", "PXY"), ("DURATION", "PXY")),
        ("this year", ("DATE", "XXXX"), ("DATE", "2022")),
        ("last year", ("DATE", "XXXX"), ("DATE", "2021")),
        ("next month", ("DATE", "XXXX-XX"), ("DATE", "2022-06")),
        ("yesterday", ("DATE", "XXXX-XX-XX"), ("DATE", "2022-05-19")),
        ("today", ("DATE", "XXXX-XX-XX"), ("DATE", "2022-05-20")),
        ("Tomorrow", ("DATE", "XXXX-XX-XX"), ("DATE", "2022-05-21")),
        ("now", ("DATE", "PRESENT_REF"), ("DATE", "PRESENT_REF")),
        ("the 30th anniversary", None, None),
        ("February 30", None, None),
        ("May", None, None),
        ("", None, None),
        ("the minister said", None, None),
    ],
)
def test_parse_timex_from_text(
    text: str, without_dct: tuple[str, str] | None, with_dct: tuple[str, str] | None
) -> None:
    assert parse_timex_from_text(text) == without_dct
    assert parse_timex_from_text(text, DCT) == with_dct


def test_parse_relative_across_year_boundaries() -> None:
    new_year = datetime.date(2022, 1, 1)
    assert parse_timex_from_text("yesterday", new_year) == ("DATE", "2021-12-31")
    assert parse_timex_from_text("last month", new_year) == ("DATE", "2021-12")
    assert parse_timex_from_text("this week", new_year) == ("DATE", "2021-W52")
    assert parse_timex_from_text("May 16", datetime.datetime(2023, 3, 1, 12, 0)) == (
        "DATE",
        "2023-05-16",
    )


def test_parse_at_the_ends_of_the_calendar_returns_none() -> None:
    assert parse_timex_from_text("yesterday", datetime.date.min) is None
    assert parse_timex_from_text("tomorrow", datetime.date.max) is None


def test_leap_day_depends_on_dct_year() -> None:
    assert parse_timex_from_text("February 29") == ("DATE", "XXXX-02-29")
    assert parse_timex_from_text("February 29", datetime.date(2024, 1, 1)) == (
        "DATE",
        "2024-02-29",
    )
    assert parse_timex_from_text("February 29", DCT) is None


@pytest.mark.parametrize(
    "evil",
    [
        "1" * 50_000,
        "P" + "1" * 50_000,
        "P" + "1." * 25_000,
        "2022-" * 10_000,
        "XXXX-XX-XXT" + "1" * 50_000,
        "May " + "1" * 50_000,
        "a " * 50_000,
    ],
)
def test_linear_time_on_long_input(evil: str) -> None:
    start = time.perf_counter()
    for timex_type in TIMEX_TYPES:
        assert check_timex_value(timex_type, evil) is not None
    assert parse_timex_from_text(evil, DCT) is None
    assert time.perf_counter() - start < 1.0


_dateish = st.text(alphabet="0123456789X-WQHTPYMDS:.+Z ", max_size=24)
_english = st.lists(
    st.sampled_from(
        [
            "May",
            "16",
            "16th",
            "of",
            "2022",
            "in",
            "the",
            "years",
            "three",
            "this",
            "year",
            ",",
            ".",
            "today",
            "1990s",
            "a",
            "few",
            "months",
            "Monday,",
            "for",
            "16.05.2022",
            "on",
            "past",
        ]
    ),
    max_size=5,
).map(" ".join)
_dcts = st.none() | st.dates()


@settings(max_examples=300)
@given(st.sampled_from(TIMEX_TYPES) | st.text(max_size=8), st.text() | _dateish)
def test_check_timex_value_never_raises(timex_type: str, value: str) -> None:
    reason = check_timex_value(timex_type, value)
    assert reason is None or (isinstance(reason, str) and reason)
    assert isinstance(timex_precision(value), str)


@settings(max_examples=300)
@given(st.text() | _english | _dateish, _dcts)
def test_parse_never_raises_and_returns_valid_values(text: str, dct: datetime.date | None) -> None:
    result = parse_timex_from_text(text, dct)
    if result is not None:
        timex_type, value = result
        assert timex_type in TIMEX_TYPES
        assert check_timex_value(timex_type, value) is None


@given(st.dates())
def test_every_calendar_date_is_valid(day: datetime.date) -> None:
    assert check_timex_value("DATE", day.isoformat()) is None
    assert parse_timex_from_text(f"{day.day}.{day.month:02d}.{day.year:04d}") == (
        "DATE",
        day.isoformat(),
    )
