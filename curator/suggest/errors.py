"""Likely translation errors, each with an MQM category, a severity guess and a short reason.

What machine translation of news leaves behind and a rule can see, without reading for
meaning. The checks live in four modules:

- `errors_marks`: quote marks that do not pair up or nest in the same marks, words run
  together ("theCSTO", "said.The", "Putinto:"), doubled words and marks, spacing before a
  mark, a dialogue dash after a quote, markup debris ("< strong>", "&nbsp;");
- `errors_words`: words left in another script or in the source language ("Da they stand"),
  one name spelled two ways, a surname or an institution in lower case ("Donald trump");
- `errors_grammar`: fragments and lower-case sentence starts, "did not said", a that-clause
  without subject, a comma between subject and verb, "a close friend or a close friend", a
  paragraph stopping without a stop;
- `errors_calques`: calques and news-desk furniture translated word for word, as data
  (`mt_tells.toml`: "It is quoted by Interfax", "said press secretary of …", "last hour news").

Checks that look for translation tells run only on English text that is not known to be
in its own language (`source_lang` equal to the text's language means an edited article).
Here: a reporting verb whose speaker was lost ("… of the Russian Academy of Sciences told
Gazeta.ru"), and the cap against flooding. Every check is linear in the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from curator.suggest.base import Suggestion
from curator.suggest.errors_calques import mt_tells
from curator.suggest.errors_common import SUGGESTER, error, errors_of
from curator.suggest.errors_grammar import _STOP_AFTER, fragments, grammar, unfinished
from curator.suggest.errors_marks import (
    capitalised_words,
    markup,
    punctuation,
    quote_marks,
    repeated,
    run_together,
)
from curator.suggest.errors_words import (
    ise_ize,
    lowercased_names,
    name_spellings,
    source_words,
    target_script,
    untranslated_script,
)
from curator.suggest.lexicon import guess_lang, lexicon_for
from curator.suggest.quotes import QuoteScan, scan_quotes
from curator.suggest.speakers import Analysis, analyse

__all__ = ["MAX_PER_CHECK", "SUGGESTER", "suggest_errors"]

MAX_PER_CHECK = 50
"""At most this many proposals of one check in one paragraph: past that the paragraph is
garbage and one look tells the editor more than a thousand spans."""


def _lost_speakers(texts: list[str], analysis: Analysis) -> list[Suggestion]:
    out: list[Suggestion | None] = []
    for lost in analysis.lost:
        text = texts[lost.paragraph]
        end = lost.end
        # Take the object too: "told Gazeta.ru".
        stop = _STOP_AFTER.search(text, end, min(len(text), end + 60))
        tail = stop.start() if stop else min(len(text), end + 60)
        if stop is None and not text[end:tail].strip(" .,"):
            tail = end
        stripped = text[end:tail].rstrip(" .")
        if len(stripped.split()) <= 3:
            end += len(stripped)
        reason = (
            f"“{lost.cue_text}” has no person as its speaker: the name seems lost in translation"
        )
        out.append(
            error(text, lost.paragraph, lost.start, end, "Accuracy/Omission", "major", reason)
        )
    return errors_of(out)


def suggest_errors(
    paragraphs: Sequence[str],
    lang: str | None = None,
    skip: Sequence[int] = (),
    scan: QuoteScan | None = None,
    analysis: Analysis | None = None,
    source_lang: str | None = None,
) -> list[Suggestion]:
    """Likely translation errors in an article (paragraphs in `skip` are left out).

    `lang` is the declared target language: it sets the expected script (counted from the
    text when None) and the lexicon (guessed when it has none). `source_lang` is the
    language translated from, when known: a text whose source is its own language is not a
    translation and gets only the checks of the text's surface (doubled words, quote marks).
    """
    texts = [t if isinstance(t, str) else "" for t in paragraphs]
    skipped = set(skip)
    lex = lexicon_for(guess_lang(texts, lang))
    # The lexicon falls back to English for languages it lacks: the declared tag decides.
    english = (lang.split("-")[0].lower() == "en") if lang else lex.lang == "en"
    source = source_lang.split("-")[0].lower() if source_lang else None
    target = (lang or lex.lang).split("-")[0].lower()
    translated = source is None or source != target
    # Checks that need to know the text is a translation (a paragraph ending without a stop
    # is common in edited copy: captions, credits).
    known_translation = source is not None and source != target
    scan = scan or scan_quotes(texts)
    analysis = analysis or analyse(texts, lex, skip, scan)
    script = target_script([t for i, t in enumerate(texts) if i not in skipped], lang)
    known = capitalised_words(t for i, t in enumerate(texts) if i not in skipped)
    out: list[Suggestion] = []
    debris: dict[int, list[tuple[int, int]]] = {}
    for p, text in enumerate(texts):
        if p in skipped or not text:
            continue
        found, debris[p] = markup(text, p)
        out += found
        if english:
            out += run_together(text, p, known)
            out += fragments(text, p, starts=translated)
            out += punctuation(text, p)
            if translated:
                out += grammar(text, p)
                if known_translation:
                    out += unfinished(text, p)
                out += source_words(text, p, source)
                out += mt_tells(text, p, "en", source)
        out += repeated(text, p, english)
        out += untranslated_script(text, p, script)
    out += quote_marks(texts, scan, skipped, debris, MAX_PER_CHECK)
    out += _lost_speakers(texts, analysis)
    if english:
        # Inflected languages decline names (Villa / Villy): only English is safe here.
        out += name_spellings(texts, skipped)
        out += ise_ize(texts, skipped)
        if translated:
            out += lowercased_names(texts, skipped)
    out.sort(key=lambda s: (s.paragraph, s.start, s.end))
    return _capped(_folded(out))


def _folded(found: list[Suggestion]) -> list[Suggestion]:
    """One proposal per span: a proposal inside another one (the same span, or a calque
    inside bracket debris) is folded into it, its reason added, so the editor looks once.
    A punctuation-only container takes the category of what it holds. `found` is sorted."""
    kept: list[Suggestion] = []
    for s in sorted(found, key=lambda s: (s.paragraph, s.start, -s.end)):
        outer = kept[-1] if kept else None
        if outer is None or outer.paragraph != s.paragraph or s.end > outer.end:
            kept.append(s)
            continue
        if s.reason in outer.reason:
            continue
        attrs = outer.attrs
        if attrs["category"] == "Fluency/Punctuation" != s.attrs["category"]:
            attrs = {**attrs, "category": s.attrs["category"], "severity": s.attrs["severity"]}
        kept[-1] = replace(outer, attrs=attrs, reason=f"{outer.reason}; {s.reason}")
    return kept


def _capped(found: list[Suggestion]) -> list[Suggestion]:
    counts: Counter[tuple[int, str]] = Counter()
    kept = []
    for s in found:
        key = (s.paragraph, s.attrs.get("category", ""))
        counts[key] += 1
        if counts[key] <= MAX_PER_CHECK:
            kept.append(s)
    return kept
