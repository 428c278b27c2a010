"""Record sources: files, directories, globs, JSON lines and real WARC files."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.sources import Fields, expand_paths, iter_jsonl, iter_sources, iter_warc
from tests.helpers import PROSE

ROOT = Path(__file__).resolve().parent.parent


def cyrillic_page(i: int) -> str:
    return (
        f"<html><head><title>Новости {i}</title></head><body><article>"
        f"<p>Городской совет проголосовал за продление часов работы библиотеки {i}. "
        "Жители собрали более двух тысяч подписей в поддержку этого плана, и решение "
        "было принято единогласно после долгого обсуждения.</p>"
        f"<p>{PROSE}</p></article></body></html>"
    )


def write_warc(path: Path, n: int = 3, gz: bool = True) -> None:
    """n HTML responses in windows-1251 (charset only in the HTTP header), plus
    a request record, an image response and a metadata record that must be skipped."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i in range(n):
            url = f"https://example.ru/news/{i}"
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(b"GET /news HTTP/1.1\r\nHost: example.ru\r\n\r\n"),
                )
            )
            body = cyrillic_page(i).encode("windows-1251")
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=windows-1251")],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
            if i == 0:
                img = StatusAndHeaders(
                    "200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"
                )
                writer.write_record(
                    writer.create_warc_record(
                        "https://example.ru/logo.png",
                        "response",
                        payload=io.BytesIO(b"\x89PNG...."),
                        http_headers=img,
                    )
                )
                writer.write_record(
                    writer.create_warc_record(
                        url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12")
                    )
                )


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_with_charset_from_http_headers(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, 3, gz)
    with open(path, "rb") as fh:
        recs = list(iter_warc(str(path), fh))
    assert [r.url for r in recs] == [f"https://example.ru/news/{i}" for i in range(3)]
    assert all(r.error is None for r in recs)
    assert all(r.charset == "windows-1251" for r in recs)
    assert all(str(r.id).startswith("<urn:uuid:") for r in recs)
    assert all(r.passthrough["warc_date"] for r in recs)
    assert len({r.position for r in recs}) == 3


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_earlier_records_and_reports_the_cut_one(
    tmp_path: Path, gz: bool
) -> None:
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    write_warc(path, 4, gz)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # cut into the last records
    with open(path, "rb") as fh:
        recs = list(iter_warc(str(path), fh))
    good = [r for r in recs if r.error is None]
    bad = [r for r in recs if r.error is not None]
    assert len(bad) == 1 and recs[-1] is bad[0]
    assert "truncated" in str(bad[0].error)
    assert type(bad[0].error).__name__ == "UnreadableInputError"
    assert 2 <= len(good) <= 3
    assert [r.url for r in good] == [f"https://example.ru/news/{i}" for i in range(len(good))]


def test_damaged_member_in_warc_gz_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "damaged.warc.gz"
    write_warc(path, 4, gz=True)
    data = path.read_bytes()
    with open(path, "rb") as fh:
        from warcio.archiveiterator import ArchiveIterator

        starts = []
        archive = ArchiveIterator(fh)
        for record in archive:
            if record.rec_type == "response" and "news/1" in record.rec_headers.get_header(
                "WARC-Target-URI"
            ):
                starts.append(archive.offset)
    start = starts[0]
    # Cut 60 bytes out of the middle of the second page's gzip member.
    path.write_bytes(data[: start + 150] + data[start + 210 :])
    with open(path, "rb") as fh:
        recs = list(iter_warc(str(path), fh))
    urls = [r.url for r in recs if r.error is None]
    assert urls == [f"https://example.ru/news/{i}" for i in (0, 2, 3)]
    bad = [r for r in recs if r.error is not None]
    assert len(bad) == 1 and "truncated or malformed" in str(bad[0].error)
    assert str(bad[0].error).isascii()
    positions = [r.position for r in recs]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_cli_warc_to_jsonl(tmp_path: Path) -> None:
    good, cut = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    write_warc(good, 3)
    write_warc(cut, 3)
    cut.write_bytes(cut.read_bytes()[:-150])
    errors = tmp_path / "errors.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cleaner.cli",
            str(good),
            str(cut),
            "-j",
            "2",
            "--errors",
            str(errors),
        ],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    errs = [json.loads(line) for line in errors.read_text().splitlines()]
    assert len(errs) == 1 and errs[0]["source"] == str(cut)
    assert len(out) >= 4
    first = out[0]
    assert first["url"] == "https://example.ru/news/0"
    assert (
        first["warc_record_id"].startswith("<urn:uuid:") and first["id"] == first["warc_record_id"]
    )
    assert first["warc_date"].startswith("20")
    # Decoded with the charset from the HTTP header, not mangled.
    assert "Городской совет" in first["text"] and first["title"] == "Новости 0"
    assert proc.returncode == 4
    assert f"{len(out) + 1} records: {len(out)} cleaned, 0 empty, 1 errors" in proc.stderr.decode()


def test_jsonl_broken_line_is_an_error_and_the_rest_is_read() -> None:
    lines = [
        json.dumps({"id": 1, "html": "<p>a</p>", "extra": [1, 2]}),
        "",
        "{oops",
        "[1, 2]",
        json.dumps({"id": 4, "text": "plain text"}),
        json.dumps({"id": 5}),
    ]
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    recs = list(iter_jsonl("in.jsonl", stream))
    assert [r.position for r in recs] == [1, 3, 4, 5, 6]  # blank line 2 skipped
    assert [r.error is None for r in recs] == [True, False, False, True, False]
    assert recs[0].passthrough == {"id": 1, "extra": [1, 2]} and recs[0].input_format == "html"
    assert recs[3].input_format == "text" and recs[3].data == "plain text"
    assert "not valid JSON" in str(recs[1].error)
    assert "expected a JSON object" in str(recs[2].error)


def test_jsonl_oversized_line_is_skipped_not_parsed() -> None:
    big = json.dumps({"id": "big", "html": "x" * 10_000})
    small = json.dumps({"id": "small", "html": "<p>ok</p>"})
    stream = io.BytesIO(f"{small}\n{big}\n{small}\n".encode())
    recs = list(iter_jsonl("in", stream, Fields(), max_bytes=1000))
    assert [type(r.error).__name__ if r.error else r.id for r in recs] == [
        "small",
        "InputTooLargeError",
        "small",
    ]
    assert recs[1].position == 2 and recs[2].position == 3


def test_jsonl_truncated_gzip_reports_and_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt") as fh:
        for i in range(2000):
            fh.write(json.dumps({"id": i, "text": f"line {i} " * 20}) + "\n")
    path.write_bytes(path.read_bytes()[:-100])
    recs = list(iter_sources([str(path)]))
    assert recs[-1].error is not None and "broken" in str(recs[-1].error)
    assert all(r.error is None for r in recs[:-1]) and len(recs) > 1000


def test_directories_globs_and_missing_inputs(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "b" / "c" / "d.htm").write_text("<p>d</p>")
    (tmp_path / "b" / "e.txt").write_text("e")
    (tmp_path / ".hidden.html").write_text("<p>h</p>")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.html").write_text("<p>x</p>")
    names = [str(p) for _, p in expand_paths([str(tmp_path)]) if p]
    assert names == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b/e.txt"),
        str(tmp_path / "b/c/d.htm"),
    ]
    globbed = [n for n, _ in expand_paths([str(tmp_path / "**" / "*.htm*")])]
    assert globbed == [str(tmp_path / "a.html"), str(tmp_path / "b/c/d.htm")]
    recs = list(iter_sources([str(tmp_path / "nope"), str(tmp_path / "a.html")], max_bytes=3))
    assert type(recs[0].error).__name__ == "InputNotFoundError"
    assert type(recs[1].error).__name__ == "InputTooLargeError"  # 8 bytes > 3
