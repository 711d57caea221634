"""`--format docbin`: a spaCy `DocBin` for training, with the optional `spacy` extra.

One `Doc` per curator record, built from the Prodigy tokens (`interop.aligned_tokens`), so
`Doc.text` is the record's text and every span is a token span. All spans are in the span
group `doc.spans["sc"]` (overlaps allowed, for spaCy's span categorizer); `doc.ents` holds the
spans CoNLL keeps (`conll.resolve_overlaps`: one per token, for the NER pipe). `Doc.user_data`
carries the record's `meta` (article, paragraph, annotator, status) and each span's id and
attributes by (start, end, label). The file is `DocBin(store_user_data=True).to_bytes()`, read
back with `DocBin().from_bytes(data).get_docs(nlp.vocab)`; nothing is imported back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from curator.domain.errors import InputError
from curator.domain.tagset import TagSet
from curator.formats.conll import resolve_overlaps
from curator.formats.export_records import ExportRecord
from curator.formats.interop import aligned_tokens, record_meta

SPAN_KEY = "sc"
"""The span group every span goes to (spaCy's spancat default)."""


def docbin_lines(records: Iterable[ExportRecord], tagset: TagSet) -> Iterator[bytes]:
    """The DocBin's bytes, as one chunk per record (all but the last empty), so the export
    counts records; the bytes come when the last record has been read."""
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise InputError("docbin: spaCy is not installed (pip install 'curator[spacy]')") from None
    vocab = Vocab()
    docs = DocBin(store_user_data=True)
    pending = False
    for rec in records:
        if pending:
            yield b""
        tokens = aligned_tokens(rec.text, [(s.start, s.end) for s in rec.spans])
        doc = Doc(vocab, words=[t.text for t in tokens], spaces=[t.ws for t in tokens])
        spans = []
        for s in rec.spans:
            span = doc.char_span(s.start, s.end, label=s.label)
            if span is None:  # aligned_tokens puts a boundary at every span end
                raise InputError(f"docbin: span {s.id} is not on token boundaries")
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        kept, _ = resolve_overlaps(rec.spans, tagset)
        doc.ents = [doc.char_span(s.start, s.end, label=s.label) for s in kept]
        doc.user_data["curator"] = {
            "meta": record_meta(rec),
            "spans": [[s.start, s.end, s.label, s.id, s.attrs] for s in rec.spans],
        }
        docs.add(doc)
        pending = True
    yield docs.to_bytes()
