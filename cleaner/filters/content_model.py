"""Learned main-content selection for HTML.

A page-type classifier says what kind of page this is. On articles (and pages
of unsure type) the rule chain decides: dom_boilerplate, related, comments,
then main_content. On the other types the first three vote (each says which
blocks it would drop and why) and a boosted-tree model scores every block
from its votes, shape, place in the DOM and the page type, and drops the
blocks scored below its page type's cut. A dropped block keeps the reason of the
rule that voted against it, or `low_content_score` when only the model did.
Two guards hand a page to the other side when one keeps next to nothing of
what the other keeps: the model pruning a page bare, or the rules cutting the
article itself.

Models, features and folds: cleaner/models/MODEL_CARD.md, bench/train_html.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cleaner.document import PAGE_TYPES, Document, word_count
from cleaner.features.html import (
    block_feature_names,
    block_features,
    confidence_feature_names,
    confidence_features,
    page_feature_names,
    page_features,
)
from cleaner.filters.base import Filter
from cleaner.models import load_model

_MODELS = Path(__file__).resolve().parent.parent / "models"
PAGE_TYPE_MODEL = _MODELS / "html_page_type.json"
BLOCK_MODEL = _MODELS / "html_blocks.json"
CONFIDENCE_MODEL = _MODELS / "html_confidence.json"


# Votes for blocks that belong to other content than the page's own text.
_NOT_THE_ARTICLE = frozenset({"related", "comments", "container_related", "container_comments"})


def vote_key(filter_name: str, reason: str) -> str:
    """The vote feature a rule filter's removal counts as."""
    if filter_name in ("related", "comments"):
        return filter_name
    return reason


def collect_votes(doc: Document, voters: Sequence[Filter]) -> dict[int, str]:
    """What each rule filter would drop, by block index (the first vote wins)."""
    return _votes(doc, _run(doc, voters))


def _run(doc: Document, steps: Sequence[Filter]) -> Document:
    for step in steps:
        doc = step(doc)
    return doc


def _votes(before: Document, after: Document) -> dict[int, str]:
    found: dict[int, str] = {}
    for removal in after.removals[len(before.removals) :]:
        if removal.new_text is None:
            found.setdefault(removal.index, vote_key(removal.filter, removal.reason))
    return found


def _words(doc: Document, drops: dict[int, str]) -> int:
    """Words in the blocks a verdict keeps."""
    return sum(word_count(b.text) for b in doc.blocks if b.index not in drops)


class ContentModel(Filter):
    """Not the main content: the rule chain says so on articles, a learned model elsewhere."""

    name = "content_model"
    formats = frozenset({"html"})

    def __init__(
        self,
        *,
        voters: Sequence[Filter] = (),
        referee: Filter | None = None,
        rules_for: Sequence[str] = ("article",),
        sure: float = 0.35,
        min_share: float = 0.2,
        rules_share: float = 0.2,
        page_type_model: str = "",
        block_model: str = "",
        confidence_model: str = "",
        threshold: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.voters = list(voters)
        # On these page types the whole rule chain (the voters, then the
        # referee: main_content) decides instead of the model. The rules grew
        # from news pages and hold their chrome (bylines, related-article
        # bodies, live-blog entry furniture) better than the model does.
        self.referee = referee
        self.rules_for = frozenset(rules_for)
        # ... and on pages whose type the classifier is less sure of than this.
        self.sure = sure
        # A guard against pruning too much: when the model keeps less than this
        # share of the words the rule chain keeps (a one-paragraph page, a
        # layout it has not seen), the rule chain decides alone.
        self.min_share = min_share
        # The guard's mirror: where the rules decide but keep less than this
        # share of the words the model keeps, the model decides (the rules cut
        # the article itself, e.g. a body inside a "sidebar" layout class).
        self.rules_share = rules_share
        self.page_type = load_model(page_type_model or PAGE_TYPE_MODEL, page_feature_names())
        self.blocks = load_model(block_model or BLOCK_MODEL, block_feature_names())
        # "none": no confidence estimate (the training script's fold runs).
        self.confidence = (
            None
            if confidence_model == "none"
            else load_model(confidence_model or CONFIDENCE_MODEL, confidence_feature_names())
        )
        # The cut per page type (chosen on held-back folds by the training
        # script, in the model file), else the model's one cut; the option
        # overrides both.
        meta = self.blocks.meta
        default = float(threshold) if threshold is not None else float(meta["threshold"])
        chosen = {} if threshold is not None else meta.get("thresholds", {})
        self.thresholds = {t: float(chosen.get(t, default)) for t in PAGE_TYPES}

    def type_probabilities(self, doc: Document) -> NDArray[np.float64]:
        return self.page_type.predict(page_features(doc)[None, :])[0]

    def scores(
        self, doc: Document, votes: dict[int, str], types: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        return self.blocks.predict(block_features(doc, votes, types))

    def apply(self, doc: Document) -> Document:
        if any(r.filter == self.name for r in doc.removals):
            # The verdict is about the page as read; judged again without the
            # blocks it dropped, the page would look like another page.
            return doc
        types = self.type_probabilities(doc)
        page_type = PAGE_TYPES[int(np.argmax(types))]
        threshold = self.thresholds[page_type]
        voted = _run(doc, self.voters)
        votes = _votes(doc, voted)
        scores = self.scores(doc, votes, types)
        drops = {
            b.index: votes.get(b.index, "low_content_score")
            for b, score in zip(doc.blocks, scores, strict=True)
            if score < threshold
        }
        rules_decide = page_type in self.rules_for or float(np.max(types)) < self.sure
        kept = _words(doc, drops)
        # The guard can only fire when the model keeps under min_share of all words.
        if self.referee is not None and (rules_decide or kept < self.min_share * _words(doc, {})):
            rules = _votes(doc, self.referee(voted))
            ruled = _words(doc, rules)
            if rules_decide:
                # Comment threads and related articles the model keeps are
                # never the article the rules might have cut.
                other = {i: v for i, v in votes.items() if v in _NOT_THE_ARTICLE}
                use_rules = ruled >= self.rules_share * _words(doc, {**drops, **other})
            else:
                use_rules = kept < self.min_share * ruled
            if use_rules:
                drops = rules
        confidence = None
        if self.confidence is not None:
            row = confidence_features(doc, scores, threshold, types, votes)
            confidence = float(np.clip(self.confidence.predict(row[None, :])[0], 0.0, 1.0))
        return doc.apply(self.name, drops).evolve(page_type=page_type, confidence=confidence)
