"""Source–target alignment: accuracy on published segment pairs, and speed.

Accuracy: Google's WMT MQM TED annotations (`mqm_ted_zhen.tsv`, `mqm_ted_ende.tsv` from the
public `google/wmt-mqm-human-evaluation` repository, Apache-2.0) pair every source segment of
a talk with its translation, per MT system. For each (system, talk), the segments are joined
into one document per side and split into sentences by curator's own splitter
(`curator.domain.text.sentence_bounds`), so the aligner sees sentences, not the published
segmentation. It aligns the two sentence lists; a published segment pair counts as recovered
when the beads holding its source sentences hold exactly its target sentences (and the beads
of its target sentences exactly its source sentences). The goal is >= 0.95.

Speed: `align_segments` on --pairs paragraph pairs (TED segments repeated, or synthetic text
without the data), beside a raw baseline measured in the same run: one length cost per pair
along the diagonal (zip), the least work any length-based aligner does. Prints pairs/s and
the ratio.

The data is never committed: give the TSV with --tsv, or --fetch to download it into
~/.cache/curator-bench/ (needs network). Without data the accuracy part is skipped (with a
message) and speed runs on synthetic text.

    .venv/bin/python bench/bilingual_align.py --tsv mqm_ted_zhen.tsv --tsv mqm_ted_ende.tsv
    .venv/bin/python bench/bilingual_align.py --fetch
    .venv/bin/python bench/bilingual_align.py --smoke            # 500 pairs, CI
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from curator.bilingual.align import (
    _length_cost,
    align_paragraphs,
    align_segments,
    aligned_share,
    length_ratio,
)
from curator.domain.mqm import error_weight
from curator.domain.text import sentence_bounds
from curator.formats.sources import MIN_SHARE

BASE = "https://raw.githubusercontent.com/google/wmt-mqm-human-evaluation/main/ted"
FILES = {"zhen": "zhen/mqm_ted_zhen.tsv", "ende": "ende/mqm_ted_ende.tsv"}
SCORES = ".avg_seg_scores.tsv"
"""Beside each ratings file, WMT's published mean MQM score per (system, segment)."""
CACHE = Path.home() / ".cache" / "curator-bench"


def fetch() -> list[Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rel in FILES.items():
        for suffix in (".tsv", SCORES):
            path = CACHE / f"mqm_ted_{name}{suffix}"
            if not path.exists():
                tmp = path.with_suffix(".part")
                url = f"{BASE}/{rel.removesuffix('.tsv')}{suffix}"
                with urllib.request.urlopen(url, timeout=60) as r, tmp.open("wb") as f:
                    f.write(r.read())
                tmp.replace(path)
        paths.append(CACHE / f"mqm_ted_{name}.tsv")
    return paths


def documents(tsv: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(system, talk) -> [(source segment, target segment)] in segment order."""
    segs: dict[tuple[str, str], dict[int, tuple[str, str]]] = defaultdict(dict)
    with tsv.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        col = {name: i for i, name in enumerate(header)}
        for r in rows:
            target = r[col["target"]].replace("<v>", "").replace("</v>", "")
            key = (r[col["system"]], r[col["doc"]])
            segs[key].setdefault(int(r[col["seg_id"]]), (r[col["source"]].strip(), target.strip()))
    return {k: [v[i] for i in sorted(v)] for k, v in segs.items()}


def sentences(segments: list[str]) -> tuple[list[str], list[int]]:
    """The sentences of each segment, flattened, and the segment each comes from."""
    out, owner = [], []
    for n, seg in enumerate(segments):
        for a, b in sentence_bounds(seg) or [(0, len(seg))]:
            out.append(seg[a:b])
            owner.append(n)
    return out, owner


def recovered(pairs: list[tuple[str, str]]) -> tuple[int, int]:
    """(segment pairs recovered, segment pairs) for one document."""
    src, src_of = sentences([s for s, _ in pairs])
    tgt, tgt_of = sentences([t for _, t in pairs])
    # For each segment: the target segments its source sentences' beads reach, and back.
    reach_t: dict[int, set[int]] = defaultdict(set)
    reach_s: dict[int, set[int]] = defaultdict(set)
    for bead in align_segments(src, tgt):
        s_segs = {src_of[i] for i in bead.source}
        t_segs = {tgt_of[j] for j in bead.target}
        for s in s_segs:
            reach_t[s] |= t_segs or {-1}
        for t in t_segs:
            reach_s[t] |= s_segs or {-1}
    ok = sum(1 for n in range(len(pairs)) if reach_t[n] == {n} and reach_s[n] == {n})
    return ok, len(pairs)


def accuracy(paths: list[Path], smoke: bool) -> None:
    for path in paths:
        docs = documents(path)
        if smoke:
            docs = dict(list(docs.items())[:3])
        ok = total = 0
        per_system: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        started = time.perf_counter()
        for (system, _), pairs in docs.items():
            a, b = recovered(pairs)
            ok += a
            total += b
            per_system[system][0] += a
            per_system[system][1] += b
        seconds = time.perf_counter() - started
        worst = min(per_system.items(), key=lambda kv: kv[1][0] / kv[1][1])
        true_share, other_share = shares(docs)
        print(
            f"{path.name}: {len(docs)} documents, {total} segment pairs, recovered {ok} = "
            f"{ok / total:.3f} (goal >= 0.95: {'met' if ok / total >= 0.95 else 'NOT met'}); "
            f"worst system {worst[0]} {worst[1][0] / worst[1][1]:.3f}; {seconds:.2f} s"
        )
        mqm_check(path)
        print(
            f"  aligned share (import-source's check, refused below {MIN_SHARE:.2f}): true "
            f"sources >= {true_share:.2f}, another talk's source <= {other_share:.2f}"
        )


def shares(docs: dict[tuple[str, str], list[tuple[str, str]]]) -> tuple[float, float]:
    """(least aligned share of a document with its own source, greatest with another talk's),
    at paragraph level: what `curator import-source` checks."""
    own, other = 1.0, 0.0
    items = list(docs.items())
    for k, ((_, talk), pairs) in enumerate(items):
        target = [t for _, t in pairs]
        own = min(own, aligned_share(align_paragraphs([s for s, _ in pairs], target), target))
        wrong = next((p for (_, t), p in items[k + 1 :] + items[:k] if t != talk), None)
        if wrong is not None:
            beads = align_paragraphs([s for s, _ in wrong], target)
            other = max(other, aligned_share(beads, target))
    return own, other


def mqm_check(tsv: Path) -> None:
    """curator's MQM score of every rated segment (`curator.domain.mqm`, averaged over its
    raters) against WMT's published segment score, when the scores file is beside `tsv`."""
    scores = tsv.with_name(tsv.name.removesuffix(".tsv") + SCORES)
    if not scores.exists():
        print(f"  mqm: no {scores.name} beside it; skipped")
        return
    per: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    unknown = 0
    with tsv.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        col = {name: i for i, name in enumerate(next(rows))}
        for r in rows:
            if len(r) != len(col):
                unknown += 1  # a row whose text holds a tab: the release's own defect
                continue
            raters = per[(r[col["system"]], r[col["seg_id"]])]
            raters.setdefault(r[col["rater"]], 0.0)
            category, severity = r[col["category"]], r[col["severity"]].lower()
            if category.lower() in ("no-error", "no_error"):
                continue
            try:
                raters[r[col["rater"]]] += error_weight(category, severity)
            except ValueError:
                unknown += 1
    equal = differ = 0
    for line in scores.read_text(encoding="utf-8").splitlines()[1:]:
        system, score, seg = line.replace("\t", " ").split()
        if score == "None" or (system, seg) not in per:
            continue
        raters = per[(system, seg)]
        mine = sum(raters.values()) / len(raters)
        if abs(mine + float(score)) < 1e-6:
            equal += 1
        else:
            differ += 1
    total = equal + differ
    print(
        f"  mqm: {equal} of {total} segment scores equal WMT's ({equal / total:.4f}); "
        f"{unknown} rating rows unreadable or not MQM"
    )


def speed_corpus(paths: list[Path], pairs: int) -> tuple[list[str], list[str]]:
    pool: list[tuple[str, str]] = []
    for path in paths:
        for doc in documents(path).values():
            pool.extend(doc)
    rng = random.Random(7)
    if not pool:  # synthetic: target ~1.2x the source's length, with a shared number or not
        words = [
            "alpha",
            "beta",
            "gamma",
            "delta",
            "talks",
            "minister",
            "border",
            "summit",
            "report",
            "city",
            "year",
        ]
        for _ in range(200):
            n = rng.randint(5, 40)
            s = " ".join(rng.choice(words) for _ in range(n))
            if rng.random() < 0.3:
                num = str(rng.randint(2, 2000))
                pool.append((f"{s} {num}.", f"{s} {s[: n // 5]} {num}."))
            else:
                pool.append((s + ".", f"{s} {s[: n // 5]}."))
    chosen = [pool[rng.randrange(len(pool))] for _ in range(pairs)]
    return [s for s, _ in chosen], [t for _, t in chosen]


def speed(source: list[str], target: list[str]) -> None:
    started = time.perf_counter()
    beads = align_segments(source, target)
    curator_s = time.perf_counter() - started
    started = time.perf_counter()
    ratio = length_ratio(source, target)
    raw = [_length_cost(len(s), len(t), ratio) for s, t in zip(source, target, strict=True)]
    raw_s = time.perf_counter() - started
    ones = sum(1 for b in beads if len(b.source) == len(b.target) == 1)
    n = len(source)
    print(
        f"speed: {n:,} paragraph pairs: curator {curator_s:.2f} s ({n / curator_s:,.0f} pairs/s, "
        f"{ones / len(beads):.3f} of beads 1-1); raw diagonal {raw_s:.3f} s "
        f"({n / raw_s:,.0f} pairs/s, {len(raw)} costs); curator / raw = {raw_s / curator_s:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--tsv", type=Path, action="append", default=[], help="WMT MQM TED TSV file")
    ap.add_argument("--fetch", action="store_true", help=f"download the TSVs into {CACHE}")
    ap.add_argument("--pairs", type=int, default=10_000, help="paragraph pairs for the speed run")
    ap.add_argument("--smoke", action="store_true", help="3 documents, 500 pairs (CI)")
    args = ap.parse_args(argv)
    paths = list(args.tsv)
    if args.fetch:
        paths += fetch()
    elif not paths:
        paths = [p for p in (CACHE / f"mqm_ted_{n}.tsv" for n in FILES) if p.exists()]
    if paths:
        accuracy(paths, args.smoke)
    else:
        print("accuracy: no WMT MQM TED data (give --tsv or --fetch); skipped")
    speed(*speed_corpus(paths, 500 if args.smoke else args.pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
