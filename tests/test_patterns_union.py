"""`any_of` (one regex for a list of patterns, their shared leading `\\b` taken out) says yes
exactly where one of the patterns does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.patterns import _boundary_led, any_of, shipped_groups

PATTERNS = [
    r"\bcookies?\b",
    r"\bto consent\b|\bconsenting\b",
    r"\b(?:withdraw|give) consent\b",
    r"store and/or access",
    r"\b[]|]x",
    r"[$€£]\s?\d",
]
WORDS = ["cookie", "cookies", "to", "consent", "consenting", "give", "store and/or access"]
TEXT = st.lists(
    st.sampled_from([*WORDS, "]x", "|x", "ab", "xab", "$5", "£ 9", " ", "-", "a"]), max_size=12
).map("".join)


def test_only_a_whole_pattern_boundary_is_shared() -> None:
    assert _boundary_led(r"\bfoo(?:a|b)") == "foo(?:a|b)"
    assert _boundary_led(r"\bfoo|bar") is None  # the \b is the first alternative's only
    assert _boundary_led(r"\b?foo") is None
    assert _boundary_led(r"\b[]|]x") == "[]|]x"  # the "|" is in a character class
    assert _boundary_led(r"foo\b") is None


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_of_agrees_with_the_patterns_one_by_one(text: str) -> None:
    union = any_of(PATTERNS)
    assert union is not None
    for how in ("search", "match", "fullmatch"):
        alone = any(getattr(re.compile(p, re.I), how)(text) for p in PATTERNS)
        assert bool(getattr(union, how)(text)) == alone, how


def test_shipped_tables_compile_as_unions() -> None:
    for group, table in shipped_groups().items():
        for key in ("lines", "starts", "contains", "names"):
            if table.get(key):
                assert any_of(table[key]) is not None, (group, key)
