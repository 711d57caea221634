"""The store on a real SQLite file: writes, queries, the event log, undo/redo, opening."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, db_state
from sqlite_utils import Database, Migrations

import curator
from curator.domain.errors import ConflictError, InputError, StoreError
from curator.store import db as store_db
from curator.store import schema as store_schema
from curator.store.store import Store


def find(store: Store, paragraph: int, quote: str) -> tuple[int, int]:
    """Offsets of the first `quote` in a paragraph of the sample."""
    text = store.paragraph_text(SAMPLE_ID, paragraph)
    start = text.index(quote)
    return start, start + len(quote)


def tag(store: Store, paragraph: int, quote: str, label: str, attrs: dict | None = None):
    return store.add_span(SAMPLE_ID, paragraph, *find(store, paragraph, quote), label, attrs)


def span_ids(store: Store, annotator: str | None = None) -> set[str]:
    return {s.id for s in store.spans(SAMPLE_ID, annotator=annotator)}


def events(store: Store) -> list[dict]:
    cur = store.db.execute("SELECT * FROM events ORDER BY id")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


@pytest.fixture
def bob(sample_db: Store) -> Iterator[Store]:
    """A second annotator on the same database file."""
    store = Store.open(sample_db.path, annotator="bob", session="session-bob")
    yield store
    store.close()


# -- spans and relations --------------------------------------------------------------------


def test_add_span_takes_quote_from_paragraph(sample_db: Store):
    span = tag(sample_db, 8, "Alexander Lukashenko", "speaker", {"name": "Alexander Lukashenko"})
    stored = sample_db.span(span.id)
    assert stored.text == "Alexander Lukashenko"
    assert sample_db.paragraph_text(SAMPLE_ID, 8)[stored.start : stored.end] == stored.text
    assert stored.annotator == "alice" and stored.origin == "manual" and stored.status == "active"
    assert stored.attrs_dict() == {"name": "Alexander Lukashenko"}
    assert len(span.id) == 16


def test_add_span_is_committed_at_once(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    # Another connection sees it without the store being closed: nothing waits for a commit.
    other = sqlite3.connect(sample_db.path)
    try:
        assert other.execute("SELECT text FROM spans WHERE id = ?", [span.id]).fetchone() == (
            "Ukraine",
        )
    finally:
        other.close()


def test_add_span_refuses_bad_offsets_and_writes_nothing(sample_db: Store):
    n = len(sample_db.paragraph_text(SAMPLE_ID, 7))
    with pytest.raises(InputError, match=rf"^span: end: {n + 1} is past the paragraph's end"):
        sample_db.add_span(SAMPLE_ID, 7, 0, n + 1, "claim")
    with pytest.raises(InputError, match=r"^span: end: must be greater than start"):
        sample_db.add_span(SAMPLE_ID, 7, 4, 4, "claim")
    with pytest.raises(ConflictError, match="no paragraph 99"):
        sample_db.add_span(SAMPLE_ID, 99, 0, 1, "claim")
    assert sample_db.spans(SAMPLE_ID) == []
    assert [e["action"] for e in events(sample_db)] == ["article.import"]


def test_update_span(sample_db: Store):
    span = tag(sample_db, 8, "Lukashenko", "speaker")
    updated = sample_db.update_span(span.id, attrs={"name": "Alexander Lukashenko"})
    assert sample_db.span(span.id).attrs_dict() == {"name": "Alexander Lukashenko"}
    assert updated.updated_at >= span.updated_at
    start, end = find(sample_db, 8, "Alexander Lukashenko")
    sample_db.update_span(span.id, start=start, end=end)
    assert sample_db.span(span.id).text == "Alexander Lukashenko"
    with pytest.raises(InputError, match="cannot change annotator"):
        sample_db.update_span(span.id, annotator="bob")
    with pytest.raises(InputError, match="wikidata"):
        sample_db.update_span(span.id, attrs={"wikidata": "Lukashenko"})
    assert sample_db.span(span.id).attrs_dict() == {"name": "Alexander Lukashenko"}


def test_update_span_without_change_logs_nothing(sample_db: Store):
    span = tag(sample_db, 8, "Lukashenko", "speaker", {"name": "Lukashenko"})
    n = len(events(sample_db))
    sample_db.update_span(span.id, attrs={"name": "Lukashenko"})
    assert len(events(sample_db)) == n


def test_delete_span(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    sample_db.delete_span(span.id)
    assert sample_db.spans(SAMPLE_ID) == []
    with pytest.raises(ConflictError, match="no such span"):
        sample_db.span(span.id)
    with pytest.raises(ConflictError, match="no such span"):
        sample_db.delete_span(span.id)


def test_relation_add_and_delete(sample_db: Store):
    claim = tag(sample_db, 9, "I am sure", "claim")
    speaker = tag(sample_db, 9, "Lukashenka", "speaker")
    rel = sample_db.add_relation("attributed_to", claim.id, speaker.id)
    assert [(r.type, r.head, r.tail) for r in sample_db.relations(SAMPLE_ID)] == [
        ("attributed_to", claim.id, speaker.id)
    ]
    # The same link twice is one link.
    assert sample_db.add_relation("attributed_to", claim.id, speaker.id).id == rel.id
    assert len(sample_db.relations(SAMPLE_ID)) == 1
    sample_db.delete_relation(rel.id)
    assert sample_db.relations(SAMPLE_ID) == []
    with pytest.raises(ConflictError, match="no such relation"):
        sample_db.delete_relation(rel.id)


def test_delete_span_deletes_relations_and_one_undo_restores_all(sample_db: Store):
    claim = tag(sample_db, 9, "I am sure", "claim")
    speaker = tag(sample_db, 9, "Lukashenka", "speaker")
    date_para = 2
    date = tag(sample_db, date_para, "May 16", "date", {"value": "2022-05-16"})
    claim2 = tag(sample_db, date_para, "The new reality was discussed", "claim")
    r1 = sample_db.add_relation("attributed_to", claim.id, speaker.id)
    r2 = sample_db.add_relation("cue", claim2.id, speaker.id)
    r3 = sample_db.add_relation("claim_date", claim2.id, date.id)

    sample_db.delete_span(speaker.id)
    assert speaker.id not in span_ids(sample_db)
    assert {r.id for r in sample_db.relations(SAMPLE_ID)} == {r3.id}

    info = sample_db.undo()
    assert info is not None and info.summary == "delete speaker"
    assert info.article_id == SAMPLE_ID and info.paragraph == 9
    assert speaker.id in span_ids(sample_db)
    assert {r.id for r in sample_db.relations(SAMPLE_ID)} == {r1.id, r2.id, r3.id}
    assert sample_db.span(speaker.id) == speaker
    assert sample_db.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_changing_label_drops_relations_that_no_longer_fit(sample_db: Store):
    claim = tag(sample_db, 9, "I am sure", "claim")
    speaker = tag(sample_db, 9, "Lukashenka", "speaker")
    sample_db.add_relation("attributed_to", claim.id, speaker.id)
    cue = sample_db.add_relation("cue", claim.id, speaker.id)
    sample_db.update_span(speaker.id, label="date", attrs={})
    # attributed_to needs a speaker tail; a cue may point at any label.
    assert [r.id for r in sample_db.relations(SAMPLE_ID)] == [cue.id]
    sample_db.undo()
    assert len(sample_db.relations(SAMPLE_ID)) == 2
    assert sample_db.span(speaker.id).label == "speaker"


# -- paragraphs -----------------------------------------------------------------------------


def test_paragraph_kind(sample_db: Store):
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "body"
    sample_db.set_paragraph_kind(SAMPLE_ID, 7, "byline")
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "byline"
    origin = sample_db.db.execute(
        "SELECT kind_origin FROM paragraphs WHERE article_id = ? AND idx = 7", [SAMPLE_ID]
    ).fetchone()[0]
    assert origin == "editor"
    with pytest.raises(InputError, match=r"^kind: 'footer' is not one of body, heading"):
        sample_db.set_paragraph_kind(SAMPLE_ID, 7, "footer")
    with pytest.raises(ConflictError, match="no paragraph 39"):
        sample_db.set_paragraph_kind(SAMPLE_ID, 39, "body")
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "byline"


def test_paragraph_status(sample_db: Store):
    assert sample_db.statuses(SAMPLE_ID) == {}
    sample_db.set_paragraph_status(SAMPLE_ID, 3, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 37, "skipped", note="comment form")
    statuses = sample_db.statuses(SAMPLE_ID)
    assert {i: s.status for i, s in statuses.items()} == {3: "done", 37: "skipped"}
    assert statuses[37].note == "comment form"
    sample_db.set_paragraph_status(SAMPLE_ID, 3, "todo")
    assert sample_db.statuses(SAMPLE_ID)[3].status == "todo"
    with pytest.raises(InputError, match=r"^paragraph status: status: Input should be"):
        sample_db.set_paragraph_status(SAMPLE_ID, 3, "finished")


# -- queries --------------------------------------------------------------------------------


def test_annotator_layers_kept_separate(sample_db: Store, bob: Store):
    a = tag(sample_db, 8, "Lukashenko", "speaker")
    b1 = tag(bob, 8, "Lukashenko", "speaker")
    b2 = tag(bob, 8, "President of Belarus", "speaker")
    sample_db.set_paragraph_status(SAMPLE_ID, 8, "done")
    bob.set_paragraph_status(SAMPLE_ID, 8, "skipped")

    assert span_ids(sample_db) == {a.id}
    assert span_ids(bob) == {b1.id, b2.id}
    assert span_ids(sample_db, annotator="bob") == {b1.id, b2.id}
    assert [s.id for s in sample_db.spans(SAMPLE_ID, paragraph=8)] == [a.id]
    assert sample_db.spans(SAMPLE_ID, paragraph=9) == []
    assert sample_db.statuses(SAMPLE_ID)[8].status == "done"
    assert bob.statuses(SAMPLE_ID)[8].status == "skipped"
    assert sample_db.annotators() == ["alice", "bob"]
    # Deleting bob's span leaves alice's twin alone.
    bob.delete_span(b1.id)
    assert span_ids(sample_db) == {a.id}


def test_progress_counts(sample_db: Store, bob: Store):
    for i in (1, 2):
        sample_db.set_paragraph_status(SAMPLE_ID, i, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 37, "skipped")
    tag(sample_db, 7, "Ukraine", "claim")
    tag(sample_db, 8, "Lukashenko", "speaker")
    rejected = tag(sample_db, 9, "Lukashenka", "speaker")
    sample_db.update_span(rejected.id, status="rejected")
    bob.set_paragraph_status(SAMPLE_ID, 5, "done")

    progress = {p.annotator: p for p in sample_db.progress(SAMPLE_ID)}
    assert set(progress) == {"alice", "bob"}
    alice = progress["alice"]
    assert (alice.done, alice.skipped, alice.total, alice.spans, alice.todo) == (2, 1, 39, 2, 36)
    assert (progress["bob"].done, progress["bob"].spans, progress["bob"].todo) == (1, 0, 38)
    corpus = {p.annotator: p for p in sample_db.progress()}
    assert corpus["alice"].article_id is None
    assert (corpus["alice"].done, corpus["alice"].total) == (2, 39)


def test_speakers_counts_canonical_names(sample_db: Store, bob: Store):
    name = {"name": "Alexander Lukashenko", "type": "person"}
    tag(sample_db, 8, "Alexander Lukashenko", "speaker", name)
    tag(sample_db, 9, "Lukashenka", "speaker", name)
    tag(bob, 10, "Lukashenka", "speaker", name)
    tag(sample_db, 13, "Vladimir Putin", "speaker", {"name": "Vladimir Putin"})
    tag(sample_db, 14, "Putin", "speaker")  # no name yet: not counted
    gone = tag(sample_db, 25, "Lukashenka", "speaker", name)
    sample_db.update_span(gone.id, status="rejected")
    assert sample_db.speakers() == [("Alexander Lukashenko", 3), ("Vladimir Putin", 1)]
    assert sample_db.speakers(SAMPLE_ID) == sample_db.speakers()
    assert sample_db.speakers("no-such-article") == []


def test_search_finds_word_in_sample(sample_db: Store):
    hits = sample_db.search("Lukashenka")
    assert hits, "Lukashenka occurs in the sample"
    for hit in hits:
        assert hit.article_id == SAMPLE_ID
        assert "Lukashenka" in sample_db.paragraph_text(SAMPLE_ID, hit.paragraph)
        assert hit.title.startswith("“We managed to save")
        assert "Lukashenka" in hit.snippet
    expected = {p.index for p in sample_db.paragraphs(SAMPLE_ID) if "lukashenka" in p.text.lower()}
    assert {h.paragraph for h in hits} == expected
    assert {h.paragraph for h in sample_db.search("lukash")} >= expected  # prefix match
    # Every word must occur.
    both = {h.paragraph for h in sample_db.search("Lukashenka China")}
    assert both == {p for p in expected if "China" in sample_db.paragraph_text(SAMPLE_ID, p)}
    assert both and both < expected
    assert sample_db.search("zzqxnotaword") == []
    assert sample_db.search("?!") == []


# -- the event log --------------------------------------------------------------------------


def test_every_change_writes_events(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    sample_db.update_span(span.id, attrs={"check_worthy": "yes"})
    sample_db.set_paragraph_kind(SAMPLE_ID, 7, "heading")
    sample_db.set_paragraph_status(SAMPLE_ID, 7, "done")
    sample_db.delete_span(span.id)
    rows = events(sample_db)[1:]  # after the import
    assert [r["action"] for r in rows] == [
        "span.add",
        "span.update",
        "paragraph.kind",
        "paragraph.status",
        "span.delete",
    ]
    assert len({r["change_id"] for r in rows}) == 5
    for r in rows:
        assert r["annotator"] == "alice"
        assert r["session"] == "session-1"
        assert r["tool_version"] == curator.__version__
        assert r["ts"]
    add, update, kind, status, delete = rows
    assert add["before"] is None and json.loads(add["after"])["text"] == "Ukraine"
    assert add["entity"] == "span" and add["entity_id"] == span.id
    assert json.loads(update["before"])["attrs"] == {}
    assert json.loads(update["after"])["attrs"] == {"check_worthy": "yes"}
    assert json.loads(kind["before"])["kind"] == "body"
    assert json.loads(kind["after"])["kind"] == "heading"
    assert json.loads(kind["entity_id"]) == [SAMPLE_ID, 7]
    assert status["before"] is None and json.loads(status["after"])["status"] == "done"
    assert json.loads(delete["before"])["id"] == span.id and delete["after"] is None


# -- undo / redo ----------------------------------------------------------------------------


def test_undo_add(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    info = sample_db.undo()
    assert info is not None and info.summary == "tag claim"
    assert (info.article_id, info.paragraph) == (SAMPLE_ID, 7)
    assert sample_db.spans(SAMPLE_ID) == []
    last = events(sample_db)[-1]
    assert last["action"] == "undo:span.add" and last["after"] is None
    assert json.loads(last["before"])["id"] == span.id
    assert sample_db.undo() is None  # the import is not an undoable edit
    assert sample_db.article_count() == 1


def test_undo_update(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim", {"check_worthy": "no"})
    sample_db.update_span(span.id, attrs={"check_worthy": "yes"})
    sample_db.undo()
    assert sample_db.span(span.id).attrs_dict() == {"check_worthy": "no"}


def test_undo_delete(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim", {"check_worthy": "no"})
    sample_db.delete_span(span.id)
    sample_db.undo()
    assert sample_db.span(span.id) == span


def test_undo_kind(sample_db: Store):
    sample_db.set_paragraph_kind(SAMPLE_ID, 16, "body")
    sample_db.undo()
    assert sample_db.paragraphs(SAMPLE_ID)[16].kind == "heading"
    origin = sample_db.db.execute(
        "SELECT kind_origin FROM paragraphs WHERE article_id = ? AND idx = 16", [SAMPLE_ID]
    ).fetchone()[0]
    assert origin == "guess"


def test_undo_status(sample_db: Store):
    sample_db.set_paragraph_status(SAMPLE_ID, 3, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 3, "skipped", note="dup")
    sample_db.undo()
    assert sample_db.statuses(SAMPLE_ID)[3].status == "done"
    assert sample_db.statuses(SAMPLE_ID)[3].note is None
    sample_db.undo()
    assert sample_db.statuses(SAMPLE_ID) == {}


def test_several_undos_then_redos_in_order(sample_db: Store):
    a = tag(sample_db, 7, "Ukraine", "claim")
    sample_db.update_span(a.id, attrs={"check_worthy": "yes"})
    sample_db.set_paragraph_kind(SAMPLE_ID, 7, "heading")
    sample_db.set_paragraph_status(SAMPLE_ID, 7, "done")

    undone = [sample_db.undo().summary for _ in range(4)]
    assert undone == ["mark done", "mark heading", "edit claim", "tag claim"]
    assert sample_db.spans(SAMPLE_ID) == []
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "body"
    assert sample_db.statuses(SAMPLE_ID) == {}

    assert sample_db.redo().summary == "tag claim"
    assert sample_db.span(a.id).attrs_dict() == {}
    assert sample_db.redo().summary == "edit claim"
    assert sample_db.span(a.id).attrs_dict() == {"check_worthy": "yes"}
    assert sample_db.redo().summary == "mark heading"
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "heading"
    assert sample_db.redo().summary == "mark done"
    assert sample_db.statuses(SAMPLE_ID)[7].status == "done"
    assert sample_db.redo() is None
    # Redone changes can be undone again.
    assert sample_db.undo().summary == "mark done"
    assert sample_db.statuses(SAMPLE_ID) == {}


def test_new_edit_clears_redo(sample_db: Store):
    a = tag(sample_db, 7, "Ukraine", "claim")
    tag(sample_db, 8, "Lukashenko", "speaker")
    sample_db.undo()
    sample_db.undo()
    b = tag(sample_db, 13, "Putin", "speaker")
    assert sample_db.redo() is None
    assert span_ids(sample_db) == {b.id}
    assert sample_db.undo().summary == "tag speaker"
    assert sample_db.spans(SAMPLE_ID) == []
    assert sample_db.undo() is None
    assert a.id not in span_ids(sample_db)


def test_undo_across_reopen(sample_db: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    path = sample_db.path
    sample_db.close()
    with Store.open(path, annotator="alice", session="session-2") as again:
        assert again.session != "session-1"
        info = again.undo()
        assert info is not None and info.summary == "tag claim"
        assert again.spans(SAMPLE_ID) == []
        last = events(again)[-1]
        assert (last["action"], last["session"]) == ("undo:span.add", "session-2")
        again.redo()
        assert span_ids(again) == {span.id}


def test_undo_never_touches_another_annotators_changes(sample_db: Store, bob: Store):
    a = tag(sample_db, 7, "Ukraine", "claim")
    b = tag(bob, 8, "Lukashenko", "speaker")
    bob.set_paragraph_status(SAMPLE_ID, 8, "done")
    # Alice's undo skips bob's later changes and undoes her own.
    assert sample_db.undo().summary == "tag claim"
    assert span_ids(sample_db) == set()
    assert span_ids(bob) == {b.id}
    assert bob.statuses(SAMPLE_ID)[8].status == "done"
    assert sample_db.undo() is None
    # Bob's history is intact and his own.
    assert bob.undo().summary == "mark done"
    assert bob.undo().summary == "tag speaker"
    assert bob.undo() is None
    assert sample_db.redo().summary == "tag claim"
    assert span_ids(sample_db) == {a.id}
    # Bob's edit does not clear alice's redo history.
    sample_db.undo()
    tag(bob, 9, "Lukashenka", "speaker")
    assert sample_db.redo().summary == "tag claim"


def test_change_groups_writes_into_one_undo_step(sample_db: Store):
    before = tag(sample_db, 1, "Tashkent", "claim")
    with sample_db.change("tag claim and speaker") as change_id:
        claim = tag(sample_db, 9, "I am sure", "claim")
        speaker = tag(sample_db, 9, "Lukashenka", "speaker")
        sample_db.add_relation("attributed_to", claim.id, speaker.id)
    rows = [e for e in events(sample_db) if e["change_id"] == change_id]
    assert [r["action"] for r in rows] == ["span.add", "span.add", "relation.add"]
    assert sample_db.undo().summary == "tag claim and speaker"
    assert span_ids(sample_db) == {before.id}
    assert sample_db.relations(SAMPLE_ID) == []
    assert sample_db.redo().summary == "tag claim and speaker"
    assert span_ids(sample_db) == {before.id, claim.id, speaker.id}
    assert len(sample_db.relations(SAMPLE_ID)) == 1


def test_change_rolls_back_as_a_whole(sample_db: Store):
    n_changes = sample_db.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(RuntimeError), sample_db.change("half done"):
        tag(sample_db, 7, "Ukraine", "claim")
        raise RuntimeError("crash between two writes")
    assert sample_db.spans(SAMPLE_ID) == []
    assert sample_db.db.execute("SELECT count(*) FROM changes").fetchone()[0] == n_changes
    assert [e["action"] for e in events(sample_db)] == ["article.import"]


def test_undo_refuses_when_changed_since_by_someone_else(sample_db: Store, bob: Store):
    sample_db.set_paragraph_kind(SAMPLE_ID, 7, "heading")
    bob.set_paragraph_kind(SAMPLE_ID, 7, "byline")
    n_events = len(events(sample_db))
    with pytest.raises(ConflictError, match="cannot undo 'mark heading': it was changed since"):
        sample_db.undo()
    # Nothing was written: bob's kind stands, the event log did not grow.
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "byline"
    assert len(events(sample_db)) == n_events
    assert bob.undo().summary == "mark byline"
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "heading"


def test_undo_refuses_when_span_deleted_by_someone_else(sample_db: Store, bob: Store):
    span = tag(sample_db, 7, "Ukraine", "claim")
    sample_db.update_span(span.id, attrs={"check_worthy": "yes"})
    bob.delete_span(span.id)
    with pytest.raises(ConflictError, match="changed since"):
        sample_db.undo()
    assert sample_db.spans(SAMPLE_ID) == []


def test_a_conflicting_undo_is_skipped_so_older_changes_stay_undoable(sample_db: Store, bob: Store):
    sample_db.set_paragraph_status(SAMPLE_ID, 3, "done")
    sample_db.set_paragraph_kind(SAMPLE_ID, 7, "heading")
    bob.set_paragraph_kind(SAMPLE_ID, 7, "byline")
    with pytest.raises(ConflictError, match="skipped; u undoes the change before it"):
        sample_db.undo()
    assert sample_db.undo().summary == "mark done"
    assert 3 not in sample_db.statuses(SAMPLE_ID)
    assert sample_db.paragraphs(SAMPLE_ID)[7].kind == "byline"
    assert sample_db.undo() is None


# -- opening the database -------------------------------------------------------------------


def test_wal_and_foreign_keys(fresh_db: Store):
    assert fresh_db.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh_db.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert fresh_db.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    # WAL is a property of the file: a plain connection sees it too.
    conn = sqlite3.connect(fresh_db.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_foreign_keys_enforced(sample_db: Store):
    with pytest.raises(sqlite3.IntegrityError):
        sample_db.db.execute(
            'INSERT INTO spans (id, article_id, paragraph, start, "end", text, label, annotator)'
            " VALUES ('x', 'no-such-article', 0, 0, 1, 'a', 'claim', 'alice')"
        )


def test_integrity_check(sample_db: Store):
    tag(sample_db, 7, "Ukraine", "claim")
    sample_db.undo()
    sample_db.redo()
    assert sample_db.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert sample_db.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The full-text index agrees with the paragraphs table.
    sample_db.db.execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")


def test_open_missing_without_create(tmp_path: Path):
    path = tmp_path / "none.db"
    with pytest.raises(StoreError, match="no such database"):
        Store.open(path, create=False)
    assert not path.exists()
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no-folder" / "x.db")


def test_newer_database_refused(sample_db: Store):
    path = sample_db.path
    sample_db.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('curator', 'm999_from_the_future', '2099-01-01 00:00:00+00:00')"
    )
    sample_db.db.conn.commit()
    state = db_state(path)
    with pytest.raises(StoreError) as exc_info:
        Store.open(path, annotator="alice")
    msg = str(exc_info.value)
    assert "newer" in msg and "m999_from_the_future" in msg and str(path) in msg
    assert db_state(path) == state


def test_other_migration_sets_are_ignored(sample_db: Store):
    # Another tool's migrations in the same file are not "newer curator" steps.
    sample_db.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('datasette-plugin', 'm001_x', '2099-01-01 00:00:00+00:00')"
    )
    sample_db.db.conn.commit()
    with Store.open(sample_db.path, annotator="alice") as again:
        assert again.article_count() == 1


def test_non_sqlite_file_refused(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 10)
    state = db_state(path)
    with pytest.raises(StoreError, match="not a curator database"):
        Store.open(path)
    assert db_state(path) == state


def test_foreign_sqlite_file_refused(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    state = db_state(path)
    with pytest.raises(StoreError, match="not a curator database"):
        Store.open(path)
    assert db_state(path) == state


def test_directory_refused(tmp_path: Path):
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".bak-*"))


def test_older_database_backed_up_before_migration(sample_db: Store):
    if len(store_schema.KNOWN_MIGRATIONS) < 2:
        pytest.skip(
            "only one schema migration exists, so no older schema version can be simulated "
            "by dropping the last migration record (see the monkeypatched test below)"
        )
    path = sample_db.path
    last = sample_db.db.execute(
        "SELECT rowid, name FROM _sqlite_migrations WHERE migration_set = 'curator' "
        "ORDER BY rowid DESC LIMIT 1"
    ).fetchone()
    sample_db.db.execute("DELETE FROM _sqlite_migrations WHERE rowid = ?", [last[0]])
    sample_db.db.conn.commit()
    # Re-running the last step on a db that already has it may fail; the copy comes first.
    with contextlib.suppress(StoreError):
        Store.open(path, annotator="alice").close()
    (bak,) = backups(path)
    conn = sqlite3.connect(bak)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    finally:
        conn.close()
    assert last[1] not in names


def test_pending_migration_makes_backup_first(sample_db: Store, monkeypatch: pytest.MonkeyPatch):
    """Simulate a curator release with one more schema step than the database has."""
    path = sample_db.path
    tag(sample_db, 7, "Ukraine", "claim")
    sample_db.close()

    upgraded = Migrations("curator")
    for m in store_schema.migrations._migrations:
        upgraded(name=m.name)(m.fn)

    @upgraded()
    def m900_test_table(db: Database) -> None:
        db["test_extra"].create({"id": int}, pk="id")

    monkeypatch.setattr(store_db, "migrations", upgraded)
    monkeypatch.setattr(
        store_db, "KNOWN_MIGRATIONS", frozenset(m.name for m in upgraded._migrations)
    )
    assert backups(path) == []
    with Store.open(path, annotator="alice") as store:
        assert store.db["test_extra"].exists()
        assert len(store.spans(SAMPLE_ID)) == 1
    (bak,) = backups(path)
    conn = sqlite3.connect(bak)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        n_spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    finally:
        conn.close()
    assert "test_extra" not in tables and n_spans == 1
    # Opening an up-to-date database makes no further copies.
    with Store.open(path, annotator="alice"):
        pass
    assert len(backups(path)) == 1


def test_new_database_gets_no_backup(tmp_path: Path):
    path = tmp_path / "new.db"
    Store.open(path, annotator="alice").close()
    assert backups(path) == []
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    Store.open(copy, annotator="alice").close()
    assert backups(copy) == []
