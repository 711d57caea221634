"""Command palette (ctrl+p): go to article, go to paragraph, switch annotator view."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from curator.tui.text import clean, literal, short

if TYPE_CHECKING:
    from curator.tui.annotate import AnnotateScreen


def _highlight(matcher: Matcher, text: str) -> Content:
    """Matcher.highlight without parsing `text` as markup (titles and paragraphs are untrusted)."""
    text = clean(text)  # one character for one: the match offsets still line up
    content = Content(text)
    for offset in matcher.fuzzy_search.match(matcher.query, text)[1]:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class CuratorCommands(Provider):
    """Articles (searched in the database, never all loaded), paragraphs, annotator layers."""

    @property
    def _screen(self) -> AnnotateScreen | None:
        from curator.tui.annotate import AnnotateScreen

        stack = reversed(self.app.screen_stack)
        return next((s for s in stack if isinstance(s, AnnotateScreen)), None)

    def _commands(self, query: str) -> list[tuple[str, object, str]]:
        screen = self._screen
        if screen is None:
            return []
        store = screen.store
        out: list[tuple[str, object, str]] = []
        for info in store.find_articles(query, limit=20):
            out.append(
                (
                    f"Go to article: {short(info.title, 60)} ({info.id})",
                    partial(screen.jump, info.id, 0),
                    "article",
                )
            )
        for p in screen.paragraphs:
            out.append(
                (
                    f"Go to paragraph {p.index + 1}: {short(p.text, 50)}",
                    partial(screen.jump, screen.article_id, p.index),
                    "paragraph",
                )
            )
        for name in store.annotators() or [store.annotator]:
            mine = " (yours)" if name == store.annotator else " (read-only)"
            out.append(
                (f"Switch annotator view: {name}{mine}", partial(screen.set_layer, name), "layer")
            )
        return out

    async def discover(self) -> Hits:
        for text, callback, kind in self._commands(""):
            if kind != "paragraph":
                yield DiscoveryHit(literal(text), callback, text=clean(text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, _ in self._commands(query):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), callback, text=clean(text))  # type: ignore[arg-type]
