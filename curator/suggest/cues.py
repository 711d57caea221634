"""Reading one reporting construction: the clause after a verb, the cue next to a quote
(the subject before a verb is in `subjects`). Every look-up is bounded (a few hundred characters around the verb),
so the callers stay linear in the paragraph length.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from curator.domain.text import sentence_bounds
from curator.suggest.dates import MONTH_NAMES, WEEKDAYS
from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import Mention, classify, words
from curator.suggest.quotes import Quote
from curator.suggest.subjects import PREPOSITIONS as _PREPOSITIONS
from curator.suggest.subjects import coordinated, np_after, subject_before

__all__ = [
    "Passage",
    "complement",
    "coordinated",
    "cue_after",
    "cue_before",
    "direct_speech",
    "subject_before",
    "trim_claim",
]

MAX_CLAIM = 600
"""Longest claim proposed (characters); longer ones are cut at a space."""
TAIL_WORDS = 6
"""A reporting verb followed by at most this many words to the end of the sentence ("told
investors on Monday.") reports what came before it."""

_SENTENCE_DOT = re.compile(r"\w{2,}\.\s")
"""A full stop after a word ("told the U.N. General" has only initials' dots)."""
_TIME_LEAD = frozenset(
    {"late", "early", "yesterday", "today", "tonight", "tomorrow", "last", "this", "earlier"}
)
"""Words that open a time phrase after a verb ("said late Thursday"): English."""
_CALENDAR_WORDS = frozenset(w.casefold() for w in (*MONTH_NAMES, *WEEKDAYS))


class Passage:
    """One paragraph's text with its sentences and quoted ranges, for bounded look-ups."""

    def __init__(
        self, index: int, text: str, quotes: list[Quote], unclosed: frozenset[int] = frozenset()
    ) -> None:
        self.index = index
        self.text = text
        self.sentences = sentence_bounds(text) or [(0, len(text))]
        self._starts = [a for a, _ in self.sentences]
        quoted = []
        for q in quotes:
            start = q.open if q.open is not None else 0
            end = (q.close + 1) if q.close is not None else len(text)
            if q.open in unclosed:
                # A mark never closed: where the quote should end is unknown, so it only
                # hides its own sentence from reported-speech reading.
                end = self.sentence(start)[1]
            quoted.append((start, end))
        self.quoted = sorted(quoted)
        self._qstarts = [a for a, _ in self.quoted]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._starts, pos) - 1)
        a, b = self.sentences[i]
        return (a, max(b, pos))

    def previous_sentence(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, pos) - 2
        return self.sentences[i] if i >= 0 else None

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self._qstarts, pos) - 1
        return i >= 0 and self.quoted[i][0] <= pos < self.quoted[i][1]


def complement(
    p: Passage, verb_end: int, sent_end: int, verb: str, lex: Lexicon
) -> tuple[int, int] | str | None:
    """Where the reported clause is: a range, "previous" (the sentence before),
    "directive" ("urged them to …": a speaker without a clause), or None."""
    text = p.text
    if verb.casefold() in lex.view_verbs:
        # "Evseev views Turkmenistan as a contender"; "he sees no problems" is no report.
        clause = text[verb_end : min(sent_end, verb_end + 200)]
        if not any(f" {w} " in clause for w in lex.view_as):
            return None
        toks = words(text, verb_end, min(sent_end, verb_end + 40))
        return (toks[0].start, sent_end) if toks else None
    window = min(sent_end, verb_end + 80)
    first = words(text, verb_end, min(sent_end, verb_end + 30))[:1]
    # "pledged to form a coalition after a victory that …": the "that" is not the verb's.
    cm = (
        None
        if first and first[0].low == "to"
        else lex.complementizer_re.search(text, verb_end, window)
    )
    between = text[verb_end : cm.start()] if cm else ""
    if cm and lex.verb_re.search(between):
        cm = None  # "said Mugabe had told Zuma that …": the "that" is the inner verb's
    if cm and verb.casefold() in lex.speech_verbs and len(between.split()) > 2:
        cm = None  # "made statements regarding the allegations that …": the noun's clause
    # "said that", "said on Monday that", and "считает, что" / "betonte, dass".
    if (
        cm
        and not any(c in ",;:!?“”«»" for c in between.rstrip(" ,"))
        and not _SENTENCE_DOT.search(between)
    ):
        return cm.end(), sent_end
    rest = text[verb_end:sent_end]
    stripped = rest.strip()
    if not stripped or stripped[0] in ".!?":
        return "previous"
    if stripped[0] in ':“«"„' or verb.casefold() in lex.speech_verbs:
        return None
    if lex.clause_after_comma:
        # "sagte am Montag in Berlin, die Lage sei ernst"; "kritisierte den Plan" is no report.
        comma = text.find(",", verb_end, min(sent_end, verb_end + 80))
        if comma >= 0 and not any(c in ".;:!?“”«»„" for c in text[verb_end:comma]):
            after = words(text, comma + 1, min(sent_end, comma + 40))
            if after and after[0].low not in lex.word_sets["clause_breaks"]:
                return after[0].start, sent_end
        return None
    toks = words(text, verb_end, min(sent_end, verb_end + 120))
    if not toks or toks[0].low in lex.complementizers:
        return None
    prepositions = lex.word_sets["prepositions"] or _PREPOSITIONS
    if any(w.low == "to" for w in toks[1:3]) and toks[0].low not in prepositions:
        return "directive"  # "warned people to stay away": a speaker, no reported clause
    # "told Gazeta.ru.", "told investors on Monday.", "said during a call with analysts.":
    # a short tail to the sentence end means the report is what came before the verb.
    tail = words(text, verb_end, sent_end) if sent_end - verb_end <= 120 else toks
    short = len(tail) <= TAIL_WORDS and not any(c in rest for c in ',;:“”«»"')
    tell = verb.casefold() in ("told", "tells", "tell")
    timed = toks[0].low in _TIME_LEAD or toks[0].low in _CALENDAR_WORDS  # "said late Thursday."
    if short and toks[0].low != "to" and (toks[0].low in prepositions or tell or timed):
        return "previous"  # not "promised to answer"
    if toks[0].low in prepositions or tell:
        return None
    if lex.complementizer_needed:
        return None  # "explicó la medida": no clause follows the verb
    return toks[0].start, sent_end


def trim_claim(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int]:
    end = min(end, start + MAX_CLAIM)
    if end - start == MAX_CLAIM:
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    tail = lex.claim_tail_re.search(text, start, end) if lex.claim_tail_re else None
    if tail:
        end = tail.start()
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def cue_after(
    p: Passage, pos: int, lex: Lexicon
) -> tuple[tuple[int, int], Mention | str | None] | None:
    """A reporting cue right after a closing quote mark: verb + subject or subject + verb."""
    text = p.text
    end = min(len(text), pos + 160)
    m = lex.after_quote_re.match(text, pos, end)
    if m:
        verb = m.span("verb")
        if m.group("glued"):
            g0, g1 = m.span("glued")
            pron = text[g0:g1].lstrip("-").removeprefix("t-")
            kind = lex.pronouns.get(pron.casefold(), "person")
            return verb, Mention(p.index, g1 - len(pron), g1, "pronoun", kind)
        found = np_after(text, p.index, m.end(), lex)
        if found is None and text[m.end() : m.end() + 3].strip()[:1] in (".", ""):
            return verb, "lost"
        return verb, found
    vm = lex.verb_re.search(text, pos, end)
    if vm is None:
        return None
    pre_start = pos
    while pre_start < vm.start() and (text[pre_start].isspace() or text[pre_start] in ",–—―-"):
        pre_start += 1
    pre = text[pre_start : vm.start()]
    if not pre.strip():
        # "…” ― said Peskov": a dash the cue pattern does not know, then verb + subject.
        found = np_after(text, p.index, vm.end(), lex)
        return (vm.span("verb"), found) if isinstance(found, Mention) else None
    if any(c in '.!?;:“”«»"' for c in pre) or len(pre.split()) > 6:
        return None
    found = classify(text, p.index, pre_start, vm.start(), lex)
    if not isinstance(found, Mention) and "," in pre:
        found = _apposition(p, pre_start, vm.start(), lex)
    return (vm.span("verb"), found) if isinstance(found, Mention) else None


def _apposition(p: Passage, start: int, end: int, lex: Lexicon) -> Mention | None:
    """ "her mother, Fiona," before a verb: the name part, the other part as its role."""
    parts: list[tuple[int, int]] = []
    a = start
    for i in range(start, end + 1):
        if i == end or p.text[i] == ",":
            if p.text[a:i].strip():
                parts.append((a, i))
            a = i + 1
    found = [classify(p.text, p.index, a, b, lex) for a, b in parts]
    named = [m for m in found if isinstance(m, Mention) and m.kind == "name"]
    if len(named) != 1 or len(parts) > 2:
        return None
    other = [
        p.text[a:b].strip() for (a, b), m in zip(parts, found, strict=True) if m is not named[0]
    ]
    if other and not named[0].role:
        named[0].role = other[0]
    return named[0]


def cue_before(
    p: Passage, pos: int, lex: Lexicon
) -> tuple[tuple[int, int], Mention | str | None] | None:
    """A cue introducing a quote at `pos`: "Peskov said: “…", "He added that “…"."""
    text = p.text
    lo = max(0, pos - 200)
    last = None
    for vm in lex.verb_re.finditer(text, lo, pos):
        last = vm
    if last is None:
        return None
    between = text[last.end() : pos]
    if not re.fullmatch(
        r"\s{0,3}(?:that\s{1,3})?[:,]?\s{0,3}|\s{1,3}\S{1,30}(?:\s\S{1,30}){0,2}\s{0,2}:\s{0,3}",
        between,
    ):
        return None
    sent_start = p.sentence(last.start())[0]
    found, _ = subject_before(p, sent_start, last.start(), lex)
    if found is None:
        found = np_after(text, p.index, last.end(), lex)
    return last.span("verb"), found


def direct_speech(text: str, start: int, end: int) -> bool:
    """Quoted words that read as speech: a capital first letter and at least three words."""
    body = text[start:end].lstrip(" .…-–—'\"‘")
    return bool(body) and body[0].isupper() and len(body.split()) >= 3
