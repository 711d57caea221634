"""The subject of a reporting verb: the noun phrase before it, through auxiliaries and
adverbs ("has firmly denied"), appositions ("Vladimir Evseev, head of …, believes"; "her
mother, Fiona, said"), relative pronouns ("the minister, who said") and coordination ("A, B
and C said"); and the subject after an inverted verb or "according to" (`np_after`: "said
Dmitry Peskov to reporters", "napsal na Facebooku Jan Novák"). Every look-up is bounded (a
few hundred characters around the verb).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import (
    MAX_NP_WORDS,
    Mention,
    Word,
    classify,
    name_run,
    named_mention,
    words,
)

if TYPE_CHECKING:
    from curator.suggest.cues import Passage

__all__ = ["BOUNDARY", "PREPOSITIONS", "coordinated", "np_after", "subject_before"]

BOUNDARY = frozenset(',;:()[]“”«»„"–—')
"""Characters that end a noun phrase."""
PREPOSITIONS = frozenset(
    {"about", "of", "on", "with", "to", "in", "at", "for", "by", "from", "as", "into", "over"}
    | {"during", "after", "before", "under", "through", "without", "via", "upon", "amid"}
    | {"among", "while", "when", "outside", "inside", "near", "behind", "despite", "against"}
)
"""Words that open a prepositional phrase, not a subject or a clause (English)."""


def subject_before(
    p: Passage, sent_start: int, verb: int, lex: Lexicon
) -> tuple[Mention | str | None, int]:
    """The subject of a verb at `verb`: (mention, "lost" or None, and where it starts).

    Looks 64 characters back first and 300 only when the subject may be longer (an
    apposition, or no clause boundary in sight): most verbs cost little.
    """
    text = p.text
    head = text[max(sent_start, verb - 80) : verb].rstrip()
    if head.endswith(")") and "(" in head:
        # "Anna Novák (ODS) said", "el líder (y menos representativo) declaró": the subject
        # stands before the parenthesis.
        verb = max(sent_start, verb - 80) + head.rindex("(")
    for width in (64, 300):
        lo = max(sent_start, verb - width)
        final = width == 300 or lo == sent_start
        toks = words(text, lo, verb)
        if toks and toks[-1].low in _PASSIVE and not text[toks[-1].end : verb].strip():
            return None, verb  # "he was told", "it is said": not the speaker
        stop = verb  # where the subject must end: the first skipped word
        while toks and _skippable(toks[-1], lex) and not text[toks[-1].end : stop].strip(" ,"):
            stop = toks.pop().start
        if not toks:
            if final:
                return None, verb
            continue
        if toks[-1].text.endswith(("’s", "'s")) and not text[toks[-1].end : stop].strip():
            return None, verb  # "Mr Smith's comments on …": a noun, not a verb
        if toks[-1].low in lex.relatives and not text[toks[-1].end : stop].strip():
            return _relative_head(p, sent_start, toks[-1].start, lex)
        gap = text[toks[-1].end : stop].strip()
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
                c in BOUNDARY for c in between
            ):
                return None, verb  # "si elle estime que …": a hypothetical, not a report
            if (
                any(c in BOUNDARY for c in between)
                or len(chunk) >= MAX_NP_WORDS
                or toks[k].low in lex.word_sets["clause_breaks"]
                or toks[k].low in lex.complementizers  # "… learned that the Commission said"
                or toks[k].low in _single_verbs(lex)  # "South Africa said Mr Mugabe had told"
            ):
                bounded = True
                break
            chunk.insert(0, toks[k])
        if bounded or final:
            return classify(text, p.index, chunk[0].start, chunk[-1].end, lex), chunk[0].start
    return None, verb


_PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
"""A be-form right before a reporting verb makes it passive ("was told")."""


def _skippable(w: Word, lex: Lexicon) -> bool:
    """An adverb or auxiliary between a subject and its verb ("has", "strongly")."""
    low = w.low
    if w.capitalised:
        return False  # "The Rain Did Not said": a title's words, not auxiliaries
    return low in lex.word_sets["skip_before_verb"] or (low.endswith("ly") and len(low) > 4)


_VERB_SETS: dict[int, frozenset[str]] = {}


def _single_verbs(lex: Lexicon) -> frozenset[str]:
    """The one-word reporting verbs of a lexicon (cached per lexicon)."""
    found = _VERB_SETS.get(id(lex))
    if found is None:
        found = frozenset(v for v in (*lex.verbs, *lex.speech_verbs) if " " not in v)
        _VERB_SETS[id(lex)] = found
    return found


_COORD = re.compile(r"(?:,|,?\s{1,3}and)\s{1,3}$")


def coordinated(p: Passage, sent_start: int, subj_start: int, lex: Lexicon) -> list[Mention]:
    """Names coordinated before a subject ("A, B and C said"): at most three more."""
    text = p.text
    out: list[Mention] = []
    end = subj_start
    for k in range(3):
        m = _COORD.search(text, max(sent_start, end - 8), end)
        if m is None or (k == 0 and "and" not in m.group()):
            break  # "In the address to the Assembly, Peskov said": no list without "and"
        toks = words(text, max(sent_start, m.start() - 80), m.start())
        run: list[Word] = []
        for w in reversed(toks):
            if (
                not w.capitalised
                or len(run) == 4
                or text[w.end : (run[0].start if run else m.start())].strip()
            ):
                break
            run.insert(0, w)
        if not run:
            break
        found = classify(text, p.index, run[0].start, run[-1].end, lex)
        if not isinstance(found, Mention) or found.kind not in ("name", "org"):
            break
        out.append(found)
        end = run[0].start
    return out


def _relative_head(
    p: Passage, sent_start: int, rel: int, lex: Lexicon
) -> tuple[Mention | str | None, int]:
    """ "an Israeli prime minister who has declared", "ZeniMax Media, which accuses": the
    noun phrase before the relative pronoun (back to its determiner, at most six words)."""
    text = p.text
    end = rel
    while end > sent_start and text[end - 1] in " ,":
        end -= 1
    toks = words(text, max(sent_start, end - 120), end)
    chunk: list[Word] = []
    for w in reversed(toks):
        if chunk and (
            any(c in BOUNDARY for c in text[w.end : chunk[0].start])
            or w.low in lex.word_sets["clause_breaks"]
            or w.low in PREPOSITIONS
            or (
                not w.capitalised
                and all(c.capitalised for c in chunk)
                and w.low not in lex.word_sets["determiners"]
            )
            or len(chunk) >= 6
        ):
            break
        sets = lex.word_sets
        head_noun = any(w.low in sets[k] for k in ("roles", "group_roles", "org_words"))
        if not chunk and not (w.capitalised or head_noun):
            return None, rel
        chunk.insert(0, w)
        if w.low in lex.word_sets["determiners"]:
            break
    if not chunk:
        return None, rel
    found = classify(text, p.index, chunk[0].start, chunk[-1].end, lex)
    if isinstance(found, Mention) and found.kind != "pronoun":
        return found, chunk[0].start
    return None, rel


def _appositive_subject(
    p: Passage, lo: int, end: int, lex: Lexicon
) -> tuple[Mention | str | None, int]:
    """ "Vladimir Evseev, head of …, believes": the head before the appositive."""
    text = p.text
    commas = [i for i in range(lo, end) if text[i] == ","]
    bounds = [lo - 1, *commas, end]
    for k in range(len(bounds) - 2, max(-1, len(bounds) - 5), -1):
        a, b = bounds[k] + 1, bounds[k + 1]
        lead = words(text, a, min(b, a + 20))[:1]
        if lead and (lead[0].low in PREPOSITIONS or lead[0].low in lex.word_sets["clause_breaks"]):
            a = lead[0].end  # ", after the speaker of Congress Ana Ruiz, has announced"
        found = classify(text, p.index, a, b, lex)
        if k == len(bounds) - 2 and k > 0 and isinstance(found, Mention) and found.kind == "name":
            # "her mother, Fiona, said", "The candidate of the party, Ana Ruiz, said": a
            # name in apposition to a role (or a full name after any noun phrase).
            before = classify(text, p.index, bounds[k - 1] + 1, bounds[k], lex)
            if isinstance(before, Mention) and before.kind == "role":
                role = _role_text(text, bounds[k - 1] + 1, bounds[k], lex)
                found.role = found.role or role or before.role
                return found, found.start
            if len((found.name or "").split()) >= 2 and before is None:
                return found, found.start
        if isinstance(found, Mention) and k + 1 < len(bounds) - 1:
            named = classify(text, p.index, b + 1, bounds[k + 2], lex)
            if found.kind == "role" and isinstance(named, Mention) and named.kind == "name":
                # "Le ministre de l’Économie, Bruno Marchand, a précisé": the name.
                named.role = named.role or _role_text(text, a, b, lex)
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


def _role_text(text: str, a: int, b: int, lex: Lexicon) -> str | None:
    """The role phrase in text[a:b] without its article or conjunction ("e o líder do
    partido" -> "líder do partido", "the candidate of the party" -> "candidate of …")."""
    toks = words(text, a, b)
    heads = lex.word_sets["determiners"] | lex.word_sets["clause_breaks"]
    while toks and toks[0].low in heads:
        toks = toks[1:]
    return text[toks[0].start : toks[-1].end] if toks else None


_NAME_STOPS = frozenset({"from", "at", "with", "in", "on", "to", "for", "during", "after"})
"""Prepositions that end a person's name phrase after a reporting verb."""
_STOP_AFTER = frozenset(',.;:!?()[]“”«»"–—')


def _phrase_end(text: str, i: int, end: int) -> int:
    """Where a noun phrase starting at i ends: punctuation, but not the dot of "Mr." or "V."."""
    j = i
    while j < end:
        ch = text[j]
        if ch == "." and j + 2 < len(text) and text[j + 1] == " " and text[j + 2].isupper():
            k = j
            while k > i and text[k - 1].isalpha():
                k -= 1
            if 1 <= j - k <= 3 and text[k].isupper():  # an initial or a short title
                j += 1
                continue
        if ch == "." and i < j < len(text) - 1 and text[j - 1].isalnum() and text[j + 1].isalnum():
            j += 1  # "iDNES.cz", "Gazeta.ru": a dot inside a word
            continue
        if ch in _STOP_AFTER:
            return j
        j += 1
    return j


def _subject_after_adverbial(
    text: str, paragraph: int, toks: list[Word], lex: Lexicon
) -> Mention | None:
    """Verb-subject order with an adverbial first, common in Czech and Russian: "napsal na
    Facebooku Jan Novák", "uvedl pro ČT ministr financí Jan Novák"."""
    sets = lex.word_sets
    # A person word first ("pro server iDNES.cz ministr …"), else an organization's.
    for keys in (("roles", "group_roles"), ("titles",), ("org_words",)):
        for k in range(1, len(toks)):
            if any(toks[k].low in sets[key] for key in keys):
                found = classify(text, paragraph, toks[k].start, toks[-1].end, lex)
                return found if isinstance(found, Mention) else None
    run = name_run(toks[1:], lex)
    if len(run) >= 3 and run[0] is toks[1]:
        run = run[1:]  # "na Facebooku Jan Novák": the first capital is the adverbial's
    if len(run) < 2 or run[0] is toks[1]:
        return None  # "řekl v Praze.", "заявил в Москве Песков": no telling
    return named_mention(paragraph, run, text, None, lex)


def np_after(
    text: str, paragraph: int, pos: int, lex: Lexicon, limit: int = 160
) -> Mention | str | None:
    """The noun phrase starting at `pos` (after an inverted verb or "according to"), up to
    punctuation or a complementizer; "President of Belarus, Alexander Lukashenko" takes the
    name after the comma. None when nothing usable follows."""
    end = min(len(text), pos + limit)
    i = pos
    while i < end and text[i].isspace():
        i += 1
    j = _phrase_end(text, i, end)
    toks = words(text, i, j)
    comp = next((k for k, w in enumerate(toks) if w.low in lex.complementizers), None)
    if comp is not None:
        toks = toks[:comp]
    if not toks:
        return None
    if toks[0].low in lex.word_sets["prepositions"]:
        return _subject_after_adverbial(text, paragraph, toks, lex)
    # "chief inspector Jennifer Mattinson from the West Mercia police": a named person
    # before a preposition is the speaker, the rest says where they work.
    stops = (lex.word_sets["prepositions"] or _NAME_STOPS) - lex.word_sets["particles"]
    cut = next((k for k, w in enumerate(toks) if k and w.low in stops), None)
    if cut is not None:
        head = classify(text, paragraph, toks[0].start, toks[cut - 1].end, lex)
        if isinstance(head, Mention) and head.kind == "name":
            return head
    found = classify(text, paragraph, toks[0].start, toks[-1].end, lex)
    shrunk = False
    for k in range(min(len(toks), 8) - 1, 0, -1):
        if (isinstance(found, Mention) and found.kind != "role") or found == "lost":
            break
        # "said Dmitry Peskov to reporters": the subject is a prefix of what follows; a
        # role is kept unless a prefix is a name ("sagte Kanzler Olaf Scholz am Montag").
        shorter = classify(text, paragraph, toks[0].start, toks[k - 1].end, lex)
        if isinstance(found, Mention) and not (
            isinstance(shorter, Mention) and shorter.kind == "name"
        ):
            continue
        found = shorter
        shrunk = True
    if isinstance(found, Mention) and not shrunk and j < end and text[j] == ",":
        second = words(text, j + 1, _phrase_end(text, j + 1, end))
        if found.kind in ("role", "org"):
            # Apposition: "the President of Belarus, Alexander Lukashenko".
            run = name_run(second, lex) if second else []
            if run and len(run) == len(second):
                return named_mention(paragraph, run, text, text[toks[0].start : toks[-1].end], lex)
        elif found.kind == "name" and not found.role and len(second) > 1:
            # "Anna Lindqvist, an economist at the Nordic Institute".
            sets = lex.word_sets
            if second[0].low in sets["determiners"] and any(
                w.low in sets["roles"] or w.low in sets["titles"] for w in second[1:3]
            ):
                found.role = text[second[1].start : second[-1].end]
    return found
