"""Reading articles from files: .txt / .md (optional front matter) and .jsonl.

Everything is read and validated before anything is stored, so a bad file anywhere in the
batch leaves the database as it was. Errors are one line naming the file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from curator.domain.article import Article
from curator.domain.errors import InputError, format_validation_error
from curator.domain.text import (
    ARTICLE_SEPARATOR,
    TextDecodeError,
    decode_bytes,
    normalize_text,
    sha256_text,
    split_paragraphs,
)
from curator.formats.sources import pair_files, with_source
from curator.store.imports import ArticleDraft
from curator.suggest.structure import guess_kinds, title_first_of

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
IMPORT_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES
METADATA_FIELDS = ("id", "title", "url", "source", "dct", "source_lang", "target_lang", "mt_system")
MD_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")
FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
MAX_FILE_BYTES = 256 * 1024 * 1024


def collect_files(paths: Sequence[str | Path]) -> list[Path]:
    """The importable files named or found (recursively, sorted) under the given paths."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in IMPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise InputError(f"{path}: no importable files (.txt, .md, .jsonl) in this folder")
            files += found
        elif path.suffix.lower() in IMPORT_SUFFIXES or not path.suffix:
            files.append(path)
        else:
            raise InputError(
                f"{path}: unsupported file type {path.suffix!r} (curator imports .txt, .md, .jsonl)"
            )
    return files


def read_drafts(files: Sequence[Path]) -> Iterator[ArticleDraft]:
    """Parse every file into article drafts (raises InputError on the first problem), with
    the source texts that come with them (curator.formats.sources)."""
    files, pairs = pair_files(files)
    for path in files:
        text = _read(path)
        if path.suffix.lower() in JSONL_SUFFIXES:
            drafts: Iterable[ArticleDraft] = read_jsonl(text, str(path))
        else:
            drafts = [
                read_text_article(
                    text,
                    str(path),
                    markdown=path.suffix.lower() != ".txt",
                    default_id=slugify(path.stem),
                )
            ]
        for draft in drafts:
            yield with_source(draft, path, pairs.get(path))


def _read(path: Path) -> str:
    # Bounded by the bytes actually read: st_size says nothing of /dev/zero or a FIFO.
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MiB")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return decode_bytes(data, str(path))
    except TextDecodeError as exc:
        raise InputError(str(exc)) from None


def slugify(text: str, limit: int = 80) -> str:
    """A stable article id from a file name or title ("CSTO 20 years!" -> "csto-20-years")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[^\w]+", "-", text).strip("-_")[:limit].strip("-_")
    return slug or "article"


def read_text_article(text: str, source: str, *, markdown: bool, default_id: str) -> ArticleDraft:
    """A .txt/.md article: optional `---` front matter, title = first line or `# ` heading."""
    text = normalize_text(text)
    meta, lines, body = _front_matter(text, source)
    paragraphs = split_paragraphs(body)
    if not paragraphs:
        raise InputError(
            f"{source}: no text after the front matter" if meta else f"{source}: empty file"
        )
    title_first = title_first_of(meta.get("title"), paragraphs[0])
    kinds = [g.kind for g in guess_kinds(paragraphs, title_first=title_first)]
    if markdown:
        for i, para in enumerate(paragraphs):
            if "\n" not in para and MD_HEADING.match(para):
                paragraphs[i] = MD_HEADING.sub("", para)
                kinds[i] = "heading"
    title = meta.pop("title", None) or paragraphs[0].split("\n", 1)[0]
    fields = {"id": meta.pop("id", default_id), "title": title}
    for key in METADATA_FIELDS:
        if key in meta:
            fields[key] = meta.pop(key)
    if "date" in meta and "dct" not in fields:
        fields["dct"] = meta.pop("date")
    article = _article({**fields, "meta": meta}, source, lines)
    return ArticleDraft(article, paragraphs, kinds, source)


def _front_matter(text: str, source: str) -> tuple[dict[str, Any], dict[str, int], str]:
    """`---`-fenced `key: value` lines at the top (a YAML subset; no YAML dependency)."""
    if not text.startswith("---\n"):
        return {}, {}, text
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise InputError(f"{source}: line 1: front matter starts with --- but never ends")
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for n, line in enumerate(text[4:end].split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = FRONT_MATTER_LINE.match(line)
        if not m:
            raise InputError(f"{source}: line {n}: front matter line is not `key: value`")
        key, value = m.group(1).lower().replace("-", "_"), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key] = value or None
        lines[key] = n
    return meta, lines, text[end + 4 :]


def _article(fields: dict[str, Any], source: str, lines: dict[str, int] | None = None) -> Article:
    try:
        return Article.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        loc = exc.errors()[0]["loc"]
        field = str(loc[0]) if loc else ""
        line = (lines or {}).get(field)
        where = f"{source}: line {line}" if line else source
        raise InputError(format_validation_error(exc, where)) from None


def read_jsonl(text: str, source: str) -> Iterator[ArticleDraft]:
    """One article per line: `id`, `title`, `text` or `paragraphs`, metadata; extras go to meta."""
    found = False
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}: line {n}"
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
        found = True
        yield _jsonl_article(record, where)
    if not found:
        raise InputError(f"{source}: empty file (no JSON lines)")


def _jsonl_article(record: dict[str, Any], where: str) -> ArticleDraft:
    text, paras = record.pop("text", None), record.pop("paragraphs", None)
    if (text is None) == (paras is None):
        raise InputError(f"{where}: give exactly one of `text` or `paragraphs`")
    if text is not None and not isinstance(text, str):
        raise InputError(f"{where}: text: expected a string, got {type(text).__name__}")
    if paras is not None and not (
        isinstance(paras, list) and all(isinstance(p, str) for p in paras)
    ):
        raise InputError(f"{where}: paragraphs: expected a list of strings")
    # One normalisation of the whole article, as for a .txt file: a paragraph that starts
    # with U+FEFF keeps it (only a BOM at the very start of a document is dropped).
    whole = text if text is not None else ARTICLE_SEPARATOR.join(paras)
    paragraphs = split_paragraphs(normalize_text(whole))
    if not paragraphs:
        raise InputError(f"{where}: the article has no text")
    for key in METADATA_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key}: expected a string, got {type(value).__name__}")
    meta = record.pop("meta", None) or {}
    if not isinstance(meta, dict):
        raise InputError(f"{where}: meta: expected an object")
    fields = {k: record.pop(k) for k in METADATA_FIELDS if k in record}
    given = normalize_text(fields["title"]) if fields.get("title") else None
    title = given or normalize_text(paragraphs[0].split("\n", 1)[0])
    fields["title"] = title
    fields.setdefault(
        "id", f"{slugify(title, 60)}-{sha256_text(ARTICLE_SEPARATOR.join(paragraphs))[:8]}"
    )
    article = _article({**fields, "meta": {**record, **meta}}, where)
    kinds = [
        g.kind for g in guess_kinds(paragraphs, title_first=title_first_of(given, paragraphs[0]))
    ]
    return ArticleDraft(article, paragraphs, kinds, where)
