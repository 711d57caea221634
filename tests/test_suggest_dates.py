"""The date suggester: the grammar over the calendar files, resolution, extents (synthetic text)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.domain.calendars import CALENDARS, calendar_for, guess_calendar, load_calendar
from curator.domain.temporal import _vocabulary, tokenize
from curator.domain.timex import check_timex_value, parse_timex_from_text
from curator.suggest.dates import MONTH_NAMES, WEEKDAYS, date_suggestions, suggest_dates

FRIDAY = dt.date(2017, 1, 13)
"""A Friday in January: weekdays and seasons go back or forward from it."""


def found(text: str, dct: dt.date | None = FRIDAY, lang: str = "en") -> list[tuple]:
    out, _ = date_suggestions(text, 0, dct, lang=lang)
    return [(s.text, s.attrs["timex_type"], s.attrs.get("value")) for s in out]


# -- the calendar files ---------------------------------------------------------------------


def test_every_required_language_has_a_calendar() -> None:
    assert {"en", "fr", "es", "pt", "de", "ru", "cs"} <= set(CALENDARS)
    for cal in CALENDARS.values():
        assert len(cal.months) == 12 and all(cal.months), cal.lang
        assert len(cal.weekdays) == 7 and all(cal.weekdays), cal.lang
        assert cal.units.get("year") and cal.numbers, cal.lang


def test_month_and_weekday_names_come_from_the_english_file() -> None:
    assert MONTH_NAMES[0] == "January" and MONTH_NAMES[11] == "December"
    assert WEEKDAYS == ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                        "Sunday")  # fmt: skip


def test_unknown_keys_and_wrong_list_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown calendar field"):
        load_calendar('lang = "xx"\nmonthz = []\n', "xx.toml")
    with pytest.raises(ValueError, match="12 lists"):
        load_calendar('lang = "xx"\nmonths = [["a"]]\n', "xx.toml")


def test_a_new_language_is_a_file() -> None:
    cal = load_calendar(
        'lang = "xx"\nago_after = ["fa"]\n[numbers]\ndue = 2\n[units]\nyear = ["anni"]\n',
        "xx.toml",
    )
    out = [t.roles for t in tokenize("due anni fa", cal)]
    assert out == [{"number": 2}, {"unit": "Y"}, {"ago": True}]


def test_unknown_language_keeps_numeric_dates_only() -> None:
    assert found("am 16.05.2022 und 2022-05-17, mai 2020", lang="xx") == [
        ("16.05.2022", "DATE", "2022-05-16"),
        ("2022-05-17", "DATE", "2022-05-17"),
        ("2020", "DATE", "2020"),
    ]


def test_language_is_guessed_from_the_text_without_a_declared_one() -> None:
    assert (
        guess_calendar(["Le ministre a dit que la réforme est pour les années à venir."]).lang
        == "fr"
    )
    assert guess_calendar(["Министр сказал, что реформа будет"]).lang == "ru"
    assert guess_calendar(["Міністр сказав, що реформа буде і для нас"]).lang == "uk"
    assert calendar_for("pt-BR").lang == "pt"


# -- English -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lower-case month next to a day; the modal verb alone is not a month
        ("It opens on 23 may in the hall.", [("23 may", "DATE", "2017-05-23")]),
        ("They may travel later.", []),
        # "late" is a vague modifier: outside the span
        ("The mayor told reporters late Thursday that", [("Thursday", "DATE", "2017-01-12")]),
        # a time of day, with no day stated
        ("The call came at 8:51 p.m. local time.", [("8:51 p.m.", "TIME", "XXXX-XX-XXT20:51")]),
        ("She woke up at 4 a.m. again.", [("4 a.m.", "TIME", "XXXX-XX-XXT04:00")]),
        # an age is not a date, whether or not "old" follows; the number is read whole
        ("We are forty five years in this town.", []),
        ("The 87 year-old singer and a 41-year-old aide.", []),
        ("They spent forty-five years abroad.", [("forty-five years", "DURATION", "P45Y")]),
        ("for twenty one days", [("twenty one days", "DURATION", "P21D")]),
        ("for two hundred years", [("two hundred years", "DURATION", "P200Y")]),
        ("over two weekends", []),
        ("in the near future", [("the near future", "DATE", "FUTURE_REF")]),
        # seasons, with the determiner
        ("Talks resumed in the autumn.", [("the autumn", "DATE", "2016-FA")]),
        ("The summer school opens.", []),
        ("after the fall of the city", []),
        ("They met in the fall.", [("the fall", "DATE", "2016-FA")]),
        # durations with quantifiers
        ("three more years of study", [("three more years", "DURATION", "P3Y")]),
        ("in those first few days of the war", [("those first few days", "DURATION", "PXD")]),
        ("over the last two years", [("the last two years", "DURATION", "P2Y")]),
        ("The unions have warned for years that", [("years", "DURATION", "PXY")]),
        ("a nine-month inquiry", [("nine-month", "DURATION", "P9M")]),
        # deictic words and references
        ("Prices are high now.", [("now", "DATE", "PRESENT_REF")]),
        ("She recently moved.", [("recently", "DATE", "PAST_REF")]),
        ("In the past, leaders paid a price.", [("the past", "DATE", "PAST_REF")]),
        ("He spoke about the future of the party.", []),
        ("the hottest trends today", [("today", "DATE", "PRESENT_REF")]),
        ("Today’s meeting is key.", [("Today", "DATE", "2017-01-13")]),
        ("The ministry said today that", [("today", "DATE", "2017-01-13")]),
        ("every morning", [("every morning", "SET", "XXXX-XX-XXTMO")]),
        # relative to the article date
        ("just last week they met", [("last week", "DATE", "2017-W01")]),
        ("18 months ago", [("18 months ago", "DATE", "2015-07")]),
        ("a week ago", [("a week ago", "DATE", "2017-W01")]),
        ("a few months ago", [("a few months ago", "DATE", "PAST_REF")]),
        ("in the early 1990s and the mid-1990s", [("the early 1990s", "DATE", "199"), ("the mid-1990s", "DATE", "199")]),
        ("when he ran in ’91", [("’91", "DATE", "1991")]),
        ("Tuesday night’s raid", [("Tuesday night", "TIME", "2017-01-10TNI")]),
        ("in Tuesday’s election", [("Tuesday", "DATE", "2017-01-10")]),
        ("during Black Friday sales", []),
        ("a Sunday Times report", []),
        ("The Spring Festival opened.", []),
        # a number after "and" is a year only when it reads as one
        ("sold 2,000 cars in 2015 and 1500 trucks", [("2015", "DATE", "2015")]),
        ("between 1990 and 1995.", [("1990", "DATE", "1990"), ("1995", "DATE", "1995")]),
        # parts of a year and of the current period
        ("in the second quarter of 2016", [("the second quarter of 2016", "DATE", "2016-Q2")]),
        ("in the first half", [("the first half", "DATE", "2017-H1")]),
        ("until the end of the year", [("the end of the year", "DATE", "2017")]),
        # counted from the last date named, or a vague number of units
        ("In 2014 he moved. The following year he left.", [("2014", "DATE", "2014"), ("The following year", "DATE", "2015")]),
        ("in the coming weeks", [("the coming weeks", "DURATION", "PXW")]),
        ("over the past decade", [("the past decade", "DURATION", "P1DE")]),
        ("last weekend", [("last weekend", "DATE", "2017-W01-WE")]),
        # sports seasons are not annotated; decades with an apostrophe
        ("in the 2017-18 season", []),
        ("in the ’60s", [("the ’60s", "DATE", "196")]),
        ("on 5/16/2022", [("5/16/2022", "DATE", "2022-05-16")]),
        ("But Monday’s vote", [("Monday", "DATE", "2017-01-09")]),
    ],
)  # fmt: skip
def test_english(text: str, expected: list) -> None:
    assert found(text) == expected


def test_weekdays_follow_the_tense_of_their_clause() -> None:
    # the article is dated Friday 13 January 2017
    assert found("He said on Monday that") == [("Monday", "DATE", "2017-01-09")]
    assert found("The minister travels on to Rome on Sunday, where he will meet") == [
        ("Sunday", "DATE", "2017-01-15")
    ]
    assert found("The court will rule on Wednesday.") == [("Wednesday", "DATE", "2017-01-18")]
    assert found("They said the vote would take place on Tuesday.") == [
        ("Tuesday", "DATE", "2017-01-10")
    ]
    assert found("Last Monday they met; next Monday they will meet again.") == [
        ("Last Monday", "DATE", "2017-01-09"),
        ("next Monday", "DATE", "2017-01-16"),
    ]


def test_a_reported_clause_keeps_its_own_tense() -> None:
    dct = dt.date(2024, 2, 10)
    assert found("An analyst told reporters that the dispute could last until summer.", dct) == [
        ("summer", "DATE", "2024-SU")
    ]
    assert found("The harvest was poor during the summer.", dct) == [
        ("the summer", "DATE", "2023-SU")
    ]


def test_without_an_article_date_deictic_values_stay_unresolved() -> None:
    assert found("Yesterday and tonight, on March 15 and last week", None) == [
        ("Yesterday", "DATE", "XXXX-XX-XX"),
        ("tonight", "TIME", "XXXX-XX-XXTNI"),
        ("March 15", "DATE", "XXXX-03-15"),
        ("last week", "DATE", "XXXX-WXX"),
    ]
    assert found("on Monday", None) == [("Monday", "DATE", "XXXX-WXX-1")]


def test_the_day_before_counts_from_the_last_date_named_in_the_article() -> None:
    out = suggest_dates(["On 9 January the talks opened.", "The day before, it rained."], FRIDAY)
    assert [(s.text, s.attrs["value"]) for s in out] == [
        ("9 January", "2017-01-09"),
        ("The day before", "2017-01-08"),
    ]
    assert found("The last day of the trip was calm.") == []


def test_month_without_a_year_follows_the_tense() -> None:
    assert found("The contract expires in December.") == [("December", "DATE", "2017-12")]
    assert found("The deal was signed in November.") == [("November", "DATE", "2016-11")]


# -- other languages -----------------------------------------------------------------------

_LANGS = [
    ("fr", "Le texte a été adopté mardi 5 mai.", [("mardi 5 mai", "DATE", "2016-05-05")]),
    ("fr", "Les données sont gardées pendant vingt ans, jusqu’à présent.", [("vingt ans", "DURATION", "P20Y"), ("à présent", "DATE", "PRESENT_REF")]),
    ("fr", "Il y a deux ans, la semaine dernière, dans les années 1990.", [("Il y a deux ans", "DATE", "2015"), ("la semaine dernière", "DATE", "2017-W01"), ("les années 1990", "DATE", "199")]),
    ("fr", "Il a quarante-cinq ans. Le projet a été lancé.", []),
    ("fr", "Au premier trimestre 2016.", [("premier trimestre 2016", "DATE", "2016-Q1")]),
    ("fr", "Il parlera à 20 heures.", [("20 heures", "TIME", "XXXX-XX-XXT20:00")]),
    ("de", "Die zweite Lesung könnte am 7. Juli folgen.", [("7. Juli", "DATE", "2017-07-07")]),
    ("fr", "Un homme âgé de 45 ans. Le mois dernier.", [("Le mois dernier", "DATE", "2016-12")]),
    ("de", "Im Alter von 45 Jahren starb er.", []),
    ("fr", "Il est rentré hier soir, en été, à 20 h 30.", [("hier soir", "TIME", "2017-01-12TEV"), ("été", "DATE", "2016-SU"), ("20 h 30", "TIME", "XXXX-XX-XXT20:30")]),
    ("es", "Llegó en octubre de 1996. La semana pasada lo dijo.", [("octubre de 1996", "DATE", "1996-10"), ("La semana pasada", "DATE", "2017-W01")]),
    ("es", "durante 12 años; por ahora, en los años 80", [("12 años", "DURATION", "P12Y"), ("ahora", "DATE", "PRESENT_REF"), ("los años 80", "DATE", "198")]),
    ("es", "a principios del siglo XIX. Hoy hay agua. Tiene 52 años.", [("principios del siglo XIX", "DATE", "18"), ("Hoy", "DATE", "PRESENT_REF")]),
    ("es", "Hace dos años; el domingo viajará.", [("Hace dos años", "DATE", "2015"), ("domingo", "DATE", "2017-01-15")]),
    ("es", "Plácido Domingo cantó.", []),
    ("es", "Los convocó para el martes 17 en la sede.", [("martes 17", "DATE", "2017-01-17")]),
    ("es", "Hablará a las 8:30 de este lunes.", [("8:30", "TIME", "XXXX-XX-XXT08:30"), ("este lunes", "DATE", "2017-01-16")]),
    ("pt", "Em 5 de maio de 2014, há dois anos, na semana passada.", [("5 de maio de 2014", "DATE", "2014-05-05"), ("há dois anos", "DATE", "2015"), ("semana passada", "DATE", "2017-W01")]),
    ("pt", "Ele tem 45 anos. Durante trinta e cinco anos, três anos atrás.", [("trinta e cinco anos", "DURATION", "P35Y"), ("três anos atrás", "DATE", "2014")]),
    ("de", "Das Feature ist nun verfügbar und kostet aktuell 50 Euro.", [("nun", "DATE", "PRESENT_REF"), ("aktuell", "DATE", "PRESENT_REF")]),
    ("de", "Am 5. Mai 2014, vor zwei Jahren, im März, seit Jahren.", [("5. Mai 2014", "DATE", "2014-05-05"), ("vor zwei Jahren", "DATE", "2015"), ("März", "DATE", "2017-03"), ("Jahren", "DURATION", "PXY")]),
    ("de", "Er ist 45 Jahre alt. Es dauerte fünfundzwanzig Jahre.", [("fünfundzwanzig Jahre", "DURATION", "P25Y")]),
    ("de", "Er wird am Sonntag reisen. Am Morgen regnete es, morgen nicht.", [("Sonntag", "DATE", "2017-01-15"), ("morgen", "DATE", "2017-01-14")]),
    ("cs", "Po nedělní výhře 4:1 letos nemohli prohrát.", [("nedělní", "DATE", "2017-01-08"), ("letos", "DATE", "2017")]),
    ("cs", "Během čtrnácti dnů hrál. Už před pár měsíci ne. Nyní ano.", [("čtrnácti dnů", "DURATION", "P14D"), ("před pár měsíci", "DATE", "PAST_REF"), ("Nyní", "DATE", "PRESENT_REF")]),
    ("cs", "Dne 5. května 2014 a před dvěma lety. Každé ráno vstává.", [("5. května 2014", "DATE", "2014-05-05"), ("před dvěma lety", "DATE", "2015"), ("Každé ráno", "SET", "XXXX-XX-XXTMO")]),
    ("cs", "Hrál ve středu zálohy, ve středu bude hrát.", [("středu", "DATE", "2017-01-18")]),
    ("cs", "Hrál ve středu zálohy.", []),
    ("cs", "Je mu 45 let. V 90. letech hrál.", [("90. letech", "DATE", "199")]),
    ("ru", "5 мая 2014 года он заявил, что два года назад всё было иначе.", [("5 мая 2014 года", "DATE", "2014-05-05"), ("два года назад", "DATE", "2015")]),
    ("ru", "В 1990-х годах, в XX веке, на прошлой неделе, сейчас.", [("1990-х годах", "DATE", "199"), ("XX веке", "DATE", "19"), ("прошлой неделе", "DATE", "2017-W01"), ("сейчас", "DATE", "PRESENT_REF")]),
    ("ru", "Ему 45 лет. В течение двух лет, в четверг будет встреча.", [("двух лет", "DURATION", "P2Y"), ("четверг", "DATE", "2017-01-19")]),
    ("ru", "Он изучает среду обитания.", []),
    ("it", "Il 5 maggio 2014, due anni fa, la settimana scorsa, negli anni 90.", [("5 maggio 2014", "DATE", "2014-05-05"), ("due anni fa", "DATE", "2015"), ("la settimana scorsa", "DATE", "2017-W01"), ("anni 90", "DATE", "199")]),
    ("it", "Ha 45 anni. Per quindici anni ha vissuto qui.", [("quindici anni", "DURATION", "P15Y")]),
    ("pl", "5 maja 2014 roku, dwa lata temu, w zeszłym tygodniu.", [("5 maja 2014 roku", "DATE", "2014-05-05"), ("dwa lata temu", "DATE", "2015"), ("zeszłym tygodniu", "DATE", "2017-W01")]),
    ("uk", "5 травня 2014 року, два роки тому, у XX столітті, зараз.", [("5 травня 2014 року", "DATE", "2014-05-05"), ("два роки тому", "DATE", "2015"), ("XX столітті", "DATE", "19"), ("зараз", "DATE", "PRESENT_REF")]),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text", "expected"), _LANGS)
def test_other_languages(lang: str, text: str, expected: list) -> None:
    assert found(text, lang=lang) == expected


def test_other_languages_without_an_article_date() -> None:
    assert found("ayer y hoy", None, "es") == [
        ("ayer", "DATE", "XXXX-XX-XX"),
        ("hoy", "DATE", "XXXX-XX-XX"),
    ]
    assert found("včera a letos", None, "cs") == [
        ("včera", "DATE", "XXXX-XX-XX"),
        ("letos", "DATE", "XXXX"),
    ]


# -- the form's pre-fill uses the same grammar ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("5 de mayo de 2014", None, ("DATE", "2014-05-05")),
        ("le 5 mai", "fr", ("DATE", "2017-05-05")),
        ("vor zwei Jahren", "de", ("DATE", "2015")),
        ("před dvěma lety", None, ("DATE", "2015")),
        ("Thursday", None, ("DATE", "2017-01-12")),
        ("8:51 p.m.", None, ("TIME", "XXXX-XX-XXT20:51")),
        ("the minister said", None, None),
        ("said on Monday", None, None),
    ],
)
def test_form_prefill_in_any_language(text: str, lang: str | None, expected: tuple | None) -> None:
    assert parse_timex_from_text(text, FRIDAY, lang) == expected


# -- safety ----------------------------------------------------------------------------------


def test_every_value_is_valid_timex() -> None:
    text = " ".join(t for _, t, _ in _LANGS)
    for lang in CALENDARS:
        for dct in (None, FRIDAY, dt.date(1, 1, 1), dt.date(9999, 12, 31)):
            out, _ = date_suggestions(text, 0, dct, lang=lang)
            for s in out:
                value = s.attrs.get("value")
                assert value is None or check_timex_value(s.attrs["timex_type"], value) is None
                assert s.text == text[s.start : s.end]


@pytest.mark.parametrize("lang", sorted(CALENDARS))
def test_long_and_hostile_text(lang: str) -> None:
    """The grammar's work grows with the text (same dates found in every copy: no rule looks
    across the whole text) and hostile runs of date words finish. Speed and linearity are
    measured as a ratio between two sizes in bench/suggest_eval.py, not timed here."""
    unit = "On 5 May 2014, two years ago, last week and every morning since the 1990s. " * 20
    few, _ = date_suggestions(unit, 0, FRIDAY, lang=lang)
    many, _ = date_suggestions(unit * 20, 0, FRIDAY, lang=lang)
    assert len(many) == 20 * len(few)
    for evil in ("1" * 20_000, "a " * 20_000, "in " * 10_000, "- " * 10_000, "May " * 10_000):
        out, _ = date_suggestions(evil, 0, FRIDAY, lang=lang)
        assert all(s.text == evil[s.start : s.end] for s in out)


_WORDS = sorted({w for cal in CALENDARS.values() for w in _vocabulary(cal)[0]})
_PIECES = st.sampled_from([*_WORDS, "5", "12", "1990", "2014", "’91", "1990s", ",", ".", "-", "Mr"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_PIECES, max_size=12).map(" ".join),
    st.sampled_from(sorted(CALENDARS)),
    st.none() | st.dates(),
)
def test_any_sequence_of_date_words_is_safe(text: str, lang: str, dct: dt.date | None) -> None:
    out, _ = date_suggestions(text, 0, dct, lang=lang)
    for s in out:
        value = s.attrs.get("value")
        assert value is None or check_timex_value(s.attrs["timex_type"], value) is None
