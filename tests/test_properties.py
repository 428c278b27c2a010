"""Property tests over generated HTML pages and scraped texts.

1. clean() raises nothing but CleanerError subclasses.
2. It never invents text: every word of the output (text and title) occurs in
   the input's visible text. "Visible text" is compared with all whitespace
   removed, since blocks join inline pieces ("<b>foo</b>bar" gives "foobar")
   and split at block elements; for HTML it is lxml's text_content() of the
   page without the elements the reader skips (script, style, hidden ...),
   plus the full text_content() and attribute values for the title (which can
   come from <title>, <h1> or og:title).
3. Cleaning is idempotent on its own output: for y = clean(x).text (the kept
   blocks, no headline) of a text input, clean(y, input_format="text").text
   == y. HTML output is cleaned once in text mode first (text mode has
   filters HTML mode has not), and that text is then a fixed point.
4. Kept blocks keep the input's order: their indices are strictly increasing
   and each is an original block (text equal, or rewritten by a recorded
   removal).
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import html

from cleaner import CleanerError, Result, clean
from cleaner.encoding import scrub
from cleaner.readers.html import BLOCK_TAGS, is_hidden, parse, skips_text
from cleaner.readers.text import _guess_title

# Derandomized: CI runs the same 200 examples every time, so a red run means a
# change broke something, not that the search wandered somewhere new. Local
# exploration with derandomize=False finds more (and found the repeated-bullet case below).
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORD = re.compile(r"\w+")

VOCAB = (
    (
        "the council voted on Tuesday to extend library opening hours through winter after "
        "residents collected signatures support plan officials said change would cost less "
        "Zürich café naïve 東京 Москва 2025 & < > \" ' © — … "
        "Share on Facebook|Related Articles|Read also:|Cookie policy|Subscribe to our newsletter|"
        "Photo: Jane Doe/Getty Images|5 minutes ago|By Maria Lopez|Comments (12)|Advertisement|"
        "Download the app|Accept all cookies|Read more|Updated March 3, 2026"
    )
    .replace("|", " | ")
    .split(" ")
)

words = st.sampled_from([w for w in VOCAB if w])
free_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="<&"),
    max_size=30,
)
phrase = st.one_of(
    st.lists(words, min_size=1, max_size=40).map(" ".join),
    free_text,
    st.sampled_from(["&amp;", "&nbsp;", "&lt;b&gt;", "&#x1F600;", "&eacute;", "&bogus;", ""]),
)

BLOCK = [
    "div",
    "p",
    "section",
    "article",
    "ul",
    "li",
    "h1",
    "h2",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "nav",
    "footer",
    "aside",
    "header",
    "main",
    "figure",
    "figcaption",
]
INLINE = ["span", "b", "i", "a", "em", "strong", "code", "small", "br", "img"]
SKIPPED = ["script", "style", "noscript", "button"]
ATTRS = {
    "class": ["nav", "related", "article-body", "share", "comments", "content", "x"],
    "id": ["main", "sidebar", "footer", "cookie-banner", "story"],
    "style": ["display:none", "color:red"],
    "hidden": [""],
    "aria-hidden": ["true"],
    "role": ["navigation", "main", "dialog"],
}


@st.composite
def attributes(draw: Any) -> str:
    keys = draw(st.lists(st.sampled_from(sorted(ATTRS)), max_size=2, unique=True))
    parts = []
    for key in keys:
        value = draw(st.sampled_from(ATTRS[key]))
        parts.append(f' {key}="{value}"' if value else f" {key}")
    return "".join(parts)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: Any) -> str:
        tag = draw(st.sampled_from(BLOCK + INLINE + SKIPPED))
        attrs = draw(attributes())
        if tag in ("br", "img"):
            return f"<{tag}{attrs}>"
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = draw(st.sampled_from([f"</{tag}>"] * 9 + [""]))  # sometimes left open
        return f"<{tag}{attrs}>{inner}{close}"

    return build()


nodes = st.recursive(phrase, lambda children: element(children), max_leaves=25)


@st.composite
def html_pages(draw: Any) -> str:
    title = draw(st.one_of(st.just(""), phrase))
    og = draw(st.one_of(st.just(""), phrase.map(lambda t: t.replace('"', ""))))
    head = f"<title>{title}</title>" if title else ""
    if og:
        head += f'<meta property="og:title" content="{og}">'
    body = "".join(draw(st.lists(nodes, min_size=1, max_size=8)))
    return f"<html><head>{head}</head><body>{body}</body></html>"


line = st.one_of(
    st.lists(words, min_size=1, max_size=60).map(" ".join),
    free_text,
    st.sampled_from(["", "  ", "- item", "* bullet point here", "1. first", "•"]),
)
texts = st.lists(line, min_size=1, max_size=25).map("\n".join)


def _clean(data: str, fmt: str) -> Result | None:
    try:
        return clean(data, input_format=fmt)
    except CleanerError:
        return None


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _visible_html(data: str) -> tuple[str, str]:
    """(the text as the reader sees it, everything a title may come from). The
    reader skips hidden inline elements but reads hidden blocks (closed tabs
    hold content), so only the former are left out here."""
    root = parse(scrub(data))
    everything = [root.text_content()]
    everything += [str(v) for el in root.iter() for v in el.attrib.values()]
    parts: list[str] = []
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:  # document order, skipping what the reader skips (tails stay)
        el, leaving = stack.pop()
        if leaving:
            parts.append(el.tail or "")
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if el is not root:
            stack.append((el, True))
        hidden_inline = bool(tag) and tag not in BLOCK_TAGS and is_hidden(el)
        if el is not root and (not tag or skips_text(el) or hidden_inline):
            continue
        parts.append(el.text or "")
        stack.extend((child, False) for child in reversed(el))
    return _squeeze("".join(parts)), _squeeze(" ".join(everything))


def _invented(output: str, reference: str) -> list[str]:
    return [w for w in WORD.findall(output) if w not in reference]


@SETTINGS
@given(html_pages())
def test_html_raises_only_cleaner_errors(page: str) -> None:
    for data in (page, page.encode("utf-8")):
        _clean(data, "auto")  # type: ignore[arg-type]


@SETTINGS
@given(st.binary(max_size=2000))
def test_bytes_raise_only_cleaner_errors(data: bytes) -> None:
    for fmt in ("auto", "html", "text"):
        with contextlib.suppress(CleanerError):
            clean(data, input_format=fmt)


@SETTINGS
@given(html_pages())
def test_html_never_invents_text(page: str) -> None:
    result = _clean(page, "html")
    if result is None:
        return
    visible, everything = _visible_html(page)
    assert _invented(result.text, visible) == []
    assert _invented(result.title, everything) == []


@SETTINGS
@given(texts)
def test_text_never_invents_text(text: str) -> None:
    result = _clean(text, "text")
    if result is None:
        return
    reference = _squeeze(scrub(text))
    assert _invented(result.text, reference) == []
    assert _invented(result.title, reference) == []


@SETTINGS
@given(st.one_of(html_pages(), texts))
def test_cleaning_is_idempotent(data: str) -> None:
    # Text mode runs filters HTML mode does not (main_text), so the fixed point
    # is reached in text mode: y is the text-mode cleaning of x's output.
    first = _clean(data, "auto")
    if first is None or first.empty:
        return
    y = first.text
    if first.input_format == "html":
        again = _clean(y, "text")
        if again is None or again.empty:
            return
        y = again.text
    # Read again, a text whose lines now look like a headline (a heading-like
    # line repeated near the top: removals brought a copy from further down up
    # to it) gets one: its copies leave the body by design (duplicate_title).
    assume(not _guess_title(y.splitlines()))
    second = _clean(y, "text")
    assert second is not None
    # The same words in the same order. Line breaks may differ: the text
    # reader joins a line that continues an unfinished sentence, and a line
    # removed between two such pieces makes them neighbours the second time.
    assert second.text.split() == y.split()


def test_cleaning_is_idempotent_on_a_repeated_bullet_line() -> None:
    """Found by hypothesis: a bulleted copy of a line and the line itself are the same
    headline, the first time as the second (the title guess compares lines as blocks)."""
    prose = (
        "The council voted on Tuesday to extend the library's opening hours through the "
        "winter, after residents collected more than two thousand signatures in support."
    )
    y = _clean(f"- Opening hours extended\n&\nOpening hours extended\n{prose}", "text")
    assert y is not None and prose in y.text
    second = _clean(y.text, "text")
    assert second is not None and second.text.split() == y.text.split()


@SETTINGS
@given(st.one_of(html_pages(), texts))
def test_kept_blocks_keep_input_order(data: str) -> None:
    result = _clean(data, "auto")
    if result is None:
        return
    indices = [b.index for b in result.blocks]
    assert indices == sorted(set(indices))
    original = {b.index: b.text for b in result.original}
    rewritten = {r.index: r.new_text for r in result.removals if r.new_text is not None}
    for block in result.blocks:
        assert block.index in original
        assert block.text == original[block.index] or block.text == rewritten.get(block.index)


def test_visible_text_mirrors_the_reader() -> None:
    # Hidden inline text is skipped; a hidden block (a closed tab) is read.
    page = (
        "<html><body><p>foo<script>x</script>bar <b>baz</b>qux<span hidden>no</span></p>"
        "<p hidden>tab</p></body></html>"
    )
    visible, _ = _visible_html(page)
    assert visible == "foobarbazquxtab"
    assert html.fromstring(page) is not None
