"""Hand-computed cases for the aeb scorer in bench/scoring.py."""

from __future__ import annotations

import pytest

from bench.scoring import page_counts, page_scores, score, shingles, tokenize

GOLD7 = "a b c d e f g"  # shingles: abcd bcde cdef defg


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-12)


def test_tokenize_keeps_case_and_drops_punctuation() -> None:
    assert tokenize("The cat, sat! on-the mat.") == ["The", "cat", "sat", "on", "the", "mat"]
    assert tokenize("café über straße_2") == ["café", "über", "straße_2"]
    assert tokenize(None) == []


def test_shingles_counts_and_short_texts() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}
    assert shingles("  ,. ") == {}


def test_identical_texts() -> None:
    assert page_counts(GOLD7, GOLD7) == (1.0, 0.0, 0.0)
    assert score([(GOLD7, GOLD7)]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "n": 1}


def test_punctuation_and_whitespace_do_not_matter() -> None:
    assert page_counts("a, b.\n\nc! d", "a b c d") == (1.0, 0.0, 0.0)


def test_case_matters() -> None:
    # No lower-casing: "The" and "the" are different tokens, so the only shingles differ.
    assert page_counts("The cat sat down", "the cat sat down") == (0.0, 0.5, 0.5)


def test_disjoint_texts() -> None:
    assert page_counts("a b c d", "e f g h") == (0.0, 0.5, 0.5)
    assert score([("a b c d", "e f g h")]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 1}


def test_half_overlap() -> None:
    # pred shingles: cdef defg efgh fghi; 2 shared, 2 extra, 2 missed -> 1/3 each.
    tp, fp, fn = page_counts("c d e f g h i", GOLD7)
    assert (tp, fp, fn) == (approx(1 / 3), approx(1 / 3), approx(1 / 3))
    s = score([("c d e f g h i", GOLD7)])
    assert s["precision"] == approx(0.5)
    assert s["recall"] == approx(0.5)
    assert s["f1"] == approx(0.5)


def test_prefix_prediction() -> None:
    # pred shingles: abcd bcde -> tp 2, fp 0, fn 2 -> P 1, R 1/2, F1 2/3.
    assert page_counts("a b c d e", GOLD7) == (0.5, 0.0, 0.5)
    s = score([("a b c d e", GOLD7)])
    assert (s["precision"], s["recall"]) == (1.0, 0.5)
    assert s["f1"] == approx(2 / 3)


def test_repeated_shingles_are_counted() -> None:
    # "x y z w x y z w": xyzw twice, yzwx, zwxy, wxyz once -> 5 shingles.
    doubled = "x y z w x y z w"
    # gold has 5, pred has 1 (xyzw once): tp 1, fp 0, fn 4.
    assert page_counts("x y z w", doubled) == (approx(0.2), 0.0, approx(0.8))
    # the other way round: tp 1, fp 4, fn 0 -> precision 0.2.
    assert page_counts(doubled, "x y z w") == (approx(0.2), approx(0.8), 0.0)
    # a duplicated paragraph costs precision even though every shingle is in the gold text.
    tp, fp, fn = page_counts(f"{GOLD7}\n{GOLD7}", GOLD7)
    # pred: abcd bcde cdef defg (x2 each) + efga fgab gabc -> 11; tp 4, fp 7, fn 0.
    assert (tp, fp, fn) == (approx(4 / 11), approx(7 / 11), 0.0)


def test_short_texts_make_one_shingle() -> None:
    assert page_counts("a b", "a b") == (1.0, 0.0, 0.0)
    # "a b" vs "a b c": one short shingle each, and they differ.
    assert page_counts("a b", "a b c") == (0.0, 0.5, 0.5)


def test_empty_prediction() -> None:
    assert page_counts("", GOLD7) == (0.0, 0.0, 1.0)
    assert page_counts(None, GOLD7) == (0.0, 0.0, 1.0)
    # Excluded from the precision mean (tp + fp == 0), recall 0; no page left for precision.
    assert score([("", GOLD7)]) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 1}
    ps = page_scores("", GOLD7)
    assert ps["precision"] is None
    assert ps["recall"] == 0.0
    assert ps["f1"] == 0.0


def test_both_empty_is_left_out_of_both_means() -> None:
    assert page_counts("", "") == (0.0, 0.0, 0.0)
    assert page_scores("", "")["f1"] is None
    s = score([("", ""), (GOLD7, GOLD7)])
    assert s == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "n": 2}


def test_empty_prediction_lowers_recall_only() -> None:
    # page 1 perfect, page 2 empty: precision mean over page 1 only = 1, recall (1 + 0) / 2.
    s = score([(GOLD7, GOLD7), ("", GOLD7)])
    assert s["precision"] == 1.0
    assert s["recall"] == 0.5
    assert s["f1"] == approx(2 / 3)
    assert s["n"] == 2


def test_pages_are_averaged_not_pooled() -> None:
    long_gold = " ".join(f"w{i}" for i in range(1003))  # 1000 shingles
    pages = [
        (long_gold, long_gold),  # P 1, R 1
        ("c d e f g h i", GOLD7),  # P 1/2, R 1/2
        ("a b c d e", GOLD7),  # P 1, R 1/2
    ]
    s = score(pages)
    assert s["precision"] == approx((1 + 0.5 + 1) / 3)
    assert s["recall"] == approx((1 + 0.5 + 0.5) / 3)
    p, r = 2.5 / 3, 2 / 3
    assert s["f1"] == approx(2 * p * r / (p + r))
    # Pooling the raw counts would give almost 1.0; averaging normalised pages does not.
    assert s["recall"] < 0.7


def test_score_accepts_a_generator() -> None:
    s = score((t, t) for t in [GOLD7, "a b c d"])
    assert s["n"] == 2
    assert s["f1"] == 1.0


# --- WCXB word-level scoring (bench/scoring.py: word_scores, mean_word_scores) ---------------


def test_word_scores_hand_computed() -> None:
    from bench.scoring import word_scores

    # pred tokens: the, cat, sat, on, the, mat (6); gold: the, cat, sat (3); overlap 3.
    s = word_scores("The cat sat on the mat.", "the CAT sat")
    assert s["precision"] == pytest.approx(3 / 6)
    assert s["recall"] == pytest.approx(1.0)
    assert s["f1"] == pytest.approx(2 * 0.5 * 1.0 / 1.5)


def test_word_scores_count_multisets_not_sets() -> None:
    from bench.scoring import word_scores

    # "a a a" against "a": overlap is 1 (min of counts), not 3.
    s = word_scores("a a a", "a")
    assert s["precision"] == pytest.approx(1 / 3)
    assert s["recall"] == pytest.approx(1.0)


def test_word_scores_empty_cases() -> None:
    from bench.scoring import word_scores

    assert word_scores("", "")["f1"] == 1.0  # empty truth, empty prediction
    assert word_scores("anything", "")["f1"] == 0.0  # empty truth, something predicted
    assert word_scores("", "some truth")["f1"] == 0.0  # nothing predicted
    assert word_scores("x y", "z w")["f1"] == 0.0  # no overlap


def test_word_scores_tokens_are_unicode_words_and_punctuation_is_ignored() -> None:
    from bench.scoring import word_scores

    s = word_scores("Café — naïve, déjà-vu!", "café naïve déjà vu")
    assert s["f1"] == pytest.approx(1.0)


def test_mean_word_scores_is_a_mean_over_pages() -> None:
    from bench.scoring import mean_word_scores, word_scores

    pages = [word_scores("a b", "a b"), word_scores("", "a")]
    m = mean_word_scores(pages)
    assert m["f1"] == pytest.approx(0.5)
    assert m["precision"] == pytest.approx(0.5)
    assert mean_word_scores([])["f1"] == 0.0
