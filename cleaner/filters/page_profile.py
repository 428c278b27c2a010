"""Steps that act on the page type: pipelines that want articles only."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.filters.base import Filter

NOT_AN_ARTICLE = "not_an_article"


class ArticlesOnly(Filter):
    """Everything, on a page classified as anything but an article.

    Off by default: `articles_only = true` in the config or `--articles-only`."""

    name = "articles_only"
    default_enabled = False

    def apply(self, doc: Document) -> Document:
        if not doc.page_type or doc.page_type == "article":
            return doc
        return doc.apply(self.name, {b.index: NOT_AN_ARTICLE for b in doc.blocks})
