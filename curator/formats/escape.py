"""Text made safe for one field of a line (reversibly) and for a file name.

TSV (MQM) columns and brat `.ann` fields cannot hold a tab or a line break. `escape_field`
writes `\\` as `\\\\`, a tab as `\\t`, `\\n` as `\\n`, `\\r` as `\\r`, and every other character
at which Python's `str.splitlines` breaks a line (U+000B, U+000C, U+001C-U+001E, U+0085,
U+2028, U+2029) and every other C0/C1 control character as `\\uXXXX`; `unescape_field` turns them back, so
`unescape_field(escape_field(s)) == s` for every string.
"""

from __future__ import annotations

import re

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character `str.splitlines` splits at (brat reads `.ann` files line by line)."""
FIELD_BREAKS = re.compile(f"[\t{LINE_BREAKS}]+")
"""Runs of what one field of a line cannot hold: tabs and line breaks."""

_ESCAPE = str.maketrans(
    {
        "\\": "\\\\",
        "\t": "\\t",
        "\n": "\\n",
        "\r": "\\r",
        **{c: f"\\u{ord(c):04x}" for c in LINE_BREAKS if c not in "\n\r"},
        # Other C0/C1 controls too (ESC...): `cat`ing an export must not drive the terminal.
        **{
            chr(i): f"\\u{i:04x}"
            for i in [*range(0x20), *range(0x7F, 0xA0)]
            if chr(i) not in LINE_BREAKS + "\t"
        },
    }
)
_UNESCAPE = re.compile(r"\\(\\|t|n|r|u[0-9a-f]{4})")
_UNSAFE = re.compile(r"[^\w+-]+")
_SIMPLE = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def safe_name(name: str) -> str:
    """A file-name component from user text: word characters, + and - only, never empty
    (so never `..`, a hidden file or a path separator)."""
    return _UNSAFE.sub("_", name).strip("_") or "_"


def escape_field(text: str) -> str:
    """`text` without tabs or line breaks (see the module docstring)."""
    return text.translate(_ESCAPE)


def unescape_field(text: str) -> str:
    """The inverse of `escape_field`."""
    return _UNESCAPE.sub(lambda m: _SIMPLE.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)
