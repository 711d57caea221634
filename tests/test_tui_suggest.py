"""Suggestions in the annotation screen: shown dimmed, `a` accepts, `r` rejects, `A` accepts
the paragraph's, `u` undoes an accept. Driven with Pilot like tests/test_tui.py; the app
writes through its own Store and the test reads back through the fixture's."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_ID
from test_tui import annotate, messages, open_app, press, run, screen_text, to_word
from textual.pilot import Pilot

from curator.store.store import Store
from curator.store.suggestions import SUGGEST_LAYER, pending_suggestions
from curator.suggest.runner import store_suggestions, suggest_stored_article

QUOTE = 9
"""“I am sure … as they say,” said Lukashenka. He added that Russia should not …"""


@pytest.fixture
def store(sample_db: Store) -> Store:
    """The sample article with its suggestions stored, opened (for checking) as alice."""
    store_suggestions(sample_db, SAMPLE_ID, suggest_stored_article(sample_db, SAMPLE_ID))
    return sample_db


def suggestion(store: Store, text: str, label: str, paragraph: int = QUOTE):
    spans = pending_suggestions(store, SAMPLE_ID, paragraph)
    (span,) = [s for s in spans if s.text == text and s.label == label]
    return span


def test_suggestions_show_dimmed_with_their_reason(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        shown = [s for s in screen.spans if s.annotator == SUGGEST_LAYER]
        assert shown and all(s.status == "pending" for s in shown)
        assert {"claim", "speaker"} <= {s.label for s in shown}
        assert {s.id for s in shown} <= {s.id for s in screen.view.spans}
        text = screen_text(pilot)
        assert "claim (suggested)" in text
        assert "a accept · r reject · A all" in text
        assert "? named speaker of “said”" in text

    run(open_app(store, QUOTE), scenario)


def test_a_accepts_the_suggestion_under_the_cursor(store: Store) -> None:
    speaker = suggestion(store, "Lukashenka", "speaker")

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        await press(pilot, "a")
        screen = annotate(pilot)
        copy = next(s for s in screen.spans if s.annotator == "alice")
        assert screen.view.focused_span == copy.id
        assert not [s for s in screen.spans if s.id == speaker.id]  # no longer pending
        assert any(m.startswith("Accepted speaker “Lukashenka”") for m in messages(pilot))

    run(open_app(store, QUOTE), scenario)
    (copy,) = store.spans(SAMPLE_ID)
    assert (copy.label, copy.text, copy.origin) == ("speaker", "Lukashenka", "suggested")
    assert copy.meta["from_suggestion"] == speaker.id
    assert copy.attrs_dict()["name"] == "Alexander Lukashenko"
    assert store.span(speaker.id).status == "accepted"


def test_tab_then_a_accepts_the_focused_suggestion_and_u_undoes_it(store: Store) -> None:
    claim = next(
        s for s in pending_suggestions(store, SAMPLE_ID, QUOTE) if s.text.startswith("I am sure")
    )

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "tab")  # the first annotation of the paragraph: the quote's claim
        assert annotate(pilot).view.focused_span == claim.id
        await press(pilot, "a")
        assert [s.label for s in store.spans(SAMPLE_ID)] == ["claim"]
        await press(pilot, "u")
        assert store.spans(SAMPLE_ID) == []
        assert store.span(claim.id).status == "pending"
        assert claim.id in {s.id for s in annotate(pilot).spans}  # shown again
        assert "Undone: accept claim" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_r_rejects_and_it_is_not_shown_again(store: Store) -> None:
    he = suggestion(store, "He", "speaker")

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "He")
        await press(pilot, "r")
        assert he.id not in {s.id for s in annotate(pilot).spans}
        assert any(m.startswith("Rejected speaker “He”") for m in messages(pilot))

    run(open_app(store, QUOTE), scenario)
    assert store.span(he.id).status == "rejected"
    assert store.spans(SAMPLE_ID) == []


def test_shift_a_accepts_all_in_the_paragraph_with_links(store: Store) -> None:
    n = len(pending_suggestions(store, SAMPLE_ID, QUOTE))

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "A")
        screen = annotate(pilot)
        assert [s for s in screen.spans if s.annotator == SUGGEST_LAYER] == []
        assert f"Accepted {n} suggestions (u undoes)" in messages(pilot)
        await press(pilot, "A")
        assert "No suggestions in this paragraph" in messages(pilot)

    run(open_app(store, QUOTE), scenario)
    assert len(store.spans(SAMPLE_ID, paragraph=QUOTE)) == n
    assert {r.type for r in store.relations(SAMPLE_ID)} == {"attributed_to"}
    assert pending_suggestions(store, SAMPLE_ID, QUOTE) == []


def test_a_and_r_without_a_suggestion_say_so(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "added")  # the cue word: no suggestion covers it
        await press(pilot, "a")
        await press(pilot, "r")
        said = [m for m in messages(pilot) if m.startswith("No suggestion under the cursor")]
        assert len(said) == 2

    run(open_app(store, QUOTE), scenario)
    assert store.spans(SAMPLE_ID) == []


def test_suggestions_are_read_only_in_another_layer(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        screen.set_layer("bob")
        await pilot.pause()
        await to_word(pilot, "Lukashenka")
        await press(pilot, "a")
        assert any(m.startswith("Read-only") for m in messages(pilot))

    run(open_app(store, QUOTE), scenario)
    assert store.spans(SAMPLE_ID) == []
