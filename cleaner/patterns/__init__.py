"""Pattern tables: boilerplate phrases and selectors, kept as data.

Each TOML file here groups regexes by what they remove; the filters compile
them once per `Cleaner`. Users add their own through the config file
(`[patterns.<group>]`), which extends, never replaces, the shipped lists.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from cleaner.document import word_count

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FILES = ("promos", "sections", "widgets", "read_also", "metadata", "chrome", "selectors", "gates")
# What a pattern group may hold (see the header of each TOML file).
KEYS = ("lines", "starts", "contains", "strip_prefix", "names", "tags", "roles")


@cache
def _load_file(name: str) -> dict[str, dict[str, Any]]:
    data = resources.files(__package__).joinpath(f"{name}.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def shipped_groups() -> dict[str, dict[str, Any]]:
    """Every shipped group by name, across files."""
    groups: dict[str, dict[str, Any]] = {}
    for name in FILES:
        for group, table in _load_file(name).items():
            if group in groups:
                raise ValueError(f"pattern group {group!r} defined twice")
            groups[group] = table
    return groups


def _boundary_led(pattern: str) -> str | None:
    """`pattern` without its leading `\\b`, when that `\\b` applies to the whole pattern (no
    quantifier on it, no top-level alternative); else None."""
    if not pattern.startswith("\\b") or pattern[2:3] in ("?", "*", "+", "{"):
        return None
    depth = 0
    in_class = False
    i = 2
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            # A "]" first in a class (after an optional "^") is a literal.
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += 1 if pattern[i : i + 1] == "]" else 0
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return None
        i += 1
    return pattern[2:]


def any_of(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """One regex matching where any of `patterns` matches, for yes/no tests (`search`,
    `match`, `fullmatch`); which alternative matches, and so a match's span, may differ. The
    patterns that start with `\\b` share one: re tries the alternatives one by one at every
    position, and inside a word the shared `\\b` fails once instead of once each (gates and
    phrase tables test twice as fast)."""
    if not patterns:
        return None
    led = [(p, _boundary_led(p)) for p in patterns]
    shared = [rest for _, rest in led if rest is not None]
    parts = [f"\\b(?:{'|'.join(f'(?:{r})' for r in shared)})"] if shared else []
    parts += [f"(?:{p})" for p, rest in led if rest is None]
    return re.compile("|".join(parts), flags)


_ESCAPE = re.compile(r"\\.")


def caseless(patterns: list[str]) -> bool:
    """Whether `patterns` hold no upper-case letter (outside escapes such as `\\S`) and no
    case-sensitive group: then, compiled without re.IGNORECASE, they find in lower-cased text
    what they find in the text with it (but for the few letters, such as the long s, that
    re's case folding matches and `str.lower` leaves alone). re skips an alternative whose
    first letter differs only without IGNORECASE, so such a search is twice as fast."""
    return not any("(?-" in p or any(c.isupper() for c in _ESCAPE.sub("", p)) for p in patterns)


def _union(patterns: list[str], anchor: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(anchor.format(body), re.IGNORECASE)


@lru_cache(maxsize=1024)
def _probe(text: str) -> tuple[int, str, str]:
    """A block's word count and the text its groups test, as written and lower-cased:
    markdown emphasis and quote marks around a line ("**READ ALSO:**") are a renderer's, not
    the page's words. Cached: every group of every phrase filter asks for the same block in
    turn."""
    probe = text.strip().lstrip("*_>").rstrip(" \t:|·•-–—*_").lstrip()
    return word_count(text), probe, probe.lower()


@dataclass(frozen=True)
class PhraseGroup:
    """One group of line patterns, compiled."""

    name: str
    max_words: int
    lines: re.Pattern[str] | None
    starts: re.Pattern[str] | None
    contains: re.Pattern[str] | None
    strip_prefix: re.Pattern[str] | None
    # lines, starts and contains are compiled for lower-cased text (see `caseless`).
    folded: bool = False

    def matches(self, text: str) -> bool:
        """Whether `text` (a whole block) is this group's boilerplate."""
        words, probe, lowered = _probe(text)
        if words > self.max_words:
            return False
        if self.folded:
            probe = lowered
        if self.lines and self.lines.fullmatch(probe):
            return True
        if self.starts and self.starts.match(probe):
            return True
        return bool(self.contains and self.contains.search(probe))

    def strip(self, text: str) -> str:
        """`text` with a matching prefix cut off (unchanged if none)."""
        if not self.strip_prefix:
            return text
        m = self.strip_prefix.match(text.lstrip())
        return text.lstrip()[m.end() :].lstrip() if m else text


def _phrase_group(
    name: str, tables: list[dict[str, Any]], strip_prefix: re.Pattern[str] | None
) -> PhraseGroup:
    """The line patterns of `tables` as one group, for lower-cased text where they allow."""

    def every(key: str) -> list[str]:
        return [p for t in tables for p in t.get(key, [])]

    folded = caseless([*every("lines"), *every("starts"), *every("contains")])
    flags = 0 if folded else re.IGNORECASE
    return PhraseGroup(
        name=name,
        max_words=max((int(t.get("max_words", 60)) for t in tables), default=0),
        lines=any_of(every("lines"), flags),
        starts=any_of(every("starts"), flags),
        contains=any_of(every("contains"), flags),
        strip_prefix=strip_prefix,
        folded=folded,
    )


@dataclass(frozen=True)
class SelectorGroup:
    name: str
    names: re.Pattern[str] | None
    tags: frozenset[str]
    roles: frozenset[str]


class Patterns:
    """All pattern groups, shipped ones extended by the user's."""

    def __init__(self, extra: dict[str, dict[str, Any]] | None = None) -> None:
        self._tables: dict[str, dict[str, Any]] = {k: dict(v) for k, v in shipped_groups().items()}
        for group, table in (extra or {}).items():
            base = self._tables.setdefault(group, {})
            for key, values in table.items():
                if key == "max_words":
                    base[key] = int(values)
                    continue
                base[key] = [*base.get(key, []), *values]
        self._phrases: dict[str, PhraseGroup] = {}
        self._selectors: dict[str, SelectorGroup] = {}
        self._screens: dict[tuple[str, ...], PhraseGroup] = {}
        self.screened = lru_cache(maxsize=4096)(self._screened)

    @property
    def group_names(self) -> list[str]:
        return sorted(self._tables)

    def phrases(self, group: str) -> PhraseGroup:
        if group not in self._phrases:
            t = self._tables[group]
            strip = _union(t.get("strip_prefix", []), r"\s{{0,5}}(?:{})")
            self._phrases[group] = _phrase_group(group, [t], strip)
        return self._phrases[group]

    def screen(self, groups: tuple[str, ...]) -> PhraseGroup:
        """One group matching every block that one of `groups` matches (and maybe more): a
        block it misses is none of theirs, found with three regexes instead of three a group."""
        if groups not in self._screens:
            tables = [self._tables[g] for g in groups]
            self._screens[groups] = _phrase_group("|".join(groups), tables, None)
        return self._screens[groups]

    def _screened(self, groups: tuple[str, ...], text: str) -> bool:
        return self.screen(groups).matches(text)

    def selectors(self, group: str) -> SelectorGroup:
        if group not in self._selectors:
            t = self._tables[group]
            self._selectors[group] = SelectorGroup(
                name=group,
                names=any_of(t.get("names", [])),
                tags=frozenset(t.get("tags", [])),
                roles=frozenset(t.get("roles", [])),
            )
        return self._selectors[group]

    def table(self, group: str) -> dict[str, Any]:
        return self._tables[group]
