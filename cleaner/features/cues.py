"""Words that say what kind of page this is: the page-type cues of both paths.

The HTML path searches the page's lower-cased text (its first 100,000 characters); text mode
counts them per line and sums them per page. The patterns are written for lower-cased text.
"""

from __future__ import annotations

import re

# Shop, forum, docs, service and listing words, bylines and dates.
PAGE_CUES = {
    "price": re.compile(r"[$€£¥₹]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|usd|eur|gbp)\b"),
    "cart": re.compile(r"\b(?:add to (?:cart|bag|basket)|buy now|in stock|out of stock)\b"),
    "forum": re.compile(r"\b(?:reply|replies|quote|joined|posts?:|likes?|views?|members?)\b"),
    "docs": re.compile(r"\b(?:parameters?|returns?|example|install|usage|api|function)\b"),
    "service": re.compile(r"\b(?:get started|free trial|book a demo|pricing|sign up|contact us)\b"),
    "listing": re.compile(r"\b(?:results?|showing|sort by|filter|load more|page \d)\b"),
    "docs_nav": re.compile(
        r"edit this page|on this page|table of contents|was this (?:page )?helpful|\bprevious\b"
    ),
    "byline": re.compile(r"\b(?:min(?:ute)? read|published|updated|written by|posted by)\b"),
    "dates": re.compile(
        r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|"
        r"jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}|\d+ (?:minutes?|hours?|days?|weeks?|"
        r"months?|years?) ago)"
    ),
}
# Words whose rate per word tells who speaks: forum posters (I), companies (we, you).
PERSON_CUES = {
    "first_person": re.compile(r"\b(?:i|i'm|i've|my|me)\b"),
    "company": re.compile(r"\b(?:we|our|us)\b"),
    "reader": re.compile(r"\b(?:you|your)\b"),
}
