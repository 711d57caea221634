"""Who a pronoun or role mention is: the one compatible speaker named nearby.

Names cluster into people (`names.NameClusters`). "he" / "she" and "the expert" go to the
named person before them when exactly one compatible candidate is in reach; a pronoun's
gender must agree with what the article says of the person (Mr / Mrs, a given name, gendered
role words, pronouns already resolved to them), and a role word must match the role the
person was introduced with when someone has that role. "it" goes to an organization and
"they" to a group or organization named just before; an "it" with no organization before it
is dropped (it is more often "it is said" than a speaker). When unsure, the mention keeps its
own text and no name: a wrong name costs an editor more than a missing one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from curator.suggest.lexicon import Lexicon
from curator.suggest.mentions import Mention, name_spans
from curator.suggest.names import NameClusters

__all__ = ["RESOLVE_WINDOW", "resolve"]

RESOLVE_WINDOW = 3
"""How many paragraphs back a pronoun or "the expert" looks for its named speaker."""
RECENT = 50
"""At most this many earlier named mentions are looked at per paragraph (bounded work)."""
SAME_PARAGRAPH_REACH = 1000
"""In the mention's own paragraph, only names this close before it (characters) count."""


def _gender(m: Mention, lex: Lexicon) -> str | None:
    """ "m" / "f" from the mention's own words ("she", "the spokeswoman", "his wife")."""
    genders = lex.gender_words
    found = {  # "her son": the son's gender, not the possessor's
        genders[w]
        for w in (m.role or "").casefold().split()
        if w in genders and w not in lex.possessives
    }
    return found.pop() if len(found) == 1 else None


class _Window:
    """Earlier mentions of one kind, per paragraph, for bounded look-backs."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.by_par: dict[int, list[Mention]] = {}
        for m in mentions:
            self.by_par.setdefault(m.paragraph, []).append(m)
        self.starts = {par: [n.start for n in ms] for par, ms in self.by_par.items()}

    def before(self, m: Mention, back: int) -> list[Mention]:
        """Mentions `back` paragraphs before m (before it in its own paragraph), latest last."""
        named = self.by_par.get(m.paragraph - back, [])
        if back:
            return named[-RECENT:]
        j = bisect_right(self.starts.get(m.paragraph, []), m.start)
        reach = m.start - SAME_PARAGRAPH_REACH
        return [n for n in named[max(0, j - RECENT) : j] if n.start >= reach and n.end <= m.start]


def _qualifier(role: str) -> str:
    """ "president of Congress" -> "congress": what the office is of."""
    low = f" {role.casefold()} "
    return low.split(" of ", 1)[1].strip().removeprefix("the ") if " of " in low else ""


def resolve(
    mentions: list[Mention], people: NameClusters, lex: Lexicon, texts: Sequence[str]
) -> list[Mention]:
    """Resolve names, pronouns and roles in place; returns the mentions to drop."""
    ordered = sorted(mentions, key=lambda m: m.key)
    named: list[Mention] = []
    with_role: list[Mention] = []
    countries = lex.word_sets["countries"]
    for m in ordered:
        if m.kind == "name" and m.name and m.name.casefold() in countries:
            m.type = "organization"  # "Sudan said": a government, never a "he"
            continue
        if m.kind == "name" and m.name:
            m.person = people.add(m.name)
            named.append(m)
            gender = _gender(m, lex)
            if gender:
                people.note_gender(m.person, gender)
            if m.role:
                with_role.append(m)
    # Names that are no speaker here but one elsewhere ("support Netanyahu's stance and
    # his vow") are candidates too: the pronoun may well be theirs.
    seen = {m.key for m in named}
    for par in sorted({m.paragraph for m in ordered if m.kind in ("pronoun", "role")}):
        for start, end, _, name in name_spans(texts[par], lex):
            person = people.find(name)
            if person is not None and (par, start, end) not in seen:
                named.append(Mention(par, start, end, "name", "person", name=name, person=person))
    named.sort(key=lambda m: m.key)
    persons = _Window(named)
    collectives = _Window([m for m in ordered if m.kind in ("org", "group")])
    role_keys = [n.key for n in with_role]
    dropped: list[Mention] = []
    for m in ordered:
        if m.kind == "pronoun" and m.type != "person":
            if not _collective(m, collectives) and m.type == "organization":
                dropped.append(m)
            continue
        if m.kind not in ("pronoun", "role") or m.type != "person":
            continue
        if m.kind == "pronoun":
            gender = lex.gender_words.get(texts[m.paragraph][m.start : m.end].casefold())
        else:
            gender = _gender(m, lex)
        role_words = [w.casefold() for w in (m.role or "").split()] if m.kind == "role" else []
        role_word = next((w for w in role_words if w in lex.word_sets["roles"]), "")
        if role_word:
            i = bisect_right(role_keys, m.key)
            qual = _qualifier(m.role or "")
            fits = {
                n.person
                for n in with_role[max(0, i - 4 * RECENT) : i]
                if role_word in (n.role or "").casefold().split()
                and not (qual and _qualifier(n.role or "") and qual != _qualifier(n.role or ""))
            }
            if len(fits) == 1:
                _resolved(m, fits.pop(), people, gender, "a speaker with this role")
                continue
            if fits:
                m.note = "ambiguous: more than one speaker with this role"
                continue
            if role_word in lex.word_sets["titles"]:
                # "the minister" is only someone introduced as a minister: after "Olaf
                # Scholz said", "the minister" may well be someone else.
                m.note = "no named speaker with this title"
                continue
        _nearest_person(m, persons, people, gender)
    return dropped


def _compatible(people: NameClusters, person: int | None, gender: str | None) -> bool:
    if person is None:
        return False
    known = people.gender(person)
    return gender is None or known is None or known == gender


def _nearest_person(m: Mention, persons: _Window, people: NameClusters, gender: str | None) -> None:
    for back in range(RESOLVE_WINDOW + 1):
        here = persons.before(m, back)
        if not here:
            continue
        fits = {n.person for n in here if _compatible(people, n.person, gender)}
        if not fits:
            continue  # "said John. She added": John is not her; look further back
        if len(fits) == 1:
            _resolved(m, fits.pop(), people, gender, f"¶{m.paragraph - back + 1}")
        else:
            names = " or ".join(sorted(people.canonical(i) for i in fits if i is not None))
            m.note = f"ambiguous: {names}"
        return
    m.note = "no named speaker nearby"


def _collective(m: Mention, collectives: _Window) -> bool:
    """ "it" -> the organization, "they" -> the group or organization named just before."""
    for back in range(2):
        here = collectives.before(m, back)
        if m.type == "organization":
            here = [n for n in here if n.type == "organization"]
        if not here:
            continue
        last = here[-1]
        m.name = last.name
        m.type = last.type
        m.note = f"→ {last.name} (named in ¶{last.paragraph + 1})" if last.name else ""
        return True
    return False


def _resolved(
    m: Mention, person: int | None, people: NameClusters, gender: str | None, where: str
) -> None:
    m.person = person
    if person is not None:
        if gender:
            people.note_gender(person, gender)
        m.note = f"→ {people.canonical(person)} (named in {where})"
