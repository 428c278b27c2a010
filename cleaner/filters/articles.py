"""Appended articles: an infinite-scroll page saved after the reader scrolled
holds the next article (or several) after its own, in the same <main>.

Extractors take the largest one or all of them. The page itself says which
article it is: its URL, canonical link and og:url name one article, its
og:title and <title> name one headline. That article stays; the others go
before main-content selection sees them. With no declaration matching, the
first article is the page's own (later ones are appended below it), if
there are at most three and all carry an <h1>: a listing shows many, and
<article>s headed by <h2>s are one page's sections.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from cleaner.document import Document, normalise, word_count
from cleaner.filters.base import Filter, is_prose, within

_ARTICLE_TYPES = re.compile(r"schema\.org/(?:News|Report|Blog)?(?:Article|Posting)\b", re.I)
_LIVE_BLOG = re.compile(r"LiveBlogPosting")
_URL_ATTRS = (
    "data-url",
    "data-href",
    "data-permalink",
    "data-canonical",
    "data-share-url",
    "itemid",
)


def _url_key(url: str) -> str:
    """A URL compared by host and path: scheme, query, fragment and a trailing
    slash are how one page is linked in different places."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[broken": an unclosed IPv6 bracket
        return ""
    return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}"


class AppendedArticles(Filter):
    """Articles appended after the page's own one (infinite scroll)."""

    name = "appended_articles"
    formats = frozenset({"html"})

    def __init__(self, *, min_words: int = 100, max_undeclared: int = 3, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_words = min_words
        self.max_undeclared = max_undeclared

    def apply(self, doc: Document) -> Document:
        if doc.tree is None or _declares_live_blog(doc.tree):
            # A live blog's entries are one article, however many <article>s.
            return doc
        outer = _outer_articles(doc.tree)
        candidates = self.candidates(doc, outer)
        if len(candidates) < 2:
            return doc
        own = own_article(doc, candidates)
        if own is None:
            # Nothing declared: the first is the page's own only if a reader
            # scrolled a few (a listing shows many) and every one has its own
            # <h1> (h2-headed <article>s are one page's sections or tabs).
            if len(outer) > self.max_undeclared or not all(c.xpath(".//h1") for c in candidates):
                return doc
            own = candidates[0]
        others = [c for c in candidates if c is not own]
        appended = set(others)
        drops = {
            b.index: "appended_article"
            for b in doc.blocks
            if within(doc.elements[b.index], appended)
        }
        cut = (*doc.cut_elements, *others)
        return doc.apply(self.name, drops).evolve(cut_elements=cut)

    def candidates(self, doc: Document, outer: list[Any]) -> list[Any]:
        """The `outer` articles holding a headline and at least `min_words`
        of prose: whole articles, not cards or entries."""
        if len(outer) < 2:
            return []
        prose: dict[Any, int] = {}
        headed: set[Any] = set()
        wanted = set(outer)
        for block in doc.blocks:
            el = doc.elements[block.index]
            holder = next((a for a in (el, *el.iterancestors()) if a in wanted), None)
            if holder is None:
                continue
            if el.tag in ("h1", "h2"):
                headed.add(holder)
            elif is_prose(block):
                prose[holder] = prose.get(holder, 0) + word_count(block.text)
        return [el for el in outer if el in headed and prose.get(el, 0) >= self.min_words]


def _outer_articles(root: Any) -> list[Any]:
    """Outermost <article>s and Article items, in page order."""
    # One XPath pass in C (a million-element page is walked in milliseconds);
    # a union comes back in document order.
    marked = [
        el
        for el in root.xpath("//article | //*[@itemtype]")
        if el.tag == "article" or _ARTICLE_TYPES.search(el.get("itemtype") or "")
    ]
    marks = set(marked)
    return [el for el in marked if not any(a in marks for a in el.iterancestors())]


def own_article(doc: Document, candidates: list[Any]) -> Any | None:
    """The candidate whose URL or headline the page declares, if one is."""
    root = doc.tree
    urls = {
        _url_key(u)
        for u in (
            doc.metadata.url,
            *root.xpath('//link[@rel="canonical"]/@href'),
            *root.xpath('//meta[@property="og:url"]/@content'),
        )
        if u and u.strip()
    }
    titles = {
        normalise(t)
        for t in (
            doc.metadata.title,
            *root.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content'),
        )
        if t and t.strip()
    }
    page_title = normalise(root.findtext(".//title") or "")
    for article in candidates:
        if urls & {_url_key(u) for u in _article_urls(article)} - {""}:
            return article
    for article in candidates:
        headline = _headline(article)
        # A long headline may stand inside a title with the site's name added.
        if headline and (
            headline in titles
            or (len(headline) > 20 and any(headline in t for t in (*titles, page_title)))
        ):
            return article
    return None


def _article_urls(article: Any) -> list[str]:
    """URLs an article element gives for itself: its attributes, its headline
    link, and url/mainEntityOfPage microdata inside it."""
    found = [str(article.get(a)) for a in _URL_ATTRS if article.get(a)]
    found += article.xpath(".//h1//a/@href | .//h2//a/@href")
    found += article.xpath(
        './/*[@itemprop="url" or @itemprop="mainEntityOfPage"]/@href'
        ' | .//*[@itemprop="url" or @itemprop="mainEntityOfPage"]/@content'
    )
    return [str(u) for u in found if "/" in str(u)]


def _headline(article: Any) -> str:
    heads = article.xpath(".//h1 | .//h2")
    return normalise(heads[0].text_content()) if heads else ""


def _declares_live_blog(root: Any) -> bool:
    scripts = root.xpath('//script[@type="application/ld+json"]/text()')
    itemtypes = root.xpath("//@itemtype")
    return any(_LIVE_BLOG.search(str(s)) for s in (*scripts, *itemtypes))
