"""Export benchmark: `curator export --format curator` against a raw sqlite3 + orjson baseline.

Builds a synthetic database in a temporary folder (curator's schema, created by opening a
curator Store, then filled with raw `executemany`): --paragraphs paragraphs in articles of
--per-article paragraphs, --spans spans spread evenly over them, two annotators (each article
annotated by one of them, alternately, so every paragraph is one record), one attributed_to
relation per paragraph and every paragraph marked done. Then measures, each in its own
subprocess so that peak RSS (VmHWM) belongs to that measurement alone:

  (a) curator   `curator.formats.export.export(store, ExportFilters(everyone=True), file)`:
                the path `curator export --all` runs (read, group, validate every record with
                its pydantic model, encode with orjson, write atomically, manifest);
  (b) raw       plain sqlite3 over the same rows with the same per-article queries (articles,
                paragraphs, then per annotator spans, relations and statuses), grouped per
                paragraph into equivalent dicts (same keys, attrs decoded, meta, mqm) and
                encoded with orjson (sorted keys) into a file. No validation.

Prints records/s and peak RSS for both, the ratio, and whether the goal is met:
curator >= 0.50 of raw in records/s, and curator's peak RSS < 200 MB. Exits 0 whatever the
numbers; only a crash exits non-zero.

Each measurement also runs on a database a tenth of the size first, and the two are compared:
peak RSS and time per span from the smaller to the larger (memory should stay flat, time per
span the same).

    .venv/bin/python bench/export_bench.py            # 200,000 paragraphs, 1,000,000 spans (and 1/10)
    .venv/bin/python bench/export_bench.py --smoke    # 4,000 paragraphs, 20,000 spans (and 1/10; CI)
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
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson
from benchlib import peak_rss_mb, run_child  # bench/ is on sys.path

GOAL_RATIO = 0.50
GOAL_RSS_MB = 200.0
ANNOTATORS = ("ann_a", "ann_b")
NOW = "2026-01-01T00:00:00.000000+00:00"

_VOCABULARY = (
    "the of and to in a is that for on with as was by it at from said government minister "
    "president official statement report week year city region military forces border "
    "security talks agreement economic sanctions energy prices parliament election protest "
    "Moscow Kyiv Berlin Brussels Beijing Minsk NATO CSTO правительство министр заявил "
    "совещание переговоры 北京 会议 👩🏽‍⚕️ 🇧🇾 café naïve\u00a0no-break"
)
_WORDS = tuple(_VOCABULARY.split(" "))
_LABELS = (
    ("claim", {"check_worthy": "yes"}),
    ("speaker", {"name": "Speaker Name", "type": "person"}),
    ("date", {"timex_type": "DATE", "value": "2022-05-16"}),
    ("translation_error", {"category": "Accuracy/Mistranslation", "severity": "minor"}),
    ("claim", {"check_worthy": "no", "note": "second claim"}),
)

# -- building the database --------------------------------------------------------------------

ARTICLE_COLUMNS = (
    "id title url source dct source_lang target_lang mt_system meta sha256 n_paragraphs "
    "position imported_at"
)
PARAGRAPH_COLUMNS = "article_id idx text sha256 kind kind_origin"
SPAN_COLUMNS = (
    "id article_id paragraph start end text label attrs annotator origin status meta "
    "created_at updated_at"
)
RELATION_COLUMNS = "id article_id type head tail annotator origin created_at"
STATUS_COLUMNS = "article_id paragraph annotator status note updated_at"


def _insert(table: str, columns: str) -> str:
    names = columns.split()
    quoted = ", ".join(f'"{c}"' for c in names)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(names))})"


def _paragraph(rng: random.Random, n_spans: int) -> tuple[str, list[tuple[int, int]]]:
    """Text of ~40 words and `n_spans` non-overlapping word-aligned spans in it."""
    words = [rng.choice(_WORDS) for _ in range(max(40, 3 * n_spans))]
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words)
    chunk = len(words) // max(n_spans, 1)
    spans = []
    for i in range(n_spans):
        first = i * chunk
        last = first + rng.randrange(1, max(2, chunk))
        spans.append((starts[first], starts[last - 1] + len(words[last - 1])))
    return text, spans


def build_db(path: Path, n_paragraphs: int, n_spans: int, per_article: int, seed: int) -> dict:
    """curator's schema (via Store.open), rows written with raw executemany."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from curator.store.store import Store

    Store.open(path, annotator=ANNOTATORS[0]).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    n_articles = -(-n_paragraphs // per_article)
    base, extra = divmod(n_spans, n_paragraphs)
    counts = {"articles": 0, "paragraphs": 0, "spans": 0, "relations": 0}
    with conn:
        for a in range(n_articles):
            aid = f"article-{a:06d}"
            annotator = ANNOTATORS[a % len(ANNOTATORS)]
            n_par = min(per_article, n_paragraphs - a * per_article)
            paragraphs, spans, relations, statuses = [], [], [], []
            for p in range(n_par):
                g = a * per_article + p
                k = base + (1 if g < extra else 0)
                text, offsets = _paragraph(rng, k)
                sha = hashlib.sha256(text.encode()).hexdigest()
                paragraphs.append((aid, p, text, sha, "body", "guess"))
                ids = []
                for i, (s, e) in enumerate(offsets):
                    label, attrs = _LABELS[i % len(_LABELS)]
                    sid = hashlib.sha256(f"{aid}/{p}/{i}".encode()).hexdigest()[:16]
                    ids.append(sid)
                    spans.append(
                        (
                            sid,
                            aid,
                            p,
                            s,
                            e,
                            text[s:e],
                            label,
                            orjson.dumps(attrs).decode(),
                            annotator,
                            "manual",
                            "active",
                            "{}",
                            NOW,
                            NOW,
                        )
                    )
                if len(ids) >= 2:
                    rid = hashlib.sha256(f"{aid}/{p}/r".encode()).hexdigest()[:16]
                    relations.append(
                        (rid, aid, "attributed_to", ids[0], ids[1], annotator, "manual", NOW)
                    )
                statuses.append((aid, p, annotator, "done", None, NOW))
            conn.execute(
                _insert("articles", ARTICLE_COLUMNS),
                (
                    aid,
                    f"Title {a}",
                    f"https://example.org/{a}",
                    "bench",
                    "2022-05-17",
                    "ru",
                    "en",
                    "deepl",
                    "{}",
                    hashlib.sha256(aid.encode()).hexdigest(),
                    n_par,
                    a,
                    NOW,
                ),
            )
            conn.executemany(_insert("paragraphs", PARAGRAPH_COLUMNS), paragraphs)
            conn.executemany(_insert("spans", SPAN_COLUMNS), spans)
            conn.executemany(
                _insert("relations", RELATION_COLUMNS),
                relations,
            )
            conn.executemany(_insert("paragraph_status", STATUS_COLUMNS), statuses)
            counts["articles"] += 1
            counts["paragraphs"] += n_par
            counts["spans"] += len(spans)
            counts["relations"] += len(relations)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return counts


# -- measurements (run in a subprocess each) ------------------------------------------------------

_WEIGHTS = {"minor": 1.0, "major": 5.0}


def measure_raw(db: Path, out: Path) -> tuple[int, int]:
    """The same rows, grouped per paragraph into equivalent dicts, orjson-encoded to a file."""
    conn = sqlite3.connect(db)
    records = spans_n = 0
    dumps, loads, sort = orjson.dumps, orjson.loads, orjson.OPT_SORT_KEYS
    annotators = [
        r[0]
        for r in conn.execute(
            "SELECT annotator FROM spans UNION SELECT annotator FROM paragraph_status ORDER BY 1"
        )
    ]
    with out.open("wb", buffering=1 << 20) as fh:
        for art in conn.execute(
            "SELECT id, title, url, dct, source_lang, target_lang, mt_system FROM articles "
            "ORDER BY position"
        ).fetchall():
            aid = art[0]
            meta = dict(
                zip(
                    ("title", "url", "dct", "source_lang", "target_lang", "mt_system"),
                    art[1:],
                    strict=True,
                )
            )
            paragraphs = conn.execute(
                "SELECT idx, text, kind FROM paragraphs WHERE article_id = ? ORDER BY idx", [aid]
            ).fetchall()
            for who in annotators:
                rows = conn.execute(
                    'SELECT id, paragraph, start, "end", label, text, attrs, origin FROM spans '
                    "WHERE article_id = ? AND annotator = ? AND status = 'active' "
                    'ORDER BY paragraph, start, "end", label, id',
                    [aid, who],
                ).fetchall()
                rels = conn.execute(
                    "SELECT id, type, head, tail FROM relations WHERE article_id = ? "
                    "AND annotator = ?",
                    [aid, who],
                ).fetchall()
                status = dict(
                    conn.execute(
                        "SELECT paragraph, status FROM paragraph_status WHERE article_id = ? "
                        "AND annotator = ?",
                        [aid, who],
                    ).fetchall()
                )
                if not (rows or rels or status):
                    continue
                by_par: dict[int, list[dict]] = {}
                for sid, par, start, end, label, text, attrs, origin in rows:
                    by_par.setdefault(par, []).append(
                        {
                            "id": sid,
                            "start": start,
                            "end": end,
                            "label": label,
                            "text": text,
                            "attrs": loads(attrs),
                            "origin": origin,
                        }
                    )
                span_par = {s["id"]: p for p, ss in by_par.items() for s in ss}
                rel_par: dict[int, list[dict]] = {}
                for rid, typ, head, tail in rels:
                    p = span_par.get(head)
                    if p is not None and span_par.get(tail) == p:
                        rel_par.setdefault(p, []).append(
                            {"id": rid, "type": typ, "head": head, "tail": tail}
                        )
                for idx, text, kind in paragraphs:
                    spans = by_par.get(idx, [])
                    mqm = sum(
                        _WEIGHTS.get(s["attrs"].get("severity"), 0.0)
                        for s in spans
                        if s["label"] == "translation_error"
                    )
                    record = {
                        "article_id": aid,
                        "paragraph": idx,
                        "kind": kind,
                        "text": text,
                        "annotator": who,
                        "status": status.get(idx, "todo"),
                        "spans": spans,
                        "relations": rel_par.get(idx, []),
                        "meta": meta,
                        "mqm": mqm,
                    }
                    fh.write(dumps(record, option=sort) + b"\n")
                    records += 1
                    spans_n += len(spans)
    conn.close()
    return records, spans_n


def _curator_imports() -> None:
    """Import curator before the clock starts (start-up is not export throughput)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import curator.formats.export
    import curator.store.store  # noqa: F401


def measure_curator(db: Path, out: Path) -> tuple[int, int]:
    """`curator export --all --format curator -o out`, through the library function."""
    from curator.formats.export import ExportFilters, export
    from curator.store.store import Store

    store = Store.open(db, annotator=ANNOTATORS[0], create=False)
    try:
        result = export(store, ExportFilters(everyone=True), out)
    finally:
        store.close()
    return result.records, result.spans


def child(kind: str, db: Path, out: Path) -> None:
    run = measure_curator if kind == "curator" else measure_raw
    if kind == "curator":
        _curator_imports()
    t0, c0 = time.perf_counter(), time.process_time()
    records, spans = run(db, out)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    stats = {"records": records, "spans": spans, "seconds": seconds, "cpu": cpu}
    print(json.dumps({**stats, "rss": peak_rss_mb()}))


# -- main ---------------------------------------------------------------------------------------


def measure_size(
    work: Path, db: Path, n_par: int, n_spans: int, args: argparse.Namespace, repeat: int
) -> dict[str, dict]:
    """Build one database and measure both sides on it; prints its table and the goal."""
    t0 = time.perf_counter()
    counts = build_db(db, n_par, n_spans, args.per_article, args.seed)
    built = time.perf_counter() - t0
    print(
        f"database: {counts['articles']:,} articles, {counts['paragraphs']:,} paragraphs, "
        f"{counts['spans']:,} spans, {counts['relations']:,} relations, "
        f"{len(ANNOTATORS)} annotators (built in {built:.1f} s, "
        f"{db.stat().st_size / 1e6:.0f} MB)\n"
    )
    results: dict[str, list[dict]] = {"raw": [], "curator": []}
    for _ in range(repeat):
        for kind in ("raw", "curator"):
            out = work / f"{kind}.jsonl"
            results[kind].append(
                run_child(__file__, ["--measure", kind, "--db", str(db), "--out", str(out)], kind)
            )
            out.unlink(missing_ok=True)
    rows = {}
    for kind, runs in results.items():
        best = min(r["seconds"] for r in runs)
        rows[kind] = {
            "records": runs[0]["records"],
            "spans": runs[0]["spans"],
            "best": best,
            "median": statistics.median(r["seconds"] for r in runs),
            "cpu": min(r["cpu"] for r in runs),
            "rate": runs[0]["records"] / best if best else 0.0,
            "rss": max(r["rss"] for r in runs),
        }
    print(
        f"{repeat} run(s) of each, alternating, each in its own process; records/s from the "
        "best run (the least disturbed by other load), median beside it:\n"
    )
    print("| measurement | records | spans | best s | median s | CPU s | records/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = {"curator": "(a) curator export", "raw": "(b) raw sqlite3 + orjson"}
    for kind in ("curator", "raw"):
        r = rows[kind]
        print(
            f"| {names[kind]} | {r['records']:,} | {r['spans']:,} | {r['best']:.2f} | "
            f"{r['median']:.2f} | {r['cpu']:.2f} | {r['rate']:,.0f} | {r['rss']:.0f} |"
        )
    if rows["curator"]["records"] != rows["raw"]["records"]:
        print(
            f"\nWARNING: record counts differ (curator {rows['curator']['records']}, "
            f"raw {rows['raw']['records']})"
        )
    cur, raw = rows["curator"], rows["raw"]
    ratio = cur["rate"] / raw["rate"] if raw["rate"] else 0.0
    median_ratio = raw["median"] / cur["median"] if cur["median"] else 0.0
    cpu_ratio = raw["cpu"] / cur["cpu"] if cur["cpu"] else 0.0
    met = ratio >= GOAL_RATIO and cur["rss"] < GOAL_RSS_MB
    print(
        f"\ncurator/raw: {ratio:.2f} (median runs {median_ratio:.2f}, CPU time "
        f"{cpu_ratio:.2f}); curator peak RSS {cur['rss']:.0f} MB"
    )
    print(
        f"goal: >= {GOAL_RATIO:.2f} of raw, peak RSS < {GOAL_RSS_MB:.0f} MB: "
        f"{'MET' if met else 'NOT MET'}\n",
        flush=True,
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="small run for CI (4,000 paragraphs)")
    ap.add_argument("--paragraphs", type=int, default=None, help="default 200,000 (smoke 4,000)")
    ap.add_argument("--spans", type=int, default=None, help="default 5 per paragraph")
    ap.add_argument("--per-article", type=int, default=40, help="paragraphs per article")
    ap.add_argument("--repeat", type=int, default=None, help="runs of each (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmpdir", type=Path, default=None, help="where the database goes")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--measure", choices=["curator", "raw"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        child(args.measure, args.db, args.out)
        return 0
    n_par = args.paragraphs or (4_000 if args.smoke else 200_000)
    n_spans = args.spans if args.spans is not None else 5 * n_par
    repeat = args.repeat or 3
    work = Path(tempfile.mkdtemp(prefix="curator-export-bench-", dir=args.tmpdir))
    print(
        f"curator export benchmark — {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version}, {os.cpu_count()} CPUs\n"
    )
    # Two sizes 10x apart: memory and time per span should not grow with the data.
    sizes = [(max(1, n_par // 10), n_spans // 10), (n_par, n_spans)]
    try:
        measured = []
        for i, (size_par, size_spans) in enumerate(sizes):
            db = work / f"bench-{i}.db"
            measured.append(measure_size(work, db, size_par, size_spans, args, repeat))
            if not args.keep:
                db.unlink(missing_ok=True)
        small, large = measured
        print("\nscaling (10x the data):\n")
        print("| measurement | records | spans | µs/span | peak RSS MB |")
        print("|---|---:|---:|---:|---:|")
        names = {"curator": "(a) curator export", "raw": "(b) raw sqlite3 + orjson"}
        for kind in ("curator", "raw"):
            for rows in measured:
                r = rows[kind]
                us = r["best"] / r["spans"] * 1e6 if r["spans"] else 0.0
                r["us"] = us
                print(
                    f"| {names[kind]} | {r['records']:,} | {r['spans']:,} | {us:.2f} | "
                    f"{r['rss']:.0f} |"
                )
        for kind in ("curator", "raw"):
            lo, hi = small[kind], large[kind]
            print(
                f"{names[kind]}: peak RSS x{hi['rss'] / lo['rss']:.2f}, time per span "
                f"x{(hi['us'] / lo['us']) if lo['us'] else 0.0:.2f} from "
                f"{lo['spans']:,} to {hi['spans']:,} spans"
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
