"""Layering (DESIGN §1): nothing below the interfaces imports Textual, and the CLI imports
the TUI only inside the commands that open it. Each module is imported in a fresh
interpreter, so one module's imports cannot hide or cause another's."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest
from conftest import REPO_ROOT

import curator.bilingual
import curator.cli
import curator.domain
import curator.formats
import curator.review
import curator.store
import curator.suggest

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
    ("textual", "rich", "curator", "sklearn", "nltk", "numpy"))))
"""


def _submodules(package) -> list[str]:
    names = sorted(f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__))
    return [package.__name__, *names]


MODULES = [
    *_submodules(curator.domain),
    *_submodules(curator.store),
    *_submodules(curator.formats),
    *_submodules(curator.suggest),
    *_submodules(curator.review),
    *_submodules(curator.bilingual),
    *(m for m in _submodules(curator.cli) if m != "curator.cli.__main__"),  # that one runs
]
"""Every module below the TUI, plus the CLI's."""


@cache
def _imported_by_all() -> dict[str, list[str] | str]:
    """Module -> what importing it alone loads (or its error output); run in parallel."""

    def probe(module: str) -> list[str] | str:
        proc = subprocess.run(
            [sys.executable, "-c", PROBE, module],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=REPO_ROOT,
        )
        if proc.returncode != 0:
            return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"
        return json.loads(proc.stdout.strip().splitlines()[-1])

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(MODULES, pool.map(probe, MODULES), strict=True))


def imported_by(module: str) -> set[str]:
    result = _imported_by_all()[module]
    assert not isinstance(result, str), f"importing {module} failed: {result}"
    return set(result)


def test_module_list_is_complete():
    assert "curator.domain.span" in MODULES and "curator.store.store" in MODULES
    assert "curator.formats.articles" in MODULES and "curator.suggest.structure" in MODULES
    assert not any(m.startswith("curator.tui") for m in MODULES)
    assert "curator.cli" in MODULES and "curator.cli.tui" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_textual(module: str):
    loaded = imported_by(module)
    assert module in loaded  # the probe really imported it
    assert "textual" not in loaded, f"{module} imports textual"
    assert not any(m == "curator.tui" or m.startswith("curator.tui.") for m in loaded), (
        f"{module} imports curator.tui"
    )


def test_cli_imports_no_tui_and_nothing_heavy():
    loaded = imported_by("curator.cli")
    assert "curator.tui" not in loaded
    assert "textual" not in loaded
    assert not {"sklearn", "nltk", "numpy"} & loaded
    # The store and the import machinery load inside the commands that need them.
    assert "curator.store.store" not in loaded
    assert "curator.formats.articles" not in loaded


@pytest.mark.parametrize(
    "package", ["curator.domain", "curator.store", "curator.formats", "curator.suggest"]
)
def test_lower_layers_do_not_import_upper_ones(package: str):
    """domain < store < services (formats, review, suggest) < interfaces."""
    above = {
        "curator.domain": ("curator.store", "curator.formats", "curator.review", "curator.cli"),
        "curator.store": ("curator.formats", "curator.review", "curator.cli", "curator.suggest"),
        "curator.formats": ("curator.cli",),
        "curator.suggest": ("curator.cli",),
    }[package]
    for module in (m for m in MODULES if m == package or m.startswith(package + ".")):
        loaded = imported_by(module)
        wrong = sorted(m for m in loaded if m.startswith(above))
        assert not wrong, f"{module} imports {wrong}"
