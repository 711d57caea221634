"""Records that `curator export` writes, one pydantic model per format.

Every record is validated before it is written, so a bad offset or a dangling relation is
an error at export time, never a silently broken dataset. Offsets are Unicode code points,
end-exclusive, except where a format's consumer counts UTF-16 code units (doccano and the MQM
Viewer count JavaScript string indices; Label Studio converts them to code points): `--offsets`
says which, `curator.domain.text.Utf16Index` converts.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from curator.domain.span import Origin
from curator.formats.offsets import text_length

RecordStatus = Literal["todo", "done", "skipped", "partial"]
ERROR_LABEL = "translation_error"
"""The label whose spans `ExportRecord.mqm` scores and the MQM TSV writes as rows."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportSpan(_Strict):
    """A span as exported, offsets relative to the record's `text`."""

    id: str = Field(min_length=1, max_length=64)
    """Stable span id (kept across export and import)."""
    start: int = Field(ge=0)
    """First code point."""
    end: int = Field(gt=0)
    """Code point after the last one."""
    label: str
    """Label from the tag set."""
    text: str
    """Equal to `record.text[start:end]`."""
    attrs: dict[str, Any] = Field(default_factory=dict)
    """The label's attributes, unset ones left out."""
    origin: Origin = "manual"
    """How the span came to be."""
    provenance: dict[str, Any] | None = None
    """For adjudicated (gold) spans: source annotators and span ids, decision, who, when."""
    status: Literal["pending", "accepted", "rejected"] | None = None
    """Only in the suggestion layer: whether an editor has decided on the proposal yet."""


class ExportRelation(_Strict):
    """A relation between two spans of the same record."""

    id: str = Field(min_length=1, max_length=64)
    """Stable relation id."""
    type: str
    """Relation type from the tag set."""
    head: str
    """Span id of the head."""
    tail: str
    """Span id of the tail."""


class ExportMeta(_Strict):
    """Article metadata repeated on every record, so a record stands on its own."""

    title: str
    """Headline."""
    url: str | None = None
    """Where it was published."""
    dct: str | None = None
    """Document creation date (ISO)."""
    source_lang: str | None = None
    """Language of the original (BCP-47)."""
    target_lang: str | None = None
    """Language of the text (BCP-47)."""
    mt_system: str | None = None
    """Machine translation system, if any."""


class ExportSource(_Strict):
    """The source-language text a translated record was made from (curator.domain.source)."""

    lang: str | None = None
    """Language of the source (the article's `source_lang`)."""
    paragraphs: list[int]
    """Source paragraph indices aligned with the record (all of them for an article)."""
    text: str
    """Those source paragraphs, joined by a blank line (empty for a target paragraph that
    has no source: an addition)."""
    alignment: list[tuple[int, int, int, int]] | None = None
    """`--unit article` only: the beads, as [source_start, source_end, target_start,
    target_end) paragraph ranges."""


class ExportRecord(_Strict):
    """`--format curator`: one paragraph (or one article) of one annotator."""

    article_id: str
    """Article id."""
    paragraph: int | None = Field(ge=0)
    """Paragraph index; None for `--unit article`."""
    kind: str | None
    """Paragraph kind (body, heading, ...); None for `--unit article`."""
    text: str
    """Paragraph text, or the article's paragraphs joined by a blank line."""
    annotator: str = Field(min_length=1)
    """Whose layer."""
    status: RecordStatus
    """Paragraph status; for an article: done, partial (some done) or todo."""
    spans: list[ExportSpan]
    """Spans ordered by start, end, label, id."""
    relations: list[ExportRelation]
    """Relations whose both spans are in `spans`, ordered by type, head, tail, id."""
    meta: ExportMeta
    """Article metadata."""
    mqm: float = Field(ge=0)
    """WMT MQM score: sum of the weights of the record's rated translation errors."""
    paragraph_status: list[Literal["todo", "done", "skipped"]] | None = None
    """`--unit article` only: each paragraph's status, so an import restores them."""
    source: ExportSource | None = None
    """For an article with a source text: the source segment aligned with this record."""

    @model_validator(mode="after")
    def _consistent(self) -> ExportRecord:
        text, n = self.text, len(self.text)
        for s in self.spans:  # written for speed: it runs for every span of every export
            if not (s.start < s.end <= n and text[s.start : s.end] == s.text):
                i = self.spans.index(s)
                raise ValueError(f"spans.{i}: text {s.text!r} is not text[{s.start}:{s.end}]")
        if self.relations:
            ids = {s.id for s in self.spans}
            for i, r in enumerate(self.relations):
                if r.head not in ids or r.tail not in ids:
                    raise ValueError(f"relations.{i}: head and tail must be spans of the record")
        return self


class ProdigyToken(_Strict):
    """A Prodigy token: `end` exclusive, `ws` = one space follows (spaCy's `whitespace_`);
    other whitespace is a token of its own, so the tokens rebuild the text."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    id: int = Field(ge=0)
    ws: bool


class ProdigySpanRef(_Strict):
    """A span as Prodigy's relations refer to it (`token_end` inclusive)."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    token_start: int = Field(ge=0)
    token_end: int = Field(ge=0)
    label: str


class ProdigySpan(ProdigySpanRef):
    """A span of a Prodigy task."""

    text: str


class ProdigyRelation(_Strict):
    """A Prodigy relation: `head`/`child` are the last token of the head/child span."""

    head: int = Field(ge=0)
    child: int = Field(ge=0)
    head_span: ProdigySpanRef
    child_span: ProdigySpanRef
    label: str


class ProdigyRecord(_Strict):
    """`--format prodigy`: a task that `prodigy db-in` accepts."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    text: str
    tokens: list[ProdigyToken]
    spans: list[ProdigySpan]
    relations: list[ProdigyRelation]
    input_hash: int = Field(alias="_input_hash", ge=-(2**31), lt=2**31)
    task_hash: int = Field(alias="_task_hash", ge=-(2**31), lt=2**31)
    answer: Literal["accept"] = "accept"
    annotator_id: str = Field(alias="_annotator_id")
    session_id: str = Field(alias="_session_id")
    meta: dict[str, Any]

    @model_validator(mode="after")
    def _aligned(self) -> ProdigyRecord:
        toks = self.tokens
        for i, t in enumerate(toks):
            if t.id != i or self.text[t.start : t.end] != t.text:
                raise ValueError(f"tokens.{i}: id or offsets do not match the text")
            if i and toks[i - 1].end > t.start:
                raise ValueError(f"tokens.{i}: overlaps the previous token")
        refs = [(f"spans.{i}", s) for i, s in enumerate(self.spans)]
        for i, r in enumerate(self.relations):
            refs += [
                (f"relations.{i}.head_span", r.head_span),
                (f"relations.{i}.child_span", r.child_span),
            ]
            if r.head != r.head_span.token_end or r.child != r.child_span.token_end:
                raise ValueError(f"relations.{i}: head/child must be the span's last token")
        for where, s in refs:
            if not 0 <= s.token_start <= s.token_end < len(toks):
                raise ValueError(f"{where}: token range out of range")
            if toks[s.token_start].start != s.start or toks[s.token_end].end != s.end:
                raise ValueError(f"{where}: {s.start}:{s.end} is not on token boundaries")
        for i, s in enumerate(self.spans):
            if self.text[s.start : s.end] != s.text:
                raise ValueError(f"spans.{i}: text is not text[{s.start}:{s.end}]")
        return self


class DoccanoEntity(_Strict):
    """A doccano entity of the relation-extraction layout."""

    id: int = Field(ge=0)
    start_offset: int = Field(ge=0)
    end_offset: int = Field(gt=0)
    label: str


class DoccanoRelation(_Strict):
    """A doccano relation between two entities of the same record."""

    id: int = Field(ge=0)
    from_id: int = Field(ge=0)
    to_id: int = Field(ge=0)
    type: str


class DoccanoRecord(_Strict):
    """`--format doccano`: `label` triples (`--layout label`), or `entities` + `relations`
    (`--layout relation`), the same layout on every line of a file. Offsets count UTF-16
    code units by default, as doccano's interface does (`--offsets codepoint`: code points)."""

    text: str
    label: list[tuple[int, int, str]] | None = None
    entities: list[DoccanoEntity] | None = None
    relations: list[DoccanoRelation] | None = None
    meta: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_layout(self, info: ValidationInfo) -> DoccanoRecord:
        if (self.label is None) == (self.entities is None):
            raise ValueError("give either label or entities")
        if (self.entities is None) != (self.relations is None):
            raise ValueError("entities and relations go together")
        triples = self.label or [
            (e.start_offset, e.end_offset, e.label) for e in self.entities or []
        ]
        utf16 = (info.context or {}).get("offsets") == "utf16"
        n = text_length(self.text, "utf16" if utf16 else "codepoint")
        for i, (start, end, _) in enumerate(triples):
            if not 0 <= start < end <= n:
                raise ValueError(f"span {i}: {start}:{end} is outside the text")
        ids = {e.id for e in self.entities or []}
        for i, r in enumerate(self.relations or []):
            if r.from_id not in ids or r.to_id not in ids:
                raise ValueError(f"relations.{i}: from_id and to_id must be entity ids")
        return self

    def dump(self) -> dict[str, Any]:
        """The record as doccano reads it (only the keys of its layout)."""
        return self.model_dump(mode="json", exclude_none=True)
