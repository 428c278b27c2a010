"""Gates: consent dialogs and paywall boxes, removed by what they say.

Their class names are often meaningless ("qc-cmp2-container",
"tp-container-inner"), and a container that is named for them ("paywall")
often wraps the gated article text as well. So a gate is found from its
text (patterns/gates.toml): the box is the largest element around gate text
that is mostly gate text, and it never takes the article prose around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cleaner.document import Block, Document, word_count
from cleaner.filters.base import Filter
from cleaner.patterns import any_of, caseless

GROUPS = ("consent_box", "paywall_box")
# Never a gate, however much gate text they hold: the article and the page.
_STOP_TAGS = frozenset({"article", "main", "body", "html"})
# A box holds at least two gate blocks matching three different
# patterns: a sentence or a list that mentions cookies or a price is no dialog.
_MIN_BLOCKS = 2
_MIN_PATTERNS = 3


@dataclass
class _Tally:
    """Gate words and other words under one element."""

    gate_words: dict[str, int] = field(default_factory=dict)
    gate_blocks: int = 0
    patterns: dict[str, set[int]] = field(default_factory=dict)
    other_words: int = 0


class Gates(Filter):
    """Consent dialogs and paywall boxes, found by their text, not the text around them."""

    name = "gates"
    formats = frozenset({"html"})

    def __init__(self, *, max_other_share: float = 0.5, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A box is mostly gate text: prose, menus, forms and links around the
        # gate text are the page, not the box.
        self.max_other_share = max_other_share
        self._patterns = {
            g: [re.compile(p, re.I) for p in self.patterns.table(g).get("contains", [])]
            for g in GROUPS
        }
        self._max_words = {g: int(self.patterns.table(g).get("max_words", 60)) for g in GROUPS}
        # One search per block and group first (most blocks match no pattern), and one for
        # both groups before that; on lower-cased text where the patterns allow.
        every = [p for g in GROUPS for p in self.patterns.table(g).get("contains", [])]
        self._folded = caseless(every)
        flags = 0 if self._folded else re.IGNORECASE
        self._any = {g: any_of(self.patterns.table(g).get("contains", []), flags) for g in GROUPS}
        self._screen = any_of(every, flags)
        self._longest = max(self._max_words.values())

    def gate_text(self, block: Block) -> tuple[str, set[int]] | None:
        """The group whose patterns the block matches, and which of them."""
        n = word_count(block.text)
        if n > self._longest or self._screen is None:
            return None
        probe = block.text.lower() if self._folded else block.text
        if not self._screen.search(probe):
            return None
        for group in GROUPS:
            if n > self._max_words[group]:
                continue
            any_pattern = self._any[group]
            if any_pattern is None or not any_pattern.search(probe):
                continue
            hits = {i for i, p in enumerate(self._patterns[group]) if p.search(block.text)}
            if hits:
                return group, hits
        return None

    def apply(self, doc: Document) -> Document:
        gates = [self.gate_text(block) for block in doc.blocks]
        if not any(gates):
            return doc
        tallies: dict[Any, _Tally] = {}
        seeds: list[Any] = []
        for block, gate in zip(doc.blocks, gates, strict=True):
            el = doc.elements[block.index]
            if gate is not None:
                seeds.append(el)
            n = word_count(block.text)
            for node in (el, *el.iterancestors()):
                tally = tallies.get(node)
                if tally is None:
                    tally = tallies[node] = _Tally()
                if gate is None:
                    tally.other_words += n
                    continue
                group, hits = gate
                tally.gate_words[group] = tally.gate_words.get(group, 0) + n
                tally.gate_blocks += 1
                tally.patterns.setdefault(group, set()).update(hits)
        boxes: dict[Any, str] = {}
        for el in seeds:
            found = self._box(el, tallies)
            if found is not None:
                boxes[found[0]] = found[1]
        outer = {b: g for b, g in boxes.items() if not any(a in boxes for a in b.iterancestors())}
        if not outer:
            return doc
        drops = {}
        for block in doc.blocks:
            el = doc.elements[block.index]
            box = next((a for a in (el, *el.iterancestors()) if a in outer), None)
            if box is not None:
                drops[block.index] = outer[box]
        cut = (*doc.cut_elements, *(b for b in outer if b not in doc.cut_elements))
        return doc.apply(self.name, drops).evolve(cut_elements=cut)

    def _box(self, el: Any, tallies: dict[Any, _Tally]) -> tuple[Any, str] | None:
        """The largest element around `el`, below the article and the page,
        whose text is mostly gate text; None if it is not a whole box."""
        best = None
        for node in (el, *el.iterancestors()):
            if node.tag in _STOP_TAGS or node.get("itemprop") == "articleBody":
                break
            tally = tallies[node]
            gate = sum(tally.gate_words.values())
            if tally.other_words > self.max_other_share * (gate + tally.other_words):
                break
            best = node
        if best is None:
            return None
        tally = tallies[best]
        group = max(tally.gate_words, key=lambda g: tally.gate_words[g])
        if tally.gate_blocks < _MIN_BLOCKS or len(tally.patterns[group]) < _MIN_PATTERNS:
            return None
        return best, group
