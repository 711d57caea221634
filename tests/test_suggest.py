"""The suggesters (curator.suggest): dates, speakers and quotes, errors, the runner.

Behaviour on small examples, then robustness: hypothesis over arbitrary Unicode (no crash,
every span valid against the pydantic models) and a 250 kB paragraph of several hostile
shapes that must finish (a pathological regex would run for hours: `signal.alarm` turns that
into a failure). Speed and linearity are measured in bench/suggest_eval.py, not timed here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import signal
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.domain.mqm import normalize_category
from curator.domain.span import validate_span
from curator.domain.tagset import default_tagset
from curator.suggest.base import PARAGRAPH_KIND, SUGGESTERS, Suggestion
from curator.suggest.dates import date_suggestions, suggest_dates
from curator.suggest.errors import suggest_errors
from curator.suggest.lexicon import LEXICONS, guess_lang, lexicon_for
from curator.suggest.names import NameClusters, is_spelling_variant
from curator.suggest.quotes import scan_quotes
from curator.suggest.runner import parse_only, suggest_article
from curator.suggest.speakers import suggest_speakers

DCT = dt.date(2022, 5, 20)  # a Friday


def dates(text: str, dct: dt.date | None = None) -> list[tuple[str, str, str | None]]:
    found, _ = date_suggestions(text, 0, dct)
    return [(s.text, s.attrs["timex_type"], s.attrs.get("value")) for s in found]


# -- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on May 16, which", [("May 16", "DATE", "XXXX-05-16")]),
        ("in January 2022 mass protests", [("January 2022", "DATE", "2022-01")]),
        ("the last time was in 2021, during", [("2021", "DATE", "2021")]),
        ("in 1992 and exactly 10 years later", [("1992", "DATE", "1992"), ("10 years later", "DATE", "2002")]),
        ("has not developed in 20 years", [("20 years", "DURATION", "P20Y")]),
        ("in its 20-year history", [("20-year", "DURATION", "P20Y")]),
        ("the 30th anniversary of the Treaty", []),
        ("the exercises Frontier-2022 will be held", []),
        ("2000 soldiers arrived", []),
        ("May I add one thing", []),
        ("in May they met", [("May", "DATE", "XXXX-05")]),
        ("in the 1990s", [("the 1990s", "DATE", "199")]),
        ("in the 20th century", [("the 20th century", "DATE", "19")]),
        ("for a year", [("a year", "DURATION", "P1Y")]),
        ("a year of war", []),
        ("more than 20 years", [("more than 20 years", "DURATION", "P20Y")]),
        ("on 16.05.2022 and 2022-05-17", [("16.05.2022", "DATE", "2022-05-16"), ("2022-05-17", "DATE", "2022-05-17")]),
        ("in 2021-2022", [("2021", "DATE", "2021"), ("2022", "DATE", "2022")]),
        ("twice a year", [("twice a year", "SET", "P1Y")]),
        ("in the future", [("the future", "DATE", "FUTURE_REF")]),
    ],
)  # fmt: skip
def test_dates_without_an_article_date(text: str, expected: list) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on May 16", ("May 16", "DATE", "2022-05-16")),
        ("this year", ("this year", "DATE", "2022")),
        ("last year", ("last year", "DATE", "2021")),
        ("next month", ("next month", "DATE", "2022-06")),
        ("yesterday", ("yesterday", "DATE", "2022-05-19")),
        ("two years ago", ("two years ago", "DATE", "2020")),
        ("on Tuesday", ("Tuesday", "DATE", "2022-05-17")),
        ("in January", ("January", "DATE", "2022-01")),
        ("last summer", ("last summer", "DATE", "2021-SU")),
        ("before Christmas", ("Christmas", "DATE", "2022-12-25")),
    ],
)
def test_relative_dates_are_anchored_to_the_article_date(text: str, expected: tuple) -> None:
    found, _ = date_suggestions(text, 0, DCT)
    assert [(s.text, s.attrs["timex_type"], s.attrs.get("value")) for s in found] == [expected]
    assert found[0].attrs["anchored_to_dct"] is True


def test_relative_dates_without_an_article_date_stay_unresolved() -> None:
    found, _ = date_suggestions("this year and yesterday", 0, None)
    assert [(s.text, s.attrs.get("value")) for s in found] == [
        ("this year", "XXXX"),
        ("yesterday", "XXXX-XX-XX"),
    ]
    assert all("no article date" in s.reason for s in found)


def test_explicit_dates_are_not_marked_anchored() -> None:
    found, _ = date_suggestions("in January 2022", 0, DCT)
    assert "anchored_to_dct" not in found[0].attrs


def test_dates_skip_listed_paragraphs() -> None:
    assert [s.paragraph for s in suggest_dates(["in 2021", "in 2022"], None, skip=[0])] == [1]


# -- names and quotes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "variant"),
    [
        ("Lukashenko", "Lukashenka", True),
        ("Tokayev", "Tokaev", True),
        ("Zelensky", "Zelenskyy", True),
        ("Orlov", "Orlow", True),
        ("Russia", "Russian", False),
        ("Ivanov", "Ivanova", False),
        ("Iran", "Iraq", False),
        ("Austria", "Australia", False),
    ],
)
def test_spelling_variants(a: str, b: str, variant: bool) -> None:
    assert is_spelling_variant(a, b) is variant
    assert is_spelling_variant(b, a) is variant


def test_name_clusters_prefer_the_first_full_name() -> None:
    people = NameClusters()
    first = people.add("Lukashenka")
    assert people.add("Alexander Lukashenko") == first
    assert people.add("Lukashenka’s") == first
    assert people.canonical(first) == "Alexander Lukashenko"
    other = people.add("Viktor Lukashenko")  # another first name: another person
    assert other != first


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“We are ready,” he said.", "We are ready,"),
        ('"We are ready," he said.', "We are ready,"),
        ("«Мы готовы», — сказал он.", "Мы готовы"),
        ("„Wir sind bereit“, sagte er.", "Wir sind bereit"),
        ("‘We are ready,’ he said.", "We are ready,"),
        ("— Мы готовы, — сказал он.", "Мы готовы,"),
    ],
)
def test_quote_kinds(text: str, content: str) -> None:
    scan = scan_quotes([text])
    assert len(scan.quotes) == 1
    start, end = scan.quotes[0].content
    assert text[start:end].strip() == content
    assert not (scan.unclosed or scan.stray or scan.inner)


def test_a_quote_over_paragraphs_closes_in_the_last_one() -> None:
    scan = scan_quotes(["“First part.", "“Second part,” he said."])
    assert len({q.chain for q in scan.quotes}) == 1
    assert not scan.unclosed


# -- speakers -------------------------------------------------------------------------------------


def speakers(paragraphs: list[str], lang: str = "en") -> list[Suggestion]:
    return suggest_speakers(paragraphs, lang)


def claim_speaker(found: list[Suggestion], claim_text: str) -> str | None:
    by_key = {s.key: s for s in found}
    claim = next(s for s in found if s.label == "claim" and s.text.startswith(claim_text))
    tail = dict(claim.links).get("attributed_to")
    return by_key[tail].attrs.get("name") if tail else None


def test_quote_with_an_inverted_cue() -> None:
    found = speakers(["“We acted too late,” said Lukashenka. He added that unity matters."])
    assert claim_speaker(found, "We acted too late") == "Lukashenka"
    assert claim_speaker(found, "unity matters") == "Lukashenka"
    he = next(s for s in found if s.text == "He")
    assert he.attrs == {"name": "Lukashenka", "type": "person"}
    assert "→ Lukashenka" in he.reason


def test_name_variants_get_one_canonical_name() -> None:
    found = speakers(
        [
            "President Alexander Lukashenko said that sanctions failed.",
            "“It is a war,” said Lukashenka.",
        ]
    )
    names = {s.text: s.attrs.get("name") for s in found if s.label == "speaker"}
    assert names == {
        "Alexander Lukashenko": "Alexander Lukashenko",
        "Lukashenka": "Alexander Lukashenko",
    }
    role = next(s for s in found if s.text == "Alexander Lukashenko").attrs["role"]
    assert role == "President"


def test_role_and_pronoun_mentions_resolve_only_when_unambiguous() -> None:
    found = speakers(
        [
            "Ivan Petrov, a political scientist, believes the talks will fail.",
            "The expert says that Moscow will wait.",
            "Pavel Orlov said that it rained. Ivan Petrov said that it snowed. He added that it "
            "was cold.",
        ]
    )
    by_text = {(s.paragraph, s.text): s for s in found if s.label == "speaker"}
    assert by_text[(1, "The expert")].attrs["name"] == "Ivan Petrov"
    he = by_text[(2, "He")]
    assert "name" not in he.attrs and "ambiguous" in he.reason


def test_title_mentions_need_a_matching_title() -> None:
    found = speakers(["Olaf Scholz said that talks go on. The minister said that nothing changed."])
    minister = next(s for s in found if s.text == "The minister")
    assert "name" not in minister.attrs


def test_according_to_and_in_his_opinion() -> None:
    found = speakers(
        [
            "According to the expert Evseev, Uzbekistan can return.",
            "Now, in his opinion, the alliance is weaker.",
        ]
    )
    assert claim_speaker(found, "Uzbekistan can return") == "Evseev"
    assert claim_speaker(found, "the alliance is weaker") == "Evseev"


def test_the_sentence_before_a_bare_told_is_the_claim_and_a_lost_name_is_no_speaker() -> None:
    found = speakers(
        [
            "The main task was defence. International Relations of the Russian Academy of "
            "Sciences told Gazeta.ru."
        ]
    )
    assert [s.text for s in found if s.label == "claim"] == ["The main task was defence"]
    assert not [s for s in found if s.label == "speaker"]


def test_scare_quotes_are_not_claims() -> None:
    found = speakers(
        ["They agreed to “de-escalate” Eurasia and to fight “any attempt to glorify Nazism”."]
    )
    assert found == []


def test_russian_and_german_reporting() -> None:
    ru = speakers(["«Мы готовы к диалогу», — заявил Дмитрий Песков журналистам."], "ru")
    assert claim_speaker(ru, "Мы готовы") == "Дмитрий Песков"
    de = speakers(["„Wir sind bereit“, sagte Bundeskanzler Olaf Scholz am Montag."], "de")
    assert claim_speaker(de, "Wir sind bereit") == "Olaf Scholz"
    scholz = next(s for s in de if s.label == "speaker")
    assert scholz.attrs["role"] == "Bundeskanzler"


def test_cue_spans_and_links_when_the_tag_set_has_a_cue_label() -> None:
    found = suggest_speakers(["“We are ready,” he said."], "en", cue_label="cue")
    cue = next(s for s in found if s.label == "cue")
    claim = next(s for s in found if s.label == "claim")
    assert cue.text == "said"
    assert ("cue", cue.key) in claim.links


def test_lexicons_are_consistent() -> None:
    for lex in LEXICONS.values():
        assert lex.verb_re.search("x") is None
        for phrase in lex.holder:
            assert any(w in lex.possessives for w in phrase.split()), phrase
    assert guess_lang(["Он сказал, что всё готово."]) == "ru"
    assert guess_lang(["Er sagte, dass die Gespräche und das Treffen nicht stattfinden."]) == "de"
    assert guess_lang(["anything"], "fr-FR") == "fr"
    assert lexicon_for("xx").lang == "en"


# -- errors ---------------------------------------------------------------------------------------


def errors(paragraphs: list[str], lang: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (s.text, s.attrs["category"], s.attrs["severity"]) for s in suggest_errors(paragraphs, lang)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He joined theCSTO last year.", ("theCSTO", "Fluency/Spelling", "minor")),
        ("It was said.The talks failed.", ("said.The", "Fluency/Spelling", "minor")),
        ("This is the the end.", ("the the", "Fluency/Grammar", "minor")),
        ("Ukraine is included in the mechanisms. its member.", ("its member", "Fluency/Grammar", "minor")),
        ("He spoke “about the war.", ("“", "Fluency/Punctuation", "minor")),
        ("“It is over, ”says the expert.", ("”", "Fluency/Punctuation", "minor")),
        ("The Совет безопасности met in Moscow on Monday to discuss the war.", ("Совет безопасности", "Accuracy/Untranslated", "minor")),
    ],
)  # fmt: skip
def test_error_examples(text: str, expected: tuple) -> None:
    assert expected in errors([text])


@pytest.mark.parametrize(
    "text",
    [
        "The iPhone and eBay and macOS and mRNA are fine.",
        "See Gazeta.ru and socialbites.ca, e.g. this one, and the U.S. army.",
        "He had had enough; that that is so.",
        "We met at 5 p.m. on Monday.",
        "“A quote,” he said. “Another one,” she added.",
    ],
)
def test_no_errors_in_clean_text(text: str) -> None:
    assert errors([text]) == []


def test_the_same_name_spelled_two_ways() -> None:
    found = suggest_errors(
        ["President Alexander Lukashenko spoke.", "Lukashenka said it twice: Lukashenka."]
    )
    flagged = [(s.paragraph, s.text, s.attrs.get("correction")) for s in found]
    assert flagged == [(1, "Lukashenka", "Lukashenko"), (1, "Lukashenka", "Lukashenko")]
    assert all(s.attrs["category"] == "Fluency/Inconsistency" for s in found)


def test_lost_speaker_is_a_major_omission() -> None:
    found = suggest_errors(
        ["Risks were high. International Relations of the Russian Academy told Gazeta.ru."]
    )
    (error,) = found
    assert error.text == "International Relations of the Russian Academy told Gazeta.ru"
    assert (error.attrs["category"], error.attrs["severity"]) == ("Accuracy/Omission", "major")
    assert "name" in error.reason


def test_a_paragraph_left_in_another_script_is_a_non_translation() -> None:
    found = suggest_errors(
        ["English text here.", "Это предложение вообще не переведено на английский."], "en"
    )
    assert [(s.paragraph, s.attrs["category"], s.attrs["severity"]) for s in found] == [
        (1, "Non-translation", "critical")
    ]


def test_every_error_category_is_a_known_mqm_category() -> None:
    text = "He joined theCSTO. It was the the end. “Open quote. Совет met. said.The end. its end."
    for s in suggest_errors([text, "Lukashenko and Lukashenka spoke."]):
        assert normalize_category(s.attrs["category"]) == s.attrs["category"]
        assert s.reason


# -- the runner -----------------------------------------------------------------------------------


def test_parse_only() -> None:
    assert parse_only(None) == SUGGESTERS
    assert parse_only("errors, dates") == ("dates", "errors")
    assert parse_only(["speakers"]) == ("speakers",)
    with pytest.raises(ValueError, match="unknown suggester nope"):
        parse_only("dates,nope")


def test_only_runs_the_named_suggesters() -> None:
    paragraphs = ["Title", "“We are ready,” he said in 2021. It was the the end.", "Share this"]
    labels = {s.suggester for s in suggest_article(paragraphs, None, "dates")}
    assert labels == {"dates"}
    everything = suggest_article(paragraphs, None)
    assert {s.suggester for s in everything} == set(SUGGESTERS)
    kinds = [s for s in everything if s.label == PARAGRAPH_KIND]
    assert [(s.paragraph, s.attrs["kind"]) for s in kinds] == [(0, "heading"), (2, "boilerplate")]


def test_boilerplate_paragraphs_get_no_speakers_or_errors() -> None:
    paragraphs = ["Title", "Body text, he said in 2021.", "Please enter your name here the the"]
    found = suggest_article(paragraphs, None, kinds=["heading", "body", "boilerplate"])
    assert not [s for s in found if s.paragraph == 2 and s.label != PARAGRAPH_KIND]


# -- robustness -----------------------------------------------------------------------------------

TAGSET = default_tagset()
QUOTES_AND_WORDS = st.lists(
    st.sampled_from(
        ["“", "”", "«", "»", "„", '"', "'", "‘", "’", "— ", " – ", ", ", ". ", " said ", " he ",
         "According to ", " the the ", "theCSTO", "May 16", " 2022", " 10 years later", "Лукашенко",
         "Lukashenko", "Lukashenka", " told Gazeta.ru.", "\n", ":", " that ", "Evseev", " a "]
    ),
    max_size=40,
).map("".join)  # fmt: skip
TEXT = st.one_of(st.text(max_size=300), QUOTES_AND_WORDS)


def check_valid(paragraphs: list[str], found: list[Suggestion]) -> None:
    keys = {s.key for s in found}
    for s in found:
        text = paragraphs[s.paragraph]
        assert 0 <= s.start < s.end <= len(text)
        assert s.text == text[s.start : s.end]
        assert s.reason and s.suggester in SUGGESTERS
        for _, tail in s.links:
            assert tail in keys
        if s.label != PARAGRAPH_KIND and s.label in {lab.name for lab in TAGSET.labels}:
            data = {
                "id": "x",
                "article_id": "a",
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "label": s.label,
                "attrs": s.attrs,
                "annotator": "suggest",
                "origin": "suggested",
                "status": "pending",
            }
            validate_span(data, paragraph_text=text, tagset=TAGSET)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(TEXT, min_size=1, max_size=5), with_dct=st.booleans())
def test_suggesters_never_raise_and_return_valid_spans(
    paragraphs: list[str], with_dct: bool
) -> None:
    found = suggest_article(paragraphs, DCT if with_dct else None)
    check_valid(paragraphs, found)


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(TEXT, min_size=1, max_size=4), lang=st.sampled_from(sorted(LEXICONS)))
def test_every_lexicon_survives_arbitrary_text(paragraphs: list[str], lang: str) -> None:
    check_valid(paragraphs, suggest_article(paragraphs, None, lang=lang))


class Hung(Exception):
    pass


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging: a quadratic regex on 250 kB would run for hours."""

    def hung(*_: object) -> None:
        raise Hung

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


MB = 250_000
"""The size of the hostile paragraphs (a quadratic rule would take hours on it)."""
SENTENCE = (
    "“I am sure that if we had acted at once, there would be no sanctions,” said Lukashenka "
    "on May 16, 2022. He added that the expert Evseev believes theCSTO is the the core. "
)
SHAPES = {
    "news text": (SENTENCE * (MB // len(SENTENCE) + 1))[:MB],
    "one long word": "a" * MB,
    "spaces": "word " + " " * (MB - 10) + "said",
    "quote marks": "“" * (MB // 2) + "”" * (MB // 2),
    "reporting verbs": ("he said that " * (MB // 13 + 1))[:MB],
    "names": ("Lukashenko Lukashenka " * (MB // 22 + 1))[:MB],
    "full stops": (". a" * (MB // 3 + 1))[:MB],
    "years": ("2022 " * (MB // 5 + 1))[:MB],
    "dash dialogue": "– " + ("x – said he " * (MB // 12 + 1))[:MB],
    "distinct names": " ".join(
        f"Iv{a}{b}{c}ov said that {a} rained. He added that it did."
        for a, b, c in itertools.product("aeiouybcdfghklmnprstvwz", repeat=3)
    )[:MB],
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_long_hostile_paragraph_finishes(shape: str, alarm: None) -> None:
    text = SHAPES[shape]
    found = suggest_article(["Title", text], DCT)
    for s in found[:1000]:
        assert s.text == ["Title", text][s.paragraph][s.start : s.end]
