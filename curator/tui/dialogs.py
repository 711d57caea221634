"""Modal dialogs: attribute form, pickers (link, kind, generic), search, help."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from curator.domain.errors import format_validation_error
from curator.domain.mqm import MQM_CATEGORIES
from curator.domain.tagset import AttributeSpec, TagSet
from curator.domain.timex import parse_timex_from_text
from curator.suggest.names import near_variants
from curator.tui import config
from curator.tui.text import clean, literal, short


class ChoiceSelect(Select[Any]):
    """A Select that picks without opening: a digit takes that option, letters the first
    option starting with what was typed (`y` is "yes"; `un` is "unsure" after "no")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._typed = ""
        self._typed_at = 0.0

    def _choices(self) -> list[tuple[str, Any]]:
        return [(str(prompt), value) for prompt, value in self._options if value != Select.NULL]

    async def _on_key(self, event: Any) -> None:
        if not self.expanded and self.type_char(event.character):
            event.stop()
            event.prevent_default()

    def type_char(self, char: str | None) -> bool:
        """Pick by a typed character; True when it picked something."""
        if not char or not char.isprintable() or char.isspace():
            return False
        choices = self._choices()
        now = time.monotonic()
        typed = (self._typed if now - self._typed_at < 1.0 else "") + char
        self._typed, self._typed_at = typed, now
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            pick = choices[int(typed) - 1][1]
        else:
            pick = next((v for p, v in choices if p.casefold().startswith(typed.casefold())), None)
            if pick is None:  # a fresh start with this key alone
                self._typed = char
                pick = next(
                    (v for p, v in choices if p.casefold().startswith(char.casefold())), None
                )
        if pick is None:
            return False
        self.value = pick
        return True


def pass_on_typed_ahead(screen: Any, event: Any) -> None:
    """Mark a key with the screen it was typed on; the app hands it to a dialog opened
    meanwhile (see CuratorApp._on_key)."""
    event.curator_screen = screen


async def deliver_typed_ahead(screen: Any, widget: Any, event: Any) -> None:
    """A key typed while the dialog opened: focus the first field if nothing has focus yet
    and give it the key (or run the key's binding), so a fast typist loses nothing."""
    event.stop()
    if not _give(screen, widget, event):
        await screen.app._check_bindings(event.key)  # ctrl+s, escape... in the order typed


def _give(screen: Any, widget: Any, event: Any) -> bool:
    """Type a printable key into the field; False for other keys (they are bindings)."""
    if screen.focused is not widget:
        screen.set_focus(widget)  # now, not deferred: the binding check below needs it
    char = event.character
    if not (char and event.is_printable):
        return False
    if isinstance(widget, Input):
        widget.insert_text_at_cursor(char)
        return True
    if isinstance(widget, ChoiceSelect):
        return widget.type_char(char)
    return False


class AttributeForm(ModalScreen[dict[str, Any] | None]):
    """Edit the attributes of one annotation; fields come from the tag set."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="curator.form_save"),
        Binding("escape", "cancel", "Cancel", id="curator.form_cancel"),
        Binding("f2", "use_variant", "Use suggested name", id="curator.form_use_variant"),
    ]

    def __init__(
        self,
        tagset: TagSet,
        label: str,
        attrs: dict[str, Any],
        quote: str,
        *,
        dct: dt.date | None = None,
        names: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.tagset = tagset
        """Tag set in use."""
        self.label = label
        """Label of the annotation."""
        self.attrs = dict(attrs)
        """Attributes when the form opened."""
        self.quote = quote
        """The annotated text."""
        self.names = list(names)
        """Speaker names already used, for completion and variant hints."""
        self._variant: str | None = None
        if label == "date" and not attrs.get("value"):
            guess = parse_timex_from_text(quote, dct)
            if guess:
                self.attrs.setdefault("timex_type", guess[0])
                self.attrs["value"] = guess[1]
                if dct and guess[1][:4] == str(dct.year) and str(dct.year) not in quote:
                    self.attrs.setdefault("anchored_to_dct", True)

    def compose(self) -> ComposeResult:
        spec = self.tagset.label(self.label)
        with Vertical(id="form"):
            yield Label(
                Content.assemble(
                    ("Edit ", "bold"),
                    (self.label, "bold"),
                    " ",
                    literal(f"“{short(self.quote, 60)}”"),
                )
            )
            with VerticalScroll(id="fields"):
                for attr in spec.attributes:
                    yield Label(
                        Content.assemble(
                            literal(attr.name).stylize("bold"),
                            literal("  " + attr.description).stylize("dim"),
                        )
                    )
                    yield from self._field(attr)
            yield Static("", id="error")
            yield Label(
                Content.styled(
                    "ctrl+s saves (enter too, in text) · esc cancels · choices: type a letter",
                    "dim",
                )
            )

    def _field(self, attr: AttributeSpec) -> ComposeResult:
        value = self.attrs.get(attr.name)
        fid = f"f-{attr.name}"
        if self.label == "translation_error" and attr.name == "category":
            dim, _, sub = (value or "").partition("/")
            yield ChoiceSelect(
                [(literal(d), d) for d in MQM_CATEGORIES],
                value=dim or Select.NULL,
                id="f-dimension",
                prompt="dimension",
            )
            yield ChoiceSelect(
                self._subtypes(dim), value=sub or Select.NULL, id="f-subtype", prompt="subtype"
            )
        elif attr.type == "enum":
            yield ChoiceSelect(
                [(literal(c), c) for c in attr.choices or ()],  # tag-set text is untrusted
                value=value if value is not None else Select.NULL,
                id=fid,
            )
        elif attr.type == "bool":
            yield ChoiceSelect(
                [(literal("yes"), True), (literal("no"), False)],
                value=value if value is not None else Select.NULL,
                id=fid,
            )
        else:
            suggester = (
                SuggestFromList(self.names, case_sensitive=False) if attr.name == "name" else None
            )
            yield Input(value=str(value or ""), id=fid, suggester=suggester)
            if self.label == "speaker" and attr.name == "name":
                yield Static("", id="variant")

    @staticmethod
    def _subtypes(dimension: str) -> list[tuple[str, str]]:
        return [(literal(s), s) for s in MQM_CATEGORIES.get(dimension, ())]

    def on_mount(self) -> None:
        for first in self.query("#fields Select, #fields Input")[:1]:
            first.focus()

    async def on_key(self, event: Any) -> None:
        fields = self.query("#fields Select, #fields Input")
        if fields and getattr(event, "curator_typed_ahead", False):
            field = self.focused if self.focused in fields else fields.first()
            await deliver_typed_ahead(self, field, event)

    @on(Select.Changed, "#f-dimension")
    def _dimension_changed(self, event: Select.Changed) -> None:
        sub = self.query_one("#f-subtype", Select)
        options = self._subtypes(str(event.value)) if event.value != Select.NULL else []
        if [v for _, v in options] == [v for _, v in sub._options if v != Select.NULL]:
            # Mounting posts Changed for the initial dimension too: resetting the options
            # then would drop the subtype being re-edited.
            sub.disabled = not options
            return
        keep = sub.value
        sub.set_options(options)
        if keep in {v for _, v in options}:
            sub.value = keep
        sub.disabled = not options

    @on(Input.Changed, "#f-name")
    def _name_changed(self, event: Input.Changed) -> None:
        variants = near_variants(event.value.strip(), self.names)
        self._variant = variants[0] if variants else None
        hint = self.query_one("#variant", Static)
        hint.update(
            Content.assemble(
                ("new name; did you mean ", "yellow"),
                literal(variants[0]),
                ("? (F2 uses it)", "yellow"),
            )
            if variants
            else ""
        )

    def action_use_variant(self) -> None:
        if self._variant:
            self.query_one("#f-name", Input).value = self._variant

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def collect(self) -> dict[str, Any]:
        """The attributes as the form shows them (unset fields left out)."""
        out: dict[str, Any] = {}
        for attr in self.tagset.label(self.label).attributes:
            if self.label == "translation_error" and attr.name == "category":
                dim = self.query_one("#f-dimension", Select).value
                sub = self.query_one("#f-subtype", Select).value
                if dim != Select.NULL:
                    out["category"] = (
                        f"{dim}/{sub}" if sub != Select.NULL and MQM_CATEGORIES[str(dim)] else dim
                    )
                continue
            widget = self.query_one(f"#f-{attr.name}")
            value = widget.value
            if value not in (Select.NULL, "", None):
                out[attr.name] = value.strip() if isinstance(value, str) else value
        return out

    def action_save(self) -> None:
        attrs = self.collect()
        try:
            self.tagset.attrs_model(self.label).model_validate(attrs)
        except ValidationError as exc:
            self.query_one("#error", Static).update(
                Content.styled(format_validation_error(exc), "bold red")
            )
            return
        self.dismiss(attrs)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Picker(ModalScreen[str | None]):
    """Choose one of many options, with a filter line; returns the option id."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="curator.picker_cancel")]

    def __init__(
        self, title: str, options: Sequence[tuple[str, Content | str]], *, filterable: bool = True
    ) -> None:
        super().__init__()
        self.title_text = title
        """Heading of the picker."""
        self.choices = list(options)
        """(id, prompt) pairs."""
        self.filterable = filterable
        """Whether to show the filter line."""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(literal(self.title_text).stylize("bold"), id="picker-title")
            if self.filterable:
                yield Input(placeholder="type to filter", id="filter")
            yield OptionList(*self._options(""), id="choices")

    def _options(self, needle: str) -> list[Option]:
        needle = needle.casefold()
        return [
            Option(prompt if isinstance(prompt, Content) else literal(prompt), id=oid)
            for oid, prompt in self.choices
            if needle in str(prompt).casefold()
        ]

    def on_mount(self) -> None:
        # query, not query_one: a screen pushed while the app shuts down has no children.
        for widget in self.query("#filter" if self.filterable else "#choices"):
            widget.focus()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.set_options(self._options(event.value))
        if choices.option_count:
            choices.highlighted = 0

    @on(Input.Submitted, "#filter")
    def _pick_first(self) -> None:
        choices = self.query_one("#choices", OptionList)
        if choices.option_count:
            self.dismiss(choices.get_option_at_index(choices.highlighted or 0).id)

    async def on_key(self, event: Any) -> None:
        targets = self.query("#filter" if self.filterable else "#choices")
        if not targets:
            return
        if getattr(event, "curator_typed_ahead", False):  # typed while the picker opened
            mine = self.query("#filter, #choices")
            await deliver_typed_ahead(
                self, self.focused if self.focused in mine else targets.first(), event
            )
            return
        if event.key in ("down", "up") and self.filterable and self.query_one("#filter").has_focus:
            self.query_one("#choices").focus()

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SearchScreen(Picker):
    """Full-text search over the corpus; returns `article_id NUL paragraph NUL matched word`
    of the chosen hit (the word is where the cursor goes)."""

    def __init__(self, search: Callable[[str], list[Any]]) -> None:
        super().__init__("Search the corpus (every word must occur; the last may be a prefix)", [])
        self.search = search
        """Store.search (the UI never writes SQL)."""

    def _options(self, needle: str) -> list[Option]:
        options = []
        for hit in self.search(needle) if needle.strip() else []:
            # FTS marks matches with STX/ETX, which clean() would turn into U+FFFD.
            snippet = hit.snippet.replace("\x02", "\x1e").replace("\x03", "\x1f")
            parts: list[Any] = [(f"{hit.article_id} ¶{hit.paragraph + 1}  ", "dim")]
            first = ""
            for i, piece in enumerate(snippet.split("\x1e")):
                found, _, rest = piece.partition("\x1f") if i else ("", "", piece)
                first = first or found
                parts += [(clean(found), "bold reverse"), literal(rest)]
            options.append(
                Option(
                    Content.assemble(*parts),
                    id=f"{hit.article_id}\x00{hit.paragraph}\x00{first.replace(chr(0), '')}",
                )
            )
        return options


class HelpScreen(ModalScreen[None]):
    """Every key of a screen as it is bound now (remaps included), with its binding id."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="curator.help_close"),
    ]

    def __init__(self, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = list(rows)
        """(keys, description, binding id)."""
        self.config_path = str(config.config_path())
        """Where a key map is read from."""

    @classmethod
    def of(
        cls,
        app: Any,
        bindings: Sequence[Any],
        describe: Callable[[Binding], str | None] = lambda b: b.description,
        extra: Sequence[tuple[str, str, str]] = (),
    ) -> HelpScreen:
        """Help for `bindings`: keys from the app's key map where remapped; a binding whose
        `describe` is None is left out."""
        keymap = app._keymap  # Textual keeps the applied key map only here
        rows = []
        for binding in bindings:
            if not isinstance(binding, Binding) or (description := describe(binding)) is None:
                continue
            keys = keymap.get(binding.id) or app.get_key_display(binding)
            rows.append((keys, description, binding.id or ""))
        return cls([*rows, *extra])

    def compose(self) -> ComposeResult:
        parts: list[Any] = [("Keys\n\n", "bold underline")]
        for keys, description, bid in self.rows:
            parts += [(f"{keys:<22}", "bold cyan"), f"{description:<36}", (f"{bid}\n", "dim")]
        parts += [
            ("\nRemap keys in ", "dim"),
            literal(self.config_path),
            ('  [keys] section: binding-id = "key1,key2"\n', "dim"),
            ("Every change is saved at once; u undoes, also after a restart.", "dim"),
        ]
        with VerticalScroll(id="help"):
            yield Static(Content.assemble(*parts))

    def action_close(self) -> None:
        self.dismiss(None)
