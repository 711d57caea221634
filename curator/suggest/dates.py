"""Date suggester: temporal expressions with TIMEX3 type and value at the stated precision.

The grammar and the vocabulary live in the domain layer (`curator.domain.temporal`,
`curator.domain.resolve`, one `curator/domain/calendar/<lang>.toml` per language), shared with
the attribute form's pre-fill (`curator.domain.timex.parse_timex_from_text`). This module runs
them over an article's paragraphs, in the article's language, and makes `Suggestion`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from curator.domain.calendars import CALENDARS, Calendar, calendar_for, guess_calendar
from curator.domain.resolve import DateState, find_dates
from curator.suggest.base import Suggestion, make

__all__ = ["MONTH_NAMES", "WEEKDAYS", "date_suggestions", "suggest_dates"]

SUGGESTER = "dates"

MONTH_NAMES = tuple(forms[0].capitalize() for forms in CALENDARS["en"].months)
"""English month names (from the calendar file; not `calendar.month_name`, which follows
the process locale)."""
WEEKDAYS = tuple(forms[0].capitalize() for forms in CALENDARS["en"].weekdays)
"""English weekday names, Monday first (`date.weekday()` order)."""


def _calendar(lang: str | None, texts: Sequence[str]) -> Calendar:
    if lang and lang.split("-")[0].lower() in CALENDARS:
        return calendar_for(lang)
    return guess_calendar(list(texts)) if texts else calendar_for(lang)


def date_suggestions(
    text: str,
    paragraph: int = 0,
    dct: dt.date | None = None,
    anchor: str | None = None,
    *,
    lang: str | None = None,
    state: DateState | None = None,
) -> tuple[list[Suggestion], str | None]:
    """Dates of one paragraph, and the last concrete date in it (the anchor for the next)."""
    if not isinstance(text, str) or not text:
        return [], anchor
    if state is None:
        state = DateState(dct, anchor)
    cal = calendar_for(lang)
    out: list[Suggestion] = []
    for f in find_dates(text, cal, state):
        attrs = {
            "timex_type": f.timex_type,
            "value": f.value,
            "mod": f.mod,
            "anchored_to_dct": f.anchored,
        }
        s = make(text, paragraph, f.start, f.end, "date", attrs, f.reason, SUGGESTER)
        if s is not None:
            out.append(s)
    return out, state.anchor


def suggest_dates(
    paragraphs: Sequence[str],
    dct: dt.date | None = None,
    skip: Sequence[int] = (),
    lang: str | None = None,
) -> list[Suggestion]:
    """Date suggestions for every paragraph (indices in `skip` are left out), in the
    article's language (`lang`, guessed from the text when it has no calendar file)."""
    cal = _calendar(lang, paragraphs)
    state = DateState(dct)
    out: list[Suggestion] = []
    skipped = set(skip)
    for i, text in enumerate(paragraphs):
        if i in skipped:
            continue
        found, _ = date_suggestions(text, i, dct, lang=cal.lang, state=state)
        out += found
    return out
