"""Run the suggesters over an article and store what they propose.

`suggest_article` is pure (text in, `Suggestion`s out) so it can run in a worker thread or a
test; `store_suggestions` writes one article's proposals as pending spans of the `suggest`
layer (curator.store.suggestions), replacing the pending ones of an earlier run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from curator.store.store import Store
from curator.store.suggestions import SuggestionRun, replace_suggestions
from curator.suggest.base import PARAGRAPH_KIND, SUGGESTERS, Suggestion, make
from curator.suggest.dates import suggest_dates
from curator.suggest.errors import suggest_errors
from curator.suggest.lexicon import guess_lang, lexicon_for
from curator.suggest.quotes import scan_quotes
from curator.suggest.speakers import analyse, suggest_speakers
from curator.suggest.structure import guess_kinds, title_first_of

__all__ = ["parse_only", "store_suggestions", "suggest_article", "suggest_stored_article"]

_NOT_PROSE = ("boilerplate", "byline", "source_note")


def parse_only(only: str | Iterable[str] | None) -> tuple[str, ...]:
    """Suggester names from "dates,speakers" or a list; all of them for None or empty."""
    if only is None:
        return SUGGESTERS
    names = only.split(",") if isinstance(only, str) else list(only)
    names = [n.strip() for n in names if n and n.strip()]
    unknown = [n for n in names if n not in SUGGESTERS]
    if unknown:
        raise ValueError(
            f"unknown suggester {', '.join(unknown)} (choose from {', '.join(SUGGESTERS)})"
        )
    return tuple(n for n in SUGGESTERS if n in names) or SUGGESTERS


def suggest_article(
    paragraphs: Sequence[Any],
    dct: dt.date | None = None,
    only: str | Iterable[str] | None = None,
    *,
    lang: str | None = None,
    kinds: Sequence[str] | None = None,
    title_first: bool | None = True,
    cue_label: str | None = None,
    source_lang: str | None = None,
) -> list[Suggestion]:
    """Proposals for one article, in suggester order.

    `paragraphs` are strings or records with `.text` (and `.kind`, used as the current kinds
    when `kinds` is not given). Dates skip boilerplate; speakers and errors also skip
    bylines and source notes. `lang` is the article's target language (guessed when None);
    `source_lang` the language it was translated from (its own for an edited article).
    `title_first`: paragraph 0 is the title (True), is not (False), or may be (None).
    """
    texts = [p if isinstance(p, str) else str(getattr(p, "text", "")) for p in paragraphs]
    if kinds is None and paragraphs and all(hasattr(p, "kind") for p in paragraphs):
        kinds = [str(p.kind) for p in paragraphs]
    which = parse_only(only)
    needs_guesses = kinds is None or "boilerplate" in which
    guesses = guess_kinds(texts, title_first=title_first) if needs_guesses else []
    current = list(kinds) if kinds is not None else [g.kind for g in guesses]
    furniture = [i for i, k in enumerate(current) if k == "boilerplate"]
    not_prose = [i for i, k in enumerate(current) if k in _NOT_PROSE]
    # The lexicon's language, a guess when `lang` has no lexicon; `lang` itself stays the
    # declared target language, which the errors suggester needs for the target script.
    lex_lang = guess_lang(texts, lang)
    out: list[Suggestion] = []
    if "dates" in which:
        out += suggest_dates(texts, dct, skip=furniture, lang=lang)
    analysis = scan = None
    if "speakers" in which or "errors" in which:
        scan = scan_quotes(texts)
        headings = [i for i, k in enumerate(current) if k == "heading"]
        analysis = analyse(texts, lexicon_for(lex_lang), not_prose, scan, headings)
    if "speakers" in which:
        out += suggest_speakers(texts, lex_lang, not_prose, cue_label, analysis)
    if "boilerplate" in which:
        for i, (text, guess) in enumerate(zip(texts, guesses, strict=True)):
            if guess.kind != "body":
                s = make(
                    text,
                    i,
                    0,
                    len(text),
                    PARAGRAPH_KIND,
                    {"kind": guess.kind},
                    guess.reason,
                    "boilerplate",
                )
                if s is not None:
                    out.append(s)
    if "errors" in which:
        out += suggest_errors(texts, lang, not_prose, scan, analysis, source_lang)
    return out


def store_suggestions(
    store: Store,
    article_id: str,
    suggestions: Sequence[Suggestion],
    suggesters: Iterable[str] | None = None,
) -> SuggestionRun:
    """Store proposals as pending spans of the `suggest` layer (origin `suggested`, meta
    {reason, suggester}), replacing the pending ones of `suggesters` (default: those that
    made `suggestions`, or all). Paragraph-kind proposals set kinds no editor has chosen."""
    spans = []
    relations = []
    kinds: dict[int, str] = {}
    for s in suggestions:
        if s.label == PARAGRAPH_KIND:
            kinds[s.paragraph] = s.attrs["kind"]
            continue
        spans.append(
            {
                "key": s.key,
                "paragraph": s.paragraph,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "attrs": s.attrs,
                "reason": s.reason,
                "suggester": s.suggester,
                "meta": s.meta,
            }
        )
        relations += [(rel, s.key, tail) for rel, tail in s.links]
    ran = set(suggesters) if suggesters is not None else None
    return replace_suggestions(store, article_id, spans, relations, kinds, ran)


def suggest_stored_article(
    store: Store, article_id: str, only: str | Iterable[str] | None = None
) -> list[Suggestion]:
    """`suggest_article` on an article already in the store (its dct, language and kinds)."""
    article = store.article(article_id)
    paragraphs = store.paragraphs(article_id)
    labels = {label.name for label in store.tagset.labels}
    # A stored title equal to paragraph 0 may have been taken from it at import (no title was
    # given): paragraph 0 is then judged by its shape. A separate title means paragraph 0 is
    # text ("MOSCOW (AP) — …"), never the title.
    first = paragraphs[0].text if paragraphs else ""
    title_first = None if title_first_of(article.title, first) else False
    return suggest_article(
        paragraphs,
        article.dct,
        only,
        lang=article.target_lang,
        title_first=title_first,
        cue_label="cue" if "cue" in labels else None,
        source_lang=article.source_lang,
    )
