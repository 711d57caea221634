"""The command line: help texts, version, environment variables, list, schema."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPO_ROOT, SAMPLE, SAMPLE_ID

import curator
from curator.cli import cli
from curator.store.store import Store

SCHEMA_DIR = REPO_ROOT / "schema"


def invoke(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


# -- help and version -----------------------------------------------------------------------


def test_group_help():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Annotate claims, speakers, dates and translation errors" in result.output
    for name in cli.commands:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str):
    command = cli.commands[name]
    assert command.help and command.help.strip(), f"{name} has no docstring"
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.output or f"Usage: curator {name}" in result.output
    first_line = command.help.strip().splitlines()[0]
    assert first_line in " ".join(result.output.split())  # click re-wraps long lines


@pytest.mark.parametrize("name", ["", *sorted(cli.commands)])
def test_every_option_has_help(name: str):
    command = cli.commands[name] if name else cli
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name or 'curator'} {param.opts[0]} has no help text"


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"curator, version {curator.__version__}"


def test_python_m_curator_help():
    proc = subprocess.run(
        [sys.executable, "-m", "curator", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Usage: curator" in proc.stdout
    assert "import" in proc.stdout and "schema" in proc.stdout


# -- environment variables ------------------------------------------------------------------


def test_curator_db_env(tmp_path: Path):
    db = tmp_path / "from-env.db"
    result = invoke("import", SAMPLE, env={"CURATOR_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()
    assert str(db) in result.output
    listed = invoke("list", env={"CURATOR_DB": str(db)})
    assert listed.exit_code == 0 and SAMPLE_ID in listed.output
    # --db wins over the environment.
    other = tmp_path / "explicit.db"
    result = invoke("--db", other, "init", env={"CURATOR_DB": str(db)})
    assert result.exit_code == 0 and other.exists()


def test_curator_annotator_env(tmp_path: Path):
    db = tmp_path / "c.db"
    result = invoke("--db", db, "import", SAMPLE, env={"CURATOR_ANNOTATOR": "carol"})
    assert result.exit_code == 0, result.output
    with Store.open(db, annotator="carol") as store:
        who = store.db.execute("SELECT DISTINCT annotator FROM events").fetchall()
        assert who == [("carol",)]
        store.set_paragraph_status(SAMPLE_ID, 3, "done")
    as_carol = invoke("--db", db, "list", SAMPLE_ID, env={"CURATOR_ANNOTATOR": "carol"})
    as_dave = invoke("--db", db, "list", SAMPLE_ID, env={"CURATOR_ANNOTATOR": "dave"})
    assert as_carol.exit_code == 0 and as_dave.exit_code == 0
    # ¶ numbers are 1-based, as in the TUI (index 3 is ¶4).
    assert as_carol.output.splitlines()[3].startswith("   4 ✓")
    assert as_dave.output.splitlines()[3].startswith("   4  ")
    # --annotator wins over the environment.
    explicit = invoke(
        "--db", db, "--annotator", "carol", "list", SAMPLE_ID, env={"CURATOR_ANNOTATOR": "dave"}
    )
    assert explicit.output == as_carol.output


# -- list -----------------------------------------------------------------------------------


def test_list_articles_with_progress(sample_db: Store):
    sample_db.set_paragraph_status(SAMPLE_ID, 1, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 2, "skipped")
    text = sample_db.paragraph_text(SAMPLE_ID, 7)
    sample_db.add_span(SAMPLE_ID, 7, 0, text.index(" "), "claim")
    with Store.open(sample_db.path, annotator="bob") as bob:
        bob.set_paragraph_status(SAMPLE_ID, 5, "done")
    result = invoke("--db", sample_db.path, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{SAMPLE_ID}    39 ¶  “We managed to save")
    assert "alice 2/39 (1 spans)" in lines[0]
    assert "bob 1/39 (0 spans)" in lines[0]
    assert "1 articles" in lines
    assert "  alice: 1 done, 1 skipped, 37 to do, 1 spans" in lines
    assert "  bob: 1 done, 0 skipped, 38 to do, 0 spans" in lines


def test_list_empty_database(fresh_db: Store):
    result = invoke("--db", fresh_db.path, "list")
    assert result.exit_code == 0
    assert "no articles yet" in result.output


def test_list_missing_database_is_not_created(tmp_path: Path):
    db = tmp_path / "missing.db"
    result = invoke("--db", db, "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db}: no such database")
    assert not db.exists()


def test_list_article_shows_kinds(sample_db: Store):
    text = sample_db.paragraph_text(SAMPLE_ID, 9)
    start = text.index("Lukashenka")
    sample_db.add_span(SAMPLE_ID, 9, start, start + 10, "speaker")
    sample_db.set_paragraph_status(SAMPLE_ID, 9, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 37, "skipped")
    result = invoke("--db", sample_db.path, "--annotator", "alice", "list", SAMPLE_ID)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 39
    assert lines[0].startswith("   1 ") and lines[-1].startswith("  39 ")  # ¶1-based, as the TUI
    kinds = {int(line[:4]) - 1: line[7:18].strip() for line in lines}
    assert kinds[0] == "heading" and kinds[16] == "heading"
    assert kinds[36] == "source_note"
    assert kinds[37] == kinds[38] == "boilerplate"
    assert {k for i, k in kinds.items() if i not in (0, 16, 36, 37, 38)} == {"body"}
    assert "Is unity possible?" in lines[16]
    assert lines[9].startswith("  10 ✓ body          1  ")
    assert lines[37].startswith("  38 - boilerplate   0  Please enter your comment! ⏎ Please")


def test_list_unknown_article_is_an_error(sample_db: Store):
    result = invoke("--db", sample_db.path, "list", "no-such-article")
    assert result.exit_code == 1
    assert result.stderr == "Error: article 'no-such-article': no such article\n"


# -- schema ---------------------------------------------------------------------------------


def test_schema_check_passes_on_committed_folder():
    result = invoke("schema", "--check", "--dir", SCHEMA_DIR)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_schema_check_fails_after_change(tmp_path: Path):
    copy = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, copy)
    assert invoke("schema", "--check", "--dir", copy).exit_code == 0
    span = copy / "span.schema.json"
    span.write_text(span.read_text("utf-8").replace('"claim"', '"assertion"', 1), "utf-8")
    result = invoke("schema", "--check", "--dir", copy)
    assert result.exit_code == 1
    assert "span.schema.json" in result.stderr and "out of date" in result.stderr
    assert "article.schema.json" not in result.stderr


def test_schema_check_fails_on_missing_file(tmp_path: Path):
    copy = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, copy)
    (copy / "tagset.toml").unlink()
    result = invoke("schema", "--check", "--dir", copy)
    assert result.exit_code == 1
    assert "tagset.toml" in result.stderr


def test_schema_writes_what_is_committed(tmp_path: Path):
    out = tmp_path / "out"
    result = invoke("schema", "--dir", out)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in SCHEMA_DIR.iterdir())
    for name in written:
        assert (out / name).read_text("utf-8") == (SCHEMA_DIR / name).read_text("utf-8"), name
    assert invoke("schema", "--check", "--dir", out).exit_code == 0


def test_export_of_an_annotator_with_nothing_warns(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "import", str(SAMPLE)]).exit_code == 0
    out = tmp_path / "n.jsonl"
    result = runner.invoke(cli, ["--db", str(db), "export", "--annotator", "nobdy", "-o", str(out)])
    assert result.exit_code == 0
    assert "warning: annotator 'nobdy' has no annotations here" in result.stderr
    assert "Exported 0 records" in result.stderr
