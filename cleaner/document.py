"""The document model: one page as an ordered list of blocks.

A reader turns input into a `Document`; each filter returns a new `Document`
with fewer or rewritten blocks and one `Removal` per decision, so the account
of what was removed, by which filter and why, is never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "quote", "caption", "table", "code"]
InputFormat = Literal["html", "text"]
PAGE_TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")


_NON_WORD = re.compile(r"\W+")
# Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\uff66-\uff9f]"
)


# How many id and class labels a step remembers what it found in: a site's template labels
# fit; more would be memory for labels that no other page repeats.
LABEL_MEMO_SIZE = 10_000


def normalise(text: str) -> str:
    """Case-folded words separated by single spaces: what two copies of a
    block share however they were punctuated or spaced."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


def squeeze(text: str) -> str:
    """`text` with each run of whitespace made one space, and none at the ends. The same as
    `re.sub(r"\\s+", " ", text).strip()` (str.split breaks where re's \\s matches), five times
    as fast on a block's text."""
    return " ".join(text.split())


def word_count(text: str) -> int:
    """Words in a block's text. Readers leave single spaces between words, so
    counting spaces is exact there, and far cheaper than splitting. Scripts
    written without spaces count a word per two of their characters (about
    the length of a Japanese or Chinese word), so that a paragraph in them is
    not one word long."""
    if not text:
        return 0
    words = text.count(" ") + 1
    if text.isascii():
        return words
    return words + len(_UNSPACED.findall(text)) // 2


@dataclass(frozen=True, slots=True)
class Source:
    """Where a block came from: an element for HTML, a line range for text."""

    path: str = ""
    tag: str = ""
    id: str = ""
    classes: str = ""
    link_density: float = 0.0
    hidden: bool = False
    indent: int = 0
    line_start: int = 0
    line_end: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text (a paragraph, heading, list item ...) in page order."""

    index: int
    text: str
    kind: BlockKind = "paragraph"
    source: Source = field(default_factory=Source)

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)


@dataclass(frozen=True, slots=True)
class Removal:
    """One decision of one filter: a block dropped, or its text rewritten."""

    index: int
    filter: str
    reason: str
    text: str
    new_text: str | None = None

    @property
    def action(self) -> Literal["drop", "rewrite"]:
        return "drop" if self.new_text is None else "rewrite"


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    site_name: str = ""
    language: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A page on its way through the chain. Filters return new instances."""

    blocks: tuple[Block, ...]
    input_format: InputFormat
    metadata: Metadata = field(default_factory=Metadata)
    removals: tuple[Removal, ...] = ()
    # HTML only: the parsed page and the element behind each block index. Filters
    # read them; none mutates them.
    tree: Any = None
    elements: tuple[Any, ...] = ()
    # Subtrees a filter judged boilerplate; extractors that read the tree skip them.
    cut_elements: tuple[Any, ...] = ()
    # The blocks as the reader produced them, for reports that show everything.
    original: tuple[Block, ...] = ()
    # What kind of page this is (one of PAGE_TYPES, "" until a step decides),
    # and an estimate in [0, 1] of how good the clean text is (its F1).
    page_type: str = ""
    confidence: float | None = None
    # Why the document has no blocks, when a reader or the chain left none: a short code
    # ("empty_input", "no_main_content"); "" otherwise.
    empty_code: str = ""

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def evolve(self, **changes: Any) -> Document:
        return replace(self, **changes)

    def apply(
        self,
        filter_name: str,
        drops: dict[int, str] | None = None,
        rewrites: dict[int, tuple[str, str]] | None = None,
    ) -> Document:
        """Return the document without `drops` and with `rewrites` applied.

        `drops` maps block index to reason; `rewrites` maps block index to
        (reason, new text). An empty new text drops the block.
        """
        drops = drops or {}
        rewrites = rewrites or {}
        if not drops and not rewrites:
            return self
        kept: list[Block] = []
        removals = list(self.removals)
        for block in self.blocks:
            if block.index in drops:
                removals.append(Removal(block.index, filter_name, drops[block.index], block.text))
            elif block.index in rewrites:
                reason, new_text = rewrites[block.index]
                new_text = new_text.strip()
                if new_text == block.text:
                    kept.append(block)
                    continue
                removals.append(
                    Removal(block.index, filter_name, reason, block.text, new_text or None)
                )
                if new_text:
                    kept.append(block.with_text(new_text))
            else:
                kept.append(block)
        return replace(self, blocks=tuple(kept), removals=tuple(removals))
