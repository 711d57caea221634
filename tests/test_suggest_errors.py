"""The translation-error suggester's checks (curator.suggest.errors and errors_*), on
synthetic sentences: each family flags its tell, keeps quiet on ordinary English, and says why."""

from __future__ import annotations

import time

import pytest

from curator.domain.mqm import normalize_category
from curator.suggest.errors import MAX_PER_CHECK, suggest_errors
from curator.suggest.errors_calques import TELLS, load_tells
from curator.suggest.runner import suggest_article


def flagged(
    paragraphs: list[str], source: str | None = "ru", lang: str | None = "en"
) -> list[tuple[str, str]]:
    """(text, category) of every proposal."""
    found = suggest_errors(paragraphs, lang, source_lang=source)
    for s in found:
        assert s.reason, s
        assert normalize_category(s.attrs["category"]) == s.attrs["category"]
    return [(s.text, s.attrs["category"]) for s in found]


FLAGGED = [
    # run together, caption debris
    ("Vladimir Putin met the press. Vladimir Putinto: Ivan Petrov / Reuters", "ru",
     ("Putinto:", "Fluency/Spelling")),
    ("Vladimir Putin spoke. The talks of Vladimir PutinPrime minister Ivanov ended.", "ru",
     ("PutinPrime", "Fluency/Spelling")),
    ("The talks ended with Ortega.On Monday the army left.", "es",
     ("Ortega.On", "Fluency/Spelling")),
    # untranslated function words of the source
    ("The coalition of Verdes ya Unidos won the vote in the city.", "es",
     ("ya", "Accuracy/Untranslated")),
    ("Da they stand in the hall and wait for the minister.", "de",
     ("Da", "Accuracy/Untranslated")),
    ("The mayor said the roads und the bridges are closed.", "de",
     ("und", "Accuracy/Untranslated")),
    # calques of reporting formulas and news-desk furniture
    ("It is quoted by RIA Novosti on Tuesday.", "ru", ("It is quoted by RIA Novosti", "Style/Awkward")),
    ("The tariffs will rise, said press secretary of the governor Olga Ivanova.", "ru",
     ("said press secretary of the governor Olga Ivanova", "Style/Awkward")),
    ("This was noted in the press service of the ministry.", "ru",
     ("noted in the press service of", "Style/Awkward")),
    ("He said it in the conversation with journalists.", "uk",
     ("in the conversation with", "Style/Awkward")),
    ("He told reporters in the sidelines of the forum that talks go on.", "ru",
     ("in the sidelines of", "Fluency/Grammar")),
    ("The Kremlin speaker declined to comment on the report.", "ru",
     ("Kremlin speaker", "Accuracy/Mistranslation")),
    ("LAST HOUR NEWS: the minister visits the border", "tr",
     ("LAST HOUR NEWS", "Accuracy/Mistranslation")),
    ("The president of the Government in functions met the unions.", "es",
     ("president of the Government in functions", "Accuracy/Mistranslation")),
    ("The province counts 12 new crown pneumonia cases.", "zh",
     ("new crown pneumonia", "Accuracy/Mistranslation")),
    ("The figures were given, the publication writes, citing police.", "ru",
     ("the publication writes", "Style/Awkward")),
    ("Recall that the bridge was closed in May.", "uk", ("Recall that", "Style/Awkward")),
    ("The agency reported the deal with reference to sources in the ministry.", "ru",
     ("with reference to", "Style/Awkward")),
    ("According to the words of the mayor, the roads are open.", "ru",
     ("According to the words of", "Style/Awkward")),
    ("As it became known, the talks failed.", "ru", ("As it became known", "Style/Awkward")),
    ("On the eve, the governor voiced the figures of the budget.", "ru",
     ("On the eve", "Accuracy/Mistranslation")),
    ("The governor voiced the figures of the budget.", "ru",
     ("voiced the figures", "Accuracy/Mistranslation")),
    ("The minister announced this Tuesday a new plan for schools.", "es",
     ("this Tuesday", "Style/Awkward")),
    ("The also minister of finance spoke after him.", "es",
     ("The also minister", "Fluency/Grammar")),
    ("He said so at the microphone of the radio station.", "fr",
     ("at the microphone of", "Style/Awkward")),
    ("The corona measures will stay in force until March.", "de",
     ("corona measures", "Terminology/Inappropriate for context")),
    # quotes, markup, doubled words and marks
    ("“We shall rebuild every town!”, he told the soldiers.", "uk", ("!”,", "Fluency/Punctuation")),
    ("“The order is complete,” — replied the spokesman of the party.", "ru",
     ("” — replied", "Fluency/Punctuation")),
    ("“These are ridiculous links” Ivanov said on Friday.", "ru",
     ("links” Ivanov", "Fluency/Punctuation")),
    ("The article quotes the newspaper “” on Monday.", "ru", ("“”", "Accuracy/Omission")),
    ("Overnight < strong>the army shelled the port again.", "uk", ("< strong>", "Fluency/Punctuation")),
    ("The rain fell&nbsp;all day in the valley.", "fr", ("&nbsp;", "Fluency/Punctuation")),
    ("The list will be ready , the office will tell us.", "ru", ("ready ,", "Fluency/Punctuation")),
    ("“We keep the plan” : the minister said it twice.", "fr", ("” :", "Fluency/Punctuation")),
    ("The plan was was ready for the vote.", "ru", ("was was", "Fluency/Grammar")),
    ("The state of affairs ((was)) worse than before.", "es", ("((was))", "Fluency/Punctuation")),
    ("The ship ] sailed, he said in a speech &amp; then “follows ,” says the agency.", "es",
     ("follows ,", "Fluency/Punctuation")),
    ("The office said it will continue with & N; the reform.", "es", ("& N;", "Fluency/Punctuation")),
    ("D.After the vote the party met again.", "de", ("D.", "Fluency/Punctuation")),
    # grammar
    ("They thanked everyone who helped. and sent aid to the villages in the south of the region.",
     "tr", ("and", "Fluency/Grammar")),
    ("The book is called The Party Did Not said its last word.", "fr",
     ("Did Not said", "Fluency/Grammar")),
    ("He insisted that never visited the bank.", "ru",
     ("insisted that never visited", "Fluency/Grammar")),
    ("Ivanov and his adviser is always at the table.", "ru",
     ("Ivanov and his adviser is", "Fluency/Grammar")),
    ("The speech came after the head of parliament Maria Lopez, has announced the vote.", "es",
     ("Maria Lopez, has announced", "Fluency/Punctuation")),
    ("For some it was a close friend or a close friend abroad.", "uk",
     ("a close friend or a close friend", "Accuracy/Mistranslation")),
    ("The mayor appealed to residents with an urgent appeal to stay home.", "uk",
     ("appealed to residents with an urgent appeal", "Style/Awkward")),
    ("By noon In Lyon there were four new cases.", "zh",
     ("noon In Lyon", "Fluency/Grammar")),
    ("The leaders spoke in St. crisis of the region and left.", "ru",
     ("St. crisis of the region and left", "Accuracy/Omission")),
    # names
    ("US President Joseph bidden spoke to the press.", "ru",
     ("Joseph bidden", "Fluency/Spelling")),
    ("Two members of the house of commons voted.", "ru",
     ("house of commons", "Fluency/Spelling")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "source", "expected"), FLAGGED)
def test_each_family_flags_its_tell(text: str, source: str, expected: tuple[str, str]) -> None:
    assert expected in flagged([text], source)


CLEAN = [
    "“We are ready,” he said. “So are we,” she added.",
    "The film Gone With the Wind was shown at 5 p.m. in St. Petersburg.",
    "Officials said the plan, drafted by Maria Lopez, has been approved.",
    "Tristan Nitot, president of Acme Europe, has said the code is open.",
    "He met Donald Trump, then a candidate, at a game in Texas. Trump said little.",
    "It was a Mario game, like any other Mario game on the market.",
    "More and more people came, again and again, one by one.",
    "De facto, the deal is done, et al. wrote in the paper.",
    "He did not need to ask; she does not know him.",
    "She said that was not true and that the report is wrong.",
    "With a better understanding of the law, the court ruled in May.",
    "The talks with Ukraine and the European Union went on until midnight.",
    "In an interview with the BBC, the minister spoke of a new era.",
    "The café on the corner served a crème brûlée to the émigré.",
    "On the eve of the vote, the then president voiced his concern this Tuesday.",
    "Recall is a right of voters in some states.",
    "The minister will be in Berlin this Monday for talks.",
    "He denied the “fake news” Trump said was spreading online.",
    "Videos on YouTube and a PlayStation game by Sony Music, said Music fans.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_english_is_left_alone(text: str) -> None:
    assert flagged([text], "ru") == []


def test_the_minority_spelling_of_a_slavic_surname_is_flagged() -> None:
    found = suggest_errors(
        ["Mayor Petro Kovalsky spoke.", "Kovalsky said so.", "Kovalskyi disagreed."],
        "en",
        source_lang="uk",
    )
    assert [(s.paragraph, s.text, s.attrs.get("correction")) for s in found] == [
        (2, "Kovalskyi", "Kovalsky")
    ]
    assert found[0].attrs["category"] == "Fluency/Inconsistency"


def test_words_that_are_also_ordinary_words_are_not_spelling_variants() -> None:
    # "Store" and "Story" at sentence starts and in headings; "store" in running text.
    paragraphs = ["Store Opens Downtown", "The store opened. Story time starts at noon."]
    assert flagged(paragraphs, "ru") == []


def test_a_lower_cased_surname_is_flagged_wherever_it_recurs() -> None:
    paragraphs = [
        "Senator Anna kowalczyk spoke on Monday.",
        "Reporters asked kowalczyk, who declined to answer.",
    ]
    found = flagged(paragraphs, "pl")
    assert found == [("Anna kowalczyk", "Fluency/Spelling"), ("kowalczyk", "Fluency/Spelling")]


def test_an_opening_mark_used_to_close_is_one_error_not_two() -> None:
    text = "She said: “we will win back the towns “. Then she noted that “the plan works”."
    found = flagged([text], "es")
    assert found == [("“", "Fluency/Punctuation")]
    (s,) = suggest_errors([text], "en", source_lang="es")
    assert "used to close" in s.reason


def test_a_quote_inside_a_quote_in_the_same_marks_is_one_error() -> None:
    text = "“We met “on the go” many times, and that is normal,” he said."
    found = suggest_errors([text], "en", source_lang="ru")
    assert [s.text for s in found] == ["“on the go”"]
    assert "‘…’" in found[0].reason


def test_a_calque_inside_bracket_debris_is_one_proposal() -> None:
    found = suggest_errors(["(((News in expansion)))"], "en", source_lang="es")
    assert [(s.text, s.attrs["category"]) for s in found] == [
        ("(((News in expansion)))", "Accuracy/Mistranslation")
    ]
    assert "brackets" in found[0].reason and "developing story" in found[0].reason


def test_touching_tells_make_one_proposal() -> None:
    text = "Last hour news details will be on soon"
    found = suggest_errors([text], "en", source_lang="tr")
    assert [s.text for s in found] == [text]
    assert "breaking news" in found[0].reason and "details to follow" in found[0].reason


def test_a_quote_closed_by_an_opening_mark_is_not_also_unclosed() -> None:
    text = "“I want to thank our friends for their help. “"
    found = suggest_errors([text], "en", source_lang="tr")
    assert [(s.start, s.text) for s in found] == [(len(text) - 1, "“")]
    assert "used to close" in found[0].reason


def test_lower_case_sentence_starts_only_in_translations() -> None:
    text = "The minister left early. and the talks went on without him until late at night."
    assert ("and", "Fluency/Grammar") in flagged([text], "ru")
    assert flagged([text], "en") == []


def test_quote_marks_inside_markup_debris_are_not_flagged_twice() -> None:
    found = flagged(["Read more “data-wp-link =” “> here!"], "tr")
    assert [c for _, c in found] == ["Fluency/Punctuation"]
    assert found[0][0].startswith("data-wp-link")


def test_a_paragraph_that_stops_without_a_stop_needs_a_known_translation() -> None:
    text = (
        "The grid was hit again overnight. Because of this, stricter limits on the use of "
        "electricity will be introduced in the regions"
    )
    assert flagged([text], "uk") == [("in the regions", "Fluency/Punctuation")]
    assert flagged([text], None) == []  # not known to be a translation
    caption = "The minister arrives. Photo: Ivan Petrov / Example Wire — Example Images"
    assert flagged([caption], "uk") == []


def test_edited_text_gets_no_machine_translation_checks() -> None:
    text = (
        "It is quoted by RIA Novosti. LAST HOUR NEWS: the talks with Joe bidden and the state duma."
    )
    assert flagged([text], "en") == []  # source == target: an edited article
    assert len(flagged([text], "ru")) >= 3


def test_source_language_words_need_the_source_language() -> None:
    text = "The coalition of Verdes ya Unidos won the vote in the city."
    assert flagged([text], "es") and flagged([text], "de") == []
    assert flagged([text], None) == []


def test_short_quoted_titles_keep_their_language() -> None:
    assert flagged(["He spoke on the show “heute im Netz” on Sunday."], "de") == []
    assert flagged(["U.S. officials met. O.K. then."], "de") == []


def test_name_particles_next_to_names_are_not_untranslated() -> None:
    text = "Ursula von der Leyen met Luiz Inácio da Silva and Pedro de la Vega."
    assert flagged([text], "de") == [] and flagged([text], "es") == []


def test_non_english_text_gets_no_english_checks() -> None:
    # Czech declines names (Villa / Villy); German "die die" is grammatical.
    assert suggest_errors(["Aston Villa hraje.", "Proti Villy hrál."], "cs", source_lang="cs") == []
    assert suggest_errors(["Die Frauen, die die Arbeit machen."], "de", source_lang="de") == []


def test_the_runner_passes_the_source_language() -> None:
    paragraphs = ["Title", "It is quoted by RIA Novosti on Tuesday, the ministry said."]
    with_source = suggest_article(paragraphs, None, "errors", lang="en", source_lang="ru")
    assert [s.text for s in with_source] == ["It is quoted by RIA Novosti"]
    edited = suggest_article(paragraphs, None, "errors", lang="en", source_lang="en")
    assert edited == []


def test_every_shipped_tell_is_valid_and_has_a_reason() -> None:
    assert len(TELLS) >= 15
    for tell in TELLS:
        assert tell.reason and tell.family
        assert normalize_category(tell.category) == tell.category


def test_a_bad_tell_file_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown key"):
        load_tells(
            '[[tell]]\nfamily="x"\npattern="x"\ncategory="Style/Awkward"\nseverity="minor"\nreason="r"\nwhen="x"\n'
        )
    with pytest.raises(ValueError, match="MQM category"):
        load_tells(
            '[[tell]]\nfamily="x"\npattern="x"\ncategory="Style/Bad"\nseverity="minor"\nreason="r"\n'
        )
    with pytest.raises(ValueError, match="severity"):
        load_tells(
            '[[tell]]\nfamily="x"\npattern="x"\ncategory="Style/Awkward"\nseverity="huge"\nreason="r"\n'
        )
    tells = load_tells(
        '[[tell]]\nfamily="x"\npattern="\\\\bfoo\\\\b"\ncategory="Style/Awkward"\n'
        'severity="minor"\nreason="r"\nsources=["zh"]\n'
    )
    assert tells[0].applies("en", "zh") and tells[0].applies("en", None)
    assert not tells[0].applies("en", "ru") and not tells[0].applies("fr", "zh")


TRIGGERS = (
    "Putinto: a close friend or a close friend ((x)) “” < strong> ready , did not said "
    "Ivan bidden it is quoted by Interfax, St. x LAST HOUR NEWS ya und “a “. links” Ivan said "
    "Ivan Petrov, has announced 15 In Paris addressed them with an address "
)


def test_a_flood_of_tells_is_capped_and_linear() -> None:
    text = TRIGGERS * 1500  # ~360k characters
    t0 = time.perf_counter()
    found = suggest_errors(["Ivan Putin spoke.", text], "en", source_lang="ru")
    elapsed = time.perf_counter() - t0
    assert elapsed < 20, elapsed
    per_category: dict[str, int] = {}
    for s in found:
        if s.paragraph == 1:
            per_category[s.attrs["category"]] = per_category.get(s.attrs["category"], 0) + 1
    assert per_category and max(per_category.values()) <= MAX_PER_CHECK
