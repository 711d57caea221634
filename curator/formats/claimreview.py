"""`--format claimreview`: schema.org `Claim` / `ClaimReview` JSON-LD, one object per line.

The file is JSONL: every line is a complete JSON-LD document with its own
`"@context": "https://schema.org"`, one per claim span, in export order (articles, annotators,
then claims by offset). A claim with a `verdict` is written as a `ClaimReview` whose
`itemReviewed` is the `Claim` (`claimReviewed` = the claim's `summary`, else its text;
`reviewRating.alternateName` = the verdict; `author` = the annotator); any other claim is the
`Claim` alone. The records are read with `--unit article`, so a claim keeps its links to a
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
    itemReviewed: Claim
    """The claim."""
    reviewRating: Rating
    """The verdict."""
    author: Agent
    """The annotator who reviewed it."""


def _record_tag(value: object) -> str:
    kind = value.get("@type") if isinstance(value, dict) else getattr(value, "type", None)
    return "review" if kind == "ClaimReview" else "claim"


ClaimReviewLine = Annotated[
    Annotated[ClaimRecord, Tag("claim")] | Annotated[ClaimReviewRecord, Tag("review")],
    Discriminator(_record_tag),
]
"""Any line of the file."""
CLAIMREVIEW_ADAPTER: TypeAdapter[ClaimRecord | ClaimReviewRecord] = TypeAdapter(ClaimReviewLine)


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


def claim_records(rec: ExportRecord) -> Iterator[ClaimRecord | ClaimReviewRecord]:
    """One validated line per claim span of `rec`."""
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
            yield ClaimReviewRecord(
                claimReviewed=s.attrs.get("summary") or s.text,
                itemReviewed=Claim.model_validate(claim),
                reviewRating=Rating(alternateName=verdict),
                author=annotator,
            )
        else:
            yield ClaimRecord.model_validate(claim)


def encode_claim(line: ClaimRecord | ClaimReviewRecord) -> bytes:
    """One JSONL line: aliases (`@context`, `@type`), unset fields left out, keys sorted."""
    data = line.model_dump(mode="json", by_alias=True, exclude_none=True)
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def claimreview_lines(records: Iterable[ExportRecord]) -> Iterator[bytes]:
    """The JSONL lines of the claims of `records`."""
    for rec in records:
        for line in claim_records(rec):
            yield encode_claim(line)
