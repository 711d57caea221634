"""Who said what in an article: quotes with their cues, reported speech, headlines
("Peskov: …"), and the people behind names, pronouns and roles.

`analyse` returns the mentions and claims; `speakers.suggest_speakers` turns them into
suggestions and `errors` reads the lost speakers. See `speakers` for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from curator.suggest.collect import Analysis, Claim, Collector, Lost
from curator.suggest.cues import (
    Passage,
    complement,
    coordinated,
    cue_after,
    cue_before,
    direct_speech,
    subject_before,
    trim_claim,
)
from curator.suggest.followups import (
    block_quotes,
    continued_quotes,
    possessive_sources,
    statements_by,
)
from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import Mention, classify, name_runs, words
from curator.suggest.names import NameClusters
from curator.suggest.quotes import Quote, QuoteScan, scan_quotes
from curator.suggest.resolve import resolve
from curator.suggest.subjects import np_after

__all__ = ["Analysis", "Claim", "Lost", "analyse"]

_DASH_CUE = re.compile(r"[,.!?]?[ \t]{1,3}[–—-][ \t]{1,3}")


def _quote_claims(paras: dict[int, Passage], scan: QuoteScan, col: Collector, lex: Lexicon) -> None:
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


def _reported_claims(p: Passage, col: Collector, lex: Lexicon) -> None:
    text = p.text
    for vm in lex.verb_re.finditer(text):
        if p.in_quote(vm.start()):
            continue
        ss, se = p.sentence(vm.start())
        verb = vm.group("verb")
        found, subj_start = subject_before(p, ss, vm.start(), lex)
        cue = (p.index, vm.start(), vm.end())
        if found is None:
            agent = _passive_agent(p, se, vm.end(), lex)
            if agent is not None:  # "was criticized by the administration"
                col.mention(agent, verb)
                continue
            found = _inverted(p, ss, se, vm.start(), vm.end(), lex)
            if found is None:
                continue
            where: tuple[int, int] | str | None = (ss, text.rindex(",", ss, vm.start()))
        else:
            where = complement(p, vm.end(), se, verb, lex)
        tell = verb.casefold() in ("told", "tells", "tell")  # "X told the assembly …"
        nxt = words(text, vm.end(), min(se, vm.end() + 30))[:1]
        topic = bool(nxt) and nxt[0].low in lex.talk_topics  # "warned against", "spoke of"
        if where == "directive":
            where, topic = None, True
        if where is None and verb.casefold() not in lex.speech_verbs and not (tell or topic):
            continue  # "agreed to condemn": not reported speech
        if where is None and verb.casefold() in lex.talk_verbs:
            after = words(text, vm.end(), min(se, vm.end() + 60))[:4]
            if not any(w.low in lex.talk_topics for w in after):
                continue  # "spoke at the summit": an event, not a statement
        if found == "lost":
            col.result.lost.append(Lost(p.index, subj_start, vm.end(), verb))
        mention = col.mention(found, verb)
        if isinstance(found, Mention) and found.kind in ("name", "org"):
            for other in coordinated(p, ss, subj_start, lex):
                col.mention(other, verb)  # "Merz, Röttgen and Laschet talk about …"
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


def _passive_agent(p: Passage, se: int, v1: int, lex: Lexicon) -> Mention | None:
    """ "criticized by the Obama administration": the agent of a passive reporting verb."""
    text = p.text
    nxt = words(text, v1, min(se, v1 + 12))[:1]
    if not nxt or nxt[0].low != "by" or not _agent_verb(text, v1 - 1):
        return None
    found = np_after(text, p.index, nxt[0].end, lex)
    if isinstance(found, Mention) and found.kind in ("name", "org", "group", "role"):
        return found
    return None


def _agent_verb(text: str, last: int) -> bool:
    """A past participle ("criticized", "announced"), not "says by"."""
    return text[max(0, last - 1) : last + 1] == "ed"


def _inverted(p: Passage, ss: int, se: int, v0: int, v1: int, lex: Lexicon) -> Mention | None:
    """ "The plan is sound, said the minister Olav Rinde.": the subject after the verb,
    the report before the comma."""
    text = p.text
    before = text[ss:v0].rstrip()
    if not before.endswith(",") or len(before) < 12:
        return None
    found = np_after(text, p.index, v1, lex)
    if not isinstance(found, Mention) or found.kind == "pronoun":
        return None
    tail = text[found.end : se].strip(" .!?")
    if tail and not tail.startswith(","):
        return None  # the phrase after the verb goes on: not an inverted subject
    return found


def _source_phrases(p: Passage, col: Collector, lex: Lexicon) -> None:
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
                if not isinstance(found, Mention):
                    continue
                if cm is None:
                    if found.kind == "name":  # "paraphrased the statement of Professor X"
                        col.mention(found, phrase)
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
     "photos", "live", "watch", "explainer", "interview", "comment", "editorial", "review",
     "map", "chart", "graphic", "graphics", "timeline", "gallery", "quiz", "poll", "podcast",
     "read", "also", "related", "see", "more", "news", "latest", "source", "sources", "credit",
     "credits", "image", "picture", "pictures", "factbox", "fact", "box", "q&a", "transcript"}
)  # fmt: skip
"""Words of a "Label: …" title that is no speaker ("Map: …", "Also read: …")."""


def _headline(p: Passage, col: Collector, lex: Lexicon) -> None:
    """ "Peskov: talks will go on" — a title that names its speaker before a colon."""
    m = _HEADLINE.match(p.text)
    if m is None or p.in_quote(0):
        return
    found = classify(p.text, p.index, 0, m.end() - 1, lex)
    if not isinstance(found, Mention) or found.kind not in ("name", "org"):
        return
    name = found.name or ""
    if any(w in _HEADLINE_LABELS for w in name.casefold().split()) or (
        name.isupper() and len(name) > 1  # "BREAKING NEWS:", "LAST MINUTE:" are labels
    ):
        return
    if not any(w.text.islower() for w in words(p.text, m.end(), len(p.text))):
        return  # "Name: Photographer / Agency" is a credit, a claim has lower-case words
    mention = col.mention(found, ":")
    a, b = trim_claim(p.text, m.end(), len(p.text), lex)
    colon = (p.index, m.end() - 2, m.end() - 1)
    col.claim(Claim(p.index, a, b, mention, colon, ":", "headline “Name: claim”"))


def _attach_or_add(
    p: Passage,
    col: Collector,
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
    col = Collector()
    col.result.people = NameClusters(lex.name_endings)
    col.result.people.learn(run for p in paras.values() for run in name_runs(p.text, lex))
    for i in headings:
        if i in paras:
            _headline(paras[i], col, lex)
    _quote_claims(paras, scan, col, lex)
    for p in paras.values():
        _source_phrases(p, col, lex)
        _reported_claims(p, col, lex)
        possessive_sources(p, col, lex)
        statements_by(p, col, lex)
    continued_quotes(col, paras)
    dropped = {m.key for m in resolve(col.result.mentions, col.result.people, lex, texts)}
    if dropped:
        col.result.mentions = [m for m in col.result.mentions if m.key not in dropped]
        for c in col.result.claims:
            if c.mention is not None and c.mention.key in dropped:
                c.mention = None
    block_quotes(col, paras, lex)
    return col.result
