"""The demo database: the bundled sample article, in the user's data directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

SAMPLE = "csto-20-years.txt"


def demo_database(reset: bool = False, folder: Path | None = None) -> Path:
    """Path of the demo database, created (with the sample imported) on first use."""
    from curator.domain.errors import StoreError
    from curator.formats.articles import read_text_article, slugify
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
    path = folder / "demo.db"
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    text = resources.files("curator.data").joinpath(SAMPLE).read_text("utf-8")
    draft = read_text_article(text, SAMPLE, markdown=False, default_id=slugify(Path(SAMPLE).stem))
    with Store.open(path, annotator="demo") as store:
        if not store.has_article(draft.article.id):
            import_articles(store, [draft])
    return path
