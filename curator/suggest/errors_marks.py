"""Surface errors: run-together words, doubled words and marks, spacing, markup debris, quotes.

What a proofreader sees without reading for meaning. Each check is one regex pass (bounded
repeats, look-behinds) or one token loop over a paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable

from curator.suggest.base import Suggestion
from curator.suggest.errors_common import error, errors_of
from curator.suggest.lexicon import EN
from curator.suggest.quotes import QuoteScan

__all__ = [
    "capitalised_words",
    "markup",
    "punctuation",
    "quote_marks",
    "repeated",
    "run_together",
]

# fmt: off
_FUNCTION_WORDS = ("the", "of", "and", "to", "in", "on", "for", "with", "by", "from", "at",
                   "is", "was", "that", "this", "an", "as", "or", "its", "his", "her", "their")
_RUN_TOGETHER = re.compile(
    rf"(?<![^\W\d_])(?:(?P<fw>{'|'.join(_FUNCTION_WORDS)})(?P<fw_rest>[A-Z](?:[a-z]{{2}}|[A-Z])|[0-9]{{4}}(?![0-9]))"
    r"|(?P<long>[a-z]{4,})(?P<long_rest>[A-Z](?:[a-z]{2}|[A-Z]{2})))"
)
_MISSING_SPACE = re.compile(r"(?<![^\W\d_])(?P<pre>[A-Za-z]?[a-z]{1,})[.!?](?P<post>[A-Z][a-z]{1,})(?![.\w])")
_NAME_GLUED = re.compile(r"(?<![^\W\d_])(?P<name>[A-Z][a-z]{4,})(?P<fw>to|of|the|and|in|on|for|with)(?![^\W\d_])")
"""A capitalised word with a function word glued to its end ("Putinto:", "Senateto vote");
only flagged when the name alone occurs in the article."""
_CAMEL = re.compile(r"(?<![^\W\d_])(?P<a>[A-Z][a-z]{3,})(?P<b>[A-Z][a-z]{2,})(?![^\W\d_])")
"""Two capitalised words glued together ("PutinPrime"): flagged when the article uses the
first on its own and the second on its own or as a title, so brands (YouTube) stay."""
_TLDS = frozenset({"ru", "com", "org", "net", "ua", "by", "kz", "uk", "de", "fr", "io", "info",
                   "gov", "edu", "eu", "ca", "us", "cn", "jp", "su", "me", "tv", "az", "am", "ge"})
_REPEAT_OK = frozenset({"had", "that", "is", "bye", "ha", "no", "yes", "very", "so", "now",
                        "knock", "tut", "boo", "chop", "pooh", "cha"})
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][a-z]{4,}(?![\w-])")

_SPACE_BEFORE = re.compile(r"(?:(?<![^\W_])[^\W_]+|[”»\"])(?P<space>[ \t\u00a0\u202f]{1,3})(?P<mark>[,;:!?](?=[\s\"”»’]|$)|\.(?=\s|$))")
"""A space before a comma or a stop ("made ,", "” :", French spacing in English)."""
_DOUBLE_SPACE = re.compile(r"(?<=[^\W_,;])(?P<space>  +)(?=[^\W_])")
"""Two spaces between two words (not after a stop: two spaces after a sentence are a
typing convention)."""
_DOUBLED_MARK = re.compile(r"\({2,}[^()\n]{1,80}\){2,}|\[{2,}[^\[\]\n]{1,80}\]{2,}|(?<![,;:(\[{)\]}.])(?:,,|;;|::|\(\(+|\)\)+|\[\[+|\]\]+)(?![,;:(\[{)\]}])|(?<![.\w])\w+\.\.(?!\.)")
_STOP_QUOTE_COMMA = re.compile(r"[!?.][”»\"],")
"""Two marks ending one quote: “…!”, / “…?”,."""
_QUOTE_DASH = re.compile(r"(?<=[,.!?])[”»\"]\s?[—–―]\s?(?:[^\W\d_]+)?")
"""“…,” — said he: the dialogue dash of the source left after a closing quote mark."""
_ATTRIBUTION_VERBS = ("said", "says", "added", "noted", "stressed", "emphasized", "emphasised",
                      "told", "explained", "stated", "insisted", "recalled", "warned", "replied",
                      "asked", "concluded", "declared", "remarked")
_NO_COMMA = re.compile(
    r"(?<![^\W\d_])(?P<word>[^\W\d_]+)(?P<mark>[”»])\s+(?=(?:[A-Z][\w’'-]+\s+){1,2}(?:" + "|".join(_ATTRIBUTION_VERBS)
    + r")\b|(?:he|she|they|it)\s+(?:" + "|".join(_ATTRIBUTION_VERBS) + r")\b)"
)
"""“… the plan works” Ivanova said: no comma before the closing mark of a quote the attribution follows."""
_EMPTY_QUOTES = re.compile(r"“\s{0,2}”|«\s{0,2}»|„\s{0,2}[“”]|(?<![\w\"])\"\"(?![\w\"])")
_TAG = re.compile(
    r"<\s{0,3}/?\s{0,3}(?:strong|b|i|em|u|p|br|span|div|a|h[1-6]|li|ul|ol|img|font|sup|sub|blockquote|figure|figcaption|iframe|script)\b[^<>\n]{0,120}?/?>"
    r"|&\s?[A-Za-z]{1,8}\s;|&\s[A-Za-z]{1,8};"
    r"|&(?:nbsp|amp|quot|apos|lt|gt|laquo|raquo|ndash|mdash|hellip|rsquo|lsquo|rdquo|ldquo|shy|#\d{2,5}|#x[0-9a-fA-F]{2,4});"
    r"|\b(?:data-[a-z-]{1,30}|href|src|class|style|target|rel)\s?=\s?[\"”“'][^\s<>]{0,120}(?:\s?[\"”“']\s?>)?"
)
"""HTML tags, character entities and attribute debris left in the text."""
_DROP_CAP = re.compile(r"^[A-Z]\.(?=[A-Za-z][a-z]+\b)")
"""A drop cap scraped twice: "D.After the vote" at the start of a paragraph."""
_ABBREVIATED_NAME = re.compile(r"(?<![\w.])(?:St|Ste|Mt|Ft|Mr|Mrs|Ms|Dr|Gen|Prof)\.\s(?=[a-z])(?!and\b|or\b)")
"""“St.” / “Mr.” followed by a lower-case word: the name after it was lost."""
# fmt: on
_TITLE_WORDS = EN.word_sets["titles"] | EN.word_sets["org_words"]


def capitalised_words(texts: Iterable[str]) -> Counter[str]:
    """Capitalised words of five letters or more that occur inside a sentence, with their
    counts: names, mostly."""
    found: Counter[str] = Counter()
    for t in texts:
        for m in _CAPITALISED.finditer(t):
            before = t[max(0, m.start() - 20) : m.start()].rstrip()  # bounded: stays linear
            if before and before[-1] not in '.!?:;“"«„(—–-':
                found[m.group()] += 1
    return found


def run_together(text: str, p: int, known: Counter[str] | None = None) -> list[Suggestion]:
    """ "theCSTO", "said.The", and "Putinto:" when "Putin" occurs in the article."""
    out: list[Suggestion | None] = []
    for m in _RUN_TOGETHER.finditer(text):
        head, rest = ("fw", "fw_rest") if m["fw"] else ("long", "long_rest")
        b = m.end(rest)
        # The whole token, so "theCSTO" is flagged as one.
        while b < len(text) and text[b].isalnum():
            b += 1
        word = text[m.start() : b]
        fix = f"{m[head]} {text[m.start(rest) : b]}"
        reason = f"words run together: “{word}”"
        out.append(error(text, p, m.start(), b, "Fluency/Spelling", "minor", reason, fix))
    for m in _MISSING_SPACE.finditer(text):
        if m["post"].casefold() in _TLDS:
            continue  # a domain name: Gazeta.Ru
        reason = "no space after the full stop"
        fix = f"{m['pre']}{text[m.end('pre')]} {m['post']}"
        out.append(error(text, p, m.start(), m.end(), "Fluency/Spelling", "minor", reason, fix))
    for m in _CAMEL.finditer(text):
        a, b = m["a"], m["b"]
        if known and known[a] and (known[b] or b.casefold() in _TITLE_WORDS):
            reason = f"words run together: “{m.group()}”"
            out.append(error(text, p, m.start(), m.end(), "Fluency/Spelling", "minor", reason,
                             f"{a} {b}"))  # fmt: skip
    for m in _NAME_GLUED.finditer(text):
        if known and known[m["name"]] and known[m.group()] <= 1:
            # The name occurs alone and the glued form only here: not a name of its own.
            b = m.end() + (1 if text[m.end() : m.end() + 1] == ":" else 0)
            reason = f"“{m['name']}” run together with “{m['fw']}” (markup or caption debris)"
            fix = f"{m['name']} {m['fw']}"
            out.append(error(text, p, m.start(), b, "Fluency/Spelling", "minor", reason, fix))
    return errors_of(out)


def repeated(text: str, p: int, english: bool = True) -> list[Suggestion]:
    """A word written twice ("the the"); outside English only longer words, since German
    "die die" and French "nous nous" are grammatical."""
    out: list[Suggestion | None] = []
    prev: re.Match[str] | None = None
    for m in _WORD.finditer(text):
        w = m.group()
        if (
            prev is not None
            and w.isalpha()
            and w.casefold() == prev.group().casefold()
            and w.casefold() not in _REPEAT_OK
            and (english or len(w) >= 5)
            and 0 < m.start() - prev.end() <= 3
            and text[prev.end() : m.start()].isspace()
        ):
            reason = f"“{w}” written twice"
            out.append(
                error(text, p, prev.start(), m.end(), "Fluency/Grammar", "minor", reason,
                      prev.group())
            )  # fmt: skip
        prev = m
    return errors_of(out)


def punctuation(text: str, p: int) -> list[Suggestion]:
    """Spacing and doubled marks of English punctuation."""
    out: list[Suggestion | None] = []
    minor = "Fluency/Punctuation", "minor"
    for m in _SPACE_BEFORE.finditer(text):
        mark = m["mark"]
        reason = f"space before “{mark}” (not English punctuation)"
        fix = text[m.start() : m.start("space")] + mark
        out.append(error(text, p, m.start(), m.end(), *minor, reason, fix))
    for m in _DOUBLE_SPACE.finditer(text):
        a, b = m.start() - 1, m.end() + 1
        out.append(error(text, p, a, b, *minor, "two spaces between words", None))
    for m in _DOUBLED_MARK.finditer(text):
        g = m.group()
        if g[0] in "([" and g[-1] in ")]" and len(g) > 4 and g[1] in "([":
            reason = "doubled brackets around a phrase (site markup)"
        else:
            reason = f"doubled “{g[-1]}”"
        out.append(error(text, p, m.start(), m.end(), *minor, reason))
    for m in _STOP_QUOTE_COMMA.finditer(text):
        reason = "two marks end the quote: drop the comma or dash after the closing mark"
        out.append(error(text, p, m.start(), m.end(), *minor, reason, m.group()[:2]))
    for m in _QUOTE_DASH.finditer(text):
        reason = "dialogue dash of the source after the closing quote mark: English uses “, said X”"
        out.append(error(text, p, m.start(), m.end(), *minor, reason))
    for m in _NO_COMMA.finditer(text):
        opened = max(text.rfind(c, max(0, m.start() - 400), m.start()) for c in '“«"')
        if opened < 0 or len(text[opened + 1 : m.end("word")].split()) < 4:
            continue  # a scare-quoted phrase ("the “fake news” Trump said was spreading")
        b = m.end()
        while b < len(text) and not text[b].isspace():
            b += 1
        reason = "no comma before the closing quote mark ahead of the attribution"
        fix = f"{m['word']},{m['mark']}"
        out.append(error(text, p, m.start(), b, *minor, reason, fix))
    for m in _EMPTY_QUOTES.finditer(text):
        reason = "empty quote marks: the quoted name or title was lost"
        out.append(error(text, p, m.start(), m.end(), "Accuracy/Omission", "major", reason))
    for m in _ABBREVIATED_NAME.finditer(text):
        stop = re.compile(r"[.,;:!?]").search(text, m.end(), min(len(text), m.end() + 60))
        end = stop.start() if stop else min(len(text), m.end() + 60)
        reason = f"“{m.group().strip()}” is followed by no name: part of the sentence was lost"
        out.append(error(text, p, m.start(), end, "Accuracy/Omission", "major", reason))
    return errors_of(out)


def markup(text: str, p: int) -> tuple[list[Suggestion], list[tuple[int, int]]]:
    """HTML debris in running text, and where it is (quote marks inside it are debris too)."""
    out: list[Suggestion | None] = []
    spans = []
    for m in _TAG.finditer(text):
        spans.append((m.start(), m.end()))
        reason = f"markup left in the text: “{m.group()}”"
        out.append(error(text, p, m.start(), m.end(), "Fluency/Punctuation", "minor", reason, ""))
    m = _DROP_CAP.match(text)
    if m:
        spans.append((m.start(), m.end()))
        reason = "the paragraph's drop-cap letter left in front of its first word"
        out.append(error(text, p, 0, m.end(), "Fluency/Punctuation", "minor", reason, ""))
    return errors_of(out), spans


def _misdirected(text: str, i: int) -> bool:
    """An opening mark used as a closing one: after a word and a space, before a stop ("left “.")."""
    after = text[i + 1 : i + 2]
    return (
        i >= 2
        and text[i - 1] == " "
        and (text[i - 2].isalnum() or text[i - 2] in ".,!?")
        and (not after or after in ".,;:!?")
    )


def _first_closer(text: str, start: int, end: int) -> int:
    """Offset of the first closing mark in text[start + 1 : end], or -1."""
    found = [k for k in (text.find(c, start + 1, end) for c in "”»") if k >= 0]
    return min(found) if found else -1


def quote_marks(
    texts: list[str],
    scan: QuoteScan,
    skipped: set[int],
    debris: dict[int, list[tuple[int, int]]],
    cap: int,
) -> list[Suggestion]:
    """Unpaired and misplaced quote marks found by the quote scan."""
    found: list[Suggestion | None] = []
    per_paragraph: Counter[int] = Counter()
    reopened: set[int] = set()  # paragraphs where a misdirected closer ended the quote
    marks: list[tuple[int, int, str]] = []
    for pairs, reason in (
        (scan.unclosed, "quote opened here is never closed"),
        (scan.stray, "closing quote mark with no opening one"),
        (scan.inner, "quote opened again inside an open quote (a closing mark is missing before it)"),
        (scan.detached, "quote mark on the wrong side of the space (“…, ”says)"),
    ):  # fmt: skip
        marks += [(p, i, reason) for p, i in pairs]
    marks.sort()
    # An opener whose quote a misdirected mark closes later in the paragraph is not unclosed.
    closed_later = {p for p, i in scan.inner if _misdirected(texts[p], i)}
    strays: dict[int, list[int]] = {}
    for p, i in scan.stray:
        strays.setdefault(p, []).append(i)
    nested_closers: set[tuple[int, int]] = set()  # strays that close an outer quote
    for p, i, reason in marks:
        if reason.startswith("quote opened here") and p in closed_later:
            continue
        if reason.startswith("closing quote") and (p, i) in nested_closers:
            continue
        if p in skipped or per_paragraph[p] >= cap:
            continue
        spans = debris.get(p, [])
        k = bisect.bisect_right(spans, (i, len(texts[p]))) - 1
        if k >= 0 and spans[k][0] <= i < spans[k][1]:
            continue  # part of markup debris, flagged as such
        text = texts[p]
        if reason.startswith("quote opened again"):
            if p in reopened:
                reopened.discard(p)
                continue  # the quote was closed by the misdirected mark: this one opens anew
            if _misdirected(text, i):
                reopened.add(p)
                reason = "opening quote mark used to close the quote"
                found.append(
                    error(text, p, i - 1, i + 1, "Fluency/Punctuation", "minor", reason, "”")
                )
                per_paragraph[p] += 1
                continue
            later = [j for j in strays.get(p, ()) if j > i][:1]
            close = _first_closer(text, i, later[0]) if later else -1
            if close > 0:
                # “… “inner” … ” — a quote inside a quote in the same marks: the scan sees
                # the inner closer end the outer quote and the outer closer as stray.
                nested_closers.add((p, later[0]))
                reason = "quote inside a quote in the same marks: English uses ‘…’ inside “…”"
                per_paragraph[p] += 1
                found.append(error(text, p, i, close + 1, "Fluency/Punctuation", "minor", reason))
                continue
        per_paragraph[p] += 1
        found.append(error(text, p, i, i + 1, "Fluency/Punctuation", "minor", reason))
    return errors_of(found)
