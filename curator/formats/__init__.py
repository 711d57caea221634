"""Article import, exports and annotation import (see the modules); the format names are
here so the CLI can offer them without importing the formats themselves."""

EXPORT_FORMATS = (
    "curator",
    "prodigy",
    "doccano",
    "labelstudio",
    "conll",
    "docbin",
    "xmi",
    "brat",
    "mqm",
    "claimreview",
)
"""`curator export --format` choices."""
IMPORT_FORMATS = ("curator", "prodigy", "doccano", "labelstudio", "mqm", "brat")
"""`curator import-annotations --format` choices."""
