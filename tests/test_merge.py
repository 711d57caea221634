"""curator merge: editors' database files combined, idempotent, conflicts refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from curator.cli import cli
from curator.domain.errors import ConflictError, InputError
from curator.formats.articles import read_text_article
from curator.store.imports import import_articles
from curator.store.merge import apply_merge, plan_merge
from curator.store.store import Store
from tests.conftest import db_state

SAMPLE = Path(__file__).parent.parent / "curator" / "data" / "csto-20-years.txt"
AID = "csto-20-years"


def editor_db(path: Path, annotator: str, article_id: str = AID, text: str | None = None) -> Store:
    store = Store.open(path, annotator=annotator)
    draft = read_text_article(
        text or SAMPLE.read_text("utf-8"), str(SAMPLE), markdown=False, default_id=article_id
    )
    import_articles(store, [draft])
    return store


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def two_editors(tmp_path: Path) -> tuple[Path, Path]:
    with editor_db(tmp_path / "alice.db", "alice") as alice:
        claim = alice.add_span(AID, 9, 0, 5, "claim", {"check_worthy": "yes"})
        speaker = alice.add_span(AID, 9, 126, 136, "speaker", {"name": "Lukashenko"})
        alice.add_relation("attributed_to", claim.id, speaker.id)
        alice.set_paragraph_status(AID, 9, "done")
    with editor_db(tmp_path / "bob.db", "bob") as bob:
        bob.add_span(AID, 9, 0, 5, "claim", {"check_worthy": "no"})
        bob.set_paragraph_kind(AID, 7, "heading")
    return tmp_path / "alice.db", tmp_path / "bob.db"


def test_merge_keeps_every_layer_and_is_idempotent(tmp_path: Path, two_editors):
    alice, bob = two_editors
    team = tmp_path / "team.db"
    code, out = run("--db", str(team), "merge", str(alice), str(bob))
    assert code == 0, out
    assert "1 articles added" in out and "1 matched" in out
    with Store.open(team, annotator="lead") as store:
        assert len(store.spans(AID, annotator="alice")) == 2
        assert [s.attrs_dict() for s in store.spans(AID, annotator="bob")] == [
            {"check_worthy": "no"}
        ]
        assert [r.type for r in store.relations(AID, annotator="alice")] == ["attributed_to"]
        assert store.statuses(AID, annotator="alice")[9].status == "done"
        assert store.paragraphs(AID)[7].kind == "heading"  # bob's edit beats the import's guess
    before = db_state(team)
    code, out = run("--db", str(team), "merge", str(alice), str(bob))
    assert code == 0 and "Nothing to merge" in out
    assert db_state(team) == before


def test_merge_into_an_editors_own_database(two_editors):
    alice, bob = two_editors
    code, _ = run("--db", str(alice), "merge", str(bob))
    assert code == 0
    with Store.open(alice, annotator="alice") as store:
        assert {s.annotator for s in store.spans(AID, annotator="bob")} == {"bob"}
        assert store.annotators() == ["alice", "bob"]


def test_same_text_under_another_id_is_matched_by_hash(tmp_path: Path, two_editors):
    alice, _ = two_editors
    with editor_db(tmp_path / "carol.db", "carol", article_id="csto-copy") as carol:
        carol.add_span("csto-copy", 3, 0, 3, "claim")
    code, out = run("--db", str(alice), "merge", str(tmp_path / "carol.db"))
    assert code == 0, out
    with Store.open(alice, annotator="alice") as store:
        assert [a.id for a in store.articles()] == [AID]
        assert [s.text for s in store.spans(AID, annotator="carol")] == ["The"]


def test_a_newer_copy_of_a_span_wins_and_nothing_is_deleted(tmp_path: Path, two_editors):
    alice, _ = two_editors
    team = tmp_path / "team.db"
    assert run("--db", str(team), "merge", str(alice))[0] == 0
    with Store.open(alice, annotator="alice") as store:
        claim = next(s for s in store.spans(AID) if s.label == "claim")
        store.update_span(claim.id, attrs={"check_worthy": "unsure"})
        store.delete_span(next(s for s in store.spans(AID) if s.label == "speaker").id)
    code, out = run("--db", str(team), "merge", str(alice))
    assert code == 0 and "spans +0 ~1" in out
    with Store.open(team, annotator="alice") as store:
        spans = {s.label: s for s in store.spans(AID)}
        assert spans["claim"].attrs_dict() == {"check_worthy": "unsure"}
        assert "speaker" in spans  # a merge never deletes


def test_conflicting_tag_sets_are_refused_and_nothing_is_left(tmp_path: Path, two_editors):
    alice, _ = two_editors
    tagset = tmp_path / "tags.toml"
    tagset.write_text('name = "other"\n[[labels]]\nname = "quote"\ncolor = "#112233"\n')
    other = tmp_path / "other.db"
    assert run("--tagset", str(tagset), "--db", str(other), "init")[0] == 0
    before = db_state(alice)
    code, out = run("--db", str(alice), "merge", str(other))
    assert code == 1 and "tag set" in out and "differs" in out
    assert db_state(alice) == before
    team = tmp_path / "team.db"
    code, _ = run("--db", str(team), "merge", str(alice), str(other))
    assert code == 1
    assert not team.exists()  # a refused merge into a new file leaves no file


def test_conflicting_article_text_is_refused_before_anything_is_written(
    tmp_path: Path, two_editors
):
    alice, bob = two_editors
    changed = SAMPLE.read_text("utf-8").replace("Tashkent", "Tashkent city")
    with editor_db(tmp_path / "dave.db", "dave", text=changed):
        pass
    before = db_state(alice)
    code, out = run("--db", str(alice), "merge", str(bob), str(tmp_path / "dave.db"))
    assert code == 1 and "other text" in out and "--replace" in out
    assert db_state(alice) == before  # bob's file, checked first, was not merged either


def test_merging_a_database_into_itself_is_refused(two_editors):
    alice, _ = two_editors
    with (
        Store.open(alice, annotator="alice") as store,
        pytest.raises(InputError, match="into itself"),
    ):
        plan_merge(store, alice)


def test_two_editors_kinds_keep_the_targets(tmp_path: Path, two_editors):
    alice, bob = two_editors
    with Store.open(alice, annotator="alice") as store:
        store.set_paragraph_kind(AID, 7, "byline")
        plan = plan_merge(store, bob)
        assert plan.kept >= 1 and plan.count("paragraph.merge_kind") == 0
        apply_merge(store, plan)
        assert store.paragraphs(AID)[7].kind == "byline"


def test_plan_refuses_conflicts_with_a_typed_error(tmp_path: Path, two_editors):
    alice, _ = two_editors
    changed = SAMPLE.read_text("utf-8").replace("Tashkent", "Almaty")
    with editor_db(tmp_path / "eve.db", "eve", text=changed):
        pass
    with Store.open(alice, annotator="alice") as store, pytest.raises(ConflictError):
        plan_merge(store, tmp_path / "eve.db")
