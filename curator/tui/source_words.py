"""Mark the source words a translation error concerns (`attrs.source`): type a phrase of the
source and enter, or pick one of the segment's sentences.

Returns the extent as `{paragraph, start, end, text}`, `{}` to remove it (enter on an empty
line), or None (escape: no change).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from curator.bilingual.edits import find_phrase
from curator.domain.text import sentence_bounds
from curator.tui.text import clean, literal


class SourceWordsDialog(ModalScreen[dict[str, Any] | None]):
    """Find the source words of an error by typing them, or pick a source sentence."""

    DEFAULT_CSS = """
    SourceWordsDialog { align: center middle; }
    SourceWordsDialog #found { height: auto; margin-bottom: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="curator.source_words_cancel")]

    def __init__(
        self,
        paragraphs: Sequence[str],
        segment: range,
        quote: str,
        current: dict[str, Any] | None,
        suggested: tuple[int, int, int] | None,
    ) -> None:
        super().__init__()
        self.paragraphs = list(paragraphs)
        """The article's source paragraphs."""
        self.segment = segment
        """Source paragraphs aligned with the error's paragraph (searched first)."""
        self.quote = quote
        """The error's target text."""
        self.current = current
        """The extent the error has now, if any."""
        self.suggested = suggested
        """The source sentence aligned with the error (highlighted in the list)."""
        self.found: tuple[int, int, int] | None = None
        """What the typed phrase finds."""
        self.sentences = [
            (i, a, b) for i in segment for a, b in sentence_bounds(self.paragraphs[i])
        ]
        """(paragraph, start, end) of each sentence of the segment."""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(
                Content.assemble(
                    ("Source words of the error ", "bold"), literal(f"“{self.quote[:50]}”")
                )
            )
            value = self.current["text"] if self.current else ""
            yield Input(value=value, placeholder="type words of the source", id="phrase")
            yield Static("", id="found")
            yield Label(Content.styled("or pick a sentence (↓):", "dim"))
            options = [
                Option(literal(self.paragraphs[i][a:b]), id=f"{i}:{a}:{b}")
                for i, a, b in self.sentences
            ]
            yield OptionList(*options, id="sentences")
            yield Label(
                Content.styled(
                    "enter saves · empty + enter removes the source words · esc cancels", "dim"
                )
            )

    def on_mount(self) -> None:
        if self.suggested in self.sentences:
            self.query_one("#sentences", OptionList).highlighted = self.sentences.index(
                self.suggested
            )
        self._find(self.query_one("#phrase", Input).value)
        self.query_one("#phrase").focus()

    @on(Input.Changed, "#phrase")
    def _changed(self, event: Input.Changed) -> None:
        self._find(event.value)

    def _find(self, phrase: str) -> None:
        found = self.query_one("#found", Static)
        self.found = find_phrase(self.paragraphs, phrase, prefer=list(self.segment))
        if not phrase.strip():
            found.update(Content.styled("(empty: enter removes the source words)", "dim"))
        elif self.found is None:
            found.update(Content.styled("not in the source text", "yellow"))
        else:
            i, a, b = self.found
            text = self.paragraphs[i]
            left, right = max(0, a - 30), min(len(text), b + 30)
            outside = "" if i in self.segment else "  (outside this paragraph's segment)"
            found.update(
                Content.assemble(
                    (f"source ¶{i + 1}: ", "dim"),
                    ("…" if left else "", "dim"),
                    (clean(text[left:a]), "dim"),
                    (clean(text[a:b]), "bold reverse"),
                    (clean(text[b:right]), "dim"),
                    ("…" if right < len(text) else "", "dim"),
                    (outside, "yellow"),
                )
            )

    def _extent(self, i: int, a: int, b: int) -> dict[str, Any]:
        return {"paragraph": i, "start": a, "end": b, "text": self.paragraphs[i][a:b]}

    @on(Input.Submitted, "#phrase")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.dismiss({})
        elif self.found is not None:
            self.dismiss(self._extent(*self.found))
        else:
            self.app.bell()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.query_one("#phrase").has_focus:
            self.query_one("#sentences").focus()
            event.stop()

    @on(OptionList.OptionSelected, "#sentences")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        i, a, b = (int(x) for x in (event.option.id or "0:0:0").split(":"))
        self.dismiss(self._extent(i, a, b))

    def action_cancel(self) -> None:
        self.dismiss(None)
