"""A datatrove pipeline step: cleaner where datatrove's Trafilatura extractor would go.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerExtractor

    LocalPipelineExecutor(
        pipeline=[WarcReader("crawl/"), CleanerExtractor(), JsonlWriter("cleaned/")],
        tasks=4,
    ).run()

Each Document's text (the page's HTML, as WarcReader yields it) becomes the clean article
text, and its metadata gains title, author, date (the page's publication date), language
and, when cleaner reports them, page_type and confidence. Documents with no article, or
that cannot be cleaned, are dropped and counted in the step's stats as `dropped_<reason>`,
the way datatrove's filters count theirs. See docs/pipelines.md.
"""

from __future__ import annotations

from typing import Any

from cleaner.config import Config
from cleaner.core import Cleaner
from cleaner.errors import (
    CleanerError,
    CleanerTimeoutError,
    InputTooLargeError,
    UnreadableInputError,
)
from cleaner.result import Result

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'cleaner[datatrove]'"
    ) from exc

# Drop reasons for errors, most specific class first (InputTooLargeError is an
# UnreadableInputError). A page where no article was found is "no_article".
_ERROR_REASONS: tuple[tuple[type[CleanerError], str], ...] = (
    (CleanerTimeoutError, "timeout"),
    (InputTooLargeError, "too_large"),
    (UnreadableInputError, "unreadable"),
    (CleanerError, "error"),
)
NO_ARTICLE = "no_article"
# Result attributes copied into the metadata when this version of cleaner has them.
_OPTIONAL_FIELDS = ("page_type", "confidence")


def drop_reason(exc: CleanerError) -> str:
    """The short code a failed document is counted under (`dropped_<code>`)."""
    return next(reason for cls, reason in _ERROR_REASONS if isinstance(exc, cls))


def result_metadata(result: Result) -> dict[str, Any]:
    """What a cleaned Document's metadata gains; None where the page says nothing."""
    meta = result.metadata
    fields: dict[str, Any] = {
        "title": result.title or None,
        "author": meta.author or None,
        "date": meta.date or None,
        "language": meta.language or None,
    }
    for name in _OPTIONAL_FIELDS:
        if hasattr(result, name):
            value = getattr(result, name)
            fields[name] = None if value == "" else value
    return fields


class CleanerExtractor(PipelineStep):
    """Replace each Document's HTML with cleaner's article text, and add its metadata.

    Not a datatrove BaseExtractor: that one pipes each document's text to a child process
    and gets text back, while this step needs the metadata too, and cleaner bounds each
    document itself (`config.timeout`, a SIGALRM deadline in the task's main thread).

    Args:
        config: cleaner's settings (filters, timeout, max_bytes); defaults otherwise.
        input_format: "html" (WARC responses), "text" (already extracted text) or "auto".

    The reader's `date` (for WarcReader, the WARC-Date: when the page was crawled) is kept
    as `crawl_date`, since `date` becomes the page's own publication date.
    """

    name = "🧹 cleaner"
    type = BaseExtractor.type  # listed with datatrove's extractors in logs and stats

    def __init__(self, config: Config | None = None, *, input_format: str = "html") -> None:
        super().__init__()
        if input_format not in ("auto", "html", "text"):
            raise CleanerError(
                f"unknown input format {input_format!r}; use 'auto', 'html' or 'text'"
            )
        self.config = config or Config()
        self.input_format = input_format
        Cleaner(self.config)  # a bad config fails here, when the pipeline is built
        self._warned: set[str] = set()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = Cleaner(self.config)  # once per task: the executor calls run() once a task
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                reason = ""
                try:
                    result = cleaner.clean(
                        doc.text,
                        input_format=self.input_format,
                        url=doc.metadata.get("url") or "",
                    )
                except CleanerError as exc:
                    reason = drop_reason(exc)
                    self._warn_once(reason, f"{doc.id}: {type(exc).__name__}: {exc}")
                else:
                    if result.empty:
                        reason = NO_ARTICLE
            if reason:
                self.stat_update(StatHints.dropped, f"dropped_{reason}")
                continue
            if "date" in doc.metadata:
                doc.metadata["crawl_date"] = doc.metadata.pop("date")
            doc.metadata.update(result_metadata(result))
            doc.text = result.text
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc

    def _warn_once(self, reason: str, message: str) -> None:
        """Log the first failure of each kind; the stats count them all."""
        if reason not in self._warned:
            self._warned.add(reason)
            logger.warning(f"cleaner dropped a document ({reason}), logged once: {message}")
