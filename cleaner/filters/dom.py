"""DOM pre-cleaning: cut containers that are boilerplate by their tag, ARIA
role, id or class names (patterns/selectors.toml) before main-content
extraction sees the page.

Readability's rule applies: a container named like the article body is kept
whatever else it matches, and no container that holds most of the page's
text is cut, however it is named (sites put "sidebar" on layout wrappers).
"""

from __future__ import annotations

from typing import Any

from cleaner.document import Document
from cleaner.filters.base import Filter
from cleaner.patterns import SelectorGroup

KEEP = "container_keep"


class DomBoilerplate(Filter):
    name = "dom_boilerplate"
    formats = frozenset({"html"})

    def __init__(self, *, max_share: float = 0.4, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_share = max_share
        names = [g for g in self.patterns.group_names if g.startswith("container_")]
        self._keep = self.patterns.selectors(KEEP)
        self._groups = [self.patterns.selectors(g) for g in names if g != KEEP]

    def classify(self, el: Any) -> str | None:
        """The group an element belongs to: KEEP, a boilerplate group, or None."""
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in self._keep.tags:
            return KEEP
        role = (el.get("role") or "").strip().lower()
        label = f"{el.get('id') or ''} {el.get('class') or ''}".replace("_", "-").strip()
        if label and _match(self._keep, label):
            return KEEP
        for group in self._groups:
            if tag in group.tags or (role and role in group.roles):
                return group.name
            if label and _match(group, label):
                return group.name
        return None

    def apply(self, doc: Document) -> Document:
        memo: dict[Any, str | None] = {}
        sizes: dict[Any, int] = {}
        chains: dict[int, list[Any]] = {}
        total = 0
        for block in doc.blocks:
            el = doc.elements[block.index]
            chain = [el, *el.iterancestors()]
            chains[block.index] = chain
            total += len(block.text)
            for node in chain:
                sizes[node] = sizes.get(node, 0) + len(block.text)
        limit = self.max_share * total
        drops: dict[int, str] = {}
        cut: list[Any] = list(doc.cut_elements)
        cut_set = set(cut)
        for block in doc.blocks:
            for node in chains[block.index]:
                if node not in memo:
                    memo[node] = self.classify(node)
                group = memo[node]
                if group is None or (group != KEEP and sizes[node] > limit):
                    continue
                if group != KEEP:
                    drops[block.index] = group
                    if node not in cut_set:
                        cut_set.add(node)
                        cut.append(node)
                break
        return doc.apply(self.name, drops).evolve(cut_elements=tuple(cut))


def _match(group: SelectorGroup, label: str) -> bool:
    return bool(group.names and group.names.search(label))
