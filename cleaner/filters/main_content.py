"""Main-content selection for HTML: trafilatura's extraction, run on the
pre-cleaned tree, votes on which blocks are the article.

Our blocks keep their provenance, so trafilatura decides *which* blocks stay
and the account of every removed block stays exact.
"""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import etree

from cleaner.document import Block, Document, squeeze, word_count
from cleaner.filters.base import Filter, is_prose, within
from cleaner.readers.html import MAX_ELEMENTS

_MARK = "data-cleaner-cut"
_NEVER_TEXT = ("script", "style", "svg", "noscript", "template", "iframe", "canvas", "object")
# A <noscript> with this much text is the page's content served without
# scripts (forum engines do this), not a "please enable JavaScript" note.
_NOSCRIPT_CONTENT = 500
# What trafilatura prunes from its copy of the page: the cut containers, then what never
# holds text (one expression each, in this order).
_PRUNE = [f"//*[@{_MARK}]", "|".join(f"//{tag}" for tag in _NEVER_TEXT)]
_OUTER_CUT = etree.XPath(f".//*[@{_MARK} and not(ancestor::*[@{_MARK}])]")
_LIST_MARK = re.compile(r"^[-*•]\s")


class MainContent(Filter):
    """What trafilatura and the article's own containers say is not the article."""

    name = "main_content"
    formats = frozenset({"html"})

    def __init__(
        self,
        *,
        favor_precision: bool = False,
        fallback: bool = False,
        rescue: bool = True,
        max_elements: int = MAX_ELEMENTS,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.favor_precision = favor_precision
        self.fallback = fallback
        self.rescue = rescue
        self.max_elements = max_elements

    def extract(self, doc: Document) -> str:
        """trafilatura's text of the page without the containers earlier filters cut.

        trafilatura copies the tree it is given and prunes `prune_xpath` from its copy: the
        cut containers are marked for the length of the call, so no second copy is made.
        What never holds text goes the same way: trafilatura would drop it only after
        running its XPath rules over every node (icons alone can be thousands of <svg>
        paths). A <noscript> with content is read as a <div> meanwhile (forum engines
        serve their posts in one without scripts).
        """
        tree = doc.tree
        for el in doc.cut_elements:
            el.set(_MARK, "")
        shown = [el for el in tree.iter("noscript") if _shown(el)]
        for el in shown:
            el.tag = "div"
        try:
            text = trafilatura.extract(
                tree,
                url=doc.metadata.url or None,
                include_comments=False,
                include_tables=True,
                fast=not self.fallback,
                favor_precision=self.favor_precision,
                with_metadata=False,
                deduplicate=False,
                prune_xpath=_PRUNE,
            )
        finally:
            for el in shown:
                el.tag = "noscript"
            for el in doc.cut_elements:
                del el.attrib[_MARK]
        return text or ""

    def too_large(self, doc: Document) -> bool:
        """Whether the page has more elements than trafilatura handles in
        reasonable time (a million empty spans take it half a minute)."""
        if not self.max_elements or doc.tree is None:
            return False
        return int(doc.tree.xpath("count(//*)")) > self.max_elements

    def apply(self, doc: Document) -> Document:
        if self.too_large(doc):
            # No vote on such a tree: our own prose test stands in for it.
            drops = {b.index: "too_many_elements" for b in doc.blocks if not is_prose(b)}
            return doc.apply(self.name, drops)
        extracted = self.extract(doc)
        if not extracted.strip():
            drops = {b.index: "no_main_content_found" for b in doc.blocks if not is_prose(b)}
            return doc.apply(self.name, drops)
        lines = {_LIST_MARK.sub("", squeeze(line)) for line in extracted.splitlines()}
        lines.discard("")
        # Trafilatura keeps the source's line breaks inside paragraphs, so long
        # blocks are looked up in the whole text with all whitespace collapsed.
        joined = squeeze(extracted)
        covered = {b.index for b in doc.blocks if _covered(b, lines, joined)}
        containers = article_containers(doc, covered)
        if self.rescue and containers:
            covered |= _rescued(doc, covered, containers)
        run = _prose_run(doc, covered, containers) if self.rescue else set()
        covered |= run
        drops = {b.index: "outside_main_content" for b in doc.blocks if b.index not in covered}
        if containers:
            # What trafilatura kept from elsewhere on the page (a sidebar label,
            # a footer address, a standfirst in the page header, a press
            # release's "About us") is not the article body.
            for b in doc.blocks:
                if (
                    b.index in covered
                    and b.index not in run
                    and not within(doc.elements[b.index], containers)
                ):
                    drops[b.index] = "outside_article_container"
        return doc.apply(self.name, drops)


def _covered(block: Block, lines: set[str], joined: str) -> bool:
    text = squeeze(block.text)
    if text in lines:
        return True
    if len(text) >= 20 or block.kind == "table":
        return text in joined
    return False


def _shown(noscript: Any) -> bool:
    """Whether a <noscript> holds elements and _NOSCRIPT_CONTENT characters of text, not
    counting the cut containers in it (marked with _MARK)."""
    if all(child.get(_MARK) is not None for child in noscript):
        return False
    cut = sum(len(el.text_content()) for el in _OUTER_CUT(noscript))
    return len(noscript.text_content()) - cut >= _NOSCRIPT_CONTENT


_RESCUE_SHARE = 0.3
# A paragraph this long that ends a sentence comes back whatever the share.
_RESCUE_ALWAYS_WORDS = 30
_SENTENCE = re.compile(r"[.!?。！？][\"'”’»)]?(?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？][\"'”’»)]?\s*$")


def article_containers(doc: Document, covered: set[int]) -> set[Any]:
    """The elements that hold the article: the deepest element with three
    quarters of the kept prose, and its twins (an article body split into
    sibling parts of the same tag and classes). Empty when unclear."""
    weights: dict[Any, int] = {}
    total = 0
    heaviest: tuple[int, Any] = (0, None)
    for block in doc.blocks:
        n = word_count(block.text)
        if block.index not in covered or n < 8:
            continue
        el = doc.elements[block.index]
        total += n
        heaviest = max(heaviest, (n, el), key=lambda pair: pair[0])
        for node in (el, *el.iterancestors()):
            weights[node] = weights.get(node, 0) + n
    if not total or heaviest[1] is None:
        return set()
    container = next(
        (
            n
            for n in (heaviest[1], *heaviest[1].iterancestors())
            if weights.get(n, 0) >= 0.75 * total
        ),
        None,
    )
    if container is None or container.tag in ("body", "html"):
        return set()
    containers = {container, *_twins(container)}
    parent = container.getparent()
    if parent is not None and parent.tag not in ("body", "html"):
        containers.update(_twins(parent))
    containers.update(_entry_sequence(doc, container))
    return containers


_ENTRY_LEVELS = 3
_MIN_ENTRIES = 3


def _entry_sequence(doc: Document, container: Any) -> list[Any]:
    """The sibling entries of a live blog or feed that the container is one of
    (or sits in, a few levels down): at least three alike siblings, most of
    them holding prose of their own. Extractors keep the first entry or the
    longest; the page's body is all of them."""
    node = container
    for _ in range(_ENTRY_LEVELS + 1):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html", "main"):
            return []
        entries = [s for s in parent if s is node or _alike(s, node)]
        if len(entries) >= _MIN_ENTRIES:
            with_prose = _holding_prose(doc, entries)
            if 3 * len(with_prose) >= 2 * len(entries):
                return entries
        node = parent
    return []


def _alike(a: Any, b: Any) -> bool:
    """Same tag, and one's class names a subset of the other's ("entry" and
    "entry entry--key-event"); classless only for <article>s."""
    if a.tag != b.tag:
        return False
    ca, cb = set((a.get("class") or "").split()), set((b.get("class") or "").split())
    if not ca and not cb:
        return a.tag == "article"
    return bool(ca and cb) and (ca <= cb or cb <= ca)


def _holding_prose(doc: Document, elements: list[Any]) -> set[Any]:
    wanted = set(elements)
    found: set[Any] = set()
    for block in doc.blocks:
        if is_prose(block):
            el = doc.elements[block.index]
            found.update(a for a in (el, *el.iterancestors()) if a in wanted)
    return found


def _rescued(doc: Document, covered: set[int], containers: set[Any]) -> set[int]:
    """Prose blocks trafilatura left out from inside the article's containers:
    only sentence-like, link-poor blocks, and only when they add up to a large
    share (a few stray sentences are captions trafilatura was right to drop;
    a large share means its extraction broke off early), or when the block is a
    paragraph of _RESCUE_ALWAYS_WORDS words ending a sentence (a caption is shorter)."""
    found = set()
    always = set()
    missed = 0
    total = sum(word_count(b.text) for b in doc.blocks if b.index in covered)
    for block in doc.blocks:
        if block.index in covered or block.kind not in ("paragraph", "quote", "item"):
            continue
        words = word_count(block.text)
        if words < 12 or block.source.link_density > 0.2:
            continue
        if not _SENTENCE.search(block.text):
            continue
        el = doc.elements[block.index]
        if any(a.tag == "figure" for a in el.iterancestors()):
            continue
        if within(el, containers):
            found.add(block.index)
            missed += words
            if words >= _RESCUE_ALWAYS_WORDS and _ENDS_SENTENCE.search(block.text):
                always.add(block.index)
    if missed < _RESCUE_SHARE * total:
        found = always
    found |= _rescued_lists(doc, covered, containers)
    # The headings of the article's parts (a live-blog entry's title): a
    # heading in the containers whose next block is article text.
    kept = covered | found
    for block, after in zip(doc.blocks, doc.blocks[1:], strict=False):
        if (
            block.kind == "heading"
            and block.index not in kept
            and after.index in kept
            and within(doc.elements[block.index], containers)
        ):
            found.add(block.index)
    return found


def _rescued_lists(doc: Document, covered: set[int], containers: set[Any]) -> set[int]:
    """The items of lists inside the article's containers that trafilatura left out: a list
    in the article is its steps, specs or key points, unless half its items hold a link (a
    "related stories" or "read more" list)."""
    lists: dict[Any, list[Block]] = {}
    for block in doc.blocks:
        el = doc.elements[block.index]
        parent = el.getparent()
        if block.kind == "item" and el.tag == "li" and parent is not None:
            lists.setdefault(parent, []).append(block)
    found: set[int] = set()
    for parent, items in lists.items():
        if all(b.index in covered for b in items):
            continue
        linked = sum(1 for b in items if b.source.link_density > 0)
        if 2 * linked < len(items) and within(parent, containers):
            found.update(b.index for b in items if b.index not in covered)
    return found


_MIN_RUN_ADDED = 2


def _prose_run(doc: Document, covered: set[int], containers: set[Any]) -> set[int]:
    """The article's paragraphs wherever the markup's closing tags put them.

    A stray end tag in hand-written markup closes the article's container
    early, and the paragraphs after it land in a parent (or <body>), where
    neither trafilatura nor the container test looks for them. In reading
    order they still follow on: a run of prose blocks with only removed
    blocks (an ad) or a short label between them. A run holding two or more of the article's
    kept paragraphs is the article; its paragraphs outside the containers come
    back when there are at least two (one is a standfirst or a bio the vote
    left out on purpose).
    """
    article = {
        b.index
        for b in doc.blocks
        if b.index in covered
        and is_prose(b)
        and (not containers or within(doc.elements[b.index], containers))
    }
    found: set[int] = set()
    run: list[Block] = []
    runnable = [_runnable(doc, b) for b in doc.blocks]
    for i, block in enumerate((*doc.blocks, None)):
        if block is not None and runnable[i]:
            run.append(block)
            continue
        if block is not None and run and _bridge(block, runnable, i):
            continue
        if sum(b.index in article for b in run) >= 2:
            # Inside the containers, the rescue decides; this is for outside.
            added = {
                b.index
                for b in run
                if b.index not in covered
                and not (containers and within(doc.elements[b.index], containers))
            }
            if len(added) >= _MIN_RUN_ADDED:
                found |= added | {b.index for b in run if b.index in covered}
        run = []
    return found


_BRIDGE_WORDS = 2


def _bridge(block: Block, runnable: list[bool], i: int) -> bool:
    """A label between two paragraphs (an unnamed ad's "ADVERTISEMENT") that
    does not end the run: a word or two of plain text, not a heading, caption
    or link, with running prose right after it."""
    return (
        block.kind == "paragraph"
        and block.source.link_density == 0
        and word_count(block.text) <= _BRIDGE_WORDS
        and i + 1 < len(runnable)
        and runnable[i + 1]
    )


def _runnable(doc: Document, block: Block) -> bool:
    """A paragraph of running prose, not a caption or a link list."""
    if block.kind not in ("paragraph", "quote") or block.source.link_density > 0.2:
        return False
    if not is_prose(block):
        return False
    return not any(a.tag == "figure" for a in doc.elements[block.index].iterancestors())


def _twins(el: Any) -> list[Any]:
    """Alike siblings (tag and classes, one part perhaps with a modifier such
    as "content--locked"): an article body split into parts."""
    if not el.get("class"):
        return []
    return [s for s in (*el.itersiblings(), *el.itersiblings(preceding=True)) if _alike(s, el)]
