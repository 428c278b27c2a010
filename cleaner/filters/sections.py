"""Whole-run filters: a heading that opens a non-article section takes the
section with it ("Related Articles" and every card under it, "Comments" and
every comment).

A section only ends the article if article prose came before its heading;
otherwise the heading is a menu entry or a counter and only its line goes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from cleaner.document import Block, Document, word_count
from cleaner.filters.base import Filter, is_prose

_HEADING_WORDS = 14
# Phrase groups whose lines make a row of buttons around a would-be heading.
_BUTTON_GROUPS = ("share", "placeholders")


class SectionFilter(Filter):
    # HTML only in the chain: in text mode their verdicts are evidence for line_model
    # (cleaner.features.text.section_evidence), which decides the lines. Dropping them
    # outright cost forums their posts (a "Reply" heading is not the end of the page).
    formats = frozenset({"html"})
    heading_group: ClassVar[str]
    line_groups: ClassVar[tuple[str, ...]] = ()
    reason: ClassVar[str]

    # Text only: a section ends where this many prose lines follow each other
    # (cards carry one paragraph each; the article resuming carries several).
    # None: the section runs to the end of the text.
    resume_after: ClassVar[int | None] = None

    def __init__(self, *, min_prose_before: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_prose_before = min_prose_before

    def is_heading(self, block: Block) -> bool:
        # A list item named "Comments" is a link in a share bar or menu, not
        # the heading of a section.
        if block.kind == "item":
            return False
        text = block.text.strip()
        if word_count(text) > _HEADING_WORDS:
            return False
        return self.patterns.phrases(self.heading_group).matches(text)

    def apply(self, doc: Document) -> Document:
        drops: dict[int, str] = {}
        blocks = doc.blocks
        prose_before = 0
        i = 0
        while i < len(blocks):
            block = blocks[i]
            group = next(
                (g for g in self.line_groups if self.patterns.phrases(g).matches(block.text)),
                None,
            )
            if group:
                drops[block.index] = group
            elif self.is_heading(block):
                if prose_before >= self.min_prose_before and not self._in_button_row(doc, block):
                    end = self.section_end(doc, i)
                    for j in range(i, end):
                        drops[blocks[j].index] = self.reason
                    i = end
                    continue
                drops[block.index] = self.reason + "_heading"
            elif is_prose(block):
                prose_before += 1
            i += 1
        return doc.apply(self.name, drops)

    def _in_button_row(self, doc: Document, block: Block) -> bool:
        """Whether the heading stands among share buttons and widget labels
        ("Tweet / Share / Comments / Print"): then it is a button, not a heading."""
        lines = doc.original or doc.blocks
        near = [lines[j].text for j in (block.index - 1, block.index + 1) if 0 <= j < len(lines)]
        groups = [self.patterns.phrases(g) for g in _BUTTON_GROUPS]
        return any(g.matches(text) for text in near for g in groups)

    def section_end(self, doc: Document, start: int) -> int:
        """Position after the last block of the section opened at `start`.

        In HTML the section is the largest element that starts with the
        heading and holds no run of article prose besides; a heading that is
        not first in its parent opens a section that runs to the end of the
        parent. Where structure does not tell, the section ends where prose
        resumes (see `resume_after`).
        """
        if doc.input_format != "html" or not doc.elements:
            return self._run_end(doc, start, len(doc.blocks))
        index = doc.blocks[start].index
        prev = doc.elements[index - 1] if index > 0 else None
        heading = node = doc.elements[index]
        end = start + 1
        while True:
            parent = node.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            if prev is not None and _inside(prev, parent):
                break
            parent_end = _extent(doc, start, parent)
            if self._prose_run(doc, end, parent_end) is not None:
                break
            node, end = parent, parent_end
        if node is heading:
            return _sibling_run_end(doc, start, heading)
        return end

    def _prose_run(self, doc: Document, start: int, stop: int) -> int | None:
        """Where a run of `resume_after` prose blocks begins in [start, stop)."""
        need = self.resume_after or 2
        run = 0
        for i in range(start, stop):
            run = run + 1 if is_prose(doc.blocks[i]) else 0
            if run >= need:
                return i - run + 1
        return None

    def _run_end(self, doc: Document, start: int, limit: int) -> int:
        if self.resume_after is None:
            return limit
        found = self._prose_run(doc, start + 1, limit)
        return limit if found is None else found


def _sibling_run_end(doc: Document, start: int, heading: Any) -> int:
    """End of the elements after `heading` in its parent that hold no prose and
    no heading of their own: the link list under a 'Related' heading inside
    an article body, and not the article text after it."""
    parent = heading.getparent()
    end = start + 1
    current: Any = None
    group_ok = True
    while end < len(doc.blocks):
        el = doc.elements[doc.blocks[end].index]
        child = _child_of(el, parent)
        if child is None:
            break
        if child is not current:
            if not group_ok:
                break
            current = child
            group_ok = not (isinstance(child.tag, str) and child.tag in _HEADINGS)
            if not group_ok:
                break
        if is_prose(doc.blocks[end]):
            # Prose in this sibling: the section ended before it.
            return _group_start(doc, start, end, current, parent)
        end += 1
    return end


def _group_start(doc: Document, start: int, end: int, child: Any, parent: Any) -> int:
    while end > start + 1 and _child_of(doc.elements[doc.blocks[end - 1].index], parent) is child:
        end -= 1
    return end


def _child_of(el: Any, parent: Any) -> Any:
    """The child of `parent` that holds `el`, or None if `el` is outside it."""
    node = el
    while node is not None:
        up = node.getparent()
        if up is parent:
            return node
        node = up
    return None


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _extent(doc: Document, start: int, container: Any) -> int:
    """Position after the last block, from `start` on, inside `container`."""
    end = start + 1
    while end < len(doc.blocks) and _inside(doc.elements[doc.blocks[end].index], container):
        end += 1
    return end


def _inside(el: Any, container: Any) -> bool:
    if el is container:
        return True
    return any(anc is container for anc in el.iterancestors())


class Related(SectionFilter):
    """'Related Articles', 'You may also like', 'More from ...' and their cards."""

    name = "related"
    heading_group = "related"
    reason = "related_section"
    resume_after = 2


class Comments(SectionFilter):
    """Comment sections, and comment-widget lines wherever they stand."""

    name = "comments"
    heading_group = "comments"
    line_groups = ("comment_widget",)
    reason = "comment_section"
