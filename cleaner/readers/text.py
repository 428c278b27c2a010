"""Scraped text to blocks: one block per non-empty line, with its line number.

Text from scrapers puts one paragraph on a line; renderers such as inscriptis
indent nested elements and mark list items with bullets, which are kept as
hints (kind "item") and stripped from the text.
"""

from __future__ import annotations

import re

from cleaner.document import Block, BlockKind, Document, Metadata, Source

# List markers renderers write: symbols, numbers, and inscriptis' nested
# "+" and "o" (the latter only indented, where it cannot be a word).
_BULLET = re.compile(r"^(?:\s{0,40}(?:[*•·▪◦‣●○■□–+-]|\d{1,3}[.)])|\s{2,40}o)\s{1,4}(?=\S)")
# Markers stacked at the start of one line (a bullet, then a number) come off together.
_MAX_MARKERS = 4
# Markdown renderers (html2text, pandoc) mark headings with hashes.
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s{1,4}(?=\S)")
# Markdown renderers' inline marks (html2text: **strong**, _em_ or *em*, backslash escapes) are the
# renderer's, not the page's: without them a line reads as the other renderers give it.
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_EM = re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_MD_ESCAPE = re.compile(r"\\([-\\`*_{}\[\]()#+.!])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_END_PUNCT = tuple(".!?:;\"'”’»)…。！？")


def _plain(line: str) -> str:
    """`line` without markdown's inline marks."""
    if "*" in line or "_" in line:
        line = _MD_EM.sub(r"\2", _MD_STRONG.sub(r"\1", line))
    if "\\" in line:
        line = _MD_ESCAPE.sub(r"\1", line)
    return line


def _bare(raw: str) -> tuple[BlockKind, str]:
    """A raw line's kind and its text as a block holds it: without list or heading markers
    (all of them: "• 1. Step one" is "Step one", as its output line would read the next
    time), markdown's inline marks and runs of spaces. The first marker gives the kind."""
    kind: BlockKind = "paragraph"
    # Markers are found after at most 40 characters of indentation (a bounded pattern); a
    # deeper line is read from its last 40, as its output line (not indented) will be.
    indent = len(raw) - len(raw.lstrip())
    line = raw[indent - 40 :] if indent > 40 else raw
    for _ in range(_MAX_MARKERS):
        bullet = _BULLET.match(line)
        marker = bullet or _MD_HEADING.match(line)
        if marker is None:
            break
        if kind == "paragraph":
            kind = "item" if bullet else "heading"
        line = line[marker.end() :]
    return kind, _SPACE.sub(" ", _plain(line)).strip()


def looks_like_heading(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 20 and len(line) <= 160 and not line.endswith(_END_PUNCT)


def _guess_title(lines: list[str]) -> str:
    """A headline is a heading-like line repeated near the top, or a heading-like
    first line set apart by a blank line from prose below it. Lines compare as blocks
    hold them (a bulleted copy is a copy), so the output, read again, guesses the same."""
    stripped = [t for t in (_bare(ln)[1] for ln in lines[:12]) if t]
    for i, line in enumerate(stripped[:6]):
        if looks_like_heading(line) and len(line.split()) >= 3 and line in stripped[i + 1 : i + 6]:
            return line
    if len(lines) >= 3 and lines[0].strip() and not lines[1].strip():
        first = lines[0].strip()
        nxt = next((ln.strip() for ln in lines[2:] if ln.strip()), "")
        if looks_like_heading(first) and len(first.split()) >= 4 and len(nxt.split()) >= 15:
            return first
    return ""


_CLOSING = frozenset(",.;:!?)]}’”»%")
# A line that starts with one space (not an indent) is the rest of a text node that an inline
# element (a link, an emphasis) cut: BeautifulSoup's get_text("\n") puts every text node on a
# line of its own and keeps the space that joined it to the words before.
_INLINE_REST = re.compile(r"^ (?=[^\s*#>|])")
# A line that ends with one space after a word, followed at once by another line, is a text
# node that ran on into an inline element (the same renderers).
_INLINE_CUT = re.compile(r"\w[,]? $")


def _continues(prev: str, line: str, inline: bool = False) -> bool:
    """Whether `line` goes on with the sentence that `prev` left open (`inline`: the raw
    lines show a cut inside a text node's run)."""
    if prev.endswith(_END_PUNCT) or not any(c.isalnum() for c in prev):
        # A lone bullet or rule is not the start of a sentence; joined to the
        # next line it would read as a list item the next time round.
        return False
    first = line[0]
    return inline or first.islower() or first in _CLOSING


def read_text(text: str, url: str = "") -> Document:
    if "\x00" in text or _CONTROL.search(text[:4096]):
        text = _CONTROL.sub("", text)
    if not text.strip():
        # Nothing to clean is not an error: an empty result that says why.
        return Document(
            blocks=(), input_format="text", metadata=Metadata(url=url), empty_code="empty_input"
        )
    lines = text.splitlines()
    blocks: list[Block] = []
    last_raw = ""  # the raw line before this one ("" after a blank line)
    for number, raw in enumerate(lines, start=1):
        inline = (raw[:1] == " " and bool(_INLINE_REST.match(raw))) or (
            last_raw[-1:] == " " and bool(_INLINE_CUT.search(last_raw))
        )
        last_raw = raw
        kind, line = _bare(raw)
        if not line:
            continue
        indent = len(raw) - len(raw.lstrip())
        prev = blocks[-1] if blocks else None
        if (
            prev is not None
            # A line starting with closing punctuation goes on whatever came before, list
            # items and their markers included: read again without the markers (cleaning
            # the output again), it would be joined so.
            and ((kind == "paragraph" and prev.kind == "paragraph") or line[0] in _CLOSING)
            and _continues(prev.text, line, inline)
            # Never join into what reads as a list marker ("0" and ". 0" would give "0. 0").
            and not _BULLET.match(prev.text + ("" if line[0] in _CLOSING else " ") + line)
        ):
            # Renderers that put every text node on its own line (a link
            # inside a sentence) split paragraphs, sometimes with blank lines
            # between the pieces; they join again here. Blank lines do not stop
            # a join, so cleaning the output again joins nothing more.
            glue = "" if line[0] in _CLOSING else " "
            blocks[-1] = Block(
                index=prev.index,
                text=prev.text + glue + line,
                kind=prev.kind,
                source=Source(
                    indent=prev.source.indent,
                    line_start=prev.source.line_start,
                    line_end=number,
                ),
            )
            continue
        blocks.append(
            Block(
                index=len(blocks),
                text=line,
                kind=kind,
                source=Source(indent=indent, line_start=number, line_end=number),
            )
        )
    meta = Metadata(title=_guess_title(lines), url=url)
    frozen = tuple(blocks)
    return Document(blocks=frozen, input_format="text", metadata=meta, original=frozen)
