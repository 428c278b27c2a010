"""The HTML reader's parse step on inputs lxml refuses as they are."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.readers.html import strip_xml_declarations
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
