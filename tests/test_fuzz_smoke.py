"""The fuzz harness itself, under pytest: each target's one-input function over its seeds
(and a few hostile bytes) must return quietly, i.e. raise nothing but what it swallows."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parent / "fuzz" / "fuzz_parsers.py"
_spec = importlib.util.spec_from_file_location("fuzz_parsers", FUZZ)
assert _spec and _spec.loader
fuzz_parsers = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_parsers"] = fuzz_parsers
_spec.loader.exec_module(fuzz_parsers)

EXTRA = [b"", b"\x00", b"\xff\xfe", b"{", b"[" * 5000, b"a = [" * 2000, b"\xef\xbb\xbf{}\n"]


@pytest.fixture(autouse=True, scope="module")
def _drop_scratch():
    yield
    if fuzz_parsers._SCRATCH.name.startswith("curator-fuzz-"):
        shutil.rmtree(fuzz_parsers._SCRATCH, ignore_errors=True)


def _inputs(target: str) -> list[bytes]:
    seeds = sorted((fuzz_parsers.SEEDS / target).iterdir())
    assert seeds, f"no seeds for {target}"
    return [p.read_bytes() for p in seeds] + EXTRA


@pytest.mark.parametrize("target", sorted(fuzz_parsers.TARGETS))
def test_target_runs_over_seeds(target: str) -> None:
    for data in _inputs(target):
        fuzz_parsers.TARGETS[target](data)


def test_seeds_are_valid_inputs() -> None:
    """The shipped-tag-set seeds load: the fuzzer starts from inputs that reach deep code."""
    from curator.domain.tagset import load_tagset

    for target in ("tagset_toml", "tagset_json"):
        for path in sorted((fuzz_parsers.SEEDS / target).iterdir()):
            assert load_tagset(path).labels
