"""Article-wide name reading (fullest form, given names) in languages with name particles and
case endings: synthetic text only."""

from __future__ import annotations

from curator.suggest.lexicon import lexicon_for
from curator.suggest.mentions import name_runs
from curator.suggest.speakers import suggest_speakers


def _speakers(paragraphs: list[str], lang: str) -> list[tuple[str, str | None]]:
    """(text, canonical name) of each speaker suggestion."""
    return [
        (s.text, s.attrs.get("name"))
        for s in suggest_speakers(paragraphs, lang)
        if s.label == "speaker"
    ]


def test_name_runs_keep_particles_and_drop_a_sentence_opening_function_word() -> None:
    lex = lexicon_for("es")
    got = name_runs("Según Marta de Castro, el plan llega tarde. Para Luis Gómez, no.", lex)
    assert got == [("", "Marta de Castro"), ("", "Luis Gómez")]


def test_name_runs_leave_a_trailing_particle_out() -> None:
    got = name_runs("El informe de Marta de la comisión llegó tarde.", lexicon_for("es"))
    assert got == [("", "Marta")]


def test_a_particle_does_not_cut_the_name_after_an_inverted_verb() -> None:
    got = _speakers(["«El plan llega tarde», dijo Marta de Castro en Sevilla."], "es")
    assert got == [("Marta de Castro", "Marta de Castro")]


def test_a_preposition_after_the_name_ends_it_in_french_too() -> None:
    got = _speakers(["« Le budget est prêt », a déclaré Paul de Moréac à Lyon."], "fr")
    assert got == [("Paul de Moréac", "Paul de Moréac")]


def test_an_inflected_name_keeps_the_nominative_as_canonical_name() -> None:
    paragraphs = [
        "Podle Petra Svobody je rozpočet nereálný.",
        "„Rozpočet je špatný,“ řekl Petr Svoboda.",
        "Svoboda také řekl, že daně neporostou.",
    ]
    got = _speakers(paragraphs, "cs")
    assert {name for _, name in got} == {"Petr Svoboda"}
    assert len(got) == 3
