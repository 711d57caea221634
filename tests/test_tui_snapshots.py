"""SVG snapshots of the annotation screen, the attribute forms and the help screen.

Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the SVGs under tests/__snapshots__/ before committing them.
Nothing time- or machine-dependent is on screen: the database path is not shown, ids and
timestamps never are, toasts are off, the text cursor does not blink, and the help
screen's config path is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from curator.store.store import Store
from curator.tui import config
from curator.tui.annotate import AnnotateScreen
from curator.tui.app import make_app
from curator.tui.dialogs import AttributeForm, HelpScreen

SIZE = (120, 40)
ARTICLE = "csto-20-years"
QUOTE = 9
"""Paragraph 10: “I am sure that ... as they say,” said Lukashenka. He added ..."""

SnapCompare = Callable[..., bool]


def annotate(pilot: Pilot) -> AnnotateScreen:
    return next(s for s in pilot.app.screen_stack if isinstance(s, AnnotateScreen))


async def to_word(pilot: Pilot, word: str) -> None:
    """Move the cursor onto `word` with the right-arrow key."""
    c = annotate(pilot).view.cursor
    index = [c.text[s:e] for s, e in c.words].index(word)
    await pilot.press("home", *["right"] * index)


async def settle(pilot: Pilot) -> None:
    """Make the next frame reproducible: no blinking text cursor."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def app_at(sample_db: Store) -> Callable[[int], object]:
    """Build the app on the sample article, resuming at a paragraph (alice's layer)."""

    def build(paragraph: int):
        sample_db.save_position(ARTICLE, paragraph)
        app = make_app(sample_db.path, "alice")
        # Toasts expire on a timer, so whether one is still drawn depends on machine speed.
        app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]
        return app

    return build


def test_main_screen_with_a_claim_and_a_nested_speaker(
    app_at: Callable[[int], object], snap_compare: SnapCompare, sample_db: Store
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("s", "1")  # the opening quote, as a claim
        await to_word(pilot, "Lukashenka")
        await pilot.press("2")  # the speaker inside it
        await settle(pilot)

    assert snap_compare(app_at(QUOTE), terminal_size=SIZE, run_before=run_before)
    claim, speaker = sample_db.spans(ARTICLE)
    assert claim.label == "claim"
    assert claim.text.startswith("“I am sure") and claim.text.endswith("said Lukashenka.")
    assert (speaker.label, speaker.text) == ("speaker", "Lukashenka")


FORMS: dict[str, tuple[int, str, int, str]] = {
    # label: (paragraph, first word, words selected, tag key)
    "claim": (QUOTE, "sure", 3, "1"),
    "speaker": (QUOTE, "Lukashenka", 1, "2"),
    "date": (2, "May", 2, "3"),
    "translation_error": (QUOTE, "hellish", 1, "4"),
}


@pytest.mark.parametrize("label", list(FORMS))
def test_attribute_form(
    label: str, app_at: Callable[[int], object], snap_compare: SnapCompare, sample_db: Store
) -> None:
    paragraph, word, count, key = FORMS[label]

    async def run_before(pilot: Pilot) -> None:
        await to_word(pilot, word)
        await pilot.press(*["shift+right"] * count, key, "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AttributeForm)
        assert pilot.app.screen.label == label
        await settle(pilot)

    assert snap_compare(app_at(paragraph), terminal_size=SIZE, run_before=run_before)
    assert [s.label for s in sample_db.spans(ARTICLE)] == [label]


def test_help_screen(
    app_at: Callable[[int], object], snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "config_path", lambda: Path("~/.config/curator/config.toml"))

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await settle(pilot)

    assert snap_compare(app_at(0), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_main_screen_layout_at_small_and_large_sizes(
    size: tuple[int, int], app_at: Callable[[int], object], snap_compare: SnapCompare
) -> None:
    async def run_before(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(app_at(QUOTE), terminal_size=size, run_before=run_before)


def test_read_only_layer_view(sample_db: Store, snap_compare: SnapCompare) -> None:
    bob = Store.open(sample_db.path, annotator="bob")
    text = bob.paragraph_text(ARTICLE, QUOTE)
    start = text.index("Lukashenka")
    bob.add_span(ARTICLE, QUOTE, start, start + 10, "speaker", {"name": "Lukashenka"})
    bob.close()
    sample_db.save_position(ARTICLE, QUOTE)
    app = make_app(sample_db.path, "alice")
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        annotate(pilot).set_layer("bob")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_hostile_text_shows_literally(fresh_db: Store, snap_compare: SnapCompare) -> None:
    import orjson

    from curator.formats.articles import read_jsonl
    from curator.store.imports import import_articles

    record = {
        "id": "hostile",
        "title": "[bold]Title[/bold] \x1b[2J",
        "paragraphs": [
            "Intro [@click=app.quit]click[/] here.",
            "He said “[red]not red[/red]” and \x1b[31mESC\x1b[0m then [/x] [b].",
            "Outro.",
        ],
    }
    import_articles(fresh_db, list(read_jsonl(orjson.dumps(record).decode(), "h.jsonl")))
    fresh_db.save_position("hostile", 1)
    app = make_app(fresh_db.path, "alice")
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("s", "1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


# -- the other main screens: outline, link picker, search, pending suggestions, review ----------


def test_outline(app_at: Callable[[int], object], snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(app_at(QUOTE), terminal_size=SIZE, run_before=run_before)


def test_link_picker(app_at: Callable[[int], object], snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("s", "1")
        await to_word(pilot, "Lukashenka")
        await pilot.press("2", "shift+tab", "l")  # back on the claim, then link
        await settle(pilot)

    assert snap_compare(app_at(QUOTE), terminal_size=SIZE, run_before=run_before)


def test_search(app_at: Callable[[int], object], snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("slash", *"Pashinyan")
        await settle(pilot)

    assert snap_compare(app_at(0), terminal_size=SIZE, run_before=run_before)


def test_pending_suggestions(sample_db: Store, snap_compare: SnapCompare) -> None:
    from curator.suggest.runner import store_suggestions, suggest_stored_article

    store_suggestions(sample_db, ARTICLE, suggest_stored_article(sample_db, ARTICLE))
    sample_db.save_position(ARTICLE, QUOTE)
    app = make_app(sample_db.path, "alice")
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_review_screen(sample_db: Store, snap_compare: SnapCompare) -> None:
    import review_fixture as rf

    from curator.tui.app import make_review_app

    rf.build(sample_db)
    app = make_review_app(sample_db.path, "lena", rf.A, rf.B)
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
