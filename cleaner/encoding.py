"""Bytes to text: BOM, then a declared charset, then detection.

Scraped pages lie about their encoding often enough that a declared charset
is only trusted when the bytes decode cleanly with it.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from cleaner.errors import UnreadableInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of formats that are certainly not a page.
_BINARY_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"%PDF-": "a PDF document",
    b"\x1f\x8b": "gzip-compressed data",
    b"PK\x03\x04": "a ZIP archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ\x00": "xz-compressed data",
}

# A declared charset: <meta charset=...>, http-equiv content=...; charset=...,
# or an XML declaration. Bounded quantifiers only.
_DECLARED = re.compile(
    rb"""(?:charset|encoding)\s{0,3}=\s{0,3}["']?\s{0,3}([A-Za-z0-9_:.\-]{2,40})""", re.I
)

# Names pages use that Python does not know, or knows by a narrower table.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-user-defined": "cp1252",
}

_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)


def normalise_charset(name: str) -> str | None:
    """Python's codec name for a declared charset, or None if unknown."""
    key = name.strip().strip("\"'").lower()
    key = _ALIASES.get(key, key)
    try:
        info = codecs.lookup(key)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None
    # Codecs that are not a page's character set: bytes-to-bytes (base64,
    # zlib), and escape or domain-name codecs a hostile page could declare.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def file_signature(data: bytes) -> str | None:
    """The kind of file `data` starts like (PDF, PNG, gzip ...), else None."""
    return next((what for magic, what in _BINARY_MAGIC.items() if data.startswith(magic)), None)


def sniff_binary(data: bytes) -> str | None:
    """Say what `data` is if it is plainly not text, else None."""
    what = file_signature(data)
    if what:
        return what
    head = data[:4096]
    if not head:
        return None
    if _utf16_without_bom(head):
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if controls / len(head) > 0.10:
        return "binary data"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes; return (text, encoding used).

    Order: byte-order mark, valid UTF-8, the charset `declared` by the
    transport (HTTP header), a charset declared in the first 4 KB, detection,
    then replacement characters so that nothing is refused for one bad byte.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    what = sniff_binary(data)
    if what:
        raise UnreadableInputError(
            f"input looks like {what}, not an HTML page or text; pass a saved page or a text file"
        )
    wide = _utf16_without_bom(data[:4096])
    if wide:
        return data.decode(wide, errors="replace"), wide
    # Bytes that are valid UTF-8 are UTF-8 whatever the page declares: legacy
    # encodings almost never produce valid multi-byte UTF-8 sequences.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with some legacy bytes (a cp1252 snippet pasted into a
    # UTF-8 page): decode the valid sequences as UTF-8 and the rest as cp1252,
    # rather than turn the whole page into mojibake.
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed, "utf-8"
    candidates: list[str] = []
    if declared and (transport := normalise_charset(declared)):
        candidates.append(transport)
    match = _DECLARED.search(data[:4096])
    in_page = normalise_charset(match.group(1).decode("ascii", "ignore")) if match else None
    if in_page and not in_page.startswith(("utf-16", "utf-32")):
        candidates.append(in_page)
    mislabelled = False
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _implausible(text, name):
            return text, name
        mislabelled = True
    # A page that lied about its charset is mostly ASCII markup, which every
    # charset reads alike; the detector then looks at its non-ASCII words only.
    probe = b" ".join(_NON_ASCII_BYTES.findall(data, 0, _PROBE_CHARS)) if mislabelled else data
    guessed = _detect(probe)
    if guessed:
        return data.decode(guessed, errors="replace"), guessed
    fallback = candidates[0] if candidates else "utf-8"
    return data.decode(fallback, errors="replace"), fallback


# Control characters no page or text means: C0 except tab, newlines and form
# feed, and DEL. Parsers and extractors treat them differently (lxml refuses
# to set them on a tree), so they are removed once, before reading. Form feed,
# which HTML counts as whitespace, becomes a space for the same reason.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def scrub(text: str) -> str:
    """`text` without control characters and with lone surrogates replaced.

    A str can hold surrogates that no encoding can write (from
    ``surrogateescape`` decoding or a bad JSON string); lxml stops parsing at
    the first one, and output files could not be written with them. A valid
    high-low pair becomes its character; any other surrogate becomes U+FFFD.
    """
    # Encoding is a C-speed scan; a character-class regex over a 200 KB page
    # costs ten times more, on every page, for what is almost never there.
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        raw = text.encode("utf-8")
    if len(raw.translate(None, _CONTROL_BYTES)) != len(raw):
        text = _CONTROLS.sub("", text)
    if "\x0c" in text:
        text = text.replace("\x0c", " ")
    return text


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejects as cp1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = bytes(exc.object[exc.start : exc.end])
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("cleaner.cp1252-fallback", _cp1252_fallback)


def _decode_mixed(data: bytes) -> str | None:
    """`data` decoded as UTF-8 with invalid bytes read as cp1252, if valid
    multi-byte UTF-8 characters outnumber the invalid sequences two to one."""
    probe = data.decode("utf-8", errors="replace")
    invalid = probe.count("\ufffd")
    valid = len(probe) - len(probe.encode("ascii", errors="ignore")) - invalid
    if valid < 2 * invalid:
        return None
    return data.decode("utf-8", errors="cleaner.cp1252-fallback")


# charset-normalizer's "mess" ratio above which a decoding is not text: the
# detector's own default cut-off. Right decodings of real pages score near 0;
# Cyrillic read as Latin-1 scores about 1.
_MAX_MESS = 0.2
_PROBE_CHARS = 200_000
_NON_ASCII_WORDS = re.compile(r"[^\s<>\"'=]{0,30}[^\x00-\x7f]{1,100}[^\s<>\"'=]{0,30}")
_NON_ASCII_BYTES = re.compile(rb"[^\s<>\"'=]{0,30}[\x80-\xff]{1,100}[^\s<>\"'=]{0,30}")


@lru_cache(maxsize=64)
def _single_byte(name: str) -> bool:
    """Whether `name` maps every byte to one character (cp1252, koi8-r ...)."""
    return len(bytes(range(256)).decode(name, errors="replace")) == 256


def _implausible(text: str, name: str) -> bool:
    """Whether a declared single-byte charset turned `text` into mojibake.

    Any byte decodes in those charsets, so a wrong declaration never fails;
    it shows as letters no language puts together ("Ïðàâèòåëüñòâî"), which
    the detector's mess measure catches. Pure ASCII cannot be mislabelled.
    """
    if not _single_byte(name) or text.isascii():
        return False
    from charset_normalizer.md import mess_ratio

    # Only the words with non-ASCII letters: the markup around them is ASCII
    # whatever the charset, and would dilute the measure below its cut-off.
    probe = " ".join(_NON_ASCII_WORDS.findall(text, 0, _PROBE_CHARS))
    return mess_ratio(probe, _MAX_MESS) >= _MAX_MESS


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    results = from_bytes(data[:200_000])
    best = results.best()
    if best is None:
        return None
    # Short Western texts fit several Latin code pages equally well; of equals,
    # cp1252 (what browsers read "latin-1" as) is the likeliest by far.
    for match in results:
        if match.encoding == "cp1252" and (match.chaos, -match.coherence) <= (
            best.chaos,
            -best.coherence,
        ):
            return "cp1252"
    return best.encoding
