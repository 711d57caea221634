"""A synthetic corpus for the format tests: what breaks offsets and encodings in other tools.

Emoji (astral, ZWJ sequences, flags: 2 UTF-16 units or more each), combining marks, Cyrillic,
curly quotes, double spaces, a newline inside a paragraph, overlapping spans of two labels,
spans that start or end in whitespace, relations, a Source error, every paragraph status, and
two annotators.
"""

from __future__ import annotations

from pathlib import Path

from curator.formats.articles import collect_files, read_drafts
from curator.store.imports import import_articles
from curator.store.store import Store

SYNTH_ID = "synth-mix"
"""The article's id."""
PARAGRAPHS = [
    "Синтетика: “quotes” and 😀 emoji",
    "Officials 👩🏽‍⚕️ said “the plan\nwas final” — q\u0301uite sure, Москва 🇧🇾 agreed on 16 May.",
    "Second  paragraph with  double spaces, café\u0301 and 😀😀 twice.",
    "Nothing marked here.",
]
"""The article's paragraphs (the second holds a newline)."""
SOURCE = (
    "---\nid: synth-mix\nurl: https://example.org/synth\ndct: 2022-05-17\nsource_lang: ru\n"
    "target_lang: en\nmt_system: deepl\n---\n" + "\n\n".join(PARAGRAPHS) + "\n"
)


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def add_synthetic(store: Store, tmp_path: Path) -> None:
    """Import the article into `store` and annotate it as alice and bob."""
    src = tmp_path / f"{SYNTH_ID}.txt"
    src.write_text(SOURCE, "utf-8")
    import_articles(store, list(read_drafts(collect_files([src]))))
    alice = Store.open(store.path, annotator="alice", session="synth-a")
    bob = Store.open(store.path, annotator="bob", session="synth-b")
    try:

        def tag(who: Store, para: int, needle: str, label: str, attrs=None):
            start, end = _at(who.paragraph_text(SYNTH_ID, para), needle)
            return who.add_span(SYNTH_ID, para, start, end, label, attrs)

        claim = tag(alice, 1, "said “the plan\nwas final”", "claim", {"check_worthy": "yes"})
        who = tag(alice, 1, "Officials 👩🏽‍⚕️", "speaker", {"name": "Officials", "type": "group"})
        doc = tag(alice, 1, "👩🏽‍⚕️ said", "speaker", {"name": "A doctor", "type": "person"})
        date = tag(alice, 1, "16 May", "date", {"timex_type": "DATE", "value": "2022-05-16"})
        alice.add_relation("attributed_to", claim.id, who.id)
        alice.add_relation("attributed_to", claim.id, doc.id)
        alice.add_relation("claim_date", claim.id, date.id)
        tag(
            alice,
            1,
            "q\u0301",
            "translation_error",
            {"category": "Fluency/Spelling", "severity": "minor"},
        )
        tag(alice, 1, "Москва 🇧🇾", "speaker", {"name": "Moscow", "type": "organization"})
        tag(
            alice,
            1,
            "🇧🇾 agreed",
            "translation_error",
            {"category": "Source error", "severity": "major"},
        )
        tag(alice, 0, "“quotes”", "claim")
        tag(alice, 0, "😀", "translation_error", {"category": "Style/Awkward", "severity": "minor"})
        tag(alice, 2, "paragraph with  double", "claim")
        tag(
            alice,
            2,
            "café\u0301",
            "translation_error",
            {"category": "Fluency/Spelling", "severity": "major"},
        )
        tag(alice, 2, "😀😀 ", "claim")  # ends in whitespace
        alice.set_paragraph_status(SYNTH_ID, 0, "done")
        alice.set_paragraph_status(SYNTH_ID, 1, "done")
        alice.set_paragraph_status(SYNTH_ID, 2, "skipped")
        alice.set_paragraph_status(SYNTH_ID, 3, "done")
        tag(bob, 1, "Москва", "speaker", {"name": "Moscow", "type": "organization"})
        tag(bob, 2, "  double spaces", "claim")  # starts in whitespace
        bob.set_paragraph_status(SYNTH_ID, 2, "done")
    finally:
        alice.close()
        bob.close()


def fresh_copy(tmp_path: Path, name: str = "fresh.db") -> Path:
    """A new database holding the same article, without annotations."""
    path = tmp_path / name
    src = tmp_path / f"{SYNTH_ID}.txt"
    src.write_text(SOURCE, "utf-8")
    with Store.open(path, annotator="carol") as store:
        import_articles(store, list(read_drafts(collect_files([src]))))
    return path
