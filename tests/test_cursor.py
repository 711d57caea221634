"""TextCursor: the word cursor and word-snapped selection behind the annotation screen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.tui.cursor import TextCursor

TEXT = "Putin said: “We will win.” He left! Then, U.S. troops came."
#       0    5    10   15   20   25   30   35   40   45   50   55


def sel_text(c: TextCursor) -> str | None:
    """The selected characters (None when nothing is selected)."""
    return None if c.selection is None else c.text[slice(*c.selection)]


def at(c: TextCursor, word: str) -> TextCursor:
    """Put the cursor on the first word equal to `word`."""
    c.place(c.text.index(word))
    assert c.text[c.pos : c.pos + len(word)] == word
    return c


# -- words and plain moves --------------------------------------------------------------


def test_words_are_letter_runs_with_exact_offsets() -> None:
    c = TextCursor(TEXT)
    assert [c.text[s:e] for s, e in c.words] == [
        *("Putin", "said", "We", "will", "win", "He", "left", "Then"),
        *("U.S.", "troops", "came"),  # a dotted abbreviation is one word (issue #12)
    ]
    assert c.words[0] == (0, 5)
    assert c.words[2] == (13, 15)  # after the opening quote
    assert c.pos == 0
    assert c.selection is None


def test_move_right_and_left_by_word() -> None:
    c = TextCursor(TEXT)
    c.move(1)
    assert (c.head, c.pos) == (1, 6)
    c.move(1)
    assert c.pos == 13  # skips ": “"
    c.move(-2)
    assert c.pos == 0


def test_move_is_clamped_at_both_ends() -> None:
    c = TextCursor(TEXT)
    c.move(-1)
    assert c.pos == 0
    c.move(100)
    assert c.pos == 54  # "came"
    c.move(1)
    assert c.pos == 54


def test_move_drops_the_selection() -> None:
    c = TextCursor(TEXT)
    c.extend(1)
    c.extend(1)
    assert c.selection == (0, 10)
    c.move(1)
    assert c.selection is None
    assert c.pos == 13  # one word right of the head ("said")


def test_place_snaps_to_the_word_at_or_before_an_offset() -> None:
    c = TextCursor(TEXT)
    c.place(8)  # inside "said"
    assert c.pos == 6
    c.place(11)  # the colon after "said"
    assert c.pos == 6
    c.place(10_000)
    assert c.pos == 54
    assert c.word_at(-5) == 0


# -- anchor/head selection ----------------------------------------------------------------


def test_extend_first_selects_the_word_under_the_cursor() -> None:
    c = at(TextCursor(TEXT), "We")
    c.extend(1)
    assert c.selection == (13, 15)
    assert sel_text(c) == "We"


def test_extend_grows_then_shrinks_back() -> None:
    c = at(TextCursor(TEXT), "We")
    c.extend(1)
    c.extend(1)
    c.extend(1)
    assert sel_text(c) == "We will win"
    assert (c.anchor, c.head) == (2, 4)
    c.extend(-1)
    assert sel_text(c) == "We will"
    c.extend(-1)
    assert sel_text(c) == "We"


def test_extend_left_past_the_anchor_grows_leftwards() -> None:
    c = at(TextCursor(TEXT), "We")
    c.extend(-1)
    assert sel_text(c) == "We"
    c.extend(-1)
    assert c.selection == (6, 15)
    assert sel_text(c) == "said: “We"
    assert c.pos == 6  # the head moves, the anchor stays


def test_extend_is_clamped() -> None:
    c = at(TextCursor(TEXT), "troops")
    for _ in range(10):
        c.extend(1)
    assert sel_text(c) == "troops came"
    assert c.selection == (47, 58)  # the final "." is not a word


def test_clear_keeps_the_cursor() -> None:
    c = at(TextCursor(TEXT), "will")
    c.extend(1)
    c.extend(1)
    c.clear()
    assert c.selection is None
    assert c.pos == 21  # the head, "win"


# -- home and end ---------------------------------------------------------------------------


def test_home_and_end_without_select() -> None:
    c = at(TextCursor(TEXT), "left")
    c.extend(1)
    c.end()
    assert (c.pos, c.selection) == (54, None)
    c.home()
    assert (c.pos, c.selection) == (0, None)


def test_shift_end_selects_from_the_cursor_to_the_last_word() -> None:
    c = at(TextCursor(TEXT), "Then")
    c.end(select=True)
    assert sel_text(c) == "Then, U.S. troops came"
    assert c.pos == 54


def test_shift_home_selects_from_the_cursor_to_the_first_word() -> None:
    c = at(TextCursor(TEXT), "will")
    c.home(select=True)
    assert sel_text(c) == "Putin said: “We will"
    assert c.pos == 0


def test_shift_home_keeps_an_existing_anchor() -> None:
    c = at(TextCursor(TEXT), "He")
    c.extend(1)
    c.extend(1)  # "He left", anchor on "He"
    c.home(select=True)
    assert sel_text(c) == "Putin said: “We will win.” He"
    c.end(select=True)
    assert sel_text(c) == "He left! Then, U.S. troops came"


# -- sentences ---------------------------------------------------------------------------


def test_sentence_includes_final_punctuation_and_closing_quote() -> None:
    c = at(TextCursor(TEXT), "will")
    c.select_sentence()
    assert sel_text(c) == "Putin said: “We will win.”"


def test_sentence_in_the_middle_keeps_its_exclamation_mark() -> None:
    c = at(TextCursor(TEXT), "left")
    c.select_sentence()
    assert c.selection == (27, 35)
    assert sel_text(c) == "He left!"


def test_last_sentence_keeps_its_full_stop_and_abbreviation() -> None:
    c = at(TextCursor(TEXT), "troops")
    c.select_sentence()
    assert sel_text(c) == "Then, U.S. troops came."


def test_sentence_without_final_punctuation() -> None:
    c = TextCursor("First one. And the rest")
    c.end()
    c.select_sentence()
    assert sel_text(c) == "And the rest"


def test_sentence_then_tag_target_is_the_sentence() -> None:
    c = at(TextCursor(TEXT), "He")
    c.select_sentence()
    assert c.target() == (27, 35)


def test_sentence_opening_with_a_quote_keeps_the_cursor_inside_it() -> None:
    text = "He left. “We win.” Then go."
    c = at(TextCursor(text), "We")
    c.select_sentence()
    assert sel_text(c) == "“We win.”"
    assert c.pos == text.index("We")  # not on "left", in the previous sentence
    c.select_sentence()  # pressing s again takes the next sentence too (issue #12)
    assert sel_text(c) == "“We win.” Then go."


def test_extend_after_a_sentence_grows_from_the_sentence() -> None:
    text = "He left. “We win.” Then go."
    c = at(TextCursor(text), "We")
    c.select_sentence()
    c.extend(1)
    assert sel_text(c) == "We win.” Then"  # word-snapped, nothing of the previous sentence


def test_shift_end_after_a_sentence_extends_it() -> None:
    text = "He left. “We win.” Then go."
    c = at(TextCursor(text), "We")
    c.select_sentence()
    c.end(select=True)
    assert sel_text(c) == "We win.” Then go"


def test_shift_home_after_a_sentence_extends_it() -> None:
    text = "He left. “We win.” Then go."
    c = at(TextCursor(text), "We")
    c.select_sentence()
    c.home(select=True)
    assert sel_text(c) == "He left. “We win"


# -- select_range (mouse drags) --------------------------------------------------------------


def test_select_range_widens_to_whole_words() -> None:
    c = TextCursor(TEXT)
    c.select_range(2, 8)  # "tin sa"
    assert sel_text(c) == "Putin said"
    assert c.selection == (0, 10)


def test_select_range_backwards_is_sorted() -> None:
    c = TextCursor(TEXT)
    c.select_range(8, 2)
    assert c.selection == (0, 10)


def test_select_range_from_punctuation_does_not_pull_in_the_previous_word() -> None:
    c = TextCursor(TEXT)
    c.select_range(12, 15)  # "“We"
    assert sel_text(c) == "“We"
    assert c.pos == 13


def test_select_range_keeps_punctuation_around_words() -> None:
    c = TextCursor("a [/x] b")
    c.select_range(2, 6)
    assert sel_text(c) == "[/x]"


def test_select_range_without_snap_is_exact() -> None:
    c = TextCursor(TEXT)
    c.select_range(2, 8, snap=False)
    assert c.selection == (2, 8)


def test_select_range_is_clamped_and_empty_clears() -> None:
    c = TextCursor(TEXT)
    c.select_range(-10, 3)
    assert c.selection == (0, 5)
    c.select_range(5, 5, snap=False)
    assert c.selection is None


def test_extend_after_a_mouse_range_uses_its_words() -> None:
    c = TextCursor(TEXT)
    c.select_range(2, 8)  # Putin said
    c.extend(1)
    assert sel_text(c) == "Putin said: “We"


# -- target ----------------------------------------------------------------------------------


def test_target_is_the_word_under_the_cursor_without_selection() -> None:
    c = at(TextCursor(TEXT), "troops")
    assert c.target() == (47, 53)


def test_target_is_the_selection_when_there_is_one() -> None:
    c = at(TextCursor(TEXT), "troops")
    c.extend(1)
    c.extend(1)
    assert c.target() == (47, 58)


# -- degenerate paragraphs ---------------------------------------------------------------------


def test_empty_text() -> None:
    c = TextCursor("")
    assert (c.words, c.pos, c.selection, c.target()) == ([], 0, None, (0, 0))
    c.move(1)
    c.extend(1)
    c.home(True)
    c.end(True)
    c.select_sentence()
    assert c.selection is None
    assert c.pos == 0


@pytest.mark.parametrize("text", ["... !!! —", "“”", "😀👩‍👩‍👧"])
def test_punctuation_only_text_targets_the_whole_paragraph(text: str) -> None:
    c = TextCursor(text)
    assert c.words == []
    assert c.pos == 0
    c.move(3)
    c.extend(1)
    assert c.selection is None
    assert c.target() == (0, len(text))


def test_words_after_emoji_use_code_point_offsets() -> None:
    text = "😀👩‍👩‍👧 Putin said"
    c = TextCursor(text)
    assert c.words[0] == (7, 12)
    assert text[7:12] == "Putin"
    assert c.pos == 7


@given(st.text(max_size=60), st.lists(st.sampled_from("rlRLhHeEsc"), max_size=25))
def test_any_key_sequence_keeps_cursor_and_selection_in_bounds(text: str, keys: list[str]) -> None:
    c = TextCursor(text)
    act = {
        "r": lambda: c.move(1),
        "l": lambda: c.move(-1),
        "R": lambda: c.extend(1),
        "L": lambda: c.extend(-1),
        "h": lambda: c.home(False),
        "H": lambda: c.home(True),
        "e": lambda: c.end(False),
        "E": lambda: c.end(True),
        "s": c.select_sentence,
        "c": c.clear,
    }
    for key in keys:
        act[key]()
        assert 0 <= c.pos <= len(text)
        start, end = c.target()
        assert 0 <= start <= end <= len(text)
        if c.selection is not None:
            assert 0 <= c.selection[0] < c.selection[1] <= len(text)
        if c.words:
            assert c.pos in {s for s, _ in c.words}


def test_cursor_words_keep_domains_compounds_and_dotted_abbreviations() -> None:
    from curator.tui.cursor import cursor_words

    text = "See socialbites.ca, the U.S. and e.g. a 20-year plan at 10:30 by me@x.org. NATO’s"
    assert [text[a:b] for a, b in cursor_words(text)] == [
        *("See", "socialbites.ca", "the", "U.S.", "and", "e.g.", "a", "20-year", "plan"),
        *("at", "10:30", "by", "me@x.org", "NATO", "’s"),
    ]


def test_move_sentence_goes_to_sentence_starts_and_back() -> None:
    text = "One two. “Three four,” he said. Five six!"
    c = at(TextCursor(text), "four")
    c.move_sentence(1)
    assert text[c.pos :] == "Five six!"
    c.move_sentence(1)  # clamped at the last sentence
    assert text[c.pos :] == "Five six!"
    c.move(1)
    c.move_sentence(-1)  # from inside a sentence: its own start first
    assert text[c.pos :] == "Five six!"
    c.move_sentence(-1)
    assert text[c.pos :].startswith("Three four")
    c.select_sentence()
    c.select_sentence()
    assert sel_text(c) == "“Three four,” he said. Five six!"
