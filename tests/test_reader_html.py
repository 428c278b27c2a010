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


def test_a_closed_tab_panel_is_read_as_shown_and_a_hidden_menu_is_not() -> None:
    page = (
        "<html><body><nav hidden><a href='/'>Home</a></nav><main><p>" + PROSE + "</p>"
        "<div role='tabpanel' hidden><h2>Specifications</h2><p>Weight: 890 g</p></div>"
        "<div aria-hidden='true'><p>Template copy</p></div></main></body></html>"
    )
    hidden = {b.text: b.source.hidden for b in read_html(page).blocks}
    assert hidden["Home"] is True
    assert hidden["Template copy"] is True
    # A tab's panel is a click away: the product's specifications are its content.
    assert hidden["Specifications"] is False
    assert hidden["Weight: 890 g"] is False
