"""Clean a Spark DataFrame column of HTML or text into new columns, at corpus scale.

`clean_column` works partition by partition (RDD mapPartitions): each partition
builds ONE Cleaner and streams its rows through it, so the filter chain is built
once per partition, never once per row, and no pandas/Arrow install is needed.
Per-row failures land in an error column instead of failing the job.

    from cleaner.integrations.spark import clean_column
    cleaned = clean_column(df, "html", url_col="url")
    cleaned.select("url", "clean_text", "clean_title", "clean_error").show()
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cleaner.config import Config
from cleaner.errors import CleanerError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame

# The columns added, after the prefix: name -> Spark SQL type.
OUTPUT_COLUMNS = (
    ("text", "string"),
    ("title", "string"),
    ("author", "string"),
    ("date", "string"),
    ("language", "string"),
    ("page_type", "string"),
    ("confidence", "double"),
    ("error", "string"),
)


def _clean_partition(
    rows: Iterable[Any],
    config: Config,
    column: str,
    url_col: str | None,
    charset_col: str | None,
    input_format: str,
) -> Iterator[tuple[Any, ...]]:
    """Runs on an executor: one Cleaner for the whole partition."""
    from cleaner.core import Cleaner

    cleaner = Cleaner(config)
    for row in rows:
        values = tuple(row)
        data = row[column]
        url = row[url_col] if url_col else None
        charset = row[charset_col] if charset_col else None
        out: tuple[Any, ...]
        if data is None or (isinstance(data, (str, bytes, bytearray)) and not data):
            missing = "UnreadableInputError: empty or missing input"
            out = ("", "", None, None, None, None, None, missing)
        else:
            try:
                if isinstance(data, bytearray):
                    data = bytes(data)
                result = cleaner.clean(
                    data,
                    input_format=input_format,
                    url=url if isinstance(url, str) else "",
                    charset=charset if isinstance(charset, str) else None,
                )
                meta = result.metadata
                out = (
                    result.text,
                    result.title,
                    meta.author or None,
                    meta.date or None,
                    meta.language or None,
                    result.page_type or None,
                    result.confidence,
                    None,
                )
            except CleanerError as exc:
                out = ("", "", None, None, None, None, None, f"{type(exc).__name__}: {exc}")
        yield values + out


def clean_column(
    df: DataFrame,
    column: str,
    *,
    url_col: str | None = None,
    charset_col: str | None = None,
    input_format: str = "auto",
    config: Config | None = None,
    prefix: str = "clean_",
) -> DataFrame:
    """Return `df` with columns {prefix}text, title, author, date, language, page_type,
    confidence and error added.

    `column` holds HTML (string or binary) or scraped text; `charset_col`, when given,
    names a column with the charset declared in HTTP headers (WARC input). Rows that fail keep empty
    text and carry "ErrorType: message" in {prefix}error; the job itself goes on.
    """
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    if column not in df.columns:
        raise CleanerError(f"no column {column!r}; columns: {', '.join(df.columns)}")
    for extra in (url_col, charset_col):
        if extra is not None and extra not in df.columns:
            raise CleanerError(f"no column {extra!r}; columns: {', '.join(df.columns)}")
    added = [f"{prefix}{name}" for name, _ in OUTPUT_COLUMNS]
    clash = [c for c in added if c in df.columns]
    if clash:
        raise CleanerError(f"columns already exist: {', '.join(clash)}; pass another prefix")
    config = config or Config()
    schema = StructType(
        list(df.schema.fields)
        + [
            StructField(name, DoubleType() if kind == "double" else StringType(), True)
            for name, (_, kind) in zip(added, OUTPUT_COLUMNS, strict=True)
        ]
    )

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        return _clean_partition(rows, config, column, url_col, charset_col, input_format)

    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(run), schema)
