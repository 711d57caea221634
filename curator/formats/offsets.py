"""Offsets as a consumer counts them: code points (Python tools) or UTF-16 code units.

doccano and Google's MQM Viewer index text in the browser, where a JavaScript string is UTF-16:
an emoji outside the Basic Multilingual Plane is two units there and one code point in
curator. Label Studio's browser interface converts its selections to code points
(`charsToCodePoints` in its editor's `selection-tools.js`, since 2021), so its tasks count code
points unless `--offsets utf16` (for older Label Studio versions). `OffsetMap` converts one
text's offsets both ways; on the common all-BMP text both are the identity.
"""

from __future__ import annotations

from typing import Literal

from curator.domain.text import Utf16Index

OffsetUnit = Literal["codepoint", "utf16"]
"""How a format's offsets count."""
UTF16_DEFAULT = frozenset({"doccano", "mqm"})
"""Formats whose consumers count UTF-16 code units unless `--offsets codepoint` is given."""
OFFSET_FORMATS = UTF16_DEFAULT | {"labelstudio"}
"""Formats that take `--offsets` (the others are read by tools that count code points)."""


def default_offsets(fmt: str) -> OffsetUnit:
    """The unit `fmt` writes and reads when `--offsets` is not given."""
    return "utf16" if fmt in UTF16_DEFAULT else "codepoint"


class OffsetMap:
    """Code-point offsets of one text <-> offsets in `unit`."""

    def __init__(self, text: str, unit: OffsetUnit) -> None:
        self.unit = unit
        """The consumer's unit."""
        self._index = Utf16Index(text) if unit == "utf16" else None
        self.length = self._index.utf16_length if self._index else len(text)
        """The text's length in `unit`."""

    def out(self, cp: int) -> int:
        """A code-point offset in the consumer's unit."""
        return self._index.to_utf16(cp) if self._index else cp

    def back(self, offset: int) -> int:
        """The consumer's offset as a code point (ValueError inside a surrogate pair or out
        of the text)."""
        if self._index:
            return self._index.from_utf16(offset)
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} out of range 0..{self.length}")
        return offset


def text_length(text: str, unit: OffsetUnit) -> int:
    """`len(text)` in `unit`."""
    return OffsetMap(text, unit).length
