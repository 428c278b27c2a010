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


# Blocks this long are copied on purpose by a page's template, not by chance.
COPY_WORDS = 8


class DuplicateBlocks(Filter):
    """Second and later copies of a block of COPY_WORDS or more words."""

    name = "duplicate_blocks"
    # Off by default: articles repeat lines on purpose (an interview's recurring
    # question, a refrain), and dropping them loses article text. Page-type profiles
    # run it where the held-back folds show copies are boilerplate (profiles.toml).
    default_enabled = False

    def apply(self, doc: Document) -> Document:
        return doc.apply(self.name, dict.fromkeys(repeated(doc.blocks), "repeated_block"))


def repeated(blocks: Iterable[Block]) -> list[int]:
    """Indexes of the second and later copies of blocks of COPY_WORDS or more words."""
    seen: set[str] = set()
    out = []
    for block in blocks:
        if len(block.text.split()) < COPY_WORDS:
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
    # A passage: at least MIN_BLOCKS copied blocks of COPY_WORDS or more, each the copy
    # of the block after the previous one's original (short blocks in between do not
    # count), MIN_WORDS words in all. Copied short blocks (headings) inside the passage,
    # and right before it, go with it.
    MIN_BLOCKS = 3
    MIN_WORDS = 100

    def apply(self, doc: Document) -> Document:
        return doc.apply(self.name, dict.fromkeys(self.passages(doc.blocks), "repeated_passage"))

    def passages(self, blocks: Iterable[Block]) -> list[int]:
        """Indexes of the blocks of passages that are copies of earlier ones."""
        blocks = list(blocks)
        keys = [normalise(b.text) for b in blocks]
        words = [len(b.text.split()) for b in blocks]
        seen: set[str] = set()
        copy = []
        for key in keys:
            copy.append(key in seen)
            seen.add(key)
        out: list[int] = []
        run: list[int] = []  # positions (in blocks) of the current run's prose copies

        def close() -> None:
            if len(run) >= self.MIN_BLOCKS and sum(words[p] for p in run) >= self.MIN_WORDS:
                start = run[0]
                while start > 0 and copy[start - 1] and words[start - 1] < COPY_WORDS:
                    start -= 1
                out.extend(blocks[p].index for p in range(start, run[-1] + 1) if copy[p])
            run.clear()

        first: dict[str, int] = {}  # text -> its first copy's rank among prose blocks
        last = -2  # rank of the original of the run's last copy
        rank = 0
        for p, key in enumerate(keys):
            if words[p] < COPY_WORDS:
                continue
            original = first.setdefault(key, rank)
            if original != rank and original == last + 1:
                run.append(p)
            else:
                close()
                if original != rank:  # a copy that may start a run
                    run.append(p)
            last = original if original != rank else -2
            rank += 1
        close()
        return out
