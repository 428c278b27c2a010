"""The page-type cues: `words` finds exactly what the plain `\\b(?:a|b)\\b` finds, match by
match, however it is written for speed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.features.cues import PAGE_CUES, PERSON_CUES, word_start, words

ALTERNATIVES = [
    ("reply", "replies", "posts?:", "likes?"),
    ("add to (?:cart|bag)", "buy now", r"page \d"),
    ("i", "i'm", "my", "me"),
]
TEXT = st.lists(
    st.sampled_from(
        [
            "reply",
            "replies",
            "posts:",
            "post",
            "like",
            "likes",
            "add to cart",
            "add to bag",
            "buy now",
            "page 2",
            "i",
            "i'm",
            "my",
            "me",
            "x",
            "_",
            "é",
            "9",
            " ",
            ":",
            "'",
            "\n",
        ]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ALTERNATIVES), TEXT)
def test_words_matches_what_the_plain_pattern_matches(
    alternatives: tuple[str, ...], text: str
) -> None:
    plain = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")
    fast = words(*alternatives)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_word_inside_a_longer_word_is_not_a_cue() -> None:
    forum = PAGE_CUES["forum"]
    assert forum.findall("3 replies, 10 likes") == ["replies", "likes"]
    assert forum.findall("unlikely quoted rejoined") == []
    assert PERSON_CUES["reader"].findall("you and yours, your call") == ["you", "your"]
    assert PAGE_CUES["docs_nav"].findall("previously: edit this page, previous") == [
        "edit this page",
        "previous",
    ]


@pytest.mark.parametrize("bad", ["", "9 items", "(?:a|b)", "s?ale", "Reply"])
def test_an_alternative_must_start_with_a_plain_letter(bad: str) -> None:
    with pytest.raises(ValueError, match="must start with a letter"):
        word_start(bad)
