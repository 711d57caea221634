"""The speaker suggester in fr, es, pt, de, ru and cs: reporting verbs, quote styles, names.

Every sentence here is synthetic (written for these tests), never corpus text.
"""

from __future__ import annotations

import pytest

from curator.suggest.base import Suggestion
from curator.suggest.lexicon import LEXICONS, guess_lang, load_lexicon
from curator.suggest.names import NameClusters
from curator.suggest.quotes import scan_quotes
from curator.suggest.speakers import suggest_speakers

LANGS = ("fr", "es", "pt", "de", "ru", "cs")


def claims_and_speakers(text: str | list[str], lang: str) -> dict[str, str | None]:
    """Claim text -> the name (or the text) of its speaker."""
    found = suggest_speakers([text] if isinstance(text, str) else text, lang)
    by_key = {s.key: s for s in found}
    out: dict[str, str | None] = {}
    for s in found:
        if s.label == "claim":
            tail = dict(s.links).get("attributed_to")
            speaker: Suggestion | None = by_key.get(tail) if tail else None
            out[s.text] = None if speaker is None else speaker.attrs.get("name") or speaker.text
    return out


@pytest.mark.parametrize(
    ("lang", "text", "claim", "speaker"),
    [
        # French: compound tenses, an adverb inside them, inversion, « » with no-break spaces
        ("fr", "« Nous ne céderons pas », a déclaré Marie Dupont mardi.", "Nous ne céderons pas",
         "Marie Dupont"),
        ("fr", "Marie Dupont a également souligné que la réforme était nécessaire.",
         "la réforme était nécessaire", "Marie Dupont"),
        ("fr", "Selon le porte-parole Luc Bernard, la décision sera prise lundi.",
         "la décision sera prise lundi", "Luc Bernard"),
        ("fr", "Le ministre de l’Intérieur Paul Martin estime qu’il faut agir vite.",
         "il faut agir vite", "Paul Martin"),
        ("fr", "Charles de Gaulle avait affirmé que la France resterait libre.",
         "la France resterait libre", "Charles de Gaulle"),
        # Spanish: preterite, según, head-first organizations, dialogue dashes
        ("es", "La ministra Ana Torres aseguró que el plan costará dos millones.",
         "el plan costará dos millones", "Ana Torres"),
        ("es", "El Ministerio de Economía informó que la inflación bajó en marzo.",
         "la inflación bajó en marzo", "Ministerio de Economía"),
        ("es", "—No vamos a ceder ante la presión —dijo la ministra Ana Torres—.",
         "No vamos a ceder ante la presión", "Ana Torres"),
        ("es", "Según Luis de Guindos, los tipos seguirán altos.", "los tipos seguirán altos",
         "Luis de Guindos"),
        # Portuguese
        ("pt", "O Ministério da Saúde afirmou que a vacina é segura.", "a vacina é segura",
         "Ministério da Saúde"),
        ("pt", "Segundo Luiz Inácio Lula da Silva, o país vai crescer.", "o país vai crescer",
         "Luiz Inácio Lula da Silva"),
        ("pt", "— Não vamos desistir agora — disse o ministro João Silva.",
         "Não vamos desistir agora", "João Silva"),
        ("pt", "A oposição criticou a medida, e o líder do partido, João Pereira, disse que o "
         "plano chega tarde.", "o plano chega tarde", "João Pereira"),
        # German: „ “ and » «, laut, zufolge opening a sentence, von der
        ("de", "„Wir sind bereit für Gespräche“, sagte Ursula von der Leyen am Montag.",
         "Wir sind bereit für Gespräche", "Ursula von der Leyen"),
        ("de", "»Das ist ein großer Fehler«, sagte die Ministerin Anna Weber.",
         "Das ist ein großer Fehler", "Anna Weber"),
        ("de", "Laut Regierungssprecher Jan Hofmann ist die Lage ernst.", "ist die Lage ernst",
         "Jan Hofmann"),
        ("de", "Dem Minister Karl Roth zufolge sind die Kassen leer.", "sind die Kassen leer",
         "Karl Roth"),
        # Russian: gendered past tense, role + genitive complement + name, dialogue dash
        ("ru", "Министр иностранных дел Сергей Лавров заявил, что переговоры продолжатся.",
         "переговоры продолжатся", "Сергей Лавров"),
        ("ru", "«Ситуация остается сложной», — отметила представитель ведомства Анна Орлова.",
         "Ситуация остается сложной", "Анна Орлова"),
        ("ru", "— Мы готовы к переговорам, — сказал Иван Петров.", "Мы готовы к переговорам",
         "Иван Петров"),
        ("ru", "Министерство обороны сообщило, что учения завершены.", "учения завершены",
         "Министерство обороны"),
        # Czech: gendered past tense, clitics, podle, „ “, verb-subject after an adverbial
        ("cs", "Ministryně Jana Malá řekla, že rozpočet je nereálný.", "rozpočet je nereálný",
         "Jana Malá"),
        ("cs", "I kapitán Novák si tehdy všiml, že obrana chybuje.", "obrana chybuje", "Novák"),
        ("cs", "„Hráli jsme skvěle a zasloužili si vyhrát,“ napsal na Facebooku Petr Dvořák.",
         "Hráli jsme skvěle a zasloužili si vyhrát", "Petr Dvořák"),
        ("cs", "„Tohle byl náš nejlepší zápas,“ napsala na sociální síti Eva Králová.",
         "Tohle byl náš nejlepší zápas", "Eva Králová"),
        ("cs", "Ministerstvo zahraničních věcí uvedlo, že situaci sleduje.", "situaci sleduje",
         "Ministerstvo zahraničních věcí"),
        ("cs", "„Rozpočet musíme přepracovat,“ uvedl pro server Zpravy.cz ministr financí Jan "
         "Malý.", "Rozpočet musíme přepracovat", "Jan Malý"),
        ("cs", "„Škrty nám vůbec nepomohou,“ řekl po jednání vlády ministr zdravotnictví Jan Malý.",
         "Škrty nám vůbec nepomohou", "Jan Malý"),
        ("cs", "Předsedkyně poslaneckého klubu ANO Alena Šimková uvedla, že strana nesouhlasí.",
         "strana nesouhlasí", "Alena Šimková"),
        ("cs", "Ekonomové se domnívají, že inflace letos klesne.", "inflace letos klesne",
         "Ekonomové"),
        ("cs", "Horák později novinářům řekl, že daně zvyšovat nebude.",
         "daně zvyšovat nebude", "Horák"),
        ("es", "Para muchos analistas es difícil prever el resultado de la votación.", None, None),
        ("es", "«¿Quién va a pagar todo esto?», preguntó el diputado Carlos Ruiz.",
         "¿Quién va a pagar todo esto", "Carlos Ruiz"),
    ],
)  # fmt: skip
def test_reported_speech_in_each_language(
    lang: str, text: str, claim: str | None, speaker: str | None
) -> None:
    found = claims_and_speakers(text, lang)
    if claim is None:
        assert found == {}
    else:
        assert found.get(claim) == speaker, found


def test_a_role_then_a_name_in_commas_is_the_name() -> None:
    found = suggest_speakers(
        [
            "Le ministre de l’Économie, Bruno Marchand, a précisé que les impôts resteraient stables."
        ],
        "fr",
    )
    speaker = next(s for s in found if s.label == "speaker")
    assert (speaker.text, speaker.attrs["role"]) == ("Bruno Marchand", "ministre de l’Économie")


def test_a_dash_list_item_is_no_dialogue() -> None:
    assert scan_quotes(["– la prévention du terrorisme ;"]).quotes == []
    assert len(scan_quotes(["– Nous sommes prêts, – a dit Paul."]).quotes) == 1


def test_an_inverted_auxiliary_gives_a_pronoun_speaker() -> None:
    found = claims_and_speakers(
        [
            "Marie Dupont a déclaré que la loi passerait.",
            "« Le vote aura lieu en juin », a-t-elle ajouté.",
        ],
        "fr",
    )
    assert found["Le vote aura lieu en juin"] == "Marie Dupont"


def test_speech_going_on_after_a_dash_cue_is_another_claim() -> None:
    found = claims_and_speakers(
        "— Мы готовы, — сказал Иван Петров. — Но условия должны быть честными.", "ru"
    )
    assert "Но условия должны быть честными" in found
    found = claims_and_speakers("—No iremos —dijo Ana Torres—. Pero mañana hablaremos.", "es")
    assert found.get("No iremos") == "Ana Torres"
    assert "Pero mañana hablaremos" in found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Le juge pourra trancher si elle pense que le contrat est rompu."),
        ("de", "Wenn er meint, dass alles gut ist, irrt er sich."),
        ("ru", "Если он считает, что все хорошо, он ошибается."),
        ("es", "La ministra explicó la medida a los periodistas."),  # no "que": no clause
        ("cs", "Trenér řekl svým hráčům několik slov."),
        ("de", "Das Treffen findet am Montag in Berlin statt."),
    ],
)
def test_no_report_is_read_where_there_is_none(lang: str, text: str) -> None:
    assert suggest_speakers([text], lang) == []


def test_a_german_noun_after_an_article_is_no_name() -> None:
    found = suggest_speakers(["Das Papier erklärt, die Zinsen würden bald steigen."], "de")
    assert [s for s in found if s.label == "speaker"] == []
    # A compound ending in a role noun is a role: "Kommissionschefin", "Wirtschaftsexperten".
    found = suggest_speakers(["Die Kommissionschefin erklärte, die Gespräche gingen weiter."], "de")
    assert [(s.text, s.attrs) for s in found if s.label == "speaker"] == [
        ("Die Kommissionschefin", {"type": "person", "role": "Kommissionschefin"})
    ]
    found = suggest_speakers(["Wirtschaftsexperten warnen, dass die Inflation steigt."], "de")
    assert [s.attrs["type"] for s in found if s.label == "speaker"] == ["group"]
    found = claims_and_speakers(
        "Der Haushaltsexperte der Grünen Paul Schneider erklärte, dass Familien zahlen.", "de"
    )
    assert found == {"Familien zahlen": "Paul Schneider"}
    found = suggest_speakers(["Die Behörde teilte mit, dass die Kassen leer sind."], "de")
    assert [s.attrs["type"] for s in found if s.label == "speaker"] == ["organization"]


def test_german_clauses_after_a_comma_and_no_clause_after_an_object() -> None:
    found = claims_and_speakers(
        "Finanzminister Klaus Berger sagte am Dienstag in Berlin, der Haushalt sei solide.", "de"
    )
    assert found == {"der Haushalt sei solide": "Klaus Berger"}
    assert claims_and_speakers("Die Opposition kritisierte den Plan scharf.", "de") == {}
    found = claims_and_speakers(
        "Nach Angaben des Bundesamts stiegen die Preise im März um 2,1 Prozent.", "de"
    )
    assert found == {"stiegen die Preise im März um 2,1 Prozent": "Bundesamts"}
    found = claims_and_speakers(
        ["Klaus Berger sprach in Berlin.", "Seiner Meinung nach ist das ein Fehler, sagte er."],
        "de",
    )
    assert found["ist das ein Fehler"] == "Klaus Berger"


def test_inflected_names_are_one_person() -> None:
    ru = suggest_speakers(
        [
            "Мария Захарова заявила, что санкции не работают.",
            "По мнению Захаровой, диалог возможен.",
        ],
        "ru",
    )
    assert {s.attrs["name"] for s in ru if s.label == "speaker"} == {"Мария Захарова"}
    cs = suggest_speakers(
        ["Podle Fialy je situace stabilní.", "Premiér Petr Fiala uvedl, že vláda to zvládne."], "cs"
    )
    assert {s.attrs["name"] for s in cs if s.label == "speaker"} == {"Petr Fiala"}


def test_name_clusters_with_case_endings() -> None:
    people = NameClusters(LEXICONS["cs"].name_endings)
    babis = people.add("Babiše")
    assert people.add("Andrej Babiš") == babis
    assert people.add("Babišovi") == babis
    assert people.canonical(babis) == "Andrej Babiš"
    assert people.add("Jana Nováková") != people.add("Jan Novák")  # another first name
    plain = NameClusters()  # without endings (English) the forms stay apart
    assert plain.add("Babiše") != plain.add("Babiš")


def test_elided_articles_split_from_names() -> None:
    found = claims_and_speakers("Selon l’Ademe, les ménages devront isoler leurs maisons.", "fr")
    assert found == {"les ménages devront isoler leurs maisons": "Ademe"}


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("« Nous sommes prêts », a-t-il dit.", "Nous sommes prêts"),
        ("»Wir sind bereit«, sagte er.", "Wir sind bereit"),
        ("Er sprach von ‚Freiheit‘ und ging.", "Freiheit"),
        ("„Jsme připraveni,“ řekl Novák.", "Jsme připraveni,"),
        ("„Jesteśmy gotowi” – powiedział.", "Jesteśmy gotowi"),
        ("—No iremos —dijo Ana.", "No iremos"),
        ("— Não iremos — disse ela.", "Não iremos"),
    ],
)
def test_quote_styles(text: str, content: str) -> None:
    scan = scan_quotes([text])
    start, end = scan.quotes[0].content
    assert text[start:end] == content
    assert not (scan.unclosed or scan.stray or scan.inner)


def test_a_french_closing_guillemet_still_closes_a_carried_quote() -> None:
    scan = scan_quotes(["« Première partie.", "Seconde partie », a-t-il dit."])
    assert len({q.chain for q in scan.quotes}) == 1 and not scan.stray


def test_a_russian_copula_dash_does_not_end_dialogue_early() -> None:
    text = "— Москва — столица переговоров, — сказал Петров."
    scan = scan_quotes([text])
    start, end = scan.quotes[0].content
    assert text[start:end] == "Москва — столица переговоров,"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Le ministre a déclaré mardi que le gouvernement ne changera pas sa politique."),
        ("es", "El ministro dijo el martes que el Gobierno no cambiará su política."),
        ("pt", "O ministro disse na terça-feira que o governo não vai mudar a sua política."),
        ("de", "Der Minister sagte am Dienstag, dass die Regierung ihre Politik nicht ändert."),
        ("cs", "Ministr v úterý řekl, že vláda svou politiku nezmění a že jednání skončila."),
        ("ru", "Министр заявил во вторник, что правительство не изменит свою политику."),
        ("en", "The minister said on Tuesday that the government will not change its policy."),
    ],
)
def test_guess_lang_tells_the_languages_apart(lang: str, text: str) -> None:
    assert guess_lang([text]) == lang


def test_every_language_has_a_full_lexicon() -> None:
    for lang in LANGS:
        lex = LEXICONS[lang]
        for name in ("verbs", "complementizers", "according_to", "roles", "titles", "markers"):
            assert getattr(lex, name), f"{lang}: {name} is empty"
        for name, words in lex.word_sets.items():
            spaced = name != "particles"  # "von der"
            bad = [w for w in words if (" " in w and spaced) or w != w.lower()]
            assert not bad, f"{lang}.{name}: {bad[:3]}"
        assert lex.verb_re.search("x") is None


def test_compound_tenses_need_the_auxiliary_and_the_participle() -> None:
    fr = LEXICONS["fr"]
    assert fr.verb_re.search("elle a également déclaré que").group("verb") == "a également déclaré"
    assert fr.verb_re.search("le texte déclaré illégal") is None
    assert fr.verb_re.search("il a faim") is None


def test_a_boolean_field_loads_and_an_unknown_one_is_refused() -> None:
    lex = load_lexicon('lang = "xx"\nverbs = ["says"]\ncomplementizer_needed = true\n', "xx.toml")
    assert lex.complementizer_needed is True
    with pytest.raises(ValueError, match="unknown lexicon field"):
        load_lexicon('lang = "xx"\nverbs = []\nverb_list = []\n', "xx.toml")
