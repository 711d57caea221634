"""The demo database: the bundled sample article, in the user's data directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

SAMPLE = "csto-20-years.txt"
BILINGUAL = ("ferry-line.en.txt", "ferry-line.ru.txt")
"""A self-written article and the Russian original it was 'machine-translated' from."""


def demo_database(
    reset: bool = False, folder: Path | None = None, *, bilingual: bool = False
) -> Path:
    """Path of the demo database, created (with the sample imported) on first use; with
    `bilingual`, a database of its own holding the bilingual sample (source beside target)."""
    from curator.domain.errors import StoreError
    from curator.domain.text import normalize_text, split_paragraphs
    from curator.formats.articles import read_text_article, slugify
    from curator.formats.sources import aligned
    from curator.store.imports import import_articles
    from curator.store.store import Store

    folder = folder or user_data_path("curator")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # XDG_DATA_HOME naming a file, a read-only home, ...
        raise StoreError(
            f"{folder}: cannot make the demo's data folder: {exc.strerror or exc} "
            "(check XDG_DATA_HOME)"
        ) from None
    path = folder / ("bilingual-demo.db" if bilingual else "demo.db")
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = resources.files("curator.data")
    name = BILINGUAL[0] if bilingual else SAMPLE
    text = data.joinpath(name).read_text("utf-8")
    draft = read_text_article(text, name, markdown=False, default_id=slugify(Path(name).stem))
    if bilingual:
        source = split_paragraphs(normalize_text(data.joinpath(BILINGUAL[1]).read_text("utf-8")))
        draft.source_paragraphs = source
        draft.alignment = aligned(source, draft.paragraphs, BILINGUAL[1])
    with Store.open(path, annotator="demo") as store:
        if not store.has_article(draft.article.id):
            import_articles(store, [draft])
    return path
