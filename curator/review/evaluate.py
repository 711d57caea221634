"""Score the suggesters against a reference layer: precision, recall and resolution.

The suggesters run on every stored article exactly as `curator suggest` runs them; their
proposals are aligned with the reference annotator's spans (a gold layer) by curator's own
span aligner (`align_spans`), one label at a time, so a pair is a suggestion and a reference
span of the same label that overlap, matched one to one with the largest total overlap.

What is counted, per suggester:

- **dates**, **speakers**, **errors**: a matched pair is a hit; precision = hits /
  suggestions, recall = hits / reference spans. Exact extents are counted beside. The
  resolution of a hit is its TIMEX3 value (dates), canonical name (speakers, compared
  without case and spacing) or MQM category (errors). Errors are scored on machine-translated
  articles only (the reference has none elsewhere).
- **claims**: a claim with an `attributed_to` link, on either side, is an item "this claim,
  said by this speaker". A suggested item is right when its claim is matched to a reference
  claim whose speaker has the same canonical name, or whose speaker span is the one the
  suggested speaker span is aligned with. Claims alone (without the speaker) are counted too.
  Links to a speaker in an earlier paragraph are not scored (the reference has none).
- **boilerplate**: per paragraph, the non-prose kinds (boilerplate, byline, source_note) as
  one class against body and heading; the kind itself is the resolution. Headings are scored
  as their own row.

Figures are kept per article so they can be pooled by language or by kind (MT / edited).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from curator.review.align import align_spans
from curator.review.data import SpanView, iter_layers
from curator.store.store import Store
from curator.suggest.base import PARAGRAPH_KIND, Suggestion
from curator.suggest.runner import suggest_stored_article

__all__ = ["ROWS", "ArticleScore", "Tally", "evaluate", "pool"]

ROWS = ("dates", "speakers", "claims", "attribution", "boilerplate", "headings", "errors")
"""Score rows, in report order."""

RESOLUTION = {
    "dates": "TIMEX3 value",
    "speakers": "canonical name",
    "errors": "MQM category",
    "boilerplate": "kind",
}
"""What a row's resolution figure measures."""

_NOT_PROSE = frozenset({"boilerplate", "byline", "source_note"})
_LABEL_OF = {"dates": "date", "speakers": "speaker", "errors": "translation_error"}


@dataclass
class Tally:
    """Counts for one row: hits, suggestions, reference items, exact hits, resolved hits."""

    hits: int = 0
    """Suggestions matched to a reference item."""
    suggested: int = 0
    """Suggestions made."""
    reference: int = 0
    """Items in the reference."""
    exact: int = 0
    """Hits with exactly the reference extent."""
    resolved: int = 0
    """Hits whose resolution (value, name, category, kind) is right."""
    misses: list[str] = field(default_factory=list)
    """Short descriptions of false and missed items, for a developer's eye."""

    @property
    def precision(self) -> float:
        """Hits over suggestions (1.0 when nothing was suggested)."""
        return self.hits / self.suggested if self.suggested else 1.0

    @property
    def recall(self) -> float:
        """Hits over reference items (1.0 when the reference has none)."""
        return self.hits / self.reference if self.reference else 1.0

    @property
    def resolution(self) -> float:
        """Resolved hits over hits (1.0 without hits)."""
        return self.resolved / self.hits if self.hits else 1.0

    def add(self, other: Tally) -> None:
        """Pool `other` into this tally."""
        self.hits += other.hits
        self.suggested += other.suggested
        self.reference += other.reference
        self.exact += other.exact
        self.resolved += other.resolved
        self.misses += other.misses


@dataclass
class ArticleScore:
    """One article's tallies, with what it is pooled by."""

    article_id: str
    """Article id."""
    lang: str
    """The text's language (target_lang)."""
    source_lang: str
    """The language it was translated from (its own for edited text)."""
    mt: bool
    """Whether the text is a machine translation (source_lang differs from target_lang)."""
    rows: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROWS})
    """Row name -> tally."""


_ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "l'", "el", "los", "las", "o", "os"})
"""Leading articles that are not part of a name ("The Washington Post" = "Washington Post")."""


def _norm_name(name: object) -> str:
    """A name as compared: case, accents, soft hyphens, spacing and a leading article aside
    ("Sanchez" and "Sánchez" are one spelling; a translation often drops the accent)."""
    text = unicodedata.normalize("NFKD", str(name or "").replace("\u00ad", "")).casefold()
    words = "".join(c for c in text if not unicodedata.combining(c)).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _views(suggestions: Iterable[Suggestion]) -> dict[int, list[SpanView]]:
    by_par: dict[int, list[SpanView]] = {}
    for s in suggestions:
        if s.label != PARAGRAPH_KIND:
            view = SpanView(s.key, s.paragraph, s.start, s.end, s.label, s.text, s.attrs, "")
            by_par.setdefault(s.paragraph, []).append(view)
    for views in by_par.values():
        views.sort(key=lambda v: (v.start, -v.end))
    return by_par


def same_person(name: object, reference: object, article_words: frozenset[str]) -> bool:
    """Whether a suggested canonical name is the reference's: the same name, or the fullest
    spelling of it that the article uses (its words are the reference's, and the reference's
    other words never occur in the article: "Zelensky" for a reference "Volodymyr Zelensky"
    that only world knowledge completes)."""
    mine, theirs = _norm_name(name), _norm_name(reference)
    if mine == theirs:
        return True
    words, ref_words = set(mine.split()), theirs.split()
    return (
        bool(words)
        and words <= set(ref_words)
        and not any(w in article_words for w in ref_words if w not in words)
    )


def _resolution(row: str, a: SpanView, b: SpanView, article_words: frozenset[str]) -> bool:
    if row == "dates":
        return a.attrs.get("value") == b.attrs.get("value")
    if row == "speakers":
        return same_person(a.attrs.get("name"), b.attrs.get("name"), article_words)
    return a.attrs.get("category") == b.attrs.get("category")


def _show(v: SpanView) -> str:
    return f"¶{v.paragraph + 1} {v.text[:60]!r}"


def _score_spans(
    row: str,
    label: str,
    mine: Mapping[int, Sequence[SpanView]],
    ref: Mapping[int, Sequence[SpanView]],
    tally: Tally,
    pairs_out: dict[str, str] | None = None,
    article_words: frozenset[str] = frozenset(),
) -> None:
    for par in sorted(set(mine) | set(ref)):
        a = [v for v in mine.get(par, ()) if v.label == label]
        b = [v for v in ref.get(par, ()) if v.label == label]
        tally.suggested += len(a)
        tally.reference += len(b)
        for pair in align_spans(a, b):
            if pair.a is not None and pair.b is not None:
                tally.hits += 1
                tally.exact += pair.kind == "exact"
                if pairs_out is not None:
                    pairs_out[pair.a.id] = pair.b.id
                if row in _LABEL_OF:
                    ok = _resolution(row, pair.a, pair.b, article_words)
                    tally.resolved += ok
                    if not ok:
                        key = {"dates": "value", "speakers": "name"}.get(row, "category")
                        tally.misses.append(
                            f"wrong {key} {_show(pair.a)}: {pair.a.attrs.get(key)!r} "
                            f"(reference {pair.b.attrs.get(key)!r})"
                        )
            elif pair.a is not None:
                tally.misses.append(f"false {_show(pair.a)}")
            elif pair.b is not None:
                tally.misses.append(f"missed {_show(pair.b)}")


def _attributions(
    spans: Mapping[int, Sequence[SpanView]], links: Iterable[tuple[str, str]]
) -> dict[str, SpanView]:
    """claim id -> the speaker span it is attributed to."""
    by_id = {v.id: v for views in spans.values() for v in views}
    out: dict[str, SpanView] = {}
    for head, tail in links:
        if head in by_id and tail in by_id and head not in out:
            out[head] = by_id[tail]
    return out


def score_article(
    suggestions: Sequence[Suggestion],
    ref_spans: Mapping[int, Sequence[SpanView]],
    ref_links: Iterable[tuple[str, str]],
    ref_kinds: Sequence[str],
    *,
    mt: bool,
    score: ArticleScore,
    texts: Sequence[str] = (),
) -> ArticleScore:
    """Fill `score` with one article's tallies (pure: suggestions against the reference).
    `texts`, the article's paragraphs, tell which spellings of a name the article uses."""
    mine = _views(suggestions)
    article_words = frozenset(
        _norm_name(" ".join(texts)).replace("’", " ").replace("'", " ").split()
    )
    rows = score.rows
    speaker_pairs: dict[str, str] = {}
    _score_spans("dates", "date", mine, ref_spans, rows["dates"])
    _score_spans(
        "speakers", "speaker", mine, ref_spans, rows["speakers"], speaker_pairs, article_words
    )
    if mt:
        _score_spans("errors", "translation_error", mine, ref_spans, rows["errors"])
    claim_pairs: dict[str, str] = {}
    _score_spans("claims", "claim", mine, ref_spans, rows["claims"], claim_pairs)

    # A claim attributed to a speaker named in an earlier paragraph (a continued quote) is
    # left out: the reference links a claim only to a mention in its own paragraph.
    said = {
        claim: speaker
        for claim, speaker in _attributions(
            mine,
            ((s.key, t) for s in suggestions for rel, t in s.links if rel == "attributed_to"),
        ).items()
        if speaker.paragraph == int(claim.split(":", 1)[0])
    }
    gold_said = _attributions(ref_spans, ref_links)
    att = rows["attribution"]
    att.suggested += len(said)
    att.reference += len(gold_said)
    for claim, speaker in said.items():
        ref_claim = claim_pairs.get(claim)
        ref_speaker = gold_said.get(ref_claim) if ref_claim else None
        ok = ref_speaker is not None and (
            speaker_pairs.get(speaker.id) == ref_speaker.id
            or same_person(speaker.attrs.get("name"), ref_speaker.attrs.get("name"), article_words)
        )
        att.hits += ok
        att.resolved += ok
        if not ok:
            who = ref_speaker.attrs.get("name") if ref_speaker else "no reference speaker"
            att.misses.append(
                f"wrong speaker ¶{speaker.paragraph + 1} {speaker.attrs.get('name')!r} "
                f"(reference {who!r})"
            )

    kinds = {
        s.paragraph: str(s.attrs.get("kind")) for s in suggestions if s.label == PARAGRAPH_KIND
    }
    for par, gold_kind in enumerate(ref_kinds):
        guess = kinds.get(par, "body")
        for row, cls in (("boilerplate", _NOT_PROSE), ("headings", frozenset({"heading"}))):
            t = rows[row]
            is_ref, is_guess = gold_kind in cls, guess in cls
            t.reference += is_ref
            t.suggested += is_guess
            if is_ref and is_guess:
                t.hits += 1
                t.exact += 1
                t.resolved += guess == gold_kind
            elif is_ref or is_guess:
                t.misses.append(f"¶{par + 1} {guess} (reference {gold_kind})")
    return score


def evaluate(
    store: Store,
    reference: str,
    kinds: Mapping[str, Sequence[str]],
    articles: Sequence[str] = (),
) -> Iterator[ArticleScore]:
    """Run the suggesters on each stored article (or the given ones) and score them against
    the `reference` annotator's layer, one article at a time. `kinds` holds the reference's
    paragraph kinds per article (paragraph kinds are not part of an annotator's layer);
    articles without them are scored as all body."""
    for layers in iter_layers(store.db, [reference], articles):
        article = store.article(layers.article_id)
        ref_kinds = kinds.get(layers.article_id) or ["body"] * len(layers.paragraphs)
        suggestions = suggest_stored_article(store, layers.article_id)
        links = [
            (r.head, r.tail)
            for r in layers.relations.get(reference, ())
            if r.type == "attributed_to"
        ]
        target = (article.target_lang or "und").split("-")[0]
        source = (article.source_lang or target).split("-")[0]
        mt = source != target
        yield score_article(
            suggestions,
            layers.spans.get(reference, {}),
            links,
            ref_kinds,
            mt=mt,
            score=ArticleScore(layers.article_id, target, source, mt),
            texts=layers.paragraphs,
        )


def pool(scores: Iterable[ArticleScore]) -> dict[str, Tally]:
    """The tallies of several articles added up, per row."""
    total = {r: Tally() for r in ROWS}
    for s in scores:
        for row, tally in s.rows.items():
            total[row].add(tally)
    return total
