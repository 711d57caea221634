"""Tests for curator.domain.text: normalisation, decoding, paragraphs and offset converters."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import unicodedata
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.domain.text import (
    ARTICLE_SEPARATOR,
    TextDecodeError,
    Token,
    Utf16Index,
    decode_bytes,
    from_article_offsets,
    normalize_text,
    paragraph_starts,
    sentence_bounds,
    sha256_text,
    span_to_tokens,
    split_paragraphs,
    to_article_offsets,
    tokenize,
    tokens_to_span,
    word_bounds,
)

# The first tokenize() call builds its regex; no deadline keeps that from flaking.
PROPERTY = settings(max_examples=300, deadline=None)

# Pieces that random text rarely hits on its own but that break naive implementations.
TRICKY = [
    "\r\n", "\r", "\n", "\n\n", "\t", " ", "\u00a0", "\u2028", "\ufeff", "\x00", "\x85",
    "\x1b[31m", "\x7f", "\x9f", "\ud800", "\udfff", "e\u0301", "\u0301", "A\u030a", "👩‍👩‍👧",
    "👍🏽", "🇺🇦", "🇷", "1️⃣", "\u200d", "\u200c", "NATO’s", "don't", "'", "’", "Mr.", "U.S.",
    "e.g.", "J.", ". ", "... ", "! ", "? ", "。", "！", "“", "”", "«", "»", "(", ")", "Москва",
    "В.", "مرحبا", "שלום", "日本語", "क्‍ष", "می‌خواهم", "𝕏", "42", "_",
]  # fmt: skip
any_char = st.characters(exclude_categories=())  # includes lone surrogates
raw_text = st.lists(st.one_of(any_char, st.sampled_from(TRICKY)), max_size=40).map("".join)
clean_text = raw_text.map(normalize_text)

# \r is left out: it becomes \n, not U+FFFD.
UNSAFE = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t\r"]


def is_unsafe(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t"


def reference_normalize(s: str) -> str:
    """A slow, obviously-correct version to compare against."""
    s = s.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    s = "".join("\ufffd" if is_unsafe(c) else c for c in s)
    return unicodedata.normalize("NFC", s)


# --- normalize_text --------------------------------------------------------------------


def test_newlines_collapse_to_lf() -> None:
    assert normalize_text("a\r\nb\rc\r\r\nd\n\re") == "a\nb\nc\n\nd\n\ne"


def test_nfc_composes() -> None:
    assert normalize_text("e\u0301") == "é"
    assert normalize_text("A\u030a ffi") == "Å ffi"  # NFC, not NFKC: the ligature stays


@pytest.mark.parametrize("char", UNSAFE)
def test_every_control_char_becomes_one_replacement(char: str) -> None:
    assert normalize_text(f"a{char}b") == "a\ufffdb"


def test_escape_sequences_and_c1_are_replaced_one_for_one() -> None:
    assert normalize_text("\x1b[31mred\x1b[0m") == "\ufffd[31mred\ufffd[0m"
    assert normalize_text("x\x85y\x7fz\x00") == "x\ufffdy\ufffdz\ufffd"
    assert normalize_text("keep\ttabs\nand lines") == "keep\ttabs\nand lines"


def test_lone_surrogates_from_json_are_replaced() -> None:
    assert normalize_text(json.loads('"a\\ud800b\\udfff"')) == "a\ufffdb\ufffd"
    assert normalize_text(json.loads('"\\ud83d\\ude00"')) == "😀"  # a real pair is fine


def test_leading_bom_is_dropped_but_inner_kept() -> None:
    assert normalize_text("\ufeffHello") == "Hello"
    assert normalize_text("\ufeff\ufeffHello") == "Hello"
    assert normalize_text("a\ufeffb") == "a\ufeffb"


@PROPERTY
@given(raw_text)
def test_normalize_matches_reference_and_is_idempotent(s: str) -> None:
    out = normalize_text(s)
    assert out == reference_normalize(s)
    assert normalize_text(out) == out
    assert "\r" not in out and not out.startswith("\ufeff")
    assert not any(is_unsafe(c) for c in out)
    assert unicodedata.is_normalized("NFC", out)


@PROPERTY
@given(raw_text)
def test_normalize_keeps_length_apart_from_crlf_and_nfc(s: str) -> None:
    # Undo the only two length-changing steps up front; what is left must be one-for-one.
    s = unicodedata.normalize("NFC", s.replace("\r", "")).lstrip("\ufeff")
    out = normalize_text(s)
    assert len(out) == len(s)
    for before, after in zip(s, out, strict=True):
        assert after == before or (after == "\ufffd" and is_unsafe(before))


def test_normalize_ten_megabytes() -> None:
    chunk = "Hello\r\nwörld e\u0301 \x1b[31m 👩‍👩‍👧 текст\x85\n"
    copies = 10 * 1024 * 1024 // len(chunk) + 1
    out = normalize_text(chunk * copies)
    assert len(out) == len(normalize_text(chunk)) * copies == (len(chunk) - 2) * copies
    assert out == normalize_text(chunk) * copies


# --- decode_bytes ----------------------------------------------------------------------


def test_decode_drops_bom_and_keeps_text() -> None:
    assert decode_bytes("\ufeffПривет\r\n".encode(), "a.txt") == "Привет\r\n"
    assert decode_bytes(b"plain", "a.txt") == "plain"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff", "a.txt: line 1: invalid UTF-8 (byte 0xff at offset 0)"),
        (b"one\ntwo\nthr\xe9e", "a.txt: line 3: invalid UTF-8 (byte 0xe9 at offset 11)"),
        (b"one\r\ntwo\r\n\x80", "a.txt: line 3: invalid UTF-8 (byte 0x80 at offset 10)"),
        (b"old\rmac\rx\xc0\xaf", "a.txt: line 3: invalid UTF-8 (byte 0xc0 at offset 9)"),
        (b"\xef\xbb\xbfab\nc\xc3", "a.txt: line 2: invalid UTF-8 (byte 0xc3 at offset 7)"),
        (b"surrogate \xed\xa0\x80", "a.txt: line 1: invalid UTF-8 (byte 0xed at offset 10)"),
        ("é\n".encode("latin-1"), "a.txt: line 1: invalid UTF-8 (byte 0xe9 at offset 0)"),
    ],
)
def test_decode_reports_line_byte_and_offset(data: bytes, message: str) -> None:
    with pytest.raises(TextDecodeError) as info:
        decode_bytes(data, "a.txt")
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_decode_rejects_binary() -> None:
    with pytest.raises(TextDecodeError, match=r"^x\.bin: binary file \(NUL byte at offset 3\), "):
        decode_bytes(b"PK\x03\x00\x04junk", "x.bin")


def test_decode_only_sniffs_the_first_8_kib_for_nul() -> None:
    text = decode_bytes(b"a" * 8192 + b"\x00", "late.txt")
    assert normalize_text(text) == "a" * 8192 + "\ufffd"


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_decode_rejects_empty(data: bytes) -> None:
    with pytest.raises(TextDecodeError, match=r"^e\.txt: empty file$"):
        decode_bytes(data, "e.txt")


# --- paragraphs and hashes -------------------------------------------------------------


def test_sample_article_has_39_paragraphs() -> None:
    data = (files("curator.data") / "csto-20-years.txt").read_bytes()
    paragraphs = split_paragraphs(normalize_text(decode_bytes(data, "csto-20-years.txt")))
    assert len(paragraphs) == 39
    assert paragraphs[0].startswith("“We managed to save")
    assert "Please enter your comment!\nPlease enter your name here" in paragraphs
    assert paragraphs[-1] == "More from author"


def test_split_paragraphs_rules() -> None:
    text = "  first\nstill first  \n \t \n\n\nsecond\n\u00a0\nthird\n  indented line\n\n"
    assert split_paragraphs(text) == ["first\nstill first", "second", "third\n  indented line"]
    assert split_paragraphs(" \n\n \n") == []
    # A no-break space that ends a paragraph is text (fr/cs copy); a block of only one is not.
    assert split_paragraphs("  Fin.\u00a0\n\n\u00a0\n\nNext") == ["Fin.\u00a0", "Next"]


def test_sha256_text() -> None:
    assert sha256_text("") == hashlib.sha256(b"").hexdigest()
    assert sha256_text("é😀") == hashlib.sha256("é😀".encode()).hexdigest()


# --- article offsets -------------------------------------------------------------------

PARAGRAPHS = [
    "Привет 👋 мир",
    "e\u0301\u00a0NBSP",
    "مرحبا بالعالم",
    "שלום, עולם",
    "日本語の文。",
    "x",
]


def test_article_offsets_round_trip_every_span() -> None:
    article = ARTICLE_SEPARATOR.join(PARAGRAPHS)
    starts = paragraph_starts(PARAGRAPHS)
    lengths = [len(p) for p in PARAGRAPHS]
    for i, para in enumerate(PARAGRAPHS):
        for a in range(len(para) + 1):
            for b in range(a, len(para) + 1):
                s, e = to_article_offsets(starts, i, a, b)
                assert article[s:e] == para[a:b]
                assert from_article_offsets(starts, lengths, s, e) == (i, a, b)


@pytest.mark.parametrize("span", [(5, 16), (13, 14), (12, 13), (-1, 2), (3, 2), (60, 61)])
def test_article_offsets_reject_crossing_and_separator_spans(span: tuple[int, int]) -> None:
    starts = paragraph_starts(PARAGRAPHS)  # paragraph 0 is 0..12, paragraph 1 starts at 14
    with pytest.raises(ValueError):
        from_article_offsets(starts, [len(p) for p in PARAGRAPHS], *span)


def test_to_article_offsets_rejects_bad_input() -> None:
    starts = paragraph_starts(PARAGRAPHS)
    for bad in [(len(PARAGRAPHS), 0, 0), (0, 3, 2), (0, -1, 1)]:
        with pytest.raises(ValueError):
            to_article_offsets(starts, *bad)


# --- UTF-16 ----------------------------------------------------------------------------


def test_utf16_index_examples() -> None:
    idx = Utf16Index("a😀b")
    assert [idx.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert [idx.from_utf16(u) for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    for bad in (2, -1, 5):
        with pytest.raises(ValueError):
            idx.from_utf16(bad)
    with pytest.raises(ValueError):
        idx.to_utf16(4)
    bmp = Utf16Index("Привет e\u0301 مرحبا 日本")  # no astral chars: offsets are identical
    assert all(bmp.to_utf16(i) == bmp.from_utf16(i) == i for i in range(bmp.length + 1))


@PROPERTY
@given(clean_text)
def test_utf16_round_trip_at_every_boundary(text: str) -> None:
    idx = Utf16Index(text)
    encoded = text.encode("utf-16-le")
    assert len(encoded) // 2 == idx.to_utf16(len(text)) == idx.utf16_length
    for i in range(len(text) + 1):
        u = idx.to_utf16(i)
        assert u == len(text[:i].encode("utf-16-le")) // 2
        assert idx.from_utf16(u) == i
    for u in range(1, idx.utf16_length):
        unit = int.from_bytes(encoded[2 * u - 2 : 2 * u], "little")
        if 0xD800 <= unit <= 0xDBFF:  # u sits between a high and a low surrogate
            with pytest.raises(ValueError):
                idx.from_utf16(u)


# --- tokens ----------------------------------------------------------------------------


# A tag sequence: black flag, tag letters g b s c t, cancel tag.
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


def texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO’s actions", ["NATO", "’s", "actions"]),
        ("don't 'quote'", ["don", "'t", "'", "quote", "'"]),
        ("Hi, 👩‍👩‍👧!", ["Hi", ",", "👩‍👩‍👧", "!"]),
        ("👍🏽👍 ❤️", ["👍🏽", "👍", "❤️"]),
        ("🇺🇦🇷🇺 1️⃣ #️⃣", ["🇺🇦", "🇷🇺", "1️⃣", "#️⃣"]),
        (SCOTLAND + ".", [SCOTLAND, "."]),
        ("cafe\u0301 na\u0308ive", ["cafe\u0301", "na\u0308ive"]),
        ("क्‍ष स्त्री می‌خواهم", ["क्‍ष", "स्त्री", "می‌خواهم"]),
        ("日本語。Москва—2022", ["日本語", "。", "Москва", "—", "2022"]),
        ("שלום, עולם! مرحبا.", ["שלום", ",", "עולם", "!", "مرحبا", "."]),
        ("a\u00a0b\u2003c", ["a", "b", "c"]),
    ],
)
def test_tokenize_examples(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_tokens_carry_prodigy_fields() -> None:
    assert tokenize("Hi, you") == [
        Token("Hi", 0, 2, 0, False),
        Token(",", 2, 3, 1, True),
        Token("you", 4, 7, 2, False),
    ]


def test_span_to_tokens_and_back() -> None:
    tokens = tokenize("NATO’s 👩‍👩‍👧 summit")
    assert span_to_tokens(tokens, 0, 6) == (0, 1)
    assert span_to_tokens(tokens, 7, 12) == (2, 2)
    assert tokens_to_span(tokens, 1, 3) == (4, 19)
    for start, end in [(1, 6), (0, 3), (6, 12), (5, 5), (0, 30)]:
        with pytest.raises(ValueError):
            span_to_tokens(tokens, start, end)
    for bad in [(2, 1), (-1, 0), (0, 4)]:
        with pytest.raises(ValueError):
            tokens_to_span(tokens, *bad)


@PROPERTY
@given(clean_text)
def test_tokens_cover_every_non_space_char_once(text: str) -> None:
    tokens = tokenize(text)
    covered = []
    for i, tok in enumerate(tokens):
        assert tok.id == i and tok.text == text[tok.start : tok.end] and tok.start < tok.end
        assert not any(c.isspace() for c in tok.text)
        assert tok.ws == (tok.end < len(text) and text[tok.end].isspace())
        covered.extend(range(tok.start, tok.end))
    assert covered == [i for i, c in enumerate(text) if not c.isspace()]


@PROPERTY
@given(clean_text)
def test_token_ranges_round_trip(text: str) -> None:
    tokens = tokenize(text)
    for i in range(len(tokens)):
        for j in range(i, len(tokens)):
            assert span_to_tokens(tokens, *tokens_to_span(tokens, i, j)) == (i, j)


# --- words and sentences ---------------------------------------------------------------


def test_word_bounds() -> None:
    text = "Hello, world! NATO’s 42 👍 _"
    assert [text[a:b] for a, b in word_bounds(text)] == ["Hello", "world", "NATO", "’s", "42"]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_bounds(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four… Five", ["One.", "Two!", "Three?", "Four…", "Five"]),
        (
            "He said “Go.” Then left. (Later.) 5 men came.",
            ["He said “Go.”", "Then left.", "(Later.)", "5 men came."],
        ),
        ("  Wait... what? no. Yes.  ", ["Wait... what? no.", "Yes."]),
        (
            "Mr. Smith and Dr. Jones met e.g. Ann, i.e. Mrs. Lee.",
            ["Mr. Smith and Dr. Jones met e.g. Ann, i.e. Mrs. Lee."],
        ),
        ("He went to the U.S. The end.", ["He went to the U.S. The end."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("Pi is 3.14. Say no. No. 5 won.", ["Pi is 3.14.", "Say no.", "No. 5 won."]),
        (
            "Путин заявил. В. В. Путин приехал. «Да», сказал он.",
            ["Путин заявил.", "В. В. Путин приехал.", "«Да», сказал он."],
        ),
        ("日本語です。次の文！はい？」終わり", ["日本語です。", "次の文！", "はい？」", "終わり"]),
        ("مرحبا بكم. كيف حالك؟ שלום. עולם", ["مرحبا بكم.", "كيف حالك؟", "שלום.", "עולם"]),
        ("", []),
        (" \n ", []),
    ],
)
def test_sentence_examples(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def assert_sorted_disjoint_stripped(text: str, bounds: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in bounds:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


@PROPERTY
@given(clean_text)
def test_sentence_and_word_bounds_are_well_formed(text: str) -> None:
    sents = sentence_bounds(text)
    assert_sorted_disjoint_stripped(text, sents)
    in_sentence = {i for a, b in sents for i in range(a, b)}
    assert all(i in in_sentence for i, c in enumerate(text) if not c.isspace())
    words = word_bounds(text)
    assert_sorted_disjoint_stripped(text, words)
    assert all(any(c.isalnum() for c in text[a:b]) for a, b in words)


PATHOLOGICAL = {
    "dots": "a" + "." * 200_000 + "b",
    "stop-then-spaces": "a." + " " * 200_000,
    "bangs": "!" * 200_000,
    "blank-line-start": "\n" + " " * 200_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_inputs_complete(text: str) -> None:
    # A backtracking regex would take minutes here; these must simply finish.
    assert len(sentence_bounds(text)) <= 2
    assert len(split_paragraphs(text)) <= 1
    assert sum(len(t.text) for t in tokenize(text)) == sum(not c.isspace() for c in text)


def test_module_does_not_import_textual() -> None:
    code = "import sys, curator.domain.text; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_token_pattern_is_compiled_once() -> None:
    from curator.domain.text import count_words, token_pattern

    assert token_pattern() is token_pattern()  # building it scans planes 0, 1 and 14
    assert count_words("Two words, and “3” — a number.") == 6
