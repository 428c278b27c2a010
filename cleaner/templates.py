"""Site templates: blocks that recur across many pages of the same host.

A site prints the same menu, promo boxes, newsletter blurb and footer on every
page. Seen one page at a time they can look like content; seen across a batch
they are obvious. `TemplateLearner` counts block fingerprints per host (each
fingerprint at most once per page) and `SiteTemplates` holds what it learned:
per host, the fingerprints that appear on at least `share` of that host's
pages, for hosts with at least `min_pages` pages. The `site_template` filter
(cleaner/filters/site_template.py) drops those blocks.

The article guard: a block of prose (`prose_words` words or more) is template
only if it also appears on at least `prose_share` of the host's pages and on
at least `prose_min_pages` pages. An article quoted by another page appears on
two pages, far below either bar, so no page loses its own text because
another page quotes it.

Typical use (two passes over a batch)::

    learner = TemplateLearner()
    for url, html in pages:
        learner.add(url, read(html, url=url))       # or a Result, or blocks, or strings
    templates = learner.templates()
    templates.save("templates.json")
    cleaner = Cleaner(with_templates(Config(), templates))

On the command line: ``cleaner learn-templates PAGES... -o templates.json``,
then ``cleaner --templates templates.json PAGES...``. See docs/templates.md.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cleaner.config import Config
from cleaner.document import Block, Document, normalise
from cleaner.errors import ConfigError, InputNotFoundError

FORMAT_VERSION = 1
FILTER_NAME = "site_template"


def fingerprint(text: str) -> str:
    """A short stable hash of the block's normalised text ('' for blocks with no words)."""
    norm = normalise(text)
    if not norm:
        return ""
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def host_of(url_or_host: str) -> str:
    """The host a URL or bare host name stands for: lower case, no port, no leading 'www.'."""
    value = (url_or_host or "").strip()
    if not value:
        return ""
    if "//" not in value:
        value = "//" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass
class HostTemplate:
    """One host's template: fingerprint -> (pages it appeared on, a sample of its text)."""

    pages: int
    blocks: dict[str, tuple[int, str]] = field(default_factory=dict)

    def __contains__(self, fp: object) -> bool:
        return fp in self.blocks

    def __len__(self) -> int:
        return len(self.blocks)


@dataclass
class SiteTemplates:
    """Learned templates for many hosts, and the thresholds they were learned with."""

    hosts: dict[str, HostTemplate] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def for_host(self, url_or_host: str) -> HostTemplate | None:
        return self.hosts.get(host_of(url_or_host))

    def matches(self, url_or_host: str, text: str) -> bool:
        """True if `text` is part of the template of the host of `url_or_host`."""
        tpl = self.for_host(url_or_host)
        return tpl is not None and fingerprint(text) in tpl

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "cleaner-site-templates",
            "version": FORMAT_VERSION,
            "settings": dict(self.settings),
            "hosts": {
                host: {
                    "pages": tpl.pages,
                    "blocks": [
                        {"fingerprint": fp, "pages": n, "text": sample}
                        for fp, (n, sample) in sorted(
                            tpl.blocks.items(), key=lambda kv: (-kv[1][0], kv[1][1])
                        )
                    ],
                }
                for host, tpl in sorted(self.hosts.items())
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "templates") -> SiteTemplates:
        if not isinstance(data, Mapping) or data.get("format") != "cleaner-site-templates":
            raise ConfigError(f"{origin}: not a cleaner site-templates file")
        if data.get("version") != FORMAT_VERSION:
            raise ConfigError(
                f"{origin}: site-templates version {data.get('version')!r} is not supported "
                f"(expected {FORMAT_VERSION})"
            )
        hosts: dict[str, HostTemplate] = {}
        try:
            for host, entry in dict(data.get("hosts", {})).items():
                tpl = HostTemplate(pages=int(entry["pages"]))
                for b in entry.get("blocks", []):
                    tpl.blocks[str(b["fingerprint"])] = (int(b["pages"]), str(b.get("text", "")))
                hosts[host_of(host)] = tpl
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{origin}: malformed site-templates file ({exc})") from exc
        return cls(hosts=hosts, settings=dict(data.get("settings", {})))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path) -> SiteTemplates:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"site-templates file not found: {path}") from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read site-templates file {path}: {exc}") from exc
        return cls.from_dict(data, origin=str(path))


PageInput = Any  # a Result, a Document, or an iterable of Blocks or strings


def _texts(page: PageInput) -> list[str]:
    original = getattr(page, "original", None)
    if original:
        return [b.text for b in original]
    if isinstance(page, Document):
        return [b.text for b in page.blocks]
    if isinstance(page, str):
        return page.splitlines()
    return [b.text if isinstance(b, Block) else str(b) for b in page]


class TemplateLearner:
    """Counts block fingerprints per host over pages, and derives the templates.

    min_pages: a host needs at least this many pages before anything is template.
    share: a block is template if it appears on at least this share of the host's pages
        (and on at least `min_count` pages).
    prose_words, prose_share, prose_min_pages: the article guard. A block of
        `prose_words` words or more must also appear on `prose_share` of the pages and on
        `prose_min_pages` pages; a quoted paragraph never does.
    """

    def __init__(
        self,
        min_pages: int = 5,
        share: float = 0.5,
        *,
        min_count: int = 3,
        prose_words: int = 25,
        prose_share: float = 0.8,
        prose_min_pages: int = 10,
    ) -> None:
        if min_pages < 2:
            raise ConfigError("min_pages must be at least 2")
        if not 0.0 < share <= 1.0 or not 0.0 < prose_share <= 1.0:
            raise ConfigError("share and prose_share must be in (0, 1]")
        self.min_pages = min_pages
        self.share = share
        self.min_count = max(2, min_count)
        self.prose_words = prose_words
        self.prose_share = prose_share
        self.prose_min_pages = prose_min_pages
        self._pages: Counter[str] = Counter()
        self._counts: dict[str, Counter[str]] = {}
        self._samples: dict[str, dict[str, tuple[str, int]]] = {}

    @property
    def settings(self) -> dict[str, Any]:
        return {
            "min_pages": self.min_pages,
            "share": self.share,
            "min_count": self.min_count,
            "prose_words": self.prose_words,
            "prose_share": self.prose_share,
            "prose_min_pages": self.prose_min_pages,
        }

    def add(self, url_or_host: str, page: PageInput) -> None:
        """Count one page of a host. `page`: a Result, Document, Blocks or strings."""
        host = host_of(url_or_host)
        if not host:
            return
        self._pages[host] += 1
        counts = self._counts.setdefault(host, Counter())
        samples = self._samples.setdefault(host, {})
        seen: set[str] = set()
        for text in _texts(page):
            fp = fingerprint(text)
            if not fp or fp in seen:
                continue
            seen.add(fp)
            counts[fp] += 1
            if fp not in samples:
                samples[fp] = (text.strip()[:300], len(text.split()))

    def pages(self, url_or_host: str) -> int:
        return self._pages[host_of(url_or_host)]

    def is_template(self, count: int, pages: int, words: int) -> bool:
        """The rule: does a block seen on `count` of `pages` pages, `words` long, recur?"""
        if pages < self.min_pages or count < self.min_count:
            return False
        if count < math.ceil(self.share * pages - 1e-9):
            return False
        if words >= self.prose_words:
            return count >= self.prose_min_pages and count >= math.ceil(
                self.prose_share * pages - 1e-9
            )
        return True

    def templates(self) -> SiteTemplates:
        out = SiteTemplates(settings=self.settings)
        for host, pages in self._pages.items():
            samples = self._samples[host]
            blocks = {
                fp: (n, samples[fp][0])
                for fp, n in self._counts[host].items()
                if self.is_template(n, pages, samples[fp][1])
            }
            if blocks:
                out.hosts[host] = HostTemplate(pages=pages, blocks=blocks)
        return out


def with_templates(config: Config, templates: SiteTemplates | str | Path) -> Config:
    """`config` with the site_template filter switched on and given `templates`."""
    options = {k: dict(v) for k, v in config.filter_options.items()}
    options.setdefault(FILTER_NAME, {})["templates"] = templates
    enable = config.enable if FILTER_NAME in config.enable else (*config.enable, FILTER_NAME)
    disable = tuple(n for n in config.disable if n != FILTER_NAME)
    return config.with_overrides(filter_options=options, enable=enable, disable=disable)


def iter_pages(names: Sequence[str], host: str) -> Iterable[tuple[str, str | bytes, str]]:
    """(name, data, url) for each page: files, or JSONL files with a url and html/text field."""
    for name in names:
        path = Path(name)
        if not path.is_file():
            raise InputNotFoundError(f"{name}: no such file")
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as f:
                for n, line in enumerate(f, start=1):
                    if not line.strip():
                        continue
                    row = json.loads(line)
                    data = row.get("html") or row.get("page_text") or row.get("text") or ""
                    yield f"{name}:{n}", data, str(row.get("url") or host)
        else:
            yield name, path.read_bytes(), host
