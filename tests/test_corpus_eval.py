"""The suggesters on the development corpus (`../shared/corpus/`): pooled floors.

The corpus is third-party text kept outside the repository; this test reads it from there and
skips (saying so) when it is absent. Floors sit a little under what the suggesters reach, so a
change that makes them worse fails here; `bench/suggest_eval.py` prints the full tables.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from curator.review.evaluate import evaluate, pool

CORPUS = REPO_ROOT.parent / "shared" / "corpus"

FLOORS = {
    # row: (precision, recall, resolution or None); reached on 2026-12-03: dates 0.98/1.00/0.99,
    # speakers 0.99/0.82/0.80, attribution 0.95/0.75, boilerplate 1.00/0.95, errors 0.98/0.44
    "dates": (0.95, 0.95, 0.95),
    "speakers": (0.95, 0.78, 0.76),
    "attribution": (0.90, 0.70, None),
    "boilerplate": (0.95, 0.90, None),
    "errors": (0.90, 0.40, None),
}


def _bench():
    spec = importlib.util.spec_from_file_location(
        "suggest_eval", REPO_ROOT / "bench" / "suggest_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (CORPUS / "check.py").is_file(), reason=f"no development corpus at {CORPUS}"
)
def test_pooled_figures_hold(tmp_path: Path) -> None:
    store, kinds = _bench().load(CORPUS, tmp_path / "eval.db", smoke=False)
    with store:
        total = pool(evaluate(store, "gold-dev", kinds))
    low = []
    for row, (p, r, q) in FLOORS.items():
        t = total[row]
        if t.precision < p or t.recall < r or (q is not None and t.resolution < q):
            low.append(f"{row}: P {t.precision:.2f} R {t.recall:.2f} res {t.resolution:.2f}")
    assert not low, "below the floors: " + "; ".join(low)
