"""The current paragraph, large, with its spans in label colours, between dimmed neighbours.

A line-API widget: only visible lines are rendered, so a key costs the same for a 40-word
paragraph and a 10 MB one (DESIGN §7: one widget per article was 88 ms per key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from curator.domain.span import SpanBase
from curator.tui.cursor import TextCursor
from curator.tui.palette import LabelLook, label_looks
from curator.tui.text import clean, column_to_offset, wrap_offsets

CONTEXT_LINES = 3


@dataclass(slots=True)
class _Line:
    part: str  # prev | head | cur | next | blank
    start: int = 0
    end: int = 0
    source: int = 0  # which neighbour (0 = the nearest) a prev/next line is from


class ParagraphView(ScrollView, can_focus=True, inherit_bindings=False):
    """Renders one paragraph with cursor, selection and spans; maps the mouse back to text.

    Only up/down scroll: a scroll view's own left/right/home/end/page keys would win over
    the screen's word and paragraph keys whenever the neighbours make the view scrollable.
    """

    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
    ]

    DEFAULT_CSS = """
    ParagraphView { height: 1fr; padding: 0 1; overflow-x: hidden; }
    """

    class SelectionChanged(Message):
        """The mouse changed the selection or cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = TextCursor("")
        """Cursor and selection over the current paragraph."""
        self.spans: list[SpanBase] = []
        """Spans shown on the current paragraph (this layer and pending suggestions)."""
        self.focused_span: str | None = None
        """Id of the annotation tab/shift+tab is on."""
        self.label_colors: dict[str, str] = {}
        """Label -> #rrggbb."""
        self.heading = ""
        """The rule above the paragraph (index, kind, status)."""
        self._prev: list[str] = []
        self._next: list[str] = []
        self._lines: list[_Line] = []
        self._width = 0
        self._drag_from: int | None = None
        self._style: tuple[Style, Color] | None = None  # (rich_style, background) while painting
        self._painted: list[tuple[int, int]] = []  # _marks() as last painted
        self._wrapped: tuple[str, int, list[tuple[int, int]]] = ("", 0, [])
        self.color_system: str | None = None
        """The terminal's colour system ("truecolor", "256", "standard"); None: the app's."""
        self._looks: tuple[object, dict[str, LabelLook]] = (None, {})

    def show(
        self,
        text: str,
        spans: list[SpanBase],
        prev: str | Sequence[str],
        nxt: str | Sequence[str],
        heading: str,
        keep: bool,
    ) -> None:
        """Show a paragraph between its neighbours (nearest first; as many as fit are shown);
        with `keep`, the cursor stays where it was (same paragraph)."""
        if not keep or text != self.cursor.text:
            self.cursor = TextCursor(text)
            self.focused_span = None
            self.scroll_to(0, 0, animate=False)
        self.spans, self.heading = spans, heading
        self._prev = [prev] if isinstance(prev, str) else list(prev)
        self._next = [nxt] if isinstance(nxt, str) else list(nxt)
        self._prev = [p for p in self._prev if p]
        self._next = [n for n in self._next if n]
        self._layout()

    def refresh_cursor(self) -> None:
        """Repaint after a cursor move and keep the cursor line in view."""
        self.refresh_marks()
        for y, line in enumerate(self._lines):
            if line.part == "cur" and line.start <= self.cursor.pos <= line.end:
                self.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True)
                break

    def refresh_marks(self) -> None:
        """Repaint only the lines where the cursor, selection or focused annotation was or is.

        A word move changes one or two lines; repainting all of them cost more than the rest
        of the key (bench/tui_bench.py). Anything else that changes (text, spans, size, focus,
        scroll) repaints the whole view.
        """
        marks = self._painted + self._marks()
        for y, line in enumerate(self._lines):
            if line.part == "cur" and any(a < line.end and b > line.start for a, b in marks):
                self.refresh_line(y)

    def _marks(self) -> list[tuple[int, int]]:
        """Character ranges drawn with the cursor, the selection or the focused annotation."""
        pos = self.cursor.pos
        marks = [(pos, pos + 1)]
        if selection := self.cursor.selection:
            marks.append(selection)
        marks += [(s.start, s.end) for s in self.spans if s.id == self.focused_span]
        return marks

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def _layout(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        self._width = width
        current = [_Line("cur", s, e) for s, e in self._wrap_current(width)]
        # The neighbours fill the height the paragraph leaves (at least CONTEXT_LINES each
        # side), a little more of what comes next than of what came before.
        spare = max(self.scrollable_content_region.height - len(current) - 1, 2 * CONTEXT_LINES)
        before_budget = max(CONTEXT_LINES, spare * 2 // 5)
        before: list[_Line] = []
        for i, text in enumerate(self._prev):
            room = before_budget - len(before) - 1
            if room <= 0:
                break
            wrapped = wrap_offsets(text, width)[-room:]
            before = [*(_Line("prev", s, e, i) for s, e in wrapped), _Line("blank"), *before]
        after: list[_Line] = []
        after_budget = max(CONTEXT_LINES, spare - len(before))
        for i, text in enumerate(self._next):
            room = after_budget - len(after) - 1
            if room <= 0:
                break
            after += [
                _Line("blank"),
                *(_Line("next", s, e, i) for s, e in wrap_offsets(text, width)[:room]),
            ]
        self._lines = [*before, _Line("head"), *current, *after]
        lines = self._lines
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def _wrap_current(self, width: int) -> list[tuple[int, int]]:
        # Re-wrapping is O(paragraph); a tag or attribute edit redraws the same text.
        text, cached_width, lines = self._wrapped
        if text is not self.cursor.text or cached_width != width:
            lines = wrap_offsets(self.cursor.text, width)
            self._wrapped = (self.cursor.text, width, lines)
        return lines

    # -- rendering -----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # rich_style and background_colors walk every ancestor (~50 µs); look them up once
        # per repaint instead of once per line (36 lines at 120x40).
        self._style = (self.rich_style, self.background_colors[1])
        self._painted = self._marks()
        try:
            return super().render_lines(crop)
        finally:
            self._style = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        base = self.rich_style if self._style is None else self._style[0]
        if index >= len(self._lines):
            return Strip.blank(self.size.width, base)
        line = self._lines[index]
        if line.part == "blank":
            strip = Strip.blank(self._width, base)
        elif line.part == "head":
            rule = f"── {self.heading} "
            strip = Strip(
                [Segment(rule + "─" * max(0, self._width - len(rule)), base + Style(dim=True))]
            )
        elif line.part in ("prev", "next"):
            source = (self._prev if line.part == "prev" else self._next)[line.source]
            strip = Strip(
                [Segment(clean(source[line.start : line.end]), base + Style(dim=True, italic=True))]
            )
        else:
            strip = Strip(self._segments(line.start, line.end, base))
        return strip.crop(scroll_x, scroll_x + self.size.width).extend_cell_length(
            self.size.width, base
        )

    def _segments(self, start: int, end: int, base: Style) -> list[Segment]:
        text = self.cursor.text
        bg = self.background_colors[1] if self._style is None else self._style[1]
        covering = [s for s in self.spans if s.start < end and s.end > start]
        # Longer spans first so nested ones paint over them: a speaker shows inside its claim.
        covering.sort(key=lambda s: (-(s.end - s.start), s.start))
        sel = self.cursor.selection
        cuts = {start, end}
        for s in covering:
            cuts.update((max(s.start, start), min(s.end, end)))
        if sel:
            cuts.update((min(max(sel[0], start), end), min(max(sel[1], start), end)))
        pos = self.cursor.pos
        if start <= pos < end:
            cuts.update((pos, pos + 1))
        bounds = sorted(cuts)
        segments = []
        for a, b in pairwise(bounds):
            if a >= b:
                continue
            style = base
            for s in covering:
                if s.start <= a and s.end >= b:
                    style = style + self._span_style(s, bg)
            if sel and sel[0] <= a and b <= sel[1]:
                style = style + Style(reverse=True)
            if a == pos and self.has_focus:
                style = style + Style(
                    underline=True, bold=True, reverse=not (sel and sel[0] <= a < sel[1])
                )
            segments.append(Segment(clean(text[a:b]), style))
        return segments

    def _span_style(self, span: SpanBase, bg: Color) -> Style:
        color = Color.parse(self.label_colors.get(span.label, "#888888"))
        if span.status == "pending":
            return Style(color=color.rich_color, underline=True, dim=True)
        system = self.color_system or self.app.console.color_system
        if self._looks[0] != (bg, system, self.label_colors):
            self._looks = (
                (bg, system, dict(self.label_colors)),
                label_looks(self.label_colors, bg, system),
            )
        look = self._looks[1].get(span.label)
        if look is None:  # a label the tag set no longer has
            return Style(bgcolor=bg.blend(color, 0.28).rich_color)
        return look.focused if span.id == self.focused_span else look.normal

    # -- mouse ---------------------------------------------------------------------------

    def _offset_at(self, x: int, y: int) -> int | None:
        index = y + self.scroll_offset.y
        if not 0 <= index < len(self._lines) or self._lines[index].part != "cur":
            return None
        line = self._lines[index]
        return column_to_offset(self.cursor.text, line.start, line.end, x + self.scroll_offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event.x - self.gutter.left, event.y - self.gutter.top)
        if offset is not None:
            self._drag_from = offset
            self.cursor.place(offset)
            self.capture_mouse()
            self.refresh()
            self.post_message(self.SelectionChanged())

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        offset = self._offset_at(event.x - self.gutter.left, event.y - self.gutter.top)
        if offset is not None and offset != self._drag_from:
            self.cursor.select_range(self._drag_from, offset + 1)
            self.refresh()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()
            self.post_message(self.SelectionChanged())
