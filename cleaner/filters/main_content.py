"""Main-content selection for HTML: trafilatura's extraction, run on the
pre-cleaned tree, votes on which blocks are the article.

Our blocks keep their provenance, so trafilatura decides *which* blocks stay
and the account of every removed block stays exact.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import trafilatura

from cleaner.document import Block, Document
from cleaner.filters.base import Filter, is_prose

_SPACE = re.compile(r"\s+")
_MARK = "data-cleaner-cut"
_LIST_MARK = re.compile(r"^[-*•]\s")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class MainContent(Filter):
    name = "main_content"
    formats = frozenset({"html"})

    def __init__(
        self, *, favor_precision: bool = False, fallback: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.favor_precision = favor_precision
        self.fallback = fallback

    def pruned_tree(self, doc: Document) -> Any:
        """A copy of the page without the containers earlier filters cut.

        The cut elements are marked for the length of one deepcopy, so the copy
        can find them with one XPath query instead of a walk over both trees.
        """
        for el in doc.cut_elements:
            el.set(_MARK, "")
        try:
            tree = copy.deepcopy(doc.tree)
        finally:
            for el in doc.cut_elements:
                del el.attrib[_MARK]
        for el in tree.xpath(f"//*[@{_MARK}]"):
            parent = el.getparent()
            if parent is not None:
                _remove_keep_tail(el, parent)
        return tree

    def extract(self, doc: Document) -> str:
        text = trafilatura.extract(
            self.pruned_tree(doc),
            url=doc.metadata.url or None,
            include_comments=False,
            include_tables=True,
            fast=not self.fallback,
            favor_precision=self.favor_precision,
            with_metadata=False,
            deduplicate=False,
        )
        return text or ""

    def apply(self, doc: Document) -> Document:
        extracted = self.extract(doc)
        if not extracted.strip():
            drops = {b.index: "no_main_content_found" for b in doc.blocks if not is_prose(b)}
            return doc.apply(self.name, drops)
        lines = {_LIST_MARK.sub("", _norm(line)) for line in extracted.splitlines()}
        lines.discard("")
        joined = "\n".join(_norm(line) for line in extracted.splitlines())
        drops = {
            b.index: "outside_main_content" for b in doc.blocks if not _covered(b, lines, joined)
        }
        return doc.apply(self.name, drops)


def _covered(block: Block, lines: set[str], joined: str) -> bool:
    text = _norm(block.text)
    if text in lines:
        return True
    if len(text) >= 20 or block.kind == "table":
        return text in joined
    return False


def _remove_keep_tail(el: Any, parent: Any) -> None:
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
