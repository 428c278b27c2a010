"""HTML to blocks: parse with lxml, walk the tree once, cut it into blocks.

A block is the text a block-level element owns directly (its inline content),
so nested blocks stay separate and every block knows its element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

from cleaner.document import Block, BlockKind, Document, Metadata, Source, squeeze
from cleaner.errors import UnreadableInputError
from cleaner.readers.streamed import has_streamed_parts, mark_fallbacks, place_streamed_parts

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu "
    "nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose text is never page prose. <noscript> is read: some sites
# (forum engines) serve their whole content there for clients without scripts.
SKIP_TAGS = frozenset(
    "script style template svg iframe object embed canvas select option "
    "textarea button input head title math video audio map".split()
)
# libxml2 closes no <button> before a block element, so one left open in a
# header swallows the rest of the page; such a button is read.
_OPEN_ENDED = frozenset({"button"})


def skips_text(el: etree._Element) -> bool:
    """Whether the reader skips an element's text: a SKIP_TAGS element, unless it is an
    open-ended one holding blocks of the page."""
    if el.tag not in SKIP_TAGS:
        return False
    return not (el.tag in _OPEN_ENDED and next(el.iter(*BLOCK_TAGS), None) is not None)


_KINDS: dict[str, BlockKind] = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "li": "item",
    "dt": "item",
    "dd": "item",
    "blockquote": "quote",
    "figcaption": "caption",
    "caption": "caption",
    "td": "table",
    "th": "table",
    "tr": "table",
    "pre": "code",
}
_SHOWN_ROLES = frozenset({"tabpanel", "region"})
_HIDDEN_STYLE = re.compile(r"display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden", re.I)

# HTML parsing in libxml2 loads no DTD and expands no external entity; with
# no_network it also refuses network I/O. huge_tree lifts the 10 MB limit on
# one text node or attribute (inline data: URIs exceed it, and libxml2 then
# drops the whole page); the input size stays bounded by Config.max_bytes, and
# the depth limit (2048 levels with huge_tree) still holds.
_PARSER_OPTIONS = {
    "remove_comments": True,
    "remove_pis": True,
    "no_network": True,
    "default_doctype": False,
    "huge_tree": True,
}
# Every element an HtmlElement, chosen in C: lxml.html's default lookup runs a
# Python function for each element proxy (forms, inputs ...), which we never need.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=html.HtmlElement,
    comment=html.HtmlComment,
    pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
)


def strip_xml_declarations(text: str) -> str:
    """`text` without the XML declarations it starts with, however malformed.

    lxml refuses a str that starts with one naming an encoding, and pages
    carry broken ones (an attribute hundreds of characters long, closed by
    `/>`): each is cut up to its first `>`, or whole if it never closes.
    """
    text = text.lstrip()
    while text[:5].lower() == "<?xml":
        end = text.find(">")
        text = text[end + 1 :].lstrip() if end >= 0 else ""
    return text


def parse(text: str) -> html.HtmlElement:
    """Parse markup into an lxml tree; never reaches the network or local files."""
    text = strip_xml_declarations(text).replace("\x00", "")
    if not text.strip():
        raise UnreadableInputError("input is empty")
    # A parser per call: its error log then belongs to this parse, in any thread.
    parser = html.HTMLParser(**_PARSER_OPTIONS)
    parser.set_element_class_lookup(_LOOKUP)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableInputError(f"could not parse the input as HTML: {exc}") from exc
    if root is None:
        raise UnreadableInputError("could not parse the input as HTML")
    limits = [e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        # libxml2 stops at a resource limit (elements nested 2048 deep) and drops
        # the rest of the page; refusing beats a silently truncated article.
        why = re.sub(r",? (?:use|try) XML_PARSE_HUGE.*", "", limits[0].message.strip())
        raise UnreadableInputError(
            f"the HTML parser stopped at line {limits[0].line} ({why}; elements nested "
            "that deep are refused), so the page cannot be read whole"
        )
    return root


def _tag(el: etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def is_hidden(el: etree._Element) -> bool:
    """Hidden in the markup, as boilerplate is (a closed menu, a template, a tracking pixel).
    A tab's panel and an accordion's (WAI-ARIA gives it role="region") are not: their text
    is a click away (a product's specifications, the answers of a FAQ)."""
    if el.get("role") in _SHOWN_ROLES:
        return False
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Segmenter:
    """One walk over the tree, emitting (element, text, link chars) blocks."""

    def __init__(self) -> None:
        self.out: list[tuple[etree._Element, str, int]] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self._next_element = False

    def flush(self, owner: etree._Element) -> None:
        self._next_element = False
        if not self._parts:
            return
        joined = "".join(self._parts)
        if joined.isspace():
            self._parts = []
            self._link_chars = 0
            return
        text = squeeze(joined)
        if text:
            self.out.append((owner, text, self._link_chars))
        self._parts = []
        self._link_chars = 0

    def walk(self, root: etree._Element) -> None:
        # lxml's iterwalk drives the traversal in C (no recursion limit, no
        # Python stack of tuples); a skipped element still gets its "end".
        owners = [root]
        links = 0
        skipped = None
        # Whether the last thing read was the end of an inline element with no text after
        # it (see _add).
        adjacent = False
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            # libxml2's HTML parser lower-cases tag names already.
            if type(tag) is not str:
                if event == "end" and el.tail:
                    self._add(el.tail, links)
                    adjacent = False
                continue
            if event == "start":
                # Hidden inline text (icons' labels, screen-reader notes) would
                # merge into a visible block; hidden blocks are read and marked.
                if (tag in SKIP_TAGS and skips_text(el)) or (
                    tag not in BLOCK_TAGS and el.attrib and is_hidden(el)
                ):
                    walker.skip_subtree()
                    skipped = el
                    continue
                if tag in BLOCK_TAGS:
                    self.flush(owners[-1])
                    owners.append(el)
                    adjacent = False
                elif tag == "br":
                    self.flush(owners[-1])
                    adjacent = False
                    continue
                else:
                    if adjacent:
                        self._next_element = True
                        adjacent = False
                    if tag == "a":
                        links += 1
                if el.text and tag != "img":
                    self._add(el.text, links)
                continue
            if el is skipped:
                skipped = None
            elif tag in BLOCK_TAGS:
                self.flush(el)
                owners.pop()
            elif tag == "a":
                links -= 1
            if el.tail:
                self._add(el.tail, links)
                adjacent = False
            else:
                adjacent = tag not in BLOCK_TAGS
        self.flush(root)

    def _add(self, text: str, in_link: int) -> None:
        if self._next_element:
            # An inline element right after another, with no text between them: sites set
            # tags, a brand and a product name, or a card's fields side by side in elements
            # of their own ("<a>Indie</a><a>Action</a>") and space them with CSS, so a word
            # ending one and a capitalised word starting the other are two words. A word
            # that goes on in lower case is one word that an editor split
            # ("<span>Co</span><span>rnell</span>"), punctuation joins ("<i>world</i><b>!</b>",
            # "<span>$</span><span>5</span>"), and so does a single letter (a drop cap:
            # "<span>T</span><span>he</span>").
            self._next_element = False
            last = self._parts[-1][-2:] if self._parts else ""
            if (
                text[:1].isupper()
                and len(last) == 2
                and last[0].isalnum()
                and (last[1].islower() or last[1].isdigit())
            ):
                self._parts.append(" ")
        self._parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())


class _Paths:
    """XPaths of elements, as lxml's getpath writes them, in linear total time.

    getpath counts an element's same-named siblings on every call, which is
    quadratic for a page of many sibling paragraphs; here each parent's
    children are numbered once and each element's path is built once.
    """

    def __init__(self) -> None:
        self._paths: dict[etree._Element, str] = {}
        self._steps: dict[etree._Element, str] = {}

    def _number_children(self, parent: etree._Element) -> None:
        counts: dict[str, int] = {}
        for child in parent:
            if isinstance(child.tag, str):
                counts[child.tag] = counts.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            seen[tag] = seen.get(tag, 0) + 1
            self._steps[child] = f"{tag}[{seen[tag]}]" if counts[tag] > 1 else tag

    def path(self, el: etree._Element) -> str:
        pending: list[etree._Element] = []
        node: etree._Element | None = el
        while node is not None and node not in self._paths:
            pending.append(node)
            node = node.getparent()
        prefix = self._paths[node] if node is not None else ""
        for item in reversed(pending):
            parent = item.getparent()
            if parent is None:
                # The root: libxml2 also counts siblings at document level.
                prefix = item.getroottree().getpath(item)
            else:
                if item not in self._steps:
                    self._number_children(parent)
                prefix = f"{prefix}/{self._steps[item]}"
            self._paths[item] = prefix
        return prefix


class _Hidden:
    """Whether an element or one of its ancestors is hidden, memoised."""

    def __init__(self) -> None:
        self._memo: dict[etree._Element, bool] = {}

    def __call__(self, el: etree._Element) -> bool:
        pending = []
        node: etree._Element | None = el
        while node is not None and node not in self._memo:
            pending.append(node)
            node = node.getparent()
        hidden = self._memo[node] if node is not None else False
        for item in reversed(pending):
            hidden = hidden or bool(item.attrib and is_hidden(item))
            self._memo[item] = hidden
        return hidden


def iter_blocks(root: html.HtmlElement) -> Iterator[tuple[Block, etree._Element]]:
    """Blocks in page order. Hidden elements are read too (tabs, accordions
    and streamed page parts hold content) and marked in their source."""
    body = root.find("body")
    seg = _Segmenter()
    seg.walk(body if body is not None else root)
    paths = _Paths()
    hidden = _Hidden()
    for index, (el, text, link_chars) in enumerate(seg.out):
        tag = _tag(el)
        source = Source(
            path=paths.path(el),
            tag=tag,
            id=(el.get("id") or "").strip(),
            classes=" ".join((el.get("class") or "").split()),
            link_density=min(1.0, link_chars / max(1, len(text))),
            hidden=hidden(el),
        )
        kind = _KINDS.get(tag, "paragraph")
        if kind == "paragraph" and el.find(".//code") is not None and tag == "pre":
            kind = "code"
        yield Block(index=index, text=text, kind=kind, source=source), el


def _metas(root: html.HtmlElement) -> dict[str, str]:
    """Every <meta> content by its property, name or itemprop (first one wins)."""
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        content = squeeze(el.get("content") or "")
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _meta(metas: dict[str, str], *keys: str) -> str:
    return next((metas[k.lower()] for k in keys if k.lower() in metas), "")


_TITLE_SEPARATORS = re.compile(r"\s[|\-–—·•»]\s|:\s")


def _title(root: html.HtmlElement, metas: dict[str, str], site_name: str) -> str:
    """The headline: an h1 that the og:title or <title> confirms, else og:title,
    else the longest part of <title> that is not the site's name."""
    og = _meta(metas, "og:title", "twitter:title")
    raw = root.findtext(".//title") or ""
    page_title = squeeze(raw)
    h1s = [squeeze(h.text_content()) for h in root.iter("h1")]
    h1s = [h for h in h1s if 3 <= len(h) <= 300 and h != site_name]
    for h1 in h1s:
        if (og and h1 in og and 2 * len(h1) >= len(og)) or (
            not og and page_title and h1 in page_title and 2 * len(h1) >= len(page_title)
        ):
            return h1
    if og:
        return og
    if page_title:
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(page_title)]
        parts = [p for p in parts if p and p != site_name] or [page_title]
        return max(parts, key=len)
    return h1s[0] if h1s else ""


def read_metadata(root: html.HtmlElement, url: str = "") -> Metadata:
    metas = _metas(root)
    author = _meta(metas, "author", "article:author", "parsely-author", "dc.creator")
    if author.startswith("http"):
        author = ""
    date = _meta(
        metas,
        "article:published_time",
        "datePublished",
        "date",
        "pubdate",
        "publish-date",
        "dc.date",
        "og:updated_time",
    )
    if not date:
        times = root.xpath("//time/@datetime")
        date = str(times[0]).strip() if times else ""
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    site_name = _meta(metas, "og:site_name", "application-name")
    return Metadata(
        title=_title(root, metas, site_name),
        author=author,
        date=date,
        url=url or (str(canonical[0]).strip() if canonical else "") or _meta(metas, "og:url"),
        site_name=site_name,
        language=(root.get("lang") or root.get("xml:lang") or "").strip(),
        description=_meta(metas, "description", "og:description"),
    )


# Pages with more elements than this are hostile or broken (a million empty
# spans); their text-poor blocks are merged into their parents' text, so that
# the page becomes a few blocks instead of a million. Real pages have a few
# thousand elements.
MAX_ELEMENTS = 200_000
_MERGED_TAG = "cleaner-merged"
_TEXT_POOR = 20


# One name test per element (a chain of self::x tests is four times slower).
_BLOCK_NAMES = " " + " ".join(sorted(BLOCK_TAGS - {"body"})) + " "
_TEXT_POOR_BLOCKS = etree.XPath(
    f"//body//*[contains('{_BLOCK_NAMES}', concat(' ', local-name(), ' '))"
    f" and string-length(normalize-space()) < {_TEXT_POOR}]"
)


def merge_text_poor_blocks(root: html.HtmlElement, max_elements: int = MAX_ELEMENTS) -> None:
    """On a tree over `max_elements`, turn block elements with under 20
    characters of text into inline ones.

    libxml2 finds them in one XPath pass; renaming them (not stripping them)
    keeps each text in one node, where the segmenter joins it to its parent's.
    """
    if int(root.xpath("count(//*)")) <= max_elements:
        return
    for el in _TEXT_POOR_BLOCKS(root):
        el.tag = _MERGED_TAG


def read_html(text: str, url: str = "") -> Document:
    if has_streamed_parts(text):
        root = parse(mark_fallbacks(text))
        place_streamed_parts(root)
    else:
        root = parse(text)
    merge_text_poor_blocks(root)
    pairs = list(iter_blocks(root))
    blocks = tuple(b for b, _ in pairs)
    return Document(
        blocks=blocks,
        input_format="html",
        metadata=read_metadata(root, url),
        tree=root,
        elements=tuple(el for _, el in pairs),
        original=blocks,
        # A page whose body holds no text at all is an app shell that scripts fill in.
        empty_code="" if blocks else "no_page_text",
    )
