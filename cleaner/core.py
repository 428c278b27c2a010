"""The cleaning entry points: `Cleaner` (reusable) and `clean()` (one call)."""

from __future__ import annotations

import time
from functools import lru_cache

from cleaner.chain import Chain, build_chain
from cleaner.config import Config
from cleaner.errors import CleanerError, InputTooLargeError, UnreadableInputError
from cleaner.readers import read
from cleaner.result import Result


class ExtractionError(CleanerError):
    """An unexpected failure inside a filter or parser, wrapped with its cause."""


class Cleaner:
    """A configured filter chain, built once and reused for many inputs."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.chain: Chain = build_chain(self.config)

    def clean(
        self,
        data: str | bytes,
        *,
        input_format: str = "auto",
        url: str = "",
        charset: str | None = None,
    ) -> Result:
        """Clean one page or scraped text. Raises only CleanerError subclasses."""
        if input_format not in ("auto", "html", "text"):
            raise CleanerError(
                f"unknown input format {input_format!r}; use 'auto', 'html' or 'text'"
            )
        if not isinstance(data, (str, bytes)):
            raise UnreadableInputError(
                f"expected str or bytes, got {type(data).__name__}; decode or read the input first"
            )
        limit = self.config.max_bytes
        size = len(data) if isinstance(data, bytes) else len(data) * 2
        if limit and size > limit:
            raise InputTooLargeError(
                f"input is {size:,} bytes, over the {limit:,}-byte limit; "
                "raise max_bytes in the config to allow it"
            )
        deadline = time.monotonic() + self.config.timeout if self.config.timeout else None
        try:
            doc = read(data, input_format, url=url, declared_charset=charset)
            doc, stats = self.chain.run(doc, deadline)
        except CleanerError:
            raise
        except RecursionError as exc:
            raise UnreadableInputError("input is nested too deeply to process") from exc
        except MemoryError as exc:
            raise InputTooLargeError("input needs more memory than is available") from exc
        except Exception as exc:
            raise ExtractionError(
                f"cleaning failed unexpectedly ({type(exc).__name__}: {exc}); "
                "please report this input"
            ) from exc
        return Result.from_document(doc, stats)


@lru_cache(maxsize=1)
def _default() -> Cleaner:
    return Cleaner()


def clean(
    data: str | bytes,
    *,
    input_format: str = "auto",
    url: str = "",
    charset: str | None = None,
    config: Config | None = None,
) -> Result:
    """Clean one page (HTML, any encoding) or scraped text into article text."""
    cleaner = Cleaner(config) if config is not None else _default()
    return cleaner.clean(data, input_format=input_format, url=url, charset=charset)
