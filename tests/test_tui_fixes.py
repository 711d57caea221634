"""Regressions of the editor's session in the TUI (issues #12 and #16), driven with Pilot.

Each test here failed on the code before its fix; helpers come from tests/test_tui.py.
"""

from __future__ import annotations

from typing import Any

from test_tui import (
    ARTICLE,
    QUOTE,
    annotate,
    messages,
    only_span,
    open_app,
    press,
    run,
    to_word,
)
from textual import events
from textual.pilot import Pilot
from textual.widgets import Select

from curator.store.store import Store
from curator.tui.annotate import AnnotateScreen
from curator.tui.dialogs import AttributeForm


def add(store: Store, word: str, label: str, attrs: dict[str, Any] | None = None, p: int = QUOTE):
    text = store.paragraph_text(ARTICLE, p)
    start = text.index(word)
    return store.add_span(ARTICLE, p, start, start + len(word), label, attrs)


# -- re-editing a translation error ------------------------------------------------------------


def test_reopening_a_translation_error_keeps_its_subtype_and_saves(sample_db: Store) -> None:
    attrs = {"category": "Accuracy/Mistranslation", "severity": "major"}
    add(sample_db, "hellish", "translation_error", attrs)

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "hellish")
        await press(pilot, "enter")
        form = pilot.app.screen
        assert isinstance(form, AttributeForm)
        assert form.query_one("#f-dimension", Select).value == "Accuracy"
        assert form.query_one("#f-subtype", Select).value == "Mistranslation"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AnnotateScreen), "save refused"
        assert not [m for m in messages(pilot) if "unknown MQM" in m]

    run(open_app(sample_db, QUOTE), scenario)
    assert only_span(sample_db).attrs_dict() == attrs


def test_review_edit_of_a_translation_error_keeps_its_subtype(sample_db: Store) -> None:
    import asyncio

    import review_fixture as rf

    from curator.tui.app import make_review_app

    rf.build(sample_db)
    app = make_review_app(sample_db.path, "lena", rf.A, rf.B)
    state: dict[str, Any] = {}

    async def main() -> None:
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.pause()
            screen = pilot.app.screen
            for _ in range(len(screen.items)):
                pair = screen.current.pair
                side = pair.a or pair.b
                if side.label == "translation_error" and "/" in side.attrs.get("category", ""):
                    break
                await pilot.press("s")
            state["category"] = side.attrs["category"]
            await press(pilot, "e")
            form = pilot.app.screen
            assert isinstance(form, AttributeForm)
            assert form.query_one("#f-subtype", Select).value == state["category"].split("/")[1]
            await press(pilot, "ctrl+s")
            state["screen"] = pilot.app.screen

    asyncio.run(main())
    assert not isinstance(state["screen"], AttributeForm)
    with Store.open(sample_db.path, annotator="check", create=False) as store:
        cats = [s.attrs_dict().get("category") for s in store.spans(ARTICLE, annotator="gold")]
    assert state["category"] in cats


# -- q then a key that opens a dialog ----------------------------------------------------------


def test_q_then_k_before_the_app_is_gone_does_not_crash(sample_db: Store) -> None:
    import asyncio

    app = open_app(sample_db, QUOTE)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            # As a terminal delivers them: both keys queued before the first is handled.
            for key, char in (("q", "q"), ("k", "k"), ("slash", "/"), ("question_mark", "?")):
                app.post_message(events.Key(key, char))
            await pilot.pause()

    asyncio.run(main())
    assert app._exception is None, app._exception
    assert app.return_code == 0


# -- the read-only layer view ------------------------------------------------------------------


def _bob_tags(store: Store) -> None:
    bob = Store.open(store.path, annotator="bob")
    text = bob.paragraph_text(ARTICLE, QUOTE)
    start = text.index("Lukashenka")
    bob.add_span(ARTICLE, QUOTE, start, start + 10, "speaker")
    bob.close()


def test_x_on_a_read_only_layer_says_read_only_and_not_deleted(sample_db: Store) -> None:
    _bob_tags(sample_db)

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        screen.set_layer("bob")
        await to_word(pilot, "Lukashenka")
        await press(pilot, "x")
        assert any("Read-only" in m for m in messages(pilot))
        assert not any(m.startswith("Deleted") for m in messages(pilot)), messages(pilot)
        assert [s.annotator for s in screen.spans] == ["bob"]

    run(open_app(sample_db, QUOTE), scenario)
    with Store.open(sample_db.path, annotator="bob") as bob:
        assert len(bob.spans(ARTICLE)) == 1


def test_a_refused_kind_change_does_not_reload(sample_db: Store) -> None:
    _bob_tags(sample_db)

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        screen.set_layer("bob")
        reloads: list[bool] = []
        original = screen.reload
        screen.reload = lambda **kw: (reloads.append(True), original(**kw))[1]  # type: ignore[method-assign]
        await press(pilot, "k", "down", "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        assert any("Read-only" in m for m in messages(pilot))
        assert reloads == []

    run(open_app(sample_db, QUOTE), scenario)
    assert sample_db.paragraphs(ARTICLE)[QUOTE].kind == "body"


# -- colours -----------------------------------------------------------------------------------


def _style_at(view: Any, offset: int) -> Any:
    from rich.style import Style

    line = next(ln for ln in view._lines if ln.part == "cur" and ln.start <= offset < ln.end)
    pos = line.start
    for segment in view._segments(line.start, line.end, Style()):
        if pos <= offset < pos + len(segment.text):
            return segment.style
        pos += len(segment.text)
    raise AssertionError(offset)


def test_a_date_inside_a_claim_stays_visible_in_256_and_16_colours(sample_db: Store) -> None:
    from rich.color import ColorSystem

    add(sample_db, "The Collective Security Treaty was signed in Tashkent in 1992", "claim", p=1)
    add(sample_db, "1992", "date", p=1)
    text = sample_db.paragraph_text(ARTICLE, 1)

    async def scenario(pilot: Pilot) -> None:
        view = annotate(pilot).view
        await press(pilot, "end")  # the cursor off both spans
        for system, downgrade in (
            ("256", ColorSystem.EIGHT_BIT),
            ("standard", ColorSystem.STANDARD),
        ):
            view.color_system = system
            claim = _style_at(view, text.index("Tashkent"))
            date = _style_at(view, text.index("1992"))
            plain = _style_at(view, text.index("exactly"))
            shown = [
                s.bgcolor.downgrade(downgrade) if s.bgcolor else None for s in (claim, date, plain)
            ]
            assert len(set(shown)) == 3, (system, shown)
            # Not by hue alone: the date has its own text cue.
            assert (date.underline, date.bold, date.italic) != (
                claim.underline,
                claim.bold,
                claim.italic,
            )

    run(open_app(sample_db, 1), scenario)


def test_every_label_has_its_own_cue_and_256_colour_tint() -> None:
    from rich.color import ColorSystem
    from textual.color import Color

    from curator.domain.tagset import default_tagset
    from curator.tui.palette import label_looks

    colors = {label.name: label.color for label in default_tagset().labels}
    for system in ("truecolor", "256", "standard"):
        looks = label_looks(colors, Color.parse("#1e1e1e"), system)
        assert len({look.cue for look in looks.values()}) == len(colors)
        down = ColorSystem.STANDARD if system == "standard" else ColorSystem.EIGHT_BIT
        tints = {look.normal.bgcolor.downgrade(down) for look in looks.values()}
        assert len(tints) == len(colors), system


# -- wording -----------------------------------------------------------------------------------


def test_the_heading_spells_to_do_one_way(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        assert "· to do" in screen.view.heading
        await press(pilot, "m", "p", "m")  # done, back, undone: the status row says "todo"
        assert "· to do" in screen.view.heading and "todo" not in screen.view.heading

    run(open_app(sample_db, QUOTE), scenario)


def test_a_long_dialog_title_is_shown_in_full_not_cut_mid_word(sample_db: Store) -> None:
    from test_tui import screen_text

    from curator.tui.dialogs import Picker

    words = " ".join(f"word{i}" for i in range(40))

    async def scenario(pilot: Pilot) -> None:
        pilot.app.push_screen(Picker(f"Title {words} end", [("a", "one")]))
        await pilot.pause()
        shown = " ".join(screen_text(pilot).split())
        assert "word39 end" in shown and "word20" in shown

    run(open_app(sample_db, QUOTE), scenario)


def test_short_cuts_at_a_word_end_with_an_ellipsis() -> None:
    from curator.tui.text import short

    assert short("alpha beta gamma delta", 14) == "alpha beta…"
    assert short("abcdefghijklmnop", 8) == "abcdefg…"
    assert short("fits", 8) == "fits"


# -- hostile tag-set strings and annotator names -----------------------------------------------

HOSTILE = "[@click=app.quit]quit[/] [b]bold[/b] \x1b[31mred"


def hostile_store(db_path: Any, n_labels: int = 11) -> Store:
    """A database whose tag set has markup and ESC in its strings, and `n_labels` labels."""
    from curator.domain.tagset import parse_tagset

    labels = [
        {
            "name": f"lab{i}",
            "color": "#61afef",
            "description": HOSTILE,
            "attributes": [
                {"name": "pick", "type": "enum", "choices": ["[@click=app.quit]no[/]", "yes"]},
                {"name": "free", "type": "string", "description": HOSTILE},
            ],
        }
        for i in range(1, n_labels + 1)
    ]
    tagset = parse_tagset({"name": "hostile", "labels": labels}, "test")
    store = Store.open(db_path, annotator="alice", tagset=tagset)
    from test_tui import import_jsonl

    import_jsonl(store, {"id": "a1", "title": "T", "paragraphs": ["One two three four five."]})
    return store


def test_tag_set_strings_show_literally_in_the_form(tmp_path: Any) -> None:
    from test_tui import screen_text

    store = hostile_store(tmp_path / "h.db")

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "1", "enter")
        form = pilot.app.screen
        assert isinstance(form, AttributeForm)
        shown = screen_text(pilot)
        assert "[@click=app.quit]quit[/] [b]bold[/b]" in shown
        assert "\x1b" not in shown
        select = form.query_one("#f-pick", Select)
        select.focus()
        await press(pilot, "enter")
        assert "[@click=app.quit]no[/]" in screen_text(pilot)
        await press(pilot, "down", "enter")
        assert select.value == "[@click=app.quit]no[/]"
        assert "[@click=app.quit]no[/]" in screen_text(pilot)  # the chosen value, literally
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AnnotateScreen)

    run(make_app_for(store), scenario)
    assert store.spans("a1")[0].attrs_dict() == {"pick": "[@click=app.quit]no[/]"}


def make_app_for(store: Store) -> Any:
    from curator.tui.app import make_app

    return make_app(store.path, "alice")


def test_an_annotator_name_with_esc_shows_cleaned_in_the_palette(sample_db: Store) -> None:
    from test_tui import palette_hits, wait_for

    evil = Store.open(sample_db.path, annotator="ev\x1b[2Jil")
    evil.add_span(ARTICLE, 0, 0, 5, "claim")
    evil.close()

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "ctrl+p", *"view: ev")
        await wait_for(pilot, lambda: bool(palette_hits(pilot)), "a layer hit")
        hits = palette_hits(pilot)
        assert any("ev\ufffd[2Jil" in h for h in hits), hits
        assert not any("\x1b" in h for h in hits)

    run(open_app(sample_db, 0), scenario)


# -- more labels than number keys --------------------------------------------------------------


def test_t_opens_a_label_picker_that_reaches_label_eleven(tmp_path: Any) -> None:
    from curator.tui.dialogs import Picker

    store = hostile_store(tmp_path / "h.db", n_labels=11)

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "right", "shift+right", "shift+right")  # "two three"
        await press(pilot, "t")
        picker = pilot.app.screen
        assert isinstance(picker, Picker)
        await press(pilot, *"lab11", "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        await press(pilot, "t", "escape")  # escape tags nothing
        assert isinstance(pilot.app.screen, AnnotateScreen)

    run(make_app_for(store), scenario)
    [span] = store.spans("a1")
    assert (span.label, span.text) == ("lab11", "two three")


# -- the key map -------------------------------------------------------------------------------


def _config(tmp_path: Any, monkeypatch: Any, text: str, bom: bool = False) -> Any:
    from curator.tui import config

    path = tmp_path / "config.toml"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    monkeypatch.setattr(config, "config_path", lambda: path)
    return path


def test_a_key_map_with_a_bom_and_the_empty_screen_id_loads(tmp_path: Any, monkeypatch: Any):
    from curator.tui.app import load_keymap_checked

    _config(tmp_path, monkeypatch, '[keys]\n"curator.quit_empty" = "ctrl+q,Q"\n', bom=True)
    assert load_keymap_checked() == {"curator.quit_empty": "ctrl+q,Q"}


def test_a_key_map_with_a_bare_comma_or_a_bad_name_is_refused(tmp_path: Any, monkeypatch: Any):
    import pytest

    from curator.domain.errors import InputError
    from curator.tui.app import load_keymap_checked

    for value, says in (
        (",", "comma"),
        ("j,", "empty key"),
        ("foo", "'foo' is not a key name"),
        ("crtl+j", "modifiers"),
    ):
        path = _config(tmp_path, monkeypatch, f'[keys]\n"curator.next_paragraph" = "{value}"\n')
        with pytest.raises(InputError) as err:
            load_keymap_checked()
        assert f"{path}: keys.curator.next_paragraph:" in str(err.value)
        assert says in str(err.value)
    _config(tmp_path, monkeypatch, '[keys]\n"curator.next_paragraph" = "j,comma,question_mark"\n')
    assert load_keymap_checked() == {"curator.next_paragraph": "j,comma,question_mark"}


def test_the_default_keys_have_no_conflicts() -> None:
    from curator.tui.app import keymap_conflicts

    assert keymap_conflicts({"curator.next_paragraph": "j"}) == []


def test_a_remap_that_takes_q_warns_that_quit_lost_its_key(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "q")  # now "next paragraph"
        assert annotate(pilot).index == QUOTE + 1
        warned = [m for m in messages(pilot) if "curator.quit" in m]
        assert len(warned) == 1, messages(pilot)
        assert "key q is bound to both curator.next_paragraph and curator.quit" in warned[0]

    run(open_app(sample_db, QUOTE, keymap={"curator.next_paragraph": "q"}), scenario)


# -- a busy database (a concurrent import or suggest) ------------------------------------------


def _hold_write_lock(path: Any, seconds: float) -> Any:
    """Another process's long write: holds SQLite's write lock from a thread."""
    import sqlite3
    import threading

    started = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE settings SET value = value WHERE key = 'tagset'")
        started.set()
        import time

        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    started.wait()
    return thread


def test_a_tag_made_while_another_process_writes_is_kept_and_saved(sample_db: Store) -> None:
    import time

    from test_tui import wait_for

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        holder = _hold_write_lock(sample_db.path, 2.0)
        t0 = time.perf_counter()
        await press(pilot, "2")
        await press(pilot, "right", "m")  # more changes while busy: kept in order
        assert time.perf_counter() - t0 < 1.5, "the key froze the screen"
        assert any("Database busy" in m for m in messages(pilot))
        assert sample_db.spans(ARTICLE) == []
        holder.join()
        await wait_for(pilot, lambda: len(sample_db.spans(ARTICLE)) == 1, "the queued tag")
        await wait_for(pilot, lambda: QUOTE in sample_db.statuses(ARTICLE), "the queued mark")
        screen = annotate(pilot)
        assert [s.text for s in screen.spans] == ["Lukashenka"]
        assert any(m.startswith("Saved 2 changes") for m in messages(pilot))

    run(open_app(sample_db, QUOTE), scenario)
    assert only_span(sample_db).label == "speaker"


def test_quitting_with_a_queued_write_waits_and_saves_it(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        _hold_write_lock(sample_db.path, 1.0)
        await press(pilot, "2")
        assert sample_db.spans(ARTICLE) == []
        await press(pilot, "q")

    run(open_app(sample_db, QUOTE), scenario)
    assert only_span(sample_db).text == "Lukashenka"


# -- faster, surer tagging ---------------------------------------------------------------------


def test_the_status_line_shows_the_selection_and_the_annotation_in_full(sample_db: Store):
    from test_tui import screen_text

    text = sample_db.paragraph_text(ARTICLE, QUOTE)
    long_claim = text[text.index("I am sure") : text.index("said Lukashenka")].rstrip()
    assert len(long_claim) > 100
    add(sample_db, long_claim, "claim", {"check_worthy": "yes"})

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        status = str(annotate(pilot).query_one("#status").render())
        assert f"claim “{long_claim}”" in status.replace("\n", " ")
        assert "check_worthy=yes" in status
        await to_word(pilot, "He")
        await press(pilot, "s")
        sentence = text[text.index("He added") :]
        shown = " ".join(screen_text(pilot).split())
        assert f"selected {len(sentence)} chars: {sentence}" in shown

    run(open_app(sample_db, QUOTE), scenario)


def test_parentheses_move_by_sentence_and_s_again_takes_the_next(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        c = annotate(pilot).view.cursor
        text = c.text
        second = text.index("He added")
        await to_word(pilot, "sure")
        await press(pilot, "right_parenthesis")
        assert c.pos == second and c.selection is None
        await press(pilot, "left_parenthesis")
        assert c.pos == 1  # the first word, after the opening quote
        await press(pilot, "s")
        assert c.text[slice(*c.selection)].endswith("said Lukashenka.")
        await press(pilot, "s")
        assert c.selection == (0, len(text))  # both sentences
        await press(pilot, "s")
        assert c.selection == (0, len(text))  # no third one: stays

    run(open_app(sample_db, QUOTE), scenario)


def test_slash_puts_the_cursor_on_the_hit(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "slash", *"enlargement attempt", "enter")
        screen = annotate(pilot)
        assert screen.index == QUOTE
        c = screen.view.cursor
        assert c.text[c.pos :].startswith("enlargement attempt")

    run(open_app(sample_db, 0), scenario)


def test_the_word_under_the_cursor_keeps_domains_abbreviations_and_compounds(fresh_db) -> None:
    from test_tui import import_jsonl

    text = "Read socialbites.ca on the U.S. and a 20-year plan."
    import_jsonl(fresh_db, {"id": "w", "title": "W", "paragraphs": [text]})

    async def scenario(pilot: Pilot) -> None:
        from test_tui import words

        assert words(pilot) == [
            *("Read", "socialbites.ca", "on", "the", "U.S.", "and", "a", "20-year", "plan")
        ]
        await press(pilot, "right", "1")  # socialbites.ca
        await press(pilot, "right", "right", "right", "1")  # U.S.
        await press(pilot, "right", "right", "right", "1")  # 20-year

    from curator.tui.app import make_app

    run(make_app(fresh_db.path, "alice"), scenario)
    got = sorted(s.text for s in fresh_db.spans("w"))
    assert got == sorted(["socialbites.ca", "U.S.", "20-year"]), got


def test_ctrl_and_alt_arrows_move_an_annotations_edges_keeping_attrs_and_links(sample_db):
    text = sample_db.paragraph_text(ARTICLE, QUOTE)
    speaker = add(sample_db, "Lukashenka", "speaker", {"name": "Lukashenka", "type": "person"})
    claim = add(sample_db, "I am sure", "claim")
    sample_db.add_relation("attributed_to", claim.id, speaker.id)

    def extent() -> str:
        [span] = [s for s in sample_db.spans(ARTICLE) if s.id == speaker.id]
        return span.text

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "Lukashenka")
        for key, expected in (
            ("ctrl+right", "Lukashenka. He"),
            ("ctrl+left", "Lukashenka"),
            ("ctrl+shift+left", "said Lukashenka"),
            ("ctrl+shift+right", "Lukashenka"),
            ("alt+right", "Lukashenka."),
            ("alt+left", "Lukashenka"),
            ("alt+shift+left", " Lukashenka"),
            ("alt+shift+right", "Lukashenka"),
        ):
            await press(pilot, key)
            assert extent() == expected, key
            assert annotate(pilot).view.focused_span == speaker.id
        await press(pilot, "ctrl+shift+left")
        assert extent() == "said Lukashenka"
        await press(pilot, "u")  # one change per key
        assert extent() == "Lukashenka"

    run(open_app(sample_db, QUOTE), scenario)
    [span] = [s for s in sample_db.spans(ARTICLE) if s.id == speaker.id]
    assert span.attrs_dict() == {"name": "Lukashenka", "type": "person"}
    assert [(r.head, r.tail) for r in sample_db.relations(ARTICLE)] == [(claim.id, speaker.id)]
    assert text[span.start : span.end] == "Lukashenka"


def test_typing_in_a_choice_list_picks_by_letters_or_number(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "sure")
        await press(pilot, "1", "enter")
        form = pilot.app.screen
        assert isinstance(form, AttributeForm)
        check = form.query_one("#f-check_worthy", Select)
        assert pilot.app.focused is check
        await press(pilot, "y")
        assert check.value == "yes"
        await press(pilot, "u")
        assert check.value == "unsure"
        await press(pilot, "tab", "3")  # claimbuster: the third choice
        assert form.query_one("#f-claimbuster", Select).value == "CFS"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AnnotateScreen)

    run(open_app(sample_db, QUOTE), scenario)
    assert only_span(sample_db).attrs_dict() == {"check_worthy": "unsure", "claimbuster": "CFS"}


def _type_ahead(app: Any, *keys: str) -> None:
    """Queue keys as a terminal delivers a fast typist's burst: all before any is handled."""
    from textual.keys import key_to_character

    for key in keys:
        char = key if len(key) == 1 else key_to_character(key)
        if key == "enter":
            char = "\r"
        app.post_message(events.Key(key, char))


def test_keys_typed_while_a_dialog_opens_go_to_it(sample_db: Store) -> None:
    from test_tui import wait_for

    from curator.tui.dialogs import SearchScreen

    async def scenario(pilot: Pilot) -> None:
        # k, then down to "heading"... the picker lists body first, then the other kinds.
        _type_ahead(pilot.app, "k", "down", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, AnnotateScreen), "the kind")
        await pilot.pause()
        assert sample_db.paragraphs(ARTICLE)[QUOTE].kind == "heading", "k, down, enter at once"
        _type_ahead(pilot.app, "slash", *"enlargement")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SearchScreen), "search")
        await pilot.pause()
        assert pilot.app.screen.query_one("#filter").value == "enlargement"
        await press(pilot, "escape")
        await to_word(pilot, "sure")
        await press(pilot, "1")
        _type_ahead(pilot.app, "enter", "y", "ctrl+s")  # the form, a choice, save
        await wait_for(pilot, lambda: only_span(sample_db).attrs_dict() != {}, "the save")
        assert only_span(sample_db).attrs_dict() == {"check_worthy": "yes"}

    run(open_app(sample_db, QUOTE), scenario)


# -- layout ------------------------------------------------------------------------------------


def _run_at(app: Any, size: tuple[int, int], scenario: Any) -> None:
    import asyncio

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def test_at_80x24_the_side_panel_moves_below_the_text(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        view, side = screen.view.region, screen.query_one("#side").region
        assert side.y >= view.bottom and side.width >= 70, (view, side)
        assert view.width >= 70 and view.height >= 8

    _run_at(open_app(sample_db, QUOTE), (80, 24), scenario)


def test_at_200x60_the_side_panel_uses_the_width_and_neighbours_fill_the_view(sample_db):
    async def scenario(pilot: Pilot) -> None:
        from test_tui import screen_text

        screen = annotate(pilot)
        side = screen.query_one("#side").region
        assert side.width >= 55, side
        # More than one neighbour each side: ¶8 and ¶12 show around ¶10.
        shown = " ".join(screen_text(pilot).split())
        for p in (QUOTE - 2, QUOTE + 2):
            words = sample_db.paragraph_text(ARTICLE, p).split()[-4:]
            assert " ".join(words) in shown, p

    _run_at(open_app(sample_db, QUOTE), (200, 60), scenario)


def test_right_and_home_still_move_the_cursor_when_the_neighbours_overflow(sample_db: Store):
    async def scenario(pilot: Pilot) -> None:
        c = annotate(pilot).view.cursor
        await press(pilot, "s", "1")  # the status line grows; the view may scroll now
        await press(pilot, "right", "right")
        assert c.pos == c.words[2][0]
        await press(pilot, "end")
        assert c.pos == c.words[-1][0]
        await press(pilot, "home")
        assert c.pos == c.words[0][0]

    run(open_app(sample_db, QUOTE), scenario)


def test_shift_a_while_a_suggest_run_writes_is_kept_and_lands(sample_db: Store) -> None:
    from test_tui import wait_for

    from curator.store.suggestions import SUGGEST_LAYER, pending_suggestions
    from curator.suggest.runner import store_suggestions, suggest_stored_article

    store_suggestions(sample_db, ARTICLE, suggest_stored_article(sample_db, ARTICLE))
    before = len(pending_suggestions(sample_db, ARTICLE, QUOTE))
    assert before > 0

    async def scenario(pilot: Pilot) -> None:
        _hold_write_lock(sample_db.path, 1.5)  # the suggest run's transaction
        await press(pilot, "A")
        assert not any("Not saved" in m for m in messages(pilot))
        await wait_for(
            pilot, lambda: not pending_suggestions(sample_db, ARTICLE, QUOTE), "the accept"
        )

    run(open_app(sample_db, QUOTE), scenario)
    accepted = [
        s for s in sample_db.spans(ARTICLE, paragraph=QUOTE) if s.annotator != SUGGEST_LAYER
    ]
    assert len(accepted) == before


def test_undo_of_a_change_in_another_article_asks_first(sample_db: Store) -> None:
    from test_tui import import_jsonl

    import_jsonl(sample_db, {"id": "zz-other", "title": "Other", "paragraphs": ["One two."]})
    sample_db.add_span("zz-other", 0, 0, 3, "claim")

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "u")
        assert "of article zz-other" in messages(pilot)[-1]
        assert len(sample_db.spans("zz-other")) == 1
        await press(pilot, "u")
        assert sample_db.spans("zz-other") == []
        assert annotate(pilot).article_id == "zz-other"

    run(open_app(sample_db, QUOTE, article_id=ARTICLE), scenario)


# -- speed: work a key does at 1,000 paragraphs (issues #12 and #15) ---------------------------


def test_undo_takes_back_a_kind_without_reading_the_paragraphs_again(sample_db: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        before = screen.paragraphs[QUOTE].kind
        other = "heading" if before != "heading" else "body"
        screen.store.set_paragraph_kind(ARTICLE, QUOTE, other)
        screen.paragraphs = screen.store.paragraphs(ARTICLE)
        reads: list[str] = []
        read = screen.store.paragraphs
        screen.store.paragraphs = lambda article_id: reads.append(article_id) or read(article_id)
        await press(pilot, "u")  # undoes the kind change
        assert screen.paragraphs[QUOTE].kind == before
        assert before in screen.view.heading
        await to_word(pilot, "hellish")
        await press(pilot, "1", "u")  # a tag and its undo
        assert screen.spans == []
        assert reads == [], "undo re-read every paragraph of the article"

    run(open_app(sample_db, QUOTE), scenario)


def test_the_annotation_list_repaints_only_the_lines_that_changed(sample_db: Store) -> None:
    from textual.visual import Visual

    from curator.tui.panels import AnnotationPanel, StatusLine

    add(sample_db, "hellish", "claim")

    async def scenario(pilot: Pilot) -> None:
        screen = annotate(pilot)
        panel = screen.query_one(AnnotationPanel)
        status = screen.query_one(StatusLine)
        await press(pilot, "tab")  # the ▶ marker on the annotation
        calls: list[tuple[int, bool]] = []
        refresh, status_refresh = panel.refresh, status.refresh

        def spy(*regions: Any, **kw: Any) -> Any:
            calls.append((len(regions), False))
            return refresh(*regions, **kw)

        def status_spy(*regions: Any, **kw: Any) -> Any:
            calls.append((-1, bool(kw.get("layout"))))
            return status_refresh(*regions, **kw)

        panel.refresh = spy  # type: ignore[method-assign]
        status.refresh = status_spy  # type: ignore[method-assign]
        await press(pilot, "right")  # off the annotation: its ▶ marker goes
        assert calls and all(n > 0 for n, _ in calls if n >= 0), calls  # never the whole list
        assert sum(n for n, _ in calls if n >= 0) <= 2, calls
        await press(pilot, "shift+right")
        calls.clear()
        await press(pilot, "shift+right")  # a longer selection, still one line of status
        assert any(n < 0 for n, _ in calls), "the status line did not change"
        assert not any(layout for n, layout in calls if n < 0), "status line laid out again"
        # What is painted is what a full render of the content gives.
        size = panel.size
        full = Visual.to_strips(panel, panel._shown, size.width, size.height, panel.visual_style)
        shown = [panel.render_line(y) for y in range(size.height)]
        assert shown[: len(full)] == full
        assert all(not line.text.strip() for line in shown[len(full) :])

    run(open_app(sample_db, QUOTE), scenario)
