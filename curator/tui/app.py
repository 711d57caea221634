"""The Textual application and its factory (one `make_app` for the CLI and the tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual._dispatch_key import dispatch_key
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center
from textual.content import Content
from textual.keys import _normalize_key_list
from textual.screen import Screen
from textual.widgets import Footer, Static

from curator.domain.errors import InputError
from curator.store.store import Store
from curator.tui.annotate import AnnotateScreen
from curator.tui.commands import CuratorCommands
from curator.tui.config import config_path, load_keymap
from curator.tui.text import literal


class EmptyScreen(Screen[None]):
    """Shown when the database has no articles yet: says how to add some."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="curator.quit_empty")]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        """The empty database."""

    def compose(self) -> ComposeResult:
        with Center(id="empty"):
            yield Static(
                Content.assemble(
                    ("No articles in ", "bold"),
                    literal(str(self.db_path)),
                    "\n\nImport some, then run curator again:\n\n",
                    ("  curator --db ", "cyan"),
                    literal(str(self.db_path)),
                    (" import ARTICLE.txt FOLDER/ FEED.jsonl\n\n", "cyan"),
                    ("or try the sample: ", "dim"),
                    ("curator demo", "cyan"),
                )
            )
        yield Footer()


class CuratorApp(App[None]):
    """curator's TUI on one database, for one annotator."""

    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (180, "-wide")]
    """Screen classes by terminal width: app.tcss moves or widens the side panel."""
    TITLE = "curator"
    COMMANDS = App.COMMANDS | {CuratorCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        store: Store,
        article_id: str | None = None,
        keymap: dict[str, str] | None = None,
        first_screen: Screen[None] | None = None,
    ):
        super().__init__()
        self.store = store
        """The open database (used only on this thread)."""
        self.start_article = article_id
        """Article to open instead of resuming."""
        self.first_screen = first_screen
        """A screen to open instead of annotation (the review screen)."""
        self.quitting = False
        """Set by `exit`: keys already queued behind q must not open dialogs on a closing app."""
        if keymap:
            self.set_keymap(keymap)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Quit; keys typed after q (a terminal delivers them in one read) do nothing."""
        lost = 0
        if not self.quitting:
            lost = sum(s.save_queued() for s in self.screen_stack if isinstance(s, AnnotateScreen))
        self.quitting = True
        if lost:
            kwargs["message"] = f"curator: {lost} changes were not saved (the database stayed busy)"
            kwargs.setdefault("return_code", 1)
        super().exit(*args, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        # A burst such as `/enlargement⏎` is queued for the annotation screen's widgets
        # before `/` (a binding, checked here once the key has bubbled up) opens the search:
        # the rest belongs to the dialog opened meanwhile, in order, not to nobody.
        # This replaces App._on_key (prevent_default: Textual would run it too).
        event.prevent_default()
        typed_on = getattr(event, "curator_screen", None)
        if typed_on is not None and typed_on is not self.screen and not self.quitting:
            # Bound keys too (ctrl+s after `y`), so the dialog gets them in the order typed.
            key = events.Key(event.key, event.character)
            key.curator_typed_ahead = True  # type: ignore[attr-defined]
            self.screen.post_message(key)
            return
        if await self._check_bindings(event.key):
            return
        await dispatch_key(self, event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No app action (the command palette) once quitting."""
        return not self.quitting

    def on_mount(self) -> None:
        for warning in keymap_conflicts(self._keymap):
            self.notify(warning, title="Key conflict", severity="warning", timeout=15, markup=False)
        if self.first_screen is not None:
            self.push_screen(self.first_screen)
            return
        store = self.store
        position = store.last_position()
        if self.start_article:
            article, paragraph = self.start_article, 0
            if position and position[0] == article:
                paragraph = position[1]
        elif position:
            article, paragraph = position
        else:
            first = store.articles(limit=1)
            if not first:
                self.push_screen(EmptyScreen(store.path))
                return
            article, paragraph = first[0].id, 0
        self.push_screen(AnnotateScreen(store, article, paragraph))

    def on_unmount(self) -> None:
        self.store.close()


def make_app(
    db_path: str | Path,
    annotator: str,
    *,
    article_id: str | None = None,
    keymap: dict[str, str] | None = None,
) -> CuratorApp:
    """Open the database and build the app (the CLI and the tests both call this)."""
    store = Store.open(db_path, annotator=annotator, create=False)
    if article_id and not store.has_article(article_id):
        store.close()
        raise InputError(f"{db_path}: no article {article_id!r} (curator list shows the ids)")
    return CuratorApp(store, article_id, keymap)


def make_review_app(
    db_path: str | Path,
    lead: str,
    a: str,
    b: str,
    *,
    into: str = "gold",
    auto_accept: bool = False,
    article_ids: tuple[str, ...] = (),
    keymap: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CuratorApp:
    """The review screen on A's and B's layers, deciding into `into` as `lead`
    (`progress(done, total)` reports the auto-accept run, before the screen opens)."""
    from curator.review.adjudicate import Adjudicator
    from curator.tui.review import ReviewScreen

    store = Store.open(db_path, annotator=lead, create=False)
    try:
        known = set(store.annotators())
        for who in (a, b):
            if who not in known:
                raise InputError(
                    f"{db_path}: {who!r} has no annotations (annotators: {', '.join(sorted(known)) or 'none'})"
                )
        missing = [x for x in article_ids if not store.has_article(x)]
        if missing:
            raise InputError(f"{db_path}: no article {missing[0]!r}")
        try:
            adjudicator = Adjudicator(store, a, b, into)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        if auto_accept:
            adjudicator.auto_accept(article_ids, progress)
        items = list(adjudicator.disagreements(article_ids))
    except BaseException:
        store.close()
        raise
    return CuratorApp(store, keymap=keymap, first_screen=ReviewScreen(adjudicator, items))


def _screens() -> tuple[type, ...]:
    from curator.tui import dialogs
    from curator.tui.review import ReviewScreen
    from curator.tui.source_words import SourceWordsDialog

    return (
        EmptyScreen,
        AnnotateScreen,
        ReviewScreen,
        dialogs.AttributeForm,
        dialogs.Picker,
        dialogs.SearchScreen,
        dialogs.HelpScreen,
        SourceWordsDialog,
    )


def known_binding_ids() -> set[str]:
    """Every binding id a key map may name."""
    ids = set()
    for cls in _screens():
        ids.update(b.id for b in cls.BINDINGS if isinstance(b, Binding) and b.id)
    return ids


def keymap_conflicts(keymap: dict[str, str]) -> list[str]:
    """One line per key that a key map leaves bound to two actions of one screen.

    Textual silently drops one of them (`next_paragraph = "q"` took q from quit).
    """
    if not keymap:
        return []
    out = []
    for cls in _screens():
        owners: dict[str, list[Binding]] = {}
        for binding in cls.BINDINGS:
            if not isinstance(binding, Binding):
                continue
            keys = keymap.get(binding.id or "", binding.key)
            for key in _normalize_key_list(keys).split(","):
                owners.setdefault(key, []).append(binding)
        for key, bindings in owners.items():
            ids = sorted({b.id or b.action for b in bindings})
            if len(ids) > 1 and any(b.id in keymap for b in bindings):
                out.append(
                    f"{config_path()}: key {key} is bound to both {' and '.join(ids)} on "
                    f"{cls.__name__}: only one of them works; change [keys]"
                )
    return out


def load_keymap_checked() -> dict[str, str]:
    """The user's key map, every id checked against the bindings that exist."""
    return load_keymap(known=known_binding_ids())


def run_app(db_path: str | Path, annotator: str, *, article_id: str | None = None) -> None:
    """Run the TUI until the editor quits."""
    make_app(db_path, annotator, article_id=article_id, keymap=load_keymap_checked()).run()
