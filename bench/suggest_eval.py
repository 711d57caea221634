"""Suggester evaluation on the development corpus (`../shared/corpus/`, gold layer `gold-dev`).

Imports every `NN-slug.txt` of the corpus into a fresh database in a temporary folder (the
path `curator import` runs), loads each `NN-slug.gold.jsonl` as annotator `gold-dev` (the
path `curator import-annotations --format curator` runs), runs the suggesters as `curator
suggest` does and scores them with `curator.review.evaluate` (curator's own span aligner).

Prints precision / recall per suggester, pooled and per language and kind (MT / edited), with
the resolution figures (TIMEX3 value, canonical name, claim -> speaker, MQM category, kind),
the goals of issue #10 beside the pooled figures, and the suggesters' speed. Exits 0 whatever
the figures, and when the corpus is absent (saying where it looked).

    .venv/bin/python bench/suggest_eval.py                  # the whole corpus
    .venv/bin/python bench/suggest_eval.py --smoke          # 4 articles (CI)
    .venv/bin/python bench/suggest_eval.py --misses dates   # list false/missed dates
    .venv/bin/python bench/suggest_eval.py --corpus DIR --json figures.json

The corpus texts are third-party: they are read from the corpus folder, never copied.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from curator.formats.annotation_import import import_annotations
from curator.formats.articles import read_drafts
from curator.review.evaluate import RESOLUTION, ROWS, ArticleScore, Tally, evaluate, pool
from curator.store.imports import import_articles
from curator.store.store import Store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REFERENCE = "gold-dev"
SMOKE = ("01-", "05-", "13-", "19-")
"""Smoke run: two MT (ru, es) and two edited (en, fr) articles."""

GOALS = {
    "dates": (0.92, 0.85, 0.85),
    "speakers": (0.88, 0.80, 0.80),
    "attribution": (0.70, 0.60, None),
    "boilerplate": (0.90, 0.80, None),
    "errors": (0.50, 0.30, None),
}
"""Issue #10's pooled goals: precision, recall, resolution."""


def load(corpus: Path, db: Path, smoke: bool) -> tuple[Store, dict[str, list[str]]]:
    texts = sorted(corpus.glob("[0-9][0-9]-*.txt"))
    if smoke:
        texts = [t for t in texts if t.name.startswith(SMOKE)]
    store = Store.open(db, annotator="bench")
    import_articles(store, list(read_drafts(texts)))
    kinds: dict[str, list[str]] = {}
    for t in texts:
        gold = t.with_name(t.name.removesuffix(".txt") + ".gold.jsonl")
        import_annotations(store, gold, "curator", annotator=REFERENCE)
        for line in gold.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            kinds.setdefault(rec["article_id"], []).append(rec["kind"])
    return store, kinds


def _cell(t: Tally, resolution: bool) -> str:
    if not t.reference and not t.suggested:
        return "—"
    cell = f"{t.precision:.2f}/{t.recall:.2f}"
    if resolution and t.hits:
        cell += f" ({t.resolution:.2f})"
    return cell


def table(groups: dict[str, list[ArticleScore]]) -> str:
    """One row per suggester, one column per group: P/R (resolution)."""
    names = list(groups)
    lines = ["| suggester | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    pooled = {g: pool(scores) for g, scores in groups.items()}
    for row in ROWS:
        if row == "claims":
            continue
        cells = [_cell(pooled[g][row], row in RESOLUTION) for g in names]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(total: dict[str, Tally]) -> str:
    lines = [
        "| suggester | suggested | reference | hits | exact | precision | recall | resolution "
        "| goal P / R / res | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in ROWS:
        t = total[row]
        goal = GOALS.get(row)
        res = f"{t.resolution:.2f} {RESOLUTION[row]}" if row in RESOLUTION else ""
        if goal:
            p, r, q = goal
            met = t.precision >= p and t.recall >= r and (q is None or t.resolution >= q)
            want = f"{p:.2f} / {r:.2f}" + (f" / {q:.2f}" if q else "")
            verdict = "yes" if met else "**no**"
        else:
            want, verdict = "", ""
        lines.append(
            f"| {row} | {t.suggested} | {t.reference} | {t.hits} | {t.exact} | "
            f"{t.precision:.2f} | {t.recall:.2f} | {res} | {want} | {verdict} |"
        )
    return "\n".join(lines)


def half_recall(groups: dict[str, list[ArticleScore]], total: dict[str, Tally]) -> list[str]:
    """Groups whose recall on a goal row is below half of the pooled goal recall."""
    low = []
    for name, scores in groups.items():
        pooled = pool(scores)
        for row, (_, r, _) in GOALS.items():
            t = pooled[row]
            if t.reference and t.recall < r / 2:
                low.append(f"{name} {row} recall {t.recall:.2f} < {r / 2:.2f}")
    return low


def grouped(scores: Iterable[ArticleScore]) -> dict[str, dict[str, list[ArticleScore]]]:
    scores = list(scores)
    by_lang: dict[str, list[ArticleScore]] = {}
    by_source: dict[str, list[ArticleScore]] = {}
    by_kind: dict[str, list[ArticleScore]] = {"MT": [], "edited": []}
    for s in scores:
        by_lang.setdefault(s.lang, []).append(s)
        by_kind["MT" if s.mt else "edited"].append(s)
        if s.mt:
            by_source.setdefault(f"{s.source_lang}→{s.lang}", []).append(s)
    return {
        "kind": {"all": scores, **by_kind},
        "language of the text": dict(sorted(by_lang.items())),
        "source language (MT)": dict(sorted(by_source.items())),
    }


def linearity(paragraphs: int) -> str:
    """The suggesters' time per character on synthetic news (bench/benchlib.py, with quotes
    and dates added) at two sizes 10x apart: the larger should cost about the same per
    character. The raw baseline is one pass of str.split over the same text."""
    import random

    from benchlib import paragraph

    from curator.suggest.runner import suggest_article

    rng = random.Random(5)
    extra = [
        "“We will not accept this,” the minister said on Monday.",
        "According to officials, talks resumed in May 2021 and will end next week.",
        "She told reporters that the deal was close, three years after the first round.",
    ]
    texts = [f"{paragraph(rng)} {rng.choice(extra)}" for _ in range(paragraphs * 10)]
    rows = []
    for n in (paragraphs, paragraphs * 10):
        part = texts[:n]
        chars = sum(len(t) for t in part)
        started = time.perf_counter()
        suggest_article(part, dt.date(2022, 5, 17), lang="en")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        for t in part:
            t.split()
        raw = time.perf_counter() - started
        rows.append((n, chars, seconds, raw))
    (n1, c1, s1, _), (n2, c2, s2, r2) = rows
    per1, per2 = s1 / c1, s2 / c2
    return (
        f"linearity: {n1:,} paragraphs {c1:,} chars {s1:.2f} s ({c1 / s1 / 1000:,.0f}k chars/s); "
        f"{n2:,} paragraphs {c2:,} chars {s2:.2f} s ({c2 / s2 / 1000:,.0f}k chars/s); time per "
        f"character x{per2 / per1:.2f} at 10x the text (goal <= 1.3); raw str.split "
        f"{c2 / r2 / 1e6:,.0f}M chars/s, curator/raw {r2 / s2:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--smoke", action="store_true", help="4 articles (CI)")
    ap.add_argument("--misses", metavar="ROW", help=f"list false and missed items of one of {ROWS}")
    ap.add_argument("--json", type=Path, help="also write the pooled figures as JSON here")
    args = ap.parse_args(argv)
    if not (args.corpus / "check.py").is_file():
        print(f"suggest_eval: no development corpus at {args.corpus}; skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store, kinds = load(args.corpus, Path(tmp) / "eval.db", args.smoke)
        started = time.perf_counter()
        scores = list(evaluate(store, REFERENCE, kinds))
        seconds = time.perf_counter() - started
        chars = sum(len(p.text) for s in scores for p in store.paragraphs(s.article_id))
        store.close()
    total = pool(scores)
    print(f"# Suggesters against {REFERENCE}: {len(scores)} articles, {chars:,} characters")
    print(f"suggest + score: {seconds:.2f} s ({chars / seconds / 1000:,.0f}k characters/s)\n")
    print(goals(total))
    for title, groups in grouped(scores).items():
        print(f"\n## By {title}: precision/recall (resolution)\n")
        print(table(groups))
    print("\n" + linearity(20 if args.smoke else 200))
    low = half_recall(grouped(scores)["language of the text"], total)
    low += half_recall(grouped(scores)["source language (MT)"], total)
    print("\nbelow half the goal recall: " + ("; ".join(low) if low else "none"))
    if args.misses:
        print(f"\n## {args.misses}: false and missed\n")
        for s in scores:
            for m in s.rows[args.misses].misses:
                print(f"{s.article_id}: {m}")
    if args.json:
        figures = {
            row: {
                "precision": t.precision,
                "recall": t.recall,
                "resolution": t.resolution,
                "hits": t.hits,
                "suggested": t.suggested,
                "reference": t.reference,
            }
            for row, t in total.items()
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
