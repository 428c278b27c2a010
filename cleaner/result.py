"""What cleaning one input gives back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.chain import FilterStats
from cleaner.document import Block, Document, InputFormat, Metadata, Removal
from cleaner.filters.page_profile import NOT_AN_ARTICLE


@dataclass(frozen=True)
class Result:
    """The clean article: body text, title, metadata, and what was removed."""

    text: str
    title: str
    metadata: Metadata
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...]
    original: tuple[Block, ...]
    input_format: InputFormat
    stats: list[FilterStats] = field(default_factory=list)
    # One of document.PAGE_TYPES, or "" when no step classified the page.
    page_type: str = ""
    # An estimate of the clean text's F1 in [0, 1]; None when not estimated.
    confidence: float | None = None
    # Why the text is empty, as a code ("empty_input": nothing to read; "no_page_text": the
    # page has no text outside its scripts; "no_main_content": every block was removed, see
    # explain()); "" when it is not. empty_reason() words it.
    empty_code: str = ""

    @classmethod
    def from_document(cls, doc: Document, stats: list[FilterStats]) -> Result:
        return cls(
            text=doc.text,
            title=doc.metadata.title,
            metadata=doc.metadata,
            blocks=doc.blocks,
            removals=doc.removals,
            original=doc.original,
            input_format=doc.input_format,
            stats=stats,
            page_type=doc.page_type,
            confidence=doc.confidence,
            empty_code=_empty_code(doc),
        )

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def not_an_article(self) -> bool:
        """Emptied by `articles_only`: the page is of another type."""
        return any(r.reason == NOT_AN_ARTICLE for r in self.removals)

    def empty_reason(self) -> str:
        """Why there is no text, for error messages."""
        if self.not_an_article:
            return f"not an article (page type: {self.page_type})"
        if self.empty_code == "empty_input":
            return "input is empty"
        if self.empty_code == "no_page_text":
            return (
                "the page has no text outside its scripts (JavaScript draws it: save the page "
                "from a browser once it has rendered)"
            )
        return "no article text found"

    def explain(self) -> list[dict[str, Any]]:
        """One entry per removed or rewritten block, in page order."""
        by_index = {b.index: b for b in self.original}
        entries = []
        for r in sorted(self.removals, key=lambda r: r.index):
            src = by_index[r.index].source if r.index in by_index else None
            entry: dict[str, Any] = {
                "index": r.index,
                "action": r.action,
                "filter": r.filter,
                "reason": r.reason,
                "text": r.text,
            }
            if r.new_text is not None:
                entry["new_text"] = r.new_text
            if src is not None:
                if src.path:
                    entry["path"] = src.path
                if src.line_start:
                    entry["line"] = src.line_start
            entries.append(entry)
        return entries

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        meta = asdict(self.metadata)
        data: dict[str, Any] = {
            "title": self.title,
            "text": self.text,
            "author": meta["author"],
            "date": meta["date"],
            "url": meta["url"],
            "site_name": meta["site_name"],
            "language": meta["language"],
            "input_format": self.input_format,
            "page_type": self.page_type,
            "confidence": self.confidence,
        }
        if self.empty_code:
            data["empty_reason"] = self.empty_code
        if explain:
            data["removed"] = self.explain()
            data["filters"] = [asdict(s) for s in self.stats]
        return data

    def render(self, fmt: str = "text", explain: bool = False) -> str:
        from cleaner.render import render

        return render(self, fmt, explain=explain)


def _empty_code(doc: Document) -> str:
    if doc.text.strip():
        return ""
    return doc.empty_code or "no_main_content"
