"""Import benchmark: curator's import path against raw sqlite3 writing the same rows.

Builds a synthetic corpus (one .jsonl file, deterministic from --seed) in a temporary folder,
then measures, each run into its own fresh database file:

  (a) curator     collect_files + read_drafts + Store.open + import_articles, the path
                  `curator import corpus.jsonl` runs (parse and store also timed separately);
  (b) raw         plain sqlite3 (WAL, synchronous=FULL, foreign_keys=ON, like curator) inserting
                  the same article and paragraph rows, prepared as tuples beforehand, with
                  executemany in one transaction into curator's own schema (created untimed by
                  opening a curator Store on the file): indexes, FTS5 index and its triggers;
  (c) raw-bare    the same inserts into bare tables (no keys, indexes, FTS or triggers), for context.

Each measurement runs --repeat times (default 3) and the median is reported. The goal is
curator >= 0.50 x raw (same schema), in paragraphs per second. Exits 0 whatever the numbers
(a benchmark reports, it does not assert); only a crash exits non-zero.

    .venv/bin/python bench/import_bench.py                 # 2000 articles x 40 paragraphs
    .venv/bin/python bench/import_bench.py --smoke         # 50 articles (CI)
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from benchlib import paragraph, sentence  # bench/ is on sys.path when run as a script

GOAL = 0.50

# --- synthetic corpus -------------------------------------------------------------------------


def build_corpus(folder: Path, articles: int, paragraphs: int, seed: int) -> Path:
    """One .jsonl file of `articles` articles of about `paragraphs` paragraphs each."""
    rng = random.Random(seed)
    path = folder / "corpus.jsonl"
    with path.open("wb") as fh:
        for n in range(articles):
            title = sentence(rng).rstrip(".!?")[:120].strip()
            paras = [paragraph(rng) for _ in range(paragraphs)]
            record = {
                "id": f"bench-{seed}-{n:06d}",
                "title": title,
                "url": f"https://news.example.org/{n}",
                "source": rng.choice(["Example Times", "Пример Новости", "Daily Sample"]),
                "dct": f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "source_lang": "ru",
                "target_lang": "en",
                "mt_system": "bench-mt",
                "text": "\n\n".join([title, *paras]),
            }
            fh.write(orjson.dumps(record) + b"\n")
    return path


# --- measurements -----------------------------------------------------------------------------


def run_curator(corpus: Path, db: Path) -> tuple[int, float, float]:
    """The user's path; returns (paragraphs, parse seconds, store seconds)."""
    from curator.formats.articles import collect_files, read_drafts
    from curator.store.imports import import_articles
    from curator.store.store import Store

    t0 = time.perf_counter()
    drafts = list(read_drafts(collect_files([corpus])))
    t1 = time.perf_counter()
    with Store.open(db, annotator="bench") as store:
        results = import_articles(store, drafts)
    t2 = time.perf_counter()
    assert all(r.outcome == "imported" for r in results)
    return sum(len(d.paragraphs) for d in drafts), t1 - t0, t2 - t1


def prepare_rows(corpus: Path) -> tuple[list[tuple], list[tuple]]:
    """The article and paragraph rows curator stores, as ready tuples (untimed)."""
    from curator.domain.span import utcnow
    from curator.domain.text import sha256_text
    from curator.formats.articles import collect_files, read_drafts
    from curator.store.rows import article_row, dumps

    now = utcnow().isoformat()
    articles, paragraphs = [], []
    for pos, d in enumerate(read_drafts(collect_files([corpus]))):
        row = article_row(d.article, d.sha256, len(d.paragraphs), pos)
        row["meta"] = dumps(row["meta"])
        row["imported_at"] = now
        articles.append(tuple(row[c] for c in ARTICLE_COLUMNS))
        paragraphs += [
            (d.article.id, i, text, sha256_text(text), kind, "guess")
            for i, (text, kind) in enumerate(zip(d.paragraphs, d.kinds, strict=True))
        ]
    return articles, paragraphs


ARTICLE_COLUMNS = (
    "id",
    "title",
    "url",
    "source",
    "dct",
    "source_lang",
    "target_lang",
    "mt_system",
    "meta",
    "sha256",
    "n_paragraphs",
    "position",
    "imported_at",
)
PARAGRAPH_COLUMNS = ("article_id", "idx", "text", "sha256", "kind", "kind_origin")


def _raw_connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _raw_insert(conn: sqlite3.Connection, articles: list[tuple], paragraphs: list[tuple]) -> None:
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)})",
        articles,
    )
    conn.executemany(
        f"INSERT INTO paragraphs ({', '.join(PARAGRAPH_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in PARAGRAPH_COLUMNS)})",
        paragraphs,
    )
    conn.execute("COMMIT")


def run_raw(db: Path, articles: list[tuple], paragraphs: list[tuple]) -> float:
    """Same rows into curator's schema (schema made untimed by a curator Store)."""
    from curator.store.store import Store

    Store.open(db, annotator="bench").close()
    conn = _raw_connect(db)
    try:
        t0 = time.perf_counter()
        _raw_insert(conn, articles, paragraphs)
        return time.perf_counter() - t0
    finally:
        conn.close()


def run_raw_bare(db: Path, articles: list[tuple], paragraphs: list[tuple]) -> float:
    """Same rows into tables without keys, indexes, FTS or triggers."""
    conn = _raw_connect(db)
    try:
        conn.execute(f"CREATE TABLE articles ({', '.join(ARTICLE_COLUMNS)})")
        conn.execute(f"CREATE TABLE paragraphs ({', '.join(PARAGRAPH_COLUMNS)})")
        t0 = time.perf_counter()
        _raw_insert(conn, articles, paragraphs)
        return time.perf_counter() - t0
    finally:
        conn.close()


def _fresh_db(folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _timed(repeat: int, fn: Callable[[int], float]) -> list[float]:
    out = []
    for i in range(repeat):
        gc.collect()
        out.append(fn(i))
    return out


# --- report -----------------------------------------------------------------------------------


def _peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--paragraphs", type=int, default=40, help="paragraphs per article (40)")
    ap.add_argument("--smoke", action="store_true", help="quick run: 50 articles")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    ap.add_argument("--tmpdir", type=Path, default=None, help="where the corpus and dbs go")
    args = ap.parse_args(argv)
    if args.smoke:
        args.articles = 50
    repeat = max(1, args.repeat)

    folder = Path(tempfile.mkdtemp(prefix="curator-import-bench-", dir=args.tmpdir))
    try:
        t = time.perf_counter()
        corpus = build_corpus(folder, args.articles, args.paragraphs, args.seed)
        size_mib = corpus.stat().st_size / 2**20
        print(
            f"corpus: {args.articles} articles x {args.paragraphs}+1 paragraphs, "
            f"{size_mib:.1f} MiB jsonl, seed {args.seed} (built in {time.perf_counter() - t:.1f} s)"
        )
        print(
            f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} cpus, dbs in {folder}; median of {repeat}"
        )

        parse_s: list[float] = []
        store_s: list[float] = []
        n_rows = 0

        def curator_once(i: int) -> float:
            nonlocal n_rows
            n_rows, p, s = run_curator(corpus, _fresh_db(folder, f"curator-{i}.db"))
            parse_s.append(p)
            store_s.append(s)
            return p + s

        cur = _timed(repeat, curator_once)
        arts, paras = prepare_rows(corpus)
        assert len(paras) == n_rows, (len(paras), n_rows)
        raw = _timed(repeat, lambda i: run_raw(_fresh_db(folder, f"raw-{i}.db"), arts, paras))
        bare = _timed(
            repeat, lambda i: run_raw_bare(_fresh_db(folder, f"bare-{i}.db"), arts, paras)
        )

        med = statistics.median
        rows = [
            ("(a) curator: full import", cur),
            ("    parse (collect+read_drafts)", parse_s),
            ("    store (open+import_articles)", store_s),
            ("(b) raw sqlite3, same schema", raw),
            ("(c) raw sqlite3, bare tables", bare),
        ]
        print()
        print(
            f"{'measurement':34} {'rows':>8} {'seconds':>8} {'min..max':>15} {'paragraphs/s':>13}"
        )
        for name, times in rows:
            m = med(times)
            spread = f"{min(times):.3f}..{max(times):.3f}"
            print(f"{name:34} {n_rows:8d} {m:8.3f} {spread:>15} {n_rows / m:13,.0f}")
        a, b, c = med(cur), med(raw), med(bare)
        print()
        print(f"curator / raw (a/b):             {b / a:.2f}")
        print(f"curator / raw-bare (a/c):        {c / a:.2f}")
        print(f"curator store only / raw:        {b / med(store_s):.2f}")
        print(f"goal: >= {GOAL:.2f} of raw (same schema): {'MET' if b / a >= GOAL else 'NOT MET'}")
        print(f"peak RSS: {_peak_rss_mib():.0f} MiB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    # Numbers never fail the run; a crash (the benchmark could not measure) still does.
    sys.exit(main())
