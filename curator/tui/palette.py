"""How each label looks on screen: a background tint and a non-colour cue, per colour system.

A tint blended from the label colour is fine in true colour, but a 256-colour terminal (tmux
without COLORTERM) rounds every dark tint to the same grey (#5f5f5f), so a date inside a claim
vanished. There the tints come from the xterm cube instead, one hue family per label, chosen so
that they also stay apart in 16 colours. Every label also gets its own text cue (none, bold,
underline, italic, ...), so labels differ for editors who do not tell the hues apart.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

# xterm-256 entries (dark tint, focused tint) whose 16-colour downgrades are 1..6, all distinct.
_CUBE: tuple[tuple[int, int], ...] = (
    (52, 88),  # red
    (58, 100),  # yellow
    (22, 28),  # green
    (30, 37),  # cyan
    (17, 18),  # blue
    (53, 90),  # magenta
)
_CUBE_HUES = (0.0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6)

CUES: tuple[tuple[str, ...], ...] = (
    (),
    ("bold",),
    ("underline",),
    ("italic",),
    ("bold", "italic"),
    ("underline", "italic"),
    ("bold", "underline"),
    ("strike",),
)
"""Text cue per label position in the tag set (the first label, usually the long claim, has
none: the others nest inside it)."""

CUE_NAMES = {(): "plain", ("bold",): "bold", ("underline",): "underlined", ("italic",): "italic"}


@dataclass(frozen=True, slots=True)
class LabelLook:
    """The styles of one label: as tagged, as focused, and its cue alone."""

    normal: Style
    focused: Style
    cue: tuple[str, ...]


def _hue(hex_color: str) -> float:
    r, g, b = Color.parse(hex_color).rgb
    return colorsys.rgb_to_hls(r / 255, g / 255, b / 255)[0]


def _cube_slots(colors: list[str]) -> list[tuple[int, int]]:
    """A cube entry per label: the free one nearest its hue (reused after six labels)."""
    taken: set[int] = set()
    out = []
    for color in colors:
        hue = _hue(color)
        order = sorted(
            range(len(_CUBE)),
            key=lambda i: min(abs(hue - _CUBE_HUES[i]), 1 - abs(hue - _CUBE_HUES[i])),
        )
        free = [i for i in order if i not in taken] or order
        taken.add(free[0])
        if len(taken) == len(_CUBE):
            taken.clear()
        out.append(_CUBE[free[0]])
    return out


def label_looks(
    label_colors: dict[str, str], background: Color, color_system: str | None
) -> dict[str, LabelLook]:
    """Styles for every label, in tag-set order, for a terminal's colour system."""
    names = list(label_colors)
    truecolor = color_system in (None, "truecolor", "windows")
    slots = [] if truecolor else _cube_slots([label_colors[n] for n in names])
    looks = {}
    for i, name in enumerate(names):
        cue = CUES[i % len(CUES)]
        attrs = {a: True for a in cue}
        if truecolor:
            color = Color.parse(label_colors[name])
            normal_bg = background.blend(color, 0.28).rich_color
            focused_bg = background.blend(color, 0.5).rich_color
        else:
            normal_bg = RichColor.from_ansi(slots[i][0])
            focused_bg = RichColor.from_ansi(slots[i][1])
        looks[name] = LabelLook(
            normal=Style(bgcolor=normal_bg, **attrs),
            # Focused: stronger tint, and bold + underline over the label's own cue.
            focused=Style(bgcolor=focused_bg, **{**attrs, "bold": True, "underline": True}),
            cue=cue,
        )
    return looks


def cue_text(cue: tuple[str, ...]) -> str:
    """How the panel names a cue ("bold italic")."""
    return CUE_NAMES.get(cue) or " ".join(cue)
