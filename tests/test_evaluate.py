"""curator.review.evaluate: suggestions scored against a reference layer."""

from __future__ import annotations

from curator.review.data import SpanView
from curator.review.evaluate import ArticleScore, pool, score_article
from curator.suggest.base import PARAGRAPH_KIND, Suggestion

TEXT = "Peskov said on Monday that the talks failed."


def sug(start: int, end: int, label: str, attrs: dict, links=()) -> Suggestion:
    return Suggestion(0, start, end, TEXT[start:end], label, attrs, "r", "s", tuple(links))


def ref(sid: str, start: int, end: int, label: str, attrs: dict) -> SpanView:
    return SpanView(sid, 0, start, end, label, TEXT[start:end], attrs, "gold")


REF = {
    0: (
        ref("s", 0, 6, "speaker", {"name": "Dmitry Peskov"}),
        ref("d", 15, 21, "date", {"value": "2019-01-28"}),
        ref("c", 27, 43, "claim", {}),
    )
}


def score(suggestions, kinds=("body",), mt=True) -> ArticleScore:
    return score_article(
        suggestions,
        REF,
        [("c", "s")],
        list(kinds),
        mt=mt,
        score=ArticleScore("a", "en", "ru", mt),
    )


def test_hits_resolution_and_attribution() -> None:
    speaker = sug(0, 6, "speaker", {"name": "Vladimir Putin"})
    claim = sug(27, 43, "claim", {}, [("attributed_to", speaker.key)])
    date = sug(12, 21, "date", {"value": "2019-01-28"})  # "on Monday": overlaps, not exact
    rows = score([speaker, claim, date]).rows
    assert (rows["speakers"].hits, rows["speakers"].resolved) == (1, 0)  # the wrong person
    assert (rows["dates"].hits, rows["dates"].exact, rows["dates"].resolved) == (1, 0, 1)
    # the suggested speaker span is aligned with the reference speaker: attribution right
    assert (rows["attribution"].hits, rows["attribution"].suggested) == (1, 1)
    assert rows["claims"].precision == rows["claims"].recall == 1.0


def test_false_and_missed_items() -> None:
    rows = score([sug(31, 36, "speaker", {"name": "talks"})]).rows
    assert (rows["speakers"].precision, rows["speakers"].recall) == (0.0, 0.0)
    assert rows["dates"].recall == 0.0 and rows["dates"].precision == 1.0
    assert rows["attribution"].reference == 1 and rows["attribution"].hits == 0
    assert any(m.startswith("false") for m in rows["speakers"].misses)


def test_kinds_and_mt_only_errors() -> None:
    kind = Suggestion(1, 0, 5, "Share", PARAGRAPH_KIND, {"kind": "boilerplate"}, "r", "s")
    err = sug(0, 6, "translation_error", {"category": "Accuracy/Mistranslation"})
    rows = score([kind, err], kinds=("body", "byline"), mt=False).rows
    assert (rows["boilerplate"].hits, rows["boilerplate"].resolved) == (1, 0)  # byline vs bp
    assert rows["errors"].suggested == 0  # edited text: errors are not scored
    total = pool([score([kind], kinds=("body", "byline")), score([], kinds=("heading", "body"))])
    assert total["boilerplate"].hits == 1 and total["headings"].reference == 1


def test_a_name_is_right_when_it_is_the_fullest_the_article_uses() -> None:
    from curator.review.evaluate import same_person

    words = frozenset(["zelensky", "spoke", "and", "said"])
    assert same_person("Zelensky", "Volodymyr Zelensky", words)  # the article never says more
    assert not same_person("Zelensky", "Volodymyr Zelensky", words | {"volodymyr"})
    assert not same_person("Sudan", "Government of Sudan", words | {"of", "government"})
    assert same_person("dmitry  PESKOV", "Dmitry Peskov", frozenset())
    assert not same_person("", "Dmitry Peskov", frozenset())


def test_names_compare_without_case_accents_or_a_leading_article() -> None:
    from curator.review.evaluate import same_person

    words = frozenset(["pedro", "sanchez", "the", "washington", "post"])
    assert same_person("Pedro Sanchez", "Pedro Sánchez", words)
    assert same_person("Washington Post", "The Washington Post", words)
    assert not same_person("Post", "The Washington Post", words)
