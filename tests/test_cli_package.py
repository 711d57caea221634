"""The CLI package (issue #14): typed settings, shared option bundles, and the merge's file
handling in the store service (the CLI plans and merges each file once)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import curator.cli
import curator.store.merge as merge_service
from curator.cli import Settings, cli
from curator.cli.base import current_settings, pass_settings
from curator.formats.articles import read_text_article
from curator.store.imports import import_articles
from curator.store.store import Store

CLI_DIR = Path(curator.cli.__file__).parent
TEXT = "A headline\n\nThe minister said the ferry would run again in May.\n"


def editor_db(path: Path, annotator: str) -> Path:
    with Store.open(path, annotator=annotator) as store:
        draft = read_text_article(TEXT, "ferry.txt", markdown=False, default_id="ferry")
        import_articles(store, [draft])
        store.add_span("ferry", 1, 4, 12, "speaker", {"name": "minister"})
    return path


def test_settings_are_typed_frozen_and_built_by_the_group(tmp_path: Path):
    seen: list[Settings] = []

    @click.command("probe")
    @pass_settings
    def probe(settings: Settings) -> None:
        seen.append(settings)

    cli.add_command(probe)
    try:
        result = CliRunner().invoke(
            cli, ["--db", str(tmp_path / "x.db"), "--annotator", "ana", "probe"]
        )
    finally:
        cli.commands.pop("probe")
    assert result.exit_code == 0, result.output
    assert seen == [Settings(db=tmp_path / "x.db", annotator="ana", tagset=None)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seen[0].annotator = "someone else"  # type: ignore[misc]
    assert current_settings(click.Context(cli)) is None


def test_no_string_keyed_settings_nor_file_clean_up_left_in_the_cli():
    for module in CLI_DIR.glob("*.py"):
        source = module.read_text("utf-8")
        assert "ctx.obj[" not in source and '.get("db"' not in source, module.name
        assert "unlink" not in source and "-wal" not in source, module.name
        assert len(source.splitlines()) < 400, module.name


def _options(name: str) -> dict[str, click.Option]:
    found = {}
    for cmd_name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name == name:
                found[cmd_name] = param
    return found


def test_article_option_is_one_bundle_with_one_help_text():
    found = _options("article_ids")
    assert set(found) == {"export", "diff", "agreement", "review", "suggest"}
    assert {(o.opts[0], o.multiple, o.help) for o in found.values()} == {
        ("--article", True, "Only this article (repeatable).")
    }


def test_label_option_is_one_bundle():
    found = _options("labels")
    assert set(found) == {"export", "diff", "agreement"}
    assert all(o.opts == ["--label"] and o.multiple for o in found.values())
    # export filters spans; the review commands filter their comparison (help as before).
    assert found["export"].help == "Only spans with this label (repeatable)."
    assert found["diff"].help == found["agreement"].help == "Only this label (repeatable)."


@pytest.mark.parametrize("target_exists", [False, True])
def test_merge_command_merges_each_file_once(tmp_path: Path, monkeypatch, target_exists: bool):
    alice = editor_db(tmp_path / "alice.db", "alice")
    bob = editor_db(tmp_path / "bob.db", "bob")
    team = tmp_path / "team.db"
    if target_exists:
        Store.open(team, annotator="lead").close()
    calls: list[list[Path]] = []
    real = merge_service.merge_all

    def counting(store, sources):
        calls.append(list(sources))
        return real(store, sources)

    monkeypatch.setattr(merge_service, "merge_all", counting)
    result = CliRunner().invoke(cli, ["--db", str(team), "merge", str(alice), str(bob)])
    assert result.exit_code == 0, result.output
    assert calls == [[alice, bob]]
    assert "1 articles added" in result.output
    with Store.open(team, annotator="lead", create=False) as store:
        assert len(store.spans("ferry", annotator="alice")) == 1


def test_merge_service_merges_into_a_target_made_meanwhile(tmp_path: Path, monkeypatch):
    """The store owns the new-target dance: when another run made the file first, the merge
    goes into theirs (once), and no temporary or -wal/-shm file is left beside it."""
    alice = editor_db(tmp_path / "alice.db", "alice")
    team = tmp_path / "out" / "team.db"
    team.parent.mkdir()
    real_create = Store.create_new

    def raced(path, **kwargs):
        with real_create(path, annotator="other"):  # the other run wins the race
            pass
        return real_create(path, **kwargs)

    monkeypatch.setattr(Store, "create_new", raced)
    plans = merge_service.merge_into_database(team, [alice], annotator="lead")
    assert [p.added for p in plans] == [1]
    assert sorted(p.name for p in team.parent.iterdir()) == ["team.db"]
    with Store.open(team, annotator="lead", create=False) as store:
        assert len(store.spans("ferry", annotator="alice")) == 1
