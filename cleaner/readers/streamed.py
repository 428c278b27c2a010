"""Put the parts of a streamed React page where the browser puts them.

React's streaming server rendering (Next.js, Remix and others) sends a page in pieces. A
part that was not ready when the page started is sent later, at the end of the body, in a
`<div hidden id="S:N">`, and a small script moves it to its place: a
`<template id="P:N">` placeholder, or a pending boundary, `<!--$?--><template id="B:M">`
followed by a fallback ("Loading ...", a skeleton) up to `<!--/$-->`, which the part
replaces. A saved page keeps these parts hidden at its end, so read as it is, an article's
body looks like hidden boilerplate after the footer.

The moves are the scripts' calls, `$RC("B:M","S:N")` and `$RS("S:N","P:N")`. Where the
saver dropped the scripts, a placeholder takes the part of its own number (React numbers
both from one counter) and the boundaries take the parts left over, in order.
"""

from __future__ import annotations

import re

from lxml import etree

# The fallback of a pending boundary, while the comments that delimit it still exist (the
# parser drops comments): wrapped so that it can go once its boundary's part is placed.
# Only fallbacks without a nested boundary.
_PENDING = re.compile(
    r'<!--\$\?-->\s{0,20}<template id="(B:[0-9a-f]{1,8})"></template>'
    r"((?:(?!<!--[$/]).){0,20000}?)<!--/\$-->",
    re.S,
)
FALLBACK_TAG = "cleaner-fallback"
# A streamed part's id in the raw markup, as it may be quoted: pages without one skip the
# tree search (substring tests run at memory speed; a regex scan of the page does not).
_PART_IDS = ('id="S:', "id='S:", "id=S:")
_MOVES = re.compile(r'\$R([CS])\("([BPS]:[0-9a-f]{1,8})","([BPS]:[0-9a-f]{1,8})"\)')


def has_streamed_parts(text: str) -> bool:
    """Whether the markup holds a streamed part (cheap: substring tests of the raw text)."""
    return any(part in text for part in _PART_IDS)


def mark_fallbacks(text: str) -> str:
    """The page's markup with each pending boundary's fallback in a FALLBACK_TAG element."""
    if "<!--$?-->" not in text:
        return text
    return _PENDING.sub(
        lambda m: (
            f'<template id="{m[1]}"></template>'
            f'<{FALLBACK_TAG} data-for="{m[1]}">{m[2]}</{FALLBACK_TAG}>'
        ),
        text,
    )


def _number(ident: str) -> int:
    return int(ident[2:], 16)


def _pairs(
    root: etree._Element, parts: dict[str, etree._Element], slots: dict[str, etree._Element]
) -> list[tuple[str, str]]:
    """(slot id, part id) in the order the page's scripts would move them."""
    pairs: list[tuple[str, str]] = []
    for script in root.iter("script"):
        code = script.text or ""
        if "$R" not in code:
            continue
        for kind, first, second in _MOVES.findall(code):
            pairs.append((first, second) if kind == "C" else (second, first))
    placed = {part for _, part in pairs}
    left = sorted((p for p in parts if p not in placed), key=_number)
    for part in list(left):
        slot = "P:" + part[2:]
        if slot in slots:
            pairs.append((slot, part))
            left.remove(part)
    taken = {slot for slot, _ in pairs}
    boundaries = sorted((s for s in slots if s[0] == "B" and s not in taken), key=_number)
    pairs.extend(zip(boundaries, left, strict=False))
    return pairs


def _detach(el: etree._Element) -> None:
    """Take `el` out of the tree, leaving the text after it where it was."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def place_streamed_parts(root: etree._Element) -> int:
    """Move every streamed part into its slot, as React's scripts would; the number moved."""
    parts = {
        str(el.get("id")): el
        for el in root.iter("div")
        if el.get("hidden") is not None and (el.get("id") or "").startswith("S:")
    }
    fallbacks = {str(el.get("data-for")): el for el in root.iter(FALLBACK_TAG)}
    slots = {
        str(el.get("id")): el
        for el in root.iter("template")
        if (el.get("id") or "")[:2] in ("B:", "P:")
    }
    moved = 0
    for slot_id, part_id in _pairs(root, parts, slots):
        slot, part = slots.get(slot_id), parts.pop(part_id, None)
        parent = slot.getparent() if slot is not None else None
        if slot is None or part is None or parent is None:
            continue
        if slot_id in fallbacks:
            _detach(fallbacks.pop(slot_id))
        _detach(part)
        del part.attrib["hidden"]
        del part.attrib["id"]
        part.tail = slot.tail
        slot.tail = None
        slot.addnext(part)
        parent.remove(slot)
        moved += 1
    if fallbacks:
        etree.strip_tags(root, FALLBACK_TAG)
    return moved
