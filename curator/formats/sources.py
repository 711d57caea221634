"""Reading source texts: the original an article was translated from.

A source text comes with an article in one of four ways, and is aligned with it on reading
(curator.bilingual.align), so that a source that does not fit is refused before anything is
stored:

- a pair of files `NAME.<lang>.txt` + `NAME.<lang2>.txt` given to one import: the translation is
  the file whose front matter says `source_lang: <lang2>`; the other is its source and is not
  imported as an article (without that line both are ordinary articles);
- front matter `source_file: other.txt` (relative to the article's file);
- JSONL `source_paragraphs` (a list of strings) or `source_text` (one string);
- later, `curator import-source ARTICLE FILE` (`read_source_file` + `aligned`).

A source must decode, hold text, and align with at least `MIN_SHARE` of the target (by
characters, in confident beads): a wrong file is an error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from curator.bilingual.align import align_paragraphs, aligned_share
from curator.domain.errors import InputError
from curator.domain.source import AlignmentBead
from curator.domain.text import TextDecodeError, decode_bytes, normalize_text, split_paragraphs
from curator.store.imports import ArticleDraft

__all__ = ["MIN_SHARE", "aligned", "pair_files", "read_source_file", "with_source"]

MIN_SHARE = 0.5
"""The least share of the target text a source must align with (characters in sure beads)."""

_LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$")
_FRONT_SOURCE_LANG = re.compile(r"^source[_-]lang[ \t]*:[ \t]*['\"]?(?P<lang>[\w-]+)", re.M)
MAX_SOURCE_BYTES = 64 * 1024 * 1024


def read_source_file(path: Path) -> list[str]:
    """A source text's paragraphs, normalised like an article's (front matter skipped)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(f"{path}: larger than {MAX_SOURCE_BYTES >> 20} MiB")
    try:
        text = normalize_text(decode_bytes(data, str(path)))
    except TextDecodeError as exc:
        raise InputError(str(exc)) from None
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            text = text[end + 5 :]
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise InputError(f"{path}: the source text is empty")
    return paragraphs


def aligned(source: Sequence[str], target: Sequence[str], where: str) -> list[AlignmentBead]:
    """The alignment of `source` with `target`; an error naming `where` when too little fits."""
    beads = align_paragraphs(source, target)
    share = aligned_share(beads, target)
    if share < MIN_SHARE:
        raise InputError(
            f"{where}: the source aligns with only {share:.0%} of the article "
            f"(at least {MIN_SHARE:.0%} expected): is it the right file?"
        )
    return beads


def _declared_source_lang(path: Path) -> str | None:
    """The `source_lang` of a file's front matter (None without one)."""
    try:
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    if not head.lstrip("\ufeff").startswith("---"):
        return None
    m = _FRONT_SOURCE_LANG.search(head)
    return m.group("lang").lower() if m else None


def pair_files(files: Sequence[Path]) -> tuple[list[Path], dict[Path, Path]]:
    """The article files among `files`, and each translation's source file (see module doc)."""
    groups: dict[tuple[Path, str, str], list[tuple[Path, str]]] = {}
    for path in files:
        m = _LANG_SUFFIX.match(path.stem)
        if m and path.suffix.lower() != ".jsonl":
            key = (path.parent, m.group("stem"), path.suffix.lower())
            groups.setdefault(key, []).append((path, m.group("lang").lower()))
    sources: dict[Path, Path] = {}
    for members in groups.values():
        if len(members) != 2:
            continue
        (a, lang_a), (b, lang_b) = members
        declared_a, declared_b = _declared_source_lang(a), _declared_source_lang(b)
        if declared_a == lang_b and declared_b != lang_a:
            sources[a] = b
        elif declared_b == lang_a and declared_a != lang_b:
            sources[b] = a
        # Otherwise nothing says which is the translation: both are imported as articles.
    used = set(sources.values())
    return [f for f in files if f not in used], sources


def _jsonl_source(meta: dict[str, Any], where: str) -> list[str] | None:
    paras, text = meta.pop("source_paragraphs", None), meta.pop("source_text", None)
    if paras is None and text is None:
        return None
    if paras is not None and text is not None:
        raise InputError(f"{where}: give one of `source_paragraphs` or `source_text`, not both")
    if paras is not None:
        if not (isinstance(paras, list) and all(isinstance(p, str) for p in paras)):
            raise InputError(f"{where}: source_paragraphs: expected a list of strings")
        text = "\n\n".join(paras)
    if not isinstance(text, str):
        raise InputError(f"{where}: source_text: expected a string")
    paragraphs = split_paragraphs(normalize_text(text))
    if not paragraphs:
        raise InputError(f"{where}: the source text is empty")
    return paragraphs


def with_source(draft: ArticleDraft, path: Path, pair: Path | None) -> ArticleDraft:
    """`draft` with its source text and alignment, when it has one (see the module doc)."""
    meta = draft.article.meta
    where = draft.source
    source = _jsonl_source(meta, where)
    named = meta.pop("source_file", None)
    if source is None and (pair is not None or named):
        file = pair if pair is not None else path.parent / str(named)
        if not file.is_file():
            raise InputError(f"{where}: source_file: {file}: no such file")
        source = read_source_file(file)
        where = str(file)
    if source is not None:
        draft.source_paragraphs = source
        draft.alignment = aligned(source, draft.paragraphs, where)
    return draft
