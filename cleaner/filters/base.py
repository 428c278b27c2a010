"""Filter base classes: a filter has a name and one method doing the work.

`Filter.apply` takes a Document and returns the next one; `BlockFilter`
turns a per-block verdict into drops and rewrites, so most filters are a
`judge` method and nothing else.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Collection
from typing import Any, ClassVar, NamedTuple

from cleaner.document import Block, Document, InputFormat, word_count
from cleaner.patterns import Patterns


class Drop(NamedTuple):
    reason: str


class Rewrite(NamedTuple):
    reason: str
    text: str


Verdict = Drop | Rewrite | None


class Filter(ABC):
    """One step of the chain. Subclasses set `name` and implement `apply`."""

    name: ClassVar[str]
    # Which readers' documents the filter works on.
    formats: ClassVar[frozenset[InputFormat]] = frozenset({"html", "text"})
    # Off-by-default filters run only when the config enables them by name.
    default_enabled: ClassVar[bool] = True

    def __init__(self, *, patterns: Patterns | None = None) -> None:
        self.patterns = patterns or Patterns()

    def __call__(self, doc: Document) -> Document:
        if doc.input_format not in self.formats or not doc.blocks:
            return doc
        return self.apply(doc)

    @abstractmethod
    def apply(self, doc: Document) -> Document:
        """Return the next Document; never mutate `doc`."""

    def __repr__(self) -> str:
        return f"<filter {self.name}>"


class BlockFilter(Filter):
    """A filter that decides each block on its own."""

    def apply(self, doc: Document) -> Document:
        drops: dict[int, str] = {}
        rewrites: dict[int, tuple[str, str]] = {}
        for block in doc.blocks:
            verdict = self.judge(block, doc)
            if isinstance(verdict, Drop):
                drops[block.index] = verdict.reason
            elif isinstance(verdict, Rewrite):
                rewrites[block.index] = (verdict.reason, verdict.text)
        return doc.apply(self.name, drops, rewrites)

    @abstractmethod
    def judge(self, block: Block, doc: Document) -> Verdict:
        """Drop, Rewrite, or None to keep the block as it is."""


def words(text: str) -> int:
    return word_count(text)


_SENTENCE = re.compile(r"[.!?。！？][\"'”’»)\]]?(?:\s|$)")


def is_prose(block: Block, min_words: int = 12) -> bool:
    """A block that reads like article prose: sentences, and not a link list."""
    return (
        words(block.text) >= min_words
        and block.source.link_density < 0.5
        and _SENTENCE.search(block.text) is not None
    )


def within(el: Any, containers: Collection[Any]) -> bool:
    """Whether an element is one of `containers` or inside one."""
    return el in containers or any(a in containers for a in el.iterancestors())
