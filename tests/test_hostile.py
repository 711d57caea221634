"""Hostile input through every entry point: import, import-annotations, --tagset, the key
map, the TUI and every export format.

The corpus is generated here (tests/hostile/README.md lists it). Expected for each input: a
clear one-line error (exit 1, naming the file/line/field) and an unchanged database, or a
literal, safe result; never a traceback, a hang, a terminal escape in the output, or a file
outside the target folder.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from conftest import SAMPLE, db_state

from curator.cli import cli
from curator.domain.errors import InputError
from curator.domain.tagset import load_tagset
from curator.store.store import Store
from curator.tui.config import load_keymap

ESC = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"
MARKUP = "[bold]x[/bold] [/x] [link=file:///etc/passwd]y[/link] [@click=app.quit]q[/]"
BIDI = "abc\u202edcba\u202c \u2066iso\u2069 a\u200db\u200cc\ufeff"
SQL = "'; DROP TABLE spans; --"
TRAVERSAL = "../../x"
HOSTILE = {"esc": ESC, "markup": MARKUP, "bidi": BIDI, "sql": SQL, "traversal": TRAVERSAL}
"""Strings put into every string field."""
FORMATS = ["curator", "prodigy", "doccano", "brat", "mqm", "claimreview"]
TRIED: list[str] = []
"""Every hostile input fed to an entry point (counted in the report)."""


def invoke(db: Path, *args: str, expect_ok: bool | None = None) -> Any:
    """Run the CLI; check the outcome is a success or one clean line, with no escapes."""
    TRIED.append(" ".join(args)[:80])
    before = db_state(db)
    res = CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), (
        f"{args}: {res.exception!r}"
    )
    assert "Traceback" not in res.output
    assert "\x1b" not in res.stdout and "\x1b" not in res.stderr, (args, res.output[:300])
    assert res.exit_code in (0, 1), res.output
    if res.exit_code == 1:
        lines = [line for line in res.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr[:500]
        assert len(lines[0]) < 1000, lines[0][:300]
        assert db_state(db) == before, f"{args}: refused input changed the database"
    if expect_ok is not None:
        assert (res.exit_code == 0) == expect_ok, res.output[:500]
    return res


def files_under(root: Path) -> set[Path]:
    return {p.resolve() for p in root.rglob("*")}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (exports/ default lands here) with a folder `in/`."""
    base = tmp_path / "a" / "b" / "work"
    (base / "in").mkdir(parents=True)
    monkeypatch.chdir(base)
    return base


# -- article import ------------------------------------------------------------------------------


def bad_article_files(folder: Path) -> dict[str, Path]:
    """Files that must be refused or imported literally."""
    files = {
        "invalid-utf8.txt": b"Title\n\nbad \xff\xfe bytes \xc3\x28 here\n",
        "nul.txt": b"Title\x00\n\nNUL \x00 inside\n",
        "nul.jsonl": b'{"id": "n", "text": "a\\u0000b"}\n',
        "surrogate.jsonl": b'{"id": "s", "text": "lone \\ud800 surrogate"}\n',
        "surrogate-id.jsonl": b'{"id": "\\udfff", "text": "x"}\n',
        "nested.jsonl": b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "nested-meta.jsonl": b'{"id": "m", "text": "t", "meta": '
        + b"[" * 10_000
        + b"]" * 10_000
        + b"}\n",
        "not-object.jsonl": b'"just a string"\n',
        "wrong-types.jsonl": b'{"id": 5, "text": ["x"]}\n',
        "huge-number.jsonl": b'{"id": "h", "text": "t", "meta": {"n": 1' + b"0" * 5000 + b"}}\n",
        "bom.txt": "\ufeffTitle\n\nBody\n".encode(),
        "empty.txt": b"",
        "only-ws.jsonl": b"   \n\n",
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    return out


def test_bad_article_files_refused_or_literal(work: Path):
    db = work / "c.db"
    Store.open(db, annotator="alice").close()
    for name, path in bad_article_files(work / "in").items():
        res = invoke(db, "import", str(path))
        if res.exit_code == 1:
            assert path.name in res.stderr, res.stderr
        else:
            assert name in {"bom.txt", "nul.txt", "nul.jsonl"}, (name, res.output)
    with Store.open(db, annotator="alice") as store:
        for info in store.articles():
            for p in store.paragraphs(info.id):
                assert "\x00" not in p.text and "\ufeff" not in p.text[:1]


def hostile_jsonl(folder: Path) -> Path:
    """One article per hostile string, the string in every field."""
    lines = []
    for key, s in HOSTILE.items():
        lines.append(
            {
                "id": f"{key}-art",
                "title": s,
                "url": s,
                "source": s,
                "source_lang": "en",
                "mt_system": s,
                "meta": {s: s, "note": s},
                "paragraphs": [f"{s} said {s}.", f"On 5 May 2022 {s} wrote: “{s}”", s],
            }
        )
    path = folder / "hostile.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in lines))
    return path


def test_hostile_article_ids_refused(work: Path):
    db = work / "c.db"
    for key, s in HOSTILE.items():
        if key == "bidi":
            s = "a\u202eb"
        path = work / "in" / f"id-{key}.jsonl"
        path.write_bytes(orjson.dumps({"id": s, "text": "Some text."}) + b"\n")
        res = invoke(db, "import", str(path), expect_ok=False)
        assert "line 1: id:" in res.stderr and "\x1b" not in res.stderr
        md = work / "in" / f"id-{key}.md"
        md.write_text(f"---\nid: {s}\n---\nTitle\n\nBody.\n")
        res = invoke(db, "import", str(md), expect_ok=False)
        assert "line 2" in res.stderr, res.stderr
    assert not db.exists()


def add_hostile_spans(db: Path, annotator: str = "alice") -> None:
    """Spans with hostile attrs (names, notes, corrections) on every article."""
    with Store.open(db, annotator=annotator) as store:
        for info in store.articles():
            n = min(len(store.paragraph_text(info.id, 0)), 5)
            claim = store.add_span(
                info.id,
                0,
                0,
                n,
                "claim",
                {"check_worthy": "yes", "summary": SQL, "verdict": ESC, "note": MARKUP + BIDI},
            )
            speaker = store.add_span(
                info.id, 0, 0, n, "speaker", {"name": SQL + ESC, "type": "person", "role": MARKUP}
            )
            store.add_relation("attributed_to", claim.id, speaker.id)
            store.add_span(
                info.id,
                1,
                0,
                2,
                "translation_error",
                {
                    "category": "Other",
                    "severity": "minor",
                    "correction": ESC + "\t\n" + SQL,
                    "note": TRAVERSAL + BIDI,
                },
            )
            store.set_paragraph_status(info.id, 0, "done", note=ESC + SQL)


def hostile_annotations(db: Path, work: Path, fmt: str) -> Path:
    """An export of alice's hostile spans in `fmt`, to import back."""
    out = work / "in" / f"ann-{fmt}.jsonl"
    invoke(db, "export", "--format", fmt, "-o", str(out), expect_ok=True)
    return out


def test_hostile_strings_import_literally_and_export_safely(work: Path):
    db = work / "c.db"
    invoke(db, "import", str(hostile_jsonl(work / "in")), expect_ok=True)
    with Store.open(db, annotator="alice") as store:
        ids = {a.id for a in store.articles()}
        assert len(ids) == len(HOSTILE)
        assert {"spans", "paragraphs", "articles"} <= set(store.db.table_names())
        for a in store.articles():
            # Control characters are replaced one for one; markup and bidi stay literal.
            assert "\x1b" not in store.paragraph_text(a.id, 0)
    add_hostile_spans(db)
    for fmt in ("curator", "prodigy", "doccano"):
        ann = hostile_annotations(db, work, fmt)
        other = work / f"other-{fmt}.db"
        invoke(other, "import", str(work / "in" / "hostile.jsonl"), expect_ok=True)
        res = invoke(other, "import-annotations", "--format", fmt, str(ann))
        if res.exit_code == 1:
            pytest.fail(f"{fmt}: valid hostile annotations refused: {res.stderr}")
    # An annotator named like a path and like SQL gets a layer too (it is only a name).
    for name in (TRAVERSAL, SQL):
        with Store.open(db, annotator=name) as store:
            store.add_span("traversal-art", 0, 0, 3, "claim", {"check_worthy": "no", "note": ESC})
    before = files_under(work.parent.parent)
    for fmt in FORMATS:
        for who in (["--all"], ["--annotator", TRAVERSAL], []):
            out = work / "out" / fmt
            res = invoke(db, "export", "--format", fmt, "-o", str(out), *who)
            assert res.exit_code == 0, res.stderr
            body = b"".join(p.read_bytes() for p in out.parent.rglob("*") if p.is_file())
            assert b"\x1b" not in body, fmt
            invoke(db, "export", "--format", fmt, *who)  # default name under exports/
    after = files_under(work.parent.parent)
    outside = {p for p in after - before if not p.is_relative_to(work.resolve())}
    assert not outside, f"files written outside the work folder: {sorted(outside)}"
    assert {p.name for p in (work / "exports").iterdir()} and not any(
        ".." in p.name or p.name.startswith(".") for p in (work / "exports").iterdir()
    )
    with Store.open(db, annotator="alice") as store:
        assert store.db["spans"].exists() and store.db["spans"].count >= 3 * len(HOSTILE)


def test_bad_annotation_files_refused(work: Path):
    db = work / "c.db"
    invoke(db, "import", str(SAMPLE), expect_ok=True)
    text = "x"
    bad: dict[str, bytes] = {
        "invalid-utf8.jsonl": b'{"article_id": "csto-20-years"\xff}\n',
        "nul.jsonl": b"\x00\x00\n",
        "nested.jsonl": b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "surrogate.jsonl": b'{"article_id": "\\ud800", "paragraph": 0, "spans": []}\n',
        "huge-line.jsonl": b'{"text": "' + b"a" * (12 << 20) + b'"}\n',
        "not-object.jsonl": b"[1, 2]\n",
        "wrong-types.jsonl": b'{"article_id": 1, "paragraph": "x", "spans": {}}\n',
        "offsets.jsonl": orjson.dumps(
            {
                "article_id": "csto-20-years",
                "paragraph": 0,
                "spans": [{"start": -1, "end": 10**12, "text": text, "label": SQL}],
            }
        )
        + b"\n",
        "traversal.jsonl": orjson.dumps(
            {"article_id": TRAVERSAL, "paragraph": 0, "spans": [], "text": ESC}
        )
        + b"\n",
        "sql-label.jsonl": orjson.dumps(
            {
                "text": "abc",
                "spans": [{"start": 0, "end": 1, "label": SQL, "token_start": 0}],
                "label": [[0, 1, SQL]],
                "meta": {"article_id": SQL},
            }
        )
        + b"\n",
    }
    for name, data in bad.items():
        path = work / "in" / name
        path.write_bytes(data)
        for fmt in ("curator", "prodigy", "doccano"):
            started = time.perf_counter()
            res = invoke(db, "import-annotations", "--format", fmt, str(path))
            assert time.perf_counter() - started < 30
            assert res.exit_code == 1, (name, fmt, res.output[:300])
            assert name in res.stderr


# -- tag set and key map ---------------------------------------------------------------------------


def tagset_variants() -> dict[str, bytes]:
    base = (SAMPLE.parent / "tagset.toml").read_bytes()
    return {
        "invalid-utf8.toml": b'name = "\xff"\n',
        "nul.toml": b"name = 'x'\x00\n",
        "nested.json": b"[" * 10_000 + b"]" * 10_000,
        "nested.toml": b"a = " + b"[" * 5_000 + b"]" * 5_000 + b"\n",
        "surrogate.json": b'{"name": "\\ud800", "labels": []}',
        "esc-label.toml": base.replace(b'name = "claim"', b'name = "\\u001b]0;x\\u0007"', 1),
        "markup-label.toml": base.replace(b'name = "claim"', b'name = "[bold]claim[/]"', 1),
        "sql-label.toml": base.replace(b'name = "claim"', b'name = "\'; DROP TABLE spans; --"', 1),
        "traversal-label.toml": base.replace(b'name = "claim"', b'name = "../../x"', 1),
        "bidi-label.toml": base.replace(b'name = "claim"', "name = 'a\u202eb'".encode(), 1),
        "wrong-type.json": b'{"name": 1, "labels": "x"}',
        "huge.toml": b'name = "' + b"a" * (2 << 20) + b'"\n',
        "dup.toml": base + base[base.index(b"[[labels]]") :],
    }


def test_hostile_tagset_files(work: Path):
    for name, data in tagset_variants().items():
        path = work / "in" / name
        path.write_bytes(data)
        TRIED.append(f"tagset {name}")
        try:
            tagset = load_tagset(path)
        except InputError as exc:
            msg = str(exc)
            assert str(path) in msg and "\n" not in msg and "\x1b" not in msg, msg[:300]
            assert len(msg) < 1000, msg[:300]
        else:
            # Accepted: every label name is usable as plain text, never as markup or a path.
            assert all("\x1b" not in label.name for label in tagset.labels)
        db = work / f"{name}.db"
        res = CliRunner().invoke(cli, ["--db", str(db), "--tagset", str(path), "init"])
        assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
        assert "\x1b" not in res.output
        if res.exit_code != 0:
            assert not db.exists(), f"{name}: refused tag set left a database"


def test_hostile_keymap_files(work: Path):
    known = {"curator.next_paragraph", "curator.quit"}
    cases = {
        "invalid-utf8": b'[keys]\n"curator.quit" = "\xff"\n',
        "nul": b'[keys]\n"curator.quit" = "q\x00"\n',
        "nested": b"[keys]\na = " + b"[" * 5_000 + b"]" * 5_000 + b"\n",
        "esc-key": b'[keys]\n"curator.quit" = "\\u001b]0;x\\u0007"\n',
        "esc-id": b'[keys]\n"\\u001b]0;x" = "q"\n',
        "markup": b'[keys]\n"curator.quit" = "[bold]q[/]"\n',
        "sql": b'[keys]\n"curator.quit" = "\'; DROP TABLE spans; --"\n',
        "not-table": b'keys = "q"\n',
        "wrong-type": b'[keys]\n"curator.quit" = 5\n',
        "huge": b'[keys]\n"curator.quit" = "' + b"q," * (1 << 20) + b'"\n',
    }
    for name, data in cases.items():
        path = work / "in" / f"{name}.toml"
        path.write_bytes(data)
        TRIED.append(f"keymap {name}")
        try:
            keymap = load_keymap(path, known)
        except InputError as exc:
            msg = str(exc)
            assert str(path) in msg and "\n" not in msg, msg[:300]
            # The CLI makes control characters in a message visible (U+FFFD), never raw.
            with pytest.MonkeyPatch.context() as mp:
                import curator.tui.config

                mp.setattr(curator.tui.config, "config_path", lambda path=path: path)
                res = CliRunner().invoke(cli, ["--db", str(work / "k.db"), "review", "a", "b"])
            assert res.exit_code == 1 and res.stderr.startswith("Error: "), res.output[:300]
            assert "\x1b" not in res.output and "Traceback" not in res.output
        else:
            assert set(keymap) <= known


# -- scale: one huge paragraph, 100,000 paragraphs --------------------------------------------------


def test_ten_megabyte_paragraph_imports_and_exports(work: Path):
    db = work / "c.db"
    words = ("lorem ipsum dolor sit amet " * 400_000)[: 10 << 20].strip()
    path = work / "in" / "big.txt"
    path.write_text("Big\n\n" + words + "\n")
    invoke(db, "import", str(path), expect_ok=True)
    with Store.open(db, annotator="alice") as store:
        assert len(store.paragraph_text("big", 1)) == len(words)
        store.add_span("big", 1, 10, 15, "claim", {"check_worthy": "yes"})
    # Bounded by work, not wall time: every format writes the one span of the 10 MB paragraph
    # (export speed and linearity are measured in bench/export_bench.py).
    for fmt in FORMATS:
        out = work / "out" / fmt
        result = invoke(db, "export", "--format", fmt, "-o", str(out), expect_ok=True)
        assert "1 spans" in result.output or "1 span" in result.output, (fmt, result.output)


def test_hundred_thousand_paragraphs_import_and_open_in_tui(work: Path):
    from test_tui import SIZE, annotate, screen_text

    from curator.tui.app import make_app

    db = work / "c.db"
    path = work / "in" / "many.txt"
    path.write_text("Many\n\n" + "\n\n".join(f"p{i}." for i in range(100_000)) + "\n")
    started = time.perf_counter()
    invoke(db, "import", str(path), expect_ok=True)
    imported = time.perf_counter() - started
    app = make_app(db, "alice")

    async def main() -> float:
        t0 = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            opened = time.perf_counter() - t0
            screen = annotate(pilot)
            assert len(screen.paragraphs) == 100_001
            assert "Many" in screen_text(pilot)
            await pilot.press("j")
            await pilot.pause()
            return opened

    opened = asyncio.run(main())
    assert imported < 60 and opened < 30, (imported, opened)
    print(f"100,000 paragraphs: import {imported:.1f}s, TUI open {opened:.1f}s")


# -- TUI display ------------------------------------------------------------------------------------


def test_tui_shows_hostile_text_literally(work: Path):
    from test_tui import SIZE, annotate, screen_text

    from curator.tui.app import make_app

    db = work / "c.db"
    invoke(db, "import", str(hostile_jsonl(work / "in")), expect_ok=True)
    add_hostile_spans(db)
    with Store.open(db, annotator="alice") as store:
        ids = [a.id for a in store.articles()]
    for article_id in ids:
        app = make_app(db, "alice", article_id=article_id)

        async def main(app: Any = app, article_id: str = article_id) -> None:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                screen = annotate(pilot)
                assert screen.article_id == article_id
                for keys in ((), ("tab",), ("o",), ("question_mark",), ("escape",)):
                    for key in keys:
                        await pilot.press(key)
                    await pilot.pause()
                    shown = screen_text(pilot)
                    assert "\x1b]" not in shown and "\x07" not in shown
                    assert "pwned" not in shown or "\ufffd" in shown
                if article_id.startswith("markup"):
                    assert "[bold]x[/bold]" in shown  # markup shows as typed

        asyncio.run(main())
        TRIED.append(f"tui {article_id[:20]!r}")
