"""Date vocabulary per language: month and weekday names, number words, units, deictic words.

The vocabulary is data: one TOML file per language in `curator/domain/calendar/` (`en.toml`,
`fr.toml`...), whose keys are the fields of `Calendar`. To add a language, add a file; the
grammar (`curator.domain.temporal`) is the same for all of them. Entries are lower case and
may be phrases: a space matches any run of whitespace, "-" and "'" (also ’) match themselves
with no space around them. Inflected forms are listed as they occur ("ledna", "января").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from curator.domain.datafiles import language_files, toml_fields

__all__ = ["CALENDARS", "Calendar", "calendar_for", "guess_calendar", "load_calendar", "norm"]


def norm(phrase: str) -> str:
    """The lookup key of a word or phrase: lower case, ’ as ', single spaces."""
    return " ".join(phrase.replace("’", "'").replace("‘", "'").lower().split())


@dataclass(frozen=True, eq=False)  # hashed by identity: caches key on the loaded object
class Calendar:
    """The date words of one language."""

    lang: str
    """BCP-47 primary language tag."""
    months: tuple[tuple[str, ...], ...] = ()
    """Twelve lists of month names with their inflected forms, January first."""
    month_abbreviations: tuple[tuple[str, ...], ...] = ()
    """Twelve lists of abbreviations: dates only next to a day or a year."""
    weekdays: tuple[tuple[str, ...], ...] = ()
    """Seven lists of weekday names and forms (adjectives too: "nedělní"), Monday first."""
    ambiguous: tuple[str, ...] = ()
    """Names that are also common words ("may", "été"): a date only next to a day, a year,
    a preposition or a determiner."""
    names: tuple[str, ...] = ()
    """Names that are also proper names when capitalised ("Domingo", "Mars"): written with a
    capital, a date only next to a day, a year or a preposition."""
    weekday_preps: tuple[str, ...] = ()
    """The prepositions an ambiguous weekday must follow ("ve středu"; default `preps`)."""
    capitalised_nouns: bool = False
    """Every noun has a capital (de): a capital season or part of day is no name."""
    capitalised: bool = False
    """Month and weekday names are written with a capital (en, de): lower case alone is not
    a date."""
    markers: tuple[str, ...] = ()
    """Frequent function words that tell the language of a text."""
    ordinal_suffixes: tuple[str, ...] = ()
    """Letters glued to a day number ("1st", "1er"): part of the day."""
    decade_suffixes: tuple[str, ...] = ()
    """Letters glued to a round year that make a decade ("1990s", "90er", "90-х")."""
    decade_nouns: tuple[str, ...] = ()
    """Nouns before or after a round year that make a decade ("años 90", "90er Jahre")."""
    day_determiners: tuple[str, ...] = ()
    """Determiners that belong to a day-month date ("the 5th of May")."""
    numbers: dict[str, int] = field(default_factory=dict)
    """Number words (all inflected forms) -> value."""
    number_joiners: tuple[str, ...] = ()
    """Words or signs between tens and units ("forty-five", "treinta y cinco")."""
    number_compounds: tuple[str, ...] = ()
    """Templates of one-word compounds of units and tens ("{unit}und{tens}")."""
    ordinals: dict[str, int] = field(default_factory=dict)
    """Ordinal words for quarters and halves ("first" -> 1: "the first quarter of 2016")."""
    indefinite: tuple[str, ...] = ()
    """Indefinite articles, "one" before a unit ("a year")."""
    vague: tuple[str, ...] = ()
    """Vague quantities ("several", "a few"): durations PX..."""
    weak_vague: tuple[str, ...] = ()
    """Vague words that are mostly quantifiers ("some", "many"): a duration only after a
    duration preposition ("for some years")."""
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """year, month, week, day, decade, H (hour), MIN, Q (quarter), HALF (half-year),
    WE (weekend) -> all forms."""
    bare_units: tuple[str, ...] = ()
    """Plural units that are a duration alone ("for years" -> PXY)."""
    bare_unit_preps: tuple[str, ...] = ()
    """Prepositions before a bare unit ("for")."""
    centuries: tuple[str, ...] = ()
    """The word century in all its forms ("siècle", "století")."""
    det_relative_is_duration: bool = False
    """"the past year", "the next week" (determiner, then last/next) are durations (en)."""
    more: tuple[str, ...] = ()
    """"more" between a number and a unit ("two more years")."""
    duration_leads: tuple[str, ...] = ()
    """Words before a number that keep it a duration ("the first two years")."""
    duration_preps: tuple[str, ...] = ()
    """Words before "a year" / "some years" that make it a duration ("for a year")."""
    mods: dict[str, str] = field(default_factory=dict)
    """Quantity modifiers inside a duration -> TIMEX3 mod ("more than" -> MORE_THAN)."""
    ago_after: tuple[str, ...] = ()
    """"ago" after the quantity ("two years ago", "два года назад")."""
    ago_before: tuple[str, ...] = ()
    """"ago" before the quantity ("il y a deux ans", "hace dos años", "vor zwei Jahren")."""
    later: tuple[str, ...] = ()
    """"later" after a quantity: counted from the last date named ("ten years later")."""
    earlier: tuple[str, ...] = ()
    """"earlier" after a quantity ("two days earlier", "the day before")."""
    later_prepositions: tuple[str, ...] = ()
    """`later`/`earlier` words that are also prepositions ("after", "avant"): "two days
    after the vote" counts from the vote, not from a date."""
    until: tuple[str, ...] = ()
    """"until" words: a season after one without a tense cue is ahead ("until summer")."""
    relative: dict[str, int] = field(default_factory=dict)
    """last/this/next words (any position: "next week", "la semana pasada") -> -1, 0, 1."""
    previous: tuple[str, ...] = ()
    """The `relative` words for "the one before" ("previous", "précédent"): "the previous
    day" counts back from the last date named, "the last day" does not."""
    following: tuple[str, ...] = ()
    """The `relative` words for "the one after" ("following", "suivant"): counted from the
    last date named, not from the article date."""
    ref_after_prep: dict[str, str] = field(default_factory=dict)
    """Words that are PAST_REF/FUTURE_REF after a preposition and determiner ("in the past")."""
    ref_preps: tuple[str, ...] = ()
    """The prepositions of `ref_after_prep`."""
    deictic: dict[str, str] = field(default_factory=dict)
    """Words resolved from the article date: "day-1", "day+1", "today", "night", "evening",
    "morning", "year+0", "year-1", "anchor-1", "anchor+1" or a TIMEX3 value (PRESENT_REF)."""
    edges: dict[str, str] = field(default_factory=dict)
    """Early/mid/late words before a period -> TIMEX3 mod START, MID, END."""
    seasons: dict[str, str] = field(default_factory=dict)
    """Season words -> SP, SU, FA, WI."""
    day_parts: dict[str, str] = field(default_factory=dict)
    """Parts of the day -> MO, AF, EV, NI."""
    every: tuple[str, ...] = ()
    """"every"/"each": a SET with the unit, weekday or part of day after it."""
    frequency: dict[str, int] = field(default_factory=dict)
    """"once"/"twice" before `per` and a unit: a SET."""
    per: tuple[str, ...] = ()
    """"a"/"per" in "twice a year"."""
    determiners: tuple[str, ...] = ()
    """Determiners that belong to the expression ("the 1990s", "la semana pasada")."""
    of: tuple[str, ...] = ()
    """"of"/"de" inside a date ("5 de mayo de 2014")."""
    preps: tuple[str, ...] = ()
    """Words before a bare year, month, season or ambiguous name that make it a date."""
    year_ok_after: tuple[str, ...] = ()
    """Lower-case words that may follow a bare year ("in 2018, when"; "2014 and 2015")."""
    year_words: tuple[str, ...] = ()
    """The word year after a year number, part of the date ("2014 года", "roku 2014")."""
    age_before: tuple[str, ...] = ()
    """Words before "45 years" that make it an age, which is not annotated."""
    age_after: tuple[str, ...] = ()
    """Words after "45 years" that make it an age ("old")."""
    holidays: dict[str, str] = field(default_factory=dict)
    """Fixed holidays -> MM-DD."""
    clock_preps: tuple[str, ...] = ()
    """Prepositions that make a bare H:MM a time of day ("at 8:30")."""
    clock_words: tuple[str, ...] = ()
    """Words after an hour that make it a time of day ("20 Uhr", "15 heures")."""
    future: tuple[str, ...] = ()
    """Future-tense words ("will", "wird", "bude"): a bare weekday or season goes forward."""
    past: tuple[str, ...] = ()
    """Past-tense words ("said", "war"): a bare weekday or season goes back."""
    complementizers: tuple[str, ...] = ()
    """Words that open a clause ("that", "que", "že"): the tense of a date is read in its own
    clause ("said that talks could last until summer")."""
    future_suffixes: tuple[str, ...] = ()
    """Endings of future verb forms ("-rá", "-ront")."""
    past_suffixes: tuple[str, ...] = ()
    """Endings of past verb forms ("-ed", "-aron", "-ала")."""


_CALENDAR_DIR = resources.files("curator.domain") / "calendar"
"""One TOML file per language (`en.toml`): the fields of `Calendar`."""


def load_calendar(text: str, source: str) -> Calendar:
    """A `Calendar` from the TOML of one language file; unknown keys are refused."""
    data = toml_fields(text, source, Calendar, "calendar")
    values: dict[str, object] = {}
    for key, value in data.items():
        if key in ("months", "month_abbreviations", "weekdays"):
            values[key] = tuple(tuple(norm(w) for w in forms) for forms in value)
        elif key == "units":
            values[key] = {u: tuple(norm(w) for w in forms) for u, forms in value.items()}
        elif isinstance(value, dict):
            values[key] = {norm(k): v for k, v in value.items()}
        elif isinstance(value, list):
            values[key] = tuple(norm(w) for w in value)
        else:
            values[key] = value
    cal = Calendar(**values)  # type: ignore[arg-type]
    for key, size in (("months", 12), ("month_abbreviations", 12), ("weekdays", 7)):
        if getattr(cal, key) and len(getattr(cal, key)) != size:
            raise ValueError(f"{source}: {key} needs {size} lists")
    return cal


CALENDARS: dict[str, Calendar] = language_files(_CALENDAR_DIR, load_calendar)
"""Language tag -> date vocabulary, read from the package's `calendar/*.toml`."""
NEUTRAL = Calendar(lang="und")
"""No words: only numeric dates (2022-05-16, 16.05.2022) and years."""


def calendar_for(lang: str | None) -> Calendar:
    """The vocabulary of a language tag; English when None, no words when unknown."""
    if not lang:
        return CALENDARS["en"]
    return CALENDARS.get(lang.split("-")[0].lower(), NEUTRAL)


@cache
def _marker_sets() -> dict[str, frozenset[str]]:
    return {lang: frozenset(c.markers) for lang, c in CALENDARS.items() if c.markers}


def guess_calendar(texts: list[str]) -> Calendar:
    """The vocabulary whose function words occur most in `texts` (ties: ru for Cyrillic
    text, else en)."""
    sample = " ".join(t[:2000] for t in texts[:40]).lower()
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in sample)
    latin = sum(ch.isascii() and ch.isalpha() for ch in sample)
    first = "ru" if cyrillic > latin else "en"  # the language that wins a tie
    counts = dict.fromkeys(sorted(_marker_sets(), key=lambda k: k != first), 0)
    for word in sample.replace("’", "'").split():
        word = word.strip(".,;:!?\"'()«»„“”")
        for lang, words in _marker_sets().items():
            if word in words:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k], default="en")
    return CALENDARS[best] if counts.get(best) else CALENDARS["en"]
