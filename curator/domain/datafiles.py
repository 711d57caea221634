"""Word lists shipped as data: one TOML file per language in a package folder, whose keys
are the fields of a dataclass (the date vocabularies, the suggesters' lexicons)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import fields
from importlib.resources.abc import Traversable
from typing import Any, Protocol, TypeVar

__all__ = ["language_files", "toml_fields"]


class _HasLang(Protocol):
    lang: str


T = TypeVar("T", bound=_HasLang)


def toml_fields(text: str, source: str, cls: type, what: str) -> dict[str, Any]:
    """The keys and values of a TOML file for the dataclass `cls`; an unknown key is an
    error naming the file (`what` says what the file is: "calendar", "lexicon")."""
    data = tomllib.loads(text)
    unknown = sorted(set(data) - {f.name for f in fields(cls)})
    if unknown:
        raise ValueError(f"{source}: unknown {what} field {unknown[0]!r}")
    return data


def language_files(folder: Traversable, load: Callable[[str, str], T]) -> dict[str, T]:
    """Every `*.toml` of `folder` loaded with `load(text, file name)`, by its `lang`."""
    found: dict[str, T] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            item = load(entry.read_text(encoding="utf-8"), entry.name)
            found[item.lang] = item
    return found
