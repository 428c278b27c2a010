"""Decoding page bytes: BOMs, declared charsets, wrong declarations, detection."""

from __future__ import annotations

import pytest

from cleaner.encoding import decode
from cleaner.errors import UnreadableInputError

TEXT = "Café “quoted” — naïve señor"


def test_utf8_bom() -> None:
    assert decode(b"\xef\xbb\xbf" + TEXT.encode())[0] == TEXT


def test_utf16_with_and_without_bom() -> None:
    assert decode(TEXT.encode("utf-16"))[0] == TEXT
    assert decode(("<p>" + TEXT + "</p>").encode("utf-16-le"))[0] == "<p>" + TEXT + "</p>"


def test_declared_legacy_charset() -> None:
    page = f'<meta charset="windows-1252"><p>{TEXT}</p>'
    text, used = decode(page.encode("cp1252"))
    assert TEXT in text and used == "cp1252"


def test_transport_charset_wins_over_guessing() -> None:
    text, used = decode("日本語の記事".encode("shift_jis"), declared="Shift_JIS")
    assert text == "日本語の記事" and used == "shift_jis"


def test_valid_utf8_beats_a_wrong_declaration() -> None:
    page = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    assert TEXT in decode(page.encode("utf-8"))[0]


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"%PDF-1.7\n...", "PDF"), (b"\x1f\x8b\x08\x00rest", "gzip"), (b"\x89PNG\r\n\x1a\nxx", "PNG")],
)
def test_binary_is_refused_with_its_kind(data: bytes, what: str) -> None:
    with pytest.raises(UnreadableInputError, match=what):
        decode(data)


def test_a_binary_file_inside_a_string_is_refused() -> None:
    from cleaner import clean

    with pytest.raises(UnreadableInputError, match="PDF"):
        clean("%PDF-1.4 1 0 obj << /Type /Catalog >>")


def test_size_limit_counts_utf8_bytes_of_strings() -> None:
    from cleaner import Cleaner, Config, InputTooLargeError

    small = Cleaner(Config(max_bytes=1000))
    assert small.clean("<p>" + "é" * 300 + " word.</p>", input_format="html")
    with pytest.raises(InputTooLargeError, match="1,0"):
        small.clean("<p>" + "é" * 600 + "</p>", input_format="html")


RUSSIAN = (
    "Правительство объявило о новых мерах поддержки малого бизнеса. Министр экономики "
    "заявил, что программа начнёт работать уже в следующем месяце."
)


# Scripts and menus: a real page is mostly ASCII, which reads the same in any charset.
MARKUP = (
    "<script>var config = {section: 'news', ids: [1, 2, 3]};</script>" * 100
    + "<ul>"
    + "<li><a href='/news/region/item'>News</a></li>" * 200
    + "</ul>"
)


def _page(declared: str, markup: str, prose: str) -> str:
    head = f'<head><meta charset="{declared}"></head>'
    return f"<html>{head}<body>{markup}<p>{prose}</p></body></html>"


@pytest.mark.parametrize("declared", ["latin-1", "iso-8859-1", "windows-1252"])
@pytest.mark.parametrize("markup", ["", MARKUP])
def test_cp1251_bytes_declared_latin_are_read_as_cyrillic(declared: str, markup: str) -> None:
    text, used = decode(_page(declared, markup, RUSSIAN).encode("cp1251"))
    assert RUSSIAN in text and used == "cp1251"


@pytest.mark.parametrize("declared", ["latin-1", "iso-8859-1", "windows-1252"])
@pytest.mark.parametrize("markup", ["", MARKUP])
def test_right_latin_declarations_still_win(declared: str, markup: str) -> None:
    western = "Größere Brücken über die Straße — «C’est formidable», dit Hélène à Muñoz."
    text, used = decode(_page(declared, markup, western).encode("cp1252"))
    assert western in text and used == "cp1252"
