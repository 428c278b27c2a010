"""Readers turn input into a Document: one for HTML, one for scraped text."""

from __future__ import annotations

import re

from cleaner.document import Document, InputFormat
from cleaner.encoding import decode, file_signature, scrub
from cleaner.errors import UnreadableInputError
from cleaner.readers.html import read_html
from cleaner.readers.text import read_text

__all__ = ["detect_format", "read", "read_html", "read_text"]

# Markup that only a page would carry near its start.
_HTML_SIGNS = re.compile(
    r"<!doctype\s{1,5}html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<div[\s>]|<p[\s>]|<article[\s>]",
    re.I,
)


def detect_format(text: str) -> InputFormat:
    """'html' when the start of the input looks like markup, else 'text'."""
    head = text[:8192]
    if _HTML_SIGNS.search(head):
        return "html"
    tags = len(re.findall(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}[\s>/]", head))
    return "html" if tags >= 5 else "text"


def read(
    data: str | bytes,
    input_format: InputFormat | str = "auto",
    url: str = "",
    declared_charset: str | None = None,
) -> Document:
    """Decode `data` if needed, detect its kind unless given, and read it."""
    if isinstance(data, bytes):
        text = decode(data, declared_charset)[0]
    else:
        # A str can carry a binary file too (a JSON lines field holding a PDF).
        what = file_signature(data[:16].encode("utf-8", "surrogatepass"))
        if what:
            raise UnreadableInputError(f"input looks like {what}, not an HTML page or text")
        text = data
    text = scrub(text)
    fmt = detect_format(text) if input_format == "auto" else input_format
    if fmt == "html":
        return read_html(text, url=url)
    return read_text(text, url=url)
