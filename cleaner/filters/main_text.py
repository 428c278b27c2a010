"""Main-content selection for scraped text, which has no tags to lean on.

Each line is scored by its shape: long lines with sentence punctuation are
article prose, short lines and bullets are menus, cards and widgets. The
article is the stretch of lines with the highest total score (a maximum-sum
run, so a few short lines inside the article do not break it, while a long
menu between two prose blocks does). Inside that run, short lines stay when
they look like subheadings or list items of the article.
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.document import Block, Document, word_count
from cleaner.filters.base import Filter

_SENTENCE = re.compile(r"[.!?。！？][\"'”’»)\]]?(?:\s|$)")
# A teaser card rendered as one line: a title-case headline glued to its
# summary ("... Student-AthleteA 24-year-old woman ...").
_GLUED_HEADLINE = re.compile(r"^([^.!?]{15,160}?[a-z]{3})[A-Z](?:[a-z]|\s)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def weight(text: str) -> float:
    """Length in words; CJK text, which has no spaces, counts two characters a word."""
    words = word_count(text)
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    return max(words, cjk / 2)


class MainText(Filter):
    """Keep the densest run of prose lines of a scraped text."""

    name = "main_text"
    formats = frozenset({"text"})
    # Off by default: line_model decides text mode's lines, with this filter's prose score
    # and maximum-sum run among its features (docs/design.md).
    default_enabled = False

    def __init__(self, *, prose_words: int = 12, line_penalty: float = 3.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prose_words = prose_words
        self.line_penalty = line_penalty

    def score(self, block: Block) -> float:
        w = weight(block.text)
        if _is_card(block.text):
            return self.junk(block)
        sentence = bool(_SENTENCE.search(block.text))
        if block.kind == "item":
            return self.junk(block) if w < 2 * self.prose_words else w * 0.5
        if w >= self.prose_words and sentence:
            return w
        if w >= 2 * self.prose_words:
            return 0.5 * w
        if sentence and w >= 5:
            return 0.2 * w
        return self.junk(block)

    def apply(self, doc: Document) -> Document:
        # Score the text as read, not as left by earlier filters: a share bar
        # or comment header they removed is still evidence of where the
        # article ends.
        current = {b.index: b for b in doc.blocks}
        lines = doc.original or doc.blocks
        scores = [
            self.score(current[b.index]) if b.index in current else self.junk(b) for b in lines
        ]
        start, end = _best_run(scores)
        drops: dict[int, str] = {}
        for i, line in enumerate(lines):
            if line.index not in current:
                continue
            if not start <= i < end:
                drops[line.index] = "outside_main_text"
            elif scores[i] < 0 and not self._inner_line(lines, scores, i):
                drops[line.index] = "short_line"
        return doc.apply(self.name, drops)

    def junk(self, block: Block) -> float:
        return -(self.line_penalty + 0.5 * weight(block.text))

    def _inner_line(self, blocks: tuple[Block, ...], scores: list[float], i: int) -> bool:
        """A short line inside the article that belongs to it: a subheading
        followed by prose, or a list item next to other items and prose."""
        block = blocks[i]
        nxt = scores[i + 1] if i + 1 < len(scores) else -1.0
        if block.kind == "item":
            return weight(block.text) >= 3
        return 2 <= weight(block.text) <= 20 and nxt > 0


def _is_card(text: str) -> bool:
    m = _GLUED_HEADLINE.match(text)
    if not m:
        return False
    words = m.group(1).split()
    capital = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) >= 4 and capital >= 0.7 * len(words)


def _best_run(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the maximum-sum run of `scores` (Kadane)."""
    best = (0.0, 0, 0)
    total = 0.0
    start = 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best[0]:
            best = (total, start, i + 1)
    return best[1], best[2]
