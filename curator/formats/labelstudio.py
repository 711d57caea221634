"""`--format labelstudio`: Label Studio tasks (JSON), and the labelling config for the tag set.

The file is a JSON array, one task per line, one task per curator record (a paragraph, or an
article with `--unit article`, of one annotator): `data.text` is the text, `data.meta` says
where it belongs and whose it is (as the Prodigy and doccano records do). The layer's spans are
the task's `annotations` (the `suggest` layer's are `predictions`), one result list of:
- a `labels` region per span: `id` = the span id, `value` = `start`, `end` (code points, as
  Label Studio's browser interface stores them; `--offsets utf16` for versions before its
  2021 fix), `text`, `labels: [label]`;
- per attribute, a per-region result with the same `id`: `choices` (enum and bool attributes;
  bool as `"true"`/`"false"`) or `textarea` (string and text attributes, `value.text: [..]`),
  `from_name` = `<label>_<attribute>`;
- a `relation` per relation: `from_id` = head, `to_id` = tail, `labels: [type]`.

`labelstudio_config(tagset)` is the `<View>` that declares exactly these names (`Labels`,
per-region `Choices`/`TextArea` shown when a region of their label is selected, `Relations`).
Label Studio cannot carry span origins, provenance or suggestion statuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from xml.sax.saxutils import quoteattr

import orjson

from curator.domain.tagset import TagSet
from curator.formats.export_records import ExportRecord
from curator.formats.interop import ordered_relations, record_meta
from curator.formats.offsets import OffsetMap, OffsetUnit

FROM_LABEL = "label"
"""`from_name` of the span regions (the config's `Labels`)."""
TO_NAME = "text"
"""`to_name` of every result (the config's `Text`)."""
PREDICTION_LAYER = "suggest"
"""The layer written as `predictions` (pre-annotations) instead of `annotations`."""


def attr_name(label: str, attr: str) -> str:
    """`from_name` of an attribute's per-region control."""
    return f"{label}_{attr}"


def task(rec: ExportRecord, tagset: TagSet, offsets: OffsetUnit = "codepoint") -> dict[str, Any]:
    """One Label Studio task for one curator record."""
    at = OffsetMap(rec.text, offsets).out
    result: list[dict[str, Any]] = []
    for s in rec.spans:
        where = {"start": at(s.start), "end": at(s.end)}
        base = {"id": s.id, "to_name": TO_NAME}
        result.append(
            {
                **base,
                "from_name": FROM_LABEL,
                "type": "labels",
                "value": {**where, "text": s.text, "labels": [s.label]},
            }
        )
        known = s.label in tagset.label_names
        specs = {a.name: a for a in tagset.label(s.label).attributes} if known else {}
        for name in sorted(s.attrs):
            value = s.attrs[name]
            spec = specs.get(name)
            kind = spec.type if spec else ("bool" if isinstance(value, bool) else "string")
            item = {**base, "from_name": attr_name(s.label, name)}
            if kind in ("enum", "bool"):
                shown = ("true" if value else "false") if kind == "bool" else str(value)
                item |= {"type": "choices", "value": {**where, "text": s.text, "choices": [shown]}}
            else:
                item |= {"type": "textarea", "value": {**where, "text": [str(value)]}}
            result.append(item)
    for r in ordered_relations(rec):
        result.append(
            {
                "from_id": r.head,
                "to_id": r.tail,
                "type": "relation",
                "direction": "right",
                "labels": [r.type],
            }
        )
    key = "predictions" if rec.annotator == PREDICTION_LAYER else "annotations"
    entry: dict[str, Any] = {"result": result}
    if key == "predictions":
        entry["model_version"] = "curator-suggest"
    return {"data": {"text": rec.text, "meta": record_meta(rec)}, key: [entry]}


def labelstudio_lines(
    records: Iterable[ExportRecord], tagset: TagSet, offsets: OffsetUnit = "codepoint"
) -> Iterator[bytes]:
    """The tasks as a JSON array, one task per line (the header `[` is written first; the
    last task closes the array, and an export without tasks is `]` alone)."""
    previous: bytes | None = None
    for rec in records:
        line = orjson.dumps(task(rec, tagset, offsets), option=orjson.OPT_SORT_KEYS)
        if previous is not None:
            yield previous + b",\n"
        previous = line
    yield (previous or b"") + b"\n]\n"


def labelstudio_config(tagset: TagSet) -> str:
    """The labelling config (`<View>`) for tasks written by `task`."""
    q = quoteattr
    lines = ["<View>"]
    if tagset.relations:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={q(r.name)}/>" for r in tagset.relations]
        lines.append("  </Relations>")
    lines.append(f"  <Labels name={q(FROM_LABEL)} toName={q(TO_NAME)}>")
    lines += [
        f"    <Label value={q(lab.name)} background={q(lab.color)}/>" for lab in tagset.labels
    ]
    lines.append("  </Labels>")
    lines.append(f'  <Text name={q(TO_NAME)} value="$text"/>')
    for lab in tagset.labels:
        if not lab.attributes:
            continue
        lines.append(
            f'  <View visibleWhen="region-selected" whenTagName={q(FROM_LABEL)} '
            f"whenLabelValue={q(lab.name)}>"
        )
        for a in lab.attributes:
            name = q(attr_name(lab.name, a.name))
            lines.append(f"    <Header value={q(f'{lab.name}: {a.name}')}/>")
            if a.type in ("enum", "bool"):
                choices = a.choices if a.type == "enum" and a.choices else ("true", "false")
                required = ' required="true"' if a.required else ""
                lines.append(
                    f'    <Choices name={name} toName={q(TO_NAME)} perRegion="true" '
                    f'choice="single"{required}>'
                )
                lines += [f"      <Choice value={q(c)}/>" for c in choices]
                lines.append("    </Choices>")
            else:
                rows = ' rows="3"' if a.type == "text" else ""
                lines.append(
                    f'    <TextArea name={name} toName={q(TO_NAME)} perRegion="true" '
                    f'maxSubmissions="1" editable="true"{rows}/>'
                )
        lines.append("  </View>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# -- import ---------------------------------------------------------------------------------------

_CURATOR_ID = re.compile(r"[0-9a-f]{16}")


def _attr_controls(tagset: TagSet) -> dict[str, tuple[str, Any]]:
    """`from_name` -> (label, attribute spec) for every attribute of the tag set."""
    return {
        attr_name(lab.name, a.name): (lab.name, a) for lab in tagset.labels for a in lab.attributes
    }


def import_task(imp: Any, data: dict[str, Any]) -> None:
    """Plan the spans, attributes, relations and statuses of one task (`imp` is
    `annotation_import._Importer`). Annotations and predictions are both read; cancelled ones
    are not. Region ids that are not curator span ids (Label Studio makes its own, unique
    within a task only) are replaced by ids derived from the task and region."""
    task_data = data.get("data")
    if not isinstance(task_data, dict) or not isinstance(task_data.get("text"), str):
        raise ValueError("data.text: a task needs its text")
    text: str = task_data["text"]
    meta = task_data.get("meta") if isinstance(task_data.get("meta"), dict) else {}
    aid, para = imp.locate(text, meta)
    back = OffsetMap(text, imp.offsets).back
    controls = _attr_controls(imp.store.tagset)
    entries = [
        (key, entry)
        for key in ("annotations", "predictions")
        for entry in data.get(key) or []
        if isinstance(entry, dict) and not entry.get("was_cancelled")
    ]
    for key, entry in entries:
        by_user = entry.get("completed_by")
        who = imp.layer or meta.get("annotator")
        if not who:
            who = f"labelstudio-{by_user}" if by_user is not None else imp.store.annotator
        results = entry.get("result")
        if not isinstance(results, list):
            raise ValueError(f"{key}: result must be a list")
        regions: dict[str, dict[str, Any]] = {}
        attrs: dict[str, dict[str, Any]] = {}
        links = []
        for i, item in enumerate(results):
            if not isinstance(item, dict):
                raise ValueError(f"{key}.result.{i}: expected an object")
            kind, value = item.get("type"), item.get("value") or {}
            if not isinstance(value, dict):
                raise ValueError(f"{key}.result.{i}: value must be an object")
            if kind == "relation":
                links.append(item)
            elif kind == "labels":
                labels = value.get("labels") or []
                if len(labels) != 1:
                    raise ValueError(f"{key}.result.{i}: a region needs exactly one label")
                regions[str(item.get("id"))] = item
            elif kind in ("choices", "textarea"):
                control = controls.get(str(item.get("from_name")))
                if control is None:
                    raise ValueError(f"{key}.result.{i}: unknown control {item.get('from_name')!r}")
                spec = control[1]
                if kind == "choices":
                    picked = value.get("choices") or []
                    if len(picked) != 1:
                        raise ValueError(f"{key}.result.{i}: pick exactly one choice")
                    got: Any = picked[0] == "true" if spec.type == "bool" else picked[0]
                else:
                    lines = value.get("text") or []
                    got = "\n".join(str(x) for x in lines)
                attrs.setdefault(str(item.get("id")), {})[spec.name] = got
            # other result types (ratings of the whole task, ...) carry nothing curator keeps
        span_ids: dict[str, str] = {}
        for region_id, item in regions.items():
            value = item["value"]
            try:
                start, end = back(int(value["start"])), back(int(value["end"]))
            except (KeyError, TypeError) as exc:
                raise ValueError(f"region {region_id}: start and end are needed ({exc})") from None
            own = region_id if _CURATOR_ID.fullmatch(region_id) else None
            span = imp.add_span(
                aid,
                para,
                start,
                end,
                value["labels"][0],
                who,
                id=own,
                attrs=attrs.get(region_id, {}),
                **({"text": value["text"]} if isinstance(value.get("text"), str) else {}),
            )
            span_ids[region_id] = span.id
        for item in links:
            head, tail = (
                span_ids.get(str(item.get("from_id"))),
                span_ids.get(str(item.get("to_id"))),
            )
            labels = item.get("labels") or []
            if head is None or tail is None or len(labels) != 1:
                raise ValueError("relation: from_id/to_id must be regions, with one label")
            if item.get("direction") == "left":
                head, tail = tail, head
            imp.add_relation(aid, None, labels[0], head, tail, who)
        imp.meta_statuses(aid, para, meta, who)
