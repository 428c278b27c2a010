"""cleaner: turn a scraped web page into the clean article text."""

from cleaner.config import Config
from cleaner.core import Cleaner, clean
from cleaner.document import Block, Document, Metadata, Removal
from cleaner.errors import (
    CleanerError,
    CleanerTimeoutError,
    ConfigError,
    ExtractionError,
    FetchError,
    InputNotFoundError,
    InputTooLargeError,
    NoContentError,
    UnreadableInputError,
)
from cleaner.result import Result

__all__ = [
    "Block",
    "Cleaner",
    "CleanerError",
    "CleanerTimeoutError",
    "Config",
    "ConfigError",
    "Document",
    "ExtractionError",
    "FetchError",
    "InputNotFoundError",
    "InputTooLargeError",
    "Metadata",
    "NoContentError",
    "Removal",
    "Result",
    "UnreadableInputError",
    "clean",
]
__version__ = "0.1.0"
