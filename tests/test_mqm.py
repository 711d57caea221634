"""MQM typology, severities and WMT scoring."""

from __future__ import annotations

import pytest

from curator.domain.mqm import (
    ALL_CATEGORIES,
    MQM_CATEGORIES,
    SEVERITIES,
    check_severity,
    error_weight,
    mqm_score,
    normalize_category,
    per_100_words,
)


def test_typology_shape() -> None:
    assert list(MQM_CATEGORIES) == [
        "Accuracy",
        "Fluency",
        "Terminology",
        "Style",
        "Locale convention",
        "Non-translation",
        "Source error",
        "Other",
    ]
    assert MQM_CATEGORIES["Accuracy"] == ("Mistranslation", "Omission", "Addition", "Untranslated")
    assert "Character encoding" in MQM_CATEGORIES["Fluency"]
    assert MQM_CATEGORIES["Style"] == ("Awkward",)
    assert MQM_CATEGORIES["Other"] == ()
    assert SEVERITIES == ("minor", "major", "critical")


def test_all_categories_order_and_bare_dimensions() -> None:
    assert ALL_CATEGORIES[0] == "Accuracy/Mistranslation"
    assert ALL_CATEGORIES[-3:] == ("Non-translation", "Source error", "Other")
    assert "Locale convention/Telephone format" in ALL_CATEGORIES
    assert "Terminology/Inappropriate for context" in ALL_CATEGORIES
    assert len(ALL_CATEGORIES) == len(set(ALL_CATEGORIES)) == 22


@pytest.mark.parametrize("category", ALL_CATEGORIES)
def test_canonical_categories_normalize_to_themselves(category: str) -> None:
    assert normalize_category(category) == category
    assert normalize_category(category.upper()) == category


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("accuracy/mistranslation", "Accuracy/Mistranslation"),
        ("Accuracy / Mistranslation", "Accuracy/Mistranslation"),
        ("  fluency/  punctuation ", "Fluency/Punctuation"),
        ("Fluency/Character Encoding", "Fluency/Character encoding"),
        ("Accuracy/Untranslated text", "Accuracy/Untranslated"),
        ("accuracy/untranslated TEXT", "Accuracy/Untranslated"),
        ("Locale_convention/Date format", "Locale convention/Date format"),
        ("locale_convention / currency_format", "Locale convention/Currency format"),
        ("Non-translation!", "Non-translation"),
        ("non-translation", "Non-translation"),
        ("SOURCE ERROR", "Source error"),
        ("other", "Other"),
    ],
)
def test_normalize_category_variants(typed: str, canonical: str) -> None:
    assert normalize_category(typed) == canonical


@pytest.mark.parametrize(
    "typed", ["", "Accuracy", "Accuracy/Typo", "No-error", "Fluency/Awkward", "Style"]
)
def test_normalize_category_unknown(typed: str) -> None:
    assert normalize_category(typed) is None


def test_check_severity() -> None:
    assert check_severity("Accuracy/Mistranslation", "minor") is None
    assert check_severity("Accuracy/Mistranslation", "major") is None
    assert check_severity("Non-translation", "critical") is None
    reason = check_severity("Accuracy/Mistranslation", "critical")
    assert reason is not None and "Non-translation" in reason
    assert check_severity("Other", "critical") is not None
    assert "severity" in (check_severity("Style/Awkward", "neutral") or "")
    assert "category" in (check_severity("Nope/Nope", "minor") or "")


@pytest.mark.parametrize(
    ("category", "severity", "weight"),
    [
        ("Non-translation", "critical", 25.0),
        ("Non-translation", "major", 25.0),
        ("Non-translation", "minor", 25.0),
        ("Source error", "major", 5.0),  # as WMT's published TED segment scores weight it
        ("Source error", "minor", 1.0),
        ("Accuracy/Mistranslation", "major", 5.0),
        ("Fluency/Punctuation", "major", 5.0),
        ("Fluency/Punctuation", "minor", 0.1),
        ("Fluency/Grammar", "minor", 1.0),
        ("Style/Awkward", "minor", 1.0),
        ("Locale convention/Date format", "minor", 1.0),
        ("Other", "major", 5.0),
    ],
)
def test_error_weight(category: str, severity: str, weight: float) -> None:
    assert error_weight(category, severity) == pytest.approx(weight)


def test_error_weight_rejects_invalid() -> None:
    with pytest.raises(ValueError, match="critical"):
        error_weight("Accuracy/Mistranslation", "critical")
    with pytest.raises(ValueError):
        error_weight("Source error", "critical")
    with pytest.raises(ValueError):
        error_weight("Accuracy/Typo", "minor")
    with pytest.raises(ValueError):
        error_weight("Accuracy/Omission", "trivial")


def test_mqm_score() -> None:
    assert mqm_score([]) == 0.0
    errors = [
        ("Accuracy/Mistranslation", "major"),  # 5
        ("Fluency/Punctuation", "minor"),  # 0.1
        ("Fluency/Punctuation", "minor"),  # 0.1
        ("Fluency/Spelling", "minor"),  # 1
        ("Source error", "major"),  # 5, as WMT weighs it
    ]
    assert mqm_score(errors) == pytest.approx(11.2)
    assert mqm_score(iter([("Non-translation", "critical")])) == 25.0
    with pytest.raises(ValueError):
        mqm_score([("Accuracy/Omission", "critical")])


def test_per_100_words() -> None:
    assert per_100_words(6.2, 0) == 0.0
    assert per_100_words(5.0, 50) == pytest.approx(10.0)
    assert per_100_words(25.0, 200) == pytest.approx(12.5)
    with pytest.raises(ValueError):
        per_100_words(1.0, -1)
