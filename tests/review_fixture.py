"""Two editors' versions of the sample article, for the review tests.

`alice` and `bob` tag the bundled CSTO article independently, the way two real editors
would disagree: the same date with another TIMEX3 value, "Alexander Lukashenko" against
"Lukashenko", the canonical name "Lukashenko" against "Lukashenka", a garbled machine
translation one calls a translation error and the other a claim, a claim attributed to
Pritchin by one and to Evseev by the other, MQM severities that differ, things only one of
them saw, and two paragraphs bob has not reached yet. Everything goes through the Store API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from curator.store.store import Store

ARTICLE = "csto-20-years"
A = "alice"
B = "bob"

LUKASHENKO = {"name": "Lukashenko", "type": "person", "role": "President of Belarus"}

# key: (paragraph, quote, label, attrs); the quote's first occurrence in the paragraph.
Spec = tuple[int, str, str, dict[str, Any]]

ALICE: dict[str, Spec] = {
    "p1-1992": (1, "1992", "date", {"timex_type": "DATE", "value": "1992"}),
    "p1-later": (1, "10 years later", "date", {"timex_type": "DATE", "value": "2002"}),
    "p2-may16": (2, "May 16", "date", {"timex_type": "DATE", "value": "2022-05-16"}),
    "p3-2022": (3, "2022", "date", {"timex_type": "DATE", "value": "2022"}),
    "p8-speaker": (8, "Alexander Lukashenko", "speaker", LUKASHENKO),
    "p8-claim": (
        8,
        "the CSTO is not as united as it was during the January events in Kazakhstan",
        "claim",
        {"check_worthy": "yes"},
    ),
    "p9-claim": (
        9,
        "if we had acted immediately as a united front, there would not have been these "
        "hellish sanctions",
        "claim",
        {"check_worthy": "yes"},
    ),
    "p9-speaker": (9, "Lukashenka", "speaker", LUKASHENKO),
    "p9-nato": (
        9,
        "Russia should not fight the NATO enlargement attempt alone",
        "claim",
        {"check_worthy": "unsure"},
    ),
    "p10-monopoly": (
        10,
        "monopoly voting",
        "translation_error",
        {"category": "Terminology/Inappropriate for context", "severity": "minor"},
    ),
    "p13-putin": (13, "Vladimir Putin", "speaker", {"name": "Vladimir Putin", "type": "person"}),
    "p13-quote": (
        13,
        "“artificially created NATO enlargement problem",
        "translation_error",
        {"category": "Fluency/Punctuation", "severity": "minor", "note": "quote never closed"},
    ),
    "p14-moldova": (
        14,
        "Moldova’s enemy Azerbaijan, which has chosen the pro-Western path of Armenia",
        "translation_error",
        {"category": "Accuracy/Mistranslation", "severity": "major"},
    ),
    "p14-member": (
        14,
        "mechanisms. its member",
        "translation_error",
        {"category": "Fluency/Grammar", "severity": "minor"},
    ),
    "p15-2021": (15, "2021", "date", {"timex_type": "DATE", "value": "2021"}),
    "p18-january": (18, "January 2022", "date", {"timex_type": "DATE", "value": "2022-01"}),
    "p21-liberated": (
        21,
        "liberated",
        "translation_error",
        {"category": "Accuracy/Mistranslation", "severity": "major", "correction": "saved"},
    ),
    "p21-2018": (21, "2018", "date", {"timex_type": "DATE", "value": "2018"}),
    "p21-says": (
        21,
        "”says",
        "translation_error",
        {"category": "Fluency/Punctuation", "severity": "minor"},
    ),
    "p25-speaker": (25, "Lukashenka", "speaker", LUKASHENKO),
    "p27-alma-ata": (
        27,
        "Alma-Ata",
        "translation_error",
        {"category": "Locale convention/Name format", "severity": "minor", "correction": "Almaty"},
    ),
    "p27-evseev": (27, "Evseev", "speaker", {"name": "Vladimir Evseev", "type": "person"}),
    "p29-pritchin": (29, "Pritchin", "speaker", {"name": "Pritchin", "type": "person"}),
    "p29-claim": (
        29,
        "it is not always possible to reach consensus on certain topics and events at the CSTO",
        "claim",
        {"check_worthy": "no"},
    ),
    "p30-claim": (
        30,
        "I don’t see it as a major tragedy, it’s just a normal process of coordination within "
        "a single organisation",
        "claim",
        {"check_worthy": "no"},
    ),
    "p31-khrenin": (
        31,
        "Viktor Khrenin",
        "speaker",
        {"name": "Viktor Khrenin", "type": "person", "role": "Defense Minister of Belarus"},
    ),
    "p32-claim": (
        32,
        "in a few years there will be no more six countries",
        "claim",
        {"check_worthy": "yes"},
    ),
    "p32-grammar": (
        32,
        "no more six countries",
        "translation_error",
        {"category": "Fluency/Grammar", "severity": "minor"},
    ),
    "p34-evseev": (34, "Evseev", "speaker", {"name": "Vladimir Evseev", "type": "person"}),
    "p34-claim": (
        34,
        "Uzbekistan can return to the CSTO with the status of an observer",
        "claim",
        {"check_worthy": "yes"},
    ),
}

BOB: dict[str, Spec] = {
    "p1-1992": ALICE["p1-1992"],
    "p1-later": (1, "exactly 10 years later", "date", {"timex_type": "DATE", "value": "2002"}),
    "p2-may16": (2, "May 16", "date", {"timex_type": "DATE", "value": "XXXX-05-16"}),
    "p3-2022": ALICE["p3-2022"],
    "p8-speaker": (8, "Lukashenko", "speaker", {"name": "Lukashenko", "type": "person"}),
    "p8-claim": (*ALICE["p8-claim"][:3], {"check_worthy": "unsure"}),
    "p9-claim": (
        9,
        "I am sure that if we had acted immediately as a united front, there would not have "
        "been these hellish sanctions, as they say",
        "claim",
        {"check_worthy": "yes"},
    ),
    "p9-speaker": (9, "Lukashenka", "speaker", {**LUKASHENKO, "name": "Lukashenka"}),
    "p10-monopoly": (
        10,
        "monopoly voting",
        "translation_error",
        {"category": "Accuracy/Mistranslation", "severity": "major"},
    ),
    "p13-putin": ALICE["p13-putin"],
    "p13-claim": (
        13,
        "this decision is in the interests of US foreign policy",
        "claim",
        {"check_worthy": "yes"},
    ),
    "p14-moldova": (*ALICE["p14-moldova"][:2], "claim", {"check_worthy": "no"}),
    "p14-member": ALICE["p14-member"],
    "p15-2021": ALICE["p15-2021"],
    "p15-this-year": (15, "this year", "date", {"timex_type": "DATE", "value": "2022"}),
    "p21-liberated": (
        21,
        "liberated",
        "translation_error",
        {"category": "Accuracy/Mistranslation", "severity": "minor", "correction": "saved"},
    ),
    "p21-2018": ALICE["p21-2018"],
    "p21-says": ALICE["p21-says"],
    "p27-evseev": ALICE["p27-evseev"],
    "p29-pritchin": ALICE["p29-pritchin"],
    "p29-claim": ALICE["p29-claim"],
    "p30-claim": ALICE["p30-claim"],
    "p31-khrenin": ALICE["p31-khrenin"],
    "p32-claim": ALICE["p32-claim"],
    "p32-grammar": ALICE["p32-grammar"],
}

ALICE_LINKS = [
    ("attributed_to", "p8-claim", "p8-speaker"),
    ("attributed_to", "p9-claim", "p9-speaker"),
    ("attributed_to", "p29-claim", "p29-pritchin"),
    ("attributed_to", "p30-claim", "p29-pritchin"),  # bob: Evseev
    ("attributed_to", "p32-claim", "p31-khrenin"),
    ("attributed_to", "p34-claim", "p34-evseev"),
]
BOB_LINKS = [
    ("attributed_to", "p8-claim", "p8-speaker"),
    ("attributed_to", "p9-claim", "p9-speaker"),
    ("attributed_to", "p13-claim", "p13-putin"),
    ("attributed_to", "p29-claim", "p29-pritchin"),
    ("attributed_to", "p30-claim", "p27-evseev"),
    ("attributed_to", "p32-claim", "p31-khrenin"),
]

N_PARAGRAPHS = 39
ALICE_DONE = range(0, 37)
"""alice marked 0-36 done and skipped the two boilerplate paragraphs."""
BOB_DONE = [*range(0, 34), 36]
"""bob has not reached paragraphs 34 and 35 (no mark, no span) and skipped 37-38."""
SKIPPED = (37, 38)


@dataclass(frozen=True)
class ReviewFixture:
    """Span ids of both layers, by key."""

    alice: dict[str, str]
    """alice's span ids."""
    bob: dict[str, str]
    """bob's span ids."""


def _tag(store: Store, specs: dict[str, Spec]) -> dict[str, str]:
    ids = {}
    for key, (par, quote, label, attrs) in specs.items():
        text = store.paragraph_text(ARTICLE, par)
        start = text.index(quote)
        span = store.add_span(ARTICLE, par, start, start + len(quote), label, attrs)
        ids[key] = span.id
    return ids


def _layer(
    store: Store, specs: dict[str, Spec], links: list[tuple[str, str, str]], done
) -> dict[str, str]:
    ids = _tag(store, specs)
    for rtype, head, tail in links:
        store.add_relation(rtype, ids[head], ids[tail])
    for par in done:
        store.set_paragraph_status(ARTICLE, par, "done")
    for par in SKIPPED:
        store.set_paragraph_status(ARTICLE, par, "skipped", note="boilerplate")
    return ids


def build(store: Store) -> ReviewFixture:
    """Add alice's and bob's layers to a store that holds the sample article."""
    with Store.open(store.path, annotator=A, create=False) as alice:
        alice_ids = _layer(alice, ALICE, ALICE_LINKS, ALICE_DONE)
    with Store.open(store.path, annotator=B, create=False) as bob:
        bob_ids = _layer(bob, BOB, BOB_LINKS, BOB_DONE)
    return ReviewFixture(alice_ids, bob_ids)
