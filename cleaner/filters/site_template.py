"""Site templates learned over a batch: a host's menus, promos and footers.

Off by default: it needs templates learned from many pages of the same host
(cleaner/templates.py). Without them, or for a page whose host has none, it
changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.document import Document
from cleaner.filters.base import Filter
from cleaner.patterns import Patterns

if TYPE_CHECKING:
    from cleaner.templates import SiteTemplates


class SiteTemplate(Filter):
    """Blocks that recur on many pages of the same site (learned templates)."""

    name = "site_template"
    default_enabled = False

    def __init__(
        self,
        *,
        patterns: Patterns | None = None,
        templates: SiteTemplates | str | Path | None = None,
        host: str = "",
    ) -> None:
        super().__init__(patterns=patterns)
        from cleaner.templates import SiteTemplates

        if isinstance(templates, (str, Path)):
            templates = SiteTemplates.load(templates)
        self.templates = templates
        self.host = host

    def apply(self, doc: Document) -> Document:
        if self.templates is None:
            return doc
        from cleaner.templates import fingerprint

        tpl = self.templates.for_host(self.host or doc.metadata.url)
        if tpl is None:
            return doc
        drops = {b.index: "site_template" for b in doc.blocks if fingerprint(b.text) in tpl}
        return doc.apply(self.name, drops)
