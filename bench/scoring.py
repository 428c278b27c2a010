"""The aeb (ScrapingHub article-extraction-benchmark) scorer.

Definition (from the dataset README, matching the benchmark's own ``evaluate.py``):

* tokens are ``\\w+`` matches (Unicode); case is kept, nothing is lower-cased;
* each text is turned into a multiset (``Counter``) of 4-token shingles;
* per page, tp/fp/fn are the shingle-count overlaps: for each shingle,
  ``tp += min(gold, pred)``, ``fp += max(0, pred - gold)``, ``fn += max(0, gold - pred)``,
  and the three are then divided by their sum so that every page weighs the same;
* precision is the mean of ``tp / (tp + fp)`` over pages with ``tp + fp > 0``, recall the mean of
  ``tp / (tp + fn)`` over pages with ``tp + fn > 0``, and F1 the harmonic mean of those two means.

Short texts: a text with 1 to 3 tokens yields exactly one (shorter) shingle made of all its
tokens, and a text with no tokens yields no shingles, as the benchmark's ``_ngrams`` does. So a
3-token prediction matches a 3-token gold text only if the tokens are identical, and an empty
prediction gives ``(0, 0, 1)``: it counts as recall 0 and is left out of the precision mean.
A page whose gold and prediction are both empty gives ``(0, 0, 0)`` and is left out of both.
If no page qualifies for a mean, that mean is 0.0; F1 is 0.0 when precision + recall is 0.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TypedDict

SHINGLE_N = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

Shingle = tuple[str, ...]


class Scores(TypedDict):
    """Aggregate scores over a set of pages."""

    precision: float
    recall: float
    f1: float
    n: int


class PageScores(TypedDict):
    """One page's normalised counts and its own precision/recall/F1 (None if undefined)."""

    tp: float
    fp: float
    fn: float
    precision: float | None
    recall: float | None
    f1: float | None


def tokenize(text: str | None) -> list[str]:
    """Split text into ``\\w+`` tokens, case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[Shingle]:
    """Count the n-token shingles of text (one short shingle if it has 1..n-1 tokens)."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_counts(pred: str | None, gold: str | None) -> tuple[float, float, float]:
    """Return (tp, fp, fn) for one page, normalised to sum to 1 (all 0 if both are empty)."""
    p = shingles(pred)
    g = shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def page_scores(pred: str | None, gold: str | None) -> PageScores:
    """Normalised counts plus this page's own precision, recall and F1."""
    tp, fp, fn = page_counts(pred, gold)
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    f1 = None
    if precision is not None or recall is not None:
        f1 = _f1(precision or 0.0, recall or 0.0)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score_counts(counts: Iterable[tuple[float, float, float]]) -> Scores:
    """Aggregate per-page (tp, fp, fn) triples into mean precision, mean recall and F1."""
    precisions: list[float] = []
    recalls: list[float] = []
    n = 0
    for tp, fp, fn in counts:
        n += 1
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall), "n": n}


def score(pairs: Iterable[tuple[str | None, str | None]]) -> Scores:
    """Score (prediction, gold) text pairs, one pair per page."""
    return score_counts(page_counts(pred, gold) for pred, gold in pairs)


# --- WCXB: word-level F1 ----------------------------------------------------------------------
#
# The wcxb-dev README's metric: lower-case both texts, take their ``\w+`` tokens, count the
# multiset overlap; precision = overlap / predicted tokens, recall = overlap / truth tokens.
# An empty truth scores 1 for an empty prediction, else 0; an empty prediction scores 0.
# The figure is the mean of the per-page values.


class WordScores(TypedDict):
    precision: float
    recall: float
    f1: float


def word_tokens(text: str | None) -> Counter[str]:
    """The lower-cased ``\\w+`` tokens of a text, counted."""
    return Counter(_TOKEN_RE.findall((text or "").lower()))


def word_scores(pred: str | None, gold: str | None) -> WordScores:
    """One page's word-level precision, recall and F1."""
    p, g = word_tokens(pred), word_tokens(gold)
    if not g:
        value = 1.0 if not p else 0.0
        return {"precision": value, "recall": value, "f1": value}
    if not p:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values())
    recall = overlap / sum(g.values())
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def mean_word_scores(pages: Iterable[WordScores]) -> WordScores:
    """The means of the per-page values (0 for no pages)."""
    rows = list(pages)
    n = max(1, len(rows))
    return {
        "precision": sum(r["precision"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
        "f1": sum(r["f1"] for r in rows) / n,
    }
