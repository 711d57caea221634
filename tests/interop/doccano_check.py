"""Do curator's doccano exports load in doccano itself? (Not a pytest test; see README.md.)

Run from the repository root with curator's python:

    PYTHONPATH=$PWD /work/main/.venv/bin/python tests/interop/doccano_check.py \
        [--doccano-python /tmp/doccano-venv/bin/python] [--keep DIR]

It builds a database from `tests/formats_corpus.py`, exports it with `curator export --format
doccano` in each layout (label, relation) and unit (paragraph, article), then runs this same file
with doccano's python (`--load`), which migrates a fresh SQLite database, creates one project per
file and imports the file through doccano's own `load_dataset(...).save(user)` (what its upload
form runs). Back here every stored example is compared with curator's own export: the text, every
span sliced in UTF-16 code units (as doccano's interface counts them) against the characters
curator exported, and the relations. A control file exported with `--offsets codepoint` must show
mismatches (or the comparison proves nothing), and a project without "Allow overlapping entity"
must drop exactly the spans the export warned about. Exits 1 on any rejected record, doccano error or
mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

DOCCANO_PYTHON = "/tmp/doccano-venv/bin/python"
REPO = Path(__file__).resolve().parents[2]


def utf16_slice(text: str, start: int, end: int) -> str:
    """`text[start:end]` with the offsets in UTF-16 code units, as JavaScript slices."""
    return text.encode("utf-16-le", "surrogatepass")[2 * start : 2 * end].decode(
        "utf-16-le", "replace"
    )


# ---------------------------------------------------------------- doccano side (--load)


def doccano_load(plan_path: Path) -> None:
    """Import each planned file into its own doccano project; print what doccano stored."""
    plan = json.loads(plan_path.read_text("utf-8"))
    work = Path(plan["work"])
    import backend as doccano_backend  # fails early when not run with doccano's python

    backend = Path(doccano_backend.__file__).resolve().parent
    sys.path.insert(0, str(backend))  # doccano's apps import each other as top-level modules
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "SECRET_KEY": "interop-check-not-secret",
            "DATABASE_URL": f"sqlite:///{work / 'doccano.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            "CELERY_BROKER_URL": "memory://",
        }
    )
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("create_roles", verbosity=0)
    user = User.objects.create_superuser("checker", "checker@example.org", "pw-not-secret")

    from data_import.datasets import load_dataset
    from data_import.pipeline.catalog import RELATION_EXTRACTION, create_file_format
    from data_import.pipeline.readers import FileName
    from examples.models import Example
    from projects.models import ProjectType, SequenceLabelingProject

    out: dict[str, Any] = {"backend": str(backend), "files": {}}
    try:
        import importlib.metadata as md

        out["doccano"] = md.version("doccano")
        out["django"] = md.version("django")
    except Exception:
        out["doccano"] = "?"
    for item in plan["files"]:
        project = SequenceLabelingProject.objects.create(
            name=item["name"],
            project_type=ProjectType.SEQUENCE_LABELING,
            created_by=user,
            allow_overlapping=item["overlapping"],
            use_relation=item["layout"] == "relation",
        )
        project.add_admin()
        task = (
            RELATION_EXTRACTION if item["layout"] == "relation" else ProjectType.SEQUENCE_LABELING
        )
        path = item["path"]
        errors: list[Any] = []
        try:
            # What the upload form sends for JSONL: the encoding (its default utf_8, or "Auto":
            # chardet guesses from the bytes) and the column names.
            dataset = load_dataset(
                task,
                create_file_format("JSONL"),
                [
                    FileName(
                        full_path=path, generated_name=Path(path).name, upload_name=Path(path).name
                    )
                ],
                project,
                encoding=item["encoding"],
                column_data="text",
                column_label="label",
            )
            dataset.save(user, batch_size=1000)
            errors = [e.dict() for e in dataset.errors]
        except Exception as e:  # doccano's own failure is the finding
            errors = [{"exception": f"{type(e).__name__}: {e}"}]
        examples = []
        for ex in Example.objects.filter(project=project).order_by("id"):
            spans = {s.id: (s.start_offset, s.end_offset, s.label.text) for s in ex.spans.all()}
            relations = [
                (spans[r.from_id_id], spans[r.to_id_id], r.type.text) for r in ex.relations.all()
            ]
            examples.append(
                {
                    "text": ex.text,
                    "meta": ex.meta,
                    "spans": list(spans.values()),
                    "relations": relations,
                }
            )
        out["files"][item["name"]] = {"errors": errors, "examples": examples}
    print(json.dumps(out, ensure_ascii=True))


# ---------------------------------------------------------------- curator side


def curator(db: Path, *args: str) -> str:
    """Run curator's CLI; its stderr (the export's summary and warnings)."""
    cmd = [sys.executable, "-m", "curator.cli", "--db", str(db), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(cmd, check=True, env=env, cwd=REPO, capture_output=True, text=True)
    return done.stderr


def build(work: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from curator.store.store import Store
    from tests.formats_corpus import add_synthetic

    db = work / "curator.db"
    with Store.open(db, annotator="alice") as store:
        add_synthetic(store, work)
    return db


def key(meta: dict[str, Any]) -> tuple[Any, ...]:
    return (meta.get("article_id"), meta.get("annotator"), meta.get("paragraph"))


def compare(
    expected: dict[tuple[Any, ...], dict[str, Any]],
    lines: list[dict[str, Any]],
    got: dict[str, Any],
) -> dict[str, Any]:
    """Counts for one file, and what went wrong."""
    problems: list[str] = []
    spans = mismatches = relations = 0
    seen: set[tuple[Any, ...]] = set()
    for ex in got["examples"]:
        # doccano keeps every column but text and labels as the example's meta, so curator's
        # `meta` column is meta["meta"] there (and doccano's export writes it back as `meta`).
        meta = ex["meta"].get("meta") if isinstance(ex["meta"], dict) else None
        meta = meta if isinstance(meta, dict) else {}
        k = key(meta)
        if k in seen:
            problems.append(f"{k}: imported twice")
        seen.add(k)
        want = expected.get(k)
        if want is None:
            problems.append(f"{k}: an example curator did not export (meta {ex['meta']!r})")
            mismatches += 1
            continue
        if ex["text"] != want["text"]:
            problems.append(f"{k}: text differs")
            mismatches += 1
        text = ex["text"] or ""
        got_spans = Counter((label, utf16_slice(text, a, b)) for a, b, label in ex["spans"])
        want_spans = Counter((s["label"], s["text"]) for s in want["spans"])
        spans += len(ex["spans"])
        if got_spans != want_spans:
            bad = (got_spans - want_spans) + (want_spans - got_spans)
            mismatches += sum(bad.values())
            problems.append(
                f"{k}: spans differ: doccano has {sorted((got_spans - want_spans).elements())}, "
                f"curator exported {sorted((want_spans - got_spans).elements())}"
            )
        if "relations" in lines[0]:
            by_id = {s["id"]: s for s in want["spans"]}
            want_rel = Counter(
                (r["type"], by_id[r["head"]]["label"], by_id[r["head"]]["text"],
                 by_id[r["tail"]]["label"], by_id[r["tail"]]["text"])
                for r in want["relations"]
            )  # fmt: skip
            got_rel = Counter(
                (t, fa[2], utf16_slice(text, fa[0], fa[1]), ta[2], utf16_slice(text, ta[0], ta[1]))
                for fa, ta, t in ex["relations"]
            )
            relations += len(ex["relations"])
            if got_rel != want_rel:
                mismatches += sum(((got_rel - want_rel) + (want_rel - got_rel)).values())
                problems.append(f"{k}: relations differ: {sorted(got_rel)} vs {sorted(want_rel)}")
    for line in lines:
        if key(line["meta"]) not in seen:
            problems.append(f"{key(line['meta'])}: record not imported")
    return {
        "records": len(lines),
        "examples": len(got["examples"]),
        "spans": spans,
        "relations": relations,
        "mismatches": mismatches,
        "errors": len(got["errors"]),
        "problems": problems + [f"doccano: {e}" for e in got["errors"]],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--load", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--doccano-python", default=DOCCANO_PYTHON)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args()
    if args.load:
        doccano_load(args.load)
        return 0
    with tempfile.TemporaryDirectory(prefix="doccano-check-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        return run(work, args.doccano_python)


def run(work: Path, doccano_python: str) -> int:
    db = build(work)
    plan: dict[str, Any] = {"work": str(work), "files": []}
    expected: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
    lines: dict[str, list[dict[str, Any]]] = {}
    runs = [
        (layout, unit, "utf16")
        for unit in ("paragraph", "article")
        for layout in ("label", "relation")
    ]
    runs.append(("label", "article", "codepoint"))  # the control: must mismatch
    for layout, unit, offsets in runs:
        name = f"{layout}-{unit}" + ("-codepoint(control)" if offsets == "codepoint" else "")
        ref = work / f"curator-{unit}.jsonl"
        if unit not in expected:
            curator(db, "export", "--all", "--format", "curator", "--unit", unit, "-o", str(ref))
            recs = [json.loads(x) for x in ref.read_text("utf-8").splitlines()]
            expected[unit] = {key({**r, "paragraph": r.get("paragraph")}): r for r in recs}
        path = work / f"doccano-{layout}-{unit}-{offsets}.jsonl"
        said = curator(db, "export", "--all", "--format", "doccano", "--layout", layout,
                       "--unit", unit, "--offsets", offsets, "-o", str(path))  # fmt: skip
        warned = re.search(r"doccano: (\d+) spans overlap", said)
        warned_rel = re.search(r"and (\d+) relations use them", said)
        lines[name] = [json.loads(x) for x in path.read_bytes().splitlines()]
        overlapping = any(
            a[0] < b[1] and b[0] < a[1]
            for line in lines[name]
            for spans in [[(s[0], s[1]) for s in line.get("label", [])]
                          + [(e["start_offset"], e["end_offset"]) for e in line.get("entities", [])]]
            for i, a in enumerate(spans) for b in spans[i + 1 :]
        )  # fmt: skip
        for encoding in ("utf_8", "Auto") if offsets == "utf16" else ("utf_8",):
            plan["files"].append(
                {"name": f"{name} [{encoding}]", "path": str(path), "layout": layout,
                 "overlapping": overlapping, "unit": unit, "encoding": encoding, "lines": name}
            )  # fmt: skip
        if offsets == "utf16" and overlapping:
            # A project without "Allow overlapping entity": doccano drops what the export
            # warned about, and only that.
            plan["files"].append(
                {"name": f"{name} [utf_8, no overlap]", "path": str(path), "layout": layout,
                 "overlapping": False, "unit": unit, "encoding": "utf_8", "lines": name,
                 "warned": int(warned.group(1)) if warned else 0,
                 "warned_relations": int(warned_rel.group(1)) if warned_rel else 0}
            )  # fmt: skip
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [doccano_python, str(Path(__file__).resolve()), "--load", str(plan_path)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        print("doccano_check: doccano's side failed", file=sys.stderr)
        return 2
    got = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"doccano {got.get('doccano')} (Django {got.get('django')}), {got['backend']}")
    head = ("file", "records", "examples", "spans", "relations", "mismatches", "errors")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    failed = False
    notes: list[str] = []
    for item in plan["files"]:
        name = item["name"]
        r = compare(expected[item["unit"]], lines[item["lines"]], got["files"][name])
        print(f"| {name} | " + " | ".join(str(r[h]) for h in head[1:]) + " |")
        control = "control" in name
        bad = r["records"] != r["examples"] or r["errors"] or r["mismatches"]
        if "warned" in item:
            # A project without "Allow overlapping entity": doccano drops the spans the export
            # warned of, and stops on the relations that use them (a KeyError) if it warned so.
            total = sum(
                len(x.get("label", [])) + len(x.get("entities", [])) for x in lines[item["lines"]]
            )
            got_errors = [str(e) for e in got["files"][name]["errors"]]
            want_stop = item["warned_relations"] > 0
            ok = (
                r["records"] == r["examples"]
                and total - r["spans"] == item["warned"]
                and (r["mismatches"] == item["warned"] or item["layout"] == "relation")
                and (
                    (len(got_errors) == 1 and "KeyError" in got_errors[0])
                    if want_stop
                    else not got_errors
                )
            )
            said = f"doccano dropped {total - r['spans']} spans" + (
                f" and stopped: {got_errors[0]}" if got_errors else ""
            )
            warned = f"the export warned of {item['warned']}" + (
                f" and of {item['warned_relations']} relations stopping the import"
                if want_stop
                else ""
            )
            notes.append(f"{name}: {said}; {warned}: " + ("as warned" if ok else "NOT as warned"))
            if not ok:
                failed = True
                notes.extend(f"{name}: {p}" for p in r["problems"])
        elif control:
            if not r["mismatches"]:
                failed = True
                notes.append(f"{name}: the control shows no mismatch; the check proves nothing")
        elif bad:
            failed = True
            notes.extend(f"{name}: {p}" for p in r["problems"])
    for n in notes:
        print(n)
    print("FAIL" if failed else "OK: every record is an example, every span and relation lands")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
