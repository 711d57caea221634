"""Prodigy and doccano records from curator export records.

Prodigy tokens come from `curator.domain.text.tokenize`, split further wherever a span boundary
falls inside a token (or inside whitespace), so span offsets stay exact instead of being
widened to whole tokens; the tokens and their `ws` rebuild the text as spaCy's
`Doc(words, spaces)` does. Prodigy offsets are code points (Prodigy is Python); doccano's are
UTF-16 code units unless `--offsets codepoint` (its interface counts them in JavaScript).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import orjson

from curator.domain.errors import InputError
from curator.domain.text import Token, span_to_tokens, tokenize
from curator.formats.export_records import DoccanoRecord, ExportRecord, ProdigyRecord
from curator.formats.offsets import OffsetMap, OffsetUnit


def hash32(text: str) -> int:
    """A deterministic signed 32-bit hash, the range of Prodigy's `_input_hash`."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big", signed=True)


def aligned_tokens(text: str, bounds: Sequence[tuple[int, int]]) -> list[Token]:
    """Tokens that rebuild `text` exactly, as spaCy's `Doc(words, spaces)` does: a token's
    `ws` is one following space (U+0020), and any other whitespace is a token of its own, the
    way spaCy's tokenizer makes them (`"\\n"`, `"  "` after a word's space, leading blanks).
    Words come from `tokenize(text)`, split at every span boundary that falls inside a token,
    so every span starts on a token's start and ends on a token's end."""
    starts = {a for a, _ in bounds}
    ends = {b for _, b in bounds}
    cuts = sorted(starts | ends)
    pieces: list[tuple[int, int, bool]] = []  # (start, end, is whitespace)

    def split(a: int, b: int, gap: bool) -> None:
        inner = cuts[bisect_right(cuts, a) : bisect_right(cuts, b - 1)]
        pieces.extend((x, y, gap) for x, y in pairwise([a, *inner, b]))

    pos = 0
    for tok in tokenize(text):
        if pos < tok.start:
            split(pos, tok.start, True)
        split(tok.start, tok.end, False)
        pos = tok.end
    if pos < len(text):
        split(pos, len(text), True)
    out: list[list[Any]] = []  # [text, start, end, ws]
    for a, b, gap in pieces:
        # spaCy folds the first space after a word into the word's `ws`; a span that starts
        # at that space or ends right after it needs the space as a token instead.
        if gap and out and not out[-1][3] and text[a] == " " and a not in starts:
            prev_is_word = not text[out[-1][1] : out[-1][2]].isspace()
            if prev_is_word and a + 1 not in ends and out[-1][2] == a:
                out[-1][3] = True
                a += 1
                if a == b:
                    continue
        out.append([text[a:b], a, b, False])
    return [Token(t, a, b, i, ws) for i, (t, a, b, ws) in enumerate(out)]


def tokens_text(tokens: Sequence[Token]) -> str:
    """The text `Doc(words, spaces)` rebuilds from `tokens` (spaCy's `Doc.text`)."""
    return "".join(t.text + (" " if t.ws else "") for t in tokens)


def record_meta(rec: ExportRecord) -> dict[str, Any]:
    """What a Prodigy/doccano/Label Studio record carries to be imported back: where it
    belongs, whose it is, and the paragraph status(es)."""
    meta: dict[str, Any] = {
        "article_id": rec.article_id,
        "annotator": rec.annotator,
        "title": rec.meta.title,
    }
    if rec.paragraph is not None:
        meta["paragraph"] = rec.paragraph
        meta["status"] = rec.status
    elif rec.paragraph_status is not None:
        meta["paragraph_status"] = rec.paragraph_status
    return meta


def ordered_relations(rec: ExportRecord) -> list[Any]:
    """Relations by type, then the positions of their spans: formats without span ids keep
    the same order when their import gets other ids than the database exported."""
    pos = {s.id: i for i, s in enumerate(rec.spans)}
    return sorted(rec.relations, key=lambda r: (r.type, pos[r.head], pos[r.tail]))


def to_prodigy(rec: ExportRecord) -> ProdigyRecord:
    """A Prodigy task: spans with inclusive token ranges, relations on the spans' last tokens."""
    tokens = aligned_tokens(rec.text, [(s.start, s.end) for s in rec.spans])
    if tokens_text(tokens) != rec.text:  # what spaCy's Doc(words, spaces) would hold
        raise InputError(f"prodigy: {rec.article_id}: the tokens do not rebuild the text")
    refs: dict[str, dict[str, Any]] = {}
    spans = []
    for s in rec.spans:
        ts, te = span_to_tokens(tokens, s.start, s.end)
        refs[s.id] = {
            "start": s.start,
            "end": s.end,
            "token_start": ts,
            "token_end": te,
            "label": s.label,
        }
        spans.append({**refs[s.id], "text": s.text})
    relations = [
        {
            "head": refs[r.head]["token_end"],
            "child": refs[r.tail]["token_end"],
            "head_span": refs[r.head],
            "child_span": refs[r.tail],
            "label": r.type,
        }
        for r in ordered_relations(rec)
    ]
    input_hash = hash32(rec.text)
    task_key = orjson.dumps([spans, relations], option=orjson.OPT_SORT_KEYS).decode()
    return ProdigyRecord.model_validate(
        {
            "text": rec.text,
            "tokens": [t._asdict() for t in tokens],
            "spans": spans,
            "relations": relations,
            "_input_hash": input_hash,
            "_task_hash": hash32(f"{input_hash} {task_key}"),
            "answer": "accept",
            "_annotator_id": rec.annotator,
            "_session_id": f"curator-{rec.annotator}",
            "meta": record_meta(rec),
        }
    )


def doccano_dropped(rec: ExportRecord) -> set[str]:
    """Ids of the spans of `rec` that a doccano project without "Allow overlapping entity"
    drops on import, by its own rule (doccano 1.8's `Spans.clean`): by start, a span is kept
    when it starts at or after the end of the last span kept. A span that overlaps only a
    dropped one is kept."""
    dropped, last = set(), -1
    for s in sorted(rec.spans, key=lambda s: s.start):  # stable, as doccano's sort
        if s.start >= last:
            last = s.end
        else:
            dropped.add(s.id)
    return dropped


def overlapping(rec: ExportRecord) -> tuple[int, int]:
    """The spans of `rec` that a doccano project drops unless "Allow overlapping entity" is
    set, and the relations that use one of them."""
    dropped = doccano_dropped(rec)
    return len(dropped), sum(r.head in dropped or r.tail in dropped for r in rec.relations)


def to_doccano(
    rec: ExportRecord, layout: str = "label", offsets: OffsetUnit = "utf16"
) -> DoccanoRecord:
    """doccano JSONL in one layout: `label` triples (sequence labelling), or `entities` and
    `relations` with integer ids (relation extraction), offsets in doccano's UTF-16 units
    unless `offsets` is codepoint."""
    meta = record_meta(rec)
    at = OffsetMap(rec.text, offsets).out
    if layout == "label":
        data: dict[str, Any] = {"label": [(at(s.start), at(s.end), s.label) for s in rec.spans]}
    else:
        ids = {s.id: i for i, s in enumerate(rec.spans)}
        data = {
            "entities": [
                {"id": i, "start_offset": at(s.start), "end_offset": at(s.end), "label": s.label}
                for i, s in enumerate(rec.spans)
            ],
            "relations": [
                {"id": i, "from_id": ids[r.head], "to_id": ids[r.tail], "type": r.type}
                for i, r in enumerate(ordered_relations(rec))
            ],
        }
    return DoccanoRecord.model_validate(
        {"text": rec.text, **data, "meta": meta}, context={"offsets": offsets}
    )
