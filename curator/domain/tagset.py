"""The tag set: labels (number keys 1-9 in file order), colours, attribute fields, relations.

Shipped as `curator/data/tagset.toml` (copied to `schema/tagset.toml` by `curator schema`);
a user's file may add labels with string / enum / bool attributes without touching code.
Built-in labels keep the attribute fields of their pydantic models (curator.domain.attrs):
a file may describe them (descriptions, `required`) but not change their names or types.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from curator.domain.attrs import BUILTIN_ATTRS, AttrsBase, attribute_shape
from curator.domain.errors import InputError, format_validation_error

IDENTIFIER = r"^[a-z][a-z0-9_]{0,39}$"
ANY_LABEL = "*"


class AttributeSpec(BaseModel):
    """One attribute field of a label, as the form shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER)
    """Field name in `attrs`."""
    type: Literal["string", "text", "enum", "bool"] = "string"
    """string (one line), text (a note), enum (one of `choices`), bool."""
    choices: tuple[str, ...] | None = None
    """Allowed values of an enum field, in display order."""
    required: bool = False
    """An annotation without this field is marked incomplete (never refused)."""
    description: str = ""
    """Shown in the form as a hint."""

    @model_validator(mode="after")
    def _choices_match_type(self) -> AttributeSpec:
        if self.type == "enum" and not self.choices:
            raise ValueError(f"attribute {self.name!r}: an enum needs a non-empty `choices` list")
        if self.type != "enum" and self.choices:
            raise ValueError(f"attribute {self.name!r}: `choices` only go with type = 'enum'")
        if self.choices and len(set(self.choices)) != len(self.choices):
            raise ValueError(f"attribute {self.name!r}: duplicate choices")
        return self


class LabelSpec(BaseModel):
    """A label editors tag spans with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER)
    """Label name stored on spans."""
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    """Display colour, #rrggbb."""
    description: str = ""
    """One line shown in help and pickers."""
    attributes: tuple[AttributeSpec, ...] = ()
    """Attribute fields, in form order."""

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the fields an annotation should have."""
        return tuple(a.name for a in self.attributes if a.required)


class RelationSpec(BaseModel):
    """A link type between two spans of one article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=IDENTIFIER)
    """Relation type stored on relations."""
    head: tuple[str, ...]
    """Labels allowed at the head (`*` for any)."""
    tail: tuple[str, ...]
    """Labels allowed at the tail (`*` for any)."""
    description: str = ""
    """One line shown in the link picker."""

    def admits(self, end: Literal["head", "tail"], label: str) -> bool:
        """Whether a span labelled `label` may stand at that end of the relation."""
        allowed = self.head if end == "head" else self.tail
        return ANY_LABEL in allowed or label in allowed

    def allows(self, head_label: str, tail_label: str) -> bool:
        """Whether a span labelled `head_label` may link to one labelled `tail_label`."""
        return self.admits("head", head_label) and self.admits("tail", tail_label)


class TagSet(BaseModel):
    """A validated tag set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "custom"
    """Human name of the tag set."""
    version: int = 1
    """Format version of the tag-set file."""
    labels: tuple[LabelSpec, ...] = Field(min_length=1)
    """Labels in key order: the first nine get the number keys 1-9."""
    relations: tuple[RelationSpec, ...] = ()
    """Relation types."""

    @model_validator(mode="after")
    def _consistent(self) -> TagSet:
        names = [label.name for label in self.labels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"labels: duplicate label {dupes[0]!r}")
        for label in self.labels:
            attr_names = [a.name for a in label.attributes]
            dupes = sorted({n for n in attr_names if attr_names.count(n) > 1})
            if dupes:
                raise ValueError(f"labels.{label.name}: duplicate attribute {dupes[0]!r}")
            if label.name in BUILTIN_ATTRS:
                _check_builtin(label)
        known = set(names) | {ANY_LABEL}
        for rel in self.relations:
            for end in ("head", "tail"):
                unknown = [x for x in getattr(rel, end) if x not in known]
                if unknown:
                    raise ValueError(f"relations.{rel.name}.{end}: unknown label {unknown[0]!r}")
        return self

    def label(self, name: str) -> LabelSpec:
        """The label called `name`; KeyError when the tag set has none."""
        return self._by_name[name]

    def relation(self, name: str) -> RelationSpec:
        """The relation type called `name`; KeyError when the tag set has none."""
        return self._relations_by_name[name]

    def key_of(self, name: str) -> str | None:
        """The number key of a label ('1'..'9'), None past the ninth."""
        idx = self.label_names.index(name)
        return str(idx + 1) if idx < 9 else None

    @cached_property
    def label_names(self) -> tuple[str, ...]:
        """Names of the labels, in key order."""
        return tuple(self._by_name)

    @cached_property
    def _by_name(self) -> dict[str, LabelSpec]:
        return {label.name: label for label in self.labels}

    @cached_property
    def _relations_by_name(self) -> dict[str, RelationSpec]:
        return {r.name: r for r in self.relations}

    def attrs_model(self, label: str) -> type[AttrsBase]:
        """The pydantic model that validates `attrs` of a span with this label."""
        if label in BUILTIN_ATTRS:
            return BUILTIN_ATTRS[label]
        return _custom_model(self.label(label))

    def missing_required(self, label: str, attrs: dict[str, Any]) -> list[str]:
        """Required fields this annotation lacks (it is then shown as incomplete)."""
        spec = self._by_name.get(label)
        if spec is None:
            return []
        return [name for name in spec.required if attrs.get(name) in (None, "")]

    def canonical_json(self) -> bytes:
        """Stable serialisation, stored in the database and hashed."""
        return orjson.dumps(self.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)

    @property
    def sha256(self) -> str:
        """Hash of the canonical form: two databases merge only when theirs agree."""
        return hashlib.sha256(self.canonical_json()).hexdigest()


def _check_builtin(label: LabelSpec) -> None:
    shape = attribute_shape(BUILTIN_ATTRS[label.name])
    for attr in label.attributes:
        if attr.name not in shape:
            raise ValueError(
                f"labels.{label.name}.{attr.name}: built-in label {label.name!r} has no such "
                f"attribute (it has {', '.join(shape)})"
            )
        kind, choices = shape[attr.name]
        declared = "string" if attr.type == "text" else attr.type
        if declared != kind or (choices is not None and tuple(attr.choices or ()) != choices):
            raise ValueError(
                f"labels.{label.name}.{attr.name}: built-in attribute is {kind}"
                + (f" with choices {list(choices)}" if choices else "")
            )


@cache
def _custom_model(spec: LabelSpec) -> type[AttrsBase]:
    """A pydantic model for a label declared in a tag-set file (cached per spec)."""
    fields: dict[str, Any] = {}
    for attr in spec.attributes:
        typ: Any = {"string": str, "text": str, "bool": bool}.get(attr.type)
        if attr.type == "enum":
            typ = Literal[attr.choices]  # type: ignore[valid-type]
        fields[attr.name] = (typ | None, None)
    return create_model(f"{spec.name}_attrs", __base__=AttrsBase, **fields)


def parse_tagset(data: dict[str, Any], source: str) -> TagSet:
    """Validate a tag-set mapping; errors name the file and the field."""
    try:
        return TagSet.model_validate(data)
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, source)) from None


MAX_TAGSET_BYTES = 4 * 1024 * 1024
"""Largest tag-set file read."""


def load_tagset(path: str | Path) -> TagSet:
    """Read and validate a tag-set file (.toml or .json)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:  # bounded by what is read: /dev/zero has no size
            raw = fh.read(MAX_TAGSET_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read tag set: {exc.strerror or exc}") from None
    if len(raw) > MAX_TAGSET_BYTES:
        raise InputError(f"{path}: larger than {MAX_TAGSET_BYTES >> 20} MiB; not a tag set")
    try:
        text = raw.decode("utf-8-sig")
        data = orjson.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: invalid UTF-8 at byte {exc.start}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: {exc}") from None
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: {exc.msg}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(f"{path}: nested too deeply to be a tag set") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a tag set must be an object")
    return parse_tagset(data, str(path))


def default_tagset_text() -> str:
    """The shipped tag-set file, verbatim."""
    return resources.files("curator.data").joinpath("tagset.toml").read_text("utf-8")


def default_tagset() -> TagSet:
    """The four built-in labels and three relation types."""
    return parse_tagset(tomllib.loads(default_tagset_text()), "curator/data/tagset.toml")
