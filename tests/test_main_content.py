"""main_content: trafilatura's vote, the article containers, and the guard."""

from __future__ import annotations

import pytest

from cleaner.filters import main_content
from cleaner.filters.main_content import MainContent
from tests.helpers import PROSE, html_doc


def test_a_tree_over_the_element_limit_gets_no_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("trafilatura must not run on this tree")

    monkeypatch.setattr(main_content.trafilatura, "extract", refuse)
    doc = html_doc("<i>a</i>" * 60 + f"<p>{PROSE}</p><ul><li>Home</li></ul>")
    out = MainContent(max_elements=50)(doc)
    assert [b.text for b in out.blocks] == [PROSE]
    assert {r.reason for r in out.removals} == {"too_many_elements"}


def test_the_limit_is_off_at_zero() -> None:
    doc = html_doc("<i>a</i>" * 60 + f"<p>{PROSE}</p>")
    assert not MainContent(max_elements=0).too_large(doc)
    assert MainContent(max_elements=50).too_large(doc)
