"""`curator diff --format html` holds one article at a time (issue #15), not the whole page."""

from __future__ import annotations

import io
import tracemalloc
from collections import Counter
from types import SimpleNamespace

import pytest

from curator.review import html


class FakeRun:
    """Just what write_html reads from a DiffRun: many articles, then the summary."""

    labels = ("claim",)
    a, b = "alice", "bob"

    def __init__(self, n: int) -> None:
        self.n = n
        self.summary = SimpleNamespace(
            articles=n, paragraphs=n, attrs=0, relations=0,
            kinds=Counter(boundary=1, label=2, only_a=3, only_b=4),
        )  # fmt: skip

    def alignments(self):
        yield from range(self.n)

    def agreement(self) -> None:
        return None


def test_the_page_is_written_with_one_article_in_memory(monkeypatch: pytest.MonkeyPatch):
    size, n = 200_000, 100  # a 20 MB page of 100 articles
    monkeypatch.setattr(html, "article_html", lambda i, *_: f"<section>{i}</section>".ljust(size))
    monkeypatch.setattr(html, "figures_html", lambda report: "<p>figures</p>")

    class Sink(io.StringIO):
        """Counts what is written and keeps only the ends (the page is not held here)."""

        def __init__(self) -> None:
            super().__init__()
            self.chars, self.first, self.last = 0, "", ""

        def write(self, s: str) -> int:
            self.chars += len(s)
            self.first = self.first or s
            self.last = s
            return len(s)

    out = Sink()
    tracemalloc.start()
    try:
        counted = html.write_html(FakeRun(n), out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert counted == 10
    assert out.first.startswith("<!DOCTYPE html>")
    assert out.last == "</body></html>\n"
    assert out.chars > n * size
    assert peak < 12 * size * 4, f"peak {peak / 1e6:.1f} MB for a {n * size / 1e6:.0f} MB page"
