"""Grammar an English reader trips on in machine translation, found without a parser.

Each check is a pattern a proofreader knows: a fragment after a full stop, "did not said",
a that-clause with no subject, "X and his aide is", a comma between subject and verb, "a
close friend or a close friend" (a distinction of the source lost), "addressed them with an
address", a capitalised "In" inside a sentence, a paragraph that stops without a stop.
"""

from __future__ import annotations

import re

from curator.suggest.base import Suggestion
from curator.suggest.errors_common import error, errors_of

__all__ = ["fragments", "grammar", "unfinished"]

# fmt: off
_ABBREVIATIONS = frozenset({
    "etc", "approx", "vs", "cf", "al", "inc", "ltd", "co", "corp", "jr", "sr", "st", "no",
    "nos", "pp", "ca", "incl", "esp", "gen", "col", "mr", "mrs", "ms", "dr", "prof", "min",
    "sec", "fig", "vol", "ed", "eds", "rev", "dept", "univ", "est", "op", "cit",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "gov", "sen", "rep", "lt", "sgt", "capt", "cmdr", "adm", "maj", "fr", "mt", "ft", "ave",
    "blvd", "rd", "viz", "ibid", "ch", "art", "para", "resp", "lit", "var", "abbr",
})
_STOP_AFTER = re.compile(r"(?<![.!?])[.!?](?=[ \t]{1,3}[^\W\d_])")
_STOP = re.compile(r"[.!?]")
_PAST = (r"(?:said|went|made|took|gave|came|knew|saw|told|thought|found|became|left|wrote|spoke"
         r"|began|brought|got|held|kept|met|ran|sent|stood|won|lost|[a-z]{2,}[^e\W]ed)")
_DID_PAST = re.compile(rf"(?i:\b(?:did|does|didn’t|doesn’t|didn't|doesn't)\s+(?:not\s+)?(?:[a-z]+ly\s+)?){_PAST}\b")
"""do-support followed by a past form: "did not said"."""
_NO_SUBJECT = re.compile(
    r"\b(?:said|stressed|noted|added|emphasi[sz]ed|stated|explained|insisted|recalled|assured"
    r"|claimed|admitted|believes|believed|stresses|notes|says)\s+that\s+"
    r"(?:never|always|also|already|not|repeatedly|once|still|allegedly)\s+"
    rf"(?:{_PAST}|was|were|had|has|have|is|are|will|would|could|can)\b"
)
"""A that-clause with no subject: "insisted that never visited" (the pronoun was dropped)."""
_COMPOUND_SINGULAR = re.compile(
    r"\b[A-Z][\w’'-]+\s+and\s+(?:his|her|its|their)\s+[a-z]+\s+(?:is|was|has)\b"
)
"""Two subjects and a singular verb: "Putin and his interpreter is"."""
_SUBJECT_COMMA = re.compile(
    r"\b[a-z]+\s(?P<span>(?:[A-Z][\w’'-]+\s){0,2}[A-Z][\w’'-]+,\s(?:has|have|had)\s(?:already\s|also\s)?(?:[a-z]{2,}ed|been|said|made|told|given|taken)\b)"
)
"""A comma between a name and its verb: "Maria Lopez, has announced"."""
_REPEATED_CONJUNCT = re.compile(r"(?i:\b(?P<x>(?:[a-z]+\s){1,3}[a-z]+)\s+(?:or|and)\s+(?P=x)\b)")
"""The same words on both sides of "or": a distinction of the source (his/her, he/she) lost."""
_COGNATE = re.compile(
    r"(?i:\b(?P<stem>[a-z]{5,}?)(?:ed|d|es|s)\s+(?:[\w’'-]+\s+){0,3}?with\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?(?P=stem)(?:es|s)?\b)"
)
"""A verb and its own noun: "addressed the nation with an address" (обратился с обращением)."""
_FUNCTION_CAPITAL = re.compile(r"(?<![\w’'-])(?:[a-z]+|[0-9]+) (?P<span>In|On|At|Of|For|With|From|And|By|To)(?= [A-Z][a-z])")
"""A capitalised function word inside a sentence ("by noon In Lyon"): a sentence
break or a word was lost before it."""
_END_MARK = frozenset(".!?…:;”»\"’')]")
# fmt: on


def fragments(text: str, p: int, starts: bool = False) -> list[Suggestion]:
    """ ". its member." — a full stop, then a few lower-case words to the end of a sentence;
    with `starts`, also a longer sentence that starts in lower case (". and sent aid")."""
    out: list[Suggestion | None] = []
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
        end = stop.start() if stop else len(text)
        if (stop is None and len(text) - start > 80) or len(text[start:end].split()) > 5:
            word = re.match(r"[^\W\d_]+", text[start : start + 40])
            if starts and word and word.group().islower():
                w = word.group()
                reason = "sentence starts in lower case: a sentence break or words were lost"
                fix = w[0].upper() + w[1:]
                out.append(
                    error(
                        text, p, start, start + word.end(), "Fluency/Grammar", "minor", reason, fix
                    )
                )
            continue
        reason = (
            "sentence ends in a lower-case fragment: part of the translation is garbled or lost"
        )
        out.append(error(text, p, start, end, "Fluency/Grammar", "minor", reason))
    return errors_of(out)


_IDIOMS = frozenset({"more", "less", "again", "over", "on", "round", "through", "by", "out",
                     "up", "down", "back", "in", "side", "time", "day", "year", "one"})  # fmt: skip
"""Last words of repetitions English makes on purpose ("more and more", "one by one")."""


def grammar(text: str, p: int) -> list[Suggestion]:
    """The pattern checks of the module docstring, over one paragraph."""
    out: list[Suggestion | None] = []
    checks: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
        (_DID_PAST, "Fluency/Grammar", "minor", "“did/does” takes the base form of the verb"),
        (_NO_SUBJECT, "Fluency/Grammar", "minor",
         "the clause after “that” has no subject (a pronoun was dropped in translation)"),
        (_COMPOUND_SINGULAR, "Fluency/Grammar", "minor",
         "two subjects joined by “and” with a singular verb: part of the sentence may be lost"),
        (_SUBJECT_COMMA, "Fluency/Punctuation", "minor", "comma between the subject and its verb"),
        (_COGNATE, "Style/Awkward", "minor",
         "the verb and its own noun (“addressed … with an address”): a calque of the source"),
        (_FUNCTION_CAPITAL, "Fluency/Grammar", "minor",
         "capitalised word inside a sentence: a sentence break or a word was lost before it"),
    )  # fmt: skip
    for rx, category, severity, reason in checks:
        for m in rx.finditer(text):
            a, b = m.span("span") if "span" in rx.groupindex else m.span()
            if rx is _FUNCTION_CAPITAL:
                # The words around it, so the editor sees what was glued together.
                a = m.start()
                nxt = text.find(" ", b + 1)
                b = nxt if nxt > 0 else len(text)
            elif rx is _SUBJECT_COMMA and _appositive(text, a):
                continue
            out.append(error(text, p, a, b, category, severity, f"{reason}: “{text[a:b]}”"))
    for m in _REPEATED_CONJUNCT.finditer(text):
        words = m["x"].split()
        if words[-1].casefold() in _IDIOMS and len(words) <= 2:
            continue
        reason = (
            f"“{m['x']}” on both sides of the conjunction: a distinction of the source "
            "(his/her, masculine/feminine) was lost"
        )
        out.append(error(text, p, m.start(), m.end(), "Accuracy/Mistranslation", "minor", reason))
    return errors_of(out)


_CLAUSE_OPENERS = frozenset({"after", "before", "when", "while", "since", "as", "because",
                             "although", "though", "and", "but", "then", "where", "once",
                             "until", "if", "so", "whereas"})  # fmt: skip


def _appositive(text: str, at: int) -> bool:
    """Whether the name at `at` ends an apposition (", president of Acme Europe, has said"),
    whose closing comma is right: the words since the last comma of the sentence do not
    open with a conjunction."""
    floor = max(0, at - 300)  # bounded, so many matches in one paragraph stay linear
    start = max(floor, *(text.rfind(ch, floor, at) for ch in ".!?"))
    comma = text.rfind(",", start + 1, at)
    if comma < 0:
        return False
    first = text[comma + 1 : at].split()
    return bool(first) and first[0].casefold() not in _CLAUSE_OPENERS


def unfinished(text: str, p: int) -> list[Suggestion]:
    """A paragraph of several sentences whose last one stops without a full stop."""
    body = text.rstrip()
    if len(body) < 120 or not body or body[-1] in _END_MARK or not body[-1].isalpha():
        return []
    if not re.search(r"[.!?][”»\"]?\s+[A-Z“«\"]", body):
        return []  # one sentence: a heading or a caption
    tail = re.split(r"[.!?][”»\"]?\s+", body)[-1]
    if "|" in tail or "@" in tail or len(re.findall(r"(?<![\w’'-])[a-z]+(?![\w’'-])", tail)) < 4:
        return []  # a credit line, a list of links, a name: not a sentence
    last = list(re.finditer(r"[^\W\d_]+", body))[-3:]
    a = last[0].start()
    reason = "the paragraph ends without a full stop: the end of the sentence may be lost"
    return errors_of([error(text, p, a, len(body), "Fluency/Punctuation", "minor", reason,
                            body[a:] + ".")])  # fmt: skip
