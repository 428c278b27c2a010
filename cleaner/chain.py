"""The filter chain: which filters run, in which order, and what each removed."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.config import Config
from cleaner.document import Document
from cleaner.errors import CleanerTimeoutError, ConfigError
from cleaner.filters.articles import AppendedArticles
from cleaner.filters.base import Filter
from cleaner.filters.content_model import ContentModel
from cleaner.filters.dom import DomBoilerplate
from cleaner.filters.duplicates import DuplicateBlocks, DuplicatePassages, DuplicateTitle
from cleaner.filters.gates import Gates
from cleaner.filters.leftovers import TooLittleText
from cleaner.filters.line_model import LineModel
from cleaner.filters.links import LinkBlocks
from cleaner.filters.main_content import MainContent
from cleaner.filters.main_text import MainText
from cleaner.filters.metadata import GluedMetadata
from cleaner.filters.page_profile import ArticlesOnly
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
from cleaner.patterns import Patterns, shipped_groups, tomllib

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
        # HTML: the learned step. It runs the rule filters it consults (VOTERS)
        # itself, and replaces main_content; in HTML those do not run as steps
        # (REPLACED). With content_model off, they run as the rule chain.
        ContentModel,
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
        LineModel,
        DuplicateBlocks,
        DuplicatePassages,
        TooLittleText,
        # Last: it needs the page type, and drops everything or nothing.
        ArticlesOnly,
    )
}


# The rule filters whose verdicts content_model takes as votes, in order, and
# the steps it stands in for in HTML: the voters, the rule chain's referee, and
# link_blocks (the block model weighs link density itself: on held-back folds,
# leaving link_blocks out raised F1 on every page type; docs/design.md).
VOTERS = ("dom_boilerplate", "related", "comments")
REPLACED = frozenset((*VOTERS, "main_content", "link_blocks"))


PROFILES = Path(__file__).resolve().parent / "profiles.toml"


@dataclass(frozen=True)
class Profile:
    """What changes in the chain on a page of one type: steps that do not run on it
    (`skip`), and steps off by default that do (`run`)."""

    skip: frozenset[str] = frozenset()
    run: frozenset[str] = frozenset()


_NO_PROFILE = Profile()


@lru_cache(maxsize=4)
def load_profiles(path: str | Path = PROFILES) -> dict[str, Profile]:
    """Page type -> its Profile (profiles.toml)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read the page-type profiles {str(path)!r}: {exc}") from exc
    profiles = {}
    for page_type, table in data.items():
        if not isinstance(table, dict) or not _names_only(table):
            raise ConfigError(
                f"profile {page_type!r} in {str(path)!r}: expected a table of filter-name lists "
                f'under skip and run, e.g. [{page_type}] skip = ["promos"]'
            )
        profiles[page_type] = Profile(
            frozenset(table.get("skip", [])), frozenset(table.get("run", []))
        )
    return profiles


def _names_only(table: dict[str, object]) -> bool:
    return set(table) <= {"skip", "run"} and all(
        isinstance(v, list) and all(isinstance(n, str) for n in v) for v in table.values()
    )


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

    def __init__(
        self,
        filters: Iterable[Filter],
        delegated: dict[str, frozenset[str]] | None = None,
        profiles: Mapping[str, Profile] | None = None,
        on_demand: frozenset[str] = frozenset(),
    ) -> None:
        self.filters = list(filters)
        # Per input format, steps that run inside another step instead.
        self.delegated = delegated or {}
        # Per page type, steps that do (not) run once the page is classified.
        self.profiles = dict(profiles or {})
        # Steps in the chain only because a profile runs them: elsewhere they do not run.
        self.on_demand = on_demand

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.filters]

    def run(
        self, doc: Document, deadline: float | None = None, stop_before: str = ""
    ) -> tuple[Document, list[FilterStats]]:
        """Run the steps in order (up to `stop_before`, if named)."""
        stats = []
        skip = self.delegated.get(doc.input_format, frozenset())
        for step in self.filters:
            if step.name == stop_before:
                break
            profile = self.profiles.get(doc.page_type, _NO_PROFILE)
            if step.name in skip or step.name in profile.skip:
                continue
            if step.name in self.on_demand and step.name not in profile.run:
                continue
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
    profiles = load_profiles(config.profiles or PROFILES)
    for page_type, profile in profiles.items():
        for name in sorted(profile.skip | profile.run):
            if name not in FILTERS:
                raise ConfigError(
                    f"profile {page_type!r} names unknown filter {name!r}; "
                    f"valid filters: {', '.join(FILTERS)}"
                )
    run_by_profile = {name for p in profiles.values() for name in p.run}
    steps = []
    on_demand = set()
    for name, cls in FILTERS.items():
        on = cls.default_enabled or name in config.enable
        on = on or (name == ArticlesOnly.name and config.articles_only)
        if name in config.disable or not (on or name in run_by_profile):
            continue
        if not on:
            on_demand.add(name)
        options = dict(config.filter_options.get(name, {}))
        steps.append(cls(patterns=patterns, **options))
    by_name = {s.name: s for s in steps}
    model = by_name.get(ContentModel.name)
    delegated = {}
    if isinstance(model, ContentModel):
        model.voters = [by_name[n] for n in VOTERS if n in by_name]
        # The rule chain's last step: with it disabled, the model decides everywhere.
        model.referee = by_name.get(MainContent.name)
        delegated["html"] = REPLACED
    return Chain(steps, delegated, profiles, frozenset(on_demand))
