"""The speaker suggester's resolution and recall rules, on synthetic text.

Canonical names (the fullest form the article uses, the majority spelling), pronouns only to
a compatible antecedent, organizations and groups, subjects in all positions, quotes that go
on without a cue.
"""

from __future__ import annotations

from curator.suggest.base import Suggestion
from curator.suggest.lexicon import EN
from curator.suggest.mentions import name_runs
from curator.suggest.names import NameClusters
from curator.suggest.speakers import suggest_speakers


def speakers(paragraphs: list[str]) -> list[Suggestion]:
    return suggest_speakers(paragraphs, "en")


def names(paragraphs: list[str]) -> dict[tuple[int, str], str | None]:
    return {
        (s.paragraph, s.text): s.attrs.get("name")
        for s in speakers(paragraphs)
        if s.label == "speaker"
    }


def claim_speaker(found: list[Suggestion], claim_start: str) -> str | None:
    by_key = {s.key: s for s in found}
    claim = next(s for s in found if s.label == "claim" and s.text.startswith(claim_start))
    for rel, tail in claim.links:
        if rel == "attributed_to":
            return by_key[tail].text
    return None


# -- canonical names ------------------------------------------------------------------------------


def test_a_surname_gets_the_full_name_the_article_uses_elsewhere() -> None:
    got = names(
        [
            "Trade minister Helga Brandt visited the port on Monday.",
            "“Exports will grow,” Brandt said.",
        ]
    )
    assert got[(1, "Brandt")] == "Helga Brandt"


def test_the_majority_spelling_wins_among_variants() -> None:
    got = names(
        [
            "Kovalenko spoke about the grid.",
            "Kovalenko said that repairs go on.",
            "Kovalenko said that power will return.",
            "According to Kovalenka, the cold is the danger.",
        ]
    )
    assert got[(3, "Kovalenka")] == "Kovalenko"


def test_a_place_before_a_surname_is_not_a_given_name() -> None:
    got = names(["Rebels in North Varosh fought on.", "Varosh said that it wants talks."])
    assert got[(1, "Varosh")] == "Varosh"


def test_two_given_names_for_one_surname_keep_the_surname() -> None:
    got = names(
        [
            "Paul Dorn and Marta Dorn opened the shop.",
            "Dorn said that sales were good.",
        ]
    )
    assert got[(1, "Dorn")] == "Dorn"


def test_initials_keep_their_dot() -> None:
    got = names(["“It will hold,” said Robert K. Lamm, a fellow at the institute."])
    assert got[(0, "Robert K. Lamm")] == "Robert K. Lamm"


def test_name_runs_drop_sentence_words_and_keep_honorifics() -> None:
    runs = name_runs("Then Olga Hart spoke. Mr. Vance left. But Mrs. Ada Vance stayed.", EN)
    assert ("", "Olga Hart") in runs
    assert ("Mr", "Vance") in runs
    assert ("Mrs", "Ada Vance") in runs


def test_learned_names_do_not_change_the_first_full_name_rule_before_learning() -> None:
    people = NameClusters()
    first = people.add("Lamm")
    assert people.canonical(first) == "Lamm"
    people.learn([("", "Robert Lamm"), ("", "Lamm")])
    assert people.canonical(first) == "Robert Lamm"


def test_a_lower_cased_surname_after_a_given_name_is_part_of_the_name() -> None:
    got = names(["Donald grey said that he would stay."])
    assert got[(0, "Donald grey")] == "Donald grey"


# -- pronouns -------------------------------------------------------------------------------------


def test_she_never_resolves_to_a_man() -> None:
    got = names(["Peter Walsh said that it rained. She added that it was cold."])
    assert got[(0, "She")] is None


def test_she_resolves_to_the_woman_among_two_people() -> None:
    got = names(
        [
            "Anna Berg said that it rained. Peter Walsh said that it snowed.",
            "She added that it was cold.",
        ]
    )
    assert got[(1, "She")] == "Anna Berg"


def test_an_honorific_tells_the_gender() -> None:
    got = names(
        [
            "Mrs. Lind said that the plan works. Mr. Okafor said that it fails. She added that costs rise."
        ]
    )
    assert got[(0, "She")] == "Lind"


def test_he_does_not_resolve_to_an_organization() -> None:
    got = names(["The Daily Post reported that the mayor resigned.", "He said that he was tired."])
    assert got[(1, "He")] is None


def test_it_resolves_to_the_organization_named_before() -> None:
    found = speakers(
        [
            "The Water Agency warned that the river is rising.",
            "“Stay away from the banks,” it said in a statement.",
        ]
    )
    it = next(s for s in found if s.label == "speaker" and s.text == "it")
    assert it.attrs == {"name": "Water Agency", "type": "organization"}


def test_it_without_an_organization_is_no_speaker() -> None:
    found = speakers(["“The storm is over,” it said."])
    assert not [s for s in found if s.label == "speaker"]


def test_they_takes_the_group_named_before() -> None:
    got = names(["Health officials said the clinic will open.", "They said that staff are ready."])
    assert got[(0, "Health officials")] == "Health officials"
    assert got[(1, "They")] == "Health officials"


def test_group_names_drop_quantifiers() -> None:
    got = names(["A number of economists say that prices will fall."])
    assert got[(0, "A number of economists")] == "economists"


# -- recall ---------------------------------------------------------------------------------------


def test_subject_before_an_auxiliary_and_an_adverb() -> None:
    got = names(["Marek Zold has said that the bridge is safe. Zold firmly denied that it leaks."])
    assert got[(0, "Marek Zold")] == "Marek Zold"
    assert got[(0, "Zold")] == "Marek Zold"


def test_passive_reporting_verbs_have_no_speaker() -> None:
    found = speakers(["The mayor was told that the road is closed."])
    assert not [s for s in found if s.label == "speaker"]


def test_an_apposition_before_the_verb_gives_the_name() -> None:
    got = names(["“We will rebuild,” her brother, Tomas, said on Friday."])
    assert got[(0, "Tomas")] == "Tomas"


def test_a_name_before_a_preposition_after_the_verb() -> None:
    got = names(["“We are looking into it,” said detective Laura Chen from the city police."])
    assert got[(0, "Laura Chen")] == "Laura Chen"


def test_speech_acts_without_a_clause_give_a_speaker_and_no_claim() -> None:
    found = speakers(["Ingrid Holm commented on the vote in the capital."])
    assert [s.text for s in found if s.label == "speaker"] == ["Ingrid Holm"]
    assert not [s for s in found if s.label == "claim"]


def test_spoke_at_an_event_is_no_statement() -> None:
    found = speakers(["Ingrid Holm spoke at the summit in the capital."])
    assert not [s for s in found if s.label == "speaker"]
    found = speakers(["Ingrid Holm spoke about the summit in the capital."])
    assert [s.text for s in found if s.label == "speaker"] == ["Ingrid Holm"]


def test_a_time_tail_after_the_verb_reports_the_clause_before() -> None:
    found = speakers(["The dam will be rebuilt by spring, officials said late Friday."])
    claims = [s.text for s in found if s.label == "claim"]
    assert claims == ["The dam will be rebuilt by spring"]


def test_an_infinitive_after_a_promise_does_not_borrow_a_later_that() -> None:
    found = speakers(["Ola Brekke pledged to cut taxes after a campaign that was long."])
    assert not [s for s in found if s.label == "claim"]
    assert [s.text for s in found if s.label == "speaker"] == ["Ola Brekke"]


def test_headline_labels_and_credits_are_no_speakers() -> None:
    for title in (
        "BREAKING NEWS: the dam holds",
        "Map: where the river rose",
        "Sara Lind: Tom Berg / Agency",
    ):
        found = speakers([title, "The river rose."])
        assert not [s for s in found if s.label == "speaker"], title


def test_a_name_in_apposition_to_a_role_is_the_speaker() -> None:
    found = speakers(["“It was too late,” his sister, Maren, said on Sunday."])
    spk = [s for s in found if s.label == "speaker"]
    assert [s.text for s in spk] == ["Maren"]
    assert spk[0].attrs["role"] == "his sister"


def test_a_full_name_after_an_office_is_the_speaker() -> None:
    got = names(["The plan is sound, said press secretary of the Interior Minister Olav Rinde."])
    assert got == {(0, "Olav Rinde"): "Olav Rinde"}


def test_a_report_inside_a_report_gives_two_claims() -> None:
    found = speakers(["The agency said Mr Tall had told the court on Monday that he was innocent."])
    assert claim_speaker(found, "Mr Tall had told") == "agency"
    assert claim_speaker(found, "he was innocent") == "Tall"


def test_an_unknown_dash_before_an_inverted_cue() -> None:
    found = speakers(["“Read nothing before lunch,” ― said Halvorsen."])
    assert claim_speaker(found, "Read nothing") == "Halvorsen"


def test_a_directive_gives_a_speaker_and_no_claim() -> None:
    found = speakers(["The Food Board warned shoppers to avoid the powder."])
    assert [s.text for s in found if s.label == "speaker"] == ["Food Board"]
    assert not [s for s in found if s.label == "claim"]


def test_a_title_in_title_case_is_not_a_name() -> None:
    found = speakers(["His book is entitled: The Rain Did Not said his last word."])
    assert not [s for s in found if s.label == "speaker"]


# -- speakers no verb names -------------------------------------------------------------------------


def test_a_possessive_statement_makes_a_speaker() -> None:
    found = speakers(["Highlights of Minister Varga’s statements follow."])
    assert [s.text for s in found if s.label == "speaker"] == ["Varga"]


def test_a_possessive_pronoun_needs_a_clause() -> None:
    found = speakers(
        ["Edda Lunde spoke about taxes.", "Her vow on Monday that rates will fall was welcome."]
    )
    her = next(s for s in found if s.label == "speaker" and s.text == "Her")
    assert her.attrs["name"] == "Edda Lunde"
    assert claim_speaker(found, "rates will fall") == "Her"
    found = speakers(["In his speech the mayor was brief."])
    assert not [s for s in found if s.label == "speaker"]


def test_a_second_quote_after_the_cue_keeps_the_speaker() -> None:
    found = speakers(["“The bridge is safe,” Halvorsen said. “We checked it twice.”"])
    assert claim_speaker(found, "We checked") == "Halvorsen"


def test_a_quote_only_paragraph_continues_the_speaker_before() -> None:
    found = speakers(
        [
            "“The bridge is safe,” Halvorsen said.",
            "“We checked every bolt twice and found nothing wrong with any of them.”",
        ]
    )
    claim = next(s for s in found if s.label == "claim" and s.text.startswith("We checked"))
    assert claim.meta["speaker_from"] == "continues the quote of ¶1"
    assert claim_speaker(found, "We checked") == "Halvorsen"


def test_a_quote_paragraph_after_narration_is_not_continued() -> None:
    found = speakers(
        [
            "“The bridge is safe,” Halvorsen said. The council met later.",
            "The mayor spoke next. “Nothing is settled in this town yet,” a guard shouted.",
        ]
    )
    assert claim_speaker(found, "Nothing is settled") is None


def test_a_first_person_block_after_a_speaker_is_a_block_quote() -> None:
    found = speakers(
        [
            "Marta Hahn said that the plan was hers. She explained it as follows:",
            "I started with the budget. We cut what we did not need.",
        ]
    )
    i = next(s for s in found if s.label == "speaker" and s.paragraph == 1)
    assert (i.text, i.attrs["name"]) == ("I", "Marta Hahn")
    assert claim_speaker(found, "We cut what") == "I"


def test_a_first_person_article_has_no_block_quotes() -> None:
    paras = ["Marta Hahn said that the plan was hers."] + [
        f"I walked to the river on day {n}. It was cold." for n in range(5)
    ]
    found = speakers(paras)
    assert not [s for s in found if s.label == "speaker" and s.text == "I"]


def test_a_relative_pronoun_speaks_through_its_head() -> None:
    got = names(["The deal keeps in office a prime minister who has declared that he will stay."])
    assert (0, "a prime minister") in got
    got = names(["The board sued Velora Media, which accuses the bank of fraud."])
    assert got == {(0, "Velora Media"): "Velora Media"}


def test_the_agent_of_a_passive_reporting_verb() -> None:
    got = names(["The visit was criticized by the Harbour Council for its cost."])
    assert got == {(0, "Harbour Council"): "Harbour Council"}


def test_coordinated_names_are_all_speakers() -> None:
    got = names(["Then Ida Moen, Per Lie and Kari Dahl talk about schools for an hour."])
    assert set(got) == {(0, "Ida Moen"), (0, "Per Lie"), (0, "Kari Dahl")}


def test_a_comma_before_a_subject_is_no_list() -> None:
    got = names(["In the address to the Harbour Council, Kari Dahl said that fees rise."])
    assert got == {(0, "Kari Dahl"): "Kari Dahl"}


def test_the_statement_of_a_named_person_without_a_clause() -> None:
    got = names(["He quoted the words of Professor Lindqvist from an old novel."])
    assert got[(0, "Lindqvist")] == "Lindqvist"


def test_negated_speech_has_no_speaker() -> None:
    found = speakers(["Even if Ola Brekke has not commented on the plan, the signs are clear."])
    assert not [s for s in found if s.label == "speaker"]


def test_a_block_quote_starting_with_a_contraction() -> None:
    found = speakers(
        [
            "“Deals take time,” Marta Hahn said at the hearing.",
            "I’ve been building ties with founders for years, so we moved fast.",
        ]
    )
    i = next(s for s in found if s.label == "speaker" and s.paragraph == 1)
    assert (i.start, i.text) == (0, "I")


def test_a_lone_given_name_gets_the_full_name_that_starts_with_it() -> None:
    got = names(
        [
            "“It hurt so much,” her aunt, Greta, said.",
            "Greta Voss later asked shops to stop selling the pills.",
        ]
    )
    assert got[(0, "Greta")] == "Greta Voss"


def test_a_pronoun_prefers_a_known_person_named_in_its_own_sentence() -> None:
    got = names(
        [
            "Jonas Ek said that the vote was fair.",
            "Ivan Holt said that talks go on.",
            "Voters back Ek’s stance and his pledge on Monday that taxes will fall.",
        ]
    )
    assert got[(2, "his")] == "Jonas Ek"


def test_the_authors_of_reports_by_are_speakers() -> None:
    got = names(
        ["He answered reports by Nordic Radio and The Daily Post that the mine will close."]
    )
    assert (0, "Nordic Radio") in got and (0, "Daily Post") in got


def test_a_full_name_after_a_noun_phrase_and_a_comma() -> None:
    got = names(["The candidate of the party, Ana Ruiz, has pointed out that she will win."])
    assert got[(0, "Ana Ruiz")] == "Ana Ruiz"


def test_an_apposition_after_a_preposition() -> None:
    got = names(
        ["He spoke later, after the speaker of the assembly Ana Ruiz, has announced that it ends."]
    )
    assert got[(0, "Ana Ruiz")] == "Ana Ruiz"


def test_a_company_report_is_no_statement_but_reports_by_are() -> None:
    assert not [
        s for s in speakers(["The company’s annual report showed a loss."]) if s.label == "speaker"
    ]


def test_a_possessive_before_a_verb_form_is_one_speaker() -> None:
    found = speakers(["Mr Smith’s comments on the matter drew criticism."])
    assert [s.text for s in found if s.label == "speaker"] == ["Smith"]


def test_a_lone_given_name_and_a_role_tell_the_gender() -> None:
    got = names(["Sara Lind and her son Erik said they would leave. She added that it was safe."])
    assert got[(0, "She")] == "Sara Lind"


def test_one_resident_is_an_anonymous_speaker() -> None:
    found = speakers(["“The water came fast,” said one resident, who asked not to be named."])
    spk = next(s for s in found if s.label == "speaker")
    assert (spk.text, spk.attrs["type"]) == ("one resident", "anonymous")
    assert claim_speaker(found, "The water came") == "one resident"


def test_a_coordinated_cue_shares_the_subject_of_the_cue_before() -> None:
    found = speakers(["“The data are old,” Halvorsen said, and advised “not to trust any of it”."])
    assert claim_speaker(found, "not to trust") == "Halvorsen"


def test_a_cue_with_a_missing_subject_is_not_given_the_speaker_before() -> None:
    found = speakers(
        [
            "Ole Berg says that he has four grandchildren. Asked how Ivan Holt would act, "
            "he quickly steps in and says: “Of course we will all act together on this.”"
        ]
    )
    assert claim_speaker(found, "Of course") is None


def test_a_first_person_paragraph_with_its_own_speaker_is_no_block_quote() -> None:
    found = speakers(
        ["“The bridge is safe,” Halvorsen said.", "I think it will hold for years, Dag Moe said."]
    )
    assert not [s for s in found if s.label == "speaker" and s.text == "I"]


def test_a_capital_the_inside_a_sentence_belongs_to_the_name() -> None:
    got = names(["He denied reports by The Daily Post that he resigned."])
    assert got[(0, "Daily Post")] == "The Daily Post"
    got = names(["The Daily Post reported that the mayor resigned."])
    assert got[(0, "Daily Post")] == "Daily Post"


# -- transliterations, countries, anonymous sources, introducing nouns -------------------------


def test_transliterated_slavic_endings_are_one_person() -> None:
    from curator.suggest.names import is_spelling_variant

    assert is_spelling_variant("Zelensky", "Zelenskyi") and is_spelling_variant(
        "Zelenskiy", "Zelenskyy"
    )
    assert not is_spelling_variant("Russia", "Russian") and not is_spelling_variant(
        "Peskov", "Peskova"
    )
    found = names(
        ["Ivan Horodetsky said the port was closed.", "Horodetskyi added that it would reopen."]
    )
    assert found[(1, "Horodetskyi")] == "Ivan Horodetsky"


def test_a_country_that_speaks_is_its_government_and_never_he() -> None:
    found = speakers(["Norway said it would send aid.", "Then he said the talks were over."])
    norway = next(s for s in found if s.label == "speaker" and s.text == "Norway")
    assert norway.attrs == {"name": "Government of Norway", "type": "organization"}
    assert all(s.attrs.get("name") != "Government of Norway" for s in found if s.text == "he")


def test_the_source_stays_anonymous() -> None:
    found = speakers(["Ana Ruiz met officials. The source said the deal was close."])
    source = next(s for s in found if s.label == "speaker" and s.text.lower().endswith("source"))
    assert source.attrs.get("type") == "anonymous" and "name" not in source.attrs


def test_a_noun_introducing_a_name_is_not_part_of_it() -> None:
    from curator.suggest.speakers import _without_lead_nouns

    assert _without_lead_nouns("server Claret and Hugh", EN) == "Claret and Hugh"
    assert _without_lead_nouns("the daily Politika", EN) == "Politika"
    assert _without_lead_nouns("von der Leyen", EN) == "von der Leyen"
    assert _without_lead_nouns("analysts", EN) == "analysts"
