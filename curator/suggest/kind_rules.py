"""Line rules of the paragraph-kind guesser: phrase families read from data files, and shapes.

The phrases are data: one TOML file per language in `curator/suggest/furniture/` (`en.toml`,
`fr.toml`...). Entries are lower-case regex fragments where a space matches any run of spaces;
only ``?`` and a final ``\\w*`` may repeat, so every pattern stays linear. Tables of a file:

- `starts`: family -> phrases that open a furniture line ("read also", "photo:");
- `words`: family -> bare words that count only alone on their line or before a separator
  or a count ("Facebook", "Read: …", "Comments (3)");
- `lines`: family -> whole lines ("photo", "view photo");
- `anywhere`: family -> phrases anywhere in a short line ("newsletter");
- `ends`: family -> the last sentence of a short paragraph ("Check it out here.");
- `bracketed`: family -> phrases opening a line wrapped in brackets ("(developing)");

and the lists `months`, `agencies`, `by`, `by_label`, `by_alone`, `stamp`, `roles`,
`bio_verbs`, `bio_copulas`, `professions` (see `_LISTS`). All languages are pooled: pages mix
languages, and machine translation leaves furniture of the source language behind.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

__all__ = [
    "FAMILIES",
    "Furniture",
    "NonProseKind",
    "agency_at_end",
    "capitalised",
    "ends_family",
    "furniture",
    "last_char",
    "line_family",
    "lines_of",
    "load_furniture",
    "looks_like_names",
    "name_word",
]

NonProseKind = Literal["boilerplate", "byline", "source_note"]
"""The kinds a phrase family gives."""

FAMILIES: dict[str, tuple[NonProseKind, str]] = {
    "credit": ("source_note", "photo or media credit"),
    "provenance": ("source_note", "source or reprint note"),
    "correction": ("source_note", "correction note"),
    "contributor": ("byline", "contributor line"),
    "comment_form": ("boilerplate", "comment form"),
    "navigation": ("boilerplate", "navigation / related links"),
    "read_more": ("boilerplate", "read-more link"),
    "tags": ("boilerplate", "tag list"),
    "sharing": ("boilerplate", "sharing buttons"),
    "subscription": ("boilerplate", "subscription prompt"),
    "legal": ("boilerplate", "legal notice"),
    "loading_ads": ("boilerplate", "loading / advertising"),
    "image_label": ("boilerplate", "bare image label"),
    "media_prompt": ("boilerplate", "embedded media prompt"),
    "update_notice": ("boilerplate", "update notice"),
    "feedback": ("boilerplate", "error-report prompt"),
}
"""Family -> (paragraph kind, reason shown to the editor), in the order they are tried."""

_TABLES = ("starts", "words", "lines", "anywhere", "ends", "bracketed")
_LISTS = (
    "months",  # month-name prefixes, for date stamps
    "agencies",  # news and photo agencies: "(AFP)", "Jane Doe / Reuters"
    "by",  # author-line openers followed by names: "by", "written by"
    "by_label",  # author labels followed by ":" or a dash: "author:"
    "by_alone",  # author labels alone on their line: "article written by"
    "stamp",  # date-stamp openers: "published", "updated"
    "roles",  # reporter roles opening a bracketed byline: "(Reporter …)"
    "bio_verbs",  # after a name, an author bio: "covers", "writes about"
    "bio_copulas",  # after a name, before a profession: "is", "es"
    "professions",  # "reporter", "politólogo"
    "function_words",  # a line holding one is a title ("The Road Ahead"), not a bare name
    "name_joiners",  # lower-case words inside names: "de", "van", "and"
)
_MAX_CHARS = {"credit": 160, "update_notice": 200, "feedback": 300, "contributor": 300}
"""Longest line a family applies to (else 100); source notes and corrections: 400."""
_ANYWHERE_AFTER_PERIOD = frozenset({"legal", "contributor", "update_notice"})
"""`anywhere` families that may end with a period (a sentence that is still furniture)."""

OPENERS = "\"'“”„«‘’‚‹¿¡"
CLOSERS = "\"'”“»’‘›)]"
_SEPARATOR_RE = re.compile(r"\s*[:|›»>/·•–—-]")


# --- shapes -----------------------------------------------------------------------------------
def lines_of(text: str) -> list[str]:
    """The non-empty lines of a paragraph, stripped."""
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def last_char(line: str) -> str:
    """The last character before closing quotes and brackets ("…end.”" -> ".")."""
    stripped = line.rstrip().rstrip(CLOSERS).rstrip()
    return stripped[-1:] if stripped else ""


def capitalised(word: str) -> bool:
    word = word.lstrip(OPENERS + "(")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def name_word(word: str) -> bool:
    """A capitalised word of letters: "Jean-Pierre", "O’Brien", "J."."""
    bare = word.replace("-", "").replace("’", "").replace("'", "").rstrip(".,")
    return capitalised(word) and bare.isalpha()


def looks_like_names(text: str) -> bool:
    """Mostly capitalised words, no sentence punctuation: "Jane Doe and John Roe, Reuters"."""
    joiners = furniture().name_joiners
    words = [w for w in text.replace(",", " ").split() if w.casefold() not in joiners]
    if not words or not capitalised(words[0]) or any(c in text for c in "?!"):
        return False
    return sum(map(capitalised, words)) >= 0.6 * len(words)


# --- the data ---------------------------------------------------------------------------------
def _alt(phrases: list[str]) -> str:
    # Longest first so "read also" wins over "read"; a space becomes \s+ and " ?" (French
    # "Source :") \s*, one quantifier each.
    return "|".join(
        p.replace(" ?", "\0").replace(" ", r"\s+").replace("\0", r"\s*")
        for p in sorted(set(phrases), key=len, reverse=True)
    )


def _compile(template: str, phrases: list[str]) -> re.Pattern[str] | None:
    return re.compile(template.format(_alt(phrases)), re.IGNORECASE) if phrases else None


_FURNITURE_DIR = resources.files("curator.suggest") / "furniture"


def load_furniture(text: str, source: str) -> dict[str, dict[str, list[str]] | list[str]]:
    """The tables and lists of one language file; unknown keys and families are refused."""
    data = tomllib.loads(text)
    for key, value in data.items():
        if key == "lang":
            continue
        if key in _TABLES:
            unknown = sorted(set(value) - set(FAMILIES))
            if unknown:
                raise ValueError(f"{source}: [{key}]: unknown family {unknown[0]!r}")
        elif key not in _LISTS:
            raise ValueError(f"{source}: unknown key {key!r}")
    return data


_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class Furniture:
    """The compiled phrase families and lists of every language."""

    starts: dict[str, re.Pattern[str]]
    """Family -> pattern of its line openers (after leading punctuation)."""
    words: dict[str, re.Pattern[str]]
    """Family -> bare words followed by the line's end, a separator or a count."""
    lines: dict[str, re.Pattern[str]]
    """Family -> whole normalised lines."""
    anywhere: dict[str, re.Pattern[str]]
    """Family -> phrases found anywhere in a short line."""
    ends: dict[str, re.Pattern[str]]
    """Family -> a paragraph's whole last sentence."""
    bracketed: dict[str, re.Pattern[str]]
    """Family -> openers of a line wrapped in brackets."""
    by: re.Pattern[str]
    """An author-line opener, to be followed by names ("By ")."""
    by_label: re.Pattern[str]
    """An author label and its ":" or dash ("Author: ")."""
    by_alone: re.Pattern[str]
    """A whole normalised line that is an author label ("article written by")."""
    stamp: re.Pattern[str]
    """A date-stamp opener ("Published")."""
    roles: re.Pattern[str]
    """A reporter role opening a bracketed byline ("Reporter")."""
    bio_verb: re.Pattern[str]
    """What follows a name in an author bio ("covers")."""
    bio_copula: re.Pattern[str]
    """A copula after a name, before a profession ("is")."""
    profession: re.Pattern[str]
    """A profession word, searched for after `bio_copula`."""
    month: re.Pattern[str]
    """A month name (prefix)."""
    agencies: frozenset[str]
    """News and photo agency names, case-folded."""
    function_words: frozenset[str]
    """Function words, case-folded (a line holding one is not a bare name)."""
    name_joiners: frozenset[str]
    """Lower-case words that may join the parts of names ("de", "van", "and")."""


def _build(files: list[dict[str, dict[str, list[str]] | list[str]]]) -> Furniture:
    tables: dict[str, dict[str, list[str]]] = {t: {} for t in _TABLES}
    lists: dict[str, list[str]] = {name: [] for name in _LISTS}
    for data in files:
        for key, value in data.items():
            if key in _TABLES and isinstance(value, dict):
                for family, phrases in value.items():
                    tables[key].setdefault(family, []).extend(phrases)
            elif key in _LISTS and isinstance(value, list):
                lists[key].extend(value)
    templates = {
        "starts": r"^[^\w©]*(?:{})(?!(?<=\w)\w)",
        "words": r"^[^\w]*(?:{})(?!\w)\s*(?:$|[:|›»>/·•–—-]|\(\d+\)|\d+$)",
        "lines": r"(?:{})",
        "anywhere": r"(?<!\w)(?:{})(?!\w)",
        "ends": r"(?:{})",
        "bracketed": r"^[^\w]*(?:{})(?!(?<=\w)\w)",
    }
    compiled = {
        table: {
            family: pattern
            for family in FAMILIES
            if (pattern := _compile(templates[table], tables[table].get(family, [])))
        }
        for table in _TABLES
    }
    lists_re = {
        "by": r"^(?:{})(?!\w)\s*",
        "by_label": r"^(?:{})\s*[:—–-]\s*",
        "by_alone": r"(?:{})",
        "stamp": r"^(?:{})(?!\w)",
        "roles": r"^(?:{})(?!\w)\s*",
        "bio_verb": r"^(?:{})(?!\w)",
        "bio_copula": r"^(?:{})(?!\w)",
        "profession": r"(?<!\w)(?:{})(?!\w)",
        "month": r"(?<!\w)(?:{})\w*",
    }
    sources = {
        "bio_verb": "bio_verbs",
        "bio_copula": "bio_copulas",
        "profession": "professions",
        "month": "months",
    }
    patterns = {
        name: _compile(template, lists[sources.get(name, name)]) or _NEVER
        for name, template in lists_re.items()
    }
    sets = {
        name: frozenset(w.casefold() for w in lists[name])
        for name in ("agencies", "function_words", "name_joiners")
    }
    return Furniture(**compiled, **patterns, **sets)


@cache
def furniture() -> Furniture:
    """The families of every `furniture/*.toml` file of the package (read once)."""
    files = [
        load_furniture(entry.read_text(encoding="utf-8"), entry.name)
        for entry in sorted(_FURNITURE_DIR.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    ]
    return _build(files)


# --- matching one line ------------------------------------------------------------------------
_STRIP = " \t.:;!…•|·*-–—_=~#>»«›‹()[]{}\"'“”„‘’"
_ARROWS = frozenset("➥→▶►⟶➔➜➤↗⇒")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _norm(line: str) -> str:
    return " ".join(line.strip(_STRIP).casefold().split())


def _rest_ok(family: str, phrase: str, rest: str) -> bool:
    """May `rest` follow the opener `phrase` in a furniture line of `family`?"""
    if family in {"credit", "contributor"}:  # "Photo: Jane Doe / Reuters", "Editing by Jane Doe"
        tail = rest.strip(" :：-–—|.…")  # not "Photo evidence shows", "Research by X found"
        return bool(tail) and (looks_like_names(tail) or agency_at_end(tail))
    if family == "provenance":  # a long sentence is text: "Based on materials of the …, …"
        specific = len(phrase.split()) >= 4 or phrase.rstrip().endswith(":")
        return specific or len(rest.split()) <= 10
    if family in {"correction", "feedback", "update_notice"}:
        return True
    # A teaser is a title ("Read also The summit in numbers"); a sentence ending with a
    # period or a colon is text ("Read the full statement below:", "Share the burden.").
    words = [w for w in rest.split() if any(c.isalpha() for c in w)]
    lower_clause = len(words) >= 3 and not capitalised(words[0])
    sentence = bool(words) and (last_char(rest) in {".", ":"} or lower_clause)
    teaser = family in {"read_more", "navigation", "sharing"}
    if teaser and sentence and not _SEPARATOR_RE.match(rest):
        return phrase.rstrip().endswith(":")
    if any(c.isspace() or c in ":©" for c in phrase) or _SEPARATOR_RE.match(rest):
        return True
    # A bare word may only be followed by names or counts: "Comments (3)", "Related".
    words = rest.split()
    return len(rest) <= 40 and all(capitalised(w) or not w[0].isalpha() for w in words)


def _max_chars(family: str) -> int:
    if FAMILIES[family][0] == "source_note":
        return _MAX_CHARS.get(family, 400)
    return _MAX_CHARS.get(family, 100)


def agency_at_end(line: str) -> bool:
    """Does the line end with "/ Reuters", "/AFP/Getty Images" or consist of an agency name?"""
    tail = re.split(r"[/|]", line.strip().rstrip(".)]"))[-1]
    return _norm(tail) in furniture().agencies


def line_family(line: str) -> str | None:
    """The family of one line of a paragraph (`FAMILIES`), or None."""
    f = furniture()
    norm = _norm(line)
    if not any(c.isalnum() for c in line):
        return "image_label"  # "." "***" "* * *" "___": separators and stray marks
    if len(line) <= 80:
        for family, pattern in f.lines.items():
            if pattern.fullmatch(norm):
                return family
    inner = line.strip()
    if inner[:1] in "([" and inner[-1:] in ")]" and len(inner.split()) <= 15:
        inner = inner[1:-1].strip()
        for family, pattern in f.bracketed.items():
            if pattern.match(inner):
                return family
    for family, pattern in f.starts.items():
        if len(inner) > _max_chars(family):
            continue
        m = pattern.match(inner)
        if m and _rest_ok(family, m.group(0), inner[m.end() :]):
            return family
    if len(inner.split()) <= 12 and "/" in inner and agency_at_end(inner):
        # "Jane Doe / Reuters", "Photo: Marcos Brindicci/AFP"; not a caption sentence.
        who = inner.split("/", 1)[0].rpartition(":")[2].strip()
        if who and looks_like_names(who) and "." not in who.rstrip("."):
            return "credit"
    if len(inner.split()) <= 12 and inner[-1] in _ARROWS:
        return "navigation"  # "See the original ➥": a link teaser
    if len(inner) <= 100:
        for family, pattern in f.words.items():
            if pattern.match(inner):
                return family
    if len(inner) <= 160 and len(inner.split()) <= 15:
        for family, pattern in f.anywhere.items():
            if last_char(inner) == "." and family not in _ANYWHERE_AFTER_PERIOD:
                continue
            if pattern.search(inner):
                return family
    return None


def ends_family(text: str) -> str | None:
    """The family of a short paragraph's last sentence ("… Check it out here."), or None."""
    if len(text.split()) > 60:
        return None
    last = _norm(_SENTENCE_END.split(text.strip())[-1])
    for family, pattern in furniture().ends.items():
        if pattern.fullmatch(last):
            return family
    return None
