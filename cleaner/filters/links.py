"""Blocks that are mostly links: menus, tag lists, teaser headlines.

Article prose links a few words; a block whose text is nearly all link text
points elsewhere. Only HTML knows which text was a link.
"""

from __future__ import annotations

from typing import Any

from cleaner.document import Block, Document, word_count
from cleaner.filters.base import BlockFilter, Drop, Verdict

_SENTENCE_END = (".", "!", "?", "。", "”", '"')


class LinkBlocks(BlockFilter):
    """Blocks whose text is nearly all link text."""

    name = "link_blocks"
    formats = frozenset({"html"})

    def __init__(self, *, max_link_density: float = 0.8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_link_density = max_link_density

    def judge(self, block: Block, doc: Document) -> Verdict:
        if block.source.link_density < self.max_link_density:
            return None
        # A long linked sentence is still prose (a quoted statement, a linked lead).
        if word_count(block.text) >= 20 and block.text.rstrip().endswith(_SENTENCE_END):
            return None
        return Drop("link_text")
