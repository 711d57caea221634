"""The bilingual view of the annotation screen (issue 13): the aligned source segment beside
or below the paragraph, alignment corrections (J joins, B splits, u undoes), an error's
source words (w), and nothing at all for an article without a source text.

The bilingual demo is a 7-paragraph English article with its Russian source, aligned 1–1;
paragraph 4 (index 3) leaves out the source's last clause (“для пенсионеров проезд
бесплатный”), paragraph 5 turns “не хватит денег” into “will have enough money”.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from curator.bilingual.edits import find_phrase, join_next, split_at
from curator.demo import demo_database
from curator.domain.errors import InputError
from curator.domain.source import AlignmentBead
from curator.store.sources import alignment, set_alignment, source_paragraphs
from curator.store.store import Store
from curator.tui.annotate import AnnotateScreen
from curator.tui.app import CuratorApp, known_binding_ids, make_app
from curator.tui.dialogs import AttributeForm, HelpScreen
from curator.tui.panels import AnnotationPanel
from curator.tui.source_view import SourceView
from curator.tui.source_words import SourceWordsDialog

ARTICLE = "ferry-line"
WIDE, NARROW = (160, 40), (100, 40)
SnapCompare = Callable[..., bool]


@pytest.fixture
def bilingual(tmp_path: Path) -> Store:
    """The bilingual demo database, opened (for checking) as alice."""
    path = demo_database(folder=tmp_path, bilingual=True)
    store = Store.open(path, annotator="alice")
    yield store
    store.close()


def run(
    app: CuratorApp, scenario: Callable[[Pilot], Any], size: tuple[int, int] = WIDE
) -> list[str]:
    """Run the app headless and drive it; returns the notifications it raised."""
    sent: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        sent.append(message)
        notify(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())
    return sent


def open_app(store: Store, paragraph: int = 0, article: str = ARTICLE) -> CuratorApp:
    store.save_position(article, paragraph)
    return make_app(store.path, "alice")


def screen(pilot: Pilot) -> AnnotateScreen:
    return next(s for s in pilot.app.screen_stack if isinstance(s, AnnotateScreen))


def source(pilot: Pilot) -> SourceView:
    return screen(pilot).query_one(SourceView)


def shown(pilot: Pilot) -> str:
    """The source view's text as drawn (its content, without styles)."""
    return str(source(pilot).render()).lstrip("\n")


def highlighted(pilot: Pilot) -> str:
    view = source(pilot)
    assert view.highlight is not None
    a, b = view.highlight
    return view.source_text[a:b]


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def one_to_one(n: int = 7) -> list[tuple[int, int, int, int]]:
    return [(i, i + 1, i, i + 1) for i in range(n)]


def ranges(store: Store) -> list[tuple[int, int, int, int]]:
    return [
        (b.source_start, b.source_end, b.target_start, b.target_end)
        for b in alignment(store, ARTICLE)
    ]


def beads(*rows: tuple[int, int, int, int]) -> list[AlignmentBead]:
    return [
        AlignmentBead(source_start=a, source_end=b, target_start=c, target_end=d)
        for a, b, c, d in rows
    ]


# -- showing the source ---------------------------------------------------------------------------


def test_the_source_stands_beside_the_paragraph_on_a_wide_terminal(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view, para = source(pilot), screen(pilot).view
        assert view.display
        assert view.region.x >= para.region.right and view.region.y == para.region.y
        assert shown(pilot).startswith("Source (ru) ¶2\n")
        assert source_paragraphs(bilingual, ARTICLE)[1] in shown(pilot)
        # The title stands level with the paragraph's heading (below the previous one's tail).
        head = [line.part for line in para._lines].index("head")
        assert head == 2
        assert str(view.render()).startswith("\n" * head + "Source (ru) ¶2\n")
        assert view.styles.padding.top == para.styles.padding.top

    run(open_app(bilingual, 1), scenario, WIDE)


def test_the_source_stands_below_the_paragraph_on_a_narrow_terminal(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view, para = source(pilot), screen(pilot).view
        assert view.display
        assert view.region.y >= para.region.bottom and view.region.x == para.region.x
        assert shown(pilot).startswith("Source (ru) ¶2\n")

        assert str(view.render()).startswith("Source")  # no lead below the paragraph

    run(open_app(bilingual, 1), scenario, NARROW)


def test_the_source_follows_the_current_paragraph(bilingual: Store) -> None:
    texts = source_paragraphs(bilingual, ARTICLE)

    async def scenario(pilot: Pilot) -> None:
        assert shown(pilot).startswith("Source (ru) ¶1\n")
        for k in range(1, 7):
            await press(pilot, "n")
            assert shown(pilot) == f"Source (ru) ¶{k + 1}\n{texts[k]}"
        await press(pilot, "p", "p")
        assert shown(pilot).startswith("Source (ru) ¶5\n")

    run(open_app(bilingual, 0), scenario)


def test_the_sentence_aligned_with_the_cursor_is_highlighted(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        assert highlighted(pilot).startswith("Городской совет Северогорска")
        assert highlighted(pilot).endswith("островом Крестовый.")
        await press(pilot, "end")  # the second sentence: “The first voyage…”
        assert highlighted(pilot) == "Первый рейс запланирован на 15 мая 2026 года."
        await press(pilot, "home")
        assert highlighted(pilot).startswith("Городской совет")

    run(open_app(bilingual, 1), scenario)


def test_ctrl_o_hides_and_shows_the_source(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        view, para = source(pilot), screen(pilot).view
        half = para.region.width
        await press(pilot, "ctrl+o")
        assert not view.display
        assert para.region.width > half  # the paragraph takes the whole column
        await press(pilot, "n")  # stays hidden on the next paragraph
        assert not view.display
        await press(pilot, "ctrl+o")
        assert view.display and shown(pilot).startswith("Source (ru) ¶3\n")
        assert para.region.width == half

    sent = run(open_app(bilingual, 1), scenario)
    assert "Source hidden (ctrl+o shows it)" in sent and "Source shown" in sent


def test_an_article_without_a_source_shows_nothing_and_loses_no_space(
    sample_db: Store,
) -> None:
    async def scenario(pilot: Pilot) -> None:
        view, para = source(pilot), screen(pilot).view
        assert not view.display
        column = screen(pilot).query_one("#text-column")
        assert para.region.width == column.region.width
        assert para.region.height == column.region.height
        await press(pilot, "ctrl+o", "J", "B")
        assert not view.display

    sample_db.save_position("csto-20-years", 3)
    before = sample_db.db.execute("SELECT count(*) FROM changes").fetchone()
    sent = run(make_app(sample_db.path, "alice"), scenario)
    assert sent == [
        "This article has no source text (curator import-source attaches one)",
        "This article has no source text: no alignment to correct",
        "This article has no source text: no alignment to correct",
    ]
    assert sample_db.db.execute("SELECT count(*) FROM changes").fetchone() == before


# -- correcting the alignment ---------------------------------------------------------------------


def test_j_joins_the_bead_with_the_next_and_u_undoes_it(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "J")
        assert ranges(bilingual)[:3] == [(0, 1, 0, 1), (1, 3, 1, 3), (3, 4, 3, 4)]
        assert len(ranges(bilingual)) == 6
        assert alignment(bilingual, ARTICLE)[1].origin == "editor"
        assert shown(pilot).startswith("Source (ru) ¶2–3  ↔ target ¶2–3  · corrected\n")
        await press(pilot, "n")  # ¶3 is in the same bead: the same source
        assert shown(pilot).startswith("Source (ru) ¶2–3")
        await press(pilot, "u")
        assert ranges(bilingual) == one_to_one()
        assert {b.origin for b in alignment(bilingual, ARTICLE)} == {"auto"}
        assert shown(pilot).startswith("Source (ru) ¶3\n")

    sent = run(open_app(bilingual, 1), scenario)
    assert (
        "Alignment: joined target ¶2 ↔ source ¶2 with target ¶3 ↔ source ¶3: "
        "target ¶2–3 ↔ source ¶2–3 (u undoes)"
    ) in sent
    assert any(m.startswith("Undone: alignment of ferry-line") for m in sent)


def test_j_on_the_last_bead_is_refused(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "J")

    sent = run(open_app(bilingual, 6), scenario)
    assert ranges(bilingual) == one_to_one()
    assert "target ¶7 ↔ source ¶7 is the last bead: nothing to join it with" in sent


def test_b_splits_a_joined_bead_and_refuses_a_one_to_one(bilingual: Store) -> None:
    set_alignment(bilingual, ARTICLE, beads((0, 1, 0, 1), (1, 3, 1, 3), *one_to_one()[3:]))

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "n")  # ¶3, the bead's second paragraph, starts the new bead
        await press(pilot, "B")
        assert ranges(bilingual) == one_to_one()
        assert shown(pilot).startswith("Source (ru) ¶3  · corrected\n")
        await press(pilot, "B")  # 1–1 now: nothing to split
        assert ranges(bilingual) == one_to_one()
        await press(pilot, "u")
        assert ranges(bilingual)[1] == (1, 3, 1, 3)

    sent = run(open_app(bilingual, 1), scenario)
    assert (
        "Alignment: split target ¶2–3 ↔ source ¶2–3 into target ¶2 ↔ source ¶2 and "
        "target ¶3 ↔ source ¶3 (u undoes)"
    ) in sent
    assert (
        "target ¶3 ↔ source ¶3: one paragraph on each side, nothing to split "
        "(J joins it with the next)"
    ) in sent


def test_b_on_a_two_to_one_bead_gives_its_last_source_paragraph_to_the_next(
    bilingual: Store,
) -> None:
    # A 2–1 then a 0–1 (the aligner's mistake): B moves source ¶3 to the next bead.
    wrong = beads((0, 1, 0, 1), (1, 3, 1, 2), (3, 3, 2, 3), *one_to_one()[3:])
    set_alignment(bilingual, ARTICLE, wrong)

    async def scenario(pilot: Pilot) -> None:
        assert shown(pilot).startswith("Source (ru) ¶2–3")
        await press(pilot, "B")
        assert ranges(bilingual)[:3] == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3)]
        assert shown(pilot).startswith("Source (ru) ¶2  · corrected\n")
        await press(pilot, "n")
        assert shown(pilot).startswith("Source (ru) ¶3  · corrected\n")
        await press(pilot, "u")
        assert alignment(bilingual, ARTICLE) == wrong

    sent = run(open_app(bilingual, 1), scenario)
    assert any(m.startswith("Alignment: source ¶3 moved to the next bead") for m in sent)


def test_an_addition_shows_that_it_has_no_source(bilingual: Store) -> None:
    set_alignment(
        bilingual, ARTICLE, beads((0, 1, 0, 1), (1, 3, 1, 2), (3, 3, 2, 3), *one_to_one()[3:])
    )

    async def scenario(pilot: Pilot) -> None:
        assert shown(pilot) == ("Source (ru) —\n(nothing: this paragraph was added in translation)")
        await press(pilot, "4", "w")  # no source words to mark either
        assert isinstance(pilot.app.screen, AnnotateScreen)

    sent = run(open_app(bilingual, 2), scenario)
    assert "This paragraph has no source segment (it was added in translation)" in sent


def test_alignment_edits_are_pure_and_explain_refusals() -> None:
    chain = beads(*one_to_one(3))
    joined, _ = join_next(chain, 0)
    assert [(b.source_start, b.source_end, b.target_start, b.target_end) for b in joined] == [
        (0, 2, 0, 2),
        (2, 3, 2, 3),
    ]
    # Splitting at the bead's first paragraph cuts after it.
    again, _ = split_at(joined, 0)
    assert [(b.source_end, b.target_end) for b in again] == [(1, 1), (2, 2), (3, 3)]
    # A 1–2 bead: the single source paragraph stays with the first part.
    one_two, _ = split_at(beads((0, 1, 0, 2)), 1)
    assert [(b.source_start, b.source_end, b.target_start, b.target_end) for b in one_two] == [
        (0, 1, 0, 1),
        (1, 1, 1, 2),
    ]
    # A 2–1 bead at the end: its last source paragraph becomes an omission.
    tail, _ = split_at(beads((0, 2, 0, 1)), 0)
    assert [(b.source_start, b.source_end, b.target_start, b.target_end) for b in tail] == [
        (0, 1, 0, 1),
        (1, 2, 1, 1),
    ]
    with pytest.raises(InputError, match="last bead"):
        join_next(chain, 2)
    with pytest.raises(InputError, match="in no bead"):
        split_at(chain, 5)
    assert find_phrase(["Мы уже", "трижды  ПЕРЕНОСИЛИ ремонт"], "переносили  ремонт") == (
        1,
        8,
        25,
    )
    assert find_phrase(["a b", "a b"], "a b", prefer=[1]) == (1, 0, 3)
    assert find_phrase(["abc"], "  ") is None


# -- an error's source words ----------------------------------------------------------------------


async def to_word(pilot: Pilot, word: str) -> None:
    s = screen(pilot)
    c = s.view.cursor
    index = [c.text[a:b] for a, b in c.words].index(word)
    c.place(c.words[index][0])
    s._cursor_moved()
    await pilot.pause()


def the_error(store: Store) -> Any:
    (span,) = store.spans(ARTICLE)
    assert span.label == "translation_error"
    return span


def test_w_marks_typed_source_words_and_the_form_keeps_them(bilingual: Store) -> None:
    texts = source_paragraphs(bilingual, ARTICLE)

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "rubles")
        await press(pilot, "4", "w")
        dialog = pilot.app.screen
        assert isinstance(dialog, SourceWordsDialog)
        await press(pilot, *"150")  # typed: found in source ¶4 as it is typed
        assert dialog.found == (3, texts[3].index("150"), texts[3].index("150") + 3)
        dialog.query_one(Input).value = "для  ПЕНСИОНЕРОВ проезд"  # spaces and case ignored
        await pilot.pause()
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AnnotateScreen)
        start = texts[3].index("для пенсионеров")
        assert the_error(bilingual).attrs_dict()["source"] == {
            "paragraph": 3,
            "start": start,
            "end": start + len("для пенсионеров проезд"),
            "text": "для пенсионеров проезд",
        }
        # The source view underlines the error's source words; the panel names them.
        view = source(pilot)
        assert view.from_paragraph(3, start, start + 22) == (start, start + 22)
        spans = [x.style for x in view.render().spans if "underline" in str(x.style)]
        assert spans, "the error's source words are not underlined"
        panel = str(screen(pilot).query_one(AnnotationPanel).render())
        assert "source=“для пенсионеров проезд” (source ¶4)" in panel
        # Editing the other attributes keeps them (the form has no field for them).
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AttributeForm)
        await press(pilot, "ctrl+s")
        assert the_error(bilingual).attrs_dict()["source"]["text"] == "для пенсионеров проезд"

    sent = run(open_app(bilingual, 3), scenario)
    assert "Source words of the error: “для пенсионеров проезд” (u undoes)" in sent


def test_w_picks_a_source_sentence_removes_the_words_and_u_undoes(bilingual: Store) -> None:
    texts = source_paragraphs(bilingual, ARTICLE)

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "enough")
        await press(pilot, "4", "w")
        dialog = pilot.app.screen
        assert isinstance(dialog, SourceWordsDialog)
        # The sentence aligned with the error is the one highlighted in the list.
        choices = dialog.query_one(OptionList)
        assert str(choices.get_option_at_index(choices.highlighted or 0).prompt).startswith(
            "Он считает"
        )
        await press(pilot, "down", "enter")
        start = texts[4].index("Он считает")
        extent = the_error(bilingual).attrs_dict()["source"]
        assert (extent["paragraph"], extent["start"], extent["end"]) == (4, start, len(texts[4]))
        await press(pilot, "w")
        assert pilot.app.screen.query_one(Input).value == extent["text"]
        pilot.app.screen.query_one(Input).value = ""
        await press(pilot, "enter")
        assert "source" not in the_error(bilingual).attrs_dict()
        await press(pilot, "u")
        assert the_error(bilingual).attrs_dict()["source"] == extent
        await press(pilot, "w", "escape")  # escape changes nothing
        assert the_error(bilingual).attrs_dict()["source"] == extent

    sent = run(open_app(bilingual, 4), scenario)
    assert "Source words of the error: none (u undoes)" in sent


def test_w_refuses_words_not_in_the_source_and_other_labels(bilingual: Store) -> None:
    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "w")  # nothing under the cursor
        await to_word(pilot, "Savin")
        await press(pilot, "2", "w")  # a speaker, not an error
        assert isinstance(pilot.app.screen, AnnotateScreen)
        await to_word(pilot, "enough")
        await press(pilot, "4", "w")
        dialog = pilot.app.screen
        dialog.query_one(Input).value = "no such words"
        await pilot.pause()
        await press(pilot, "enter")  # not found: the dialog stays
        assert pilot.app.screen is dialog and dialog.found is None
        await press(pilot, "escape")

    sent = run(open_app(bilingual, 4), scenario)
    assert sent.count("Put the cursor on a translation_error first (tab moves between them)") == 2
    assert all("source" not in s.attrs_dict() for s in bilingual.spans(ARTICLE))


# -- keys, help ---------------------------------------------------------------------------------


def test_the_new_keys_are_in_help_and_remappable(bilingual: Store) -> None:
    new = {"curator.toggle_source", "curator.align_join", "curator.align_split"}
    new.add("curator.source_words")

    async def scenario(pilot: Pilot) -> None:
        await press(pilot, "question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        rows = {bid: keys for keys, _, bid in pilot.app.screen.rows}
        assert new <= set(rows)
        assert rows["curator.align_join"] == "J"
        assert rows["curator.toggle_source"] in ("^o", "ctrl+o")

    run(open_app(bilingual), scenario)
    ids = {b.id for b in AnnotateScreen.BINDINGS if isinstance(b, Binding)}
    assert new <= ids <= known_binding_ids()
    assert "curator.source_words_cancel" in known_binding_ids()


# -- snapshots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["beside-160x40", "below-100x40"])
def test_snapshot_of_the_bilingual_demo(
    size: tuple[int, int], bilingual: Store, snap_compare: SnapCompare
) -> None:
    bilingual.save_position(ARTICLE, 1)
    app = make_app(bilingual.path, "alice")
    app.notify = lambda *args, **kwargs: None  # type: ignore[method-assign]

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("end")  # the second sentence, highlighted in the source
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_another_annotators_layer_is_read_only_for_the_alignment_and_source_words(
    bilingual: Store,
) -> None:
    text = bilingual.paragraphs(ARTICLE)[4].text
    with Store.open(bilingual.path, annotator="bob") as bob:
        start = text.index("enough")
        bob.add_span(ARTICLE, 4, start, start + len("enough"), "translation_error")

    async def scenario(pilot: Pilot) -> None:
        screen(pilot).set_layer("bob")
        await pilot.pause()
        await to_word(pilot, "enough")
        await press(pilot, "J", "w")
        assert isinstance(pilot.app.screen, AnnotateScreen)  # no dialog opened
        assert source(pilot).display  # the source still shows

    sent = run(open_app(bilingual, 4), scenario)
    assert ranges(bilingual) == one_to_one()
    assert sent.count("Read-only: you are viewing bob's layer") == 2


def test_markup_in_the_source_text_shows_literally(bilingual: Store) -> None:
    from curator.store.sources import set_source

    texts = source_paragraphs(bilingual, ARTICLE)
    hostile = [texts[0], "[/x] [bold]Жирный[/bold] \ufffd " + texts[1], *texts[2:]]
    set_source(bilingual, ARTICLE, hostile, alignment(bilingual, ARTICLE))

    async def scenario(pilot: Pilot) -> None:
        assert "[/x] [bold]Жирный[/bold] \ufffd Городской" in shown(pilot)
        await press(pilot, "end")
        assert highlighted(pilot).startswith("Первый рейс")

    run(open_app(bilingual, 1), scenario)


def test_import_tui_export_of_a_bilingual_article(tmp_path: Path) -> None:
    """The whole path: a pair of files imported, an error marked with its source words and
    the alignment corrected in the TUI, then the exports carry both."""
    import json
    from importlib import resources

    from click.testing import CliRunner

    from curator.cli import cli

    data = resources.files("curator.data")
    for name in ("ferry-line.en.txt", "ferry-line.ru.txt"):
        (tmp_path / name).write_text(data.joinpath(name).read_text("utf-8"), encoding="utf-8")
    db = tmp_path / "c.db"

    def curator(*args: str):
        result = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *args])
        assert result.exit_code == 0, result.output
        return result

    curator("import", str(tmp_path / "ferry-line.en.txt"), str(tmp_path / "ferry-line.ru.txt"))
    with Store.open(db, annotator="alice") as store:
        assert len(source_paragraphs(store, ARTICLE)) == 7  # the .ru.txt is the source
        app = open_app(store, 3)

    async def scenario(pilot: Pilot) -> None:
        await to_word(pilot, "rubles")
        await press(pilot, "4", "w")
        pilot.app.screen.query_one(Input).value = "для пенсионеров"
        await pilot.pause()
        await press(pilot, "enter", "J")  # the words, then join ¶4 with ¶5

    run(app, scenario)
    out = tmp_path / "a.jsonl"
    curator("export", "--annotator", "alice", "--unit", "article", "-o", str(out))
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [3, 5, 3, 5] in record["source"]["alignment"]  # the editor's join
    (error,) = [s for s in record["spans"] if s["label"] == "translation_error"]
    assert error["attrs"]["source"]["text"] == "для пенсионеров"
    tsv = tmp_path / "m.tsv"
    with Store.open(db, annotator="alice") as store:
        span = next(s for s in store.spans(ARTICLE) if s.label == "translation_error")
        store.update_span(
            span.id,
            attrs={**span.attrs_dict(), "category": "Accuracy/Omission", "severity": "major"},
        )
    curator("export", "--annotator", "alice", "--format", "mqm", "-o", str(tsv))
    (row,) = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    assert "<v>для пенсионеров</v>" in row[5] and "<v>" in row[6]
