"""Repeated text: the headline printed again above the article, and blocks
that a page shows twice (teaser and body, sticky headers)."""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.document import Block, Document, normalise
from cleaner.filters.base import BlockFilter, Drop, Filter, Verdict


class DuplicateTitle(BlockFilter):
    """The title is rendered once, above the text; copies of it in the blocks go."""

    name = "duplicate_title"

    def judge(self, block: Block, doc: Document) -> Verdict:
        title = normalise(doc.metadata.title)
        if not title or len(block.text) > 2 * len(doc.metadata.title) + 20:
            return None
        text = normalise(block.text)
        if not text:
            return None
        if text == title:
            return Drop("repeated_title")
        # A heading that is the title with the site name around it, or the
        # title with a kicker cut off.
        shorter, longer = sorted((text, title), key=len)
        if block.kind == "heading" and len(shorter) >= 0.8 * len(longer) and shorter in longer:
            return Drop("repeated_title")
        return None


class DuplicateBlocks(Filter):
    """Second and later copies of a block of eight or more words."""

    name = "duplicate_blocks"
    # Off by default: articles repeat lines on purpose (an interview's recurring
    # question, a refrain), and dropping them loses article text. Page-type profiles
    # run it where the held-back folds show copies are boilerplate (profiles.toml).
    default_enabled = False

    def apply(self, doc: Document) -> Document:
        return doc.apply(self.name, dict.fromkeys(repeated(doc.blocks), "repeated_block"))


def repeated(blocks: Iterable[Block]) -> list[int]:
    """Indexes of the second and later copies of blocks of eight or more words."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if len(block.text.split()) < 8:
            continue
        key = normalise(block.text)
        if key in seen:
            out.append(block.index)
        seen.add(key)
    return out
