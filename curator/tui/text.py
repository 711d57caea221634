"""Showing untrusted text safely, and wrapping it with exact offsets."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content

from curator.domain.text import replace_unsafe

_TOKEN = re.compile(r"\S+\s*|\s+")


def clean(text: str) -> str:
    """Control characters (ESC, C1...) made visible as U+FFFD so they never reach the terminal."""
    return replace_unsafe(text)


def literal(text: str) -> Content:
    """Untrusted text as Content: never parsed as markup, so `[bold]` shows as typed."""
    return Content(clean(text))


def short(text: str, width: int = 48) -> str:
    """One line of at most `width` characters, cut at a word end with an ellipsis."""
    text = clean(text.replace("\n", " "))
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:  # a word end not too far back: do not cut mid-word
        cut = cut[:space]
    return cut.rstrip() + "…"


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each display line of `text` word-wrapped to `width` cells.

    Newlines end a line (and are not part of it); a word longer than the width is broken.
    Offsets are code points into `text`, so screen positions map back to the paragraph.
    """
    width = max(width, 4)
    lines: list[tuple[int, int]] = []
    pos = 0
    for hard_line in text.split("\n"):
        line_start, used = pos, 0
        for m in _TOKEN.finditer(hard_line):
            token = m.group()
            start = pos + m.start()
            word_cells = cell_len(token.rstrip())
            if used and used + word_cells > width:
                lines.append((line_start, start))
                line_start, used = start, 0
            while word_cells > width:  # a word wider than the view: break it by cells
                cut, cells = 0, 0
                while cut < len(token) and cells + cell_len(token[cut]) <= width:
                    cells += cell_len(token[cut])
                    cut += 1
                cut = max(cut, 1)
                lines.append((start, start + cut))
                token, start = token[cut:], start + cut
                line_start, word_cells = start, cell_len(token.rstrip())
            used += cell_len(token)
        lines.append((line_start, pos + len(hard_line)))
        pos += len(hard_line) + 1
    return lines


def column_to_offset(text: str, start: int, end: int, column: int) -> int:
    """The character of text[start:end] shown at a cell column."""
    cells = 0
    for i in range(start, end):
        cells += cell_len(text[i])
        if cells > column:
            return i
    return end
