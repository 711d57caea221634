"""Guess the structural kind of each paragraph of an imported article.

Kinds: ``body``, ``heading``, ``boilerplate`` (web page furniture), ``byline`` (author or
date stamp) and ``source_note`` (source, reprint, translation or photo credit). The guess is
only a starting point; the editor can change it. Rules are language-agnostic where possible
and carry phrase lists for en/ru/uk/de/fr/es. All regexes are linear (no nested quantifiers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["KindGuess", "ParagraphKindName", "guess_kinds"]

ParagraphKindName = Literal["body", "heading", "boilerplate", "byline", "source_note"]


@dataclass(frozen=True, slots=True)
class KindGuess:
    kind: ParagraphKindName
    reason: str  # short, shown to the editor


# --- boilerplate phrase families (regex fragments; a space means "any whitespace") ---------
# fmt: off
_FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {  # group name: (reason, phrases)
    "comment_form": ("comment form", (
        "please enter your", "you have entered an incorrect", "leave a (?:reply|comment)",
        "cancel reply", "your email address will not be published", "required fields are marked",
        "save my name", "post comment", "submit comment", "add a comment", "you must be logged in",
        "comments?", "show comments", "комментарии", "оставьте комментарий",
        "оставить комментарий", "добавить комментарий", "коментарі", "залиште коментар",
        "залишити коментар", "kommentare", "kommentar schreiben", "schreibe einen kommentar",
        "laisser un commentaire", "commentaires", "annuler la réponse", "deja un comentario",
        "dejar un comentario", "comentarios", "cancelar respuesta",
    )),
    "navigation": ("navigation / related links", (
        "more from", "about the author", "related", "related (?:posts|articles|stories|news)",
        "read (?:also|more|next)", "see also", "recommended", "popular", "trending",
        "latest (?:news|stories|posts|articles)", "most (?:read|popular|viewed)", "tags?:",
        "categor(?:y|ies):", "filed under", "(?:previous|next) (?:article|post)",
        "читайте также", "читайте (?:ещё|еще)", "по теме", "популярное", "последние новости",
        "теги:", "читайте також", "за темою", "популярне", "останні новини", "weiterlesen",
        "mehr zum thema", "lesen sie auch", "meistgelesen", "schlagwörter:", "lire aussi",
        "à lire aussi", "lire la suite", "voir aussi", "sur le même sujet", "les plus lus",
        "mots-clés:", "lee también", "lea también", "leer más", "te puede interesar",
        "noticias relacionadas", "lo más leído", "etiquetas:",
    )),
    "sharing": ("sharing buttons", (
        "share", "share (?:this|on|via)", "tweet", "print", "e-?mail", "whatsapp", "telegram",
        "facebook", "twitter", "linkedin", "reddit", "copy link", "поделиться", "поділитися",
        "teilen", "drucken", "partager", "imprimer", "compartir", "imprimir",
    )),
    "subscription": ("subscription prompt", (
        "subscribe", "subscribe (?:to|now|for)", "sign up", "follow us", "join our",
        "newsletter", "(?:подписывайтесь|подпишитесь|підписуйтесь|підпишіться)(?: на)?",
        "abonnieren", "folgen sie uns", "abonnez-vous", "suivez-nous", "suscríbete", "síguenos",
    )),
    "legal": ("legal notice", (
        "©", "copyright", "privacy (?:policy|notice)", "cookies?", "cookie (?:policy|settings)",
        "we use cookies", "terms (?:of use|of service|and conditions)", "datenschutz",
        "impressum", "politique de confidentialité", "mentions légales", "política de privacidad",
        "aviso legal",
    )),
    "loading_ads": ("loading / advertising", (
        "loading", "advertisement", "advertising", "sponsored", "click here", "continue reading",
        "sponsored content", "show more", "load more", "реклама", "загрузка", "завантаження", "anzeige", "werbung",
        "publicité", "chargement", "publicidad", "cargando",
    )),
}
# Rights notices are matched anywhere in a short line ("Gazeta.ru. All rights reserved.").
_RIGHTS = (
    "all rights reserved", "все права защищены", "всі права захищені",
    "alle rechte vorbehalten", "tous droits réservés", "todos los derechos reservados",
)
# fmt: on


def _alt(phrases: tuple[str, ...]) -> str:
    # Longest first so "read also" wins over "read"; spaces become \s+ (one quantifier each).
    return "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_BOILER_RE = re.compile(
    r"^[^\w©]*(?:"
    + "|".join(f"(?P<{name}>{_alt(ph)})(?!(?<=\\w)\\w)" for name, (_, ph) in _FAMILIES.items())
    + f")|(?P<rights>{_alt(_RIGHTS)})",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"\s*[:|›»>/·•–—-]")


# --- source notes and bylines ---------------------------------------------------------------
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


# fmt: off
_SOURCE_RE = _rx(
    r"^[^\w(]{0,3}(?:(?:sources?|via|photos?|images?|pictures?|credits?|photo credits?"
    r"|image credits?|illustration|источники?|джерело|джерела|фото|иллюстрация|ілюстрація"
    r"|перевод|переклад|quellen?|foto|bild|übersetzung|crédits?|traduction|fuentes?|fontes?"
    r"|traducción)\s*[:：]|originally published\b|first published\b"
    r"|reprinted (?:from|with permission)\b|translated (?:by|from)\b|по материалам\b"
    r"|übersetzt (?:von|aus)\b|traduit (?:par|de)\b|traducido (?:por|de)\b)"
)
_AGENCY_RE = _rx(r"^[(\[][^()\[\]\d]{2,40}[)\]]$")  # "(Reuters)", "[AFP]"
_BY_RE = _rx(
    r"^(?:(?:by|written by|reporting by|von|par|por)(?!\w)|(?:authors?|автор(?:ы|ка)?"
    r"|autor(?:in)?|auteure?|text|текст)\s*[:—–-])\s*"
)
_STAMP_RE = _rx(
    r"^(?:published|updated|posted|last updated|опубликовано|обновлено|опубліковано|оновлено"
    r"|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado)(?!\w)"
)
_NUM_DATE_RE = _rx(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")  # 17.05.2022, 2022-05-17
_YEAR_RE = _rx(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_DAY_RE = _rx(r"(?<!\d)\d{1,2}(?!\d)")
_MONTH_RE = _rx(
    r"(?<!\w)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez|janv|févr"
    r"|avr|juil|août|déc|ene|abr|ago|dic|янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек"
    r"|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листопад|груд)\w*"
)
_NAME_JOINERS = frozenset({
    "and", "und", "et", "y", "e", "и", "і", "та", "&", "de", "da", "di", "du", "del", "der",
    "den", "van", "von", "la", "le", "al", "bin", "ibn",
})
# fmt: on

# --- shape helpers ----------------------------------------------------------------------------
_OPENERS = "\"'“”„«‘’‚‹¿¡"
_CLOSERS = "\"'”“»’‘›)]"


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def _last_char(line: str) -> str:
    stripped = line.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped[-1:] if stripped else ""


def _capitalised(word: str) -> bool:
    word = word.lstrip(_OPENERS + "(")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _name_word(word: str) -> bool:  # "Jean-Pierre", "O’Brien", "J."
    bare = word.replace("-", "").replace("’", "").replace("'", "").rstrip(".")
    return _capitalised(word) and bare.isalpha()


def _looks_like_names(text: str) -> bool:
    """Mostly capitalised words, no sentence punctuation: "Jane Doe and John Roe, Reuters"."""
    words = [w for w in text.replace(",", " ").split() if w.lower() not in _NAME_JOINERS]
    if not words or not _capitalised(words[0]) or any(c in text for c in "?!"):
        return False
    return sum(map(_capitalised, words)) >= 0.6 * len(words)


def _is_date_stamp(line: str) -> bool:
    """A "Published: …" line with a number, or a short line that is mostly a date/time."""
    if _STAMP_RE.match(line) and len(line) <= 80:
        return any(c.isdigit() for c in line) or len(line.split()) <= 3
    if len(line) > 60 or _last_char(line) == ".":
        return False
    if sum(any(c.isalpha() for c in w) for w in line.split()) > 5:
        return False
    day_month_year = _MONTH_RE.search(line) and _DAY_RE.search(line) and _YEAR_RE.search(line)
    return bool(_NUM_DATE_RE.search(line) or day_month_year)


def _is_byline_line(line: str) -> bool:
    if _is_date_stamp(line):
        return True
    if len(line.split()) > 12 or len(line) > 120 or _last_char(line) == ".":
        return False
    if m := _BY_RE.match(line):
        return _looks_like_names(line[m.end() :])
    name, sep, org = line.partition(",")  # "Jane Doe, Reuters"
    names_ok = sep and _looks_like_names(line) and all(map(_name_word, name.split()))
    return bool(names_ok) and 2 <= len(name.split()) <= 4 and 1 <= len(org.split()) <= 4


def _boilerplate_family(line: str) -> str | None:
    """Family name if the line is (mostly) a furniture phrase, else None."""
    if len(line) > 100:
        return None
    m = _BOILER_RE.search(line)
    if m is None:
        return None
    family = m.lastgroup or ""
    if family == "rights":
        return "legal"
    rest = line[m.end() :]
    phrase = m.group(family)
    if any(c.isspace() or c in ":©" for c in phrase) or _SEPARATOR_RE.match(rest):
        return family
    rest_words = rest.split()  # a bare word may only be followed by names/counts: "Comments (3)"
    if len(rest) <= 40 and all(_capitalised(w) or not w[0].isalpha() for w in rest_words):
        return family
    return None


def _static_kind(text: str) -> KindGuess | None:
    """Kinds decided by the paragraph alone (no neighbours): markers and phrase lists."""
    lines = _lines(text)
    if not lines:
        return KindGuess("boilerplate", "empty paragraph")
    if len(lines) == 1 and re.match(r"#{1,6}\s+\S", lines[0]):
        return KindGuess("heading", "Markdown heading")
    if len(text.split()) <= 40 and len(text) <= 300:
        if m := _SOURCE_RE.match(lines[0]):
            return KindGuess("source_note", f"starts with “{m.group(0).strip(' :：')}”")
        if len(lines) == 1 and _AGENCY_RE.match(lines[0]):
            return KindGuess("source_note", "agency name in brackets")
    if len(lines) <= 3 and all(map(_is_byline_line, lines)):
        return KindGuess("byline", "date stamp" if _is_date_stamp(lines[0]) else "author line")
    families = [_boilerplate_family(ln) for ln in lines]
    if families[0] and all(len(ln) <= 100 for ln in lines):
        header_only = len(lines[0].split()) <= 4 and len(lines) <= 12
        if all(families) or header_only:
            return KindGuess("boilerplate", _FAMILIES[families[0]][0])
    return None


def _heading_shape(text: str) -> bool:
    """One short line, capital/digit/quote first, no final ``.`` ``,`` ``;`` (``.”`` counts)."""
    lines = _lines(text)
    if len(lines) != 1 or len(lines[0]) > 100 or len(lines[0].split()) > 12:
        return False
    first = lines[0][0]
    opens_ok = first.isupper() or first.isdigit() or first in _OPENERS
    return opens_ok and _last_char(lines[0]) not in {".", ",", ";", "…"}


def guess_kinds(paragraphs: Sequence[str], *, title_first: bool = True) -> list[KindGuess]:
    """One guess per paragraph, in order. ``title_first``: paragraph 0 is the article title."""
    texts = [p if isinstance(p, str) else str(p) for p in paragraphs]
    static = [_static_kind(t) for t in texts]
    guesses: list[KindGuess] = []
    for i, text in enumerate(texts):
        if i == 0 and title_first:
            guesses.append(KindGuess("heading", "article title"))
        elif (known := static[i]) is not None:
            guesses.append(known)
        elif _heading_shape(text) and _followed_by_body(texts, static, i):
            guesses.append(KindGuess("heading", "short line without final period"))
        else:
            guesses.append(KindGuess("body", "running text"))
    # Trailing region: short, period-less paragraphs after the last real body paragraph.
    start = 1 if title_first else 0
    candidates: list[int] = []
    for i in range(len(texts) - 1, start - 1, -1):
        if guesses[i].kind != "body":
            continue
        lines = _lines(texts[i])
        if all(len(ln.split()) <= 8 and _last_char(ln) not in {".", "…"} for ln in lines):
            candidates.append(i)
        else:
            for j in candidates:
                guesses[j] = KindGuess("boilerplate", "trailing page furniture")
            break
    return guesses


def _followed_by_body(texts: list[str], static: list[KindGuess | None], i: int) -> bool:
    """Is the next paragraph (skipping bylines and source notes) running text?"""
    for text, guess in zip(texts[i + 1 :], static[i + 1 :], strict=True):
        if guess is None:
            return len(text.split()) > 12 or _last_char(text) in {".", "!", "?", "…"}
        if guess.kind not in {"byline", "source_note"}:
            return False
    return False
