"""The annotation TUI driven with Textual's Pilot: every key, checked against the store.

No async test plugin is installed, so each test is a plain function that runs its scenario
with `asyncio.run`. The app writes through its own Store; the tests read back through the
`sample_db` fixture's Store (a second connection to the same file), as another process would.
"""

from __future__ import annotations

import asyncio
import io
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from curator.domain.errors import InputError, StoreError
from curator.domain.span import SpanBase
from curator.formats.articles import read_jsonl, read_text_article
from curator.store.imports import import_articles
from curator.store.store import Store
from curator.tui.annotate import AnnotateScreen
from curator.tui.app import CuratorApp, EmptyScreen, known_binding_ids, make_app
from curator.tui.dialogs import AttributeForm, HelpScreen, Picker, SearchScreen
from curator.tui.panels import Outline

SIZE = (120, 40)
ARTICLE = "csto-20-years"
QUOTE = 9
"""Paragraph 10 (index 9): “I am sure that ... as they say,” said Lukashenka. He added ..."""

Scenario = Callable[[Pilot], Awaitable[None]]


def run(app: CuratorApp, scenario: Scenario, **kw: bool) -> None:
    """Run the app headless at 120x40 and drive it with `scenario`."""
    sent: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        sent.append(message)
        notify(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    SENT[app] = sent

    async def main() -> None:
        async with app.run_test(size=SIZE, **kw) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def open_app(store: Store, paragraph: int | None = None, **kw: object) -> CuratorApp:
    """The app on the store's file for `alice`, resuming at `paragraph` when given."""
    if paragraph is not None:
        store.save_position(ARTICLE, paragraph)
    return make_app(store.path, "alice", **kw)  # type: ignore[arg-type]


def annotate(pilot: Pilot) -> AnnotateScreen:
    """The annotation screen (the bottom of the stack when a dialog is open)."""
    screens = [s for s in pilot.app.screen_stack if isinstance(s, AnnotateScreen)]
    assert screens, f"no AnnotateScreen in {pilot.app.screen_stack}"
    return screens[-1]


def words(pilot: Pilot) -> list[str]:
    """The words the cursor steps over in the current paragraph."""
    c = annotate(pilot).view.cursor
    return [c.text[s:e] for s, e in c.words]


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys and let the app settle."""
    await pilot.press(*keys)
    await pilot.pause()


async def to_word(pilot: Pilot, word: str, nth: int = 0) -> None:
    """Put the cursor on the nth occurrence of `word` (as a click would: right/left/mouse
    have their own tests, and a key per word would make this file slow)."""
    screen = annotate(pilot)
    c = screen.view.cursor
    index = [i for i, w in enumerate(words(pilot)) if w == word][nth]
    c.place(c.words[index][0])
    screen.view.focused_span = None
    screen._cursor_moved()
    await pilot.pause()
    assert c.text[c.pos : c.pos + len(word)] == word


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows, as plain text (what export_screenshot draws, without SVG)."""
    app = pilot.app
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


SENT: weakref.WeakKeyDictionary[CuratorApp, list[str]] = weakref.WeakKeyDictionary()
"""Every notification an app raised (the app's own list forgets them when they expire)."""


async def wait_for(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Pause until `condition` holds (the palette searches in a worker; toasts mount later)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def palette_hits(pilot: Pilot) -> list[str]:
    """The command palette's current hits, as plain text."""
    hits = pilot.app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


def messages(pilot: Pilot) -> list[str]:
    """Notifications raised so far (run_test does not draw toasts unless asked)."""
    return SENT[pilot.app]


def only_span(store: Store, **kw: object) -> SpanBase:
    spans = store.spans(ARTICLE, **kw)  # type: ignore[arg-type]
    assert len(spans) == 1, spans
    return spans[0]


def import_jsonl(store: Store, *records: dict) -> None:
    lines = "\n".join(orjson.dumps(r).decode() for r in records)
    import_articles(store, list(read_jsonl(lines, "test.jsonl")))


@pytest.fixture
def store(sample_db: Store) -> Store:
    """The sample article in a database, opened (for checking) as alice."""
    return sample_db


# -- the binding table -------------------------------------------------------------------------

TESTED_KEYS = {
    *("n", "pagedown", "p", "pageup", "N", "right", "left", "shift+right", "shift+left"),
    *("home", "end", "shift+home", "shift+end", "s", "escape"),
    *(str(n) for n in range(1, 10)),
    *("enter", "tab", "shift+tab", "delete", "x", "l", "m", "K", "k", "u", "ctrl+y", "U"),
    *("slash", "o", "right_square_bracket", "left_square_bracket", "question_mark", "q"),
    *("a", "r", "A"),  # tests/test_tui_suggest.py
    *("t", "right_parenthesis", "left_parenthesis"),  # tests/test_tui_fixes.py
    *("ctrl+right", "ctrl+left", "ctrl+shift+left", "ctrl+shift+right"),  # ditto
    *("alt+right", "alt+left", "alt+shift+left", "alt+shift+right"),  # ditto
    *("ctrl+o", "J", "B", "w"),  # tests/test_tui_bilingual.py
}
"""Every key of AnnotateScreen.BINDINGS has a test below; a new binding needs one too."""


def test_every_binding_key_is_tested_and_has_an_id() -> None:
    keys = set()
    for binding in AnnotateScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.id and binding.id.startswith("curator."), binding
        keys.update(binding.key.split(","))
    assert keys == TESTED_KEYS
    ids = [b.id for b in AnnotateScreen.BINDINGS if isinstance(b, Binding)]
    assert len(ids) == len(set(ids))
    assert set(ids) <= known_binding_ids()


# -- paragraphs -----------------------------------------------------------------------------------


def test_n_p_pagedown_pageup_move_paragraphs_and_save_position(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        assert screen.index == 0
        for key, expected in [("n", 1), ("pagedown", 2), ("n", 3), ("p", 2), ("pageup", 1)]:
            await press(pilot, key)
            assert screen.index == expected, key
            assert store.last_position() == (ARTICLE, expected)
        await press(pilot, "p", "p")
        assert screen.index == 0
        assert "First paragraph" in messages(pilot)

    run(open_app(store), scenario)


def test_n_on_the_last_paragraph_stays_and_says_so(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "n")
        assert annotate(pilot).index == 38
        assert any("Last paragraph" in m for m in messages(pilot))

    run(open_app(store, 38), scenario)


def test_shift_n_goes_to_the_next_paragraph_not_done(store: Store) -> None:
    for i in (1, 2, 4):
        store.set_paragraph_status(ARTICLE, i, "done")
    store.set_paragraph_status(ARTICLE, 3, "skipped")

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "N")
        assert annotate(pilot).index == 5
        assert store.last_position() == (ARTICLE, 5)

    run(open_app(store, 0), scenario)


def test_shift_n_wraps_around_and_reports_when_all_done(store: Store) -> None:
    for i in range(39):
        if i != 2:
            store.set_paragraph_status(ARTICLE, i, "done")

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "N")
        assert annotate(pilot).index == 2  # wrapped from 30
        await press(pilot, "m")  # the last one to do
        await press(pilot, "N")
        assert any("done or skipped" in m for m in messages(pilot))

    run(open_app(store, 30), scenario)


def test_m_marks_done_and_advances_then_toggles_back(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        await press(pilot, "m")
        assert store.statuses(ARTICLE)[QUOTE].status == "done"
        assert screen.index == QUOTE + 1
        await press(pilot, "p")
        assert "· done" in screen.view.heading
        await press(pilot, "m")
        assert store.statuses(ARTICLE)[QUOTE].status == "todo"
        assert screen.index == QUOTE  # un-marking does not move on
        assert "· to do" in screen.view.heading  # one spelling, set or not (was "todo")

    run(open_app(store, QUOTE), scenario)


def test_shift_k_skips_the_paragraph_without_moving(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "K")
        assert store.statuses(ARTICLE)[4].status == "skipped"
        assert annotate(pilot).index == 4

    run(open_app(store, 4), scenario)


def test_k_sets_the_paragraph_kind(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "k")
        picker = pilot.app.screen
        assert isinstance(picker, Picker)
        options = picker.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts[0] == "● body"  # the current kind is marked
        assert options.has_focus
        await press(pilot, "down")
        while options.highlighted != prompts.index("  boilerplate"):
            await press(pilot, "down")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert store.paragraphs(ARTICLE)[QUOTE].kind == "boilerplate"
        assert "· boilerplate ·" in annotate(pilot).view.heading

    run(open_app(store, QUOTE), scenario)


def test_k_then_escape_changes_nothing(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "k", "down", "escape")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert store.paragraphs(ARTICLE)[QUOTE].kind == "body"

    run(open_app(store, QUOTE), scenario)


# -- cursor and selection --------------------------------------------------------------------------


def test_right_left_move_by_word(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view = annotate(pilot).view
        starts = [s for s, _ in view.cursor.words]
        assert view.cursor.pos == starts[0] == 1  # after the opening quote
        await press(pilot, "right", "right")
        assert view.cursor.pos == starts[2]
        await press(pilot, "left")
        assert view.cursor.pos == starts[1]
        assert view.cursor.selection is None

    run(open_app(store, QUOTE), scenario)


def test_shift_right_and_shift_left_extend_and_shrink(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view = annotate(pilot).view
        await to_word(pilot, "am")
        text = view.cursor.text
        await press(pilot, "shift+right")
        assert text[slice(*view.cursor.selection)] == "am"
        await press(pilot, "shift+right", "shift+right")
        assert text[slice(*view.cursor.selection)] == "am sure that"
        await press(pilot, "shift+left")
        assert text[slice(*view.cursor.selection)] == "am sure"
        await press(pilot, "escape")
        assert view.cursor.selection is None
        assert text[view.cursor.pos :].startswith("sure")  # escape keeps the cursor

    run(open_app(store, QUOTE), scenario)


def test_home_end_and_their_shift_variants(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view = annotate(pilot).view
        c = view.cursor
        await to_word(pilot, "Lukashenka")
        await press(pilot, "end")
        assert (c.pos, c.selection) == (c.words[-1][0], None)
        assert c.text[c.pos :] == "alone."
        await press(pilot, "home")
        assert (c.pos, c.selection) == (1, None)
        await to_word(pilot, "Lukashenka")
        await press(pilot, "shift+end")
        assert c.text[slice(*c.selection)] == (
            "Lukashenka. He added that Russia should not fight the NATO enlargement attempt alone"
        )
        await to_word(pilot, "Lukashenka")
        await press(pilot, "shift+home")
        assert c.selection[0] == 1
        assert c.text[slice(*c.selection)].endswith("as they say,” said Lukashenka")

    run(open_app(store, QUOTE), scenario)


def test_s_selects_the_sentence_and_escape_clears_it(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        c = annotate(pilot).view.cursor
        await to_word(pilot, "added")
        await press(pilot, "s")
        assert c.text[slice(*c.selection)] == (
            "He added that Russia should not fight the NATO enlargement attempt alone."
        )
        await press(pilot, "escape")
        assert c.selection is None

    run(open_app(store, QUOTE), scenario)


def test_mouse_drag_selects_whole_words(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        lines = screen_text(pilot).splitlines()
        row = next(y for y, line in enumerate(lines) if "“I am sure" in line)
        col = lines[row].index("“I am sure")
        await pilot.click(offset=(col + 4, row))  # on "am"
        await pilot.pause()
        c = screen.view.cursor
        assert c.text[c.pos : c.pos + 2] == "am"
        await pilot.mouse_down(offset=(col + 4, row))
        await pilot.hover(offset=(col + 7, row))  # inside "sure"
        await pilot.mouse_up(offset=(col + 7, row))
        await pilot.pause()
        assert c.text[slice(*c.selection)] == "am sure"
        await press(pilot, "1")
        assert only_span(store).text == "am sure"

    run(open_app(store, QUOTE), scenario)


# -- tagging -----------------------------------------------------------------------------------------


def test_selecting_lukashenka_and_pressing_2_tags_a_speaker(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        await press(pilot, "shift+right")
        await press(pilot, "2")
        span = only_span(store)
        assert (span.label, span.text, span.paragraph) == ("speaker", "Lukashenka", QUOTE)
        text = store.paragraph_text(ARTICLE, QUOTE)
        assert text[span.start : span.end] == "Lukashenka"
        assert span.annotator == "alice"
        screen = annotate(pilot)
        assert screen.view.cursor.selection is None  # the selection is used up
        assert screen.view.focused_span == span.id
        assert "Lukashenka" in str(screen.query_one("#annotations", Static).render())

    run(open_app(store, QUOTE), scenario)


def test_number_keys_tag_with_their_label(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        for key, word in [
            ("1", "sure"),
            ("2", "Lukashenka"),
            ("3", "immediately"),
            ("4", "hellish"),
        ]:
            await to_word(pilot, word)
            await press(pilot, key)
        got = {s.text: s.label for s in store.spans(ARTICLE)}
        assert got == {
            "sure": "claim",
            "Lukashenka": "speaker",
            "immediately": "date",
            "hellish": "translation_error",
        }

    run(open_app(store, QUOTE), scenario)


def test_number_keys_beyond_the_tag_set_tag_nothing(store: Store) -> None:
    assert len(store.tagset.labels) == 4

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        for key in "56789":
            await press(pilot, key)
        assert store.spans(ARTICLE) == []
        assert "The tag set has no label 5" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_tagging_a_sentence_keeps_its_final_punctuation(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "s", "1")
        span = only_span(store)
        assert span.text == (
            "“I am sure that if we had acted immediately as a united front, there would not have "
            "been these hellish sanctions, as they say,” said Lukashenka."
        )
        assert span.start == 0

    run(open_app(store, QUOTE), scenario)


# -- the attribute form ---------------------------------------------------------------------------------


async def open_form(pilot: Pilot, key: str, word: str) -> AttributeForm:
    await to_word(pilot, word)
    await press(pilot, key, "enter")
    form = pilot.app.screen
    assert isinstance(form, AttributeForm)
    return form


async def choose(pilot: Pilot, form: AttributeForm, field: str, value: object) -> None:
    """Pick a Select option with the keyboard: focus, enter, down to it, enter."""
    select = form.query_one(f"#f-{field}", Select)
    select.focus()
    await pilot.pause()
    values = [v for _, v in select._options]  # first is the blank "Select"
    await press(pilot, "enter", *["down"] * values.index(value), "enter")
    assert select.value == value


def test_enter_opens_the_form_and_ctrl_s_saves_claim_attrs(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        form = await open_form(pilot, "1", "sure")
        assert form.label == "claim"
        assert pilot.app.focused is form.query_one("#f-check_worthy", Select)
        await choose(pilot, form, "check_worthy", "yes")
        await choose(pilot, form, "claimbuster", "CFS")
        form.query_one("#f-summary", Input).focus()
        await press(pilot, *"Sanctions")
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        attrs = only_span(store).attrs_dict()
        assert attrs == {"check_worthy": "yes", "claimbuster": "CFS", "summary": "Sanctions"}

    run(open_app(store, QUOTE), scenario)


def test_speaker_name_typed_and_enter_in_a_text_field_saves(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        form = await open_form(pilot, "2", "Lukashenka")
        name = form.query_one("#f-name", Input)
        assert pilot.app.focused is name
        await choose(pilot, form, "type", "person")
        name.focus()
        await press(pilot, *"Lukashenko")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert only_span(store).attrs_dict() == {"name": "Lukashenko", "type": "person"}
        assert store.speakers(ARTICLE) == [("Lukashenko", 1)]

    run(open_app(store, QUOTE), scenario)


def test_speaker_form_suggests_a_known_spelling_variant(store: Store) -> None:
    start = store.paragraph_text(ARTICLE, 8).index("Alexander Lukashenko")
    store.add_span(
        ARTICLE, 8, start, start + 20, "speaker", {"name": "Alexander Lukashenko", "type": "person"}
    )

    async def scenario(pilot: Pilot) -> None:
        form = await open_form(pilot, "2", "Lukashenka")
        await press(pilot, *"Lukashenka")
        hint = str(form.query_one("#variant", Static).render())
        assert "did you mean Alexander Lukashenko" in hint
        await press(pilot, "f2")
        assert form.query_one("#f-name", Input).value == "Alexander Lukashenko"

    run(open_app(store, QUOTE), scenario)


def test_escape_cancels_the_form_without_change(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        form = await open_form(pilot, "1", "sure")
        await choose(pilot, form, "check_worthy", "no")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert only_span(store).attrs_dict() == {}

    run(open_app(store, QUOTE), scenario)


def test_a_bad_value_shows_the_error_and_keeps_the_form(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        form = await open_form(pilot, "1", "sure")
        await choose(pilot, form, "check_worthy", "yes")
        summary = form.query_one("#f-summary", Input)
        summary.focus()
        await pilot.pause()
        summary.insert_text_at_cursor("x" * 78)  # typing 80 keys would take seconds
        await press(pilot, "x", "x", "ctrl+s")
        assert summary.value == "x" * 80
        assert pilot.app.screen is form
        error = str(form.query_one("#error", Static).render())
        assert "summary" in error
        assert "75" in error
        assert only_span(store).attrs_dict() == {}
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, AnnotateScreen)

    run(open_app(store, QUOTE), scenario)


def test_saving_without_a_required_value_is_allowed_and_flagged(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await open_form(pilot, "1", "sure")
        await press(pilot, "ctrl+s")  # an annotation may stay incomplete for now
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert only_span(store).attrs_dict() == {}
        panel = str(annotate(pilot).query_one("#annotations", Static).render())
        assert "⚠ missing check_worthy" in panel

    run(open_app(store, QUOTE), scenario)


def test_enter_without_an_annotation_says_so(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert any("No annotation under the cursor" in m for m in messages(pilot))

    run(open_app(store, QUOTE), scenario)


# -- moving between, deleting and undoing annotations -------------------------------------------------


def test_tab_and_shift_tab_cycle_annotations(store: Store) -> None:
    text = store.paragraph_text(ARTICLE, QUOTE)
    ids = [
        store.add_span(ARTICLE, QUOTE, text.index(w), text.index(w) + len(w), "claim").id
        for w in ("Lukashenka", "I am", "added")
    ]
    by_start = [ids[1], ids[0], ids[2]]

    async def scenario(pilot: Pilot) -> None:
        view = annotate(pilot).view
        seen = []
        for _ in range(4):
            await press(pilot, "tab")
            seen.append(view.focused_span)
            assert view.cursor.pos == store.span(view.focused_span).start
        assert seen == [*by_start, by_start[0]]
        await press(pilot, "shift+tab")
        assert view.focused_span == by_start[2]
        await press(pilot, "right")
        assert view.focused_span is None  # a cursor move leaves the annotation

    run(open_app(store, QUOTE), scenario)


@pytest.mark.parametrize("key", ["delete", "x"])
def test_delete_and_x_delete_the_annotation(store: Store, key: str) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        await press(pilot, "1")
        await to_word(pilot, "Lukashenka")
        await press(pilot, "2")
        await to_word(pilot, "sure")
        await press(pilot, key)
        assert [s.text for s in store.spans(ARTICLE)] == ["Lukashenka"]
        await press(pilot, key)  # nothing under the cursor now
        assert [s.text for s in store.spans(ARTICLE)] == ["Lukashenka"]
        assert "No annotation under the cursor" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_u_undoes_a_tag_and_a_delete(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        await press(pilot, "1")
        span = only_span(store)
        await press(pilot, "x")
        assert store.spans(ARTICLE) == []
        await press(pilot, "u")  # undo the delete: the same span is back
        again = only_span(store)
        assert (again.id, again.text, again.start, again.end) == (
            span.id,
            "sure",
            span.start,
            span.end,
        )
        await press(pilot, "u")  # undo the tag
        assert store.spans(ARTICLE) == []
        await press(pilot, "u")
        assert "Nothing to undo" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_undo_goes_back_to_the_paragraph_of_the_change(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        await press(pilot, "1", "n", "n")
        assert annotate(pilot).index == QUOTE + 2
        # The change is out of sight: the first u says where and asks (issue #12)...
        await press(pilot, "u")
        assert annotate(pilot).index == QUOTE + 2 and len(store.spans(ARTICLE)) == 1
        assert f"in ¶ {QUOTE + 1}: press u again" in messages(pilot)[-1]
        await press(pilot, "u")  # ...the second undoes it and goes there
        assert annotate(pilot).index == QUOTE
        assert store.spans(ARTICLE) == []

    run(open_app(store, QUOTE), scenario)


@pytest.mark.parametrize("key", ["ctrl+y", "U"])
def test_ctrl_y_and_shift_u_redo(store: Store, key: str) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        await press(pilot, "1", "u")
        assert store.spans(ARTICLE) == []
        await press(pilot, key)
        assert only_span(store).text == "sure"
        await press(pilot, key)
        assert "Nothing to redo" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_u_undoes_a_paragraph_mark(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "m")
        assert store.statuses(ARTICLE)[QUOTE].status == "done"
        await press(pilot, "u")
        assert QUOTE not in store.statuses(ARTICLE)
        assert annotate(pilot).index == QUOTE

    run(open_app(store, QUOTE), scenario)


def test_undo_works_after_a_restart(store: Store) -> None:
    async def tag(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        await press(pilot, "2", "q")

    async def undo(pilot: Pilot) -> None:
        assert annotate(pilot).index == QUOTE
        assert only_span(store).text == "Lukashenka"
        await press(pilot, "u")
        assert store.spans(ARTICLE) == []

    run(open_app(store, QUOTE), tag)
    assert only_span(store).text == "Lukashenka"
    run(make_app(store.path, "alice"), undo)


# -- links ----------------------------------------------------------------------------------------------


def test_l_links_a_claim_to_a_speaker_and_again_unlinks(store: Store) -> None:
    async def link(pilot: Pilot) -> None:
        await press(pilot, "l")
        picker = pilot.app.screen
        assert isinstance(picker, Picker)
        await press(pilot, *"attr", "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "s", "1")  # the quote is a claim
        await to_word(pilot, "Lukashenka")
        await press(pilot, "2", "shift+tab")  # back on the claim
        claim = next(s for s in store.spans(ARTICLE) if s.label == "claim")
        speaker = next(s for s in store.spans(ARTICLE) if s.label == "speaker")
        assert annotate(pilot).current_span().id == claim.id
        await link(pilot)
        [rel] = store.relations(ARTICLE)
        assert (rel.type, rel.head, rel.tail) == ("attributed_to", claim.id, speaker.id)
        panel = str(annotate(pilot).query_one("#annotations", Static).render())
        assert "→ attributed_to: speaker “Lukashenka”" in panel
        await link(pilot)  # chosen again: unlinked
        assert store.relations(ARTICLE) == []

    run(open_app(store, QUOTE), scenario)


def test_l_lists_only_allowed_targets(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "s", "1")
        await to_word(pilot, "Lukashenka")
        await press(pilot, "2", "shift+tab", "l")
        picker = pilot.app.screen
        assert isinstance(picker, Picker)
        ids = sorted(oid.split("\x00")[0] for oid, _ in picker.choices)
        assert ids == ["attributed_to", "cue"]  # no claim_date: no date tagged
        await press(pilot, "escape")
        assert store.relations(ARTICLE) == []

    run(open_app(store, QUOTE), scenario)


def test_l_on_a_speaker_or_nothing_explains_why_not(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "l")
        assert any("Put the cursor on a claim" in m for m in messages(pilot))
        await to_word(pilot, "Lukashenka")
        await press(pilot, "2", "l")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert "A speaker cannot be linked (the tag set has no relation from it)" in messages(pilot)

    run(open_app(store, QUOTE), scenario)


def test_deleting_a_linked_speaker_and_undo_restores_the_link(store: Store) -> None:
    text = store.paragraph_text(ARTICLE, QUOTE)
    end = text.index("Lukashenka") + len("Lukashenka")
    claim = store.add_span(ARTICLE, QUOTE, 0, end + 1, "claim")
    speaker = store.add_span(ARTICLE, QUOTE, end - len("Lukashenka"), end, "speaker")
    store.add_relation("attributed_to", claim.id, speaker.id)

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")  # innermost span under the cursor: the speaker
        await press(pilot, "delete")
        assert [s.label for s in store.spans(ARTICLE)] == ["claim"]
        assert store.relations(ARTICLE) == []
        await press(pilot, "u")
        assert len(store.spans(ARTICLE)) == 2
        assert [r.tail for r in store.relations(ARTICLE)] == [speaker.id]

    run(open_app(store, QUOTE), scenario)


# -- search, outline, articles, help, palette, quit -------------------------------------------------------


def test_slash_searches_and_enter_jumps_to_the_hit(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        await press(pilot, *"Lukashenka")
        hits = pilot.app.screen.query_one(OptionList)
        assert hits.option_count == 3
        await press(pilot, "enter")
        screen = annotate(pilot)
        assert pilot.app.screen is screen
        assert screen.index in (9, 10, 25)
        assert "Lukashenka" in screen.paragraphs[screen.index].text
        assert store.last_position() == (ARTICLE, screen.index)

    run(open_app(store, 0), scenario)


def test_search_escape_stays_put(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "slash", *"Putin", "escape")
        assert pilot.app.screen is annotate(pilot)
        assert annotate(pilot).index == 3

    run(open_app(store, 3), scenario)


def test_o_toggles_the_outline_and_enter_in_it_jumps(store: Store) -> None:
    store.set_paragraph_status(ARTICLE, 0, "done")

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        outline = screen.query_one(Outline)
        assert not outline.display
        await press(pilot, "o")
        assert outline.display
        assert outline.has_focus
        assert outline.option_count == 39
        assert outline.highlighted == 2
        assert str(outline.get_option_at_index(0).prompt).startswith("✓   1")
        await press(pilot, "down", "down", "enter")
        assert screen.index == 4
        assert screen.view.has_focus
        await press(pilot, "o")
        assert not outline.display

    run(open_app(store, 2), scenario)


def test_brackets_switch_articles(store: Store) -> None:
    import_jsonl(store, {"id": "second", "title": "Second article", "paragraphs": ["One.", "Two."]})

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        await press(pilot, "left_square_bracket")
        assert screen.article_id == ARTICLE
        assert "This is the first article" in messages(pilot)
        await press(pilot, "right_square_bracket")
        assert (screen.article_id, screen.index) == ("second", 0)
        assert store.last_position() == ("second", 0)
        assert "2/2" in str(screen.query_one("#titlebar", Static).render())
        await press(pilot, "right_square_bracket")
        assert "No more articles" in messages(pilot)
        await press(pilot, "left_square_bracket")
        assert (screen.article_id, screen.index) == (ARTICLE, 0)

    run(open_app(store, 5), scenario)


def test_question_mark_shows_help_with_every_binding_id(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        ids = {bid for _, _, bid in help_screen.rows}
        expected = {b.id for b in AnnotateScreen.BINDINGS if isinstance(b, Binding)}
        # Number keys past the tag set's four labels tag nothing, so help leaves them out.
        unused = {f"curator.tag_{n}" for n in range(5, 10)}
        assert expected - unused <= ids
        assert not unused & ids
        text = screen_text(pilot)
        assert "curator.next_paragraph" in text
        assert "curator.tag_1" in text
        assert "Tag with translation_error" in text
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        await press(pilot, "question_mark", "question_mark")
        assert isinstance(pilot.app.screen, AnnotateScreen)

    run(open_app(store), scenario)


def test_q_quits(store: Store) -> None:
    app = open_app(store)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "q")
        assert not pilot.app.is_running

    run(app, scenario)
    assert app.return_code == 0


def test_ctrl_p_opens_the_palette_and_goes_to_a_paragraph(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "ctrl+p")
        assert isinstance(pilot.app.screen, CommandPalette)
        await press(pilot, *"12: Pash")
        await wait_for(
            pilot,
            lambda: (
                palette_hits(pilot)[:1]
                # cut at a word end (it was cut mid-word, "abou…")
                == ["Go to paragraph 12: Pashinyan also reminded Armenia’s complaints…"]
            ),
            "the paragraph hit",
        )
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert annotate(pilot).index == 11
        assert store.last_position() == (ARTICLE, 11)

    run(open_app(store), scenario)


def test_palette_switches_to_another_annotators_layer_read_only(store: Store) -> None:
    bob = Store.open(store.path, annotator="bob")
    bob.add_span(ARTICLE, 0, 0, 5, "claim")
    bob.close()

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        await press(pilot, "ctrl+p", *"view: bob")
        await wait_for(
            pilot,
            lambda: palette_hits(pilot)[:1] == ["Switch annotator view: bob (read-only)"],
            "the layer hit",
        )
        await press(pilot, "enter")
        assert pilot.app.screen is screen
        assert screen.readonly
        assert [s.annotator for s in screen.spans] == ["bob"]
        await press(pilot, "2")
        assert store.spans(ARTICLE) == []  # alice wrote nothing
        assert any("Read-only" in m for m in messages(pilot))
        screen.set_layer("alice")
        await press(pilot, "2")
        assert len(store.spans(ARTICLE)) == 1

    run(open_app(store, 0), scenario)


# -- text that must stay exact and literal ------------------------------------------------------------------


def test_a_span_after_emoji_keeps_exact_offsets(fresh_db: Store) -> None:
    text = "😀👩‍👩‍👧 Putin said “x”."
    import_jsonl(fresh_db, {"id": "emoji", "title": "Emoji", "paragraphs": ["Intro.", text]})

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "n")
        assert annotate(pilot).view.cursor.text == text
        assert words(pilot)[0] == "Putin"
        await press(pilot, "2")
        [span] = fresh_db.spans("emoji")
        assert (span.text, span.start, span.end) == ("Putin", 7, 12)
        assert fresh_db.paragraph_text("emoji", 1)[span.start : span.end] == "Putin"
        assert "Putin said" in screen_text(pilot)

    run(make_app(fresh_db.path, "alice"), scenario)


HOSTILE = "[bold]x[/bold] [/x] [link=http://e]y[/link] \x1b[31mred"


def test_hostile_markup_is_shown_literally_and_can_be_tagged(fresh_db: Store) -> None:
    import_jsonl(
        fresh_db,
        {"id": "hostile", "title": "Title [/b] here", "paragraphs": ["Intro [i].", HOSTILE]},
    )

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        await press(pilot, "n")
        text = screen.view.cursor.text
        assert text == HOSTILE.replace("\x1b", "\ufffd")  # ESC never reaches the terminal
        start = text.index("[/x]")
        screen.view.cursor.select_range(start, start + 4)  # what a mouse drag over it does
        await press(pilot, "1")
        # Messages that quote article text must not be parsed as markup either.
        screen.notify("claim: “[/x]”")
        await wait_for(pilot, lambda: "claim: “[/x]”" in screen_text(pilot), "the toast")
        [span] = fresh_db.spans("hostile")
        assert (span.text, span.start, span.end) == ("[/x]", start, start + 4)
        shown = screen_text(pilot)
        assert "[bold]x[/bold] [/x] [link=http://e]y[/link] \ufffd[31mred" in shown
        assert "claim [/x]" in shown  # the side panel
        assert "claim: “[/x]”" in shown  # the toast
        assert "Title [/b] here" in shown
        assert "\x1b" not in shown
        assert "[/x]" in "".join(
            seg.text for y in range(screen.view.size.height) for seg in screen.view.render_line(y)
        )

    run(make_app(fresh_db.path, "alice"), scenario, notifications=True)


def test_hostile_titles_and_text_in_the_palette_and_search(fresh_db: Store) -> None:
    import_jsonl(
        fresh_db,
        {"id": "hostile", "title": "Title [/b] here", "paragraphs": ["Intro [/i].", HOSTILE]},
    )

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "ctrl+p")
        await wait_for(pilot, lambda: "Title [/b] here" in screen_text(pilot), "the title")
        await press(pilot, *"para")
        await wait_for(pilot, lambda: "Intro [/i]." in screen_text(pilot), "the paragraph")
        await press(pilot, "escape", "slash", *"link")
        assert "[bold]x[/bold] [/x] [link=http://e]" in screen_text(pilot)

    run(make_app(fresh_db.path, "alice"), scenario)


def test_text_article_import_paragraph_offsets_match(fresh_db: Store) -> None:
    draft = read_text_article(
        "Title\n\n👩‍👩‍👧 Putin said “x”.\n", "t.txt", markdown=False, default_id="t"
    )
    import_articles(fresh_db, [draft])

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "n", "end", "1")
        [span] = fresh_db.spans("t")
        assert fresh_db.paragraph_text("t", 1)[span.start : span.end] == span.text == "x"

    run(make_app(fresh_db.path, "alice"), scenario)


# -- app level: key map, empty database, resume -----------------------------------------------------------


def test_a_remapped_key_works_and_the_old_one_does_not(store: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "j")
        assert annotate(pilot).index == 1
        await press(pilot, "n")
        assert annotate(pilot).index == 1
        await press(pilot, "question_mark")
        rows = {bid: keys for keys, _, bid in pilot.app.screen.rows}
        assert rows["curator.next_paragraph"] == "j"

    run(open_app(store, 0, keymap={"curator.next_paragraph": "j"}), scenario)


def test_an_empty_database_shows_how_to_import(fresh_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        assert isinstance(pilot.app.screen, EmptyScreen)
        text = screen_text(pilot)
        assert "No articles in" in text
        assert "curator demo" in text
        await press(pilot, "q")
        assert not pilot.app.is_running

    run(make_app(fresh_db.path, "alice"), scenario)


def test_the_app_resumes_where_the_editor_stopped(store: Store) -> None:
    async def move(pilot: Pilot) -> None:
        await press(pilot, *["n"] * 5, "q")

    async def resumed(pilot: Pilot) -> None:
        assert annotate(pilot).index == 5
        assert "¶ 6 of 39" in screen_text(pilot)

    run(make_app(store.path, "alice"), move)
    assert store.last_position() == (ARTICLE, 5)
    run(make_app(store.path, "alice"), resumed)


def test_resume_is_per_annotator(store: Store) -> None:
    store.save_position(ARTICLE, 7)

    async def scenario(pilot: Pilot) -> None:
        assert annotate(pilot).index == 0

    run(make_app(store.path, "bob"), scenario)


@pytest.mark.parametrize(("saved", "opened"), [((ARTICLE, 4), 0), (("second", 1), 1)])
def test_article_id_opens_that_article(store: Store, saved: tuple[str, int], opened: int) -> None:
    import_jsonl(store, {"id": "second", "title": "Second", "paragraphs": ["One.", "Two."]})
    store.save_position(*saved)

    async def scenario(pilot: Pilot) -> None:
        assert (annotate(pilot).article_id, annotate(pilot).index) == ("second", opened)

    run(make_app(store.path, "alice", article_id="second"), scenario)


def test_an_unknown_article_id_is_an_error(store: Store) -> None:
    with pytest.raises(InputError, match="no article 'nope'"):
        make_app(store.path, "alice", article_id="nope")


def test_a_missing_database_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        make_app(tmp_path / "missing.db", "alice")
    assert not (tmp_path / "missing.db").exists()
