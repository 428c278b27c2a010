"""Numbers for the HTML models: one row per page (page type) and one per block
(content or not).

Everything a learned step sees is computed here, so the training scripts
(bench/train_html.py) and the filters at run time share one definition.
The names are stored in each model file; a model trained on another list of
features refuses to load (cleaner/models/__init__.py).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from lxml import etree
from numpy.typing import NDArray

from cleaner.document import LABEL_MEMO_SIZE, PAGE_TYPES, Document, word_count
from cleaner.features.cues import PAGE_CUES, PERSON_CUES

KINDS = ("heading", "paragraph", "item", "quote", "caption", "table", "code")

# Structural tags whose presence among a block's ancestors says where it sits.
ANCESTOR_TAGS = (
    "main",
    "article",
    "section",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "ul",
    "ol",
    "table",
    "noscript",
    "details",
    "dialog",
    "figure",
    "blockquote",
    "pre",
    "dl",
    "a",
)

# Words searched in the id and class names of a block's element and its
# ancestors (as substrings, lower-cased). They name what containers hold on
# pages of every kind: layout, chrome, article bodies, forum posts, product
# parts, documentation, service-page sections.
CLASS_TOKENS = (
    "nav",
    "menu",
    "header",
    "footer",
    "sidebar",
    "side",
    "widget",
    "comment",
    "reply",
    "related",
    "recommend",
    "share",
    "social",
    "ad",
    "promo",
    "sponsor",
    "cookie",
    "consent",
    "newsletter",
    "subscribe",
    "modal",
    "popup",
    "banner",
    "breadcrumb",
    "pagination",
    "tag",
    "author",
    "byline",
    "meta",
    "date",
    "caption",
    "credit",
    "hidden",
    "content",
    "article",
    "post",
    "entry",
    "body",
    "text",
    "main",
    "story",
    "product",
    "description",
    "detail",
    "price",
    "review",
    "rating",
    "card",
    "item",
    "grid",
    "list",
    "forum",
    "thread",
    "message",
    "topic",
    "user",
    "avatar",
    "signature",
    "doc",
    "markdown",
    "prose",
    "faq",
    "feature",
    "pricing",
    "hero",
    "testimonial",
    "cta",
    "toc",
    "search",
    "login",
    "cart",
    "title",
    "summary",
    "spec",
    "tab",
    "accordion",
    "container",
    "wrapper",
    "section",
    "footnote",
)

# The reasons the rule filters give, as vote features (dom_boilerplate's
# groups, the section filters, main_content's verdicts).
VOTES = (
    "container_cookie",
    "container_newsletter",
    "container_share",
    "container_related",
    "container_comments",
    "container_ads",
    "container_navigation",
    "container_footer",
    "container_header",
    "container_sidebar",
    "container_dialog",
    "container_meta",
    "related",
    "comments",
    "outside_main_content",
    "outside_article_container",
    "no_main_content_found",
    "hidden",
)

# Page-level: words in the URL's path, schema.org types, og:type values.
URL_TOKENS = (
    "product",
    "products",
    "p",
    "item",
    "itm",
    "dp",
    "shop",
    "store",
    "buy",
    "collections",
    "collection",
    "category",
    "categories",
    "c",
    "t",
    "forum",
    "forums",
    "thread",
    "threads",
    "topic",
    "topics",
    "community",
    "discussion",
    "questions",
    "q",
    "docs",
    "doc",
    "documentation",
    "api",
    "guide",
    "guides",
    "reference",
    "manual",
    "learn",
    "blog",
    "news",
    "article",
    "articles",
    "post",
    "posts",
    "pricing",
    "features",
    "solutions",
    "services",
    "service",
    "jobs",
    "careers",
    "courses",
    "course",
    "reviews",
    "list",
    "lists",
    "best",
    "top",
    "search",
    "tag",
    "tags",
    "events",
    "recipes",
    "html",
    "wiki",
    "help",
    "support",
)
SCHEMA_TYPES = (
    "article",
    "newsarticle",
    "blogposting",
    "techarticle",
    "liveblogposting",
    "product",
    "productgroup",
    "offer",
    "aggregaterating",
    "review",
    "discussionforumposting",
    "qapage",
    "question",
    "itemlist",
    "collectionpage",
    "searchresultspage",
    "faqpage",
    "softwareapplication",
    "organization",
    "localbusiness",
    "service",
    "webpage",
    "course",
    "event",
    "recipe",
    "breadcrumblist",
    "howto",
    "jobposting",
    "videoobject",
)
OG_TYPES = ("article", "product", "website", "profile", "video")
PAGE_CLASS_TOKENS = (
    "post",
    "comment",
    "reply",
    "product",
    "card",
    "item",
    "grid",
    "price",
    "cart",
    "doc",
    "sidebar",
    "toc",
    "highlight",
    "forum",
    "thread",
    "message",
    "pricing",
    "testimonial",
    "hero",
    "feature",
    "faq",
    "article",
    "filter",
    "pagination",
    "rating",
    "review",
    "author",
)
TAG_COUNTS = (
    "article",
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "pre",
    "code",
    "table",
    "form",
    "input",
    "button",
    "img",
    "section",
    "time",
    "blockquote",
    "aside",
    "nav",
    "a",
)

_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)\]]?(?:\s|$)")
_DIGIT = re.compile(r"\d")
_PRICE = re.compile(r"[$€£¥₹]\s?\d|\d[.,]\d\d\s?(?:€|\$)")
_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d\d-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\.? \d{1,2}|\d+ (?:minutes?|hours?|days?|weeks?|months?|years?) ago)",
    re.I,
)
_SEPARATOR = re.compile(r"\s[|·•/»]\s")
_WORD = re.compile(r"\w+")
_URL_WORD = re.compile(r"[a-z]+")
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')


_LABEL_TOKENS: dict[tuple[str | None, str | None], frozenset[str]] = {}
# One object per set of tokens: a few hundred sets stand for all the labels.
_TOKEN_SETS: dict[frozenset[str], frozenset[str]] = {}


def _label_tokens(ident: str | None, cls: str | None) -> frozenset[str]:
    """The CLASS_TOKENS in an element's id and class, memoised: sites repeat a few labels."""
    key = (ident, cls)
    found = _LABEL_TOKENS.get(key)
    if found is None:
        if len(_LABEL_TOKENS) > LABEL_MEMO_SIZE:
            _LABEL_TOKENS.clear()
        label = f"{ident or ''} {cls or ''}".lower()
        tokens = frozenset(t for t in CLASS_TOKENS if t in label)
        found = _TOKEN_SETS.setdefault(tokens, tokens)
        _LABEL_TOKENS[key] = found
    return found


class _Ancestry:
    """Per element, what its ancestors say: memoised, so each element of the
    tree is looked at once however many blocks sit under it."""

    def __init__(self) -> None:
        self.memo: dict[Any, tuple[int, frozenset[str], frozenset[str]]] = {}

    def of(self, el: Any) -> tuple[int, frozenset[str], frozenset[str]]:
        """(depth, ancestor tags, class tokens) for an element, self included."""
        path = []
        node = el
        memo = self.memo
        while node is not None and node not in memo:
            path.append(node)
            node = node.getparent()
        depth, tags, tokens = memo[node] if node is not None else (0, frozenset(), frozenset())
        for item in reversed(path):
            tag = item.tag if isinstance(item.tag, str) else ""
            depth += 1
            if tag in _ANCESTOR_SET and tag not in tags:
                tags = tags | {tag}
            ident = item.get("id")
            cls = item.get("class")
            if ident is not None or cls is not None:
                found = _label_tokens(ident, cls)
                if not found <= tokens:
                    tokens = tokens | found
            memo[item] = (depth, tags, tokens)
        return depth, tags, tokens


_ANCESTOR_SET = frozenset(ANCESTOR_TAGS)


def block_feature_names() -> list[str]:
    names = [f"kind_{k}" for k in KINDS]
    names += [
        "heading_level",
        "log_words",
        "log_chars",
        "link_density",
        "sentence_ends",
        "ends_terminal",
        "comma_rate",
        "digit_rate",
        "capital_rate",
        "has_price",
        "has_date",
        "separators",
        "position",
        "words_before",
        "depth",
        "hidden",
        "repeats",
        "title_overlap",
    ]
    names += [f"in_{t}" for t in ANCESTOR_TAGS]
    names += [f"cls_{t}" for t in CLASS_TOKENS]
    names += [f"vote_{v}" for v in VOTES]
    names += ["vote_any_dom", "kept_by_rules"]
    for level in (1, 2, 4):
        names += [f"up{level}_share", f"up{level}_links", f"up{level}_blocks", f"up{level}_kept"]
    for side in ("prev", "next"):
        names += [f"{side}_kept", f"{side}_log_words", f"{side}_links", f"{side}_same_parent"]
    names += ["page_" + n for n in PAGE_SUMMARY]
    names += [f"type_{t}" for t in PAGE_TYPES]
    return names


PAGE_SUMMARY = ("log_blocks", "log_words", "kept_share", "cut_share", "link_share")


def _ups(el: Any) -> tuple[Any, Any, Any]:
    """The element's ancestors 1, 2 and 4 levels up (the root where the tree ends)."""
    found = []
    node = el
    for level in range(1, 5):
        parent = node.getparent()
        if parent is not None:
            node = parent
        if level != 3:
            found.append(node)
    return found[0], found[1], found[2]


def block_features(
    doc: Document,
    votes: dict[int, str],
    type_probs: Iterable[float],
) -> NDArray[np.float64]:
    """One row per block of `doc` (the reader's blocks, in order).

    `votes` maps a block index to the reason a rule filter gave for dropping
    it; `type_probs` are the page-type classifier's probabilities. Built a
    column at a time: a per-block loop of item assignments costs twice as much."""
    blocks = doc.blocks
    n = len(blocks)
    x = np.zeros((n, len(_BLOCK_NAMES)))
    if not n:
        return x
    c = _C
    elements = doc.elements
    texts = [b.text for b in blocks]
    sources = [b.source for b in blocks]
    counts = [word_count(t) for t in texts]
    total = max(1, sum(counts))
    kept = [b.index not in votes for b in blocks]
    links = [s.link_density for s in sources]
    words = np.array(counts, dtype=np.float64)
    at_least_one = np.maximum(words, 1.0)
    rows = np.arange(n)

    # Shape of the text.
    x[rows, [_KIND_COL[b.kind] for b in blocks]] = 1.0
    x[:, c.heading_level] = [_heading_level(s.tag) for s in sources]
    x[:, c.log_words] = list(map(math.log1p, counts))
    x[:, c.log_chars] = [math.log1p(len(t)) for t in texts]
    x[:, c.link_density] = links
    x[:, c.sentence_ends] = [len(_SENTENCE_END.findall(t)) for t in texts] / at_least_one * 10
    x[:, c.ends_terminal] = [1.0 if _SENTENCE_END.search(t[-3:] + " ") else 0.0 for t in texts]
    x[:, c.comma_rate] = [t.count(",") for t in texts] / at_least_one
    digits = [len(_DIGIT.findall(t)) for t in texts]
    x[:, c.digit_rate] = np.array(digits, dtype=np.float64) / np.maximum([len(t) for t in texts], 1)
    x[:, c.capital_rate] = [_capital_rate(t) for t in texts]
    # Every price and date pattern needs a digit.
    x[:, c.has_price] = [
        1.0 if d and _PRICE.search(t) else 0.0 for t, d in zip(texts, digits, strict=True)
    ]
    x[:, c.has_date] = [
        1.0 if d and _DATE.search(t) else 0.0 for t, d in zip(texts, digits, strict=True)
    ]
    x[:, c.separators] = [len(_SEPARATOR.findall(t)) for t in texts]

    # Place in the page and the DOM.
    x[:, c.position] = rows / n
    before = np.cumsum(words) - words
    x[:, c.words_before] = before / total
    ancestry = _Ancestry()
    # The columns a set of ancestor tags and class tokens marks: blocks share a few sets.
    marked: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
    cell_rows: list[int] = []
    cell_cols: list[int] = []
    for i, block in enumerate(blocks):
        depth, tags, cls = ancestry.of(elements[block.index])
        x[i, c.depth] = depth
        cols = marked.get((tags, cls))
        if cols is None:
            cols = marked[(tags, cls)] = [_TAG_COL[t] for t in tags] + [_CLS_COL[t] for t in cls]
        cell_rows += [i] * len(cols)
        cell_cols += cols
    x[cell_rows, cell_cols] = 1.0
    # The reader marks blocks under a hidden element (Source.hidden).
    x[:, c.hidden] = [1.0 if s.hidden else 0.0 for s in sources]
    folded = [t.casefold() for t in texts]
    copies = Counter(folded)
    x[:, c.repeats] = [copies[f] - 1 for f in folded]
    title_words = set(_WORD.findall(doc.metadata.title.casefold()))
    if title_words:
        x[:, c.title_overlap] = [_overlap(set(_WORD.findall(f)), title_words) for f in folded]

    # What the rules said.
    for i, block in enumerate(blocks):
        vote = votes.get(block.index)
        if vote is not None:
            x[i, _VOTE_COL[vote]] = 1.0
            if vote.startswith("container_"):
                x[i, c.vote_any_dom] = 1.0
    x[:, c.kept_by_rules] = kept

    # Words, link words, blocks and kept words under the elements 1, 2 and 4 levels up.
    agg: dict[Any, list[float]] = {}
    lineage = [_ups(elements[b.index]) for b in blocks]
    for ups, count, link, keep in zip(lineage, counts, links, kept, strict=True):
        for node in set(ups):
            a = agg.get(node)
            if a is None:
                a = agg[node] = [0.0, 0.0, 0.0, 0.0]
            a[0] += count
            a[1] += count * link
            a[2] += 1
            a[3] += count if keep else 0
    for level, base in enumerate(_UP_COLS):
        sums = np.array([agg[ups[level]] for ups in lineage])
        under = np.maximum(sums[:, 0], 1.0)
        x[:, base] = sums[:, 0] / total
        x[:, base + 1] = sums[:, 1] / under
        x[:, base + 2] = list(map(math.log1p, sums[:, 2].tolist()))
        x[:, base + 3] = sums[:, 3] / under

    # The blocks before and after.
    log_words = x[:, c.log_words]
    kept_f = np.array(kept, dtype=np.float64)
    link_f = np.array(links)
    parents = [ups[0] for ups in lineage]
    same = np.array([a is b for a, b in itertools.pairwise(parents)], dtype=np.float64)
    x[:, c.prev_kept] = x[:, c.next_kept] = -1.0
    if n > 1:
        for base, here, there in (
            (c.prev_kept, slice(1, n), slice(0, n - 1)),
            (c.next_kept, slice(0, n - 1), slice(1, n)),
        ):
            x[here, base] = kept_f[there]
            x[here, base + 1] = log_words[there]
            x[here, base + 2] = link_f[there]
            x[here, base + 3] = same

    # The page as a whole.
    cut_words = sum(
        w
        for b, w in zip(blocks, counts, strict=True)
        if votes.get(b.index, "").startswith("container_")
    )
    link_words = sum(w * s.link_density for s, w in zip(sources, counts, strict=True))
    kept_words = sum(w for w, k in zip(counts, kept, strict=True) if k)
    types = list(type_probs)
    x[:, c.page_log_blocks :] = [
        math.log1p(n),
        math.log1p(total),
        kept_words / total,
        cut_words / total,
        link_words / total,
        *(types if types else [0.0] * len(PAGE_TYPES)),
    ]
    return x


def _heading_level(tag: str) -> int:
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 0


def _capital_rate(text: str) -> float:
    tokens = text.split()
    return sum(map(str.isupper, [t[0] for t in tokens])) / max(1, len(tokens))


def _overlap(words: set[str], title: set[str]) -> float:
    return len(words & title) / len(title | words) if words else 0


class _Columns:
    """Column numbers of the block features by name, as attributes."""

    def __init__(self, names: list[str]) -> None:
        for i, name in enumerate(names):
            setattr(self, name, i)

    def __getattr__(self, name: str) -> int:  # for the type checker: every column is an int
        raise AttributeError(name)


_BLOCK_NAMES = block_feature_names()
_C = _Columns(_BLOCK_NAMES)
_KIND_COL = {k: _BLOCK_NAMES.index(f"kind_{k}") for k in KINDS}
_TAG_COL = {t: _BLOCK_NAMES.index(f"in_{t}") for t in ANCESTOR_TAGS}
_CLS_COL = {t: _BLOCK_NAMES.index(f"cls_{t}") for t in CLASS_TOKENS}
_VOTE_COL = {v: _BLOCK_NAMES.index(f"vote_{v}") for v in VOTES}
_UP_COLS = tuple(_BLOCK_NAMES.index(f"up{level}_share") for level in (1, 2, 4))


# --- page level ---------------------------------------------------------------------------------


def page_feature_names() -> list[str]:
    names = [f"url_{t}" for t in URL_TOKENS]
    names += ["url_depth", "url_digits", "url_query", "url_long_slug"]
    names += [f"ld_{t}" for t in SCHEMA_TYPES]
    names += [f"og_{t}" for t in OG_TYPES]
    names += [f"tags_{t}" for t in TAG_COUNTS]
    names += [f"pcls_{t}" for t in PAGE_CLASS_TOKENS]
    names += [f"cue_{c}" for c in PAGE_CUES]
    names += [f"rate_{c}" for c in PERSON_CUES]
    names += ["heading_links", "headings_per_kword"]
    names += [
        "log_blocks",
        "log_words",
        "mean_words",
        "paragraph_share",
        "item_share",
        "heading_share",
        "link_share",
        "code_share",
        "table_share",
        "prose_blocks",
        "max_repeat",
        "repeat_groups",
        "largest_share",
    ]
    names += [f"title_{c}" for c in TITLE_CUES]
    return names


MAX_ELEMENTS = 200_000

# Words in a page's title that say what kind of page it is.
TITLE_CUES = {
    "number": re.compile(r"\b\d+\b"),
    "best": re.compile(r"\b(?:best|top|vs\.?|versus|compared?|alternatives?)\b", re.I),
    "howto": re.compile(r"\b(?:how to|guide|tutorial|what is|why)\b", re.I),
    "docs": re.compile(r"\b(?:docs?|documentation|api|reference|sdk|manual)\b", re.I),
    "forum": re.compile(r"\b(?:forums?|community|discussion|thread|help|question)\b", re.I),
    "shop": re.compile(r"\b(?:shop|buy|sale|price|store|collection)\b", re.I),
    "question": re.compile(r"\?"),
    "separators": re.compile(r"\s[|\-–—·:]\s"),
}


def _ld_types(root: Any) -> set[str]:
    found: set[str] = set()
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        for match in _LD_TYPE.finditer(script.text[:200_000]):
            raw = match.group(1)
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            for t in value if isinstance(value, list) else [value]:
                if isinstance(t, str):
                    found.add(t.rsplit("/", 1)[-1].lower())
    return found


def page_features(doc: Document) -> NDArray[np.float64]:
    """One row of page-level numbers for the page-type classifier."""
    names = page_feature_names()
    col = {name: i for i, name in enumerate(names)}
    row = np.zeros(len(names))
    url = doc.metadata.url or ""
    parts = urlsplit(url if "//" in url else "//" + url) if url else None
    path = (parts.path if parts else "").lower()
    words = set(_URL_WORD.findall(path))
    for t in URL_TOKENS:
        if t in words:
            row[col[f"url_{t}"]] = 1
    segments = [s for s in path.split("/") if s]
    row[col["url_depth"]] = len(segments)
    row[col["url_digits"]] = len(_DIGIT.findall(path))
    row[col["url_query"]] = 1 if parts is not None and parts.query else 0
    row[col["url_long_slug"]] = 1 if segments and segments[-1].count("-") >= 4 else 0
    root = doc.tree
    if root is not None:
        for t in _ld_types(root) & set(SCHEMA_TYPES):
            row[col[f"ld_{t}"]] = 1
        for el in root.iter("meta"):
            if (el.get("property") or "").lower() == "og:type":
                og = (el.get("content") or "").lower().split(".")[0]
                if og in OG_TYPES:
                    row[col[f"og_{og}"]] = 1
        tag_counts: Counter[str] = Counter()
        cls_counts: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        # Cards: siblings of one tag and class under one parent (grids, lists, posts).
        # Keyed by the parent element itself: an id() of a proxy lxml has let go
        # of can be reused by another element.
        siblings: Counter[tuple[Any, str, str]] = Counter()
        # A pathological page of a million elements is judged by its first
        # MAX_ELEMENTS (training pages stay far below it).
        for el in itertools.islice(root.iter(etree.Element), MAX_ELEMENTS):
            tag = el.tag
            tag_counts[tag] += 1
            label = el.get("class")
            if label:
                labels[label.lower()] += 1
                parent = el.getparent()
                if parent is not None and tag not in ("script", "style", "link", "meta"):
                    siblings[(parent, tag, label)] += 1
        repeats = sorted(siblings.values(), reverse=True)
        row[col["max_repeat"]] = math.log1p(repeats[0]) if repeats else 0
        row[col["repeat_groups"]] = math.log1p(sum(1 for r in repeats if r >= 5))
        for label, count in labels.items():
            for t in PAGE_CLASS_TOKENS:
                if t in label:
                    cls_counts[t] += count
        for t in TAG_COUNTS:
            row[col[f"tags_{t}"]] = math.log1p(tag_counts[t])
        # Linked headings: the titles of cards and list entries.
        linked = sum(1 for h in root.iter("h2", "h3", "h4") if h.find(".//a") is not None)
        row[col["heading_links"]] = math.log1p(linked)
        for t in PAGE_CLASS_TOKENS:
            row[col[f"pcls_{t}"]] = math.log1p(cls_counts[t])
    blocks = doc.blocks
    text = "\n".join(b.text for b in blocks[:3000])[:100_000].lower()
    for cue, pattern in PAGE_CUES.items():
        row[col[f"cue_{cue}"]] = math.log1p(len(pattern.findall(text)))
    text_words = max(1, text.count(" ") + text.count("\n") + 1)
    for cue, pattern in PERSON_CUES.items():
        row[col[f"rate_{cue}"]] = len(pattern.findall(text)) / text_words * 100
    counts = [word_count(b.text) for b in blocks]
    total = max(1, sum(counts))
    row[col["log_blocks"]] = math.log1p(len(blocks))
    row[col["log_words"]] = math.log1p(total)
    row[col["mean_words"]] = total / max(1, len(blocks))
    by_kind: Counter[str] = Counter()
    for b, w in zip(blocks, counts, strict=True):
        by_kind[b.kind] += w
    row[col["paragraph_share"]] = by_kind["paragraph"] / total
    row[col["item_share"]] = by_kind["item"] / total
    row[col["heading_share"]] = by_kind["heading"] / total
    row[col["code_share"]] = by_kind["code"] / total
    row[col["table_share"]] = by_kind["table"] / total
    row[col["link_share"]] = (
        sum(w * b.source.link_density for b, w in zip(blocks, counts, strict=True)) / total
    )
    headings = sum(1 for b in blocks if b.kind == "heading")
    row[col["headings_per_kword"]] = headings / total * 1000
    row[col["prose_blocks"]] = math.log1p(
        sum(
            1
            for b, w in zip(blocks, counts, strict=True)
            if w >= 25 and _SENTENCE_END.search(b.text)
        )
    )
    if doc.elements:
        # The share of words under the parent holding most of them: one body or many parts.
        under: Counter[Any] = Counter()
        for b, w in zip(blocks, counts, strict=True):
            parent = doc.elements[b.index].getparent()
            if parent is not None:
                under[parent] += w
        row[col["largest_share"]] = max(under.values()) / total if under else 0
    title = (root.findtext(".//title") if root is not None else None) or doc.metadata.title
    for cue, pattern in TITLE_CUES.items():
        row[col[f"title_{cue}"]] = len(pattern.findall(title))
    return row


# --- confidence ---------------------------------------------------------------------------------

CONFIDENCE_SUMMARY = (
    "kept_share",
    "log_kept_words",
    "kept_blocks",
    "mean_kept_score",
    "mean_dropped_score",
    "uncertain_share",
    "margin",
    "type_max",
    "rules_kept_share",
    "log_words",
    "log_blocks",
)


def confidence_feature_names() -> list[str]:
    return [f"conf_{n}" for n in CONFIDENCE_SUMMARY] + [f"type_{t}" for t in PAGE_TYPES]


def confidence_features(
    doc: Document,
    scores: NDArray[np.float64],
    threshold: float,
    type_probs: NDArray[np.float64],
    votes: dict[int, str],
) -> NDArray[np.float64]:
    """How sure the block model was, summed up over the page: the confidence
    model's input."""
    words = np.array([word_count(b.text) for b in doc.blocks], dtype=np.float64)
    total = max(1.0, float(words.sum()))
    kept = scores >= threshold
    kept_words = float(words[kept].sum())
    uncertain = np.abs(scores - threshold) < 0.25
    rules = sum(w for b, w in zip(doc.blocks, words, strict=True) if b.index not in votes)
    row = [
        kept_words / total,
        math.log1p(kept_words),
        math.log1p(float(kept.sum())),
        float(scores[kept].mean()) if kept.any() else 0.0,
        float(scores[~kept].mean()) if (~kept).any() else 0.0,
        float(words[uncertain].sum()) / total,
        float(np.average(np.abs(scores - threshold), weights=words + 1)) if len(scores) else 0.0,
        float(np.max(type_probs)) if len(type_probs) else 0.0,
        float(rules) / total,
        math.log1p(total),
        math.log1p(len(doc.blocks)),
    ]
    return np.array(row + list(type_probs), dtype=np.float64)
