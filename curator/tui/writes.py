"""Store writes from the TUI: a typed result, and a queue that outlasts a busy database.

Another process (an import, a suggestion run) can hold SQLite's write lock for seconds. The
TUI's connection waits only briefly (`UI_BUSY_TIMEOUT_MS`) so a key never freezes the screen;
a write that meets the lock is kept, in order, and retried until it lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from curator.domain.errors import CuratorError

UI_BUSY_TIMEOUT_MS = 250
"""How long one key may wait for the write lock before its write is queued."""

QUIT_BUSY_TIMEOUT_MS = 15_000
"""How long quitting waits for the lock to save what is still queued."""


@dataclass(frozen=True, slots=True)
class Written:
    """What a write did: `done` (with the store's return value, None for a void write),
    `queued` (the database is busy; it will be saved), `refused` (read-only layer) or
    `failed` (the store said why; the editor was told)."""

    status: Literal["done", "queued", "refused", "failed"]
    value: Any = None

    @property
    def done(self) -> bool:
        """True when the change is in the database."""
        return self.status == "done"


def is_busy(exc: BaseException) -> bool:
    """Whether a store error is another connection holding the lock (worth retrying)."""
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


@dataclass
class WriteQueue:
    """Writes waiting for the lock, oldest first."""

    pending: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]

    def __len__(self) -> int:
        return len(self.pending)

    def add(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Keep a write for later."""
        self.pending.append((fn, args, kwargs))

    def flush(self) -> tuple[int, list[str]]:
        """Run queued writes in order until one meets the lock again.

        Returns how many landed and the errors of those that failed for another reason
        (they are dropped: retrying would fail the same way).
        """
        landed, errors = 0, []
        while self.pending:
            fn, args, kwargs = self.pending[0]
            try:
                fn(*args, **kwargs)
            except CuratorError as exc:
                if is_busy(exc):
                    break
                errors.append(str(exc))
            else:
                landed += 1
            self.pending.pop(0)
        return landed, errors
