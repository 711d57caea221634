"""Who said what in an article: quotes with their cues, reported speech, headlines
("Peskov: …"), and the people behind names, pronouns and roles.

`analyse` returns the mentions and claims; `speakers.suggest_speakers` turns them into
suggestions and `errors` reads the lost speakers. See `speakers` for the rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from curator.suggest.cues import (
    Passage,
    complement,
    cue_after,
    cue_before,
    direct_speech,
    subject_before,
    trim_claim,
)
from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import Mention, classify, np_after, words
from curator.suggest.names import NameClusters
from curator.suggest.quotes import Quote, QuoteScan, scan_quotes

__all__ = ["Analysis", "Claim", "Lost", "analyse"]

RESOLVE_WINDOW = 3
"""How many paragraphs back a pronoun or "the expert" looks for its named speaker."""

_DASH_CUE = re.compile(r"[,.!?]?[ \t]{1,3}[–—-][ \t]{1,3}")


@dataclass(slots=True)
class Claim:
    """What someone said, in one paragraph."""

    paragraph: int
    start: int
    end: int
    mention: Mention | None
    cue: tuple[int, int, int] | None
    """(paragraph, start, end) of the reporting cue."""
    cue_text: str
    reason: str


@dataclass(slots=True)
class Lost:
    """A reporting verb whose speaker is missing (the errors suggester reports it)."""

    paragraph: int
    start: int
    end: int
    cue_text: str


@dataclass(slots=True)
class Analysis:
    """Everything the speaker suggester found in an article."""

    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    people: NameClusters = field(default_factory=NameClusters)
    cues: dict[tuple[int, int, int], str] = field(default_factory=dict)
    """Mention key -> the cue that made it a speaker."""


class _Collector:
    """Accumulates mentions and claims of one article, dropping duplicates."""

    def __init__(self) -> None:
        self.result = Analysis()
        self._mentions: dict[tuple[int, int, int], Mention] = {}
        # Per paragraph, claims sorted by start; they never overlap, so a bisect finds
        # the only candidates for an overlap (linear time overall).
        self._starts: dict[int, list[int]] = {}
        self._sorted: dict[int, list[Claim]] = {}

    def mention(self, m: Mention | str | None, cue: str) -> Mention | None:
        if not isinstance(m, Mention):
            return None
        known = self._mentions.get(m.key)
        if known is not None:
            return known
        self._mentions[m.key] = m
        self.result.mentions.append(m)
        self.result.cues[m.key] = cue
        return m

    def overlapping(self, paragraph: int, start: int, end: int) -> Claim | None:
        starts = self._starts.get(paragraph, [])
        claims = self._sorted.get(paragraph, [])
        i = bisect_right(starts, start) - 1
        for c in claims[max(0, i) : i + 2]:
            if c.start < end and start < c.end:
                return c
        j = bisect_right(starts, end - 1) - 1  # a claim starting inside [start, end)
        if j >= 0 and claims[j].start >= start and claims[j].start < end:
            return claims[j]
        return None

    def claim(self, claim: Claim, text: str = "") -> None:
        if claim.end <= claim.start:
            return
        later = self.overlapping(claim.paragraph, claim.start, claim.end)
        if later is not None and later.start > claim.start and text:
            # Nested report ("believes that X and quotes the words of Y that Z"): the outer
            # claim stops where the inner one's cue begins.
            cue = later.cue
            cut = (
                cue[1]
                if cue and cue[0] == claim.paragraph and claim.start < cue[1]
                else later.start
            )
            while cut > claim.start and (text[cut - 1].isspace() or text[cut - 1] in ",;:"):
                cut -= 1
            claim.end = min(claim.end, cut)
            if claim.end <= claim.start:
                return
            later = self.overlapping(claim.paragraph, claim.start, claim.end)
        if later is not None:
            return
        starts = self._starts.setdefault(claim.paragraph, [])
        i = bisect_right(starts, claim.start)
        starts.insert(i, claim.start)
        self._sorted.setdefault(claim.paragraph, []).insert(i, claim)
        self.result.claims.append(claim)


def _quote_claims(
    paras: dict[int, Passage], scan: QuoteScan, col: _Collector, lex: Lexicon
) -> None:
    chains: dict[int, list[Quote]] = {}
    for q in scan.quotes:
        if q.paragraph in paras:
            chains.setdefault(q.chain, []).append(q)
    unclosed = set(scan.unclosed)
    for parts in chains.values():
        first, last = parts[0], parts[-1]
        cue = None
        cue_par = first.paragraph
        cut: int | None = None  # where a quote that is never closed really ends
        if last.close is not None:
            cue = cue_after(paras[last.paragraph], last.close + 1, lex)
            cue_par = last.paragraph
        elif len(parts) == 1 and last.open is not None and (last.paragraph, last.open) in unclosed:
            # "We are ready, – said Orlov." with the closing mark lost: a dash and a cue.
            p = paras[last.paragraph]
            for dm in _DASH_CUE.finditer(p.text, last.open + 1, p.sentence(last.open)[1]):
                cue = cue_after(p, dm.start(), lex)
                if cue is not None:
                    cut, cue_par = dm.start(), last.paragraph
                    break
        if cue is None and first.open is not None:
            p = paras[first.paragraph]
            cue = cue_before(p, first.open, lex)
            cue_par = first.paragraph
            prev = paras.get(first.paragraph - 1)
            if (
                cue is None
                and first.open <= 3
                and prev is not None
                and prev.text.rstrip().endswith(":")
            ):
                cue = cue_before(prev, len(prev.text.rstrip()), lex)
                cue_par = prev.index
        c0, c1 = first.content
        speech = first.dash or direct_speech(paras[first.paragraph].text, c0, c1)
        if cue is None and not speech:
            continue
        if cue is not None and not speech and len(paras[first.paragraph].text[c0:c1].split()) < 3:
            continue
        mention, cue_text, cue_at = None, "", None
        if cue is not None:
            (v0, v1), found = cue
            cue_text = paras[cue_par].text[v0:v1]
            cue_at = (cue_par, v0, v1)
            mention = col.mention(found, cue_text)
            if found == "lost":
                col.result.lost.append(Lost(cue_par, v0, v1, cue_text))
        for q in parts:
            p = paras[q.paragraph]
            a, b = q.content
            a, b = trim_claim(p.text, a, b if cut is None else cut, lex)
            how = f"quote, cue “{cue_text}”" if cue_text else "quote, no reporting cue found"
            col.claim(Claim(q.paragraph, a, b, mention, cue_at, cue_text, how))


def _reported_claims(p: Passage, col: _Collector, lex: Lexicon) -> None:
    text = p.text
    for vm in lex.verb_re.finditer(text):
        if p.in_quote(vm.start()):
            continue
        ss, se = p.sentence(vm.start())
        verb = vm.group("verb")
        found, subj_start = subject_before(p, ss, vm.start(), lex)
        if found is None:
            continue
        cue = (p.index, vm.start(), vm.end())
        where = complement(p, vm.end(), se, verb, lex)
        if where is None and verb.casefold() not in lex.speech_verbs:
            continue  # "agreed to condemn": not reported speech
        if found == "lost":
            col.result.lost.append(Lost(p.index, subj_start, vm.end(), verb))
        mention = col.mention(found, verb)
        if where == "previous":
            before = text[ss:subj_start].rstrip()
            if subj_start > ss + 2 and before.endswith(","):
                where = (ss, ss + len(before) - 1)  # "The talks failed, a source said."
            else:
                prev = p.previous_sentence(vm.start())
                if prev is None or subj_start > ss + 2 or p.in_quote(prev[0]):
                    continue
                where = prev
        if not isinstance(where, tuple):
            continue
        a, b = trim_claim(text, where[0], where[1], lex)
        if a >= b or p.in_quote(a):
            claim = col.overlapping(p.index, a, max(b, a + 1))
            if claim is not None and claim.mention is None and mention is not None:
                claim.mention, claim.cue, claim.cue_text = mention, cue, verb
            continue
        col.claim(Claim(p.index, a, b, mention, cue, verb, f"reported speech, cue “{verb}”"), text)


def _source_phrases(p: Passage, col: _Collector, lex: Lexicon) -> None:
    """ "according to X, …", "X zufolge", "in the speech of X", "in his opinion, …"."""
    text = p.text
    if lex.according_re is not None:
        for m in lex.according_re.finditer(text):
            if p.in_quote(m.start()):
                continue
            ss, se = p.sentence(m.start())
            phrase = m.group()
            lead = m.start()  # where the source phrase starts
            if m.groupdict().get("post") is not None:
                found, lead = subject_before(p, ss, m.start(), lex)  # "Dem Minister zufolge"
                after = m.end()
            elif m.groupdict().get("words") is not None:
                # "the words of Tokayev's deputy Timur Suleymanov that Nur-Sultan will …"
                found = np_after(text, p.index, m.end(), lex)
                cm = lex.complementizer_re.search(text, m.end(), min(se, m.end() + 160))
                if not isinstance(found, Mention) or cm is None:
                    continue
                mention = col.mention(found, phrase)
                a, b = trim_claim(text, cm.end(), se, lex)
                _attach_or_add(p, col, a, b, mention, (p.index, m.start(), m.end()), phrase)
                continue
            else:
                found = np_after(text, p.index, m.end(), lex)
                comma = _clause_comma(text, m.end(), min(se, m.end() + 160))
                # "Laut Experten ist …": without a comma the clause follows the source.
                fallback = found.end if isinstance(found, Mention) else se
                after = comma + 1 if comma >= 0 else fallback
            mention = col.mention(found, phrase)
            if m.groupdict().get("source") is not None or mention is None:
                continue
            if after < se - 1 and lead <= ss + 2:
                a, b = trim_claim(text, after, se, lex)
            else:
                a, b = trim_claim(text, ss, m.start(), lex)
            _attach_or_add(p, col, a, b, mention, (p.index, m.start(), m.end()), phrase)
    if lex.holder_re is not None:
        for m in lex.holder_re.finditer(text):
            if p.in_quote(m.start()):
                continue
            pron = next(
                (w for w in words(text, m.start(), m.end()) if w.low in lex.possessives), None
            )
            if pron is None:
                continue
            ss, se = p.sentence(m.start())
            found = Mention(p.index, pron.start, pron.end, "pronoun", lex.possessives[pron.low])
            mention = col.mention(found, m.group())
            comma = text.find(",", m.end(), min(se, m.end() + 3))
            if comma >= 0 or m.start() <= ss + 2:
                # "in his opinion, …" and "Seiner Meinung nach ist …" (no comma in German)
                a, b = trim_claim(text, comma + 1 if comma >= 0 else m.end(), se, lex)
            else:
                a, b = trim_claim(text, ss, m.start(), lex)
            _attach_or_add(p, col, a, b, mention, (p.index, m.start(), m.end()), m.group())


def _clause_comma(text: str, start: int, end: int) -> int:
    """The first comma in text[start:end] that is not a decimal comma ("2,1 Prozent")."""
    i = text.find(",", start, end)
    while i >= 0 and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        i = text.find(",", i + 1, end)
    return i


_HEADLINE = re.compile(r"[^:\n]{2,60}:[ \t]{1,3}(?=\S)")
_HEADLINE_LABELS = frozenset(
    {"update", "updated", "breaking", "exclusive", "analysis", "opinion", "video", "photo",
     "photos", "live", "watch", "explainer", "interview", "comment", "editorial", "review"}
)  # fmt: skip


def _headline(p: Passage, col: _Collector, lex: Lexicon) -> None:
    """ "Peskov: talks will go on" — a title that names its speaker before a colon."""
    m = _HEADLINE.match(p.text)
    if m is None or p.in_quote(0):
        return
    found = classify(p.text, p.index, 0, m.end() - 1, lex)
    if not isinstance(found, Mention) or found.kind not in ("name", "org"):
        return
    if (found.name or "").casefold() in _HEADLINE_LABELS:
        return
    mention = col.mention(found, ":")
    a, b = trim_claim(p.text, m.end(), len(p.text), lex)
    colon = (p.index, m.end() - 2, m.end() - 1)
    col.claim(Claim(p.index, a, b, mention, colon, ":", "headline “Name: claim”"))


def _attach_or_add(
    p: Passage,
    col: _Collector,
    a: int,
    b: int,
    mention: Mention | None,
    cue: tuple[int, int, int],
    cue_text: str,
) -> None:
    if a >= b:
        return
    claim = col.overlapping(p.index, a, b)
    if claim is None:
        col.claim(
            Claim(p.index, a, b, mention, cue, cue_text, f"reported speech, cue “{cue_text}”")
        )
    elif claim.mention is None:
        claim.mention, claim.cue, claim.cue_text = mention, cue, cue_text


RECENT = 50
"""At most this many earlier named mentions are looked at per paragraph (bounded work)."""
SAME_PARAGRAPH_REACH = 1000
"""In the mention's own paragraph, only names this close before it (characters) count."""


def _resolve(result: Analysis, lex: Lexicon) -> None:
    """Name mentions -> people; pronouns and roles -> the one nearby named person."""
    ordered = sorted(result.mentions, key=lambda m: m.key)
    by_par: dict[int, list[Mention]] = {}
    with_role: list[Mention] = []
    for m in ordered:
        if m.kind == "name" and m.name:
            m.person = result.people.add(m.name)
            by_par.setdefault(m.paragraph, []).append(m)
            if m.role:
                with_role.append(m)
    role_keys = [n.key for n in with_role]
    starts = {par: [n.start for n in named] for par, named in by_par.items()}
    for m in ordered:
        if m.kind not in ("pronoun", "role") or m.type != "person":
            continue
        role_words = [w.casefold() for w in (m.role or "").split()] if m.kind == "role" else []
        role_word = next((w for w in role_words if w in lex.word_sets["roles"]), "")
        if role_word:
            i = bisect_right(role_keys, m.key)
            fits = {
                n.person
                for n in with_role[max(0, i - 4 * RECENT) : i]
                if role_word in (n.role or "").casefold()
            }
            if len(fits) == 1:
                _resolved(m, fits.pop(), result, "a speaker with this role")
                continue
            if role_word in lex.word_sets["titles"]:
                # "the minister" is only someone introduced as a minister.
                m.note = "no named speaker with this title"
                continue
        for back in range(RESOLVE_WINDOW + 1):
            named = by_par.get(m.paragraph - back, [])
            if back == 0:
                j = bisect_right(starts.get(m.paragraph, []), m.start)
                reach = m.start - SAME_PARAGRAPH_REACH
                here = [n for n in named[max(0, j - RECENT) : j] if n.start >= reach]
            else:
                here = named[-RECENT:]
            if not here:
                continue
            people = {n.person for n in here}
            if len(people) == 1:
                _resolved(m, people.pop(), result, f"¶{m.paragraph - back + 1}")
            else:
                names = " or ".join(
                    sorted(result.people.canonical(i) for i in people if i is not None)
                )
                m.note = f"ambiguous: {names}"
            break
        else:
            m.note = "no named speaker nearby"


def _resolved(m: Mention, person: int | None, result: Analysis, where: str) -> None:
    m.person = person
    if person is not None:
        m.note = f"→ {result.people.canonical(person)} (named in {where})"


def analyse(
    paragraphs: Sequence[str],
    lex: Lexicon,
    skip: Sequence[int] = (),
    scan: QuoteScan | None = None,
    headings: Sequence[int] = (0,),
) -> Analysis:
    """Find speaker mentions, claims and lost speakers in an article (`headings`: titles
    that may read "Name: claim")."""
    texts = [t if isinstance(t, str) else "" for t in paragraphs]
    scan = scan or scan_quotes(texts)
    skipped = set(skip)
    by_par: dict[int, list[Quote]] = {}
    for q in scan.quotes:
        by_par.setdefault(q.paragraph, []).append(q)
    unclosed: dict[int, set[int]] = {}
    for par, pos in scan.unclosed:
        unclosed.setdefault(par, set()).add(pos)
    paras = {
        i: Passage(i, t, by_par.get(i, []), frozenset(unclosed.get(i, ())))
        for i, t in enumerate(texts)
        if i not in skipped and t
    }
    col = _Collector()
    col.result.people = NameClusters(lex.name_endings)
    for i in headings:
        if i in paras:
            _headline(paras[i], col, lex)
    _quote_claims(paras, scan, col, lex)
    for p in paras.values():
        _source_phrases(p, col, lex)
        _reported_claims(p, col, lex)
    _resolve(col.result, lex)
    return col.result
