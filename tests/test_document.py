"""Document helpers shared by every filter."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import squeeze, word_count


def test_words_are_counted_by_their_spaces() -> None:
    assert word_count("") == 0
    assert word_count("one") == 1
    assert word_count("the council voted on Tuesday") == 5
    assert word_count("café au lait") == 3


def test_scripts_without_spaces_count_a_word_per_two_characters() -> None:
    japanese = "豪雨で線路や橋が流され、運休が続いていた路線が全線で運転を再開した。"
    assert 12 <= word_count(japanese) <= 20
    chinese = "今天上午市议会投票通过了新的公交线路计划"
    assert 8 <= word_count(chinese) <= 12
    # A menu word stays short, however it is written.
    assert word_count("ホーム") <= 2


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            ["a", "b", " ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\u200b", "é"]
        )
    )
)
def test_squeeze_is_the_whitespace_regex(text: str) -> None:
    assert squeeze(text) == re.sub(r"\s+", " ", text).strip()
