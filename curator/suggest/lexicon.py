"""Word lists of the speaker and error suggesters, one `Lexicon` per language.

To add a language, write one `Lexicon(...)` below and put it in `LEXICONS`; nothing else
changes. Entries are lower case. Phrase lists (verbs, "according to", claim tails...) become
regexes, where a space inside an entry matches any run of spaces; the word lists of
`word_sets` (roles, titles, org words...) are looked up one token at a time, so their entries
are single words (a hyphen or apostrophe may join them: "secretary-general"). Verb lists hold
finite forms as they appear in news copy ("said", "says", "a déclaré").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["LEXICONS", "Lexicon", "guess_lang", "lexicon_for"]


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

    @cached_property
    def verb_re(self) -> re.Pattern[str]:
        """Any reporting or speech verb (group `verb`), case-insensitive, whole words."""
        words = self.verbs + self.speech_verbs + self.view_verbs
        return re.compile(rf"(?<!\w)(?P<verb>{_alt(words)})(?![\w-])", re.IGNORECASE)

    @cached_property
    def after_quote_re(self) -> re.Pattern[str]:
        """A verb directly after a quote, with an optional glued pronoun ("dit-il")."""
        words = self.verbs + self.speech_verbs + self.after_quote_verbs
        glued = _alt(tuple(f"-{p}" for p in self.inverted_pronouns)) or "(?!)"
        return re.compile(
            rf"[ \t\u00a0]{{0,3}}[,;]?[ \t\u00a0]{{0,3}}(?:[–—-][ \t\u00a0]{{0,3}})?"
            rf"(?P<verb>{_alt(words)})(?P<glued>{glued})?(?![\w-])",
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
        words = self.complementizers or ("(?!)",)
        return re.compile(rf"(?<!\w)(?:{_alt(words)})(?!\w)", re.IGNORECASE)

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
            )
        }


# fmt: off
EN = Lexicon(
    lang="en",
    verbs=(
        "said", "says", "say", "told", "tells", "added", "adds", "noted",
        "stressed", "emphasized", "emphasised", "emphasizes", "emphasises",
        "believes", "believed", "thinks", "acknowledged", "acknowledges",
        "agreed", "agrees", "stated", "claimed", "explained", "explains",
        "warned", "warns", "insisted", "insists", "admitted", "admits", "argued", "argues",
        "pointed out", "points out", "recalled", "recalls", "asserted", "asserts",
        "declared", "declares", "announced", "announces", "confirmed", "confirms",
        "denied", "denies", "replied", "replies", "wrote", "commented",
        "reckons", "reckoned", "conceded", "concedes", "predicted", "predicts",
        "is sure", "was sure", "is convinced", "was convinced", "is confident",
        "expressed his confidence", "expressed her confidence", "expressed their confidence",
        "expressed confidence", "expressed hope", "expressed his hope", "expressed her hope",
        "concluded", "concludes", "remarked", "cautioned", "cautions", "reported",
        "maintained", "maintains", "contended", "contends", "reiterated", "reiterates",
        "underlined", "underlines", "revealed", "disclosed", "complained", "vowed", "promised",
        "forecast", "hinted", "speculated", "observed", "objected", "countered", "responded",
        "answered", "assured",
    ),
    speech_verbs=("spoke", "speaks", "spoken"),
    complementizers=("that",),
    according_to=("according to",),
    source_of=(
        "in the speech of", "in a speech by", "in the statement of", "in a statement by",
        "in the words of", "in the opinion of", "in the view of", "in an interview with",
    ),
    holder=(
        "in his opinion", "in her opinion", "in their opinion", "in his view", "in her view",
        "in their view", "in his words", "in her words", "in their words",
    ),
    pronouns={"he": "person", "she": "person", "they": "group"},
    possessives={"his": "person", "her": "person", "their": "group"},
    object_pronouns={"him": "person", "her": "person", "them": "group"},
    words_of=("the words of", "the statement of", "the statements of", "the remarks of",
              "the assurances of", "the assurance of", "the claim of", "the claims of"),
    view_verbs=("views", "viewed", "regards", "regarded", "considers", "considered", "sees",
                "saw"),
    view_as=("as",),
    roles=(
        "expert", "analyst", "researcher", "scientist", "economist", "historian", "professor",
        "politician", "diplomat", "spokesman", "spokeswoman", "spokesperson", "official",
        "minister", "president", "premier", "chancellor", "leader", "source", "observer",
        "commentator", "journalist", "correspondent", "author", "director", "chairman",
        "head", "ambassador", "governor", "mayor", "senator", "deputy", "general",
        "commander", "secretary", "representative", "lawyer", "activist", "witness",
        "orientalist",
    ),
    group_roles=(
        "experts", "analysts", "researchers", "scientists", "economists", "historians",
        "politicians", "diplomats", "officials", "sources", "observers", "commentators",
        "journalists", "authorities", "leaders", "ministers", "witnesses", "residents",
        "critics", "activists", "lawmakers",
    ),
    titles=(
        "president", "prime", "minister", "defense", "defence", "foreign", "interior",
        "finance", "deputy", "secretary", "general", "head", "chairman", "chairwoman",
        "spokesman", "spokeswoman", "director", "ambassador", "governor", "mayor", "senator",
        "chancellor", "king", "queen", "prince", "pope", "leader", "chief", "commander",
        "colonel", "lieutenant", "major", "captain", "admiral", "marshal", "sergeant",
        "representative", "vice", "first", "former", "acting", "state", "press", "secretary-general",
        "professor", "speaker", "premier", "patriarch", "metropolitan", "sheikh", "emir",
        "justice", "judge", "attorney", "mp", "rep", "sen", "gen", "col", "capt",
    ),
    honorifics=("mr", "mrs", "ms", "dr", "prof", "sir", "lord", "lady"),
    org_words=(
        "ministry", "kremlin", "government", "office", "agency", "service", "committee",
        "council", "department", "embassy", "administration", "parliament", "commission",
        "company", "bank", "party", "union", "organization", "organisation", "foundation",
        "court", "army", "police", "cabinet", "presidium", "secretariat", "headquarters",
        "pentagon", "duma", "senate", "congress", "corporation", "group", "newspaper",
        "channel", "tass", "ria", "reuters", "interfax", "afp",
    ),
    institution_words=(
        "academy", "institute", "university", "center", "centre", "school", "college",
        "laboratory", "faculty", "department", "ministry", "fund", "foundation",
        "council", "committee", "agency", "service", "office",
    ),
    institution_name_words=(
        "international", "relations", "studies", "affairs", "economy", "economics",
        "politics", "policy", "research", "development", "integration", "security",
        "sciences", "science", "problems", "law", "history", "strategic", "national",
        "federal", "world", "global", "regional", "eurasian", "european", "asian", "social",
        "humanities", "technology", "technologies", "analysis", "forecasting", "defense",
        "defence", "economic", "political", "military", "foreign", "public", "applied",
        "advanced", "higher", "oriental", "contemporary", "modern", "comparative",
    ),
    determiners=("the", "a", "an", "this", "that", "these", "those", "our", "its"),
    indefinites=("a", "an"),
    skip_before_verb=(
        "also", "later", "further", "again", "then", "earlier", "once", "has", "had", "have",
        "was", "is", "were", "are", "repeatedly", "recently", "previously", "himself",
        "herself", "themselves", "even", "still", "already", "openly", "publicly", "firmly",
        "often", "now", "too", "clearly", "rightly", "reportedly", "allegedly", "would",
        "will", "could",
    ),
    clause_breaks=("and", "but", "while", "whereas", "because", "although", "though", "so",
                   "however", "as", "since", "where", "when", "if", "or"),
    claim_tails=("in a comment to", "in an interview with", "in an interview to",
                 "in a conversation with", "according to", "he said", "she said", "he added",
                 "she added", "they said", "told reporters"),
)

RU = Lexicon(
    lang="ru",
    verbs=(
        "сказал", "сказала", "сказали", "заявил", "заявила", "заявили", "отметил", "отметила",
        "отметили", "добавил", "добавила", "добавили", "подчеркнул", "подчеркнула",
        "подчеркнули", "считает", "считают", "полагает", "полагают", "уверен", "уверена",
        "уверены", "рассказал", "рассказала", "рассказали", "сообщил", "сообщила",
        "сообщили", "пояснил", "пояснила", "признал", "признала", "напомнил", "напомнила",
        "говорит", "говорят", "заметил", "заметила", "указал", "указала", "уточнил",
        "уточнила", "написал", "написала", "убежден", "убеждён", "убеждена", "думает",
    ),
    speech_verbs=("выступил", "выступила"),
    complementizers=("что",),
    according_to=("по словам", "по мнению", "по данным", "как считает", "как отметил",
                  "как отметила", "как заявил", "как заявила"),
    holder=("по его словам", "по ее словам", "по её словам", "по их словам", "по его мнению",
            "по ее мнению", "по её мнению", "по их мнению"),
    pronouns={"он": "person", "она": "person", "они": "group"},
    object_pronouns={"него": "person", "нее": "person", "неё": "person", "них": "group"},
    possessives={"его": "person", "ее": "person", "её": "person", "их": "group"},
    roles=("эксперт", "аналитик", "политолог", "министр", "президент", "глава", "премьер",
           "представитель", "источник", "собеседник", "экономист", "историк", "депутат",
           "генсек", "спикер", "пресс-секретарь", "директор", "посол",
           # genitive, as after "по словам"
           "эксперта", "аналитика", "политолога", "министра", "президента", "главы",
           "представителя", "источника", "собеседника", "экономиста", "историка", "депутата",
           "директора", "посла"),
    group_roles=("эксперты", "аналитики", "политологи", "источники", "власти", "депутаты"),
    titles=("президент", "премьер-министр", "министр", "глава", "генсек", "пресс-секретарь",
            "директор", "посол", "председатель", "спикер", "губернатор", "мэр", "замглавы",
            "обороны", "иностранных", "дел", "мид", "рф", "россии", "белоруссии", "казахстана"),
    org_words=("министерство", "мид", "кремль", "правительство", "ведомство", "служба",
               "комитет", "совет", "администрация", "посольство", "минобороны", "пресс-служба"),
    institution_words=("академии", "институт", "института", "университет", "университета",
                       "центр", "центра", "академия", "ран"),
    skip_before_verb=("также", "тоже", "ранее", "уже", "еще", "ещё", "вновь", "снова"),
    clause_breaks=("и", "но", "а", "однако", "хотя", "потому"),
    claim_tails=("сказал", "заявил", "отметил", "по словам", "по мнению"),
)

DE = Lexicon(
    lang="de",
    verbs=(
        "sagte", "sagt", "sagten", "erklärte", "erklärt", "erklärten", "betonte", "betont",
        "meinte", "meint", "glaubt", "glaubte", "warnte", "warnt", "schrieb", "schreibt",
        "teilte mit", "räumte ein", "fügte hinzu", "ist überzeugt", "ist sicher", "findet",
        "behauptete", "behauptet", "unterstrich", "kritisierte", "forderte", "sagte er",
    ),
    speech_verbs=("sprach", "spricht"),
    after_quote_verbs=("so",),
    complementizers=("dass", "daß"),
    according_to=("laut", "nach angaben von", "nach ansicht von", "nach ansicht des",
                  "nach ansicht der", "nach meinung von"),
    according_to_after=("zufolge",),
    holder=("seiner meinung nach", "ihrer meinung nach", "seiner ansicht nach",
            "ihrer ansicht nach"),
    pronouns={"er": "person", "sie": "person"},
    object_pronouns={"ihm": "person", "ihr": "person", "ihnen": "group"},
    possessives={"seiner": "person", "ihrer": "person"},
    inverted_pronouns=(),
    roles=("experte", "expertin", "analyst", "analystin", "minister", "ministerin", "sprecher",
           "sprecherin", "kanzler", "kanzlerin", "präsident", "präsidentin", "politologe",
           "politologin", "wissenschaftler", "wissenschaftlerin", "chef", "chefin"),
    group_roles=("experten", "analysten", "beobachter", "kritiker", "wissenschaftler"),
    titles=("bundeskanzler", "bundeskanzlerin", "kanzler", "kanzlerin", "präsident",
            "präsidentin", "minister", "ministerin", "außenminister", "außenministerin",
            "verteidigungsminister", "verteidigungsministerin", "sprecher", "sprecherin",
            "chef", "chefin", "regierungssprecher", "bundespräsident", "herr", "frau", "dr"),
    honorifics=("herr", "frau", "dr", "prof"),
    org_words=("ministerium", "regierung", "kreml", "bundesregierung", "amt", "behörde",
               "partei", "verband", "institut", "kommission"),
    institution_words=("akademie", "institut", "instituts", "universität", "zentrum",
                       "stiftung"),
    determiners=("der", "die", "das", "ein", "eine", "dieser", "diese"),
    indefinites=("ein", "eine"),
    skip_before_verb=("auch", "zudem", "außerdem", "bereits", "noch", "erneut", "später"),
    clause_breaks=("und", "aber", "doch", "während", "weil", "obwohl"),
    claim_tails=("sagte er", "sagte sie", "so", "laut"),
)

FR = Lexicon(
    lang="fr",
    verbs=(
        "a déclaré", "a dit", "a affirmé", "a ajouté", "a souligné", "a expliqué", "a estimé",
        "a indiqué", "a noté", "a rappelé", "a assuré", "a précisé", "a reconnu", "a averti",
        "déclare", "dit", "affirme", "ajoute", "souligne", "explique", "estime", "indique",
        "note", "rappelle", "assure", "précise", "reconnaît", "pense", "croit", "juge",
        "déclarait", "disait", "affirmait", "a-t-il dit", "a-t-elle dit",
    ),
    speech_verbs=("a parlé", "parle"),
    complementizers=("que", "qu’", "qu'"),
    according_to=("selon", "d’après", "d'après", "aux yeux de"),
    holder=("à son avis", "à leur avis", "selon lui", "selon elle", "selon eux"),
    pronouns={"il": "person", "elle": "person", "ils": "group", "elles": "group"},
    possessives={"son": "person", "leur": "group", "lui": "person", "elle": "person",
                 "eux": "group"},
    object_pronouns={"lui": "person", "elle": "person", "eux": "group"},
    inverted_pronouns=("t-il", "t-elle", "il", "elle", "t-ils", "ils"),
    roles=("expert", "experte", "analyste", "ministre", "président", "présidente",
           "porte-parole", "chercheur", "chercheuse", "politologue", "diplomate", "source"),
    group_roles=("experts", "analystes", "observateurs", "sources", "autorités"),
    titles=("président", "présidente", "ministre", "premier", "porte-parole", "chef",
            "secrétaire", "général", "chancelier", "chancelière", "m.", "mme", "m", "dr"),
    honorifics=("mme", "m", "mlle", "dr"),
    org_words=("ministère", "gouvernement", "kremlin", "élysée", "agence", "commission",
               "parti", "institut"),
    institution_words=("académie", "institut", "université", "centre", "fondation"),
    determiners=("le", "la", "les", "l’", "l'", "un", "une", "ce", "cet", "cette"),
    indefinites=("un", "une"),
    skip_before_verb=("aussi", "également", "encore", "déjà", "ensuite", "alors"),
    clause_breaks=("et", "mais", "tandis", "car", "alors", "bien"),
    claim_tails=("a-t-il dit", "a-t-elle dit", "selon"),
)
# fmt: on

LEXICONS: dict[str, Lexicon] = {lex.lang: lex for lex in (EN, RU, DE, FR)}
"""Language tag -> lexicon."""

_MARKERS = {
    "en": frozenset({"the", "and", "of", "to", "is", "was", "that", "with", "for"}),
    "de": frozenset({"der", "die", "und", "das", "nicht", "ist", "mit", "sich", "dass"}),
    "fr": frozenset({"le", "la", "les", "et", "des", "est", "une", "que", "dans"}),
}
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
    counts = dict.fromkeys(_MARKERS, 0)
    for m in _WORD.finditer(sample.lower()):
        for lang, words in _MARKERS.items():
            if m.group() in words:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "en"


def lexicon_for(lang: str | None) -> Lexicon:
    """The lexicon of a language tag, English when there is none."""
    return LEXICONS.get((lang or "en").split("-")[0].lower(), EN)
