"""import-annotations benchmark: `curator import-annotations` (curator JSONL) against a raw
orjson + sqlite3 `executemany` baseline, at two sizes 10x apart, to show whether memory and
time per span stay flat.

For each size it builds, in a temporary folder, the database of `export_bench.py` (curator's
schema, articles of 40 paragraphs of ~40 words, 5 spans a paragraph of the four built-in labels
with attributes, one relation and one done mark a paragraph, two annotators), exports it with
curator's own exporter (`curator export --all`, untimed) and empties a copy of it of every
span, relation and mark: the target holds the articles, the file holds the annotations.
Each measurement runs in its own subprocess on a fresh copy of that target, so the peak RSS
(VmHWM) it reports is its own:

  (a) curator   `curator --db target import-annotations file.jsonl`, in process through click
                (read and validate every line, check every paragraph's text and every quote,
                then write everything in one change with its events), curator imported before
                the clock starts;
  (b) raw       plain sqlite3 with curator's pragmas (WAL, synchronous=FULL, foreign_keys=ON):
                each line decoded with orjson and its spans, relations and mark inserted with
                `executemany`, in one transaction. No validation, no event log.

Prints spans/s, µs per span and peak RSS at both sizes, curator/raw, and the size ratios
(larger/smaller). Measurement only: exits 0 whatever the numbers; only a crash exits non-zero.

    .venv/bin/python bench/import_annotations_bench.py           # 100,000 and 1,000,000 spans
    .venv/bin/python bench/import_annotations_bench.py --smoke   # 2,000 and 20,000 spans (CI)
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

import orjson
from benchlib import peak_rss_mb, print_runs, run_child, summarize_runs  # bench/ is on sys.path
from export_bench import (
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATUS_COLUMNS,
    _insert,
    build_db,
)

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-01T00:00:00.000000+00:00"


def build(folder: Path, n_spans: int, seed: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from curator.formats.export import ExportFilters, export
    from curator.store.store import Store

    full, target, jsonl = folder / "full.db", folder / "target.db", folder / "annotations.jsonl"
    counts = build_db(full, max(1, n_spans // 5), n_spans, 40, seed)
    with Store.open(full, annotator="bench", create=False) as store:
        counts["records"] = export(store, ExportFilters(everyone=True), jsonl).records
    shutil.copyfile(full, target)
    full.unlink()
    conn = sqlite3.connect(target, isolation_level=None)
    for table in ("relations", "spans", "paragraph_status", "events", "changes"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("VACUUM")
    conn.close()
    counts["file_mb"] = jsonl.stat().st_size / 1e6
    return counts


# -- measurements (run in a subprocess each) ------------------------------------------------------


def measure_raw(target: Path, jsonl: Path) -> int:
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    n = 0
    insert_span, insert_rel = _insert("spans", SPAN_COLUMNS), _insert("relations", RELATION_COLUMNS)
    insert_status = _insert("paragraph_status", STATUS_COLUMNS)
    conn.execute("BEGIN")
    with jsonl.open("rb") as fh:
        for line in fh:
            rec = orjson.loads(line)
            aid, par, who = rec["article_id"], rec["paragraph"], rec["annotator"]
            conn.executemany(
                insert_span,
                [
                    (
                        s["id"],
                        aid,
                        par,
                        s["start"],
                        s["end"],
                        s["text"],
                        s["label"],
                        orjson.dumps(s["attrs"], option=orjson.OPT_SORT_KEYS).decode(),
                        who,
                        s["origin"],
                        "active",
                        "{}",
                        NOW,
                        NOW,
                    )
                    for s in rec["spans"]
                ],
            )
            conn.executemany(
                insert_rel,
                [
                    (r["id"], aid, r["type"], r["head"], r["tail"], who, "manual", NOW)
                    for r in rec["relations"]
                ],
            )
            if rec["status"] != "todo":
                conn.execute(insert_status, (aid, par, who, rec["status"], None, NOW))
            n += len(rec["spans"])
    conn.execute("COMMIT")
    conn.close()
    return n


def measure_curator(target: Path, jsonl: Path) -> int:
    from curator.cli import cli

    cli.main(
        ["--db", str(target), "--annotator", "lead", "import-annotations", str(jsonl)],
        standalone_mode=False,
    )
    conn = sqlite3.connect(target)
    n = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    conn.close()
    return n


def child(kind: str, target: Path, jsonl: Path) -> None:
    if kind == "curator":
        sys.path.insert(0, str(ROOT))
        import curator.cli
        import curator.formats.annotation_import  # noqa: F401  (imports are not throughput)
    run = measure_curator if kind == "curator" else measure_raw
    t0, c0 = time.perf_counter(), time.process_time()
    spans = run(target, jsonl)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"spans": spans, "seconds": seconds, "cpu": cpu, "rss": peak_rss_mb()}))


# -- main ---------------------------------------------------------------------------------------


def measure_size(work: Path, n_spans: int, repeat: int, seed: int) -> dict:
    folder = work / f"size-{n_spans}"
    folder.mkdir()
    t0 = time.perf_counter()
    counts = build(folder, n_spans, seed)
    print(
        f"{counts['spans']:,} spans: {counts['articles']:,} articles, {counts['paragraphs']:,} "
        f"paragraphs, {counts['relations']:,} relations, {counts['records']:,} records "
        f"({counts['file_mb']:.0f} MB of JSONL; built in {time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    runs: dict[str, list[dict]] = {"raw": [], "curator": []}
    for _ in range(repeat):
        for kind in ("raw", "curator"):
            copy = folder / f"run-{kind}.db"
            shutil.copyfile(folder / "target.db", copy)
            args = ["--measure", kind, "--target", str(copy), "--file"]
            runs[kind].append(run_child(__file__, [*args, str(folder / "annotations.jsonl")], kind))
            for side in ("", "-wal", "-shm"):
                Path(f"{copy}{side}").unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    out = summarize_runs(runs)
    if out["curator"]["spans"] != out["raw"]["spans"]:
        print(f"WARNING: spans imported differ: {out['curator']['spans']} vs {out['raw']['spans']}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="2,000 and 20,000 spans (CI)")
    ap.add_argument("--spans", type=int, default=None, help="the smaller size (default 100,000)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each per size (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmpdir", type=Path, default=None, help="where the files go")
    ap.add_argument("--measure", choices=["curator", "raw"], help=argparse.SUPPRESS)
    ap.add_argument("--target", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        child(args.measure, args.target, args.file)
        return 0
    small = args.spans or (2_000 if args.smoke else 100_000)
    sizes = (small, 10 * small)
    print(
        f"curator import-annotations benchmark — {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs; {args.repeat} run(s) of each per "
        "size, alternating, each in its own process on a fresh copy of the target\n",
        flush=True,
    )
    work = Path(tempfile.mkdtemp(prefix="curator-import-annotations-bench-", dir=args.tmpdir))
    try:
        results = {n: measure_size(work, n, args.repeat, args.seed) for n in sizes}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = {"curator": "(a) curator import-annotations", "raw": "(b) raw orjson + executemany"}
    print_runs(results, names)
    lo, hi = (results[n] for n in sizes)
    print()
    for n, res in results.items():
        ratio = res["curator"]["rate"] / res["raw"]["rate"] if res["raw"]["rate"] else 0.0
        print(f"{n:,} spans: curator/raw {ratio:.2f}")
    for kind in ("curator", "raw"):
        a, b = lo[kind], hi[kind]
        print(
            f"{names[kind]}: peak RSS x{b['rss'] / a['rss']:.2f}, time per span "
            f"x{(b['us'] / a['us']) if a['us'] else 0.0:.2f} from {sizes[0]:,} to {sizes[1]:,} "
            "spans"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
