"""Pages of the six other page types (samples/pagetypes): scored by word F1, not
line by line, since what counts as content on a product or listing page is a
judgement (samples/pagetypes/README.md). The floors guard against regressions;
the figures themselves, beside trafilatura's, are in bench/results/samples.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.scoring import word_scores
from cleaner import clean

PAGES = sorted((Path(__file__).resolve().parent.parent / "samples" / "pagetypes").glob("*.html"))
# Set below the first measured figures (lowest 0.74, mean 0.92), not tuned to them.
FLOOR = 0.7
MEAN_FLOOR = 0.88


def _f1(page: Path) -> float:
    expected = page.with_name(page.stem + ".expected.txt").read_text(encoding="utf-8")
    return word_scores(clean(page.read_bytes()).text, expected)["f1"]


def test_there_are_two_pages_of_each_type() -> None:
    kinds = [p.stem.split("_")[1] for p in PAGES]
    for kind in ("forum", "product", "collection", "listing", "documentation", "service"):
        assert kinds.count(kind) == 2


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_keeps_its_content(page: Path) -> None:
    assert _f1(page) >= FLOOR


def test_mean_over_the_pages() -> None:
    assert sum(_f1(p) for p in PAGES) / len(PAGES) >= MEAN_FLOOR


@pytest.mark.parametrize("page", [p for p in PAGES if "_forum_" in p.name], ids=lambda p: p.stem)
def test_forum_posts_are_the_content(page: Path) -> None:
    # One thread's posts sit in <article class="post">, the other's in "comment message"
    # containers that the comments rule alone would drop.
    result = clean(page.read_bytes())
    assert result.page_type == "forum"
    assert _f1(page) >= 0.9
