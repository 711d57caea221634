"""The user's key map: `[keys]` in config.toml maps binding ids to keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

from platformdirs import user_config_path
from textual.keys import REPLACED_KEYS, key_to_character

from curator.domain.errors import InputError


def config_path() -> Path:
    """~/.config/curator/config.toml (or the platform's equivalent)."""
    return user_config_path("curator") / "config.toml"


def load_keymap(path: Path | None = None, known: set[str] | None = None) -> dict[str, str]:
    """Binding id -> comma-separated keys; a missing file is an empty map."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))  # an editor may have saved a BOM
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: {exc}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(f"{path}: nested too deeply to be a key map") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise InputError(f'{path}: [keys] must be a table of binding-id = "key,key"')
    keymap: dict[str, str] = {}
    for bid, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(f'{path}: keys.{bid}: expected a string such as "j,down"')
        if known is not None and bid not in known:
            raise InputError(f"{path}: keys.{bid}: unknown binding id (see ? in the app)")
        keys_value = value.replace(" ", "")
        for key in keys_value.split(","):
            problem = key_problem(key)
            if problem:
                raise InputError(f"{path}: keys.{bid}: {problem}")
        keymap[bid] = keys_value
    return keymap


MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual can bind (None when it is)."""
    if not key:
        return 'an empty key (a comma is written "comma", as in "j,comma")'
    *mods, base = key.split("+")
    bad = [m for m in mods if m not in MODIFIERS]
    if bad or not base:
        return f"{key!r} is not a key (modifiers are {', '.join(MODIFIERS)}; e.g. ctrl+j)"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in _named_keys() or base in REPLACED_KEYS or key_to_character(base) is not None:
        return None
    return f"{key!r} is not a key name (e.g. j, J, pagedown, f2, question_mark, comma)"


def _named_keys() -> set[str]:
    from textual.keys import Keys

    return {k.value.rpartition("+")[2] for k in Keys} | {"space"}
