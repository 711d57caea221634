"""`curator import-annotations`: round trips, matching by text, all-or-nothing errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE, SAMPLE_ID, db_state
from test_export import UNICODE_ID, annotate_two

from curator.cli import cli
from curator.formats.articles import collect_files, read_drafts
from curator.formats.export import ExportFilters, iter_records
from curator.store.imports import import_articles
from curator.store.store import Store


def invoke(db: Path, *args: str | Path):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *map(str, args)])


@pytest.fixture
def source(sample_db: Store, tmp_path: Path) -> Store:
    annotate_two(sample_db, tmp_path)
    return sample_db


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A fresh database holding the same articles, without annotations."""
    path = tmp_path / "fresh.db"
    with Store.open(path, annotator="carol") as store:
        files = collect_files([SAMPLE, tmp_path / f"{UNICODE_ID}.txt"])
        import_articles(store, list(read_drafts(files)))
    return path


def spans_of(path: Path) -> set[tuple]:
    with Store.open(path, create=False) as store:
        return {
            (r.article_id, r.paragraph, r.annotator, s.start, s.end, s.label, s.text)
            for r in iter_records(store, ExportFilters(everyone=True))
            for s in r.spans
        }


@pytest.mark.parametrize("fmt", ["curator", "prodigy", "doccano"])
def test_round_trip(source: Store, target: Path, tmp_path: Path, fmt: str):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert invoke(source.path, "export", "--all", "--format", fmt, "-o", first).exit_code == 0
    result = invoke(target, "import-annotations", first, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output
    assert spans_of(target) == spans_of(source.path)
    assert invoke(target, "export", "--all", "--format", fmt, "-o", second).exit_code == 0
    if fmt == "curator":  # ids, attrs, origins and statuses are kept: byte-identical
        assert second.read_bytes() == first.read_bytes()


def test_article_unit_round_trip(source: Store, target: Path, tmp_path: Path):
    first = tmp_path / "a.jsonl"
    assert invoke(source.path, "export", "--all", "--unit", "article", "-o", first).exit_code == 0
    assert invoke(target, "import-annotations", first).exit_code == 0
    assert spans_of(target) == spans_of(source.path)


def test_annotator_option_overrides_layer(source: Store, target: Path, tmp_path: Path):
    out = tmp_path / "p.jsonl"
    invoke(source.path, "export", "--annotator", "bob", "--format", "prodigy", "-o", out)
    assert (
        invoke(
            target, "import-annotations", out, "--format", "prodigy", "--annotator", "dave"
        ).exit_code
        == 0
    )
    with Store.open(target, create=False) as store:
        assert store.annotators() == ["dave"]
        assert {s.origin for s in store.spans(SAMPLE_ID, annotator="dave")} == {"imported"}


def _bad(lines: list[str], tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _good_lines(source: Store, tmp_path: Path) -> list[str]:
    out = tmp_path / "good.jsonl"
    assert invoke(source.path, "export", "--all", "-o", out).exit_code == 0
    return out.read_text("utf-8").splitlines()


@pytest.mark.parametrize(
    "corrupt, message",
    [
        (lambda r: "{not json", "not JSON"),
        (lambda r: json.dumps({**r, "text": r["text"] + "!"}), "differs"),
        (lambda r: json.dumps({**r, "article_id": "missing"}), "not in the database"),
        (
            lambda r: json.dumps(
                {**r, "spans": [{**r["spans"][0], "label": "nonsense"}, *r["spans"][1:]]}
            ),
            "label",
        ),
        (
            lambda r: json.dumps(
                {**r, "spans": [{**r["spans"][0], "text": "zz"}, *r["spans"][1:]]}
            ),
            "text",
        ),
        (lambda r: json.dumps({**r, "extra": 1}), "extra"),
    ],
)
def test_bad_file_is_refused_with_line_number(
    source: Store, target: Path, tmp_path: Path, corrupt, message
):
    lines = _good_lines(source, tmp_path)
    k = next(i for i, line in enumerate(lines) if json.loads(line)["spans"] and i > 2)
    lines[k] = corrupt(json.loads(lines[k]))
    before = db_state(target)
    result = invoke(target, "import-annotations", _bad(lines, tmp_path))
    assert result.exit_code == 1
    assert f"line {k + 1}:" in result.output and message in result.output
    assert db_state(target) == before


def test_duplicate_ids_are_refused(source: Store, target: Path, tmp_path: Path):
    path = _bad(_good_lines(source, tmp_path), tmp_path)
    assert invoke(target, "import-annotations", path).exit_code == 0
    before = db_state(target)
    result = invoke(target, "import-annotations", path)
    assert result.exit_code == 1 and "already taken" in result.output and "line " in result.output
    assert db_state(target) == before


def test_prodigy_text_must_match_a_paragraph(source: Store, target: Path, tmp_path: Path):
    record = {
        "text": "no such paragraph",
        "tokens": [],
        "spans": [],
        "relations": [],
        "_input_hash": 1,
        "_task_hash": 2,
        "answer": "accept",
        "_annotator_id": "x",
        "_session_id": "y",
        "meta": {},
    }
    path = _bad(["", json.dumps(record)], tmp_path)
    before = db_state(target)
    result = invoke(target, "import-annotations", path, "--format", "prodigy")
    assert result.exit_code == 1 and "line 2:" in result.output and "no paragraph" in result.output
    assert db_state(target) == before
