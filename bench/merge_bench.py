"""Merge benchmark: `curator merge` against a raw `INSERT ... SELECT` between attached databases,
at two sizes 10x apart, to show whether memory and time per span stay flat.

For each size it builds, in a temporary folder, two databases in curator's own schema (created
by opening a curator Store, then filled with raw `executemany`):

  target  9 in 10 of the articles (40 paragraphs of ~40 words: Cyrillic, CJK, emoji with ZWJ,
          a flag, NBSP), with a small layer of its own (ann_a: one span per paragraph);
  source  all the articles, with the editor's layer to merge (ann_b): --spans spans (5 per
          paragraph, the four built-in labels with attributes), one attributed_to relation and
          one done mark per paragraph. One article in ten is therefore new to the target (its
          article and paragraph rows are added too); the rest are matched by id.

Each measurement runs in its own subprocess on a fresh copy of the target, so the peak RSS
(VmHWM) it reports is its own:

  (a) curator   `curator --db target merge source`, in process through click (the CLI path:
                open and integrity-check the target, open the source read-only, validate every
                row with its model, look it up, write it, log it), curator imported before the
                clock starts;
  (b) raw       plain sqlite3 with curator's pragmas (WAL, synchronous=FULL, foreign_keys=ON):
                `ATTACH source; INSERT INTO main.<table> SELECT ... FROM src.<table>` for the new
                articles and paragraphs and for every span, relation and mark, in one
                transaction. No validation, no lookups, no event log.

Prints spans/s, µs per span and peak RSS at both sizes, curator/raw, and the size ratios
(larger/smaller: RSS and time per span). Goals: curator's peak RSS < 150 MB at both sizes and
<= 1.3x from the smaller to the larger, time per span within 1.3x, and curator >= 0.30 of raw.
Exits 0 whatever the numbers; only a crash exits non-zero.

    .venv/bin/python bench/merge_bench.py             # 100,000 and 1,000,000 spans
    .venv/bin/python bench/merge_bench.py --smoke     # 2,000 and 20,000 spans (CI)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import orjson
from benchlib import peak_rss_mb, print_runs, run_child, summarize_runs  # bench/ is on sys.path
from export_bench import (
    _LABELS,
    ARTICLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATUS_COLUMNS,
    _insert,
    _paragraph,
)

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 0.30
GOAL_RSS_MB = 150.0
GOAL_GROWTH = 1.3
NOW = "2026-01-01T00:00:00.000000+00:00"
PER_ARTICLE = 40


def _span(aid: str, p: int, i: int, s: int, e: int, text: str, who: str) -> tuple:
    label, attrs = _LABELS[i % len(_LABELS)]
    sid = hashlib.sha256(f"{who}/{aid}/{p}/{i}".encode()).hexdigest()[:16]
    return (
        sid, aid, p, s, e, text[s:e], label, orjson.dumps(attrs).decode(), who, "manual",
        "active", "{}", NOW, NOW,
    )  # fmt: skip


def build(folder: Path, n_spans: int, seed: int) -> dict:
    """target.db and source.db for one size (see the module docstring)."""
    sys.path.insert(0, str(ROOT))
    from curator.domain.text import ARTICLE_SEPARATOR, sha256_text
    from curator.store.store import Store

    target, source = folder / "target.db", folder / "source.db"
    for path in (target, source):
        Store.open(path, annotator="ann_a").close()
    rng = random.Random(seed)
    n_paragraphs = max(1, n_spans // 5)
    n_articles = -(-n_paragraphs // PER_ARTICLE)
    base, extra = divmod(n_spans, n_paragraphs)
    conns = {p: sqlite3.connect(p) for p in (target, source)}
    counts = {"articles": 0, "new_articles": 0, "paragraphs": 0, "spans": 0, "relations": 0}
    try:
        for c in conns.values():
            c.execute("PRAGMA synchronous=OFF")
            c.execute("BEGIN")
        for a in range(n_articles):
            aid = f"article-{a:06d}"
            n_par = min(PER_ARTICLE, n_paragraphs - a * PER_ARTICLE)
            paragraphs, mine, theirs, relations, statuses, texts = [], [], [], [], [], []
            for p in range(n_par):
                g = a * PER_ARTICLE + p
                text, offsets = _paragraph(rng, base + (1 if g < extra else 0))
                texts.append(text)
                paragraphs.append((aid, p, text, sha256_text(text), "body", "guess"))
                s0, e0 = offsets[0] if offsets else (0, 3)
                mine.append(_span(aid, p, 0, s0, e0, text, "ann_a"))
                ids = []
                for i, (s, e) in enumerate(offsets):
                    row = _span(aid, p, i, s, e, text, "ann_b")
                    theirs.append(row)
                    ids.append(row[0])
                if len(ids) >= 2:
                    rid = hashlib.sha256(f"{aid}/{p}/r".encode()).hexdigest()[:16]
                    relations.append(
                        (rid, aid, "attributed_to", ids[0], ids[1], "ann_b", "manual", NOW)
                    )
                statuses.append((aid, p, "ann_b", "done", None, NOW))
            article = (
                aid, f"Title {a}", f"https://example.org/{a}", "bench", "2022-05-17", "ru", "en",
                "deepl", "{}", sha256_text(ARTICLE_SEPARATOR.join(texts)), n_par, a, NOW,
            )  # fmt: skip
            new = a % 10 == 9
            dbs = [conns[source]] if new else list(conns.values())
            for c in dbs:
                c.execute(_insert("articles", ARTICLE_COLUMNS), article)
                c.executemany(_insert("paragraphs", PARAGRAPH_COLUMNS), paragraphs)
            if not new:
                conns[target].executemany(_insert("spans", SPAN_COLUMNS), mine)
            src = conns[source]
            src.executemany(_insert("spans", SPAN_COLUMNS), theirs)
            src.executemany(_insert("relations", RELATION_COLUMNS), relations)
            src.executemany(_insert("paragraph_status", STATUS_COLUMNS), statuses)
            counts["articles"] += 1
            counts["new_articles"] += new
            counts["paragraphs"] += n_par
            counts["spans"] += len(theirs)
            counts["relations"] += len(relations)
        for c in conns.values():
            c.execute("COMMIT")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        for c in conns.values():
            c.close()
    counts["target_mb"] = target.stat().st_size / 1e6
    counts["source_mb"] = source.stat().st_size / 1e6
    return counts


# -- measurements (run in a subprocess each) ------------------------------------------------------


def measure_raw(target: Path, source: Path) -> int:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("ATTACH DATABASE ? AS src", [f"file:{source}?mode=ro"])
    cols = {
        "articles": ARTICLE_COLUMNS,
        "paragraphs": PARAGRAPH_COLUMNS,
        "spans": SPAN_COLUMNS,
        "relations": RELATION_COLUMNS,
        "paragraph_status": STATUS_COLUMNS,
    }
    new = "SELECT id FROM src.articles WHERE id NOT IN (SELECT id FROM main.articles)"
    conn.execute("BEGIN")
    conn.execute("CREATE TEMP TABLE new_articles AS " + new)
    for table, names in cols.items():
        quoted = ", ".join(f'"{c}"' for c in names.split())
        where = ""
        if table == "articles":
            where = " WHERE id IN (SELECT id FROM temp.new_articles)"
        elif table == "paragraphs":
            where = " WHERE article_id IN (SELECT id FROM temp.new_articles)"
        conn.execute(f"INSERT INTO main.{table} ({quoted}) SELECT {quoted} FROM src.{table}{where}")
    conn.execute("COMMIT")
    n = conn.execute("SELECT count(*) FROM main.spans WHERE annotator = 'ann_b'").fetchone()[0]
    conn.close()
    return n


def measure_curator(target: Path, source: Path) -> int:
    from curator.cli import cli

    cli.main(
        ["--db", str(target), "--annotator", "lead", "merge", str(source)], standalone_mode=False
    )
    conn = sqlite3.connect(target)
    n = conn.execute("SELECT count(*) FROM spans WHERE annotator = 'ann_b'").fetchone()[0]
    conn.close()
    return n


def child(kind: str, target: Path, source: Path) -> None:
    if kind == "curator":
        sys.path.insert(0, str(ROOT))
        import curator.cli
        import curator.store.merge  # noqa: F401  (imports are not merge throughput)
    run = measure_curator if kind == "curator" else measure_raw
    t0, c0 = time.perf_counter(), time.process_time()
    spans = run(target, source)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"spans": spans, "seconds": seconds, "cpu": cpu, "rss": peak_rss_mb()}))


# -- main ---------------------------------------------------------------------------------------


def measure_size(work: Path, n_spans: int, repeat: int, seed: int) -> dict:
    folder = work / f"size-{n_spans}"
    folder.mkdir()
    t0 = time.perf_counter()
    counts = build(folder, n_spans, seed)
    print(
        f"{n_spans:,} spans: {counts['articles']:,} articles ({counts['new_articles']:,} new to "
        f"the target), {counts['paragraphs']:,} paragraphs, {counts['relations']:,} relations; "
        f"target {counts['target_mb']:.0f} MB, source {counts['source_mb']:.0f} MB "
        f"(built in {time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    runs: dict[str, list[dict]] = {"raw": [], "curator": []}
    for _ in range(repeat):
        for kind in ("raw", "curator"):
            copy = folder / f"run-{kind}.db"
            shutil.copyfile(folder / "target.db", copy)
            args = ["--measure", kind, "--target", str(copy), "--source", str(folder / "source.db")]
            runs[kind].append(run_child(__file__, args, kind))
            for side in ("", "-wal", "-shm"):
                Path(f"{copy}{side}").unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    out = summarize_runs(runs)
    if out["curator"]["spans"] != out["raw"]["spans"]:
        print(f"WARNING: spans merged differ: {out['curator']['spans']} vs {out['raw']['spans']}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="2,000 and 20,000 spans (CI)")
    ap.add_argument("--spans", type=int, default=None, help="the smaller size (default 100,000)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each per size (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmpdir", type=Path, default=None, help="where the databases go")
    ap.add_argument("--measure", choices=["curator", "raw"], help=argparse.SUPPRESS)
    ap.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        child(args.measure, args.target, args.source)
        return 0
    small = args.spans or (2_000 if args.smoke else 100_000)
    sizes = (small, 10 * small)
    print(
        f"curator merge benchmark — {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs; {args.repeat} run(s) of each per "
        "size, alternating, each in its own process on a fresh copy of the target\n",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="curator-merge-bench-", dir=args.tmpdir))
    try:
        results = {n: measure_size(work, n, args.repeat, args.seed) for n in sizes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = {"curator": "(a) curator merge", "raw": "(b) raw INSERT … SELECT"}
    print_runs(results, names)
    lo, hi = (results[n] for n in sizes)
    print()
    for n, res in results.items():
        ratio = res["curator"]["rate"] / res["raw"]["rate"] if res["raw"]["rate"] else 0.0
        res["ratio"] = ratio
        print(f"{n:,} spans: curator/raw {ratio:.2f}")
    rss_growth = hi["curator"]["rss"] / lo["curator"]["rss"]
    time_growth = hi["curator"]["us"] / lo["curator"]["us"] if lo["curator"]["us"] else 0.0
    raw_growth = hi["raw"]["us"] / lo["raw"]["us"] if lo["raw"]["us"] else 0.0

    def cpu_growth(kind: str) -> float:
        a, b = lo[kind], hi[kind]
        return (b["cpu"] / b["spans"]) / (a["cpu"] / a["spans"]) if a["cpu"] and b["spans"] else 0.0

    print(
        f"{sizes[1]:,} vs {sizes[0]:,} spans: curator peak RSS x{rss_growth:.2f}, time per span "
        f"x{time_growth:.2f}, CPU time per span x{cpu_growth('curator'):.2f} (raw: time per "
        f"span x{raw_growth:.2f}, CPU x{cpu_growth('raw'):.2f})"
    )
    checks = {
        f"peak RSS < {GOAL_RSS_MB:.0f} MB": max(r["curator"]["rss"] for r in results.values())
        < GOAL_RSS_MB,
        f"RSS growth <= {GOAL_GROWTH}x": rss_growth <= GOAL_GROWTH,
        f"time per span growth <= {GOAL_GROWTH}x": time_growth <= GOAL_GROWTH,
        f"curator >= {GOAL_RATIO:.2f} of raw (larger size)": hi["ratio"] >= GOAL_RATIO,
    }
    for what, ok in checks.items():
        print(f"goal: {what}: {'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
