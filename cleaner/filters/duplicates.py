"""Repeated text: the headline printed again above the article, blocks that a
page shows twice (teaser and body, sticky headers), and whole passages printed
twice (a mobile and a desktop copy of the same body)."""

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


class DuplicatePassages(Filter):
    """Second copies of whole passages: runs of copied prose blocks, in the order of
    the first copy.

    Unlike duplicate_blocks, on for every page type: a refrain, an interview's
    recurring question or a meal plan's repeated dish are copies of single blocks,
    while a page that prints its body twice (a hidden mobile copy, an expanded
    "read more") repeats a run of them in the same order."""

    name = "duplicate_passages"
    # A passage: at least MIN_BLOCKS copied blocks of PROSE_WORDS or more, each the copy
    # of the block after the previous one's original (short blocks in between do not
    # count), MIN_WORDS words in all.
    MIN_BLOCKS = 3
    PROSE_WORDS = 8
    MIN_WORDS = 100

    def apply(self, doc: Document) -> Document:
        return doc.apply(self.name, dict.fromkeys(self.passages(doc.blocks), "repeated_passage"))

    def passages(self, blocks: Iterable[Block]) -> list[int]:
        """Indexes of the blocks in runs of copies long enough to be a passage."""
        first: dict[str, int] = {}  # text -> position of its first copy among prose blocks
        out: list[int] = []
        run: list[tuple[int, int]] = []  # (index, words) of the current run of copies
        last = -2  # position of the original of the run's last copy

        def close() -> None:
            if len(run) >= self.MIN_BLOCKS and sum(w for _, w in run) >= self.MIN_WORDS:
                out.extend(i for i, _ in run)
            run.clear()

        position = 0
        for block in blocks:
            words = len(block.text.split())
            if words < self.PROSE_WORDS:
                continue
            key = normalise(block.text)
            original = first.setdefault(key, position)
            if original != position and original == last + 1:
                run.append((block.index, words))
            else:
                close()
                if original != position:  # a copy that may start a run
                    run.append((block.index, words))
            last = original if original != position else -2
            position += 1
        close()
        return out
