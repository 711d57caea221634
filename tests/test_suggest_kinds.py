"""Paragraph kinds on page-like text: the phrase families of `curator/suggest/furniture/`, the
neighbour rules of `curator.suggest.structure`, and paragraph 0 when the title is separate
(`curator suggest` through the store). All texts are synthetic."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from curator.formats.articles import read_drafts
from curator.store.imports import import_articles
from curator.store.store import Store
from curator.suggest.base import PARAGRAPH_KIND
from curator.suggest.kind_rules import FAMILIES, furniture, line_family, load_furniture
from curator.suggest.runner import store_suggestions, suggest_stored_article
from curator.suggest.structure import guess_kinds, title_first_of

BODY = (
    "The ministers adopted a joint statement after four hours of talks, and officials said "
    "further consultations would take place in the spring."
)
BODY2 = (
    "Negotiators from both delegations said the text left the most difficult questions for a "
    "later round, which has not yet been scheduled."
)
DATELINE_LEAD = (
    "OSLO (AP) — Fishermen from three northern ports blocked the harbour on Monday to protest "
    "against new catch quotas, the coast guard said."
)


def kinds(paragraphs: list[str], title_first: bool | None = False) -> list[str]:
    return [g.kind for g in guess_kinds(paragraphs, title_first=title_first)]


def between_body(paragraph: str) -> str:
    """The kind of a paragraph placed between two body paragraphs."""
    return kinds([BODY, paragraph, BODY2])[1]


# --- paragraph 0 and the title: through the store -----------------------------------------------


def _import(tmp_path: Path, name: str, content: str) -> tuple[Store, str]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    store = Store.open(tmp_path / "kinds.db", annotator="alice")
    (draft,) = read_drafts([path])
    import_articles(store, [draft])
    return store, draft.article.id


def _suggest(store: Store, article_id: str) -> list[str]:
    found = suggest_stored_article(store, article_id)
    store_suggestions(store, article_id, found)
    return [p.kind for p in store.paragraphs(article_id)]


def test_separate_jsonl_title_keeps_dateline_paragraph_as_body(tmp_path: Path) -> None:
    record = {"id": "fish", "title": "Fishermen block harbour", "paragraphs": [DATELINE_LEAD, BODY]}
    store, article_id = _import(tmp_path, "a.jsonl", json.dumps(record) + "\n")
    try:
        assert [p.kind for p in store.paragraphs(article_id)] == ["body", "body"]
        found = suggest_stored_article(store, article_id)
        assert not [s for s in found if s.label == PARAGRAPH_KIND and s.paragraph == 0]
        assert _suggest(store, article_id) == ["body", "body"]  # was ["heading", "body"]
    finally:
        store.close()


def test_separate_front_matter_title_keeps_paragraph_0_as_body(tmp_path: Path) -> None:
    text = f"---\ntitle: Fishermen block harbour\n---\n{DATELINE_LEAD}\n\n{BODY}\n"
    store, article_id = _import(tmp_path, "fish.txt", text)
    try:
        assert _suggest(store, article_id) == ["body", "body"]
    finally:
        store.close()


def test_title_taken_from_the_text_is_still_a_heading(tmp_path: Path) -> None:
    text = f"Fishermen block harbour over quotas\n\n{DATELINE_LEAD}\n\n{BODY}\n"
    store, article_id = _import(tmp_path, "fish.txt", text)
    try:
        assert _suggest(store, article_id) == ["heading", "body", "body"]
    finally:
        store.close()


def test_untitled_text_starting_with_a_dateline_lead_is_body(tmp_path: Path) -> None:
    store, article_id = _import(tmp_path, "lead.txt", f"{DATELINE_LEAD}\n\n{BODY}\n")
    try:
        assert _suggest(store, article_id) == ["body", "body"]
    finally:
        store.close()


def test_title_first_of() -> None:
    assert title_first_of(None, "Anything") is None
    assert title_first_of("Fishermen block harbour", "Fishermen block harbour") is True
    assert title_first_of("Fishermen block harbour", "Fishermen block harbour\nsecond") is True
    assert title_first_of("Fishermen block harbour", DATELINE_LEAD) is False


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Fishermen block harbour over quotas", "heading"),
        ("“We will not give up”: fishermen block the harbour over quotas", "heading"),
        (DATELINE_LEAD, "body"),
        ("A trawler at the harbour entrance on Monday.", "body"),  # a caption
        ("March 3, 2021", "byline"),
        ("Photo", "boilerplate"),
        ("This article is reprinted from The Harbour Gazette.", "source_note"),
    ],
)
def test_paragraph_0_without_a_given_title_is_judged_by_shape(first: str, expected: str) -> None:
    assert kinds([first, BODY, BODY2], title_first=None)[0] == expected


# --- the data files -------------------------------------------------------------------------------

LANGS = ("cs", "de", "en", "es", "fr", "pt", "ru", "uk")


def _files() -> dict[str, str]:
    folder = resources.files("curator.suggest") / "furniture"
    return {
        e.name.removesuffix(".toml"): e.read_text(encoding="utf-8")
        for e in folder.iterdir()
        if e.name.endswith(".toml")
    }


def test_every_language_has_a_furniture_file() -> None:
    files = _files()
    assert set(LANGS) <= set(files)
    for lang, text in files.items():
        data = load_furniture(text, lang)
        assert data["lang"] == lang
        for table in ("starts", "lines", "ends"):
            assert data[table], (lang, table)
        for name in ("months", "agencies", "stamp", "professions", "function_words"):
            assert data[name], (lang, name)


def test_unknown_keys_and_families_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown key 'colour'"):
        load_furniture('lang = "xx"\ncolour = []\n', "xx.toml")
    with pytest.raises(ValueError, match="unknown family 'jokes'"):
        load_furniture('lang = "xx"\n[starts]\njokes = ["knock knock"]\n', "xx.toml")


def test_fragments_repeat_only_with_question_marks_and_final_word_stars() -> None:
    # Linear patterns: no *, + or {n,m} in the data (a space becomes one \s+ when compiled).
    for lang, text in _files().items():
        data = load_furniture(text, lang)
        for key, value in data.items():
            tables = value.values() if isinstance(value, dict) else [value]
            for phrases in tables:
                if not isinstance(phrases, list):
                    continue
                for phrase in phrases:
                    bare = phrase.removesuffix(r"\w*")
                    assert not re.search(r"[*+{]", bare), (lang, key, phrase)
                    re.compile(phrase)


def test_families_have_known_kinds() -> None:
    assert {kind for kind, _ in FAMILIES.values()} == {"boilerplate", "byline", "source_note"}
    f = furniture()
    assert set(f.starts) <= set(FAMILIES)
    assert "credit" in f.starts and "image_label" in f.lines


# --- one paragraph: furniture, credits, bylines in seven languages --------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # read-more teasers and related links
        ("Read more", "boilerplate"),
        ("[Read: Why the quota talks failed]", "boilerplate"),
        ("Read also: The harbour in numbers", "boilerplate"),
        ("Related coverage", "boilerplate"),
        ("Lire aussi | Le port bloqué", "boilerplate"),
        ("Leer más: El puerto bloqueado", "boilerplate"),
        ("Leia também: O porto bloqueado", "boilerplate"),
        ("Weiterlesen", "boilerplate"),
        ("Čtěte také: Blokáda přístavu", "boilerplate"),
        ("Читайте также: Блокада порта", "boilerplate"),
        ("See the original article ➜", "boilerplate"),
        ("Continue reading the main story", "boilerplate"),
        ("More from author", "boilerplate"),
        # share / newsletter / comment prompts, tags
        ("Share this article", "boilerplate"),
        ("Sign up for our daily newsletter", "boilerplate"),
        ("Get the best stories in our weekly newsletter", "boilerplate"),
        ("Comments (12)", "boilerplate"),
        ("Tags: fishing, quotas, Norway", "boilerplate"),
        ("Mots-clés : pêche, quotas", "boilerplate"),
        ("Sdílet", "boilerplate"),
        ("Diskuse (25)", "boilerplate"),
        ("Compartilhe", "boilerplate"),
        ("Assine a nossa newsletter", "boilerplate"),
        ("Подписывайтесь на наш канал", "boilerplate"),
        ("Schreibe einen Kommentar", "boilerplate"),
        # bare image labels and separators
        ("Photo", "boilerplate"),
        ("View photo", "boilerplate"),
        (".", "boilerplate"),
        ("___", "boilerplate"),
        ("* * *", "boilerplate"),
        ("—", "boilerplate"),
        # prompts and notices
        ("Watch the video:", "boilerplate"),
        ("Podívejte se na video z blokády přístavu:", "boilerplate"),
        ("If you spotted an error in this article, please let us know.", "boilerplate"),
        ("Pokud jste v článku našli chybu, napište nám.", "boilerplate"),
        ("This story is developing and will be updated.", "boilerplate"),
        ("More details are coming soon…", "boilerplate"),
        ("(Story developing)", "boilerplate"),
        ("(Ampliaremos)", "boilerplate"),
        (
            "Harbour Week: our series on the ports of the north. Here.",
            "boilerplate",
        ),
        # credits
        ("Photo: Jane Doe", "source_note"),
        ("(Photo: Jane Doe/Reuters)", "source_note"),
        ("Jane Doe / AFP", "source_note"),
        ("Credit Jane Doe for The Daily Planet", "source_note"),
        ("Photo by Jane Doe/The Daily Planet", "source_note"),
        ("Foto: Juan Pérez", "source_note"),
        ("Bild: dpa", "source_note"),
        ("(Bild: Archiv)", "source_note"),
        ("Fotos: Agência Brasil", "source_note"),
        ("Фото: ТАСС", "source_note"),
        ("Foto: ČTK", "source_note"),
        ("Crédit photo : Jean Dupont", "source_note"),
        # provenance and corrections
        ("Source link", "source_note"),
        ("Based on materials: Harbour News", "source_note"),
        ("Zdroj: ČTK", "source_note"),
        ("This version corrects the date of the meeting.", "source_note"),
        ("An earlier version of this article misstated the name of the port.", "source_note"),
        ("Correction: The meeting took place on Tuesday, not Monday.", "source_note"),
        (
            "Rectificatif : une version précédente de cet article donnait un mauvais chiffre.",
            "source_note",
        ),
        # bylines, contributors, datelines, agencies
        ("Jane Doe contributed reporting from Bergen.", "byline"),
        ("With reporting by John Roe in Tromsø", "byline"),
        ("Additional reporting by John Roe", "byline"),
        ("Article written by", "byline"),
        ("OSLO (AP) —", "byline"),
        ("PARIS —", "byline"),
        ("(AFP)", "byline"),
        ("(dpa)", "byline"),
        ("A version of this article appears in print on May 2, 2021, Section A.", "source_note"),
        ("(Reporter Jane Doe, John Roe)", "byline"),
        ("Von Erika Musterfrau", "byline"),
        ("Texto: Maria Silva", "byline"),
        ("Aktualizováno 3. května 2021", "byline"),
    ],
)
def test_paragraph_kinds_between_body(paragraph: str, expected: str) -> None:
    assert between_body(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Also on Monday, officials said the harbour would reopen.",
        "Photo evidence presented in court showed the damage.",
        "Photos show the damaged pier after the storm.",
        "The newsletter was sent to 3,000 readers.",
        "Related talks are expected in Bergen next month.",
        "Sources say the deal is close.",
        "Details are expected soon, a spokesman said.",
        "It will continue to expand its fleet, the company said.",
        "Correction officers went on strike on Monday.",
        "Credit card fraud rose by 20 percent last year.",
        "Share prices fell sharply.",
        "Leer más libros es bueno para la salud, según un estudio.",
        "Lire aussi les conclusions du rapport, publiées lundi.",
        "Más de 200 barcos participaron en el bloqueo.",
        "Podrobnější informace ministerstvo zveřejní v pondělí.",
        "Подробнее о плане рассказал министр.",
        "Here is what we know.",
        "Share the burden, the minister urged.",
        "Based on reports from the field, officials put the damage at a million euros.",
        "Research by the university found that catches fell.",
        "Original source of the outbreak remains unknown.",
        "According to materials published by the ministry, quotas rose.",
        "D’après l’AFP, le ministre a démissionné.",
        "Se amplía el plazo de inscripción hasta el lunes.",
        "Jane Doe is a lawyer who represented the crews in court, she said.",
    ],
)
def test_body_lookalikes_stay_body(paragraph: str) -> None:
    assert between_body(paragraph) == "body"
    assert kinds([BODY, BODY2, paragraph])[2] == "body"


def test_lead_in_to_a_document_is_body() -> None:
    # At the very end (nothing below it) the same line is trailing furniture.
    assert between_body("Read the full statement below:") == "body"


def test_line_family_names_the_family() -> None:
    assert line_family("Lire aussi : Le port bloqué") == "read_more"
    assert line_family("Photo: Jane Doe") == "credit"
    assert line_family("Jane Doe contributed reporting.") == "contributor"
    assert line_family("The harbour reopened on Monday.") is None


# --- neighbours ----------------------------------------------------------------------------------


def test_run_of_short_lines_is_a_link_list() -> None:
    paragraphs = [
        "Fishermen block harbour",
        BODY,
        "Quota Talks Collapse in Bergen",
        "Coast Guard Warns of Storms",
        "Ten Ports to Visit This Summer",
        BODY2,
    ]
    assert kinds(paragraphs, True) == ["heading", "body", *["boilerplate"] * 3, "body"]


def test_list_introduced_by_a_colon_is_not_furniture() -> None:
    paragraphs = [BODY, "The demands are:", "Higher quotas", "Lower fuel taxes", "New piers", BODY2]
    assert kinds(paragraphs)[2:5] != ["boilerplate"] * 3


def test_lines_under_a_related_header_are_its_links() -> None:
    paragraphs = [BODY, "Mehr zum Thema", "Kommission verteidigt Quoten", "Ein Besuch an der Küste"]
    paragraphs += ["Wie geht es weiter?", BODY2]
    # The last short line heads running text: the article's next section, not a link.
    assert kinds(paragraphs) == ["body", *["boilerplate"] * 3, "heading", "body"]


def test_caption_with_a_credit_is_body() -> None:
    caption = "Boats at the harbour entrance on Friday. Credit Jane Doe/Reuters"
    assert kinds(["Fishermen block harbour", caption, BODY], True)[1] == "body"


def test_short_list_items_in_sentence_case_are_not_a_link_list() -> None:
    paragraphs = [BODY, "What we know so far", "Three boats seized", "Roads closed in the north"]
    paragraphs += ["Schools shut on Tuesday", BODY2]
    assert "boilerplate" not in kinds(paragraphs)


def test_headings_before_body_are_not_a_link_list() -> None:
    paragraphs = ["Fishermen block harbour", BODY, "What the fishermen want", BODY2]
    assert kinds(paragraphs, True) == ["heading", "body", "heading", "body"]


def test_bare_names() -> None:
    # Under the title: a caption that is only a name.
    assert kinds(["Fishermen block harbour", "Jane Doe", BODY], True)[1] == "boilerplate"
    # After an image label: its credit.
    assert kinds([BODY, "View photo", "Jane Doe", BODY2]) == [
        "body",
        "boilerplate",
        "source_note",
        "body",
    ]
    # After the article: a signature.
    assert kinds(["Fishermen block harbour", BODY, BODY2, "Jane Doe"], True)[3] == "byline"
    # Several names each heading running text: section heads of a profile list.
    profiles = ["Harbour people", "Jane Doe", BODY, "John Roe", BODY2]
    assert kinds(profiles, True) == ["heading", "heading", "body", "heading", "body"]


def test_title_case_section_head_is_not_a_name() -> None:
    assert kinds(["Fishermen block harbour", BODY, "The Road Ahead", BODY2], True)[2] == "heading"


def test_author_bio_at_the_end() -> None:
    bio = "Jane Doe covers fisheries for the Gazette. She previously reported from Reykjavik."
    assert kinds([BODY, BODY2, bio])[2] == "byline"
    assert kinds([BODY, bio, BODY2])[1] == "body"  # not at the end
    bio_es = "María López es politóloga e investigadora en la Universidad de Bergen."
    assert kinds([BODY, BODY2, bio_es])[2] == "byline"


def test_platform_name_between_body_credits_an_embedded_post() -> None:
    assert kinds([BODY, "Instagram", BODY2])[1] == "source_note"
    assert kinds([BODY, BODY2, "Instagram"])[2] == "boilerplate"  # a share button at the end


def test_short_line_next_to_a_byline_is_part_of_it() -> None:
    paragraphs = ["Fishermen block harbour", "Radio Nord", "Article written by", BODY]
    assert kinds(paragraphs, True) == ["heading", "byline", "byline", "body"]


@pytest.mark.parametrize(
    "line",
    [
        "He said the talks would continue",
        "Elle affirme que le port restera fermé",
        "Officials said the harbour would reopen",
        "The demands are as follows:",
    ],
)
def test_sentence_shaped_short_lines_are_not_headings(line: str) -> None:
    assert kinds(["Fishermen block harbour", BODY, line, BODY2], True)[2] == "body"
