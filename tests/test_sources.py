"""Source texts: reading them with an article, `curator import-source`, the stored alignment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import db_state

from curator.cli import cli
from curator.domain.errors import InputError
from curator.domain.source import AlignmentBead
from curator.formats.articles import collect_files, read_drafts
from curator.store.imports import import_articles
from curator.store.sources import alignment, set_alignment, source_paragraphs
from curator.store.store import Store

# Self-written: a short report and a Russian rendering of it.
TARGET = [
    "Talks on the border resumed in 2021",
    "The two delegations met in the capital on Monday and agreed on 12 points.",
    "Officials said a second round would follow in the spring.",
]
SOURCE = [
    "Переговоры о границе возобновились в 2021 году",
    "Две делегации встретились в столице в понедельник и согласовали 12 пунктов.",
    "Официальные лица заявили, что второй раунд последует весной.",
]


def invoke(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "ed", *args])


def write(path: Path, paragraphs: list[str], front: str = "") -> Path:
    path.write_text((f"---\n{front}---\n" if front else "") + "\n\n".join(paragraphs) + "\n")
    return path


def test_jsonl_source_paragraphs_are_stored_aligned(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    record = {"id": "talks", "paragraphs": TARGET, "source_paragraphs": SOURCE, "source_lang": "ru"}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    with Store.open(tmp_path / "c.db", annotator="ed") as store:
        import_articles(store, list(read_drafts(collect_files([f]))))
        assert source_paragraphs(store, "talks") == SOURCE
        beads = alignment(store, "talks")
        assert [(b.source_start, b.target_start) for b in beads] == [(0, 0), (1, 1), (2, 2)]
        assert "source_paragraphs" not in store.article("talks").meta


def test_a_pair_of_files_and_front_matter_source_file(tmp_path: Path) -> None:
    en = write(tmp_path / "talks.en.txt", TARGET, "source_lang: ru\ntarget_lang: en\n")
    ru = write(tmp_path / "talks.ru.txt", SOURCE)
    drafts = list(read_drafts(collect_files([en, ru])))
    assert len(drafts) == 1 and drafts[0].source_paragraphs == SOURCE  # ru is not an article
    other = write(tmp_path / "orig.txt", SOURCE)
    art = write(tmp_path / "b.txt", TARGET, f"id: b\nsource_file: {other.name}\n")
    (draft,) = read_drafts([art])
    assert draft.source_paragraphs == SOURCE and len(draft.alignment) == 3
    # Without a front matter that says which is the translation, both are articles.
    plain = [write(tmp_path / "x.en.txt", TARGET), write(tmp_path / "x.ru.txt", SOURCE)]
    assert len(list(read_drafts(plain))) == 2


def test_import_source_is_one_undoable_change(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert invoke(db, "import", str(write(tmp_path / "talks.txt", TARGET))).exit_code == 0
    src = write(tmp_path / "src.txt", SOURCE)
    result = invoke(db, "import-source", "talks", str(src))
    assert result.exit_code == 0, result.output
    assert "3 paragraphs" in result.output and "3 alignment links" in result.output
    with Store.open(db, annotator="ed") as store:
        assert source_paragraphs(store, "talks") == SOURCE
        store.undo()
        assert source_paragraphs(store, "talks") == [] and alignment(store, "talks") == []
        store.redo()
        assert len(alignment(store, "talks")) == 3


WRONG = "\n\n".join(
    ["Совсем другой текст, очень длинный, о погоде и о ценах на рынке. " * 12, "Да."]
)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00bad", "src.txt"), (b"   \n\n ", "empty"), (WRONG.encode(), "aligns with only")],
    ids=["undecodable", "empty", "another text"],
)
def test_bad_source_files_change_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    db = tmp_path / "c.db"
    assert invoke(db, "import", str(write(tmp_path / "talks.txt", TARGET))).exit_code == 0
    before = db_state(db)
    src = tmp_path / "src.txt"
    src.write_bytes(content)
    result = invoke(db, "import-source", "talks", str(src))
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db_state(db) == before
    missing = invoke(db, "import-source", "nope", str(write(tmp_path / "ok.txt", SOURCE)))
    assert missing.exit_code == 1 and "no such article" in missing.output


def test_an_editor_corrects_the_alignment(tmp_path: Path) -> None:
    with Store.open(tmp_path / "c.db", annotator="ed") as store:
        f = tmp_path / "a.jsonl"
        f.write_text(
            json.dumps({"id": "t", "paragraphs": TARGET, "source_paragraphs": SOURCE}) + "\n"
        )
        import_articles(store, list(read_drafts([f])))
        merged = [
            AlignmentBead(
                source_start=0, source_end=2, target_start=0, target_end=2, origin="editor"
            ),
            AlignmentBead(
                source_start=2, source_end=3, target_start=2, target_end=3, origin="editor"
            ),
        ]
        set_alignment(store, "t", merged)
        assert [b.origin for b in alignment(store, "t")] == ["editor", "editor"]
        with pytest.raises(InputError, match="bead 2 starts"):
            set_alignment(store, "t", [merged[0], merged[0]])
        store.undo()
        assert [b.origin for b in alignment(store, "t")] == ["auto"] * 3


def test_the_bilingual_demo_has_its_source_aligned(tmp_path: Path) -> None:
    from curator.demo import demo_database

    path = demo_database(folder=tmp_path, bilingual=True)
    assert path.name == "bilingual-demo.db"
    with Store.open(path, annotator="demo") as store:
        (article,) = [a.id for a in store.articles()]
        target = store.paragraphs(article)
        source = source_paragraphs(store, article)
        assert store.article(article).source_lang == "ru" and len(source) == len(target)
        assert [(b.source_start, b.target_start) for b in alignment(store, article)] == [
            (i, i) for i in range(len(target))
        ]
    assert demo_database(folder=tmp_path) != path  # the plain demo keeps its own database


def test_exports_carry_the_source_segment(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    f = tmp_path / "a.jsonl"
    record = {"id": "talks", "paragraphs": TARGET, "source_paragraphs": SOURCE, "source_lang": "ru"}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    assert invoke(db, "import", str(f)).exit_code == 0
    with Store.open(db, annotator="ed") as store:
        span = store.add_span(
            "talks",
            1,
            4,
            16,
            "translation_error",
            {"category": "Accuracy/Omission", "severity": "major"},
        )
        store.set_paragraph_status("talks", 1, "done")
    out = tmp_path / "p.jsonl"
    assert invoke(db, "export", "--annotator", "ed", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"]["paragraphs"] for r in records] == [[0], [1], [2]]
    assert records[1]["source"] == {"lang": "ru", "paragraphs": [1], "text": SOURCE[1]}
    art = tmp_path / "a.out.jsonl"
    assert (
        invoke(db, "export", "--annotator", "ed", "--unit", "article", "-o", str(art)).exit_code
        == 0
    )
    (whole,) = [json.loads(line) for line in art.read_text().splitlines()]
    assert whole["source"]["alignment"] == [[0, 1, 0, 1], [1, 2, 1, 2], [2, 3, 2, 3]]
    assert whole["source"]["text"] == "\n\n".join(SOURCE)
    tsv = tmp_path / "m.tsv"
    assert (
        invoke(db, "export", "--annotator", "ed", "--format", "mqm", "-o", str(tsv)).exit_code == 0
    )
    (row,) = [line.split("\t") for line in tsv.read_text().splitlines()[1:]]
    assert row[5] == SOURCE[1] and "<v>" in row[6] and span.text in row[6]
    # The export imports back (its `source` is the article's, not re-imported).
    fresh = tmp_path / "fresh.db"
    assert invoke(fresh, "import", str(f)).exit_code == 0
    back = invoke(fresh, "import-annotations", str(out), "--format", "curator")
    assert back.exit_code == 0, back.output
    again = tmp_path / "again.jsonl"
    assert invoke(fresh, "export", "--annotator", "ed", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_an_error_marks_the_source_words_it_concerns(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    f = tmp_path / "a.jsonl"
    record = {"id": "talks", "paragraphs": TARGET, "source_paragraphs": SOURCE, "source_lang": "ru"}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    assert invoke(db, "import", str(f)).exit_code == 0
    word = "весной"
    at = SOURCE[2].index(word)
    extent = {"paragraph": 2, "start": at, "end": at + len(word), "text": word}
    with Store.open(db, annotator="ed") as store:
        attrs = {"category": "Accuracy/Mistranslation", "severity": "minor", "source": extent}
        end = TARGET[2].index("spring") + len("spring")
        span = store.add_span("talks", 2, end - len("spring"), end, "translation_error", attrs)
        assert span.attrs.source.text == word
        wrong = {**extent, "paragraph": 1}  # the word is not there
        with pytest.raises(InputError, match="is not source paragraph 2"):
            store.add_span("talks", 2, 0, 4, "translation_error", {**attrs, "source": wrong})
    tsv = tmp_path / "m.tsv"
    assert (
        invoke(db, "export", "--annotator", "ed", "--format", "mqm", "-o", str(tsv)).exit_code == 0
    )
    (row,) = [line.split("\t") for line in tsv.read_text().splitlines()[1:]]
    assert f"<v>{word}</v>" in row[5] and "<v>spring</v>" in row[6]


def test_mqm_per_100_source_words(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    f = tmp_path / "a.jsonl"
    record = {"id": "talks", "paragraphs": TARGET, "source_paragraphs": SOURCE, "source_lang": "ru"}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    assert invoke(db, "import", str(f)).exit_code == 0
    for who in ("ann", "bob"):
        with Store.open(db, annotator=who) as store:
            err = {"category": "Accuracy/Mistranslation", "severity": "major"}
            store.add_span("talks", 1, 4, 8, "translation_error", err)
            store.set_paragraph_status("talks", 1, "done")
    result = CliRunner().invoke(cli, ["--db", str(db), "agreement", "--annotators", "ann,bob"])
    assert result.exit_code == 0, result.output
    assert "per 100 source words" in result.output
    words = len(SOURCE[1].split())  # 10 words in the aligned source paragraph
    line = next(x for x in result.output.splitlines() if x.strip().startswith("ann "))
    assert line.split()[-1] == f"{5 * 100 / words:.3f}"


def test_the_html_diff_shows_the_source_beside_a_disagreement(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    f = tmp_path / "a.jsonl"
    record = {"id": "talks", "paragraphs": TARGET, "source_paragraphs": SOURCE, "source_lang": "ru"}
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n")
    assert invoke(db, "import", str(f)).exit_code == 0
    for who, end in (("ann", 8), ("bob", 12)):
        with Store.open(db, annotator=who) as store:
            store.add_span("talks", 1, 4, end, "claim", {"check_worthy": "yes"})
    out = tmp_path / "d.html"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "diff", "ann", "bob", "--format", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert f'<li class="source">source: {SOURCE[1]}</li>' in page
    assert SOURCE[0] not in page  # only beside the paragraph that differs
