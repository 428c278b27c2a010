"""Hostile inputs for cleaner, built in memory (nothing large is committed).

Each `Case` names one bad input, says what `clean()` must do with it, and
builds it on demand. tests/test_hostile.py runs them; docs/robustness.md has
the same table for readers. The fuzz target (fuzz/fuzz_clean.py) seeds its
corpus from `seeds()`.
"""

from __future__ import annotations

import gzip
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

PROSE = (
    "The council voted on Tuesday to extend the library's opening hours through the winter, "
    "after residents collected more than two thousand signatures in support of the plan."
)
PROSE_2 = (
    "Officials said the change would cost less than expected because volunteers had offered "
    "to staff the reading rooms on weekday evenings until the end of March."
)
# Words with non-ASCII letters, to check that decoding got them right.
ACCENTED = "Zürich café naïve señor Ærø"


def page(body: str, head: str = "<title>Library hours</title>", charset: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}{head}</head><body>{body}</body></html>"


def article(extra: str = "") -> str:
    """A small valid article page: two prose paragraphs, plus `extra` words."""
    return page(f"<article><h1>Library hours</h1><p>{extra} {PROSE}</p><p>{PROSE_2}</p></article>")


def png() -> bytes:
    raw = b"\x00" + b"\xff\x00\x00" * 4
    ihdr = b"\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00"
    idat = zlib.compress(raw)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def random_bytes(n: int = 64 * 1024, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def truncated_html() -> bytes:
    full = article().encode()
    # Cut inside the second paragraph's text, leaving tags open.
    return full[: full.index(b"volunteers") + 5]


def big_page(mb: int = 50) -> bytes:
    """An `mb`-megabyte page of ordinary paragraphs."""
    para = f"<p>{PROSE}</p>\n".encode()
    count = mb * 1024 * 1024 // len(para) + 1
    return b"<html><body>" + para * count + b"</body></html>"


def deep_nesting(depth: int = 100_000) -> bytes:
    return (
        f"<html><body><p>{PROSE}</p>"
        + "<div>" * depth
        + f"<p>{PROSE_2}</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def many_elements(count: int = 1_000_000) -> bytes:
    return b"<html><body>" + b"<i>a</i>" * count + f"<p>{PROSE}</p></body></html>".encode()


def wrong_charset_declared_utf8() -> bytes:
    """Says UTF-8, is cp1252."""
    return page(f"<p>{ACCENTED} {PROSE}</p><p>{PROSE_2}</p>", charset="utf-8").encode("cp1252")


def wrong_charset_declared_latin1() -> bytes:
    """Says ISO-8859-1, is UTF-8."""
    return page(f"<p>{ACCENTED} {PROSE}</p><p>{PROSE_2}</p>", charset="iso-8859-1").encode()


def mixed_encodings() -> bytes:
    """A UTF-8 page with one paragraph pasted in cp1252."""
    utf8 = page(f"<p>{ACCENTED} {PROSE}</p>", charset="utf-8").encode()
    pasted = f"<p>Olé, {PROSE_2}</p>".encode("cp1252")
    return utf8.replace(b"</body>", pasted + b"</body>")


def utf16(codec: str) -> bytes:
    """`codec` is utf-16 (with BOM), utf-16-le or utf-16-be (without)."""
    return page(f"<p>{ACCENTED} {PROSE}</p><p>{PROSE_2}</p>").encode(codec)


def nul_bytes() -> bytes:
    return page(f"<p>coun\x00cil {PROSE}</p><p>{PROSE_2}\x00</p>").encode()


def lone_surrogates() -> str:
    return page(f"<p>before\ud800after {PROSE}</p><p>{PROSE_2} \udfff</p>")


def control_characters() -> str:
    return page(f"<p>con\x01trol\x08 {PROSE}\x7f</p><p>{PROSE_2}\x1b[0m</p>")


def control_text() -> str:
    return f"{PROSE}\x01\x02\n\n{PROSE_2[:-1]}" + "\x7f" * 5000 + " with no es\x1bcape."


def huge_attribute(mb: int = 12) -> bytes:
    """An attribute longer than libxml2's 10 MB default limit (an inline data: URI)."""
    value = "A" * (mb * 1024 * 1024)
    return page(f'<p>{PROSE}</p><img src="data:image/png;base64,{value}"><p>{PROSE_2}</p>').encode()


SECRET = "cleaner-xxe-canary-5f3a"


def xxe(file_url: str, http_url: str = "http://127.0.0.1:9/xxe") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!DOCTYPE html [\n"
        f'  <!ENTITY local SYSTEM "{file_url}">\n'
        f'  <!ENTITY remote SYSTEM "{http_url}">\n'
        f'  <!ENTITY % dtd SYSTEM "{http_url}/dtd"> %dtd;\n'
        "]>\n"
        f"<html><body><p>&local; {PROSE}</p><p>&remote; {PROSE_2}</p>"
        f'<img src="{http_url}/img.png"><iframe src="{file_url}"></iframe>'
        f'<link rel="stylesheet" href="{http_url}/style.css"></body></html>'
    ).encode()


def billion_laughs() -> bytes:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{ents}]>'
        f"<html><body><p>&lol9; {PROSE}</p><p>{PROSE_2}</p></body></html>"
    ).encode()


def long_line_text(mb: int = 4) -> str:
    words = (PROSE + " ") * (mb * 1024 * 1024 // (len(PROSE) + 1))
    return words


@dataclass(frozen=True)
class Case:
    """One hostile input and the behaviour `clean()` must show."""

    name: str
    build: Callable[[], bytes | str]
    expect: str  # the expected behaviour, in words (docs table)
    error: str | None = None  # class name of the CleanerError it must raise, if any
    message: str = ""  # a word the error message must contain (case-insensitive)
    contains: tuple[str, ...] = ()  # strings the output text must contain
    absent: tuple[str, ...] = ()  # strings the output text must not contain
    empty_reason: str | None = None  # the result must be empty, for this reason
    kwargs: dict[str, Any] = field(default_factory=dict)  # extra clean() arguments
    seconds: float = 10.0  # wall-clock bound, generous for loaded CI machines
    seed: bool = True  # small enough to seed the fuzzer with


CASES: tuple[Case, ...] = (
    Case(
        "empty",
        lambda: b"",
        "an empty result, empty_reason 'empty_input' (a batch gives an error record)",
        empty_reason="empty_input",
    ),
    Case(
        "whitespace_only",
        lambda: b" \n\t\r\n  \x0c ",
        "an empty result, empty_reason 'empty_input'",
        empty_reason="empty_input",
    ),
    Case(
        "whitespace_only_str",
        lambda: "\u00a0 \u3000\n",
        "an empty result, empty_reason 'empty_input'",
        empty_reason="empty_input",
    ),
    Case(
        "png",
        png,
        "UnreadableInputError naming a PNG image",
        error="UnreadableInputError",
        message="PNG",
    ),
    Case(
        "pdf",
        pdf,
        "UnreadableInputError naming a PDF document",
        error="UnreadableInputError",
        message="PDF",
    ),
    Case(
        "gzip",
        lambda: gzip.compress(article().encode()),
        "UnreadableInputError naming gzip-compressed data",
        error="UnreadableInputError",
        message="gzip",
    ),
    Case(
        "random_bytes",
        random_bytes,
        "UnreadableInputError: binary data",
        error="UnreadableInputError",
        message="binary",
    ),
    Case(
        "truncated_html",
        truncated_html,
        "a result with the text read up to the cut",
        contains=("two thousand signatures",),
    ),
    Case(
        "wrong_charset_utf8_declared",
        wrong_charset_declared_utf8,
        "says UTF-8, is cp1252: text decoded as cp1252",
        contains=(ACCENTED,),
    ),
    Case(
        "wrong_charset_latin1_declared",
        wrong_charset_declared_latin1,
        "says ISO-8859-1, is UTF-8: text decoded as UTF-8",
        contains=(ACCENTED,),
    ),
    Case(
        "wrong_charset_transport",
        wrong_charset_declared_utf8,
        "HTTP charset shift_jis, bytes cp1252: text decoded as cp1252",
        contains=(ACCENTED,),
        kwargs={"charset": "shift_jis"},
    ),
    Case(
        "bogus_charset_argument",
        lambda: article(ACCENTED).encode(),
        "charset='base64' is ignored; UTF-8 text decoded",
        contains=(ACCENTED,),
        kwargs={"charset": "base64"},
    ),
    Case(
        "mixed_encodings",
        mixed_encodings,
        "UTF-8 page with a cp1252 paragraph: both decoded right",
        contains=(ACCENTED, "Olé"),
    ),
    Case("utf16_bom", lambda: utf16("utf-16"), "decoded by its BOM", contains=(ACCENTED,)),
    Case(
        "utf16le_no_bom", lambda: utf16("utf-16-le"), "detected as UTF-16-LE", contains=(ACCENTED,)
    ),
    Case(
        "utf16be_no_bom", lambda: utf16("utf-16-be"), "detected as UTF-16-BE", contains=(ACCENTED,)
    ),
    Case(
        "nul_bytes", nul_bytes, "NULs removed, text kept", contains=("council",), absent=("\x00",)
    ),
    Case(
        "lone_surrogates",
        lone_surrogates,
        "surrogates become U+FFFD; text after them kept",
        contains=("before\ufffdafter",),
    ),
    Case(
        "control_characters",
        control_characters,
        "control characters removed, text kept",
        contains=("control",),
        absent=("\x01", "\x08", "\x7f", "\x1b"),
    ),
    Case(
        "control_characters_text",
        control_text,
        "text mode: control characters removed anywhere",
        contains=("escape",),
        absent=("\x01", "\x7f", "\x1b"),
        kwargs={"input_format": "text"},
    ),
    Case(
        "xml_billion_laughs",
        billion_laughs,
        "entities are not expanded; a result in well under a second",
        contains=("two thousand",),
        absent=("lollollol",),
    ),
    Case(
        "not_bytes",
        lambda: bytearray(b"<p>x</p>"),  # type: ignore[arg-type, return-value]
        "UnreadableInputError: expected str or bytes",
        error="UnreadableInputError",
        message="bytes",
        seed=False,
    ),
    Case(
        "deep_nesting",
        deep_nesting,
        "UnreadableInputError: nested deeper than the parser's 2048 levels",
        error="UnreadableInputError",
        message="nested",
        seed=False,
    ),
    Case(
        "deep_nesting_within_limit",
        lambda: deep_nesting(1500),
        "a result with the innermost paragraph",
        contains=("volunteers",),
        seed=False,
    ),
    Case(
        "big_page_default_limit",
        big_page,
        "InputTooLargeError naming the 20 MB limit and max_bytes",
        error="InputTooLargeError",
        message="max_bytes",
        seconds=5,
        seed=False,
    ),
    Case(
        "huge_attribute",
        huge_attribute,
        "a 12 MB attribute (over libxml2's 10 MB limit): text kept",
        contains=("two thousand", "volunteers"),
        seed=False,
        seconds=20,
    ),
)

# Cases whose outcome may be a result or a timeout, bounded by a short limit.
TIMED: tuple[Case, ...] = (
    Case(
        "big_page_no_limit",
        big_page,
        "max_bytes=0, timeout=3: a result or CleanerTimeoutError within the limit",
        kwargs={"config": {"max_bytes": 0, "timeout": 3.0}},
        seconds=25,
        seed=False,
    ),
    Case(
        "million_elements",
        many_elements,
        "timeout=3: a result or CleanerTimeoutError within the limit",
        kwargs={"config": {"timeout": 3.0}},
        seconds=20,
        seed=False,
    ),
    Case(
        "long_line_text",
        long_line_text,
        "4 MB on one line of text, timeout=3: result or CleanerTimeoutError",
        kwargs={"input_format": "text", "config": {"timeout": 3.0}},
        seconds=20,
        seed=False,
    ),
)


def seeds() -> Iterator[bytes]:
    """Small hostile inputs as bytes, to seed a fuzzer's corpus."""
    for case in CASES:
        if not case.seed:
            continue
        data = case.build()
        if isinstance(data, str):
            yield data.encode("utf-8", errors="surrogatepass")
        elif isinstance(data, bytes):
            yield data
    yield article().encode()
    yield xxe("file:///etc/passwd")
    yield f"{PROSE}\n\n{PROSE_2}\nRead also: another story\n".encode()
