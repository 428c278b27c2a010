"""The errors cleaner raises. Every failure of `clean()` is one of these.

Each class carries the CLI exit code that stands for it, so the CLI never
decides exit codes on its own.
"""

from __future__ import annotations


class CleanerError(Exception):
    """Base of every error cleaner raises on purpose."""

    exit_code = 1


class ExtractionError(CleanerError):
    """An unexpected failure inside a filter or parser, wrapped with its cause."""


class InputNotFoundError(CleanerError):
    """A named input file or directory does not exist."""

    exit_code = 3


class UnreadableInputError(CleanerError):
    """The input cannot be read as HTML or text (binary, undecodable, too large)."""

    exit_code = 4


class NoContentError(CleanerError):
    """The input was read, but no article text was found in it."""

    exit_code = 5


class InputTooLargeError(UnreadableInputError):
    """The input is larger than the configured size limit."""


class CleanerTimeoutError(CleanerError):
    """Cleaning one document took longer than the configured time limit."""

    exit_code = 6


class ConfigError(CleanerError):
    """The configuration names an unknown filter or option, or is malformed."""

    exit_code = 2


class FetchError(CleanerError):
    """A URL given by the user could not be fetched."""

    exit_code = 7
