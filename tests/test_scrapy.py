"""The Scrapy item pipeline, in a real crawl of pages served on localhost."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="scrapy is not installed (pip install 'cleaner[scrapy]')")

from tests.helpers import PROSE

ROOT = Path(__file__).resolve().parent.parent

SPIDER = textwrap.dedent(
    """
    import sys
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Site(scrapy.Spider):
        name = "site"
        start_urls = [sys.argv[1] + "/index.html"]

        def parse(self, response):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, self.parse_page)

        def parse_page(self, response):
            yield {"url": response.url, "html": response.text, "kept": "yes"}

    process = CrawlerProcess(settings={
        "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 300},
        "CLEANER_HTML_FIELD": "html",
        "CLEANER_TEXT_FIELD": "body_text",
        "CLEANER_TITLE_FIELD": "headline",
        "CLEANER_DROP_HTML": True,
        "CLEANER_DISABLE": ["related"],
        "FEEDS": {sys.argv[2]: {"format": "jsonlines"}},
        "LOG_LEVEL": "INFO",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
    })
    process.crawl(Site)
    process.start()
    """
)


def article(i: int) -> str:
    return (
        f"<html><head><title>Article {i}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>Article {i}</h1><p>Story {i}: {PROSE}</p><p>{PROSE}</p></article>"
        "<footer>Copyright 2024 Example Media. All rights reserved.</footer>"
        "</body></html>"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_crawl_fills_clean_text(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f"<a href='/a{i}.html'>a{i}</a>" for i in range(3))
    (site / "index.html").write_text(
        f"<html><body>{links}<a href='/empty.html'>e</a></body></html>"
    )
    for i in range(3):
        (site / f"a{i}.html").write_text(article(i))
    (site / "empty.html").write_text("<html><body></body></html>")
    (tmp_path / "spider.py").write_text(SPIDER)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        feed = tmp_path / "items.jsonl"
        proc = subprocess.run(
            [sys.executable, str(tmp_path / "spider.py"), f"http://127.0.0.1:{port}", str(feed)],
            capture_output=True,
            timeout=120,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    items = {Path(i["url"]).name: i for i in map(json.loads, feed.read_text().splitlines())}
    assert sorted(items) == ["a0.html", "a1.html", "a2.html", "empty.html"]
    for i in range(3):
        item = items[f"a{i}.html"]
        assert item["body_text"].startswith(f"Story {i}:")
        assert "Copyright" not in item["body_text"] and "Home | News" not in item["body_text"]
        assert item["headline"] == f"Article {i}"
        assert item["kept"] == "yes" and "html" not in item  # passthrough kept, HTML dropped
        assert "clean_error" not in item
    assert items["empty.html"]["body_text"] == ""
    log = proc.stderr.decode()
    assert "'cleaner/cleaned': 3" in log and "'cleaner/empty': 1" in log


def test_pipeline_unit_errors_do_not_drop_items() -> None:
    from scrapy.settings import Settings

    from cleaner.integrations.scrapy import CleanerPipeline, config_from_settings

    settings = Settings({"CLEANER_TIMEOUT": "5", "CLEANER_DISABLE": "related,comments"})
    config = config_from_settings(settings)
    assert config.timeout == 5.0 and config.disable == ("related", "comments")
    pipe = CleanerPipeline(config, text_field="t")
    item = pipe.process_item({"url": "u", "html": b"\x00\x01\x02\x03\xff\xfe" * 50})
    assert item["t"] == "" and item["clean_error"]["type"] == "UnreadableInputError"
    item = pipe.process_item({"url": "u"})
    assert item["clean_error"]["type"] == "CleanerError"
    assert pipe.stats == {"cleaned": 0, "empty": 0, "errors": 2}
    with pytest.raises(TypeError):
        CleanerPipeline(config, no_such_option=1)
