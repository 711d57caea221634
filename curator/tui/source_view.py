"""The bilingual view: the source segment aligned with the current paragraph, and the keys
that correct the alignment or mark an error's source words (issue 13).

`TextColumn` holds the paragraph view and the `SourceView`: side by side on a wide terminal
(≥ `WIDE` columns), the source below the paragraph on a narrow one. The source shows the
source paragraphs of the bead holding the current paragraph, dimmed, with the sentence
aligned to the one under the cursor in bold. An article without a source text shows nothing
and the paragraph keeps the whole column.

`BilingualActions` is mixed into the annotation screen: it owns the actions of the keys
bound in `AnnotateScreen.BINDINGS` (ctrl+o, J, B, w) and the two calls the screen makes
when it redraws (`_load_source` on a paragraph change or write, `_point_source` on a cursor
move).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from textual import events
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from curator.bilingual.align import SentenceLink, align_sentences
from curator.bilingual.edits import bead_of, join_next, split_at
from curator.domain.errors import CuratorError
from curator.domain.source import AlignmentBead
from curator.store.sources import alignment, set_alignment, source_paragraphs
from curator.tui.text import clean

if TYPE_CHECKING:
    from curator.domain.span import SpanBase
    from curator.store.store import Store

WIDE = 140
"""Terminal width from which the source stands beside the paragraph instead of below it."""

PARAGRAPH_GAP = "\n\n"
"""What joins the paragraphs of one bead into the passage the sentences are aligned in."""


class TextColumn(Vertical):
    """The paragraph and its source: a row when the terminal is wide, a column when not."""

    DEFAULT_CSS = """
    TextColumn { width: 1fr; height: 1fr; }
    TextColumn.beside { layout: horizontal; }
    TextColumn.beside SourceView {
        width: 1fr;
        height: 1fr;
        max-height: 100%;
        padding: 1 2;
        border-top: none;
        border-left: solid $primary-darken-2;
    }
    """

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "beside")

    def on_resize(self, event: events.Resize) -> None:
        beside = self.app.size.width >= WIDE
        if beside != self.has_class("beside"):
            self.set_class(beside, "beside")
            self.query_one(SourceView).redraw()


class SourceView(Static):
    """The aligned source segment of the current paragraph, read-only."""

    DEFAULT_CSS = """
    SourceView {
        height: auto;
        max-height: 45%;
        padding: 0 2 1 2;
        border-top: hkey $primary-darken-2;
        color: $text-muted;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.wanted = True
        """Whether the editor wants the source shown (ctrl+o toggles)."""
        self.lang = ""
        """The source language (BCP-47), for the title."""
        self.paragraphs: list[str] = []
        """The article's source paragraphs (empty: no source text)."""
        self.beads: list[AlignmentBead] = []
        """The article's alignment."""
        self.bead: AlignmentBead | None = None
        """The bead holding the current paragraph."""
        self.target_offset = 0
        """Where the current paragraph starts in the bead's joined target passage."""
        self.highlight: tuple[int, int] | None = None
        """Source extent (in the joined source passage) drawn as the aligned sentence."""
        self.lead: Callable[[], int] = lambda: 0
        """Lines above the paragraph's heading in the paragraph view: beside it, the source
        starts that far down, so its title stands level with the heading."""
        self._passages = ("", "")
        self._links: list[SentenceLink] = []
        self._under: list[tuple[int, int]] = []
        self._shown: Content | None = None

    @property
    def source_text(self) -> str:
        """The bead's source paragraphs joined as one passage."""
        return self._passages[0]

    def load(
        self,
        store: Store,
        article_id: str,
        lang: str | None,
        index: int,
        targets: list[str],
    ) -> None:
        """Read the article's source and alignment and follow target paragraph `index`."""
        self.paragraphs = source_paragraphs(store, article_id)
        self.beads = alignment(store, article_id) if self.paragraphs else []
        self.lang = lang or "?"
        k = bead_of(self.beads, index)
        self.bead = self.beads[k] if k is not None else None
        self.display = self.wanted and bool(self.paragraphs)
        if self.bead is None:
            self._passages, self._links, self.target_offset = ("", ""), [], 0
            return
        source = PARAGRAPH_GAP.join(self.paragraphs[i] for i in self.bead.source)
        target = PARAGRAPH_GAP.join(targets[i] for i in self.bead.target)
        if (source, target) != self._passages:  # the sentence aligner runs once per bead
            self._passages = (source, target)
            self._links = align_sentences(source, target) if source and target else []
        self.target_offset = sum(
            len(targets[i]) + len(PARAGRAPH_GAP) for i in range(self.bead.target_start, index)
        )

    def on_resize(self, event: events.Resize) -> None:
        # The paragraph view re-wraps on the same resize: redraw once it has.
        self.call_after_refresh(self.redraw)

    def link_at(self, pos: int) -> SentenceLink | None:
        """The sentence link whose target holds offset `pos` of the current paragraph."""
        offset = self.target_offset + pos
        for link in self._links:
            if link.target and link.target[0] <= offset < link.target[1]:
                return link
        # Past the last sentence's end (trailing space, end of paragraph): the last one before.
        before = [link for link in self._links if link.target and link.target[1] <= offset]
        return before[-1] if before else None

    def to_paragraph(self, start: int, end: int) -> tuple[int, int, int] | None:
        """(source paragraph, start, end) of an extent of the joined source passage."""
        if self.bead is None:
            return None
        at = 0
        for i in self.bead.source:
            length = len(self.paragraphs[i])
            if at <= start <= at + length:
                return i, start - at, min(end, at + length) - at
            at += length + len(PARAGRAPH_GAP)
        return None

    def from_paragraph(self, paragraph: int, start: int, end: int) -> tuple[int, int] | None:
        """The extent in the joined source passage of (paragraph, start, end), if in the bead."""
        if self.bead is None or paragraph not in self.bead.source:
            return None
        at = sum(
            len(self.paragraphs[i]) + len(PARAGRAPH_GAP)
            for i in range(self.bead.source_start, paragraph)
        )
        return at + start, at + end

    def point(self, pos: int, marks: list[tuple[int, int, int]] = ()) -> None:  # type: ignore[assignment]
        """Highlight the sentence aligned with offset `pos` and underline `marks` (source
        extents of the annotation under the cursor), then redraw if anything changed."""
        if not self.display:
            return
        link = self.link_at(pos)
        self.highlight = link.source if link else None
        self._under = [x for m in marks if (x := self.from_paragraph(*m))]
        self.redraw()

    def redraw(self) -> None:
        """Show the content for the current bead, highlight and layout (if it changed)."""
        content = self._source_content(self._under)
        if self._shown is None or not content.is_same(self._shown):
            self._shown = content
            self.update(content)

    def _source_content(self, under: list[tuple[int, int]]) -> Content:
        bead = self.bead
        lang = clean(self.lang)
        if bead is None:  # a paragraph every bead leaves out: a broken alignment
            return Content.styled(f"Source ({lang}): this paragraph is in no bead", "italic")
        head = f"Source ({lang}) {_numbers(bead.source_start, bead.source_end)}"
        parts: list[Content | tuple[str, str] | str] = []
        if self.parent is not None and self.parent.has_class("beside"):
            parts.append("\n" * self.lead())
        parts.append((head, "bold"))
        if len(bead.target) > 1:
            parts.append((f"  ↔ target {_numbers(bead.target_start, bead.target_end)}", "dim"))
        if bead.origin == "editor":
            parts.append(("  · corrected", "dim italic"))
        parts.append("\n")
        text = self.source_text
        if not text:
            parts.append(("(nothing: this paragraph was added in translation)", "italic"))
            return Content.assemble(*parts)
        cuts = {0, len(text)}
        ranges = [r for r in [self.highlight, *under] if r]
        for a, b in ranges:
            cuts.update((a, b))
        bounds = sorted(c for c in cuts if 0 <= c <= len(text))
        for a, b in pairwise(bounds):
            style = "dim"
            if self.highlight and self.highlight[0] <= a and b <= self.highlight[1]:
                style = "bold $text"
            if any(x <= a and b <= y for x, y in under):
                style += " underline"
            parts.append(Content.styled(clean(text[a:b]), style))
        return Content.assemble(*parts)


def _numbers(start: int, end: int) -> str:
    if end <= start:
        return "—"
    return f"¶{start + 1}" if end - start == 1 else f"¶{start + 1}–{end}"


class BilingualActions:
    """The annotation screen's bilingual keys (mixed into `AnnotateScreen`)."""

    store: Store
    article_id: str
    index: int
    article: Any
    paragraphs: list[Any]
    view: Any

    if TYPE_CHECKING:

        def query_one(self, selector: Any) -> Any: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...
        def reload(self, *, keep: bool = True) -> None: ...
        def current_span(self) -> SpanBase | None: ...
        def _write(self, fn: Any, *args: Any, **kwargs: Any) -> Any: ...
        @property
        def app(self) -> Any: ...

    @property
    def source_view(self) -> SourceView:
        """The source segment widget."""
        return self.query_one(SourceView)

    def _load_source(self) -> None:
        """Follow the current paragraph (called from `reload`)."""
        self.source_view.lead = self._heading_row
        self.source_view.load(
            self.store,
            self.article_id,
            self.article.source_lang,
            self.index,
            [p.text for p in self.paragraphs],
        )

    def _heading_row(self) -> int:
        """The paragraph view's line of the heading (after the previous paragraph's tail)."""
        lines = getattr(self.view, "_lines", ())
        return next((i for i, line in enumerate(lines) if getattr(line, "part", "") == "head"), 0)

    def _point_source(self) -> None:
        """Follow the cursor (called from `_refresh_panel`, on every key: no queries)."""
        view = self.source_view
        if not view.display:
            return
        span = self.current_span()
        extent = span.attrs_dict().get("source") if span is not None else None
        marks = [(extent["paragraph"], extent["start"], extent["end"])] if extent else []
        view.point(self.view.cursor.pos, marks)

    def action_toggle_source(self) -> None:
        view = self.source_view
        if not view.paragraphs:
            self.notify("This article has no source text (curator import-source attaches one)")
            return
        view.wanted = not view.wanted
        self.reload()
        self.notify("Source shown" if view.wanted else "Source hidden (ctrl+o shows it)", timeout=2)

    def _correct(self, edit: Any) -> None:
        view = self.source_view
        if not view.paragraphs:
            self.notify("This article has no source text: no alignment to correct")
            return
        try:
            beads, what = edit(view.beads, self.index)
        except CuratorError as exc:
            self.notify(str(exc), severity="warning")
            return
        if not self._write(_store_alignment, self.store, self.article_id, beads).done:
            return
        self.reload()
        self.notify(f"Alignment: {what} (u undoes)", timeout=4)

    def action_align_join(self) -> None:
        self._correct(join_next)

    def action_align_split(self) -> None:
        self._correct(split_at)

    def action_source_words(self) -> None:
        from curator.tui.source_words import SourceWordsDialog

        span = self.current_span()
        if span is None or span.label != "translation_error":
            self.notify("Put the cursor on a translation_error first (tab moves between them)")
            return
        view = self.source_view
        if not view.paragraphs:
            self.notify("This article has no source text: no source words to mark")
            return
        if view.bead is None or not view.bead.source:
            self.notify("This paragraph has no source segment (it was added in translation)")
            return
        if getattr(self, "readonly", False):
            self._write(lambda: None)  # says why: another annotator's layer is read-only
            return
        link = view.link_at(span.start)
        suggested = view.to_paragraph(*link.source) if link and link.source else None

        def picked(extent: dict[str, Any] | None) -> None:
            if extent is None:
                return
            attrs = span.attrs_dict()
            if extent:
                attrs["source"] = extent
            elif "source" not in attrs:
                return
            else:
                del attrs["source"]
            if self._write(self.store.update_span, span.id, attrs=attrs).done:
                self.reload()
                said = f"“{extent['text'][:40]}”" if extent else "none"
                self.notify(f"Source words of the error: {said} (u undoes)", timeout=3)

        self.app.push_screen(
            SourceWordsDialog(
                view.paragraphs,
                view.bead.source,
                span.text,
                span.attrs_dict().get("source"),
                suggested,
            ),
            picked,
        )


def _store_alignment(store: Store, article_id: str, beads: list[AlignmentBead]) -> bool:
    set_alignment(store, article_id, beads)
    return True


def keep_source(span: SpanBase, attrs: dict[str, Any] | None) -> dict[str, Any] | None:
    """The attribute form's result with the span's source words kept (the form has no field
    for them, so saving it would otherwise drop them)."""
    if attrs is not None and "source" in (old := span.attrs_dict()):
        attrs.setdefault("source", old["source"])
    return attrs
