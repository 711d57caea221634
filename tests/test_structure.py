"""Tests for curator.suggest.structure: paragraph kind guessing on import."""

from __future__ import annotations

import re
import time
from importlib.resources import files
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.suggest.structure import KindGuess, ParagraphKindName, guess_kinds

KINDS = set(get_args(ParagraphKindName))

BODY = (
    "The leaders adopted a joint statement after three hours of talks, and officials said "
    "further consultations would take place in the autumn."
)


def kinds(paragraphs: list[str], *, title_first: bool = True) -> list[str]:
    return [g.kind for g in guess_kinds(paragraphs, title_first=title_first)]


def kind_alone(paragraph: str) -> str:
    """Kind of one paragraph placed before a body paragraph, with no title."""
    return kinds([paragraph, BODY], title_first=False)[0]


# --- the sample article ------------------------------------------------------------------------


def sample_paragraphs() -> list[str]:
    text = (files("curator.data") / "csto-20-years.txt").read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_sample_article_kinds() -> None:
    paragraphs = sample_paragraphs()
    assert len(paragraphs) == 39
    special = {
        0: "heading",  # the title
        paragraphs.index("Is unity possible?"): "heading",
        paragraphs.index("Source: Gazeta"): "source_note",
        paragraphs.index("Please enter your comment!\nPlease enter your name here"): "boilerplate",
        paragraphs.index("More from author"): "boilerplate",
    }
    assert sorted(special) == [0, 16, 36, 37, 38]
    expected = [special.get(i, "body") for i in range(39)]
    assert kinds(paragraphs) == expected


def test_sample_article_reasons_and_short_body_sentences() -> None:
    paragraphs = sample_paragraphs()
    guesses = guess_kinds(paragraphs)
    assert guesses[0] == KindGuess("heading", "article title")
    assert guesses[16].reason == "short line without final period"
    assert guesses[37].reason == "comment form"
    i = paragraphs.index("Ukraine is not mentioned once in the final document.")
    assert guesses[i].kind == "body"
    quotes = [i for i, p in enumerate(paragraphs) if p.startswith("“") and i > 0]
    assert len(quotes) >= 5
    assert all(guesses[i].kind == "body" for i in quotes)


def test_title_first_false_on_sample() -> None:
    paragraphs = sample_paragraphs()
    result = kinds(paragraphs, title_first=False)
    assert result[0] == "body"  # 16 words: too long for a heading guessed by shape
    assert result[1:] == kinds(paragraphs)[1:]


# --- synthetic articles in other styles and languages -----------------------------------------

GERMAN = [
    ("Bundestag beschließt neues Klimagesetz", "heading"),
    ("Von Max Mustermann", "byline"),
    ("17. Mai 2022, 14:03 Uhr", "byline"),
    (
        "Der Bundestag hat am Dienstag mit großer Mehrheit ein neues Klimagesetz beschlossen. "
        "Die Opposition kritisierte das Verfahren als überhastet.",
        "body",
    ),
    ("Was ändert sich für Verbraucher?", "heading"),
    (
        "Für Verbraucher ändert sich zunächst wenig. Erst ab 2025 sollen die neuen Regeln "
        "für Heizungen gelten, teilte das Ministerium mit.",
        "body",
    ),
    ("Weiterlesen: Die Energiewende in Zahlen", "boilerplate"),
    ("Von der Leyen sprach von einem historischen Tag für Europa.", "body"),
    ("Quelle: dpa", "source_note"),
    ("Kommentare (12)", "boilerplate"),
    ("© 2022 Beispiel Zeitung GmbH. Alle Rechte vorbehalten.", "boilerplate"),
]

RUSSIAN = [
    ("Саммит ОДКБ в Москве: главное", "heading"),
    ("Автор: Иван Петров", "byline"),
    ("17.05.2022 14:03", "byline"),
    (
        "Лидеры стран ОДКБ собрались в Кремле, чтобы отметить юбилей организации. "
        "Итоговое заявление было принято единогласно.",
        "body",
    ),
    ("Читайте также: Лукашенко призвал союзников к единству", "boilerplate"),
    ("Что дальше?", "heading"),
    (
        "Эксперты считают, что расширение организации в ближайшие годы маловероятно, "
        "хотя такие заявления звучат регулярно.",
        "body",
    ),
    ("Источник: ТАСС", "source_note"),
    ("Поделиться", "boilerplate"),
    ("Все права защищены © 2022", "boilerplate"),
]

ENGLISH = [
    ("Allies pledge unity at anniversary summit", "heading"),
    ("By Jane Doe and John Roe", "byline"),
    ("May 17, 2022", "byline"),
    ("(Reuters)", "byline"),  # an agency line (corpus conventions: byline)
    (
        "Leaders of six former Soviet states met in Moscow on Monday and adopted a statement "
        "that avoided any mention of the war.",
        "body",
    ),
    ("“We will not back down.”", "body"),
    ("Photo: Jane Doe / Reuters", "source_note"),
    ("What comes next", "heading"),
    ("Diplomats said a follow-up meeting is planned for the autumn in Yerevan.", "body"),
    ("Share on Facebook", "boilerplate"),
    ("Leave a Reply", "boilerplate"),
    ("Cancel reply", "boilerplate"),
    ("Your email address will not be published. Required fields are marked *", "boilerplate"),
    ("Related", "boilerplate"),
    ("Ministers meet again in Geneva", "boilerplate"),
    ("Five takeaways from the summit", "boilerplate"),
]

ENGLISH_RELATED_BLOCK = [
    ("Allies pledge unity at anniversary summit", "heading"),
    ("Jane Doe, Reuters", "byline"),
    ("Published: 17.05.2022 14:03", "byline"),
    (BODY, "body"),
    ("Originally published in The Conversation. Reprinted with permission.", "source_note"),
    (
        "Related stories\nMinisters meet again in Geneva\nFive takeaways from the summit",
        "boilerplate",
    ),
    ("Jane Doe\nSenior correspondent", "boilerplate"),
]


@pytest.mark.parametrize(
    "article",
    [GERMAN, RUSSIAN, ENGLISH, ENGLISH_RELATED_BLOCK],
    ids=["german", "russian", "english", "english-related-block"],
)
def test_synthetic_articles(article: list[tuple[str, str]]) -> None:
    paragraphs = [p for p, _ in article]
    assert kinds(paragraphs) == [k for _, k in article]


def test_related_headlines_reason() -> None:
    guesses = guess_kinds([p for p, _ in ENGLISH])
    assert guesses[-1] == KindGuess("boilerplate", "list of links or headlines")
    assert guesses[-3].reason == "navigation / related links"


def test_trailing_furniture_reason() -> None:
    guesses = guess_kinds(["Allies meet", BODY, "Ministers meet again in Geneva", "Five takeaways"])
    assert guesses[2] == guesses[3] == KindGuess("boilerplate", "trailing page furniture")


# --- single paragraphs in many languages ------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Source: Gazeta", "source_note"),
        ("Sources: Reuters, AP", "source_note"),
        ("Via: The Guardian", "source_note"),
        ("Originally published at The Conversation", "source_note"),
        ("Reprinted from Foreign Affairs", "source_note"),
        ("Translated by Anna Smith", "source_note"),
        ("Translated from Russian by the editors", "source_note"),
        ("Image credit: NASA", "source_note"),
        ("Credit: AFP", "source_note"),
        ("[AFP]", "byline"),
        ("Джерело: Укрінформ", "source_note"),
        ("Источники: РИА Новости, Интерфакс", "source_note"),
        ("Фото: Reuters", "source_note"),
        ("Source : AFP", "source_note"),
        ("Fuente: EFE", "source_note"),
        ("Fonte: ANSA", "source_note"),
        ("By Jane Doe", "byline"),
        ("By Jane Doe, Senior Correspondent", "byline"),
        ("Author: Jane Doe", "byline"),
        ("Автор: Олена Коваленко", "byline"),
        ("Par Jean Dupont", "byline"),
        ("Por María López y Juan Pérez", "byline"),
        ("Updated 3 hours ago", "byline"),
        ("Опубликовано: 17 мая 2022", "byline"),
        ("17 mai 2022", "byline"),
        ("2022-05-17", "byline"),
        ("Loading...", "boilerplate"),
        ("loading …", "boilerplate"),
        ("Advertisement", "boilerplate"),
        ("Sign up for our newsletter", "boilerplate"),
        ("Follow us on Telegram", "boilerplate"),
        ("Tags: CSTO, Russia, Armenia", "boilerplate"),
        ("Print | Email | WhatsApp", "boilerplate"),
        ("You must be logged in to post a comment.", "boilerplate"),
        (
            "Save my name, email, and website in this browser for the next time I comment.",
            "boilerplate",
        ),
        ("Privacy Policy\nTerms of Use\nCookies", "boilerplate"),
        ("Оставьте комментарий", "boilerplate"),
        ("Подписывайтесь на наш Telegram", "boilerplate"),
        ("Реклама", "boilerplate"),
        ("Читайте також: Зеленський провів нараду", "boilerplate"),
        ("Anzeige", "boilerplate"),
        ("Lire aussi : Le sommet de Moscou", "boilerplate"),
        ("Laisser un commentaire", "boilerplate"),
        ("Tous droits réservés", "boilerplate"),
        ("Lee también: La cumbre de Moscú", "boilerplate"),
        ("Deja un comentario", "boilerplate"),
        ("Todos los derechos reservados", "boilerplate"),
        ("Publicidad", "boilerplate"),
        ("Gazeta.ru. Все права защищены.", "boilerplate"),
        ("## Background", "heading"),
        ("¿Es posible la unidad?", "heading"),
        ("«Мы выстояли»", "heading"),
        ("2022 in review", "heading"),
    ],
)
def test_single_paragraph_kinds(paragraph: str, expected: str) -> None:
    assert kind_alone(paragraph) == expected


# --- negative cases: body text that merely resembles furniture --------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Several comments were made during the session, but none changed the outcome.",
        "A source said the talks would continue next week.",
        "The video was shared widely on social media after the summit.",
        "Share prices fell sharply in Moscow on Monday.",
        "Print media in the region remain under heavy pressure.",
        "Popular protests erupted in Almaty in January.",
        "Comments by the minister angered officials in Baku.",
        "By Monday, the talks had collapsed.",
        "Von der Leyen sprach von einem historischen Tag.",
        "Ukraine is not mentioned once in the final document.",
        "“We managed to survive.”",
        "Loading the trucks took three days, the officials said.",
        "Is unity possible? Experts interviewed for this article disagree: some point to the "
        "peacekeeping mission in Kazakhstan, others to the unresolved border conflicts.",
        "Readers asked us to please enter your comments in the form below, which we could not "
        "do because the page was broken, the editor explained in a long letter to subscribers.",
        "Source material for the report was collected over two years by a team of researchers.",
        "the summit ended without a statement",
        "Putin, Xi and Lukashenko spoke by phone on Tuesday, the Kremlin said.",
    ],
)
def test_body_lookalikes_are_body(paragraph: str) -> None:
    assert kinds([paragraph, BODY], title_first=False) == ["body", "body"]


def test_short_line_not_followed_by_body_is_not_heading() -> None:
    paragraphs = [BODY, "Next steps", "Source: Gazeta"]
    assert kinds(paragraphs, title_first=False) == ["body", "boilerplate", "source_note"]


def test_all_short_lines_without_body_stay_body() -> None:
    paragraphs = ["Roses are red", "Violets are blue", "Sugar is sweet"]
    assert kinds(paragraphs, title_first=False) == ["body", "body", "body"]


def test_empty_inputs() -> None:
    assert guess_kinds([]) == []
    assert [g.kind for g in guess_kinds(["", "   "], title_first=False)] == ["boilerplate"] * 2


# --- robustness ---------------------------------------------------------------------------------

# fmt: off
FRAGMENTS = st.sampled_from([
    "Source:", "By", "Jane", "Doe", ",", ".", "?", "“", "”", "\n", "©", "2022", "17", "May",
    "Read also", "Share", "#", "(", ")", "comment", "Please enter your", "Автор:", "Quelle:",
    " ", "—", "::::", "Loading", "...",
])
# fmt: on
PARAGRAPH = st.one_of(st.text(max_size=300), st.lists(FRAGMENTS, max_size=40).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(
    paragraphs=st.lists(PARAGRAPH, max_size=12), title_first=st.sampled_from([True, False, None])
)
def test_never_raises_and_one_guess_per_paragraph(
    paragraphs: list[str], title_first: bool | None
) -> None:
    guesses = guess_kinds(paragraphs, title_first=title_first)
    assert len(guesses) == len(paragraphs)
    for guess in guesses:
        assert isinstance(guess, KindGuess)
        assert guess.kind in KINDS
        assert isinstance(guess.reason, str) and guess.reason
    if paragraphs and title_first:
        assert guesses[0].kind == "heading"


def test_pathological_inputs_are_fast() -> None:
    nasty = [
        "a" * 50_000,
        " " * 50_000,
        "Source" + " " * 20_000 + "x",
        "By " + "Jane " * 10_000,
        "Please enter your" + "\n" * 10_000,
        ":" * 50_000,
        "1." * 20_000,
        "© " * 20_000,
    ]
    nasty += ["(" + "a " * 20_000 + ")", "Photo: " + "Jane " * 10_000, "Jane " * 60 + "here."]
    started = time.perf_counter()
    assert len(guess_kinds(nasty)) == len(nasty)
    assert len(guess_kinds(nasty, title_first=None)) == len(nasty)
    assert time.perf_counter() - started < 5
