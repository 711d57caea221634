"""Adjudication into a gold layer: decisions, provenance, relations, resume, undo."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
import review_fixture as rf

from curator.review.adjudicate import Adjudicator
from curator.store.store import Store


@pytest.fixture
def lead(sample_db: Store) -> Store:
    rf.build(sample_db)
    return Store.open(sample_db.path, annotator="lena", create=False)


def test_auto_accept_writes_every_full_agreement_into_gold_once(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    agreed = [d for d in adj.disagreements(all_pairs=True) if d.pair.agrees]
    assert agreed, "the fixture has exact agreements"
    assert adj.auto_accept() == len(agreed)
    gold = lead.spans(rf.ARTICLE, annotator="gold")
    assert len(gold) == len(agreed)
    prov = gold[0].meta["provenance"]
    assert {s["annotator"] for s in prov["sources"]} == {rf.A, rf.B}
    assert prov["decision"] == "auto" and prov["decided_by"] == "lena"
    assert all(s.origin == "adjudicated" for s in gold)
    assert adj.auto_accept() == 0  # idempotent


def test_auto_accept_is_one_change_with_progress(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    seen: list[tuple[int, int]] = []
    n = adj.auto_accept(progress=lambda done, total: seen.append((done, total)))
    assert n > 1 and seen[-1] == (n, n)
    assert len(lead.spans(rf.ARTICLE, annotator="gold")) == n
    lead.undo()  # one undo step takes the whole run back
    assert lead.spans(rf.ARTICLE, annotator="gold") == []
    assert adj.decisions() == {}


def test_only_disagreements_are_listed_and_decisions_survive_a_restart(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    todo = list(adj.disagreements())
    assert todo and all(not d.pair.agrees for d in todo)
    kinds = {d.pair.kind for d in todo}
    assert {"boundary", "label", "only_a", "only_b"} <= kinds
    first = todo[0]
    adj.decide(first, "reject")
    lead.close()
    with Store.open(lead.path, annotator="lena", create=False) as again:
        decided = {d.key: d.decision for d in Adjudicator(again, rf.A, rf.B).disagreements()}
        assert decided[first.key] == "reject"
        assert sum(v is not None for v in decided.values()) == 1


def test_take_a_take_b_and_both_copy_the_chosen_spans_with_provenance(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    todo = list(adj.disagreements())
    only_a = next(d for d in todo if d.pair.kind == "only_a")
    only_b = next(d for d in todo if d.pair.kind == "only_b")
    label = next(d for d in todo if d.pair.kind == "label")
    [a_copy] = adj.decide(only_a, "take_a")
    assert (a_copy.start, a_copy.end, a_copy.label) == (
        only_a.pair.a.start,
        only_a.pair.a.end,
        only_a.pair.a.label,
    )
    assert a_copy.meta["provenance"]["sources"] == [
        {"annotator": rf.A, "span_id": only_a.pair.a.id}
    ]
    [b_copy] = adj.decide(only_b, "take_b")
    assert b_copy.text == only_b.pair.b.text and b_copy.annotator == "gold"
    both = adj.decide(label, "take_both")
    assert sorted(s.label for s in both) == sorted({label.pair.a.label, label.pair.b.label})
    with pytest.raises(ValueError, match="already settled"):
        adj.decide(label, "reject")
    with pytest.raises(ValueError, match="has no span here"):
        adj.decide(next(d for d in todo if d.pair.kind == "only_a" and d is not only_a), "take_b")


def test_relations_follow_when_both_ends_are_in_gold(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    adj.auto_accept()
    for d in adj.disagreements():
        if d.decision is None and d.pair.a is not None:
            adj.decide(d, "take_a")
    alice_rels = {(r.type) for r in lead.relations(rf.ARTICLE, annotator=rf.A)}
    gold_rels = lead.relations(rf.ARTICLE, annotator="gold")
    assert gold_rels and {r.type for r in gold_rels} <= alice_rels
    gold_ids = {s.id for s in lead.spans(rf.ARTICLE, annotator="gold")}
    assert all(r.head in gold_ids and r.tail in gold_ids for r in gold_rels)
    assert len(gold_rels) == len(lead.relations(rf.ARTICLE, annotator=rf.A))


def test_a_decision_is_one_undo_step(lead: Store):
    adj = Adjudicator(lead, rf.A, rf.B)
    d = next(d for d in adj.disagreements() if d.pair.kind == "only_a")
    adj.decide(d, "take_a")
    assert len(lead.spans(rf.ARTICLE, annotator="gold")) == 1
    assert lead.undo().summary == "adjudicate take_a"
    assert lead.spans(rf.ARTICLE, annotator="gold") == []
    assert adj.decisions() == {}
    adj.decide(d, "take_a")  # can be decided again after the undo


def test_the_three_layers_must_differ(lead: Store):
    with pytest.raises(ValueError, match="three different names"):
        Adjudicator(lead, rf.A, rf.A)


def test_the_gold_layer_exports_with_provenance_and_round_trips(lead: Store, tmp_path):
    from curator.formats.annotation_import import import_annotations
    from curator.formats.articles import read_text_article
    from curator.formats.export import ExportFilters, export
    from curator.store.imports import import_articles

    adj = Adjudicator(lead, rf.A, rf.B)
    adj.auto_accept()
    adj.decide(next(d for d in adj.disagreements() if d.pair.kind == "only_b"), "take_b")
    first = tmp_path / "gold.jsonl"
    export(lead, ExportFilters(annotators=("gold",)), first)
    records = [orjson.loads(line) for line in first.read_bytes().splitlines()]
    spans = [s for r in records for s in r["spans"]]
    assert spans and all(s["origin"] == "adjudicated" for s in spans)
    assert all(s["provenance"]["decided_by"] == "lena" for s in spans)
    assert {s["provenance"]["decision"] for s in spans} == {"auto", "take_b"}
    assert any(len(s["provenance"]["sources"]) == 2 for s in spans)

    with Store.open(tmp_path / "fresh.db", annotator="x") as fresh:
        text = (Path(__file__).parent.parent / "curator" / "data" / "csto-20-years.txt").read_text()
        import_articles(
            fresh, [read_text_article(text, "s", markdown=False, default_id=rf.ARTICLE)]
        )
        import_annotations(fresh, first, "curator")
        second = tmp_path / "again.jsonl"
        export(fresh, ExportFilters(annotators=("gold",)), second)
    assert second.read_bytes() == first.read_bytes()
