"""One contract, checked for every filter in the registry."""

from __future__ import annotations

import pytest

from cleaner.chain import FILTERS
from cleaner.document import Document
from cleaner.filters.base import Filter
from tests.helpers import PROSE, html_doc, text_doc

DOCS = {
    "text": lambda: text_doc(
        "logo", "Title here", PROSE, "READ ALSO: x", PROSE + " Two.", "Related Articles", PROSE
    ),
    "html": lambda: html_doc(
        f"<nav>Home</nav><article><h1>Title</h1><p>{PROSE}</p><p>{PROSE} Two.</p>"
        '<p>Share on Facebook</p></article><div class="related"><p>Other story</p></div>',
        head="<title>Title</title>",
    ),
}


@pytest.fixture(params=sorted(FILTERS))
def step(request: pytest.FixtureRequest) -> Filter:
    return FILTERS[request.param]()


@pytest.mark.parametrize("fmt", sorted(DOCS))
def test_never_adds_text_and_keeps_order(step: Filter, fmt: str) -> None:
    doc = DOCS[fmt]()
    out = step(doc)
    original = {b.index: b.text for b in doc.blocks}
    indexes = [b.index for b in out.blocks]
    assert indexes == sorted(indexes)
    for block in out.blocks:
        assert block.index in original
        assert len(block.text) <= len(original[block.index])
        assert block.text in original[block.index]
    assert len(out.blocks) + sum(r.new_text is None for r in out.removals) == len(doc.blocks)


@pytest.mark.parametrize("fmt", sorted(DOCS))
def test_idempotent(step: Filter, fmt: str) -> None:
    once = step(DOCS[fmt]())
    twice = step(once)
    assert [b.text for b in twice.blocks] == [b.text for b in once.blocks]


def test_does_not_mutate_input(step: Filter) -> None:
    doc = DOCS["html"]()
    before = (doc.blocks, doc.removals)
    step(doc)
    assert (doc.blocks, doc.removals) == before


def test_empty_document(step: Filter) -> None:
    empty = Document(blocks=(), input_format="text")
    assert step(empty).blocks == ()


def test_every_removal_names_its_filter_and_reason(step: Filter) -> None:
    out = step(DOCS["text"]())
    for removal in out.removals:
        assert removal.filter == step.name
        assert removal.reason and removal.reason.replace("_", "").isalnum()
