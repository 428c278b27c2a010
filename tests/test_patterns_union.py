"""`any_of` (one regex for a list of patterns, their shared leading `\\b` taken out) says yes
exactly where one of the patterns does; `caseless` patterns say the same on lower-cased text
without re.IGNORECASE."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.patterns import Patterns, _boundary_led, any_of, caseless, shipped_groups

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


def test_caseless_needs_lower_case_letters_outside_escapes() -> None:
    assert caseless([r"\bcookies?\b", r"\S+ of \d+", r"[$€£]\s?\d"])
    assert not caseless([r"cookies", r"\d{2} [A-Z]{3}"])  # a class of capitals
    assert not caseless([r"Cookie"])
    assert not caseless([r"(?-i:cookie)"])  # case-sensitive on purpose
    assert caseless([])


MIXED = st.lists(
    st.sampled_from(
        ["Cookie", "COOKIES", "cookies", " ", "To CONSENT", "Give consent", "$5", "é", "É"]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_caseless_patterns_find_on_lower_cased_text_what_they_find_ignoring_case(
    text: str,
) -> None:
    patterns = [p for p in PATTERNS if caseless([p])]
    assert patterns
    folded = any_of(patterns, 0)
    ignoring = any_of(patterns)
    assert folded is not None and ignoring is not None
    for how in ("search", "match", "fullmatch"):
        assert bool(getattr(folded, how)(text.lower())) == bool(getattr(ignoring, how)(text)), how


def test_shipped_phrase_groups_match_whatever_the_case() -> None:
    patterns = Patterns()
    newsletter, read_also = patterns.phrases("newsletter"), patterns.phrases("read_also")
    assert newsletter.folded and read_also.folded
    for line in ("Sign up for our newsletter", "SIGN UP FOR OUR NEWSLETTER"):
        assert newsletter.matches(line)
    for line in ("Read also: the budget", "READ ALSO: THE BUDGET", "**Read Also:** x"):
        assert read_also.matches(line)
    assert not read_also.matches("They read the budget and also the notes")
