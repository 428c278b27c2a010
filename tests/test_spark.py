"""Spark: clean a DataFrame column partition by partition, in a real local[2] session."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner.document import PAGE_TYPES

try:
    import pyspark  # noqa: F401

    HAVE_SPARK = True
except ImportError:
    HAVE_SPARK = False

pytestmark = pytest.mark.skipif(
    not HAVE_SPARK, reason="pyspark is not importable; install it with pip install 'cleaner[spark]'"
)

from cleaner.config import Config  # noqa: E402
from tests.helpers import PROSE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def page(i: int) -> str:
    return (
        f"<html><head><title>Story {i}</title></head><body><nav>Home | World</nav>"
        f"<article><p>Item {i}. {PROSE}</p><p>{PROSE}</p></article></body></html>"
    )


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleaner-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_clean_column_adds_text_title_and_error(spark: Any) -> None:
    from cleaner.integrations.spark import clean_column

    rows = [(f"id{i}", f"https://e.com/{i}", page(i)) for i in range(10)]
    rows.append(("bad", "https://e.com/bad", "\x00\x01\x02\x03" * 100))
    rows.append(("none", None, None))
    df = spark.createDataFrame(rows, "id string, url string, html string").repartition(3)
    out = clean_column(df, "html", url_col="url")
    assert out.columns == [
        "id",
        "url",
        "html",
        "clean_text",
        "clean_title",
        "clean_author",
        "clean_date",
        "clean_language",
        "clean_page_type",
        "clean_confidence",
        "clean_error",
    ]
    got = {r["id"]: r for r in out.collect()}
    assert len(got) == 12  # nothing lost
    for i in range(10):
        r = got[f"id{i}"]
        assert r["clean_text"].startswith(f"Item {i}.") and "Home | World" not in r["clean_text"]
        assert r["clean_title"] == f"Story {i}" and r["clean_error"] is None
        assert r["clean_page_type"] in PAGE_TYPES
        assert 0.0 <= r["clean_confidence"] <= 1.0
    assert got["none"]["clean_error"].startswith("UnreadableInputError")
    assert got["none"]["clean_text"] == ""
    assert (
        out.filter("clean_error IS NULL").count() + out.filter("clean_error IS NOT NULL").count()
        == 12
    )


def test_binary_column_with_charset_column(spark: Any) -> None:
    from cleaner.integrations.spark import clean_column

    body = page(1).replace("Item 1.", "Élan café Item 1.").encode("iso-8859-1")
    df = spark.createDataFrame(
        [("a", bytearray(body), "iso-8859-1")], "id string, html binary, charset string"
    )
    (row,) = clean_column(df, "html", charset_col="charset", prefix="c_").collect()
    assert row["c_text"].startswith("Élan café Item 1.")


def test_filter_chain_built_once_per_partition(monkeypatch: pytest.MonkeyPatch) -> None:
    """The partition function builds one Cleaner and streams every row through it."""
    import cleaner.core
    from cleaner.integrations.spark import _clean_partition

    built = []
    real = cleaner.core.Cleaner

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, config: Config | None = None) -> None:
            built.append(1)
            super().__init__(config)

    monkeypatch.setattr(cleaner.core, "Cleaner", Counting)
    rows = [{"html": page(i), "url": None} for i in range(20)]
    out = list(_clean_partition(iter(rows), Config(), "html", "url", None, "auto"))
    assert len(out) == 20 and len(built) == 1


def test_example_job_jsonl_and_warc_to_parquet(spark: Any, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps({"id": f"j{i}", "url": f"https://j.com/{i}", "html": page(i)})
            for i in range(5)
        )
        + "\n"
    )
    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(4):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://w.com/{i}",
                    "response",
                    payload=io.BytesIO(page(100 + i).encode()),
                    http_headers=headers,
                )
            )
    out = tmp_path / "out.parquet"
    # The job's own code on the test session (a second JVM would double the test time);
    # main() only adds argument parsing and the session around run().
    spec = importlib.util.spec_from_file_location("spark_job", ROOT / "examples" / "spark_job.py")
    assert spec is not None and spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    job.run(spark, [str(jsonl), str(warc)], str(out), partitions=3)
    rows = {r["url"]: r for r in spark.read.parquet(str(out)).collect()}
    assert len(rows) == 9
    assert rows["https://j.com/3"]["clean_text"].startswith("Item 3.")
    w = rows["https://w.com/2"]
    assert w["clean_text"].startswith("Item 102.") and w["clean_title"] == "Story 102"
    assert w["id"].startswith("<urn:uuid:") and w["warc_date"].startswith("20")
    assert "html" not in spark.read.parquet(str(out)).columns
