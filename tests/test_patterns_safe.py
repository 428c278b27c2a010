"""Regular expressions cannot take super-linear time on hostile text.

(a) A reviewable rule, checked on the parsed form of every shipped pattern
    (cleaner/patterns/*.toml) and every module-level regex in the package: no
    unbounded repeat (`*`, `+`, `{n,}`) contains another repeat. Nested
    quantifiers are what makes backtracking exponential; bounded ones
    (`{0,60}`) keep the worst case a constant factor of the text's length.
(b) A timing check: every compiled group, used the way the filters use it
    (fullmatch, match or search), against 50,000-character adversarial strings,
    bypassing the `max_words` gate, must finish in a generous second.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

import cleaner
from cleaner.patterns import Patterns, shipped_groups

try:  # Python 3.11+ moved sre_parse and sre_constants into re
    sre_parse: Any = importlib.import_module("re._parser")
    sre_constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - Python 3.10
    sre_parse = importlib.import_module("sre_parse")
    sre_constants = importlib.import_module("sre_constants")

REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    REPEATS.add(sre_constants.POSSESSIVE_REPEAT)
UNBOUNDED = sre_constants.MAXREPEAT
SECONDS = 1.0
LENGTH = 50_000


def _children(av: Any) -> Iterator[Any]:
    """Sub-patterns of one parsed node's argument."""
    if isinstance(av, sre_parse.SubPattern):
        yield av
    elif isinstance(av, (list, tuple)):
        for item in av:
            yield from _children(item)


def _contains_repeat(sub: Any) -> bool:
    for op, av in sub:
        if op in REPEATS:
            return True
        if any(_contains_repeat(child) for child in _children(av)):
            return True
    return False


def nested_unbounded(pattern: str, flags: int = 0) -> list[str]:
    """Descriptions of unbounded repeats that contain another repeat."""
    found: list[str] = []

    def walk(sub: Any) -> None:
        for op, av in sub:
            if op in REPEATS:
                low, high, body = av
                if high == UNBOUNDED and _contains_repeat(body):
                    found.append(f"{{{low},}} over a repeat")
                walk(body)
                continue
            for child in _children(av):
                walk(child)

    walk(sre_parse.parse(pattern, flags))
    return found


def _shipped_patterns() -> Iterator[tuple[str, str]]:
    for group, table in shipped_groups().items():
        for key, values in table.items():
            if isinstance(values, list):
                for value in values:
                    if key not in ("tags", "roles"):
                        yield f"{group}.{key}", value


def _module_patterns() -> Iterator[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # optional integrations
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                yield f"{info.name}.{attr}", value


SHIPPED = list(_shipped_patterns())
MODULE = list(_module_patterns())


def test_the_rule_catches_nested_quantifiers() -> None:
    assert nested_unbounded(r"(a+)+")
    assert nested_unbounded(r"(?:\w+\s?)*x")
    assert nested_unbounded(r"(?:a|b{1,3})+")
    assert not nested_unbounded(r"(?:\w{1,30}\s){0,3}logo")
    assert not nested_unbounded(r"a+b*c{0,5}")


@pytest.mark.parametrize("where, pattern", SHIPPED, ids=[w for w, _ in SHIPPED])
def test_shipped_patterns_have_no_nested_unbounded_quantifiers(where: str, pattern: str) -> None:
    assert nested_unbounded(pattern, re.IGNORECASE) == [], f"{where}: {pattern}"


@pytest.mark.parametrize("where, regex", MODULE, ids=[w for w, _ in MODULE])
def test_module_regexes_have_no_nested_unbounded_quantifiers(where: str, regex: Any) -> None:
    assert nested_unbounded(regex.pattern, regex.flags) == [], f"{where}: {regex.pattern!r}"


def adversarial(n: int = LENGTH) -> dict[str, str]:
    """Long strings that make backtracking regexes work hard."""

    def rep(unit: str) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    return {
        "letters": rep("a"),
        "spaces": rep(" "),
        "digits": rep("1"),
        "words": rep("word "),
        "by": rep("by "),
        "dots": rep("a."),
        "dashes": rep("-"),
        "mixed": rep("ab1 .,-|:/"),
        "cookies": "we use cookies " + rep("x "),
        "photo": "photo: " + rep("x"),
        "updated": "updated " + rep("1 "),
        "date": "published 2025-01-01" + rep("1"),
        "comments": rep("1 comments "),
        "share": rep("facebook twitter "),
        "ago": rep("5 minutes "),
        "newline": rep("a\n"),
        "unicode": rep("é漢字 "),
    }


def _compiled_groups() -> Iterator[tuple[str, str, re.Pattern[str]]]:
    patterns = Patterns()
    for group in patterns.group_names:
        table = patterns.table(group)
        if any(k in table for k in ("names", "tags", "roles")):
            sel = patterns.selectors(group)
            if sel.names is not None:
                yield f"{group}.names", "search", sel.names
            continue
        phrases = patterns.phrases(group)
        for key, how in (
            ("lines", "fullmatch"),
            ("starts", "match"),
            ("contains", "search"),
            ("strip_prefix", "match"),
        ):
            regex = getattr(phrases, key)
            if regex is not None:
                yield f"{group}.{key}", how, regex


GROUPS = list(_compiled_groups())


@pytest.mark.parametrize("where, how, regex", GROUPS, ids=[w for w, _, _ in GROUPS])
def test_groups_run_in_linear_time(where: str, how: str, regex: re.Pattern[str]) -> None:
    run = getattr(regex, how)
    slow = []
    for name, text in adversarial().items():
        started = time.perf_counter()
        run(text)
        seconds = time.perf_counter() - started
        if seconds > SECONDS:
            slow.append(f"{name}: {seconds:.2f} s")
    assert not slow, f"{where} ({how}) is slow on: {', '.join(slow)}"


@pytest.mark.parametrize("where, regex", MODULE, ids=[w for w, _ in MODULE])
def test_module_regexes_run_in_linear_time(where: str, regex: Any) -> None:
    texts = adversarial()
    if isinstance(regex.pattern, bytes):
        samples: dict[str, Any] = {k: v.encode() for k, v in texts.items()}
    else:
        samples = dict(texts)
    slow = []
    for name, text in samples.items():
        for how in ("search", "match"):
            started = time.perf_counter()
            getattr(regex, how)(text)
            seconds = time.perf_counter() - started
            if seconds > SECONDS:
                slow.append(f"{name} ({how}): {seconds:.2f} s")
    assert not slow, f"{where} is slow on: {', '.join(slow)}"
