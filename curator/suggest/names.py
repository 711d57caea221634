"""Person names: spelling variants (Lukashenko / Lukashenka) and one canonical name per person.

Transliteration makes one name come out several ways, and machine translation is not even
consistent within an article. Two spellings are taken for variants of one surname when they
differ by one letter that transliteration varies (a vowel, y, j, an apostrophe), and not by a
grammatical suffix (Russia / Russian, Ivanov / Ivanova are different words or people).
"""

from __future__ import annotations

import difflib
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources

__all__ = [
    "GIVEN_NAMES",
    "NameClusters",
    "gender_of_first",
    "is_spelling_variant",
    "near_variants",
    "spelling_keys",
    "strip_possessive",
]

_VOWELS = frozenset("aeiouyäöüéèëïíóúáàâêîôûåæøœ'’ьъ")
_PAIRS = frozenset(
    {frozenset("vw"), frozenset("jy"), frozenset("ji"), frozenset("ck"), frozenset("sz")}
)
_VARIABLE = _VOWELS | frozenset("vwjcksz")
"""Letters transliteration systems disagree on: vowels among themselves, and v/w, j/y, j/i,
c/k, s/z (Orlov / Orlow, Yevseyev / Jevsejev)."""
_SUFFIXES = frozenset(
    {"s", "es", "n", "an", "ian", "ns", "ans", "i", "ese", "ish", "ic", "er", "ers", "ed"}
    | {"ing", "ly", "a", "’s", "'s", "e", "y"}
)
"""Endings that make another word or another person (Ivanov / Ivanova), not a variant.
"y" is here because English adds it to make adjectives; a doubled final letter
(Zelensky / Zelenskyy) is still a variant, see `is_spelling_variant`."""
MIN_LENGTH = 5
"""Shorter words are too often different words (Iran / Iraq)."""


def strip_possessive(word: str) -> str:
    """ "Lukashenka’s" -> "Lukashenka"."""
    for tail in ("’s", "'s", "’", "'"):
        if word.endswith(tail) and len(word) > len(tail):
            return word[: -len(tail)]
    return word


_TRANSLIT_ENDINGS = ("iy", "yi", "yy", "ii", "ij", "y", "i")
"""Ways Latin script writes the Slavic adjectival ending -ий / -ый / -ій (Zelensky,
Zelenskyi, Zelenskiy, Zelenskyy, Zelenskij)."""


def _translit_stem(low: str) -> str:
    """`low` without a transliterated -sky/-sky-like ending ("" when it has none): only
    after "sk", "ck", "tsk" or "ov", where such an ending is a Slavic surname's."""
    for ending in _TRANSLIT_ENDINGS:
        stem = low.removesuffix(ending)
        if stem != low and len(stem) >= 4 and stem.endswith(("sk", "ck", "zk", "tsk", "ov", "ev")):
            return stem
    return ""


def is_spelling_variant(a: str, b: str) -> bool:
    """Whether two capitalised words look like two spellings of one name."""
    if a == b or len(a) < MIN_LENGTH or len(b) < MIN_LENGTH:
        return False
    la, lb = a.casefold(), b.casefold()
    if la == lb or la[0] != lb[0] or abs(len(la) - len(lb)) > 1:
        return False
    if len(la) == len(lb):
        diffs = [(x, y) for x, y in zip(la, lb, strict=True) if x != y]
        if len(diffs) != 1:
            return False
        x, y = diffs[0]
        return (x in _VOWELS and y in _VOWELS) or frozenset((x, y)) in _PAIRS
    if _translit_stem(la) == _translit_stem(lb) != "":
        return True  # Zelensky / Zelenskyi / Zelenskiy: one Slavic ending, transliterated
    short, long = (la, lb) if len(la) < len(lb) else (lb, la)
    if long.startswith(short):
        # Zelensky / Zelenskyy: a doubled variable letter; Russia / Russian: a suffix.
        extra = long[-1]
        return extra in _VOWELS and extra == short[-1]
    for i in range(len(long)):
        if long[:i] + long[i + 1 :] == short:
            return long[i] in _VOWELS and long[len(short) :] not in _SUFFIXES
    return False


def near_variants(name: str, known: Sequence[str]) -> list[str]:
    """Known names that look like a spelling variant of `name` (Lukashenka -> Lukashenko).

    Looser than `is_spelling_variant` (typos count too): a hint for an editor typing a
    speaker name, at most three of them.
    """
    folded = name.casefold()
    if not folded.split() or name in known:
        return []
    last = folded.split()[-1]
    found = []
    for other in known:
        o = other.casefold()
        if not o.split():
            continue
        whole = difflib.SequenceMatcher(None, folded, o).ratio()
        surname = difflib.SequenceMatcher(None, last, o.split()[-1]).ratio()
        if whole >= 0.8 or (len(last) >= 4 and surname >= 0.8):
            found.append(other)
    return found[:3]


def _load_given() -> dict[str, str]:
    data = tomllib.loads(
        (resources.files("curator.suggest") / "given_names.toml").read_text(encoding="utf-8")
    )
    out = {n: "f" for n in data["female"]}
    out.update({n: "m" for n in data["male"]})
    return out


GIVEN_NAMES: dict[str, str] = _load_given()
"""Given name (lower case) -> "m" or "f", for names whose gender is clear."""
_PLACE_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "new", "old", "upper", "lower", "great", "greater", "united", "saint", "st", "san", "santa",
     "fort", "port", "mount", "lake", "cape", "republic", "democratic", "kingdom", "city"}
)  # fmt: skip
"""Words of place names before a name word ("South Sudan", "New Zealand"): no given names."""
RECENT_FORMS = 20
"""How many of a person's latest name forms `gender` reads (bounded work per call)."""
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "lady": "f"}
"""Honorifics that tell a person's gender ("lord" too often a title of office)."""


def gender_of_first(first: str | None) -> str | None:
    """ "m", "f" or None for a given name."""
    return GIVEN_NAMES.get(first.rstrip(".").casefold()) if first else None


@dataclass
class _Person:
    forms: list[str] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    genders: set[str] = field(default_factory=set)
    """Evidence seen: "m", "f" (honorifics, given names, pronouns resolved to it)."""


MIN_STEM = 4
"""A case ending is only taken off a name that keeps this many letters."""


class NameClusters:
    """Groups name mentions that refer to one person; add in text order.

    `endings` are the case endings of a language that inflects names (Czech Babiš / Babiše,
    Russian Песков / Пескова): two forms with one stem are one name, and the canonical full
    name is the shortest (most often the nominative)."""

    def __init__(self, endings: Sequence[str] = ()) -> None:
        self._endings = tuple(sorted({e.casefold() for e in endings}, key=len, reverse=True))
        self._people: list[_Person] = []
        self._canonical: dict[int, str] = {}
        self._by_key: dict[str, list[int]] = {}
        self._spellings: Counter[str] = Counter()
        """Surname spelling -> how often the article writes it (see `learn`)."""
        self._full: dict[str, Counter[str]] = {}
        """Case-folded surname -> full forms the article uses ("Mark Zuckerberg")."""
        self._spelling_keys: dict[str, set[str]] = {}
        self._by_first: dict[str, Counter[str]] = {}
        """Case-folded given name -> full forms that start with it ("Fiona" -> "Fiona Parry")."""
        self._gender_of: dict[str, set[str]] = {}
        """Case-folded name as written -> gender evidence from "Mr"/"Mrs" in the article."""

    def learn(self, names: Iterable[tuple[str, str]]) -> None:
        """Record the names an article uses anywhere, (honorific, name) pairs, so that
        `canonical` can give the fullest and most frequent spelling."""
        for honorific, name in names:
            tokens = [strip_possessive(t) for t in name.split()]
            if not tokens:
                continue
            surname = tokens[-1]
            self._spellings[surname] += 1
            if self._spellings[surname] == 1:
                for key in spelling_keys(surname):
                    self._spelling_keys.setdefault(key, set()).add(surname)
            if len(tokens) > 1:
                self._full.setdefault(surname.casefold(), Counter())[" ".join(tokens)] += 1
                self._by_first.setdefault(tokens[0].casefold(), Counter())[" ".join(tokens)] += 1
            gender = HONORIFIC_GENDER.get(honorific.casefold().rstrip("."))
            if gender:  # "Mr Mugabe" and "Mrs Grace Mugabe" are two people
                key = " ".join(tokens).casefold()
                self._gender_of.setdefault(key, set()).add(gender)
            self._canonical.clear()

    def gender(self, index: int) -> str | None:
        """ "m" or "f" when the evidence agrees, else None."""
        person = self._people[index]
        seen = set(person.genders)
        for form in set(person.forms[-RECENT_FORMS:]) | {person.forms[0]}:
            seen |= self._gender_of.get(form.casefold(), set())
        lone = {f for f in person.forms[:1] if " " not in f}  # "John" alone is a given name
        for first in person.firsts | lone:
            g = gender_of_first(first)
            if g:
                seen.add(g)
        return seen.pop() if len(seen) == 1 else None

    def note_gender(self, index: int, gender: str) -> None:
        """Evidence from a pronoun resolved to this person."""
        self._people[index].genders.add(gender)

    def add(self, name: str) -> int:
        """Record a mention ("Vladimir Evseev", "Evseev"); returns the person's number."""
        tokens = [strip_possessive(t) for t in name.split()]
        if not tokens:
            raise ValueError("empty name")
        surname, first = tokens[-1], (tokens[0] if len(tokens) > 1 else None)
        # Only people whose surname shares a spelling key can match (no scan of everyone).
        candidates: set[int] = set()
        keys = spelling_keys(surname)
        if self._endings:
            keys.add("~" + self._stem(surname))  # Захарова / Захаровой share no other key
        for key in keys:
            candidates.update(self._by_key.get(key, ()))
        for i in sorted(candidates):
            person = self._people[i]
            if self._same(person, surname, first):
                person.forms.append(" ".join(tokens))
                person.surnames.add(surname)
                if first:
                    person.firsts.add(first)
                self._canonical.pop(i, None)
                for key in keys:
                    if i not in self._by_key.setdefault(key, []):
                        self._by_key[key].append(i)
                return i
        self._people.append(_Person([" ".join(tokens)], {surname}, {first} if first else set()))
        index = len(self._people) - 1
        for key in keys:
            self._by_key.setdefault(key, []).append(index)
        return index

    def find(self, name: str) -> int | None:
        """The person a name refers to when one is known (nothing is recorded)."""
        tokens = [strip_possessive(t) for t in name.split()]
        if not tokens:
            return None
        surname, first = tokens[-1], (tokens[0] if len(tokens) > 1 else None)
        candidates: set[int] = set()
        keys = spelling_keys(surname)
        if self._endings:
            keys.add("~" + self._stem(surname))
        for key in keys:
            candidates.update(self._by_key.get(key, ()))
        found = [i for i in sorted(candidates) if self._same(self._people[i], surname, first)]
        return found[0] if len(found) == 1 else None

    def _stem(self, word: str) -> str:
        low = word.casefold()
        for ending in self._endings:
            if low.endswith(ending) and len(low) - len(ending) >= MIN_STEM:
                return low[: -len(ending)]
        return low

    def _inflected(self, a: str, b: str) -> bool:
        """One name in two cases (Babiš / Babiše, Захарова / Захаровой)."""
        return bool(self._endings) and self._stem(a) in (self._stem(b), b.casefold())

    def _same(self, person: _Person, surname: str, first: str | None) -> bool:
        if not any(
            s == surname
            or is_spelling_variant(s, surname)
            or self._inflected(s, surname)
            or self._inflected(surname, s)
            for s in person.surnames
        ):
            return False
        if first is None or not person.firsts:
            return True
        return any(
            _first_names_agree(first, f) or self._inflected(first, f) or self._inflected(f, first)
            for f in person.firsts
        )

    def canonical(self, index: int) -> str:
        """The fullest form the article uses ("Alexander Lukashenko" for "Lukashenko"),
        with the surname spelled as the article mostly spells it (Lukashenko ×3 over
        Lukashenka ×1); before any `learn`, the first full form, else the most frequent."""
        if index in self._canonical:
            return self._canonical[index]
        person = self._people[index]
        forms = person.forms
        if not self._spellings or self._endings:
            # Before any `learn`, and in a language that inflects names, where the shortest
            # form is the best guess at the nominative.
            best = self._plain_canonical(forms)
            self._canonical[index] = best
            return best
        family = self._surname_family(person.surnames)
        spelled = Counter({s: self._spellings.get(s, 0) for s in family})
        full: Counter[str] = Counter(f for f in forms if len(f.split()) > 1)
        for s in family:
            for form, n in self._full.get(s.casefold(), Counter()).items():
                first = form.split()[0]
                if any(w.casefold() in _PLACE_WORDS for w in form.split()[:-1]):
                    continue  # "South Sudan" does not make "Sudan" a person's surname
                if not person.firsts or any(_first_names_agree(first, f) for f in person.firsts):
                    full[form] += n
        in_full = {f.split()[-1] for f in full}
        # The spelling of the full name ("Alexander Lukashenko" introduces the person),
        # else the majority spelling, then the first seen.
        seen = {f.split()[-1]: -i for i, f in reversed(list(enumerate(forms)))}
        surname = max(
            spelled,
            key=lambda s: (s in in_full, spelled[s], s in person.surnames, seen.get(s, -1e9)),
        )
        firsts = {" ".join(f.split()[:-1]) for f in full}
        heads = {f.split()[0] for f in firsts}
        if full and all(_first_names_agree(a, b) for a in heads for b in heads):
            # One person's given names: the fullest ("Robert M." over "Robert").
            given = max(
                firsts,
                key=lambda g: (len(g.split()), sum(n for f, n in full.items() if f.startswith(g))),
            )
            best = f"{given} {surname}"
        elif any(len(f.split()) > 1 for f in forms):
            best = next(f for f in forms if len(f.split()) > 1)
        else:
            best = surname
            # "her mother, Fiona": a lone given name is the one person the article gives
            # that first name.
            fulls = self._by_first.get(surname.casefold(), Counter())
            if surname.casefold() in GIVEN_NAMES and len({f.split()[-1] for f in fulls}) == 1:
                best = max(fulls, key=lambda f: (len(f.split()), fulls[f]))
        self._canonical[index] = best
        return best

    def _plain_canonical(self, forms: list[str]) -> str:
        """The first full form, else the most frequent; with `endings`, the shortest."""
        full = [form for form in forms if len(form.split()) > 1]
        best = full[0] if full else None
        if full and self._endings:
            best = min(full, key=len)  # "Дмитрий Песков" before "Дмитрия Пескова"
        elif not full and self._endings:
            forms = [min(forms, key=len)]  # "Babiš" before "Babiše"
        if best is None:
            counts = Counter(forms)
            first: dict[str, int] = {}
            for i, form in enumerate(forms):
                first.setdefault(form, i)
            best = max(counts, key=lambda f: (counts[f], -first[f]))
        return best

    def _surname_family(self, surnames: set[str]) -> set[str]:
        """The surnames and the article's spelling variants of them."""
        family = set(surnames)
        for surname in surnames:
            for key in spelling_keys(surname):
                for other in self._spelling_keys.get(key, ()):
                    if other == surname or is_spelling_variant(other, surname):
                        family.add(other)
        return family

    def __len__(self) -> int:
        return len(self._people)


def spelling_keys(word: str) -> set[str]:
    """Spelling keys: two variants share one (a variable letter blanked or dropped)."""
    low = word.casefold()[:40]
    keys = {"=" + low}
    for i, ch in enumerate(low):
        if ch in _VARIABLE:
            keys.add("*" + low[:i] + "?" + low[i + 1 :])
            keys.add("-" + low[:i] + low[i + 1 :])
    keys.add("-" + low)
    return keys


def _first_names_agree(a: str, b: str) -> bool:
    a, b = a.rstrip(".").casefold(), b.rstrip(".").casefold()
    if a == b or is_spelling_variant(a, b):
        return True
    return (len(a) == 1 or len(b) == 1) and a[:1] == b[:1]  # an initial
