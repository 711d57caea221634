"""`curator diff` and `curator agreement`: text, JSON and HTML on the two-editor fixture."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import review_fixture as rf
from click.testing import CliRunner

from curator.cli import cli
from curator.formats.articles import collect_files, read_drafts
from curator.review.diff import DiffRun, abbreviations, marked_paragraph, render_text, write_json
from curator.review.html import page_colors, write_html
from curator.store.imports import import_articles
from curator.store.store import Store

LABELS = ["claim", "speaker", "date", "translation_error"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def fixture_db(sample_db: Store) -> Store:
    rf.build(sample_db)
    return sample_db


def invoke(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def run(store: Store, **kw) -> DiffRun:
    return DiffRun(store.db, rf.A, rf.B, tagset_labels=LABELS, **kw)


# -- text ------------------------------------------------------------------------------------


def test_marked_paragraph_nests_markers():
    from curator.review.data import SpanView

    text = "said Alexander Lukashenko today"
    a = [SpanView("a", 0, 5, 25, "speaker", "Alexander Lukashenko")]
    b = [SpanView("b", 0, 15, 25, "speaker", "Lukashenko"), SpanView("c", 0, 0, 31, "claim", text)]
    abbrev = abbreviations(LABELS)
    assert marked_paragraph(text, a, b, abbrev, color=False) == (
        "{c:said [s:Alexander {s:Lukashenko}] today}"
    )
    same = [SpanView("x", 0, 0, 4, "date", "said")]
    assert marked_paragraph(text, same, same, abbrev, color=False).startswith("[d:{d:said}]")
    assert abbreviations(["claim", "cue", "date"]) == {"claim": "cl", "cue": "cu", "date": "d"}


def test_text_diff(fixture_db: Store):
    lines = list(render_text(run(fixture_db), color=False))
    text = "\n".join(lines)
    assert (
        lines[0]
        == "curator diff: [alice] vs {bob}  (c=claim, s=speaker, d=date, t=translation_error)"
    )
    assert "=== csto-20-years: “We managed to save" in text
    # Each paragraph with differences once, both layers marked.
    assert text.count("\n¶ ") == 14
    assert "President of Belarus, [s:Alexander {s:Lukashenko}], the events" in text
    assert "[t:{c:Moldova’s enemy Azerbaijan" in text
    assert "¶ 35  (bob has not rated this paragraph)" in text  # index 34: ¶ from 1, as the TUI
    # One line per difference, signed like a unified diff.
    assert (
        "  ~ boundary date: alice “10 years later” 74:88 → bob “exactly 10 years later” 66:88"
        in lines
    )
    assert '  ~ attr     date “May 16” value: "2022-05-16" → "XXXX-05-16"' in lines
    assert '  ~ attr     speaker “Lukashenka” name: "Lukashenko" → "Lukashenka"' in lines
    assert '  ~ attr     translation_error “liberated” severity: "major" → "minor"' in lines
    assert any(
        line.startswith("  ~ label    “Moldova’s enemy") and "→ bob claim" in line for line in lines
    )
    assert any(line.startswith("  - only alice    date “January 2022”") for line in lines)
    assert any(line.startswith("  + only bob      date “this year”") for line in lines)
    relation = next(line for line in lines if line.startswith("  ~ relation"))
    assert "attributed_to: alice → “Pritchin” (speaker, Pritchin) | bob → “Evseev”" in relation
    # Paragraphs in full agreement are not shown.
    assert "¶ 4\n" not in text and "¶ 33" not in text
    assert lines[-3].startswith("Summary: alice vs bob, 1 article, 14 paragraphs with differences")
    assert lines[-2] == (
        "  exact 19, boundary 3, label 1, only alice 7, only bob 2; "
        "attribute differences 10, relation differences 1"
    )
    assert lines[-1].startswith("  span F1 exact ")


def test_text_diff_colours(fixture_db: Store):
    lines = list(render_text(run(fixture_db), color=True))
    only_a = next(line for line in lines if "only alice    date" in line)
    only_b = next(line for line in lines if "only bob      date" in line)
    changed = next(line for line in lines if "~ boundary" in line)
    assert only_a.startswith("\x1b[31m") and only_b.startswith("\x1b[32m")
    assert changed.startswith("\x1b[33m")
    plain = [ANSI.sub("", line) for line in lines]
    assert plain == list(render_text(run(fixture_db), color=False))


def test_label_filter(fixture_db: Store):
    lines = list(render_text(run(fixture_db, labels=["date"]), color=False))
    diffs = [line for line in lines if line.startswith(("  ~", "  -", "  +"))]
    assert diffs and all(" date" in line for line in diffs)
    assert not any("[s:" in line or "{c:" in line for line in lines)


# -- JSON ------------------------------------------------------------------------------------


def test_json_diff(fixture_db: Store):
    out = StringIO()
    n = write_json(run(fixture_db), out)
    doc = json.loads(out.getvalue())
    assert doc["annotators"] == {"a": "alice", "b": "bob"}
    assert len(doc["differences"]) == n == 19
    kinds = [d["kind"] for d in doc["differences"]]
    assert {"exact", "boundary", "label", "only_a", "only_b"} == set(kinds)
    may16 = next(d for d in doc["differences"] if d["a"] and d["a"]["text"] == "May 16")
    assert may16["attrs"] == [{"key": "value", "a": "2022-05-16", "b": "XXXX-05-16"}]
    p30 = next(d for d in doc["differences"] if d["relations"])
    assert p30["paragraph"] == 30
    assert [t["text"] for t in p30["relations"][0]["a"]] == ["Pritchin"]
    assert [t["text"] for t in p30["relations"][0]["b"]] == ["Evseev"]
    p34 = [d for d in doc["differences"] if d["paragraph"] == 34]
    assert p34 and all(d["rated_a"] and not d["rated_b"] for d in p34)
    assert doc["summary"]["pairs"] == {
        "exact": 19,
        "boundary": 3,
        "label": 1,
        "only_a": 7,
        "only_b": 2,
    }
    corpus = doc["agreement"]["corpus"]
    assert corpus["pairs"][0]["a"] == "alice"
    assert 0 < corpus["krippendorff_alpha"] < 1
    assert corpus["mqm"][0]["total"] == pytest.approx(14.2)


def test_json_diff_empty(sample_db: Store):
    for name in (rf.A, rf.B):
        sample_db.add_span(rf.ARTICLE, 1, 4, 14, "claim", annotator=name)
    out = StringIO()
    assert write_json(run(sample_db), out) == 0
    doc = json.loads(out.getvalue())
    assert doc["differences"] == [] and doc["summary"]["pairs"]["exact"] == 1


# -- HTML ------------------------------------------------------------------------------------

VOID = {"meta", "br", "col", "img", "input", "hr", "link", "wbr"}


class PageChecker(HTMLParser):
    """Checks that tags nest and close, and collects anything that loads from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            loads = name in ("src", "href", "srcset", "action", "data")
            if loads and value and not value.startswith("#"):
                self.external.append(f"{tag} {name}={value}")
            if name == "style" and value and "url(" in value:
                self.external.append(f"{tag} style={value}")
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.external.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check_page(page: str, text_has_urls: bool = False) -> PageChecker:
    checker = PageChecker()
    checker.feed(page)
    checker.close()
    assert page.startswith("<!DOCTYPE html>")
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, f"unclosed: {checker.stack}"
    assert not checker.external, checker.external
    if not text_has_urls:
        assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    return checker


def test_html_diff_is_one_self_contained_page(fixture_db: Store):
    out = StringIO()
    write_html(run(fixture_db), out, page_colors(fixture_db.tagset))
    page = out.getvalue()
    checker = check_page(page)
    text = "".join(checker.text)
    assert checker.tags.count("html") == 1 and checker.tags.count("style") == 1
    assert "curator diff: alice vs bob" in text
    assert "Krippendorff's α (nominal)" in text and "MQM (lower is better)" in text
    # Both layers, side by side, every paragraph.
    assert page.count('<td class="layer') == 2 * rf.N_PARAGRAPHS
    # ¶ numbers from 1, as the TUI and review show them.
    assert '<td class="num">¶ 1</td>' in page and '<td class="num">¶ 0</td>' not in page
    assert f'<td class="num">¶ {rf.N_PARAGRAPHS}</td>' in page
    assert "bob has not rated this paragraph" in text
    assert "~ relation claim" in text
    assert "#e5c07b" in page  # the tag set's claim colour


def test_html_escapes_untrusted_text(tmp_path: Path, db_path: Path):
    (tmp_path / "evil.txt").write_text(
        "Title <script>alert(1)</script>\n\n"
        'He said "<b>bold</b> & <img src=https://example.com/x.png>" </td></tr>\n',
        "utf-8",
    )
    with Store.open(db_path, annotator=rf.A) as store:
        import_articles(store, list(read_drafts(collect_files([tmp_path / "evil.txt"]))))
        article = store.articles()[0].id
        text = store.paragraph_text(article, 1)
        store.add_span(article, 1, 0, 7, "speaker", {"name": '<i>"x"</i>'})
        store.add_span(article, 1, 9, len(text), "claim", annotator=rf.B)
        out = StringIO()
        write_html(DiffRun(store.db, rf.A, rf.B, tagset_labels=LABELS), out)
    page = out.getvalue()
    check_page(page, text_has_urls=True)  # the article's text mentions one, escaped
    assert "<script>" not in page and "<b>bold" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img" in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "chromium-headless-shell", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@pytest.mark.skipif(
    _chromium() is None, reason="no chromium on PATH: the headless render check is optional"
)
def test_html_renders_in_headless_chromium(fixture_db: Store, tmp_path: Path):
    page = tmp_path / "diff.html"
    with page.open("w", encoding="utf-8") as out:
        write_html(run(fixture_db), out, page_colors(fixture_db.tagset))
    shot = tmp_path / "diff.png"
    common = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Krippendorff" in dom.stdout and "alice" in dom.stdout
    assert dom.stdout.count('class="layer') == 2 * rf.N_PARAGRAPHS
    subprocess.run(
        [*common, "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_diff_text(fixture_db: Store):
    result = invoke(fixture_db.path, "diff", "alice", "bob")
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output  # not a terminal: no colours
    assert "Summary: alice vs bob" in result.output
    assert "[s:Alexander {s:Lukashenko}]" in result.output


def test_cli_diff_formats_and_files(fixture_db: Store, tmp_path: Path):
    result = invoke(
        fixture_db.path, "diff", "alice", "bob", "--format", "json", "--label", "speaker"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {d["a"]["label"] if d["a"] else d["b"]["label"] for d in doc["differences"]} == {
        "speaker"
    }
    assert doc["labels"] == ["speaker"]
    html_file = tmp_path / "out.html"
    result = invoke(
        fixture_db.path, "diff", "alice", "bob", "--format", "html", "-o", str(html_file),
        "--article", rf.ARTICLE,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    check_page(html_file.read_text("utf-8"))
    assert "Wrote" in result.stderr
    text_file = tmp_path / "out.txt"
    result = invoke(fixture_db.path, "diff", "alice", "bob", "-o", str(text_file))
    assert result.exit_code == 0
    assert "Summary: alice vs bob" in text_file.read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "alice", "alice"], "two different annotators"),
        (["diff", "alice", "nobody"], "'nobody' has no annotations"),
        (["diff", "alice", "bob", "--label", "opinion"], "unknown label 'opinion'"),
        (["diff", "alice", "bob", "--article", "nope"], "article 'nope': no such article"),
        (["agreement", "--annotators", "alice"], "at least two annotators"),
    ],
)
def test_cli_errors(fixture_db: Store, args: list[str], message: str):
    result = invoke(fixture_db.path, *args)
    assert result.exit_code != 0
    assert message in result.output


def test_cli_agreement(fixture_db: Store):
    result = invoke(fixture_db.path, "agreement")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Agreement among alice, bob: 1 article, 37 paragraphs rated")
    assert "Spans, alice (reference) vs bob: 35 paragraphs rated by both" in out
    assert re.search(r"claim\s+6\s+7\s+4\s+0\.571 0\.667 0\.615\s+5\s+0\.714 0\.833 0\.769", out)
    assert "Cohen's κ          alice–bob:" in out
    assert "Krippendorff's α" in out and "Unitizing α_u" in out
    assert "spread (max − min score): 0.152" in out
    by_article = invoke(fixture_db.path, "agreement", "--by", "article")
    assert "Per article\n  csto-20-years  37 paragraphs" in by_article.output
    as_json = invoke(fixture_db.path, "agreement", "--json", "--annotators", "bob,alice")
    doc = json.loads(as_json.output)
    assert doc["annotators"] == ["bob", "alice"]
    assert doc["corpus"]["pairs"][0]["a"] == "bob"
    only_dates = invoke(fixture_db.path, "agreement", "--label", "date", "--json")
    assert json.loads(only_dates.output)["labels"] == ["date"]
