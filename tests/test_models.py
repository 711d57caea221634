"""Domain validation: spans, attributes, relations, articles and tag sets reject bad values
with a message that names the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from curator.cli import cli
from curator.domain.article import Article
from curator.domain.attrs import ClaimAttrs, DateAttrs, SpeakerAttrs, TranslationErrorAttrs
from curator.domain.errors import InputError, StoreError, format_validation_error
from curator.domain.relation import Relation
from curator.domain.span import CustomSpan, DateSpan, validate_span
from curator.domain.tagset import default_tagset, load_tagset
from curator.store.store import Store

PARAGRAPH = "Lukashenko said on May 16 that the CSTO was late."


def span_data(**overrides: Any) -> dict[str, Any]:
    """A valid claim span over PARAGRAPH[0:10] ("Lukashenko"), with overrides."""
    data: dict[str, Any] = {
        "id": "s1",
        "article_id": "a1",
        "paragraph": 0,
        "start": 0,
        "end": 10,
        "text": PARAGRAPH[0:10],
        "label": "claim",
        "annotator": "alice",
    }
    data.update(overrides)
    return data


def message(exc_info: pytest.ExceptionInfo[ValidationError]) -> str:
    """The one-line message curator shows for a validation error."""
    return format_validation_error(exc_info.value)


# -- spans ----------------------------------------------------------------------------------


def test_valid_span_passes_with_context():
    span = validate_span(span_data(), paragraph_text=PARAGRAPH, tagset=default_tagset())
    assert (span.start, span.end, span.text) == (0, 10, "Lukashenko")


@pytest.mark.parametrize("end", [0, 5])
def test_end_not_after_start_rejected(end: int):
    with pytest.raises(ValidationError) as exc_info:
        validate_span(span_data(start=5, end=end, text=""))
    assert message(exc_info).startswith("end: must be greater than start (5)")


def test_offsets_past_paragraph_rejected():
    n = len(PARAGRAPH)
    with pytest.raises(ValidationError) as exc_info:
        validate_span(
            span_data(start=n - 4, end=n + 3, text=PARAGRAPH[n - 4 :]), paragraph_text=PARAGRAPH
        )
    assert message(exc_info).startswith(f"end: {n + 3} is past the paragraph's end ({n})")


def test_text_must_equal_paragraph_slice():
    with pytest.raises(ValidationError) as exc_info:
        validate_span(span_data(text="Lukashenka"), paragraph_text=PARAGRAPH)
    msg = message(exc_info)
    assert msg.startswith("text: 'Lukashenka' is not the paragraph's text at 0:10")
    assert "'Lukashenko'" in msg


def test_orphaned_span_skips_quote_check():
    # An orphaned span lost its quote on re-import: it must stay loadable, not be refused.
    span = validate_span(span_data(text="gone", status="orphaned"), paragraph_text=PARAGRAPH)
    assert span.status == "orphaned"


def test_unknown_label_rejected_with_tagset():
    data = span_data(label="opinion")
    # Without a tag set any identifier-like label is a custom span...
    assert isinstance(validate_span(data), CustomSpan)
    # ...with one, the label must be declared.
    with pytest.raises(ValidationError) as exc_info:
        validate_span(data, tagset=default_tagset())
    msg = message(exc_info)
    assert msg.startswith("label: unknown label 'opinion'")
    assert "claim" in msg and "translation_error" in msg


def test_unknown_mqm_category_rejected():
    with pytest.raises(ValidationError) as exc_info:
        TranslationErrorAttrs(category="Accuracy/Bogus")
    assert message(exc_info).startswith("category: unknown MQM category 'Accuracy/Bogus'")
    with pytest.raises(ValidationError) as exc_info:
        validate_span(
            span_data(label="translation_error", attrs={"category": "Nonsense"}),
            tagset=default_tagset(),
        )
    assert message(exc_info).startswith("attrs.category: unknown MQM category 'Nonsense'")


def test_mqm_category_spelling_is_normalised():
    assert TranslationErrorAttrs(category="accuracy / mistranslation").category == (
        "Accuracy/Mistranslation"
    )


def test_timex_value_out_of_range_rejected():
    with pytest.raises(ValidationError) as exc_info:
        DateAttrs(timex_type="DATE", value="2022-13-40")
    msg = message(exc_info)
    assert msg.startswith("value: '2022-13-40' is not a TIMEX3 DATE value")
    assert "month 13" in msg


def test_critical_severity_only_for_non_translation():
    with pytest.raises(ValidationError) as exc_info:
        TranslationErrorAttrs(category="Accuracy/Mistranslation", severity="critical")
    msg = message(exc_info)
    assert msg.startswith("severity: critical is reserved for Non-translation")
    ok = TranslationErrorAttrs(category="Non-translation", severity="critical")
    assert (ok.category, ok.severity) == ("Non-translation", "critical")


def test_critical_without_category_rejected():
    with pytest.raises(ValidationError) as exc_info:
        TranslationErrorAttrs(severity="critical")
    assert message(exc_info).startswith("severity: critical is reserved")


def test_category_other_needs_note():
    with pytest.raises(ValidationError) as exc_info:
        TranslationErrorAttrs(category="Other", severity="minor")
    assert message(exc_info).startswith("note: required when the category is Other")
    assert TranslationErrorAttrs(category="Other", note="odd register").note == "odd register"


def test_speaker_wikidata_must_be_q_id():
    with pytest.raises(ValidationError) as exc_info:
        SpeakerAttrs(name="Lukashenko", wikidata="X12")
    assert message(exc_info).startswith("wikidata: 'X12' is not a Wikidata item id")
    assert SpeakerAttrs(wikidata="Q7747").wikidata == "Q7747"


def test_claim_summary_at_most_75_chars():
    assert ClaimAttrs(summary="x" * 75).summary == "x" * 75
    with pytest.raises(ValidationError) as exc_info:
        ClaimAttrs(summary="x" * 76)
    assert message(exc_info).startswith("summary: String should have at most 75 characters")


def test_empty_strings_mean_unset():
    attrs = ClaimAttrs(summary="", verdict="   ", note="kept", check_worthy="")
    assert attrs.summary is None and attrs.verdict is None and attrs.check_worthy is None
    assert attrs.note == "kept"
    span = validate_span(span_data(attrs={"summary": "", "check_worthy": "yes", "note": " "}))
    assert span.attrs_dict() == {"check_worthy": "yes"}


def test_empty_wikidata_is_unset_not_invalid():
    assert SpeakerAttrs(name="Putin", wikidata="").wikidata is None


@pytest.mark.parametrize(
    ("value", "timex_type"),
    [
        ("P10Y", "DURATION"),
        ("PRESENT_REF", "DATE"),
        ("2022-05", "DATE"),
        ("2022-05-16T10:00", "TIME"),
    ],
)
def test_date_attrs_infer_timex_type(value: str, timex_type: str):
    assert DateAttrs(value=value).timex_type == timex_type


def test_date_attrs_explicit_type_checked_against_value():
    with pytest.raises(ValidationError) as exc_info:
        DateAttrs(timex_type="DURATION", value="2022-05-16")
    assert message(exc_info).startswith("value: '2022-05-16' is not a TIMEX3 DURATION value")


def test_date_span_attrs_validated_through_union():
    span = validate_span(span_data(label="date", attrs={"value": "P10Y"}))
    assert isinstance(span, DateSpan)
    assert span.attrs_dict() == {"timex_type": "DURATION", "value": "P10Y"}


# -- relations ------------------------------------------------------------------------------


def relation_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "id": "r1",
        "article_id": "a1",
        "type": "attributed_to",
        "head": "s1",
        "tail": "s2",
        "annotator": "alice",
    }
    data.update(overrides)
    return data


def test_relation_attributed_to_date_rejected_by_model():
    ctx = {"tagset": default_tagset(), "head_label": "claim", "tail_label": "date"}
    with pytest.raises(ValidationError) as exc_info:
        Relation.model_validate(relation_data(), context=ctx)
    assert message(exc_info) == "tail: attributed_to needs a speaker span as tail, got date"
    ok = Relation.model_validate(relation_data(), context={**ctx, "tail_label": "speaker"})
    assert ok.type == "attributed_to"


def test_relation_head_label_checked():
    ctx = {"tagset": default_tagset(), "head_label": "speaker", "tail_label": "speaker"}
    with pytest.raises(ValidationError) as exc_info:
        Relation.model_validate(relation_data(), context=ctx)
    assert message(exc_info).startswith("head: attributed_to needs a claim span as head")


def test_relation_unknown_type_and_self_link_rejected():
    with pytest.raises(ValidationError) as exc_info:
        Relation.model_validate(relation_data(type="quotes"), context={"tagset": default_tagset()})
    assert message(exc_info).startswith("type: unknown relation type 'quotes'")
    with pytest.raises(ValidationError) as exc_info:
        Relation.model_validate(relation_data(tail="s1"))
    assert message(exc_info).startswith("tail: a span cannot be linked to itself")


def test_relation_attributed_to_date_rejected_by_store(sample_db: Store):
    para = sample_db.paragraph_text("csto-20-years", 2)
    claim = sample_db.add_span("csto-20-years", 2, 0, para.index(","), "claim")
    start = para.index("May 16")
    date = sample_db.add_span("csto-20-years", 2, start, start + 6, "date", {"value": "2022-05-16"})
    with pytest.raises(InputError) as exc_info:
        sample_db.add_relation("attributed_to", claim.id, date.id)
    assert str(exc_info.value) == (
        "relation: tail: attributed_to needs a speaker span as tail, got date"
    )
    assert sample_db.relations("csto-20-years") == []
    # The right relation type for the same pair is accepted.
    rel = sample_db.add_relation("claim_date", claim.id, date.id)
    assert [r.id for r in sample_db.relations("csto-20-years")] == [rel.id]


# -- articles -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../x", "/", "a/b", ".hidden", ""])
def test_article_id_without_path_parts(bad_id: str):
    with pytest.raises(ValidationError) as exc_info:
        Article(id=bad_id, title="T")
    assert message(exc_info).startswith("id: String should match pattern")


def test_article_id_accepts_slug_like_ids():
    assert Article(id="csto-20-years", title="T").id == "csto-20-years"
    assert Article(id="gazeta:2022.05.17", title="T").id == "gazeta:2022.05.17"


@pytest.mark.parametrize("field", ["source_lang", "target_lang"])
@pytest.mark.parametrize("lang", ["english", "e", "en_US", "en-", "ru-RU-!"])
def test_bad_bcp47_rejected(field: str, lang: str):
    with pytest.raises(ValidationError) as exc_info:
        Article(id="a", title="T", **{field: lang})
    assert message(exc_info).startswith(f"{field}: String should match pattern")


def test_good_bcp47_accepted():
    art = Article(id="a", title="T", source_lang="ru", target_lang="en-GB")
    assert (art.source_lang, art.target_lang) == ("ru", "en-GB")


@pytest.mark.parametrize("dct", ["2022-05-17T10:00", "2022-05-17 10:00:00", "2022-05-17"])
def test_dct_keeps_the_day(dct: str):
    assert Article(id="a", title="T", dct=dct).dct == dt.date(2022, 5, 17)


def test_dct_invalid_rejected():
    with pytest.raises(ValidationError) as exc_info:
        Article(id="a", title="T", dct="2022-02-30")
    assert message(exc_info).startswith("dct: ")


# -- custom tag sets ------------------------------------------------------------------------

CUSTOM_TAGSET = """
name = "newsroom"

[[labels]]
name = "claim"
color = "#e5c07b"

[[labels]]
name = "speaker"
color = "#61afef"

[[labels]]
name = "quote_source"
color = "#aa5500"
description = "Where a quote was taken from"
attributes = [
    { name = "outlet", type = "string", required = true },
    { name = "access", type = "enum", choices = ["direct", "agency", "social"] },
    { name = "verified", type = "bool" },
]

[[relations]]
name = "attributed_to"
head = ["claim"]
tail = ["speaker", "quote_source"]
"""


def write_tagset(tmp_path: Path, text: str, name: str = "tagset.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_custom_tagset_loads(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    assert [lab.name for lab in ts.labels] == ["claim", "speaker", "quote_source"]
    assert ts.key_of("quote_source") == "3"
    assert ts.label("quote_source").required == ("outlet",)
    assert ts.relation("attributed_to").allows("claim", "quote_source")
    assert ts.missing_required("quote_source", {"access": "direct"}) == ["outlet"]


def custom_span(**attrs: Any) -> dict[str, Any]:
    return span_data(label="quote_source", attrs=attrs)


def test_custom_label_attrs_validated(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    span = validate_span(
        custom_span(outlet="TASS", access="agency", verified=True),
        tagset=ts,
        paragraph_text=PARAGRAPH,
    )
    assert isinstance(span, CustomSpan)
    assert span.attrs == {"outlet": "TASS", "access": "agency", "verified": True}
    # Blank strings are unset for custom labels too.
    assert validate_span(custom_span(outlet=""), tagset=ts).attrs == {}


def test_custom_label_bad_enum_value_rejected(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    with pytest.raises(ValidationError) as exc_info:
        validate_span(custom_span(access="rumour"), tagset=ts)
    msg = message(exc_info)
    assert msg.startswith("access: Input should be 'direct', 'agency' or 'social'")


def test_custom_label_unknown_attr_rejected(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    with pytest.raises(ValidationError) as exc_info:
        validate_span(custom_span(reliability="high"), tagset=ts)
    assert message(exc_info).startswith("reliability: Extra inputs are not permitted")


def test_custom_label_bool_attr_type_checked(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    with pytest.raises(ValidationError) as exc_info:
        validate_span(custom_span(verified="perhaps"), tagset=ts)
    assert message(exc_info).startswith("verified: Input should be a valid boolean")


def test_tagset_cannot_change_builtin_attribute_type(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "claim"
color = "#e5c07b"
attributes = [{ name = "check_worthy", type = "bool" }]
""",
    )
    with pytest.raises(InputError) as exc_info:
        load_tagset(path)
    msg = str(exc_info.value)
    assert msg.startswith(f"{path}: labels.claim.check_worthy: built-in attribute is enum")
    assert "\n" not in msg


def test_tagset_cannot_add_attribute_to_builtin_label(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "speaker"
color = "#61afef"
attributes = [{ name = "party", type = "string" }]
""",
    )
    with pytest.raises(
        InputError, match=r"labels\.speaker\.party: built-in label 'speaker' has no"
    ):
        load_tagset(path)


def test_tagset_duplicate_label_rejected(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "claim"
color = "#e5c07b"

[[labels]]
name = "claim"
color = "#000000"
""",
    )
    with pytest.raises(InputError) as exc_info:
        load_tagset(path)
    assert str(exc_info.value) == f"{path}: labels: duplicate label 'claim'"


def test_tagset_relation_with_unknown_label_rejected(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "claim"
color = "#e5c07b"

[[relations]]
name = "attributed_to"
head = ["claim"]
tail = ["speaker"]
""",
    )
    with pytest.raises(InputError) as exc_info:
        load_tagset(path)
    assert str(exc_info.value) == f"{path}: relations.attributed_to.tail: unknown label 'speaker'"


def test_tagset_bad_field_named(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "claim"
color = "yellow"
""",
    )
    with pytest.raises(InputError) as exc_info:
        load_tagset(path)
    assert str(exc_info.value).startswith(f"{path}: labels.0.color: String should match pattern")


def test_tagset_enum_needs_choices(tmp_path: Path):
    path = write_tagset(
        tmp_path,
        """
[[labels]]
name = "stance"
color = "#123456"
attributes = [{ name = "polarity", type = "enum" }]
""",
    )
    with pytest.raises(InputError, match="attribute 'polarity': an enum needs a non-empty"):
        load_tagset(path)


def test_cli_init_stores_custom_tagset_and_refuses_another(tmp_path: Path):
    db = tmp_path / "custom.db"
    custom = write_tagset(tmp_path, CUSTOM_TAGSET)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "--tagset", str(custom), "init"])
    assert result.exit_code == 0, result.output
    assert "Created" in result.output and "3 quote_source" in result.output

    with Store.open(db, annotator="alice") as store:
        assert [lab.name for lab in store.tagset.labels] == ["claim", "speaker", "quote_source"]
        assert store.tagset == load_tagset(custom)

    # The same tag set again is fine; the database keeps it.
    again = runner.invoke(cli, ["--db", str(db), "--tagset", str(custom), "init"])
    assert again.exit_code == 0, again.output
    assert "Opened existing" in again.output

    other = write_tagset(tmp_path, CUSTOM_TAGSET.replace("#aa5500", "#00aa55"), "other.toml")
    refused = runner.invoke(cli, ["--db", str(db), "--tagset", str(other), "init"])
    assert refused.exit_code == 1
    assert "created with another tag set" in refused.output
    with pytest.raises(StoreError, match="created with another tag set"):
        Store.open(db, tagset=load_tagset(other))
    with Store.open(db, annotator="alice") as store:
        assert store.tagset.label("quote_source").color == "#aa5500"


def test_store_validates_custom_attrs_with_stored_tagset(tmp_path: Path):
    ts = load_tagset(write_tagset(tmp_path, CUSTOM_TAGSET))
    from curator.formats.articles import read_text_article
    from curator.store.imports import import_articles

    with Store.open(tmp_path / "c.db", annotator="alice", tagset=ts) as store:
        draft = read_text_article(f"Title\n\n{PARAGRAPH}", "mem", markdown=False, default_id="a1")
        import_articles(store, [draft])
        span = store.add_span("a1", 1, 0, 10, "quote_source", {"outlet": "BelTA"})
        assert store.span(span.id).attrs == {"outlet": "BelTA"}
        with pytest.raises(InputError, match="access: Input should be"):
            store.add_span("a1", 1, 0, 10, "quote_source", {"access": "telepathy"})
        with pytest.raises(InputError, match="label: unknown label 'date'"):
            store.add_span("a1", 1, 20, 26, "date")
        assert len(store.spans("a1")) == 1
