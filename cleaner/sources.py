"""Record sources for batch mode: saved files, directories, globs, JSON lines and WARC.

Every source yields `SourceRecord`s lazily, so a batch never holds the whole input
in memory. A record that cannot be read (a broken JSON line, a truncated WARC
record, a file over the size limit) is yielded with `error` set instead of
raising, so the batch reports it and goes on with the rest.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import sys
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.errors import (
    CleanerError,
    InputNotFoundError,
    InputTooLargeError,
    UnreadableInputError,
)

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Fields:
    """Names of the input fields a JSON record carries its page, text, URL and id in."""

    html: str = "html"
    text: str = "text"
    url: str = "url"
    id: str = "id"


@dataclass
class SourceRecord:
    """One input record: the payload to clean plus the fields passed through to the output."""

    source: str
    position: int
    id: Any = None
    data: str | bytes | None = None
    input_format: str = "auto"
    url: str = ""
    charset: str | None = None
    # Fields copied to the output record as they are (everything but the payload).
    passthrough: dict[str, Any] = field(default_factory=dict)
    # Set when the record could not be read; it then becomes an error record.
    error: CleanerError | None = None


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def is_jsonl(name: str) -> bool:
    return name.lower().endswith(JSONL_SUFFIXES)


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _has_magic(name: str) -> bool:
    return any(c in name for c in "*?[")


def expand_paths(names: Iterable[str]) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for each file named, found in a directory tree or matched by a glob.

    A name that matches nothing is yielded with path None so the caller can report it.
    Directories are walked recursively in sorted order, skipping hidden entries, so the
    record order (and so the output order) is stable from run to run.
    """
    for name in names:
        if name == "-":
            yield name, None
            continue
        if _has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield name, None
            for m in files:
                yield m, Path(m)
            continue
        path = Path(name)
        if path.is_dir():
            for root, dirs, files_in in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files_in):
                    if not f.startswith("."):
                        p = Path(root) / f
                        yield str(p), p
        elif path.is_file():
            yield name, path
        else:
            yield name, None


def iter_file(name: str, path: Path, position: int, max_bytes: int = 0) -> SourceRecord:
    """Read one saved page (HTML or text) as a record; its id is the path."""
    rec = SourceRecord(source=name, position=position, id=name, passthrough={"id": name})
    try:
        size = path.stat().st_size
        if max_bytes and size > max_bytes:
            raise InputTooLargeError(
                f"{name}: file is {size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        rec.data = path.read_bytes()
    except CleanerError as exc:
        rec.error = exc
    except OSError as exc:
        rec.error = InputNotFoundError(f"{name}: cannot read ({exc.strerror})")
    return rec


def _open_text(name: str, path: Path | None) -> IO[bytes]:
    if path is None:
        return sys.stdin.buffer
    raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by the caller
    if name.lower().endswith(".gz"):
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


def iter_jsonl(
    name: str,
    stream: IO[bytes],
    fields: Fields = Fields(),
    max_bytes: int = 0,
) -> Iterator[SourceRecord]:
    """Yield one record per JSON line; a broken line becomes an error record.

    The position is the line number. Lines over `max_bytes` are skipped, not parsed,
    so one giant line cannot exhaust memory twice over.
    """
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 2 if max_bytes else -1)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield SourceRecord(
                source=name,
                position=lineno + 1,
                error=UnreadableInputError(f"{name}: stream broken after line {lineno}: {exc}"),
            )
            return
        if not line:
            return
        lineno += 1
        if max_bytes and len(line) > max_bytes and not line.endswith(b"\n"):
            # Drain the rest of the oversized line without keeping it.
            while True:
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield SourceRecord(
                source=name,
                position=lineno,
                error=InputTooLargeError(
                    f"{name}:{lineno}: line is over the {max_bytes:,}-byte limit"
                ),
            )
            continue
        if not line.strip():
            continue
        yield _parse_line(name, lineno, line, fields)


def _parse_line(name: str, lineno: int, line: bytes, fields: Fields) -> SourceRecord:
    rec = SourceRecord(source=name, position=lineno)
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        rec.error = UnreadableInputError(f"{name}:{lineno}: not valid JSON ({exc})")
        return rec
    if not isinstance(obj, dict):
        rec.error = UnreadableInputError(
            f"{name}:{lineno}: expected a JSON object, got {type(obj).__name__}"
        )
        return rec
    return _from_dict(name, lineno, obj, fields)


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def iter_warc(name: str, stream: IO[bytes], max_bytes: int = 0) -> Iterator[SourceRecord]:
    """Yield the HTML response records of a WARC / WARC.gz file (read with warcio).

    Other records (requests, metadata, images) are skipped. The charset comes from the
    HTTP Content-Type header when it names one. A record whose payload is cut short, or
    that the reader cannot parse, becomes an error record and the records before it are
    kept. In a WARC.gz every record is its own gzip member, so reading resumes at the
    next intact member after a damaged one; in a plain WARC the file ends there.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        yield SourceRecord(
            source=name,
            position=0,
            error=UnreadableInputError(
                f"{name}: reading WARC needs warcio: pip install 'cleaner[warc]' ({exc})"
            ),
        )
        return
    gzipped = _peek(stream, 2) == b"\x1f\x8b"
    base, position = 0, 0
    while True:
        position, good_end, problem = yield from _read_segment(
            name, stream, base, position, max_bytes
        )
        left = _bytes_left(stream, good_end)
        if problem is None and not left:
            return
        position += 1
        detail = problem or f"{left:,} bytes could not be read"
        detail = detail[:200].encode("ascii", "backslashreplace").decode("ascii")
        yield SourceRecord(
            source=name,
            position=position,
            error=UnreadableInputError(
                f"{name}: WARC record {position} at byte {good_end:,} is truncated or "
                f"malformed ({detail}); the records before it were read"
            ),
        )
        resume = _next_member(stream, good_end + 1) if gzipped else None
        if resume is None:
            return
        base = resume


def _read_segment(
    name: str, stream: IO[bytes], base: int, position: int, max_bytes: int
) -> Generator[SourceRecord, None, tuple[int, int, str | None]]:
    """Read records from byte `base` on; return (position, end of last good record, error)."""
    from warcio.archiveiterator import ArchiveIterator

    if base:
        stream.seek(base)
    archive = ArchiveIterator(stream, check_digests=False)
    try:
        for record in archive:
            rec_start = base + archive.offset  # the record start, until it is read
            position += 1
            length = int(record.rec_headers.get_header("Content-Length") or 0)
            rec = _warc_record(name, record, position, max_bytes, length)
            if rec is None or rec.error is not None:
                if rec is not None:
                    yield rec
                continue
            try:
                rec.data = record.content_stream().read()
                # warcio reads what is there; compare with what the header promised.
                consumed = record.raw_stream.tell() if hasattr(record.raw_stream, "tell") else None
                if consumed is not None and length and consumed < length:
                    raise EOFError(f"only {consumed:,} of {length:,} bytes present")
            except Exception as exc:
                return position - 1, rec_start, f"{type(exc).__name__}: {exc}"
            yield rec
    except Exception as exc:
        # archive.offset is the start of the record that could not be parsed.
        return position, base + archive.offset, f"{type(exc).__name__}: {exc}"
    return position, base + archive.offset, None


def _warc_record(
    name: str, record: Any, position: int, max_bytes: int, length: int
) -> SourceRecord | None:
    """The source record for an HTML response (payload not read yet); None to skip."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = record.http_headers.get_header("Content-Type") or ""
    if ctype.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    rec_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    rec = SourceRecord(
        source=name,
        position=position,
        id=rec_id,
        url=url,
        input_format="html",
        charset=_charset_of(ctype),
        passthrough={
            "id": rec_id,
            "url": url,
            "warc_date": record.rec_headers.get_header("WARC-Date"),
            "warc_record_id": rec_id,
        },
    )
    if max_bytes and length > max_bytes:
        rec.error = InputTooLargeError(
            f"{name}: record {rec_id} is {length:,} bytes, over the {max_bytes:,}-byte limit"
        )
    return rec


def _peek(stream: IO[bytes], n: int) -> bytes:
    try:
        pos = stream.tell()
        head = stream.read(n)
        stream.seek(pos)
        return head
    except (OSError, ValueError, AttributeError):
        return b""


def _next_member(stream: IO[bytes], start: int) -> int | None:
    """Offset of the next gzip member at or after `start` that holds a WARC record."""
    pos = start
    try:
        while True:
            stream.seek(pos)
            chunk = stream.read(1 << 20)
            if len(chunk) < 3:
                return None
            i = chunk.find(b"\x1f\x8b\x08")
            while i != -1:
                stream.seek(pos + i)
                head = stream.read(1 << 16)
                try:
                    text = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
                except zlib.error:
                    text = b""
                if text.startswith(b"WARC/"):
                    return pos + i
                i = chunk.find(b"\x1f\x8b\x08", i + 1)
            pos += len(chunk) - 2
    except (OSError, ValueError):
        return None


def _bytes_left(stream: IO[bytes], offset: int) -> int:
    try:
        end = stream.seek(0, os.SEEK_END)
    except (OSError, ValueError, AttributeError):
        return 0
    return max(0, end - offset)


def iter_sources(
    names: Iterable[str],
    *,
    jsonl: bool = False,
    fields: Fields = Fields(),
    max_bytes: int = 0,
) -> Iterator[SourceRecord]:
    """Yield the records of every input, in order: files, directories, globs, JSONL, WARC.

    With `jsonl`, plain files and standard input ('-') are read as JSON lines; without
    it, files ending in .jsonl are still read as JSON lines. WARC is detected by its
    extension. A name that matches nothing yields one error record.
    """
    names = list(names) or (["-"] if jsonl else [])
    for name, path in expand_paths(names):
        if path is None and name != "-":
            yield SourceRecord(
                source=name,
                position=0,
                error=InputNotFoundError(f"{name}: no such file, directory or match"),
            )
            continue
        display = "<stdin>" if name == "-" else name
        if is_warc(name) and path is not None:
            with _open_binary(path) as stream:
                yield from iter_warc(display, stream, max_bytes)
        elif jsonl or is_jsonl(name) or name == "-":
            stream = _open_text(name, path)
            try:
                yield from iter_jsonl(display, stream, fields, max_bytes)
            finally:
                if path is not None:
                    stream.close()
        else:
            assert path is not None
            yield iter_file(name, path, 1, max_bytes)


def _open_binary(path: Path) -> IO[bytes]:
    # warcio decompresses .warc.gz itself, member by member.
    return open(path, "rb")


def records_from_dicts(
    rows: Iterable[Any], source: str = "<records>", fields: Fields = Fields()
) -> Iterator[SourceRecord]:
    """Adapt in-memory dicts (the library API of batch mode) to source records."""
    for i, row in enumerate(rows, 1):
        if isinstance(row, dict):
            yield _from_dict(source, i, row, fields)
        else:
            yield SourceRecord(
                source=source,
                position=i,
                error=UnreadableInputError(
                    f"{source}:{i}: expected a dict, got {type(row).__name__}"
                ),
            )


def _from_dict(source: str, position: int, obj: dict[str, Any], fields: Fields) -> SourceRecord:
    rec = SourceRecord(source=source, position=position, id=obj.get(fields.id))
    url = obj.get(fields.url)
    rec.url = url if isinstance(url, str) else ""
    html, text = obj.get(fields.html), obj.get(fields.text)
    if isinstance(html, (str, bytes)) and html:
        rec.data, rec.input_format = html, "html"
    elif isinstance(text, str) and text:
        rec.data, rec.input_format = text, "text"
    else:
        rec.error = UnreadableInputError(
            f"{source}:{position}: no {fields.html!r} or {fields.text!r} field in the record"
        )
    charset = obj.get("charset")
    rec.charset = charset if isinstance(charset, str) else None
    rec.passthrough = {k: v for k, v in obj.items() if k not in (fields.html, fields.text)}
    return rec


__all__ = [
    "Fields",
    "SourceRecord",
    "expand_paths",
    "is_jsonl",
    "is_url",
    "is_warc",
    "iter_file",
    "iter_jsonl",
    "iter_sources",
    "iter_warc",
    "records_from_dicts",
]
