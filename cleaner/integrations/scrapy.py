"""A Scrapy item pipeline that fills a clean-text field of each scraped item.

Enable it in settings.py:

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 300}
    CLEANER_HTML_FIELD = "html"         # item field holding the page's HTML
    CLEANER_TEXT_FIELD = "clean_text"   # field the article text is written to

The pipeline builds one Cleaner when the crawler starts and reuses it for every
item. A page that cannot be cleaned does not drop the item: its error goes into
CLEANER_ERROR_FIELD, so nothing is lost from the feed.
"""

from __future__ import annotations

from typing import Any

from cleaner.config import Config
from cleaner.core import Cleaner
from cleaner.errors import CleanerError

# Setting name -> (attribute, default). Documented in docs/pipelines.md.
SETTINGS = {
    "CLEANER_HTML_FIELD": "html",
    "CLEANER_URL_FIELD": "url",
    "CLEANER_TEXT_FIELD": "clean_text",
    "CLEANER_TITLE_FIELD": "clean_title",
    "CLEANER_METADATA_FIELD": "",
    "CLEANER_ERROR_FIELD": "clean_error",
    "CLEANER_INPUT_FORMAT": "auto",
    "CLEANER_DROP_HTML": False,
}


def config_from_settings(settings: Any) -> Config:
    """Config from CLEANER_CONFIG (a TOML path) plus CLEANER_DISABLE / ENABLE / TIMEOUT /
    MAX_BYTES, the same layering as the command line."""
    path = settings.get("CLEANER_CONFIG")
    config = Config.from_toml(path) if path else Config()
    disable = tuple(settings.getlist("CLEANER_DISABLE"))
    enable = tuple(settings.getlist("CLEANER_ENABLE"))
    timeout = settings.get("CLEANER_TIMEOUT")
    max_bytes = settings.get("CLEANER_MAX_BYTES")
    return config.with_overrides(
        disable=tuple(config.disable) + disable or None,
        enable=tuple(config.enable) + enable or None,
        timeout=float(timeout) if timeout is not None else None,
        max_bytes=int(max_bytes) if max_bytes is not None else None,
    )


class CleanerPipeline:
    """Cleans the HTML field of each item into text, title and (optionally) metadata fields."""

    def __init__(self, config: Config | None = None, **options: Any) -> None:
        self.cleaner = Cleaner(config)
        unknown = set(options) - {k.removeprefix("CLEANER_").lower() for k in SETTINGS}
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        for key, default in SETTINGS.items():
            name = key.removeprefix("CLEANER_").lower()
            setattr(self, name, options.get(name, default))
        self.stats: dict[str, int] = {"cleaned": 0, "empty": 0, "errors": 0}

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanerPipeline:
        settings = crawler.settings
        options: dict[str, Any] = {}
        for key, default in SETTINGS.items():
            name = key.removeprefix("CLEANER_").lower()
            if isinstance(default, bool):
                options[name] = settings.getbool(key, default)
            else:
                options[name] = settings.get(key, default)
        pipeline = cls(config_from_settings(settings), **options)
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Fill the clean-text field; record the error instead when cleaning fails."""
        from itemadapter import ItemAdapter

        adapter = ItemAdapter(item)
        data = adapter.get(self.html_field)
        url = adapter.get(self.url_field) or ""
        try:
            if not isinstance(data, (str, bytes)) or not data:
                raise CleanerError(f"item has no {self.html_field!r} field to clean")
            result = self.cleaner.clean(
                data, input_format=self.input_format, url=url if isinstance(url, str) else ""
            )
        except CleanerError as exc:
            self._count("errors")
            if self.error_field:
                adapter[self.error_field] = {"type": type(exc).__name__, "message": str(exc)}
            if self.text_field:
                adapter[self.text_field] = ""
            return item
        self._count("empty" if result.empty else "cleaned")
        adapter[self.text_field] = result.text
        if self.title_field:
            adapter[self.title_field] = result.title
        if self.metadata_field:
            meta = result.to_dict()
            meta.pop("text", None)
            adapter[self.metadata_field] = meta
        if self.drop_html and self.html_field in adapter:
            del adapter[self.html_field]
        return item

    def _count(self, what: str) -> None:
        self.stats[what] += 1
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"cleaner/{what}")

    # Attributes set from SETTINGS in __init__; declared for type checkers.
    html_field: str
    url_field: str
    text_field: str
    title_field: str
    metadata_field: str
    error_field: str
    input_format: str
    drop_html: bool
    crawler: Any
