"""`--format claimreview`: schema.org `Claim` / `ClaimReview` JSON-LD, one object per line.

The file is JSONL: every line is a complete JSON-LD document with its own
`"@context": "https://schema.org"`, one per claim span, in export order (articles, annotators,
then claims by offset). A claim with a `verdict` is written as a `ClaimReview` whose
`itemReviewed` is the `Claim` (`claimReviewed` = the claim's `summary`, else its text; `url` = `--review-url`, else
the article's url + `#<span id>`; `datePublished` = the claim's; `reviewRating` = the verdict
as `alternateName`, with `ratingValue` 1-5 / `bestRating` 5 / `worstRating` 1 when the verdict
is a word of `VERDICT_SCALE`; `author` = the `--publisher` Organization; `contributor` = the
annotator); any other claim is the `Claim` alone. Google's ClaimReview structured data needs
`claimReviewed`, `reviewRating` and `url`: an article without a url needs `--review-url`. The records are read with `--unit article`, so a claim keeps its links to a
speaker or a date in another paragraph.

A `Claim` has:
- `text`: the quoted claim; `identifier`: `<article id>#<span id>`;
- `author`: the speaker(s) linked by `attributed_to`: `Person` (speaker type person or
  anonymous, or no type) or `Organization` (organization, group), `name` = the speaker's
  canonical name (else the mention), `sameAs` = `https://www.wikidata.org/wiki/Q…` when the
  Wikidata id is set, `jobTitle` = the role of a person; a list when several are linked;
- `datePublished`: the value of the date linked by `claim_date` when it is a calendar date
  (`2022`, `2022-05`, `2022-05-16`), else the article's dct; `temporalCoverage`: the linked
  date's TIMEX3 value as annotated (`XXXX-05-16`, `P10Y`, ...);
- `appearance`: the `NewsArticle` (`url`, `headline`, `datePublished` = dct, `inLanguage`);
- `contributor`: the annotator who marked it (`Person`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

from curator.formats.export_records import ExportRecord, ExportSpan

SCHEMA_ORG = "https://schema.org"
WIKIDATA_URL = "https://www.wikidata.org/wiki/"
_CALENDAR_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", re.ASCII)
_PERSON_TYPES = {"person": "Person", "anonymous": "Person", None: "Person"}


class _JsonLd(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Agent(_JsonLd):
    """Who makes a claim or reviews it."""

    type: Literal["Person", "Organization"] = Field(alias="@type")
    """schema.org type."""
    name: str = Field(min_length=1)
    """Canonical name."""
    sameAs: str | None = Field(None, pattern=r"^https://www\.wikidata\.org/wiki/Q[1-9][0-9]*$")
    """Wikidata page of the speaker."""
    jobTitle: str | None = None
    """Role of a person at the time."""


class NewsArticleRef(_JsonLd):
    """Where the claim appeared."""

    type: Literal["NewsArticle"] = Field("NewsArticle", alias="@type")
    """schema.org type."""
    url: str | None = None
    """The article's url."""
    headline: str
    """The article's title."""
    datePublished: str | None = None
    """The article's dct."""
    inLanguage: str | None = None
    """Language of the text (BCP-47)."""


class Claim(_JsonLd):
    """A schema.org Claim."""

    type: Literal["Claim"] = Field("Claim", alias="@type")
    """schema.org type."""
    identifier: str
    """`<article id>#<span id>`."""
    text: str = Field(min_length=1)
    """The quoted claim."""
    author: Agent | list[Agent] | None = None
    """Linked speaker(s)."""
    datePublished: str | None = None
    """Calendar date of the linked date, else the article's dct."""
    temporalCoverage: str | None = None
    """TIMEX3 value of the linked date."""
    appearance: NewsArticleRef
    """The article."""
    contributor: Agent
    """The annotator."""


class Rating(_JsonLd):
    """A fact-check verdict."""

    type: Literal["Rating"] = Field("Rating", alias="@type")
    """schema.org type."""
    alternateName: str = Field(min_length=1)
    """The verdict as written."""
    ratingValue: int | None = Field(None, ge=1, le=5)
    """The verdict on `VERDICT_SCALE` (1 false … 5 true), when it is one of its words."""
    bestRating: int | None = None
    """5, with a `ratingValue`."""
    worstRating: int | None = None
    """1, with a `ratingValue`."""


class ClaimRecord(Claim):
    """A line for a claim without a verdict."""

    context: Literal["https://schema.org"] = Field(SCHEMA_ORG, alias="@context")
    """JSON-LD context."""


class ClaimReviewRecord(_JsonLd):
    """A line for a claim with a verdict."""

    context: Literal["https://schema.org"] = Field(SCHEMA_ORG, alias="@context")
    """JSON-LD context."""
    type: Literal["ClaimReview"] = Field("ClaimReview", alias="@type")
    """schema.org type."""
    claimReviewed: str = Field(min_length=1)
    """The claim's summary, else its text."""
    url: str | None = None
    """The fact check's page: `--review-url` (with `{article_id}`, `{span_id}`), else the
    article's url with `#<span id>`."""
    datePublished: str | None = None
    """The claim's date (curator keeps no date of the review itself)."""
    itemReviewed: Claim
    """The claim."""
    reviewRating: Rating
    """The verdict."""
    author: Agent | None = None
    """The fact checker that publishes the review (`--publisher`, an Organization)."""
    contributor: Agent
    """The annotator who gave the verdict."""


def _record_tag(value: object) -> str:
    kind = value.get("@type") if isinstance(value, dict) else getattr(value, "type", None)
    return "review" if kind == "ClaimReview" else "claim"


ClaimReviewLine = Annotated[
    Annotated[ClaimRecord, Tag("claim")] | Annotated[ClaimReviewRecord, Tag("review")],
    Discriminator(_record_tag),
]
"""Any line of the file."""
CLAIMREVIEW_ADAPTER: TypeAdapter[ClaimRecord | ClaimReviewRecord] = TypeAdapter(ClaimReviewLine)


VERDICT_SCALE: dict[str, int] = {
    **dict.fromkeys(["false", "pants on fire", "fake", "incorrect", "wrong"], 1),
    **dict.fromkeys(["mostly false", "misleading", "unsupported"], 2),
    **dict.fromkeys(["half true", "mixture", "mixed", "partly true", "partly false"], 3),
    **dict.fromkeys(["mostly true"], 4),
    **dict.fromkeys(["true", "correct", "accurate"], 5),
}
"""Verdict words (case-insensitive) -> `ratingValue` on a 1 (false) to 5 (true) scale; other
verdicts keep only their `alternateName`."""


def rating(verdict: str) -> Rating:
    """The verdict as a schema.org Rating."""
    value = VERDICT_SCALE.get(" ".join(verdict.casefold().replace("-", " ").split()))
    if value is None:
        return Rating(alternateName=verdict)
    return Rating(alternateName=verdict, ratingValue=value, bestRating=5, worstRating=1)


def _agent(speaker: ExportSpan) -> Agent:
    a = speaker.attrs
    kind = _PERSON_TYPES.get(a.get("type"), "Organization")
    return Agent.model_validate(
        {
            "@type": kind,
            "name": a.get("name") or speaker.text,
            "sameAs": f"{WIKIDATA_URL}{a['wikidata']}" if a.get("wikidata") else None,
            "jobTitle": a.get("role") if kind == "Person" else None,
        }
    )


def claim_records(
    rec: ExportRecord, publisher: str | None = None, review_url: str | None = None
) -> Iterator[ClaimRecord | ClaimReviewRecord]:
    """One validated line per claim span of `rec`. `publisher`: the fact checker (the
    review's author); `review_url`: its page, a template with `{article_id}`, `{span_id}`."""
    by_id = {s.id: s for s in rec.spans}
    links: dict[tuple[str, str], list[ExportSpan]] = {}
    for r in rec.relations:
        links.setdefault((r.head, r.type), []).append(by_id[r.tail])
    article = NewsArticleRef(
        url=rec.meta.url,
        headline=rec.meta.title,
        datePublished=rec.meta.dct,
        inLanguage=rec.meta.target_lang,
    )
    annotator = Agent.model_validate({"@type": "Person", "name": rec.annotator})
    for s in rec.spans:
        if s.label != "claim":
            continue
        speakers = sorted(links.get((s.id, "attributed_to"), []), key=lambda x: (x.start, x.id))
        authors = [_agent(x) for x in speakers]
        dates = sorted(links.get((s.id, "claim_date"), []), key=lambda x: (x.start, x.id))
        value = next((d.attrs["value"] for d in dates if d.attrs.get("value")), None)
        claim = {
            "identifier": f"{rec.article_id}#{s.id}",
            "text": s.text,
            "author": authors[0] if len(authors) == 1 else authors or None,
            "datePublished": value if value and _CALENDAR_DATE.fullmatch(value) else rec.meta.dct,
            "temporalCoverage": value,
            "appearance": article,
            "contributor": annotator,
        }
        verdict = s.attrs.get("verdict")
        if verdict:
            if review_url:
                url: str | None = review_url.format(article_id=rec.article_id, span_id=s.id)
            else:
                url = f"{rec.meta.url}#{s.id}" if rec.meta.url else None
            yield ClaimReviewRecord(
                claimReviewed=s.attrs.get("summary") or s.text,
                url=url,
                datePublished=claim["datePublished"],
                itemReviewed=Claim.model_validate(claim),
                reviewRating=rating(verdict),
                author=Agent.model_validate({"@type": "Organization", "name": publisher})
                if publisher
                else None,
                contributor=annotator,
            )
        else:
            yield ClaimRecord.model_validate(claim)


def encode_claim(line: ClaimRecord | ClaimReviewRecord) -> bytes:
    """One JSONL line: aliases (`@context`, `@type`), unset fields left out, keys sorted."""
    data = line.model_dump(mode="json", by_alias=True, exclude_none=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def claimreview_lines(
    records: Iterable[ExportRecord], publisher: str | None = None, review_url: str | None = None
) -> Iterator[bytes]:
    """The JSONL lines of the claims of `records`."""
    for rec in records:
        for line in claim_records(rec, publisher, review_url):
            yield encode_claim(line)
