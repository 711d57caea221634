"""Guess the structural kind of each paragraph of an imported article.

Kinds: ``body``, ``heading``, ``boilerplate`` (web page furniture), ``byline`` (author, date or
agency line, author bio) and ``source_note`` (source, reprint, translation or photo credit,
correction note). The guess is only a starting point; the editor can change it. A paragraph is
first judged alone (phrase families of `curator.suggest.kind_rules`, whose phrase lists are
data files, one per language), then by its neighbours: a run of short lines is a link list, a
name under an image label is its credit, short lines after the last body paragraph are page
furniture. All regexes are linear (no nested quantifiers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from curator.suggest.kind_rules import (
    FAMILIES,
    OPENERS,
    capitalised,
    ends_family,
    furniture,
    last_char,
    line_family,
    lines_of,
    looks_like_names,
    name_word,
)
from curator.suggest.lexicon import LEXICONS

__all__ = ["KindGuess", "ParagraphKindName", "guess_kinds", "title_first_of"]

ParagraphKindName = Literal["body", "heading", "boilerplate", "byline", "source_note"]


@dataclass(frozen=True, slots=True)
class KindGuess:
    kind: ParagraphKindName
    reason: str  # short, shown to the editor


_NUM_DATE_RE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")  # 17.05.2022
_YEAR_RE = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_DAY_RE = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_SENTENCE_BREAK_RE = re.compile(r"(?<=\w\w\w)[.!?…][\"”’»)]*\s+(?=[^\W\d_])")
_WORD_RE = re.compile(r"\w+")
_REPORTING = frozenset(v for lex in LEXICONS.values() for v in lex.verbs if " " not in v)
"""One-word reporting verbs of the speaker lexicons ("said", "dijo"): not in an author bio
or a heading."""
_PRONOUNS = frozenset(p for lex in LEXICONS.values() for p in lex.pronouns if " " not in p)
"""Subject pronouns ("he", "elle"): a line opening with one is a sentence, not a heading."""
_LINK_HEADERS = frozenset(FAMILIES[f][1] for f in ("navigation", "read_more"))
"""Reasons of the furniture lines that head a list of links ("Related", "Read also")."""
_BULLETS = "•·▪‣◦*-–—"
_SENTENCE_END = {".", "!", "?", "…"}


# --- one paragraph alone ----------------------------------------------------------------------
def _is_date_stamp(line: str) -> bool:
    """A "Published: …" line with a number, or a short line that is mostly a date/time."""
    f = furniture()
    if f.stamp.match(line) and len(line) <= 80:
        return any(c.isdigit() for c in line) or len(line.split()) <= 3
    if len(line) > 60 or last_char(line) == ".":
        return False
    if sum(any(c.isalpha() for c in w) for w in line.split()) > 5:
        return False
    day_month_year = f.month.search(line) and _DAY_RE.search(line) and _YEAR_RE.search(line)
    return bool(_NUM_DATE_RE.search(line) or day_month_year)


def _is_dateline(line: str) -> bool:
    """A dateline alone: "MOSCOW (AP) —", "PARIS, May 5 —"."""
    bare = line.rstrip(" —–-")
    words = bare.split()
    if bare == line or not words or len(words) > 6:
        return False
    first = words[0].rstrip(",")
    return len(first) >= 2 and first.isalpha() and first.isupper()


def _is_bracketed_byline(line: str) -> bool:
    """ "(Reuters)", "[AFP]", "(Reporter Jane Doe)": an agency or reporter line in brackets."""
    if line[:1] not in "([" or line[-1:] not in ")]" or len(line) > 120:
        return False
    if line_family(line) is not None:  # "(Developing)", "(Photo: …)"
        return False
    inner = line[1:-1].strip()
    if inner.casefold() in furniture().agencies:  # "(dpa)"
        return True
    if m := furniture().roles.match(inner):
        return looks_like_names(inner[m.end() :])
    words = inner.split()
    return 1 <= len(words) <= 5 and not any(c.isdigit() for c in inner) and looks_like_names(inner)


def _is_byline_line(line: str) -> bool:
    f = furniture()
    if _is_date_stamp(line) or _is_dateline(line) or _is_bracketed_byline(line):
        return True
    if len(line.split()) > 12 or len(line) > 120 or last_char(line) == ".":
        return False
    norm = " ".join(line.strip(" :—–-").casefold().split())
    if f.by_alone.fullmatch(norm) or norm in f.agencies:
        return True
    for pattern in (f.by_label, f.by):
        if (m := pattern.match(line)) and looks_like_names(line[m.end() :]):
            return True
    name, sep, org = line.partition(",")  # "Jane Doe, Reuters"
    names_ok = sep and looks_like_names(line) and all(map(name_word, name.split()))
    return bool(names_ok) and 2 <= len(name.split()) <= 4 and 1 <= len(org.split()) <= 4


def _static_kind(text: str) -> KindGuess | None:
    """Kinds decided by the paragraph alone (no neighbours): markers and phrase lists."""
    lines = lines_of(text)
    if not lines:
        return KindGuess("boilerplate", "empty paragraph")
    if len(lines) == 1 and re.match(r"#{1,6}\s+\S", lines[0]):
        return KindGuess("heading", "Markdown heading")
    families = [line_family(ln) for ln in lines]
    first = families[0]
    if first and FAMILIES[first][0] != "boilerplate" and len(text.split()) <= 80:
        kind, reason = FAMILIES[first]
        return KindGuess(kind, reason)
    if len(lines) <= 3 and all(map(_is_byline_line, lines)):
        return KindGuess("byline", "date stamp" if _is_date_stamp(lines[0]) else "author line")
    if first and all(len(ln) <= 300 for ln in lines):
        header_only = len(lines[0].split()) <= 4 and len(lines) <= 12
        if all(families) or header_only:
            return KindGuess("boilerplate", FAMILIES[first][1])
    if (family := ends_family(text)) is not None:
        return KindGuess("boilerplate", FAMILIES[family][1])
    return None


def _name_only(text: str) -> bool:
    """A line that is only a name ("Jane Doe", "West Ridge Police"): a caption or credit."""
    lines = lines_of(text)
    if len(lines) != 1 or len(lines[0]) > 60:
        return False
    words = lines[0].split()
    if not 2 <= len(words) <= 4 or any(w.casefold() in furniture().function_words for w in words):
        return False
    return all(name_word(w) for w in words)


def _is_bio(text: str) -> bool:
    """An author bio: a name, then "covers …" or "is a reporter …" ("es politólogo …")."""
    f = furniture()
    words = text.split()
    if len(words) > 80:
        return False
    n = 0
    while n < min(4, len(words)) and name_word(words[n]) and not words[n].endswith(","):
        n += 1
    if n < 2:
        return False
    rest = " ".join(words[n:])
    if any(c in text for c in '"“”«»„') or not _REPORTING.isdisjoint(
        _WORD_RE.findall(_SENTENCE_BREAK_RE.split(text)[0].casefold())
    ):
        return (
            False  # a quote, or a reporting verb in the first sentence: "… is a lawyer, she said."
        )
    if f.bio_verb.match(rest):
        return True
    if m := f.bio_copula.match(rest):
        return bool(f.profession.search(" ".join(rest[m.end() :].split()[:5])))
    return False


def _title_shape(text: str) -> bool:
    """Paragraph 0 that may be the title: one short line, no final period, one sentence."""
    lines = lines_of(text)
    if len(lines) != 1 or len(lines[0]) > 200 or len(lines[0].split()) > 25:
        return False
    first = lines[0][0]
    opens_ok = first.isupper() or first.isdigit() or first in OPENERS
    return (
        opens_ok
        and last_char(lines[0]) not in {".", ",", ";", ":", "…"}
        and not (_SENTENCE_BREAK_RE.search(lines[0]))
    )


def _heading_shape(text: str) -> bool:
    """One short line, capital/digit/quote first, no final ``.`` ``,`` ``;`` ``:`` ``…``, and
    one sentence, not shaped as a reported one (a subject pronoun first, a reporting verb)."""
    lines = lines_of(text)
    if len(lines) != 1 or len(lines[0]) > 100 or len(lines[0].split()) > 12:
        return False
    first = lines[0][0]
    opens_ok = first.isupper() or first.isdigit() or first in OPENERS
    if not opens_ok or last_char(lines[0]) in {".", ",", ";", ":", "…"}:
        return False
    if _SENTENCE_BREAK_RE.search(lines[0]):
        return False  # two sentences: "Boats at the pier. Credit Jane Doe/Reuters"
    words = _WORD_RE.findall(lines[0].casefold())
    return bool(words) and words[0] not in _PRONOUNS and _REPORTING.isdisjoint(words)


def _running_text(text: str) -> bool:
    return len(text.split()) > 12 or last_char(text) in _SENTENCE_END


def _short_line(text: str) -> bool:
    """A short one-line paragraph without final punctuation (a link, a headline, a label)."""
    lines = lines_of(text)
    return (
        len(lines) == 1
        and len(lines[0]) <= 120
        and len(lines[0].split()) <= 15
        and last_char(lines[0]) not in {".", ",", ";", ":", "…"}
    )


def title_first_of(title: str | None, first: str) -> bool | None:
    """Is paragraph 0 the article title? True when the given `title` is paragraph 0 (or its
    first line), False when the title is separate from the text, None when no title was given
    (paragraph 0 is then judged by its shape, see `guess_kinds`)."""
    if title is None:
        return None
    title = " ".join(title.split())
    return title in (" ".join(first.split()), " ".join(first.split("\n", 1)[0].split()))


def _title_case(line: str) -> bool:
    """Headline capitalisation: most words of four letters or more are capitalised."""
    long_words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 4]
    return len(long_words) >= 2 and sum(map(capitalised, long_words)) >= 0.7 * len(long_words)


# --- the article ------------------------------------------------------------------------------
def guess_kinds(paragraphs: Sequence[str], *, title_first: bool | None = True) -> list[KindGuess]:
    """One guess per paragraph, in order. ``title_first``: paragraph 0 is the article title
    (True), is not (False), or may be (None: judged by its shape, as a title when it has one)."""
    texts = [p if isinstance(p, str) else str(p) for p in paragraphs]
    static = [_static_kind(t) for t in texts]
    if texts and title_first:
        static[0] = KindGuess("heading", "article title")
    elif texts and title_first is None and static[0] is None and _title_shape(texts[0]):
        static[0] = KindGuess("heading", "article title (first line)")
    first_body = next(
        (
            i
            for i, (t, s) in enumerate(zip(texts, static, strict=True))
            if not s and _running_text(t)
        ),
        len(texts),
    )
    guesses: list[KindGuess] = []
    names = [i for i, t in enumerate(texts) if static[i] is None and _name_only(t)]
    # Several bare names, each followed by running text: section heads of a profile list.
    names_are_heads = len(names) >= 2 and all(_followed_by_body(texts, static, i) for i in names)
    for i, text in enumerate(texts):
        if (known := static[i]) is not None:
            guesses.append(known)
        elif i in names and not names_are_heads and i > 0:
            guesses.append(_name_kind(guesses, i, first_body, len(texts)))
        elif i > first_body and _only_furniture_after(texts, static, i) and _is_bio(text):
            guesses.append(KindGuess("byline", "author bio"))
        elif _heading_shape(text) and _followed_by_body(texts, static, i):
            guesses.append(KindGuess("heading", "short line without final period"))
        else:
            guesses.append(KindGuess("body", "running text"))
    _link_runs(texts, guesses, static, first_body)
    _head_bylines(texts, guesses, first_body)
    _embedded_credits(texts, guesses, static)
    _trailing_furniture(texts, guesses, 1 if title_first else 0)
    return guesses


def _name_kind(guesses: list[KindGuess], i: int, first_body: int, n: int) -> KindGuess:
    """A bare name: a caption under a heading, a credit after a caption or image label, a
    signature after the article."""
    before = guesses[i - 1].kind
    if before == "heading":
        return KindGuess("boilerplate", "caption that is only a name")
    if i == n - 1 and i > first_body and before == "body":
        return KindGuess("byline", "name after the article")
    return KindGuess("source_note", "credit under an image or caption")


def _only_furniture_after(texts: list[str], static: list[KindGuess | None], i: int) -> bool:
    """Is every later paragraph furniture or a short line (an author bio ends the article)?"""
    return all(static[k] is not None or _short_line(texts[k]) for k in range(i + 1, len(texts)))


def _followed_by_body(texts: list[str], static: list[KindGuess | None], i: int) -> bool:
    """Is the next paragraph (skipping bylines and source notes) running text?"""
    for text, guess in zip(texts[i + 1 :], static[i + 1 :], strict=True):
        if guess is None:
            return _running_text(text)
        if guess.kind not in {"byline", "source_note"}:
            return False
    return False


def _link_runs(
    texts: list[str], guesses: list[KindGuess], static: list[KindGuess | None], first_body: int
) -> None:
    """Three or more short lines in a row after the article began: a list of links or
    related headlines, when the loose lines are in title case or the run already holds three
    furniture lines (a list introduced by a line ending with ":" is text)."""
    i = first_body + 1
    while i < len(texts):
        j = i
        while j < len(texts) and guesses[j].kind in {"body", "heading", "boilerplate"}:
            if not _short_line(texts[j]) or texts[j].lstrip()[:1] in _BULLETS:
                break
            j += 1
        run = range(i, j)
        loose = [k for k in run if static[k] is None]
        headlines = len(loose) >= 2 and all(_title_case(texts[k]) for k in loose)
        furniture_lines = len(run) - len(loose)
        introduced = last_char(texts[i - 1]) == ":"
        # "Related" / "Mehr zum Thema" heading the run: the short lines under it are its links,
        # except a last one that heads running text (the article's next section).
        header = static[i] is not None and static[i].reason in _LINK_HEADERS
        next_head = bool(loose) and guesses[loose[-1]].kind == "heading"
        if header and next_head and not (headlines or furniture_lines >= 3):
            loose.pop()
        if len(run) >= 3 and (headlines or header or furniture_lines >= 3) and not introduced:
            for k in loose:
                guesses[k] = KindGuess("boilerplate", "list of links or headlines")
        i = j + 1


def _head_bylines(texts: list[str], guesses: list[KindGuess], first_body: int) -> None:
    """Before the body, a short capitalised line next to a byline is part of it ("France 2")."""
    for i in range(1, min(first_body, 5)):
        caption = guesses[i].reason == "caption that is only a name"
        if guesses[i].kind not in {"body", "heading"} and not caption:
            continue
        words = texts[i].split()
        near = {guesses[k].kind for k in (i - 1, i + 1) if 0 < k < len(texts)}
        short = len(words) <= 3 and all(map(capitalised, words))
        if "byline" in near and short and last_char(texts[i]) not in _SENTENCE_END | {":"}:
            guesses[i] = KindGuess("byline", "next to a byline")


def _embedded_credits(
    texts: list[str], guesses: list[KindGuess], static: list[KindGuess | None]
) -> None:
    """A bare platform name ("Facebook") between body paragraphs credits an embedded post."""
    share = furniture().starts["sharing"]
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and static[j] == KindGuess("boilerplate", "sharing buttons"):
            if len(texts[j].split()) != 1 or share.match(texts[j].strip()):
                break  # "Share", "Sdílet": a button, not the name of a platform
            j += 1
        between_body = 0 < i < j < len(texts) and guesses[i - 1].kind == guesses[j].kind == "body"
        if between_body:
            for k in range(i, j):
                guesses[k] = KindGuess("source_note", "credit of an embedded post")
        i = j + 1


def _trailing_furniture(texts: list[str], guesses: list[KindGuess], start: int) -> None:
    """Short, period-less paragraphs after the last real body paragraph."""
    candidates: list[int] = []
    for i in range(len(texts) - 1, start - 1, -1):
        if guesses[i].kind != "body":
            continue
        lines = lines_of(texts[i])
        if all(len(ln.split()) <= 8 and last_char(ln) not in {".", "…"} for ln in lines):
            candidates.append(i)
        else:
            for j in candidates:
                guesses[j] = KindGuess("boilerplate", "trailing page furniture")
            break
