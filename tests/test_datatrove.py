"""datatrove: the cleaner step in a real pipeline (WarcReader -> cleaner -> JsonlWriter) under
LocalPipelineExecutor with 2 tasks, checked against the golden texts and datatrove's stats.

datatrove is in the `ci` extra, so these tests are not skipped when it is missing: they fail.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from datatrove.data import Document

from cleaner import Config, clean
from cleaner.integrations.datatrove import CleanerExtractor
from tests.test_golden import KNOWN_MISREADS

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "samples" / "html").glob("*.html"))
NO_ARTICLE = b"<html><body><nav><a href='/'>Home</a> | <a href='/w'>World</a></nav></body></html>"


def url_of(name: str) -> str:
    return f"https://example.org/{name}"


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """A WARC as a crawler writes it: a response per page, plus an image response and a
    request record that the reader must skip."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for name, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url_of(name),
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"},
                )
            )
        get = b"GET /x HTTP/1.1\r\nHost: example.org\r\n\r\n"
        request = writer.create_warc_record(url_of("x"), "request", payload=io.BytesIO(get))
        writer.write_record(request)
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url_of("logo.png"),
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
                http_headers=png,
                warc_headers_dict={"WARC-Identified-Payload-Type": "image/png"},
            )
        )


def run_pipeline(tmp: Path, step: CleanerExtractor) -> tuple[list[dict[str, Any]], Any]:
    """The samples (and a page with no article) as two WARC files, through WarcReader ->
    `step` -> JsonlWriter under LocalPipelineExecutor with 2 tasks: output records and stats."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    warcs = tmp / "warcs"
    warcs.mkdir()
    pages = [(p.name, p.read_bytes()) for p in PAGES]
    half = len(pages) // 2
    write_warc(warcs / "crawl-0.warc.gz", pages[:half])
    write_warc(warcs / "crawl-1.warc.gz", [*pages[half:], ("menu.html", NO_ARTICLE)])
    LocalPipelineExecutor(
        pipeline=[WarcReader(str(warcs)), step, JsonlWriter(str(tmp / "out"), compression=None)],
        tasks=2,
        logging_dir=str(tmp / "logs"),
    ).run()
    records = [
        json.loads(line)
        for out in sorted((tmp / "out").glob("*.jsonl"))
        for line in out.read_text(encoding="utf-8").splitlines()
    ]
    stats = json.loads((tmp / "logs" / "stats.json").read_text(encoding="utf-8"))
    return records, stats


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], Any]:
    return run_pipeline(tmp_path_factory.mktemp("datatrove"), CleanerExtractor())


def test_every_record_is_the_golden_text(pipeline_run: tuple) -> None:
    records, _ = pipeline_run
    by_url = {r["metadata"]["url"]: r for r in records}
    assert sorted(by_url) == sorted(url_of(p.name) for p in PAGES)
    for page in PAGES:
        record = by_url[url_of(page.name)]
        golden = page.with_name(page.stem + ".expected.txt").read_text(encoding="utf-8")
        title = record["metadata"]["title"]
        if page.name not in KNOWN_MISREADS:
            assert [title, *record["text"].splitlines()] == golden.splitlines(), page.name
        assert record["text"] == clean(page.read_bytes(), url=url_of(page.name)).text, page.name


def test_metadata_gains_the_page_fields_and_keeps_the_crawl_date(pipeline_run: tuple) -> None:
    records, _ = pipeline_run
    for record in records:
        meta = record["metadata"]
        assert {"title", "author", "date", "language", "crawl_date", "url"} <= set(meta)
        assert meta["crawl_date"].startswith("20")  # the WARC-Date warcio wrote
    news = next(r for r in records if r["metadata"]["url"].endswith("02_wordpress_news.html"))
    # The same URL as the WARC record's: the page type reads the URL too.
    expected = clean(
        (ROOT / "samples" / "html" / "02_wordpress_news.html").read_bytes(),
        url=news["metadata"]["url"],
    )
    assert news["metadata"]["title"] == expected.title
    assert news["metadata"]["author"] == (expected.metadata.author or None)
    assert news["metadata"]["date"] == (expected.metadata.date or None)
    assert news["metadata"]["language"] == (expected.metadata.language or None)
    for name in ("page_type", "confidence"):  # once Result has them, they come along
        if hasattr(expected, name):
            value = getattr(expected, name)
            assert news["metadata"][name] == (None if value == "" else value)


def _step_stats(stats: list[dict[str, Any]], name: str) -> dict[str, Any]:
    step = next(s for s in stats if s["name"].endswith(name))
    return {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}


def test_stats_count_documents_in_out_and_dropped(pipeline_run: tuple) -> None:
    _, stats = pipeline_run
    reader = _step_stats(stats, "Warc")
    step = _step_stats(stats, "cleaner")
    writer = _step_stats(stats, "Jsonl")
    assert reader["documents"] == len(PAGES) + 1  # the image and the request are not documents
    assert step["total"] == len(PAGES) + 1
    assert step["forwarded"] == len(PAGES)
    assert step["dropped"] == 1
    assert step["dropped_no_article"] == 1
    assert writer["total"] == len(PAGES)


def test_each_task_builds_one_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.integrations.datatrove as adapter

    built: list[Config] = []
    real = adapter.Cleaner

    def counting(config: Config) -> Any:
        built.append(config)
        return real(config)

    step = CleanerExtractor()
    monkeypatch.setattr(adapter, "Cleaner", counting)
    docs = [Document(text=p.read_text("utf-8", "replace"), id=p.name) for p in PAGES[:5]]
    assert len(list(step.run(iter(docs)))) == 5
    assert len(built) == 1


def test_time_limit_drops_the_document_with_its_reason() -> None:
    step = CleanerExtractor(Config(timeout=1e-9))
    docs = [Document(text=PAGES[0].read_text("utf-8"), id="slow", metadata={"url": "u"})]
    assert list(step.run(iter(docs))) == []
    assert step.stats["dropped_timeout"].total == 1
    assert step.stats["dropped"].total == 1


def test_time_limit_holds_in_the_executor_tasks(tmp_path: Path) -> None:
    """In datatrove's worker processes the deadline drops every document with its reason and
    the tasks finish: nothing escapes the step but counted drops."""
    records, stats = run_pipeline(tmp_path, CleanerExtractor(Config(timeout=1e-9)))
    assert records == []
    step = _step_stats(stats, "cleaner")
    assert step["total"] == step["dropped"] == step["dropped_timeout"] == len(PAGES) + 1


def test_oversized_and_no_article_documents_are_dropped_with_their_reasons() -> None:
    step = CleanerExtractor(Config(max_bytes=5_000))
    big = "<html><body><p>" + "word " * 2_000 + "</p></body></html>"
    docs = [Document(text=big, id="big"), Document(text=NO_ARTICLE.decode(), id="menu")]
    assert list(step.run(iter(docs))) == []
    assert step.stats["dropped_too_large"].total == 1
    assert step.stats["dropped_no_article"].total == 1


def test_bad_config_fails_when_the_pipeline_is_built() -> None:
    from cleaner import ConfigError

    with pytest.raises(ConfigError, match="valid filters"):
        CleanerExtractor(Config(disable=("no_such_filter",)))


def test_example_job_writes_jsonl(tmp_path: Path) -> None:
    """examples/datatrove_job.py, run as a user runs it, one task."""
    import subprocess
    import sys

    warcs = tmp_path / "in"
    warcs.mkdir()
    write_warc(warcs / "a.warc.gz", [(p.name, p.read_bytes()) for p in PAGES[:3]])
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "datatrove_job.py"),
            str(warcs),
            "--output",
            str(tmp_path / "out"),
            "--tasks",
            "1",
            "--logs",
            str(tmp_path / "logs"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (out,) = (tmp_path / "out").glob("*.jsonl.gz")
    lines = gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == 3
