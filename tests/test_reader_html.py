"""The HTML reader: its parse step on inputs lxml refuses as they are, and what it marks hidden."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.readers.html import read_html, strip_xml_declarations
from tests.helpers import PROSE

BODY = f"<html><head><title>Council news</title></head><body><p>{PROSE}</p></body></html>"


@pytest.mark.parametrize(
    "declaration",
    [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="' + "news, council, library, winter hours, " * 20 + '"/>',
        '  \n<?XML encoding="latin-1" ?>\n<?xml version="1.0" encoding="utf-8"?>',
    ],
)
def test_a_str_page_parses_whatever_its_xml_declaration(declaration: str) -> None:
    assert clean(declaration + BODY).text == PROSE


def test_bytes_with_a_long_declaration_parse_too() -> None:
    page = '<?xml version="1.0" encoding="' + "x, " * 300 + '"/>' + BODY
    assert clean(page.encode()).text == PROSE


def test_an_unclosed_declaration_leaves_nothing_to_misread() -> None:
    assert strip_xml_declarations('<?xml version="1.0" encoding="utf-8"') == ""
    assert strip_xml_declarations("<p>no declaration</p>") == "<p>no declaration</p>"


def test_a_flood_of_tiny_blocks_becomes_one_block_and_the_prose_stays() -> None:
    from cleaner.readers.html import iter_blocks, merge_text_poor_blocks, parse

    root = parse("<html><body>" + "<div><b>a</b></div>" * 300 + f"<p>{PROSE}</p></body></html>")
    merge_text_poor_blocks(root, max_elements=100)
    texts = [b.text for b, _ in iter_blocks(root)]
    assert texts == ["a" * 300, PROSE]


def test_pages_under_the_element_limit_keep_their_blocks() -> None:
    from cleaner.readers.html import iter_blocks, merge_text_poor_blocks, parse

    root = parse("<html><body>" + "<div><b>a</b></div>" * 300 + "</body></html>")
    merge_text_poor_blocks(root, max_elements=1000)
    assert len(list(iter_blocks(root))) == 300


def test_a_button_left_open_does_not_swallow_the_page() -> None:
    # libxml2 keeps an unclosed header <button> open around the article.
    page = (
        "<html><body><header><button class='menu'><span>Menu</span>"
        f"<main><article><h1>Gardens</h1><p>{PROSE}</p><p>{PROSE} Again.</p></article></main>"
        "</header></body></html>"
    )
    assert PROSE in clean(page).text


def test_a_buttons_own_label_is_still_skipped() -> None:
    page = f"<html><body><p>{PROSE}</p><button>Subscribe now</button></body></html>"
    assert "Subscribe" not in clean(page).text


def test_closed_tab_and_accordion_panels_are_read_as_shown_and_a_hidden_menu_is_not() -> None:
    page = (
        "<html><body><nav hidden><a href='/'>Home</a></nav><main><p>" + PROSE + "</p>"
        "<div role='tabpanel' hidden><h2>Specifications</h2><p>Weight: 890 g</p></div>"
        "<div role='region' style='display: none'><p>Returns are free for 30 days.</p></div>"
        "<div aria-hidden='true'><p>Template copy</p></div></main></body></html>"
    )
    hidden = {b.text: b.source.hidden for b in read_html(page).blocks}
    assert hidden["Home"] is True
    assert hidden["Template copy"] is True
    # A tab's panel is a click away: the product's specifications are its content.
    assert hidden["Specifications"] is False
    assert hidden["Weight: 890 g"] is False
    # So is a closed accordion panel (a FAQ's answer).
    assert hidden["Returns are free for 30 days."] is False


def _streamed(slots: str, parts: str, scripts: str = "") -> list[tuple[str, bool]]:
    page = (
        "<html><body><header><p>Site header</p></header><main>"
        + slots
        + "</main><footer><p>Site footer</p></footer>"
        + parts
        + scripts
        + "</body></html>"
    )
    return [(b.text, b.source.hidden) for b in read_html(page).blocks]


def test_streamed_parts_go_where_the_pages_scripts_put_them() -> None:
    blocks = _streamed(
        '<!--$?--><template id="B:0"></template><p>Loading paragraph...</p><!--/$-->'
        '<template id="P:1"></template>',
        '<div hidden id="S:0"><h1>Library hours</h1><p>Body text</p></div>'
        '<div hidden id="S:1"><p>Second part</p></div>',
        '<script>$RC("B:0","S:0")</script><script>$RS("S:1","P:1")</script>',
    )
    # In place of the boundary's fallback and the placeholder, shown, in page order.
    assert blocks == [
        ("Site header", False),
        ("Library hours", False),
        ("Body text", False),
        ("Second part", False),
        ("Site footer", False),
    ]


def test_streamed_parts_without_their_scripts_go_by_number() -> None:
    # A saver that dropped scripts: P:N takes S:N, boundaries take the rest in order.
    blocks = _streamed(
        '<template id="B:0"></template><template id="P:5"></template>',
        '<div hidden id="S:5"><p>Part five</p></div><div hidden id="S:2"><p>Part two</p></div>',
    )
    assert [t for t, _ in blocks] == ["Site header", "Part two", "Part five", "Site footer"]
    assert not any(hidden for _, hidden in blocks)


def test_a_boundary_whose_part_never_came_keeps_its_fallback() -> None:
    blocks = _streamed(
        '<!--$?--><template id="B:0"></template><p>Prices are loading</p><!--/$-->',
        '<div hidden id="S:7"><p>Orphan part</p></div>',
        '<script>$RC("B:3","S:7")</script>',
    )
    assert ("Prices are loading", False) in blocks
    # No slot for it: the part stays where it was, hidden.
    assert ("Orphan part", True) in blocks


@pytest.mark.parametrize(
    ("body", "text"),
    [
        # Side by side in elements of their own, spaced by the site's CSS: two words.
        ("<a>Indie</a><a>Action</a><a>Co-op</a>", "Indie Action Co-op"),
        ("<span>The North Face</span><span>Wawona 6 Tent</span>", "The North Face Wawona 6 Tent"),
        # One word split by an editor, punctuation, prices and drop caps: joined as written.
        ("<span>Co</span><span>rnell</span>", "Cornell"),
        ("<i>Hello world</i><b>!</b>", "Hello world!"),
        ("<span>$</span><span>585</span>", "$585"),
        ('<span class="dropcap">T</span><span>he storm</span>', "The storm"),
        ('<span class="dropcap">T</span>he storm', "The storm"),
        ("Budget<span>Friendly</span>", "BudgetFriendly"),
    ],
)
def test_inline_elements_side_by_side(body: str, text: str) -> None:
    assert [b.text for b in read_html(f"<p>{body}</p>").blocks] == [text]
