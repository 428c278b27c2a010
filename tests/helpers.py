"""Small builders shared by the unit tests."""

from __future__ import annotations

from cleaner.document import Block, Document, Metadata, Source
from cleaner.readers import read_html


def text_doc(*lines: str, title: str = "") -> Document:
    blocks = tuple(
        Block(index=i, text=line, source=Source(line_start=i + 1, line_end=i + 1))
        for i, line in enumerate(lines)
    )
    return Document(
        blocks=blocks, input_format="text", metadata=Metadata(title=title), original=blocks
    )


def html_doc(body: str, head: str = "") -> Document:
    return read_html(f"<html><head>{head}</head><body>{body}</body></html>")


PROSE = (
    "The council voted on Tuesday to extend the library's opening hours through the winter, "
    "after residents collected more than two thousand signatures in support of the plan."
)
