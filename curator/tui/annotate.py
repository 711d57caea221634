"""The annotation screen: step through paragraphs, tag, attribute, link, mark, undo.

Every action goes straight to the store (committed at once); the screen only re-reads
what it shows. Bindings live here, each with an id so a key map can remap them.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList

from curator.domain.article import PARAGRAPH_KINDS, Paragraph
from curator.domain.errors import CuratorError
from curator.domain.relation import Relation
from curator.domain.span import SpanBase
from curator.store.store import Store
from curator.store.suggestions import (
    SUGGEST_LAYER,
    accept_all,
    accept_suggestion,
    pending_suggestions,
    reject_suggestion,
)
from curator.tui.cursor import new_extent
from curator.tui.dialogs import (
    AttributeForm,
    HelpScreen,
    Picker,
    SearchScreen,
    pass_on_typed_ahead,
)
from curator.tui.panels import (
    AnnotationPanel,
    Outline,
    StatusLine,
    TitleBar,
    describe_attrs,
    short,
)
from curator.tui.paragraph_view import ParagraphView
from curator.tui.source_view import BilingualActions, SourceView, TextColumn, keep_source
from curator.tui.text import clean, literal
from curator.tui.writes import (
    QUIT_BUSY_TIMEOUT_MS,
    UI_BUSY_TIMEOUT_MS,
    WriteQueue,
    Written,
    is_busy,
)


def _b(
    keys: str, action: str, description: str, name: str, show: bool = True, **kw: Any
) -> Binding:
    return Binding(keys, action, description, show=show, id=f"curator.{name}", **kw)


NEIGHBOURS = 6
"""Paragraphs before and after the current one handed to the view (it shows what fits)."""

STATUS_TEXT = {"todo": "to do", "done": "done", "skipped": "skipped"}
"""How the heading names a paragraph status (one spelling, whether or not it was ever set)."""

EXTENT_BINDINGS = [
    _b(key, f"extent('{edge}', '{unit}', {step})", text, name, show=False)
    for key, edge, unit, step, text, name in (
        ("ctrl+right", "end", "word", 1, "Annotation end → a word", "span_end_grow_word"),
        ("ctrl+left", "end", "word", -1, "Annotation end ← a word", "span_end_shrink_word"),
        (
            "ctrl+shift+left",
            "start",
            "word",
            -1,
            "Annotation start ← a word",
            "span_start_grow_word",
        ),
        (
            "ctrl+shift+right",
            "start",
            "word",
            1,
            "Annotation start → a word",
            "span_start_shrink_word",
        ),
        ("alt+right", "end", "char", 1, "Annotation end → a character", "span_end_grow_char"),
        ("alt+left", "end", "char", -1, "Annotation end ← a character", "span_end_shrink_char"),
        (
            "alt+shift+left",
            "start",
            "char",
            -1,
            "Annotation start ← a character",
            "span_start_grow_char",
        ),
        (
            "alt+shift+right",
            "start",
            "char",
            1,
            "Annotation start → a character",
            "span_start_shrink_char",
        ),
    )
]
"""Move one boundary of the current annotation, keeping its attributes and links."""

TAG_BINDINGS = [
    _b(str(n), f"tag({n})", f"Tag with label {n}", f"tag_{n}", show=False) for n in range(1, 10)
]


class AnnotateScreen(BilingualActions, Screen[None]):
    """One article, one paragraph at a time."""

    BINDINGS = [
        _b("n,pagedown", "paragraph(1)", "Next", "next_paragraph"),
        _b("p,pageup", "paragraph(-1)", "Prev", "previous_paragraph"),
        _b("N", "next_todo", "Next to do", "next_todo"),
        _b("right", "word(1)", "Word →", "word_right", show=False),
        _b("left", "word(-1)", "Word ←", "word_left", show=False),
        _b("shift+right", "extend(1)", "Extend selection", "extend_right", show=False),
        _b("shift+left", "extend(-1)", "Shrink selection", "extend_left", show=False),
        _b("home", "home(False)", "Paragraph start", "home", show=False),
        _b("end", "end(False)", "Paragraph end", "end", show=False),
        _b("shift+home", "home(True)", "Select to start", "select_home", show=False),
        _b("shift+end", "end(True)", "Select to end", "select_end", show=False),
        _b("s", "sentence", "Sentence", "select_sentence"),
        _b("right_parenthesis", "sentence_move(1)", "Next sentence", "next_sentence", show=False),
        _b(
            "left_parenthesis",
            "sentence_move(-1)",
            "Previous sentence",
            "previous_sentence",
            show=False,
        ),
        _b("escape", "clear", "Clear selection", "clear_selection", show=False),
        *TAG_BINDINGS,
        _b("t", "tag_picker", "Tag with… (any label)", "tag_picker", show=False),
        _b("enter", "edit", "Attributes", "edit_attributes"),
        _b("tab", "annotation(1)", "Next ann.", "next_annotation", show=False, priority=True),
        _b(
            "shift+tab",
            "annotation(-1)",
            "Prev ann.",
            "previous_annotation",
            show=False,
            priority=True,
        ),
        _b("delete,x", "delete", "Delete", "delete_annotation"),
        *EXTENT_BINDINGS,
        _b("l", "link", "Link", "link"),
        _b("m", "toggle_done", "Done", "toggle_done"),
        _b("K", "skip", "Skip", "skip_paragraph", show=False),
        _b("k", "kind", "Kind", "paragraph_kind"),
        _b("u", "undo", "Undo", "undo"),
        _b("ctrl+y,U", "redo", "Redo", "redo"),
        _b("slash", "search", "Search", "search"),
        _b("o", "toggle_outline", "Outline", "toggle_outline"),
        _b("right_square_bracket", "article(1)", "Next article", "next_article", show=False),
        _b("left_square_bracket", "article(-1)", "Prev article", "previous_article", show=False),
        _b("question_mark", "help", "Help", "help"),
        _b("q", "quit", "Quit", "quit"),
        _b("a", "accept_suggestion", "Accept suggestion", "accept_suggestion", show=False),
        _b("r", "reject_suggestion", "Reject suggestion", "reject_suggestion", show=False),
        _b("A", "accept_all", "Accept all suggestions in ¶", "accept_all", show=False),
        # -- bilingual view (issue 13; actions in curator/tui/source_view.py) --
        _b("ctrl+o", "toggle_source", "Show/hide the source text", "toggle_source", show=False),
        _b("J", "align_join", "Align: join bead with next", "align_join", show=False),
        _b("B", "align_split", "Align: split bead / shrink source", "align_split", show=False),
        _b("w", "source_words", "Source words of an error", "source_words", show=False),
    ]

    def __init__(self, store: Store, article_id: str, paragraph: int = 0) -> None:
        super().__init__()
        self.store = store
        """The open database."""
        self.article_id = article_id
        """Article on screen."""
        self.index = paragraph
        """Current paragraph index."""
        self.shown_annotator = store.annotator
        """Whose annotations are shown; edits are allowed only on one's own layer."""
        self.paragraphs: list[Paragraph] = []
        self.spans: list[SpanBase] = []
        self._article_spans: list[SpanBase] = []
        # Read with the spans, drawn from memory on every cursor move (writes re-read them).
        self._relations: list[Relation] = []
        self._speakers: list[tuple[str, int]] = []
        self._position = ""
        self._queue = WriteQueue([])
        self._undo_armed: int | None = None
        self._advanced_from: int | None = None
        self._retry: Timer | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing runs once the app is quitting (keys typed right after q)."""
        return not getattr(self.app, "quitting", False)

    def on_key(self, event: events.Key) -> None:
        """A key typed ahead while a dialog opened goes to the dialog."""
        pass_on_typed_ahead(self, event)

    def compose(self) -> ComposeResult:
        yield TitleBar(id="titlebar")
        with Horizontal(id="main"):
            yield Outline(id="outline")
            with TextColumn(id="text-column"):  # the source beside or below (issue 13)
                yield ParagraphView(id="paragraph")
                yield SourceView(id="source")
            with Vertical(id="side"):
                yield AnnotationPanel(id="annotations")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        # A key waits a moment for the write lock, then its write is queued (see _write).
        self._set_busy_timeout(UI_BUSY_TIMEOUT_MS)
        self.view.label_colors = {label.name: label.color for label in self.store.tagset.labels}
        self.query_one(Outline).display = False
        self.load_article(self.article_id, self.index)
        self.view.focus()

    @property
    def view(self) -> ParagraphView:
        """The paragraph widget."""
        return self.query_one(ParagraphView)

    @property
    def readonly(self) -> bool:
        """True while viewing another annotator's layer."""
        return self.shown_annotator != self.store.annotator

    # -- loading and drawing -------------------------------------------------------------

    def load_article(self, article_id: str, paragraph: int = 0) -> None:
        """Show an article (its paragraphs are loaded; other articles stay on disk)."""
        self.article_id = article_id
        self.article = self.store.article(article_id)
        self.paragraphs = self.store.paragraphs(article_id)
        self._position = f"{self.store.article_index(article_id) + 1}/{self.store.article_count()}"
        self.goto(min(max(paragraph, 0), len(self.paragraphs) - 1), keep=False)

    def goto(self, index: int, *, keep: bool = False) -> None:
        """Show paragraph `index`; with `keep`, the cursor stays (same paragraph redrawn)."""
        self._advanced_from = None
        self.index = index
        self.reload(keep=keep)
        try:
            self.store.save_position(self.article_id, index)
        except CuratorError as exc:  # navigation goes on; only resuming here is lost
            if not is_busy(exc):  # busy: the next move saves it; no toast per paragraph
                self.notify(str(exc), title="Position not saved", severity="warning")

    def _span_order(self, s: SpanBase) -> tuple[int, int, bool, int, str]:
        """Reading order; one extent's spans by layer (own first) and tag-set order, so the
        panel never depends on random ids."""
        names = self.store.tagset.label_names
        rank = names.index(s.label) if s.label in names else len(names)
        return (s.start, -s.end, s.annotator == SUGGEST_LAYER, rank, s.id)

    def reload(self, *, keep: bool = True) -> None:
        """Re-read this article's annotations and redraw everything."""
        self._article_spans = self.store.spans(
            self.article_id, annotator=self.shown_annotator, statuses=("active", "pending")
        )
        self._relations = self.store.relations(self.article_id, annotator=self.shown_annotator)
        if self.shown_annotator != SUGGEST_LAYER:  # pending suggestions show dimmed
            self._article_spans += pending_suggestions(self.store, self.article_id)
            self._relations += self.store.relations(self.article_id, annotator=SUGGEST_LAYER)
        self._speakers = self.store.speakers(self.article_id)
        self.spans = sorted(
            (s for s in self._article_spans if s.paragraph == self.index),
            key=self._span_order,
        )
        para = self.paragraphs[self.index]
        # Nearest first; the view shows as many as fit its height.
        prev = [
            p.text for p in reversed(self.paragraphs[max(0, self.index - NEIGHBOURS) : self.index])
        ]
        nxt = [p.text for p in self.paragraphs[self.index + 1 : self.index + 1 + NEIGHBOURS]]
        statuses = self.store.statuses(self.article_id, annotator=self.shown_annotator)
        status = statuses.get(self.index)
        mark = STATUS_TEXT[status.status if status else "todo"]
        heading = f"¶ {self.index + 1} of {len(self.paragraphs)} · {para.kind} · {mark}"
        self.view.show(para.text, self.spans, prev, nxt, heading, keep)
        if self.view.focused_span not in {s.id for s in self.spans}:
            self.view.focused_span = None
        done = sum(1 for s in statuses.values() if s.status != "todo")
        self.query_one(TitleBar).set_info(
            self.article.title,
            self._position,
            f"{done}/{len(self.paragraphs)} paragraphs done",
            self.shown_annotator,
        )
        outline = self.query_one(Outline)
        if outline.display:
            counts: dict[int, int] = {}
            for s in self._article_spans:
                counts[s.paragraph] = counts.get(s.paragraph, 0) + 1
            outline.show(self.paragraphs, statuses, counts, self.index)
        self._load_source()
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        """Redraw the side panel from what `reload` read (no queries: runs on every key)."""
        here = {s.id for s in self.spans}
        relations = [r for r in self._relations if r.head in here]
        tails = {r.tail for r in relations}
        names = {s.id: self._describe(s) for s in self._article_spans if s.id in tails}
        current = self.current_span()
        self.query_one(AnnotationPanel).show(
            self.spans,
            relations,
            names,
            self._speakers,
            self.store.tagset,
            current.id if current else None,
            self.shown_annotator if self.readonly else None,
        )
        self.query_one(StatusLine).set_content(self._status(current))
        self.view.refresh_marks()
        self._point_source()

    def _status(self, current: SpanBase | None) -> Content:
        """The selection and the annotation under the cursor, in full (the panel cuts them)."""
        parts: list[Any] = []
        selection = self.view.cursor.selection
        if selection:
            start, end = selection
            parts += [
                (f"selected {end - start} chars: ", "bold"),
                literal(self.view.cursor.text[start:end]),
            ]
        if current is not None:
            if parts:
                parts.append("\n")
            attrs = describe_attrs(current)
            parts += [
                (current.label, "bold"),
                (" (suggested)" if current.status == "pending" else "", "dim"),
                " ",
                literal(f"“{current.text}”"),
                literal(f"  {attrs}" if attrs else "").stylize("dim"),
            ]
        return Content.assemble(*parts) if parts else Content.styled("", "dim")

    @staticmethod
    def _describe(span: SpanBase) -> str:
        name = span.attrs_dict().get("name") or span.attrs_dict().get("value")
        extra = f" = {name}" if name else ""
        return f"{span.label} “{short(span.text, 30)}”{extra} (¶{span.paragraph + 1})"

    def current_span(self) -> SpanBase | None:
        """The annotation tab is on, else the innermost one under the cursor."""
        by_id = {s.id: s for s in self.spans}
        if self.view.focused_span in by_id:
            return by_id[self.view.focused_span]
        pos = self.view.cursor.pos
        under = [s for s in self.spans if s.start <= pos < s.end and s.status == "active"]
        return min(under, key=lambda s: s.end - s.start) if under else None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Messages quote article text and names, so they are never parsed as markup, and
        their control characters (ESC...) are made visible, never sent to the terminal."""
        super().notify(
            clean(message), title=clean(title), severity=severity, timeout=timeout, markup=markup
        )

    def _write(self, fn: Any, *args: Any, **kwargs: Any) -> Written:
        """Run a store write; show why it was refused or failed instead of pretending it saved.

        While another process holds the database, the write is queued (behind any already
        waiting, so changes land in the order they were made) and retried off a timer.
        """
        if self.readonly:
            self.notify(
                f"Read-only: you are viewing {self.shown_annotator}'s layer", severity="warning"
            )
            return Written("refused")
        if len(self._queue):
            self._queue.add(fn, args, kwargs)
            return Written("queued")
        try:
            return Written("done", fn(*args, **kwargs))
        except CuratorError as exc:
            if is_busy(exc):
                self._queue.add(fn, args, kwargs)
                self._retry = self.set_interval(0.5, self._flush_queue)
                self.notify(
                    "Database busy (another import or suggestion run is writing): "
                    "your change is kept and will be saved as soon as it is free",
                    title="Saving…",
                    severity="warning",
                    timeout=5,
                )
                return Written("queued")
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return Written("failed")

    def _flush_queue(self) -> None:
        landed, errors = self._queue.flush()
        for error in errors:
            self.notify(error, title="Not saved", severity="error", timeout=8)
        if len(self._queue):
            return
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
        self.paragraphs = self.store.paragraphs(self.article_id)
        self.reload()
        if landed:
            self.notify(f"Saved {landed} change{'s' if landed != 1 else ''} made while busy")

    def save_queued(self) -> int:
        """Quitting with writes still queued: wait for the lock (long) rather than lose them.

        Returns how many could still not be saved."""
        if not len(self._queue):
            return 0
        self._set_busy_timeout(QUIT_BUSY_TIMEOUT_MS)
        _, errors = self._queue.flush()
        return len(self._queue) + len(errors)

    def _set_busy_timeout(self, ms: int) -> None:
        self.store.set_busy_timeout(ms)

    # -- navigation ----------------------------------------------------------------------

    def action_paragraph(self, step: int) -> None:
        target = self.index + step
        if 0 <= target < len(self.paragraphs):
            self.goto(target)
        else:
            self.notify(
                "Last paragraph: ] opens the next article" if step > 0 else "First paragraph"
            )

    def action_next_todo(self) -> None:
        statuses = self.store.statuses(self.article_id, annotator=self.shown_annotator)
        count = len(self.paragraphs)
        for step in range(1, count + 1):
            candidate = (self.index + step) % count
            status = statuses.get(candidate)
            if status is None or status.status == "todo":
                self.goto(candidate)
                return
        self.notify("Every paragraph of this article is done or skipped")

    def action_article(self, step: int) -> None:
        other = self.store.neighbour_article(self.article_id, step)
        if other is None:
            self.notify("No more articles" if step > 0 else "This is the first article")
        else:
            self.load_article(other)

    def action_word(self, step: int) -> None:
        self.view.focused_span = None
        self.view.cursor.move(step)
        self._cursor_moved()

    def action_extend(self, step: int) -> None:
        self.view.cursor.extend(step)
        self._cursor_moved()

    def action_home(self, select: bool) -> None:
        self.view.cursor.home(select)
        self._cursor_moved()

    def action_end(self, select: bool) -> None:
        self.view.cursor.end(select)
        self._cursor_moved()

    def action_sentence(self) -> None:
        self.view.cursor.select_sentence()
        self._cursor_moved()

    def action_sentence_move(self, step: int) -> None:
        self.view.focused_span = None
        self.view.cursor.move_sentence(step)
        self._cursor_moved()

    def action_clear(self) -> None:
        self.view.cursor.clear()
        self.view.focused_span = None
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self.view.refresh_cursor()
        self._refresh_panel()

    @on(ParagraphView.SelectionChanged)
    def _mouse_selection(self) -> None:
        self.view.focused_span = None
        self._refresh_panel()

    def action_annotation(self, step: int) -> None:
        if not self.spans:
            self.notify("No annotations in this paragraph")
            return
        ids = [s.id for s in self.spans]
        current = self.view.focused_span
        i = ids.index(current) + step if current in ids else (0 if step > 0 else len(ids) - 1)
        span = self.spans[i % len(ids)]
        self.view.focused_span = span.id
        self.view.cursor.place(span.start)
        self._cursor_moved()

    # -- annotating ----------------------------------------------------------------------

    def action_tag(self, number: int) -> None:
        labels = self.store.tagset.labels
        if number > len(labels):
            self.notify(f"The tag set has no label {number}", severity="warning")
            return
        self.tag_with(labels[number - 1].name)

    def action_tag_picker(self) -> None:
        """Every label of the tag set, filtered as one types (labels past 9 have no key)."""
        target = self.view.cursor.target()
        options = []
        for i, label in enumerate(self.store.tagset.labels, 1):
            key = f"{i}" if i <= 9 else " "
            options.append(
                (
                    label.name,
                    Content.assemble(
                        (f"{key}  ", "dim"),
                        literal(label.name).stylize(f"bold {label.color}"),
                        "  ",
                        literal(label.description).stylize("dim"),
                    ),
                )
            )

        def picked(name: str | None) -> None:
            if name:
                self.tag_with(name, target)

        text = self.view.cursor.text[slice(*target)]
        self.app.push_screen(Picker(f"Tag “{short(text, 50)}” with…", options), picked)

    def tag_with(self, label: str, target: tuple[int, int] | None = None) -> None:
        """Tag the selection (or the word under the cursor, or `target`) with `label`."""
        start, end = target or self.view.cursor.target()
        written = self._write(self.store.add_span, self.article_id, self.index, start, end, label)
        if written.done:
            span = written.value
            # Only the new span changed: add it in place instead of re-reading the article, and
            # repaint only its lines (it is focused, so it is among the view's marks).
            self._article_spans.append(span)
            self.spans = sorted([*self.spans, span], key=self._span_order)
            self.view.spans = self.spans
            self.view.cursor.clear()
            self.view.focused_span = span.id
            # No toast: the span shows at once, tinted and focused (▶ in the panel), and a
            # toast over the line-rendered views cost as much as the rest of the key.
            if self.query_one(Outline).display:
                self.reload()
            else:
                self._refresh_panel()

    def action_edit(self) -> None:
        span = self.current_span()
        if span is None:
            self.notify("No annotation under the cursor (tab goes to the next one)")
            return
        if self.readonly:
            self.notify(
                f"Read-only: you are viewing {self.shown_annotator}'s layer", severity="warning"
            )
            return
        names = [n for n, _ in self.store.speakers()]

        def saved(attrs: dict[str, Any] | None) -> None:
            attrs = keep_source(span, attrs)  # the form has no field for attrs.source
            if attrs is not None and self._write(self.store.update_span, span.id, attrs=attrs).done:
                self.reload()

        self.app.push_screen(
            AttributeForm(
                self.store.tagset,
                span.label,
                span.attrs_dict(),
                span.text,
                dct=self.article.dct,
                names=names,
            ),
            saved,
        )

    def action_extent(self, edge: str, unit: str, step: int) -> None:
        """Grow or shrink the current annotation at one edge (one undoable change)."""
        span = self.current_span()
        if span is None or span.annotator != self.shown_annotator:
            self.notify("No annotation of yours under the cursor (tab goes to the next one)")
            return
        start, end = span.start, span.end
        new = new_extent(
            self.view.cursor.text, self.view.cursor.words, start, end, edge, unit, step
        )
        if new is None:
            self.notify("The annotation cannot grow or shrink further that way", timeout=2)
            return
        if self._write(self.store.update_span, span.id, start=new[0], end=new[1]).done:
            self.view.focused_span = span.id
            self.reload()

    def action_delete(self) -> None:
        span = self.current_span()
        if span is None:
            self.notify("No annotation under the cursor")
            return
        if not self._write(self.store.delete_span, span.id).done:
            return
        self.view.focused_span = None
        self.reload()
        self.notify(f"Deleted {span.label} (u undoes)", timeout=2)

    def action_link(self) -> None:
        head = self.current_span()
        if head is None:
            self.notify("Put the cursor on a claim first (tab moves between annotations)")
            return
        rel_types = [
            r for r in self.store.tagset.relations if "*" in r.head or head.label in r.head
        ]
        if not rel_types:
            self.notify(f"A {head.label} cannot be linked (the tag set has no relation from it)")
            return
        linked = {
            (r.type, r.tail): r.id
            for r in self.store.relations(self.article_id, annotator=self.shown_annotator)
            if r.head == head.id
        }
        options = []
        for rel in rel_types:
            for tail in self._article_spans:
                if (
                    tail.id == head.id
                    or tail.status != "active"
                    or not rel.allows(head.label, tail.label)
                ):
                    continue
                mark = "✓ " if (rel.name, tail.id) in linked else "  "
                prompt = Content.assemble(
                    (mark, "bold green"), (f"{rel.name} → ", "dim"), literal(self._describe(tail))
                )
                options.append((f"{rel.name}\x00{tail.id}", prompt))
        if not options:
            self.notify("No speaker or date tagged in this article yet to link to")
            return

        def picked(choice: str | None) -> None:
            if choice is None:
                return
            rel_type, tail_id = choice.split("\x00")
            if (rel_type, tail_id) in linked:
                written = self._write(self.store.delete_relation, linked[(rel_type, tail_id)])
                if written.done:
                    self.notify("Link removed (u undoes)", timeout=2)
            else:
                written = self._write(self.store.add_relation, rel_type, head.id, tail_id)
            if written.done:
                self.reload()

        self.app.push_screen(
            Picker(
                f"Link {head.label} “{short(head.text, 40)}” to… (✓ = linked; choose to unlink)",
                options,
            ),
            picked,
        )

    # -- paragraphs ----------------------------------------------------------------------

    def action_toggle_done(self) -> None:
        statuses = self.store.statuses(self.article_id, annotator=self.shown_annotator)
        current = statuses.get(self.index)
        done = current is not None and current.status == "done"
        if self._write(
            self.store.set_paragraph_status, self.article_id, self.index, "todo" if done else "done"
        ).done:
            if not done and self.index + 1 < len(self.paragraphs):
                self.goto(self.index + 1)
                self._advanced_from = self.index - 1
            else:
                self.reload()

    def action_skip(self) -> None:
        if self._write(
            self.store.set_paragraph_status, self.article_id, self.index, "skipped"
        ).done:
            self.reload()
            self.notify(f"Skipped ¶ {self.index + 1} (u undoes)", timeout=2)

    def action_kind(self) -> None:
        current = self.paragraphs[self.index].kind

        def picked(kind: str | None) -> None:
            if (
                kind
                and self._write(
                    self.store.set_paragraph_kind, self.article_id, self.index, kind
                ).done
            ):
                self.paragraphs = self.store.paragraphs(self.article_id)
                self.reload()

        options = [(k, ("● " if k == current else "  ") + k) for k in PARAGRAPH_KINDS]
        self.app.push_screen(Picker("Paragraph kind", options, filterable=False), picked)

    def action_toggle_outline(self) -> None:
        outline = self.query_one(Outline)
        outline.display = not outline.display
        self.reload()
        if outline.display:
            outline.focus()
        else:
            self.view.focus()

    @on(OptionList.OptionSelected, "#outline")
    def _outline_pick(self, event: OptionList.OptionSelected) -> None:
        self.goto(int(event.option.id or 0))
        self.view.focus()

    # -- undo, search, help --------------------------------------------------------------

    def action_undo(self) -> None:
        if not self.readonly and not len(self._queue):
            ahead = self.store.next_undo()
            if ahead is not None and self._elsewhere(ahead) and self._undo_armed != ahead.change_id:
                # An undo out of sight is easy to miss: say where, and let u again do it.
                self._undo_armed = ahead.change_id
                self.notify(
                    f"u would undo “{ahead.summary}” in {self._where(ahead)}: press u again "
                    "to undo it (and go there)",
                    title="Undo elsewhere",
                    severity="warning",
                    timeout=6,
                )
                return
        self._undo_armed = None
        self._replay(self.store.undo, "Undone", "Nothing to undo")

    def _elsewhere(self, info: Any) -> bool:
        if info.article_id is not None and info.article_id != self.article_id:
            return True
        if info.paragraph == self._advanced_from:  # m moved on by itself: u takes it back
            return False
        return info.paragraph is not None and info.paragraph != self.index

    def _where(self, info: Any) -> str:
        place = f"¶ {info.paragraph + 1}" if info.paragraph is not None else "this article"
        if info.article_id is not None and info.article_id != self.article_id:
            place += f" of article {info.article_id}"
        return place

    def action_redo(self) -> None:
        self._replay(self.store.redo, "Redone", "Nothing to redo")

    def _replay(self, fn: Any, done: str, nothing: str) -> None:
        written = self._write(fn)
        if not written.done:  # a queued undo shows once it lands
            return
        info = written.value
        if info is None:
            self.notify(nothing, timeout=2)
            return
        if (
            info.article_id
            and info.article_id != self.article_id
            and self.store.has_article(info.article_id)
        ):
            self.load_article(info.article_id, info.paragraph or 0)
        else:
            self._sync_kinds()
            if info.paragraph is not None and info.paragraph != self.index:
                self.goto(info.paragraph)
            else:
                self.reload()
        self.notify(f"{done}: {info.summary}", timeout=2)

    def _sync_kinds(self) -> None:
        """Take the paragraphs' kinds from the store (an undo or redo may have changed one);
        texts never change after import, so 1,000 paragraphs are not read again (issue 15)."""
        kinds = self.store.paragraph_kinds(self.article_id)
        self.paragraphs = [
            p
            if kinds.get(p.index, p.kind) == p.kind
            else p.model_copy(update={"kind": kinds[p.index]})
            for p in self.paragraphs
        ]

    def action_search(self) -> None:
        def picked(choice: str | None) -> None:
            if choice:
                article_id, paragraph, word = choice.split("\x00")
                self.jump(article_id, int(paragraph))
                at = self.view.cursor.text.casefold().find(word.casefold()) if word else -1
                if at >= 0:  # on the hit, not at the paragraph start
                    self.view.cursor.place(at)
                    self._cursor_moved()

        self.app.push_screen(SearchScreen(self.store.search), picked)

    def jump(self, article_id: str, paragraph: int = 0) -> None:
        """Go to a paragraph of any article."""
        if article_id != self.article_id:
            self.load_article(article_id, paragraph)
        else:
            self.goto(paragraph)

    def set_layer(self, annotator: str) -> None:
        """Show another annotator's layer read-only (or one's own again)."""
        self.shown_annotator = annotator
        self.reload(keep=True)
        self.notify(
            "Back to your own layer"
            if not self.readonly
            else f"Viewing {annotator}'s layer (read-only)"
        )

    def action_help(self) -> None:
        labels = self.store.tagset.labels

        def describe(binding: Binding) -> str | None:
            if not binding.action.startswith("tag("):
                return binding.description
            number = int(binding.action[4:-1])  # keys past the tag set's labels tag nothing
            return f"Tag with {labels[number - 1].name}" if number <= len(labels) else None

        palette = ("ctrl+p", "Command palette: go to article/paragraph, switch layer", "(app)")
        self.app.push_screen(HelpScreen.of(self.app, self.BINDINGS, describe, [palette]))

    def action_quit(self) -> None:
        self.app.exit()

    # -- suggestions: a accepts, r rejects, A accepts the paragraph's (issue 6) ------------

    def current_suggestion(self) -> SpanBase | None:
        """The pending suggestion tab is on, else the innermost one under the cursor."""
        pending = {
            s.id: s for s in self.spans if s.annotator == SUGGEST_LAYER and s.status == "pending"
        }
        if self.view.focused_span in pending:
            return pending[self.view.focused_span]
        pos = self.view.cursor.pos
        under = [s for s in pending.values() if s.start <= pos < s.end]
        # Innermost first; on one extent (a speaker and a spelling error on one name), the
        # label that comes first in the tag set; `a` again takes the next.
        order = {label.name: i for i, label in enumerate(self.store.tagset.labels)}
        return (
            min(under, key=lambda s: (s.end - s.start, order.get(s.label, 99))) if under else None
        )

    def _decide(self, accept: bool) -> None:
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.notify("No suggestion under the cursor (tab moves between annotations)")
            return
        written = self._write(
            accept_suggestion if accept else reject_suggestion, self.store, suggestion.id
        )
        if not written.done:
            return
        done = written.value
        self.view.focused_span = done.id if accept else None
        self.reload()
        verb = "Accepted" if accept else "Rejected"
        self.notify(
            f"{verb} {suggestion.label} “{short(suggestion.text, 40)}” (u undoes)", timeout=2
        )

    def action_accept_suggestion(self) -> None:
        self._decide(accept=True)

    def action_reject_suggestion(self) -> None:
        self._decide(accept=False)

    def action_accept_all(self) -> None:
        written = self._write(accept_all, self.store, self.article_id, self.index)
        if not written.done:
            return
        accepted = written.value
        if not accepted:
            self.notify("No suggestions in this paragraph")
            return
        self.view.focused_span = None
        self.reload()
        self.notify(f"Accepted {len(accepted)} suggestions (u undoes)", timeout=2)
