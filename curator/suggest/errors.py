"""Likely translation errors, each with an MQM category, a severity guess and a short reason.

What machine translation of news leaves behind and a rule can see: quote marks that do not
pair up or sit on the wrong side of a space, words run together ("theCSTO", "said.The"),
a word written twice ("the the"), a sentence that ends in a lower-case fragment
(". its member."), a reporting verb whose speaker was lost ("… of the Russian Academy of
Sciences told Gazeta.ru"), one name spelled two ways, and words left in another script.
Each check is one linear pass (regexes anchored by look-behinds, or token loops).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from curator.domain.mqm import normalize_category
from curator.domain.text import sentence_bounds
from curator.suggest.base import Suggestion, make
from curator.suggest.lexicon import EN, guess_lang, lexicon_for
from curator.suggest.names import MIN_LENGTH, is_spelling_variant, spelling_keys
from curator.suggest.quotes import QuoteScan, scan_quotes
from curator.suggest.speakers import Analysis, analyse

__all__ = ["suggest_errors"]

SUGGESTER = "errors"
MAX_PER_CHECK = 50
"""At most this many proposals of one check in one paragraph: past that the paragraph is
garbage and one look tells the editor more than a thousand spans."""

# fmt: off
_FUNCTION_WORDS = ("the", "of", "and", "to", "in", "on", "for", "with", "by", "from", "at",
                   "is", "was", "that", "this", "an", "as", "or", "its", "his", "her", "their")
_RUN_TOGETHER = re.compile(
    rf"(?<![^\W\d_])(?:(?P<fw>{'|'.join(_FUNCTION_WORDS)})(?P<fw_rest>[A-Z](?:[a-z]{{2}}|[A-Z])|[0-9]{{4}}(?![0-9]))"
    r"|(?P<long>[a-z]{4,})(?P<long_rest>[A-Z](?:[a-z]{2}|[A-Z]{2})))"
)
_MISSING_SPACE = re.compile(r"(?<![^\W\d_])(?P<pre>[a-z]{2,})[.!?](?P<post>[A-Z][a-z]{1,})(?![.\w])")
_TLDS = frozenset({"ru", "com", "org", "net", "ua", "by", "kz", "uk", "de", "fr", "io", "info",
                   "gov", "edu", "eu", "ca", "us", "cn", "jp", "su", "me", "tv", "az", "am", "ge"})
_REPEAT_OK = frozenset({"had", "that", "is", "bye", "ha", "no", "yes", "very", "so", "now",
                        "knock", "tut", "boo", "chop", "pooh", "cha"})
_ABBREVIATIONS = frozenset({
    "etc", "approx", "vs", "cf", "al", "inc", "ltd", "co", "corp", "jr", "sr", "st", "no",
    "nos", "pp", "ca", "incl", "esp", "gen", "col", "mr", "mrs", "ms", "dr", "prof", "min",
    "sec", "fig", "vol", "ed", "eds", "rev", "dept", "univ", "est", "op", "cit",
})
_NOT_FIRST_NAMES = frozenset({"however", "but", "and", "when", "after", "before", "in", "on",
                              "although", "while", "since", "said", "says"})
_STOP_AFTER = re.compile(r"(?<![.!?])[.!?](?=[ \t]{1,3}[^\W\d_])")
_STOP = re.compile(r"[.!?]")
_WORD = re.compile(r"\w+")
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
# fmt: on


@cache
def _category(name: str) -> str:
    canonical = normalize_category(name)
    assert canonical is not None, name
    return canonical


def _error(
    text: str,
    paragraph: int,
    start: int,
    end: int,
    category: str,
    severity: str,
    reason: str,
    correction: str | None = None,
) -> Suggestion | None:
    attrs = {"category": _category(category), "severity": severity, "correction": correction}
    return make(text, paragraph, start, end, "translation_error", attrs, reason, SUGGESTER)


def _quote_marks(texts: list[str], scan: QuoteScan, skipped: set[int]) -> list[Suggestion]:
    found: list[Suggestion] = []
    per_paragraph: Counter[int] = Counter()
    for marks, reason in (
        (scan.unclosed, "quote opened here is never closed"),
        (scan.stray, "closing quote mark with no opening one"),
        (
            scan.inner,
            "quote opened again inside an open quote (a closing mark is missing before it)",
        ),
        (scan.detached, "quote mark on the wrong side of the space (“…, ”says)"),
    ):
        for p, i in marks:
            if p in skipped or per_paragraph[p] >= MAX_PER_CHECK:
                continue
            per_paragraph[p] += 1
            s = _error(texts[p], p, i, i + 1, "Fluency/Punctuation", "minor", reason)
            if s is not None:
                found.append(s)
    return found


def _run_together(text: str, p: int) -> list[Suggestion]:
    out: list[Suggestion | None] = []
    for m in _RUN_TOGETHER.finditer(text):
        head, rest = ("fw", "fw_rest") if m["fw"] else ("long", "long_rest")
        b = m.end(rest)
        # The whole token, so "theCSTO" is flagged as one.
        while b < len(text) and text[b].isalnum():
            b += 1
        word = text[m.start() : b]
        fix = f"{m[head]} {text[m.start(rest) : b]}"
        out.append(
            _error(
                text,
                p,
                m.start(),
                b,
                "Fluency/Spelling",
                "minor",
                f"words run together: “{word}”",
                fix,
            )
        )
    for m in _MISSING_SPACE.finditer(text):
        if m["post"].casefold() in _TLDS:
            continue  # a domain name: Gazeta.Ru
        reason = "no space after the full stop"
        fix = f"{m['pre']}{text[m.end('pre')]} {m['post']}"
        out.append(_error(text, p, m.start(), m.end(), "Fluency/Spelling", "minor", reason, fix))
    return [s for s in out if s is not None]


def _repeated(text: str, p: int) -> list[Suggestion]:
    out: list[Suggestion] = []
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        w = m.group()
        if (
            prev is not None
            and w.isalpha()
            and w.casefold() == prev.group().casefold()
            and w.casefold() not in _REPEAT_OK
            and 0 < m.start() - prev.end() <= 3
            and text[prev.end() : m.start()].isspace()
        ):
            s = _error(
                text, p, prev.start(), m.end(), "Fluency/Grammar", "minor",
                f"“{w}” written twice", prev.group(),
            )  # fmt: skip
            if s:
                out.append(s)
        prev = m
    return out


def _fragments(text: str, p: int) -> list[Suggestion]:
    """ ". its member." — a full stop, then a few lower-case words to the end of a sentence."""
    out: list[Suggestion] = []
    for m in _STOP_AFTER.finditer(text):
        k = m.start()
        j = k
        while j > max(0, k - 12) and text[j - 1].isalnum():
            j -= 1
        before = text[j:k].casefold()
        if text[m.start()] == "." and (len(before) <= 1 or before in _ABBREVIATIONS):
            continue
        if j > 0 and text[j - 1] == ".":  # "e.g." / "U.S."
            continue
        start = m.end()
        while start < len(text) and text[start] in " \t":
            start += 1
        if start >= len(text) or not text[start].islower():
            continue
        stop = _STOP.search(text, start, min(len(text), start + 80))
        if stop is None and len(text) - start > 80:
            continue
        end = stop.start() if stop else len(text)
        if len(text[start:end].split()) > 5:
            continue
        reason = (
            "sentence ends in a lower-case fragment: part of the translation is garbled or lost"
        )
        s = _error(text, p, start, end, "Fluency/Grammar", "minor", reason)
        if s:
            out.append(s)
    return out


def _lost_speakers(texts: list[str], analysis: Analysis) -> list[Suggestion]:
    out: list[Suggestion] = []
    for lost in analysis.lost:
        text = texts[lost.paragraph]
        end = lost.end
        # Take the object too: "told Gazeta.ru".
        stop = _STOP_AFTER.search(text, end, min(len(text), end + 60))
        tail = stop.start() if stop else min(len(text), end + 60)
        if stop is None and not text[end:tail].strip(" .,"):
            tail = end
        stripped = text[end:tail].rstrip(" .")
        if len(stripped.split()) <= 3:
            end += len(stripped)
        reason = (
            f"“{lost.cue_text}” has no person as its speaker: the name seems lost in translation"
        )
        s = _error(text, lost.paragraph, lost.start, end, "Accuracy/Omission", "major", reason)
        if s:
            out.append(s)
    return out


def _name_spellings(texts: list[str], skipped: set[int]) -> list[Suggestion]:
    """One capitalised name spelled two ways in the article (Lukashenko / Lukashenka)."""
    not_first_names = EN.word_sets["titles"] | EN.word_sets["determiners"] | _NOT_FIRST_NAMES
    # word -> [(paragraph, start, end, at a sentence start, after a first name)]
    occurrences: dict[str, list[tuple[int, int, int, bool, bool]]] = {}
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        starts = {a for a, _ in sentence_bounds(text)}
        prev: re.Match[str] | None = None
        for m in _WORD.finditer(text):
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
    # Words that could be variants share a key with one variable letter blanked or dropped.
    buckets: dict[str, list[str]] = {}
    for w in occurrences:
        for key in spelling_keys(w):
            buckets.setdefault(key, []).append(w)
    parent = {w: w for w in occurrences}

    def root(w: str) -> str:
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    for ws in buckets.values():
        if 2 <= len(ws) <= 6:
            for x in ws:
                for y in ws:
                    if x < y and is_spelling_variant(x, y):
                        parent[root(x)] = root(y)
    groups: dict[str, list[str]] = {}
    for w in occurrences:
        groups.setdefault(root(w), []).append(w)
    out: list[Suggestion] = []
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
                e = _error(texts[p], p, a, b, "Fluency/Inconsistency", "minor", reason, canon)
                if e:
                    out.append(e)
    return out


def _ise_ize(texts: list[str], skipped: set[int]) -> list[Suggestion]:
    """ "organization" and "organisation" in one article."""
    found: dict[str, list[tuple[int, int, int, str, str]]] = {}
    for p, text in enumerate(texts):
        if p in skipped:
            continue
        for m in _ISE_IZE.finditer(text):
            key = (m["stem"] + "i?" + m["end"]).casefold()
            letter = text[m.start("end") - 1].casefold()
            found.setdefault(key, []).append((p, m.start(), m.end(), m.group(), letter))
    out: list[Suggestion] = []
    for hits in found.values():
        zs = [h for h in hits if h[4] == "z"]
        ss = [h for h in hits if h[4] == "s"]
        if not zs or not ss:
            continue
        minority, majority = (ss, zs) if (len(ss), zs[0] < ss[0]) <= (len(zs), True) else (zs, ss)
        for p, a, b, w, _ in minority:
            reason = f"spelled both “{majority[0][3]}” and “{w}” in the article"
            e = _error(texts[p], p, a, b, "Fluency/Inconsistency", "minor", reason, None)
            if e:
                out.append(e)
    return out


def _target_script(texts: list[str], lang: str | None) -> str:
    if lang:
        return _LANG_SCRIPT.get(lang.split("-")[0].lower(), "Latin")
    counts: Counter[str] = Counter()
    for text in texts[:40]:
        for name, rx in _SCRIPT_RE.items():
            counts[name] += sum(len(m.group()) for m in rx.finditer(text[:5000]))
    return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else "Latin"


def _untranslated(text: str, p: int, target: str) -> list[Suggestion]:
    letters = sum(ch.isalpha() for ch in text)
    out: list[Suggestion] = []
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
            s = _error(text, p, a, b, "Accuracy/Untranslated", severity, reason)
            if s:
                out.append(s)
    return out


def suggest_errors(
    paragraphs: Sequence[str],
    lang: str | None = None,
    skip: Sequence[int] = (),
    scan: QuoteScan | None = None,
    analysis: Analysis | None = None,
) -> list[Suggestion]:
    """Likely translation errors in an article (paragraphs in `skip` are left out).

    `lang` is the declared target language: it sets the expected script (counted from the
    text when None) and the lexicon (guessed when it has none).
    """
    texts = [t if isinstance(t, str) else "" for t in paragraphs]
    skipped = set(skip)
    lex = lexicon_for(guess_lang(texts, lang))
    scan = scan or scan_quotes(texts)
    analysis = analysis or analyse(texts, lex, skip, scan)
    target = _target_script([t for i, t in enumerate(texts) if i not in skipped], lang)
    out = _quote_marks(texts, scan, skipped)
    for p, text in enumerate(texts):
        if p in skipped or not text:
            continue
        if lex.lang == "en":
            out += _run_together(text, p)
            out += _fragments(text, p)
        out += _repeated(text, p)
        out += _untranslated(text, p, target)
    out += _lost_speakers(texts, analysis)
    out += _name_spellings(texts, skipped)
    if lex.lang == "en":
        out += _ise_ize(texts, skipped)
    out.sort(key=lambda s: (s.paragraph, s.start, s.end))
    return _capped(out)


def _capped(found: list[Suggestion]) -> list[Suggestion]:
    counts: Counter[tuple[int, str]] = Counter()
    kept = []
    for s in found:
        key = (s.paragraph, s.attrs.get("category", ""))
        counts[key] += 1
        if counts[key] <= MAX_PER_CHECK:
            kept.append(s)
    return kept
