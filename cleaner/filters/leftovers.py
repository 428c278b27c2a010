"""What is left when a page's content is gone: a stray label is not its main text."""

from __future__ import annotations

from typing import Any

from cleaner.document import Document, word_count
from cleaner.filters.base import Filter

# Fewer words than a short sentence: a footer heading ("AliExpress Multi-Language
# Sites"), a skip link, a URL slug. No page's main text is that short, and a pipeline is
# better served by an empty result with its reason than by the label.
MIN_WORDS = 6


class TooLittleText(Filter):
    """Everything, when what the chain kept is shorter than MIN_WORDS words."""

    name = "too_little_text"

    def __init__(self, *, min_words: int = MIN_WORDS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.min_words = min_words

    def apply(self, doc: Document) -> Document:
        if sum(word_count(b.text) for b in doc.blocks) >= self.min_words:
            return doc
        return doc.apply(self.name, {b.index: "too_little_text" for b in doc.blocks})
