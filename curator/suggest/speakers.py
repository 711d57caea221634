"""Speaker suggester: quotes and reported speech, who said them, and one name per person.

For every quoted passage (see `quotes`) it looks for a reporting cue right after the quote
("…,” said Lukashenka), before it ("Peskov said: “…”"), or at the end of the paragraph before
("Evseev explained:"). Outside quotes it reads reported speech in every position ("X said
(that) …", "…, said X.", "X, who …, said", "A, B and C said", "criticized by X", "according
to X", "in his opinion", "X's statement that …", "reports by X"), speech acts without a
clause ("X commented on …", "urged them to …") and first-person block quotes. A quote with
no cue of its own takes the speaker of the quote just before it; a quote-only paragraph
continues the speaker of the paragraph before (the claim's meta says so). See `subjects`,
`followups` and `resolve` for the rules. Names collapse to one canonical name per person: the
fullest form the article uses, the majority spelling (`names.NameClusters`); pronouns and role
mentions get a name only from one compatible speaker nearby (`resolve`). Quoted phrases that
are not speech (scare quotes, titles) are skipped: direct speech starts with a capital letter
or has a cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from curator.suggest.attribution import Analysis, analyse
from curator.suggest.base import Suggestion, make
from curator.suggest.lexicon import Lexicon, lexicon_for
from curator.suggest.mentions import Mention
from curator.suggest.names import NameClusters

__all__ = ["Analysis", "analyse", "suggest_speakers"]

SUGGESTER = "speakers"


def _without_lead_nouns(name: str, lex: Lexicon) -> str:
    """A name without the common nouns that introduce it ("server Claret and Hugh", "the
    daily Politika"): lower-case words before the first capitalised one, but for name
    particles ("von der Leyen")."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i].islower() and words[i] not in lex.word_sets["particles"]:
        i += 1
    return " ".join(words[i:]) if i and words[i][:1].isupper() else name


def _speaker_attrs(m: Mention, people: NameClusters, lex: Lexicon) -> dict[str, str | None]:
    name = people.canonical(m.person) if m.person is not None else None
    if m.kind in ("org", "group") or (m.kind == "pronoun" and m.type != "person"):
        name = m.name  # "Analysts"; "it" resolved to the ministry named before
    elif m.kind == "name" and m.person is None:
        name = m.name  # a country (see resolve)
    if name and m.kind in ("org", "name"):
        name = _without_lead_nouns(name, lex)
    typ = m.type
    if name and lex.government_of and name.casefold() in lex.word_sets["countries"]:
        name, typ = lex.government_of.format(name), "organization"  # "Sudan said"
    return {"name": name, "type": typ, "role": m.role}


def suggest_speakers(
    paragraphs: Sequence[str],
    lang: str | None = None,
    skip: Sequence[int] = (),
    cue_label: str | None = None,
    analysis: Analysis | None = None,
) -> list[Suggestion]:
    """Speaker and claim suggestions (claims linked to speakers by `attributed_to`, and to
    cue spans labelled `cue_label` when one is given)."""
    lex = lexicon_for(lang)
    texts = [t if isinstance(t, str) else "" for t in paragraphs]
    result = analysis or analyse(texts, lex, skip)
    out: list[Suggestion] = []
    keys: dict[tuple[int, int, int], str] = {}
    for m in sorted(result.mentions, key=lambda m: m.key):
        cue = result.cues.get(m.key, "")
        what = {
            "name": "named",
            "pronoun": "pronoun",
            "role": "role",
            "group": "group",
            "org": "organization",
        }[m.kind]
        reason = f"{what} speaker of “{cue}”" + (f" {m.note}" if m.note else "")
        s = make(
            texts[m.paragraph],
            m.paragraph,
            m.start,
            m.end,
            "speaker",
            _speaker_attrs(m, result.people, lex),
            reason,
            SUGGESTER,
        )
        if s is not None:
            out.append(s)
            keys[m.key] = s.key
    cue_keys: dict[tuple[int, int, int], str] = {}
    for c in result.claims:
        links: list[tuple[str, str]] = []
        if c.mention is not None and c.mention.key in keys:
            links.append(("attributed_to", keys[c.mention.key]))
        if cue_label and c.cue is not None:
            if c.cue not in cue_keys:
                cp, c0, c1 = c.cue
                cue_s = make(texts[cp], cp, c0, c1, cue_label, {}, "reporting cue", SUGGESTER)
                if cue_s is not None:
                    out.append(cue_s)
                    cue_keys[c.cue] = cue_s.key
            if c.cue in cue_keys:
                links.append(("cue", cue_keys[c.cue]))
        who = ""
        if c.mention is not None:
            who = (
                _speaker_attrs(c.mention, result.people, lex)["name"]
                or texts[c.mention.paragraph][c.mention.start : c.mention.end]
            )
            who = f"; speaker {who}"
        meta: dict[str, str] = {"cue": c.cue_text} if c.cue_text else {}
        if c.carried:
            meta["speaker_from"] = c.carried
        s = make(
            texts[c.paragraph],
            c.paragraph,
            c.start,
            c.end,
            "claim",
            {},
            c.reason + who,
            SUGGESTER,
            links=tuple(links),
            meta=meta,
        )
        if s is not None:
            out.append(s)
    return out
