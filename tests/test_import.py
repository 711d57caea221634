"""Importing articles: the sample, front matter, Markdown, JSONL, folders, odd text, re-import
and --replace, and bad inputs that must leave the database as it was."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE, SAMPLE_ID, db_state

from curator.cli import cli
from curator.domain.errors import ConflictError, InputError
from curator.formats.articles import collect_files, read_drafts
from curator.store.imports import import_articles
from curator.store.store import Store

SAMPLE_TEXT = SAMPLE.read_text("utf-8")


def run(db: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "alice", *map(str, args)])


def drafts_of(*paths: Path) -> list:
    return list(read_drafts(collect_files(list(paths))))


def import_files(store: Store, *paths: Path, replace: bool = False):
    return import_articles(store, drafts_of(*paths), replace=replace)


# -- the sample -----------------------------------------------------------------------------


def test_sample_paragraphs_and_kinds(sample_db: Store):
    paragraphs = sample_db.paragraphs(SAMPLE_ID)
    assert len(paragraphs) == 39
    assert [p.index for p in paragraphs] == list(range(39))
    kinds = {p.index: p.kind for p in paragraphs if p.kind != "body"}
    assert kinds == {
        0: "heading",
        16: "heading",
        36: "source_note",
        37: "boilerplate",
        38: "boilerplate",
    }
    assert paragraphs[16].text == "Is unity possible?"
    assert paragraphs[36].text == "Source: Gazeta"
    assert paragraphs[37].text.startswith("Please enter your comment!")
    assert paragraphs[38].text == "More from author"


def test_sample_article_metadata(sample_db: Store):
    article = sample_db.article(SAMPLE_ID)
    assert article.id == "csto-20-years"
    assert article.title == (
        "“We managed to save in very difficult conditions”: What has CSTO come to in 20 years?"
    )
    assert article.meta == {}
    (info,) = sample_db.articles()
    assert (info.id, info.n_paragraphs) == (SAMPLE_ID, 39)


def test_sample_paragraphs_are_the_file_blocks(sample_db: Store):
    blocks = [b.strip() for b in SAMPLE_TEXT.split("\n\n") if b.strip()]
    assert [p.text for p in sample_db.paragraphs(SAMPLE_ID)] == blocks


def test_reimport_is_a_no_op(sample_db: Store):
    state = db_state(sample_db.path)
    results = import_files(sample_db, SAMPLE)
    assert [(r.outcome, r.paragraphs) for r in results] == [("unchanged", 39)]
    assert db_state(sample_db.path) == state


def test_cli_reimport_says_nothing_to_do(tmp_path: Path):
    db = tmp_path / "c.db"
    first = run(db, "import", SAMPLE)
    assert first.exit_code == 0, first.output
    assert "imported" in first.output and SAMPLE_ID in first.output
    assert "1 imported" in first.output
    state = db_state(db)
    second = run(db, "import", SAMPLE)
    assert second.exit_code == 0, second.output
    assert "unchanged" in second.output
    assert "Nothing to do" in second.output
    assert db_state(db) == state


# -- changed text under the same id ---------------------------------------------------------


def changed_sample(tmp_path: Path) -> Path:
    """The sample with a paragraph inserted after the title, one quote edited away and one
    paragraph extended in front (same file name, so the same article id)."""
    blocks = [b.strip() for b in SAMPLE_TEXT.split("\n\n") if b.strip()]
    assert blocks[7] == "Ukraine is not mentioned once in the final document."
    blocks[7] = "Ukraine was named twice in the final document."
    blocks[20] = "Evseev said: " + blocks[20]
    blocks.insert(1, "Editor's note: this article was updated on May 18.")
    folder = tmp_path / "v2"
    folder.mkdir()
    path = folder / SAMPLE.name
    path.write_text("\n\n".join(blocks) + "\n", "utf-8")
    return path


def tag(store: Store, paragraph: int, quote: str, label: str):
    text = store.paragraph_text(SAMPLE_ID, paragraph)
    start = text.index(quote)
    return store.add_span(SAMPLE_ID, paragraph, start, start + len(quote), label)


def test_changed_text_refused_without_replace(sample_db: Store, tmp_path: Path):
    tag(sample_db, 7, "Ukraine is not mentioned once", "claim")
    v2 = changed_sample(tmp_path)
    state = db_state(sample_db.path)
    with pytest.raises(ConflictError, match="already stored with other text; use --replace"):
        import_files(sample_db, v2)
    assert db_state(sample_db.path) == state

    result = run(sample_db.path, "import", v2)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert str(v2) in line and "--replace" in line
    assert db_state(sample_db.path) == state


def test_replace_reanchors_and_orphans(sample_db: Store, tmp_path: Path):
    # "Lukashenka" occurs in paragraphs 9 and 10: after the insertion old 9 sits at
    # index 10, so a span of old 10 must follow its own (unchanged) paragraph to 11.
    para10 = sample_db.paragraph_text(SAMPLE_ID, 10)
    assert para10.startswith("Lukashenka")
    assert "Lukashenka" in sample_db.paragraph_text(SAMPLE_ID, 9)
    moved = sample_db.add_span(SAMPLE_ID, 10, 0, len("Lukashenka"), "speaker")
    lost = tag(sample_db, 7, "Ukraine is not mentioned once", "claim")
    shifted = tag(sample_db, 20, "the Organization survived", "claim")
    sample_db.set_paragraph_status(SAMPLE_ID, 10, "done")
    sample_db.set_paragraph_status(SAMPLE_ID, 7, "done")

    results = import_files(sample_db, changed_sample(tmp_path), replace=True)
    (r,) = results
    assert (r.outcome, r.paragraphs, r.reanchored, r.orphaned) == ("replaced", 40, 2, 1)
    assert r.warnings and "orphaned" in r.warnings[0]

    paragraphs = sample_db.paragraphs(SAMPLE_ID)
    assert len(paragraphs) == 40
    assert sample_db.article(SAMPLE_ID).title.startswith("“We managed")

    m = sample_db.span(moved.id)
    assert (m.paragraph, m.start, m.end, m.status) == (11, 0, 10, "active")
    assert paragraphs[11].text == para10

    s = sample_db.span(shifted.id)
    assert s.paragraph == 21 and s.status == "active"
    assert s.start == shifted.start + len("Evseev said: ")
    assert paragraphs[21].text[s.start : s.end] == "the Organization survived"

    o = sample_db.span(lost.id)  # never deleted
    assert o.status == "orphaned" and o.text == "Ukraine is not mentioned once"
    assert {x.id for x in sample_db.spans(SAMPLE_ID)} == {moved.id, shifted.id}
    assert [x.id for x in sample_db.spans(SAMPLE_ID, statuses=("orphaned",))] == [lost.id]

    # The mark of the unchanged paragraph moved with it; the edited one is back to todo.
    assert {i: st.status for i, st in sample_db.statuses(SAMPLE_ID).items()} == {11: "done"}

    # Search sees the new text.
    assert [h.paragraph for h in sample_db.search("Editor's note")] == [1]
    assert sample_db.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_replace_back_restores_orphans(sample_db: Store, tmp_path: Path):
    lost = tag(sample_db, 7, "Ukraine is not mentioned once", "claim")
    sample_db.update_span(lost.id, status="pending")
    import_files(sample_db, changed_sample(tmp_path), replace=True)
    assert sample_db.span(lost.id).status == "orphaned"
    (r,) = import_files(sample_db, SAMPLE, replace=True)
    assert (r.outcome, r.reanchored, r.orphaned) == ("replaced", 1, 0)
    back = sample_db.span(lost.id)
    assert (back.paragraph, back.start, back.status) == (7, 0, "pending")
    assert "status_before_orphaned" not in back.meta


def test_replace_back_logs_the_orphan_as_it_was(sample_db: Store, tmp_path: Path):
    # The event's `before` is the stored row: restoring must not edit it in place.
    lost = tag(sample_db, 7, "Ukraine is not mentioned once", "claim")
    import_files(sample_db, changed_sample(tmp_path), replace=True)
    import_files(sample_db, SAMPLE, replace=True)
    before, after = sample_db.db.execute(
        "SELECT before, after FROM events WHERE action = 'span.reanchor' AND entity_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [lost.id],
    ).fetchone()
    assert json.loads(before)["meta"] == {"status_before_orphaned": "active"}
    assert json.loads(after)["meta"] == {}


def test_cli_replace(sample_db: Store, tmp_path: Path):
    tag(sample_db, 7, "Ukraine is not mentioned once", "claim")
    tag(sample_db, 9, "Lukashenka", "speaker")
    result = run(sample_db.path, "import", "--replace", changed_sample(tmp_path))
    assert result.exit_code == 0, result.output
    assert "replaced" in result.stdout and "1 re-anchored, 1 orphaned" in result.stdout
    assert "1 annotations lost their quote" in result.stderr
    assert sample_db.article(SAMPLE_ID) is not None
    assert len(sample_db.paragraphs(SAMPLE_ID)) == 40


# -- front matter, Markdown, JSONL, folders --------------------------------------------------


def test_front_matter(fresh_db: Store, tmp_path: Path):
    path = tmp_path / "ignored-name.txt"
    path.write_text(
        "---\n"
        "id: gazeta-csto\n"
        "url: https://www.gazeta.ru/politics/csto.shtml\n"
        "dct: 2022-05-17T10:00\n"
        "source_lang: ru\n"
        "target_lang: en\n"
        "mt_system: 'DeepL'\n"
        "# a comment line\n"
        "Author: Ivan Ivanov\n"
        "---\n"
        "CSTO at 20\n\nThe summit took place on May 16.\n",
        "utf-8",
    )
    import_files(fresh_db, path)
    article = fresh_db.article("gazeta-csto")
    assert article.url == "https://www.gazeta.ru/politics/csto.shtml"
    assert article.dct == dt.date(2022, 5, 17)
    assert (article.source_lang, article.target_lang, article.mt_system) == ("ru", "en", "DeepL")
    assert article.meta == {"author": "Ivan Ivanov"}
    assert article.title == "CSTO at 20"
    assert [p.text for p in fresh_db.paragraphs("gazeta-csto")] == [
        "CSTO at 20",
        "The summit took place on May 16.",
    ]


def test_front_matter_title_and_date_key(fresh_db: Store, tmp_path: Path):
    path = tmp_path / "b.md"
    path.write_text("---\ntitle: Given title\ndate: 2021-12-31\n---\nFirst para.\n", "utf-8")
    import_files(fresh_db, path)
    article = fresh_db.article("b")
    assert (article.title, article.dct) == ("Given title", dt.date(2021, 12, 31))


@pytest.mark.parametrize(
    ("front", "line", "field"),
    [
        ("id: ok\nthis line has no colon\n", 3, None),
        ("id: ok\nurl: x\nsource_lang: not a language\n", 4, "source_lang"),
        ("dct: 17 May\n", 2, "dct"),
    ],
)
def test_front_matter_errors_name_the_line(tmp_path: Path, front: str, line: int, field):
    path = tmp_path / "bad.txt"
    path.write_text(f"---\n{front}---\nTitle\n\nBody.\n", "utf-8")
    with pytest.raises(InputError) as exc_info:
        drafts_of(path)
    msg = str(exc_info.value)
    assert msg.startswith(f"{path}: line {line}: ")
    if field:
        assert f"{field}: " in msg


def test_front_matter_never_closed(tmp_path: Path):
    path = tmp_path / "open.txt"
    path.write_text("---\nid: x\nTitle\n\nBody\n", "utf-8")
    with pytest.raises(InputError, match=r"line 1: front matter starts with --- but never ends"):
        drafts_of(path)


def test_markdown_heading_title(fresh_db: Store, tmp_path: Path):
    path = tmp_path / "Summit Report.md"
    path.write_text("# The CSTO summit\n\nLeaders met.\n\n## Reactions\n\nMixed.\n", "utf-8")
    import_files(fresh_db, path)
    article = fresh_db.article("summit-report")
    assert article.title == "The CSTO summit"
    paras = fresh_db.paragraphs("summit-report")
    assert [(p.text, p.kind) for p in paras] == [
        ("The CSTO summit", "heading"),
        ("Leaders met.", "body"),
        ("Reactions", "heading"),
        ("Mixed.", "body"),
    ]


def test_txt_keeps_hash_lines(fresh_db: Store, tmp_path: Path):
    # Only Markdown files have `#` headings; in .txt a leading # is text.
    path = tmp_path / "hash.txt"
    path.write_text("Title\n\n# 1 in the ranking\n", "utf-8")
    import_files(fresh_db, path)
    assert fresh_db.paragraphs("hash")[1].text == "# 1 in the ranking"


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_jsonl_text_and_paragraphs(fresh_db: Store, tmp_path: Path):
    path = write_jsonl(
        tmp_path / "batch.jsonl",
        [
            {
                "id": "j-text",
                "title": "From text",
                "text": "First para.\r\n\r\nSecond para.",
                "dct": "2022-05-17",
                "section": "politics",
                "meta": {"feed": "rss"},
            },
            {"id": "j-paras", "paragraphs": ["Heading line", "Body A\n\nBody B"], "words": 5},
        ],
    )
    results = import_files(fresh_db, path)
    assert [(r.article_id, r.outcome) for r in results] == [
        ("j-text", "imported"),
        ("j-paras", "imported"),
    ]
    assert results[0].source == f"{path}: line 1"
    a = fresh_db.article("j-text")
    assert (a.title, a.dct) == ("From text", dt.date(2022, 5, 17))
    assert a.meta == {"section": "politics", "feed": "rss"}
    assert [p.text for p in fresh_db.paragraphs("j-text")] == ["First para.", "Second para."]
    b = fresh_db.article("j-paras")
    assert b.title == "Heading line" and b.meta == {"words": 5}
    assert [p.text for p in fresh_db.paragraphs("j-paras")] == ["Heading line", "Body A", "Body B"]


def test_jsonl_without_id_gets_stable_derived_id(fresh_db: Store, tmp_path: Path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"title": "CSTO at 20!", "text": "Body."}])
    (first,) = drafts_of(path)
    (again,) = drafts_of(path)
    assert first.article.id == again.article.id
    assert first.article.id.startswith("csto-at-20-")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": "a"}, "give exactly one of `text` or `paragraphs`"),
        ({"id": "a", "text": "x", "paragraphs": ["y"]}, "give exactly one of"),
        ({"id": "a", "text": ["x"]}, "text: expected a string, got list"),
        ({"id": "a", "paragraphs": "x"}, "paragraphs: expected a list of strings"),
        ({"id": "a", "text": "  \n "}, "the article has no text"),
        ({"id": 7, "text": "x"}, "id: expected a string, got int"),
        ({"id": "a", "text": "x", "meta": [1]}, "meta: expected an object"),
        ({"id": "../etc", "text": "x"}, "id: String should match pattern"),
        ([1, 2], "expected a JSON object, got list"),
    ],
)
def test_jsonl_record_errors(tmp_path: Path, record, expected: str):
    path = write_jsonl(tmp_path / "bad.jsonl", [{"id": "fine", "text": "ok"}, record])
    with pytest.raises(InputError) as exc_info:
        drafts_of(path)
    msg = str(exc_info.value)
    assert msg.startswith(f"{path}: line 2: ")
    assert expected in msg


def test_folder_import_is_recursive(fresh_db: Store, tmp_path: Path):
    root = tmp_path / "corpus"
    (root / "ru" / "2022").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("Article A\n\nText A.\n", "utf-8")
    (root / "ru" / "b.md").write_text("# Article B\n\nText B.\n", "utf-8")
    write_jsonl(
        root / "ru" / "2022" / "c.jsonl",
        [{"id": "c1", "text": "C one"}, {"id": "c2", "text": "C two"}],
    )
    (root / "ru" / "notes.pdf").write_bytes(b"%PDF-1.4\x00")
    (root / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n", "utf-8")
    result = run(fresh_db.path, "import", root)
    assert result.exit_code == 0, result.output
    assert {a.id for a in fresh_db.articles()} == {"a", "b", "c1", "c2"}
    assert "4 imported" in result.output
    # Import order follows the sorted paths ("ru/2022/c.jsonl" < "ru/b.md").
    assert [a.id for a in fresh_db.articles()] == ["a", "c1", "c2", "b"]


def test_unsupported_file_type_named(tmp_path: Path):
    path = tmp_path / "article.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match=r"article\.docx: unsupported file type '\.docx'"):
        collect_files([path])


# -- odd text --------------------------------------------------------------------------------


def test_crlf_bom_nbsp_emoji_combining(fresh_db: Store, tmp_path: Path):
    body = "Cafe\u0301 \u2615 \U0001f44d\U0001f3fd says\u00a0hello to q\u0307 and Zoe\u0308."
    raw = "\ufeffThe title\r\n\r\n" + body + "\r\nsecond line\r\n\r\nLast\rone\r\n"
    path = tmp_path / "odd.txt"
    path.write_bytes(raw.encode("utf-8"))
    import_files(fresh_db, path)
    article = fresh_db.article("odd")
    assert article.title == "The title"
    paras = [p.text for p in fresh_db.paragraphs("odd")]
    assert len(paras) == 3
    assert all("\r" not in p and "\ufeff" not in p for p in paras)
    text = paras[1]
    # NFC: e + combining acute composes; q + combining dot above has no precomposed form.
    assert text.startswith("Café ☕ 👍🏽 says\u00a0hello to q\u0307 and Zoë.")
    assert text.endswith("\nsecond line")
    assert paras[2] == "Last\none"

    # A span after the emoji: offsets are code points (UTF-16 would give 17, not NFC 16).
    start = text.index("hello")
    assert start == 15
    span = fresh_db.add_span("odd", 1, start, start + 5, "claim")
    stored = fresh_db.span(span.id)
    assert (stored.start, stored.end, stored.text) == (15, 20, "hello")
    assert fresh_db.paragraph_text("odd", 1)[stored.start : stored.end] == "hello"
    # A span over the emoji itself keeps both code points of the skin-toned thumb.
    e = fresh_db.add_span("odd", 1, 7, 9, "claim")
    assert fresh_db.span(e.id).text == "\U0001f44d\U0001f3fd"
    # And one over the uncomposable q + dot keeps the mark.
    q = text.index("q\u0307")
    qs = fresh_db.add_span("odd", 1, q, q + 2, "claim")
    assert fresh_db.span(qs.id).text == "q\u0307"


def test_control_characters_replaced(fresh_db: Store, tmp_path: Path):
    path = tmp_path / "ctl.txt"
    path.write_bytes(b"Title\n\nBell\x07 and esc\x1b[31m red\tok\n")
    import_files(fresh_db, path)
    assert fresh_db.paragraph_text("ctl", 1) == "Bell\ufffd and esc\ufffd[31m red\tok"


# -- bad inputs leave the database alone ----------------------------------------------------


def _missing(tmp_path: Path) -> tuple[Path, str]:
    return tmp_path / "no-such-file.txt", "no such file or directory"


def _empty_dir(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "empty-folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "scan.pdf").write_bytes(b"%PDF")
    return folder, "no importable files"


def _binary(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return path, "binary file"


def _bad_utf8(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\n\nfirst\nZo\u00eb\n".encode("latin-1"))
    return path, "line 4: invalid UTF-8"


def _empty_file(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\xef\xbb\xbf \n\n\t\n")
    return path, "empty file"


def _bad_jsonl_line(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"feed-{i}", "text": f"Article {i}"}) for i in range(1, 6)]
    lines[2] = '{"id": "feed-3", "text": "unterminated}'
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, "line 3: invalid JSON"


def _typed_jsonl_field(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "typed.jsonl"
    write_jsonl(path, [{"id": "ok", "text": "fine"}, {"id": "t", "title": 5, "text": "x"}])
    return path, "line 2: title: expected a string, got int"


def _duplicate_ids(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "dups"
    folder.mkdir()
    (folder / "a.txt").write_text("---\nid: same\n---\nOne\n\nBody.\n", "utf-8")
    write_jsonl(folder / "b.jsonl", [{"id": "same", "text": "Other body."}])
    return folder / "b.jsonl", "article id 'same' is also used by"


BAD_INPUTS: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "missing path": _missing,
    "folder without importable files": _empty_dir,
    "binary file": _binary,
    "invalid UTF-8": _bad_utf8,
    "empty file": _empty_file,
    "malformed JSONL line": _bad_jsonl_line,
    "wrongly typed JSONL field": _typed_jsonl_field,
    "duplicate ids": _duplicate_ids,
}


def assert_one_line_error(result: Result, *needles: str) -> str:
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_creates_no_database(tmp_path: Path, case: str):
    path, expected = BAD_INPUTS[case](tmp_path)
    db = tmp_path / "new.db"
    args = [path.parent] if case == "duplicate ids" else [path]
    result = run(db, "import", *args)
    assert_one_line_error(result, str(path), expected)
    assert not db.exists()
    assert list(tmp_path.glob("new.db*")) == []


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_leaves_database_unchanged(sample_db: Store, tmp_path: Path, case: str):
    path, expected = BAD_INPUTS[case](tmp_path)
    tag(sample_db, 7, "Ukraine", "claim")
    state = db_state(sample_db.path)
    # A good file in the same batch must not be imported either.
    good = tmp_path / "good.txt"
    good.write_text("Good article\n\nFine text.\n", "utf-8")
    args = [good, path.parent] if case == "duplicate ids" else [good, path]
    result = run(sample_db.path, "import", *args)
    assert_one_line_error(result, str(path), expected)
    assert db_state(sample_db.path) == state
    assert not sample_db.has_article("good")


def test_bad_jsonl_imports_nothing_of_that_file(fresh_db: Store, tmp_path: Path):
    path, _ = _bad_jsonl_line(tmp_path)
    result = run(fresh_db.path, "import", path)
    assert_one_line_error(result, f"{path}: line 3: invalid JSON")
    assert fresh_db.article_count() == 0


def test_db_path_not_sqlite(tmp_path: Path):
    db = tmp_path / "notes.db"
    db.write_text("not a database at all\n")
    state = db_state(db)
    result = run(db, "import", SAMPLE)
    assert_one_line_error(result, str(db), "not a curator database")
    assert db_state(db) == state


def test_db_from_newer_schema(sample_db: Store, tmp_path: Path):
    sample_db.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('curator', 'm999_future', '2099-01-01 00:00:00+00:00')"
    )
    sample_db.db.conn.commit()
    state = db_state(sample_db.path)
    other = tmp_path / "other.txt"
    other.write_text("Another\n\nText.\n", "utf-8")
    result = run(sample_db.path, "import", other)
    assert_one_line_error(result, str(sample_db.path), "newer")
    assert db_state(sample_db.path) == state


def test_db_path_is_a_directory(tmp_path: Path):
    folder = tmp_path / "dir.db"
    folder.mkdir()
    result = run(folder, "import", SAMPLE)
    assert result.exit_code != 0
    assert str(folder) in result.output
    assert list(folder.iterdir()) == []


def test_failed_batch_is_atomic_in_the_store(fresh_db: Store, tmp_path: Path):
    """import_articles refuses a conflicting batch before writing any of it."""
    first = tmp_path / "one.txt"
    first.write_text("One\n\nText.\n", "utf-8")
    import_files(fresh_db, first)
    first.write_text("One\n\nChanged text.\n", "utf-8")
    second = tmp_path / "two.txt"
    second.write_text("Two\n\nText.\n", "utf-8")
    with pytest.raises(ConflictError):
        import_files(fresh_db, second, first)
    assert not fresh_db.has_article("two")
    conn = sqlite3.connect(fresh_db.path)
    try:
        assert conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == 2
    finally:
        conn.close()
