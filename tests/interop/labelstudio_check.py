"""Do curator's Label Studio exports pass label-studio-sdk, and in which unit do offsets land?
(Not a pytest test; see README.md.)

Run from the repository root with curator's python:

    PYTHONPATH=$PWD /work/main/.venv/bin/python tests/interop/labelstudio_check.py \
        [--ls-python /tmp/ls-venv/bin/python] [--keep DIR]

It builds a database from `tests/formats_corpus.py`, exports it with `curator export --format
labelstudio --config FILE` per unit (paragraph, article) and offsets (the default, and
`--offsets utf16` as a control that must mismatch), then runs this same file with the SDK's python (`--load`):
- `LabelInterface(config).validate()` on the labelling config;
- `LabelInterface.validate_annotation` (its error-returning form) on every annotation: every
  region's `from_name`/`to_name`/type/value against the config, every relation's ends;
- the SDK's `Converter` on the tasks (ids added, as Label Studio gives them on import): JSON_MIN
  must return every region, and CONLL2003's B-/I- tags (the SDK slices the text in Python, code
  points) are compared with the tags of curator's code-point spans.
Back here every region's `start`/`end` is sliced in the text in code points (how Label Studio's
frontend counts: `web/libs/editor/src/utils/selection-tools.js`, `charsToCodePoints`; its
`RichText/domManager.md`: "🐱" is one position) and in UTF-16 units, and compared with
`value.text` and curator's span text. Exits 1 when a file fails the SDK, or when the default
export's offsets are not Label Studio's (code points).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

LS_PYTHON = "/tmp/ls-venv/bin/python"
REPO = Path(__file__).resolve().parents[2]


def utf16_slice(text: str, start: int, end: int) -> str:
    """`text[start:end]` with the offsets in UTF-16 code units, as JavaScript's `slice`."""
    return text.encode("utf-16-le", "surrogatepass")[2 * start : 2 * end].decode(
        "utf-16-le", "replace"
    )


# ---------------------------------------------------------------- SDK side (--load)


def sdk_load(plan_path: Path) -> None:
    import importlib.metadata as md

    from label_studio_sdk.converter import Converter
    from label_studio_sdk.converter.utils import create_tokens_and_tags
    from label_studio_sdk.label_interface import LabelInterface

    plan = json.loads(plan_path.read_text("utf-8"))
    out: dict[str, Any] = {"sdk": md.version("label-studio-sdk"), "files": {}}
    for item in plan["files"]:
        config = Path(item["config"]).read_text("utf-8")
        res: dict[str, Any] = {"config_errors": [], "annotation_errors": [], "tasks": 0}
        li = LabelInterface(config)
        try:
            li.validate()
        except Exception as e:  # the SDK's own verdict is the finding
            res["config_errors"].append(f"{type(e).__name__}: {e}")
        tasks = json.loads(Path(item["path"]).read_text("utf-8"))
        res["tasks"] = len(tasks)
        for i, task in enumerate(tasks):
            # validate_task's data check (validate_task itself calls validate_annotation()
            # without its argument in this SDK version, a TypeError on any task with annotations)
            for obj in li.objects:
                if obj.value_is_variable and task["data"].get(obj.value_name) is None:
                    res["annotation_errors"].append(f"task {i}: no data.{obj.value_name}")
            for kind in ("annotations", "predictions"):
                for ann in task.get(kind, []):
                    errs = li.validate_prediction(
                        ann, return_errors=True
                    )  # validate_annotation's logic
                    res["annotation_errors"].extend(f"task {i} {kind}: {e}" for e in errs)
        # The converter reads Label Studio's export, where tasks and annotations have ids.
        with_ids = [
            {
                **t,
                "id": n + 1,
                "annotations": [{**a, "id": n + 1} for a in t.get("annotations", [])],
            }
            for n, t in enumerate(tasks)
        ]
        src = Path(item["path"]).with_suffix(".with-ids.json")
        src.write_text(json.dumps(with_ids, ensure_ascii=False), "utf-8")
        conv = Converter(config=config, project_dir=str(src.parent), download_resources=False)
        outdir = src.parent / (src.stem + "-min")
        conv.convert_to_json_min(str(src), str(outdir), is_dir=False)
        json_min = json.loads((outdir / "result.json").read_text("utf-8"))
        res["json_min_regions"] = sum(len(r.get("label", [])) for r in json_min)
        # CoNLL: the converter's tags for the exported spans vs for curator's code-point spans.
        diffs = 0
        for task, want in zip(tasks, item["codepoint_spans"], strict=True):
            spans = [
                {
                    "start": r["value"]["start"],
                    "end": r["value"]["end"],
                    "labels": r["value"]["labels"],
                }
                for ann in task.get("annotations", [])
                for r in ann["result"]
                if r.get("type") == "labels"
            ]
            _, got = create_tokens_and_tags(task["data"]["text"], spans)
            _, ref = create_tokens_and_tags(task["data"]["text"], want)
            diffs += sum(a != b for a, b in zip(got, ref, strict=True))
        res["conll_tag_diffs"] = diffs
        out["files"][item["name"]] = res
    print(json.dumps(out, ensure_ascii=True))


# ---------------------------------------------------------------- curator side


def curator(db: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "curator.cli", "--db", str(db), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run(cmd, check=True, env=env, cwd=REPO, capture_output=True)


def key(meta: dict[str, Any]) -> tuple[Any, ...]:
    return (meta.get("article_id"), meta.get("annotator"), meta.get("paragraph"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--load", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ls-python", default=LS_PYTHON)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args()
    if args.load:
        sdk_load(args.load)
        return 0
    with tempfile.TemporaryDirectory(prefix="labelstudio-check-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        return run(work, args.ls_python)


def run(work: Path, ls_python: str) -> int:
    sys.path.insert(0, str(REPO))
    from curator.store.store import Store
    from tests.formats_corpus import add_synthetic

    db = work / "curator.db"
    with Store.open(db, annotator="alice") as store:
        add_synthetic(store, work)
    plan: dict[str, Any] = {"files": []}
    checks: dict[str, dict[str, Any]] = {}
    for unit in ("paragraph", "article"):
        ref = work / f"curator-{unit}.jsonl"
        curator(db, "export", "--all", "--format", "curator", "--unit", unit, "-o", str(ref))
        expected = {key(r): r for r in (json.loads(x) for x in ref.read_text("utf-8").splitlines())}
        for offsets in ("default", "utf16"):  # utf16: the control, must mismatch
            name = f"{unit} --offsets {offsets}"
            path = work / f"ls-{unit}-{offsets}.json"
            config = work / f"ls-{unit}-{offsets}.xml"
            extra = [] if offsets == "default" else ["--offsets", offsets]
            curator(db, "export", "--all", "--format", "labelstudio", "--unit", unit, *extra,
                    "--config", str(config), "-o", str(path))  # fmt: skip
            tasks = json.loads(path.read_text("utf-8"))
            regions = relations = bad_cp = bad_u16 = bad_text = 0
            codepoint_spans = []
            for task in tasks:
                text = task["data"]["text"]
                want = expected[key(task["data"]["meta"])]
                want_spans = Counter((s["label"], s["text"]) for s in want["spans"])
                cp, u16 = Counter(), Counter()
                for ann in task.get("annotations", []):
                    for r in ann["result"]:
                        if r["type"] == "relation":
                            relations += 1
                        if r["type"] != "labels":
                            continue
                        v = r["value"]
                        regions += 1
                        label = v["labels"][0]
                        cp[(label, text[v["start"] : v["end"]])] += 1
                        u16[(label, utf16_slice(text, v["start"], v["end"]))] += 1
                        bad_text += text[v["start"] : v["end"]] != v["text"]
                bad_cp += sum(((cp - want_spans) + (want_spans - cp)).values())
                bad_u16 += sum(((u16 - want_spans) + (want_spans - u16)).values())
                codepoint_spans.append(
                    [{"start": s["start"], "end": s["end"], "labels": [s["label"]]}
                     for s in want["spans"]]
                )  # fmt: skip
            checks[name] = {
                "tasks": len(tasks),
                "regions": regions,
                "relations": relations,
                "cp_mismatch": bad_cp,
                "u16_mismatch": bad_u16,
                "value_text_vs_cp": bad_text,
                "default": offsets == "default",
            }
            plan["files"].append(
                {"name": name, "path": str(path), "config": str(config),
                 "codepoint_spans": codepoint_spans}
            )  # fmt: skip
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [ls_python, str(Path(__file__).resolve()), "--load", str(plan_path)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        print("labelstudio_check: the SDK's side failed", file=sys.stderr)
        return 2
    got = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"label-studio-sdk {got['sdk']}")
    head = ("file", "tasks", "regions", "relations", "sdk errors", "json_min regions",
            "conll tag diffs", "mismatch (code points)", "mismatch (UTF-16)")  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    failed = False
    notes = []
    for name, c in checks.items():
        g = got["files"][name]
        errors = g["config_errors"] + g["annotation_errors"]
        print(
            f"| {name} | {c['tasks']} | {c['regions']} | {c['relations']} | {len(errors)} | "
            f"{g['json_min_regions']} | {g['conll_tag_diffs']} | {c['cp_mismatch']} | "
            f"{c['u16_mismatch']} |"
        )
        notes.extend(f"{name}: {e}" for e in errors[:5])
        if errors or g["json_min_regions"] != c["regions"]:
            failed = True
        if c["default"] and (c["cp_mismatch"] or g["conll_tag_diffs"]):
            failed = True
            notes.append(
                f"{name}: the default export's offsets are not code points, which Label "
                "Studio's frontend and the SDK's converter count"
            )
        if not c["default"] and not (c["cp_mismatch"] and g["conll_tag_diffs"]):
            failed = True
            notes.append(f"{name}: the control shows no mismatch; the check proves nothing")
    for n in notes:
        print(n)
    print("FAIL" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
