"""Numbers for the HTML models: one row per page (page type) and one per block
(content or not).

Everything a learned step sees is computed here, so the training scripts
(bench/train_html.py) and the filters at run time share one definition.
The names are stored in each model file; a model trained on another list of
features refuses to load (cleaner/models/__init__.py).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from cleaner.document import PAGE_TYPES, Block, Document, word_count

KINDS = ("heading", "paragraph", "item", "quote", "caption", "table", "code")

# Structural tags whose presence among a block's ancestors says where it sits.
ANCESTOR_TAGS = (
    "main", "article", "section", "nav", "header", "footer", "aside", "form", "ul", "ol",
    "table", "noscript", "details", "dialog", "figure", "blockquote", "pre", "dl", "a",
)

# Words searched in the id and class names of a block's element and its
# ancestors (as substrings, lower-cased). They name what containers hold on
# pages of every kind: layout, chrome, article bodies, forum posts, product
# parts, documentation, service-page sections.
CLASS_TOKENS = (
    "nav", "menu", "header", "footer", "sidebar", "side", "widget", "comment", "reply",
    "related", "recommend", "share", "social", "ad", "promo", "sponsor", "cookie", "consent",
    "newsletter", "subscribe", "modal", "popup", "banner", "breadcrumb", "pagination", "tag",
    "author", "byline", "meta", "date", "caption", "credit", "hidden", "content", "article",
    "post", "entry", "body", "text", "main", "story", "product", "description", "detail",
    "price", "review", "rating", "card", "item", "grid", "list", "forum", "thread", "message",
    "topic", "user", "avatar", "signature", "doc", "markdown", "prose", "faq", "feature",
    "pricing", "hero", "testimonial", "cta", "toc", "search", "login", "cart", "title",
    "summary", "spec", "tab", "accordion", "container", "wrapper", "section", "footnote",
)

# The reasons the rule filters give, as vote features (dom_boilerplate's
# groups, the section filters, main_content's verdicts).
VOTES = (
    "container_cookie", "container_newsletter", "container_share", "container_related",
    "container_comments", "container_ads", "container_navigation", "container_footer",
    "container_header", "container_sidebar", "container_dialog", "container_meta",
    "related", "comments", "outside_main_content", "outside_article_container",
    "no_main_content_found", "hidden",
)

# Page-level: words in the URL's path, schema.org types, og:type values.
URL_TOKENS = (
    "product", "products", "p", "item", "itm", "dp", "shop", "store", "buy", "collections",
    "collection", "category", "categories", "c", "t", "forum", "forums", "thread", "threads",
    "topic", "topics", "community", "discussion", "questions", "q", "docs", "doc",
    "documentation", "api", "guide", "guides", "reference", "manual", "learn", "blog", "news",
    "article", "articles", "post", "posts", "pricing", "features", "solutions", "services",
    "service", "jobs", "careers", "courses", "course", "reviews", "list", "lists", "best",
    "top", "search", "tag", "tags", "events", "recipes", "html", "wiki", "help", "support",
)
SCHEMA_TYPES = (
    "article", "newsarticle", "blogposting", "techarticle", "liveblogposting", "product",
    "productgroup", "offer", "aggregaterating", "review", "discussionforumposting", "qapage",
    "question", "itemlist", "collectionpage", "searchresultspage", "faqpage",
    "softwareapplication", "organization", "localbusiness", "service", "webpage", "course",
    "event", "recipe", "breadcrumblist", "howto", "jobposting", "videoobject",
)
OG_TYPES = ("article", "product", "website", "profile", "video")
PAGE_CLASS_TOKENS = (
    "post", "comment", "reply", "product", "card", "item", "grid", "price", "cart", "doc",
    "sidebar", "toc", "highlight", "forum", "thread", "message", "pricing", "testimonial",
    "hero", "feature", "faq", "article", "filter", "pagination", "rating", "review", "author",
)
PAGE_CUES = {
    "price": re.compile(r"(?:[$€£¥₹]\s?\d|\d(?:[.,]\d\d)?\s?(?:€|usd|eur|gbp)\b)", re.I),
    "cart": re.compile(r"\b(?:add to (?:cart|bag|basket)|buy now|in stock|out of stock)\b", re.I),
    "forum": re.compile(r"\b(?:reply|replies|quote|joined|posts?:|likes?|views?|members?)\b", re.I),
    "docs": re.compile(r"\b(?:parameters?|returns?|example|install|usage|api|function)\b", re.I),
    "service": re.compile(
        r"\b(?:get started|free trial|book a demo|pricing|sign up|contact us)\b", re.I
    ),
    "listing": re.compile(r"\b(?:results?|showing|sort by|filter|load more|page \d)\b", re.I),
}
TAG_COUNTS = (
    "article", "p", "li", "h1", "h2", "h3", "pre", "code", "table", "form", "input", "button",
    "img", "section", "time", "blockquote", "aside", "nav", "a",
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


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


class _Ancestry:
    """Per element, what its ancestors say: memoised, so each element of the
    tree is looked at once however many blocks sit under it."""

    def __init__(self) -> None:
        self.memo: dict[Any, tuple[int, frozenset[str], frozenset[str], bool]] = {}

    def of(self, el: Any) -> tuple[int, frozenset[str], frozenset[str], bool]:
        """(depth, ancestor tags, class tokens, hidden) for an element, self included."""
        path = []
        node = el
        while node is not None and node not in self.memo:
            path.append(node)
            node = node.getparent()
        depth, tags, tokens, hidden = (
            self.memo[node] if node is not None else (0, frozenset(), frozenset(), False)
        )
        for item in reversed(path):
            tag = item.tag if isinstance(item.tag, str) else ""
            depth += 1
            if tag in ANCESTOR_TAGS:
                tags = tags | {tag}
            label = f"{item.get('id', '')} {item.get('class', '')}".lower()
            if label.strip():
                found = {t for t in CLASS_TOKENS if t in label}
                if not found <= tokens:
                    tokens = tokens | found
            hidden = hidden or _hidden(item)
            self.memo[item] = (depth, tags, tokens, hidden)
        return depth, tags, tokens, hidden


def block_feature_names() -> list[str]:
    names = [f"kind_{k}" for k in KINDS]
    names += [
        "heading_level", "log_words", "log_chars", "link_density", "sentence_ends",
        "ends_terminal", "comma_rate", "digit_rate", "capital_rate", "has_price", "has_date",
        "separators", "position", "words_before", "depth", "hidden", "repeats",
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


def _up(el: Any, levels: int) -> Any:
    node = el
    for _ in range(levels):
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    return node


def block_features(
    doc: Document,
    votes: dict[int, str],
    type_probs: Iterable[float],
) -> NDArray[np.float64]:
    """One row per block of `doc` (the reader's blocks, in order).

    `votes` maps a block index to the reason a rule filter gave for dropping
    it; `type_probs` are the page-type classifier's probabilities."""
    blocks = doc.blocks
    n = len(blocks)
    names = block_feature_names()
    out = np.zeros((n, len(names)))
    if not n:
        return out
    ancestry = _Ancestry()
    counts = [word_count(b.text) for b in blocks]
    total = max(1, sum(counts))
    kept = [b.index not in votes for b in blocks]
    # Words, link words, blocks and kept words under every element that holds a block.
    agg: dict[Any, list[float]] = {}
    lineage: list[tuple[Any, Any, Any]] = []
    for block, words, keep in zip(blocks, counts, kept, strict=True):
        el = doc.elements[block.index]
        ups = (_up(el, 1), _up(el, 2), _up(el, 4))
        lineage.append(ups)
        for node in set(ups):
            a = agg.setdefault(node, [0.0, 0.0, 0.0, 0.0])
            a[0] += words
            a[1] += words * block.source.link_density
            a[2] += 1
            a[3] += words if keep else 0
    norm_texts = Counter(b.text.casefold() for b in blocks)
    title_words = set(_WORD.findall(doc.metadata.title.casefold()))
    cut_words = sum(
        w
        for b, w in zip(blocks, counts, strict=True)
        if votes.get(b.index, "").startswith("container_")
    )
    link_words = sum(w * b.source.link_density for b, w in zip(blocks, counts, strict=True))
    kept_words = sum(w for w, k in zip(counts, kept, strict=True) if k)
    page = [
        math.log1p(n),
        math.log1p(total),
        kept_words / total,
        cut_words / total,
        link_words / total,
    ]
    types = list(type_probs)
    col = {name: i for i, name in enumerate(names)}
    before = 0
    for i, block in enumerate(blocks):
        row = out[i]
        text = block.text
        words = counts[i]
        el = doc.elements[block.index]
        row[col[f"kind_{block.kind}"]] = 1
        tag = block.source.tag
        is_heading = len(tag) == 2 and tag[0] == "h" and tag[1].isdigit()
        row[col["heading_level"]] = int(tag[1]) if is_heading else 0
        row[col["log_words"]] = math.log1p(words)
        row[col["log_chars"]] = math.log1p(len(text))
        row[col["link_density"]] = block.source.link_density
        ends = len(_SENTENCE_END.findall(text))
        row[col["sentence_ends"]] = ends / max(1, words) * 10
        row[col["ends_terminal"]] = 1 if _SENTENCE_END.search(text[-3:] + " ") else 0
        row[col["comma_rate"]] = text.count(",") / max(1, words)
        row[col["digit_rate"]] = len(_DIGIT.findall(text)) / max(1, len(text))
        tokens = text.split()
        row[col["capital_rate"]] = sum(1 for t in tokens if t[:1].isupper()) / max(1, len(tokens))
        row[col["has_price"]] = 1 if _PRICE.search(text) else 0
        row[col["has_date"]] = 1 if _DATE.search(text) else 0
        row[col["separators"]] = len(_SEPARATOR.findall(text))
        row[col["position"]] = i / n
        row[col["words_before"]] = before / total
        before += words
        depth, tags, cls, hidden = ancestry.of(el)
        row[col["depth"]] = depth
        row[col["hidden"]] = 1 if hidden else 0
        row[col["repeats"]] = norm_texts[text.casefold()] - 1
        if title_words:
            bw = set(_WORD.findall(text.casefold()))
            row[col["title_overlap"]] = len(bw & title_words) / len(title_words | bw) if bw else 0
        for t in tags:
            row[col[f"in_{t}"]] = 1
        for t in cls:
            row[col[f"cls_{t}"]] = 1
        vote = votes.get(block.index)
        if vote is not None:
            row[col[f"vote_{vote}"]] = 1
            if vote.startswith("container_"):
                row[col["vote_any_dom"]] = 1
        row[col["kept_by_rules"]] = 1 if kept[i] else 0
        for level, node in zip((1, 2, 4), lineage[i], strict=True):
            a = agg[node]
            row[col[f"up{level}_share"]] = a[0] / total
            row[col[f"up{level}_links"]] = a[1] / max(1.0, a[0])
            row[col[f"up{level}_blocks"]] = math.log1p(a[2])
            row[col[f"up{level}_kept"]] = a[3] / max(1.0, a[0])
        for side, j in (("prev", i - 1), ("next", i + 1)):
            if 0 <= j < n:
                other = blocks[j]
                row[col[f"{side}_kept"]] = 1 if kept[j] else 0
                row[col[f"{side}_log_words"]] = math.log1p(counts[j])
                row[col[f"{side}_links"]] = other.source.link_density
                row[col[f"{side}_same_parent"]] = 1 if lineage[j][0] is lineage[i][0] else 0
            else:
                row[col[f"{side}_kept"]] = -1
        base = col["page_log_blocks"]
        row[base : base + len(page)] = page
        if types:
            start = col[f"type_{PAGE_TYPES[0]}"]
            row[start : start + len(types)] = types
    return out


# --- page level ---------------------------------------------------------------------------------


def page_feature_names() -> list[str]:
    names = [f"url_{t}" for t in URL_TOKENS]
    names += ["url_depth", "url_digits", "url_query", "url_long_slug"]
    names += [f"ld_{t}" for t in SCHEMA_TYPES]
    names += [f"og_{t}" for t in OG_TYPES]
    names += [f"tags_{t}" for t in TAG_COUNTS]
    names += [f"pcls_{t}" for t in PAGE_CLASS_TOKENS]
    names += [f"cue_{c}" for c in PAGE_CUES]
    names += [
        "log_blocks", "log_words", "mean_words", "paragraph_share", "item_share",
        "heading_share", "link_share", "code_share", "table_share", "prose_blocks",
    ]
    return names


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
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            tag_counts[tag] += 1
            label = el.get("class")
            if label:
                labels[label.lower()] += 1
        for label, count in labels.items():
            for t in PAGE_CLASS_TOKENS:
                if t in label:
                    cls_counts[t] += count
        for t in TAG_COUNTS:
            row[col[f"tags_{t}"]] = math.log1p(tag_counts[t])
        for t in PAGE_CLASS_TOKENS:
            row[col[f"pcls_{t}"]] = math.log1p(cls_counts[t])
    blocks = doc.blocks
    text = "\n".join(b.text for b in blocks[:3000])
    for cue, pattern in PAGE_CUES.items():
        row[col[f"cue_{cue}"]] = math.log1p(len(pattern.findall(text)))
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
    row[col["prose_blocks"]] = math.log1p(
        sum(
            1
            for b, w in zip(blocks, counts, strict=True)
            if w >= 25 and _SENTENCE_END.search(b.text)
        )
    )
    return row


def block_is_content(
    block: Block, gold_lines: set[str], gold_shingles: set[tuple[str, ...]]
) -> bool:
    """Training label: the block's words are (mostly) in the truth. Short blocks
    must equal a truth line; longer ones need half their word trigrams in it."""
    tokens = _WORD.findall(block.text.casefold())
    if not tokens:
        return False
    if len(tokens) < 3:
        return " ".join(tokens) in gold_lines
    grams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return sum(g in gold_shingles for g in grams) >= 0.5 * len(grams)


def gold_index(text: str) -> tuple[set[str], set[tuple[str, ...]]]:
    """The truth's lines and word trigrams, as `block_is_content` needs them."""
    lines = {" ".join(_WORD.findall(line.casefold())) for line in text.splitlines()}
    tokens = _WORD.findall(text.casefold())
    return lines, set(zip(tokens, tokens[1:], tokens[2:], strict=False))
