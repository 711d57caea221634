"""What the benchmarks share: synthetic news text (machine-translated-looking English with
some Cyrillic, emoji, typographic quotes and no-break spaces, deterministic from a seeded RNG),
peak memory, and running one measurement in a child process of its own."""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
from pathlib import Path

_EN_WORDS = (
    "the of and to in a is that for on with as was by it at from his her they be have this "
    "said government minister president official statement report week year city region "
    "military forces border security talks agreement economic sanctions energy gas prices "
    "parliament election opposition protest police court ruling investigation according "
    "sources spokesman ministry foreign defence international organisation summit meeting "
    "delegation announced confirmed denied claimed reported warned expected continued "
    "however meanwhile although despite following earlier later Tuesday Wednesday Thursday "
    "Moscow Kyiv Berlin Brussels Washington Beijing Minsk Tbilisi Yerevan Astana NATO CSTO "
    "million billion percent thousands several hundreds new former senior local national"
)
_RU_WORDS = (
    "правительство министр президент заявил сообщил власти страны регион граница переговоры "
    "соглашение экономика санкции энергетика газ цены парламент выборы оппозиция протест "
    "полиция суд решение расследование источник представитель ведомство международный "
    "саммит встреча делегация объявил подтвердил опроверг предупредил ожидается однако "
    "между тем несмотря вторник среда четверг Москва Киев Берлин Брюссель ОДКБ НАТО тысяч"
)
_EN, _RU = _EN_WORDS.split(), _RU_WORDS.split()
_ODD = ["😀", "🇺🇦", "👍", "🔥", "—", "«", "»", "€", "№", "café", "Zürich", "naïve", "“quoted”"]
_NBSP = "\u00a0"


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(8, 22)):
        r = rng.random()
        if r < 0.12:
            words.append(rng.choice(_RU))
        elif r < 0.15:
            words.append(rng.choice(_ODD))
        else:
            words.append(rng.choice(_EN))
    if rng.random() < 0.25:  # "5 000", "12 %" with a no-break space, as translated news has
        words.insert(rng.randrange(len(words)), f"{rng.randint(1, 999)}{_NBSP}000")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def paragraph(rng: random.Random) -> str:
    target = rng.randint(200, 600)
    parts: list[str] = []
    size = 0
    while size < target:
        s = sentence(rng)
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)[:600].rstrip()


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB (10^6 bytes)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def run_child(script: str, args: list[str], what: str) -> dict:
    """Run `script args` in a fresh interpreter (so its peak memory is its own) and return
    the JSON object its last stdout line holds; a crash stops the benchmark."""
    proc = subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"{what} crashed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarize_runs(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """Per measurement: spans, best and median seconds, least CPU, spans/s and µs a span at
    the best time, and the greatest peak RSS over the runs."""
    out = {}
    for kind, rs in runs.items():
        best = min(r["seconds"] for r in rs)
        out[kind] = {
            "spans": rs[0]["spans"],
            "best": best,
            "median": statistics.median(r["seconds"] for r in rs),
            "cpu": min(r["cpu"] for r in rs),
            "rate": rs[0]["spans"] / best if best else 0.0,
            "us": best / rs[0]["spans"] * 1e6 if rs[0]["spans"] else 0.0,
            "rss": max(r["rss"] for r in rs),
        }
    return out


def print_runs(results: dict[int, dict[str, dict]], names: dict[str, str]) -> None:
    """The table of `summarize_runs` results per size, curator's row before raw's."""
    print("\n| spans | measurement | best s | median s | CPU s | spans/s | µs/span | peak RSS MB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for res in results.values():
        for kind in ("curator", "raw"):
            r = res[kind]
            print(
                f"| {r['spans']:,} | {names[kind]} | {r['best']:.2f} | {r['median']:.2f} | "
                f"{r['cpu']:.2f} | {r['rate']:,.0f} | {r['us']:.1f} | {r['rss']:.0f} |"
            )
