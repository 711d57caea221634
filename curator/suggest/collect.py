"""What the speaker suggester collects: claims, lost speakers, the analysis of an article,
and the collector that keeps claims of one paragraph from overlapping."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from curator.suggest.mentions import Mention
from curator.suggest.names import NameClusters

__all__ = ["Analysis", "Claim", "Collector", "Lost"]


@dataclass(slots=True)
class Claim:
    """What someone said, in one paragraph."""

    paragraph: int
    start: int
    end: int
    mention: Mention | None
    cue: tuple[int, int, int] | None
    """(paragraph, start, end) of the reporting cue."""
    cue_text: str
    reason: str
    carried: str = ""
    """How the speaker was carried over when no cue names it ("continues the quote of
    ¶3"), kept in the claim's meta."""


@dataclass(slots=True)
class Lost:
    """A reporting verb whose speaker is missing (the errors suggester reports it)."""

    paragraph: int
    start: int
    end: int
    cue_text: str


@dataclass(slots=True)
class Analysis:
    """Everything the speaker suggester found in an article."""

    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    people: NameClusters = field(default_factory=NameClusters)
    cues: dict[tuple[int, int, int], str] = field(default_factory=dict)
    """Mention key -> the cue that made it a speaker."""


class Collector:
    """Accumulates mentions and claims of one article, dropping duplicates."""

    def __init__(self) -> None:
        self.result = Analysis()
        self._mentions: dict[tuple[int, int, int], Mention] = {}
        # Per paragraph, claims sorted by start; they never overlap, so a bisect finds
        # the only candidates for an overlap (linear time overall).
        self._starts: dict[int, list[int]] = {}
        self._sorted: dict[int, list[Claim]] = {}

    def mention(self, m: Mention | str | None, cue: str) -> Mention | None:
        if not isinstance(m, Mention):
            return None
        known = self._mentions.get(m.key)
        if known is not None:
            return known
        self._mentions[m.key] = m
        self.result.mentions.append(m)
        self.result.cues[m.key] = cue
        return m

    def overlapping(self, paragraph: int, start: int, end: int) -> Claim | None:
        starts = self._starts.get(paragraph, [])
        claims = self._sorted.get(paragraph, [])
        i = bisect_right(starts, start) - 1
        for c in claims[max(0, i) : i + 2]:
            if c.start < end and start < c.end:
                return c
        j = bisect_right(starts, end - 1) - 1  # a claim starting inside [start, end)
        if j >= 0 and claims[j].start >= start and claims[j].start < end:
            return claims[j]
        return None

    def claim(self, claim: Claim, text: str = "") -> None:
        if claim.end <= claim.start:
            return
        later = self.overlapping(claim.paragraph, claim.start, claim.end)
        if later is not None and later.start > claim.start and text:
            # Nested report ("believes that X and quotes the words of Y that Z"): the outer
            # claim stops where the inner one's cue begins.
            cue = later.cue
            cut = (
                cue[1]
                if cue and cue[0] == claim.paragraph and claim.start < cue[1]
                else later.start
            )
            while cut > claim.start and (text[cut - 1].isspace() or text[cut - 1] in ",;:"):
                cut -= 1
            claim.end = min(claim.end, cut)
            if claim.end <= claim.start:
                return
            later = self.overlapping(claim.paragraph, claim.start, claim.end)
        if later is not None:
            cue = claim.cue
            if (
                cue is not None
                and cue[0] == claim.paragraph
                and later.start <= cue[1] < later.end
                and later.start <= claim.start
                and claim.end <= later.end
                and later.cue != cue
            ):
                # "South Africa said Mugabe had told Zuma that …": a report inside a
                # report is a second claim, kept out of the overlap index.
                self.result.claims.append(claim)
            return
        starts = self._starts.setdefault(claim.paragraph, [])
        i = bisect_right(starts, claim.start)
        starts.insert(i, claim.start)
        self._sorted.setdefault(claim.paragraph, []).insert(i, claim)
        self.result.claims.append(claim)
