"""`--format conll`: CoNLL-2003 columns with IOB2 tags, for training NER taggers.

Each (article, annotator) is a document opened by `-DOCSTART- -X- -X- O`; each record (a
paragraph, or the article with `--unit article`) is a block of `token -X- _ tag` lines ended
by a blank line. Tokens are `interop.aligned_tokens` without the whitespace ones, so every span
starts and ends on a token; a span's first token is `B-<label>`, the others `I-<label>`
(whitespace at a span's edge has no token: a span of nothing but whitespace has no tag).
spaCy (`spacy convert -c ner`) and most CoNLL readers take the first column as the word and
the last as the tag.

A token has one tag, so overlapping spans are resolved by one rule (`resolve_overlaps`): the
span that starts first wins; at the same start the longer one, then the label that comes first
in the tag set; a span overlapping a kept one is left out whole, never cut, and counted in the
export's warning. Use `--label` to choose which labels become entities and `--status done` to
leave out paragraphs nobody reviewed (their tokens would all be `O`). Attributes, relations and
ids are not carried; nothing is imported back.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from curator.domain.tagset import TagSet
from curator.formats.export_records import ExportRecord, ExportSpan
from curator.formats.interop import aligned_tokens

DOCSTART = b"-DOCSTART- -X- -X- O\n\n"
"""The line that opens each document, with its blank line."""


def resolve_overlaps(
    spans: Iterable[ExportSpan], tagset: TagSet
) -> tuple[list[ExportSpan], list[ExportSpan]]:
    """(kept, dropped): see the module docstring for the rule."""
    order = {name: i for i, name in enumerate(tagset.label_names)}
    ranked = sorted(spans, key=lambda s: (s.start, -s.end, order.get(s.label, len(order)), s.id))
    kept, dropped, reach = [], [], 0
    for s in ranked:
        if s.start < reach:
            dropped.append(s)
        else:
            kept.append(s)
            reach = s.end
    return kept, dropped


def conll_block(rec: ExportRecord, tagset: TagSet) -> bytes:
    """The record's tokens and tags, ending with a blank line."""
    kept, _ = resolve_overlaps(rec.spans, tagset)
    tokens = aligned_tokens(rec.text, [(s.start, s.end) for s in kept])
    tokens = [t for t in tokens if not t.text.isspace()]
    tags = ["O"] * len(tokens)
    first = [t.start for t in tokens]
    for s in kept:
        # the span's tokens (it may start or end in whitespace, which has no token here)
        i = bisect_left(first, s.start)
        prefix = "B"
        while i < len(tokens) and tokens[i].end <= s.end:
            tags[i] = f"{prefix}-{s.label}"
            prefix = "I"
            i += 1
    lines = [f"{t.text} -X- _ {tag}\n" for t, tag in zip(tokens, tags, strict=True)]
    return "".join(lines).encode() + b"\n"


def conll_lines(records: Iterable[ExportRecord], tagset: TagSet) -> Iterator[bytes]:
    """One block per record, a `-DOCSTART-` before each (article, annotator)."""
    current: tuple[str, str] | None = None
    for rec in records:
        block = conll_block(rec, tagset)
        if (rec.article_id, rec.annotator) != current:
            current = (rec.article_id, rec.annotator)
            block = DOCSTART + block
        yield block
