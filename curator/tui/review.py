"""The review screen: a lead steps through two annotators' disagreements and settles each
into the gold layer (take A, take B, take both, reject, edit, skip), with both versions visible.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer

from curator.domain.errors import CuratorError
from curator.review.adjudicate import Adjudicator, Decision, Disagreement
from curator.review.data import SpanView
from curator.tui.dialogs import AttributeForm, HelpScreen, pass_on_typed_ahead
from curator.tui.panels import Box, TitleBar, short
from curator.tui.paragraph_view import ParagraphView
from curator.tui.text import clean, literal

KIND_TEXT = {
    "exact": "same span, different attributes or links",
    "boundary": "same label, different boundaries",
    "label": "same text, different label",
    "only_a": "only A tagged this",
    "only_b": "only B tagged this",
}


def _b(keys: str, action: str, description: str, name: str, show: bool = True) -> Binding:
    return Binding(keys, action, description, show=show, id=f"curator.review_{name}")


class ReviewScreen(Screen[None]):
    """One disagreement at a time; decided ones are skipped unless you page back to them."""

    BINDINGS = [
        _b("a", "decide('take_a')", "Take A", "take_a"),
        _b("b", "decide('take_b')", "Take B", "take_b"),
        _b("t", "decide('take_both')", "Take both", "take_both"),
        _b("r", "decide('reject')", "Reject both", "reject"),
        _b("e", "edit", "Edit", "edit"),
        _b("s,n,pagedown", "step(1)", "Skip/next", "next"),
        _b("p,pageup", "step(-1)", "Previous", "previous"),
        _b("u", "undo", "Undo", "undo"),
        _b("question_mark", "help", "Help", "help"),
        _b("q", "quit", "Quit", "quit"),
    ]

    def __init__(self, adjudicator: Adjudicator, items: list[Disagreement]) -> None:
        super().__init__()
        self.adj = adjudicator
        """Writes decisions into the gold layer."""
        self.items = items
        """Every disagreement, in reading order."""
        self.index = next((i for i, d in enumerate(items) if d.decision is None), 0)
        """The one on screen."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing runs once the app is quitting (keys typed right after q)."""
        return not getattr(self.app, "quitting", False)

    def on_key(self, event: events.Key) -> None:
        """A key typed ahead while a dialog opened goes to the dialog."""
        pass_on_typed_ahead(self, event)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="titlebar")
        with Horizontal(id="main"):
            with Vertical(id="versions"):
                yield ParagraphView(id="view-a")
                yield ParagraphView(id="view-b")
            yield Box(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        colors = {label.name: label.color for label in self.adj.store.tagset.labels}
        for view in self.query(ParagraphView):
            view.label_colors = colors
        self.show_current()

    @property
    def current(self) -> Disagreement | None:
        """The disagreement on screen."""
        return self.items[self.index] if self.items else None

    def show_current(self) -> None:
        """Draw both versions of the paragraph and the details of the pair."""
        settled = sum(d.decision is not None for d in self.items)
        d = self.current
        self.query_one(TitleBar).set_info(
            f"{self.adj.a} ↔ {self.adj.b}",
            f"{self.index + 1 if d else 0}/{len(self.items)}",
            f"{settled} settled → {self.adj.into}",
            self.adj.store.annotator,
        )
        if d is None:
            self.query_one("#detail", Box).set_content(
                Content.styled(
                    "No disagreements: A and B agree everywhere (or nothing to compare).", "bold"
                )
            )
            return
        store = self.adj.store
        for view, who, span in (
            (self.query_one("#view-a", ParagraphView), self.adj.a, d.pair.a),
            (self.query_one("#view-b", ParagraphView), self.adj.b, d.pair.b),
        ):
            spans = store.spans(d.article_id, annotator=who, paragraph=d.paragraph)
            side = "A" if who == self.adj.a else "B"
            heading = f"{side}: {clean(who)} · {d.article_id} ¶ {d.paragraph + 1}"
            view.show(d.text, spans, "", "", heading, keep=False)
            view.focused_span = span.id if span else None
            if span:
                view.cursor.place(span.start)
            view.refresh()
        self.query_one("#detail", Box).set_content(self._detail(d))

    def _detail(self, d: Disagreement) -> Content:
        parts: list[Any] = [(KIND_TEXT[d.pair.kind] + "\n\n", "bold")]
        for side, span in (("A", d.pair.a), ("B", d.pair.b)):
            parts.append((f"{side} ", "bold reverse"))
            parts += [" ", *self._span_lines(span)]
        for diff in d.pair.attrs:
            parts += [(f"≠ {diff.key}: ", "yellow"), literal(f"{diff.a!r} vs {diff.b!r}"), "\n"]
        for diff in d.pair.relations:
            a = ", ".join(short(t.text, 20) for t in diff.a) or "—"
            b = ", ".join(short(t.text, 20) for t in diff.b) or "—"
            parts += [(f"≠ {diff.type}: ", "yellow"), literal(f"A → {a} · B → {b}"), "\n"]
        state = d.decision or "not settled"
        parts += ["\n", ("decision: ", "dim"), (state, "bold green" if d.decision else "bold")]
        return Content.assemble(*parts)

    @staticmethod
    def _span_lines(span: SpanView | None) -> list[Any]:
        if span is None:
            return [("(nothing)\n\n", "dim")]
        attrs = " ".join(f"{k}={v}" for k, v in span.attrs.items())
        return [
            (span.label, "bold"),
            " ",
            literal(f"“{short(span.text, 40)}”\n"),
            literal(f"   {attrs}\n\n" if attrs else "\n"),
        ]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Messages quote names and text: never markup, control characters made visible."""
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=markup
        )

    # -- actions ---------------------------------------------------------------------------

    def action_decide(self, decision: Decision) -> None:
        d = self.current
        if d is None:
            return
        if d.decision is not None:
            self.notify(f"Already settled ({d.decision}); u undoes it", severity="warning")
            return
        try:
            self.adj.decide(d, decision)
        except (CuratorError, ValueError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.items[self.index] = dataclasses.replace(d, decision=decision)
        self._next_open()

    def action_edit(self) -> None:
        d = self.current
        if d is None or d.decision is not None:
            self.notify("Edit works on a disagreement not yet settled")
            return
        decision: Decision = "take_a" if d.pair.a is not None else "take_b"
        try:
            [gold, *_] = self.adj.decide(d, decision)
        except (CuratorError, ValueError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.items[self.index] = dataclasses.replace(d, decision=decision)
        store = self.adj.store

        def saved(attrs: dict[str, Any] | None) -> None:
            if attrs is not None:
                try:
                    store.update_span(gold.id, attrs=attrs)
                except CuratorError as exc:
                    self.notify(str(exc), title="Not saved", severity="error", markup=False)
            self._next_open()

        names = [n for n, _ in store.speakers()]
        self.app.push_screen(
            AttributeForm(store.tagset, gold.label, gold.attrs_dict(), gold.text, names=names),
            saved,
        )

    def _next_open(self) -> None:
        for step in range(1, len(self.items) + 1):
            i = (self.index + step) % len(self.items)
            if self.items[i].decision is None:
                self.index = i
                self.show_current()
                return
        self.show_current()
        self.notify(f"Every disagreement is settled into {self.adj.into}")

    def action_step(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)
            self.show_current()

    def action_undo(self) -> None:
        try:
            info = self.adj.store.undo()
        except CuratorError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if info is None:
            self.notify("Nothing to undo")
            return
        decided = self.adj.decisions()
        before = self.items
        self.items = [
            dataclasses.replace(d, decision=decided.get((d.article_id, d.key))) for d in before
        ]
        # Go back to the disagreement the undo reopened.
        for i, (old, new) in enumerate(zip(before, self.items, strict=True)):
            if old.decision is not None and new.decision is None:
                self.index = i
                break
        self.show_current()
        self.notify(f"Undone: {info.summary}", markup=False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.of(self.app, self.BINDINGS))

    def action_quit(self) -> None:
        self.app.exit()
