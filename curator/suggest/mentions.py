"""Who a noun phrase names: a person, a pronoun, a role ("the expert"), a group, an
organization, or nobody because the name was lost in translation.

Works on word tokens found with one linear regex; every function here looks at a bounded
window of the paragraph, so the callers stay linear in the paragraph length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from curator.suggest.dates import MONTH_NAMES, WEEKDAYS
from curator.suggest.lexicon import LEXICONS, Lexicon
from curator.suggest.names import GIVEN_NAMES

__all__ = [
    "Mention",
    "Word",
    "classify",
    "name_run",
    "name_runs",
    "name_spans",
    "named_mention",
    "words",
]

_WORD = re.compile(r"\w+")
_JOINERS = "-’'"
_CALENDAR_WORDS = frozenset(w.casefold() for w in (*MONTH_NAMES, *WEEKDAYS))
"""Capitalised words that are never names ("May", "Monday")."""
_NEGATIONS = frozenset({"not", "never", "no", "nor"})
"""Negations are never name words (titles in title case: "… Did Not …")."""
_NATIONALITY_ENDINGS = ("ian", "ese", "ish", "ean")
MAX_NP_WORDS = 14
_QUANTIFIER = re.compile(
    r"(?:(?:the|a|an|some|many|several|most|other|these|those)\s{1,3})*"
    r"(?:(?:number|group|couple|handful|lot|majority|few)\s{1,3}of\s{1,3})?",
    re.IGNORECASE,
)
"""Words before a group's head that are not part of its name (English; others have none)."""
_ROLE_JOINERS = frozenset({"of", "for", "and", "the", "de", "der", "des", "du", "la", "le", "von"})
_ELIDED = frozenset({"l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"})
"""French elided words: "l’Ademe", "d’Élise" are two words (not "O’Brien", "aujourd’hui")."""


@dataclass(frozen=True, slots=True)
class Word:
    """A word token: offsets into the paragraph and its text."""

    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        """Case-folded text."""
        return self.text.casefold()

    @property
    def capitalised(self) -> bool:
        """Starts with an upper-case letter."""
        return self.text[:1].isupper()


@dataclass(slots=True)
class Mention:
    """A speaker mention in a paragraph."""

    paragraph: int
    start: int
    end: int
    kind: str
    """name | pronoun | role | group | org."""
    type: str
    """person | organization | group | anonymous (SpeakerAttrs.type)."""
    name: str | None = None
    """The name as written (honorifics dropped), for names and organizations."""
    role: str | None = None
    """Role words before or after the name ("President of Belarus")."""
    person: int | None = None
    """Resolved person (NameClusters index)."""
    note: str = ""
    """How it was resolved, for the reason shown to the editor."""

    @property
    def key(self) -> tuple[int, int, int]:
        """Where it is."""
        return (self.paragraph, self.start, self.end)


def words(text: str, start: int, end: int) -> list[Word]:
    """Word tokens in text[start:end]; "Kassym-Jomart", "O’Brien" and "Gazeta.ru" are one."""
    out: list[Word] = []
    for m in _WORD.finditer(text, start, end):
        if out:
            prev = out[-1]
            gap = text[prev.end : m.start()]
            elided = gap in "’'" and prev.low in _ELIDED
            if (
                len(gap) == 1
                and not elided
                and (gap in _JOINERS or (gap == "." and m.group()[:1].islower()))
            ):
                out[-1] = Word(prev.start, m.end(), text[prev.start : m.end()])
                continue
        out.append(Word(m.start(), m.end(), m.group()))
    return out


@lru_cache(maxsize=4096)
def _compound_kind(lang: str, low: str) -> str | None:
    """ "roles" or "group_roles" when a German-style compound ends in a role noun
    ("haushaltsexperte", "grünen-politiker", "wirtschaftsexperten")."""
    sets = LEXICONS[lang].word_sets
    for name in ("group_roles", "roles"):
        if low in sets[name] or any(
            low.endswith(r) and len(low) - len(r) >= 3 for r in sets[name] if len(r) >= 5
        ):
            return name
    return None


def _role_kind(w: Word, lex: Lexicon) -> str | None:
    """ "roles", "group_roles" or None for a word (compounds too where nouns compound)."""
    sets = lex.word_sets
    if w.low in sets["group_roles"]:
        return "group_roles"
    if w.low in sets["roles"]:
        return "roles"
    if lex.capitalised_nouns and w.capitalised and lex.lang in LEXICONS:
        return _compound_kind(lex.lang, w.low)
    return None


def _is_name_word(w: Word, lex: Lexicon) -> bool:
    sets = lex.word_sets
    bare = w.text.replace("-", "").replace("’", "").replace("'", "")
    return (
        w.capitalised
        and bare.isalpha()
        and not (w.text.isupper() and len(w.text) > 1)  # NATO, TASS: organizations
        and w.low not in sets["titles"]
        and w.low not in sets["org_words"]
        and w.low not in sets["determiners"]
        and _role_kind(w, lex) is None
        and w.low not in lex.pronouns
        and w.low not in _CALENDAR_WORDS
        # "La France Did Not …" is a title: auxiliaries and adverbs are no name words
        and (w.low not in sets["skip_before_verb"] or w.low in GIVEN_NAMES)
        and w.low not in _NEGATIONS
    )


def _span(words_: list[Word]) -> tuple[int, int]:
    return words_[0].start, words_[-1].end


def classify(text: str, paragraph: int, start: int, end: int, lex: Lexicon) -> Mention | str | None:
    """What the noun phrase text[start:end] refers to; "lost" for an institution phrase
    whose head (the person) is missing ("International Relations of the Russian Academy")."""
    toks = words(text, start, end)
    if not toks or len(toks) > MAX_NP_WORDS:
        return None
    sets = lex.word_sets
    joiners = _ROLE_JOINERS | sets["particles"]
    last = toks[-1]
    pronoun = lex.pronouns.get(last.low) or lex.object_pronouns.get(last.low)
    if pronoun and len(toks) <= 2:
        return Mention(paragraph, last.start, last.end, "pronoun", pronoun)
    lead = 1 if toks[0].low in sets["determiners"] else 0
    body = toks[lead:]
    if not body:
        return None
    # The tail of an institution's name with the person before it lost in translation:
    # "[Senior researcher at the Institute of World Economy and] International Relations
    # of the Russian Academy of Sciences told ...".
    head: list[Word] = []
    for w in body:
        if not w.capitalised:
            break
        head.append(w)
    rest = body[len(head) :]
    in_rest = any(w.low in sets["institution_words"] for w in rest)
    head_is_name_part = bool(head) and all(w.low in sets["institution_name_words"] for w in head)
    if in_rest and rest[0].low in ("of", "from", "at") and (not head or head_is_name_part):
        return "lost"
    if head_is_name_part and not rest:
        return "lost"
    # A role noun near the start: "the expert", "the military expert Evseev", "experts".
    for i, w in enumerate(body[:4]):
        if _role_kind(w, lex) is not None:
            after = body[i + 1 :]
            run = name_run(after, lex)
            between = after[: len(after) - len(run)]
            titled = all(
                x.low in sets["titles"]
                or x.low in sets["org_words"]
                or x.low in joiners
                or (x.text.isupper() and len(x.text) > 1)  # "МИД", "ANO": an organization
                for x in between
            )
            if between and between[-1].low in joiners:
                # "President of Belarus Alexander Lukashenko": the first capital is the
                # complement of "of"; "President of Belarus" alone is a role.
                between, run = ([*between, run[0]], run[1:]) if len(run) >= 3 else (between, [])
            if run and titled:
                # "the expert Evseev", "министр иностранных дел Сергей Лавров"
                role_end = between[-1].end if between else w.end
                return named_mention(paragraph, run, text, text[body[0].start : role_end], lex)
            if len(run) >= 2 and run[-1] is body[-1]:
                # "press secretary of the Russian President Dmitry Peskov": a full name at
                # the end is the speaker, everything before it their role.
                return named_mention(paragraph, run, text, text[body[0].start : run[0].start], lex)
            if after and after[0].low in ("of", "at", "for"):
                role = text[body[0].start : body[-1].end]  # "the President of Belarus"
            else:
                role = text[body[0].start : w.end]
            group = _role_kind(w, lex) == "group_roles"
            kind, typ = ("group", "group") if group else ("role", "person")
            if kind == "role" and (
                (lead and toks[0].low in sets["indefinites"]) or w.low in sets["anonymous_roles"]
            ):
                typ = "anonymous"  # "a source", "an official": not someone named before
            name = None
            if kind == "group":  # "a number of analysts" -> "analysts"
                name = " ".join(
                    text[_QUANTIFIER.match(text, toks[0].start, w.end).end() : w.end].split()
                )
            return Mention(paragraph, toks[0].start, w.end, kind, typ, name=name or None, role=role)
    if (
        len(body) > 1
        and body[0].low in sets["org_words"]
        and all(w.capitalised or w.low in joiners or w.low in sets["titles"] for w in body[1:])
        and not any(w.low in sets["roles"] for w in body[1:])
    ):
        # The head first, as Romance and Slavic languages name things: "Ministerio de
        # Economía", "Министерство обороны" (the genitive words are listed as titles).
        s, e = _span(body)
        return Mention(paragraph, s, e, "org", "organization", name=text[s:e])
    run = name_run(body, lex)
    if lex.capitalised_nouns and lead and len(body) == 1:
        run = []  # "die Kommissionschefin", "der Konzern": a noun
    if run and run[-1] is body[-1]:
        role_words = body[: len(body) - len(run)]
        role = text[role_words[0].start : role_words[-1].end] if role_words else None
        titled = [w.low in sets["titles"] or w.low in sets["roles"] for w in role_words]
        if role_words and not any(titled):
            if any(not w.capitalised for w in role_words):
                return None
            role = None
        elif any(
            not w.capitalised and not t and w.low not in joiners and len(w.low) <= 3
            for w, t in zip(role_words, titled, strict=True)
        ):
            # "Bundeskanzler Olaf Scholz am Montag in Berlin" is not one name, while
            # "chief executive Laura Chen" is.
            return None
        return named_mention(paragraph, run, text, role, lex)
    if (
        last.low in sets["org_words"]
        or (last.text.isupper() and len(last.text) > 1)
        or ("." in last.text and last.text[:1].isupper())
    ) and all(
        w.capitalised
        or w.low in sets["org_words"]
        or w.low in joiners
        or last.low in sets["org_words"]  # "the finance ministry"
        for w in body
    ):
        s, e = _span(body)
        name = text[s:e]
        before = text[: toks[0].start].rstrip()
        if lead and toks[0].text == "The" and before and before[-1].isalnum():
            name = f"The {name}"  # "reports by CNN and The New York Times": part of the name
        return Mention(paragraph, s, e, "org", "organization", name=name)
    return None


def name_run(toks: list[Word], lex: Lexicon) -> list[Word]:
    """The trailing run of name words (at most four, with particles between them: "Charles
    de Gaulle", "Ursula von der Leyen"), honorifics dropped."""
    particles = lex.word_sets["particles"]
    run: list[Word] = []
    names = 0
    for k in range(len(toks) - 1, -1, -1):
        w = toks[k]
        if _is_name_word(w, lex) and names < 4:
            run.insert(0, w)
            names += 1
            continue
        # Machine translation lower-cases some surnames ("Donald trump"): a lower-case
        # word right after a known given name is taken as the surname.
        lower_surname = (
            not run
            and k > 0
            and w.text.isalpha()
            and w.text.islower()
            and toks[k - 1].low in GIVEN_NAMES
            and toks[k - 1].capitalised
            and toks[k].start - toks[k - 1].end == 1
        )
        if lower_surname:
            run.insert(0, w)
            names += 1
            continue
        # A particle joins only when a name word precedes it (one or two particles back);
        # "der" only as "von der".
        joinable = w.low in particles or (k > 0 and f"{toks[k - 1].low} {w.low}" in particles)
        before = [x for x in toks[max(0, k - 2) : k] if x.low not in particles]
        if not (run and joinable and before and _is_name_word(before[-1], lex)):
            break
        run.insert(0, w)
    while run and run[0].low in particles:
        run.pop(0)
    while run and run[0].low in lex.word_sets["honorifics"]:
        run.pop(0)
    while len(run) > 2 and run[0].low.endswith(_NATIONALITY_ENDINGS):
        run.pop(0)  # "Ukrainian Andriy Yermak"
    return run


def name_runs(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    """Every run of name words in a paragraph ("Robert M. Danin", "Peskov"), function
    words, honorifics and nationalities in front dropped, as (honorific, name): the names
    an article uses."""
    return [(h, name) for _, _, h, name in name_spans(text, lex)]


def name_spans(text: str, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    """`name_runs` with where each name is: (start, end, honorific, name)."""
    honorifics = lex.word_sets["honorifics"]
    particles = lex.word_sets["particles"]
    out: list[tuple[int, int, str, str]] = []
    run: list[Word] = []
    toks = words(text, 0, len(text))
    for w in [*toks, Word(len(text), len(text), "")]:
        gap = text[run[-1].end : w.start] if run else ""
        joined = gap == " " or (  # "Robert M. Danin", "Mr. Reeves", not a sentence end
            gap == ". " and (len(run[-1].text) == 1 or run[-1].low in honorifics)
        )
        names = sum(x.low not in particles for x in run)
        joins = _is_name_word(w, lex) or w.low in particles  # "Marta de Castro"
        if run and w.text and joins and joined and names < 5:
            run.append(w)
            continue
        while run and run[-1].low in particles:
            run.pop()  # "Marta de" before a common noun: the particle belongs to what follows
        while run and _lead_word(run[0], lex):
            run.pop(0)
        honorific = run[0].text if run and run[0].low in honorifics else ""
        named = name_run(run, lex) if run else []
        if named:
            name = " ".join(text[named[0].start : named[-1].end].split())
            out.append((named[0].start, named[-1].end, honorific, name))
        run = [w] if w.text and _is_name_word(w, lex) else []
    return out


def _lead_word(w: Word, lex: Lexicon) -> bool:
    """A capitalised function word that starts a sentence ("Then", "But"), not a name."""
    low = w.low
    sets = lex.word_sets
    keys = ("determiners", "clause_breaks", "skip_before_verb", "markers", "prepositions")
    return any(low in sets[k] for k in keys)


def named_mention(
    paragraph: int, run: list[Word], text: str, role: str | None, lex: Lexicon
) -> Mention:
    s, e = _span(run)
    name = " ".join(text[s:e].split())  # "Robert M. Danin" keeps its initial's dot
    if role:
        role = role.strip(" ,")
        first = role.split(" ", 1)[0].casefold()
        if first in lex.word_sets["determiners"]:
            role = role.split(" ", 1)[1] if " " in role else None
    return Mention(paragraph, s, e, "name", "person", name=name, role=role or None)
