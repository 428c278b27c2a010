"""Metadata glued into the text: source names fused to timestamps, date
prefixes before the first sentence, bylines and datelines."""

from __future__ import annotations

from cleaner.document import Block, Document
from cleaner.filters.base import BlockFilter, Drop, Rewrite, Verdict

_SENTENCE_END = (".", "!", "?", "。", "！", "？")


class GluedMetadata(BlockFilter):
    """Drop timestamp, byline and dateline lines; cut date prefixes off prose."""

    name = "glued_metadata"
    drop_groups = ("source_timestamp", "dateline", "byline")

    def judge(self, block: Block, doc: Document) -> Verdict:
        text = block.text
        stripped = self.patterns.phrases("date_prefix").strip(text)
        if stripped != text:
            return Rewrite("date_prefix", stripped)
        for group in self.drop_groups:
            if group == "byline" and text.rstrip().endswith(_SENTENCE_END):
                continue
            if self.patterns.phrases(group).matches(text):
                return Drop(group)
        return None
