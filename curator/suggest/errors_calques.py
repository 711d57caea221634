"""MT tells: calques and word-for-word renderings that a linguist recognises in English copy.

The families are data (`mt_tells.toml` beside this module): each is a regex with an MQM
category, a severity and the reason shown to the editor, optionally limited to texts
translated from some source languages.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from curator.domain.mqm import normalize_category
from curator.suggest.base import Suggestion
from curator.suggest.errors_common import category, error, errors_of

__all__ = ["TELLS", "Tell", "load_tells", "mt_tells"]


@dataclass(frozen=True, slots=True)
class Tell:
    """One family of MT tells."""

    family: str
    """Short name of the family, for tests and the data file."""
    pattern: re.Pattern[str]
    """What it matches in a paragraph."""
    category: str
    """MQM category of what it flags."""
    severity: str
    """minor | major."""
    reason: str
    """What the editor is told."""
    correction: str | None = None
    """Suggested replacement, when one fits every match."""
    sources: frozenset[str] = frozenset()
    """Source languages it applies to; empty for all."""
    target: str = "en"
    """Language of the text the family is written for."""

    def applies(self, target: str, source: str | None) -> bool:
        """Whether the family is meant for a text in `target` translated from `source`."""
        if target != self.target:
            return False
        return not self.sources or source is None or source in self.sources


_KEYS = {"family", "pattern", "category", "severity", "reason", "correction", "sources", "target"}


def load_tells(text: str, source: str = "mt_tells.toml") -> tuple[Tell, ...]:
    """The families of a TOML text; unknown keys, bad categories and bad regexes fail."""
    found = []
    for i, raw in enumerate(tomllib.loads(text).get("tell", [])):
        unknown = sorted(set(raw) - _KEYS)
        if unknown:
            raise ValueError(f"{source}: tell {i}: unknown key {unknown[0]!r}")
        if normalize_category(raw.get("category", "")) is None:
            raise ValueError(f"{source}: tell {i}: unknown MQM category {raw.get('category')!r}")
        if raw.get("severity") not in ("minor", "major"):
            raise ValueError(f"{source}: tell {i}: severity must be minor or major")
        found.append(
            Tell(
                family=raw["family"],
                pattern=re.compile(raw["pattern"]),
                category=category(raw["category"]),
                severity=raw["severity"],
                reason=raw["reason"],
                correction=raw.get("correction"),
                sources=frozenset(raw.get("sources", ())),
                target=raw.get("target", "en"),
            )
        )
    return tuple(found)


TELLS: tuple[Tell, ...] = load_tells(
    (resources.files("curator.suggest") / "mt_tells.toml").read_text(encoding="utf-8")
)
"""The families shipped with curator."""


def mt_tells(
    text: str, p: int, target: str, source: str | None, tells: tuple[Tell, ...] = TELLS
) -> list[Suggestion]:
    """Every match of the families meant for this language pair, in one paragraph."""
    if source is not None and source == target:
        return []  # not a translation
    matches: list[tuple[int, int, Tell]] = []
    for tell in tells:
        if tell.applies(target, source):
            group = "span" if "span" in tell.pattern.groupindex else 0
            matches += [(*m.span(group), tell) for m in tell.pattern.finditer(text)]
    matches.sort(key=lambda x: (x[0], -x[1]))
    # Tells that touch or overlap make one phrase, one proposal ("last hour news details
    # will be on soon"): the first one's category, both reasons.
    merged: list[tuple[int, int, list[Tell]]] = []
    for a, b, tell in matches:
        if merged and a <= merged[-1][1] + 1 and not text[merged[-1][1] : a].strip():
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], b), [*last[2], tell])
        else:
            merged.append((a, b, [tell]))
    out: list[Suggestion | None] = []
    for a, b, group in merged:
        first = group[0]
        reasons = "; ".join(dict.fromkeys(t.reason for t in group))
        correction = first.correction if len(group) == 1 else None
        reason = f"{reasons}: “{text[a:b].strip()}”"
        out.append(error(text, p, a, b, first.category, first.severity, reason, correction))
    return errors_of(out)
