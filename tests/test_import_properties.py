"""Property tests for the importers: random article text either fails with InputError or is
split exactly as documented (normalise, then paragraphs between blank lines; Markdown heading
marks dropped), every paragraph non-empty and normalised, and a Store gives the texts back.

The offset converters already have their properties in test_text.py (article offsets, UTF-16,
tokens, sentence and word bounds); they are not repeated here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.domain.errors import InputError
from curator.domain.text import normalize_text, split_paragraphs
from curator.formats.articles import MD_HEADING, read_jsonl, read_text_article
from curator.store.imports import import_articles
from curator.store.store import Store

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORE_PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces random text rarely hits on its own: line breaks of every kind, BOMs, controls,
# combining marks, emoji sequences, NBSP, bidi controls, lone surrogates, Markdown headings.
TRICKY = [
    "\r\n", "\r", "\n", "\n\n", "\r\n\r\n", " \n \n", "\t", " ", "\u00a0", "\u2028", "\u2029",
    "\ufeff", "\x00", "\x85", "\x1b[31m", "\x7f", "\x9f", "\ud800", "e\u0301", "\u0301",
    "A\u030a", "👩‍👩‍👧", "👍🏽", "🇺🇦", "\u200d", "\u202e", "# ", "## Title", "#", "---\n",
    "Москва", "日本語", "\u1100\u1161", "a", "b",
]  # fmt: skip
any_char = st.characters(exclude_categories=())  # includes lone surrogates
article_text = st.lists(st.one_of(any_char, st.sampled_from(TRICKY)), max_size=60).map("".join)


def expected_paragraphs(text: str, *, markdown: bool) -> list[str]:
    """The documented rules, spelled out independently of read_text_article."""
    paragraphs = split_paragraphs(normalize_text(text))
    if markdown:
        paragraphs = [
            MD_HEADING.sub("", p) if "\n" not in p and MD_HEADING.match(p) else p
            for p in paragraphs
        ]
    return paragraphs


def check_paragraphs(paragraphs: list[str]) -> None:
    assert paragraphs
    for p in paragraphs:
        # stripped of layout whitespace only: a no-break space at either end is text
        assert p.strip() and p.strip(" \t\n") == p
        # U+FEFF at the start of a later paragraph is text (a BOM only starts a document)
        assert normalize_text(p) == p.lstrip("\ufeff"), p
        assert "\r" not in p and "\n\n" not in p


def round_trip(draft) -> list[str]:
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "t.db", annotator="prop") as store,
    ):
        [result] = import_articles(store, [draft])
        assert result.outcome == "imported"
        return [p.text for p in store.paragraphs(draft.article.id)]


@PROPERTY
@given(article_text, st.booleans())
def test_text_article_follows_the_rules(text: str, markdown: bool) -> None:
    try:
        draft = read_text_article(text, "prop.md", markdown=markdown, default_id="prop")
    except InputError:
        return
    check_paragraphs(draft.paragraphs)
    assert len(draft.kinds) == len(draft.paragraphs)
    if not normalize_text(text).startswith("---\n"):  # no front matter: the plain rules
        assert draft.paragraphs == expected_paragraphs(text, markdown=markdown)
        # title: the first line (the Article model strips it); a Markdown heading loses its #
        first_line = draft.paragraphs[0].split("\n", 1)[0].strip()
        assert draft.article.title == first_line


@PROPERTY
@given(article_text, st.text(max_size=10))
def test_front_matter_body_follows_the_rules(body: str, title: str) -> None:
    text = f"---\ntitle: {title}\nsource: prop\n---\n{body}"
    try:
        draft = read_text_article(text, "prop.txt", markdown=False, default_id="prop")
    except InputError:
        return
    check_paragraphs(draft.paragraphs)
    normalized = normalize_text(text)
    rest = normalized[normalized.find("\n---", 3) + 4 :]
    assert draft.paragraphs == split_paragraphs(rest)


@PROPERTY
@given(st.lists(article_text, min_size=1, max_size=3), st.booleans(), st.booleans())
def test_jsonl_follows_the_rules(blocks: list[str], as_list: bool, with_title: bool) -> None:
    record: dict = {"paragraphs": blocks} if as_list else {"text": blocks[0]}
    if with_title:
        record["title"] = blocks[-1][:20]
    # orjson refuses lone surrogates in str; escape them the way other writers do.
    line = orjson.dumps(record, default=str) if _encodable(record) else _json_escaped(record)
    try:
        drafts = list(read_jsonl(line.decode("utf-8") + "\n", "prop.jsonl"))
    except InputError:
        return
    [draft] = drafts
    used = blocks if as_list else blocks[:1]
    expected = split_paragraphs(normalize_text("\n\n".join(used)))  # one article, normalised once
    assert draft.paragraphs == expected
    check_paragraphs(draft.paragraphs)
    # the title is normalised on its own, so only a leading U+FEFF may differ
    assert normalize_text(draft.article.title) == draft.article.title.lstrip("\ufeff")


def _encodable(record: dict) -> bool:
    try:
        orjson.dumps(record)
    except TypeError:
        return False
    return True


def _json_escaped(record: dict) -> bytes:
    import json

    return json.dumps(record, ensure_ascii=True).encode()


@STORE_PROPERTY
@given(article_text)
def test_store_round_trips_text_paragraphs(text: str) -> None:
    try:
        draft = read_text_article(text, "prop.txt", markdown=False, default_id="prop")
    except InputError:
        return
    assert round_trip(draft) == draft.paragraphs


@STORE_PROPERTY
@given(st.lists(article_text, min_size=1, max_size=3))
def test_store_round_trips_jsonl_paragraphs(blocks: list[str]) -> None:
    line = _json_escaped({"id": "prop", "paragraphs": blocks})
    try:
        [draft] = list(read_jsonl(line.decode(), "prop.jsonl"))
    except InputError:
        return
    assert round_trip(draft) == draft.paragraphs


def test_a_paragraph_starting_with_a_bom_is_the_same_via_txt_and_jsonl() -> None:
    # Found by these properties: JSONL used to normalise each paragraph alone and drop it.
    draft = read_text_article("a\n\n\ufeffb", "bom.txt", markdown=False, default_id="bom")
    [via_jsonl] = read_jsonl(_json_escaped({"paragraphs": draft.paragraphs}).decode(), "bom")
    assert via_jsonl.paragraphs == draft.paragraphs
    check_paragraphs(draft.paragraphs)
