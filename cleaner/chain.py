"""The filter chain: which filters run, in which order, and what each removed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.config import Config
from cleaner.document import Document
from cleaner.errors import CleanerTimeoutError
from cleaner.filters.articles import AppendedArticles
from cleaner.filters.base import Filter
from cleaner.filters.dom import DomBoilerplate
from cleaner.filters.duplicates import DuplicateBlocks, DuplicateTitle
from cleaner.filters.gates import Gates
from cleaner.filters.links import LinkBlocks
from cleaner.filters.main_content import MainContent
from cleaner.filters.main_text import MainText
from cleaner.filters.metadata import GluedMetadata
from cleaner.filters.phrases import (
    Cookies,
    Copyright,
    Newsletter,
    PhotoCredits,
    Placeholders,
    Promos,
    ReadAlso,
    ShareBars,
)
from cleaner.filters.sections import Comments, Related
from cleaner.filters.site_template import SiteTemplate
from cleaner.patterns import Patterns, shipped_groups

# The default chain, in order. DOM filters come first (they need the page's
# structure), then main-content selection, then line filters that work the
# same on HTML and text.
FILTERS: dict[str, type[Filter]] = {
    f.name: f
    for f in (
        DomBoilerplate,
        # Off by default; on when learned templates are given. Early, so that
        # a host's known boilerplate is gone before the layout-based filters
        # judge what is left.
        SiteTemplate,
        # Consent dialogs and paywall boxes by their text, before the section
        # and main-content filters weigh what is left.
        Gates,
        Related,
        Comments,
        # Before main_content, so that its vote sees only the page's own article.
        AppendedArticles,
        MainContent,
        GluedMetadata,
        DuplicateTitle,
        Promos,
        ReadAlso,
        Placeholders,
        PhotoCredits,
        ShareBars,
        Newsletter,
        Cookies,
        Copyright,
        LinkBlocks,
        MainText,
        DuplicateBlocks,
    )
}


@dataclass
class FilterStats:
    """What one filter did to one document, or summed over many."""

    name: str
    blocks_removed: int = 0
    chars_removed: int = 0
    rewrites: int = 0
    seconds: float = 0.0

    def add(self, other: FilterStats) -> None:
        self.blocks_removed += other.blocks_removed
        self.chars_removed += other.chars_removed
        self.rewrites += other.rewrites
        self.seconds += other.seconds


class Chain:
    """Runs filters in order and records what each of them removed."""

    def __init__(self, filters: Iterable[Filter]) -> None:
        self.filters = list(filters)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def run(
        self, doc: Document, deadline: float | None = None
    ) -> tuple[Document, list[FilterStats]]:
        stats = []
        for step in self.filters:
            if deadline is not None and time.monotonic() > deadline:
                raise CleanerTimeoutError(
                    f"time limit exceeded before filter {step.name!r}; "
                    "raise `timeout` in the config to allow more"
                )
            before = len(doc.removals)
            started = time.perf_counter()
            doc = step(doc)
            stat = FilterStats(step.name, seconds=time.perf_counter() - started)
            for removal in doc.removals[before:]:
                if removal.new_text is None:
                    stat.blocks_removed += 1
                    stat.chars_removed += len(removal.text)
                else:
                    stat.rewrites += 1
                    stat.chars_removed += max(0, len(removal.text) - len(removal.new_text))
            stats.append(stat)
        return doc, stats


def build_chain(config: Config | None = None) -> Chain:
    """The default chain with the config's switches, options and patterns."""
    config = config or Config()
    patterns = Patterns({k: dict(v) for k, v in config.patterns.items()})
    config.validate(FILTERS, sorted(shipped_groups()))
    steps = []
    for name, cls in FILTERS.items():
        on = cls.default_enabled or name in config.enable
        if not on or name in config.disable:
            continue
        options = dict(config.filter_options.get(name, {}))
        steps.append(cls(patterns=patterns, **options))
    return Chain(steps)
