"""Speakers that no reporting verb names: "X's statement", a quote that goes on after its
cue, a quote-only paragraph continuing the one before, and a block quote in the first person.

- "Netanyahu's declaration that …", "his vow on Monday that …": the possessor is a speaker
  (a pronoun only when a clause follows, "his speech" alone is no report).
- `“A,” said X. “B.”`: B has no cue of its own; it goes to the nearest speaker before it in
  the paragraph (the gold convention: the mention in the sentence, else the nearest before).
- A paragraph made only of quotes with no cue, right after a paragraph whose last quote has
  a speaker, continues that speaker's quote: the claim is linked to the earlier mention and
  says so in its meta (`carried`).
- A paragraph without quote marks that speaks in the first person ("I think …") right after
  a paragraph with a person speaker ending in ":" (or in an article where unquoted "I" is
  rare) is a block quote: its first "I" is that person, each sentence a claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from curator.suggest.collect import Claim, Collector
from curator.suggest.cues import Passage, trim_claim
from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import Mention, classify, words

__all__ = ["block_quotes", "continued_quotes", "possessive_sources", "statements_by"]

_POSSESSIVE = ("’s", "'s")
_SHARED = re.compile(r",?\s{1,3}and\s{1,3}$")
"""A verb right after "and": it shares the subject of the verb before (English)."""
MAX_BLOCK_PARAGRAPHS = 3
"""An article with more paragraphs speaking "I" outside quotes is written in the first
person (a column, an interview transcript): no block quotes are guessed there."""


def possessive_sources(p: Passage, col: Collector, lex: Lexicon) -> None:
    """ "Minister Orlov's statements", "his vow that …"."""
    if not lex.statement_nouns:
        return
    nouns = frozenset(lex.statement_nouns)
    text = p.text
    toks = words(text, 0, len(text))
    for k, w in enumerate(toks):
        if p.in_quote(w.start):
            continue
        possessive = w.low in lex.possessives
        if not possessive and not w.text.endswith(_POSSESSIVE):
            continue
        ahead = toks[k + 1 : k + 4]
        noun = next((n for n in ahead if n.low in nouns), None)
        if noun is None or any(c in text[w.end : noun.start] for c in ',.;:“”«»"()'):
            continue
        ss, se = p.sentence(w.start)
        cm = lex.complementizer_re.search(text, noun.end, min(se, noun.end + 40))
        if possessive:
            if cm is None or any(c in text[noun.end : cm.start()] for c in ",;:"):
                continue
            found: Mention | str | None = Mention(
                p.index, w.start, w.end, "pronoun", lex.possessives[w.low]
            )
        else:
            end = w.end - 2
            start = w.start
            j = k - 1
            while j >= 0 and k - j < 5 and toks[j].capitalised and toks[j].start >= ss:
                if text[toks[j].end : start].strip():
                    break
                start = toks[j].start
                j -= 1
            found = classify(text, p.index, start, end, lex)
        if not isinstance(found, Mention) or found.kind not in ("name", "org", "pronoun"):
            continue
        mention = col.mention(found, noun.text)
        if mention is None or cm is None or any(c in text[noun.end : cm.start()] for c in ",;:"):
            continue
        a, b = trim_claim(text, cm.end(), se, lex)
        cue = (p.index, noun.start, noun.end)
        if a < b and col.overlapping(p.index, a, b) is None:
            col.claim(Claim(p.index, a, b, mention, cue, noun.text, f"“{noun.text} that …”"))


def statements_by(p: Passage, col: Collector, lex: Lexicon) -> None:
    """ "reports by CNN and The New York Times that …": the authors are speakers."""
    nouns = frozenset(lex.statement_nouns) | frozenset(lex.report_nouns)
    if not nouns:
        return
    text = p.text
    toks = words(text, 0, len(text))
    for k, w in enumerate(toks[:-1]):
        if w.low not in nouns or toks[k + 1].low != "by" or p.in_quote(w.start):
            continue
        if text[w.end : toks[k + 1].start] != " ":
            continue
        se = p.sentence(w.start)[1]
        pos = toks[k + 1].end
        for _ in range(3):
            cm = lex.complementizer_re.search(text, pos, min(se, pos + 80))
            stop = text.find(" and ", pos, cm.start() if cm else min(se, pos + 80))
            end = stop if stop >= 0 else (cm.start() if cm else -1)
            if end <= pos:
                break
            found = classify(text, p.index, pos, end, lex)
            if not isinstance(found, Mention) or found.kind not in ("name", "org"):
                break
            col.mention(found, f"{w.text} by")
            if stop < 0:
                break
            pos = stop + len(" and ")


def _speakers_by_paragraph(col: Collector) -> dict[int, list[Mention]]:
    """The mentions that speak a claim, per paragraph, in text order."""
    out: dict[int, dict[tuple[int, int, int], Mention]] = {}
    for c in col.result.claims:
        if c.mention is not None and c.mention.paragraph == c.paragraph:
            out.setdefault(c.paragraph, {})[c.mention.key] = c.mention
    return {par: sorted(ms.values(), key=lambda m: m.start) for par, ms in out.items()}


def _shared_subject(c: Claim, claims: list[Claim], p: Passage | None) -> Mention | None:
    if p is None or c.cue is None or c.cue[0] != c.paragraph:
        return None
    if not _SHARED.search(p.text, max(0, c.cue[1] - 8), c.cue[1]):
        return None
    ss = p.sentence(c.cue[1])[0]
    earlier = [
        o
        for o in claims
        if o.mention is not None
        and o.cue is not None
        and o.cue[0] == c.paragraph
        and ss <= o.cue[1] < c.cue[1]
    ]
    return max(earlier, key=lambda o: o.cue[1] if o.cue else 0).mention if earlier else None


def continued_quotes(col: Collector, paras: Mapping[int, Passage]) -> None:
    """Cue-less quotes: the nearest speaker before them in the paragraph, else the speaker
    of the quote the paragraph before ends with."""
    speaking = _speakers_by_paragraph(col)
    by_par: dict[int, list[Claim]] = {}
    for c in col.result.claims:
        by_par.setdefault(c.paragraph, []).append(c)
    for par, claims in sorted(by_par.items()):
        claims.sort(key=lambda c: c.start)
        for c in claims:
            if c.mention is not None or not c.reason.startswith("quote"):
                continue
            p = paras.get(par)
            if c.cue is not None:
                # A cue whose subject was not found is someone else's, unless "X said …,
                # and recommended “…”" shares the subject of the cue before in its sentence.
                shared = _shared_subject(c, claims, p)
                if shared is not None:
                    c.mention = shared
                    c.reason += "; the verb shares the subject of the one before"
                continue
            before = [m for m in speaking.get(par, []) if m.end <= c.start]
            if before and p is not None:
                # Only a quote in the speaker's sentence or the next one goes on.
                prev = p.previous_sentence(c.start) or p.sentence(c.start)
                if before[-1].start < prev[0]:
                    continue
                c.mention = before[-1]
                c.reason += "; the quote goes on after its cue"
        p = paras.get(par)
        prev = by_par.get(par - 1)
        if p is None or not prev or any(c.mention is not None for c in claims):
            continue
        if not all(c.reason.startswith("quote") for c in claims):
            continue
        if p.text.lstrip()[:1] not in "“«„\"‘'" or not p.in_quote(
            len(p.text) - len(p.text.lstrip())
        ):
            continue
        last = max(prev, key=lambda c: c.start)
        if last.mention is None or not last.reason.startswith("quote"):
            continue
        for c in claims:
            c.mention = last.mention
            c.carried = f"continues the quote of ¶{par}"
            c.reason += f"; continues the quote of ¶{par}"


def block_quotes(col: Collector, paras: Mapping[int, Passage], lex: Lexicon) -> None:
    """A paragraph in the first person without quote marks after a speaker's paragraph."""
    if not lex.first_person:
        return
    first_upper = frozenset(w.upper() for w in lex.first_person)
    candidates: dict[int, int] = {}
    for i, p in paras.items():
        if p.quoted:
            continue
        at = next(
            (
                w.start
                for w in words(p.text, 0, len(p.text))
                if re.split("[’']", w.text)[0] in first_upper  # "I", "I’ve"
            ),
            None,
        )
        if at is not None:
            candidates[i] = at
    if not candidates or len(candidates) > MAX_BLOCK_PARAGRAPHS:
        return
    speaking = _speakers_by_paragraph(col)
    has_speaker = {m.paragraph for m in col.result.mentions}
    for i, at in sorted(candidates.items()):
        if i in has_speaker:
            continue  # "I think so, Smith said.": the paragraph names its own speaker
        source = None
        for back in (1, 2):
            prev = paras.get(i - back)
            if prev is None:
                break
            people = [m for m in speaking.get(i - back, []) if m.type == "person"]
            named = [
                m for m in col.result.mentions if m.paragraph == i - back and m.person is not None
            ]
            if people or named:
                source = (people or named)[-1]
                break
            if back == 1 and not prev.text.rstrip().endswith(":"):
                break
        if source is None or source.person is None:
            continue
        p = paras[i]
        mention = Mention(p.index, at, at + 1, "pronoun", "person", person=source.person)
        mention.note = f"first person of a block quote after ¶{source.paragraph + 1}"
        mention = col.mention(mention, "block quote")
        for a, b in p.sentences:
            a, b = trim_claim(p.text, a, b, lex)
            if a < b and col.overlapping(p.index, a, b) is None:
                col.claim(
                    Claim(p.index, a, b, mention, None, "", "block quote in the first person")
                )
