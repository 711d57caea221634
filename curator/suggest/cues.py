"""Reading one reporting construction: the subject before a verb, the clause after it, the
cue next to a quote. Every look-up is bounded (a few hundred characters around the verb),
so the callers stay linear in the paragraph length.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from curator.domain.text import sentence_bounds
from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import MAX_NP_WORDS, Mention, classify, np_after, words
from curator.suggest.quotes import Quote

__all__ = [
    "Passage",
    "complement",
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

_BOUNDARY = frozenset(',;:()[]“”«»„"–—')
_PREPOSITIONS = frozenset(
    {"about", "of", "on", "with", "to", "in", "at", "for", "by", "from", "as", "into", "over"}
    | {"during", "after", "before", "under", "through", "without", "via", "upon", "amid"}
    | {"among", "while", "when", "outside", "inside", "near", "behind", "despite"}
)


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


def subject_before(
    p: Passage, sent_start: int, verb: int, lex: Lexicon
) -> tuple[Mention | str | None, int]:
    """The subject of a verb at `verb`: (mention, "lost" or None, and where it starts).

    Looks 64 characters back first and 300 only when the subject may be longer (an
    apposition, or no clause boundary in sight): most verbs cost little.
    """
    text = p.text
    skip = lex.word_sets["skip_before_verb"]
    head = text[max(sent_start, verb - 80) : verb].rstrip()
    if head.endswith(")") and "(" in head:
        # "Anna Novák (ODS) said", "el líder (y menos representativo) declaró": the subject
        # stands before the parenthesis.
        verb = max(sent_start, verb - 80) + head.rindex("(")
    for width in (64, 300):
        lo = max(sent_start, verb - width)
        final = width == 300 or lo == sent_start
        toks = words(text, lo, verb)
        cut = verb  # where the skipped adverbs start ("Peskov also said")
        while toks and toks[-1].low in skip and not text[toks[-1].end : cut].strip(" ,"):
            cut = toks.pop().start
        if not toks:
            if final:
                return None, verb
            continue
        gap = text[toks[-1].end : cut].strip()
        if gap == ",":
            if final:
                return _appositive_subject(p, lo, toks[-1].end, lex)
            continue
        if gap:
            return None, verb
        chunk = [toks[-1]]
        bounded = False
        for k in range(len(toks) - 2, -1, -1):
            between = text[toks[k].end : chunk[0].start]
            if toks[k].low in lex.word_sets["conditionals"] and not any(
                c in _BOUNDARY for c in between
            ):
                return None, verb  # "si elle estime que …": a hypothetical, not a report
            if (
                any(c in _BOUNDARY for c in between)
                or len(chunk) >= MAX_NP_WORDS
                or toks[k].low in lex.word_sets["clause_breaks"]
            ):
                bounded = True
                break
            chunk.insert(0, toks[k])
        if bounded or final:
            return classify(text, p.index, chunk[0].start, chunk[-1].end, lex), chunk[0].start
    return None, verb


def _appositive_subject(
    p: Passage, lo: int, end: int, lex: Lexicon
) -> tuple[Mention | str | None, int]:
    """ "Vladimir Evseev, head of …, believes": the head before the appositive."""
    text = p.text
    commas = [i for i in range(lo, end) if text[i] == ","]
    bounds = [lo - 1, *commas, end]
    for k in range(len(bounds) - 2, max(-1, len(bounds) - 5), -1):
        a, b = bounds[k] + 1, bounds[k + 1]
        found = classify(text, p.index, a, b, lex)
        if isinstance(found, Mention) and k + 1 < len(bounds) - 1:
            named = classify(text, p.index, b + 1, bounds[k + 2], lex)
            if found.kind == "role" and isinstance(named, Mention) and named.kind == "name":
                # "Le ministre de l’Économie, Bruno Marchand, a précisé": the name.
                toks = words(text, a, b)
                lead = lex.word_sets["determiners"] | lex.word_sets["clause_breaks"]
                while toks and toks[0].low in lead:
                    toks = toks[1:]  # "e o líder do partido" -> "líder do partido"
                named.role = named.role or (text[toks[0].start : toks[-1].end] if toks else None)
                return named, named.start
            appos = text[b + 1 : end].strip()
            for lead in ("from ", "of ", "at "):
                appos = appos.removeprefix(lead)
            if found.kind == "name" and not found.role and _is_role(appos, lex):
                found.role = appos
            start = words(text, a, b)
            return found, start[0].start if start else a
        if found == "lost" and k == 0:
            return found, a
    return None, end


def _is_role(phrase: str, lex: Lexicon) -> bool:
    """An appositive that says what someone is ("head of …"), not "on the other hand"."""
    sets = lex.word_sets
    keys = ("roles", "titles", "institution_words", "org_words", "group_roles")
    return any(w.casefold() in sets[k] for w in phrase.split() for k in keys)


def complement(
    p: Passage, verb_end: int, sent_end: int, verb: str, lex: Lexicon
) -> tuple[int, int] | str | None:
    """Where the reported clause is: a range, "previous" (the sentence before), or None."""
    text = p.text
    if verb.casefold() in lex.view_verbs:
        # "Evseev views Turkmenistan as a contender"; "he sees no problems" is no report.
        clause = text[verb_end : min(sent_end, verb_end + 200)]
        if not any(f" {w} " in clause for w in lex.view_as):
            return None
        toks = words(text, verb_end, min(sent_end, verb_end + 40))
        return (toks[0].start, sent_end) if toks else None
    window = min(sent_end, verb_end + 80)
    cm = lex.complementizer_re.search(text, verb_end, window)
    # "said that", "said on Monday that", and "считает, что" / "betonte, dass".
    if cm and not any(c in ",.;:!?“”«»" for c in text[verb_end : cm.start()].rstrip(" ,")):
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
    # "told Gazeta.ru.", "told investors on Monday.", "said during a call with analysts.":
    # a short tail to the sentence end means the report is what came before the verb.
    tail = words(text, verb_end, sent_end) if sent_end - verb_end <= 120 else toks
    short = len(tail) <= TAIL_WORDS and not any(c in rest for c in ',;:“”«»"')
    tell = verb.casefold() in ("told", "tells", "tell")
    prepositions = lex.word_sets["prepositions"] or _PREPOSITIONS
    if short and toks[0].low != "to" and (toks[0].low in prepositions or tell):
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
    while pre_start < vm.start() and (text[pre_start].isspace() or text[pre_start] in ",–—-"):
        pre_start += 1
    pre = text[pre_start : vm.start()]
    if not pre.strip() or any(c in '.!?;:“”«»"' for c in pre) or len(pre.split()) > 6:
        return None
    found = classify(text, p.index, pre_start, vm.start(), lex)
    return (vm.span("verb"), found) if isinstance(found, Mention) else None


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
