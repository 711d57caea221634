"""diff HTML benchmark: `curator diff A B --format html -o page.html` at two sizes 10x apart,
beside the same comparison run without a page, to show that the page is written in bounded
memory.

For each size it builds the corpus of `agreement_bench.py` (2 annotators, 40 paragraphs an
article, ~5 spans a paragraph with moved, dropped and relabelled spans between the two) in a
temporary folder. Each measurement runs in its own subprocess (its own peak RSS, VmHWM),
curator imported before the clock starts:

  (a) page      `curator --db corpus.db diff ann_a ann_b --format html -o page.html`, in
                process through click: align every article, render it, write the page
                atomically (temporary file, fsync, rename);
  (b) reference the same `DiffRun` consumed to the end (alignments and every figure), nothing
                rendered or written: what the comparison itself costs.

Prints seconds, µs per span and peak RSS at both sizes, the page's size, and the size ratios
(larger/smaller). Measurement only: exits 0 whatever the numbers; only a crash exits non-zero.

    .venv/bin/python bench/diff_html_bench.py            # 10,000 and 100,000 paragraphs
    .venv/bin/python bench/diff_html_bench.py --smoke    # 400 and 4,000 paragraphs (CI)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from agreement_bench import ANNOTATORS, LABELS, build  # bench/ is on sys.path
from benchlib import peak_rss_mb, run_child

ROOT = Path(__file__).resolve().parent.parent


def measure_page(db: Path, out: Path) -> dict:
    from curator.cli import cli

    cli.main(
        ["--db", str(db), "diff", *ANNOTATORS, "--format", "html", "-o", str(out)],
        standalone_mode=False,
    )
    return {"page_mb": out.stat().st_size / 1e6}


def measure_reference(db: Path, out: Path) -> dict:
    from curator.review.diff import DiffRun
    from curator.store.store import Store

    with Store.open(db, annotator=ANNOTATORS[0], create=False) as store:
        run = DiffRun(store.db, *ANNOTATORS, tagset_labels=LABELS)
        pairs = sum(len(p.pairs) for a in run.alignments() for p in a.paragraphs)
        run.agreement()
    return {"pairs": pairs}


def child(kind: str, db: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import curator.cli
    import curator.review.html  # noqa: F401  (imports are not throughput)

    run = measure_page if kind == "page" else measure_reference
    t0, c0 = time.perf_counter(), time.process_time()
    stats = run(db, out)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({**stats, "seconds": seconds, "cpu": cpu, "rss": peak_rss_mb()}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="400 and 4,000 paragraphs (CI)")
    ap.add_argument("--paragraphs", type=int, default=None, help="smaller size (default 10,000)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each per size (default 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmpdir", type=Path, default=None)
    ap.add_argument("--measure", choices=["page", "reference"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        child(args.measure, args.db, args.out)
        return 0
    small = args.paragraphs or (400 if args.smoke else 10_000)
    print(
        f"curator diff --format html benchmark — {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs\n",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="curator-diff-html-bench-", dir=args.tmpdir))
    results = {}
    try:
        for n in (small, 10 * small):
            db, page = work / f"corpus-{n}.db", work / "page.html"
            t = time.perf_counter()
            counts = build(db, n, 40, 5.0, args.seed)
            print(
                f"{counts['paragraphs']:,} paragraphs, {counts['spans']:,} spans "
                f"(built in {time.perf_counter() - t:.1f} s)",
                flush=True,
            )
            res = {}
            for kind in ("reference", "page"):
                runs = [
                    run_child(
                        __file__, ["--measure", kind, "--db", str(db), "--out", str(page)], kind
                    )
                    for _ in range(args.repeat)
                ]
                best = min(runs, key=lambda r: r["seconds"])
                res[kind] = {**best, "rss": max(r["rss"] for r in runs)}
                res[kind]["us"] = best["seconds"] / counts["spans"] * 1e6
            res["spans"] = counts["spans"]
            results[n] = res
            page.unlink(missing_ok=True)
            db.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n| spans | measurement | s | CPU s | µs/span | peak RSS MB | page MB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    names = {"page": "(a) diff --format html -o", "reference": "(b) DiffRun alone"}
    for res in results.values():
        for kind in ("page", "reference"):
            r = res[kind]
            page_mb = f"{r['page_mb']:.0f}" if "page_mb" in r else "–"
            print(
                f"| {res['spans']:,} | {names[kind]} | {r['seconds']:.2f} | {r['cpu']:.2f} | "
                f"{r['us']:.1f} | {r['rss']:.0f} | {page_mb} |"
            )
    lo, hi = results[small], results[10 * small]
    print()
    for kind in ("page", "reference"):
        print(
            f"{names[kind]}: peak RSS x{hi[kind]['rss'] / lo[kind]['rss']:.2f}, time per span "
            f"x{hi[kind]['us'] / lo[kind]['us']:.2f} from {lo['spans']:,} to {hi['spans']:,} spans"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
