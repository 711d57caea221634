"""Word-level errors: words left untranslated, names spelled two ways or in lower case.

The word lists are data (`mt_words.toml` beside this module). Every check is one pass over
the tokens of the article, plus dictionary look-ups.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from importlib import resources

from curator.domain.text import sentence_bounds
from curator.suggest.base import Suggestion, make
from curator.suggest.errors_common import SUGGESTER, error, errors_of
from curator.suggest.lexicon import EN
from curator.suggest.names import MIN_LENGTH, is_spelling_variant, spelling_keys

__all__ = [
    "ise_ize",
    "lowercased_names",
    "name_spellings",
    "source_words",
    "target_script",
    "untranslated_script",
]

_DATA = tomllib.loads(
    (resources.files("curator.suggest") / "mt_words.toml").read_text(encoding="utf-8")
)
_SOURCE_WORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    lang: (frozenset(d["words"]), frozenset(d.get("particles", ())))
    for lang, d in _DATA["untranslated"].items()
}
"""Source language -> (function words that are not English, name particles among them)."""
_ENGLISH_LOANS = frozenset(_DATA["english"]["english_loans"])
_GIVEN_NAMES = frozenset(_DATA["english"]["given_names"])
_INSTITUTIONS = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(
        _DATA["english"]["institutions"], key=len, reverse=True)) + r")(?![\w-])"
)  # fmt: skip
_FOREIGN_PHRASES = frozenset(
    {("et", "al"), ("et", "cetera"), ("de", "facto"), ("de", "jure"), ("per", "se"),
     ("du", "jour"), ("de", "rigueur"), ("la", "carte"), ("de", "novo"), ("se", "habla")}
)  # fmt: skip
"""Latin and French phrases English uses as they are."""
_SHORT_QUOTE = re.compile(r"[“«„\"](?:[^\s“”«»„\"]+\s){0,3}[^\s“”«»„\"]+[”»“\"]")
"""A quoted title of one to four words."""
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_NOT_FIRST_NAMES = frozenset({"however", "but", "and", "when", "after", "before", "in", "on",
                              "although", "while", "since", "said", "says"})  # fmt: skip
# fmt: off
_FOLLOWS_A_NAME = frozenset(_DATA["english"]["follows_a_name"])
"""Words that follow a given name in ordinary English: not a lower-cased surname."""
_TITLES = EN.word_sets["titles"] | EN.word_sets["honorifics"] | frozenset({"us", "u.s.", "uk"})
_DETERMINERS = EN.word_sets["determiners"] | frozenset(
    {"the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "my", "your",
     "every", "each", "any", "some", "no", "one", "new", "first", "last", "next", "other",
     "another"}
)  # fmt: skip
_ISE_IZE = re.compile(r"(?<!\w)(?P<stem>[a-z]{3,})i[sz](?P<end>ations?|ing|ed|es|ers?|e)(?!\w)", re.IGNORECASE)
_SCRIPTS: dict[str, str] = {
    "Cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "Greek": "\u0370-\u03ff\u1f00-\u1fff",
    "Arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Hebrew": "\u0590-\u05ff",
    "Armenian": "\u0530-\u058f",
    "Georgian": "\u10a0-\u10ff",
    "Devanagari": "\u0900-\u097f",
    "Thai": "\u0e00-\u0e7f",
    "CJK": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff",
    "Latin": "A-Za-z\u00c0-\u024f",
}
_SCRIPT_RE = {name: re.compile(f"[{chars}]+") for name, chars in _SCRIPTS.items()}
_LANG_SCRIPT = {
    "ru": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic", "bg": "Cyrillic", "sr": "Cyrillic",
    "mk": "Cyrillic", "kk": "Cyrillic", "ky": "Cyrillic", "tg": "Cyrillic", "mn": "Cyrillic",
    "el": "Greek", "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew",
    "hy": "Armenian", "ka": "Georgian", "hi": "Devanagari", "th": "Thai", "zh": "CJK",
    "ja": "CJK", "ko": "CJK",
}
_SLAVIC_ENDING = re.compile(r"(?:iy|yi|yy|ii|ij|y|i)$")
"""Transliterations of -ий/-ій/-ый: Kovalsky, Kovalskyi, Kovalskyy, Kovalskiy."""
# fmt: on


def target_script(texts: list[str], lang: str | None) -> str:
    """The script the text should be in: from its language, else the most common one."""
    if lang:
        return _LANG_SCRIPT.get(lang.split("-")[0].lower(), "Latin")
    counts: Counter[str] = Counter()
    for text in texts[:40]:
        for name, rx in _SCRIPT_RE.items():
            counts[name] += sum(len(m.group()) for m in rx.finditer(text[:5000]))
    return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else "Latin"


def untranslated_script(text: str, p: int, target: str) -> list[Suggestion]:
    """Runs of another script (Cyrillic in English); a paragraph mostly in it is a
    non-translation."""
    letters = sum(ch.isalpha() for ch in text)
    out: list[Suggestion | None] = []
    for name, rx in _SCRIPT_RE.items():
        if name == target or (name == "Latin" and target != "Latin"):
            continue
        runs: list[list[int]] = []
        for m in rx.finditer(text):
            if (
                runs
                and 0 < m.start() - runs[-1][1] <= 2
                and text[runs[-1][1] : m.start()] in (" ", "-", ", ", " - ")
            ):
                runs[-1][1] = m.end()
                runs[-1][2] += 1
            else:
                runs.append([m.start(), m.end(), 1])
        foreign = sum(b - a for a, b, _ in runs)
        if letters >= 20 and foreign > letters / 2:
            reason = f"the paragraph is mostly in {name} script: not translated"
            s = make(text, p, 0, len(text), "translation_error",
                     {"category": "Non-translation", "severity": "critical"}, reason, SUGGESTER)  # fmt: skip
            return [s] if s else []
        for a, b, n in runs:
            if b - a < 2:
                continue
            severity = "major" if n >= 3 else "minor"
            reason = f"{name} {'words' if n > 1 else 'word'} left untranslated"
            out.append(error(text, p, a, b, "Accuracy/Untranslated", severity, reason))
    return errors_of(out)


def source_words(text: str, p: int, source: str | None) -> list[Suggestion]:
    """Function words of the source language left in English ("Verdes ya Unidos",
    "Da they stand"), and lower-case words with letters English does not use."""
    if source is None or source == "en":
        return []
    words, particles = _SOURCE_WORDS.get(source, (frozenset(), frozenset()))
    starts = {a for a, _ in sentence_bounds(text)}
    tokens = list(_TOKEN.finditer(text))
    # Short quoted titles keep their own language (the show “heute journal”).
    titles = [m.span() for m in _SHORT_QUOTE.finditer(text)]
    out: list[Suggestion | None] = []
    for k, m in enumerate(tokens):
        t = bisect.bisect_left(titles, (m.start(), 0)) - 1
        if t >= 0 and titles[t][0] < m.start() < titles[t][1]:
            continue
        w = m.group()
        low = w.casefold()
        prev = tokens[k - 1].group() if k else ""
        nxt = tokens[k + 1].group() if k + 1 < len(tokens) else ""
        adjacent = k + 1 < len(tokens) and text[m.end() : tokens[k + 1].start()] == " "
        if (low, nxt.casefold()) in _FOREIGN_PHRASES or (prev.casefold(), low) in _FOREIGN_PHRASES:
            continue
        initial = m.start() in starts
        if low in words:
            if w != low and not (initial and adjacent and nxt.islower()):
                continue  # capitalised inside a sentence: part of a name
            if low in particles and not (
                adjacent and nxt.islower() and (initial or prev.islower())
            ):
                continue  # "de la Vega", "von der Leyen", "Da Silva"
            reason = f"“{w}” is a {source} word left untranslated"
            out.append(error(text, p, m.start(), m.end(), "Accuracy/Untranslated", "minor", reason))
        elif w.islower() and not w.isascii() and low not in _ENGLISH_LOANS and len(w) >= 3:
            if all(ch.isascii() or ch in "’'-" for ch in w):
                continue
            reason = f"“{w}” is not an English word: left untranslated?"
            out.append(error(text, p, m.start(), m.end(), "Accuracy/Untranslated", "minor", reason))
    return errors_of(out)


def lowercased_names(texts: list[str], skipped: set[int]) -> list[Suggestion]:
    """A surname or an institution written in lower case ("Donald trump", "the state duma"):
    the source language writes it so, English never does."""
    out: list[Suggestion | None] = []
    surnames: dict[str, str] = {}  # lower-case surname -> the given name seen before it
    hits: set[tuple[int, int]] = set()
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        tokens = list(_TOKEN.finditer(text))
        for k in range(len(tokens) - 1):
            first, last = tokens[k], tokens[k + 1]
            given, w = first.group(), last.group()
            before = tokens[k - 1].group() if k else ""
            if (
                given[:1].isupper()
                and not (before[:1].isupper() and before.casefold() not in _TITLES)
                and before.casefold() not in _DETERMINERS  # "a Mario game": a modifier
                and given[1:].islower()
                and given.casefold() in _GIVEN_NAMES
                and text[first.end() : last.start()] == " "
                and w.islower()
                and len(w) >= 3
                and w not in _FOLLOWS_A_NAME
                and not w.endswith(("ed", "ly", "ing"))
            ):
                surnames.setdefault(w, given)
        for m in _INSTITUTIONS.finditer(text):
            if m.group().islower():
                name = m.group().title().replace(" Of ", " of ").replace(" The ", " the ")
                reason = f"“{m.group()}” is a name: English writes it “{name}”"
                out.append(
                    error(text, p, m.start(), m.end(), "Fluency/Spelling", "minor", reason, name)
                )
    if not surnames:
        return errors_of(out)
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        for m in _TOKEN.finditer(text):
            w = m.group()
            if (
                w in surnames
                and (p, m.start()) not in hits
                and text[max(0, m.start() - 12) : m.start()].split()[-1:] != [surnames[w]]
                and _preceding_word(text, m.start()) in _DETERMINERS
            ):
                continue  # "the game": the word used as a common noun
            if w in surnames and (p, m.start()) not in hits:
                hits.add((p, m.start()))
                before = text[max(0, m.start() - 40) : m.start()].split()
                a = m.start()
                if before and before[-1] == surnames[w]:
                    a = m.start() - len(surnames[w]) - 1  # "Donald trump" as one span
                fix = w.capitalize()
                reason = f"the surname “{fix}” is written in lower case"
                full = text[a : m.end()].replace(w, fix)
                out.append(error(text, p, a, m.end(), "Fluency/Spelling", "minor", reason, full))
    return errors_of(out)


def _preceding_word(text: str, at: int) -> str:
    words = text[max(0, at - 30) : at].split()
    return words[-1].casefold() if words else ""


def name_spellings(texts: list[str], skipped: set[int]) -> list[Suggestion]:
    """One capitalised name spelled two ways in the article (Lukashenko / Lukashenka)."""
    not_first_names = EN.word_sets["titles"] | EN.word_sets["determiners"] | _NOT_FIRST_NAMES
    # word -> [(paragraph, start, end, at a sentence start, after a first name)]
    occurrences: dict[str, list[tuple[int, int, int, bool, bool]]] = {}
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        starts = {a for a, _ in sentence_bounds(text)}
        prev: re.Match[str] | None = None
        for m in re.finditer(r"\w+", text):
            w = m.group()
            if MIN_LENGTH <= len(w) <= 30 and w[0].isupper() and w[1:].islower() and w.isalpha():
                before = text[m.start() - 1 : m.start()]
                initial = m.start() in starts or (before in '“«"„' and m.start() - 1 in starts)
                full = (
                    prev is not None
                    and text[prev.end() : m.start()] == " "
                    and prev.group().istitle()
                    and prev.group().isalpha()
                    and prev.group().casefold() not in not_first_names
                )
                occurrences.setdefault(w, []).append((p, m.start(), m.end(), initial, full))
            prev = m
    # Words that could be variants share a key with one variable letter blanked or dropped;
    # Slavic adjectival surnames also share their stem without the -y/-yi/-iy ending.
    buckets: dict[str, list[str]] = {}
    for w in occurrences:
        for key in spelling_keys(w):
            buckets.setdefault(key, []).append(w)
        if len(w) >= 7 and re.search(r"sk(?:iy|yi|yy|ii|ij|y|i)$|ck(?:iy|yi|y|i)$", w):
            buckets.setdefault("slavic:" + _SLAVIC_ENDING.sub("", w), []).append(w)
    parent = {w: w for w in occurrences}

    def root(w: str) -> str:
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    for key, ws in buckets.items():
        if 2 <= len(ws) <= 6:
            for x in ws:
                for y in ws:
                    if x < y and (key.startswith("slavic:") or is_spelling_variant(x, y)):
                        parent[root(x)] = root(y)
    # A form also written in lower case is an ordinary word (While / Whole, Store / Story).
    lower = {m.group() for i, t in enumerate(texts) if i not in skipped
             for m in re.finditer(r"(?<![\w’'-])[a-z]{5,}(?![\w-])", t)}  # fmt: skip
    groups: dict[str, list[str]] = {}
    for w in occurrences:
        if w.casefold() not in lower:
            groups.setdefault(root(w), []).append(w)
    out: list[Suggestion | None] = []
    for forms in groups.values():
        if len(forms) < 2 or all(o[3] for w in forms for o in occurrences[w]):
            continue  # only ever at the start of a sentence: likely ordinary words
        forms.sort(key=lambda w: occurrences[w][0][:2])
        with_first_name = [w for w in forms if any(o[4] for o in occurrences[w])]
        canon = (
            with_first_name[0] if with_first_name else max(forms, key=lambda w: len(occurrences[w]))
        )
        where = occurrences[canon][0][0] + 1
        for w in forms:
            if w == canon:
                continue
            for p, a, b, _, _ in occurrences[w]:
                reason = f"“{w}” is spelled “{canon}” elsewhere in the article (¶{where})"
                out.append(
                    error(texts[p], p, a, b, "Fluency/Inconsistency", "minor", reason, canon)
                )
    return errors_of(out)


def ise_ize(texts: list[str], skipped: set[int]) -> list[Suggestion]:
    """ "organization" and "organisation" in one article."""
    found: dict[str, list[tuple[int, int, int, str, str]]] = {}
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        for m in _ISE_IZE.finditer(text):
            key = (m["stem"] + "i?" + m["end"]).casefold()
            letter = text[m.start("end") - 1].casefold()
            found.setdefault(key, []).append((p, m.start(), m.end(), m.group(), letter))
    out: list[Suggestion | None] = []
    for hits in found.values():
        zs = [h for h in hits if h[4] == "z"]
        ss = [h for h in hits if h[4] == "s"]
        if not zs or not ss:
            continue
        minority, majority = (ss, zs) if (len(ss), zs[0] < ss[0]) <= (len(zs), True) else (zs, ss)
        for p, a, b, w, _ in minority:
            reason = f"spelled both “{majority[0][3]}” and “{w}” in the article"
            out.append(error(texts[p], p, a, b, "Fluency/Inconsistency", "minor", reason, None))
    return errors_of(out)
