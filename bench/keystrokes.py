"""Keystrokes per span: a scripted replay that tags a reference annotation of the demo article.

The reference is what the suggesters propose for the bundled demo article
(`curator.suggest.runner.suggest_stored_article`, i.e. `suggest_article` over its paragraphs,
paragraph kinds left out), taken as "what the editor wants": no hand gold is needed. Each
replay drives the real app with Pilot (`App.run_test()`), counts every key it sends, and at
the end asserts that the store holds the spans. Ways of tagging:

  hand, before   keys the TUI had before issue 12's session: word moves (right/left,
                 home/end), shift+arrows / shift+home/end, `s` (sentence), n/p, the label's
                 digit, `enter` and the attribute form. No `(`/`)` sentence moves, no
                 extent editing: a span whose edges are not word edges (a lone quotation
                 mark) gets the nearest word extent and is counted as "inexact".
  hand, after    every current key: also `)`/`(` and the alt/ctrl extent keys that move an
                 annotation's edges by a character, so every span is made exactly.
  accept, one    the suggestions stored as pending (`curator suggest`), then per paragraph:
                 tab to each suggestion, `a`
  accept, A      per paragraph `A` (all of its suggestions)

For each span by hand: go to its paragraph (n/p), move the cursor to its first word by the
cheapest sequence of moves (a breadth-first search over the cursor's own moves, simulated on
`TextCursor`, then sent to the app), select to its last word (the cheapest of shift+right
steps, `s` plus steps, shift+end plus steps), press the label's digit, fix the edges (after
only), then fill the label's required attributes the reference sets or the form leaves empty
(enter, a digit or the typed value per field, tab between fields, ctrl+s). `/` search is not
used (its hits list spans the corpus, so its cost is not a fixed number of keys). Accepted
suggestions get their missing required attributes the same way (a suggested claim has no
check_worthy).

    .venv/bin/python bench/keystrokes.py            # the whole demo article (~3-5 min)
    .venv/bin/python bench/keystrokes.py --smoke    # its first 3 paragraphs (CI, < 60 s)

Exits 0 whatever the figures; a replay that leaves the store without its spans fails.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curator.demo import demo_database
from curator.store.store import Store
from curator.store.suggestions import SUGGEST_LAYER
from curator.suggest.runner import store_suggestions, suggest_stored_article
from curator.tui.cursor import TextCursor

ANNOTATOR = "keys"
SMOKE_PARAGRAPHS = 3
BEFORE_MOVES = ("right", "left", "home", "end")
AFTER_MOVES = (*BEFORE_MOVES, "right_parenthesis", "left_parenthesis")


@dataclass(frozen=True)
class Ref:
    paragraph: int
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(hash=False, compare=False)


@dataclass
class Tally:
    name: str
    keys: int = 0
    spans: int = 0
    inexact: int = 0
    per_span: list[int] = field(default_factory=list)
    parts: dict[str, int] = field(default_factory=dict)

    def add(self, part: str, n: int) -> None:
        self.keys += n
        self.parts[part] = self.parts.get(part, 0) + n


def reference(store: Store, article_id: str, paragraphs: int | None) -> list[Ref]:
    labels = store.tagset.label_names
    seen: dict[tuple[int, int, int, str], Ref] = {}
    for s in suggest_stored_article(store, article_id):
        if s.label not in labels or (paragraphs is not None and s.paragraph >= paragraphs):
            continue
        ref = Ref(s.paragraph, s.start, s.end, s.label, dict(s.attrs))
        seen.setdefault((ref.paragraph, ref.start, ref.end, ref.label), ref)
    return sorted(seen.values(), key=lambda r: (r.paragraph, r.start, -r.end, r.label))


# -- planning on the cursor's own model ----------------------------------------------------


def _apply(text: str, head: int, key: str) -> int:
    c = TextCursor(text)
    c.head = head
    if key == "right":
        c.move(1)
    elif key == "left":
        c.move(-1)
    elif key == "home":
        c.home()
    elif key == "end":
        c.end()
    elif key == "right_parenthesis":
        c.move_sentence(1)
    elif key == "left_parenthesis":
        c.move_sentence(-1)
    return c.head


def moves_to(text: str, head: int, target: int, keys: tuple[str, ...]) -> list[str]:
    """The fewest keys from word `head` to word `target` (breadth-first over cursor moves)."""
    cache: dict[tuple[int, str], int] = {}
    back: dict[int, tuple[int, str] | None] = {head: None}
    queue = deque([head])
    while queue:
        at = queue.popleft()
        if at == target:
            break
        for key in keys:
            nxt = cache.setdefault((at, key), _apply(text, at, key))
            if nxt not in back:
                back[nxt] = (at, key)
                queue.append(nxt)
    path: list[str] = []
    at = target
    while back.get(at) is not None:
        prev, key = back[at]  # type: ignore[misc]
        path.append(key)
        at = prev
    return path[::-1]


def selection_keys(text: str, first: int, last: int) -> list[str]:
    """The fewest keys selecting words first..last from the cursor on `first` (verified)."""
    want = None
    candidates: list[list[str]] = [[]] if first == last else []
    candidates.append(["shift+right"] * (1 + last - first))
    c = TextCursor(text)
    n = len(c.words)
    candidates.append(["shift+end"] + ["shift+left"] * (n - 1 - last))
    for sentences in range(1, 4):
        candidates.append(["s"] * sentences)
        for extra in range(1, 6):
            candidates.append(["s"] * sentences + ["shift+right"] * extra)
            candidates.append(["s"] * sentences + ["shift+left"] * extra)
    want = (c.words[first][0], c.words[last][1])
    best: list[str] | None = None
    for keys in sorted(candidates, key=len):
        c = TextCursor(text)
        c.head = first
        for key in keys:
            _select(c, key)
        if c.target() == want:
            best = keys
            break
    assert best is not None, (first, last)
    return best


def _select(c: TextCursor, key: str) -> None:
    if key == "shift+right":
        c.extend(1)
    elif key == "shift+left":
        c.extend(-1)
    elif key == "shift+end":
        c.end(True)
    else:
        c.select_sentence()


def word_extent(words: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The words a span covers (the nearest word when it covers none: a lone quote mark)."""
    inside = [i for i, (a, b) in enumerate(words) if a < end and b > start]
    if inside:
        return inside[0], inside[-1]
    after = [i for i, (a, _) in enumerate(words) if a >= end]
    i = after[0] if after else len(words) - 1
    return i, i


def edge_keys(words: list[tuple[int, int]], first: int, last: int, ref: Ref) -> list[str]:
    """alt+arrows moving the new span's edges from word edges to the reference's."""
    start, end = words[first][0], words[last][1]
    keys: list[str] = []
    # Grow first, then shrink, so the span never gets empty on the way.
    if ref.start < start:
        keys += ["alt+shift+left"] * (start - ref.start)
    if ref.end > end:
        keys += ["alt+right"] * (ref.end - end)
    if ref.start > start:
        keys += ["alt+shift+right"] * (ref.start - start)
    if ref.end < end:
        keys += ["alt+left"] * (end - ref.end)
    return keys


# -- driving the app -----------------------------------------------------------------------


class Driver:
    def __init__(self, pilot: Any, tally: Tally) -> None:
        self.pilot = pilot
        self.tally = tally

    @property
    def screen(self) -> Any:
        from curator.tui.annotate import AnnotateScreen

        return next(s for s in self.pilot.app.screen_stack if isinstance(s, AnnotateScreen))

    async def send(self, part: str, *keys: str, settle: bool = False) -> None:
        for key in keys:
            await self.pilot.press(key)
            self.tally.add(part, 1)
        if settle:
            await self.pilot.pause()

    async def goto(self, paragraph: int) -> None:
        index = self.screen.index
        step = "n" if paragraph > index else "p"
        await self.send("paragraph", *[step] * abs(paragraph - index))
        assert self.screen.index == paragraph

    async def fill_required(self, label: str, attrs: dict[str, Any]) -> None:
        """enter, then each required field the form leaves empty, then ctrl+s."""
        from textual.widgets import Input, Select

        from curator.tui.dialogs import AttributeForm

        screen = self.screen
        span = screen.current_span()
        assert span is not None
        spec = screen.store.tagset.label(label)
        have = span.attrs_dict()
        required = [a for a in spec.attributes if a.required and a.name not in have]
        if not required:
            return
        await self.send("attributes", "enter", settle=True)
        form = self.pilot.app.screen
        assert isinstance(form, AttributeForm), form
        fields = list(form.query("#fields Select, #fields Input"))
        plan: dict[str, Any] = {}
        for attr in required:
            value = attrs.get(attr.name)
            if value is None:  # the reference leaves it unset: the first choice, or "x"
                value = True if attr.type == "bool" else (attr.choices or ["x"])[0]
            if label == "translation_error" and attr.name == "category":
                dim, _, sub = str(value).partition("/")
                plan["f-dimension"] = dim
                if sub:
                    plan["f-subtype"] = sub
            else:
                plan[f"f-{attr.name}"] = value
        at = fields.index(self.pilot.app.focused) if self.pilot.app.focused in fields else 0
        for i, widget in enumerate(fields):
            if widget.id not in plan:
                continue
            want = plan[widget.id]
            await self.send("attributes", *["tab"] * (i - at), settle=True)
            at = i
            assert self.pilot.app.focused is widget, (self.pilot.app.focused, widget)
            if isinstance(widget, Select):
                if widget.value == want:
                    continue
                values = [v for _, v in widget._options if v != Select.NULL]
                digit = values.index(want) + 1
                assert digit <= 9, (widget.id, want)
                await self.send("attributes", str(digit), settle=True)
            elif isinstance(widget, Input) and widget.value != str(want):
                await self.send("attributes", *_typed(str(want)), settle=True)
            assert str(widget.value) == str(want), (widget.id, widget.value, want)
        await self.send("attributes", "ctrl+s", settle=True)
        assert self.pilot.app.screen is screen, "the form did not save"

    async def by_hand(self, ref: Ref, after: bool) -> None:
        tally, before_keys = self.tally, self.tally.keys
        await self.goto(ref.paragraph)
        screen = self.screen
        cursor = screen.view.cursor
        words = cursor.words
        first, last = word_extent(words, ref.start, ref.end)
        moves = moves_to(cursor.text, cursor.head, first, AFTER_MOVES if after else BEFORE_MOVES)
        await self.send("move", *moves)
        if cursor.selection or screen.view.focused_span:
            # A key that moves nothing (already there) leaves the last tag focused or its
            # selection: one move away and back is not needed, escape drops both.
            await self.send("move", "escape")
        assert cursor.head == first, (cursor.head, first, moves)
        await self.send("select", *selection_keys(cursor.text, first, last))
        number = [lab.name for lab in screen.store.tagset.labels].index(ref.label) + 1
        await self.send("tag", str(number), settle=True)
        exact = (words[first][0], words[last][1]) == (ref.start, ref.end)
        if not exact and after:
            await self.send("edges", *edge_keys(words, first, last, ref), settle=True)
            exact = True
        if not exact:
            tally.inexact += 1
        await self.fill_required(ref.label, ref.attrs)
        tally.spans += 1
        tally.per_span.append(tally.keys - before_keys)


def _typed(text: str) -> list[str]:
    from textual.keys import _character_to_key

    return [_character_to_key(ch) for ch in text]


async def replay_hand(db: Path, article_id: str, refs: list[Ref], after: bool) -> Tally:
    from curator.tui.app import make_app

    tally = Tally("hand, after" if after else "hand, before")
    app = make_app(db, ANNOTATOR, article_id=article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        driver = Driver(pilot, tally)
        for ref in refs:
            await driver.by_hand(ref, after)
    return tally


async def replay_accept(db: Path, article_id: str, refs: list[Ref], all_at_once: bool) -> Tally:
    from curator.tui.app import make_app

    tally = Tally("accept, A" if all_at_once else "accept, tab + a")
    app = make_app(db, ANNOTATOR, article_id=article_id)
    wanted = {(r.paragraph, r.start, r.end, r.label): r for r in refs}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        driver = Driver(pilot, tally)
        for paragraph in sorted({r.paragraph for r in refs}):
            await driver.goto(paragraph)
            screen = driver.screen
            start_keys = tally.keys

            def pending(screen: Any = screen) -> list[Any]:
                return [
                    s
                    for s in screen.spans
                    if s.annotator == SUGGEST_LAYER
                    and s.status == "pending"
                    and (s.paragraph, s.start, s.end, s.label) in wanted
                ]

            accepted: list[Any] = []
            if all_at_once:
                todo = pending()
                await driver.send("accept", "A", settle=True)
                accepted = [s for s in screen.spans if s.annotator == ANNOTATOR]
                tally.spans += len(todo)
            else:
                while todo := pending():
                    for _ in range(len(screen.spans) + 1):
                        if screen.current_suggestion() in todo:
                            break
                        await driver.send("move", "tab")
                    await driver.send("accept", "a", settle=True)
                    tally.spans += 1
                    span = screen.current_span()
                    assert span is not None and span.annotator == ANNOTATOR
                    accepted.append(span)
            for span in accepted:
                ref = wanted.get((span.paragraph, span.start, span.end, span.label))
                if ref is None:
                    continue
                screen.view.focused_span = span.id  # tab to it: counted below
                moves = _tabs_to(screen, span.id)
                await driver.send("move", *["tab"] * moves)
                screen.view.focused_span = span.id
                screen._cursor_moved()
                await driver.fill_required(span.label, ref.attrs)
            tally.per_span.append(tally.keys - start_keys)
    return tally


def _tabs_to(screen: Any, span_id: str) -> int:
    """How many tabs from the focused annotation to `span_id` (tab cycles the paragraph's)."""
    ids = [s.id for s in screen.spans]
    here = screen.view.focused_span
    if here not in ids:
        return ids.index(span_id) + 1
    return (ids.index(span_id) - ids.index(here)) % len(ids)


def check_store(db: Path, article_id: str, refs: list[Ref], exact: bool) -> int:
    """The replay's spans are in the store: exactly, or at their words' extent."""
    with Store.open(db, annotator=ANNOTATOR) as store:
        spans = store.spans(article_id, annotator=ANNOTATOR)
        have = {(s.paragraph, s.start, s.end, s.label) for s in spans}
        words = {}
        missing = 0
        for r in refs:
            key = (r.paragraph, r.start, r.end, r.label)
            if key in have:
                continue
            if not exact:
                text = store.paragraph_text(article_id, r.paragraph)
                w = words.setdefault(r.paragraph, TextCursor(text).words)
                first, last = word_extent(w, r.start, r.end)
                if (r.paragraph, w[first][0], w[last][1], r.label) in have:
                    continue
            missing += 1
            print(f"  missing: ¶{r.paragraph} {r.start}-{r.end} {r.label}", file=sys.stderr)
        return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help=f"first {SMOKE_PARAGRAPHS} paragraphs")
    ap.add_argument("--paragraphs", type=int, default=None, help="only the first N paragraphs")
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="curator-keys-"))
    try:
        return run(folder, SMOKE_PARAGRAPHS if args.smoke else args.paragraphs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, limit: int | None) -> int:
    """The four replays on copies of a demo database in `folder`; the table."""
    template = demo_database(folder=folder / "template")
    with Store.open(template, annotator=ANNOTATOR) as store:
        article_id = store.articles(limit=1)[0].id
        refs = reference(store, article_id, limit)
        n_paragraphs = len(store.paragraphs(article_id))
    by_label: dict[str, int] = {}
    for r in refs:
        by_label[r.label] = by_label.get(r.label, 0) + 1
    print(
        f"demo article {article_id}: {n_paragraphs} paragraphs; reference: {len(refs)} spans "
        f"in {len({r.paragraph for r in refs})} paragraphs "
        f"({', '.join(f'{k} {v}' for k, v in sorted(by_label.items()))})"
        + (f", paragraphs < {limit}" if limit else "")
    )

    def copy(name: str, suggestions: bool) -> Path:
        db = folder / f"{name}.db"
        with Store.open(template, annotator=ANNOTATOR) as store:
            store.db.execute("VACUUM INTO ?", [str(db)])
        if suggestions:
            with Store.open(db, annotator=ANNOTATOR) as store:
                store_suggestions(store, article_id, suggest_stored_article(store, article_id))
        return db

    runs: list[tuple[Tally, float]] = []
    failures = 0
    plans: list[tuple[str, bool, Callable[[Path], Any], bool]] = [
        ("before", False, lambda db: replay_hand(db, article_id, refs, after=False), False),
        ("after", False, lambda db: replay_hand(db, article_id, refs, after=True), True),
        ("one", True, lambda db: replay_accept(db, article_id, refs, all_at_once=False), True),
        ("all", True, lambda db: replay_accept(db, article_id, refs, all_at_once=True), True),
    ]
    for name, suggestions, replay, exact in plans:
        db = copy(name, suggestions)
        t = time.perf_counter()
        tally = asyncio.run(replay(db))
        seconds = time.perf_counter() - t
        missing = check_store(db, article_id, refs, exact)
        if missing:
            print(
                f"{tally.name}: {missing} reference spans missing from the store", file=sys.stderr
            )
            failures += 1
        runs.append((tally, seconds))

    print(f"\n{'replay':18} {'spans':>5} {'keys':>6} {'keys/span':>9} {'median':>6}  keys by part")
    for tally, seconds in runs:
        per = tally.keys / tally.spans if tally.spans else float("nan")
        med = statistics.median(tally.per_span) if tally.per_span else float("nan")
        parts = ", ".join(f"{k} {v}" for k, v in tally.parts.items())
        inexact = f"; {tally.inexact} inexact" if tally.inexact else ""
        print(
            f"{tally.name:18} {tally.spans:5d} {tally.keys:6d} {per:9.1f} {med:6.1f}  "
            f"{parts}{inexact} ({seconds:.0f} s)"
        )
    print(
        "  median = per span by hand; per paragraph for the accept replays (keys/span is the\n"
        "  figure to compare); inexact = made at its words' extent (the keys then had no way\n"
        "  to move an edge by a character)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
