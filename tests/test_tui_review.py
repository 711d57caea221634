"""The review screen through Pilot: every key, asserted on the store."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
import review_fixture as rf
from textual.pilot import Pilot

from curator.review.adjudicate import Adjudicator
from curator.store.store import Store
from curator.tui.app import CuratorApp, make_review_app
from curator.tui.dialogs import AttributeForm, HelpScreen
from curator.tui.review import ReviewScreen


@pytest.fixture
def db(sample_db: Store):
    rf.build(sample_db)
    return sample_db.path


def run(app: CuratorApp, scenario: Callable[[Pilot], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def gold(db) -> list:
    with Store.open(db, annotator="check", create=False) as store:
        return store.spans(rf.ARTICLE, annotator="gold")


def decisions(db) -> dict:
    with Store.open(db, annotator="check", create=False) as store:
        return Adjudicator(store, rf.A, rf.B).decisions()


def test_auto_accept_then_take_a_b_both_reject_skip_and_undo(db):
    app = make_review_app(db, "lena", rf.A, rf.B, auto_accept=True)
    auto = len(gold(db))
    assert auto > 0

    async def scenario(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen)
        assert all(d.decision is None for d in screen.items)
        kinds = {}
        for key, decision in (
            ("a", "take_a"),
            ("b", "take_b"),
            ("t", "take_both"),
            ("r", "reject"),
        ):
            while (screen.current.pair.kind in ("only_a",) and key == "b") or (
                screen.current.pair.kind == "only_b" and key == "a"
            ):
                await pilot.press("s")
            kinds[decision] = screen.current.key
            await pilot.press(key)
            await pilot.pause()
        made = decisions(db)
        for decision, key in kinds.items():
            assert made[(rf.ARTICLE, key)] == decision
        before = screen.index
        await pilot.press("s")
        assert screen.index != before
        await pilot.press("p")
        assert screen.index == before
        await pilot.press("u")
        await pilot.pause()
        assert (rf.ARTICLE, kinds["reject"]) not in decisions(db)
        assert screen.current.key == kinds["reject"]  # back on the reopened disagreement
        await pilot.press("q")

    run(app, scenario)
    assert len(gold(db)) > auto


def test_edit_takes_a_side_and_opens_the_form_on_the_gold_copy(db):
    app = make_review_app(db, "lena", rf.A, rf.B)

    async def scenario(pilot: Pilot) -> None:
        screen = pilot.app.screen
        while screen.current.pair.a is None or screen.current.pair.a.label != "date":
            await pilot.press("s")
        await pilot.press("e")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, AttributeForm) and form.label == "date"
        form.query_one("#f-value").value = "2022-05-16"
        await pilot.press("ctrl+s")
        await pilot.pause()

    run(app, scenario)
    [span] = [s for s in gold(db) if s.label == "date"]
    assert span.attrs_dict()["value"] == "2022-05-16"
    assert span.meta["provenance"]["decided_by"] == "lena"


def test_a_review_resumes_at_the_first_open_disagreement(db):
    async def decide_two(pilot: Pilot) -> None:
        await pilot.press("r")
        await pilot.press("r")
        await pilot.pause()

    run(make_review_app(db, "lena", rf.A, rf.B), decide_two)

    async def check(pilot: Pilot) -> None:
        screen = pilot.app.screen
        assert screen.index == 2
        assert [d.decision for d in screen.items[:3]] == ["reject", "reject", None]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)

    run(make_review_app(db, "lena", rf.A, rf.B), check)


def test_unknown_annotator_is_refused(db):
    from curator.domain.errors import InputError

    with pytest.raises(InputError, match="has no annotations"):
        make_review_app(db, "lena", rf.A, "carol")
