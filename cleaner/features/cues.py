"""Words that say what kind of page this is: the page-type cues of both paths.

The HTML path searches the page's lower-cased text (its first 100,000 characters); text mode
counts them per line and sums them per page. The patterns are written for lower-cased text.
"""

from __future__ import annotations

import re


def words(*alternatives: str) -> re.Pattern[str]:
    r"""`\b(?:a|b|...)\b`, written so that `re` skips to where an alternative can start.

    `re` tries a pattern that opens with `\b` at every character; one whose alternatives each
    open with a letter it tries only at those letters (up to twice as fast).
    The `\b` becomes a look-behind after that letter: no word character before it. Each
    alternative is a regex that starts with a plain lower-case letter, unquantified.
    """
    return re.compile(f"(?:{'|'.join(map(word_start, alternatives))})\\b")


def word_start(alternative: str) -> str:
    """`\\b` + `alternative`, as `words` writes it."""
    if not ("a" <= alternative[:1] <= "z") or alternative[1:2] in ("?", "*", "+", "{"):
        raise ValueError(f"a cue alternative must start with a letter: {alternative!r}")
    return f"{alternative[0]}(?<!\\w.){alternative[1:]}"


# Shop, forum, docs, service and listing words, bylines and dates.
PAGE_CUES = {
    "price": re.compile(r"[$€£¥₹]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|usd|eur|gbp)\b"),
    "cart": words("add to (?:cart|bag|basket)", "buy now", "in stock", "out of stock"),
    "forum": words(
        "reply", "replies", "quote", "joined", "posts?:", "likes?", "views?", "members?"
    ),
    "docs": words("parameters?", "returns?", "example", "install", "usage", "api", "function"),
    "service": words(
        "get started", "free trial", "book a demo", "pricing", "sign up", "contact us"
    ),
    "listing": words("results?", "showing", "sort by", "filter", "load more", r"page \d"),
    # These phrases count inside longer words too.
    "docs_nav": re.compile(
        "edit this page|on this page|table of contents|was this (?:page )?helpful|"
        + word_start("previous")
        + r"\b"
    ),
    "byline": words("min(?:ute)? read", "published", "updated", "written by", "posted by"),
    "dates": re.compile(
        r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|"
        r"jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}|\d+ (?:minutes?|hours?|days?|weeks?|"
        r"months?|years?) ago)"
    ),
}
# Words whose rate per word tells who speaks: forum posters (I), companies (we, you).
PERSON_CUES = {
    "first_person": words("i", "i'm", "i've", "my", "me"),
    "company": words("we", "our", "us"),
    "reader": words("you", "your"),
}
