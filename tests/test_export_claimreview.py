"""`curator export --format claimreview`: schema.org Claim / ClaimReview JSON-LD lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_ID
from test_export import MORE_ID, UNICODE_ID, _find, annotate_more, annotate_two, invoke

from curator.formats import export as export_mod
from curator.formats.claimreview import CLAIMREVIEW_ADAPTER
from curator.formats.export import ExportFilters, export
from curator.store.store import Store


@pytest.fixture
def rich(sample_db: Store, tmp_path: Path) -> Store:
    annotate_two(sample_db, tmp_path)
    annotate_more(sample_db, tmp_path)
    return sample_db


def export_claims(store: Store, out: Path, *args: str) -> list[dict]:
    result = invoke(store.path, "export", "--all", "--format", "claimreview", *args, "-o", out)
    assert result.exit_code == 0, result.output
    lines = out.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def claim_of(obj: dict) -> dict:
    return obj["itemReviewed"] if obj["@type"] == "ClaimReview" else obj


def spans_by_id(store: Store) -> dict[str, object]:
    out = {}
    for info in store.articles():
        for who in ("alice", "bob"):
            out.update({s.id: s for s in store.spans(info.id, annotator=who)})
    return out


def test_one_json_ld_object_per_claim(rich: Store, tmp_path: Path):
    objs = export_claims(rich, tmp_path / "c.jsonl")
    spans = spans_by_id(rich)
    claims = [s for s in spans.values() if s.label == "claim"]
    assert len(objs) == len(claims)
    seen = set()
    for obj in objs:
        assert obj["@context"] == "https://schema.org"
        assert obj["@type"] in ("Claim", "ClaimReview")
        CLAIMREVIEW_ADAPTER.validate_python(obj)
        claim = claim_of(obj)
        assert claim["@type"] == "Claim"
        if obj["@type"] == "ClaimReview":
            assert "@context" not in claim  # one context per line, at the top
        article_id, span_id = claim["identifier"].split("#")
        span = spans[span_id]
        assert span.article_id == article_id and claim["text"] == span.text
        assert claim["contributor"] == {"@type": "Person", "name": span.annotator}
        assert claim["appearance"]["@type"] == "NewsArticle"
        seen.add(span_id)
    assert seen == {s.id for s in claims}
    unicode_claim = next(
        claim_of(o) for o in objs if claim_of(o)["identifier"].startswith(UNICODE_ID)
    )
    assert unicode_claim["appearance"]["url"] == "https://example.org/u"
    assert unicode_claim["appearance"]["headline"] == "Unicode mix"
    assert unicode_claim["datePublished"] == "2022-05-17"  # no linked date: the article's dct


def test_claimant_is_the_linked_speaker(rich: Store, tmp_path: Path):
    objs = export_claims(rich, tmp_path / "c.jsonl")
    spans = spans_by_id(rich)
    links = {}
    for info in rich.articles():
        for who in ("alice", "bob"):
            for r in rich.relations(info.id, annotator=who):
                if r.type == "attributed_to":
                    links[r.head] = spans[r.tail]
    with_author = 0
    for obj in objs:
        claim = claim_of(obj)
        speaker = links.get(claim["identifier"].split("#")[1])
        if speaker is None:
            assert "author" not in claim
            continue
        with_author += 1
        assert claim["author"]["name"] == speaker.attrs.name
        expected = {"person": "Person", "anonymous": "Person"}.get(
            speaker.attrs.type, "Organization"
        )
        assert claim["author"]["@type"] == expected
        if speaker.attrs.wikidata:
            assert claim["author"]["sameAs"] == (
                f"https://www.wikidata.org/wiki/{speaker.attrs.wikidata}"
            )
    assert with_author == 4
    names = {claim_of(o)["author"]["name"] for o in objs if "author" in claim_of(o)}
    assert names == {"Nikol Pashinyan", "Doctor", "Government officials", "Ministry of Truth"}


def test_verdict_makes_a_claim_review_and_dates(rich: Store, tmp_path: Path):
    objs = export_claims(rich, tmp_path / "c.jsonl")
    reviews = [o for o in objs if o["@type"] == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["claimReviewed"] == "The plan was final"  # the summary, not the quote
    # Google's ClaimReview needs url and a numeric rating; the author is the publisher, the
    # annotator a contributor (this test pinned the annotator as author before)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert "author" not in review  # no --publisher
    assert review["contributor"] == {"@type": "Person", "name": "alice"}
    assert (
        review["url"]
        == f"https://example.org/l#{review['itemReviewed']['identifier'].split('#')[1]}"
    )
    assert review["datePublished"] == "2022-05-16"
    claim = review["itemReviewed"]
    assert claim["text"] == "the plan\nwas\tfinal"
    assert claim["datePublished"] == "2022-05-16" == claim["temporalCoverage"]
    assert claim["author"] == {
        "@type": "Organization",
        "name": "Government officials",
        "sameAs": "https://www.wikidata.org/wiki/Q2",
    }
    assert claim["appearance"]["datePublished"] == "2022-05-20"
    new_reality = next(
        claim_of(o) for o in objs if claim_of(o)["text"] == "The new reality was discussed"
    )
    # XXXX-05-16 is not a calendar date; the sample has no dct: only temporalCoverage.
    assert new_reality["temporalCoverage"] == "XXXX-05-16"
    assert "datePublished" not in new_reality
    assert all(o["identifier" if o["@type"] == "Claim" else "itemReviewed"] for o in objs)
    assert MORE_ID in review["itemReviewed"]["identifier"]


def test_links_across_paragraphs_are_kept(rich: Store, tmp_path: Path):
    alice = Store.open(rich.path, annotator="alice", session="x")
    try:
        spans = {(s.paragraph, s.text): s for s in alice.spans(SAMPLE_ID, annotator="alice")}
        claim = spans[(2, "The new reality was discussed")]
        speaker = spans[(3, "Nikol Pashinyan")]
        assert _find(alice, SAMPLE_ID, 3, "Nikol Pashinyan") == (speaker.start, speaker.end)
        alice.add_relation("attributed_to", claim.id, speaker.id)
    finally:
        alice.close()
    out = tmp_path / "c.jsonl"
    objs = export_claims(rich, out, "--unit", "paragraph")  # claimreview reads whole articles
    claim = next(
        claim_of(o) for o in objs if claim_of(o)["text"] == "The new reality was discussed"
    )
    assert claim["author"]["name"] == "Nikol Pashinyan"
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    assert manifest["filters"]["unit"] == "article" and manifest["records"] == len(objs)


def test_repeat_export_is_byte_identical(rich: Store, tmp_path: Path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    export_claims(rich, a)
    export_claims(rich, b)
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
    result = invoke(rich.path, "export", "--all", "--format", "claimreview", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes == a.read_bytes()


def test_interrupted_export_leaves_no_file(rich: Store, tmp_path: Path, monkeypatch):
    out = tmp_path / "c.jsonl"
    header, real = export_mod.LINE_WRITERS["claimreview"]

    def failing(records, *options):
        for i, line in enumerate(real(records, *options)):
            if i == 2:
                raise KeyboardInterrupt
            yield line

    monkeypatch.setitem(export_mod.LINE_WRITERS, "claimreview", (header, failing))
    with pytest.raises(KeyboardInterrupt):
        export(rich, ExportFilters(everyone=True, format="claimreview"), out)
    assert not out.exists() and not list(tmp_path.glob(".c.jsonl*"))


def test_publisher_and_review_url(rich: Store, tmp_path: Path):
    objs = export_claims(
        rich,
        tmp_path / "c.jsonl",
        "--publisher",
        "Example Checks",
        "--review-url",
        "https://checks.example/{article_id}/{span_id}",
    )
    review = next(o for o in objs if o["@type"] == "ClaimReview")
    assert review["author"] == {"@type": "Organization", "name": "Example Checks"}
    article_id, span_id = review["itemReviewed"]["identifier"].split("#")
    assert review["url"] == f"https://checks.example/{article_id}/{span_id}"
    bad = invoke(
        rich.path, "export", "--format", "claimreview", "--review-url", "{x}", "-o", tmp_path / "b"
    )
    assert bad.exit_code != 0 and "--review-url" in bad.output
