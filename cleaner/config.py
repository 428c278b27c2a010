"""Configuration: defaults < user TOML file < CLI flags.

Unknown names are errors that list the valid ones, so a typo in a config
file never silently changes nothing.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from cleaner.errors import ConfigError
from cleaner.patterns import KEYS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PATTERN_KEYS = frozenset(KEYS)


@dataclass(frozen=True)
class Config:
    """Every setting of a Cleaner, with its default."""

    # Filters to switch off, and off-by-default filters to switch on, by name.
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    # Options passed to one filter's constructor: {"main_content": {"fallback": True}}.
    filter_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Extra patterns per group: {"app_promo": {"lines": ["..."]}}.
    patterns: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Inputs larger than this are refused (bytes); 0 means no limit.
    max_bytes: int = 20 * 1024 * 1024
    # Seconds one document may take; 0 means no limit.
    timeout: float = 30.0
    # Pages classified as anything but an article give no text (reason
    # "not_an_article"): the CLI's "no article" exit, a batch's error record.
    articles_only: bool = False
    # A page-type profiles file (TOML) instead of the shipped cleaner/profiles.toml.
    profiles: str = ""

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file not found: {path}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        return cls.from_dict(data, origin=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "config") -> Config:
        _check_keys(data, {"cleaner", "filters", "patterns"}, origin)
        main = dict(data.get("cleaner", {}))
        names = {f.name for f in fields(cls)} - {"filter_options", "patterns"}
        _check_keys(main, names, f"{origin} [cleaner]")
        for key in ("disable", "enable"):
            if key in main:
                main[key] = tuple(main[key])
        return cls(
            **main,
            filter_options=dict(data.get("filters", {})),
            patterns=dict(data.get("patterns", {})),
        )

    def validate(self, filters: Mapping[str, type], groups: list[str]) -> None:
        """Raise ConfigError for names that no filter or pattern group has."""
        for name in (*self.disable, *self.enable):
            if name not in filters:
                raise ConfigError(f"unknown filter {name!r}; valid filters: {', '.join(filters)}")
        for name, options in self.filter_options.items():
            if name not in filters:
                raise ConfigError(f"unknown filter {name!r}; valid filters: {', '.join(filters)}")
            params = set(inspect.signature(filters[name]).parameters) - {
                "self",
                "kwargs",
                "patterns",
            }
            _check_keys(options, params, f"[filters.{name}]")
        for group, table in self.patterns.items():
            if group not in groups:
                raise ConfigError(
                    f"unknown pattern group {group!r}; valid groups: {', '.join(groups)}"
                )
            _check_keys(table, PATTERN_KEYS | {"max_words"}, f"[patterns.{group}]")


def _check_keys(data: Mapping[str, Any], valid: set[str] | frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - set(valid))
    if unknown:
        raise ConfigError(
            f"unknown key(s) {', '.join(unknown)} in {where}; valid: {', '.join(sorted(valid))}"
        )
