"""Word lists of the speaker and error suggesters, one `Lexicon` per language.

The word lists are data: one TOML file per language in `curator/suggest/lexicons/`
(`en.toml`, `fr.toml`...), whose keys are the fields of `Lexicon`. To add a language, add a
file; nothing else changes. Entries are lower case. Phrase lists (verbs, "according to", claim tails...) become
regexes, where a space inside an entry matches any run of spaces; the word lists of
`word_sets` (roles, titles, org words...) are looked up one token at a time, so their entries
are single words (a hyphen or apostrophe may join them: "secretary-general"). Verb lists hold
finite forms as they appear in news copy ("said", "says", "a déclaré").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

from curator.domain.datafiles import language_files, toml_fields

__all__ = ["LEXICONS", "Lexicon", "guess_lang", "lexicon_for", "load_lexicon"]


def _alt(words: tuple[str, ...]) -> str:
    # Longest first so "expressed his confidence" wins over "expressed"; \s{1,3} keeps the
    # pattern free of unbounded repeats.
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s{1,3}") for w in sorted(set(words), key=len, reverse=True)
    )


@dataclass(frozen=True)
class Lexicon:
    """Reporting cues and mention words of one language."""

    lang: str
    """BCP-47 primary language tag."""
    verbs: tuple[str, ...]
    """Reporting verbs and verb phrases that take what was said ("said", "believes")."""
    speech_verbs: tuple[str, ...] = ()
    """Verbs that show someone speaking but take no content clause ("spoke")."""
    after_quote_verbs: tuple[str, ...] = ()
    """Cues valid only right after a quote (German "so": „…“, so Scholz)."""
    complementizers: tuple[str, ...] = ()
    """Words that open the reported clause ("that")."""
    according_to: tuple[str, ...] = ()
    """Source phrases followed by the source ("according to X", "laut X")."""
    according_to_after: tuple[str, ...] = ()
    """Source phrases after the source ("X zufolge")."""
    source_of: tuple[str, ...] = ()
    """Phrases naming a speaker after them without a clause ("in the speech of X")."""
    holder: tuple[str, ...] = ()
    """Phrases naming the holder by a possessive ("in his opinion"); the possessive is the
    mention and must be a key of `possessives`."""
    pronouns: dict[str, str] = field(default_factory=dict)
    """Third-person subject pronouns -> speaker type (person or group)."""
    possessives: dict[str, str] = field(default_factory=dict)
    """Possessive pronouns -> speaker type."""
    object_pronouns: dict[str, str] = field(default_factory=dict)
    """Object pronouns ("according to him") -> speaker type."""
    words_of: tuple[str, ...] = ()
    """"the words of X that …": the speaker follows, then a complementizer and the claim."""
    view_verbs: tuple[str, ...] = ()
    """"X views Y as Z": an opinion, reported only when "as" follows in the clause."""
    view_as: tuple[str, ...] = ()
    """The "as" of `view_verbs`."""
    inverted_pronouns: tuple[str, ...] = ()
    """Pronouns glued to an inverted verb ("explique-t-il")."""
    roles: tuple[str, ...] = ()
    """Role nouns a speaker can be referred to by ("expert"), singular."""
    group_roles: tuple[str, ...] = ()
    """Plural role nouns ("experts"): a group, never resolved to one person."""
    titles: tuple[str, ...] = ()
    """Title words that precede a name and are not part of it ("president", "minister")."""
    honorifics: tuple[str, ...] = ()
    """Honorifics dropped from names ("mr", "dr")."""
    org_words: tuple[str, ...] = ()
    """Words that make a noun phrase an organization ("ministry", "kremlin")."""
    institution_words: tuple[str, ...] = ()
    """Organization heads that usually follow a person's role ("academy", "institute")."""
    institution_name_words: tuple[str, ...] = ()
    """Words of institution names that are not people ("relations", "economy"): a subject
    made of these is the tail of a name whose head was lost."""
    determiners: tuple[str, ...] = ()
    """Articles and demonstratives that may open a noun phrase."""
    indefinites: tuple[str, ...] = ()
    """Indefinite articles: "a source" is anonymous, never someone named before."""
    skip_before_verb: tuple[str, ...] = ()
    """Adverbs and auxiliaries between a subject and its verb ("also", "has")."""
    clause_breaks: tuple[str, ...] = ()
    """Conjunctions that start a new clause ("and", "but")."""
    claim_tails: tuple[str, ...] = ()
    """Phrases after a comma that end a reported clause (", in a comment to …")."""
    markers: tuple[str, ...] = ()
    """Frequent function words that tell the language of a text ("the", "and")."""
    auxiliaries: tuple[str, ...] = ()
    """Auxiliaries of compound tenses ("a", "avait", "ha"): one before a word of
    `participles` is a reporting verb ("a déclaré", "había dicho")."""
    participles: tuple[str, ...] = ()
    """Past participles of reporting verbs, used after `auxiliaries` ("déclaré", "dicho")."""
    aux_adverbs: tuple[str, ...] = ()
    """Adverbs allowed between an auxiliary and its participle ("a également déclaré")."""
    prepositions: tuple[str, ...] = ()
    """Prepositions that may follow a reporting verb ("sagte am Montag", "dijo en"); when
    empty the English ones of `cues` apply."""
    particles: tuple[str, ...] = ()
    """Lower-case words inside names ("de", "von", "da", "dos"): "Charles de Gaulle" is one
    name, "Ministerio de Economía" one organization. A two-word entry ("von der") lets its
    second word join only after its first."""
    complementizer_needed: bool = False
    """Indirect speech always opens with a complementizer (que, что, že): a reporting verb
    with neither one nor a quote after it reports no clause that follows it."""
    clause_after_comma: bool = False
    """Without a complementizer the reported clause follows a comma (German "sagte am
    Montag, die Lage sei ernst"); an object right after the verb is no report."""
    capitalised_nouns: bool = False
    """Every noun is capitalised (German): after an article, one capitalised word is a
    noun ("die Kommissionschefin"), not a name."""
    conditionals: tuple[str, ...] = ()
    """Conjunctions of a hypothetical ("si", "wenn", "если"): "si elle estime que …"
    reports nothing."""
    name_endings: tuple[str, ...] = ()
    """Case endings of names in a language that inflects them ("e" of Babiše, "а" of
    Пескова): forms with one stem are one person (see `names.NameClusters`)."""

    gender_words: dict[str, str] = field(default_factory=dict)
    """Pronouns and role words that tell a person's gender ("she", "spokeswoman") -> "m" or
    "f": "she" never resolves to a man."""
    talk_verbs: tuple[str, ...] = ()
    """Speech verbs ("spoke") whose subject is a speaker only when a topic follows
    ("spoke about the war"), not "spoke at the summit" or "spoke by phone"."""
    talk_topics: tuple[str, ...] = ()
    """Words that open the topic of `talk_verbs` ("about")."""
    statement_nouns: tuple[str, ...] = ()
    """Nouns of what someone said ("statement", "vow"): "X's statement" makes X a speaker."""
    first_person: tuple[str, ...] = ()
    """The first-person singular pronoun ("I"): the speaker of a block quote."""
    report_nouns: tuple[str, ...] = ()
    """Nouns of published reports: "reports by X" makes X a speaker, "X's report" does not
    (a document, not a statement)."""
    relatives: tuple[str, ...] = ()
    """Relative pronouns ("who"): "the minister, who said …" speaks through its head."""
    countries: tuple[str, ...] = ()
    """Country names: a country that speaks is its government ("Sudan said" ->
    `government_of`)."""
    government_of: str = ""
    """The canonical name of a country's government, with `{}` for the country."""
    anonymous_roles: tuple[str, ...] = ()
    """Role words of an unnamed source whatever the article ("the source" is the "a source"
    of before, never a person named near it): the mention stays anonymous."""

    def _compound(self, glued: str = "") -> str:
        """Auxiliary (+ adverb) + participle ("a déclaré", "a également déclaré"); with
        `glued`, the inverted form whose pronoun sits after the auxiliary ("a-t-il dit")."""
        if not (self.auxiliaries and self.participles):
            return "(?!)"
        adverb = rf"(?:\s{{1,3}}(?:{_alt(self.aux_adverbs)}))?" if self.aux_adverbs else ""
        tail = rf"{adverb}\s{{1,3}}(?:{_alt(self.participles)})(?![\w-])"
        if glued:
            # Only the auxiliary is the verb group, so the pronoun stays right after it.
            return rf"(?:{_alt(self.auxiliaries)})(?=(?:{glued}){tail})"
        return rf"(?:{_alt(self.auxiliaries)}){tail}"

    @cached_property
    def verb_re(self) -> re.Pattern[str]:
        """Any reporting or speech verb (group `verb`), case-insensitive, whole words."""
        words = self.verbs + self.speech_verbs + self.view_verbs
        return re.compile(
            rf"(?<!\w)(?P<verb>{self._compound()}|{_alt(words)})(?![\w-])", re.IGNORECASE
        )

    @cached_property
    def after_quote_re(self) -> re.Pattern[str]:
        """A verb directly after a quote, with an optional glued pronoun ("dit-il"; in
        "a-t-il déclaré" the verb group is the auxiliary)."""
        words = self.verbs + self.speech_verbs + self.after_quote_verbs
        glued = _alt(tuple(f"-{p}" for p in self.inverted_pronouns)) or "(?!)"
        inverted = self._compound(glued) if self.inverted_pronouns else "(?!)"
        return re.compile(
            rf"[ \t\u00a0]{{0,3}}[,;]?[ \t\u00a0]{{0,3}}(?:[–—-][ \t\u00a0]{{0,3}})?"
            rf"(?P<verb>{inverted}|{self._compound()}|{_alt(words)})(?P<glued>{glued})?(?![\w-])",
            re.IGNORECASE,
        )

    @cached_property
    def according_re(self) -> re.Pattern[str] | None:
        """Source phrases before (group `pre`) or after (group `post`) the source."""
        parts = []
        if self.according_to:
            parts.append(rf"(?P<pre>{_alt(self.according_to)})")
        if self.according_to_after:
            parts.append(rf"(?P<post>{_alt(self.according_to_after)})")
        if self.source_of:
            parts.append(rf"(?P<source>{_alt(self.source_of)})")
        if self.words_of:
            parts.append(rf"(?P<words>{_alt(self.words_of)})")
        if not parts:
            return None
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)

    @cached_property
    def holder_re(self) -> re.Pattern[str] | None:
        """ "in his opinion"-style phrases (the possessive inside is the mention)."""
        if not self.holder:
            return None
        return re.compile(rf"(?<!\w)(?:{_alt(self.holder)})(?!\w)", re.IGNORECASE)

    @cached_property
    def claim_tail_re(self) -> re.Pattern[str] | None:
        """ ", in a comment to …" and the like: where a reported clause stops."""
        if not self.claim_tails:
            return None
        return re.compile(rf",\s{{1,3}}(?:{_alt(self.claim_tails)})(?!\w)", re.IGNORECASE)

    @cached_property
    def complementizer_re(self) -> re.Pattern[str]:
        """A complementizer at the start of the text after a verb (and an object)."""
        if not self.complementizers:
            return re.compile("(?!)")
        # An elided form ("qu’") is glued to the next word.
        return re.compile(
            rf"(?<!\w)(?:{_alt(self.complementizers)})(?:(?<=['’])|(?!\w))", re.IGNORECASE
        )

    @cached_property
    def word_sets(self) -> dict[str, frozenset[str]]:
        """Lookup sets of the word lists (single tokens, see the module docstring)."""
        return {
            name: frozenset(getattr(self, name))
            for name in (
                "roles",
                "group_roles",
                "titles",
                "honorifics",
                "org_words",
                "institution_words",
                "institution_name_words",
                "determiners",
                "indefinites",
                "skip_before_verb",
                "clause_breaks",
                "markers",
                "prepositions",
                "particles",
                "conditionals",
                "anonymous_roles",
                "countries",
            )
        }


_LEXICON_DIR = resources.files("curator.suggest") / "lexicons"
"""One TOML file per language (`en.toml`): the fields of `Lexicon`, tables for the dicts."""


def load_lexicon(text: str, source: str) -> Lexicon:
    """A `Lexicon` from the TOML of one language file; unknown keys are refused."""
    data = toml_fields(text, source, Lexicon, "lexicon")
    values = {k: v if isinstance(v, (str, dict, bool)) else tuple(v) for k, v in data.items()}
    return Lexicon(**values)


LEXICONS: dict[str, Lexicon] = language_files(_LEXICON_DIR, load_lexicon)
"""Language tag -> lexicon, read from the package's `lexicons/*.toml`."""
EN = LEXICONS["en"]
"""The fallback lexicon."""

_WORD = re.compile(r"\w+")


def guess_lang(texts: list[str], declared: str | None = None) -> str:
    """The lexicon to use: the declared target language when known, else a cheap guess
    (mostly Cyrillic letters -> ru, else the language whose function words occur most)."""
    if declared:
        primary = declared.split("-")[0].lower()
        if primary in LEXICONS:
            return primary
    sample = " ".join(t[:2000] for t in texts[:40])
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in sample)
    latin = sum(ch.isascii() and ch.isalpha() for ch in sample)
    if cyrillic > latin:
        return "ru"
    markers = {lang: lex.word_sets["markers"] for lang, lex in LEXICONS.items() if lex.markers}
    counts = dict.fromkeys(markers, 0)
    for m in _WORD.finditer(sample.lower()):
        for lang, words in markers.items():
            if m.group() in words:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "en"


def lexicon_for(lang: str | None) -> Lexicon:
    """The lexicon of a language tag, English when there is none."""
    return LEXICONS.get((lang or "en").split("-")[0].lower(), EN)
