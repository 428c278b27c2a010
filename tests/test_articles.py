"""appended_articles: the page's own article among the ones infinite scroll appended."""

from __future__ import annotations

import pytest

from cleaner.document import Document
from cleaner.filters.articles import AppendedArticles
from tests.helpers import PROSE, html_doc

BODY_A = " ".join([PROSE] * 2)
BODY_B = "A second story about the harbour: " + " ".join([PROSE] * 2)


def _article(headline: str, body: str, attrs: str = "") -> str:
    return f"<article {attrs}><h1>{headline}</h1><p>{body}</p><p>{body}</p></article>"


def _page(head: str = "", first_attrs: str = "", second_attrs: str = "") -> Document:
    return html_doc(
        "<main>"
        + _article("Library hours extended", BODY_A, first_attrs)
        + "<div>Next article</div>"
        + _article("Harbour dredging starts", BODY_B, second_attrs)
        + "</main>",
        head=head,
    )


def _kept(doc: Document) -> str:
    return " ".join(b.text for b in AppendedArticles()(doc).blocks)


def test_without_declarations_the_first_article_stays() -> None:
    doc = _page()
    out = AppendedArticles()(doc)
    assert "Library hours extended" in _kept(doc) and "harbour:" not in _kept(doc)
    assert {r.reason for r in out.removals} == {"appended_article"}
    assert len(out.cut_elements) == len(doc.cut_elements) + 1


def test_the_canonical_link_names_the_own_article_even_when_second() -> None:
    doc = _page(
        head='<link rel="canonical" href="https://news.example/harbour-dredging/">',
        first_attrs='data-url="https://news.example/library-hours"',
        second_attrs='data-url="http://www.news.example/harbour-dredging?ref=scroll"',
    )
    kept = _kept(doc)
    assert "Harbour dredging starts" in kept and "Library hours extended" not in kept


@pytest.mark.parametrize(
    "title", ["Harbour dredging starts", "Harbour dredging starts | The Gazette"]
)
def test_og_title_names_the_own_article(title: str) -> None:
    doc = _page(head=f'<meta property="og:title" content="{title}">')
    assert "Library hours extended" not in _kept(doc)


def test_a_live_blog_keeps_all_its_entries() -> None:
    head = '<script type="application/ld+json">{"@type": "LiveBlogPosting"}</script>'
    doc = _page(head=head)
    assert AppendedArticles()(doc) is doc


def test_short_cards_are_not_articles() -> None:
    doc = html_doc(
        _article("Library hours extended", BODY_A)
        + "<article><h2>Other story</h2><p>A teaser of one sentence only.</p></article>"
    )
    assert AppendedArticles()(doc) is doc


def test_undeclared_sections_headed_by_h2_are_one_article() -> None:
    doc = html_doc(
        "<main>"
        + _article("Costs by room", BODY_A).replace("h1>", "h2>")
        + _article("Costs by region", BODY_B).replace("h1>", "h2>")
        + "</main>",
        head="<title>Renovation costs explained</title>",
    )
    assert AppendedArticles()(doc) is doc


def test_undeclared_full_articles_of_a_listing_all_stay() -> None:
    stories = "".join(_article(f"Story number {n}", BODY_A) for n in range(5))
    doc = html_doc(f"<main>{stories}</main>", head="<title>Latest news</title>")
    assert AppendedArticles()(doc) is doc


def test_broken_urls_are_no_declaration() -> None:
    doc = _page(
        head='<link rel="canonical" href="http://[broken/library">',
        first_attrs='data-url="http://[broken/library"',
    )
    assert "harbour:" not in _kept(doc)
