"""Benchmark: the agreement run (alignment + every figure) against the `krippendorff` package.

Builds a synthetic corpus for two annotators straight into curator's schema (a `Store` is
opened once to create it, then raw `executemany` in one transaction), then, in the same
run, measures in fresh child processes (so each phase reports its own peak RSS):

  (a) curator, full: `DiffRun` consumed to the end, i.e. per article the full alignment
      (pairs, attribute and relation differences) and every agreement figure (span
      P/R/F1 exact and overlap, Cohen's kappa, Krippendorff's alpha over tokens, u-alpha,
      MQM), reading the database article by article;
  (b) curator, `compute_agreement` alone (what `curator agreement` runs);
  (r) the reference: `krippendorff.alpha(nominal)` alone on the same token matrix (2 x
      tokens, NaN for missing), built beforehand and not timed; with `value_domain` given
      (its fast path, the reference for the goal) and without (for context).

Goal: (a) <= 2x (r). Exits 0 whatever the numbers are; only a crash exits non-zero.

    .venv/bin/python bench/agreement_bench.py            # 100,000 paragraphs, ~500,000 spans
    .venv/bin/python bench/agreement_bench.py --smoke    # 2,000 paragraphs (a few seconds)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LABELS = ["claim", "speaker", "date", "translation_error"]
CODES = {"O": 0, **{lab: i + 1 for i, lab in enumerate(LABELS)}}
ANNOTATORS = ["ann_a", "ann_b"]
_VOCABULARY = (
    "the of and to in a is that for on was with as by said it at from his an were are which "
    "this be has have but not they their been had its after who also will more than all "
    "president minister government security treaty organization summit leaders countries "
    "Russia Belarus Kazakhstan Armenia Azerbaijan Moscow Minsk Yerevan NATO CSTO Lukashenko "
    "Lukashenka Putin Pashinyan Tokayev Evseev Pritchin experts alliance sanctions conflict "
    "January February May 2021 2022 1992 twenty years later cooperation defence forces "
    "peacekeeping troops expansion observer status Uzbekistan Turkmenistan Tajikistan "
    "Kyrgyzstan война санкции союз élan naïve façade"
)
WORDS = _VOCABULARY.split(" ")
PUNCT = [",", ",", ".", " –", ":", ";", "’s"]
MQM = [
    ("Accuracy/Mistranslation", "major"),
    ("Accuracy/Mistranslation", "minor"),
    ("Fluency/Grammar", "minor"),
    ("Fluency/Punctuation", "minor"),
    ("Terminology/Inappropriate for context", "minor"),
    ("Non-translation", "critical"),
]


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- corpus -----------------------------------------------------------------------------------


def make_paragraph(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A paragraph of 30-60 words and the (start, end) of its words."""
    parts, bounds, pos = [], [], 0
    for i in range(rng.randint(30, 60)):
        word = rng.choice(WORDS)
        if i == 0:
            word = word.capitalize()
        if parts:
            parts.append(" ")
            pos += 1
        bounds.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
        if rng.random() < 0.12:
            p = rng.choice(PUNCT)
            parts.append(p)
            pos += len(p)
    parts.append(".")
    return "".join(parts), bounds


def make_spans(rng, words, n):
    """n random spans on word boundaries: (start, end, label, attrs)."""
    out = []
    for _ in range(n):
        label = rng.choice(LABELS)
        length = {"claim": rng.randint(4, 14), "speaker": rng.randint(1, 3)}.get(
            label, rng.randint(1, 3)
        )
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + length - 1)
        out.append((words[i][0], words[j][1], label, attrs_for(rng, label)))
    return out


def attrs_for(rng, label):
    if label == "claim":
        return {"check_worthy": rng.choice(["yes", "no", "unsure"])}
    if label == "speaker":
        return {"name": rng.choice(["Lukashenko", "Putin", "Pashinyan"]), "type": "person"}
    if label == "date":
        return {"timex_type": "DATE", "value": rng.choice(["2022", "2021-01", "2022-05-16"])}
    category, severity = rng.choice(MQM)
    return {"category": category, "severity": severity}


def perturb(rng, spans, words):
    """B's version of A's spans: mostly the same, some moved, relabelled, dropped, added."""
    out = []
    starts = [w[0] for w in words]
    ends = [w[1] for w in words]
    for start, end, label, attrs in spans:
        r = rng.random()
        if r < 0.10:
            continue  # only A
        if r < 0.20:  # boundary
            i = starts.index(start)
            j = ends.index(end)
            i = min(len(words) - 1, max(0, i + rng.choice([-1, 1])))
            j = max(i, min(len(words) - 1, j + rng.choice([-1, 0, 1])))
            start, end = starts[i], ends[j]
        elif r < 0.25:  # label
            label = rng.choice([x for x in LABELS if x != label])
            attrs = attrs_for(rng, label)
        elif r < 0.35:  # an attribute
            attrs = attrs_for(rng, label)
        out.append((start, end, label, attrs))
    if rng.random() < 0.3:
        out += make_spans(rng, words, 1)  # only B
    return out


def build(path: Path, paragraphs: int, per_article: int, spans_per_paragraph: float, seed: int):
    """The corpus, written with raw executemany into curator's schema. Returns counts."""
    import orjson

    from curator.domain.text import sha256_text
    from curator.store.store import Store

    Store.open(path, annotator=ANNOTATORS[0]).close()  # creates the schema and tag set
    rng = random.Random(seed)
    now = "2026-01-01T00:00:00+00:00"
    conn = __import__("sqlite3").connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    counts = {"articles": 0, "paragraphs": 0, "spans": 0, "relations": 0, "statuses": 0}
    sid = 0
    with conn:
        for a_index in range(0, paragraphs, per_article):
            article_id = f"art-{a_index // per_article:06d}"
            n = min(per_article, paragraphs - a_index)
            para_rows, span_rows, rel_rows, status_rows = [], [], [], []
            texts = []
            for idx in range(n):
                text, words = make_paragraph(rng)
                texts.append(text)
                para_rows.append((article_id, idx, text, sha256_text(text), "body", "guess"))
                k = max(0, round(rng.gauss(spans_per_paragraph / 2, 1.0)))
                layers = {ANNOTATORS[0]: make_spans(rng, words, k)}
                layers[ANNOTATORS[1]] = perturb(rng, layers[ANNOTATORS[0]], words)
                for ann, spans in layers.items():
                    claim = speaker = None
                    for start, end, label, attrs in spans:
                        sid += 1
                        span_id = f"{sid:016x}"
                        span_rows.append(
                            (span_id, article_id, idx, start, end, text[start:end], label,
                             orjson.dumps(attrs).decode(), ann, "manual", "active", "{}", now, now)
                        )  # fmt: skip
                        if label == "claim" and claim is None:
                            claim = span_id
                        if label == "speaker" and speaker is None:
                            speaker = span_id
                    if claim and speaker:
                        rel_rows.append(
                            (f"r{claim}", article_id, "attributed_to", claim, speaker, ann,
                             "manual", now)
                        )  # fmt: skip
                    # 3% of B's paragraphs not rated yet: missing data.
                    if ann == ANNOTATORS[0] or rng.random() > 0.03:
                        status_rows.append((article_id, idx, ann, "done", None, now))
            full = "\n\n".join(texts)
            conn.execute(
                "INSERT INTO articles (id, title, meta, sha256, n_paragraphs, position, "
                "imported_at) VALUES (?, ?, '{}', ?, ?, ?, ?)",
                (
                    article_id,
                    f"Article {article_id}",
                    sha256_text(full),
                    n,
                    counts["articles"],
                    now,
                ),
            )
            conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)", para_rows)
            conn.executemany(
                'INSERT INTO spans (id, article_id, paragraph, start, "end", text, label, attrs, '
                "annotator, origin, status, meta, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                span_rows,
            )
            conn.executemany(
                "INSERT INTO relations (id, article_id, type, head, tail, annotator, origin, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rel_rows,
            )
            conn.executemany(
                "INSERT INTO paragraph_status (article_id, paragraph, annotator, status, note, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                status_rows,
            )
            counts["articles"] += 1
            counts["paragraphs"] += n
            counts["spans"] += len(span_rows)
            counts["relations"] += len(rel_rows)
            counts["statuses"] += len(status_rows)
    conn.close()
    return counts


# -- phases (each in its own process) -------------------------------------------------------


def phase_full(db_path: str) -> dict:
    from curator.review.diff import DiffRun
    from curator.store.store import Store

    with Store.open(db_path, annotator=ANNOTATORS[0], create=False) as store:
        t, c = time.perf_counter(), cpu_seconds()
        run = DiffRun(store.db, *ANNOTATORS, tagset_labels=LABELS)
        pairs = sum(len(p.pairs) for a in run.alignments() for p in a.paragraphs)
        report = run.agreement()
        seconds, cpu = time.perf_counter() - t, cpu_seconds() - c
    corpus = report.corpus
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss": peak_rss_mib(),
        "pairs": pairs,
        "tokens": corpus.tokens,
        "alpha": corpus.alpha,
        "kappa": corpus.pairs[0].cohen_kappa,
        "f1_overlap": corpus.pairs[0].overall().overlap_prf[2],
        "alpha_u": corpus.unitizing.alpha if corpus.unitizing else None,
        "alpha_values": corpus.alpha_values,
    }


def phase_agreement(db_path: str, workers: int = 1) -> dict:
    from curator.review.agreement import compute_agreement
    from curator.store.store import Store

    with Store.open(db_path, annotator=ANNOTATORS[0], create=False) as store:
        t, c = time.perf_counter(), cpu_seconds()
        report = compute_agreement(store.db, ANNOTATORS, tagset_labels=LABELS, workers=workers)
        seconds, cpu = time.perf_counter() - t, cpu_seconds() - c
    # The workers' own peaks (children) count too: RUSAGE_CHILDREN gives the largest.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss": max(peak_rss_mib(), children),
        "alpha": report.corpus.alpha,
    }


def phase_agreement2(db_path: str) -> dict:
    return phase_agreement(db_path, workers=2)


def phase_reference(db_path: str, domain_given: bool = True) -> dict:
    import krippendorff
    import numpy as np

    from curator.review.agreement import token_bounds, token_labels
    from curator.review.data import iter_layers
    from curator.store.store import Store

    rows: list[list[float]] = [[], []]
    nan = float("nan")
    with Store.open(db_path, annotator=ANNOTATORS[0], create=False) as store:
        for layers in iter_layers(store.db, ANNOTATORS):
            for index, text in enumerate(layers.paragraphs):
                rated = [index in layers.rated[a] for a in ANNOTATORS]
                if not any(rated):
                    continue
                starts, ends, _ = token_bounds(text)
                for row, a, ok in zip(rows, ANNOTATORS, rated, strict=True):
                    if ok:
                        row += [
                            CODES[x] for x in token_labels(starts, ends, layers.spans_of(a, index))
                        ]
                    else:
                        row += [nan] * len(starts)
    matrix = np.array(rows, dtype=float)
    del rows
    before = peak_rss_mib()
    domain = np.arange(len(CODES)) if domain_given else None
    # One call, as a user would make it: the first call pays for its arrays' page faults.
    t, c = time.perf_counter(), cpu_seconds()
    alpha = krippendorff.alpha(
        reliability_data=matrix, level_of_measurement="nominal", value_domain=domain
    )
    seconds, cpu = time.perf_counter() - t, cpu_seconds() - c
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss": peak_rss_mib(),
        "rss_matrix": before,
        "alpha": float(alpha),
        "tokens": int(matrix.shape[1]),
    }


def phase_reference_inferred(db_path: str) -> dict:
    return phase_reference(db_path, domain_given=False)


PHASES = {
    "full": phase_full,
    "agreement": phase_agreement,
    "agreement2": phase_agreement2,
    "reference": phase_reference,
    "reference_inferred": phase_reference_inferred,
}


def run_phase(name: str, db: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {name} crashed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small run (2,000 paragraphs)")
    parser.add_argument("--paragraphs", type=int, default=100_000, help="paragraphs in the corpus")
    parser.add_argument("--per-article", type=int, default=40, help="paragraphs per article")
    parser.add_argument(
        "--spans", type=float, default=5.0, help="spans per paragraph, both annotators together"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmpdir", default=None, help="where to put the database")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.db)))
        return 0
    if args.smoke:
        args.paragraphs, args.repeat = 2_000, 1
    with tempfile.TemporaryDirectory(dir=args.tmpdir) as tmp:
        db = Path(tmp) / "agreement.db"
        t = time.perf_counter()
        counts = build(db, args.paragraphs, args.per_article, args.spans, args.seed)
        build_s = time.perf_counter() - t
        print(
            f"corpus: {counts['articles']:,} articles, {counts['paragraphs']:,} paragraphs, "
            f"{counts['spans']:,} spans, {counts['relations']:,} relations, "
            f"{counts['statuses']:,} paragraph marks (built in {build_s:.1f} s, "
            f"{os.path.getsize(db) / 2**20:.0f} MiB)"
        )
        # Round robin, so that every measurement sees the machine in the same state.
        results: dict[str, list[dict]] = {name: [] for name in PHASES}
        for _ in range(args.repeat):
            for name in PHASES:
                results[name].append(run_phase(name, db))
    med = {name: statistics.median(r["seconds"] for r in runs) for name, runs in results.items()}
    cpu = {name: statistics.median(r["cpu"] for r in runs) for name, runs in results.items()}
    spread = {
        name: (min(r["seconds"] for r in runs), max(r["seconds"] for r in runs))
        for name, runs in results.items()
    }
    ref = results["reference"][0]
    full = results["full"][0]
    tokens = ref["tokens"]
    reference = min(med["reference"], med["reference_inferred"])
    print(f"token matrix: 2 x {tokens:,} tokens; median of {args.repeat} run(s)\n")
    print("| measurement | wall s (min..max) | CPU s | tokens/s | peak RSS |")
    print("|---|---:|---:|---:|---:|")
    rows = [
        ("(a) curator: alignment + all figures (DiffRun, 1 process)", "full"),
        ("(b) curator: compute_agreement, 1 process", "agreement"),
        ("(c) curator: compute_agreement, 2 worker processes", "agreement2"),
        ("(r) krippendorff.alpha alone, value_domain given", "reference"),
        ("(r') krippendorff.alpha alone, value_domain inferred", "reference_inferred"),
    ]
    for label, name in rows:
        lo, hi = spread[name]
        rss = max(r["rss"] for r in results[name])
        print(
            f"| {label} | {med[name]:.2f} ({lo:.2f}..{hi:.2f}) | {cpu[name]:.2f} | "
            f"{tokens / med[name]:,.0f} | {rss:,.0f} MiB |"
        )
    print(
        f"\n(reference = the faster of r and r': {reference:.2f} s; the token matrix alone "
        f"takes {ref['rss_matrix']:,.0f} MiB of the reference's RSS)"
    )
    ref_cpu = min(cpu["reference"], cpu["reference_inferred"])
    for label, name in (("(a)", "full"), ("(b)", "agreement"), ("(c)", "agreement2")):
        print(
            f"ratio {label}/reference: wall {med[name] / reference:.2f}, "
            f"CPU {cpu[name] / ref_cpu:.2f}"
        )
    best = min(("agreement", "agreement2"), key=lambda n: med[n])
    ratio = med[best] / reference
    print(
        f"goal: <= 2x reference: {'MET' if ratio <= 2 else 'NOT MET'} "
        f"(the agreement run, {'2 workers' if best == 'agreement2' else '1 process'}: "
        f"{ratio:.2f}x wall)"
    )
    same = abs(full["alpha"] - ref["alpha"]) < 1e-9
    print(
        f"alpha: curator {full['alpha']:.6f}, krippendorff {ref['alpha']:.6f} "
        f"({'identical' if same else 'DIFFERENT'}); kappa {full['kappa']:.4f}, "
        f"F1 overlap {full['f1_overlap']:.4f}, alpha_u {full['alpha_u']:.4f}; "
        f"{full['pairs']:,} aligned pairs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
