"""Scale benchmark: curator on a large corpus, every measurement beside its raw baseline.

Builds a corpus FAST with raw `executemany` into curator's own schema (created by opening a
curator Store): --articles articles of 40 paragraphs (synthetic news text, bench/synthetic.py),
5 spans per paragraph from 3 annotators (ann_a 2, ann_b 2 near ann_a's, ann_c 1), one relation
per paragraph and annotator with two spans, every paragraph marked done. Full size: 10,000
articles = 400,000 paragraphs, 2,000,000 spans. Then each measurement runs in its own
subprocess, so that its peak RSS (VmHWM) is its own:

  size        database bytes per span (file after checkpoint)
  import      curator's import path on a .jsonl slice  | raw executemany, same schema (import_bench)
  tui open    make_app(...).run_test() until AnnotateScreen is shown; then load_article(random id)
  search      Store.search, 20 queries, median / p95   | raw `SELECT rowid ... MATCH` same connection
  export      curator.formats.export.export (curator)  | raw cursor + orjson (export_bench)
  agreement   compute_agreement, 2 annotators          | krippendorff.alpha on the same token matrix
                                                         (only up to 1M tokens; skipped above)

Export and agreement also run on a corpus of a quarter of the articles; the RSS ratio
(full / quarter) shows whether memory stays bounded (about 1 when it does, about 4 when it
grows with the corpus). Exits 0 whatever the numbers; only a crash exits non-zero.

    .venv/bin/python bench/scale_bench.py                  # 10,000 articles (long)
    .venv/bin/python bench/scale_bench.py --articles 1000  # medium
    .venv/bin/python bench/scale_bench.py --smoke          # 100 articles (CI, < 90 s)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from benchlib import paragraph, peak_rss_mb, run_child, sentence  # noqa: E402
from export_bench import (  # noqa: E402
    ARTICLE_COLUMNS,
    PARAGRAPH_COLUMNS,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    STATUS_COLUMNS,
    _insert,
)

PER_ARTICLE = 40
ANNOTATORS = ("ann_a", "ann_b", "ann_c")
PAIR = ["ann_a", "ann_b"]
LABELS = ["claim", "speaker", "date", "translation_error"]
ATTRS = {
    "claim": {"check_worthy": "yes"},
    "speaker": {"name": "Speaker Name", "type": "person"},
    "date": {"timex_type": "DATE", "value": "2022-05-16"},
    "translation_error": {"category": "Accuracy/Mistranslation", "severity": "minor"},
}
NOW = "2026-01-01T00:00:00.000000+00:00"
REFERENCE_MAX_TOKENS = 1_000_000
QUERIES = [
    "government", "minister said", "Moscow", "NATO", "border security", "sanctions energy",
    "Тбилиси", "правительство", "Kyiv talks", "president", "election", "police court",
    "report", "summit meeting", "gas prices", "Berlin", "CSTO", "former senior", "week", "city",
]  # fmt: skip

# -- building --------------------------------------------------------------------------------


def _word_bounds(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"\w+", text)]


def build_db(path: Path, articles: int, seed: int) -> dict:
    from curator.store.store import Store

    Store.open(path, annotator=ANNOTATORS[0]).close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    counts = dict.fromkeys(("articles", "paragraphs", "spans", "relations"), 0)
    sql = {
        t: _insert(t, c)
        for t, c in (
            ("articles", ARTICLE_COLUMNS),
            ("paragraphs", PARAGRAPH_COLUMNS),
            ("spans", SPAN_COLUMNS),
            ("relations", RELATION_COLUMNS),
            ("paragraph_status", STATUS_COLUMNS),
        )
    }
    batch: dict[str, list[tuple]] = {t: [] for t in sql}

    def flush() -> None:
        for table, rows in batch.items():
            conn.executemany(sql[table], rows)
            rows.clear()

    conn.execute("BEGIN")
    for a in range(articles):
        aid = f"scale-{a:06d}"
        for p in range(PER_ARTICLE):
            text = paragraph(rng)
            batch["paragraphs"].append(
                (aid, p, text, hashlib.sha256(text.encode()).hexdigest(), "body", "guess")
            )
            words = _word_bounds(text)
            n = len(words)
            picks = sorted(rng.sample(range(n - 1), 4)) if n > 8 else [0, 0, 0, 0]
            a_spans = [(picks[0], picks[0] + 1), (picks[2], picks[2] + 1)]
            plan = {
                "ann_a": a_spans,
                "ann_b": [(s, min(e + rng.randint(0, 1), n - 1)) for s, e in a_spans],
                "ann_c": [(picks[1], picks[1] + 1)],
            }
            for annotator, spans in plan.items():
                ids = []
                for i, (w0, w1) in enumerate(spans):
                    s, e = words[w0][0], words[max(w0, w1 - 1)][1]
                    label = LABELS[(p + i) % len(LABELS)]
                    sid = f"{aid}-{p}-{annotator}-{i}"
                    ids.append(sid)
                    batch["spans"].append(
                        (sid, aid, p, s, e, text[s:e], label, orjson.dumps(ATTRS[label]).decode(),
                         annotator, "manual", "active", "{}", NOW, NOW)
                    )  # fmt: skip
                if len(ids) == 2:
                    batch["relations"].append(
                        (f"{aid}-{p}-{annotator}-r", aid, "attributed_to", ids[0], ids[1],
                         annotator, "manual", NOW)
                    )  # fmt: skip
                batch["paragraph_status"].append((aid, p, annotator, "done", None, NOW))
        batch["articles"].append(
            (aid, sentence(rng)[:100], f"https://example.org/{a}", "bench", "2022-05-17", "ru",
             "en", "deepl", "{}", hashlib.sha256(aid.encode()).hexdigest(), PER_ARTICLE, a, NOW)
        )  # fmt: skip
        counts["articles"] += 1
        counts["paragraphs"] += PER_ARTICLE
        counts["spans"] += 5 * PER_ARTICLE
        counts["relations"] += 2 * PER_ARTICLE
        if len(batch["spans"]) > 50_000:
            flush()
    flush()
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return counts


# -- measurements, one per subprocess ----------------------------------------------------------


def m_import_curator(db: Path, arg: str) -> dict:
    from import_bench import run_curator

    out = Path(arg).with_suffix(".curator.db")
    t = time.perf_counter()
    n, _, _ = run_curator(Path(arg), out)
    return {"n": n, "seconds": time.perf_counter() - t, "unit": "paragraphs"}


def m_import_raw(db: Path, arg: str) -> dict:
    from import_bench import prepare_rows, run_raw

    articles, paragraphs = prepare_rows(Path(arg))
    seconds = run_raw(Path(arg).with_suffix(".raw.db"), articles, paragraphs)
    return {"n": len(paragraphs), "seconds": seconds, "unit": "paragraphs"}


def m_tui(db: Path, arg: str) -> dict:
    from curator.tui.annotate import AnnotateScreen
    from curator.tui.app import make_app

    ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles")]
    target = random.Random(7).choice(ids)

    async def run() -> dict:
        t0 = time.perf_counter()
        app = make_app(db, "bench")
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, AnnotateScreen):
                await pilot.pause(0.005)
                if time.perf_counter() - t0 > 120:
                    raise RuntimeError("AnnotateScreen never appeared")
            await pilot.pause()
            opened = time.perf_counter() - t0
            screen = app.screen
            t1 = time.perf_counter()
            screen.load_article(target)
            await pilot.pause()
            jump = time.perf_counter() - t1
            assert screen.article_id == target
        return {"seconds": opened, "jump": jump, "n": 1, "unit": "open"}

    return asyncio.run(run())


def _search_words() -> list[str]:
    return QUERIES


def m_search_curator(db: Path, arg: str) -> dict:
    from curator.store.store import Store

    with Store.open(db, annotator="bench", create=False) as store:
        store.search("warmup")
        times, hits = [], 0
        for q in _search_words():
            t = time.perf_counter()
            hits += len(store.search(q))
            times.append(time.perf_counter() - t)
        raw_times = []
        for q in _search_words():
            match = " ".join(f'"{w}"*' for w in re.findall(r"\w+", q))
            t = time.perf_counter()
            store.db.execute(
                "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? LIMIT 50", [match]
            ).fetchall()
            raw_times.append(time.perf_counter() - t)
    return {"times": times, "raw_times": raw_times, "hits": hits, "n": len(times)}


def m_export_curator(db: Path, arg: str) -> dict:
    from export_bench import measure_curator

    t = time.perf_counter()
    records, spans = measure_curator(db, Path(arg))
    return {"n": records, "spans": spans, "seconds": time.perf_counter() - t, "unit": "records"}


def m_export_raw(db: Path, arg: str) -> dict:
    from export_bench import measure_raw

    t = time.perf_counter()
    records, spans = measure_raw(db, Path(arg))
    return {"n": records, "spans": spans, "seconds": time.perf_counter() - t, "unit": "records"}


def m_agreement_curator(db: Path, arg: str) -> dict:
    from curator.review.agreement import compute_agreement
    from curator.store.store import Store

    with Store.open(db, annotator=PAIR[0], create=False) as store:
        t = time.perf_counter()
        report = compute_agreement(store.db, PAIR, tagset_labels=LABELS)
        seconds = time.perf_counter() - t
    tokens = report.corpus.tokens
    return {"n": tokens, "seconds": seconds, "unit": "tokens", "alpha": report.corpus.alpha}


def m_agreement_raw(db: Path, arg: str) -> dict:
    import agreement_bench

    agreement_bench.ANNOTATORS[:] = PAIR
    t = time.perf_counter()
    r = agreement_bench.phase_reference(str(db))
    return {"n": r["tokens"], "seconds": r["seconds"], "unit": "tokens", "alpha": r["alpha"],
            "wall_with_matrix": time.perf_counter() - t}  # fmt: skip


MEASURES = {f.__name__[2:]: f for f in (
    m_import_curator, m_import_raw, m_tui, m_search_curator, m_export_curator, m_export_raw,
    m_agreement_curator, m_agreement_raw,
)}  # fmt: skip


def measure(name: str, db: Path, arg: str = "") -> dict:
    """One measurement in a child process of its own."""
    args = ["--measure", name, "--db", str(db), "--arg", arg]
    return run_child(__file__, args, f"scale_bench: measurement {name}")


# -- main --------------------------------------------------------------------------------------


def _rate(r: dict) -> str:
    return f"{r['n'] / r['seconds']:,.0f} {r['unit']}/s" if r["seconds"] > 0 else "-"


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="100 articles (CI)")
    ap.add_argument("--articles", type=int, default=None, help="articles of 40 paragraphs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tmpdir", default=None)
    ap.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--arg", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.measure:
        result = MEASURES[args.measure](Path(args.db), args.arg)
        print(json.dumps({**result, "rss": peak_rss_mb()}))
        return 0

    n_articles = args.articles or (100 if args.smoke else 10_000)
    quarter = max(1, n_articles // 4)
    folder = Path(tempfile.mkdtemp(prefix="curator-scale-", dir=args.tmpdir))
    try:
        return _run(folder, n_articles, quarter, args.seed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(folder: Path, n_articles: int, quarter: int, seed: int) -> int:
    import sqlite3 as _sqlite3

    from import_bench import build_corpus

    print(f"scale_bench: {n_articles:,} articles x {PER_ARTICLE} paragraphs, seed {seed}")
    print(f"python {platform.python_version()}, sqlite {_sqlite3.sqlite_version}, "
          f"{os.cpu_count()} cpus, {platform.machine()}")  # fmt: skip
    db, small = folder / "scale.db", folder / "quarter.db"
    t = time.perf_counter()
    counts = build_db(db, n_articles, seed)
    built = time.perf_counter() - t
    build_db(small, quarter, seed + 1)
    size = db.stat().st_size
    print(f"built {counts['articles']:,} articles, {counts['paragraphs']:,} paragraphs, "
          f"{counts['spans']:,} spans, {counts['relations']:,} relations in {built:.1f} s "
          f"(raw executemany)")  # fmt: skip

    slice_articles = min(200, max(20, n_articles // 50))
    corpus = build_corpus(folder, slice_articles, PER_ARTICLE - 1, seed)
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, cur: dict, raw: dict | None, note: str = "") -> None:
        ratio = (
            f"{(cur['n'] / cur['seconds']) / (raw['n'] / raw['seconds']):.2f}"
            if raw and cur["seconds"] > 0 and raw["seconds"] > 0
            else "-"
        )
        rows.append((name, _rate(cur) + f" ({cur['seconds']:.2f} s)",
                     (_rate(raw) + f" ({raw['seconds']:.2f} s)") if raw else note, ratio,
                     f"{cur['rss']:.0f}" + (f" / {raw['rss']:.0f}" if raw else "")))  # fmt: skip

    imp_c = measure("import_curator", db, str(corpus))
    imp_r = measure("import_raw", db, str(corpus))
    row(f"import ({slice_articles} articles .jsonl)", imp_c, imp_r)

    tui = measure("tui", db)
    rows.append(("tui: open to AnnotateScreen", f"{tui['seconds']:.2f} s", "-", "-",
                 f"{tui['rss']:.0f}"))  # fmt: skip
    rows.append(("tui: load_article(random id)", f"{tui['jump'] * 1000:.0f} ms", "-", "-",
                 f"{tui['rss']:.0f}"))  # fmt: skip

    s = measure("search_curator", db)
    rows.append((
        f"search ({len(s['times'])} queries) median / p95",
        f"{statistics.median(s['times']) * 1000:.1f} / {_p95(s['times']) * 1000:.1f} ms",
        f"{statistics.median(s['raw_times']) * 1000:.1f} / {_p95(s['raw_times']) * 1000:.1f} ms",
        "-", f"{s['rss']:.0f}",
    ))  # fmt: skip

    exp = {}
    agr = {}
    for label, path in (("full", db), ("quarter", small)):
        exp[label] = measure("export_curator", path, str(folder / f"{label}.jsonl"))
        agr[label] = measure("agreement_curator", path)
    exp_raw = measure("export_raw", db, str(folder / "raw.jsonl"))
    row("export (curator format)", exp["full"], exp_raw)
    tokens = agr["full"]["n"]
    if tokens <= REFERENCE_MAX_TOKENS:
        agr_raw = measure("agreement_raw", db)
        row("agreement (2 annotators)", agr["full"], agr_raw)
        alphas = f"alpha curator {agr['full']['alpha']:.6f}, krippendorff {agr_raw['alpha']:.6f}"
    else:
        row("agreement (2 annotators)", agr["full"], None,
            f"krippendorff skipped ({tokens:,} tokens > 1M)")  # fmt: skip
        alphas = f"alpha curator {agr['full']['alpha']:.6f}"

    mib = size / 2**20
    print(f"\ndatabase: {mib:,.1f} MiB, {size / counts['spans']:,.0f} bytes per span "
          f"(paragraph text and FTS index included)\n")  # fmt: skip
    head = ("measurement", "curator", "raw baseline", "ratio", "peak RSS MB cur / raw")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(5)]
    for r in [head, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
    print(f"\n{alphas}")
    print("memory bounded? peak RSS at full vs quarter corpus "
          f"({n_articles:,} vs {quarter:,} articles):")  # fmt: skip
    for name, res in (("export", exp), ("agreement", agr)):
        ratio = res["full"]["rss"] / res["quarter"]["rss"]
        verdict = "bounded" if ratio < 1.5 else "GROWS with the corpus"
        print(f"  {name:10s} {res['full']['rss']:.0f} MB vs {res['quarter']['rss']:.0f} MB "
              f"= x{ratio:.2f} ({verdict})")  # fmt: skip
    print(f"\ntested up to {counts['articles']:,} articles, {counts['paragraphs']:,} paragraphs, "
          f"{counts['spans']:,} spans, 3 annotators ({mib:,.0f} MiB database)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
