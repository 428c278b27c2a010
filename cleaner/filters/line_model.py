"""Learned line classifier for scraped text: which lines are the page's main content.

Three small tree ensembles, trained by bench/train_text.py on paired page texts and their
reviewed main content (cleaner/models/TEXT_MODEL_CARD.md), score the text:

1. the page type, from a summary of the page's lines (cleaner.features.text.PAGE);
2. every line, from its own shape, its neighbours', the page summary and the page-type
   probabilities (cleaner.features.text.LINE): the probability that it is content;
3. a confidence, an estimate of the output's word F1, from a summary of the line scores.

Lines scoring under `threshold` (`article_threshold` on pages typed article) are removed,
each with a reason code saying what the line looked like. The features are computed on the
text as read, so lines that earlier filters removed still count as evidence (a comment
heading tells where the article ends).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cleaner.document import PAGE_TYPES, Document
from cleaner.features import text as feats
from cleaner.filters.base import Filter
from cleaner.models import load_model
from cleaner.readers.text import read_text

MODELS = Path(__file__).resolve().parent.parent / "models"
LINE_MODEL = MODELS / "text_lines.json"
CONTEXT_MODEL = MODELS / "text_lines_context.json"
PAGE_TYPE_MODEL = MODELS / "text_page_type.json"
CONFIDENCE_MODEL = MODELS / "text_confidence.json"


# The never-empty guard keeps only lines of at least this many words.
_GUARD_WORDS = 8


def _words(base: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(np.expm1(base[:, feats.BASE.index("words")])) if len(base) else np.zeros(0)


def _reason(row: NDArray[np.float64]) -> str:
    """A short code for what a removed line looked like (for --explain and counts)."""
    at = feats.LINE.index
    if row[at("section_comments")]:
        return "comment_section"
    if row[at("section_related")]:
        return "related_section"
    if row[at("removed_before")]:
        return "boilerplate_line"
    if row[at("forum")]:
        return "forum_meta"
    if row[at("price")] or row[at("rating")]:
        return "price_or_rating"
    if row[at("dup_earlier")]:
        return "repeated_line"
    if row[at("cta")]:
        return "call_to_action"
    if row[at("short_run")] >= np.log1p(3):
        return "menu_run"
    if row[at("in_best_run")] == 0:
        return "outside_main_text"
    return "boilerplate_line"


class LineModel(Filter):
    """Score every line of a scraped text with a learned model; drop the boilerplate."""

    name = "line_model"
    formats = frozenset({"text"})

    def __init__(
        self,
        *,
        model: str = "",
        context_model: str = "",
        page_type_model: str = "",
        confidence_model: str = "",
        threshold: float = 0.45,
        article_threshold: float = 0.55,
        settle_rounds: int = 6,
        article_sections: float = 0.5,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.model = model or str(LINE_MODEL)
        self.context_model = context_model or str(CONTEXT_MODEL)
        self.page_type_model = page_type_model or str(PAGE_TYPE_MODEL)
        self.confidence_model = confidence_model or str(CONFIDENCE_MODEL)
        self.threshold = threshold
        # The cut on pages typed article: chosen out of fold by bench/text_cut.py
        # (bench/results/text_cut.md), where aeb's three renderings and wcxb-dev weigh alike.
        self.article_threshold = article_threshold
        self.settle_rounds = settle_rounds
        # Page-type probability of "article" from which related and comment sections are
        # cut whole; 0 turns the profile off.
        self.article_sections = article_sections

    def page_types(self, page: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probabilities of PAGE_TYPES for one page summary."""
        model = load_model(self.page_type_model, list(feats.PAGE))
        probs = model.predict(page[None, :])[0]
        order = [model.classes.index(t) for t in PAGE_TYPES]
        return np.asarray(probs[order])

    def score(
        self, doc: Document, known: dict[str, NDArray[np.float64]] | None = None
    ) -> dict[str, Any]:
        """Everything the filter computes for a document: lines, features, probabilities.
        `known` caches per-text features between calls on the same page."""
        lines, base = feats.base_matrix(doc, own=self.name, patterns=self.patterns, known=known)
        page = feats.page_features(base)
        types = self.page_types(page)
        x = feats.line_matrix(base, page, types)
        if not len(x):
            probs = np.zeros(0)
            return {"lines": lines, "base": base, "page": page, "types": types, "x": x, "p": probs}
        first = load_model(self.model, list(feats.LINE)).predict(x)
        x2 = feats.context_matrix(x, first, base)
        probs = load_model(self.context_model, list(feats.CONTEXT)).predict(x2)
        return {"lines": lines, "base": base, "page": page, "types": types, "x": x, "p": probs}

    def confidence(self, scored: dict[str, Any], kept: NDArray[np.bool_]) -> float:
        row = feats.confidence_features(
            scored["base"], scored["page"], scored["p"], kept, scored["types"]
        )
        value = load_model(self.confidence_model, list(feats.CONFIDENCE)).predict(row[None, :])[0]
        return round(float(min(1.0, max(0.0, value))), 4)

    def apply(self, doc: Document) -> Document:
        known: dict[str, NDArray[np.float64]] = {}
        scored = self.score(doc, known)
        current = {b.index for b in doc.blocks}
        probs: NDArray[np.float64] = scored["p"]
        cut = self._cut(scored["types"])
        keep = self.decide(
            probs,
            np.array([b.index in current for b in scored["lines"]]),
            _words(scored["base"]),
            cut,
        )
        drops: dict[int, str] = {}
        for i, line in enumerate(scored["lines"]):
            if line.index in current and not keep[i]:
                drops[line.index] = _reason(scored["x"][i])
        if self.article_sections and self._article(scored["types"]):
            # The article profile: on a page the classifier is sure is an article, comment
            # and related sections go whole, as they do in HTML (on forums they are the posts).
            # Only sections that start after the article does: a "15 comments" counter or a
            # "Related" link above the article starts no section of it.
            at = feats.LINE.index
            x = scored["x"]
            section = (x[:, at("section_comments")] > 0) | (x[:, at("section_related")] > 0)
            alive = np.array([line.index in current for line in scored["lines"]], dtype=bool)
            prose = keep & alive & (_words(scored["base"]) >= feats.PROSE_WORDS)
            first = int(np.argmax(prose)) if prose.any() else len(keep)
            run_start = 0
            for i in range(len(section)):
                if not section[i]:
                    continue
                if i == 0 or not section[i - 1]:
                    run_start = i
                if run_start > first and alive[i]:
                    drops.setdefault(scored["lines"][i].index, _reason(x[i]))
        self._settle(doc, drops, known)
        kept = np.array([b.index in current and b.index not in drops for b in scored["lines"]])
        page_type = PAGE_TYPES[int(np.argmax(scored["types"]))]
        confidence = self.confidence(scored, kept.astype(bool))
        return doc.apply(self.name, drops).evolve(page_type=page_type, confidence=confidence)

    def _article(self, types: NDArray[np.float64]) -> bool:
        return bool(types[PAGE_TYPES.index("article")] >= self.article_sections)

    def _cut(self, types: NDArray[np.float64]) -> float:
        if PAGE_TYPES[int(np.argmax(types))] == "article":
            return self.article_threshold
        return self.threshold

    def decide(
        self,
        probs: NDArray[np.float64],
        alive: NDArray[np.bool_],
        words: NDArray[np.float64] | None = None,
        cut: float | None = None,
    ) -> NDArray[np.bool_]:
        """Which lines stay: those scoring `cut` (by default `threshold`) or more. A page is
        never emptied whole (trafilatura's guard against pruning too much): when no line
        still alive reaches the cut, those within half of the best alive line's score stay."""
        keep = probs >= (self.threshold if cut is None else cut)
        if len(probs) and not (keep & alive).any() and alive.any():
            keep = probs >= 0.5 * float(probs[alive].max())
            if words is not None:
                # Only prose-length lines are worth keeping that way.
                keep &= words >= _GUARD_WORDS
        return np.asarray(keep)

    def _settle(
        self, doc: Document, drops: dict[int, str], known: dict[str, NDArray[np.float64]]
    ) -> None:
        """Read the kept lines again as a text of their own and score them: what would go
        then goes now, so that cleaning the output again removes nothing more. Up to
        `settle_rounds` rounds (each scores only the lines still kept; most pages need one)."""
        for _ in range(self.settle_rounds):
            kept = [b for b in doc.blocks if b.index not in drops]
            if not kept:
                return
            again = self.score(read_text("\n".join(b.text for b in kept)), known)
            low = ~self.decide(
                again["p"],
                np.ones(len(again["p"]), dtype=bool),
                _words(again["base"]),
                self._cut(again["types"]),
            )
            if not low.any():
                return
            long = _words(again["base"]) >= _GUARD_WORDS
            if long.any() and not (long & ~low).any():
                # The never-empty guard, for the rounds too: a round that would leave no
                # prose-length line keeps those within half of the best one's score instead
                # (markup fed as text ends here), as cleaning its output again would.
                p = again["p"]
                low = ~(long & (p >= 0.5 * float(p[long].max())))
            for j, line in enumerate(again["lines"]):
                if not low[j]:
                    continue
                for k in range(line.source.line_start - 1, min(line.source.line_end, len(kept))):
                    drops[kept[k].index] = _reason(again["x"][j])
