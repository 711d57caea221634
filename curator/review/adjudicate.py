"""Adjudication: settle two annotators' disagreements into a gold layer, with provenance.

Every decision goes through the store (validated, logged, committed, undoable) and is also
recorded in `adjudications`, so a review resumes where the lead stopped. A gold span keeps
where it came from in `meta.provenance`: the source annotators and span ids, who decided,
how, and when. Relations follow their spans: when both ends of a source relation have a gold
copy, the relation is copied into gold too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from curator.domain.span import SpanBase, utcnow
from curator.review.align import SpanPair, iter_alignments
from curator.review.data import SpanView
from curator.store.store import Store

Decision = Literal["take_a", "take_b", "take_both", "reject", "auto"]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One pair to settle, where it is, and how it was settled (None: not yet)."""

    article_id: str
    paragraph: int
    text: str
    """The paragraph."""
    pair: SpanPair
    decision: str | None = None

    @property
    def key(self) -> str:
        """Stable identity of the pair: its two span ids."""
        return pair_key(self.pair)


def pair_key(pair: SpanPair) -> str:
    """`<A span id>|<B span id>`, either side empty when absent."""
    return f"{pair.a.id if pair.a else ''}|{pair.b.id if pair.b else ''}"


class Adjudicator:
    """Writes a lead's decisions about A's and B's layers into the `into` layer."""

    def __init__(self, store: Store, a: str, b: str, into: str = "gold") -> None:
        if len({a, b, into}) < 3:
            raise ValueError("annotators A and B and the gold layer must be three different names")
        self.store = store
        """The store; its annotator is the lead who decides."""
        self.a, self.b, self.into = a, b, into

    def decisions(self, article_ids: Sequence[str] = ()) -> dict[tuple[str, str], str]:
        """(article id, pair key) -> decision, for this gold layer."""
        return self.store.adjudications(self.into, article_ids)

    def disagreements(
        self, article_ids: Sequence[str] = (), *, all_pairs: bool = False
    ) -> Iterator[Disagreement]:
        """Pairs that need a decision (every pair with `all_pairs`), in reading order."""
        decided = self.decisions(article_ids)
        for alignment in iter_alignments(self.store.db, self.a, self.b, article_ids):
            for para in alignment.paragraphs:
                for pair in para.pairs if all_pairs else para.differences:
                    yield Disagreement(
                        alignment.article_id,
                        para.paragraph,
                        para.text,
                        pair,
                        decided.get((alignment.article_id, pair_key(pair))),
                    )

    def decide(self, d: Disagreement, decision: Decision) -> list[SpanBase]:
        """Apply one decision as a single undoable change; returns the gold spans written."""
        sources: list[SpanView] = []
        if decision in ("take_a", "take_both", "auto") and d.pair.a is not None:
            sources.append(d.pair.a)
        # Taking both of two same-extent, same-label spans keeps one gold span (A's), with
        # both annotators in its provenance.
        same = d.pair.a is not None and d.pair.b is not None and _same_extent(d.pair.a, d.pair.b)
        if (
            decision in ("take_b", "take_both")
            and d.pair.b is not None
            and not (decision == "take_both" and same)
        ):
            sources.append(d.pair.b)
        if decision in ("take_a", "take_b") and not sources:
            side = "A" if decision == "take_a" else "B"
            raise ValueError(f"{side} has no span here; choose the other side or reject")
        written: list[SpanBase] = []
        decided_at = utcnow().isoformat()
        with self.store.change(f"adjudicate {decision}"):
            row = {
                "layer": self.into,
                "article_id": d.article_id,
                "pair_key": d.key,
            }
            if (d.article_id, d.key) in self.store.adjudications(self.into, [d.article_id]):
                raise ValueError("this disagreement is already settled (u undoes the decision)")
            for src in sources:
                written.append(self._copy(d, src, decision, decided_at))
            self.store.record(
                "adjudication.decide",
                "adjudication",
                None,
                {
                    **row,
                    "paragraph": d.paragraph,
                    "annotator_a": self.a,
                    "annotator_b": self.b,
                    "decision": decision,
                    "decided_by": self.store.annotator,
                    "decided_at": decided_at,
                },
            )
            self._copy_relations(d.article_id, sources)
        return written

    def auto_accept(
        self,
        article_ids: Sequence[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Write every exact match with identical attributes and relations into gold, as
        one change (one transaction, one undo step: 120k agreements took minutes as one
        commit each). `progress(done, total)` is called as it goes."""
        agreed = [
            d
            for d in self.disagreements(article_ids, all_pairs=True)
            if d.pair.agrees and d.decision is None
        ]
        if not agreed:
            return 0
        with self.store.change(f"auto-accept {len(agreed)} agreements into {self.into}"):
            for done, d in enumerate(agreed, start=1):
                self.decide(d, "auto")
                if progress is not None and (done % 500 == 0 or done == len(agreed)):
                    progress(done, len(agreed))
        return len(agreed)

    def _copy(self, d: Disagreement, src: SpanView, decision: str, decided_at: str) -> SpanBase:
        partner = d.pair.b if src is d.pair.a else d.pair.a
        sources = [{"annotator": src.annotator, "span_id": src.id}]
        if decision in ("auto", "take_both") and partner is not None and _same_extent(src, partner):
            sources.append({"annotator": partner.annotator, "span_id": partner.id})
        return self.store.add_span(
            d.article_id,
            d.paragraph,
            src.start,
            src.end,
            src.label,
            dict(src.attrs),
            annotator=self.into,
            origin="adjudicated",
            meta={
                "provenance": {
                    "sources": sources,
                    "decision": decision,
                    "decided_by": self.store.annotator,
                    "decided_at": decided_at,
                }
            },
        )

    def _gold_copies(self, article_id: str) -> dict[str, str]:
        """Source span id -> gold span id, from the gold spans' provenance."""
        out: dict[str, str] = {}
        for span in self.store.spans(article_id, annotator=self.into):
            for src in span.meta.get("provenance", {}).get("sources", []):
                out[src["span_id"]] = span.id
        return out

    def _copy_relations(self, article_id: str, sources: Sequence[SpanView]) -> None:
        """Copy into gold the sources' relations whose two ends now both have a gold copy."""
        touching = [
            rel
            for src in sources
            for rel in self.store.relations(article_id, annotator=src.annotator)
            if src.id in (rel.head, rel.tail)
        ]
        if not touching:
            return
        # Read once per decision, not once per span: the provenance of every gold span.
        copies = self._gold_copies(article_id)
        existing = {
            (r.type, r.head, r.tail) for r in self.store.relations(article_id, annotator=self.into)
        }
        for rel in touching:
            head, tail = copies.get(rel.head), copies.get(rel.tail)
            if head and tail and head != tail and (rel.type, head, tail) not in existing:
                self.store.add_relation(
                    rel.type, head, tail, annotator=self.into, origin="adjudicated"
                )
                existing.add((rel.type, head, tail))


def _same_extent(x: SpanView, y: SpanView) -> bool:
    return (x.start, x.end, x.label) == (y.start, y.end, y.label)
