"""Atheris fuzz targets for the JSONL article parser and the tag-set loader (TOML and JSON).

A finding is any exception other than InputError (the one-line error the CLI prints), or a
crash or hang. Run one target for a bounded time (CI does this for each target):

    .venv/bin/python tests/fuzz/fuzz_parsers.py --target=jsonl -max_total_time=40
    .venv/bin/python tests/fuzz/fuzz_parsers.py --target=tagset_toml -atheris_runs=30000
    .venv/bin/python tests/fuzz/fuzz_parsers.py --target=tagset_json -max_total_time=40

Other arguments go to libFuzzer. Without a corpus folder the seeds in tests/fuzz/seeds/<target>
are copied to a temporary folder first (libFuzzer writes new inputs into its first corpus
folder, and the committed seeds must stay as they are). The one-input functions below need
no atheris: tests/test_fuzz_smoke.py runs them over the seeds under pytest.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

SEEDS = Path(__file__).resolve().parent / "seeds"
_SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None
_SCRATCH = Path(tempfile.gettempdir())  # replaced by a private folder on first use


def _scratch() -> Path:
    global _SCRATCH
    if not _SCRATCH.name.startswith("curator-fuzz-"):
        _SCRATCH = Path(tempfile.mkdtemp(prefix="curator-fuzz-", dir=_SHM))
    return _SCRATCH


def fuzz_jsonl(data: bytes) -> None:
    """The .jsonl import path: strict UTF-8 decode, then every line parsed and validated."""
    from curator.domain.errors import InputError
    from curator.domain.text import TextDecodeError, decode_bytes
    from curator.formats.articles import read_jsonl

    try:
        text = decode_bytes(data, "fuzz.jsonl")
    except TextDecodeError:
        return
    with contextlib.suppress(InputError):
        list(read_jsonl(text, "fuzz.jsonl"))


def _fuzz_tagset(data: bytes, suffix: str) -> None:
    from curator.domain.errors import InputError
    from curator.domain.tagset import load_tagset

    path = _scratch() / f"tagset{suffix}"
    path.write_bytes(data)
    try:
        tagset = load_tagset(path)
    except InputError:
        return
    tagset.canonical_json()  # a loaded tag set must serialise, as the store does on open
    for label in tagset.labels:
        tagset.attrs_model(label.name)


def fuzz_tagset_toml(data: bytes) -> None:
    """load_tagset on a .toml file (tomllib, then parse_tagset)."""
    _fuzz_tagset(data, ".toml")


def fuzz_tagset_json(data: bytes) -> None:
    """load_tagset on a .json file (orjson, then parse_tagset)."""
    _fuzz_tagset(data, ".json")


TARGETS = {
    "jsonl": fuzz_jsonl,
    "tagset_toml": fuzz_tagset_toml,
    "tagset_json": fuzz_tagset_json,
}


def main(argv: list[str]) -> None:
    import atheris

    target = "jsonl"
    rest = [argv[0]]
    for arg in argv[1:]:
        if arg.startswith("--target="):
            target = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    if target not in TARGETS:
        sys.exit(f"fuzz: unknown target {target!r} (one of {', '.join(TARGETS)})")
    if not any(not a.startswith("-") for a in rest[1:]):
        corpus = _scratch() / f"corpus-{target}"
        shutil.copytree(SEEDS / target, corpus)
        rest.append(str(corpus))
    with atheris.instrument_imports(include=["curator", "tomllib"]):
        import curator.domain.tagset
        import curator.formats.articles  # noqa: F401
    print(f"fuzz: target {target}", flush=True)
    atheris.Setup(rest, TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    try:
        main(sys.argv)
    finally:  # libFuzzer may exit without unwinding; then the folder stays in /dev/shm
        if _SCRATCH.name.startswith("curator-fuzz-"):
            shutil.rmtree(_SCRATCH, ignore_errors=True)
