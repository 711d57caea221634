"""Side panels: the title bar, the annotation list with speakers, the paragraph outline."""

from __future__ import annotations

from typing import Any, Self

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from curator.domain.article import Paragraph
from curator.domain.progress import ParagraphStatus
from curator.domain.relation import Relation
from curator.domain.span import SpanBase
from curator.domain.tagset import TagSet
from curator.tui.palette import CUES
from curator.tui.text import clean, literal, short

STATUS_MARK = {"done": "✓", "skipped": "–", "todo": " "}


def describe_attrs(span: SpanBase) -> str:
    """`name=value` pairs of the set attributes."""
    return " ".join(f"{k}={short(_shown(v), 40)}" for k, v in span.attrs_dict().items())


def _shown(value: object) -> str:
    # An error's source words ({paragraph, start, end, text}, issue 13) show as their text.
    if isinstance(value, dict) and "text" in value:
        return f"“{value['text']}” (source ¶{value.get('paragraph', 0) + 1})"
    return str(value)


class Box(Static):
    """A fixed-size text box rendered through the line API: updates skip identical content
    and the layout pass, and repaint only the lines that changed.

    A whole-widget refresh sends every line of the box through Textual's styles cache again
    (~0.25 ms a line: 8-9 ms for the 38-line annotation list on each tag, issue 12), and
    renders the content to lines twice; after a tag or a cursor move most lines read the
    same, so the box keeps its rendered lines and marks only the changed ones dirty.
    """

    _shown: Content | None = None
    _lines: tuple[Size, list[Strip]] | None = None
    """The rendered lines and the size they were rendered at; None after a full refresh."""

    def set_content(self, content: Content) -> None:
        """Show `content` unless it is already shown."""
        if self._shown is not None and content.is_same(self._shown):
            return
        self._shown = content
        size, old = self.size, self._lines
        if not self.is_mounted or old is None or old[0] != size:
            self.update(content, layout=False)  # a full refresh: lines rendered when painted
            return
        strips = self._render_strips(content, size)
        self._lines = (size, strips)
        changed = [
            Region(0, y, size.width, 1) for y in range(size.height) if strips[y] != old[1][y]
        ]
        # What Static.update sets, without its whole-widget refresh.
        self._Static__content = content  # type: ignore[attr-defined]
        self._Static__visual = content  # type: ignore[attr-defined]
        if changed:
            self.refresh(*changed)

    def _render_strips(self, content: Content, size: Size) -> list[Strip]:
        """The box's lines, padded with blank ones (as Widget.render_line pads them)."""
        style = self.visual_style
        strips = Visual.to_strips(self, content, size.width, size.height, style)
        blank = Strip.blank(size.width, style.rich_style)
        return [*strips, *([blank] * (size.height - len(strips)))]

    def refresh(self, *regions: Region, **kwargs: Any) -> Self:
        if not regions:  # styles, theme, size or content changed: render the lines anew
            self._lines = None
        return super().refresh(*regions, **kwargs)

    def render_line(self, y: int) -> Strip:
        size = self.size
        if self._shown is None or not size:
            return super().render_line(y)
        if self._lines is None or self._lines[0] != size:
            self._lines = (size, self._render_strips(self._shown, size))
        lines = self._lines[1]
        return lines[y] if y < len(lines) else Strip.blank(size.width, self.visual_style.rich_style)


class StatusLine(Static):
    """The selection and the current annotation in full, wrapped (height follows the text)."""

    _shown: Content | None = None

    def set_content(self, content: Content) -> None:
        """Show `content` unless it is already shown; lay the screen out again only when the
        wrapped height changes (a layout pass costs ~4 ms on every tag and cursor move)."""
        if self._shown is not None and content.is_same(self._shown):
            return
        width = self.size.width
        layout = (
            self._shown is None
            or not width
            or content.get_height(self.styles, width) != self._shown.get_height(self.styles, width)
        )
        self._shown = content
        self.update(content, layout=layout)


class TitleBar(Box):
    """Article title, its position in the corpus and this annotator's progress."""

    def set_info(self, title: str, position: str, progress: str, annotator: str) -> None:
        """Update the bar."""
        content = Content.assemble(
            (f" {position} ", "bold reverse"),
            (f" @{clean(annotator)} ", "bold italic"),
            (f"{progress}  ", "dim"),
            literal(short(title, 90)),
        )
        self.set_content(content)


class AnnotationPanel(Box):
    """The paragraph's annotations with attributes and links, then the article's speakers."""

    def show(
        self,
        spans: list[SpanBase],
        relations: list[Relation],
        names: dict[str, str],
        speakers: list[tuple[str, int]],
        tagset: TagSet,
        focused: str | None,
        readonly_from: str | None,
    ) -> None:
        """Render the list (names: span id -> short description for link targets)."""
        parts: list[Content | str | tuple[str, str]] = []
        if readonly_from:
            parts += [(f"viewing {clean(readonly_from)}'s layer (read-only)\n\n", "bold italic")]
        parts.append(("Annotations\n", "bold underline"))
        if not spans:
            parts.append(("  none: select words and press 1-9\n", "dim"))
        links_from: dict[str, list[Relation]] = {}
        for rel in relations:
            links_from.setdefault(rel.head, []).append(rel)
        incomplete = 0
        if any(s.status == "pending" for s in spans):
            parts.append(("  a accept · r reject · A all\n", "dim italic"))
        for span in spans:
            color = _color(tagset, span.label) + _cue(tagset, span.label)
            marker = "▶ " if span.id == focused else "  "
            missing = tagset.missing_required(span.label, span.attrs_dict())
            pending = " (suggested)" if span.status == "pending" else ""
            parts += [
                marker,
                (f"{span.label}{pending}", f"bold {color}"),
                " ",
                literal(short(span.text, max(12, 38 - len(span.label) - len(pending)))),
                "\n",
            ]
            if span.attrs_dict():
                parts += ["    ", literal(describe_attrs(span)), "\n"]
            if span.status == "pending" and span.meta.get("reason"):
                parts += ["    ", (f"? {short(str(span.meta['reason']), 38)}", "dim italic"), "\n"]
            if missing and span.status != "pending":  # a suggestion is not the editor's yet
                incomplete += 1
                parts += [("    ⚠ missing " + ", ".join(missing) + "\n", "yellow")]
            for rel in links_from.get(span.id, []):
                parts += [(f"    → {rel.type}: ", "dim"), literal(names.get(rel.tail, "?")), "\n"]
        if incomplete:
            parts.append((f"\n{incomplete} incomplete\n", "yellow"))
        parts.append(("\nSpeakers in this article\n", "bold underline"))
        if not speakers:
            parts.append(("  none yet\n", "dim"))
        for name, count in speakers:
            parts += ["  ", literal(short(name, 30)), (f"  ×{count}\n", "dim")]
        self.set_content(Content.assemble(*parts))


def _cue(tagset: TagSet, label: str) -> str:
    """The label's text cue as in the paragraph (so the list teaches which cue is which)."""
    names = [lab.name for lab in tagset.labels]
    if label not in names:
        return ""
    cue = CUES[names.index(label) % len(CUES)]
    return "".join(f" {c}" for c in cue if c != "strike")


def _color(tagset: TagSet, label: str) -> str:
    try:
        return tagset.label(label).color
    except KeyError:
        return "#888888"


class Outline(OptionList):
    """Paragraph list with done/skip marks and span counts; Enter jumps."""

    def show(
        self,
        paragraphs: list[Paragraph],
        statuses: dict[int, ParagraphStatus],
        counts: dict[int, int],
        current: int,
    ) -> None:
        """Rebuild the list (one line per paragraph; OptionList renders only what is visible)."""
        options = []
        for p in paragraphs:
            status = statuses.get(p.index)
            mark = STATUS_MARK[status.status if status else "todo"]
            kind = "" if p.kind == "body" else f"[{p.kind}] "
            count = counts.get(p.index, 0)
            prompt = Content.assemble(
                (f"{mark} {p.index + 1:>3} ", "bold" if status else "dim"),
                (f"{count:>2} " if count else "   ", "cyan"),
                (kind, "italic dim"),
                literal(short(p.text, 60)),
            )
            options.append(Option(prompt, id=str(p.index)))
        self.set_options(options)
        if paragraphs:
            self.highlighted = current
