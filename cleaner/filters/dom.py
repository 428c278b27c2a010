"""DOM pre-cleaning: cut containers that are boilerplate by their tag, ARIA
role, id or class names (patterns/selectors.toml) before main-content
extraction sees the page.

Readability's rule applies: a container named like the article body is kept
whatever else it matches, and no container that holds most of the page's
text is cut, however it is named (sites put "sidebar" on layout wrappers).
"""

from __future__ import annotations

import re
from typing import Any

from cleaner.document import LABEL_MEMO_SIZE, Document
from cleaner.filters.base import Filter
from cleaner.patterns import any_of

KEEP = "container_keep"
Chain = tuple[tuple[Any, str], ...]


class DomBoilerplate(Filter):
    """Containers that are boilerplate by tag, role, id or class (selectors.toml)."""

    name = "dom_boilerplate"
    formats = frozenset({"html"})

    def __init__(self, *, max_share: float = 0.4, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_share = max_share
        names = [g for g in self.patterns.group_names if g.startswith("container_")]
        groups = [self.patterns.selectors(g) for g in names]
        keep = self.patterns.selectors(KEEP)
        self._keep_tags = keep.tags
        self._tags = {t: g.name for g in groups if g.name != KEEP for t in g.tags}
        self._roles = {r: g.name for g in groups if g.name != KEEP for r in g.roles}
        # One search per element: each group's name patterns as a named alternative.
        alternatives = [
            f"(?P<{g.name}>{g.names.pattern})" for g in groups if g.name != KEEP and g.names
        ]
        # Labels are lower-cased once; a case-sensitive search is twice as fast.
        self._names = re.compile("|".join(alternatives))
        # Most labels match no group: one search without the named groups (which re enters
        # at every character) says so twice as fast.
        self._any_name = any_of(
            [
                p
                for g in groups
                if g.name != KEEP
                for p in self.patterns.table(g.name).get("names", [])
            ],
            0,
        )
        self._keep_names = re.compile(keep.names.pattern) if keep.names else None
        self._label_memo: dict[str, str | None] = {}
        self._keep_memo: dict[str, bool] = {}

    def classify(self, el: Any) -> str | None:
        """The group an element belongs to: KEEP, a boilerplate group, or None."""
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in self._keep_tags:
            return KEEP
        attrib = el.attrib
        if not attrib:
            return self._tags.get(tag)
        label = (
            f"{attrib.get('id', '')} {attrib.get('class', '')}".replace("_", "-").strip().lower()
        )
        if label and self._keep_names and self._keep(label):
            return KEEP
        if tag in self._tags:
            return self._tags[tag]
        role = attrib.get("role", "").strip().lower()
        if role in self._roles:
            return self._roles[role]
        return self._by_names(label) if label else None

    def _keep(self, label: str) -> bool:
        if label not in self._keep_memo:
            if len(self._keep_memo) > LABEL_MEMO_SIZE:
                self._keep_memo.clear()
            self._keep_memo[label] = bool(self._keep_names and self._keep_names.search(label))
        return self._keep_memo[label]

    def _by_names(self, label: str) -> str | None:
        # Sites repeat the same few class strings on thousands of elements.
        if label not in self._label_memo:
            if len(self._label_memo) > LABEL_MEMO_SIZE:
                self._label_memo.clear()
            m = (
                self._names.search(label)
                if self._any_name is not None and self._any_name.search(label)
                else None
            )
            self._label_memo[label] = m.lastgroup if m else None
        return self._label_memo[label]

    def apply(self, doc: Document) -> Document:
        # Per element, memoised so that each ancestor is classified and visited
        # once however many blocks share it: the boilerplate containers on its
        # way up to the first "keep" container (nearest first), and all the
        # boilerplate containers above it (for their text sizes).
        memo: dict[Any, tuple[Chain, Chain]] = {}
        chains = [self._chains(doc.elements[b.index], memo) for b in doc.blocks]
        sizes: dict[Any, int] = {}
        total = 0
        for block, (_, every) in zip(doc.blocks, chains, strict=True):
            total += len(block.text)
            for node, _ in every:
                sizes[node] = sizes.get(node, 0) + len(block.text)
        limit = self.max_share * total
        drops: dict[int, str] = {}
        cut: list[Any] = list(doc.cut_elements)
        cut_set = set(cut)
        for block, (usable, _) in zip(doc.blocks, chains, strict=True):
            if block.source.hidden:
                # Not shown to a reader (closed tabs, dialogs, streamed parts).
                drops[block.index] = "hidden"
                el = doc.elements[block.index]
                if el not in cut_set:
                    cut_set.add(el)
                    cut.append(el)
                continue
            for node, group in usable:
                if sizes[node] > limit:
                    continue
                drops[block.index] = group
                if node not in cut_set:
                    cut_set.add(node)
                    cut.append(node)
                break
        return doc.apply(self.name, drops).evolve(cut_elements=tuple(cut))

    def _chains(self, el: Any, memo: dict[Any, tuple[Chain, Chain]]) -> tuple[Chain, Chain]:
        path = []
        node = el
        while node is not None and node not in memo:
            path.append(node)
            node = node.getparent()
        usable, every = memo[node] if node is not None else ((), ())
        for item in reversed(path):
            group = self.classify(item)
            if group == KEEP:
                usable = ()
            elif group is not None:
                usable = ((item, group), *usable)
                every = ((item, group), *every)
            memo[item] = (usable, every)
        return usable, every
