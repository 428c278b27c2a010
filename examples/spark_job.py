"""Example Spark job: clean JSON lines or WARC files into Parquet.

    spark-submit examples/spark_job.py --output cleaned.parquet pages/*.jsonl.gz
    spark-submit examples/spark_job.py --output cleaned.parquet crawl/*.warc.gz
    python examples/spark_job.py --master 'local[2]' --output out.parquet data.jsonl

JSON lines are read by Spark itself (field names as in `cleaner --jsonl`); WARC
files are read one file per task with cleaner.sources.iter_warc (warcio), keeping
HTML response records with their URL, WARC date and record id. Each output row has
the input fields (minus the HTML) plus clean_text, clean_title, ... and clean_error.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from cleaner.integrations.spark import clean_column
from cleaner.sources import is_warc


def warc_rows(path: str) -> Iterator[tuple[Any, ...]]:
    """Rows of one WARC file: (id, url, warc_date, charset, html, read_error)."""
    from cleaner.sources import iter_warc

    with open(path, "rb") as stream:
        for rec in iter_warc(path, stream):
            meta = rec.passthrough
            html = rec.data if isinstance(rec.data, bytes) else None
            error = f"{type(rec.error).__name__}: {rec.error}" if rec.error else None
            yield (
                rec.id,
                rec.url,
                meta.get("warc_date"),
                rec.charset,
                html,
                error,
                path,
                rec.position,
            )


def read_inputs(spark: Any, paths: list[str], html_field: str) -> Any:
    from pyspark.sql.types import BinaryType, IntegerType, StringType, StructField, StructType

    warcs = [p for p in paths if is_warc(p)]
    others = [p for p in paths if not is_warc(p)]
    frames = []
    if others:
        frames.append(spark.read.json(others))
    if warcs:
        schema = StructType(
            [
                StructField("id", StringType()),
                StructField("url", StringType()),
                StructField("warc_date", StringType()),
                StructField("charset", StringType()),
                StructField(html_field, BinaryType()),
                StructField("read_error", StringType()),
                StructField("source", StringType()),
                StructField("position", IntegerType()),
            ]
        )
        rdd = spark.sparkContext.parallelize(warcs, len(warcs)).flatMap(warc_rows)
        frames.append(spark.createDataFrame(rdd, schema))
    if len(frames) == 1:
        return frames[0]
    return frames[0].unionByName(frames[1], allowMissingColumns=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", nargs="+", help="JSON lines (.jsonl, .jsonl.gz) or WARC files")
    p.add_argument("--output", required=True, help="Parquet directory to write")
    p.add_argument("--html-field", default="html")
    p.add_argument("--url-field", default="url")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: from spark-submit)")
    p.add_argument("--partitions", type=int, help="repartition the input before cleaning")
    args = p.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("cleaner")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(spark, args.inputs, args.output, args.html_field, args.url_field, args.partitions)
    finally:
        spark.stop()
    return 0


def run(
    spark: Any,
    inputs: list[str],
    output: str,
    html_field: str = "html",
    url_field: str = "url",
    partitions: int | None = None,
) -> None:
    """The job itself, given a session: read, clean per partition, write Parquet."""
    df = read_inputs(spark, inputs, html_field)
    if partitions:
        df = df.repartition(partitions)
    url_col = url_field if url_field in df.columns else None
    charset_col = "charset" if "charset" in df.columns else None
    cleaned = clean_column(df, html_field, url_col=url_col, charset_col=charset_col)
    cleaned.drop(html_field).write.mode("overwrite").parquet(output)


if __name__ == "__main__":
    raise SystemExit(main())
