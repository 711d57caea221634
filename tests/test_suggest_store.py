"""Suggestions in the store and on the command line: the `suggest` layer, re-runs, accepting
and rejecting (each one undoable change), `curator suggest` and `curator import --suggest`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID

from curator.cli import cli
from curator.domain.errors import ConflictError, InputError
from curator.store.store import Store
from curator.store.suggestions import (
    SUGGEST_LAYER,
    accept_all,
    accept_suggestion,
    pending_suggestions,
    reject_suggestion,
)
from curator.suggest.runner import store_suggestions, suggest_stored_article

QUOTE = 9
"""“I am sure … as they say,” said Lukashenka. He added that …"""


def run_suggest(store: Store, only: str | None = None):
    found = suggest_stored_article(store, SAMPLE_ID, only)
    return store_suggestions(store, SAMPLE_ID, found, None if only is None else only.split(","))


def pending(store: Store, paragraph: int | None = None, label: str | None = None):
    spans = pending_suggestions(store, SAMPLE_ID, paragraph)
    return [s for s in spans if label is None or s.label == label]


def find(store: Store, paragraph: int, text: str, label: str):
    (span,) = [s for s in pending(store, paragraph, label) if s.text == text]
    return span


@pytest.fixture
def suggested(sample_db: Store) -> Store:
    run = run_suggest(sample_db)
    assert run.added > 50 and run.replaced == run.kept == 0
    return sample_db


def test_suggestions_are_pending_spans_of_the_suggest_layer(suggested: Store) -> None:
    spans = pending(suggested)
    assert {s.annotator for s in spans} == {SUGGEST_LAYER}
    assert {s.origin for s in spans} == {"suggested"}
    assert all(s.meta["reason"] and s.meta["suggester"] for s in spans)
    assert suggested.spans(SAMPLE_ID) == []  # nothing in the editor's layer
    rels = suggested.relations(SAMPLE_ID, annotator=SUGGEST_LAYER)
    assert rels and {r.type for r in rels} == {"attributed_to"}
    assert {r.origin for r in rels} == {"suggested"}
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    assert speaker.attrs_dict()["name"] == "Alexander Lukashenko"


def test_storing_is_not_an_undo_step(suggested: Store) -> None:
    assert suggested.undo() is None


def test_rerun_replaces_pending_and_keeps_decided(suggested: Store) -> None:
    before = len(pending(suggested))
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    date = pending(suggested, 1, "date")[0]
    accept_suggestion(suggested, speaker.id)
    reject_suggestion(suggested, date.id)
    run = run_suggest(suggested)
    assert (run.kept, run.replaced, run.added) == (2, before - 2, before - 2)
    assert suggested.span(speaker.id).status == "accepted"
    assert suggested.span(date.id).status == "rejected"
    texts = [(s.paragraph, s.start, s.end, s.label) for s in pending(suggested)]
    assert (date.paragraph, date.start, date.end, "date") not in texts  # not proposed again
    assert len(texts) == len(set(texts))
    # The claim proposed again still links to the accepted speaker.
    claim = next(s for s in pending(suggested, QUOTE, "claim") if s.text.startswith("I am sure"))
    links = [
        r for r in suggested.relations(SAMPLE_ID, annotator=SUGGEST_LAYER) if r.head == claim.id
    ]
    assert [r.tail for r in links] == [speaker.id]


def test_only_replaces_the_suggesters_that_ran(suggested: Store) -> None:
    speakers = len([s for s in pending(suggested) if s.meta["suggester"] == "speakers"])
    run = run_suggest(suggested, "dates")
    assert run.replaced == run.added == len(pending(suggested, label="date"))
    assert len([s for s in pending(suggested) if s.meta["suggester"] == "speakers"]) == speakers


def test_accept_copies_into_the_editors_layer_with_provenance(suggested: Store) -> None:
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    copy = accept_suggestion(suggested, speaker.id)
    assert (copy.annotator, copy.origin, copy.status) == ("alice", "suggested", "active")
    assert copy.meta["from_suggestion"] == speaker.id and copy.meta["suggester"] == "speakers"
    assert (copy.paragraph, copy.start, copy.end, copy.text) == (
        speaker.paragraph,
        speaker.start,
        speaker.end,
        "Lukashenka",
    )
    assert copy.attrs_dict() == speaker.attrs_dict()
    assert suggested.span(speaker.id).status == "accepted"
    with pytest.raises(ConflictError, match="already accepted"):
        accept_suggestion(suggested, speaker.id)
    with pytest.raises(InputError, match="not a suggestion"):
        reject_suggestion(suggested, copy.id)


def test_links_follow_when_both_ends_are_accepted(suggested: Store) -> None:
    claim = next(s for s in pending(suggested, QUOTE, "claim") if s.text.startswith("I am sure"))
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    claim_copy = accept_suggestion(suggested, claim.id)
    assert suggested.relations(SAMPLE_ID) == []  # the speaker is not accepted yet
    speaker_copy = accept_suggestion(suggested, speaker.id)
    (rel,) = suggested.relations(SAMPLE_ID)
    assert (rel.type, rel.head, rel.tail) == ("attributed_to", claim_copy.id, speaker_copy.id)
    assert (rel.annotator, rel.origin) == ("alice", "suggested")


def test_accept_is_one_undoable_change(suggested: Store) -> None:
    claim = next(s for s in pending(suggested, QUOTE, "claim") if s.text.startswith("I am sure"))
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    accept_suggestion(suggested, speaker.id)
    accept_suggestion(suggested, claim.id)
    info = suggested.undo()
    assert info is not None and info.summary == "accept claim"
    assert suggested.span(claim.id).status == "pending"
    assert [s.label for s in suggested.spans(SAMPLE_ID)] == ["speaker"]
    assert suggested.relations(SAMPLE_ID) == []
    suggested.redo()
    assert suggested.span(claim.id).status == "accepted"
    assert len(suggested.relations(SAMPLE_ID)) == 1


def test_reject_and_undo(suggested: Store) -> None:
    date = pending(suggested, 1, "date")[0]
    reject_suggestion(suggested, date.id)
    assert suggested.span(date.id).status == "rejected"
    assert suggested.spans(SAMPLE_ID) == []
    assert suggested.undo().summary == "reject date"  # type: ignore[union-attr]
    assert suggested.span(date.id).status == "pending"


def test_accept_all_in_a_paragraph(suggested: Store) -> None:
    n = len(pending(suggested, QUOTE))
    copies = accept_all(suggested, SAMPLE_ID, QUOTE)
    assert len(copies) == n and not pending(suggested, QUOTE)
    assert len(suggested.spans(SAMPLE_ID, paragraph=QUOTE)) == n
    assert len(suggested.relations(SAMPLE_ID)) == 2  # both claims to their speakers
    assert accept_all(suggested, SAMPLE_ID, QUOTE) == []
    assert suggested.undo().summary == f"accept {n} suggestions"  # type: ignore[union-attr]
    assert len(pending(suggested, QUOTE)) == n and suggested.spans(SAMPLE_ID) == []


def test_accept_when_the_editor_already_has_the_span(suggested: Store) -> None:
    speaker = find(suggested, QUOTE, "Lukashenka", "speaker")
    own = suggested.add_span(SAMPLE_ID, QUOTE, speaker.start, speaker.end, "speaker")
    copy = accept_suggestion(suggested, speaker.id)
    assert copy.id == own.id and len(suggested.spans(SAMPLE_ID)) == 1


def test_paragraph_kinds_follow_guesses_but_not_editors(sample_db: Store) -> None:
    sample_db.set_paragraph_kind(SAMPLE_ID, 38, "body")  # an editor's choice
    with sample_db.change("test", kind="system"):  # a guess gone stale
        sample_db.record(
            "paragraph.kind",
            "paragraph",
            {"article_id": SAMPLE_ID, "idx": 37, "kind": "boilerplate", "kind_origin": "guess"},
            {"article_id": SAMPLE_ID, "idx": 37, "kind": "body", "kind_origin": "guess"},
        )
    run = run_suggest(sample_db, "boilerplate")
    kinds = {p.index: p.kind for p in sample_db.paragraphs(SAMPLE_ID)}
    assert run.kinds == 1 and kinds[37] == "boilerplate" and kinds[38] == "body"


# -- command line ---------------------------------------------------------------------------------


def invoke(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *args])


def test_import_with_suggest_then_rerun(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = invoke(db, "import", "--suggest", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert f"{SAMPLE_ID}: " in result.output and "suggestions pending" in result.output
    with Store.open(db, annotator="alice") as store:
        n = len(pending_suggestions(store, SAMPLE_ID))
        assert n > 50
    again = invoke(db, "suggest")
    assert again.exit_code == 0, again.output
    assert f"{n} suggestions pending, {n} replaced" in again.output


def test_dry_run_prints_per_paragraph_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert invoke(db, "import", str(SAMPLE)).exit_code == 0
    result = invoke(db, "suggest", "--dry-run", "--only", "dates,speakers", "--article", SAMPLE_ID)
    assert result.exit_code == 0, result.output
    assert "¶3    date “May 16” timex_type=DATE value=XXXX-05-16" in result.output
    assert "speaker “Lukashenka” name=Alexander Lukashenko" in result.output
    assert "→ attributed_to “Lukashenka”" in result.output
    assert "translation_error" not in result.output
    assert "dry run, nothing stored" in result.output
    with Store.open(db, annotator="alice") as store:
        assert pending_suggestions(store, SAMPLE_ID) == []


def test_bad_only_and_unknown_article(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert invoke(db, "import", str(SAMPLE)).exit_code == 0
    bad = invoke(db, "suggest", "--only", "dates,nope")
    assert bad.exit_code == 2 and "unknown suggester nope" in bad.output
    missing = invoke(db, "suggest", "--article", "nope")
    assert missing.exit_code == 1 and "no such article" in missing.output
    empty = invoke(tmp_path / "missing.db", "suggest")
    assert empty.exit_code == 1 and not (tmp_path / "missing.db").exists()


def test_export_and_agreement_of_the_suggestion_layer(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert invoke(db, "import", "--suggest", str(SAMPLE)).exit_code == 0
    with Store.open(db, annotator="alice") as store:
        first = pending_suggestions(store, SAMPLE_ID)[0]
        accept_suggestion(store, first.id)
        n = len(pending_suggestions(store, SAMPLE_ID))
        pending_in = pending_suggestions(store, SAMPLE_ID, first.paragraph)
    out = tmp_path / "s.jsonl"
    result = invoke(db, "export", "--annotator", SUGGEST_LAYER, "-o", str(out))
    assert result.exit_code == 0, result.output
    spans = [s for line in out.read_text().splitlines() for s in json.loads(line)["spans"]]
    statuses = [s["status"] for s in spans]
    assert statuses.count("pending") == n and statuses.count("accepted") == 1
    # The accepted copy in alice's layer is an ordinary span: no status key.
    mine = tmp_path / "a.jsonl"
    assert invoke(db, "export", "--annotator", "alice", "-o", str(mine)).exit_code == 0
    assert all(
        "status" not in s
        for line in mine.read_text().splitlines()
        for s in json.loads(line)["spans"]
    )
    # Suggestions compared with an editor's layer: every paragraph counts as read by them.
    agreement = invoke(db, "agreement", "--annotators", f"alice,{SUGGEST_LAYER}")
    assert agreement.exit_code == 0, agreement.output
    # alice rated one paragraph (the accepted span's): there the copy pairs exactly with its
    # suggestion, and the paragraph's other suggestions are the suggester's alone.
    pairs = f"exact 1, boundary 0, label 0, only alice 0, only suggest {len(pending_in)}"
    assert pairs in agreement.output
