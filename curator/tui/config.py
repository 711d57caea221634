"""The user's key map: `[keys]` in config.toml maps binding ids to keys."""

from __future__ import annotations

import tomllib
from pathlib import Path

from platformdirs import user_config_path

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
        data = tomllib.loads(path.read_text("utf-8"))
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
        keymap[bid] = value.replace(" ", "")
    return keymap
