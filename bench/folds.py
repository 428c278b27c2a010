"""The held-back folds every training script uses: pages grouped by domain, so
no site is on both sides of a split."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

FOLDS = 5


def domain(url: str) -> str:
    """The host without "www."."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def fold_of(url: str, page_id: str = "") -> int:
    """The page's fold: md5 of its domain mod FOLDS (pages without a URL: of their id)."""
    key = domain(url) or f"id:{page_id}"
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % FOLDS
